//! `nianbao comment`: add a comment on a cell, a table or a paragraph; or resolve one.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::Report;
use crate::core::review::{self, Anchor};
use crate::core::wording::anchor_label;
use crate::store::update;

/// 添加批注，或把批注标为已解决。
#[derive(Debug, Args)]
pub struct CommentArgs {
    /// 草稿文件（.ron）。
    pub draft: PathBuf,
    /// 批注单元格（单元格编号，例如 t3.total.total）。
    #[arg(long, conflicts_with_all = ["table", "part"])]
    pub cell: Option<String>,
    /// 批注整张表：t2、t3 或 t4。
    #[arg(long, conflicts_with = "part")]
    pub table: Option<String>,
    /// 批注正文：部分编号 0–6（0 为导语），与 --paragraph 或 --quote 一起用。
    #[arg(long)]
    pub part: Option<u8>,
    /// 段落序号（从 1 起）。
    #[arg(long, default_value_t = 1, conflicts_with = "quote")]
    pub paragraph: usize,
    /// 批注该部分中的一段文字（原文照录，须在同一段内）。
    #[arg(long, requires = "part")]
    pub quote: Option<String>,
    /// 批注内容。
    #[arg(long)]
    pub text: Option<String>,
    /// 把此编号的批注标为已解决。
    #[arg(long, value_name = "编号")]
    pub resolve: Option<u32>,
    /// 操作人姓名。
    #[arg(long = "as", value_name = "姓名")]
    pub by: Option<String>,
}

impl CommentArgs {
    /// Resolves the comment named by `--resolve`, or adds one where the flags say.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        if let Some(id) = self.resolve {
            update(&self.draft, "nianbao comment", |report| {
                if review::resolve_comment(report, id, true) {
                    Ok(())
                } else {
                    Err(CliError::Refused(format!("没有编号为 {id} 的批注")))
                }
            })?;
            writeln!(out, "批注 {id} 已标为已解决")?;
            return Ok(Exit::Ok);
        }
        // The comment's number is given under the lock: two reviewers at once get two.
        let (id, label) = update(&self.draft, "nianbao comment", |report| {
            let anchor = self.anchor(report)?;
            let label = anchor_label(report, &anchor);
            let id = review::add_comment(
                report,
                anchor,
                self.by.as_deref().unwrap_or(""),
                &crate::clock::now(),
                self.text.as_deref().unwrap_or(""),
            )
            .map_err(|e| CliError::Refused(e.to_string()))?;
            Ok::<_, CliError>((id, label))
        })?;
        writeln!(out, "已添加批注 {id}：{label}")?;
        Ok(Exit::Ok)
    }

    /// What the flags point at, checked against the draft.
    fn anchor(&self, report: &Report) -> Result<Anchor, CliError> {
        let usage = |m: String| Err(CliError::Usage(m));
        if let Some(id) = &self.cell {
            if report.template().cell(id).is_none() {
                return usage(format!("没有编号为“{id}”的单元格"));
            }
            return Ok(Anchor::Cell(id.clone()));
        }
        if let Some(t) = &self.table {
            if !report.template().tables.iter().any(|d| d.id == t.as_str()) {
                return usage(format!("表格应为 t2、t3 或 t4，而不是“{t}”"));
            }
            return Ok(Anchor::Table(t.clone()));
        }
        let Some(part) = self.part else {
            return usage("请指定批注对象：--cell、--table 或 --part（加 --paragraph）".into());
        };
        if let Some(q) = &self.quote {
            return match review::quote_anchor(report, part, q) {
                Some(a) if part <= 6 => Ok(a),
                _ => usage(format!(
                    "第 {part} 部分中没有找到“{q}”（引文须在同一段内，原文照录）"
                )),
            };
        }
        let index = self.paragraph.saturating_sub(1);
        if part > 6 || index >= report.paragraphs(part).len() {
            return usage(format!("第 {part} 部分没有第 {} 段", index + 1));
        }
        Ok(review::paragraph_anchor(report, part, index))
    }
}
