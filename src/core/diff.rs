//! What changed between two versions of a report: metadata, cells and paragraphs, with the
//! paragraphs' changes marked character by character.

use super::report::Report;
use super::review_model::{CellChange, Status};

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
            &old.paragraphs(part),
            &new.paragraphs(part),
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
