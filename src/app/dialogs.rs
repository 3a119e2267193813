//! The window's dialogs. At most one is open ([`NianbaoApp::modal`]); each keeps what the user
//! typed in it until it is answered, and a question that interrupts another (the user's name,
//! a path to save to) hands the first one back or carries it out afterwards.

use std::path::PathBuf;

use super::NianbaoApp;
use super::asks::{Modal, Pending};
use super::prompt::{Answer, Prompt, prompt};
use crate::core::review::Status;
use crate::core::wording::anchor_label;
use crate::core::{FormatVersion, Report};
use crate::session::Document;
use crate::session::recovery::Recovered;
use crate::store::load;

impl Modal {
    /// The question of a dialog that asks for one line of text, and that text as typed so far;
    /// `None` for the dialogs with buttons of their own.
    fn as_prompt(&mut self, report: &Report) -> Option<(Prompt, &mut String)> {
        let one_line = |id, heading, intro: Vec<String>, field, ok, missing| Prompt {
            id,
            heading,
            intro,
            field,
            rows: 1,
            width: 420.0,
            ok,
            missing,
        };
        Some(match self {
            Modal::Path { purpose, text, .. } => (
                Prompt {
                    width: 480.0,
                    ..one_line(
                        "path",
                        purpose.heading(),
                        vec!["本机没有可用的文件对话框，请直接输入文件路径：".into()],
                        "文件路径",
                        "确定",
                        "请输入文件路径",
                    )
                },
                text,
            ),
            Modal::Name { name, .. } => (
                Prompt {
                    width: 240.0,
                    ..one_line(
                        "name",
                        "我的姓名",
                        vec!["审核记录、批注和修订记录中用这个名字：".into()],
                        "姓名",
                        "确定",
                        "请填写姓名",
                    )
                },
                name,
            ),
            Modal::MergeAgency(folder, agency) => (
                one_line(
                    "merge",
                    "汇总多份报告",
                    vec![
                        format!(
                            "汇总 {} 中的全部报告（草稿、机读副本、PDF、Word、网页）。",
                            folder.display()
                        ),
                        "汇总报告的机关名称（例如“某某区人民政府”）：".into(),
                    ],
                    "汇总报告的机关名称",
                    "汇总",
                    "请填写机关名称",
                ),
                agency,
            ),
            Modal::Comment(anchor, text) => (
                Prompt {
                    rows: 3,
                    ..one_line(
                        "comment",
                        "添加批注",
                        vec![anchor_label(report, anchor)],
                        "批注内容",
                        "添加",
                        "请填写批注内容",
                    )
                },
                text,
            ),
            Modal::Verify(finding, note) => (
                one_line(
                    "verify",
                    "标为已核实",
                    vec![
                        finding.message.clone(),
                        "核实说明（例如“经核实，文中数字为清理后口径”）：".into(),
                    ],
                    "核实说明",
                    "确定",
                    "请填写核实说明",
                ),
                note,
            ),
            Modal::Reopen(to, reason) => (
                if report.review.status != Status::Final {
                    one_line(
                        "return",
                        "退回修改",
                        vec![format!(
                            "退回给起草人修改。请写明要修改什么，理由记入修订记录（改为“{}”）：",
                            to.chinese()
                        )],
                        "退回修改的理由",
                        "退回",
                        "请写明要修改什么",
                    )
                } else {
                    one_line(
                        "reopen",
                        "重新打开定稿",
                        vec![format!(
                            "定稿为只读。改为“{}”需要填写理由，理由记入修订记录：",
                            to.chinese()
                        )],
                        "重新打开的理由",
                        "重新打开",
                        "请填写理由",
                    )
                },
                reason,
            ),
            Modal::Recovery(_)
            | Modal::Unsaved(_)
            | Modal::New { .. }
            | Modal::InUse { .. }
            | Modal::Tally(_)
            | Modal::ChangedOnDisk(_) => return None,
        })
    }
}

/// The answer to 「当前草稿尚未保存」.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Save,
    Discard,
    Cancel,
}

impl NianbaoApp {
    /// Draws the open dialog, if any, and acts on its answer.
    pub(super) fn dialogs_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let Some(modal) = self.modal.take() else {
            return;
        };
        let mut modal = modal;
        let report = &self.doc.report;
        if let Some((asked, text)) = modal.as_prompt(report) {
            self.modal = match prompt(&ctx, &asked, text) {
                Answer::Open => Some(modal),
                Answer::Cancel => {
                    if let Modal::Name { then, .. } = modal {
                        self.resume_after_name(then, false);
                    }
                    self.modal.take()
                }
                Answer::Ok => {
                    self.confirmed(modal);
                    self.modal.take()
                }
            };
            return;
        }
        self.modal = match modal {
            Modal::Recovery(rec) => self.recovery_dialog(&ctx, *rec),
            Modal::Unsaved(action) => self.unsaved_dialog(&ctx, action),
            Modal::New { format, year } => self.new_dialog(&ctx, format, year),
            Modal::InUse { path, holder } => self.in_use_dialog(&ctx, path, holder),
            Modal::ChangedOnDisk(path) => self.changed_dialog(&ctx, path),
            Modal::Tally(state) => self.tally_dialog(&ctx, state),
            // Prompts were answered above.
            other => Some(other),
        };
    }

    /// A prompt was confirmed: do what it asked (it may open another dialog).
    fn confirmed(&mut self, modal: Modal) {
        match modal {
            Modal::Path {
                purpose,
                text,
                then,
            } => {
                self.write_target(purpose, &PathBuf::from(text.trim()));
                // Saved where the 尚未保存 question asked: now do what it waited for.
                if let Some(action) = then
                    && !self.doc.is_dirty()
                {
                    self.perform(action);
                }
            }
            Modal::Name { name, then } => {
                self.set_user(&name);
                self.resume_after_name(then, true);
            }
            Modal::Comment(anchor, text) => self.add_comment(anchor, &text),
            Modal::MergeAgency(folder, agency) => self.merge_folder(&folder, agency.trim()),
            Modal::Verify(finding, note) => self.verify_finding(&finding, &note),
            Modal::Reopen(to, reason) => self.change_status(to, Some(&reason)),
            Modal::Recovery(_)
            | Modal::Unsaved(_)
            | Modal::New { .. }
            | Modal::InUse { .. }
            | Modal::Tally(_)
            | Modal::ChangedOnDisk(_) => {}
        }
    }

    /// 「此草稿已在另一个窗口中打开」: open it read-only, or not at all.
    fn in_use_dialog(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        holder: String,
    ) -> Option<Modal> {
        let answer = choose(
            ctx,
            "in-use",
            "此草稿已在另一个窗口中打开",
            &format!(
                "{} 正由 {holder} 编辑。只读打开可以查看和核对，但不能保存到这个文件（可以另存为）。",
                path.display()
            ),
            &["只读打开", "取消"],
        );
        match answer {
            Some(0) => {
                self.open_read_only(&path);
                self.modal.take()
            }
            Some(_) => None,
            None => Some(Modal::InUse { path, holder }),
        }
    }

    /// 「文件已被其他程序修改」: save over it, save elsewhere, or not now.
    fn changed_dialog(&mut self, ctx: &egui::Context, path: PathBuf) -> Option<Modal> {
        let answer = choose(
            ctx,
            "changed-on-disk",
            "文件已被其他程序修改",
            &format!(
                "{} 在打开之后被其他程序修改过。可以把这里的内容另存为其他文件；或重新载入磁盘上的文件（放弃这里未保存的修改）；或覆盖它（磁盘上的那一版保留为 .bak 备份）。",
                path.display()
            ),
            &["另存为…", "重新载入", "覆盖", "取消"],
        );
        match answer {
            Some(0) => {
                self.save_as();
                self.modal.take()
            }
            Some(1) => {
                self.open_path(&path);
                self.modal.take()
            }
            Some(2) => {
                self.save_checked(&path, true);
                self.modal.take()
            }
            Some(_) => None,
            None => Some(Modal::ChangedOnDisk(path)),
        }
    }

    fn recovery_dialog(&mut self, ctx: &egui::Context, rec: Recovered) -> Option<Modal> {
        let mut keep = Some(rec);
        egui::Modal::new(egui::Id::unique("recovery")).show(ctx, |ui| {
            ui.heading("发现未保存的修改");
            let from = keep
                .as_ref()
                .and_then(|r| r.original.as_ref())
                .map_or_else(|| "未命名草稿".to_string(), |p| p.display().to_string());
            ui.label(format!("上次退出时，{from} 有尚未保存的修改。要恢复吗？"));
            ui.horizontal(|ui| {
                if ui.button("恢复").clicked()
                    && let Some(r) = keep.take()
                {
                    // Dirty against the file it belongs to, so the user is asked to save.
                    let saved = r
                        .original
                        .as_ref()
                        .and_then(|p| load(p).ok())
                        .unwrap_or_else(|| Report::new(r.report.meta.format, r.report.meta.year));
                    self.set_document(Document::restored(saved, r.report, r.original));
                    self.set_info("已恢复上次未保存的修改，请及时保存".into());
                }
                if ui.button("放弃").clicked() {
                    keep = None;
                    if let Some(r) = &self.recovery {
                        r.clear();
                    }
                }
            });
        });
        // Restoring may not have opened another dialog; keep the offer until it is answered.
        keep.map(|r| Modal::Recovery(Box::new(r)))
            .or_else(|| self.modal.take())
    }

    fn unsaved_dialog(&mut self, ctx: &egui::Context, action: Pending) -> Option<Modal> {
        let mut decided = None;
        egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("当前草稿尚未保存");
            ui.label(format!("{} 有未保存的修改。", self.doc.display_name()));
            ui.horizontal(|ui| {
                if ui.button("保存").clicked() {
                    decided = Some(Choice::Save);
                }
                if ui.button("不保存").clicked() {
                    decided = Some(Choice::Discard);
                }
                if ui.button("取消").clicked() {
                    decided = Some(Choice::Cancel);
                }
            });
        });
        match decided {
            Some(Choice::Save) => {
                if self.save() {
                    self.perform(action);
                    return self.modal.take();
                }
                match self.modal.take() {
                    // No file yet: the path prompt asks where, then does what was waiting.
                    Some(Modal::Path { purpose, text, .. }) => Some(Modal::Path {
                        purpose,
                        text,
                        then: Some(action),
                    }),
                    // The save failed (the status line says why): the question stays.
                    _ => Some(Modal::Unsaved(action)),
                }
            }
            Some(Choice::Discard) => {
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.perform(action);
                self.modal.take()
            }
            Some(Choice::Cancel) => None,
            None => Some(Modal::Unsaved(action)),
        }
    }

    fn new_dialog(
        &mut self,
        ctx: &egui::Context,
        mut format: FormatVersion,
        mut year: i32,
    ) -> Option<Modal> {
        let mut keep = true;
        let mut create = false;
        let mut from_last = false;
        egui::Modal::new(egui::Id::unique("new")).show(ctx, |ui| {
            // The formats' names on one line each (a grid cell would wrap them a character a
            // line).
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            ui.heading("新建年度报告");
            egui::Grid::new("newgrid").show(ui, |ui| {
                ui.label("报告年度");
                ui.add(egui::DragValue::new(&mut year).range(2019..=2100))
                    .accessible_name("新报告年度");
                ui.end_row();
                ui.label("格式版本");
                ui.vertical(|ui| {
                    for v in FormatVersion::ALL {
                        ui.radio_value(&mut format, v, v.document());
                    }
                });
                ui.end_row();
            });
            ui.horizontal(|ui| {
                if ui.button("新建").clicked() {
                    create = true;
                }
                if ui
                    .button("以上年度报告为底稿…")
                    .on_hover_text("年度加一，沿用机关名称、联系方式和表三的上年结转；正文不沿用")
                    .clicked()
                {
                    from_last = true;
                }
                if ui.button("取消").clicked() {
                    keep = false;
                }
            });
        });
        if create {
            self.request(Pending::New(format, year));
            return self.modal.take();
        }
        if from_last {
            self.request(Pending::NewFromDialog);
            return self.modal.take();
        }
        keep.then_some(Modal::New { format, year })
    }
}

/// A question with a few answers as buttons: the index of the one clicked this frame.
fn choose(
    ctx: &egui::Context,
    id: &str,
    heading: &str,
    text: &str,
    buttons: &[&str],
) -> Option<usize> {
    let mut clicked = None;
    egui::Modal::new(egui::Id::unique(("nianbao-choose", id))).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(heading);
        ui.label(text);
        ui.horizontal(|ui| {
            for (i, b) in buttons.iter().enumerate() {
                if ui.button(*b).clicked() {
                    clicked = Some(i);
                }
            }
        });
    });
    clicked
}
