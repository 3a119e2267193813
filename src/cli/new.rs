//! `nianbao new`: a blank draft.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::{FormatVersion, Report};
use crate::store::save_locked;

/// 新建一份空白草稿，或以上年度报告为底稿（--from）。
#[derive(Debug, Args)]
pub struct NewArgs {
    /// 格式版本：gov2021 或 gov2019。
    #[arg(long, value_parser = parse_format, default_value = "gov2021", conflicts_with = "from")]
    pub format: FormatVersion,
    /// 报告年度，例如 2024。
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    pub year: Option<i32>,
    /// 以上年度报告为底稿（草稿、JSON 副本或已发布的 PDF、Word、网页、文本）：年度加一，沿用机关名称和联系方式，表三“上年结转”取上年的“结转下年度”，正文不沿用。
    #[arg(long, value_name = "上年度报告")]
    pub from: Option<PathBuf>,
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
        if let Some(from) = &self.from {
            return self.start_from(from, out);
        }
        let year = self.year.unwrap_or_default();
        let mut report = Report::new(self.format, year);
        report.meta.agency = self.agency.clone();
        save_locked(&report, &self.output, "nianbao new")?;
        writeln!(
            out,
            "已新建 {}（{}，{year}年度）",
            self.output.display(),
            self.format.document(),
        )?;
        Ok(Exit::Ok)
    }

    /// `--from`: this year's draft started from last year's report.
    fn start_from(&self, from: &std::path::Path, out: &mut dyn Write) -> Result<Exit, CliError> {
        let last = crate::import::load_report(from)
            .map_err(|e| CliError::File(format!("无法读取上年度报告：{e}")))?;
        let (mut report, said) = crate::core::carry::next_year(&last);
        if !self.agency.trim().is_empty() {
            report.meta.agency = self.agency.trim().to_string();
        }
        // Kept as given, made absolute so that it is found from wherever the draft is opened.
        let kept = std::path::absolute(from).unwrap_or_else(|_| from.to_path_buf());
        report.previous_report = Some(kept.display().to_string());
        save_locked(&report, &self.output, "nianbao new")?;
        writeln!(
            out,
            "已新建 {}（{}，{}年度），底稿为 {} 年度报告 {}",
            self.output.display(),
            report.meta.format.document(),
            report.meta.year,
            last.meta.year,
            from.display()
        )?;
        for s in said {
            writeln!(out, "  {s}")?;
        }
        Ok(Exit::Ok)
    }
}
