//! Reviewing a draft: its status, warnings marked as verified, comments, the history of saves,
//! and what changed between two versions. All of it is stored in the draft; everything here is
//! pure (the caller passes who acts and when).

use thiserror::Error;

use super::checks::{Finding, Level, REPORT_LEVEL, check};
use super::report::Report;

pub use super::diff::{MetaChange, ParagraphChange, ReportDiff, diff, mark_chars};
pub use super::review_model::*;

/// Why a review action was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReviewError {
    /// 定稿 with errors left.
    #[error("尚有 {0} 处错误，不能定稿：请先改正全部错误")]
    HasErrors(usize),
    /// Reopening a 定稿 draft, or returning a draft, without saying why.
    #[error("定稿已锁定：重新打开编辑需要填写理由")]
    ReasonRequired,
    /// 退回修改 without saying what to change.
    #[error("退回修改需要写明理由（请说明要修改什么）")]
    ReturnReasonRequired,
    /// A move the review flow does not have (起草 → 定稿, 起草 → 退回修改…).
    #[error("{}", not_allowed(*.0, *.1))]
    NotAllowed(Status, Status),
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

/// Whether the review flow has this move: 起草 → 待审核 → 定稿; from 待审核 a draft is
/// returned (退回修改) or withdrawn (起草); a returned draft is submitted again (or taken back
/// to 起草); 定稿 is left only by reopening it, with a reason.
pub fn can_move(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Drafting, Submitted)
            | (Submitted, Returned | Final | Drafting)
            | (Returned, Submitted | Drafting)
            | (Final, Drafting | Submitted | Returned)
    )
}

/// Whether the move needs a reason, recorded in the history: reopening a 定稿 draft, and
/// returning one (what is to be changed).
pub fn needs_reason(from: Status, to: Status) -> bool {
    from == Status::Final || to == Status::Returned
}

fn not_allowed(from: Status, to: Status) -> String {
    let why = match (from, to) {
        (Status::Drafting, Status::Final) | (Status::Returned, Status::Final) => {
            "定稿前须先提交审核（待审核）"
        }
        (_, Status::Returned) => "只有待审核的草稿才能退回修改",
        _ => "审核流程中没有这一步",
    };
    format!("不能从“{}”改为“{}”：{why}", from.chinese(), to.chinese())
}

/// Moves the draft to another status along the flow of [`can_move`]. 定稿 needs zero errors;
/// leaving 定稿 and 退回修改 need a reason, which is recorded. Every change is recorded in the
/// history.
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
    if !can_move(from, to) {
        return Err(ReviewError::NotAllowed(from, to));
    }
    let reason = reason.map(str::trim).unwrap_or("");
    if to == Status::Returned && from != Status::Final && reason.is_empty() {
        return Err(ReviewError::ReturnReasonRequired);
    }
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

/// An anchor for a paragraph, with its opening words.
pub fn paragraph_anchor(report: &Report, part: u8, index: usize) -> Anchor {
    let excerpt = report
        .paragraphs(part)
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
    let index = report
        .paragraphs(part)
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
