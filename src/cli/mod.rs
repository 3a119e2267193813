//! The headless front end: every subcommand in its own file, each an `Args` struct with
//! `run(&self, out, err) -> Result<Exit, CliError>`. Without a subcommand the window opens.
//! Exit codes are listed once, in [`exit`].

mod arguments;
mod autosave_probe;
mod check;
mod comment;
mod diff;
pub mod exit;
mod export;
mod history;
mod import;
mod merge;
mod new;
pub mod print;
mod status;
mod tally;
mod verify;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use check::FileReport;
use exit::{CliError, Exit};
pub use print::{Printable, print_findings, printable};

/// 年报：政府信息公开工作年度报告的编写与核对工具。
#[derive(Debug, Parser)]
#[command(
    name = "nianbao",
    version,
    about = "年报：政府信息公开工作年度报告的编写、核对与导出工具",
    long_about = None
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// 要打开的草稿（.ron）；不写则打开自带的示例报告。
    pub file: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 核对一个或多个草稿或已发布的报告，按部分列出错误和提醒。
    Check(check::CheckArgs),
    /// 导出：签发用 PDF（--pdf）和机读 JSON 副本（--json）。
    Export(export::ExportArgs),
    /// 查看或更改草稿的状态：起草、待审核、退回修改、定稿。
    Status(status::StatusArgs),
    /// 把一条提醒标为“已核实”（错误不能标记，只能改正）。
    Verify(verify::VerifyArgs),
    /// 添加批注，或把批注标为已解决。
    Comment(comment::CommentArgs),
    /// 列出修订记录和批注。
    History(history::HistoryArgs),
    /// 比较两个版本：报告信息、单元格（旧 → 新）和正文段落；相同退出码 0，不同 1。
    Diff(diff::DiffArgs),
    /// 导入已发布的报告（PDF、Word 文档 .docx、保存的网页 .html，或复制出的文本 .txt），生成草稿。
    Import(import::ImportArgs),
    /// 新建一份空白草稿。
    New(new::NewArgs),
    /// 汇总多份报告：三张统计表逐格相加，生成一份新草稿。
    Merge(merge::MergeArgs),
    /// 从政府信息公开申请登记台账统计表三（.xlsx/.xls/.ods/.csv）。
    Tally(tally::TallyArgs),
    /// For the crash-recovery test (see `autosave_probe.rs`).
    #[command(name = "autosave-probe", hide = true)]
    AutosaveProbe(autosave_probe::AutosaveProbeArgs),
}

impl Command {
    /// Runs the command, writing to `out` (and errors to `err`).
    pub fn run(&self, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit, CliError> {
        match self {
            Command::Check(a) => a.run(out, err),
            Command::Export(a) => a.run(out, err),
            Command::Status(a) => a.run(out, err),
            Command::Verify(a) => a.run(out, err),
            Command::Comment(a) => a.run(out, err),
            Command::History(a) => a.run(out, err),
            Command::Diff(a) => a.run(out, err),
            Command::Import(a) => a.run(out, err),
            Command::New(a) => a.run(out, err),
            Command::Merge(a) => a.run(out, err),
            Command::Tally(a) => a.run(out, err),
            Command::AutosaveProbe(a) => a.run(out, err),
        }
    }
}

/// Runs a parsed command and reports an error on `err`; returns the exit code.
pub fn run(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command.run(out, err) {
        Ok(code) => code as u8,
        Err(e) => {
            // The reader went away (`… | head`): nobody to tell.
            if !e.is_broken_pipe() {
                let _ = writeln!(err, "{e}");
            }
            e.code()
        }
    }
}

/// Entry point for `main`: parses the process arguments and runs.
pub fn main_with_args() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return arguments::arguments_error(&e),
    };
    let mut out = Printable(std::io::stdout().lock());
    let mut err = Printable(std::io::stderr().lock());
    match &cli.command {
        Some(cmd) => ExitCode::from(run(cmd, &mut out, &mut err)),
        None => match crate::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                ExitCode::from(Exit::Unreadable as u8)
            }
        },
    }
}
