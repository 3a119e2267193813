//! Issue 30, first part: this year's draft started from last year's report (`new --from`, and
//! 新建 → 以上年度报告为底稿 in the window): year + 1, agency and contact carried, table 三's
//! 上年结转 from last year's 结转下年度 column by column, no prose, last year's kept as the
//! previous report so that C13–C15 run at once.

use std::path::PathBuf;

use nianbao::core::Rule;
use nianbao::core::template::CellId;

use crate::common;

fn sources() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = [
        "taierzhuang-hrss-2021.txt",
        "huoshan-hrss-2021.txt",
        "qianjin-hrss-2022.txt",
        "luan-hrss-2023.txt",
        "real-reports/shuyang-fgj-2023.txt",
        "real-reports/shanghai-bgt-2025.txt",
        "real-reports/pingtan/10_pingtan-shs-2023.docx",
    ]
    .iter()
    .map(|n| common::data(n))
    .collect();
    v.push(common::asset("sample-gov2021.ron"));
    v.push(common::asset("sample-gov2019.ron"));
    v
}

#[test]
fn a_draft_from_last_years_report_carries_what_it_should_and_no_prose() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (k, src) in sources().iter().enumerate() {
        let last = nianbao::import::load_report(src).expect("source");
        let out = dir.path().join(format!("next{k}.ron"));
        let o = common::nianbao(&["new", "--from", common::arg(src), "-o", common::arg(&out)]);
        assert!(
            o.status.success(),
            "{}: {}",
            src.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let next = common::fixture(&out);
        assert_eq!(next.meta.year, last.meta.year + 1, "{}", src.display());
        assert_eq!(next.meta.agency, last.meta.agency.trim());
        assert_eq!(next.meta.contact, last.meta.contact);
        assert!(
            next.parts.iter().all(|p| p.is_blank()),
            "{}: prose copied",
            src.display()
        );
        assert!(next.meta.lead.is_empty());
        let block = &next.template().table("t3").expect("t3").blocks[0];
        for col in &block.columns {
            let from = CellId::new("t3", "carried_out", col.id).key();
            let to = CellId::new("t3", "carried_in", col.id).key();
            let want = if last.value(&from).arith().is_some() {
                last.cell_text(&from).trim()
            } else {
                ""
            };
            assert_eq!(next.cell_text(&to), want, "{} {to}", src.display());
        }
        // Last year's is remembered: `check` compares with it (C13 silent), and a 上年结转
        // changed by hand is caught without --previous.
        assert!(next.previous_report.is_some());
        let o = common::nianbao(&["check", "--json", common::arg(&out)]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let rules: Vec<String> = json[0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or("").to_string())
            .collect();
        assert!(
            !rules.contains(&"C13".to_string()),
            "{}: {rules:?}",
            src.display()
        );
        if !next.cell_text("t3.carried_in.total").is_empty() {
            let mut wrong = next.clone();
            wrong.set_cell("t3.carried_in.total", "999");
            nianbao::store::save(&wrong, &out).expect("save");
            let o = common::nianbao(&["check", common::arg(&out)]);
            assert!(common::stdout(&o).contains("C13"), "{}", src.display());
        }
    }
}

/// The window: 新建 → 以上年度报告为底稿 from a seed; the draft is unsaved, compares with last
/// year's at once, and each part shows last year's text read-only.
#[test]
fn the_window_starts_this_years_draft_from_last_years() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use nianbao::app::{NianbaoApp, View, fonts};
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let mut app = NianbaoApp::new(
        common::fixture(&common::asset("sample-gov2021.ron")),
        None,
        None,
    );
    app.use_file_dialogs = false;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h.state_mut().queue(nianbao::app::command::Command::New);
    h.run();
    h.run();
    h.get_by_label("以上年度报告为底稿…").click();
    h.run();
    let src = common::data("luan-hrss-2023.txt");
    h.get_by_label("文件路径").focus();
    h.run();
    h.get_by_label("文件路径")
        .type_text(&src.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    h.run();
    let doc = &h.state().doc;
    assert_eq!(doc.report.meta.year, 2024);
    assert_eq!(doc.report.meta.agency, "六安市人力资源和社会保障局");
    assert_eq!(doc.report.cell_text("t3.carried_in.total"), "1");
    assert!(doc.previous.is_some());
    assert!(
        doc.is_dirty() && doc.path.is_none(),
        "saved only where the clerk says"
    );
    assert!(!doc.findings.iter().any(|f| f.rule == Rule::C13));
    h.state_mut().view = View::Part(5);
    h.run();
    h.get_by_label_contains("上年度（2023年）这一部分的文字（只读）");
    // Table 二's 现行有效 stays for the clerk, last year's figure shown in the blank cell.
    let hints = nianbao::core::carry::in_force_last_year(
        &h.state().doc.report,
        &h.state().doc.previous.as_ref().expect("previous").0,
    );
    assert!(!hints.is_empty());
    assert!(
        hints
            .iter()
            .all(|(id, _)| h.state().doc.report.cell_text(id).is_empty())
    );
    h.state_mut().view = View::Part(2);
    h.run();
    // (egui gives a blank field's hint to no accessibility node: the grid's own state is read.)
    for (id, v) in &hints {
        assert_eq!(
            h.state().nav.hints.get(id).map(String::as_str),
            Some(format!("上年 {v}").as_str())
        );
    }
}
