//! The machine-readable copy for the office that aggregates the reports.
//!
//! Cells are listed by stable id with their printed labels, the typed text and the parsed
//! value, so a reader never depends on the template's row order. The JSON Schema is generated
//! from these types (`assets/schema/nianbao-report.schema.json`). The copy can be read back
//! into the same report.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::core::review::Review;
use crate::core::template::PartNo;
use crate::core::values::CellValue;
use crate::core::{
    Finding, FormatVersion, ImportNote, IssueDate, Metadata, Number, PartText, Report, Rule,
    Section, Tier, ValueKind, check,
};
use crate::store::StoreError;

/// A JSON copy whose content cannot be a report.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CopyError {
    /// 成文日期 is not a date.
    #[error("成文日期“{0}”无效")]
    BadDate(String),
    /// A part number outside 1..=6.
    #[error("部分编号 {0} 无效")]
    BadPart(u8),
}

/// The tag of a JSON copy.
pub const COPY_FORMAT: &str = "nianbao-report";
/// The version of the copy's layout.
pub const COPY_VERSION: u32 = 1;

/// A whole report, as the aggregating office reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReportCopy {
    /// Always 「nianbao-report」.
    pub format: String,
    /// Layout version of this file (1).
    pub version: u32,
    /// The official format the tables follow.
    pub format_version: FormatVersion,
    /// The title as printed.
    pub title: String,
    /// Agency, year, date of issue, contact, lead paragraph.
    pub meta: MetaCopy,
    /// The six parts, 一 to 六.
    pub parts: Vec<PartCopy>,
    /// Every cell of the template, in reading order.
    pub cells: Vec<CellCopy>,
    /// Cells in the draft that the template does not know, kept as typed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra_cells: BTreeMap<String, String>,
    /// The checks' findings when the copy was written.
    pub findings: Vec<Finding>,
    /// What the import that made the draft could not place (kept so the copy reads back whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub import_notes: Vec<ImportNote>,
    /// The review: status, verified warnings, comments, history.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// For a 汇总: the reports summed into it (agency and file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<crate::core::merge::MergeSource>,
    /// Groups of rows the original printed as one (table 三's （六） as the 2019 format's single
    /// row, or a value cell merged across its sub-rows), with the numbers printed for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub printed_groups: Vec<crate::core::PrintedGroup>,
    /// The file of last year's report the draft was started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_report: Option<String>,
}

/// Report metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MetaCopy {
    /// The agency (机关) name.
    pub agency: String,
    /// The year reported on.
    pub year: i32,
    /// 成文日期, `YYYY-MM-DD`.
    pub issue_date: Option<String>,
    /// Contact line.
    pub contact: String,
    /// Lead paragraph.
    pub lead: String,
    /// The kind of reporting body.
    pub tier: Tier,
}

/// One part's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PartCopy {
    /// 1..=6.
    pub number: u8,
    /// The official heading.
    pub heading: String,
    /// Text before the sub-sections.
    pub intro: String,
    /// Sub-sections.
    pub sections: Vec<SectionCopy>,
}

/// A sub-section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SectionCopy {
    /// Its heading.
    pub heading: String,
    /// Its text.
    pub body: String,
}

/// Whether a cell holds a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CellStatus {
    /// A value of the cell's kind.
    Ok,
    /// Nothing typed.
    Unfilled,
    /// Text that is not a value of the cell's kind (see the findings).
    Invalid,
    /// 0 that the import proved from the table's arithmetic: the original printed no number of
    /// this cell's own (a merged cell, the 2019 format's single （六） row).
    Inferred,
    /// Blank because the import could not read the original's number there (or the original
    /// left it blank): unknown, not 0.
    Unknown,
}

/// A parsed value: whole numbers as integers, money as a decimal string (exact).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ValueCopy {
    /// A count or a signed change.
    Integer(i64),
    /// An amount, e.g. 「29.313」.
    Decimal(String),
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CellCopy {
    /// Stable id, e.g. `t3.total.total`.
    pub id: String,
    /// The table: `t2`, `t3` or `t4`.
    pub table: String,
    /// The printed row labels, outermost first.
    pub row_labels: Vec<String>,
    /// The printed column labels, outermost first.
    pub column_labels: Vec<String>,
    /// The name used in messages, e.g. 「三、（七）总计 · 总计」.
    pub label: String,
    /// What the cell holds.
    pub kind: ValueKind,
    /// The unit of the value, where the kind has one (万元, 元).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Exactly what was typed.
    pub text: String,
    /// Whether it holds a value.
    pub status: CellStatus,
    /// The value, when it holds one.
    pub value: Option<ValueCopy>,
}

impl ReportCopy {
    /// The copy of a report, with its current findings.
    pub fn of(report: &Report) -> Self {
        let t = report.template();
        let (values, unknown) = report.scan_cells();
        let noted = |id: &str, inferred: bool| {
            report.import_notes.iter().any(|n| {
                (n.rule == Rule::I7) == inferred
                    && n.rule != Rule::I6
                    && n.cells.iter().any(|c| c == id)
            })
        };
        // Sub-rows that a printed group stands for: their numbers are not known one by one.
        let grouped: Vec<usize> = report
            .groups_in_force(&values)
            .iter()
            .flat_map(|g| g.columns(t).into_iter().flat_map(|c| c.cells))
            .collect();
        let cells = t
            .cells
            .iter()
            .zip(&values)
            .enumerate()
            .map(|(i, (c, v))| {
                let table = &t.tables[c.table];
                let block = &table.blocks[c.block];
                let row = &block.rows[c.row];
                let col = &block.columns[c.col];
                let (status, value) = match v {
                    CellValue::Unfilled if noted(&c.id, false) || grouped.contains(&i) => {
                        (CellStatus::Unknown, None)
                    }
                    CellValue::Unfilled => (CellStatus::Unfilled, None),
                    CellValue::Value { .. } if v.arith() == Some(0) && noted(&c.id, true) => {
                        (CellStatus::Inferred, Some(ValueCopy::Integer(0)))
                    }
                    CellValue::Invalid(_) => (CellStatus::Invalid, None),
                    CellValue::Value { number, .. } => (
                        CellStatus::Ok,
                        Some(match number {
                            Number::Int(i) => ValueCopy::Integer(*i),
                            Number::Money(d) => ValueCopy::Decimal(d.normalize().to_string()),
                        }),
                    ),
                };
                let mut row_labels: Vec<String> =
                    block.title.iter().map(|s| s.to_string()).collect();
                row_labels.extend(row.path.iter().map(|s| s.to_string()));
                CellCopy {
                    id: c.id.clone(),
                    table: table.id.to_string(),
                    row_labels,
                    column_labels: col
                        .group
                        .iter()
                        .chain(std::iter::once(&col.label))
                        .map(|s| s.to_string())
                        .collect(),
                    label: c.label.clone(),
                    kind: c.kind,
                    unit: c.kind.unit().map(str::to_string),
                    text: report.cell_text(&c.id).to_string(),
                    status,
                    value,
                }
            })
            .collect();
        ReportCopy {
            format: COPY_FORMAT.into(),
            version: COPY_VERSION,
            format_version: report.meta.format,
            title: report.title(),
            meta: MetaCopy {
                agency: report.meta.agency.clone(),
                year: report.meta.year,
                issue_date: report.meta.issue_date.map(|d| d.to_string()),
                contact: report.meta.contact.clone(),
                lead: report.meta.lead.clone(),
                tier: report.meta.tier,
            },
            parts: report
                .parts
                .iter()
                .zip(&t.parts)
                .map(|(p, d)| PartCopy {
                    number: d.number.get(),
                    heading: d.heading.to_string(),
                    intro: p.intro.clone(),
                    sections: p
                        .sections
                        .iter()
                        .map(|s| SectionCopy {
                            heading: s.heading.clone(),
                            body: s.body.clone(),
                        })
                        .collect(),
                })
                .collect(),
            cells,
            extra_cells: unknown
                .into_iter()
                .map(|id| (id.to_string(), report.cell_text(id).to_string()))
                .collect(),
            findings: check(report),
            import_notes: report.import_notes.clone(),
            review: report.review.clone(),
            sources: report.sources.clone(),
            printed_groups: report.printed_groups.clone(),
            previous_report: report.previous_report.clone(),
        }
    }

    /// The report again. The typed text is what counts; values and findings are derived.
    pub fn to_report(&self) -> Result<Report, CopyError> {
        let issue_date = match &self.meta.issue_date {
            None => None,
            Some(s) => Some(IssueDate::parse(s).ok_or_else(|| CopyError::BadDate(s.clone()))?),
        };
        let mut parts: [PartText; 6] = Default::default();
        for p in &self.parts {
            let Some(slot) = PartNo::new(p.number).map(|n| &mut parts[n.index()]) else {
                return Err(CopyError::BadPart(p.number));
            };
            *slot = PartText {
                intro: p.intro.clone(),
                sections: p
                    .sections
                    .iter()
                    .map(|s| Section {
                        heading: s.heading.clone(),
                        body: s.body.clone(),
                    })
                    .collect(),
            };
        }
        let mut cells: BTreeMap<String, String> = self
            .cells
            .iter()
            .filter(|c| !c.text.is_empty())
            .map(|c| (c.id.clone(), c.text.clone()))
            .collect();
        cells.extend(self.extra_cells.clone());
        Ok(Report {
            meta: Metadata {
                agency: self.meta.agency.clone(),
                year: self.meta.year,
                format: self.format_version,
                issue_date,
                issue_date_typed: None,
                contact: self.meta.contact.clone(),
                lead: self.meta.lead.clone(),
                tier: self.meta.tier,
            },
            parts,
            cells,
            import_notes: self.import_notes.clone(),
            review: self.review.clone(),
            sources: self.sources.clone(),
            printed_groups: self.printed_groups.clone(),
            previous_report: self.previous_report.clone(),
            // The copy carries counts, not the register rows behind them.
            counted_from: Vec::new(),
            // Nor how a scan was read.
            scanned: Default::default(),
        })
    }
}

/// The copy as pretty JSON.
pub fn to_json(report: &Report) -> Result<String, StoreError> {
    let mut s = serde_json::to_string_pretty(&ReportCopy::of(report))
        .map_err(|e| StoreError::Encode(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Reads a JSON copy back; `path` is for messages.
pub fn from_json(text: &str, path: &Path) -> Result<Report, StoreError> {
    let copy: ReportCopy = serde_json::from_str(text).map_err(|e| StoreError::Damaged {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    crate::store::check_envelope(path, &copy.format, COPY_FORMAT, copy.version, COPY_VERSION)?;
    copy.to_report().map_err(|e| StoreError::Foreign {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })
}

/// The JSON Schema of the copy, as committed in `assets/schema/`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(ReportCopy);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Opens a draft (RON) or a JSON copy, by its content. Never panics; never writes.
pub fn load_any(path: &Path) -> Result<Report, StoreError> {
    let text = crate::store::read_text(path)?;
    if text.trim_start().starts_with('{') {
        from_json(&text, path)
    } else {
        crate::store::from_ron(&text, path)
    }
}
