//! The two templates against the spec: labels, ids, spans, relations.

use super::*;

#[test]
fn cell_counts_match_the_spec() {
    let t21 = FormatVersion::Gov2021.template();
    let t19 = FormatVersion::Gov2019.template();
    let count = |t: &Template, id: &str| {
        t.cells
            .iter()
            .filter(|c| t.tables[c.table].id == id)
            .count()
    };
    assert_eq!(count(t21, "t2"), 10);
    assert_eq!(count(t19, "t2"), 22);
    assert_eq!(count(t21, "t3"), 25 * 7);
    assert_eq!(count(t19, "t3"), 23 * 7);
    assert_eq!(count(t21, "t4"), 15);
    assert_eq!(count(t19, "t4"), 15);
}

#[test]
fn relations_expand() {
    let t = FormatVersion::Gov2021.template();
    let n = |r: Rule| t.relations.iter().filter(|x| x.rule == r).count();
    assert_eq!(n(Rule::R1), 25);
    assert_eq!(n(Rule::R2), 7);
    assert_eq!(n(Rule::R3), 7);
    assert_eq!(n(Rule::R4), 3);
    // R2 sums 21 result rows in gov2021, 19 in gov2019 (三 spans them plus （七）).
    let r2 = t
        .relations
        .iter()
        .find(|x| x.rule == Rule::R2)
        .map(|r| r.rhs.len());
    assert_eq!(r2, Some(21));
    let t19 = FormatVersion::Gov2019.template();
    let r2 = t19
        .relations
        .iter()
        .find(|x| x.rule == Rule::R2)
        .map(|r| r.rhs.len());
    assert_eq!(r2, Some(19));
}

#[test]
fn labels_for_messages() {
    let t = FormatVersion::Gov2021.template();
    let label = |id: &str| t.cell(id).map(|c| c.label.clone());
    assert_eq!(
        label("t3.total.total").as_deref(),
        Some("三、（七）总计 · 总计")
    );
    assert_eq!(
        label("t3.denied_1.business").as_deref(),
        Some("三、（三）1.属于国家秘密 · 商业企业")
    );
    assert_eq!(
        label("t4.cases.suit_after_total").as_deref(),
        Some("四、复议后起诉 · 总计")
    );
    assert_eq!(
        label("t2.permits.decisions").as_deref(),
        Some("二、行政许可 · 本年处理决定数量")
    );
}

#[test]
fn every_table_declares_a_width_for_each_label_column() {
    for v in FormatVersion::ALL {
        for table in &v.template().tables {
            let look = &table.look;
            assert_eq!(look.print_label_shares.len(), table.label_columns);
            assert_eq!(look.screen_label_widths.len(), table.label_columns);
            assert!(look.print_label_shares.iter().sum::<f32>() < 0.9);
        }
    }
}

#[test]
fn header_spans_cover_the_columns() {
    for v in FormatVersion::ALL {
        for table in &v.template().tables {
            for block in &table.blocks {
                let width = table.label_columns + block.columns.len();
                // Every slot of the header grid is covered exactly once.
                let mut grid = vec![vec![0u8; width]; block.header.len()];
                for h in block.place_header(width) {
                    assert!(
                        h.col_end - h.col >= 1 && h.row_end - h.row >= 1,
                        "{}",
                        h.text
                    );
                    for row in &mut grid[h.row..h.row_end] {
                        for slot in &mut row[h.col..h.col_end] {
                            *slot += 1;
                        }
                    }
                }
                assert!(
                    grid.iter().all(|r| r.iter().all(|x| *x == 1)),
                    "{} {}",
                    table.id,
                    block.id
                );
            }
        }
    }
}

#[test]
fn the_cross_checks_find_their_rows_in_each_format() {
    let t21 = FormatVersion::Gov2021.template();
    let t19 = FormatVersion::Gov2019.template();
    let ids = |t: &Template| -> Vec<String> {
        t.other_totals
            .iter()
            .map(|&i| t.cells[i].id.clone())
            .collect()
    };
    assert_eq!(
        ids(t21),
        ["t3.other_1.total", "t3.other_2.total", "t3.other_3.total"]
    );
    assert_eq!(ids(t19), ["t3.other.total"]);
    assert_eq!(t21.in_force_rows, ["rules", "normative"]);
    assert!(t19.in_force_rows.is_empty());
    assert!(t21.item_count_rows.is_empty());
    assert_eq!(
        t19.item_count_rows,
        ["permits", "services", "penalties", "enforcement", "fees"]
    );
}
