//! Every label of both templates, compared character for character with the spec
//! (tests/data/format.md is a copy of shared/spec/format.md).

use crate::common;

use nianbao::core::FormatVersion;
use nianbao::core::template::{T3_NOTE, Template};

fn spec() -> String {
    match std::fs::read_to_string(common::data("format.md")) {
        Ok(s) => s,
        Err(e) => panic!("spec copy missing: {e}"),
    }
}

/// The text of the spec between two markers.
fn section<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let a = s.find(from).unwrap_or_else(|| panic!("spec has no {from}"));
    let b = s[a..].find(to).map_or(s.len(), |b| a + b);
    &s[a..b]
}

/// Rows of a markdown table: cells of each `| … |` line, header and rule skipped.
fn md_rows(s: &str) -> Vec<Vec<String>> {
    s.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .skip(1)
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn part_headings() {
    let s = spec();
    let rows = md_rows(section(&s, "## 1. The six parts", "Real reports"));
    for v in FormatVersion::ALL {
        let headings: Vec<&str> = v.template().parts.iter().map(|p| p.heading).collect();
        let expected: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
        assert_eq!(headings, expected);
    }
}

fn check_table2(t: &Template, spec_rows: &[Vec<String>]) {
    let table = t.table("t2").expect("table 二");
    assert_eq!(table.blocks.len(), spec_rows.len());
    for (block, row) in table.blocks.iter().zip(spec_rows) {
        assert_eq!(block.title, Some(row[0].as_str()));
        let cols: Vec<&str> = block.columns.iter().map(|c| c.label).collect();
        assert_eq!(cols, row[1].split(", ").collect::<Vec<_>>());
        let rows: Vec<&str> = block.rows.iter().map(|r| r.label()).collect();
        assert_eq!(rows, row[2].split("; ").collect::<Vec<_>>());
        // The printed header row: 「信息内容」 then the columns.
        let header: Vec<&str> = block.header[0].iter().map(|h| h.text).collect();
        assert_eq!(header[0], "信息内容");
        assert_eq!(&header[1..], cols.as_slice());
    }
}

#[test]
fn table2_both_versions() {
    let s = spec();
    check_table2(
        FormatVersion::Gov2021.template(),
        &md_rows(section(&s, "### gov2021: four blocks", "Counts are")),
    );
    check_table2(
        FormatVersion::Gov2019.template(),
        &md_rows(section(&s, "### gov2019: five blocks", "「本年增/减」 is")),
    );
}

/// The rows of table 三 as the spec's code block lists them: (depth, label).
fn spec_t3_rows(s: &str) -> Vec<(usize, String)> {
    let block = section(s, "```\n一、本年新收", "```\n\ngov2019");
    block
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with("```"))
        .map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 4;
            (depth, l.trim().to_string())
        })
        .collect()
}

/// The template's rows of table 三 flattened the same way: each merged label once, at its depth.
fn template_t3_rows(t: &Template) -> Vec<(usize, String)> {
    let block = &t.table("t3").expect("table 三").blocks[0];
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for row in &block.rows {
        for (depth, label) in row.path.iter().enumerate() {
            if open.get(depth) != Some(label) {
                open.truncate(depth);
                open.push(label);
                out.push((depth, label.to_string()));
            }
        }
        open.truncate(row.path.len());
    }
    out
}

#[test]
fn table3_rows_gov2021() {
    let s = spec();
    assert_eq!(
        template_t3_rows(FormatVersion::Gov2021.template()),
        spec_t3_rows(&s)
    );
    let t = FormatVersion::Gov2021.template().table("t3").expect("t3");
    assert_eq!(t.blocks[0].rows.len(), 25);
    let under_three = t.blocks[0]
        .rows
        .iter()
        .filter(|r| r.path[0] == "三、本年度办理结果")
        .count();
    assert_eq!(under_three, 22);
}

#[test]
fn table3_rows_gov2019() {
    let s = spec();
    assert!(s.contains("gov2019 is identical except that 「（六）其他处理」 is a single data row (23 rows; 三 spans 20)"));
    // The 2021 list with the three （六） sub-rows folded into one data row.
    let expected: Vec<(usize, String)> = spec_t3_rows(&s)
        .into_iter()
        .filter(|(d, l)| {
            !(*d == 2
                && (l.starts_with("1.申请人无正当理由")
                    || l.starts_with("2.申请人逾期")
                    || l == "3.其他"))
        })
        .collect();
    assert_eq!(
        template_t3_rows(FormatVersion::Gov2019.template()),
        expected
    );
    let t = FormatVersion::Gov2019.template().table("t3").expect("t3");
    assert_eq!(t.blocks[0].rows.len(), 23);
    let under_three = t.blocks[0]
        .rows
        .iter()
        .filter(|r| r.path[0] == "三、本年度办理结果")
        .count();
    assert_eq!(under_three, 20);
}

#[test]
fn table3_columns_and_header() {
    let s = spec();
    let cols = section(&s, "Columns (7):", "Rows (gov2021");
    let flat = cols.replace('\n', " ");
    assert!(flat.contains("自然人 | 法人或其他组织 spanning 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 | 总计"));
    assert!(
        flat.contains(&format!("「{T3_NOTE}」")),
        "the printed relation is verbatim"
    );
    for v in FormatVersion::ALL {
        let block = &v.template().table("t3").expect("t3").blocks[0];
        let labels: Vec<&str> = block.columns.iter().map(|c| c.label).collect();
        assert_eq!(
            labels,
            [
                "自然人",
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
                "总计"
            ]
        );
        let header: Vec<Vec<(&str, usize, usize)>> = block
            .header
            .iter()
            .map(|r| r.iter().map(|h| (h.text, h.col_span, h.row_span)).collect())
            .collect();
        assert_eq!(
            header,
            vec![
                vec![(T3_NOTE, 3, 3), ("申请人情况", 7, 1)],
                vec![("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
                vec![
                    ("商业企业", 1, 1),
                    ("科研机构", 1, 1),
                    ("社会公益组织", 1, 1),
                    ("法律服务机构", 1, 1),
                    ("其他", 1, 1)
                ],
            ]
        );
    }
}

#[test]
fn table4_columns() {
    let s = spec();
    let text = section(&s, "## 4. Table 四", "- **R4**").replace('\n', " ");
    assert!(text.contains("行政复议 | 行政诉讼: 未经复议直接起诉 | 复议后起诉"));
    let leaves = "结果维持, 结果纠正, 其他结果, 尚未审结, 总计";
    assert!(text.contains(leaves));
    let leaves: Vec<&str> = leaves.split(", ").collect();
    for v in FormatVersion::ALL {
        let block = &v.template().table("t4").expect("t4").blocks[0];
        assert_eq!(block.columns.len(), 15);
        for (i, c) in block.columns.iter().enumerate() {
            assert_eq!(c.label, leaves[i % 5]);
            assert_eq!(
                c.group,
                Some(["行政复议", "未经复议直接起诉", "复议后起诉"][i / 5])
            );
        }
        let top: Vec<(&str, usize)> = block.header[0]
            .iter()
            .map(|h| (h.text, h.col_span))
            .collect();
        assert_eq!(top, [("行政复议", 5), ("行政诉讼", 10)]);
        // The five 行政复议 headers span two header rows.
        assert!(block.header[1][..5].iter().all(|h| h.row_span == 2));
    }
}

#[test]
fn cell_ids_are_stable_and_unique() {
    for v in FormatVersion::ALL {
        let t = v.template();
        for (i, c) in t.cells.iter().enumerate() {
            assert_eq!(t.cell_index(&c.id), Some(i));
            assert!(c.id.is_ascii() && c.id.split('.').count() == 3, "{}", c.id);
        }
    }
    // Ids used in files, messages and tests: spot-check a few that must never change.
    let t = FormatVersion::Gov2021.template();
    for id in [
        "t3.total.total",
        "t3.carried_out.natural",
        "t2.fees.amount",
        "t4.cases.review_total",
    ] {
        assert!(t.cell(id).is_some(), "{id}");
    }
}
