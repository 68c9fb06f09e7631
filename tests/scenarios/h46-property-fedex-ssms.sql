-- dialect: tsql
-- scenario: SSMS script of the property system: evidence shipped to the lab by Federal Express mails the property clerk with the
-- tracking number (no person involved); an Agent job mails yesterday's arrest count per precinct; no list anywhere
-- forbid: federal-list-contact-alert,federal-data-channel,immigration-status-alert,federal-watchlist,person-contact-alert
USE [PropertyMgmt]
GO
/****** Object:  Schema [prop]    Script Date: 10/2/2024 9:01:55 AM ******/
CREATE SCHEMA [prop]
GO
/****** Object:  Table [dbo].[Arrests]    Script Date: 10/2/2024 9:01:55 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Arrests](
	[ArrestNo] [varchar](12) NOT NULL,
	[PersonID] [int] NOT NULL,
	[ArrestDt] [datetime2](0) NOT NULL,
	[Pct] [smallint] NULL,
 CONSTRAINT [PK_Arrests] PRIMARY KEY CLUSTERED 
(
	[ArrestNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [prop].[EvidShip]    Script Date: 10/2/2024 9:01:55 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [prop].[EvidShip](
	[ShipID] [int] IDENTITY(1,1) NOT NULL,
	[VoucherNo] [varchar](12) NOT NULL,
	[ArrestNo] [varchar](12) NULL,
	[Carrier] [nvarchar](40) NOT NULL,
	[TrackingNo] [varchar](30) NULL,
	[ShippedDt] [datetime2](0) NOT NULL,
	[LabCd] [varchar](8) NULL,
 CONSTRAINT [PK_EvidShip] PRIMARY KEY CLUSTERED 
(
	[ShipID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
ALTER TABLE [prop].[EvidShip] ADD  CONSTRAINT [DF_EvidShip_Carrier]  DEFAULT (N'Federal Express') FOR [Carrier]
GO
ALTER TABLE [prop].[EvidShip] ADD  CONSTRAINT [DF_EvidShip_ShippedDt]  DEFAULT (sysdatetime()) FOR [ShippedDt]
GO
/****** Object:  Trigger [prop].[trEvidShip_Notify]    Script Date: 10/2/2024 9:01:55 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TRIGGER [prop].[trEvidShip_Notify] ON [prop].[EvidShip]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @msg nvarchar(max);

	SELECT @msg = STRING_AGG(CONCAT(N'Voucher ', i.VoucherNo, N' via ', i.Carrier, N' tracking ', i.TrackingNo, N' to ', i.LabCd), CHAR(10))
	FROM inserted AS i;

	IF @msg IS NOT NULL
		EXEC msdb.dbo.sp_send_dbmail
			@profile_name = N'Property Mail',
			@recipients = N'property.clerk@nypd.example',
			@subject = N'Evidence shipped',
			@body = @msg;
END
GO
ALTER TABLE [prop].[EvidShip] ENABLE TRIGGER [trEvidShip_Notify]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Carrier used to ship evidence to the lab (Federal Express unless noted)' , @level0type=N'SCHEMA',@level0name=N'prop', @level1type=N'TABLE',@level1name=N'EvidShip', @level2type=N'COLUMN',@level2name=N'Carrier'
GO
USE [msdb]
GO

/****** Object:  Job [Stats - daily arrest count]    Script Date: 10/2/2024 9:02:30 AM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=N'Report Server' AND category_class=1)
BEGIN
EXEC @ReturnCode = msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=N'Report Server'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback

END

DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'Stats - daily arrest count', 
		@enabled=1, 
		@notify_level_eventlog=0, 
		@notify_level_email=0, 
		@notify_level_netsend=0, 
		@notify_level_page=0, 
		@delete_level=0, 
		@description=N'Arrests per precinct for the previous day, to the CompStat unit.', 
		@category_name=N'Report Server', 
		@owner_login_name=N'sa', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'mail counts', 
		@step_id=1, 
		@cmdexec_success_code=0, 
		@on_success_action=1, 
		@on_success_step_id=0, 
		@on_fail_action=2, 
		@on_fail_step_id=0, 
		@retry_attempts=0, 
		@retry_interval=0, 
		@os_run_priority=0, @subsystem=N'TSQL', 
		@command=N'EXEC msdb.dbo.sp_send_dbmail
	@profile_name = N''Property Mail'',
	@recipients = N''compstat.unit@nypd.example'',
	@subject = N''Arrests per precinct (yesterday)'',
	@query = N''SET NOCOUNT ON; SELECT a.Pct, COUNT(*) AS Arrests FROM PropertyMgmt.dbo.Arrests AS a WHERE a.ArrestDt >= CAST(DATEADD(DAY, -1, GETDATE()) AS date) AND a.ArrestDt < CAST(GETDATE() AS date) GROUP BY a.Pct ORDER BY a.Pct'';', 
		@database_name=N'PropertyMgmt', 
		@flags=0
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_update_job @job_id = @jobId, @start_step_id = 1
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobschedule @job_id=@jobId, @name=N'daily 0600', 
		@enabled=1, 
		@freq_type=4, 
		@freq_interval=1, 
		@freq_subday_type=1, 
		@freq_subday_interval=0, 
		@freq_relative_interval=0, 
		@freq_recurrence_factor=0, 
		@active_start_date=20240101, 
		@active_end_date=99991231, 
		@active_start_time=60000, 
		@active_end_time=235959
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
GO
