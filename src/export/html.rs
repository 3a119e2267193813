//! The web page for the agency's site: one self-contained file (inline CSS, no scripts, no
//! external fonts), `lang="zh-CN"`, the six parts as headings and the three tables as real
//! tables — header cells with `scope`, merged cells with `rowspan`/`colspan` exactly as the
//! template declares them, numbers right-aligned — so that screen readers read them and a copy
//! into Excel keeps the grid. Printed, it is A4 with the official margins.

use std::fmt::Write;

use crate::core::Report;
use crate::core::geometry::{Content, block_grid};
use crate::core::template::TableDecl;

/// The style sheet: the official faces by name (where the reader's machine has them), A4 with
/// the margins of GB/T 9704 when printed.
const STYLE: &str = "\
body{font-family:\"仿宋_GB2312\",\"FangSong_GB2312\",\"仿宋\",\"FangSong\",\"STFangsong\",serif;\
font-size:16pt;line-height:1.75;max-width:46em;margin:2em auto;padding:0 1em;color:#000;background:#fff}\
h1{font-family:\"方正小标宋简体\",\"FZXiaoBiaoSong-B05S\",\"STSong\",serif;font-size:22pt;font-weight:normal;\
text-align:center;line-height:1.5;margin:0 0 1em}\
h2{font-family:\"黑体\",\"SimHei\",\"STHeiti\",sans-serif;font-size:16pt;font-weight:normal;margin:1em 0 .2em}\
h3{font-family:\"楷体_GB2312\",\"KaiTi_GB2312\",\"楷体\",\"KaiTi\",\"STKaiti\",serif;font-size:16pt;\
font-weight:normal;margin:.4em 0 0;text-indent:2em}\
p{margin:0;text-indent:2em;text-align:justify}\
table{border-collapse:collapse;margin:.6em 0 1em;font-size:10.5pt;line-height:1.4;width:100%}\
th,td{border:1px solid #000;padding:.25em .4em;vertical-align:middle}\
th{font-weight:normal;text-align:center}\
th[scope=row],th[scope=rowgroup]{text-align:left}\
td{text-align:right;font-variant-numeric:tabular-nums;min-width:2.5em}\
.sign{text-align:right;text-indent:0;margin-top:2em}\
@page{size:A4;margin:37mm 26mm 35mm 28mm}\
@media print{body{max-width:none;margin:0;padding:0}table{page-break-inside:auto}tr{page-break-inside:avoid}\
thead{display:table-header-group}}";

/// The report as a web page.
pub fn to_html(report: &Report) -> String {
    let t = report.template();
    let title = report.title();
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", esc(&title));
    let _ = writeln!(out, "<meta name=\"generator\" content=\"nianbao\">");
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    paragraphs(&mut out, &report.meta.lead);
    for part in &t.parts {
        let _ = writeln!(out, "<h2>{}</h2>", esc(part.heading));
        let text = report.part(part.number);
        paragraphs(&mut out, &text.intro);
        for s in &text.sections {
            if !s.heading.trim().is_empty() {
                let _ = writeln!(out, "<h3>{}</h3>", esc(s.heading.trim()));
            }
            paragraphs(&mut out, &s.body);
        }
        if !part.is_prose
            && let Some(table) = t.table_of_part(part.number)
        {
            table_html(&mut out, report, table);
        }
    }
    let contact = report.meta.contact.trim();
    if !contact.is_empty() && !report.meta.lead.contains(contact) {
        paragraphs(&mut out, &format!("联系方式：{contact}"));
    }
    let date = report
        .meta
        .issue_date
        .map(|d| d.chinese())
        .unwrap_or_default();
    let agency = report.meta.agency.trim();
    if !agency.is_empty() || !date.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"sign\">{}<br>{}</p>",
            esc(agency),
            esc(&date)
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Each line of a text as a paragraph.
fn paragraphs(out: &mut String, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", esc(line));
    }
}

/// One statistics table: a `<table>` per block, its head in `<thead>`.
fn table_html(out: &mut String, report: &Report, table: &TableDecl) {
    let t = report.template();
    let groups = report.groups_in_force(&report.values());
    for b in 0..table.blocks.len() {
        let g = block_grid(t, table, b).as_printed(t, table, b, &groups);
        out.push_str("<table>\n<thead>\n");
        for row in 0..g.rows {
            if row == g.head_rows {
                out.push_str("</thead>\n<tbody>\n");
            }
            out.push_str("<tr>");
            for p in g.row(row) {
                let (tag, scope, text) = match p.content {
                    Content::Title(s) => ("th", Some("colgroup"), s),
                    Content::Header(s) if p.cols > 1 => ("th", Some("colgroup"), s),
                    Content::Header(s) => ("th", Some("col"), s),
                    Content::Label(s) if p.rows > 1 => ("th", Some("rowgroup"), s),
                    Content::Label(s) => ("th", Some("row"), s),
                    Content::Value(idx) => (
                        "td",
                        None,
                        idx.map(|i| report.shown_text(&groups, i)).unwrap_or(""),
                    ),
                };
                let _ = write!(out, "<{tag}");
                span_attrs(out, p.rows, p.cols);
                if let Some(scope) = scope {
                    let _ = write!(out, " scope=\"{scope}\"");
                }
                let _ = write!(out, ">{}</{tag}>", esc(text));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
}

fn span_attrs(out: &mut String, rows: usize, cols: usize) {
    if rows > 1 {
        let _ = write!(out, " rowspan=\"{rows}\"");
    }
    if cols > 1 {
        let _ = write!(out, " colspan=\"{cols}\"");
    }
}

/// Text as HTML text or attribute value.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters have no place in a page.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
