-- dialect: tsql
-- scenario: SSMS script; two-step alert: an AFTER INSERT trigger stamps RteCd = 'T7' on contact cards whose MNI is in tf.GrpB
-- (MS_Description: referrals from ICE ERO New York); a SQL Server Agent job every 15 minutes mails recent T7 cards with
-- sp_send_dbmail @query; a second Agent job only backs up the log
-- expect: federal-list-contact-alert @ trFldCntctCard_Stamp | TFO - T7 digest | send T7 digest
-- expect: federal-watchlist @ GrpB
USE [RMS]
GO
/****** Object:  Schema [tf]    Script Date: 1/8/2025 2:05:19 PM ******/
CREATE SCHEMA [tf]
GO
/****** Object:  Table [dbo].[FldCntctCard]    Script Date: 1/8/2025 2:05:19 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[FldCntctCard](
	[CardNo] [varchar](12) NOT NULL,
	[MniNo] [varchar](12) NOT NULL,
	[CntctDt] [datetime2](0) NOT NULL,
	[Pct] [smallint] NULL,
	[LocTxt] [nvarchar](120) NULL,
	[OfcrTax] [int] NULL,
	[RteCd] [char](2) NULL,
 CONSTRAINT [PK_FldCntctCard] PRIMARY KEY CLUSTERED 
(
	[CardNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [tf].[GrpB]    Script Date: 1/8/2025 2:05:19 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [tf].[GrpB](
	[MniNo] [varchar](12) NOT NULL,
	[RefNo] [varchar](24) NULL,
	[AddDt] [date] NULL,
 CONSTRAINT [PK_GrpB] PRIMARY KEY CLUSTERED 
(
	[MniNo] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
ALTER TABLE [dbo].[FldCntctCard] ADD  CONSTRAINT [DF_FldCntctCard_CntctDt]  DEFAULT (sysdatetime()) FOR [CntctDt]
GO
/****** Object:  Trigger [dbo].[trFldCntctCard_Stamp]    Script Date: 1/8/2025 2:05:19 PM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TRIGGER [dbo].[trFldCntctCard_Stamp] ON [dbo].[FldCntctCard]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;

	UPDATE f
	   SET f.RteCd = 'T7'
	  FROM dbo.FldCntctCard AS f
	  INNER JOIN inserted AS i ON i.CardNo = f.CardNo
	 WHERE i.MniNo IN (SELECT g.MniNo FROM tf.GrpB AS g);
END
GO
ALTER TABLE [dbo].[FldCntctCard] ENABLE TRIGGER [trFldCntctCard_Stamp]
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Group B: subjects referred by ICE Enforcement and Removal Operations (New York field office)' , @level0type=N'SCHEMA',@level0name=N'tf', @level1type=N'TABLE',@level1name=N'GrpB'
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Route code set at entry; T7 = TFO digest' , @level0type=N'SCHEMA',@level0name=N'dbo', @level1type=N'TABLE',@level1name=N'FldCntctCard', @level2type=N'COLUMN',@level2name=N'RteCd'
GO
USE [msdb]
GO

/****** Object:  Job [TFO - T7 digest]    Script Date: 1/8/2025 2:06:02 PM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
/****** Object:  JobCategory [[Uncategorized (Local)]]    Script Date: 1/8/2025 2:06:02 PM ******/
IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=N'[Uncategorized (Local)]' AND category_class=1)
BEGIN
EXEC @ReturnCode = msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=N'[Uncategorized (Local)]'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback

END

DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'TFO - T7 digest', 
		@enabled=1, 
		@notify_level_eventlog=0, 
		@notify_level_email=0, 
		@notify_level_netsend=0, 
		@notify_level_page=0, 
		@delete_level=0, 
		@description=N'No description available.', 
		@category_name=N'[Uncategorized (Local)]', 
		@owner_login_name=N'NYPD\sgt.t7', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
/****** Object:  Step [send T7 digest]    Script Date: 1/8/2025 2:06:02 PM ******/
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'send T7 digest', 
		@step_id=1, 
		@cmdexec_success_code=0, 
		@on_success_action=1, 
		@on_success_step_id=0, 
		@on_fail_action=2, 
		@on_fail_step_id=0, 
		@retry_attempts=0, 
		@retry_interval=0, 
		@os_run_priority=0, @subsystem=N'TSQL', 
		@command=N'IF EXISTS (SELECT 1 FROM dbo.FldCntctCard WHERE RteCd = ''T7'' AND CntctDt >= DATEADD(MINUTE, -15, SYSDATETIME()))
EXEC msdb.dbo.sp_send_dbmail
	@profile_name = N''RMS Mail'',
	@recipients = N''sgt.t7.desk@nypd.example'',
	@subject = N''T7 contact cards'',
	@query = N''SET NOCOUNT ON; SELECT f.CardNo, f.MniNo, f.Pct, f.LocTxt, f.CntctDt FROM RMS.dbo.FldCntctCard AS f WHERE f.RteCd = ''''T7'''' AND f.CntctDt >= DATEADD(MINUTE, -15, SYSDATETIME()) ORDER BY f.CntctDt'',
	@attach_query_result_as_file = 0;', 
		@database_name=N'RMS', 
		@flags=0
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_update_job @job_id = @jobId, @start_step_id = 1
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobschedule @job_id=@jobId, @name=N'every 15 min', 
		@enabled=1, 
		@freq_type=4, 
		@freq_interval=1, 
		@freq_subday_type=4, 
		@freq_subday_interval=15, 
		@freq_relative_interval=0, 
		@freq_recurrence_factor=0, 
		@active_start_date=20241001, 
		@active_end_date=99991231, 
		@active_start_time=0, 
		@active_end_time=235959, 
		@schedule_uid=N'4f7c2a10-8d1e-4f43-9a55-0b6e2d1c9e01'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
GO

/****** Object:  Job [DBA - RMS log backup]    Script Date: 1/8/2025 2:06:02 PM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'DBA - RMS log backup', 
		@enabled=1, 
		@notify_level_eventlog=2, 
		@notify_level_email=0, 
		@delete_level=0, 
		@description=N'Transaction log backup every hour.', 
		@category_name=N'Database Maintenance', 
		@owner_login_name=N'sa', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'backup log', 
		@step_id=1, 
		@on_success_action=1, 
		@on_fail_action=2, 
		@subsystem=N'TSQL', 
		@command=N'BACKUP LOG [RMS] TO DISK = N''R:\Backup\RMS_log.trn'' WITH NOINIT, COMPRESSION;', 
		@database_name=N'master', 
		@flags=0
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_update_job @job_id = @jobId, @start_step_id = 1
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
GO
