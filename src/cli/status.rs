//! `nianbao status`: show or change where a draft is in its review.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::review::{self, Status};
use crate::store::{load, update};

/// 查看或更改草稿的状态：起草、待审核、退回修改、定稿。
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// 草稿文件（.ron）。
    pub draft: PathBuf,
    /// 改为此状态（起草/待审核/退回修改/定稿）。不写则只显示当前状态。
    #[arg(long, value_name = "状态", value_parser = parse_status)]
    pub set: Option<Status>,
    /// 理由（退回修改、重新打开定稿时必填，记入修订记录）。
    #[arg(long)]
    pub reason: Option<String>,
    /// 操作人姓名。
    #[arg(long = "as", value_name = "姓名")]
    pub by: Option<String>,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| "应为 起草、待审核、退回修改 或 定稿".to_string())
}

impl StatusArgs {
    /// Prints the status, or changes it and saves the draft.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let Some(to) = self.set else {
            let report = load(&self.draft)?;
            writeln!(out, "状态：{}", report.review.status.chinese())?;
            return Ok(Exit::Ok);
        };
        let by = self.by.as_deref().unwrap_or("");
        update(&self.draft, "nianbao status", |report| {
            review::set_status(report, to, by, &crate::clock::now(), self.reason.as_deref())
                .map_err(|e| CliError::Refused(e.to_string()))
        })?;
        writeln!(out, "状态：{}", to.chinese())?;
        Ok(Exit::Ok)
    }
}
