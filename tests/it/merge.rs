//! 汇总 (issue 18): reports summed cell by cell; the sum of consistent reports is consistent.

use crate::common;

use std::process::Command;

use nianbao::core::merge::merge;
use nianbao::core::{FormatVersion, Report, Rule, ValueKind, autosum, check};
use proptest::prelude::*;

fn nianbao(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run")
}

/// The arithmetic and cell findings: what summing could break.
fn table_findings(r: &Report) -> Vec<(Rule, Vec<String>)> {
    check(r)
        .into_iter()
        .filter(|f| {
            matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4 | Rule::C5) && f.is_error()
        })
        .map(|f| (f.rule, f.cells))
        .collect()
}

#[test]
fn the_sample_merged_with_itself_doubles_every_cell_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = common::asset("sample-gov2021.ron");
    let out = dir.path().join("汇总.ron");
    // The same file twice is refused with its name (it would triple every cell given thrice).
    let o = nianbao(&[
        "merge".as_ref(),
        sample.as_os_str(),
        sample.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--agency".as_ref(),
        "某某区人民政府".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(64), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("同一个文件给了不止一次"));
    assert!(!out.exists());
    // A copy of it is the same agency and year again: refused unless asked for, and listed.
    let copy = dir.path().join("副本.ron");
    std::fs::copy(&sample, &copy).expect("copy");
    let args = |more: &[&str]| {
        let mut a: Vec<&std::ffi::OsStr> = vec![
            "merge".as_ref(),
            sample.as_os_str(),
            copy.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--agency".as_ref(),
            "某某区人民政府".as_ref(),
        ];
        a.extend(more.iter().map(std::ffi::OsStr::new));
        nianbao(&a)
    };
    let o = args(&[]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("同一机关同一年度的报告有不止一份"));
    let o = args(&["--allow-duplicates"]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("同一机关同一年度的报告有不止一份"));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("已汇总 2 份报告"), "{stdout}");
    let one = common::fixture(&sample);
    let two = common::fixture(&out);
    assert_eq!(two.meta.agency, "某某区人民政府");
    assert_eq!(two.sources.len(), 2);
    let t = one.template();
    for c in &t.cells {
        let a = one.cell_text(&c.id);
        let b = two.cell_text(&c.id);
        match c.kind {
            ValueKind::Count => {
                let a: i64 = a.parse().unwrap_or(0);
                assert_eq!(b.parse::<i64>().unwrap_or(0), 2 * a, "{}", c.id);
            }
            _ => {
                let a: f64 = a.parse().unwrap_or(0.0);
                let b: f64 = b.parse().unwrap_or(0.0);
                assert!((b - 2.0 * a).abs() < 1e-9, "{}: {a} → {b}", c.id);
            }
        }
    }
    // No finding about the tables that the inputs did not have.
    assert_eq!(table_findings(&two), table_findings(&one));
    // The JSON copy lists what went in; the 审核稿 PDF has it in an appendix.
    let json = nianbao::export::json::to_json(&two).expect("json");
    assert!(json.contains("\"sources\"") && json.contains("桐溪县市场监督管理局"));
    let fonts = nianbao::export::pdf::PdfFonts::bundled().expect("fonts");
    let pdf = nianbao::export::pdf::export_pdf_with(
        &two,
        &fonts,
        nianbao::export::layout::Edition::Review,
    )
    .expect("pdf");
    let path = dir.path().join("审核稿.pdf");
    std::fs::write(&path, pdf).expect("write");
    let text: String = common::pdf::Pdf::open(&path)
        .text()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("附：汇总的报告"), "appendix");
    assert!(
        text.contains("1.桐溪县市场监督管理局"),
        "the first report listed"
    );
}

#[test]
fn mixed_formats_and_reports_with_errors_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("汇总.ron");
    let a = common::asset("sample-gov2021.ron");
    let b = common::asset("sample-gov2019.ron");
    let o = nianbao(&[
        "merge".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--agency".as_ref(),
        "区".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("格式版本不同"), "{err}");
    assert!(
        err.contains("sample-gov2021.ron（") && err.contains("sample-gov2019.ron（"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
    // A report with errors is refused, unless asked.
    let bad = common::data("taierzhuang-2021.ron");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "merge".as_ref(),
        bad.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--agency".as_ref(),
        "区".as_ref(),
    ];
    let o = nianbao(&args);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("尚有错误"));
    args.push("--allow-errors".as_ref());
    let o = nianbao(&args);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("处错误，照样汇总"));
}

/// A report whose tables add up: random counts, with the totals and 结转下年度 derived.
fn consistent() -> impl Strategy<Value = Report> {
    proptest::collection::vec(0u32..4, 200).prop_map(|nums| {
        let mut r = Report::new(FormatVersion::Gov2021, 2024);
        let t = r.template();
        for (cell, n) in t.cells.iter().zip(nums) {
            if cell.id.starts_with("t3.carried_out.") {
                continue;
            }
            if cell.kind != ValueKind::Count {
                // Money: a sum of amounts with decimals.
                r.set_cell(&cell.id, format!("{}.25", n));
                continue;
            }
            // Enough new applications that 结转下年度 never goes below zero.
            let n = if cell.id.starts_with("t3.new.") {
                n + 80
            } else {
                n
            };
            r.set_cell(&cell.id, n.to_string());
        }
        autosum(&mut r, None);
        r
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn the_sum_of_consistent_reports_is_consistent(reports in proptest::collection::vec(consistent(), 1..6)) {
        for r in &reports {
            prop_assert!(table_findings(r).is_empty(), "{:?}", table_findings(r));
        }
        let inputs: Vec<(String, Report)> = reports
            .into_iter()
            .enumerate()
            .map(|(i, r)| (format!("{i}.ron"), r))
            .collect();
        let merged = merge(&inputs, "某某区人民政府", true).expect("merge");
        prop_assert!(table_findings(&merged).is_empty(), "{:?}", table_findings(&merged));
    }
}
