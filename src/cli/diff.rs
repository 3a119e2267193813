//! `nianbao diff`: what changed between two versions.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::review;
use crate::core::wording::{blank, text_part_name};
use crate::import::load_report;

/// 比较两个版本：报告信息、单元格（旧 → 新）和正文段落；相同退出码 0，不同 1。
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 旧版本（草稿、JSON 副本或已发布的报告）。
    pub old: PathBuf,
    /// 新版本（同上）。
    pub new: PathBuf,
}

impl DiffArgs {
    /// Prints every difference; [`Exit::Errors`] when there is one.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let read = |p| load_report(p).map_err(|e| CliError::File(format!("无法比较：{e}")));
        let (a, b) = (read(&self.old)?, read(&self.new)?);
        let d = review::diff(&a, &b);
        if d.is_empty() {
            writeln!(out, "两个版本内容相同。")?;
            return Ok(Exit::Ok);
        }
        writeln!(
            out,
            "--- {}\n+++ {}",
            self.old.display(),
            self.new.display()
        )?;
        if let Some((from, to)) = d.status {
            writeln!(out, "状态：{} → {}", from.chinese(), to.chinese())?;
        }
        for (name, x, y) in &d.meta {
            writeln!(out, "报告信息 {name}：{} → {}", blank(x), blank(y))?;
        }
        let t = b.template();
        for c in &d.cells {
            let label = t.cell(&c.id).map_or(c.id.as_str(), |x| x.label.as_str());
            writeln!(
                out,
                "单元格 {label}（{}）：{} → {}",
                c.id,
                blank(&c.old),
                blank(&c.new)
            )?;
        }
        for p in &d.paragraphs {
            let what = match (&p.old, &p.new) {
                (None, Some(_)) => "新增段落",
                (Some(_), None) => "删去段落",
                _ => "修改段落",
            };
            writeln!(
                out,
                "正文 {} {what}：{}",
                text_part_name(t, p.part),
                p.marked
            )?;
        }
        Ok(Exit::Errors)
    }
}
