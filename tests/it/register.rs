//! Issue 30: table 三 counted from the register of applications. Registers made to look like
//! real ones (a title row above the header, three date styles, a GBK CSV, an Excel file with
//! merged title cells and date cells, rows with errors), a property test against a naive count,
//! and no personal data in anything the draft or its copies hold.

use std::path::Path;

use nianbao::core::Rule;
use nianbao::register::{parse_date, tally, tally_file};
use proptest::prelude::*;

use crate::common;

/// (the register's rows, with personal data) for 2025.
fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["某某局2025年政府信息公开申请登记台账"],
        vec![
            "序号",
            "申请人姓名/名称",
            "申请人类型",
            "联系电话",
            "收到日期",
            "申请内容",
            "答复日期",
            "答复结果",
            "不予公开理由",
        ],
        vec![
            "1",
            "张三丰",
            "个人",
            "13800138000",
            "2025-03-05",
            "城南路18号拆迁文件",
            "2025-03-20",
            "予以公开",
            "",
        ],
        vec![
            "2",
            "明理律师事务所",
            "法人或其他组织",
            "0591-88886666",
            "2025年4月1日",
            "某信息",
            "2025年4月15日",
            "不予公开",
            "属于国家秘密",
        ],
        vec![
            "3",
            "李四海",
            "公民",
            "13900139000",
            "2025/05/06",
            "某信息",
            "2025/05/20",
            "信息不存在",
            "",
        ],
        vec![
            "4",
            "恒通有限公司",
            "法人或其他组织",
            "zhang@example.com",
            "2024.12.20",
            "某信息",
            "2025.1.10",
            "部分公开",
            "",
        ],
        vec![
            "5",
            "王五岳",
            "个人",
            "",
            "2025-12-25",
            "某信息",
            "",
            "待答复",
            "",
        ],
        vec![
            "6",
            "赵六合",
            "个人",
            "",
            "2024-03-01",
            "某信息",
            "2024-03-10",
            "予以公开",
            "",
        ],
        vec![
            "7",
            "钱七星",
            "个人",
            "",
            "2025-06-01",
            "某信息",
            "2025-06-10",
            "已处理",
            "",
        ],
        vec![
            "8",
            "孙八方",
            "个人",
            "",
            "2025-07-01",
            "某信息",
            "2025-06-10",
            "予以公开",
            "",
        ],
    ]
}

const PERSONAL: [&str; 9] = [
    "张三丰",
    "明理律师事务所",
    "李四海",
    "恒通有限公司",
    "13800138000",
    "0591-88886666",
    "zhang@example.com",
    "城南路18号",
    "王五岳",
];

fn write_csv_gbk(path: &Path) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows() {
        w.write_record(&r).expect("row");
    }
    let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf8");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    std::fs::write(path, gbk).expect("write");
}

/// The expected count of the fixture for 2025 (自然人, 商业企业, 法律服务机构, total columns).
fn assert_expected(t: &nianbao::register::Tally) {
    let get = |id: &str| t.cells.get(id).copied().unwrap_or(0);
    assert_eq!(
        get("t3.new.total"),
        5 - 1,
        "rows 1,2,3,5 new (7 unmapped, 8 bad)"
    );
    assert_eq!(get("t3.new.natural"), 3);
    assert_eq!(get("t3.new.legal"), 1);
    assert_eq!(get("t3.carried_in.business"), 1);
    assert_eq!(get("t3.granted.natural"), 1);
    assert_eq!(get("t3.denied_1.legal"), 1);
    assert_eq!(get("t3.unable_1.natural"), 1);
    assert_eq!(get("t3.partly.business"), 1);
    assert_eq!(get("t3.total.total"), 4);
    assert_eq!(get("t3.carried_out.natural"), 1);
    assert_eq!(t.used, 5);
    assert_eq!(t.other_years, 1, "row 8 of 2024");
    assert_eq!(t.left_out.len(), 1);
    assert_eq!(t.left_out[0].row, 10);
    assert!(t.left_out[0].reason.contains("早于"));
    assert_eq!(t.unmapped.len(), 1);
    assert_eq!(t.unmapped[0].1, "已处理");
    assert_eq!(t.unmapped[0].2, vec![9]);
    assert!(!t.complete());
}

#[test]
fn a_gbk_csv_with_a_title_row_and_three_date_styles_is_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let t = tally_file(&csv, 2025, None).expect("tally");
    assert_eq!(t.columns.header_row, 1);
    assert_expected(&t);
}

#[test]
fn an_excel_register_with_merged_title_and_date_cells_is_counted() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("台账.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let all = rows();
    sheet
        .merge_range(0, 0, 0, 8, all[0][0], &Format::new())
        .expect("merge");
    for (r, row) in all.iter().enumerate().skip(1) {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            // The dates of receipt as date cells, as Excel keeps them.
            if c == 4 && r > 1 {
                let d = parse_date(v).expect("date");
                let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                    .expect("excel date");
                sheet
                    .write_datetime_with_format(r, c, &dt, &date)
                    .expect("date");
            } else {
                sheet.write_string(r, c, *v).expect("cell");
            }
        }
    }
    book.save(&path).expect("save");
    let t = tally_file(&path, 2025, None).expect("tally");
    assert_expected(&t);
}

#[test]
fn the_command_fills_a_draft_and_no_personal_data_leaves_the_register() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let draft = dir.path().join("2025.ron");
    let o = common::nianbao(&[
        "tally",
        common::arg(&csv),
        "--year",
        "2025",
        "-o",
        common::arg(&draft),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a row left out and a value unmapped"
    );
    let text = common::stdout(&o);
    assert!(
        text.contains("第 10 行") && text.contains("“已处理”"),
        "{text}"
    );
    // The table it filled holds: no arithmetic error.
    let r = common::fixture(&draft);
    assert!(
        !nianbao::core::check(&r)
            .iter()
            .any(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3)),
    );
    // Nothing personal in the draft, its JSON copy, its PDF's text or the command's output.
    let json = dir.path().join("2025.json");
    let pdf = dir.path().join("2025.pdf");
    let o = common::nianbao(&[
        "export",
        common::arg(&draft),
        "--json",
        common::arg(&json),
        "--pdf",
        common::arg(&pdf),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf_text = common::pdf::Pdf::open(&pdf).text();
    let o = common::nianbao(&["tally", common::arg(&csv), "--year", "2025", "--json"]);
    for (what, hay) in [
        ("draft", std::fs::read_to_string(&draft).expect("draft")),
        ("json", std::fs::read_to_string(&json).expect("json")),
        ("pdf", pdf_text),
        ("output", text),
        ("--json", common::stdout(&o)),
    ] {
        for p in PERSONAL {
            assert!(!hay.contains(p), "{what} holds {p}");
        }
    }
}

/// One random application: (received day, answered after n days or open, category, result).
fn application() -> impl Strategy<Value = (i64, Option<i64>, usize, usize)> {
    (
        0i64..1095,
        proptest::option::of(0i64..400),
        0usize..6,
        0usize..6,
    )
}

const KINDS: [&str; 6] = [
    "个人",
    "企业",
    "科研机构",
    "社会公益组织",
    "律师事务所",
    "其他",
];
const RESULTS: [&str; 6] = [
    "予以公开",
    "部分公开",
    "信息不存在",
    "重复申请",
    "逾期不补正",
    "属于国家秘密",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// For random registers over three years, the tally for the middle year equals a naive count
    /// and the table's relations (R1–R3) hold by construction.
    #[test]
    fn the_tally_is_a_plain_count_and_the_table_adds_up(apps in proptest::collection::vec(application(), 0..120)) {
        let start = jiff::civil::date(2024, 1, 1);
        let day = |n: i64| jiff::civil::date(2023, 1, 1).checked_add(jiff::Span::new().days(n)).expect("date");
        let mut rows: Vec<Vec<String>> = vec![vec!["收到日期".into(), "答复日期".into(), "申请人类型".into(), "答复结果".into()]];
        let (mut new, mut carried_in, mut done, mut carried_out) = (0i64, 0i64, 0i64, 0i64);
        let end = jiff::civil::date(2024, 12, 31);
        for (r, a, k, res) in &apps {
            let received = day(*r);
            let answered = a.map(|a| day(r + a));
            rows.push(vec![
                received.to_string(),
                answered.map(|d| d.to_string()).unwrap_or_default(),
                KINDS[*k].into(),
                RESULTS[*res].into(),
            ]);
            if received > end || answered.is_some_and(|a| a < start) {
                continue;
            }
            if received >= start { new += 1 } else { carried_in += 1 }
            if answered.is_some_and(|a| a <= end) { done += 1 } else { carried_out += 1 }
        }
        let t = tally(&rows, 2024).expect("tally");
        let get = |id: &str| t.cells.get(id).copied().unwrap_or(0);
        prop_assert_eq!(get("t3.new.total"), new);
        prop_assert_eq!(get("t3.carried_in.total"), carried_in);
        prop_assert_eq!(get("t3.total.total"), done);
        prop_assert_eq!(get("t3.carried_out.total"), carried_out);
        prop_assert!(t.complete());
        let mut report = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2024);
        for (id, v) in nianbao::register::filled_cells(&t, &report) {
            report.set_cell(&id, v);
        }
        let wrong: Vec<_> = nianbao::core::check(&report)
            .into_iter()
            .filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3))
            .collect();
        prop_assert!(wrong.is_empty(), "{:?}", wrong);
    }
}

/// The window: 文件 → 从登记台账生成表三… shows the count before anything changes; 填入草稿 is
/// one step that 撤销 takes back.
#[test]
fn the_window_fills_table_three_from_a_register_and_undo_restores_it() {
    use egui::{Key, Modifiers};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use nianbao::app::{NianbaoApp, View, fonts};
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let draft = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2025);
    let mut app = NianbaoApp::new(draft, None, None);
    app.use_file_dialogs = false;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("从登记台账生成表三…").click();
    h.run();
    h.get_by_label("文件路径").focus();
    h.run();
    h.get_by_label("文件路径")
        .type_text(&csv.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("从登记台账生成表三");
    h.get_by_label_contains("未使用：第 10 行");
    h.get_by_label_contains("“已处理”");
    assert!(
        h.state().doc.report.cell_text("t3.new.total").is_empty(),
        "nothing yet"
    );
    h.get_by_label("填入草稿").click();
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.new.total"), "4");
    assert_eq!(h.state().doc.report.cell_text("t3.denied_1.legal"), "1");
    assert_eq!(h.state().view, View::Part(3));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state().doc.report.cell_text("t3.new.total").is_empty(),
        "undone in one step"
    );
}

/// A damaged or foreign file gives a Chinese message and writes nothing.
#[test]
fn a_broken_or_foreign_register_is_refused_in_chinese() {
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("台账.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").expect("write");
    let out = dir.path().join("2025.ron");
    for file in [broken, common::data("huoshan-hrss-2021.txt")] {
        let o = common::nianbao(&[
            "tally",
            common::arg(&file),
            "--year",
            "2025",
            "-o",
            common::arg(&out),
        ]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(err.contains("无法统计"), "{err}");
        // File types named as such (.xlsx …) are not English words.
        let mut words = err.replace(&file.display().to_string(), "");
        for ext in [".xlsx", ".xls", ".ods", ".csv"] {
            words = words.replace(ext, "");
        }
        let english = words
            .as_bytes()
            .windows(3)
            .any(|w| w.iter().all(u8::is_ascii_alphabetic));
        assert!(!english, "{err}");
        assert!(!out.exists(), "nothing written");
    }
}
