//! `nianbao autosave-probe` (hidden): for the crash-recovery test. Opens a draft, types into
//! cells through the editing session, writes the recovery copy the way the window does, prints
//! `ready` and waits to be killed.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::core::CellEdit;
use crate::session::{Document, Edit, Recovery};
use crate::store::load;

/// The probe's arguments.
#[derive(Debug, Args)]
pub struct AutosaveProbeArgs {
    /// The state folder (where the recovery copy goes).
    #[arg(long)]
    pub state_dir: PathBuf,
    /// The draft to open.
    pub draft: PathBuf,
    /// Edits, `cell.id=text`.
    #[arg(long = "set")]
    pub set: Vec<String>,
}

impl AutosaveProbeArgs {
    /// Never returns once the copy is written: the test kills it.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let report = load(&self.draft)?;
        let mut doc = Document::new(report, Some(self.draft.clone()));
        for s in &self.set {
            let Some((id, text)) = s.split_once('=') else {
                return Err(CliError::Usage(format!("--set 应为 单元格=内容：{s}")));
            };
            let old = doc.report.cell_text(id).to_string();
            doc.apply(Edit::Cells(vec![CellEdit {
                id: id.to_string(),
                old,
                new: text.to_string(),
            }]));
        }
        Recovery::new(&self.state_dir).write(&doc.report, doc.path.as_deref())?;
        writeln!(out, "ready")?;
        out.flush()?;
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
        }
    }
}
