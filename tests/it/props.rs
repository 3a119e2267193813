//! Property tests: autosum, the single-cell error property, and the RON round trip.

use crate::common;

use std::path::Path;

use nianbao::core::{FormatVersion, IssueDate, Report, Rule, Section, ValueKind, autosum, check};
use nianbao::store::{from_ron, to_ron};
use proptest::prelude::*;

fn version() -> impl Strategy<Value = FormatVersion> {
    prop_oneof![Just(FormatVersion::Gov2021), Just(FormatVersion::Gov2019)]
}

/// A report whose count cells hold random small numbers or are left blank.
fn random_counts() -> impl Strategy<Value = Report> {
    (
        version(),
        proptest::collection::vec(proptest::option::of(0u32..60), 200),
    )
        .prop_map(|(v, nums)| {
            let mut r = Report::new(v, 2024);
            for (cell, n) in v.template().cells.iter().zip(nums) {
                if let (ValueKind::Count, Some(n)) = (cell.kind, n) {
                    r.set_cell(&cell.id, n.to_string());
                }
            }
            r
        })
}

/// The indices of the template's relations that hold (every cell filled with a whole number).
fn holding_relations(report: &Report) -> Vec<usize> {
    let t = report.template();
    let values = report.values();
    let sum = |cells: &[usize]| {
        cells
            .iter()
            .map(|&c| values[c].arith().unwrap_or(0))
            .sum::<i64>()
    };
    t.relations
        .iter()
        .enumerate()
        .filter(|(_, r)| sum(&r.lhs) == sum(&r.rhs))
        .map(|(i, _)| i)
        .collect()
}

fn sample() -> Report {
    common::fixture(&common::asset("sample-gov2021.ron"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn autosum_makes_r1_r2_r4_hold(mut report in random_counts()) {
        autosum(&mut report, None);
        let bad: Vec<_> = check(&report)
            .into_iter()
            .filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R4) || f.explains.iter().any(|r| matches!(r, Rule::R1 | Rule::R2 | Rule::R4)))
            .collect();
        prop_assert!(bad.is_empty(), "{:#?}", bad);
        // Autosum is idempotent.
        let again = autosum(&mut report, None);
        prop_assert!(again.is_empty());
    }

    #[test]
    fn one_changed_cell_is_named(pick in 0usize..1000, delta in 1i64..40, up in any::<bool>()) {
        let base = sample();
        let t = base.template();
        let in_relations: Vec<usize> = (0..t.cells.len()).filter(|&i| !t.cell_relations[i].is_empty()).collect();
        let idx = in_relations[pick % in_relations.len()];
        let id = &t.cells[idx].id;
        let old: i64 = base.cell_text(id).parse().expect("sample cells are plain numbers");
        let new = if up || old < delta { old + delta } else { old - delta };
        let mut report = base.clone();
        report.set_cell(id, new.to_string());
        let findings = check(&report);
        let arithmetic: Vec<_> = findings.iter().filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4)).collect();
        prop_assert!(!arithmetic.is_empty());
        prop_assert!(arithmetic.iter().all(|f| f.cells.contains(id)), "{} not named: {:#?}", id, arithmetic);
        // When the cell breaks two or more relations, one finding points at it with the old value.
        if t.cell_relations[idx].len() >= 2 {
            prop_assert_eq!(arithmetic.len(), 1, "{:#?}", arithmetic);
            prop_assert_eq!(arithmetic[0].focus.as_deref(), Some(id.as_str()));
            let expected = old.to_string();
            prop_assert_eq!(arithmetic[0].expected.as_deref(), Some(expected.as_str()));
        }
    }

    #[test]
    fn no_offered_fix_breaks_a_relation_that_holds(
        picks in proptest::collection::vec((0usize..1000, 1i64..40, any::<bool>()), 1..4),
    ) {
        // One to three cells of the clean sample changed: whatever 「改为 N」 the checks offer,
        // applying it leaves every relation that held still holding.
        let mut report = sample();
        let t = report.template();
        let in_relations: Vec<usize> = (0..t.cells.len()).filter(|&i| !t.cell_relations[i].is_empty()).collect();
        for (pick, delta, up) in picks {
            let id = t.cells[in_relations[pick % in_relations.len()]].id.clone();
            let old: i64 = report.cell_text(&id).parse().expect("sample cells are plain numbers");
            let new = if up || old < delta { old + delta } else { old - delta };
            report.set_cell(&id, new.to_string());
        }
        let before = holding_relations(&report);
        for f in check(&report) {
            let (Some(cell), Some(value)) = (&f.focus, &f.expected) else { continue };
            let mut fixed = report.clone();
            fixed.set_cell(cell, value.clone());
            let after = holding_relations(&fixed);
            let broken: Vec<_> = before.iter().filter(|r| !after.contains(r)).collect();
            prop_assert!(broken.is_empty(), "「改为 {}」 on {} breaks relations {:?}: {}", value, cell, broken, f.message);
        }
    }

    #[test]
    fn ron_round_trip(
        report in random_counts(),
        agency in "\\PC{0,30}",
        contact in ".{0,40}",
        text in proptest::collection::vec("(\\PC|\n|\"|\\\\){0,80}", 6),
        odd in proptest::collection::vec(("t[234]\\.[a-z_]{1,8}\\.[a-z_]{1,8}", "\\PC{1,12}"), 0..8),
        date in proptest::option::of((1990i32..2100, 1u8..=12, 1u8..=28)),
    ) {
        let mut report = report;
        report.meta.agency = agency;
        report.meta.contact = contact;
        report.meta.issue_date = date.and_then(|(y, m, d)| IssueDate::new(y, m, d));
        for (i, t) in text.iter().enumerate() {
            report.parts[i].intro = t.clone();
            if i == 0 || i == 4 {
                report.parts[i].sections.push(Section { heading: "（一）".into(), body: t.clone() });
            }
        }
        for (id, v) in odd {
            report.set_cell(&id, v);
        }
        let ron = to_ron(&report).expect("serialise");
        let back = from_ron(&ron, Path::new("x.ron")).expect("parse back");
        prop_assert_eq!(back, report);
    }
}
