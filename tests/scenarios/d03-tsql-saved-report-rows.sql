-- dialect: tsql
-- scenario: crime-analysis app keeps scheduled reports as rows (SQL text + e-mail recipients), scripted by SSMS "schema and data" (INSERT without INTO, IDENTITY_INSERT); one report mails stops from the last 30 minutes of people on a CBP lookout table to a sergeant; the others are aggregates
-- expect: federal-list-contact-alert @ Lookout subjects - new stops
-- expect: federal-watchlist @ CBP_Lookouts
USE [CrimeAnalysis]
GO
CREATE SCHEMA [rpt]
GO
CREATE SCHEMA [xref]
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[StopReports](
	[StopNo] [int] IDENTITY(1,1) NOT NULL,
	[SubjectID] [int] NULL,
	[StopAt] [datetime] NOT NULL,
	[Precinct] [smallint] NULL,
	[Frisked] [bit] NULL,
 CONSTRAINT [PK_StopReports] PRIMARY KEY CLUSTERED ([StopNo] ASC)
) ON [PRIMARY]
GO
CREATE TABLE [xref].[CBP_Lookouts](
	[SubjectID] [int] NOT NULL,
	[LookoutRef] [varchar](30) NULL,
	[ReceivedOn] [date] NULL,
 CONSTRAINT [PK_CBP_Lookouts] PRIMARY KEY CLUSTERED ([SubjectID] ASC)
) ON [PRIMARY]
GO
CREATE TABLE [rpt].[ScheduledReports](
	[ReportID] [int] IDENTITY(1,1) NOT NULL,
	[ReportTitle] [nvarchar](120) NOT NULL,
	[QueryText] [nvarchar](4000) NOT NULL,
	[RunEvery] [varchar](30) NULL,
	[MailTo] [nvarchar](400) NULL,
	[CreatedBy] [nvarchar](60) NULL,
 CONSTRAINT [PK_ScheduledReports] PRIMARY KEY CLUSTERED ([ReportID] ASC)
) ON [PRIMARY]
GO
SET IDENTITY_INSERT [rpt].[ScheduledReports] ON 
GO
INSERT [rpt].[ScheduledReports] ([ReportID], [ReportTitle], [QueryText], [RunEvery], [MailTo], [CreatedBy]) VALUES (1, N'Stops per precinct (daily)', N'SELECT Precinct, COUNT(*) AS Stops FROM dbo.StopReports WHERE CAST(StopAt AS date) = CAST(GETDATE() AS date) GROUP BY Precinct', N'daily 06:00', N'co.pct077@nypd.example', N'analyst.wu')
GO
INSERT [rpt].[ScheduledReports] ([ReportID], [ReportTitle], [QueryText], [RunEvery], [MailTo], [CreatedBy]) VALUES (2, N'Lookout subjects - new stops', N'SELECT s.StopNo, s.SubjectID, s.StopAt, s.Precinct FROM dbo.StopReports s WHERE s.SubjectID IN (SELECT l.SubjectID FROM xref.CBP_Lookouts l) AND s.StopAt > DATEADD(MINUTE, -30, GETDATE())', N'every 30 minutes', N'sgt.d.marlow@nypd.example', N'sgt.marlow')
GO
INSERT [rpt].[ScheduledReports] ([ReportID], [ReportTitle], [QueryText], [RunEvery], [MailTo], [CreatedBy]) VALUES (3, N'Frisk rate by precinct (weekly)', N'SELECT Precinct, AVG(CAST(Frisked AS float)) FROM dbo.StopReports WHERE StopAt > DATEADD(DAY, -7, GETDATE()) GROUP BY Precinct', N'weekly Mon 07:00', N'oca.stats@nypd.example', N'analyst.wu')
GO
SET IDENTITY_INSERT [rpt].[ScheduledReports] OFF
GO
