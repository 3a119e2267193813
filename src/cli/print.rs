//! How the command line shows what it read: findings grouped by part, one-line summaries, and
//! text from files made safe for a terminal.

use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

use crate::core::review;
use crate::core::wording::{agency_or_blank, part_heading};
use crate::core::{Finding, Report, Rule, tally};

/// A terminal stream that shows control characters from files (cell text, comments, names)
/// as `\u{1b}` instead of sending them raw: a report cannot retitle the window or ring the
/// bell of the reviewer who checks it.
pub struct Printable<W: Write>(pub W);

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(printable(s).as_bytes())?,
            // Not text (a partial write): control bytes still never pass.
            Err(_) => {
                for &b in buf {
                    if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
                        write!(self.0, "\\u{{{b:x}}}")?;
                    } else {
                        self.0.write_all(&[b])?;
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Text from a file as the terminal should show it: control characters (an escape sequence
/// typed into a cell, a bell) written out as `\u{1b}`, never sent raw.
pub fn printable(s: &str) -> Cow<'_, str> {
    let shown_raw = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if s.chars().all(shown_raw) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if shown_raw(c) {
                    c.to_string()
                } else {
                    c.escape_unicode().to_string()
                }
            })
            .collect(),
    )
}

/// 「2 处错误，1 处提醒」 and its variants.
pub fn summary_text(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "没有错误，没有提醒".into(),
        (0, w) => format!("没有错误，{w} 处提醒"),
        (e, 0) => format!("{e} 处错误"),
        (e, w) => format!("{e} 处错误，{w} 处提醒"),
    }
}

/// Human-readable findings of one file, grouped by part.
pub fn print_findings(
    path: &Path,
    report: &Report,
    findings: &[Finding],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (errors, warnings) = tally(findings);
    writeln!(
        out,
        "== {}：{} {}年度报告（{}）",
        printable(&path.display().to_string()),
        printable(agency_or_blank(report)),
        report.meta.year,
        report.meta.format
    )?;
    // An import that placed fewer than half of the cells says so before any count: the
    // arithmetic of a mostly blank table is about the copy, not the report.
    if let Some(f) = findings.iter().find(|f| f.rule == Rule::I6) {
        writeln!(out, "注意：{}", f.message)?;
    }
    writeln!(out, "{}。", summary_text(errors, warnings))?;
    let template = report.template();
    let mut current = None;
    for f in findings {
        if current != Some(f.part) {
            current = Some(f.part);
            writeln!(out, "【{}】", part_heading(template, f.part))?;
        }
        writeln!(
            out,
            "  {} {}：{}",
            f.level.chinese(),
            f.rule,
            printable(&f.message)
        )?;
        if let Some(v) = review::verification(report, f) {
            writeln!(out, "      已核实：{}（{}）", v.note, v.by)?;
        }
        if let (Some(cell), Some(v)) = (&f.focus, &f.expected)
            && let Some(decl) = template.cell(cell)
        {
            writeln!(out, "      → {}（{}）应为 {v}", decl.label, decl.id)?;
        }
    }
    Ok(())
}
