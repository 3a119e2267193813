//! Keeps the input method on across changes of field.
//!
//! Clerks type Chinese with an input method (fcitx5, IBus). egui asks the backend to interrupt
//! the composition whenever a widget takes the focus, and to turn input methods off for any
//! frame in which no text field has it (a click from one field to another passes through one).
//! egui-winit does both by turning the input method off and on again, and winit on X11 then
//! destroys the input context and makes a new one, which fcitx5 (by default) starts switched
//! off: the next pinyin lands as Latin letters. This plugin edits egui's output before the
//! backend sees it: no interrupt while nothing is being composed, and the input method stays
//! on through the short gap between two fields.

use egui::output::IMEOutput;
use egui::{Context, Event, FullOutput, ImeEvent, PlatformOutput, RawInput};

/// How long the input method stays on after the last text field lost the focus: long enough
/// for the frames between one field and the next, short enough that keys meant for shortcuts
/// afterwards reach the window directly.
const GAP: f64 = 0.4;

/// The plugin; register it once with [`Context::add_plugin`].
#[derive(Default)]
pub struct KeepImeContext {
    /// A composition is under way (the input method shows text not yet committed).
    composing: bool,
    /// The last input-method output a text field asked for, and when.
    last: Option<(IMEOutput, f64)>,
    /// The time of the pass being drawn.
    now: f64,
}

impl KeepImeContext {
    /// Notes what the input method did this pass.
    fn read(&mut self, input: &RawInput) {
        if let Some(t) = input.time {
            self.now = t;
        }
        for e in &input.events {
            if let Event::Ime(ime) = e {
                self.composing = match ime {
                    ImeEvent::Preedit { text, .. } => !text.is_empty(),
                    _ => false,
                };
            }
        }
    }

    /// Edits the output of a pass; returns after how long a pass is needed to turn the input
    /// method off once the gap is over.
    fn adjust(&mut self, out: &mut PlatformOutput) -> Option<f64> {
        match &mut out.ime {
            Some(ime) => {
                // Interrupting means recreating the context: only worth it when there is a
                // composition to end.
                if !self.composing {
                    ime.should_interrupt_composition = false;
                }
                self.last = Some((*ime, self.now));
                None
            }
            None => {
                let (last, at) = self.last.as_ref()?;
                let left = at + GAP - self.now;
                if left <= 0.0 || self.composing {
                    self.last = None;
                    return None;
                }
                let mut kept = *last;
                kept.should_interrupt_composition = false;
                out.ime = Some(kept);
                Some(left)
            }
        }
    }
}

impl egui::Plugin for KeepImeContext {
    fn debug_name(&self) -> &'static str {
        "nianbao: keep the input method on"
    }

    fn input_hook(&mut self, _ctx: &Context, input: &mut RawInput) {
        self.read(input);
    }

    fn output_hook(&mut self, ctx: &Context, output: &mut FullOutput) {
        if let Some(after) = self.adjust(&mut output.platform_output) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(after));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{IMEPurpose, Rect, pos2};

    fn field(interrupt: bool) -> IMEOutput {
        IMEOutput {
            purpose: IMEPurpose::Normal,
            rect: Rect::from_min_max(pos2(0.0, 0.0), pos2(100.0, 20.0)),
            cursor_rect: Rect::from_min_max(pos2(10.0, 0.0), pos2(11.0, 20.0)),
            should_interrupt_composition: interrupt,
        }
    }

    fn pass(
        p: &mut KeepImeContext,
        t: f64,
        events: Vec<Event>,
        ime: Option<IMEOutput>,
    ) -> Option<IMEOutput> {
        p.read(&RawInput {
            time: Some(t),
            events,
            ..Default::default()
        });
        let mut out = PlatformOutput {
            ime,
            ..Default::default()
        };
        p.adjust(&mut out);
        out.ime
    }

    #[test]
    fn moving_between_fields_keeps_the_context() {
        let mut p = KeepImeContext::default();
        assert!(pass(&mut p, 0.0, vec![], Some(field(false))).is_some());
        // Focus moves: egui asks to interrupt, with nothing being composed.
        let out = pass(&mut p, 1.0, vec![], Some(field(true)));
        assert_eq!(out.map(|o| o.should_interrupt_composition), Some(false));
        // A frame with no field focused, then the next field: the input method stays on.
        assert!(pass(&mut p, 1.1, vec![], None).is_some());
        assert!(pass(&mut p, 1.2, vec![], Some(field(false))).is_some());
        // Focus gone for good: off once the gap is over.
        assert!(pass(&mut p, 1.3, vec![], None).is_some());
        assert!(pass(&mut p, 1.2 + GAP + 0.1, vec![], None).is_none());
        assert!(pass(&mut p, 3.0, vec![], None).is_none());
    }

    #[test]
    fn a_composition_under_way_is_still_interrupted() {
        let mut p = KeepImeContext::default();
        let preedit = Event::Ime(ImeEvent::Preedit {
            text: "gongkai".into(),
            active_range_chars: None,
        });
        pass(&mut p, 0.0, vec![preedit], Some(field(false)));
        let out = pass(&mut p, 0.5, vec![], Some(field(true)));
        assert_eq!(out.map(|o| o.should_interrupt_composition), Some(true));
        // Committed, the next move keeps the context again.
        let commit = Event::Ime(ImeEvent::Commit("公开".into()));
        pass(&mut p, 0.6, vec![commit], Some(field(false)));
        let out = pass(&mut p, 0.7, vec![], Some(field(true)));
        assert_eq!(out.map(|o| o.should_interrupt_composition), Some(false));
    }
}
