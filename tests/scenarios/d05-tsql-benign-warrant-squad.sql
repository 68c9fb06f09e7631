-- dialect: tsql
-- scenario: benign — SQL Server warrant system; when someone with an open local bench warrant is arrested, a procedure called from the arrest trigger mails the Warrant Squad; descriptions mention the Office of Court Administration and the Department of Correction
-- expect: person-contact-alert @ trg_Arrests_WarrantCheck | usp_WarrantHitNotice
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist
USE [WarrantSys]
GO
CREATE SCHEMA [wrnt]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Arrests](
	[ArrestID] [int] IDENTITY(1,1) NOT NULL,
	[PersonID] [int] NOT NULL,
	[ArrestedAt] [datetime2](0) NOT NULL,
	[Precinct] [smallint] NULL,
	[TopCharge] [nvarchar](60) NULL,
 CONSTRAINT [PK_Arrests] PRIMARY KEY CLUSTERED ([ArrestID] ASC)
) ON [PRIMARY]
GO
CREATE TABLE [wrnt].[OpenWarrants](
	[WarrantNo] [varchar](20) NOT NULL,
	[PersonID] [int] NOT NULL,
	[IssuingCourt] [nvarchar](60) NULL,
	[WarrantType] [varchar](12) NULL,
	[IssuedOn] [date] NULL,
 CONSTRAINT [PK_OpenWarrants] PRIMARY KEY CLUSTERED ([WarrantNo] ASC)
) ON [PRIMARY]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Open bench warrants received nightly from the Office of Court Administration (NYS Unified Court System)' , @level0type=N'SCHEMA',@level0name=N'wrnt', @level1type=N'TABLE',@level1name=N'OpenWarrants'
GO
CREATE PROCEDURE [wrnt].[usp_WarrantHitNotice]
	@ArrestID int
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @list nvarchar(max);
	SELECT @list = STRING_AGG(w.WarrantNo + N' (' + w.IssuingCourt + N')', N', ')
	FROM dbo.Arrests a
	JOIN wrnt.OpenWarrants w ON w.PersonID = a.PersonID
	WHERE a.ArrestID = @ArrestID;

	IF @list IS NOT NULL
		EXEC msdb.dbo.sp_send_dbmail
			@profile_name = N'WarrantSys',
			@recipients = N'warrant.squad@nypd.example',
			@copy_recipients = N'doc.intake.desk@doc.nyc.example',
			@subject = N'Open warrant on arrest',
			@body = @list;
END
GO
CREATE TRIGGER [dbo].[trg_Arrests_WarrantCheck] ON [dbo].[Arrests]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @id int;
	SELECT @id = MIN(ArrestID) FROM inserted;
	WHILE @id IS NOT NULL
	BEGIN
		EXEC wrnt.usp_WarrantHitNotice @ArrestID = @id;
		SELECT @id = MIN(ArrestID) FROM inserted WHERE ArrestID > @id;
	END
END
GO
ALTER TABLE [dbo].[Arrests] ENABLE TRIGGER [trg_Arrests_WarrantCheck]
GO
