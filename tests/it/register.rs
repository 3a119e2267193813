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
        (
            "history",
            common::stdout(&common::nianbao(&["history", common::arg(&draft)])),
        ),
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

/// The window on `app`, sized for the register dialog.
fn window(
    app: nianbao::app::NianbaoApp,
) -> egui_kittest::Harness<'static, nianbao::app::NianbaoApp> {
    use nianbao::app::{NianbaoApp, fonts};
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        // The dialog's combo boxes and table animate in over a few frames.
        .with_max_steps(16)
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h
}

/// 文件 → 从登记台账生成表三…, the register's path typed into the path field.
fn open_register(h: &mut egui_kittest::Harness<'_, nianbao::app::NianbaoApp>, register: &Path) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("从登记台账生成表三…").click();
    h.run();
    h.get_by_label("文件路径").focus();
    h.run();
    h.get_by_label("文件路径")
        .type_text(&register.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    h.run();
}

/// The window: 文件 → 从登记台账生成表三… shows the count before anything changes; 填入草稿 is
/// one step that 撤销 takes back.
#[test]
fn the_window_fills_table_three_from_a_register_and_undo_restores_it() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use nianbao::app::{NianbaoApp, View};
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let draft = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2025);
    let mut app = NianbaoApp::new(draft, None, None);
    app.use_file_dialogs = false;
    let mut h = window(app);
    open_register(&mut h, &csv);
    h.get_by_label("从登记台账生成表三");
    h.get_by_label_contains("未使用：第 10 行");
    h.get_by_label_contains("无法归类：答复结果“已处理”");
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

fn write_csv(path: &Path, rows: &[Vec<&str>]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("csv");
    for r in rows {
        w.write_record(r).expect("row");
    }
    w.flush().expect("flush");
}

/// A value no rule maps, given its category by the clerk: counted, said so in the visible
/// mapping table, and read back from a mapping file by the command.
#[test]
fn a_value_mapped_by_hand_is_counted_and_the_mapping_file_is_used() {
    use nianbao::register::{How, Mapping, read_rows, roles, tally_with};
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let rows = read_rows(&csv, None).expect("rows");
    let mut m = Mapping::default();
    m.set_value(roles::RESULT, "已处理", Some("granted"));
    // A rule overridden: this agency writes 信息不存在 for 没有现成信息.
    m.set_value(roles::RESULT, "信息不存在", Some("unable_2"));
    let t = tally_with(&rows, 2025, &m).expect("tally");
    assert!(t.unmapped.is_empty(), "{:?}", t.unmapped);
    assert_eq!(t.count("granted", "natural"), 2, "row 9 now counted");
    assert_eq!(t.count("unable_1", "natural"), 0);
    assert_eq!(t.count("unable_2", "natural"), 1);
    assert_eq!(t.used, 6);
    let manual: Vec<&str> = t
        .values
        .iter()
        .filter(|v| v.how == Some(How::Manual))
        .map(|v| v.value.as_str())
        .collect();
    assert_eq!(manual, vec!["信息不存在", "已处理"]);
    let by_name: Vec<(&str, Option<&str>)> = t
        .values
        .iter()
        .filter(|v| v.how == Some(How::Name))
        .map(|v| (v.value.as_str(), v.to.as_deref()))
        .collect();
    assert!(
        by_name.contains(&("法人或其他组织", Some("legal"))),
        "{by_name:?}"
    );

    let file = dir.path().join("映射.ron");
    m.save(&file).expect("save");
    let o = common::nianbao(&[
        "tally",
        common::arg(&csv),
        "--year",
        "2025",
        "--mapping",
        common::arg(&file),
    ]);
    let text = common::stdout(&o);
    assert!(
        text.contains("答复结果“已处理” → （一）予以公开（1 行，手动指定）"),
        "{text}"
    );
    assert!(!text.contains("无法归类："), "{text}");
    assert_eq!(o.status.code(), Some(1), "row 10 is still left out");

    std::fs::write(&file, "(values: {\"答复结果\": {\"已处理\": \"公开\"}})").expect("write");
    let o = common::nianbao(&[
        "tally",
        common::arg(&csv),
        "--year",
        "2025",
        "--mapping",
        common::arg(&file),
    ]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("不是规定的类别"), "{e}");
    assert_ne!(o.status.code(), Some(0));
}

/// A header too general to be sure of is marked for the clerk to confirm; the column the clerk
/// chooses (by its header, kept in the mapping) is the one counted.
#[test]
fn an_unsure_column_is_marked_and_the_clerks_choice_is_used() {
    use nianbao::register::{Mapping, tally, tally_with};
    let rows: Vec<Vec<String>> = [
        vec![
            "收到日期",
            "申请人",
            "类型",
            "答复日期",
            "处理结果",
            "办理情况",
        ],
        vec![
            "2025-01-05",
            "甲",
            "个人",
            "2025-01-20",
            "已办结",
            "予以公开",
        ],
        vec![
            "2025-02-05",
            "乙",
            "个人",
            "2025-02-20",
            "已办结",
            "信息不存在",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    let t = tally(&rows, 2025).expect("tally");
    assert_eq!(t.columns.unsure, vec!["申请人类型".to_string()]);
    assert_eq!(
        t.unmapped.len(),
        1,
        "「已办结」 says nothing: {:?}",
        t.unmapped
    );
    let mut m = Mapping::default();
    m.columns.insert("答复结果".into(), "办理情况".into());
    m.columns.insert("申请人类型".into(), "类型".into());
    let t = tally_with(&rows, 2025, &m).expect("tally");
    assert!(t.columns.unsure.is_empty());
    assert!(t.complete(), "{:?}", t.unmapped);
    assert_eq!(t.count("granted", "natural"), 1);
    assert_eq!(t.count("unable_1", "natural"), 1);
}

/// A register as WPS and many agencies lay it out: a merged title, a header of two rows (申请人
/// over 名称 and 类型, 答复 over 日期 and 结果, 收到日期 merged down), dates as date cells in the
/// 「2025年3月5日」 format and as date-times written as text.
#[test]
fn a_two_row_merged_header_and_chinese_date_cells_are_read() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("台账（WPS）.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    sheet
        .merge_range(0, 0, 0, 6, "2025年度政府信息公开申请登记台账", &plain)
        .expect("title");
    sheet
        .merge_range(1, 0, 2, 0, "序号", &plain)
        .expect("merge");
    sheet
        .merge_range(1, 1, 1, 2, "申请人", &plain)
        .expect("merge");
    sheet
        .merge_range(1, 3, 2, 3, "收到日期", &plain)
        .expect("merge");
    sheet
        .merge_range(1, 4, 1, 6, "答复", &plain)
        .expect("merge");
    for (c, h) in [
        (1u16, "名称"),
        (2, "类型"),
        (4, "日期"),
        (5, "结果"),
        (6, "理由"),
    ] {
        sheet.write_string(2, c, h).expect("head");
    }
    // (name, type, received, answered, result)
    type App<'a> = (&'a str, &'a str, (u16, u8, u8), &'a str, &'a str);
    let apps: [App; 4] = [
        (
            "张三丰",
            "个人",
            (2025, 3, 5),
            "2025-03-20 10:30",
            "予以公开",
        ),
        (
            "明理律师事务所",
            "法人或其他组织",
            (2025, 4, 1),
            "2025/4/15 9:00",
            "部分公开",
        ),
        ("李四海", "公民", (2025, 5, 6), "2025.5.20", "本机关不掌握"),
        ("王五岳", "个人", (2025, 12, 28), "", ""),
    ];
    for (i, (name, kind, (y, m, d), answered, result)) in apps.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).expect("no");
        sheet.write_string(r, 1, *name).expect("name");
        sheet.write_string(r, 2, *kind).expect("kind");
        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
        sheet
            .write_datetime_with_format(r, 3, &dt, &date)
            .expect("date");
        sheet.write_string(r, 4, *answered).expect("answered");
        sheet.write_string(r, 5, *result).expect("result");
    }
    book.save(&path).expect("save");
    let t = tally_file(&path, 2025, None).expect("tally");
    assert_eq!(t.columns.header_row, 2);
    assert_eq!(t.columns.found.get("收到日期"), Some(&3));
    assert_eq!(t.columns.found.get("答复日期"), Some(&4));
    assert_eq!(t.columns.found.get("答复结果"), Some(&5));
    assert_eq!(t.columns.found.get("申请人类型"), Some(&2));
    assert!(t.complete(), "{:?} {:?}", t.left_out, t.unmapped);
    assert_eq!(t.count("new", "total"), 4);
    assert_eq!(t.count("granted", "natural"), 1);
    assert_eq!(t.count("partly", "legal"), 1);
    assert_eq!(t.count("unable_1", "natural"), 1);
    assert_eq!(t.count("carried_out", "natural"), 1);
    assert_eq!(t.dates.get(&4).map(String::as_str), Some("2025-03-05"));
}

/// The register saved by LibreOffice as .ods and as Excel 97 .xls (tests/data/register/): the
/// same count.
#[test]
fn libreoffice_ods_and_excel_97_registers_are_counted() {
    for name in ["台账.ods", "台账.xls"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/register")
            .join(name);
        let t = tally_file(&path, 2025, None).expect(name);
        assert_expected(&t);
    }
}

/// Table 四 from a register of 复议 and 诉讼 cases: the year's cases by kind and result, a case
/// undecided at the year's end 尚未审结, a bare 「行政诉讼」 listed (it does not say whether a
/// 复议 came first) until the clerk maps it.
#[test]
fn table_four_is_counted_from_a_register_of_cases() {
    use nianbao::register::{Mapping, read_rows, roles, tally_with};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("复议诉讼台账.csv");
    write_csv(
        &path,
        &[
            vec![
                "序号",
                "案件类型",
                "申请人（原告）",
                "收到日期",
                "审理结果",
                "审结日期",
            ],
            vec![
                "1",
                "行政复议",
                "张三丰",
                "2025-02-01",
                "维持",
                "2025-04-01",
            ],
            vec![
                "2",
                "行政复议",
                "李四海",
                "2025-03-01",
                "撤销原行政行为",
                "2025-05-01",
            ],
            vec![
                "3",
                "行政诉讼（未经复议直接起诉）",
                "王五岳",
                "2025-06-01",
                "驳回诉讼请求",
                "2025-09-01",
            ],
            vec!["4", "复议后起诉", "赵六合", "2025-11-01", "", ""],
            vec![
                "5",
                "行政复议",
                "钱七星",
                "2025-12-01",
                "维持",
                "2026-01-15",
            ],
            vec![
                "6",
                "行政复议",
                "孙八方",
                "2024-05-01",
                "维持",
                "2024-06-01",
            ],
            vec![
                "7",
                "行政诉讼",
                "周九州",
                "2025-07-01",
                "维持",
                "2025-08-01",
            ],
            vec![
                "8",
                "行政复议",
                "吴十全",
                "2025-08-01",
                "终止",
                "2025-07-01",
            ],
        ],
    );
    let t = tally_file(&path, 2025, None).expect("tally");
    assert_eq!(t.table, "t4");
    let get = |c: &str| t.count("cases", c);
    assert_eq!(get("review_upheld"), 1);
    assert_eq!(get("review_corrected"), 1);
    assert_eq!(get("review_pending"), 1, "decided in 2026");
    assert_eq!(get("review_total"), 3);
    assert_eq!(get("suit_direct_upheld"), 1);
    assert_eq!(get("suit_direct_total"), 1);
    assert_eq!(get("suit_after_pending"), 1);
    assert_eq!(get("suit_after_total"), 1);
    assert_eq!(t.other_years, 1);
    assert_eq!(t.left_out.len(), 1);
    assert_eq!(t.left_out[0].row, 9);
    assert_eq!(
        t.unmapped,
        vec![("案件类型".to_string(), "行政诉讼".to_string(), vec![8])]
    );
    let mut m = Mapping::default();
    m.set_value(roles::CASE_KIND, "行政诉讼", Some("suit_direct"));
    let t = tally_with(&read_rows(&path, None).expect("rows"), 2025, &m).expect("tally");
    assert_eq!(t.count("cases", "suit_direct_upheld"), 2);

    // The command fills table 四 of a new draft: R4 holds, and nothing personal is kept.
    let draft = dir.path().join("2025.ron");
    let o = common::nianbao(&[
        "tally",
        common::arg(&path),
        "--year",
        "2025",
        "-o",
        common::arg(&draft),
    ]);
    let text = common::stdout(&o);
    assert!(text.contains("表四"), "{text}");
    let r = common::fixture(&draft);
    assert_eq!(r.cell_text("t4.cases.review_total"), "3");
    assert!(!nianbao::core::check(&r).iter().any(|f| f.rule == Rule::R4));
    let kept = std::fs::read_to_string(&draft).expect("draft");
    for p in ["张三丰", "李四海", "王五岳", "周九州"] {
        assert!(!kept.contains(p), "the draft holds {p}");
    }
}

/// The register's 二、上年结转 compared with last year's 四、结转下年度: a difference is named.
#[test]
fn the_registers_carried_in_is_compared_with_last_years_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let mut last = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2024);
    for (col, v) in [
        ("natural", "0"),
        ("business", "2"),
        ("research", "0"),
        ("nonprofit", "0"),
        ("legal", "0"),
        ("other", "0"),
        ("total", "2"),
    ] {
        last.set_cell(&format!("t3.carried_out.{col}"), v.to_string());
    }
    let last_path = dir.path().join("2024.ron");
    nianbao::store::save(&last, &last_path).expect("save");
    let mut draft = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2025);
    draft.previous_report = Some(last_path.display().to_string());
    let draft_path = dir.path().join("2025.ron");
    nianbao::store::save(&draft, &draft_path).expect("save");
    let o = common::nianbao(&[
        "tally",
        common::arg(&csv),
        "--year",
        "2025",
        "--into",
        common::arg(&draft_path),
    ]);
    let text = common::stdout(&o);
    assert!(
        text.contains("上年结转（商业企业）：台账计 1 件，上年度报告的结转下年度为 2 件"),
        "{text}"
    );
    assert!(text.contains("上年结转（总计）"), "{text}");
    assert!(!text.contains("上年结转（自然人）"), "{text}");
    // The draft keeps which rows stand behind each cell: numbers and dates only.
    let r = common::fixture(&draft_path);
    let count = r.counted_from.first().expect("kept");
    assert_eq!(count.file, "台账.csv");
    assert_eq!(count.sha256.len(), 64);
    assert_eq!(
        count.rows.get("t3.denied_1.legal").map(Vec::as_slice),
        Some(&[4][..])
    );
    let line = count.describe("t3.denied_1.legal", "1").expect("line");
    assert_eq!(line, "登记台账 台账.csv 计 1 件：第 4 行（2025-04-01）");
    let line = count.describe("t3.denied_1.legal", "2").expect("line");
    assert!(line.ends_with("现填 2，与台账不同"), "{line}");
}

/// The window: a value no rule maps is given its row by hand in the dialog's mapping table, the
/// table is filled, undo restores it; the mapping is kept for the agency and used the next time.
#[test]
fn the_window_maps_a_value_by_hand_fills_the_table_and_keeps_the_mapping() {
    use egui::accesskit::Role as A11y;
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::{NodeT, Queryable};
    use nianbao::app::NianbaoApp;
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("台账.csv");
    write_csv_gbk(&csv);
    let state = dir.path().join("state");
    let mut draft = nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2025);
    draft.meta.agency = "某某局".into();
    let mut app = NianbaoApp::new(draft, None, Some(state.clone()));
    app.use_file_dialogs = false;
    let mut h = window(app);
    open_register(&mut h, &csv);
    h.get_by_label("从登记台账生成表三");
    h.get_by_label_contains("无法归类：答复结果“已处理”");
    h.get_by_label("答复结果“已处理”计入").scroll_to_me();
    h.run();
    h.get_by_label("答复结果“已处理”计入").click();
    h.run();
    let choice = h
        .get_all_by_role(A11y::Button)
        .find(|n| {
            n.accesskit_node().value().as_deref() == Some("（一）予以公开")
                || n.accesskit_node().label().as_deref() == Some("（一）予以公开")
        })
        .expect("the choice in the list");
    choice.click();
    h.run();
    assert!(
        h.query_by_label_contains("无法归类：答复结果“已处理”")
            .is_none(),
        "the value is mapped now"
    );
    h.get_by_label("填入草稿").click();
    h.run();
    let r = &h.state().doc.report;
    assert_eq!(r.cell_text("t3.granted.natural"), "2", "row 9 counted");
    assert_eq!(r.cell_text("t3.new.total"), "5");
    assert_eq!(
        r.counted_from
            .first()
            .and_then(|c| c.describe("t3.granted.natural", "2")),
        Some("登记台账 台账.csv 计 2 件：第 3 行（2025-03-05）、第 9 行（2025-06-01）".to_string())
    );
    // The cell says which register rows stand behind it.
    h.get_by_label("三、（一）予以公开 · 自然人").hover();
    h.run_steps(60);
    h.get_by_label_contains("登记台账 台账.csv 计 2 件：第 3 行（2025-03-05）");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.state().doc.report.cell_text("t3.new.total").is_empty(),
        "undone in one step"
    );
    // Kept for the agency, and used when the register is counted again.
    let kept = state.join("register-mappings").join("某某局.ron");
    let m = nianbao::register::Mapping::load(&kept).expect("kept");
    assert_eq!(m.result_row("已处理"), Some("granted"));
    open_register(&mut h, &csv);
    h.get_by_label("答复结果“已处理”计入");
    // The preview marks every cell of the (blank again) draft as different.
    let all = nianbao::register::filled_cells(
        &tally_file(&csv, 2025, None).expect("tally"),
        &h.state().doc.report,
    )
    .len();
    h.get_by_label_contains(&format!("与草稿现有数值不同的 {all} 格"));
    assert!(
        h.query_by_label_contains("无法归类：答复结果“已处理”")
            .is_none()
    );
    h.get_by_label("取消").click();
    h.run();
}
