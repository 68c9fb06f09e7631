-- dialect: tsql
-- scenario: no list: a hand-written Agent job script (sp_add_job / sp_add_jobstep @job_name) runs a procedure hourly that e-mails, via sp_send_dbmail @query, the bookings of the last hour where the arrestee is foreign-born, not a citizen, or has an immigration detainer lodged
-- expect: immigration-status-alert @ Jail - hourly foreign-born bookings | usp_MailForeignBornBookings
-- forbid: federal-data-channel
CREATE TABLE dbo.InmateBookings (
    BookingID        int IDENTITY(1,1) NOT NULL CONSTRAINT PK_InmateBookings PRIMARY KEY,
    InmateID         int NOT NULL,
    BookedAt         datetime2(0) NOT NULL CONSTRAINT DF_InmateBookings_BookedAt DEFAULT (SYSDATETIME()),
    Facility         varchar(8) NULL,
    CountryOfBirth   char(3) NULL,
    CitizenshipStatus varchar(20) NULL,
    DetainerLodged   bit NOT NULL CONSTRAINT DF_InmateBookings_Detainer DEFAULT (0)
);
GO
CREATE PROCEDURE dbo.usp_MailForeignBornBookings
    @Minutes int = 60
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @q nvarchar(max) = N'SET NOCOUNT ON;
SELECT b.BookingID, b.InmateID, b.Facility, b.CountryOfBirth, b.CitizenshipStatus, b.DetainerLodged
FROM Corrections.dbo.InmateBookings AS b
WHERE b.BookedAt >= DATEADD(MINUTE, -' + CAST(@Minutes AS nvarchar(10)) + N', SYSDATETIME())
  AND (b.CountryOfBirth <> ''USA'' OR b.CitizenshipStatus IN (''NON-CITIZEN'', ''UNKNOWN'') OR b.DetainerLodged = 1);';

    IF EXISTS (SELECT 1 FROM dbo.InmateBookings AS b
               WHERE b.BookedAt >= DATEADD(MINUTE, -@Minutes, SYSDATETIME())
                 AND (b.CountryOfBirth <> 'USA' OR b.CitizenshipStatus IN ('NON-CITIZEN', 'UNKNOWN') OR b.DetainerLodged = 1))
        EXEC msdb.dbo.sp_send_dbmail
             @profile_name = N'Corrections Mail',
             @recipients = N'intake.liaison@corrections.nyc.example',
             @subject = N'Foreign-born / detainer bookings, last hour',
             @query = @q,
             @attach_query_result_as_file = 1;
END;
GO
EXEC msdb.dbo.sp_add_job @job_name = N'Jail - hourly foreign-born bookings', @enabled = 1, @owner_login_name = N'CORR\svc_sqlagent';
GO
EXEC msdb.dbo.sp_add_jobstep @job_name = N'Jail - hourly foreign-born bookings', @step_name = N'mail liaison',
     @subsystem = N'TSQL', @database_name = N'Corrections',
     @command = N'EXEC dbo.usp_MailForeignBornBookings @Minutes = 60;';
GO
EXEC msdb.dbo.sp_add_jobschedule @job_name = N'Jail - hourly foreign-born bookings', @name = N'hourly',
     @freq_type = 4, @freq_interval = 1, @freq_subday_type = 8, @freq_subday_interval = 1;
GO
EXEC msdb.dbo.sp_add_jobserver @job_name = N'Jail - hourly foreign-born bookings';
GO
