-- dialect: tsql
-- scenario: SSMS-scripted SQL Server Agent job (steps added with @job_id = @jobId, command text with doubled quotes) polls bookings from the last 10 minutes against an HSI case-referral table and queues a notification for a detective; a second job only reorganises indexes
-- expect: federal-list-contact-alert @ Intel - booking referral sweep | match new bookings
-- expect: federal-watchlist @ HSI_CaseReferrals
-- forbid: person-contact-alert
USE [CentralBooking]
GO
CREATE SCHEMA [intel]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Bookings](
	[BookingNo] [varchar](12) NOT NULL,
	[NYSID] [varchar](10) NOT NULL,
	[BookedAt] [datetime2](0) NOT NULL,
	[Facility] [nvarchar](30) NULL,
	[ArrestNo] [varchar](12) NULL,
 CONSTRAINT [PK_Bookings] PRIMARY KEY CLUSTERED ([BookingNo] ASC) ON [PRIMARY]
) ON [PRIMARY]
GO
CREATE TABLE [intel].[HSI_CaseReferrals](
	[NYSID] [varchar](10) NOT NULL,
	[HsiCaseNo] [varchar](24) NULL,
	[ReferredOn] [date] NULL,
 CONSTRAINT [PK_HSI_CaseReferrals] PRIMARY KEY CLUSTERED ([NYSID] ASC) ON [PRIMARY]
) ON [PRIMARY]
GO
CREATE TABLE [dbo].[NotificationQueue](
	[NotificationID] [bigint] IDENTITY(1,1) NOT NULL,
	[Recipient] [nvarchar](128) NOT NULL,
	[Subject] [nvarchar](200) NULL,
	[Body] [nvarchar](max) NULL,
	[RefKey] [varchar](24) NULL,
	[QueuedAt] [datetime2](0) NOT NULL,
	[SentAt] [datetime2](0) NULL,
 CONSTRAINT [PK_NotificationQueue] PRIMARY KEY CLUSTERED ([NotificationID] ASC) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
ALTER TABLE [dbo].[NotificationQueue] ADD  CONSTRAINT [DF_NotificationQueue_QueuedAt]  DEFAULT (sysdatetime()) FOR [QueuedAt]
GO
USE [msdb]
GO

/****** Object:  Job [Intel - booking referral sweep]    Script Date: 1/27/2025 4:41:17 PM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
/****** Object:  JobCategory [[Uncategorized (Local)]]    Script Date: 1/27/2025 4:41:17 PM ******/
IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=N'[Uncategorized (Local)]' AND category_class=1)
BEGIN
EXEC @ReturnCode = msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=N'[Uncategorized (Local)]'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback

END

DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'Intel - booking referral sweep', 
		@enabled=1, 
		@notify_level_eventlog=0, 
		@notify_level_email=0, 
		@notify_level_netsend=0, 
		@notify_level_page=0, 
		@delete_level=0, 
		@description=N'No description available.', 
		@category_name=N'[Uncategorized (Local)]', 
		@owner_login_name=N'NYPD\det.okafor', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
/****** Object:  Step [match new bookings]    Script Date: 1/27/2025 4:41:17 PM ******/
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'match new bookings', 
		@step_id=1, 
		@cmdexec_success_code=0, 
		@on_success_action=1, 
		@on_success_step_id=0, 
		@on_fail_action=2, 
		@on_fail_step_id=0, 
		@retry_attempts=0, 
		@retry_interval=0, 
		@os_run_priority=0, @subsystem=N'TSQL', 
		@command=N'INSERT INTO dbo.NotificationQueue (Recipient, Subject, Body, RefKey)
SELECT N''det.okafor@nypd.example'',
       N''Booking: referral subject'',
       CONCAT(N''Booking '', b.BookingNo, N'' at '', b.Facility, N'' / case '', r.HsiCaseNo),
       b.BookingNo
FROM dbo.Bookings AS b
JOIN intel.HSI_CaseReferrals AS r ON r.NYSID = b.NYSID
WHERE b.BookedAt >= DATEADD(MINUTE, -10, SYSDATETIME())
  AND NOT EXISTS (SELECT 1 FROM dbo.NotificationQueue AS q WHERE q.RefKey = b.BookingNo);', 
		@database_name=N'CentralBooking', 
		@flags=0
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_update_job @job_id = @jobId, @start_step_id = 1
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobschedule @job_id=@jobId, @name=N'every 10 min', 
		@enabled=1, 
		@freq_type=4, 
		@freq_interval=1, 
		@freq_subday_type=4, 
		@freq_subday_interval=10, 
		@freq_relative_interval=0, 
		@freq_recurrence_factor=0, 
		@active_start_date=20240901, 
		@active_end_date=99991231, 
		@active_start_time=0, 
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

/****** Object:  Job [DBA - reorganize booking indexes]    Script Date: 1/27/2025 4:41:17 PM ******/
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'DBA - reorganize booking indexes', 
		@enabled=1, 
		@category_name=N'Database Maintenance', 
		@owner_login_name=N'sa', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'reorganize', 
		@step_id=1, 
		@on_success_action=1, 
		@on_fail_action=2, 
		@subsystem=N'TSQL', 
		@command=N'ALTER INDEX ALL ON dbo.Bookings REORGANIZE;
UPDATE STATISTICS dbo.Bookings WITH FULLSCAN;', 
		@database_name=N'CentralBooking', 
		@flags=0
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
GO
