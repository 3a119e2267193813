//! `nianbao tally`: table 三 counted from the register of applications (登记台账).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::{FormatVersion, Report};
use crate::register::{SUMMARY_COLUMNS, SUMMARY_ROWS, Tally, filled_cells, tally_file};
use crate::store::{save_locked, update};

/// 从政府信息公开申请登记台账（.xlsx/.xls/.ods/.csv）统计表三，填入草稿或生成新草稿。
#[derive(Debug, Args)]
pub struct TallyArgs {
    /// 登记台账文件。
    pub register: PathBuf,
    /// 报告年度：本年新收、上年结转、办理结果和结转下年度都按这一年的日期计算。
    #[arg(long)]
    pub year: i32,
    /// 工作表名称（默认第一个工作表）。
    #[arg(long)]
    pub sheet: Option<String>,
    /// 把表三填入这份草稿（作为一次修改保存，原文件保留为 .bak）。
    #[arg(long, value_name = "DRAFT.ron", conflicts_with = "output")]
    pub into: Option<PathBuf>,
    /// 生成新草稿。
    #[arg(short, long, value_name = "NEW.ron")]
    pub output: Option<PathBuf>,
    /// 覆盖已存在的新草稿。
    #[arg(long, requires = "output")]
    pub force: bool,
    /// 以 JSON 输出统计结果（只有计数和行号）。
    #[arg(long)]
    pub json: bool,
}

impl TallyArgs {
    /// Counts the register, prints what it found and fills the draft.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let t = tally_file(&self.register, self.year, self.sheet.as_deref())
            .map_err(|e| CliError::File(format!("无法统计 {}：{e}", self.register.display())))?;
        if self.json {
            let text = serde_json::to_string_pretty(&t)
                .map_err(|e| CliError::File(format!("无法输出 JSON：{e}")))?;
            writeln!(out, "{text}")?;
        } else {
            print(&t, out)?;
        }
        if let Some(output) = &self.output {
            refuse_overwrite(output, self.force)?;
            let mut r = Report::new(FormatVersion::Gov2021, self.year);
            for (id, v) in filled_cells(&t, &r) {
                r.set_cell(&id, v);
            }
            save_locked(&r, output, "nianbao tally")?;
            writeln!(out, "已生成 {}", output.display())?;
        }
        if let Some(into) = &self.into {
            update(into, "nianbao tally", |r| {
                for (id, v) in filled_cells(&t, r) {
                    r.set_cell(&id, v);
                }
                Ok::<(), CliError>(())
            })?;
            writeln!(out, "已填入 {}", into.display())?;
        }
        Ok(if t.complete() { Exit::Ok } else { Exit::Errors })
    }
}

fn print(t: &Tally, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}年度：用了 {} 行，其他年度的 {} 行未计入",
        t.year, t.used, t.other_years
    )?;
    let heads: Vec<&str> = SUMMARY_COLUMNS.iter().map(|(l, _)| *l).collect();
    writeln!(out, "\t{}", heads.join("\t"))?;
    for (label, row) in SUMMARY_ROWS {
        let counts: Vec<String> = SUMMARY_COLUMNS
            .iter()
            .map(|(_, col)| t.count(row, col).to_string())
            .collect();
        writeln!(out, "{label}\t{}", counts.join("\t"))?;
    }
    for l in &t.left_out {
        writeln!(out, "未使用：第 {} 行，{}", l.row, l.reason)?;
    }
    for (col, value, rows) in &t.unmapped {
        let list: Vec<String> = rows.iter().map(usize::to_string).collect();
        writeln!(
            out,
            "无法归类：{col}“{value}”（第 {} 行），请在台账中改为规定的类别",
            list.join("、")
        )?;
    }
    Ok(())
}
