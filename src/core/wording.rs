//! The words shared by the window, the command line and the PDF: part names, the agency when
//! none is filled in, what a comment is about, a history line, a time, a blank cell.

use super::checks::REPORT_LEVEL;
use super::report::Report;
use super::review_model::{Anchor, Comment, HistoryEntry};
use super::template::{PartNo, Template};

/// The name of the report-level pseudo-part (metadata and the lead) in findings.
pub const REPORT_INFO: &str = "报告信息";
/// The lead paragraph before part 一.
pub const LEAD: &str = "导语";

/// The agency as printed, or 「（未填写机关名称）」 when it is blank.
pub fn agency_or_blank(report: &Report) -> &str {
    if report.meta.agency.trim().is_empty() {
        "（未填写机关名称）"
    } else {
        report.meta.agency.as_str()
    }
}

/// The heading findings are grouped under: a part's heading, or 「报告信息」 for
/// [`REPORT_LEVEL`].
pub fn part_heading(template: &Template, part: u8) -> String {
    if part == REPORT_LEVEL {
        return REPORT_INFO.to_string();
    }
    template
        .parts
        .get(usize::from(part).saturating_sub(1))
        .map_or_else(|| format!("第 {part} 部分"), |p| p.heading.to_string())
}

/// A text part by its heading: 「导语」 for 0, else the part's heading.
pub fn text_part_name(template: &Template, part: u8) -> String {
    if part == 0 {
        LEAD.to_string()
    } else {
        part_heading(template, part)
    }
}

/// A text part by its numeral only: 「导语」, 「一」…「六」.
pub fn part_short_name(part: u8) -> String {
    if part == 0 {
        return LEAD.to_string();
    }
    PartNo::new(part).map_or_else(
        || part.to_string(),
        |p| p.numeral().trim_end_matches('、').to_string(),
    )
}

/// One comment as a line: 「#3 表三（张三，2026-01-20 09:30）：请核对〔已解决〕」.
pub fn comment_line(report: &Report, c: &Comment) -> String {
    format!(
        "#{} {}（{}，{}）：{}{}",
        c.id,
        anchor_label(report, &c.anchor),
        c.author,
        short_time(&c.at),
        c.text,
        if c.resolved { "〔已解决〕" } else { "" }
    )
}

/// What a comment is about, in words: 「三、（七）总计 · 总计」, 「表三」, 「一、第 2 段“……”」.
pub fn anchor_label(report: &Report, anchor: &Anchor) -> String {
    match anchor {
        Anchor::Cell(id) => report
            .template()
            .cell(id)
            .map_or_else(|| id.clone(), |c| c.label.clone()),
        Anchor::Table(t) => match t.as_str() {
            "t2" => "表二（主动公开）".into(),
            "t3" => "表三（申请办理）".into(),
            "t4" => "表四（复议诉讼）".into(),
            other => other.to_string(),
        },
        Anchor::Paragraph {
            part,
            index,
            excerpt,
            quote,
        } => {
            let name = text_part_name(report.template(), *part);
            let Some(q) = quote else {
                return format!("{name} 第 {} 段“{excerpt}…”", index + 1);
            };
            // Where the words are now; they may have been edited away since.
            match locate_paragraph(report, anchor) {
                Some((_, i))
                    if report
                        .paragraphs(*part)
                        .get(i)
                        .is_some_and(|p| p.contains(q.as_str())) =>
                {
                    format!("{name} 第 {} 段中“{q}”", i + 1)
                }
                _ => format!("{name} 第 {} 段中“{q}”（所引文字已改动）", index + 1),
            }
        }
    }
}

/// One line of the 修订记录 in words.
pub fn describe_entry(report: &Report, e: &HistoryEntry) -> String {
    let mut s = format!(
        "{} {} {}（{}）",
        short_time(&e.at),
        e.by,
        e.event,
        e.status.chinese()
    );
    let changes = entry_changes(report, e);
    if !changes.is_empty() {
        s.push('；');
        s.push_str(&changes);
    }
    s
}

/// What an entry of the 修订记录 changed, in words: cells (the first five), parts, fields; empty
/// when it changed nothing.
pub fn entry_changes(report: &Report, e: &HistoryEntry) -> String {
    let mut s: Vec<String> = Vec::new();
    if !e.cells.is_empty() {
        let t = report.template();
        let shown: Vec<String> = e
            .cells
            .iter()
            .take(5)
            .map(|c| {
                let name = t.cell(&c.id).map_or(c.id.as_str(), |d| d.label.as_str());
                format!("{name}：{} → {}", blank(&c.old), blank(&c.new))
            })
            .collect();
        let more = if e.cells.len() > 5 { "…" } else { "" };
        s.push(format!(
            "单元格 {} 处：{}{more}",
            e.cells.len(),
            shown.join("；")
        ));
    }
    if !e.parts.is_empty() {
        let names: Vec<String> = e.parts.iter().map(|&p| part_short_name(p)).collect();
        s.push(format!("正文改动：{}", names.join("、")));
    }
    if !e.meta.is_empty() {
        s.push(format!("报告信息：{}", e.meta.join("、")));
    }
    s.join("；")
}

/// A stored RFC 3339 time as people read it, to the minute: 「2026-01-20 09:30」. Anything
/// else is shown as it is.
pub fn short_time(at: &str) -> String {
    let b = at.as_bytes();
    let looks_right = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && at.is_char_boundary(16);
    if looks_right {
        at[..16].replace('T', " ")
    } else {
        at.to_string()
    }
}

/// 「（空）」 for an unfilled cell in messages.
pub fn blank(s: &str) -> &str {
    if s.is_empty() { "（空）" } else { s }
}

/// Where a paragraph comment's paragraph is now: by its opening words, else by its index.
pub fn locate_paragraph(report: &Report, anchor: &Anchor) -> Option<(u8, usize)> {
    let Anchor::Paragraph {
        part,
        index,
        excerpt,
        quote,
    } = anchor
    else {
        return None;
    };
    let paras = report.paragraphs(*part);
    let quoted = quote.as_deref().filter(|q| !q.is_empty());
    quoted
        .and_then(|q| paras.iter().position(|p| p.contains(q)))
        .or_else(|| {
            paras
                .iter()
                .position(|p| !excerpt.is_empty() && p.starts_with(excerpt.as_str()))
        })
        .or_else(|| (*index < paras.len()).then_some(*index))
        .map(|i| (*part, i))
}
