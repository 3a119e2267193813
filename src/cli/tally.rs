//! `nianbao tally`: table 三 counted from the register of applications (登记台账).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit, refuse_overwrite};
use crate::core::{FormatVersion, Report};
use crate::register::{Mapping, Tally, carried_differences, fill, record, tally_file_with};
use crate::store::{save_locked, update};

/// 从政府信息公开申请登记台账（.xlsx/.xls/.ods/.csv）统计表三（复议诉讼台账统计表四），填入草稿或生成新草稿。
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
    /// 映射文件（窗口中确认的列和类别，或手写的 RON 文件）：先按它归类，再按内置规则。
    #[arg(long, value_name = "MAPPING.ron")]
    pub mapping: Option<PathBuf>,
    /// 以 JSON 输出统计结果（只有计数和行号）。
    #[arg(long)]
    pub json: bool,
}

impl TallyArgs {
    /// Counts the register, prints what it found and fills the draft.
    pub fn run(&self, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit, CliError> {
        let mapping = match &self.mapping {
            Some(p) => Mapping::load(p).map_err(|e| CliError::File(e.to_string()))?,
            None => Mapping::default(),
        };
        let t = tally_file_with(&self.register, self.year, self.sheet.as_deref(), &mapping)
            .map_err(|e| CliError::File(format!("无法统计 {}：{e}", self.register.display())))?;
        let count = record(&t, &self.register)
            .map_err(|e| CliError::File(format!("无法读取 {}：{e}", self.register.display())))?;
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
            fill(&mut r, &t, count.clone());
            save_locked(&r, output, "nianbao tally")?;
            writeln!(out, "已生成 {}", output.display())?;
        }
        let mut differs = false;
        if let Some(into) = &self.into {
            let mut last = None;
            update(into, "nianbao tally", |r| {
                fill(r, &t, count.clone());
                last = r.previous_report.clone();
                Ok::<(), CliError>(())
            })?;
            writeln!(out, "已填入 {}", into.display())?;
            // Last year's 结转下年度 is this year's 上年结转: a difference means the register or
            // last year's report is wrong.
            if let Some(p) = last {
                match crate::import::load_report(std::path::Path::new(&p)) {
                    Ok(last) => {
                        for d in carried_differences(&t, &last) {
                            differs = true;
                            writeln!(out, "注意：{d}")?;
                        }
                    }
                    Err(e) => writeln!(err, "注意：无法读取草稿记下的上年度报告：{e}")?,
                }
            }
        }
        Ok(if t.complete() && !differs {
            Exit::Ok
        } else {
            Exit::Errors
        })
    }
}

fn print(t: &Tally, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}，{}年度：用了 {} 行，其他年度的 {} 行未计入",
        t.table_name(),
        t.year,
        t.used,
        t.other_years
    )?;
    let summary = t.summary();
    writeln!(out, "\t{}", summary.heads.join("\t"))?;
    for (label, counts) in &summary.rows {
        let counts: Vec<String> = counts.iter().map(i64::to_string).collect();
        writeln!(out, "{label}\t{}", counts.join("\t"))?;
    }
    for role in &t.columns.unsure {
        let col = t.columns.found.get(role).copied().unwrap_or(0);
        let head = t.columns.headers.get(col).map(String::as_str).unwrap_or("");
        writeln!(
            out,
            "请确认：“{role}”取自第 {} 列“{head}”（表头不够明确，可在映射文件中指定）",
            col + 1
        )?;
    }
    writeln!(out, "归类：")?;
    for v in &t.values {
        let to = match &v.to {
            Some(id) => crate::register::value_label(&v.role, id),
            None => "无法归类".to_string(),
        };
        let how = v
            .how
            .map(|h| format!("，{}", h.chinese()))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}“{}” → {to}（{} 行{how}）",
            v.role,
            v.value,
            v.rows.len()
        )?;
    }
    for l in &t.left_out {
        writeln!(out, "未使用：第 {} 行，{}", l.row, l.reason)?;
    }
    for (col, value, rows) in &t.unmapped {
        let list: Vec<String> = rows.iter().map(usize::to_string).collect();
        writeln!(
            out,
            "无法归类：{col}“{value}”（第 {} 行），请在台账中改为规定的类别，或用 --mapping 指定",
            list.join("、")
        )?;
    }
    Ok(())
}
