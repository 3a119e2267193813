//! Crash recovery: a process that has typed into cells is killed with SIGKILL; the recovery copy
//! it wrote through the app's own document and recovery code brings the edits back.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use nianbao::session::Recovery;

#[test]
fn kill_9_mid_edit_then_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let state = dir.path().join("state");
    let draft = dir.path().join("draft.ron");
    std::fs::copy(common::asset("sample-gov2021.ron"), &draft).expect("copy");
    let before = std::fs::read(&draft).expect("read");

    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["autosave-probe", "--state-dir"])
        .arg(&state)
        .arg(&draft)
        .args([
            "--set",
            "t3.total.total=30",
            "--set",
            "t2.permits.decisions=1300",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("read");
    assert_eq!(line.trim(), "ready");
    // SIGKILL: no destructor, no clean-up, like a crash or a power cut.
    child.kill().expect("kill");
    child.wait().expect("wait");

    // The user's file was never touched.
    assert_eq!(std::fs::read(&draft).expect("read"), before);
    let rec = Recovery::new(&state);
    let got = rec.read().expect("a recovery copy").expect("readable");
    assert_eq!(got.report.cell_text("t3.total.total"), "30");
    assert_eq!(got.report.cell_text("t2.permits.decisions"), "1300");
    assert_eq!(got.original.as_deref(), Some(draft.as_path()));
    // Declining deletes it.
    rec.clear();
    assert!(rec.read().is_none());
}

#[test]
fn the_app_offers_the_recovery_copy_at_start() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use nianbao::app::{NianbaoApp, fonts};

    let dir = tempfile::tempdir().expect("tempdir");
    let mut edited = common::fixture(&common::asset("sample-gov2021.ron"));
    edited.set_cell("t3.total.total", "31");
    Recovery::new(dir.path())
        .write(&edited, None)
        .expect("write");

    let font = fonts::read_font(fonts::GUI_FONT).expect("font");
    let app = NianbaoApp::new(
        common::fixture(&common::asset("sample-gov2021.ron")),
        None,
        Some(dir.path().to_path_buf()),
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(|ui, app: &mut NianbaoApp| app.ui(ui), app);
    h.run();
    h.get_by_label_contains("有尚未保存的修改");
    h.get_by_label("恢复").click();
    h.run();
    assert_eq!(h.state().doc.report.cell_text("t3.total.total"), "31");
    assert!(
        h.state().doc.is_dirty(),
        "restored edits are unsaved until the user saves"
    );
}
