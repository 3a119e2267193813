//! Everything the user can ask of the window, declared once: its Chinese label, its keyboard
//! shortcuts, and what it does. The menus draw their items from here and the key handling reads
//! the same shortcuts, so the menu text and the keys cannot disagree.
//!
//! Menus, keys and the grids only queue commands during a frame; [`NianbaoApp::run_queued`]
//! carries them out once, after the frame is drawn.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::asks::Modal;
use super::grid::GridCommand;
use super::{NianbaoApp, View};
use crate::core::Finding;
use crate::core::review::{Anchor, Status};
use crate::export::Format;
use crate::session::Edit;

/// One thing the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// 新建… (asks for the year and format).
    New,
    /// 打开… (asks about unsaved changes first).
    Open,
    /// 导入已发布的报告… (asks about unsaved changes first).
    Import,
    /// 保存 (asks where when the draft has no file yet).
    Save,
    /// 另存为….
    SaveAs,
    /// 导出 PDF….
    ExportPdf,
    /// 导出审核稿 PDF (with comments and the revision history)….
    ExportReviewPdf,
    /// 导出机读副本（JSON）….
    ExportJson,
    /// 导出网页（HTML）….
    ExportHtml,
    /// 导出 Word 文件….
    ExportDocx,
    /// 导出电子表格….
    ExportXlsx,
    /// 汇总多份报告….
    Merge,
    /// 批量核对文件夹….
    BatchReview,
    /// 从登记台账生成表三….
    Tally,
    /// 从复议诉讼台账生成表四…: the same count, from a register of cases.
    TallyCases,
    /// 撤销.
    Undo,
    /// 重做.
    Redo,
    /// 计算全部合计.
    AutosumAll,
    /// Move the draft to this status (leaving 定稿 asks for a reason).
    SetStatus(Status),
    /// 与另一版本对比….
    Compare,
    /// 结束对比.
    EndCompare,
    /// 批注列表.
    ShowComments,
    /// 修订记录.
    ShowHistory,
    /// 设置我的姓名….
    SetName,
    /// Show or hide the findings panel.
    ToggleFindings,
    /// What a statistics grid asked for (an edit, a paste, a comment…).
    Grid(GridCommand),
    /// A view's edit of the draft: merged with the typing before it into one undo step.
    Edit(Edit),
    /// A view's edit that is an undo step of its own (adding or removing a section).
    EditAlone(Edit),
    /// Set a cell to the value a finding proposes (「改为 N」), as one undo step.
    Fix {
        /// The cell's id.
        cell: String,
        /// The value.
        value: String,
    },
    /// Ask for a comment on this (a paragraph, some words).
    AskComment(Anchor),
    /// Ask why a warning needs no change (已核实).
    AskVerify(Box<Finding>),
    /// Withdraw a warning's 已核实.
    Unverify(Box<Finding>),
}

const fn ctrl(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND, key)
}

const fn ctrl_shift(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), key)
}

impl Command {
    /// The commands that have keys, in the order the keys are tried: a shortcut with Shift
    /// comes before the same key without it (egui would match Ctrl+S inside Ctrl+Shift+S).
    pub const KEYED: [Command; 7] = [
        Command::SaveAs,
        Command::Save,
        Command::Redo,
        Command::Undo,
        Command::ExportPdf,
        Command::Open,
        Command::New,
    ];

    /// The menu label (without the shortcut, which egui draws beside it).
    pub fn label(&self) -> &'static str {
        match self {
            Command::New => "新建…",
            Command::Open => "打开…",
            Command::Import => "导入已发布的报告（PDF、Word、网页或文本）…",
            Command::Save => "保存",
            Command::SaveAs => "另存为…",
            Command::ExportPdf => "导出 PDF…",
            Command::ExportReviewPdf => "导出审核稿 PDF（附批注和修订记录）…",
            Command::ExportJson => "导出机读副本（JSON）…",
            Command::ExportHtml => "导出网页（HTML，供门户网站发布）…",
            Command::ExportDocx => "导出 Word 文件（.docx）…",
            Command::ExportXlsx => "导出电子表格（.xlsx，三张统计表）…",
            Command::Merge => "汇总多份报告…",
            Command::BatchReview => "批量核对文件夹…",
            Command::Tally => "从登记台账生成表三…",
            Command::TallyCases => "从复议诉讼台账生成表四…",
            Command::Undo => "撤销",
            Command::Redo => "重做",
            Command::AutosumAll => "计算全部合计",
            Command::SetStatus(Status::Submitted) => "提交审核（待审核）",
            Command::SetStatus(Status::Returned) => "退回修改",
            Command::SetStatus(Status::Final) => "定稿（需无错误）",
            Command::SetStatus(Status::Drafting) => "改回起草",
            Command::Compare => "与另一版本对比…",
            Command::EndCompare => "结束对比",
            Command::ShowComments => "批注列表",
            Command::ShowHistory => "修订记录",
            Command::SetName => "设置我的姓名…",
            Command::ToggleFindings => "核对结果",
            Command::Grid(_)
            | Command::Edit(_)
            | Command::EditAlone(_)
            | Command::Fix { .. }
            | Command::AskComment(_)
            | Command::AskVerify(_)
            | Command::Unverify(_) => "",
        }
    }

    /// The keys that run the command; the first is the one the menu shows.
    pub fn shortcuts(&self) -> &'static [KeyboardShortcut] {
        const NEW: [KeyboardShortcut; 1] = [ctrl(Key::N)];
        const OPEN: [KeyboardShortcut; 1] = [ctrl(Key::O)];
        const SAVE: [KeyboardShortcut; 1] = [ctrl(Key::S)];
        const SAVE_AS: [KeyboardShortcut; 1] = [ctrl_shift(Key::S)];
        const PDF: [KeyboardShortcut; 1] = [ctrl(Key::P)];
        const UNDO: [KeyboardShortcut; 1] = [ctrl(Key::Z)];
        const REDO: [KeyboardShortcut; 2] = [ctrl(Key::Y), ctrl_shift(Key::Z)];
        match self {
            Command::New => &NEW,
            Command::Open => &OPEN,
            Command::Save => &SAVE,
            Command::SaveAs => &SAVE_AS,
            Command::ExportPdf => &PDF,
            Command::Undo => &UNDO,
            Command::Redo => &REDO,
            _ => &[],
        }
    }
}

impl NianbaoApp {
    /// Asks for `command` to run once this frame is drawn.
    pub fn queue(&mut self, command: Command) {
        self.queued.push(command);
    }

    /// A menu item for `command`: its label with its shortcut beside it; a click queues it and
    /// closes the menu.
    pub(super) fn command_button(&mut self, ui: &mut egui::Ui, command: Command, enabled: bool) {
        self.command_button_labelled(ui, command.label().to_string(), command, enabled);
    }

    /// [`Self::command_button`] with a label that depends on the moment (a status move).
    pub(super) fn command_button_labelled(
        &mut self,
        ui: &mut egui::Ui,
        label: String,
        command: Command,
        enabled: bool,
    ) {
        let mut button = egui::Button::new(label);
        if let Some(key) = command.shortcuts().first() {
            button = button.shortcut_text(ui.ctx().format_shortcut(key));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.queue(command);
            ui.close();
        }
    }

    /// Queues the commands whose keys were pressed this frame.
    pub(super) fn read_shortcuts(&mut self, ui: &mut egui::Ui) {
        for command in Command::KEYED {
            let pressed = command
                .shortcuts()
                .iter()
                .any(|k| ui.input_mut(|i| i.consume_shortcut(k)));
            if pressed {
                self.queue(command);
            }
        }
    }

    /// Carries out what was asked during the frame, in order.
    pub fn run_queued(&mut self) {
        for command in std::mem::take(&mut self.queued) {
            self.run_command(command);
        }
    }

    /// Carries out one command now.
    pub fn run_command(&mut self, command: Command) {
        match command {
            Command::New => self.ask_new(),
            Command::Open => self.request(super::asks::Pending::OpenDialog),
            Command::Import => self.request(super::asks::Pending::ImportDialog),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => self.save_as(),
            Command::ExportPdf => self.export(Format::Pdf),
            Command::ExportReviewPdf => self.export(Format::ReviewPdf),
            Command::ExportJson => self.export(Format::Json),
            Command::ExportHtml => self.export(Format::Html),
            Command::ExportDocx => self.export(Format::Docx),
            Command::ExportXlsx => self.export(Format::Xlsx),
            Command::Merge => self.request(super::asks::Pending::MergeDialog),
            // The open draft stays open: nothing to ask.
            Command::BatchReview => self.pick_folder(super::asks::PathPurpose::BatchFolder),
            Command::Tally => self.pick_file(super::asks::PathPurpose::Register),
            Command::TallyCases => self.pick_file(super::asks::PathPurpose::CaseRegister),
            Command::Undo => {
                self.doc.undo();
            }
            Command::Redo => {
                self.doc.redo();
            }
            Command::AutosumAll => self.autosum(None),
            Command::SetStatus(to) => self.request_status(to),
            Command::Compare => self.ask_compare(),
            Command::EndCompare => self.end_compare(),
            Command::ShowComments => self.view = View::Comments,
            Command::ShowHistory => self.view = View::History,
            Command::SetName => self.ask_name(),
            Command::ToggleFindings => self.show_findings = !self.show_findings,
            Command::Grid(g) => self.run_grid_command(g),
            Command::Edit(e) => self.doc.apply(e),
            Command::EditAlone(e) => {
                self.doc.end_typing();
                self.doc.apply(e);
            }
            Command::Fix { cell, value } => self.fix(&cell, &value),
            Command::AskComment(anchor) => self.ask_comment(anchor),
            Command::AskVerify(f) => self.modal = Some(Modal::Verify(*f, String::new())),
            Command::Unverify(f) => {
                let _ = self.doc.review(|r| {
                    crate::core::review::unverify(r, &f);
                    Ok(())
                });
            }
        }
    }

    fn run_grid_command(&mut self, cmd: GridCommand) {
        match cmd {
            GridCommand::Edit(e) => self.doc.apply(Edit::Cells(vec![e])),
            GridCommand::Paste { at, text } => {
                let (edits, outside) = super::grid::paste_edits(
                    self.doc.report.template(),
                    &self.doc.report,
                    &at,
                    &text,
                );
                let n = edits.len();
                self.apply_step(Edit::Cells(edits));
                if outside > 0 {
                    self.set_error(format!(
                        "已粘贴 {n} 格；另有 {outside} 格超出表格范围，未粘贴（请检查粘贴的起始单元格）"
                    ));
                } else {
                    self.set_info(format!("已粘贴 {n} 格"));
                }
            }
            GridCommand::Autosum(table) => self.autosum(Some(table)),
            GridCommand::Comment(anchor) => self.ask_comment(anchor),
        }
    }
}
