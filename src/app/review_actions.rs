//! Review actions: the user's name, status moves, warnings marked 已核实, comments, and the
//! comparison with another version of the draft.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::NianbaoApp;
use super::asks::{AfterName, Modal};
use super::grid::CellMark;
use crate::core::review::{self, Anchor, ReportDiff, Status};
use crate::core::{Finding, Report};

/// What the review features keep between frames (their dialogs are [`Modal`]s).
#[derive(Default)]
pub struct ReviewState {
    /// The version compared with, and what differs.
    pub compare: Option<(PathBuf, ReportDiff)>,
    /// The other version's report (for old values of paragraphs).
    pub compare_report: Option<Report>,
    /// The document generation the comparison was computed for.
    compared_generation: u64,
    /// The words last selected in a part's text (part, words), for 为所选文字添加批注.
    pub(super) selection: Option<(u8, String)>,
}

impl NianbaoApp {
    /// The name the user acts under (设置 → 我的姓名).
    pub fn user(&self) -> &str {
        &self.prefs.name
    }

    /// Sets the user's name and keeps it for the next start.
    pub fn set_user(&mut self, name: &str) {
        self.prefs.name = name.trim().to_string();
        self.save_prefs();
    }

    /// True (and the name prompt opens) when no name is set yet; `then` runs once it is.
    fn need_name(&mut self, then: impl FnOnce() -> AfterName) -> bool {
        if self.prefs.name.trim().is_empty() {
            self.modal = Some(Modal::Name {
                name: String::new(),
                then: Some(then()),
            });
            self.set_info("请先填写您的姓名（审核记录中显示），填写后继续".into());
            return true;
        }
        false
    }

    /// The name prompt was answered: carry on with what it interrupted, or give it back.
    pub(super) fn resume_after_name(&mut self, action: Option<AfterName>, named: bool) {
        let Some(action) = action else {
            return;
        };
        match (action, named) {
            (AfterName::Status(to, reason), true) => self.change_status(to, reason.as_deref()),
            (AfterName::Verify(f, note), true) => self.verify_finding(&f, &note),
            (AfterName::Comment(anchor, text), true) => self.add_comment(anchor, &text),
            (AfterName::Status(to, Some(reason)), false) => {
                self.modal = Some(Modal::Reopen(to, reason));
            }
            (AfterName::Status(_, None), false) => {}
            (AfterName::Verify(f, note), false) => self.modal = Some(Modal::Verify(f, note)),
            (AfterName::Comment(anchor, text), false) => {
                self.modal = Some(Modal::Comment(anchor, text));
            }
        }
    }

    /// Moves the draft to another status; leaving 定稿 and 退回修改 ask for a reason first, and
    /// a move the flow does not have is refused with the reason.
    pub fn request_status(&mut self, to: Status) {
        let from = self.doc.report.review.status;
        if from == to {
            return;
        }
        if !review::can_move(from, to) {
            self.set_error(review::ReviewError::NotAllowed(from, to).to_string());
            return;
        }
        if review::needs_reason(from, to) {
            self.modal = Some(Modal::Reopen(to, String::new()));
            return;
        }
        self.change_status(to, None);
    }

    /// Changes the status now (with the reason, when reopening a 定稿 draft).
    pub fn change_status(&mut self, to: Status, reason: Option<&str>) {
        if self.need_name(|| AfterName::Status(to, reason.map(str::to_string))) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self
            .doc
            .review(|r| review::set_status(r, to, &by, &at, reason))
        {
            Ok(()) => self.set_info(format!("状态已改为“{}”，请保存", to.chinese())),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Marks a warning 已核实 with a note.
    pub fn verify_finding(&mut self, f: &Finding, note: &str) {
        if self.need_name(|| AfterName::Verify(f.clone(), note.to_string())) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self.doc.review(|r| review::verify(r, f, note, &by, &at)) {
            Ok(()) => self.set_info("已标为已核实".into()),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Adds a comment.
    pub fn add_comment(&mut self, anchor: Anchor, text: &str) {
        if self.need_name(|| AfterName::Comment(anchor.clone(), text.to_string())) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self
            .doc
            .review(|r| review::add_comment(r, anchor, &by, &at, text))
        {
            Ok(_) => self.set_info("已添加批注".into()),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Compares the open draft with another version: every changed cell and paragraph is
    /// highlighted, with the other version's text on hover.
    pub fn compare_with(&mut self, path: &Path) {
        match crate::import::load_report(path) {
            Ok(other) => {
                let d = review::diff(&other, &self.doc.report);
                let n = d.cells.len() + d.paragraphs.len() + d.meta.len();
                self.set_info(if n == 0 {
                    format!("与 {} 相同", path.display())
                } else {
                    format!(
                        "与 {} 对比：{} 格、{} 段、{} 项报告信息不同（蓝框标出）",
                        path.display(),
                        d.cells.len(),
                        d.paragraphs.len(),
                        d.meta.len()
                    )
                });
                self.review.compare = Some((path.to_path_buf(), d));
                self.review.compare_report = Some(other);
                self.review.compared_generation = self.doc.generation;
            }
            Err(e) => self.set_error(format!("无法对比：{e}")),
        }
    }

    /// Keeps the comparison current after edits.
    pub(super) fn refresh_compare(&mut self) {
        if self.review.compared_generation == self.doc.generation {
            return;
        }
        if let (Some((_, d)), Some(other)) = (&mut self.review.compare, &self.review.compare_report)
        {
            *d = review::diff(other, &self.doc.report);
        }
        self.review.compared_generation = self.doc.generation;
    }

    /// Adds open comments and compared values to the grid's marks.
    pub(super) fn decorate_marks(&self, marks: &mut HashMap<String, CellMark>) {
        for c in &self.doc.report.review.comments {
            if let Anchor::Cell(id) | Anchor::Table(id) = &c.anchor
                && !c.resolved
            {
                marks
                    .entry(id.clone())
                    .or_default()
                    .comments
                    .push(format!("{}：{}", c.author, c.text));
            }
        }
        if let Some((_, d)) = &self.review.compare {
            for c in &d.cells {
                marks.entry(c.id.clone()).or_default().compared = Some(c.old.clone());
            }
        }
    }

    /// Opens the 我的姓名 prompt with the current name.
    pub(super) fn ask_name(&mut self) {
        self.modal = Some(Modal::Name {
            name: self.prefs.name.clone(),
            then: None,
        });
    }

    /// Opens the comment prompt for `anchor`.
    pub(super) fn ask_comment(&mut self, anchor: Anchor) {
        self.modal = Some(Modal::Comment(anchor, String::new()));
    }

    /// Stops comparing.
    pub(super) fn end_compare(&mut self) {
        self.review.compare = None;
        self.review.compare_report = None;
    }
}
