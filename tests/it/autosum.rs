//! Autosum on concrete cases: totals derived, 结转下年度 only when blank, edits reported.

use crate::common;

use nianbao::core::{Rule, autosum, autosum_edits, check};

#[test]
fn fixes_taierzhuang_total() {
    let mut r = common::fixture(&common::data("taierzhuang-2021.ron"));
    let edits = autosum(&mut r, Some("t3"));
    assert_eq!(edits.len(), 1, "{edits:#?}");
    assert_eq!(edits[0].id, "t3.total.total");
    assert_eq!((edits[0].old.as_str(), edits[0].new.as_str()), ("0", "3"));
    assert!(
        check(&r)
            .iter()
            .all(|f| !matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3))
    );
}

#[test]
fn derives_carried_out_only_when_blank() {
    let mut r = common::fixture(&common::asset("sample-gov2021.ron"));
    let t = r.template();
    let carried: Vec<String> = t
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t3.carried_out."))
        .map(|c| c.id.clone())
        .collect();
    let expected: Vec<String> = carried
        .iter()
        .map(|id| r.cell_text(id).to_string())
        .collect();
    for id in &carried {
        r.set_cell(id, "");
    }
    autosum(&mut r, None);
    let got: Vec<String> = carried
        .iter()
        .map(|id| r.cell_text(id).to_string())
        .collect();
    assert_eq!(got, expected);

    // A typed (wrong) 结转 is the clerk's figure: autosum leaves it for R3 to flag.
    r.set_cell("t3.carried_out.natural", "9");
    let edits = autosum_edits(&r, None);
    assert!(
        edits.iter().all(|e| e.id != "t3.carried_out.natural"),
        "{edits:#?}"
    );
}

#[test]
fn only_the_chosen_table() {
    let mut r = common::fixture(&common::asset("sample-gov2021.ron"));
    r.set_cell("t4.cases.review_total", "");
    r.set_cell("t3.new.total", "");
    let edits = autosum_edits(&r, Some("t4"));
    assert_eq!(
        edits.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["t4.cases.review_total"]
    );
    assert_eq!(edits[0].new, "4");
}
