//! C9–C12 and C16–C18: each rule triggered and not triggered, on reports built from the sample
//! by editing it; and the C12 reader on sentences from the seeds and variations of them.

mod common;

use nianbao::core::prose::{Topic, mentions};
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
fn c12_reads_these_sentences() {
    use Topic::*;
    let cases: Vec<(&str, Vec<(Topic, f64)>)> = vec![
        (
            "共收到依申请公开 3 件，严格按照依申请公开制度开展答复工作",
            vec![(NewApplications, 3.0)],
        ),
        (
            "今年处理依申请公开3件，均在规定时间内进行答复",
            vec![(Handled, 3.0)],
        ),
        (
            "本年新收政府信息公开申请0条，上年结转政府信息公开申请0条",
            vec![(NewApplications, 0.0), (CarriedIn, 0.0)],
        ),
        ("本年新收政府信息公开申请三件", vec![(NewApplications, 3.0)]),
        ("收到政府信息公开申请十二件", vec![(NewApplications, 12.0)]),
        (
            "全年共受理政府信息公开申请一百零五件",
            vec![(NewApplications, 105.0)],
        ),
        ("收到政府信息公开申请３件", vec![(NewApplications, 3.0)]),
        ("上年结转1件", vec![(CarriedIn, 1.0)]),
        ("结转下年度继续办理2件", vec![(CarriedOut, 2.0)]),
        (
            "其中予以公开13件、部分公开3件",
            vec![(Granted, 13.0), (Partly, 3.0)],
        ),
        (
            "发生政府信息公开行政复议2件、行政诉讼1件",
            vec![(Review, 2.0), (Litigation, 1.0)],
        ),
        ("本年制发行政规范性文件3件", vec![(Issued, 3.0)]),
        ("废止1件", vec![(Repealed, 1.0)]),
        ("现行有效的行政规范性文件12件", vec![(InForce, 12.0)]),
        (
            "全年作出行政许可决定1286件、行政处罚决定214件、行政强制决定37件",
            vec![(Permits, 1286.0), (Penalties, 214.0), (Enforcement, 37.0)],
        ),
        ("行政事业性收费29.313万元", vec![(Fees, 29.313)]),
        (
            "2021年办理依申请公开申请5件，均按时答复",
            vec![(Handled, 5.0)],
        ),
        ("本年新制作规范性文件4件并全部公开", vec![(Issued, 4.0)]),
        // Numbers that are not about the tables, or not counts, are left alone.
        ("同比增长15%", vec![]),
        ("较上年增长20％", vec![]),
        ("国办函〔2020〕109号", vec![]),
        ("本报告中数据统计期限为2021年1月1日至2021年12月31日", vec![]),
        ("主动公开政府信息1000余条，重点领域信息300余条", vec![]),
        ("2021年，主动公开政府信息214条", vec![]),
        ("通过新华社客户端等媒体平台刊发人社信息128条", vec![]),
        ("承办市十六届人大五次会议建议1件", vec![]),
        ("本年度未收到政府信息公开申请", vec![]),
        ("一是加强组织领导，二是完善各项制度", vec![]),
        ("收到申请后3个工作日内登记交办", vec![]),
        ("涉及26个大栏目85个子栏目", vec![]),
        (
            "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定",
            vec![],
        ),
    ];
    assert!(cases.len() >= 25);
    for (text, want) in cases {
        let got: Vec<(Topic, f64)> = mentions(text)
            .into_iter()
            .map(|m| (m.topic, m.value))
            .collect();
        assert_eq!(got, want, "{text}");
    }
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
    // Either meaning of 收到 counts: 一 + 二 = 29 is accepted too.
    let sec = &mut r.parts[0].sections[1].body;
    *sec = sec.replace("申请25件", "申请29件");
    assert!(of(&r, Rule::C12).is_empty());
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
