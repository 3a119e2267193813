//! File actions: open, import, save, export, last year's report, and the questions they ask
//! (which file, where to, what about unsaved changes).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::asks::{Modal, PathPurpose, Pending};
use super::{NianbaoApp, View};
use crate::core::{FormatVersion, Report};
use crate::export::{ExportError, Format};
use crate::session::Document;
use crate::store::save;

impl NianbaoApp {
    /// Opens a draft as the user asked (menu, recent files, drag-and-drop): with unsaved changes,
    /// asks first.
    pub fn open_or_ask(&mut self, path: &Path) {
        self.request(Pending::Open(path.to_path_buf()));
    }

    pub fn open_path(&mut self, path: &Path) {
        // `nianbao 年报.docx`, or 打开 on a published report: nothing to open, something to import.
        if crate::import::is_published_report(path) {
            self.import_path(path);
            return;
        }
        // Opening again the draft that is open here: its lock is this window's own.
        if self.doc.path.as_deref() == Some(path) {
            self.draft_lock = None;
        }
        let report = match crate::import::load_report(path) {
            Ok(r) => r,
            Err(e) => {
                self.set_error(format!("{e}（当前草稿未受影响）"));
                return;
            }
        };
        // The bundled sample is everybody's and never saved over (its banner says so).
        let lock = if super::is_bundled_sample(path) {
            None
        } else {
            match crate::store::DraftLock::try_acquire(path, "nianbao 窗口") {
                Ok(Ok(lock)) => Some(lock),
                Ok(Err(holder)) => {
                    self.modal = Some(Modal::InUse {
                        path: path.to_path_buf(),
                        holder,
                    });
                    return;
                }
                // No lock file can be made there: nothing will be saved there either, and the
                // save says so.
                Err(_) => None,
            }
        };
        let mut doc = Document::new(report, Some(path.to_path_buf()));
        doc.disk_digest = crate::store::file_digest(path);
        // A draft started from last year's report compares with it again.
        let last = doc.report.previous_report.clone().map(PathBuf::from);
        let mut unread = None;
        if let Some(p) = last {
            match crate::import::load_report(&p) {
                Ok(r) => doc.set_previous(Some((r, p))),
                Err(e) => {
                    unread = Some(format!(
                        "草稿记下的上年度报告无法读取（未核对上年结转等）：{e}"
                    ))
                }
            }
        }
        self.set_document(doc);
        self.draft_lock = lock;
        self.remember(path);
        match unread {
            Some(u) => self.set_error(u),
            None => self.set_info(format!("已打开 {}", path.display())),
        }
    }

    /// 新建 → 以上年度报告为底稿: this year's draft from last year's report (a draft or a
    /// published one), unsaved; last year's is kept as the previous report, so C13–C15 run at
    /// once and each part shows last year's text.
    pub fn new_from_last_year(&mut self, path: &Path) {
        let last = match crate::import::load_report(path) {
            Ok(r) => r,
            Err(e) => {
                self.set_error(format!("无法读取上年度报告：{e}（当前草稿未受影响）"));
                return;
            }
        };
        let (mut next, said) = crate::core::carry::next_year(&last);
        let kept = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        next.previous_report = Some(kept.display().to_string());
        let blank = Report::new(next.meta.format, next.meta.year);
        let mut doc = Document::restored(blank, next, None);
        doc.set_previous(Some((last, kept)));
        self.set_document(doc);
        self.view = View::Meta;
        self.set_info(said.join("；"));
    }

    /// Opens a draft another window is editing, read-only (the answer 「只读打开」).
    pub(super) fn open_read_only(&mut self, path: &Path) {
        match crate::import::load_report(path) {
            Ok(report) => {
                let mut doc = Document::new(report, Some(path.to_path_buf()));
                doc.read_only = Some(crate::session::document::ReadOnly::InUse);
                doc.disk_digest = crate::store::file_digest(path);
                self.set_document(doc);
                self.remember(path);
                self.set_info(format!(
                    "已只读打开 {}（另一个窗口正在编辑它）",
                    path.display()
                ));
            }
            Err(e) => self.set_error(format!("{e}（当前草稿未受影响）")),
        }
    }

    /// Saves to `path`; returns whether it worked. Over the file it was opened from, only if
    /// that file is still the one it was opened from (else it asks); to another file, only if
    /// no other window has that one open.
    pub fn save_to(&mut self, path: &Path) -> bool {
        self.save_checked(path, false)
    }

    /// Saves to `path`; `overwrite` when the user said to save over a file another program
    /// changed.
    pub(super) fn save_checked(&mut self, path: &Path, overwrite: bool) -> bool {
        let same = self.doc.path.as_deref() == Some(path);
        if same && self.doc.read_only == Some(crate::session::document::ReadOnly::InUse) {
            self.set_error(
                "此草稿是只读打开的（另一个窗口正在编辑它），不能保存到原文件：请用“另存为”保存到其他文件"
                    .into(),
            );
            return false;
        }
        if same
            && !overwrite
            && let Some(was) = self.doc.disk_digest
            && crate::store::file_digest(path) != Some(was)
        {
            self.modal = Some(Modal::ChangedOnDisk(path.to_path_buf()));
            return false;
        }
        // A draft opened here holds its lock; one that came in otherwise (a recovery, a new
        // file) takes it now, unless another window has it.
        let new_lock = if (same && self.draft_lock.is_some()) || super::is_bundled_sample(path) {
            None
        } else {
            match crate::store::DraftLock::try_acquire(path, "nianbao 窗口") {
                Ok(Ok(lock)) => Some(lock),
                Ok(Err(holder)) => {
                    self.set_error(format!(
                        "无法保存到 {}：它正由 {holder} 编辑（原文件未改动）",
                        path.display()
                    ));
                    return false;
                }
                Err(_) => None,
            }
        };
        let written = self
            .doc
            .prepared_for_save(&self.prefs.name, &crate::clock::now());
        match save(&written, path) {
            Ok(()) => {
                self.doc.saved_as(written, path.to_path_buf());
                self.doc.disk_digest = crate::store::file_digest(path);
                if new_lock.is_some() {
                    self.draft_lock = new_lock;
                }
                self.doc.read_only = None;
                self.remember(path);
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.set_info(format!("已保存到 {}", path.display()));
                true
            }
            Err(e) => {
                self.set_error(e.to_string());
                false
            }
        }
    }

    pub(super) fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => {
                self.save_as();
                // Saved through the dialog, or waiting for a typed path.
                !self.doc.is_dirty()
            }
        }
    }

    /// Loads last year's report for C13–C15; a file that cannot be read is reported and the
    /// current comparison kept.
    pub fn set_previous_path(&mut self, path: &Path) {
        // Last year's report is often only the published one (Word, web page).
        match crate::import::load_report(path) {
            Ok(r) => {
                let year = r.meta.year;
                self.doc.set_previous(Some((r, path.to_path_buf())));
                self.set_info(format!("已载入上年度（{year}年）报告 {}", path.display()));
            }
            Err(e) => self.set_error(format!("无法读取上年度报告：{e}")),
        }
    }

    /// Asks where to write (the system dialog, or the path field where there is none) and
    /// then does `purpose` there.
    pub(super) fn ask_target(&mut self, purpose: PathPurpose) {
        let (filter, ext) = match purpose {
            PathPurpose::SaveAs
            | PathPurpose::Open
            | PathPurpose::Import
            | PathPurpose::Compare
            | PathPurpose::Previous
            | PathPurpose::MergeFolder
            | PathPurpose::NewFrom
            | PathPurpose::BatchFolder => ("nianbao 草稿", "ron"),
            PathPurpose::Register => ("登记台账", "xlsx"),
            PathPurpose::CaseRegister => ("复议诉讼台账", "xlsx"),
            PathPurpose::ExportBatch(true) => ("网页", "html"),
            PathPurpose::ExportBatch(false) => ("电子表格", "xlsx"),
            PathPurpose::Export(Format::Json) => ("JSON", "json"),
            PathPurpose::Export(Format::Pdf | Format::ReviewPdf) => ("PDF", "pdf"),
            PathPurpose::Export(Format::Html) => ("网页", "html"),
            PathPurpose::Export(Format::Docx) => ("Word 文件", "docx"),
            PathPurpose::Export(Format::Xlsx) => ("电子表格", "xlsx"),
        };
        let name = if let PathPurpose::ExportBatch(_) = purpose {
            format!("审核结果.{ext}")
        } else if purpose == PathPurpose::Export(Format::ReviewPdf) {
            format!("{}（审核稿）.{ext}", self.doc.report.title())
        } else {
            format!("{}.{ext}", self.doc.report.title())
        };
        if self.use_file_dialogs && dialogs_available() {
            let asked = Instant::now();
            let picked = rfd::FileDialog::new()
                .add_filter(filter, &[ext])
                .set_file_name(name.clone())
                .save_file();
            if let Some(p) = picked {
                self.write_target(purpose, &p);
                return;
            }
            if !no_dialog_shown(asked) {
                return; // the user cancelled
            }
        }
        // No dialog on this machine: offer a path field, next to the current file.
        let suggestion = self
            .doc
            .path
            .as_ref()
            .map(|p| p.with_file_name(&name).display().to_string())
            .unwrap_or(name);
        self.modal = Some(Modal::Path {
            purpose,
            text: suggestion,
            then: None,
        });
    }

    pub(super) fn write_target(&mut self, purpose: PathPurpose, path: &Path) {
        match purpose {
            PathPurpose::Open => self.open_path(path),
            PathPurpose::Import => self.import_path(path),
            PathPurpose::Compare => self.compare_with(path),
            PathPurpose::Previous => self.set_previous_path(path),
            PathPurpose::SaveAs => {
                self.save_to(path);
            }
            PathPurpose::Export(format) => self.export_to(format, path),
            PathPurpose::MergeFolder => {
                self.modal = Some(Modal::MergeAgency(path.to_path_buf(), String::new()));
            }
            PathPurpose::BatchFolder => self.start_batch(path),
            PathPurpose::NewFrom => self.new_from_last_year(path),
            PathPurpose::Register | PathPurpose::CaseRegister => self.tally_register(path),
            PathPurpose::ExportBatch(_) => self.export_batch(path),
        }
    }

    pub(super) fn save_as(&mut self) {
        self.ask_target(PathPurpose::SaveAs);
    }

    /// Asks where to write the report as `format`, then writes it there.
    pub(super) fn export(&mut self, format: Format) {
        self.ask_target(PathPurpose::Export(format));
    }

    /// Writes the report as `format` to `path` and says so, or why not; a PDF is opened with
    /// the system viewer where there is one. The spreadsheet of a 汇总 made in this window has
    /// a row per agency and cell and the totals over them.
    pub fn export_to(&mut self, format: Format, path: &Path) {
        let report = &self.doc.report;
        let bytes = match (&self.merge_inputs, format) {
            (Some(inputs), Format::Xlsx) if !report.sources.is_empty() => {
                crate::export::xlsx::merge_to_xlsx(report, inputs).map_err(ExportError::from)
            }
            _ => crate::export::render(report, format),
        };
        match bytes.and_then(|b| crate::export::write_bytes(&b, path)) {
            Ok(()) => {
                self.set_info(format.written(path));
                if matches!(format, Format::Pdf | Format::ReviewPdf) && self.use_file_dialogs {
                    open_with_viewer(path);
                }
            }
            Err(e) => self.set_error(format.failed(&e)),
        }
    }

    /// Asks for a folder — the system dialog, or the path field where there is none — and then
    /// does `purpose` with it.
    pub(super) fn pick_folder(&mut self, purpose: PathPurpose) {
        self.pick_with(purpose, || rfd::FileDialog::new().pick_folder());
    }

    /// Runs the system dialog `pick`; where none is shown, offers the path field instead.
    fn pick_with(&mut self, purpose: PathPurpose, pick: impl FnOnce() -> Option<PathBuf>) {
        if self.use_file_dialogs && dialogs_available() {
            let asked = Instant::now();
            if let Some(p) = pick() {
                self.write_target(purpose, &p);
                return;
            }
            if !no_dialog_shown(asked) {
                return; // the user cancelled
            }
        }
        self.modal = Some(Modal::Path {
            purpose,
            text: String::new(),
            then: None,
        });
    }

    /// 汇总: sums the tables of every report in `folder` (drafts, JSON copies and published
    /// reports) into a new, unsaved draft of `agency`; a report with errors, or a mix of
    /// formats or years, is refused with the list.
    pub fn merge_folder(&mut self, folder: &Path, agency: &str) {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(folder) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && (crate::import::is_published_report(p)
                            || p.extension().is_some_and(|e| e == "ron" || e == "json"))
                })
                .collect(),
            Err(e) => {
                self.set_error(format!("无法读取文件夹 {}：{e}", folder.display()));
                return;
            }
        };
        files.sort();
        let mut inputs = Vec::with_capacity(files.len());
        for f in &files {
            match crate::import::load_report(f) {
                Ok(r) => {
                    let name = f.file_name().map_or_else(
                        || f.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    inputs.push((name, r));
                }
                Err(e) => {
                    self.set_error(format!("无法汇总：{e}（当前草稿未受影响）"));
                    return;
                }
            }
        }
        let twice = crate::core::merge::same_reports(&inputs);
        if !twice.is_empty() {
            let list: Vec<String> = twice
                .iter()
                .map(|(a, y, files)| format!("{a} {y}年度：{}", files.join("、")))
                .collect();
            self.set_error(format!(
                "文件夹中同一机关同一年度的报告有不止一份，未汇总：{}。请只保留一份后再汇总（当前草稿未受影响）",
                list.join("；")
            ));
            return;
        }
        match crate::core::merge::merge(&inputs, agency, false) {
            Ok(report) => {
                let blank = Report::new(report.meta.format, report.meta.year);
                self.set_document(Document::restored(blank, report, None));
                self.view = View::Part(3);
                self.set_info(format!(
                    "已汇总 {} 份报告，请核对后保存（另存为）；导出电子表格时附各单位明细",
                    inputs.len()
                ));
                self.merge_inputs = Some(inputs);
            }
            Err(e) => self.set_error(format!("{e}（当前草稿未受影响）")),
        }
    }

    /// Imports a published report (text or saved web page) as a new, unsaved draft; what the
    /// import could not place shows in the findings panel.
    pub fn import_path(&mut self, path: &Path) {
        match crate::import::import_file_unless_scan(path) {
            // A scan is read by OCR for seconds a page: on a thread of its own, with progress.
            Ok(crate::import::Imported::Scan(bytes)) => self.start_scan(path, bytes),
            Ok(crate::import::Imported::Report(report)) => {
                let report = *report;
                let blank = Report::new(report.meta.format, report.meta.year);
                let notes = report.import_notes.len();
                self.set_document(Document::restored(blank, report, None));
                self.view = View::Meta;
                self.show_findings = true;
                self.set_info(if notes == 0 {
                    format!("已导入 {}，请核对后保存", path.display())
                } else {
                    format!(
                        "已导入 {}：有 {notes} 处内容未能放入表格，见核对结果中的“导入”提醒",
                        path.display()
                    )
                });
            }
            Err(e) => self.set_error(format!("无法导入：{e}（当前草稿未受影响）")),
        }
    }

    /// Asks for a file to read — the system dialog, or the path field where there is none —
    /// and then does `purpose` with it.
    pub(super) fn pick_file(&mut self, purpose: PathPurpose) {
        const DRAFTS: (&str, &[&str]) = ("nianbao 草稿或机读副本", &["ron", "json"]);
        const PUBLISHED: (&str, &[&str]) = (
            "已发布的报告（PDF、Word、网页或文本）",
            &["pdf", "docx", "html", "htm", "txt"],
        );
        // Opening, comparing and last year's report take a published report too (imported
        // in memory); the first filter is the one shown.
        const REGISTERS: (&str, &[&str]) = ("登记台账", &["xlsx", "xls", "ods", "csv"]);
        let filters: &[(&str, &[&str])] = match purpose {
            PathPurpose::Import => &[PUBLISHED],
            PathPurpose::Register | PathPurpose::CaseRegister => &[REGISTERS],
            _ => &[DRAFTS, PUBLISHED],
        };
        self.pick_with(purpose, || {
            filters
                .iter()
                .fold(rfd::FileDialog::new(), |d, (what, exts)| {
                    d.add_filter(*what, exts)
                })
                .pick_file()
        });
    }

    pub(super) fn ask_compare(&mut self) {
        self.pick_file(PathPurpose::Compare);
    }

    pub(super) fn pick_previous(&mut self) {
        self.pick_file(PathPurpose::Previous);
    }

    /// Runs an action now, or asks about unsaved changes first.
    pub(super) fn request(&mut self, action: Pending) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(action));
        } else {
            self.perform(action);
        }
    }

    pub(super) fn perform(&mut self, action: Pending) {
        match action {
            Pending::Open(p) => self.open_path(&p),
            Pending::OpenDialog => self.pick_file(PathPurpose::Open),
            Pending::Import(p) => self.import_path(&p),
            Pending::ImportDialog => self.pick_file(PathPurpose::Import),
            Pending::MergeDialog => self.pick_folder(PathPurpose::MergeFolder),
            Pending::New(format, year) => {
                self.set_document(Document::new(Report::new(format, year), None));
                self.view = View::Meta;
                self.set_info(format!("已新建 {year} 年度报告（{}）", format.document()));
            }
            Pending::NewFromDialog => self.pick_file(PathPurpose::NewFrom),
            Pending::Close => self.confirm_close = true,
        }
        if let Some(r) = &self.recovery
            && !self.doc.is_dirty()
        {
            r.clear();
        }
    }

    /// Opens the 新建 dialog, proposing next year's report in the current format.
    pub(super) fn ask_new(&mut self) {
        self.modal = Some(Modal::New {
            format: FormatVersion::Gov2021,
            year: self.doc.report.meta.year + 1,
        });
    }
}

/// Whether a system file dialog can appear at all. On Linux rfd needs a desktop portal (over
/// the D-Bus session bus) or `zenity`; without either it returns `None` silently.
fn dialogs_available() -> bool {
    crate::platform::has_file_dialogs()
}

/// Opens a file with the desktop's viewer, if the machine has one; silently does nothing
/// otherwise (the status line already says where the file is).
fn open_with_viewer(path: &Path) {
    let _ = std::process::Command::new(crate::platform::file_opener())
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// rfd answers `None` both when the user cancels and, silently and at once, when the machine
/// has no file dialog at all (no desktop portal, no zenity). Nobody cancels a dialog within
/// a quarter of a second, so a quick `None` means there was none to show.
fn no_dialog_shown(asked: Instant) -> bool {
    asked.elapsed() < Duration::from_millis(250)
}
