//! The one modal every "type one thing, then 确定 or 取消" question uses: the user's name, a
//! comment, a 已核实 note, the reason for reopening a 定稿, a file path.

use egui::{Key, RichText};

/// What the user did with a prompt this frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Answer {
    /// Still open.
    Open,
    /// Confirmed, with a text that is not blank.
    Ok,
    /// 取消.
    Cancel,
}

/// The wording and shape of a prompt.
pub(super) struct Prompt {
    /// Distinguishes the prompts' widget state.
    pub id: &'static str,
    pub heading: &'static str,
    /// Lines shown above the field.
    pub intro: Vec<String>,
    /// The field's accessible name.
    pub field: &'static str,
    /// 1 for a single line (Enter confirms); more for a multi-line field (Ctrl+Enter confirms).
    pub rows: usize,
    pub width: f32,
    /// The confirming button.
    pub ok: &'static str,
    /// Shown under the field while it is blank (a blank text cannot be confirmed).
    pub missing: &'static str,
}

/// Shows the prompt over the window, editing `text`. The field has the keyboard when the prompt
/// opens; Escape is 取消 (a click beside the prompt is not: it would throw away what was typed).
pub(super) fn prompt(ctx: &egui::Context, p: &Prompt, text: &mut String) -> Answer {
    let mut answer = Answer::Open;
    let opened = egui::Id::unique(("nianbao-prompt-opened", p.id));
    egui::Modal::new(egui::Id::unique(("nianbao-prompt", p.id))).show(ctx, |ui| {
        ui.heading(p.heading);
        for line in &p.intro {
            ui.label(line);
        }
        // Ctrl+Enter confirms a multi-line field (Enter is a new line there); taken before the
        // field sees it.
        let ctrl_enter =
            p.rows > 1 && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::Enter));
        let edit = if p.rows > 1 {
            egui::TextEdit::multiline(text).desired_rows(p.rows)
        } else {
            egui::TextEdit::singleline(text)
        };
        let resp = ui.add(edit.desired_width(p.width)).accessible_name(p.field);
        // Asked for until the field has it once (a modal's first frame only measures itself).
        if !ui.data(|d| d.get_temp::<bool>(opened).unwrap_or(false)) {
            if resp.has_focus() {
                ui.data_mut(|d| d.insert_temp(opened, true));
            } else {
                resp.request_focus();
            }
        }
        let blank = text.trim().is_empty();
        let enter = p.rows <= 1 && resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if (enter || ctrl_enter) && !blank {
            answer = Answer::Ok;
        }
        ui.horizontal(|ui| {
            if ui.add_enabled(!blank, egui::Button::new(p.ok)).clicked() {
                answer = Answer::Ok;
            }
            if ui.button("取消").clicked() {
                answer = Answer::Cancel;
            }
        });
        if blank {
            ui.label(RichText::new(p.missing).weak().small());
        }
    });
    if ctx.input(|i| i.key_pressed(Key::Escape)) {
        answer = Answer::Cancel;
    }
    if answer != Answer::Open {
        ctx.data_mut(|d| d.remove::<bool>(opened));
    }
    answer
}
