//! The checks: a pure function from a report to its findings.
//!
//! Cheap enough to run on every keystroke: one pass to parse the cells, one over the
//! template's relations, and a small root-cause search over the failing ones.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

mod arithmetic;
mod cross;
mod form;
mod printed;
mod text;

pub use cross::{OTHER_SHARE_LIMIT, SAME_AS_LAST_YEAR};
pub use text::{ASPECTS, states_fee, states_period, text_length};

use arithmetic::check_arithmetic;
use cross::{check_against_previous, check_item_counts, check_other_share};
use form::{check_cells, check_format, check_parts};
use text::{
    check_deadline, check_fee_statement, check_part1, check_period_and_signature,
    check_prose_numbers,
};

use super::report::Report;
use super::template::{Axis, CellId, CellIdx, FormatVersion, Relation, Rule, Template, ValueKind};
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
    printed::check_printed_groups(report, t, &values, &mut out);
    check_fee_statement(report, &texts[5], &mut out);
    check_part1(&texts[0], &mut out);
    check_deadline(report, &mut out);
    check_prose_numbers(report, t, &values, &texts, &mut out);
    check_other_share(report, t, &values, &mut out);
    check_item_counts(t, &values, &mut out);
    check_period_and_signature(report, &texts, &mut out);
    if let Some(prev) = previous {
        check_against_previous(t, &values, prev, &texts, &mut out);
    }
    check_import_notes(report, t, &values, &mut out);
    check_scanned(report, t, &mut out);
    arithmetic::withdraw_harmful_fixes(report, t, &values, &mut out);
    // Stable: findings keep their order within a part. An import that placed fewer than half of
    // the cells (I6) leads: the rest is read in its light.
    out.sort_by_key(|f| (f.part, f.rule != Rule::I6));
    out
}

/// The import's notes, as warnings; a note about cells goes away once all of them are filled.
/// The zeros the import proved (I7) stay said while they are the import's: until the clerk
/// types another value into one of them.
fn check_import_notes(report: &Report, t: &Template, values: &[CellValue], out: &mut Vec<Finding>) {
    for note in &report.import_notes {
        let index = |id: &String| t.cell_index(id);
        let done = if note.rule == Rule::I7 {
            note.cells
                .iter()
                .any(|id| index(id).is_none_or(|i| values[i].arith() != Some(0)))
        } else {
            !note.cells.is_empty()
                && note
                    .cells
                    .iter()
                    .all(|id| index(id).is_none_or(|i| !matches!(values[i], CellValue::Unfilled)))
        };
        if done {
            continue;
        }
        out.push(
            Finding::new(note.rule, Level::Warning, note.part, note.message.clone())
                .with_cells(note.cells.clone()),
        );
    }
}

/// A draft read from a scan: each number read with little confidence that nobody has looked at
/// yet (a table 四 cell sits in one relation only, so the arithmetic alone may not catch it),
/// and on each failing relation, that the reading or the published table is wrong.
fn check_scanned(report: &Report, t: &Template, out: &mut Vec<Finding>) {
    if report.scanned.is_empty() {
        return;
    }
    for f in out.iter_mut() {
        if matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4)
            && f.cells.iter().any(|c| report.scanned.contains_key(c))
        {
            f.message
                .push_str("（扫描件：识别结果或原表有误，请对照原件核对）");
        }
    }
    for (id, c) in &report.scanned {
        let Some(idx) = t.cell_index(id) else {
            continue;
        };
        if !c.needs_a_look(report.cell_text(id)) {
            continue;
        }
        out.push(
            Finding::new(
                Rule::I8,
                Level::Warning,
                t.part_of(idx).get(),
                format!(
                    "{}：扫描件识别为“{}”，把握 {}%，请对照原件核对后确认",
                    t.cells[idx].label, c.read, c.confidence
                ),
            )
            .with_cells(vec![id.clone()]),
        );
    }
}

/// Counts (errors, warnings).
pub fn tally(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}

/// The value of one cell for the arithmetic (see [`CellValue::arith`]).
pub fn int_value(values: &[CellValue], idx: CellIdx) -> Option<i64> {
    values[idx].arith()
}

/// The whole number a cross-check compares: none for a blank cell as well as for text that
/// does not parse. A blank table (an import that placed nothing) says nothing the cross-checks
/// could contradict; the arithmetic counts blanks as 0 and C5 lists them.
pub(super) fn filled_int(values: &[CellValue], idx: CellIdx) -> Option<i64> {
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
