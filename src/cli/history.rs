//! `nianbao history`: the status, the 修订记录 and the comments of a draft.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::wording::{comment_line, describe_entry};
use crate::import::load_report;

/// 列出修订记录和批注。
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// 草稿文件（.ron 或 .json）。
    pub draft: PathBuf,
}

impl HistoryArgs {
    /// Prints the status, every history entry and every comment.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let report = load_report(&self.draft)?;
        writeln!(out, "状态：{}", report.review.status.chinese())?;
        writeln!(out, "修订记录：")?;
        if report.review.history.is_empty() {
            writeln!(out, "  （无）")?;
        }
        for e in &report.review.history {
            writeln!(out, "  {}", describe_entry(&report, e))?;
        }
        writeln!(out, "批注：")?;
        if report.review.comments.is_empty() {
            writeln!(out, "  （无）")?;
        }
        for c in &report.review.comments {
            writeln!(out, "  {}", comment_line(&report, c))?;
        }
        Ok(Exit::Ok)
    }
}
