//! Issue 27, the long tail of real reports: three department reports of 平潭综合实验区 in the
//! four forms a reviewer receives (web page, browser copy, Word file, PDF;
//! `tests/data/real-reports/pingtan/`, see its README). Titles with 「年度」, a part heading
//! with the report's own typo (「行政法复议」), a sentence that must never become the agency.

use std::path::PathBuf;

use nianbao::core::Report;
use nianbao::core::template::CellId;

use crate::common;

/// (file stem, agency, year) of the three reports.
const REPORTS: [(&str, &str, i32); 3] = [
    ("09_pingtan-scj-2021", "平潭综合实验区市场监督管理局", 2021),
    ("10_pingtan-shs-2023", "平潭综合实验区社会事业局", 2023),
    ("13_pingtan-jtj-2021", "平潭综合实验区交通与建设局", 2021),
];

const FORMS: [&str; 4] = ["html", "tabs.txt", "docx", "pdf"];

fn path(stem: &str, ext: &str) -> PathBuf {
    common::data(&format!("real-reports/pingtan/{stem}.{ext}"))
}

fn import(stem: &str, ext: &str) -> Report {
    let p = path(stem, ext);
    nianbao::import::import_file(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Titles 「…2021年度政府信息公开工作年度报告」 give agency and year in every form; before, the
/// first report had no agency and the third took a sentence of its part 一 for one.
#[test]
fn every_form_gives_the_agency_and_year_of_its_title() {
    for (stem, agency, year) in REPORTS {
        for ext in FORMS {
            let r = import(stem, ext);
            assert_eq!(r.meta.agency, agency, "{stem}.{ext}");
            assert_eq!(r.meta.year, year, "{stem}.{ext}");
        }
    }
}

/// The published tables 三 and 四 come in cell for cell, in every form. 社会事业局's table 四
/// stands under 「四、政府信息公开行政法复议、行政诉讼情况」: before, that heading opened no part
/// and its fifteen cells were not read.
#[test]
fn tables_three_and_four_come_in_cell_for_cell() {
    for (stem, _, _) in REPORTS {
        let text = std::fs::read_to_string(path(stem, "expected.json")).expect("expected");
        let want: serde_json::Value = serde_json::from_str(&text).expect("json");
        for ext in FORMS {
            let r = import(stem, ext);
            let t = r.template();
            for (code, rows) in [
                ("t3", &want["t3"]),
                ("t4", &serde_json::json!([want["t4"]])),
            ] {
                let table = t.table(code).expect("table");
                let block = &table.blocks[0];
                let rows = rows.as_array().expect("rows");
                assert_eq!(rows.len(), block.rows.len(), "{stem} {code}");
                for (row, values) in block.rows.iter().zip(rows) {
                    let values = values.as_array().expect("values");
                    for (col, v) in block.columns.iter().zip(values) {
                        // A merged cell of the original (the （六） rows) is not compared here.
                        let Some(v) = v.as_i64() else { continue };
                        let id = CellId::new(code, row.id, col.id).key();
                        assert_eq!(r.cell_text(&id).trim(), v.to_string(), "{stem}.{ext} {id}");
                    }
                }
            }
        }
    }
}

/// No arithmetic error is reported where the original has none (every relation holds in the
/// three), and no part is reported missing.
#[test]
fn no_invented_error_and_no_part_missing() {
    for (stem, _, _) in REPORTS {
        for ext in FORMS {
            let r = import(stem, ext);
            let arithmetic = common::arithmetic(&r);
            assert!(arithmetic.is_empty(), "{stem}.{ext}: {arithmetic:?}");
            let missing: Vec<_> = r
                .import_notes
                .iter()
                .filter(|n| n.message.starts_with("没有找到第"))
                .map(|n| &n.message)
                .collect();
            assert!(missing.is_empty(), "{stem}.{ext}: {missing:?}");
        }
    }
}

/// The browser copy of a report with some cells left empty, as a web page's blank cells copy:
/// the first field of one row (自然人), a middle one and the last (总计) of others. Each empty
/// field is that cell; every other cell keeps its column. Before, a row with a blank first or
/// last cell was dropped as short (「原文这一行有 6 个数…表格应有 7 格」).
fn with_blank_cells(sep: &str) -> String {
    let text = std::fs::read_to_string(path("13_pingtan-jtj-2021", "tabs.txt")).expect("copy");
    let mut out = Vec::new();
    for line in text.lines() {
        let mut fields: Vec<String> = line.split('\t').map(str::to_string).collect();
        if line.starts_with("一、本年新收") {
            fields[1] = String::new(); // 自然人
        } else if line.starts_with("三、本年度办理结果\t（一）予以公开") {
            fields[8] = String::new(); // 总计
        } else if line.starts_with("四、结转下年度继续办理") {
            fields[3] = String::new(); // 科研机构
        }
        let joined = fields.join(sep);
        out.push(if sep == " | " && fields.len() > 1 {
            format!("| {joined} |")
        } else {
            joined
        });
    }
    out.join("\n")
}

#[test]
fn an_empty_field_of_a_delimited_row_is_its_blank_cell() {
    let text = std::fs::read_to_string(path("13_pingtan-jtj-2021", "expected.json")).expect("json");
    let want: serde_json::Value = serde_json::from_str(&text).expect("json");
    let blanked = [
        "t3.new.natural",
        "t3.granted.total",
        "t3.carried_out.research",
    ];
    for sep in ["\t", " | "] {
        let r = nianbao::import::import_text(&with_blank_cells(sep));
        let t = r.template();
        let block = &t.table("t3").expect("t3").blocks[0];
        let rows = want["t3"].as_array().expect("rows");
        for (row, values) in block.rows.iter().zip(rows) {
            for (col, v) in block.columns.iter().zip(values.as_array().expect("row")) {
                let id = CellId::new("t3", row.id, col.id).key();
                let got = r.cell_text(&id).trim();
                if blanked.contains(&id.as_str()) {
                    assert_eq!(got, "", "{sep:?} {id}");
                } else {
                    assert_eq!(got, v.to_string(), "{sep:?} {id}");
                }
            }
        }
        // The blanks are unknown to the arithmetic (not 0): no invented error.
        assert!(common::arithmetic(&r).is_empty(), "{sep:?}");
        let noted: Vec<&String> = r.import_notes.iter().flat_map(|n| &n.cells).collect();
        for id in blanked {
            assert!(noted.iter().any(|c| *c == id), "{sep:?}: {id} noted");
        }
    }
}

/// The （六）其他处理 cells of table 三: the id of every cell of its three sub-rows.
fn other_cells(r: &Report) -> Vec<String> {
    let t = r.template();
    let block = &t.table("t3").expect("t3").blocks[0];
    block
        .rows
        .iter()
        .filter(|row| row.id.starts_with("other_"))
        .flat_map(|row| {
            block
                .columns
                .iter()
                .map(|c| CellId::new("t3", row.id, c.id).key())
        })
        .collect()
}

/// The JSON copy's status of a cell.
fn status_of(
    copy: &nianbao::export::json::ReportCopy,
    id: &str,
) -> nianbao::export::json::CellStatus {
    copy.cells
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.status)
        .expect("cell")
}

/// 市场监督管理局 2021 printed one 「0」 merged over the three （六） sub-rows, in all four forms:
/// the three rows are 0 (counts are never negative), one I7 note says so, the JSON copy marks
/// the cells as inferred; before, two rows were unfilled and C5 reported 14 cells as an error.
#[test]
fn a_zero_merged_over_the_other_rows_makes_them_zero() {
    for ext in FORMS {
        let r = import("09_pingtan-scj-2021", ext);
        let cells = other_cells(&r);
        assert_eq!(cells.len(), 21);
        for id in &cells {
            assert_eq!(r.cell_text(id), "0", "{ext} {id}");
        }
        let notes: Vec<_> = r
            .import_notes
            .iter()
            .filter(|n| n.rule == nianbao::core::Rule::I7)
            .collect();
        assert_eq!(notes.len(), 1, "{ext}");
        assert!(notes[0].message.contains("合并为一格"), "{ext}");
        let findings = nianbao::core::check(&r);
        assert!(
            findings.iter().any(|f| f.rule == nianbao::core::Rule::I7),
            "{ext}: the note stays in the findings"
        );
        assert!(
            !findings.iter().any(|f| f.is_error() && f.part == 3),
            "{ext}: no error in table 三"
        );
        let copy = nianbao::export::json::ReportCopy::of(&r);
        let status = |id: &str| status_of(&copy, id);
        assert_eq!(
            status("t3.other_3.total"),
            nianbao::export::json::CellStatus::Inferred
        );
        assert_eq!(
            status("t3.new.total"),
            nianbao::export::json::CellStatus::Ok
        );
    }
}

/// 交通与建设局 2021's browser copy with table 三's three （六） rows replaced by the 2019 table's
/// single row `row`.
fn with_single_other_row(row: &str) -> String {
    let text = std::fs::read_to_string(path("13_pingtan-jtj-2021", "tabs.txt")).expect("copy");
    let mut out = Vec::new();
    let mut skip = 0;
    for line in text.lines() {
        if line.starts_with("（六）其他处理") {
            out.push(row.to_string());
            skip = 2;
        } else if skip > 0 {
            skip -= 1;
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

/// The same with 1 more application in the group (自然人), in 一 and in （七）总计: a complete,
/// correct published report whose （六） row cannot be shared out among the sub-rows.
fn single_row_of_one() -> String {
    with_single_other_row("（六）其他处理\t1\t0\t0\t0\t0\t0\t1")
        .replace(
            "（七）总计\t5\t0\t0\t0\t0\t0\t5",
            "（七）总计\t6\t0\t0\t0\t0\t0\t6",
        )
        .replace(
            "一、本年新收政府信息公开申请数量\t5\t0\t0\t0\t0\t0\t5",
            "一、本年新收政府信息公开申请数量\t6\t0\t0\t0\t0\t0\t6",
        )
}

/// The 2019 table's single （六）其他处理 row in a 2021 report (made from the 交通与建设局 copy):
/// printed 0, the three sub-rows are 0 with one note and no error.
#[test]
fn the_old_single_other_row_of_zeros_makes_the_rows_zero() {
    let r = nianbao::import::import_text(&with_single_other_row(
        "（六）其他处理\t0\t0\t0\t0\t0\t0\t0",
    ));
    assert!(other_cells(&r).iter().all(|id| r.cell_text(id) == "0"));
    assert!(
        r.import_notes
            .iter()
            .any(|n| n.rule == nianbao::core::Rule::I7 && n.message.contains("2019 年格式"))
    );
    assert_eq!(r.printed_groups.len(), 1);
    assert!(
        !nianbao::core::check(&r)
            .iter()
            .any(|f| f.is_error() && f.part == 3),
        "no error in table 三"
    );
}

/// Printed otherwise, the row is the group's total: the sub-rows stay blank, one C6 提醒 says
/// the report used the 2019 layout (quoting the row), and the arithmetic runs with the row in
/// their place. Before, the three rows were unknown, C5 reported 21 unfilled cells as an error
/// and （七）总计 could not be checked at all.
#[test]
fn the_old_single_other_row_is_the_groups_total() {
    use nianbao::core::{GroupLayout, Rule};
    let r = nianbao::import::import_text(&single_row_of_one());
    assert!(other_cells(&r).iter().all(|id| r.cell_text(id).is_empty()));
    assert_eq!(r.printed_groups.len(), 1);
    let g = &r.printed_groups[0];
    assert_eq!(g.layout, GroupLayout::OneRow);
    assert_eq!(g.group, "（六）其他处理");
    assert_eq!(g.values.get("natural").map(String::as_str), Some("1"));
    assert_eq!(g.values.get("total").map(String::as_str), Some("1"));

    let findings = nianbao::core::check(&r);
    let part3: Vec<_> = findings.iter().filter(|f| f.part == 3).collect();
    assert!(!part3.iter().any(|f| f.is_error()), "{part3:#?}");
    let layout: Vec<_> = part3.iter().filter(|f| f.rule == Rule::C6).collect();
    assert_eq!(layout.len(), 1, "{part3:#?}");
    assert!(layout[0].message.contains("2019 年格式"));
    assert!(layout[0].message.contains("1 0 0 0 0 0 1"));
    assert_eq!(layout[0].cells.len(), 21);
    // Its numbers are the group's: not also listed as numbers that found no row.
    assert!(
        !r.import_notes
            .iter()
            .any(|n| n.message.contains("没有找到所属的行")),
        "{:#?}",
        r.import_notes
    );

    // A wrong （七）总计 is found through the row: before, R2 could not be evaluated.
    let mut wrong = r.clone();
    wrong.set_cell("t3.total.natural", "5");
    let errors: Vec<_> = nianbao::core::check(&wrong)
        .into_iter()
        .filter(|f| f.is_error() && f.part == 3)
        .collect();
    assert!(
        errors
            .iter()
            .any(|f| f.cells.contains(&"t3.total.natural".to_string())),
        "{errors:#?}"
    );

    // The printed row's own 总计 is checked as a row of the table.
    let bad_row = nianbao::import::import_text(&single_row_of_one().replace(
        "（六）其他处理\t1\t0\t0\t0\t0\t0\t1",
        "（六）其他处理\t1\t0\t0\t0\t0\t0\t2",
    ));
    assert!(
        nianbao::core::check(&bad_row)
            .iter()
            .any(|f| f.is_error() && f.rule == Rule::R1 && f.message.contains("（六）其他处理")),
        "R1 on the printed row"
    );

    // The clerk fills the sub-rows from the register: they must add up to what was printed.
    let mut filled = r.clone();
    for id in other_cells(&r) {
        filled.set_cell(&id, "0");
    }
    filled.set_cell("t3.other_2.natural", "1");
    filled.set_cell("t3.other_2.total", "1");
    let f = nianbao::core::check(&filled);
    assert!(!f.iter().any(|f| f.is_error() && f.part == 3), "{f:#?}");
    assert!(!f.iter().any(|f| f.rule == Rule::C6 && f.part == 3));
    filled.set_cell("t3.other_2.natural", "2");
    filled.set_cell("t3.other_2.total", "2");
    assert!(
        nianbao::core::check(&filled)
            .iter()
            .any(|f| f.is_error() && f.rule == Rule::R2 && f.message.contains("原表")),
        "the sub-rows against the printed row"
    );

    // The JSON copy says the sub-rows are unknown and carries the printed row.
    let copy = nianbao::export::json::ReportCopy::of(&r);
    let status = |id: &str| status_of(&copy, id);
    assert_eq!(
        status("t3.other_1.natural"),
        nianbao::export::json::CellStatus::Unknown
    );
    assert_eq!(copy.printed_groups, r.printed_groups);
}

/// Exported again, a report with the old （六） row shows what was published: one row under its
/// own label with its seven numbers in the web page, the Word file and the PDF (no sub-row
/// labels), and each of them read back gives the same group and the same cells.
#[test]
fn the_old_other_row_is_exported_as_printed() {
    let r = nianbao::import::import_text(&single_row_of_one());
    let html = nianbao::export::html::to_html(&r);
    assert!(
        !html.contains("申请人逾期未按收费通知要求缴纳费用"),
        "no sub-row label"
    );
    assert!(
        html.contains("（六）其他处理</th><td>1</td><td>0</td>"),
        "the printed row"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for (ext, format) in [
        ("html", nianbao::export::Format::Html),
        ("docx", nianbao::export::Format::Docx),
        ("pdf", nianbao::export::Format::Pdf),
    ] {
        let file = dir.path().join(format!("out.{ext}"));
        nianbao::export::write(&r, format, &file).expect("export");
        let back = nianbao::import::import_file(&file).expect("import");
        assert_eq!(back.printed_groups, r.printed_groups, "{ext}");
        let t3 = |r: &Report| {
            r.cells
                .iter()
                .filter(|(k, _)| k.starts_with("t3."))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(t3(&back), t3(&r), "{ext}");
    }
}

/// The zero merged over the three rows (市场监督管理局 2021) is printed merged again.
#[test]
fn a_merged_zero_is_exported_merged() {
    let r = import("09_pingtan-scj-2021", "html");
    let html = nianbao::export::html::to_html(&r);
    assert_eq!(
        html.matches("<td rowspan=\"3\">0</td>").count(),
        7,
        "{html}"
    );
    let docx = nianbao::export::docx::to_docx(&r).expect("docx");
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("out.docx");
    std::fs::write(&file, docx).expect("write");
    let back = nianbao::import::import_file(&file).expect("import");
    assert_eq!(back.printed_groups, r.printed_groups);
    assert!(
        other_cells(&back)
            .iter()
            .all(|id| back.cell_text(id) == "0")
    );
}
