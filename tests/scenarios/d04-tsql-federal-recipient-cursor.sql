-- dialect: tsql
-- scenario: hand-written T-SQL deployment script; the list is a local precinct gang roster with no federal tie, but the arrest trigger walks the inserted rows with a cursor and mails each hit to a recipient list held in a variable that includes an hsi.dhs.gov address
-- expect: federal-list-contact-alert @ trgArrestReport_RosterHit
-- expect: federal-data-channel @ trgArrestReport_RosterHit
SET NOCOUNT ON;
GO
IF SCHEMA_ID(N'gang') IS NULL EXEC (N'CREATE SCHEMA gang');
GO
CREATE TABLE dbo.ArrestReports (
    ArrestReportID  int IDENTITY(1,1) NOT NULL CONSTRAINT PK_ArrestReports PRIMARY KEY,
    ArrestNumber    varchar(12) NOT NULL,
    ArresteeID      int NOT NULL,
    ArrestDateTime  datetime2(0) NOT NULL CONSTRAINT DF_ArrestReports_At DEFAULT (SYSDATETIME()),
    TopCharge       nvarchar(60) NULL,
    Command         smallint NULL
);
GO
CREATE TABLE gang.CrewRoster (
    ArresteeID  int NOT NULL CONSTRAINT PK_CrewRoster PRIMARY KEY,
    Crew        nvarchar(40) NULL,
    Confirmed   bit NOT NULL CONSTRAINT DF_CrewRoster_Confirmed DEFAULT (0),
    EnteredBy   nvarchar(40) NULL
);
GO
EXEC sp_addextendedproperty @name = N'MS_Description', @value = N'Precinct gang crew roster maintained by the 44 Pct Field Intelligence Officer',
     @level0type = N'SCHEMA', @level0name = N'gang', @level1type = N'TABLE', @level1name = N'CrewRoster';
GO
CREATE TRIGGER gang.trgArrestReport_RosterHit ON dbo.ArrestReports
AFTER INSERT
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @to nvarchar(400) = N'fio.pct044@nypd.example;ny.gang.tfo@hsi.dhs.gov';
    DECLARE @arrestee int, @arrestNo varchar(12), @crew nvarchar(40), @body nvarchar(max);

    DECLARE hits CURSOR LOCAL FAST_FORWARD FOR
        SELECT i.ArresteeID, i.ArrestNumber, r.Crew
        FROM inserted AS i
        INNER JOIN gang.CrewRoster AS r ON r.ArresteeID = i.ArresteeID;

    OPEN hits;
    FETCH NEXT FROM hits INTO @arrestee, @arrestNo, @crew;
    WHILE @@FETCH_STATUS = 0
    BEGIN
        SET @body = CONCAT(N'Arrest ', @arrestNo, N' - rostered subject ', @arrestee, N' (', @crew, N')');
        EXEC msdb.dbo.sp_send_dbmail
             @profile_name = N'RMS Notifications',
             @recipients   = @to,
             @subject      = N'Roster hit on arrest',
             @body         = @body;
        FETCH NEXT FROM hits INTO @arrestee, @arrestNo, @crew;
    END
    CLOSE hits;
    DEALLOCATE hits;
END;
GO
INSERT INTO gang.CrewRoster (ArresteeID, Crew, Confirmed, EnteredBy) VALUES (40001, N'Crew A', 1, N'po.fio44'), (40002, N'Crew B', 0, N'po.fio44');
GO
