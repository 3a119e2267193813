//! The open document: the report, where it lives, its findings, and undo history.
//!
//! Widgets never touch the report: they hand an [`Edit`] to [`Document::apply`], which records
//! the undo step, marks the document dirty and re-runs the checks. No egui in here.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::core::review::ReviewError;
use crate::core::template::PartNo;
use crate::core::{CellEdit, Finding, MetaField, Metadata, Report, check_with_previous};

/// What part of the report an edit touches; consecutive typing into one target is one undo step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A cell, by stable id.
    Cell(String),
    /// A part's intro text.
    Intro(PartNo),
    /// A section heading (part, section).
    Heading(PartNo, usize),
    /// A section body (part, section).
    Body(PartNo, usize),
    /// One metadata field.
    Meta(MetaField),
    /// Several things at once (autosum, paste, adding a section…): never merged.
    Many,
}

/// One change a widget asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Set cells' text.
    Cells(Vec<CellEdit>),
    /// Replace a part's intro.
    Intro(PartNo, String),
    /// Replace a section heading.
    Heading(PartNo, usize, String),
    /// Replace a section body.
    Body(PartNo, usize, String),
    /// Add an empty section at the end of a part.
    AddSection(PartNo),
    /// Remove a section.
    RemoveSection(PartNo, usize),
    /// Replace the metadata; the field that changed, for undo grouping.
    Meta(MetaField, Box<Metadata>),
    /// Cells read from a scan, compared with the scan by a person and confirmed as read.
    ConfirmScanned(Vec<String>),
}

impl Edit {
    fn target(&self) -> Target {
        match self {
            Edit::Cells(edits) if edits.len() == 1 => Target::Cell(edits[0].id.clone()),
            Edit::Intro(p, _) => Target::Intro(*p),
            Edit::Heading(p, s, _) => Target::Heading(*p, *s),
            Edit::Body(p, s, _) => Target::Body(*p, *s),
            Edit::Meta(field, _) => Target::Meta(*field),
            _ => Target::Many,
        }
    }
}

/// What one edit did to the text of its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Typing {
    /// One character typed.
    Insert,
    /// One character deleted.
    Delete,
    /// Anything else: several characters at once (an input method's word, a paste, a cut), a
    /// replacement.
    Other,
    /// A field that is not kept as text (the year, the date): its changes in a row are one step.
    Field,
}

impl Typing {
    fn between(old: &str, new: &str) -> Typing {
        let (inserted, removed) = change(old, new);
        match (inserted.chars().count(), removed.chars().count()) {
            (1, 0) => Typing::Insert,
            (0, 1) => Typing::Delete,
            _ => Typing::Other,
        }
    }

    fn merges(self) -> bool {
        self != Typing::Other
    }
}

/// What changed between two texts: (inserted, removed), the middle between their common
/// beginning and end.
fn change<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix: usize = old_rest
        .chars()
        .rev()
        .zip(new_rest.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    (
        &new_rest[..new_rest.len() - suffix],
        &old_rest[..old_rest.len() - suffix],
    )
}

/// Whether the edit typed a space, a line break or a punctuation mark: the word before it is
/// finished, and the next letter starts a new undo step.
fn ends_a_word(old: &str, new: &str) -> bool {
    let (inserted, _) = change(old, new);
    inserted.chars().last().is_some_and(|c| {
        c.is_whitespace()
            || c.is_ascii_punctuation()
            || "，。；：！？、…—（）《》“”‘’「」".contains(c)
    })
}

/// The text an edit target holds, when it is text.
fn text_of<'a>(report: &'a Report, target: &Target) -> Option<&'a str> {
    match target {
        Target::Cell(id) => Some(report.cell_text(id)),
        Target::Intro(p) => Some(report.part(*p).intro.as_str()),
        Target::Heading(p, s) => report.part(*p).sections.get(*s).map(|x| x.heading.as_str()),
        Target::Body(p, s) => report.part(*p).sections.get(*s).map(|x| x.body.as_str()),
        Target::Meta(field) => field.text(&report.meta),
        Target::Many => None,
    }
}

/// Undo steps kept; older ones are dropped.
const UNDO_LIMIT: usize = 200;

/// The open report and everything that follows from it.
pub struct Document {
    /// The report as it stands.
    pub report: Report,
    /// Where it was loaded from or last saved to.
    pub path: Option<PathBuf>,
    /// The checks' findings for `report`, always current.
    pub findings: Vec<Finding>,
    saved: Report,
    undo: Vec<Report>,
    redo: Vec<Report>,
    /// While a typing run is open: the target of its last edit, what that edit did, and whether
    /// it typed a space or a punctuation mark (the next letter then starts a new word).
    open_run: Option<(Target, Typing, bool)>,
    /// Last year's report and where it came from, for C13–C15.
    pub previous: Option<(Report, PathBuf)>,
    /// Changes whenever the report does (unique across documents), so that views derived from
    /// the report (the comparison) are recomputed only then, not every frame.
    pub generation: u64,
    /// Opened read-only, and why: nothing can be typed.
    pub read_only: Option<ReadOnly>,
    /// A digest of the file's bytes when it was loaded or last saved here: before saving over
    /// it, the file on disk must still be that one.
    pub disk_digest: Option<u64>,
}

/// Why a document is open read-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another window holds the draft: it is never saved over its file.
    InUse,
    /// A published report opened from the batch review, to look at; 导入为草稿 makes it an
    /// unsaved draft to edit.
    Published,
}

/// Source of [`Document::generation`].
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATIONS.fetch_add(1, Ordering::Relaxed)
}

impl Document {
    /// A document for a report; `path` is where it came from, if anywhere.
    pub fn new(report: Report, path: Option<PathBuf>) -> Self {
        let findings = check_with_previous(&report, None);
        Document {
            saved: report.clone(),
            report,
            path,
            findings,
            undo: Vec::new(),
            redo: Vec::new(),
            open_run: None,
            previous: None,
            generation: next_generation(),
            read_only: None,
            disk_digest: None,
        }
    }

    /// Sets (or clears) last year's report and re-checks.
    pub fn set_previous(&mut self, previous: Option<(Report, PathBuf)>) {
        self.previous = previous;
        self.recheck();
    }

    /// A document whose file holds `saved` but whose unsaved state is `current` (a recovery).
    pub fn restored(saved: Report, current: Report, path: Option<PathBuf>) -> Self {
        let mut d = Document::new(saved, path);
        d.report = current;
        d.recheck();
        d
    }

    /// Whether the report differs from what was last saved or loaded.
    pub fn is_dirty(&self) -> bool {
        self.report != self.saved
    }

    /// Marks the current state as saved (after a successful save).
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.saved = self.report.clone();
        self.path = Some(path);
        self.end_typing();
    }

    /// Ends the current typing run: the next keystroke starts a new undo step.
    pub fn end_typing(&mut self) {
        self.open_run = None;
    }

    /// Applies an edit: one undo step (merged with the previous one while typing into the same
    /// field), dirty marking, and a fresh check.
    pub fn apply(&mut self, edit: Edit) {
        // A 定稿 draft is read-only until it is reopened with a reason.
        if self.is_locked() {
            return;
        }
        let target = edit.target();
        let before = self.report.clone();
        match edit {
            Edit::Cells(edits) => crate::core::apply_edits(&mut self.report, &edits),
            Edit::Intro(p, text) => {
                self.report.part_mut(p).intro = text;
            }
            Edit::Heading(p, s, text) => {
                if let Some(sec) = self.section_mut(p, s) {
                    sec.heading = text;
                }
            }
            Edit::Body(p, s, text) => {
                if let Some(sec) = self.section_mut(p, s) {
                    sec.body = text;
                }
            }
            Edit::AddSection(p) => self.report.part_mut(p).sections.push(Default::default()),
            Edit::RemoveSection(p, s) => {
                let part = self.report.part_mut(p);
                if s < part.sections.len() {
                    part.sections.remove(s);
                }
            }
            Edit::Meta(_, meta) => self.report.meta = *meta,
            Edit::ConfirmScanned(cells) => {
                for id in cells {
                    if let Some(c) = self.report.scanned.get_mut(&id) {
                        c.confirmed = true;
                    }
                }
            }
        }
        if self.report == before {
            return;
        }
        // Undo goes back a word or a phrase at a time, as in an editor: a run of single
        // keystrokes of one kind (typing, or deleting) into one field is one step; a word
        // committed by the input method or a paste is a step of its own; a space or a
        // punctuation mark ends the word it follows.
        let (typing, ends_word) = match (text_of(&before, &target), text_of(&self.report, &target))
        {
            (Some(old), Some(new)) => (Typing::between(old, new), ends_a_word(old, new)),
            _ => (Typing::Field, false),
        };
        let merge = target != Target::Many
            && typing.merges()
            && self.open_run.as_ref().is_some_and(|(t, k, after_word)| {
                *t == target && *k == typing && (!after_word || ends_word)
            });
        if !merge {
            self.undo.push(before);
            if self.undo.len() > UNDO_LIMIT {
                self.undo.remove(0);
            }
        }
        self.redo.clear();
        self.open_run =
            (target != Target::Many && typing.merges()).then_some((target, typing, ends_word));
        self.recheck();
    }

    fn section_mut(&mut self, p: PartNo, s: usize) -> Option<&mut crate::core::Section> {
        self.report.part_mut(p).sections.get_mut(s)
    }

    /// Undoes the last step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(prev) = self.undo.pop() else {
            return false;
        };
        self.redo.push(std::mem::replace(&mut self.report, prev));
        self.end_typing();
        self.recheck();
        true
    }

    /// Redoes the last undone step; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(next) = self.redo.pop() else {
            return false;
        };
        self.undo.push(std::mem::replace(&mut self.report, next));
        self.end_typing();
        self.recheck();
        true
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether nothing can be typed: the draft is 定稿, or it was opened read-only.
    pub fn is_locked(&self) -> bool {
        self.read_only.is_some() || crate::core::review::is_locked(&self.report)
    }

    /// Why nothing can be typed, in a sentence for the window (see [`Self::is_locked`]).
    pub fn locked_reason(&self) -> Option<&'static str> {
        if self.read_only == Some(ReadOnly::InUse) {
            Some("只读打开：此草稿正在另一个窗口中编辑。需要保存修改请用“另存为”。")
        } else if self.read_only == Some(ReadOnly::Published) {
            Some("已发布的报告，只读打开以便核对。需要修改请点“导入为草稿”。")
        } else if crate::core::review::is_locked(&self.report) {
            Some("定稿，只读。需要修改请在“审核”菜单中重新打开（需填写理由）。")
        } else {
            None
        }
    }

    /// A review action (status, 已核实, comment): applied to the report and re-checked. Not an
    /// undo step — it is a decision, recorded in the history where it matters.
    pub fn review<T>(
        &mut self,
        action: impl FnOnce(&mut Report) -> Result<T, ReviewError>,
    ) -> Result<T, ReviewError> {
        let mut next = self.report.clone();
        let out = action(&mut next)?;
        self.report = next;
        self.end_typing();
        self.recheck();
        Ok(out)
    }

    /// The report as it will be written: marks that no longer hold dropped, and the save
    /// recorded in the history (who, when, what changed since the last save).
    pub fn prepared_for_save(&self, by: &str, at: &str) -> Report {
        let mut r = self.report.clone();
        crate::core::review::prune_verified(&mut r, &self.findings);
        let by = if by.trim().is_empty() {
            "（未署名）"
        } else {
            by
        };
        crate::core::review::record_save(&mut r, &self.saved, by, at);
        r
    }

    /// After a successful save of `written` (from [`Self::prepared_for_save`]).
    pub fn saved_as(&mut self, written: Report, path: PathBuf) {
        self.report = written;
        self.mark_saved(path);
        self.recheck();
    }

    fn recheck(&mut self) {
        self.generation = next_generation();
        self.findings = check_with_previous(&self.report, self.previous.as_ref().map(|(r, _)| r));
    }

    /// The file name for the window title, or 「未命名」.
    pub fn display_name(&self) -> String {
        self.path.as_ref().and_then(|p| p.file_name()).map_or_else(
            || "未命名".to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::FormatVersion;

    fn cell(id: &str, old: &str, new: &str) -> Edit {
        Edit::Cells(vec![CellEdit {
            id: id.into(),
            old: old.into(),
            new: new.into(),
        }])
    }

    #[test]
    fn typing_run_is_one_step() {
        let mut d = Document::new(Report::new(FormatVersion::Gov2021, 2024), None);
        d.apply(cell("t3.new.natural", "", "1"));
        d.apply(cell("t3.new.natural", "1", "12"));
        d.apply(cell("t3.new.natural", "12", "123"));
        assert!(d.is_dirty());
        assert!(d.undo());
        assert_eq!(d.report.cell_text("t3.new.natural"), "");
        assert!(!d.undo());
        assert!(d.redo());
        assert_eq!(d.report.cell_text("t3.new.natural"), "123");
    }

    /// Types `text` into part 一's intro a character at a time, as keystrokes arrive.
    fn type_chars(d: &mut Document, text: &str) {
        for c in text.chars() {
            let mut now = d.report.parts[0].intro.clone();
            now.push(c);
            d.apply(Edit::Intro(PartNo::ALL[0], now));
        }
    }

    #[test]
    fn undo_in_prose_goes_back_a_word_at_a_time() {
        let mut d = Document::new(Report::new(FormatVersion::Gov2021, 2024), None);
        type_chars(&mut d, "we publish, then report. ");
        type_chars(&mut d, "done");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "we publish, then report. ");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "we publish, then ");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "we publish, ");
        // Deleting is a run of its own, and typing after it another.
        let mut d = Document::new(Report::new(FormatVersion::Gov2021, 2024), None);
        type_chars(&mut d, "abc");
        for n in ["ab", "a"] {
            d.apply(Edit::Intro(PartNo::ALL[0], n.into()));
        }
        type_chars(&mut d, "xy");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "a");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "abc");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "");
    }

    #[test]
    fn each_word_from_the_input_method_is_a_step() {
        // Pinyin commits a word or phrase at once; Chinese punctuation ends a phrase too.
        let mut d = Document::new(Report::new(FormatVersion::Gov2021, 2024), None);
        for now in [
            "本机关",
            "本机关主动",
            "本机关主动公开",
            "本机关主动公开，",
            "本机关主动公开，共",
        ] {
            d.apply(Edit::Intro(PartNo::ALL[0], now.into()));
        }
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "本机关主动公开，");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "本机关主动公开");
        assert!(d.undo());
        assert_eq!(d.report.parts[0].intro, "本机关主动");
    }

    #[test]
    fn another_field_starts_a_new_step() {
        let mut d = Document::new(Report::new(FormatVersion::Gov2021, 2024), None);
        d.apply(cell("t3.new.natural", "", "1"));
        d.apply(cell("t3.new.business", "", "2"));
        d.apply(cell("t3.new.natural", "1", "5"));
        assert!(d.undo());
        assert_eq!(d.report.cell_text("t3.new.natural"), "1");
        assert!(d.undo());
        assert_eq!(d.report.cell_text("t3.new.business"), "");
        d.end_typing();
        d.apply(Edit::Intro(PartNo::ALL[0], "正文".into()));
        assert!(!d.can_redo(), "a new edit clears redo");
    }
}
