//! The machine-readable copy: schema generated from the types (and committed), validation,
//! and the round trip draft → JSON → draft.

use crate::common;

use std::path::Path;

use nianbao::export::json::{ReportCopy, from_json, schema_json, to_json};

const SCHEMA: &str = "assets/schema/nianbao-report.schema.json";

#[test]
fn the_committed_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let generated = schema_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA} is out of date with the Rust types: run `UPDATE_SCHEMA=1 cargo test --test it json_copy` and commit it"
    );
}

#[test]
fn the_sample_copy_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&schema_json()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for draft in [
        common::asset("sample-gov2021.ron"),
        common::asset("sample-gov2019.ron"),
        common::data("taierzhuang-2021.ron"),
    ] {
        let report = common::fixture(&draft);
        let copy: serde_json::Value =
            serde_json::from_str(&to_json(&report).expect("json")).expect("parse");
        let errors: Vec<String> = validator
            .iter_errors(&copy)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", draft.display());
    }
    // And the validator is not a rubber stamp.
    let mut bad: serde_json::Value = serde_json::from_str(
        &to_json(&common::fixture(&common::asset("sample-gov2021.ron"))).expect("json"),
    )
    .expect("parse");
    bad["cells"][0]["status"] = serde_json::json!("perhaps");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn round_trip_gives_back_the_same_report() {
    let mut odd = common::fixture(&common::data("taierzhuang-2021.ron"));
    odd.set_cell("t3.new.business", "约3");
    odd.set_cell("t9.future.cell", "7");
    for report in [
        common::fixture(&common::asset("sample-gov2021.ron")),
        common::fixture(&common::asset("sample-gov2019.ron")),
        common::fixture(&common::data("luan-2023.ron")),
        odd,
    ] {
        let json = to_json(&report).expect("json");
        let back = from_json(&json, Path::new("x.json")).expect("read back");
        assert_eq!(back, report);
    }
}

#[test]
fn cells_carry_ids_labels_text_and_values() {
    let report = common::fixture(&common::data("taierzhuang-2021.ron"));
    let copy = ReportCopy::of(&report);
    let fee = copy
        .cells
        .iter()
        .find(|c| c.id == "t2.fees.amount")
        .expect("fee cell");
    assert_eq!(fee.text, "29.313万元");
    assert_eq!(fee.unit.as_deref(), Some("万元"));
    assert_eq!(
        serde_json::to_value(&fee.value).expect("v"),
        serde_json::json!("29.313")
    );
    assert_eq!(fee.row_labels, ["第二十条第（八）项", "行政事业性收费"]);
    let total = copy
        .cells
        .iter()
        .find(|c| c.id == "t3.total.total")
        .expect("total");
    assert_eq!(total.row_labels, ["三、本年度办理结果", "（七）总计"]);
    assert_eq!(total.column_labels, ["总计"]);
    assert_eq!(
        serde_json::to_value(&total.value).expect("v"),
        serde_json::json!(0)
    );
    let t4 = copy
        .cells
        .iter()
        .find(|c| c.id == "t4.cases.suit_after_total")
        .expect("t4");
    assert_eq!(t4.column_labels, ["复议后起诉", "总计"]);
    assert!(
        copy.findings
            .iter()
            .any(|f| f.focus.as_deref() == Some("t3.total.total"))
    );
    assert_eq!(copy.cells.len(), 200);
}

#[test]
fn export_and_check_the_copy_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("台儿庄.json");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let draft = common::data("taierzhuang-2021.ron");
    let o = std::process::Command::new(bin)
        .arg("export")
        .arg(&draft)
        .arg("--json")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ron = std::process::Command::new(bin)
        .args(["check", "--json"])
        .arg(&draft)
        .output()
        .expect("run");
    let json = std::process::Command::new(bin)
        .args(["check", "--json"])
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(json.status.code(), Some(1));
    let a: serde_json::Value = serde_json::from_slice(&ron.stdout).expect("json");
    let b: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(a[0]["findings"], b[0]["findings"]);
}
