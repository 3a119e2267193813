//! The checks: a pure function from a report to its findings.
//!
//! Cheap enough to run on every keystroke: one pass to parse the cells, one over the
//! template's relations, and a small root-cause search over the failing ones.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::report::Report;
use super::template::{Axis, CellIdx, FormatVersion, Relation, Rule, Template, ValueKind};
use super::values::{CellValue, Number, describe_invalid};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The report is not ready for sign-off.
    Error,
    /// A reviewer should look.
    Warning,
}

impl Level {
    /// 「错误」 or 「提醒」.
    pub fn chinese(self) -> &'static str {
        match self {
            Level::Error => "错误",
            Level::Warning => "提醒",
        }
    }
}

/// A character range in a part's text (see [`crate::core::report::PartText::full_text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// First character (counted in chars, not bytes).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Part number used for findings about the report as a whole (metadata, format, file).
pub const REPORT_LEVEL: u8 = 0;

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which check.
    pub rule: Rule,
    /// Error or warning.
    pub level: Level,
    /// The part it concerns, 1..=6, or [`REPORT_LEVEL`] for the report as a whole.
    pub part: u8,
    /// Stable ids of the cells involved (the one that explains it first, if any).
    pub cells: Vec<String>,
    /// The one cell whose correction resolves the finding, when there is one.
    pub focus: Option<String>,
    /// The value `focus` should hold.
    pub expected: Option<String>,
    /// For a root-cause finding: every rule its one cell breaks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub explains: Vec<Rule>,
    /// A plain Chinese message that quotes the numbers.
    pub message: String,
    /// For a finding about prose: where in the part's text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<TextSpan>,
}

impl Finding {
    fn new(rule: Rule, level: Level, part: u8, message: String) -> Self {
        Finding {
            rule,
            level,
            part,
            cells: Vec::new(),
            focus: None,
            expected: None,
            explains: Vec::new(),
            message,
            span: None,
        }
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// Runs every check on a report. Deterministic: the same report gives the same list.
pub fn check(report: &Report) -> Vec<Finding> {
    let t = report.template();
    let (values, unknown) = report.scan_cells();
    let mut out = Vec::new();
    check_format(report, &unknown, &mut out);
    check_parts(report, &mut out);
    check_cells(report, t, &values, &mut out);
    check_arithmetic(report, t, &values, &mut out);
    check_fee_statement(report, &mut out);
    // Stable: findings keep their order within a part.
    out.sort_by_key(|f| f.part);
    out
}

/// Counts (errors, warnings).
pub fn tally(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}

/// C6: the format fits the year; the file holds only the template's cells.
fn check_format(report: &Report, unknown: &[&str], out: &mut Vec<Finding>) {
    let year = report.meta.year;
    let format = report.meta.format;
    if year >= 2021 && format == FormatVersion::Gov2019 {
        out.push(Finding::new(
            Rule::C6,
            Level::Error,
            REPORT_LEVEL,
            format!(
                "本报告为{year}年度报告，但统计表采用{}；2021年度及以后的报告应使用{}",
                FormatVersion::Gov2019.document(),
                FormatVersion::Gov2021.document()
            ),
        ));
    } else if year < 2021 && format == FormatVersion::Gov2021 {
        out.push(Finding::new(
            Rule::C6,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "本报告为{year}年度报告，但统计表采用{}；2019、2020年度报告应使用{}",
                FormatVersion::Gov2021.document(),
                FormatVersion::Gov2019.document()
            ),
        ));
    }
    if year < 2019 {
        out.push(Finding::new(
            Rule::C6,
            Level::Warning,
            REPORT_LEVEL,
            format!("报告年度为{year}年：现行两种格式只适用于2019年度及以后的报告，请核对年度"),
        ));
    }
    if !unknown.is_empty() {
        let mut f = Finding::new(
            Rule::C6,
            Level::Error,
            REPORT_LEVEL,
            format!(
                "草稿中有{}个单元格不属于{}的统计表（{}），已原样保留，但不参与核对和导出",
                unknown.len(),
                format.document(),
                list_preview(unknown.iter().copied(), 5)
            ),
        );
        f.cells = unknown.iter().map(|s| s.to_string()).collect();
        out.push(f);
    }
}

/// C7: the six parts, present and non-empty. Tables are always present in the model; the
/// prose parts must hold text.
fn check_parts(report: &Report, out: &mut Vec<Finding>) {
    for decl in report.template().parts.iter().filter(|p| p.is_prose) {
        if report.parts[usize::from(decl.number) - 1].is_blank() {
            out.push(Finding::new(
                Rule::C7,
                Level::Error,
                decl.number,
                format!("“{}”尚未填写：年度报告的六个部分缺一不可", decl.heading),
            ));
        }
    }
}

/// C5: each cell holds a value of its kind; blanks are listed once.
fn check_cells(report: &Report, t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    let mut unfilled = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let decl = &t.cells[i];
        match v {
            CellValue::Unfilled => unfilled.push(i),
            CellValue::Invalid(why) => {
                let text = report.cell_text(&decl.id);
                let mut f = Finding::new(
                    Rule::C5,
                    Level::Error,
                    t.part_of(i),
                    format!("{}：{}", decl.label, describe_invalid(text, decl.kind, why)),
                );
                f.cells = vec![decl.id.clone()];
                f.focus = Some(decl.id.clone());
                out.push(f);
            }
            CellValue::Value {
                number,
                typed_unit: Some(unit),
            } => {
                let text = report.cell_text(&decl.id).trim();
                let mut f = Finding::new(
                    Rule::C5,
                    Level::Error,
                    t.part_of(i),
                    format!(
                        "{}：“{text}”带了单位，已按 {number} 计算；表头已注明单位“{unit}”，请删去单位，只填 {number}",
                        decl.label
                    ),
                );
                f.cells = vec![decl.id.clone()];
                f.focus = Some(decl.id.clone());
                f.expected = Some(number.to_string());
                out.push(f);
            }
            CellValue::Value { .. } => {}
        }
    }
    if let Some(&first) = unfilled.first() {
        let mut f = Finding::new(
            Rule::C5,
            Level::Error,
            t.part_of(first),
            format!(
                "有{}个单元格尚未填写（核对时按 0 计算）：{}。正式报表不留空格，没有数据的请填 0",
                unfilled.len(),
                list_preview(unfilled.iter().map(|&i| t.cells[i].label.as_str()), 3)
            ),
        );
        f.cells = unfilled.iter().map(|&i| t.cells[i].id.clone()).collect();
        out.push(f);
    }
}

fn list_preview<'a>(items: impl Iterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = items.collect();
    let shown = all.iter().take(max).copied().collect::<Vec<_>>().join("、");
    if all.len() > max {
        format!("{shown}等")
    } else {
        shown
    }
}

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

/// C1–C4 (R1–R4), with the root-cause search of spec §3.
fn check_arithmetic(report: &Report, t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    // Unfilled counts as 0; a cell that does not parse makes its relations unknowable (C5 says why).
    let ints: Vec<Option<i64>> = values
        .iter()
        .map(|v| match v {
            CellValue::Unfilled => Some(0),
            CellValue::Value { number, .. } => number.as_int(),
            CellValue::Invalid(_) => None,
        })
        .collect();
    let sum = |cells: &[CellIdx]| -> Option<i64> {
        cells
            .iter()
            .try_fold(0i64, |acc, &c| ints[c].and_then(|v| acc.checked_add(v)))
    };
    let mut failures = Vec::new();
    let mut holds = vec![true; t.relations.len()];
    for (ri, rel) in t.relations.iter().enumerate() {
        if let (Some(l), Some(r)) = (sum(&rel.lhs), sum(&rel.rhs))
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
    ints: &[Option<i64>],
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
        t.part_of(cell),
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
    f.cells = cells;
    f.focus = Some(decl.id.clone());
    f.expected = Some(value.to_string());
    f.explains = rules;
    f
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

fn relation_finding(t: &Template, ints: &[Option<i64>], f: &Failure) -> Finding {
    let rel = &t.relations[f.relation];
    let table = &t.tables[rel.table];
    let block = &table.blocks[rel.block];
    let prefix = table.prefix();
    let is_total = rel.lhs.len() == 1 && rel.derived == rel.lhs.first().copied();
    let message = if is_total {
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
    let mut finding = Finding::new(rel.rule, Level::Error, table.part, message);
    finding.cells = rel.cells().map(|c| t.cells[c].id.clone()).collect();
    if is_total && let Some(d) = rel.derived {
        // The total is the usual culprit; name it first so the grid can mark it.
        finding.cells.retain(|c| *c != t.cells[d].id);
        finding.cells.insert(0, t.cells[d].id.clone());
        finding.focus = Some(t.cells[d].id.clone());
        finding.expected = Some(f.rhs.to_string());
    }
    finding
}

/// C8: a gov2021 report states the 信息处理费 in part 六 (an amount, or that none was charged).
fn check_fee_statement(report: &Report, out: &mut Vec<Finding>) {
    if report.meta.format != FormatVersion::Gov2021 {
        return;
    }
    let text = report.parts[5].full_text();
    // A blank part 六 is already C7; saying it twice helps nobody.
    if !text.trim().is_empty() && !states_fee(&text) {
        out.push(Finding::new(
            Rule::C8,
            Level::Error,
            6,
            "“六、其他需要报告的事项”未说明信息处理费：按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），应写明本年度收取的信息处理费金额，未收取的也应写明".to_string(),
        ));
    }
}

/// Whether some sentence mentions the fee together with an amount or a statement that none
/// was charged.
pub fn states_fee(text: &str) -> bool {
    text.split(['。', '；', ';', '\n']).any(|sentence| {
        let about_fee = sentence.contains("处理费")
            || (sentence.contains("信息公开")
                && (sentence.contains("收费") || sentence.contains("费用")));
        let none = ["没有", "未", "无", "不", "零"]
            .iter()
            .any(|w| sentence.contains(w));
        let amount = sentence
            .char_indices()
            .any(|(i, c)| c.is_ascii_digit() && sentence[i..].contains('元'));
        about_fee && (none || amount)
    })
}

/// The value of one cell as a number (for autosum and the UI); `None` when it does not parse.
pub fn int_value(values: &[CellValue], idx: CellIdx) -> Option<i64> {
    match &values[idx] {
        CellValue::Unfilled => Some(0),
        CellValue::Value {
            number: Number::Int(i),
            ..
        } => Some(*i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_statements() {
        assert!(states_fee("我单位本年度没有产生信息公开处理费。"));
        assert!(states_fee("本年度收取信息处理费120元。"));
        assert!(states_fee("本年度未收取信息公开相关费用。"));
        assert!(!states_fee(
            "本报告中数据统计期限为2021年1月1日至2021年12月31日。"
        ));
        assert!(!states_fee(""));
    }
}
