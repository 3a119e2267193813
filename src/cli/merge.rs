//! `nianbao merge`: the 汇总 of many reports — their tables summed cell by cell into a new
//! draft, the reports that went in listed in it.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::merge::{MergeError, merge};
use crate::import::load_report;
use crate::store::save_locked;

/// 汇总多份报告：三张统计表逐格相加，生成一份新草稿（只汇总同一格式版本、同一年度的报告）。
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// 各单位的草稿（.ron）、机读副本（.json）或已发布的报告（.pdf/.docx/.html/.txt）。
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// 输出的汇总草稿（.ron）；已存在时不覆盖，除非加 --force。
    #[arg(short, long, value_name = "汇总.ron")]
    pub output: PathBuf,
    /// 汇总报告的机关名称，例如“某某区人民政府”。
    #[arg(long, value_name = "机关名称")]
    pub agency: String,
    /// 有错误的报告也照样汇总（其中不是数字的单元格不计入）。
    #[arg(long)]
    pub allow_errors: bool,
    /// 同时写出电子表格（.xlsx）：汇总后的三张表、各单位逐格明细（每个机关每个单元格一行）和用公式算出的合计。
    #[arg(long, value_name = "汇总.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// 覆盖已存在的文件（原文件保留为 .bak）。
    #[arg(long)]
    pub force: bool,
    /// 同一机关同一年度的报告有不止一份时也照样汇总（默认拒绝并列出）。
    #[arg(long)]
    pub allow_duplicates: bool,
}

/// The files given more than once (however the path is written), each group as given.
fn same_files(paths: &[PathBuf]) -> Vec<Vec<String>> {
    let mut groups: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for p in paths {
        let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(p.display().to_string()),
            None => groups.push((key, vec![p.display().to_string()])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(_, names)| names)
        .collect()
}

impl MergeArgs {
    /// Sums the reports and saves the result; lists what went in.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        refuse_overwrite(&self.output, self.force)?;
        if let Some(sheet) = &self.xlsx {
            refuse_overwrite(sheet, self.force)?;
        }
        if self.agency.trim().is_empty() {
            return Err(CliError::Usage(
                "请用 --agency 写明汇总报告的机关名称".into(),
            ));
        }
        let twice = same_files(&self.reports);
        if !twice.is_empty() {
            let list: Vec<String> = twice.iter().map(|g| g.join(" 与 ")).collect();
            return Err(CliError::Usage(format!(
                "同一个文件给了不止一次：{}；每份报告只能汇总一次",
                list.join("；")
            )));
        }
        let mut inputs = Vec::with_capacity(self.reports.len());
        // On every core: a region's thousand drafts are read in well under a second.
        let read_all = crate::batch::parallel::par_map(&self.reports, |p| load_report(p));
        for (path, report) in self.reports.iter().zip(read_all) {
            let report = report.map_err(|e| CliError::File(format!("无法汇总：{e}")))?;
            inputs.push((path.display().to_string(), report));
        }
        let duplicates = crate::core::merge::same_reports(&inputs);
        if !duplicates.is_empty() {
            let list: Vec<String> = duplicates
                .iter()
                .map(|(a, y, files)| format!("{a} {y}年度：{}", files.join("、")))
                .collect();
            if !self.allow_duplicates {
                return Err(CliError::Refused(format!(
                    "同一机关同一年度的报告有不止一份，未汇总：{}（确需汇总请加 --allow-duplicates）",
                    list.join("；")
                )));
            }
            writeln!(
                out,
                "注意：同一机关同一年度的报告有不止一份：{}",
                list.join("；")
            )?;
        }
        let merged = merge(&inputs, &self.agency, self.allow_errors).map_err(|e| match e {
            MergeError::HasErrors(_) => {
                CliError::Refused(format!("{e}（或用 --allow-errors 照样汇总）"))
            }
            e => CliError::Refused(e.to_string()),
        })?;
        save_locked(&merged, &self.output, "nianbao merge")?;
        writeln!(
            out,
            "已汇总 {} 份报告 → {}：{} {}年度（{}）",
            inputs.len(),
            self.output.display(),
            merged.meta.agency,
            merged.meta.year,
            merged.meta.format
        )?;
        for s in &merged.sources {
            let errors = if s.errors > 0 {
                format!("（{} 处错误，照样汇总）", s.errors)
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {} {}{errors}",
                super::printable(&s.agency),
                super::printable(&s.file)
            )?;
        }
        if let Some(target) = &self.xlsx {
            let bytes = crate::export::xlsx::merge_to_xlsx(&merged, &inputs)
                .map_err(|e| CliError::File(e.to_string()))?;
            // An existing workbook replaced with --force stays as its .bak.
            let backup = if self.force {
                crate::store::Backup::Keep
            } else {
                crate::store::Backup::None
            };
            crate::store::write_atomic(target, &bytes, backup)?;
            writeln!(
                out,
                "已写出电子表格 {}（含各单位明细和合计）",
                target.display()
            )?;
        }
        Ok(Exit::Ok)
    }
}
