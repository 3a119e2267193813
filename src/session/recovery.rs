//! The recovery copy: written every few seconds while there are unsaved changes, outside the
//! user's file, so a crash loses at most those seconds. No egui in here.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::core::Report;
use crate::store::{DraftLock, StoreError, from_ron, to_ron, write_atomic};

const RECOVERY_FORMAT: &str = "nianbao-recovery";

fn slot_name(slot: u32) -> String {
    if slot == 1 {
        "recovery.ron".to_string()
    } else {
        format!("recovery-{slot}.ron")
    }
}

#[derive(Serialize, Deserialize)]
struct RecoveryFile {
    format: String,
    version: u32,
    /// The file the edits belong to, if it had been saved before.
    original: Option<PathBuf>,
    /// The draft itself, as draft RON (so draft migrations apply to it too).
    draft: String,
}

/// What a recovery copy holds.
#[derive(Debug, PartialEq)]
pub struct Recovered {
    /// The unsaved report.
    pub report: Report,
    /// The file it belongs to.
    pub original: Option<PathBuf>,
}

/// How many windows at once keep recovery copies of their own.
const SLOTS: u32 = 16;

/// The recovery copy in a state folder. Each window claims a slot of its own
/// (`recovery.ron`, `recovery-2.ron`, …) and holds its lock while it runs: a copy whose slot
/// nobody holds was left by a window that ended without saving, and is offered; a copy a live
/// window holds is never offered to another.
#[derive(Clone, Debug)]
pub struct Recovery {
    dir: PathBuf,
    slot: u32,
    _lock: Option<Arc<DraftLock>>,
}

impl Recovery {
    /// The first slot in this folder, without a lock (tests, the crash probe).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Recovery {
            dir: dir.into(),
            slot: 1,
            _lock: None,
        }
    }

    /// The first slot in this folder that no running window holds, locked for this one. Where
    /// the folder cannot be made or every slot is held, the first slot, unlocked.
    pub fn claim(dir: &PathBuf) -> Self {
        if fs::create_dir_all(dir).is_ok() {
            for slot in 1..=SLOTS {
                let file = dir.join(slot_name(slot));
                if let Ok(Ok(lock)) = DraftLock::try_acquire(&file, "nianbao 窗口的恢复副本")
                {
                    return Recovery {
                        dir: dir.clone(),
                        slot,
                        _lock: Some(Arc::new(lock)),
                    };
                }
            }
        }
        Recovery::new(dir.clone())
    }

    /// The per-user state folder: `NIANBAO_STATE_DIR`, else the platform's state or local data
    /// folder + `nianbao`.
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(d) = std::env::var_os("NIANBAO_STATE_DIR") {
            return Some(PathBuf::from(d));
        }
        dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|d| d.join("nianbao"))
    }

    /// The folder it lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The recovery file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(slot_name(self.slot))
    }

    /// Writes the recovery copy atomically.
    pub fn write(&self, report: &Report, original: Option<&Path>) -> Result<(), StoreError> {
        fs::create_dir_all(&self.dir).map_err(|source| StoreError::Write {
            path: self.dir.clone(),
            source,
        })?;
        let file = RecoveryFile {
            format: RECOVERY_FORMAT.into(),
            version: 1,
            original: original.map(Path::to_path_buf),
            draft: to_ron(report)?,
        };
        let text = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::new())
            .map_err(|e| StoreError::Encode(e.to_string()))?;
        write_atomic(&self.path(), text.as_bytes(), crate::store::Backup::None)
    }

    /// Reads the recovery copy: `None` when there is none.
    pub fn read(&self) -> Option<Result<Recovered, StoreError>> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(source) => return Some(Err(StoreError::Read { path, source })),
        };
        let file: RecoveryFile = match ron::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                return Some(Err(StoreError::Foreign {
                    path,
                    detail: format!("恢复文件无法读取：{e}"),
                }));
            }
        };
        if file.format != RECOVERY_FORMAT {
            return Some(Err(StoreError::Foreign {
                path,
                detail: "不是 nianbao 恢复文件".into(),
            }));
        }
        Some(from_ron(&file.draft, &path).map(|report| Recovered {
            report,
            original: file.original,
        }))
    }

    /// Removes the recovery copy (after a save, a normal close, or when the user declines it).
    pub fn clear(&self) {
        let _ = fs::remove_file(self.path());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::FormatVersion;

    #[test]
    fn write_read_clear() {
        let dir = tempfile::tempdir().expect("tempdir");
        let rec = Recovery::new(dir.path().join("state"));
        assert!(rec.read().is_none());
        let mut r = Report::new(FormatVersion::Gov2021, 2024);
        r.set_cell("t3.new.natural", "7");
        rec.write(&r, Some(Path::new("/tmp/a.ron"))).expect("write");
        let back = rec.read().expect("some").expect("ok");
        assert_eq!(back.report, r);
        assert_eq!(back.original.as_deref(), Some(Path::new("/tmp/a.ron")));
        rec.clear();
        assert!(rec.read().is_none());
    }
}
