//! What the checks say about each cell, for the grid to paint: level, the cell to correct,
//! messages, the proposed value, comments and compared values.

use std::collections::HashMap;

use crate::core::{Finding, Level, Rule};

/// How the checks see a cell.
#[derive(Clone, Debug, Default)]
pub struct CellMark {
    /// The worst level among the findings that involve it.
    pub level: Option<Level>,
    /// Whether a finding names this cell as the one to correct.
    pub culprit: bool,
    /// The messages of those findings, errors first.
    pub messages: Vec<String>,
    /// How many of `messages` are errors.
    errors: usize,
    /// The value a finding proposes for this cell.
    pub fix: Option<String>,
    /// Only involved through a root-cause finding that names another cell: shown faintly, so
    /// the eye goes to the one cell to correct.
    pub faint: bool,
    /// Open comments on the cell: 「作者：内容」.
    pub comments: Vec<String>,
    /// While comparing with another version: the cell's text there, when it differs.
    pub compared: Option<String>,
}

/// Marks for every cell some finding involves. The summary of unfilled cells marks nothing:
/// blanks are shown as blanks, not as errors.
pub fn marks(findings: &[Finding]) -> HashMap<String, CellMark> {
    let mut out: HashMap<String, CellMark> = HashMap::new();
    for f in findings {
        if f.rule == Rule::C5 && f.focus.is_none() {
            continue;
        }
        let root_cause = !f.explains.is_empty();
        for id in &f.cells {
            let fresh = !out.contains_key(id);
            let m = out.entry(id.clone()).or_default();
            let culprit_here = f.focus.as_deref() == Some(id.as_str());
            m.faint = if fresh {
                root_cause && !culprit_here
            } else {
                m.faint && root_cause && !culprit_here
            };
            m.level = Some(match m.level {
                Some(Level::Error) => Level::Error,
                _ => f.level,
            });
            let culprit = f.focus.as_deref() == Some(id.as_str());
            if culprit {
                m.culprit = true;
                if m.fix.is_none() {
                    m.fix = f.expected.clone();
                }
            }
            let mut msg = f.message.clone();
            if culprit && let Some(v) = &f.expected {
                msg.push_str(&format!("（建议改为 {v}）"));
            }
            if !m.messages.contains(&msg) {
                // Errors before warnings: the first message is the one the cell bar shows.
                let at = if f.level == Level::Error {
                    m.errors
                } else {
                    m.messages.len()
                };
                m.messages.insert(at, msg);
                if f.level == Level::Error {
                    m.errors += 1;
                }
            }
        }
    }
    out
}
