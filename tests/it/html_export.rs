//! The web page (issue 18): one self-contained file whose tables are real tables with the
//! template's merged cells, which imports back to the draft it was made from.

use crate::common;

use nianbao::export::html::to_html;
use nianbao::import::import_html;

#[test]
fn the_samples_and_the_seeds_come_back_from_their_web_pages() {
    for (name, path) in common::samples_and_seeds() {
        let source = common::fixture(&path);
        let got = import_html(&to_html(&source));
        common::assert_same(&source, &got, name);
    }
}

#[test]
fn the_page_stands_alone_and_its_tables_are_tables() {
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let page = to_html(&report);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    // Self-contained: no scripts, nothing fetched from elsewhere.
    for banned in [
        "<script", "<link", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!page.contains(banned), "{banned}");
    }
    assert!(page.contains("@page{size:A4"), "print CSS for A4");
    let doc = scraper::Html::parse_document(&page);
    let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
    // The six parts as headings, in order.
    let h2: Vec<String> = doc.select(&sel("h2")).map(|h| h.text().collect()).collect();
    let parts: Vec<&str> = report.template().parts.iter().map(|p| p.heading).collect();
    assert_eq!(h2, parts);
    // Every header cell of the template, with its spans, as a <th scope> of a <thead>.
    let t = report.template();
    let declared: usize = t
        .tables
        .iter()
        .flat_map(|tb| &tb.blocks)
        .map(|b| b.header.iter().map(Vec::len).sum::<usize>() + usize::from(b.title.is_some()))
        .sum();
    let heads: Vec<_> = doc.select(&sel("thead th[scope]")).collect();
    assert_eq!(heads.len(), declared);
    for tb in &t.tables {
        for b in &tb.blocks {
            for h in b.header.iter().flatten() {
                let found = heads.iter().any(|e| {
                    let v = e.value();
                    let text: String = e.text().collect();
                    let span = |a: &str| v.attr(a).and_then(|x| x.parse().ok()).unwrap_or(1usize);
                    text == h.text && span("colspan") == h.col_span && span("rowspan") == h.row_span
                });
                assert!(
                    found,
                    "{}: {} ({}×{})",
                    tb.id, h.text, h.row_span, h.col_span
                );
            }
        }
    }
    // One number cell for every cell of the template, right-aligned by the style sheet.
    assert_eq!(doc.select(&sel("tbody td")).count(), t.cells.len());
    assert!(page.contains("td{text-align:right"));
    // Row labels are header cells of their rows; the grouped ones span their rows.
    let groups = doc
        .select(&sel("tbody th[scope=rowgroup][rowspan]"))
        .count();
    assert!(groups >= 5, "table 三's groups span their rows: {groups}");
    // Each row of table 三 has as many cells as the grid is wide, once spans are counted.
    let t3 = doc
        .select(&sel("table"))
        .find(|tb| {
            tb.text()
                .any(|x| x.contains("本年新收政府信息公开申请数量"))
        })
        .expect("table 三");
    let width = 3 + t.table("t3").expect("t3").blocks[0].columns.len();
    let mut carried = vec![0usize; width];
    for tr in t3.select(&sel("tbody tr")) {
        let mut filled = carried.iter().filter(|&&n| n > 0).count();
        for c in carried.iter_mut() {
            *c = c.saturating_sub(1);
        }
        let mut col = 0;
        for cell in tr.select(&sel("th, td")) {
            let v = cell.value();
            let span = |a: &str| v.attr(a).and_then(|x| x.parse().ok()).unwrap_or(1usize);
            while col < width && carried[col] > 0 {
                col += 1;
            }
            let end = (col + span("colspan")).min(width);
            for c in &mut carried[col.min(end)..end] {
                *c = span("rowspan") - 1;
            }
            col += span("colspan");
            filled += span("colspan");
        }
        assert_eq!(filled, width, "{}", tr.html());
    }
}

#[test]
fn text_is_escaped() {
    let mut report = common::fixture(&common::asset("sample-gov2021.ron"));
    report.parts[4].intro = "<script>alert(1)</script> & \"引号\"".into();
    report.set_cell("t3.new.natural", "<b>9</b>");
    let page = to_html(&report);
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;"));
    assert!(page.contains("<td>&lt;b&gt;9&lt;/b&gt;</td>"));
}

#[test]
fn the_command_line_writes_the_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("年报.html");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["export"])
        .arg(common::asset("sample-gov2021.ron"))
        .arg("--html")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("已导出网页"));
    let page = std::fs::read_to_string(&out).expect("page");
    assert!(page.contains("<title>桐溪县市场监督管理局2024年政府信息公开工作年度报告</title>"));
}
