//! C9–C12 and C16–C18: each rule triggered and not triggered, on reports built from the sample
//! by editing it. The C12 reader itself is tested on a corpus of real sentences in `c12_corpus.rs`.

use crate::common;

use nianbao::core::{Finding, IssueDate, Report, Rule, Tier, autosum, check};

fn sample() -> Report {
    common::fixture(&common::asset("sample-gov2021.ron"))
}

fn sample19() -> Report {
    common::fixture(&common::asset("sample-gov2019.ron"))
}

fn of(report: &Report, rule: Rule) -> Vec<Finding> {
    check(report)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

#[test]
fn c12_flags_a_number_that_disagrees_and_points_at_the_clause() {
    let mut r = sample();
    assert!(of(&r, Rule::C12).is_empty());
    let sec = &mut r.parts[0].sections[1].body;
    *sec = sec.replace(
        "本年新收政府信息公开申请26件",
        "本年新收政府信息公开申请25件",
    );
    let f = of(&r, Rule::C12);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].part, 1);
    assert!(
        f[0].message.contains("25件") && f[0].message.contains("为 26"),
        "{}",
        f[0].message
    );
    assert!(f[0].cells.contains(&"t3.new.total".to_string()));
    let span = f[0].span.expect("a span");
    let text: String = r.parts[0]
        .full_text()
        .chars()
        .skip(span.start)
        .take(span.end - span.start)
        .collect();
    assert_eq!(text, "本年新收政府信息公开申请25件");
    // 新收 is row 一 alone: 一 + 二 = 29 does not match it.
    let sec = &mut r.parts[0].sections[1].body;
    *sec = sec.replace("申请25件", "申请29件");
    assert_eq!(of(&r, Rule::C12).len(), 1);
    // 收到 may mean either: 一 = 26 or 一 + 二 = 29 are both accepted, and the message names both.
    let sec = &mut r.parts[0].sections[1].body;
    *sec = sec.replace(
        "本年新收政府信息公开申请29件",
        "本年收到政府信息公开申请29件",
    );
    assert!(of(&r, Rule::C12).is_empty());
    let sec = &mut r.parts[0].sections[1].body;
    *sec = sec.replace(
        "本年收到政府信息公开申请29件",
        "本年收到政府信息公开申请30件",
    );
    let f = of(&r, Rule::C12);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("按一、本年新收理解，表中为 26")
            && f[0].message.contains("按一 + 二理解，表中为 26 + 3 = 29"),
        "{}",
        f[0].message
    );
}

#[test]
fn c9_part_one_over_a_thousand_characters() {
    let mut r = sample();
    assert!(of(&r, Rule::C9).is_empty());
    r.parts[0]
        .intro
        .push_str(&"政务公开工作稳步推进。".repeat(80));
    let f = of(&r, Rule::C9);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("字"), "{}", f[0].message);
}

#[test]
fn c10_names_the_missing_aspects() {
    let mut r = sample();
    assert!(of(&r, Rule::C10).is_empty());
    r.parts[0].intro = "本年度主动公开政府信息一千余条，依申请公开工作规范有序。".into();
    r.parts[0].sections.clear();
    let f = of(&r, Rule::C10);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].message.contains("政府信息管理、平台建设、监督保障"),
        "{}",
        f[0].message
    );
}

#[test]
fn c11_deadline_depends_on_the_tier() {
    let mut r = sample();
    r.meta.issue_date = IssueDate::new(2025, 2, 5);
    let f = of(&r, Rule::C11);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("2025年1月31日"), "{}", f[0].message);
    r.meta.tier = Tier::County;
    assert!(
        of(&r, Rule::C11).is_empty(),
        "county summaries are due 2月20日"
    );
    r.meta.issue_date = IssueDate::new(2025, 3, 1);
    assert_eq!(of(&r, Rule::C11).len(), 1);
    r.meta.tier = Tier::Province;
    assert!(of(&r, Rule::C11).is_empty());
    // No date: not C11 (C18 says it), and no crash.
    r.meta.issue_date = None;
    assert!(of(&r, Rule::C11).is_empty());
    assert!(!of(&r, Rule::C18).is_empty());
}

#[test]
fn c16_other_handling_share() {
    let mut r = sample();
    assert!(of(&r, Rule::C16).is_empty());
    r.set_cell("t3.other_3.natural", "5");
    r.set_cell("t3.carried_out.natural", "");
    r.set_cell("t3.carried_out.total", "");
    r.set_cell("t3.new.natural", "23");
    autosum(&mut r, None);
    let f = of(&r, Rule::C16);
    assert_eq!(f.len(), 1, "{f:#?}");
    // 6 of 32 results.
    assert!(f[0].message.contains("19%"), "{}", f[0].message);
}

#[test]
fn c17_item_count_below_zero() {
    let mut r = sample19();
    assert!(of(&r, Rule::C17).is_empty());
    r.set_cell("t2.services.change", "减20");
    let f = of(&r, Rule::C17);
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("-8"), "{}", f[0].message);
    assert_eq!(f[0].cells, ["t2.services.last_year", "t2.services.change"]);
    // Not a gov2021 rule.
    assert!(of(&sample(), Rule::C17).is_empty());
}

#[test]
fn c18_period_and_signature() {
    let mut r = sample();
    assert!(of(&r, Rule::C18).is_empty());
    r.meta.lead = r
        .meta
        .lead
        .replace("报告中所列数据统计期限为2024年1月1日至2024年12月31日。", "");
    let f = of(&r, Rule::C18);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("统计期限"));
    r.meta.agency.clear();
    let f = of(&r, Rule::C18);
    assert_eq!(f.len(), 2);
    assert!(f[1].message.contains("机关名称"), "{}", f[1].message);
}
