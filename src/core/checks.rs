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
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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

/// A character range in a part's text: for parts 1..=6 in
/// [`crate::core::report::PartText::full_text`], for [`REPORT_LEVEL`] in the lead paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TextSpan {
    /// First character (counted in chars, not bytes).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// Part number used for findings about the report as a whole (metadata, format, file).
pub const REPORT_LEVEL: u8 = 0;

/// One diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

    /// The cells involved.
    pub fn with_cells<S: Into<String>>(mut self, cells: impl IntoIterator<Item = S>) -> Self {
        self.cells = cells.into_iter().map(Into::into).collect();
        self
    }

    /// The one cell whose correction resolves the finding, without a value to propose.
    pub fn with_focus(mut self, cell: impl Into<String>) -> Self {
        self.focus = Some(cell.into());
        self
    }

    /// The one cell to correct and the value it should hold (shown as 「改为 N」).
    pub fn with_fix(mut self, cell: impl Into<String>, value: impl ToString) -> Self {
        self.focus = Some(cell.into());
        self.expected = Some(value.to_string());
        self
    }

    /// Where in a part's text a prose finding points.
    pub fn with_span(mut self, span: TextSpan) -> Self {
        self.span = Some(span);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }
}

/// Runs every check on a report. Deterministic: the same report gives the same list.
pub fn check(report: &Report) -> Vec<Finding> {
    check_with_previous(report, None)
}

/// Runs every check, and with last year's report also C13–C15.
pub fn check_with_previous(report: &Report, previous: Option<&Report>) -> Vec<Finding> {
    let t = report.template();
    let (values, unknown) = report.scan_cells();
    // Each part's text, joined once: several checks read it.
    let texts: Vec<String> = report.parts.iter().map(|p| p.full_text()).collect();
    let mut out = Vec::new();
    check_format(report, &unknown, &mut out);
    check_parts(report, &mut out);
    check_cells(report, t, &values, &mut out);
    check_arithmetic(report, t, &values, &mut out);
    check_fee_statement(report, &texts[5], &mut out);
    check_part1(&texts[0], &mut out);
    check_deadline(report, &mut out);
    check_prose_numbers(report, t, &values, &texts, &mut out);
    check_other_share(t, &values, &mut out);
    check_item_counts(t, &values, &mut out);
    check_period_and_signature(report, &texts, &mut out);
    if let Some(prev) = previous {
        check_against_previous(t, &values, prev, &texts, &mut out);
    }
    check_import_notes(report, t, &values, &mut out);
    // Stable: findings keep their order within a part. An import that placed fewer than half of
    // the cells (I6) leads: the rest is read in its light.
    out.sort_by_key(|f| (f.part, f.rule != Rule::I6));
    out
}

/// The import's notes, as warnings; a note about cells goes away once all of them are filled.
fn check_import_notes(report: &Report, t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    for note in &report.import_notes {
        let all_filled = !note.cells.is_empty()
            && note.cells.iter().all(|id| {
                t.cell_index(id)
                    .is_none_or(|i| !matches!(values[i], CellValue::Unfilled))
            });
        if all_filled {
            continue;
        }
        out.push(
            Finding::new(note.rule, Level::Warning, note.part, note.message.clone())
                .with_cells(note.cells.clone()),
        );
    }
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
    let expected = FormatVersion::for_year(year);
    if format != expected && year >= 2019 {
        // An older format for a newer year is wrong; a newer one for an older year is a slip.
        let (level, years) = if format.first_year() < expected.first_year() {
            (Level::Error, "2021年度及以后的报告")
        } else {
            (Level::Warning, "2019、2020年度报告")
        };
        out.push(Finding::new(
            Rule::C6,
            level,
            REPORT_LEVEL,
            format!(
                "本报告为{year}年度报告，但统计表采用{}；{years}应使用{}",
                format.document(),
                expected.document()
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
        out.push(
            Finding::new(
                Rule::C6,
                Level::Error,
                REPORT_LEVEL,
                format!(
                    "草稿中有{}个单元格不属于{}的统计表（{}），已原样保留，但不参与核对和导出",
                    unknown.len(),
                    format.document(),
                    list_preview(unknown.iter().copied(), 5)
                ),
            )
            .with_cells(unknown.iter().copied()),
        );
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
                out.push(
                    Finding::new(
                        Rule::C5,
                        Level::Error,
                        t.part_of(i),
                        format!("{}：{}", decl.label, describe_invalid(text, decl.kind, why)),
                    )
                    .with_cells(vec![decl.id.clone()])
                    .with_focus(decl.id.clone()),
                );
            }
            CellValue::Value {
                number,
                typed_unit: Some(unit),
            } => {
                let text = report.cell_text(&decl.id).trim();
                out.push(Finding::new(
                    Rule::C5,
                    Level::Error,
                    t.part_of(i),
                    format!(
                        "{}：“{text}”带了单位，已按 {number} 计算；表头已注明单位“{unit}”，请删去单位，只填 {number}",
                        decl.label
                    ),
                ).with_cells(vec![decl.id.clone()]).with_fix(decl.id.clone(), number.to_string()));
            }
            CellValue::Value { .. } => {}
        }
    }
    if let Some(&first) = unfilled.first() {
        out.push(Finding::new(
            Rule::C5,
            Level::Error,
            t.part_of(first),
            format!(
                "有{}个单元格尚未填写（核对时按 0 计算）：{}。正式报表不留空格，没有数据的请填 0",
                unfilled.len(),
                list_preview(unfilled.iter().map(|&i| t.cells[i].label.as_str()), 3)
            ),
        ).with_cells(unfilled.iter().map(|&i| t.cells[i].id.clone())));
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
    let mut ints: Vec<Option<i64>> = values.iter().map(CellValue::arith).collect();
    // So does a cell the import could not place (a row it could not read, a table it did not
    // find): the original has a number there, and 0 would be a guess. Its note says so.
    for note in &report.import_notes {
        if note.rule == Rule::I6 {
            continue; // It names only as many cells as would make up half.
        }
        for id in &note.cells {
            if let Some(i) = t.cell_index(id)
                && matches!(values[i], CellValue::Unfilled)
            {
                ints[i] = None;
            }
        }
    }
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
        finding = finding.with_fix(t.cells[d].id.clone(), f.rhs);
    }
    finding
}

/// C8: a gov2021 report states the 信息处理费 in part 六 (an amount, or that none was charged).
fn check_fee_statement(report: &Report, text: &str, out: &mut Vec<Finding>) {
    if !report.template().requires_fee_statement {
        return;
    }
    // A blank part 六 is already C7; saying it twice helps nobody.
    if !text.trim().is_empty() && !states_fee(text) {
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

/// Part 一's length as the spec means it: characters of text, white space not counted.
pub fn text_length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The five aspects part 一 must touch (C10), each with the words that show it is touched.
pub const ASPECTS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请公开", "依申请", "政府信息公开申请"]),
    ("政府信息管理", &["信息管理"]),
    ("平台建设", &["平台建设", "平台", "网站"]),
    ("监督保障", &["监督保障", "监督", "保障", "考核"]),
];

/// C9 and C10: part 一's length and its five aspects.
fn check_part1(text: &str, out: &mut Vec<Finding>) {
    if text.trim().is_empty() {
        return; // C7 already says so.
    }
    let n = text_length(text);
    if n > 1000 {
        out.push(Finding::new(
            Rule::C9,
            Level::Warning,
            1,
            format!("“一、总体情况”共 {n} 字，超过格式要求的“篇幅原则上不超过一千字”，请精简"),
        ));
    }
    let missing: Vec<&str> = ASPECTS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| text.contains(w)))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            Rule::C10,
            Level::Warning,
            1,
            format!(
                "“一、总体情况”没有写到：{}。格式要求总体情况涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障五个方面",
                missing.join("、")
            ),
        ));
    }
}

/// C11: issued after the deadline of the reporting body's tier.
fn check_deadline(report: &Report, out: &mut Vec<Finding>) {
    let (Some(date), Some(deadline)) = (
        report.meta.issue_date,
        report.meta.tier.deadline(report.meta.year),
    ) else {
        return; // A missing date is C18's.
    };
    if date > deadline {
        out.push(Finding::new(
            Rule::C11,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "成文日期 {} 晚于{}的公布期限 {}",
                date.chinese(),
                report.meta.tier.chinese(),
                deadline.chinese()
            ),
        ));
    }
}

/// C12: numbers the prose states about tabled quantities, against the tables. Only a number
/// read as a table quantity (see [`crate::core::prose`]) is compared, and only when every cell
/// it sums is filled and valid: a blank table says nothing the text could contradict.
fn check_prose_numbers(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    part_texts: &[String],
    out: &mut Vec<Finding>,
) {
    let number = |id: &str| -> Option<f64> {
        let i = t.cell_index(id)?;
        match &values[i] {
            CellValue::Value {
                number: Number::Int(v),
                ..
            } => Some(*v as f64),
            CellValue::Value {
                number: Number::Money(d),
                ..
            } => d.to_string().parse().ok(),
            CellValue::Unfilled | CellValue::Invalid(_) => None,
        }
    };
    let mut texts: Vec<(u8, &str)> = vec![(REPORT_LEVEL, report.meta.lead.as_str())];
    for (i, text) in part_texts.iter().enumerate() {
        if t.parts[i].is_prose {
            texts.push((t.parts[i].number, text.as_str()));
        }
    }
    for (part, text) in texts {
        let found = crate::core::prose::read(text, t, &report.meta.agency);
        if found.is_empty() {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        for m in found {
            let Some(quantities) = m.quantities() else {
                continue;
            };
            // (quantity, its cells' values, their sum), or nothing when a cell is blank.
            let mut read = Vec::new();
            for q in quantities {
                let Some(parts) = q
                    .cells
                    .iter()
                    .map(|id| number(id))
                    .collect::<Option<Vec<f64>>>()
                else {
                    break;
                };
                let stated = stated_in_cell_unit(t, q, m.value, m.unit);
                read.push((q, parts.iter().sum::<f64>(), stated, parts));
            }
            if read.len() < quantities.len()
                || read
                    .iter()
                    .any(|(_, sum, stated, _)| (sum - stated).abs() < 1e-6)
            {
                continue;
            }
            let clause: String = chars[m.clause.0..m.clause.1].iter().collect();
            let shown: String = chars[m.start..m.unit_end].iter().collect();
            let readings = read
                .iter()
                .map(|(q, sum, _, parts)| {
                    format!("按{}理解，表中为 {}", q.name, sum_text(parts, *sum))
                })
                .collect::<Vec<_>>()
                .join("；");
            let mut f = Finding::new(
                Rule::C12,
                Level::Warning,
                part,
                format!("正文“{}”写的是 {shown}，{readings}，请核对", clause.trim()),
            );
            for q in quantities {
                for id in &q.cells {
                    if !f.cells.contains(id) {
                        f.cells.push(id.clone());
                    }
                }
            }
            out.push(f.with_span(TextSpan {
                start: m.clause.0,
                end: m.clause.1,
            }));
        }
    }
}

/// The stated number in the unit of the quantity's cells (「29313元」 against a 万元 cell).
fn stated_in_cell_unit(
    t: &Template,
    q: &crate::core::prose::Quantity,
    value: f64,
    unit: &str,
) -> f64 {
    let kind = q.cells.first().and_then(|id| t.cell(id)).map(|c| c.kind);
    match (kind, unit) {
        (Some(ValueKind::Wan), "元") => value / 10_000.0,
        (Some(ValueKind::Yuan), "万元") => value * 10_000.0,
        _ => value,
    }
}

/// 「13 + 3 = 16」 for a few cells, 「20（8 项之和）」 for many, 「27」 for one.
fn sum_text(parts: &[f64], sum: f64) -> String {
    let n = |v: f64| {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match parts.len() {
        0 | 1 => n(sum),
        2..=4 => format!(
            "{} = {}",
            parts.iter().map(|v| n(*v)).collect::<Vec<_>>().join(" + "),
            n(sum)
        ),
        k => format!("{}（{k} 项之和）", n(sum)),
    }
}

/// Share of （六）其他处理 in all results above which C16 warns.
pub const OTHER_SHARE_LIMIT: f64 = 0.10;

/// C16: 其他处理 a large share of all results.
fn check_other_share(t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    let int = |id: &str| t.cell_index(id).and_then(|i| filled_int(values, i));
    let other_rows = t.other_result_totals();
    let other: Option<i64> = other_rows.iter().map(|id| int(id)).sum();
    let (Some(other), Some(total)) = (other, int("t3.total.total")) else {
        return;
    };
    if total > 0 && other as f64 > OTHER_SHARE_LIMIT * total as f64 {
        let share = other as f64 * 100.0 / total as f64;
        out.push(Finding::new(
            Rule::C16,
            Level::Warning,
            3,
            format!(
                "（六）其他处理共 {other} 件，占全部办理结果 {total} 件的 {share:.0}%（超过10%）：请核实是否有应归入（一）至（五）的情形"
            ),
        ).with_cells(other_rows.into_iter().chain(["t3.total.total".to_string()])));
    }
}

/// C17 (gov2019): 上一年项目数量 + 本年增/减 below zero.
fn check_item_counts(t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    // Only the 2019 format counts items with last year's number and the change.
    for row in t.rows_with("t2", &["last_year", "change"]) {
        let (Some(li), Some(ci)) = (t.find("t2", row, "last_year"), t.find("t2", row, "change"))
        else {
            continue;
        };
        let (Some(last), Some(change)) = (filled_int(values, li), filled_int(values, ci)) else {
            continue;
        };
        if last + change < 0 {
            out.push(Finding::new(
                Rule::C17,
                Level::Warning,
                2,
                format!(
                    "{}：上一年项目数量 {last} 加本年增/减 {change} 为 {}，项目数量不能为负，请核对",
                    t.row_of(li).label(),
                    last + change
                ),
            ).with_cells(vec![t.cells[li].id.clone(), t.cells[ci].id.clone()]));
        }
    }
}

/// Part 五 this similar to last year's (C15) is 「年年雷同」.
pub const SAME_AS_LAST_YEAR: f64 = 0.9;

/// C13–C15: this year's report against last year's.
fn check_against_previous(
    t: &Template,
    values: &[CellValue],
    prev: &Report,
    texts: &[String],
    out: &mut Vec<Finding>,
) {
    let pt = prev.template();
    let pvalues = prev.values();
    let this = |id: &str| t.cell_index(id).and_then(|i| filled_int(values, i));
    let last = |id: &str| pt.cell_index(id).and_then(|i| filled_int(&pvalues, i));
    // C13: 上年结转 = last year's 结转下年度, column by column.
    if let Some(table) = t.table("t3") {
        for col in &table.blocks[0].columns {
            let here = format!("t3.carried_in.{}", col.id);
            let there = format!("t3.carried_out.{}", col.id);
            if let (Some(a), Some(b)) = (this(&here), last(&there))
                && a != b
            {
                out.push(Finding::new(
                    Rule::C13,
                    Level::Warning,
                    3,
                    format!(
                        "三、二、上年结转政府信息公开申请数量 · {} 为 {a}，但{}年度报告的“四、结转下年度继续办理”该列为 {b}",
                        col.label, prev.meta.year
                    ),
                ).with_cells(vec![here.clone()]).with_fix(here, b.to_string()));
            }
        }
    }
    // C14: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 (both in the 2021 format).
    // Only where both years count documents in force (the 2021 format).
    for row in t.rows_with("t2", &["in_force", "issued", "repealed"]) {
        let name = t.row_label("t2", row).unwrap_or(row);
        {
            let cell = |c: &str| format!("t2.{row}.{c}");
            if let (Some(now), Some(before), Some(issued), Some(repealed)) = (
                this(&cell("in_force")),
                last(&cell("in_force")),
                this(&cell("issued")),
                this(&cell("repealed")),
            ) && now != before + issued - repealed
            {
                let expected = before + issued - repealed;
                out.push(Finding::new(
                    Rule::C14,
                    Level::Warning,
                    2,
                    format!(
                        "二、{name}的现行有效件数为 {now}，但上年现行有效 {before} + 本年制发 {issued} − 本年废止 {repealed} = {expected}，请核对"
                    ),
                ).with_cells(vec![cell("in_force"), cell("issued"), cell("repealed")]).with_fix(cell("in_force"), expected.to_string()));
            }
        }
    }
    // C15: part 五 (nearly) the same as last year's.
    let now = &texts[4];
    let before = prev.parts[4].full_text();
    if text_length(now) >= 20 && text_length(&before) >= 20 {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let similarity = strsim::sorensen_dice(&squeeze(now), &squeeze(&before));
        if similarity >= SAME_AS_LAST_YEAR {
            out.push(Finding::new(
                Rule::C15,
                Level::Warning,
                5,
                format!(
                    "“五、存在的主要问题及改进情况”与{}年度报告的相似度为 {:.0}%：格式要求写实，不能年年雷同",
                    prev.meta.year,
                    similarity * 100.0
                ),
            ));
        }
    }
}

/// Whether a text states the 统计期限 (「统计期限」, or a span such as 「2021年1月1日至12月31日」).
pub fn states_period(text: &str) -> bool {
    if text.contains("统计期限") || text.contains("统计时限") || text.contains("统计区间")
    {
        return true;
    }
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.contains("1月1日至")
        || squeezed.contains("1月1日起至")
        || squeezed.contains("1月1日到")
}

/// C18: the 统计期限 sentence, and the agency name and date of issue for the signature.
fn check_period_and_signature(report: &Report, texts: &[String], out: &mut Vec<Finding>) {
    let stated = states_period(&report.meta.lead) || texts.iter().any(|t| states_period(t));
    if !stated {
        out.push(Finding::new(
            Rule::C18,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "没有写明统计期限：建议在导语中写明“本报告中所列数据的统计期限自{0}年1月1日起至{0}年12月31日止”",
                report.meta.year
            ),
        ));
    }
    let mut missing = Vec::new();
    if report.meta.agency.trim().is_empty() {
        missing.push("机关名称");
    }
    if report.meta.issue_date.is_none() {
        missing.push("成文日期");
    }
    if !missing.is_empty() {
        out.push(Finding::new(
            Rule::C18,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "文末落款缺少{}：打印稿需要机关名称和成文日期以便签署、盖章",
                missing.join("和")
            ),
        ));
    }
}

/// The value of one cell for the arithmetic (see [`CellValue::arith`]).
pub fn int_value(values: &[CellValue], idx: CellIdx) -> Option<i64> {
    values[idx].arith()
}

/// The whole number a cross-check compares: none for a blank cell as well as for text that
/// does not parse. A blank table (an import that placed nothing) says nothing the cross-checks
/// could contradict; the arithmetic counts blanks as 0 and C5 lists them.
fn filled_int(values: &[CellValue], idx: CellIdx) -> Option<i64> {
    match values[idx] {
        CellValue::Unfilled => None,
        _ => values[idx].arith(),
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
