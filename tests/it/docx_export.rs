//! The Word file (issue 18): A4 with the official margins and faces by name, the parts as
//! Word heading styles, the tables as Word tables with the template's merged cells; it imports
//! back to the draft it was made from, and LibreOffice converts it.

use std::io::Read;

use crate::common;

use nianbao::core::geometry::block_grid;
use nianbao::export::docx::to_docx;
use nianbao::import::import_docx;

/// A part of the package, as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
    let mut entry = zip.by_name(name).expect("part");
    let mut s = String::new();
    entry.read_to_string(&mut s).expect("utf-8");
    s
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn attr<'a>(n: roxmltree::Node<'a, '_>, child: &str) -> Option<&'a str> {
    n.children()
        .find(|c| c.has_tag_name((W, child)))
        .and_then(|c| c.attribute((W, "val")))
}

#[test]
fn the_samples_and_the_seeds_come_back_from_their_word_files() {
    for (name, path) in common::samples_and_seeds() {
        let source = common::fixture(&path);
        let got = import_docx(&to_docx(&source).expect("docx")).expect("imports");
        common::assert_same(&source, &got, name);
    }
}

#[test]
fn the_word_file_names_the_official_faces_and_heading_styles() {
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let docx = to_docx(&report).expect("docx");
    let styles = part(&docx, "word/styles.xml");
    let sdoc = roxmltree::Document::parse(&styles).expect("styles.xml");
    let style = |id: &str| {
        sdoc.descendants()
            .find(|n| n.has_tag_name((W, "style")) && n.attribute((W, "styleId")) == Some(id))
            .unwrap_or_else(|| panic!("style {id}"))
    };
    // Word knows its heading styles by these names; the outline level puts them in the
    // navigation pane.
    for (id, name, level, face) in [
        ("Heading1", "heading 1", "0", "黑体"),
        ("Heading2", "heading 2", "1", "楷体_GB2312"),
    ] {
        let s = style(id);
        let text = format!("{:?}", s.descendants().collect::<Vec<_>>());
        assert!(
            s.descendants()
                .any(|n| n.has_tag_name((W, "name")) && n.attribute((W, "val")) == Some(name))
        );
        assert!(
            s.descendants().any(
                |n| n.has_tag_name((W, "outlineLvl")) && n.attribute((W, "val")) == Some(level)
            ),
            "{text}"
        );
        assert!(
            s.descendants().any(
                |n| n.has_tag_name((W, "rFonts")) && n.attribute((W, "eastAsia")) == Some(face)
            )
        );
    }
    assert!(
        styles.contains("w:eastAsia=\"仿宋_GB2312\""),
        "the body face"
    );
    assert!(
        styles.contains("w:eastAsia=\"方正小标宋简体\""),
        "the title face"
    );
}

#[test]
fn the_word_file_is_a4_with_the_parts_and_tables_merged_as_the_template() {
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let t = report.template();
    let docx = to_docx(&report).expect("docx");
    let xml = part(&docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("document.xml");
    // The six parts, in order, as Heading 1 paragraphs.
    let headings: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name((W, "p"))
                && n.children()
                    .find(|c| c.has_tag_name((W, "pPr")))
                    .and_then(|p| attr(p, "pStyle"))
                    == Some("Heading1")
        })
        .map(text_of)
        .collect();
    let parts: Vec<&str> = t.parts.iter().map(|p| p.heading).collect();
    assert_eq!(headings, parts);
    // A4, with the margins of GB/T 9704 (37 mm top, 28 mm left, in twips).
    let sz = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "pgSz")))
        .expect("page size");
    assert_eq!(sz.attribute((W, "w")), Some("11906"));
    assert_eq!(sz.attribute((W, "h")), Some("16838"));
    let mar = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "pgMar")))
        .expect("margins");
    assert_eq!(mar.attribute((W, "top")), Some("2097"));
    assert_eq!(mar.attribute((W, "left")), Some("1587"));

    // One Word table per block; in each, the cells that start somewhere are the grid's cells,
    // with the same spans, and the head rows repeat after a page break.
    let tables: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let grids: Vec<_> = t
        .tables
        .iter()
        .flat_map(|tb| (0..tb.blocks.len()).map(move |b| block_grid(t, tb, b)))
        .collect();
    assert_eq!(tables.len(), grids.len());
    for (tbl, g) in tables.iter().zip(&grids) {
        assert_table_is_grid(*tbl, g);
    }
    // Every paragraph id once (Word's revision tracking keys on them).
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| {
            n.attribute((
                "http://schemas.microsoft.com/office/word/2010/wordml",
                "paraId",
            ))
        })
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "paragraph ids repeat");
    // The number cells right-aligned.
    assert!(xml.contains(r#"<w:jc w:val="right" />"#));
}

/// The text of a Word element: its runs' text joined.
fn text_of(n: roxmltree::Node) -> String {
    n.descendants()
        .filter(|x| x.has_tag_name((W, "t")))
        .filter_map(|x| x.text())
        .collect()
}

/// The cells of a Word table that start somewhere are the grid's cells, with the same spans,
/// and its head rows repeat after a page break.
fn assert_table_is_grid(tbl: roxmltree::Node, g: &nianbao::core::geometry::BlockGrid) {
    let rows: Vec<_> = tbl
        .children()
        .filter(|n| n.has_tag_name((W, "tr")))
        .collect();
    assert_eq!(rows.len(), g.rows);
    let mut starts = Vec::new();
    for (r, tr) in rows.iter().enumerate() {
        let header = tr.descendants().any(|n| n.has_tag_name((W, "tblHeader")));
        assert_eq!(header, r < g.head_rows, "row {r}");
        let mut col = 0;
        for tc in tr.children().filter(|n| n.has_tag_name((W, "tc"))) {
            let pr = tc
                .children()
                .find(|c| c.has_tag_name((W, "tcPr")))
                .expect("tcPr");
            let span: usize = attr(pr, "gridSpan").map_or(1, |v| v.parse().expect("span"));
            let vmerge = pr.children().find(|c| c.has_tag_name((W, "vMerge")));
            let continues = vmerge.is_some_and(|v| v.attribute((W, "val")) != Some("restart"));
            if !continues {
                starts.push((r, col, span, vmerge.is_some(), text_of(tc)));
            }
            col += span;
        }
        assert_eq!(col, g.width, "row {r} fills the grid");
    }
    let want: Vec<_> = g
        .cells
        .iter()
        .map(|p| (p.row, p.col, p.cols, p.rows > 1))
        .collect();
    let got: Vec<_> = starts.iter().map(|s| (s.0, s.1, s.2, s.3)).collect();
    assert_eq!(got, want);
}

#[test]
fn libreoffice_converts_the_word_file_to_a_pdf_that_reads_back() {
    let Some(soffice) = common::soffice(common::Office::Writer) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let file = dir.path().join("年报.docx");
    std::fs::write(&file, to_docx(&report).expect("docx")).expect("write");
    let o = common::convert(soffice, &file, "pdf", dir.path());
    let pdf = dir.path().join("年报.pdf");
    assert!(pdf.exists(), "{o:?}");
    // LibreOffice's PDF holds the report: our own PDF importer finds its cells.
    let bytes = std::fs::read(&pdf).expect("pdf");
    let back = nianbao::import::import_pdf(&bytes).expect("a PDF with a text layer");
    assert_eq!(back.meta.agency, report.meta.agency);
    let placed = common::placed_correctly(&back, &report, "LibreOffice PDF");
    assert!(placed > 100, "{placed} cells read back");
}

#[test]
fn the_command_line_writes_the_word_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("年报.docx");
    let sample = common::asset("sample-gov2021.ron");
    let o = common::nianbao(&["export", common::arg(&sample), "--docx", common::arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(common::stdout(&o).contains("已导出 Word 文件"));
    // `check` reads it as the report it is.
    let o = common::nianbao(&["check", common::arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(
        common::stdout(&o).contains("没有错误"),
        "{}",
        common::stdout(&o)
    );
}

/// Drafts imported from the real reports (blank cells, a table 三 whose last row lost its
/// numbers, stray lines) keep every cell and every line through their Word file and their web
/// page. Table 三's blank last row once took table 四's numbers on the way back, and the line
/// above a table was swallowed by its header.
#[test]
fn the_real_reports_keep_their_cells_through_word_and_the_web() {
    for name in [
        "shanghai-bgt-2025",
        "shanghai-kewei-2024",
        "shuyang-2025",
        "shuyang-fgj-2023",
    ] {
        let text = std::fs::read_to_string(common::data(&format!("real-reports/{name}.txt")))
            .expect("real report");
        let draft = nianbao::import::import_text(&text);
        let via_word = import_docx(&to_docx(&draft).expect("docx")).expect("imports");
        let via_web = nianbao::import::import_html(&nianbao::export::html::to_html(&draft));
        for (how, back) in [("Word", via_word), ("web", via_web)] {
            common::assert_same_cells(&draft, &back, &format!("{name} via {how}"));
            assert_eq!(back.meta.agency, draft.meta.agency, "{name} via {how}");
            // Nor is a line of their text lost (a stray line above a table was taken for
            // part of the table's first header cell).
            let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            for (i, (b, d)) in back.parts.iter().zip(&draft.parts).enumerate() {
                assert_eq!(
                    squeeze(&b.full_text()),
                    squeeze(&d.full_text()),
                    "{name} via {how}: part {}",
                    i + 1
                );
            }
        }
    }
}
