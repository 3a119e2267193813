//! Reviewing a draft: its status, warnings marked as verified, comments, the history of saves,
//! and what changed between two versions. All of it is stored in the draft; everything here is
//! pure (the caller passes who acts and when).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::checks::{Finding, Level, REPORT_LEVEL, check};
use super::report::Report;
use super::template::{PART_NUMERALS, Rule};

/// Where a draft is in its review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 起草: the clerk is writing it.
    #[default]
    Drafting,
    /// 待审核: sent to the reviewer.
    Submitted,
    /// 退回修改: sent back to the clerk.
    Returned,
    /// 定稿: signed off; read-only until reopened with a reason.
    Final,
}

impl Status {
    /// All four, in the order of the flow.
    pub const ALL: [Status; 4] = [
        Status::Drafting,
        Status::Submitted,
        Status::Returned,
        Status::Final,
    ];

    /// 「起草」「待审核」「退回修改」「定稿」.
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Drafting => "起草",
            Status::Submitted => "待审核",
            Status::Returned => "退回修改",
            Status::Final => "定稿",
        }
    }

    /// Parses the Chinese name or the id (`drafting`, `submitted`, `returned`, `final`).
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|st| st.chinese() == s || st.id() == s)
    }

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Status::Drafting => "drafting",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Final => "final",
        }
    }

    /// The word printed at the top of each PDF page: 「草稿」 or 「待审核」; none for 定稿.
    pub fn print_mark(self) -> Option<&'static str> {
        match self {
            Status::Drafting | Status::Returned => Some("草稿"),
            Status::Submitted => Some("待审核"),
            Status::Final => None,
        }
    }
}

/// A warning a reviewer has looked at and accepted, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verified {
    /// The finding's rule.
    pub rule: Rule,
    /// Its part.
    pub part: u8,
    /// Its cells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// For a finding about prose: the sentence it quoted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
    /// The cells' text when it was verified: when the numbers change, the mark no longer holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Why it is fine, e.g. 「经核实，文中数字为清理后口径」.
    pub note: String,
    /// Who verified it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// What a comment is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// A cell, by stable id.
    Cell(String),
    /// A whole table: `t2`, `t3`, `t4`.
    Table(String),
    /// A paragraph of a part (0 = the lead), with its opening words so that it can be found
    /// again when paragraphs above it are added or removed.
    Paragraph {
        /// 0 for the lead, 1..=6.
        part: u8,
        /// The paragraph's index (lines of the part's text) when the comment was written.
        index: usize,
        /// Its first characters.
        excerpt: String,
        /// The words within the paragraph the comment is about, when it is about some words
        /// rather than the whole paragraph. Older drafts have none (and older builds ignore it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quote: Option<String>,
    },
}

/// A reviewer's (or clerk's) comment, 批注.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comment {
    /// Unique within the draft.
    pub id: u32,
    /// What it is about.
    pub anchor: Anchor,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// The comment.
    pub text: String,
    /// Whether it has been dealt with.
    #[serde(default)]
    pub resolved: bool,
}

/// A cell whose text changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CellChange {
    /// Stable id.
    pub id: String,
    /// Text before ("" = unfilled).
    pub old: String,
    /// Text after.
    pub new: String,
}

/// One line of the 修订记录: a save or a change of status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HistoryEntry {
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// The status after it.
    pub status: Status,
    /// 「保存」, 「状态：起草 → 待审核」, 「重新打开：…」.
    pub event: String,
    /// Cells that changed since the previous save.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellChange>,
    /// Parts whose text changed (0 = the lead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u8>,
    /// Metadata fields that changed, by their Chinese names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<String>,
}

/// Everything about the review that is kept in the draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Review {
    /// Where the draft is.
    #[serde(default)]
    pub status: Status,
    /// Warnings marked 已核实.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verified: Vec<Verified>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Saves and status changes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

impl Review {
    /// Whether nothing about the review has been recorded yet.
    pub fn is_empty(&self) -> bool {
        *self == Review::default()
    }
}

/// Why a review action was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReviewError {
    /// 定稿 with errors left.
    #[error("尚有 {0} 处错误，不能定稿：请先改正全部错误")]
    HasErrors(usize),
    /// Reopening a 定稿 draft without saying why.
    #[error("定稿已锁定：重新打开编辑需要填写理由")]
    ReasonRequired,
    /// An error cannot be marked as verified.
    #[error("错误不能标为已核实，只能改正")]
    NotAWarning,
    /// The draft is 定稿 and read-only.
    #[error("定稿为只读：请先重新打开（需填写理由）")]
    Locked,
    /// Nobody named.
    #[error("请先在“设置”中填写您的姓名（命令行用 --as 姓名）")]
    NoName,
    /// A note or comment with no text.
    #[error("内容不能为空")]
    Empty,
}

/// Whether the draft is read-only (定稿).
pub fn is_locked(report: &Report) -> bool {
    report.review.status == Status::Final
}

/// Moves the draft to another status. 定稿 needs zero errors; leaving 定稿 needs a reason,
/// which is recorded. Every change is recorded in the history.
pub fn set_status(
    report: &mut Report,
    to: Status,
    by: &str,
    at: &str,
    reason: Option<&str>,
) -> Result<(), ReviewError> {
    let from = report.review.status;
    if from == to {
        return Ok(());
    }
    if by.trim().is_empty() {
        return Err(ReviewError::NoName);
    }
    let reason = reason.map(str::trim).unwrap_or("");
    let event = if from == Status::Final {
        if reason.is_empty() {
            return Err(ReviewError::ReasonRequired);
        }
        format!("重新打开（定稿 → {}）：{reason}", to.chinese())
    } else {
        let base = format!("状态：{} → {}", from.chinese(), to.chinese());
        if reason.is_empty() {
            base
        } else {
            format!("{base}：{reason}")
        }
    };
    if to == Status::Final {
        let errors = check(report).iter().filter(|f| f.is_error()).count();
        if errors > 0 {
            return Err(ReviewError::HasErrors(errors));
        }
    }
    report.review.status = to;
    report.review.history.push(HistoryEntry {
        by: by.trim().to_string(),
        at: at.to_string(),
        status: to,
        event,
        cells: Vec::new(),
        parts: Vec::new(),
        meta: Vec::new(),
    });
    Ok(())
}

/// The sentence a prose finding quotes (its span in the part's text or the lead).
fn sentence_of(report: &Report, f: &Finding) -> String {
    let Some(span) = f.span else {
        return String::new();
    };
    let text = if f.part == REPORT_LEVEL {
        report.meta.lead.clone()
    } else {
        report
            .parts
            .get(usize::from(f.part).saturating_sub(1))
            .map(|p| p.full_text())
            .unwrap_or_default()
    };
    text.chars()
        .skip(span.start)
        .take(span.end.saturating_sub(span.start))
        .collect()
}

fn values_of(report: &Report, f: &Finding) -> Vec<String> {
    f.cells
        .iter()
        .map(|c| report.cell_text(c).to_string())
        .collect()
}

/// The 已核实 mark that holds for a finding now: same rule, part, cells and sentence, and the
/// cells still hold the numbers they held when it was verified.
pub fn verification<'a>(report: &'a Report, f: &Finding) -> Option<&'a Verified> {
    if f.level != Level::Warning {
        return None;
    }
    let sentence = sentence_of(report, f);
    let values = values_of(report, f);
    report.review.verified.iter().find(|v| {
        v.rule == f.rule
            && v.part == f.part
            && v.cells == f.cells
            && v.sentence == sentence
            && v.values == values
    })
}

/// Marks a warning 已核实 with a note. Errors are refused.
pub fn verify(
    report: &mut Report,
    f: &Finding,
    note: &str,
    by: &str,
    at: &str,
) -> Result<(), ReviewError> {
    if f.is_error() {
        return Err(ReviewError::NotAWarning);
    }
    if by.trim().is_empty() {
        return Err(ReviewError::NoName);
    }
    if note.trim().is_empty() {
        return Err(ReviewError::Empty);
    }
    unverify(report, f);
    let v = Verified {
        rule: f.rule,
        part: f.part,
        cells: f.cells.clone(),
        sentence: sentence_of(report, f),
        values: values_of(report, f),
        note: note.trim().to_string(),
        by: by.trim().to_string(),
        at: at.to_string(),
    };
    report.review.verified.push(v);
    Ok(())
}

/// Removes the 已核实 mark of a finding, if it has one.
pub fn unverify(report: &mut Report, f: &Finding) {
    let sentence = sentence_of(report, f);
    report.review.verified.retain(|v| {
        !(v.rule == f.rule && v.part == f.part && v.cells == f.cells && v.sentence == sentence)
    });
}

/// Drops marks that no longer hold for any current finding (the numbers or the sentence
/// changed, or the warning went away). Called when a draft is saved.
pub fn prune_verified(report: &mut Report, findings: &[Finding]) {
    let keep: Vec<Verified> = findings
        .iter()
        .filter_map(|f| verification(report, f).cloned())
        .collect();
    report.review.verified.retain(|v| keep.contains(v));
}

/// Counts (errors, warnings not yet verified, verified warnings).
pub fn tally_reviewed(report: &Report, findings: &[Finding]) -> (usize, usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let verified = findings
        .iter()
        .filter(|f| verification(report, f).is_some())
        .count();
    (errors, findings.len() - errors - verified, verified)
}

/// Adds a comment; returns its id.
pub fn add_comment(
    report: &mut Report,
    anchor: Anchor,
    author: &str,
    at: &str,
    text: &str,
) -> Result<u32, ReviewError> {
    if author.trim().is_empty() {
        return Err(ReviewError::NoName);
    }
    if text.trim().is_empty() {
        return Err(ReviewError::Empty);
    }
    let used: std::collections::BTreeSet<u32> =
        report.review.comments.iter().map(|c| c.id).collect();
    // One past the highest; when that is the largest id there is (a file can say anything),
    // the lowest one free: ids never wrap round onto a comment that has one.
    let id = match used.last() {
        None => 1,
        Some(&m) => m
            .checked_add(1)
            .unwrap_or_else(|| (1..).find(|i| !used.contains(i)).unwrap_or(1)),
    };
    report.review.comments.push(Comment {
        id,
        anchor,
        author: author.trim().to_string(),
        at: at.to_string(),
        text: text.trim().to_string(),
        resolved: false,
    });
    Ok(id)
}

/// Marks a comment resolved (or open again).
pub fn resolve_comment(report: &mut Report, id: u32, resolved: bool) -> bool {
    match report.review.comments.iter_mut().find(|c| c.id == id) {
        Some(c) => {
            c.resolved = resolved;
            true
        }
        None => false,
    }
}

/// The paragraphs of a part's text (0 = the lead), one per line.
pub fn paragraphs(report: &Report, part: u8) -> Vec<String> {
    let text = if part == 0 {
        report.meta.lead.clone()
    } else {
        report
            .parts
            .get(usize::from(part) - 1)
            .map(|p| p.full_text())
            .unwrap_or_default()
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// An anchor for a paragraph, with its opening words.
pub fn paragraph_anchor(report: &Report, part: u8, index: usize) -> Anchor {
    let excerpt = paragraphs(report, part)
        .get(index)
        .map(|p| p.chars().take(16).collect())
        .unwrap_or_default();
    Anchor::Paragraph {
        part,
        index,
        excerpt,
        quote: None,
    }
}

/// An anchor for some words of a part: the paragraph that holds them, with the words quoted.
/// `None` when no paragraph of the part contains them (a quote spanning two paragraphs keeps
/// to the first).
pub fn quote_anchor(report: &Report, part: u8, quote: &str) -> Option<Anchor> {
    let quote = quote.lines().find(|l| !l.trim().is_empty())?.trim();
    let index = paragraphs(report, part)
        .iter()
        .position(|p| p.contains(quote))?;
    match paragraph_anchor(report, part, index) {
        Anchor::Paragraph {
            part,
            index,
            excerpt,
            ..
        } => Some(Anchor::Paragraph {
            part,
            index,
            excerpt,
            quote: Some(quote.to_string()),
        }),
        other => Some(other),
    }
}

/// Where a paragraph comment's paragraph is now: by its opening words, else by its index.
pub fn locate_paragraph(report: &Report, anchor: &Anchor) -> Option<(u8, usize)> {
    let Anchor::Paragraph {
        part,
        index,
        excerpt,
        quote,
    } = anchor
    else {
        return None;
    };
    let paras = paragraphs(report, *part);
    let quoted = quote.as_deref().filter(|q| !q.is_empty());
    quoted
        .and_then(|q| paras.iter().position(|p| p.contains(q)))
        .or_else(|| {
            paras
                .iter()
                .position(|p| !excerpt.is_empty() && p.starts_with(excerpt.as_str()))
        })
        .or_else(|| (*index < paras.len()).then_some(*index))
        .map(|i| (*part, i))
}

/// What a comment is about, in words: 「三、（七）总计 · 总计」, 「表三」, 「一、第 2 段“……”」.
pub fn anchor_label(report: &Report, anchor: &Anchor) -> String {
    match anchor {
        Anchor::Cell(id) => report
            .template()
            .cell(id)
            .map_or_else(|| id.clone(), |c| c.label.clone()),
        Anchor::Table(t) => match t.as_str() {
            "t2" => "表二（主动公开）".into(),
            "t3" => "表三（申请办理）".into(),
            "t4" => "表四（复议诉讼）".into(),
            other => other.to_string(),
        },
        Anchor::Paragraph {
            part,
            index,
            excerpt,
            quote,
        } => {
            let name = if *part == 0 {
                "导语".to_string()
            } else {
                report
                    .template()
                    .parts
                    .get(usize::from(*part).saturating_sub(1))
                    .map_or_else(String::new, |p| p.heading.to_string())
            };
            let Some(q) = quote else {
                return format!("{name} 第 {} 段“{excerpt}…”", index + 1);
            };
            // Where the words are now; they may have been edited away since.
            match locate_paragraph(report, anchor) {
                Some((_, i))
                    if paragraphs(report, *part)
                        .get(i)
                        .is_some_and(|p| p.contains(q.as_str())) =>
                {
                    format!("{name} 第 {} 段中“{q}”", i + 1)
                }
                _ => format!("{name} 第 {} 段中“{q}”（所引文字已改动）", index + 1),
            }
        }
    }
}

/// A metadata field that differs: (Chinese name, old, new).
pub type MetaChange = (String, String, String);

/// A paragraph that was added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphChange {
    /// 0 for the lead, 1..=6.
    pub part: u8,
    /// Its index in the new text (None when it was removed).
    pub new_index: Option<usize>,
    /// The old text (None when it was added).
    pub old: Option<String>,
    /// The new text (None when it was removed).
    pub new: Option<String>,
    /// The new text with the changes marked: 「[-删去-]」 and 「{+加入+}」.
    pub marked: String,
}

/// Everything that differs between two versions of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportDiff {
    /// Metadata fields.
    pub meta: Vec<MetaChange>,
    /// The status, when it changed.
    pub status: Option<(Status, Status)>,
    /// Cells, in template order (then unknown ids).
    pub cells: Vec<CellChange>,
    /// Paragraphs, by part.
    pub paragraphs: Vec<ParagraphChange>,
}

impl ReportDiff {
    /// Whether the two versions say the same.
    pub fn is_empty(&self) -> bool {
        self.meta.is_empty()
            && self.status.is_none()
            && self.cells.is_empty()
            && self.paragraphs.is_empty()
    }

    /// The parts whose text changed (0 = the lead).
    pub fn parts(&self) -> Vec<u8> {
        let mut p: Vec<u8> = self.paragraphs.iter().map(|c| c.part).collect();
        p.dedup();
        p
    }
}

/// Compares two versions of a report: metadata, status, every cell, and the text paragraph by
/// paragraph (changed characters marked).
pub fn diff(old: &Report, new: &Report) -> ReportDiff {
    let mut d = ReportDiff::default();
    let (mo, mn) = (&old.meta, &new.meta);
    let fields = [
        ("机关名称", mo.agency.clone(), mn.agency.clone()),
        ("年度", mo.year.to_string(), mn.year.to_string()),
        (
            "格式版本",
            mo.format.document().to_string(),
            mn.format.document().to_string(),
        ),
        (
            "成文日期",
            mo.issue_date.map(|x| x.to_string()).unwrap_or_default(),
            mn.issue_date.map(|x| x.to_string()).unwrap_or_default(),
        ),
        ("联系方式", mo.contact.clone(), mn.contact.clone()),
        (
            "报告机关类别",
            mo.tier.chinese().to_string(),
            mn.tier.chinese().to_string(),
        ),
    ];
    for (name, a, b) in fields {
        if a != b {
            d.meta.push((name.to_string(), a, b));
        }
    }
    if old.review.status != new.review.status {
        d.status = Some((old.review.status, new.review.status));
    }
    // Cells in the new template's order, then any others.
    let t = new.template();
    let mut ids: Vec<String> = t.cells.iter().map(|c| c.id.clone()).collect();
    for id in old.cells.keys().chain(new.cells.keys()) {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    for id in ids {
        let (a, b) = (old.cell_text(&id), new.cell_text(&id));
        if a != b {
            d.cells.push(CellChange {
                id,
                old: a.to_string(),
                new: b.to_string(),
            });
        }
    }
    for part in 0..=6u8 {
        d.paragraphs.extend(diff_paragraphs(
            part,
            &paragraphs(old, part),
            &paragraphs(new, part),
        ));
    }
    d
}

fn diff_paragraphs(part: u8, old: &[String], new: &[String]) -> Vec<ParagraphChange> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                for p in &old[old_index..old_index + old_len] {
                    out.push(ParagraphChange {
                        part,
                        new_index: None,
                        old: Some(p.clone()),
                        new: None,
                        marked: format!("[-{p}-]"),
                    });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                for (i, p) in new[new_index..new_index + new_len].iter().enumerate() {
                    out.push(ParagraphChange {
                        part,
                        new_index: Some(new_index + i),
                        old: None,
                        new: Some(p.clone()),
                        marked: format!("{{+{p}+}}"),
                    });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let pairs = old_len.max(new_len);
                for i in 0..pairs {
                    let a = (i < old_len).then(|| old[old_index + i].clone());
                    let b = (i < new_len).then(|| new[new_index + i].clone());
                    let marked = match (&a, &b) {
                        (Some(a), Some(b)) => mark_chars(a, b),
                        (Some(a), None) => format!("[-{a}-]"),
                        (None, Some(b)) => format!("{{+{b}+}}"),
                        (None, None) => String::new(),
                    };
                    out.push(ParagraphChange {
                        part,
                        new_index: b.as_ref().map(|_| new_index + i),
                        old: a,
                        new: b,
                        marked,
                    });
                }
            }
        }
    }
    out
}

/// The new paragraph with removed characters as 「[-…-]」 and added ones as 「{+…+}」.
pub fn mark_chars(old: &str, new: &str) -> String {
    use similar::{ChangeTag, TextDiff};
    let diff = TextDiff::from_chars(old, new);
    let mut out = String::new();
    let mut state = ChangeTag::Equal;
    let close = |out: &mut String, tag: ChangeTag| match tag {
        ChangeTag::Delete => out.push_str("-]"),
        ChangeTag::Insert => out.push_str("+}"),
        ChangeTag::Equal => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if tag != state {
            close(&mut out, state);
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            state = tag;
        }
        out.push_str(change.value());
    }
    close(&mut out, state);
    out
}

/// Records a save in the history: who, when, the status, and what changed since `previous`
/// (the version last saved). A save that changed nothing is not recorded.
pub fn record_save(report: &mut Report, previous: &Report, by: &str, at: &str) -> bool {
    let d = diff(previous, report);
    if d.cells.is_empty() && d.paragraphs.is_empty() && d.meta.is_empty() {
        return false;
    }
    let entry = HistoryEntry {
        by: by.trim().to_string(),
        at: at.to_string(),
        status: report.review.status,
        event: "保存".into(),
        parts: d.parts(),
        meta: d.meta.iter().map(|(n, _, _)| n.clone()).collect(),
        cells: d.cells,
    };
    report.review.history.push(entry);
    true
}

/// One line of the 修订记录 in words.
pub fn describe_entry(report: &Report, e: &HistoryEntry) -> String {
    let mut s = format!(
        "{} {} {}（{}）",
        short_time(&e.at),
        e.by,
        e.event,
        e.status.chinese()
    );
    if !e.cells.is_empty() {
        let t = report.template();
        let shown: Vec<String> = e
            .cells
            .iter()
            .take(5)
            .map(|c| {
                let name = t.cell(&c.id).map_or(c.id.as_str(), |d| d.label.as_str());
                format!("{name}：{} → {}", blank(&c.old), blank(&c.new))
            })
            .collect();
        s.push_str(&format!(
            "；单元格 {} 处：{}",
            e.cells.len(),
            shown.join("；")
        ));
        if e.cells.len() > 5 {
            s.push('…');
        }
    }
    if !e.parts.is_empty() {
        let names: Vec<String> = e
            .parts
            .iter()
            .map(|&p| {
                if p == 0 {
                    "导语".to_string()
                } else {
                    PART_NUMERALS[usize::from(p) - 1]
                        .trim_end_matches('、')
                        .to_string()
                }
            })
            .collect();
        s.push_str(&format!("；正文改动：{}", names.join("、")));
    }
    if !e.meta.is_empty() {
        s.push_str(&format!("；报告信息：{}", e.meta.join("、")));
    }
    s
}

/// A stored RFC 3339 time as people read it, to the minute: 「2026-01-20 09:30」. Anything
/// else is shown as it is.
pub fn short_time(at: &str) -> String {
    let b = at.as_bytes();
    let looks_right = b.len() >= 16
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && at.is_char_boundary(16);
    if looks_right {
        at[..16].replace('T', " ")
    } else {
        at.to_string()
    }
}

/// 「（空）」 for an unfilled cell in messages.
pub fn blank(s: &str) -> &str {
    if s.is_empty() { "（空）" } else { s }
}
