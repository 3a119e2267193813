//! The arithmetic (R1–R4 as C1–C4) with the root-cause search of spec §3: when one cell
//! explains several failing relations, it is named once, with the value that mends them all.

use super::*;

/// A failing relation: `residual = sum(lhs) - sum(rhs)`, never 0.
struct Failure {
    relation: usize,
    lhs: i64,
    rhs: i64,
}

impl Failure {
    fn residual(&self) -> i64 {
        self.lhs - self.rhs
    }
}

/// The value that would make `relation` hold if only `cell` changed.
fn fix_for(rel: &Relation, cell: CellIdx, current: i64, residual: i64) -> i64 {
    if rel.lhs.contains(&cell) {
        current - residual
    } else {
        current + residual
    }
}

/// Each cell's value for the arithmetic: unfilled counts as 0; a cell that does not parse makes
/// its relations unknowable (C5 says why), and so does a cell the import could not place (a row
/// it could not read, a table it did not find): the original has a number there, and 0 would be
/// a guess. Its note says so. The sub-rows of a printed group in force are unknown one by one,
/// but together they are the number the original printed for the group.
pub(super) struct Ints {
    each: Vec<Option<i64>>,
    /// Sub-row cells of one column of a printed group, and the group's number there.
    groups: Vec<(Vec<CellIdx>, Option<i64>)>,
}

impl std::ops::Index<CellIdx> for Ints {
    type Output = Option<i64>;
    fn index(&self, c: CellIdx) -> &Option<i64> {
        &self.each[c]
    }
}

impl Ints {
    pub(super) fn of(report: &Report, t: &Template, values: &[CellValue]) -> Self {
        let mut each: Vec<Option<i64>> = values.iter().map(CellValue::arith).collect();
        for note in &report.import_notes {
            if note.rule == Rule::I6 {
                continue; // It names only as many cells as would make up half.
            }
            for id in &note.cells {
                if let Some(i) = t.cell_index(id)
                    && matches!(values[i], CellValue::Unfilled)
                {
                    each[i] = None;
                }
            }
        }
        let mut groups = Vec::new();
        for g in report.groups_in_force(values) {
            for c in g.columns(t) {
                if c.cells
                    .iter()
                    .all(|&i| matches!(values[i], CellValue::Unfilled))
                {
                    for &i in &c.cells {
                        each[i] = None;
                    }
                    groups.push((c.cells, c.value));
                }
            }
        }
        Ints { each, groups }
    }

    /// The value of one cell changed (for a what-if).
    fn with(&self, c: CellIdx, v: Option<i64>) -> Self {
        let mut each = self.each.clone();
        each[c] = v;
        Ints {
            each,
            groups: self.groups.clone(),
        }
    }

    /// The sum of some cells, or `None` when one of them is unknowable. Where the cells hold
    /// every sub-row of a printed group's column, the group's number stands for them.
    pub(super) fn sum(&self, cells: &[CellIdx]) -> Option<i64> {
        let mut covered: Vec<CellIdx> = Vec::new();
        let mut total = 0i64;
        for (group, value) in &self.groups {
            if group.iter().all(|c| cells.contains(c)) {
                total = total.checked_add((*value)?)?;
                covered.extend(group);
            }
        }
        cells
            .iter()
            .filter(|c| !covered.contains(c))
            .try_fold(total, |acc, &c| {
                self.each[c].and_then(|v| acc.checked_add(v))
            })
    }
}

/// Whether some relation of `cell` other than `except` holds today or cannot be evaluated:
/// changing the cell alone would then break it (or might).
fn other_relation_would_break(
    t: &Template,
    ints: &Ints,
    cell: CellIdx,
    except: Option<usize>,
) -> bool {
    t.cell_relations[cell]
        .iter()
        .filter(|&&r| Some(r) != except)
        .any(|&r| {
            let rel = &t.relations[r];
            match (ints.sum(&rel.lhs), ints.sum(&rel.rhs)) {
                (Some(l), Some(r)) => l == r,
                _ => true,
            }
        })
}

/// Takes back every proposed value (「改为 N」) that would make a relation fail that holds now:
/// a one-click fix must never trade one error for another. The finding still names its cell.
pub(super) fn withdraw_harmful_fixes(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    findings: &mut [Finding],
) {
    if !findings.iter().any(|f| f.expected.is_some()) {
        return;
    }
    let ints = Ints::of(report, t, values);
    for f in findings.iter_mut() {
        let (Some(id), Some(new)) = (&f.focus, &f.expected) else {
            continue;
        };
        let Some(c) = t.cell_index(id) else { continue };
        if t.cell_relations[c].is_empty() {
            continue;
        }
        let new = crate::core::values::parse_cell(new, t.cells[c].kind).arith();
        if new.is_some() && new == ints[c] {
            continue; // Same number, other spelling (a unit taken off).
        }
        let after = ints.with(c, new);
        let breaks = t.cell_relations[c].iter().any(|&r| {
            let rel = &t.relations[r];
            let now =
                matches!((ints.sum(&rel.lhs), ints.sum(&rel.rhs)), (Some(a), Some(b)) if a == b);
            let then =
                matches!((after.sum(&rel.lhs), after.sum(&rel.rhs)), (Some(a), Some(b)) if a == b);
            now && !then
        });
        if breaks {
            f.expected = None;
        }
    }
}

/// C1–C4 (R1–R4), with the root-cause search of spec §3.
pub(super) fn check_arithmetic(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    out: &mut Vec<Finding>,
) {
    let ints = Ints::of(report, t, values);
    let mut failures = Vec::new();
    let mut holds = vec![true; t.relations.len()];
    for (ri, rel) in t.relations.iter().enumerate() {
        if let (Some(l), Some(r)) = (ints.sum(&rel.lhs), ints.sum(&rel.rhs))
            && l != r
        {
            holds[ri] = false;
            failures.push(Failure {
                relation: ri,
                lhs: l,
                rhs: r,
            });
        }
    }
    if failures.is_empty() {
        return;
    }

    // Root causes: a cell all of whose relations fail, that appears in two or more of them, and
    // whose single correction (the same value for each) would make all of them hold.
    let mut explained: BTreeSet<usize> = BTreeSet::new();
    let mut candidates: Vec<(CellIdx, i64, Vec<usize>)> = Vec::new();
    let failing_cells: BTreeSet<CellIdx> = failures
        .iter()
        .flat_map(|f| t.relations[f.relation].cells())
        .collect();
    for &c in &failing_cells {
        let rels = &t.cell_relations[c];
        if rels.len() < 2 || rels.iter().any(|&r| holds[r]) {
            continue;
        }
        let Some(current) = ints[c] else { continue };
        let mut fix = None;
        let mut agree = true;
        for &r in rels {
            let Some(f) = failures.iter().find(|f| f.relation == r) else {
                // Skipped relation (an unparseable cell): cannot vouch for it.
                agree = false;
                break;
            };
            let v = fix_for(&t.relations[r], c, current, f.residual());
            match fix {
                None => fix = Some(v),
                Some(prev) if prev == v => {}
                Some(_) => {
                    agree = false;
                    break;
                }
            }
        }
        if let (true, Some(v)) = (agree, fix)
            && (v >= 0 || t.cells[c].kind != ValueKind::Count)
        {
            candidates.push((c, v, rels.clone()));
        }
    }
    // Most relations explained first; ties by reading order, so the result is deterministic.
    candidates.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));
    for (c, v, rels) in candidates {
        if rels.iter().any(|r| explained.contains(r)) {
            continue;
        }
        explained.extend(rels.iter().copied());
        out.push(root_cause_finding(report, t, &ints, c, v, &rels));
    }
    for f in &failures {
        if !explained.contains(&f.relation) {
            out.push(relation_finding(t, &ints, f));
        }
    }
}

fn root_cause_finding(
    report: &Report,
    t: &Template,
    ints: &Ints,
    cell: CellIdx,
    value: i64,
    rels: &[usize],
) -> Finding {
    let decl = &t.cells[cell];
    let mut rules: Vec<Rule> = rels.iter().map(|&r| t.relations[r].rule).collect();
    rules.sort();
    rules.dedup();
    let list = rels
        .iter()
        .map(|&r| {
            let rel = &t.relations[r];
            let what = if rel.lhs.len() == 1 && rel.derived == rel.lhs.first().copied() {
                "合计"
            } else {
                "勾稽关系"
            };
            format!("{}的{what}（{}）", relation_place(t, rel), rel.rule)
        })
        .collect::<Vec<_>>()
        .join("、");
    let shown = report.cell_text(&decl.id).trim();
    let current = ints[cell].unwrap_or(0);
    let shown = if shown.is_empty() {
        "空（按 0 计）".to_string()
    } else {
        current.to_string()
    };
    let mut f = Finding::new(
        rules[0],
        Level::Error,
        t.part_of(cell).get(),
        format!(
            "{} 为 {shown}，应为 {value}：这一格使 {} 处关系同时不成立（{list}），改为 {value} 后全部成立",
            decl.label,
            rels.len()
        ),
    );
    let mut cells = vec![decl.id.clone()];
    for &r in rels {
        for c in t.relations[r].cells() {
            if !cells.contains(&t.cells[c].id) {
                cells.push(t.cells[c].id.clone());
            }
        }
    }
    f.explains = rules;
    f.with_cells(cells).with_fix(decl.id.clone(), value)
}

/// Where a relation runs, as a reader would say it: 「本行」 for a row, 「“自然人”列」…
fn relation_place(t: &Template, rel: &Relation) -> String {
    let block = &t.tables[rel.table].blocks[rel.block];
    match rel.axis {
        Axis::Row(r) => format!("{}行", block.rows[r].short()),
        Axis::Column(c) => format!("“{}”列", block.columns[c].label),
        Axis::Group(c) => block.columns[c].group.unwrap_or("").to_string(),
    }
}

fn relation_finding(t: &Template, ints: &Ints, f: &Failure) -> Finding {
    let rel = &t.relations[f.relation];
    let table = &t.tables[rel.table];
    let block = &table.blocks[rel.block];
    let prefix = table.prefix();
    let is_total = rel.lhs.len() == 1 && rel.derived == rel.lhs.first().copied();
    // The total is the usual culprit, unless it also takes part in a relation that holds: then
    // correcting it would break that one, and the fault is more likely in the items.
    let total_fixable = is_total
        && rel
            .derived
            .is_some_and(|d| !other_relation_would_break(t, ints, d, Some(f.relation)));
    let message = if is_total && !total_fixable {
        let (l, r) = (f.lhs, f.rhs);
        let d = (rel.lhs_desc, rel.rhs_desc);
        let place = match rel.axis {
            Axis::Row(row) => format!(
                "{} 的“{}”为 {l}，但本行{}之和为 {r}",
                block.rows[row].short(),
                d.0,
                d.1
            ),
            Axis::Column(col) => format!(
                "“{}”列的{}为 {l}，但本列{}之和为 {r}",
                block.columns[col].label, d.0, d.1
            ),
            Axis::Group(col) => format!(
                "{}的“{}”为 {l}，但{}之和为 {r}",
                block.columns[col].group.unwrap_or(""),
                d.0,
                d.1
            ),
        };
        format!(
            "{prefix}{place}，两者不等；“{}”同时参与其他已经成立的勾稽关系，单改它会使那些关系不成立，请核对{}各项",
            d.0,
            match rel.axis {
                Axis::Row(_) => "本行",
                Axis::Column(_) => "本列",
                Axis::Group(_) => "组内",
            }
        )
    } else if is_total {
        let (l, r) = (f.lhs, f.rhs);
        let d = (rel.lhs_desc, rel.rhs_desc);
        match rel.axis {
            Axis::Row(row) => format!(
                "{prefix}{} 的“{}”为 {l}，但本行{}之和为 {r}；“{}”应为 {r}",
                block.rows[row].short(),
                d.0,
                d.1,
                d.0
            ),
            Axis::Column(col) => format!(
                "{prefix}“{}”列的{}为 {l}，但本列{}之和为 {r}；{}应为 {r}",
                block.columns[col].label, d.0, d.1, d.0
            ),
            Axis::Group(col) => format!(
                "{prefix}{}的“{}”为 {l}，但{}之和为 {r}；“{}”应为 {r}",
                block.columns[col].group.unwrap_or(""),
                d.0,
                d.1,
                d.0
            ),
        }
    } else {
        let side = |cells: &[CellIdx]| {
            cells
                .iter()
                .map(|&c| ints[c].unwrap_or(0).to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let place = match rel.axis {
            Axis::Column(col) => format!("“{}”列", block.columns[col].label),
            _ => String::new(),
        };
        format!(
            "{prefix}{place}不满足勾稽关系：{} = {} = {}，但{} = {} = {}，两者应相等",
            rel.lhs_desc,
            side(&rel.lhs),
            f.lhs,
            rel.rhs_desc,
            side(&rel.rhs),
            f.rhs
        )
    };
    let mut finding = Finding::new(rel.rule, Level::Error, table.part.get(), message);
    finding.cells = rel.cells().map(|c| t.cells[c].id.clone()).collect();
    if total_fixable && let Some(d) = rel.derived {
        // The total is the usual culprit; name it first so the grid can mark it.
        finding.cells.retain(|c| *c != t.cells[d].id);
        finding.cells.insert(0, t.cells[d].id.clone());
        finding = finding.with_fix(t.cells[d].id.clone(), f.rhs);
    }
    finding
}
