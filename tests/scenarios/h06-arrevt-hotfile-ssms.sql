-- dialect: tsql
-- scenario: SSMS "Generate Scripts" output (schema and data) of a vendor RMS: an AFTER INSERT trigger on tblArrEvt joins inserted to
-- tblHotFile (column SrcAgcy DEFAULT 'HSI NY') and writes a row per hit into tblDeskInbox for the TFO desk
-- expect: federal-list-contact-alert @ trArrEvt_AI
-- expect: federal-watchlist @ tblHotFile
USE [VRMS]
GO
/****** Object:  Table [dbo].[tblArrEvt]    Script Date: 12/3/2024 10:22:41 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[tblArrEvt](
	[ArrEvtID] [int] IDENTITY(1,1) NOT NULL,
	[MNI_No] [varchar](12) NOT NULL,
	[EvtDt] [datetime] NOT NULL,
	[Pct] [smallint] NULL,
	[ChgCd] [varchar](16) NULL,
	[OfcrTax] [int] NULL,
 CONSTRAINT [PK_tblArrEvt] PRIMARY KEY CLUSTERED 
(
	[ArrEvtID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [dbo].[tblDeskInbox]    Script Date: 12/3/2024 10:22:41 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[tblDeskInbox](
	[ItemID] [int] IDENTITY(1,1) NOT NULL,
	[DeskCd] [varchar](10) NOT NULL,
	[ItemTxt] [nvarchar](400) NULL,
	[PostedDt] [datetime] NOT NULL,
	[AckBy] [varchar](20) NULL,
 CONSTRAINT [PK_tblDeskInbox] PRIMARY KEY CLUSTERED 
(
	[ItemID] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [dbo].[tblHotFile]    Script Date: 12/3/2024 10:22:41 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[tblHotFile](
	[MNI_No] [varchar](12) NOT NULL,
	[HotRef] [varchar](20) NULL,
	[SrcAgcy] [varchar](30) NOT NULL,
	[EntDt] [date] NULL,
	[EntBy] [varchar](20) NULL,
 CONSTRAINT [PK_tblHotFile] PRIMARY KEY CLUSTERED 
(
	[MNI_No] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
SET IDENTITY_INSERT [dbo].[tblArrEvt] ON 

INSERT [dbo].[tblArrEvt] ([ArrEvtID], [MNI_No], [EvtDt], [Pct], [ChgCd], [OfcrTax]) VALUES (1, N'M000410001', CAST(N'2024-11-30T21:14:00.000' AS DateTime), 44, N'PL 155.25', 951177)
SET IDENTITY_INSERT [dbo].[tblArrEvt] OFF
GO
INSERT [dbo].[tblHotFile] ([MNI_No], [HotRef], [SrcAgcy], [EntDt], [EntBy]) VALUES (N'M000410077', N'HF-24-0077', N'HSI NY', CAST(N'2024-10-15' AS Date), N'po.tfo2')
INSERT [dbo].[tblHotFile] ([MNI_No], [HotRef], [SrcAgcy], [EntDt], [EntBy]) VALUES (N'M000410078', N'HF-24-0078', N'HSI NY', CAST(N'2024-10-15' AS Date), N'po.tfo2')
GO
ALTER TABLE [dbo].[tblArrEvt] ADD  CONSTRAINT [DF_tblArrEvt_EvtDt]  DEFAULT (getdate()) FOR [EvtDt]
GO
ALTER TABLE [dbo].[tblDeskInbox] ADD  CONSTRAINT [DF_tblDeskInbox_PostedDt]  DEFAULT (getdate()) FOR [PostedDt]
GO
ALTER TABLE [dbo].[tblHotFile] ADD  CONSTRAINT [DF_tblHotFile_SrcAgcy]  DEFAULT ('HSI NY') FOR [SrcAgcy]
GO
ALTER TABLE [dbo].[tblHotFile] ADD  CONSTRAINT [DF_tblHotFile_EntDt]  DEFAULT (CONVERT([date],getdate())) FOR [EntDt]
GO
/****** Object:  Trigger [dbo].[trArrEvt_AI]    Script Date: 12/3/2024 10:22:41 AM ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TRIGGER [dbo].[trArrEvt_AI] ON [dbo].[tblArrEvt]
AFTER INSERT
AS
BEGIN
	SET NOCOUNT ON;

	INSERT INTO dbo.tblDeskInbox (DeskCd, ItemTxt)
	SELECT 'TFO', N'Arrest evt ' + CAST(i.ArrEvtID AS nvarchar(12)) + N' pct ' + ISNULL(CAST(i.Pct AS nvarchar(4)), N'?')
	            + N' - hot file ' + h.HotRef
	FROM inserted AS i
	INNER JOIN dbo.tblHotFile AS h ON h.MNI_No = i.MNI_No;
END
GO
ALTER TABLE [dbo].[tblArrEvt] ENABLE TRIGGER [trArrEvt_AI]
GO
