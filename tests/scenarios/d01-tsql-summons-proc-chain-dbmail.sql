-- dialect: tsql
-- scenario: SSMS "Generate Scripts" export; a summons trigger passes each new summons to a screening procedure that looks the person up in a neutral "EnforcementPriorities" table (MS_Description: Homeland Security Investigations referrals) and calls a second procedure that sends Database Mail to a task-force officer
-- expect: federal-list-contact-alert @ trg_Summonses_PriorityScreen | usp_ScreenSummonsParty
-- expect: federal-watchlist @ EnforcementPriorities
USE [PctRecords]
GO
/****** Object:  Schema [tf]    Script Date: 2/11/2025 9:14:02 AM ******/
CREATE SCHEMA [tf]
GO
/****** Object:  Table [dbo].[People]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[People](
	[PersonID] [int] IDENTITY(1,1) NOT NULL,
	[NYSID] [varchar](10) NULL,
	[LastName] [nvarchar](60) NOT NULL,
	[FirstName] [nvarchar](60) NULL,
	[DOB] [date] NULL,
 CONSTRAINT [PK_People] PRIMARY KEY CLUSTERED 
(
	[PersonID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [dbo].[Summonses]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Summonses](
	[SummonsNo] [varchar](14) NOT NULL,
	[PersonID] [int] NOT NULL,
	[IssuedAt] [datetime2](0) NOT NULL,
	[Violation] [nvarchar](40) NULL,
	[Precinct] [smallint] NULL,
	[IssuingTaxID] [int] NULL,
 CONSTRAINT [PK_Summonses] PRIMARY KEY CLUSTERED 
(
	[SummonsNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [tf].[EnforcementPriorities]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [tf].[EnforcementPriorities](
	[PersonID] [int] NOT NULL,
	[CaseRef] [varchar](20) NULL,
	[AddedOn] [date] NULL,
	[AddedBy] [nvarchar](40) NULL,
 CONSTRAINT [PK_EnforcementPriorities] PRIMARY KEY CLUSTERED 
(
	[PersonID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Summonses] ADD  CONSTRAINT [DF_Summonses_IssuedAt]  DEFAULT (sysdatetime()) FOR [IssuedAt]
GO
ALTER TABLE [tf].[EnforcementPriorities] ADD  CONSTRAINT [DF_EnforcementPriorities_AddedOn]  DEFAULT (CONVERT([date],getdate())) FOR [AddedOn]
GO
ALTER TABLE [dbo].[Summonses]  WITH CHECK ADD  CONSTRAINT [FK_Summonses_People] FOREIGN KEY([PersonID])
REFERENCES [dbo].[People] ([PersonID])
GO
ALTER TABLE [dbo].[Summonses] CHECK CONSTRAINT [FK_Summonses_People]
GO
/****** Object:  StoredProcedure [tf].[usp_MailTaskForce]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE PROCEDURE [tf].[usp_MailTaskForce]
	@Subject nvarchar(200),
	@Body nvarchar(max)
AS
BEGIN
	SET NOCOUNT ON;
	EXEC msdb.dbo.sp_send_dbmail
		@profile_name = N'PctRecords Mail',
		@recipients = N'po.r.quintero@nypd.example',
		@subject = @Subject,
		@body = @Body;
END
GO
/****** Object:  StoredProcedure [tf].[usp_ScreenSummonsParty]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE PROCEDURE [tf].[usp_ScreenSummonsParty]
	@PersonID int,
	@SummonsNo varchar(14)
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @CaseRef varchar(20), @Msg nvarchar(max);

	SELECT @CaseRef = ep.CaseRef
	FROM tf.EnforcementPriorities AS ep
	WHERE ep.PersonID = @PersonID;

	IF @CaseRef IS NOT NULL
	BEGIN
		SET @Msg = N'Summons ' + @SummonsNo + N' issued to priority subject ' + CAST(@PersonID AS nvarchar(12))
		         + N' (case ' + @CaseRef + N')';
		EXEC tf.usp_MailTaskForce @Subject = N'Priority subject - police contact', @Body = @Msg;
	END
END
GO
/****** Object:  Trigger [dbo].[trg_Summonses_PriorityScreen]    Script Date: 2/11/2025 9:14:02 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TRIGGER [dbo].[trg_Summonses_PriorityScreen] ON [dbo].[Summonses]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @pid int, @sno varchar(14);

	SELECT TOP (1) @pid = i.PersonID, @sno = i.SummonsNo FROM inserted AS i;

	IF @pid IS NOT NULL
		EXEC tf.usp_ScreenSummonsParty @PersonID = @pid, @SummonsNo = @sno;
END
GO
ALTER TABLE [dbo].[Summonses] ENABLE TRIGGER [trg_Summonses_PriorityScreen]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Subjects referred by Homeland Security Investigations (New York field office); notify the task force on any police contact' , @level0type=N'SCHEMA',@level0name=N'tf', @level1type=N'TABLE',@level1name=N'EnforcementPriorities'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Criminal and civil summonses issued by members of the service' , @level0type=N'SCHEMA',@level0name=N'dbo', @level1type=N'TABLE',@level1name=N'Summonses'
GO
