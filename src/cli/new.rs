//! `nianbao new`: a blank draft.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::{FormatVersion, Report};
use crate::store::save_locked;

/// 新建一份空白草稿。
#[derive(Debug, Args)]
pub struct NewArgs {
    /// 格式版本：gov2021 或 gov2019。
    #[arg(long, value_parser = parse_format, default_value = "gov2021")]
    pub format: FormatVersion,
    /// 报告年度，例如 2024。
    #[arg(long)]
    pub year: i32,
    /// 机关名称。
    #[arg(long, default_value = "")]
    pub agency: String,
    /// 输出文件；已存在时不覆盖，除非加 --force。
    #[arg(short, long)]
    pub output: PathBuf,
    /// 覆盖已存在的文件（原文件保留为 .bak）。
    #[arg(long)]
    pub force: bool,
}

fn parse_format(s: &str) -> Result<FormatVersion, String> {
    FormatVersion::from_id(s).ok_or_else(|| format!("未知的格式版本“{s}”：应为 gov2021 或 gov2019"))
}

impl NewArgs {
    /// Writes the blank draft.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        refuse_overwrite(&self.output, self.force)?;
        let mut report = Report::new(self.format, self.year);
        report.meta.agency = self.agency.clone();
        save_locked(&report, &self.output, "nianbao new")?;
        writeln!(
            out,
            "已新建 {}（{}，{}年度）",
            self.output.display(),
            self.format.document(),
            self.year
        )?;
        Ok(Exit::Ok)
    }
}
