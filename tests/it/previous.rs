//! C13–C15: this year's report against last year's (`check --previous`).

use crate::common;
use nianbao::core::template::CellId;

use nianbao::core::{Report, Rule, check, check_with_previous};

fn this_year() -> Report {
    common::fixture(&common::asset("sample-gov2021.ron"))
}

/// Last year's report as it should be: its 结转下年度 is this year's 上年结转, its 现行有效 rolls
/// forward, its part 五 says something else.
fn last_year() -> Report {
    let now = this_year();
    let mut prev = now.clone();
    prev.meta.year = 2023;
    for col in [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
        "total",
    ] {
        prev.set_cell(
            &CellId::new("t3", "carried_out", col).key(),
            now.cell_text(&CellId::new("t3", "carried_in", col).key()),
        );
    }
    // 12 = 10 + 3 − 1.
    prev.set_cell("t2.normative.in_force", "10");
    prev.set_cell("t2.rules.in_force", "0");
    prev.parts[4].intro = "上一年度的主要问题是政府网站栏目设置不够合理，部分信息发布渠道分散。我们已对栏目进行整合。".into();
    prev.parts[4].sections.clear();
    prev
}

fn rules(f: &[nianbao::core::Finding]) -> Vec<Rule> {
    f.iter()
        .map(|x| x.rule)
        .filter(|r| matches!(r, Rule::C13 | Rule::C14 | Rule::C15))
        .collect()
}

#[test]
fn a_consistent_pair_gets_nothing() {
    let f = check_with_previous(&this_year(), Some(&last_year()));
    assert!(rules(&f).is_empty(), "{f:#?}");
    // Without last year's report these checks do not run at all.
    assert!(rules(&check(&this_year())).is_empty());
}

#[test]
fn c13_carried_over_names_the_column() {
    let mut prev = last_year();
    prev.set_cell("t3.carried_out.business", "4");
    let f: Vec<_> = check_with_previous(&this_year(), Some(&prev))
        .into_iter()
        .filter(|f| f.rule == Rule::C13)
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("商业企业 为 1")
            && f[0].message.contains("2023年度")
            && f[0].message.contains("为 4"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].focus.as_deref(), Some("t3.carried_in.business"));
}

#[test]
fn c14_in_force_rolls_forward() {
    let mut prev = last_year();
    prev.set_cell("t2.normative.in_force", "11");
    let f: Vec<_> = check_with_previous(&this_year(), Some(&prev))
        .into_iter()
        .filter(|f| f.rule == Rule::C14)
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("11 + 本年制发 3 − 本年废止 1 = 13"),
        "{}",
        f[0].message
    );
    assert_eq!(f[0].expected.as_deref(), Some("13"));
}

#[test]
fn c15_part_five_copied_from_last_year() {
    let mut prev = last_year();
    prev.parts[4] = this_year().parts[4].clone();
    let f: Vec<_> = check_with_previous(&this_year(), Some(&prev))
        .into_iter()
        .filter(|f| f.rule == Rule::C15)
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("100%"), "{}", f[0].message);
}

#[test]
fn check_previous_on_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut prev = last_year();
    prev.set_cell("t3.carried_out.natural", "5");
    let prev_path = dir.path().join("2023.ron");
    nianbao::store::save(&prev, &prev_path).expect("save");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("check")
        .arg(common::asset("sample-gov2021.ron"))
        .arg("--previous")
        .arg(&prev_path)
        .output()
        .expect("run");
    // Warnings only: exit 0.
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(s.contains("C13") && s.contains("自然人 为 2"), "{s}");
}

/// Last year's report imported with its tables left blank (a failed import, a PDF that could
/// not be read) says nothing C13 or C14 could contradict: blank is not 0.
#[test]
fn blank_cells_are_not_compared() {
    let mut prev = last_year();
    let blank = Report::new(prev.meta.format, prev.meta.year);
    for cell in &prev.template().cells {
        prev.set_cell(&cell.id, blank.cell_text(&cell.id));
    }
    let f = check_with_previous(&this_year(), Some(&prev));
    assert!(
        !rules(&f).iter().any(|r| matches!(r, Rule::C13 | Rule::C14)),
        "{f:#?}"
    );
    // The same report with its cells filled with 0 is compared, and differs.
    let mut zero = last_year();
    for cell in &zero.template().cells.clone() {
        zero.set_cell(&cell.id, "0");
    }
    let f = check_with_previous(&this_year(), Some(&zero));
    assert!(rules(&f).contains(&Rule::C13) && rules(&f).contains(&Rule::C14));
}
