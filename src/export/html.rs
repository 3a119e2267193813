//! The web page for the agency's site: one self-contained file (inline CSS, no scripts, no
//! external fonts), `lang="zh-CN"`, the six parts as headings and the three tables as real
//! tables — header cells with `scope`, merged cells with `rowspan`/`colspan` exactly as the
//! template declares them, numbers right-aligned — so that screen readers read them and a copy
//! into Excel keeps the grid. Printed, it is A4 with the official margins.

use std::fmt::Write;

use crate::core::Report;
use crate::core::template::{BlockDecl, TableDecl};

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
        let text = &report.parts[usize::from(part.number) - 1];
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

/// One statistics table: a `<table>` per block, its header in `<thead>`.
fn table_html(out: &mut String, report: &Report, table: &TableDecl) {
    for block in &table.blocks {
        block_html(out, report, table, block);
    }
}

fn block_html(out: &mut String, report: &Report, table: &TableDecl, block: &BlockDecl) {
    let t = report.template();
    let label_cols = table.label_columns;
    let ncols = label_cols + block.columns.len();
    out.push_str("<table>\n<thead>\n");
    if let Some(title) = block.title {
        let _ = writeln!(
            out,
            "<tr><th colspan=\"{ncols}\" scope=\"colgroup\">{}</th></tr>",
            esc(title)
        );
    }
    // The template declares its header like an HTML table: in reading order, with spans.
    for row in &block.header {
        out.push_str("<tr>");
        for h in row {
            let scope = if h.col_span > 1 { "colgroup" } else { "col" };
            out.push_str("<th");
            span_attrs(out, h.row_span, h.col_span);
            let _ = write!(out, " scope=\"{scope}\">{}</th>", esc(h.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</thead>\n<tbody>\n");
    for (r, row) in block.rows.iter().enumerate() {
        out.push_str("<tr>");
        // The row labels that start at this row: a group's label spans its rows, the row's
        // own label the rest of the label columns.
        for depth in 0..label_cols.min(row.path.len()) {
            let starts_here = r == 0
                || block.rows[r - 1].path.len() <= depth + 1
                || row.path.len() <= depth + 1
                || block.rows[r - 1].path[..=depth] != row.path[..=depth];
            if !starts_here {
                continue;
            }
            let last = depth + 1 == row.path.len();
            let mut rows = 1;
            if !last {
                while r + rows < block.rows.len()
                    && block.rows[r + rows].path.len() > depth + 1
                    && block.rows[r + rows].path[..=depth] == row.path[..=depth]
                {
                    rows += 1;
                }
            }
            let cols = if last { label_cols - depth } else { 1 };
            let scope = if rows > 1 { "rowgroup" } else { "row" };
            out.push_str("<th");
            span_attrs(out, rows, cols);
            let _ = write!(out, " scope=\"{scope}\">{}</th>", esc(row.path[depth]));
        }
        for col in &block.columns {
            let text = t
                .find(table.id, row.id, col.id)
                .map(|i| report.cell_text(&t.cells[i].id).trim())
                .unwrap_or("");
            let _ = write!(out, "<td>{}</td>", esc(text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
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
fn esc(s: &str) -> String {
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
