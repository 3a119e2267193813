//! The Word file for the agency's website, whose content system takes Word: A4 with the
//! margins of GB/T 9704, the official faces named (仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体 —
//! Word and WPS use them where installed), the parts as Word heading styles (so the navigation
//! pane and a table of contents see them), and the three tables as Word tables with the
//! template's merged cells. Written with docx-rs; it imports back to the same draft.

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run,
    RunFonts, Style, StyleType, Table, TableAlignmentType, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::without_controls as clean;
use crate::core::Report;
use crate::core::geometry::{BlockGrid, Content, block_grid};
use crate::core::template::TableDecl;

/// Why the Word file could not be made.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DocxError(#[source] Box<dyn std::error::Error + Send + Sync>);

impl DocxError {
    fn from_source(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        DocxError(Box::new(e))
    }
}

// Sizes in Word's units: half-points for type, twentieths of a point (twips) for lengths.
/// 3号 (16 pt), the body and the headings.
const SIZE_3: usize = 32;
/// 2号 (22 pt), the title.
const SIZE_2: usize = 44;
/// 4号 (14 pt), the page numbers.
const SIZE_4: usize = 28;
/// 5号 (10.5 pt), the tables (table 四 has fifteen number columns).
const SIZE_5: usize = 21;
/// A millimetre in twips.
const MM: f64 = 1440.0 / 25.4;
/// The text block's width: 156 mm.
const TEXT_WIDTH: usize = 8844;
/// The line pitch of the body: 22 lines in the 225 mm text block, 28.9 pt.
const LINE_PITCH: i32 = 578;

/// The faces, by the names Word and WPS know them.
const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const SONGTI: &str = "宋体";

/// Chinese text in `face`, Latin letters and digits in Times New Roman as official documents
/// set them.
fn fonts(face: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(face)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// The report as a Word document (.docx bytes).
pub fn to_docx(report: &Report) -> Result<Vec<u8>, DocxError> {
    let date = super::file_date(report);
    let stamp = format!("{:04}-{:02}-{:02}T00:00:00Z", date.0, date.1, date.2);
    let mut doc = page_setup(styles(Docx::new()))
        .created_at(&stamp)
        .updated_at(&stamp);
    doc = doc.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(report.title())),
    );
    doc = paragraphs(doc, &report.meta.lead);
    doc = body(doc, report);
    let contact = report.meta.contact.trim();
    if !contact.is_empty() && !report.meta.lead.contains(contact) {
        doc = paragraphs(doc, &format!("联系方式：{contact}"));
    }
    doc = signature(doc, report);
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(DocxError::from_source)?;
    repack(&buf.into_inner())
}

/// A4 with the margins of GB/T 9704, and the page numbers 「— 1 —」: odd pages at the right,
/// even pages at the left, one character in.
fn page_setup(doc: Docx) -> Docx {
    let page_number = |align: AlignmentType, indent: (Option<i32>, Option<i32>)| {
        Footer::new().add_paragraph(
            Paragraph::new()
                .style("Footer")
                .align(align)
                .indent(indent.0, None, indent.1, None)
                .add_run(Run::new().add_text("— "))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(" —")),
        )
    };
    doc.page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top((37.0 * MM) as i32)
                .bottom((35.0 * MM) as i32)
                .left((28.0 * MM) as i32)
                .right((26.0 * MM) as i32)
                .header((15.0 * MM) as i32)
                // The page number sits 7 mm below the text block.
                .footer((28.0 * MM) as i32),
        )
        .footer(page_number(AlignmentType::Right, (None, Some(280))))
        .even_footer(page_number(AlignmentType::Left, (Some(280), None)))
}

/// The document's faces and the styles its paragraphs use.
fn styles(doc: Docx) -> Docx {
    doc.default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .default_line_spacing(exact(LINE_PITCH))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .fonts(fonts(XIAOBIAOSONG))
                .size(SIZE_2)
                .align(AlignmentType::Center)
                .line_spacing(exact(700).after(LINE_PITCH as u32)),
        )
        .add_style(heading("Heading1", "heading 1", HEITI, 0))
        .add_style(heading("Heading2", "heading 2", KAITI, 1))
        .add_style(
            Style::new("BodyText", StyleType::Paragraph)
                .name("Body Text")
                .based_on("Normal")
                .align(AlignmentType::Both)
                .first_line_chars(200),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("表格文字")
                .based_on("Normal")
                .size(SIZE_5)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240),
                ),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("footer")
                .based_on("Normal")
                .fonts(fonts(SONGTI))
                .size(SIZE_4),
        )
}

/// The six parts: headings, text, sub-headings and tables.
fn body(mut doc: Docx, report: &Report) -> Docx {
    let t = report.template();
    for part in &t.parts {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .add_run(Run::new().add_text(part.heading)),
        );
        let text = report.part(part.number);
        doc = paragraphs(doc, &text.intro);
        for s in &text.sections {
            if !s.heading.trim().is_empty() {
                doc = doc.add_paragraph(
                    Paragraph::new()
                        .style("Heading2")
                        .add_run(Run::new().add_text(clean(s.heading.trim()))),
                );
            }
            doc = paragraphs(doc, &s.body);
        }
        if !part.is_prose
            && let Some(table) = t.table_of_part(part.number)
        {
            doc = tables(doc, report, table);
        }
    }
    doc
}

/// Signature and date at the right, the date four characters in.
fn signature(mut doc: Docx, report: &Report) -> Docx {
    let agency = report.meta.agency.trim();
    let date = report
        .meta
        .issue_date
        .map(|d| d.chinese())
        .unwrap_or_default();
    let mut first = true;
    for line in [agency, date.as_str()] {
        if line.is_empty() {
            continue;
        }
        let mut p = Paragraph::new()
            .align(AlignmentType::Right)
            .indent(None, None, Some(4 * 320), None)
            .add_run(Run::new().add_text(clean(line)));
        if first {
            p = p.line_spacing(exact(LINE_PITCH).before(2 * LINE_PITCH as u32));
            first = false;
        }
        doc = doc.add_paragraph(p);
    }
    doc
}

/// The height that marks a table's head rows in docx-rs's output, for [`repack`].
const HEAD_ROW_HEIGHT: f32 = 341.0;
const HEAD_ROW_MARK: &str = r#"<w:trHeight w:val="341" w:hRule="atLeast" />"#;

/// docx-rs stores its parts uncompressed (a 120 KB file for a 15 KB report) and cannot mark
/// a table's head rows to repeat after a page break. The package is rewritten deflated, and
/// the head rows (marked by their height) get `<w:tblHeader/>`.
fn repack(stored: &[u8]) -> Result<Vec<u8>, DocxError> {
    use std::io::{Read, Write};
    let mut zin =
        zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(DocxError::from_source)?;
    let mut out = std::io::Cursor::new(Vec::with_capacity(stored.len() / 4));
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..zin.len() {
            let mut entry = zin.by_index(i).map_err(DocxError::from_source)?;
            let name = entry.name().map_err(DocxError::from_source)?.to_string();
            if entry.is_dir() {
                zout.add_directory(name, opts)
                    .map_err(DocxError::from_source)?;
                continue;
            }
            let mut data = Vec::new();
            entry
                .read_to_end(&mut data)
                .map_err(DocxError::from_source)?;
            if name == "word/document.xml" {
                let xml = String::from_utf8(data).map_err(DocxError::from_source)?;
                let marked = format!("{HEAD_ROW_MARK}<w:tblHeader />");
                data = xml.replace(HEAD_ROW_MARK, &marked).into_bytes();
            }
            zout.start_file(name, opts)
                .map_err(DocxError::from_source)?;
            zout.write_all(&data).map_err(DocxError::from_source)?;
        }
        zout.finish().map_err(DocxError::from_source)?;
    }
    Ok(out.into_inner())
}

fn heading(id: &str, name: &str, face: &str, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("BodyText")
        .fonts(fonts(face))
        .size(SIZE_3)
        .outline_lvl(level)
        .q_format(true)
        // 「（一）」 headings are indented like the paragraphs they head.
        .first_line_chars(if level == 0 { 0 } else { 200 })
}

/// Each line of a text as a body paragraph.
fn paragraphs(mut doc: Docx, text: &str) -> Docx {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("BodyText")
                .add_run(Run::new().add_text(clean(line))),
        );
    }
    doc
}

/// A table: one Word table per block, its head rows repeated after a page break.
fn tables(mut doc: Docx, report: &Report, table: &TableDecl) -> Docx {
    let t = report.template();
    let groups = report.groups_in_force(&report.values());
    for b in 0..table.blocks.len() {
        let g = block_grid(t, table, b).as_printed(t, table, b, &groups);
        let widths = column_widths(&g, table.label_columns);
        doc = doc.add_table(word_table(report, &g, &widths, &groups));
        // Word runs two tables that touch into one: a thin paragraph keeps them apart.
        doc = doc.add_paragraph(Paragraph::new().style("TableText").line_spacing(exact(120)));
    }
    doc
}

/// Label columns share what the number columns leave; the innermost label, which carries the
/// longest texts, gets a double share.
fn column_widths(g: &BlockGrid, label_cols: usize) -> Vec<usize> {
    let values = g.width - label_cols;
    let value_width = if label_cols == 0 {
        TEXT_WIDTH / values.max(1)
    } else {
        ((TEXT_WIDTH * 11 / 20) / values.max(1)).clamp(560, 1300)
    };
    let label_total = TEXT_WIDTH.saturating_sub(value_width * values);
    let shares = label_cols + 1;
    let mut widths = Vec::with_capacity(g.width);
    for c in 0..label_cols {
        let share = if c + 1 == label_cols { 2 } else { 1 };
        widths.push(label_total * share / shares);
    }
    widths.extend(std::iter::repeat_n(value_width, values));
    widths
}

fn word_table(
    report: &Report,
    g: &BlockGrid,
    widths: &[usize],
    groups: &[&crate::core::PrintedGroup],
) -> Table {
    let owners = g.owners();
    let mut rows = Vec::with_capacity(g.rows);
    for (r, owner_row) in owners.iter().enumerate() {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < g.width {
            let Some(i) = owner_row[c] else {
                cells.push(
                    TableCell::new()
                        .width(widths[c], WidthType::Dxa)
                        .add_paragraph(Paragraph::new().style("TableText")),
                );
                c += 1;
                continue;
            };
            let p = g.cells[i];
            let width: usize = widths[p.col..p.col + p.cols].iter().sum();
            let mut cell = TableCell::new()
                .width(width, WidthType::Dxa)
                .vertical_align(VAlignType::Center);
            if p.cols > 1 {
                cell = cell.grid_span(p.cols);
            }
            if p.row != r {
                // A slot below the start of a vertical merge: Word wants a continuing cell.
                // (Its paragraph is made here: docx-rs would make one while writing, with an
                // id that repeats one already used.)
                cells.push(
                    cell.vertical_merge(VMergeType::Continue)
                        .add_paragraph(Paragraph::new().style("TableText")),
                );
                c += p.cols;
                continue;
            }
            if p.rows > 1 {
                cell = cell.vertical_merge(VMergeType::Restart);
            }
            let (text, align) = match p.content {
                Content::Title(s) | Content::Header(s) => (s, AlignmentType::Center),
                Content::Label(s) => (s, AlignmentType::Left),
                Content::Value(idx) => (
                    idx.map(|i| report.shown_text(groups, i)).unwrap_or(""),
                    AlignmentType::Right,
                ),
            };
            let mut para = Paragraph::new().style("TableText").align(align);
            if !text.is_empty() {
                para = para.add_run(Run::new().add_text(clean(text)));
            }
            if r < g.head_rows {
                para = para.keep_next(true);
            }
            cells.push(cell.add_paragraph(para));
            c += p.cols;
        }
        let mut row = TableRow::new(cells).cant_split();
        if r < g.head_rows {
            row = row.row_height(HEAD_ROW_HEIGHT);
        }
        rows.push(row);
    }
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        // Narrow side margins: a four-digit figure fits the fifteen columns of table 四.
        .margins(TableCellMargins::new().margin(0, 45, 0, 45))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::template::FormatVersion;

    #[test]
    fn the_columns_fill_the_text_block() {
        for version in [FormatVersion::Gov2021, FormatVersion::Gov2019] {
            let t = version.template();
            for table in &t.tables {
                for b in 0..table.blocks.len() {
                    let g = block_grid(t, table, b);
                    let w = column_widths(&g, table.label_columns);
                    assert_eq!(w.len(), g.width);
                    let total: usize = w.iter().sum();
                    assert!(
                        total <= TEXT_WIDTH && total + g.width >= TEXT_WIDTH,
                        "{}: {w:?}",
                        table.id
                    );
                    assert!(w.iter().all(|&x| x >= 500), "{}: {w:?}", table.id);
                }
            }
        }
    }
}
