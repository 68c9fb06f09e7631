-- dialect: tsql
-- scenario: SSMS script; no list: an AFTER INSERT trigger on Intake.Bkg passes each booking whose CtznCd / PobCtry / ANbr
-- suggest a non-citizen to a procedure that sends Database Mail to the jail liaison sergeant
-- expect: immigration-status-alert @ trBkg_CtznScreen | uspBkgCtznNotice
-- forbid: federal-watchlist,federal-data-channel
USE [JailMgmt]
GO
/****** Object:  Schema [Intake]    Script Date: 11/19/2024 4:48:07 PM ******/
CREATE SCHEMA [Intake]
GO
/****** Object:  Table [Intake].[Bkg]    Script Date: 11/19/2024 4:48:07 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [Intake].[Bkg](
	[BkgNo] [varchar](12) NOT NULL,
	[PKey] [int] NOT NULL,
	[BkgDt] [datetime2](0) NOT NULL,
	[FacCd] [char](4) NULL,
	[CtznCd] [char](3) NULL,
	[PobCtry] [char](3) NULL,
	[ANbr] [varchar](11) NULL,
	[LangCd] [char](3) NULL,
 CONSTRAINT [PK_Bkg] PRIMARY KEY CLUSTERED 
(
	[BkgNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
ALTER TABLE [Intake].[Bkg] ADD  CONSTRAINT [DF_Bkg_BkgDt]  DEFAULT (sysdatetime()) FOR [BkgDt]
GO
/****** Object:  StoredProcedure [Intake].[uspBkgCtznNotice]    Script Date: 11/19/2024 4:48:07 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE PROCEDURE [Intake].[uspBkgCtznNotice]
	@BkgNo varchar(12)
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @ctzn char(3), @pob char(3), @anbr varchar(11), @fac char(4), @body nvarchar(1000);

	SELECT @ctzn = b.CtznCd, @pob = b.PobCtry, @anbr = b.ANbr, @fac = b.FacCd
	FROM Intake.Bkg AS b
	WHERE b.BkgNo = @BkgNo;

	IF @anbr IS NOT NULL OR ISNULL(@ctzn, 'UNK') NOT IN ('USA', 'UNK') OR ISNULL(@pob, 'USA') NOT IN ('USA', 'PRI')
	BEGIN
		SET @body = N'Booking ' + @BkgNo + N' at ' + ISNULL(@fac, N'?') + N': ctzn ' + ISNULL(@ctzn, N'?')
		          + N', pob ' + ISNULL(@pob, N'?') + N', A# ' + ISNULL(@anbr, N'-');
		EXEC msdb.dbo.sp_send_dbmail
			@profile_name = N'Jail Mail',
			@recipients = N'sgt.jail.liaison@doc.example',
			@subject = N'Intake screening',
			@body = @body;
	END
END
GO
/****** Object:  Trigger [Intake].[trBkg_CtznScreen]    Script Date: 11/19/2024 4:48:07 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TRIGGER [Intake].[trBkg_CtznScreen] ON [Intake].[Bkg]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @b varchar(12);

	DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT BkgNo FROM inserted;
	OPEN c;
	FETCH NEXT FROM c INTO @b;
	WHILE @@FETCH_STATUS = 0
	BEGIN
		EXEC Intake.uspBkgCtznNotice @BkgNo = @b;
		FETCH NEXT FROM c INTO @b;
	END
	CLOSE c;
	DEALLOCATE c;
END
GO
ALTER TABLE [Intake].[Bkg] ENABLE TRIGGER [trBkg_CtznScreen]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Alien registration number (A-number) if stated at intake' , @level0type=N'SCHEMA',@level0name=N'Intake', @level1type=N'TABLE',@level1name=N'Bkg', @level2type=N'COLUMN',@level2name=N'ANbr'
GO
