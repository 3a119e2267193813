//! `nianbao verify`: mark a warning 已核实 with a note.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::Finding;
use crate::core::review;
use crate::store::update;

/// 把一条提醒标为“已核实”（错误不能标记，只能改正）。
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// 草稿文件（.ron）。
    pub draft: PathBuf,
    /// 提醒的规则编号，例如 C12。
    #[arg(long)]
    pub rule: String,
    /// 只标记涉及此单元格的那条提醒（单元格编号，例如 t3.new.total）。
    #[arg(long)]
    pub cell: Option<String>,
    /// 核实说明。
    #[arg(long)]
    pub note: String,
    /// 操作人姓名。
    #[arg(long = "as", value_name = "姓名")]
    pub by: String,
}

impl VerifyArgs {
    /// Marks the first matching warning not yet verified (else the first matching one).
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let message = update(&self.draft, "nianbao verify", |report| self.mark(report))?;
        writeln!(out, "已核实：{message}")?;
        Ok(Exit::Ok)
    }

    /// Marks the warning in a loaded draft; gives back its message.
    fn mark(&self, report: &mut crate::core::Report) -> Result<String, CliError> {
        let findings = crate::core::check(report);
        let matching: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.rule.id().eq_ignore_ascii_case(&self.rule))
            .filter(|f| {
                self.cell
                    .as_ref()
                    .is_none_or(|c| f.cells.iter().any(|x| x == c))
            })
            .collect();
        let Some(f) = matching
            .iter()
            .find(|f| review::verification(report, f).is_none())
            .or(matching.first())
            .map(|f| (*f).clone())
        else {
            return Err(CliError::Refused(format!(
                "没有找到规则 {} 的提醒",
                self.rule
            )));
        };
        review::verify(report, &f, &self.note, &self.by, &crate::clock::now())
            .map_err(|e| CliError::Refused(e.to_string()))?;
        Ok(f.message)
    }
}
