//! The window driven through its accessibility tree, as a clerk would use it (egui_kittest; no
//! GPU, no display).

use crate::common;
use nianbao::core::template::CellId;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nianbao::app::{NianbaoApp, View, fonts};
use nianbao::core::{Report, Rule};

fn harness(report: Report) -> Harness<'static, NianbaoApp> {
    harness_sized(report, egui::vec2(1400.0, 1000.0))
}

fn harness_sized(report: Report, size: egui::Vec2) -> Harness<'static, NianbaoApp> {
    let font = match fonts::read_font(fonts::GUI_FONT) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    let mut app = NianbaoApp::new(report, None, None);
    app.view = View::Part(3);
    let mut h = Harness::builder()
        .with_size(size)
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h
}

fn sample() -> Report {
    common::fixture(&common::asset("sample-gov2021.ron"))
}

const TOTAL: &str = "三、（七）总计 · 总计";

fn type_into(h: &mut Harness<'static, NianbaoApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label(label).type_text(text);
    h.run();
}

#[test]
fn a_wrong_total_is_found_and_cleared() {
    let mut h = harness(sample());
    assert!(h.query_by_label_contains("应为 27").is_none());
    type_into(&mut h, TOTAL, "30");
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "30");
    // The finding is in the panel, naming the cell and the value that makes it hold.
    // (and in the bar above the table, the cell being selected)
    assert!(
        h.get_all_by_label_contains("三、（七）总计 · 总计 为 30，应为 27")
            .count()
            >= 1
    );
    let marks = nianbao::app::grid::marks(&h.state().doc.findings);
    assert!(marks.get("t3.total.total").is_some_and(|m| m.culprit));
    type_into(&mut h, TOTAL, "27");
    assert!(h.query_by_label_contains("应为 27").is_none());
    assert!(
        h.state().doc.findings.is_empty(),
        "{:#?}",
        h.state().doc.findings
    );
}

#[test]
fn one_click_fix_from_the_findings_panel() {
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.get_by_label("改为 3").click();
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "3");
    assert!(h.state().doc.findings.iter().all(|f| f.rule != Rule::R1));
}

#[test]
fn one_click_fix_on_the_failing_cell() {
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.get_by_label(TOTAL).focus();
    h.run();
    // The button sits under the cell (the findings panel has its own, so take the last one).
    let buttons = h.get_all_by_label("改为 3").count();
    assert_eq!(buttons, 2, "one in the panel, one on the cell");
    h.get_all_by_label("改为 3").last().expect("button").click();
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "3");
    assert!(h.query_by_label("改为 3").is_none());
}

#[test]
fn arrows_move_between_cells_at_the_edge_of_the_text() {
    let mut h = harness(sample());
    let a = "三、（一）予以公开 · 自然人";
    h.get_by_label(a).focus();
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert!(
        h.get_by_label("三、（二）部分公开（区分处理的，只计这一情形，不计其他情形） · 自然人")
            .is_focused()
    );
    h.key_press(Key::ArrowUp);
    h.run();
    assert!(h.get_by_label(a).is_focused());
    // The whole text is selected on arrival; Right first moves the caret to the end, then on.
    h.key_press(Key::End);
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    assert!(h.get_by_label("三、（一）予以公开 · 商业企业").is_focused());
    h.key_press(Key::ArrowLeft);
    h.run();
    assert!(
        h.get_by_label("三、（一）予以公开 · 商业企业").is_focused(),
        "caret not at the start yet"
    );
    h.key_press(Key::Home);
    h.run();
    h.key_press(Key::ArrowLeft);
    h.run();
    assert!(h.get_by_label(a).is_focused());
}

#[test]
fn tab_and_enter_move_like_a_spreadsheet() {
    let mut h = harness(sample());
    let a = "三、一、本年新收政府信息公开申请数量 · 自然人";
    h.get_by_label(a).focus();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert!(
        h.get_by_label("三、一、本年新收政府信息公开申请数量 · 商业企业")
            .is_focused()
    );
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.get_by_label("三、二、上年结转政府信息公开申请数量 · 商业企业")
            .is_focused()
    );
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    assert!(
        h.get_by_label("三、二、上年结转政府信息公开申请数量 · 自然人")
            .is_focused()
    );
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert!(h.get_by_label(a).is_focused());
    // Typing into a cell reached by the keyboard replaces its content.
    h.get_by_label(a).type_text("5");
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.new.natural"), "5");
}

#[test]
fn paste_a_block_from_a_spreadsheet() {
    let mut h = harness(Report::new(nianbao::core::FormatVersion::Gov2021, 2024));
    h.get_by_label("三、一、本年新收政府信息公开申请数量 · 自然人")
        .focus();
    h.run();
    h.event(egui::Event::Paste("1\t2\t3\r\n4\t5\t6\r\n".into()));
    h.run();
    let r = &h.state().doc.report;
    let got: Vec<&str> = [
        "t3.new.natural",
        "t3.new.business",
        "t3.new.research",
        "t3.carried_in.natural",
        "t3.carried_in.business",
        "t3.carried_in.research",
    ]
    .iter()
    .map(|id| r.cell_text(id))
    .collect();
    assert_eq!(got, ["1", "2", "3", "4", "5", "6"]);
    // A block that runs off the table is reported, not silently cut.
    h.get_by_label("三、一、本年新收政府信息公开申请数量 · 总计")
        .focus();
    h.run();
    h.event(egui::Event::Paste("7\t8\n9\t10\n".into()));
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.new.total"), "7");
    h.get_by_label_contains("另有 2 格超出表格范围");
}

#[test]
fn undo_and_redo_a_cell_edit() {
    let mut h = harness(sample());
    type_into(&mut h, TOTAL, "99");
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "99");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "27");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "99");
}

#[test]
fn autosum_fixes_a_broken_table() {
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.get_by_label("计算合计").click();
    h.run();
    let f = &h.state().doc.findings;
    assert!(
        f.iter()
            .all(|x| !matches!(x.rule, Rule::R1 | Rule::R2 | Rule::R3)),
        "{f:#?}"
    );
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "3");
    // One undo step restores the clerk's figures.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "0");
}

#[test]
fn a_broken_file_is_reported_and_the_draft_kept() {
    let mut h = harness(sample());
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("坏文件.ron");
    std::fs::write(
        &bad,
        "(format: \"nianbao-draft\", version: 1, report: (meta: (",
    )
    .expect("write");
    h.state_mut().open_path(&bad);
    h.run();
    h.get_by_label_contains("坏文件.ron 已损坏");
    assert_eq!(h.state().doc.report, sample());
}

#[test]
fn a_finding_click_selects_its_part() {
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.get_by_label_contains("未说明信息处理费").click();
    h.run();
    assert_eq!(h.state().view, View::Part(6));
    h.get_by_label_contains("“29.313万元”带了单位").click();
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Part(2));
    assert!(
        h.get_by_label("二、行政事业性收费 · 本年收费金额（单位：万元）")
            .is_focused()
    );
}

#[test]
fn unsaved_changes_are_not_lost_when_opening_another_file() {
    let mut h = harness(sample());
    type_into(&mut h, TOTAL, "28");
    let other = common::data("huoshan-2021.ron");
    h.state_mut().open_or_ask(&other);
    h.run();
    h.get_by_label_contains("有未保存的修改");
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(
        h.state().doc.report.cell_text("t3.total.total"),
        "28",
        "cancel keeps the edits"
    );
    h.state_mut().open_or_ask(&other);
    h.run();
    h.get_by_label("不保存").click();
    h.run();
    assert_eq!(
        h.state().doc.report.meta.agency,
        "霍山县人力资源和社会保障局"
    );
}

#[test]
fn ctrl_s_saves_and_a_failed_save_is_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("草稿.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &path).expect("copy");
    let state = dir.path().join("state");
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let mut app = NianbaoApp::open_startup(&path, Some(state.clone()));
    app.use_file_dialogs = false;
    app.view = View::Part(3);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    type_into(&mut h, TOTAL, "26");
    assert!(h.state().doc.is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().doc.is_dirty());
    assert_eq!(common::fixture(&path).cell_text("t3.total.total"), "26");
    h.get_by_label_contains("已保存到");
    // Recent files remember it, across runs.
    assert_eq!(h.state().recent().first(), Some(&path));
    let again = NianbaoApp::new(sample(), None, Some(state));
    assert_eq!(again.recent().first(), Some(&path));
    // A save that cannot happen says so, and the draft stays as it is.
    let bad = dir.path().join("没有这个文件夹/草稿.ron");
    assert!(!h.state_mut().save_to(&bad));
    h.run();
    h.get_by_label_contains("无法保存到");
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "26");
}

#[test]
fn a_prose_finding_selects_its_sentence() {
    let mut r = sample();
    let body = &mut r.parts[0].sections[1].body;
    *body = body.replace(
        "本年新收政府信息公开申请26件",
        "本年新收政府信息公开申请25件",
    );
    let mut h = harness(r);
    // Counted in the navigation like any other finding.
    h.get_by_label("一、总体情况（提醒 1）");
    h.get_by_label_contains("写的是 25件").click();
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Part(1));
    let editor = h.get_by_label("一、第2小节正文");
    assert!(editor.is_focused());
    let id = NianbaoApp::text_id(1, nianbao::core::TextField::Body(1));
    let range = egui::TextEdit::load_state(&h.ctx, id)
        .and_then(|s| s.cursor.char_range())
        .expect("a selection");
    let body = &h.state().doc.report.parts[0].sections[1].body;
    let selected: String = body
        .chars()
        .skip(range.secondary.index.0.min(range.primary.index.0))
        .take(range.primary.index.0.abs_diff(range.secondary.index.0))
        .collect();
    assert_eq!(selected, "本年新收政府信息公开申请25件");
}

#[test]
fn import_from_the_file_menu_shows_what_could_not_be_placed() {
    let mut h = harness(sample());
    h.get_by_label("文件").click();
    h.run();
    h.get_by_label("导入已发布的报告（PDF、Word、网页或文本）…")
        .click();
    h.run();
    let seed = common::data("luan-hrss-2023.txt");
    h.get_by_label("文件路径").focus();
    h.run();
    h.get_by_label("文件路径")
        .type_text(&seed.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.run();
    let app = h.state();
    says_imported(app);
    assert_eq!(app.doc.report.meta.agency, "六安市人力资源和社会保障局");
    assert_eq!(app.doc.report.cell_text("t2.permits.decisions"), "135");
    // A new draft: unsaved, with no file yet, so nothing is overwritten by a save.
    assert!(app.doc.is_dirty());
    assert!(app.doc.path.is_none());
    // The import findings are in the panel, in Chinese.
    h.get_by_label_contains("原文这一行有 6 个数");
    h.get_by_label_contains("原文中没有找到表四");
}

/// The status line reports an import, and the result is a new draft with no file yet.
fn says_imported(app: &NianbaoApp) {
    assert!(
        app.status()
            .is_some_and(|(m, e)| !e && m.contains("已导入")),
        "{:?}",
        app.status()
    );
    assert!(app.doc.path.is_none(), "a new, unsaved draft");
}

/// 为本表添加批注… → the text → 添加 (the prompt has the keyboard when it opens).
fn comment_on_the_table(h: &mut Harness<'static, NianbaoApp>, text: &str) {
    h.get_by_label("为本表添加批注…").click();
    h.run();
    h.get_by_label("批注内容").type_text(text);
    h.run();
    h.get_by_label("添加").click();
    h.run();
}

fn click_menu(h: &mut Harness<'static, NianbaoApp>, menu: &str, item: &str) {
    h.get_by_label(menu).click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

/// Answers the path field (shown where there is no file dialog) with `path`, replacing the
/// suggested name, and confirms.
fn answer_path(h: &mut Harness<'static, NianbaoApp>, path: &std::path::Path) {
    h.get_by_label("文件路径").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_label("文件路径")
        .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("确定").click();
    h.run();
}

#[test]
fn a_prompt_refuses_a_blank_answer_and_enter_confirms() {
    let mut h = harness(sample());
    // Reviewing without a name asks for one first.
    click_menu(&mut h, "审核", "提交审核（待审核）");
    h.get_by_label("请填写姓名");
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label("姓名");
    assert_eq!(h.state().user(), "", "a blank name is not taken");
    h.get_by_label("姓名").focus();
    h.run();
    h.get_by_label("姓名").type_text("  王审核 ");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().user(), "王审核");
    assert!(h.query_by_label("姓名").is_none(), "the prompt has closed");
    // …and what it interrupted goes on.
    assert_eq!(
        h.state().doc.report.review.status,
        nianbao::core::review::Status::Submitted
    );
    // Escape cancels a prompt and keeps nothing of it.
    click_menu(&mut h, "审核", "设置我的姓名…");
    // The field has the keyboard when the prompt opens: typing needs no click.
    h.run();
    assert!(h.get_by_label("姓名").is_focused());
    h.get_by_label("姓名").type_text("李");
    h.run();
    assert!(
        h.get_by_label("姓名")
            .value()
            .is_some_and(|v| v.contains('李'))
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("姓名").is_none(), "Escape closes it");
    assert_eq!(h.state().user(), "王审核");
}

#[test]
fn a_comment_typed_before_the_name_is_set_is_not_lost() {
    let mut h = harness(sample());
    comment_on_the_table(&mut h, "请附申请登记表");
    // No name yet: the name prompt comes first; cancelling it gives the comment back.
    h.get_by_label("姓名");
    assert!(h.state().doc.report.review.comments.is_empty());
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(
        h.get_by_label("批注内容").value().as_deref(),
        Some("请附申请登记表")
    );
    h.get_by_label("添加").click();
    h.run();
    // Ctrl+Enter confirms a multi-line prompt.
    h.get_by_label("取消").click();
    h.run();
    h.get_by_label("批注内容").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    // Naming oneself carries on and adds the comment under that name.
    h.get_by_label("姓名").type_text("李审核");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let c = &h.state().doc.report.review.comments;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].text, "请附申请登记表");
    assert_eq!(c[0].author, "李审核");
    assert!(h.query_by_label("批注内容").is_none());
}

#[test]
fn sign_off_locks_the_draft_and_reopening_asks_why() {
    use nianbao::core::review::Status;
    let mut h = harness(sample());
    h.state_mut().set_user("李审核");
    click_menu(&mut h, "审核", "提交审核（待审核）");
    click_menu(&mut h, "审核", "定稿（需无错误）");
    assert_eq!(h.state().doc.report.review.status, Status::Final);
    h.get_by_label_contains("定稿，只读");
    // Typing into a cell does nothing now.
    let before = h.state().doc.report.cell_text("t3.new.natural").to_string();
    h.get_by_label("三、一、本年新收政府信息公开申请数量 · 自然人")
        .type_text("9");
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.new.natural"), before);
    // Nor can the totals be recomputed (issue 16): the button is off, and asking anyway says why.
    {
        use egui_kittest::kittest::NodeT;
        assert!(h.get_by_label("计算合计").accesskit_node().is_disabled());
    }
    h.state_mut().autosum(None);
    h.run();
    h.get_by_label_contains("定稿为只读");
    // Reopening asks for a reason, and records it.
    click_menu(&mut h, "审核", "重新打开：退回修改…");
    h.get_by_label("请填写理由");
    h.get_by_label("重新打开").click();
    h.run();
    assert_eq!(
        h.state().doc.report.review.status,
        Status::Final,
        "no reason, no change"
    );
    h.get_by_label("重新打开的理由").focus();
    h.run();
    h.get_by_label("重新打开的理由").type_text("补充收费说明");
    h.run();
    h.get_by_label("重新打开").click();
    h.run();
    let r = &h.state().doc.report.review;
    assert_eq!(r.status, Status::Returned);
    let last = r.history.last().expect("recorded");
    assert_eq!(last.by, "李审核");
    assert!(last.event.contains("补充收费说明"), "{}", last.event);
}

#[test]
fn sign_off_is_refused_while_errors_remain() {
    use nianbao::core::review::Status;
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.state_mut().set_user("李审核");
    click_menu(&mut h, "审核", "提交审核（待审核）");
    click_menu(&mut h, "审核", "定稿（需无错误）");
    assert_eq!(h.state().doc.report.review.status, Status::Submitted);
    h.get_by_label_contains("不能定稿");
}

#[test]
fn the_review_follows_its_states() {
    use egui_kittest::kittest::NodeT;
    use nianbao::core::review::Status;
    let mut h = harness(sample());
    h.state_mut().set_user("李审核");
    // A draft never submitted can be neither returned nor signed off.
    h.get_by_label("审核").click();
    h.run();
    assert!(h.get_by_label("退回修改").accesskit_node().is_disabled());
    assert!(
        h.get_by_label("定稿（需无错误）")
            .accesskit_node()
            .is_disabled()
    );
    h.key_press(Key::Escape);
    h.run();
    // Asked anyway (a shortcut, a script), the window says why and changes nothing.
    h.state_mut().request_status(Status::Final);
    h.run();
    assert_eq!(h.state().doc.report.review.status, Status::Drafting);
    h.get_by_label_contains("定稿前须先提交审核");
    // Submitted, it can be returned: with a reason, which the history keeps.
    click_menu(&mut h, "审核", "提交审核（待审核）");
    assert_eq!(h.state().doc.report.review.status, Status::Submitted);
    click_menu(&mut h, "审核", "退回修改");
    h.get_by_label("退回").click();
    h.run();
    assert_eq!(
        h.state().doc.report.review.status,
        Status::Submitted,
        "no reason, not returned"
    );
    h.get_by_label("请写明要修改什么");
    h.get_by_label("退回修改的理由").focus();
    h.run();
    h.get_by_label("退回修改的理由").type_text("收费说明不完整");
    h.run();
    h.get_by_label("退回").click();
    h.run();
    let r = &h.state().doc.report.review;
    assert_eq!(r.status, Status::Returned);
    assert!(
        r.history
            .last()
            .is_some_and(|e| e.event.contains("收费说明不完整")),
        "{:?}",
        r.history
    );
}

#[test]
fn a_warning_is_verified_and_a_cell_commented_from_the_window() {
    let mut h = harness(common::fixture(&common::data("taierzhuang-2021.ron")));
    h.state_mut().set_user("李审核");
    // C9 (part 一 too long) is a warning: mark it.
    h.get_by_label("标为已核实…").click();
    h.run();
    h.get_by_label("核实说明").focus();
    h.run();
    h.get_by_label("核实说明").type_text("篇幅经办公室同意");
    h.run();
    h.get_by_label("确定").click();
    h.run();
    h.get_by_label_contains("已核实：篇幅经办公室同意");
    // A comment on the table.
    comment_on_the_table(&mut h, "请附申请登记表");
    let c = &h.state().doc.report.review.comments;
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].text, "请附申请登记表");
    assert_eq!(c[0].author, "李审核");
}

#[test]
fn compare_with_another_version_highlights_the_changed_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut other = sample();
    other.set_cell("t3.total.total", "28");
    let path = dir.path().join("旧版.ron");
    nianbao::store::save(&other, &path).expect("save");
    let mut h = harness(sample());
    h.state_mut().compare_with(&path);
    h.run();
    let (_, d) = h.state().review.compare.clone().expect("comparing");
    assert_eq!(d.cells.len(), 1);
    assert_eq!(d.cells[0].id, "t3.total.total");
    assert_eq!(d.cells[0].old, "28");
    h.get_by_label_contains("1 格、0 段、0 项报告信息不同");
    // The comparison follows edits (it is recomputed when the report changes, not per frame).
    type_into(
        &mut h,
        "三、一、本年新收政府信息公开申请数量 · 自然人",
        "99",
    );
    let (_, d) = h.state().review.compare.clone().expect("comparing");
    assert!(
        d.cells
            .iter()
            .any(|c| c.id == "t3.new.natural" && c.new == "99"),
        "{d:#?}"
    );
}

#[test]
fn the_report_form_changes_tier_and_format_from_their_drop_downs() {
    use egui::accesskit::Role;
    use nianbao::core::{FormatVersion, Tier};
    let mut h = harness(sample());
    h.state_mut().view = View::Meta;
    h.run();
    h.get_by_role_and_label(Role::ComboBox, "报告机关类别")
        .click();
    h.run();
    h.get_by_label("县级人民政府（汇总）").click();
    h.run();
    assert_eq!(h.state().doc.report.meta.tier, Tier::County);
    assert!(h.state().doc.is_dirty());
    h.get_by_role_and_label(Role::ComboBox, "格式版本").click();
    h.run();
    let older = FormatVersion::Gov2019.document();
    h.get_by_label(older).click();
    h.run();
    assert_eq!(h.state().doc.report.meta.format, FormatVersion::Gov2019);
}

#[test]
fn a_word_report_dropped_on_the_window_is_imported() {
    /// A file as the window system hands it over.
    #[derive(Debug)]
    struct Dropped(std::path::PathBuf);
    impl egui::DroppedFile for Dropped {
        fn path(&self) -> &std::path::Path {
            &self.0
        }
        fn bytes(&self) -> Result<Vec<u8>, String> {
            std::fs::read(&self.0).map_err(|e| e.to_string())
        }
    }
    let mut h = harness(Report::new(nianbao::core::FormatVersion::Gov2021, 2024));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(common::data(
            "published-report.docx",
        ))));
    h.run();
    let app = h.state();
    says_imported(app);
    assert_eq!(app.doc.report.cells, sample().cells);
}

#[test]
fn opening_a_word_report_imports_it() {
    let mut h = harness(Report::new(nianbao::core::FormatVersion::Gov2021, 2024));
    h.state_mut()
        .open_path(&common::data("published-report.docx"));
    h.run();
    let app = h.state();
    says_imported(app);
    assert_eq!(app.doc.report.cells, sample().cells);
}

#[test]
fn the_command_line_file_may_be_a_json_copy_or_a_published_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json = dir.path().join("副本.json");
    let copy = nianbao::export::json::to_json(&sample()).expect("json");
    std::fs::write(&json, copy).expect("write");
    let app = NianbaoApp::open_startup(&json, None);
    assert_eq!(app.doc.report.cells, sample().cells);
    assert_eq!(app.doc.path.as_deref(), Some(json.as_path()));
    let app = NianbaoApp::open_startup(&common::data("published-report.docx"), None);
    says_imported(&app);
    assert_eq!(app.doc.report.cells, sample().cells);
    // A file that is neither: a blank report, and the reason on the status line.
    let app = NianbaoApp::open_startup(&dir.path().join("没有.ron"), None);
    assert!(
        app.status()
            .is_some_and(|(m, e)| e && m.contains("没有.ron"))
    );
}

#[test]
fn last_years_report_and_a_compared_version_may_be_published_ones() {
    let docx = common::data("published-report.docx");
    let mut h = harness(sample());
    h.state_mut().set_previous_path(&docx);
    h.run();
    h.get_by_label_contains("已载入上年度（2024年）报告");
    // The published Word copy of the sample has the same cells and text; only the contact
    // details, which the published page leaves out, differ.
    h.state_mut().compare_with(&docx);
    h.run();
    h.get_by_label_contains("0 格、0 段、1 项报告信息不同");
}

#[test]
fn selected_words_get_a_comment_that_finds_them_again() {
    use egui_kittest::kittest::NodeT;
    use nianbao::core::TextField;
    use nianbao::core::review::Anchor;
    let mut h = harness(sample());
    h.state_mut().set_user("李审核");
    h.state_mut().view = View::Part(1);
    h.run();
    // Nothing selected yet: nothing to comment on.
    assert!(
        h.get_by_label("为所选文字添加批注…")
            .accesskit_node()
            .is_disabled()
    );
    // Select 「以人民为中心」 (characters 10..16) in part 一's text, as a mouse drag would.
    let id = NianbaoApp::text_id(1, TextField::Intro);
    h.ctx.memory_mut(|m| m.request_focus(id));
    let mut state = egui::TextEdit::load_state(&h.ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(10),
            egui::text::CCursor::new(16),
        )));
    state.store(&h.ctx, id);
    h.run();
    // Clicking the button takes the keyboard (and egui's selection) from the text; the words
    // are still known.
    h.get_by_label("为所选文字添加批注…").click();
    h.run();
    h.get_by_label_contains("第 1 段中“以人民为中心”");
    h.get_by_label("批注内容").type_text("表述请与上级要点一致");
    h.run();
    h.get_by_label("添加").click();
    h.run();
    let c = &h.state().doc.report.review.comments;
    assert_eq!(c.len(), 1);
    assert!(
        matches!(&c[0].anchor, Anchor::Paragraph { part: 1, quote: Some(q), .. } if q == "以人民为中心")
    );
    // From the comment list, the words are selected in their part again.
    h.state_mut().view = View::Comments;
    h.run();
    h.get_by_label("转到").click();
    h.run();
    h.run();
    assert!(matches!(h.state().view, View::Part(1)));
    let state = egui::TextEdit::load_state(&h.ctx, id).expect("state");
    let range = state.cursor.char_range().expect("selection");
    assert_eq!(range.as_sorted_char_range().start.0, 10);
    assert_eq!(range.as_sorted_char_range().end.0, 16);
}

/// Issue 16: the 新建 dialog is wide enough for each format's name on one line.
#[test]
fn the_new_report_dialog_shows_each_format_on_one_line() {
    let mut h = harness(sample());
    h.state_mut().queue(nianbao::app::command::Command::New);
    h.run();
    h.run();
    let body = h.get_by_label("新建").rect().height();
    for v in nianbao::core::FormatVersion::ALL {
        let r = h
            .get_by_role_and_label(egui::accesskit::Role::RadioButton, v.document())
            .rect();
        assert!(
            r.width() > 200.0 && r.height() < 2.0 * body,
            "{}: {r:?}",
            v.document()
        );
    }
}

/// Issue 16: in a new report each table's blanks are counted under its own part.
#[test]
fn a_new_report_counts_blanks_under_each_table_s_part() {
    let mut h = harness(Report::new(nianbao::core::FormatVersion::Gov2021, 2025));
    h.run();
    for part in [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ] {
        h.get_by_label_contains(&format!("{part}（错误 1"));
    }
}

/// Issue 16: the bundled sample says what it is and how to start one's own report; a copy of
/// it elsewhere (a clerk's draft begun from it) does not.
#[test]
fn the_bundled_sample_says_it_is_a_sample() {
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let harness_of = |path: &std::path::Path| {
        let font = font.clone();
        let mut app = NianbaoApp::open_startup(path, None);
        app.use_file_dialogs = false;
        Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .with_context_setup(move |ctx| fonts::setup(ctx, font))
            .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app)
    };
    let sample = nianbao::app::sample_path().expect("the sample is found from the test program");
    let mut h = harness_of(&sample);
    h.run();
    h.get_by_label_contains("这是自带的示例报告");
    h.get_by_label("导入上年度已发布的报告…").click();
    h.run();
    h.get_by_label("文件路径");

    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("草稿.ron");
    std::fs::copy(&sample, &copy).expect("copy");
    let mut h = harness_of(&copy);
    h.run();
    assert!(h.query_by_label_contains("这是自带的示例报告").is_none());
}

/// Issue 16: a comment on a cell, clicked in 批注列表, goes to its cell.
#[test]
fn a_cell_comment_in_the_list_goes_to_its_cell() {
    use nianbao::core::review::Anchor;
    let mut h = harness(sample());
    h.state_mut().set_user("李审核");
    h.state_mut()
        .add_comment(Anchor::Cell("t3.total.total".into()), "请核对总计");
    h.state_mut().view = View::Comments;
    h.run();
    h.get_by_label("转到").click();
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Part(3));
    assert!(
        h.get_by_label("三、（七）总计 · 总计").is_focused(),
        "the commented cell has the keyboard"
    );
}

#[test]
fn no_fix_is_offered_that_would_break_another_relation() {
    // Two wrong items (issue 16): the row totals no longer match, but each total also closes its
    // column, which still holds. 「改为 28」 on the total would trade one error for another.
    let mut h = harness(sample());
    type_into(
        &mut h,
        "三、一、本年新收政府信息公开申请数量 · 自然人",
        "20",
    );
    type_into(&mut h, "三、二、上年结转政府信息公开申请数量 · 自然人", "3");
    let findings = &h.state().doc.findings;
    assert!(findings.iter().any(|f| f.rule == Rule::R3), "{findings:#?}");
    assert!(
        findings.iter().all(|f| f.expected.is_none()),
        "{findings:#?}"
    );
    h.get_by_label("三、一、本年新收政府信息公开申请数量 · 总计")
        .focus();
    h.run();
    assert!(h.query_by_label_contains("改为").is_none());
    h.get_all_by_label_contains("单改它会使那些关系不成立")
        .next()
        .expect("the finding says why nothing is offered");
}

/// The focused cell lies wholly where cells are seen: inside the table's view and not under its
/// frozen header or row labels.
fn assert_focused_in_view(h: &Harness<'static, NianbaoApp>, label: &str) {
    let node = h.get_by_label(label);
    assert!(node.is_focused(), "{label} not focused");
    let cell = node.rect();
    let view = h
        .state()
        .nav
        .visible_cells
        .expect("the selected cell's block was drawn");
    assert!(
        view.expand(1.0).contains_rect(cell),
        "{label} at {cell:?} is outside the visible cells {view:?}"
    );
}

#[test]
fn the_selected_cell_stays_in_view_on_a_laptop_screen() {
    let mut h = harness_sized(sample(), egui::vec2(1024.0, 700.0));
    let first = "三、一、本年新收政府信息公开申请数量 · 自然人";
    h.get_by_label(first).focus();
    h.run();
    let top = h.get_by_label(first).rect();
    for _ in 0..20 {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    // Twenty rows down from 一 (the template's own order: rows 一 to 四 of the one block).
    let t = h.state().doc.report.template();
    let rows = &t.table("t3").expect("table 三").blocks[0].rows;
    let start = rows.iter().position(|r| r.id == "new").expect("row 一");
    let id = CellId::new("t3", rows[start + 20].id, "natural").key();
    let label = t.cell(&id).expect("a cell").label.clone();
    let label = label.as_str();
    assert_focused_in_view(&h, label);
    assert!(
        h.get_by_label(first).rect().top() < top.top(),
        "the table scrolled"
    );
    // Sideways: the last column is not on a 1024-pixel screen until the keyboard goes there.
    for _ in 0..6 {
        h.key_press(Key::Tab);
        h.run();
    }
    let last = label.replace("自然人", "总计");
    assert_focused_in_view(&h, &last);
    // And back to the first column, which the frozen row labels must not hide.
    for _ in 0..6 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
        h.run();
    }
    assert_focused_in_view(&h, label);
}

#[test]
fn a_finding_click_brings_its_cell_into_view() {
    let mut report = sample();
    report.set_cell("t3.carried_out.total", "9");
    let mut h = harness_sized(report, egui::vec2(1024.0, 700.0));
    h.run();
    h.get_by_label_contains("结转下年度继续办理 · 总计 为 9，应为 2")
        .click();
    h.run();
    h.run();
    assert_focused_in_view(&h, "三、四、结转下年度继续办理 · 总计");
    // Its 「改为 N」 is in the bar above the table, not floating over the menus.
    let fix = h
        .get_all_by_label_contains("改为 ")
        .map(|n| n.rect())
        .collect::<Vec<_>>();
    assert!(fix.iter().all(|r| r.top() > 30.0), "{fix:?}");
}

#[test]
fn shift_and_the_wheel_scroll_a_wide_table_sideways() {
    let mut h = harness_sized(sample(), egui::vec2(1024.0, 700.0));
    let cell = "三、一、本年新收政府信息公开申请数量 · 自然人";
    let before = h.get_by_label(cell).rect();
    h.get_by_label(cell).hover();
    h.run();
    for _ in 0..4 {
        h.event_modifiers(
            egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, -3.0),
                modifiers: Modifiers::SHIFT,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            },
            Modifiers::SHIFT,
        );
        h.run();
    }
    let after = h.get_by_label(cell).rect();
    assert!(
        after.left() < before.left() - 30.0,
        "{before:?} → {after:?}"
    );
    assert_eq!(after.top(), before.top(), "only sideways");
}

#[test]
fn an_invalid_date_keeps_what_was_typed_and_saves_no_other_date() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("草稿.ron");
    let mut h = harness(sample());
    h.state_mut().view = View::Meta;
    h.run();
    h.get_by_role_and_label(Role::TextInput, "成文日期").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    // Typed a key at a time: 「2026-02-3」 is a date on the way to the invalid 「2026-02-30」.
    for c in "2026-02-30".chars() {
        h.get_by_role_and_label(Role::TextInput, "成文日期")
            .type_text(&c.to_string());
        h.run();
    }
    let meta = &h.state().doc.report.meta;
    assert_eq!(meta.issue_date, None);
    assert_eq!(meta.issue_date_typed.as_deref(), Some("2026-02-30"));
    h.get_by_label_contains("日期无效");
    assert!(
        h.state()
            .doc
            .findings
            .iter()
            .any(|f| f.is_error() && f.message.contains("“2026-02-30”不是有效日期")),
        "{:#?}",
        h.state().doc.findings
    );
    assert!(h.state_mut().save_to(&path));
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(!saved.contains("2026-02-03"), "{saved}");
    assert!(saved.contains("2026-02-30"));
    // Opened again, the field shows what was typed.
    let mut again = harness(common::fixture(&path));
    again.state_mut().view = View::Meta;
    again.run();
    assert_eq!(
        again
            .get_by_role_and_label(Role::TextInput, "成文日期")
            .value()
            .as_deref(),
        Some("2026-02-30")
    );
    // A valid date replaces it.
    again
        .get_by_role_and_label(Role::TextInput, "成文日期")
        .focus();
    again.run();
    again.key_press_modifiers(Modifiers::COMMAND, Key::A);
    again.run();
    again
        .get_by_role_and_label(Role::TextInput, "成文日期")
        .type_text("2025-01-20");
    again.run();
    let meta = &again.state().doc.report.meta;
    assert_eq!(
        meta.issue_date.map(|d| d.to_string()).as_deref(),
        Some("2025-01-20")
    );
    assert_eq!(meta.issue_date_typed, None);
}

#[test]
fn a_long_number_in_a_finding_wraps_inside_the_panel() {
    let mut report = sample();
    report.set_cell(
        "t3.new.natural",
        "123456789012345678901234567890123456789012345678901234567890",
    );
    let mut h = harness_sized(report, egui::vec2(1024.0, 700.0));
    h.run();
    // The findings panel is the right edge of the window.
    let in_panel: Vec<_> = h
        .get_all_by_label_contains("123456789012345678901234567890")
        .map(|n| n.rect())
        .filter(|r| r.left() > 700.0)
        .collect();
    assert!(!in_panel.is_empty(), "the finding quotes the number");
    for r in in_panel {
        assert!(r.right() <= 1024.0 - 8.0, "runs out of the panel: {r:?}");
        assert!(r.height() > 40.0, "wrapped over several lines: {r:?}");
    }
}

/// Issue 16: the 审核稿 PDF, with the comments and the history, is exported from the window too.
#[test]
fn the_review_copy_pdf_is_exported_from_the_window() {
    use nianbao::core::review::{Anchor, add_comment};
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("审核稿.pdf");
    let mut report = sample();
    add_comment(
        &mut report,
        Anchor::Cell("t3.total.total".into()),
        "李审核",
        "2025-01-18T09:00:00+08:00",
        "请再核对一次总计",
    )
    .expect("comment");
    let mut h = harness(report);
    h.state_mut().use_file_dialogs = false;
    click_menu(&mut h, "审核", "导出审核稿 PDF（附批注和修订记录）…");
    answer_path(&mut h, &out);
    h.get_by_label_contains("已导出审核稿 PDF");
    let text = common::pdf::Pdf::open(&out).text();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        flat.contains("请再核对一次总计"),
        "the comment is in the appendix"
    );
    assert!(flat.contains("审核稿"), "it says what it is");
}

/// Issue 16: a comment on a whole table shows on the table, as a cell's shows in its corner.
#[test]
fn a_table_comment_shows_above_its_table() {
    use nianbao::core::review::{Anchor, add_comment};
    let mut report = sample();
    add_comment(
        &mut report,
        Anchor::Table("t3".into()),
        "李审核",
        "2025-01-18T09:00:00+08:00",
        "本表请与业务科室再核对",
    )
    .expect("comment");
    let mut h = harness(report);
    h.get_by_label_contains("本表批注 李审核：本表请与业务科室再核对");
    h.state_mut().view = View::Part(4);
    h.run();
    assert!(
        h.query_by_label_contains("本表批注").is_none(),
        "only on its own table"
    );
}

/// Issue 15: 批注列表 is a table (egui_extras) that draws only the rows in view, so a thousand
/// comments stay quick; a click on a row goes to what the comment is about.
#[test]
fn a_thousand_comments_list_as_a_table_and_a_row_click_goes_to_its_cell() {
    use nianbao::core::review::{Anchor, add_comment};
    let mut report = sample();
    let cells: Vec<String> = report
        .template()
        .cells
        .iter()
        .map(|c| c.id.clone())
        .collect();
    for i in 0..1000 {
        add_comment(
            &mut report,
            Anchor::Cell(cells[i % cells.len()].clone()),
            "李审核",
            "2025-01-18T09:00:00+08:00",
            &format!("第 {i} 条意见"),
        )
        .expect("comment");
    }
    let mut h = harness(report);
    h.state_mut().view = View::Comments;
    h.run();
    let shown = h.get_all_by_label_contains("条意见").count();
    assert!(
        (10..100).contains(&shown),
        "only the rows in view are drawn: {shown}"
    );
    // The columns have headings, and a row's own text goes to its cell.
    h.get_by_label("位置");
    h.get_by_label("第 3 条意见").click();
    h.run();
    h.run();
    let t = h.state().doc.report.template();
    let i = t.cell_index(&cells[3]).expect("cell");
    assert_eq!(h.state().view, View::Part(t.part_of(i).get()));
    assert_eq!(h.state().nav.selected.as_deref(), Some(cells[3].as_str()));
}

/// Issue 15: 修订记录 is a table too; a click on an entry that changed cells goes to the first.
#[test]
fn the_history_lists_as_a_table_and_an_entry_goes_to_its_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("草稿.ron");
    let mut h = harness(sample());
    h.state_mut().set_user("王起草");
    assert!(h.state_mut().save_to(&path));
    type_into(&mut h, TOTAL, "28");
    assert!(h.state_mut().save_to(&path));
    h.state_mut().view = View::History;
    h.run();
    h.get_by_label("改动");
    h.get_by_label_contains("单元格 1 处：三、（七）总计 · 总计：27 → 28")
        .click();
    h.run();
    h.run();
    assert_eq!(h.state().view, View::Part(3));
    assert_eq!(h.state().nav.selected.as_deref(), Some("t3.total.total"));
}

/// Issue 18: 文件 → 汇总多份报告… sums the reports of a folder into a new, unsaved draft.
#[test]
fn reports_in_a_folder_are_summed_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, agency) in [("甲.ron", "甲局"), ("乙.ron", "乙局")] {
        let mut r = sample();
        r.meta.agency = agency.into();
        nianbao::store::save(&r, &dir.path().join(name)).expect("save");
    }
    let sum = |h: &mut Harness<'static, NianbaoApp>| {
        click_menu(h, "文件", "汇总多份报告…");
        answer_path(h, dir.path());
        h.get_by_label("汇总报告的机关名称").focus();
        h.run();
        h.get_by_label("汇总报告的机关名称")
            .type_text("某某区人民政府");
        h.run();
        h.get_by_label("汇总").click();
        h.run();
    };
    // The same agency's report twice (a draft and its copy) would count twice: refused.
    std::fs::copy(dir.path().join("甲.ron"), dir.path().join("甲（副本）.ron")).expect("copy");
    let mut h = harness(sample());
    h.state_mut().use_file_dialogs = false;
    sum(&mut h);
    h.get_by_label_contains("同一机关同一年度的报告有不止一份");
    h.get_by_label_contains("甲（副本）.ron");
    assert_ne!(h.state().doc.report.meta.agency, "某某区人民政府");
    std::fs::remove_file(dir.path().join("甲（副本）.ron")).expect("remove");
    sum(&mut h);
    h.get_by_label_contains("已汇总 2 份报告");
    let r = &h.state().doc.report;
    assert_eq!(r.meta.agency, "某某区人民政府");
    assert_eq!(r.cell_text("t3.total.total"), "54");
    assert_eq!(r.sources.len(), 2);
    assert!(h.state().doc.is_dirty(), "unsaved until saved");
    // Its spreadsheet has a row per agency and cell besides the summed tables.
    let out = dir.path().join("汇总.xlsx");
    h.state_mut().export_to(nianbao::export::Format::Xlsx, &out);
    h.run();
    h.get_by_label_contains("已导出电子表格");
    use calamine::Reader;
    let book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(
        std::fs::read(&out).expect("written"),
    ))
    .expect("xlsx");
    let names = book.sheet_names();
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(names.contains(&nianbao::export::xlsx::DETAIL_SHEET.to_string()));
}

/// Issue 18: the Word file and the spreadsheet are exported from the 文件 menu too.
#[test]
fn the_word_file_and_the_spreadsheet_are_exported_from_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (item, name, done) in [
        ("导出 Word 文件（.docx）…", "年报.docx", "已导出 Word 文件"),
        (
            "导出电子表格（.xlsx，三张统计表）…",
            "年报.xlsx",
            "已导出电子表格",
        ),
    ] {
        let out = dir.path().join(name);
        let mut h = harness(sample());
        h.state_mut().use_file_dialogs = false;
        click_menu(&mut h, "文件", item);
        answer_path(&mut h, &out);
        h.get_by_label_contains(done);
        let bytes = std::fs::read(&out).expect("written");
        if name.ends_with(".docx") {
            let back = nianbao::import::import_docx(&bytes).expect("imports");
            common::assert_same(&sample(), &back, "window docx");
        } else {
            use calamine::Reader;
            let book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
            assert_eq!(book.sheet_names().len(), 3);
        }
    }
}

fn window_on(path: &std::path::Path) -> Harness<'static, NianbaoApp> {
    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let mut app = NianbaoApp::open_startup(path, None);
    app.use_file_dialogs = false;
    app.view = View::Part(3);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h
}

/// Issue 26: a second window on a draft the first is editing asks, and opens it read-only:
/// nothing can be typed and it is never saved over the first window's file. Closing the first
/// window lets a new one edit it.
#[test]
fn a_second_window_on_a_draft_opens_it_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("共享草稿.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &path).expect("copy");
    let mut first = window_on(&path);
    type_into(&mut first, TOTAL, "26");

    let mut second = window_on(&path);
    second.get_by_label("此草稿已在另一个窗口中打开");
    second.get_by_label_contains("正由");
    second.get_by_label("只读打开").click();
    second.run();
    assert!(second.state().doc.read_only.is_some());
    assert_eq!(second.state().doc.path.as_deref(), Some(path.as_path()));
    second.get_by_label_contains("只读打开：此草稿正在另一个窗口中编辑");
    // Nothing typed, nothing saved over the file.
    assert!(!second.state_mut().save_to(&path));
    second.run();
    second.get_by_label_contains("不能保存到原文件");
    // Saved elsewhere, it is an ordinary draft again.
    let elsewhere = dir.path().join("另存.ron");
    assert!(second.state_mut().save_to(&elsewhere));
    assert!(second.state().doc.read_only.is_none());

    // The first window saves its edit; once it is closed, a new window edits the draft.
    first.key_press_modifiers(Modifiers::COMMAND, Key::S);
    first.run();
    assert_eq!(common::fixture(&path).cell_text("t3.total.total"), "26");
    drop(first);
    let third = window_on(&path);
    assert!(third.query_by_label("此草稿已在另一个窗口中打开").is_none());
    assert!(third.state().doc.read_only.is_none());

    // A second window that declines opens nothing.
    let mut fourth = window_on(&path);
    fourth.get_by_label("取消").click();
    fourth.run();
    assert_ne!(fourth.state().doc.path.as_deref(), Some(path.as_path()));
}

/// Issue 26: a draft another program changed after it was opened is not saved over without
/// the user's choice: 另存为, 重新载入 or 覆盖.
#[test]
fn a_draft_changed_on_disk_is_not_overwritten_without_asking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("草稿.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &path).expect("copy");
    let mut h = window_on(&path);
    type_into(&mut h, TOTAL, "26");
    // Another program (not nianbao: it takes no lock) writes the file.
    let mut other = common::fixture(&path);
    other.meta.contact = "别人改的".into();
    std::fs::write(&path, nianbao::store::to_ron(&other).expect("ron")).expect("write");
    let theirs = std::fs::read(&path).expect("read");

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("文件已被其他程序修改");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        theirs,
        "not overwritten"
    );
    assert!(h.state().doc.is_dirty(), "nothing typed is lost");
    h.get_by_label("取消").click();
    h.run();
    assert_eq!(std::fs::read(&path).expect("read"), theirs);

    // 覆盖: the user's choice; the other program's version stays as the backup.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("覆盖").click();
    h.run();
    assert_eq!(common::fixture(&path).cell_text("t3.total.total"), "26");
    assert_eq!(
        std::fs::read(nianbao::store::backup_path(&path)).expect("backup"),
        theirs
    );

    // 重新载入: the file on disk replaces what is shown.
    std::fs::write(&path, nianbao::store::to_ron(&other).expect("ron")).expect("write");
    type_into(&mut h, TOTAL, "25");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("重新载入").click();
    h.run();
    assert_eq!(h.state().doc.report.meta.contact, "别人改的");
    assert!(!h.state().doc.is_dirty());
}

/// Issue 24: 文件 → 批量核对文件夹… checks a folder in the background, shows the overview, and
/// a click on a finding opens its report at the cell.
#[test]
fn a_folder_is_checked_in_the_window_and_a_finding_opens_its_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        common::data("taierzhuang-2021.ron"),
        dir.path().join("台儿庄.ron"),
    )
    .expect("copy");
    std::fs::copy(
        common::asset("sample-gov2021.ron"),
        dir.path().join("样例.ron"),
    )
    .expect("copy");
    std::fs::write(dir.path().join("不是报告.pdf"), b"%PDF-1.4 nothing").expect("write");
    std::fs::copy(
        common::data("huoshan-hrss-2021.txt"),
        dir.path().join("霍山.txt"),
    )
    .expect("copy");
    let mut h = harness(sample());
    h.state_mut().use_file_dialogs = false;
    click_menu(&mut h, "文件", "批量核对文件夹…");
    answer_path(&mut h, dir.path());
    assert_eq!(h.state().view, View::Batch);
    // The run is on a thread of its own: the window keeps drawing until it is done.
    for _ in 0..600 {
        h.run();
        if h.state().batch.as_ref().is_some_and(|b| b.result.is_some()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    h.run();
    h.get_by_label_contains("共 4 份：有错误需退回 1");
    h.get_by_label("无法读取");
    assert_eq!(h.get_all_by_label("可发布").count(), 2);
    // The report to return is first; picked, its findings show under the table.
    h.get_by_label("有错误需退回").click();
    h.run();
    h.run();
    let finding = "三、（七）总计 · 总计 为 0，应为 3";
    h.get_by_label_contains(finding).click();
    h.run();
    h.run();
    assert_eq!(
        h.state().doc.report.meta.agency,
        "台儿庄区人力资源和社会保障局"
    );
    assert_eq!(h.state().view, View::Part(3));
    assert_eq!(h.state().nav.selected.as_deref(), Some("t3.total.total"));
    // And back to the overview from the side bar.
    h.get_by_label("批量核对结果").click();
    h.run();
    assert_eq!(h.state().view, View::Batch);
    // A published report opens read-only; 导入为草稿 makes it a draft to edit.
    h.get_by_label("霍山县人力资源和社会保障局").click();
    h.run();
    h.get_by_label("打开这份报告").click();
    h.run();
    h.run();
    assert_eq!(
        h.state().doc.report.meta.agency,
        "霍山县人力资源和社会保障局"
    );
    assert!(h.state().doc.is_locked());
    h.get_by_label("导入为草稿").click();
    h.run();
    assert!(!h.state().doc.is_locked());
    assert!(
        h.state().doc.path.is_none(),
        "saved only where the clerk says"
    );
}
