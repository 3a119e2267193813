//! What the window waits on the user for: the one open dialog, what a question about unsaved
//! changes holds back, what a picked path is for, and what waits for the user's name. Data
//! only: `dialogs` draws and answers them, `file_actions` and `review_actions` ask them.

use std::path::PathBuf;

use crate::core::review::{Anchor, Status};
use crate::core::{Finding, FormatVersion};
use crate::export::Format;
use crate::session::recovery::Recovered;

/// The open dialog.
pub(super) enum Modal {
    /// 发现未保存的修改: a recovery copy from a run that ended without saving.
    Recovery(Box<Recovered>),
    /// 当前草稿尚未保存: what waits for the answer.
    Unsaved(Pending),
    /// A path typed by hand (the machine has no file dialog); `then` runs after a save there.
    Path {
        /// What the path is for.
        purpose: PathPurpose,
        /// What is typed so far.
        text: String,
        /// What the 尚未保存 question was waiting for, when it asked for this save.
        then: Option<Pending>,
    },
    /// 新建年度报告.
    New {
        /// The format chosen.
        format: FormatVersion,
        /// The year chosen.
        year: i32,
    },
    /// 我的姓名, and what asked for it.
    Name {
        /// What is typed so far.
        name: String,
        /// The review action waiting for the name.
        then: Option<AfterName>,
    },
    /// 汇总: the folder picked, and the name of the agency whose report the sum is, so far.
    MergeAgency(PathBuf, String),
    /// 添加批注: where, and the text so far.
    Comment(Anchor, String),
    /// 标为已核实: the warning, and the note so far.
    Verify(Finding, String),
    /// 重新打开定稿 or 退回修改 (the moves that need a reason): the status asked for, and the
    /// reason so far.
    Reopen(Status, String),
    /// 此草稿已在另一个窗口中打开: the draft, and who holds it.
    InUse {
        /// The draft asked for.
        path: PathBuf,
        /// Who holds its lock, as it wrote itself.
        holder: String,
    },
    /// 文件已被其他程序修改: the draft about to be saved over.
    ChangedOnDisk(PathBuf),
    /// 从登记台账生成表三: the register and its count, before anything changes.
    Tally(Box<super::views::TallyState>),
}

/// Something that must wait for the user to decide about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Pending {
    Open(PathBuf),
    OpenDialog,
    Import(PathBuf),
    ImportDialog,
    /// 汇总多份报告: pick the folder that holds them.
    MergeDialog,
    New(FormatVersion, i32),
    /// 以上年度报告为底稿: pick last year's report.
    NewFromDialog,
    Close,
}

/// What a file picked or typed by hand is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathPurpose {
    Open,
    Import,
    Compare,
    Previous,
    SaveAs,
    /// A file made from the report.
    Export(Format),
    /// The folder whose reports are summed (汇总).
    MergeFolder,
    /// The folder whose reports are checked at once (批量核对).
    BatchFolder,
    /// Last year's report a new draft starts from.
    NewFrom,
    /// The register of applications table 三 is counted from.
    Register,
    /// The register of 复议 and 诉讼 cases table 四 is counted from.
    CaseRegister,
    /// The overview of a batch review: a web page (`true`) or a spreadsheet.
    ExportBatch(bool),
}

impl PathPurpose {
    /// The heading of the path prompt.
    pub fn heading(self) -> &'static str {
        match self {
            PathPurpose::Open => "打开草稿",
            PathPurpose::Import => "导入已发布的报告（.pdf / .docx / .html / .txt）",
            PathPurpose::Compare => "与另一版本对比",
            PathPurpose::Previous => "选择上年度报告",
            PathPurpose::SaveAs => "另存为",
            PathPurpose::Export(Format::Json) => "导出机读副本（JSON）",
            PathPurpose::Export(Format::Pdf) => "导出 PDF",
            PathPurpose::Export(Format::ReviewPdf) => "导出审核稿 PDF（附批注和修订记录）",
            PathPurpose::Export(Format::Html) => "导出网页（HTML）",
            PathPurpose::Export(Format::Docx) => "导出 Word 文件（.docx）",
            PathPurpose::Export(Format::Xlsx) => "导出电子表格（.xlsx）",
            PathPurpose::MergeFolder => "汇总：各单位报告所在的文件夹",
            PathPurpose::BatchFolder => "批量核对：各单位报告所在的文件夹",
            PathPurpose::NewFrom => "以上年度报告为底稿：上年度报告（草稿或已发布的报告）",
            PathPurpose::Register => "从登记台账生成表三：登记台账（.xlsx、.xls、.ods 或 .csv）",
            PathPurpose::CaseRegister => {
                "从复议诉讼台账生成表四：复议诉讼台账（.xlsx、.xls、.ods 或 .csv）"
            }
            PathPurpose::ExportBatch(true) => "导出审核结果（网页）",
            PathPurpose::ExportBatch(false) => "导出审核结果（电子表格）",
        }
    }
}
/// A review action waiting for the user's name: done once the name is given, handed back to
/// its own prompt (with what was typed) if the name prompt is cancelled.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum AfterName {
    Status(Status, Option<String>),
    Verify(Finding, String),
    Comment(Anchor, String),
}
