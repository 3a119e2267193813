//! One writer at a time: an advisory lock on a draft, held by every command that changes it
//! (for its read-modify-write) and by the window while the draft is open.
//!
//! The lock is taken on a small file beside the draft, `.<name>.lock`, never on the draft
//! itself: a save writes a new file and renames it over the draft, so a lock on the draft's
//! own file would be gone after the first save. The lock file is never removed (removing it
//! would let a second process lock a new file of the same name while the first still holds
//! the old one); after taking the lock its holder writes who it is, so that whoever waits can
//! be told.
//!
//! What the lock is: `flock(2)` on Linux and macOS, `LockFileEx` on Windows (std's
//! [`std::fs::File::try_lock`]). The system releases it when its holder exits, however it
//! exits: a crash never leaves a draft locked. On a local disk it excludes every process of
//! the machine. On NFS, Linux turns `flock` into byte-range locks kept by the server's lock
//! manager, so processes on different machines exclude each other too. On an SMB share
//! (共享文件夹) mounted by Linux (cifs, kernel 5.6 and later) the lock is sent to the server
//! unless the share is mounted `nobrl`; Windows machines on the same share honour it. Where a
//! file system cannot lock at all, the command says so and goes on without the lock rather
//! than refuse to save.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::StoreError;

/// How long a command waits for a lock another process holds before it gives up.
pub const WAIT: Duration = Duration::from_secs(15);

/// The lock file of a draft: `dir/name.ron` → `dir/.name.ron.lock`.
pub fn lock_path(draft: &Path) -> PathBuf {
    let name = draft
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    draft.with_file_name(format!(".{name}.lock"))
}

/// A held lock on a draft; dropping it releases the lock.
#[derive(Debug)]
pub struct DraftLock {
    /// `None` where the file system cannot lock: the holder goes on without one.
    file: Option<File>,
    path: PathBuf,
}

/// Who holds a lock, as its holder wrote it.
fn holder_of(path: &Path) -> String {
    let mut text = String::new();
    let _ = File::open(path).and_then(|f| f.take(512).read_to_string(&mut text));
    let text = text.trim();
    if text.is_empty() {
        "另一个 nianbao 进程".to_string()
    } else {
        text.to_string()
    }
}

/// Who this process is, for the lock file: 「张三@办公室电脑（nianbao 窗口，进程 1234，自
/// 2026-01-10 09:30 起）」.
fn describe_self(purpose: &str) -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    let host = crate::platform::host_name();
    let who = match (user.is_empty(), host.is_empty()) {
        (false, false) => format!("{user}@{host}"),
        (false, true) => user,
        (true, false) => host,
        (true, true) => "未知用户".to_string(),
    };
    // 「2026-01-10T09:30:12+08:00」 as a reader says it: 「2026-01-10 09:30」.
    let since: String = crate::clock::now()
        .chars()
        .take(16)
        .map(|c| if c == 'T' { ' ' } else { c })
        .collect();
    format!(
        "{who}（{purpose}，进程 {}，自 {since} 起）",
        std::process::id()
    )
}

impl DraftLock {
    /// Takes the lock on `draft` if nobody holds it; `Ok(None)` tells who does.
    pub fn try_acquire(draft: &Path, purpose: &str) -> Result<Result<Self, String>, StoreError> {
        let path = lock_path(draft);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path);
        let mut file = match file {
            Ok(f) => f,
            // A folder one may read but not write: nothing will be saved there anyway, and
            // the save says so; reading needs no lock.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Ok(Ok(DraftLock { file: None, path }));
            }
            Err(source) => return Err(StoreError::Write { path, source }),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(Err(holder_of(&path))),
            // The file system has no locks (some network shares): go on without.
            Err(TryLockError::Error(_)) => return Ok(Ok(DraftLock { file: None, path })),
        }
        let me = describe_self(purpose);
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(me.as_bytes()))
            .and_then(|()| file.flush());
        Ok(Ok(DraftLock {
            file: Some(file),
            path,
        }))
    }

    /// Takes the lock on `draft`, waiting up to `wait` for another holder to let go.
    pub fn acquire(draft: &Path, purpose: &str, wait: Duration) -> Result<Self, StoreError> {
        let start = Instant::now();
        let mut pause = Duration::from_millis(20);
        loop {
            match Self::try_acquire(draft, purpose)? {
                Ok(lock) => return Ok(lock),
                Err(holder) if start.elapsed() >= wait => {
                    return Err(StoreError::Locked {
                        path: draft.to_path_buf(),
                        holder,
                        waited: wait.as_secs(),
                    });
                }
                Err(_) => {
                    std::thread::sleep(pause);
                    // Many waiting writers: spread their retries.
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
            }
        }
    }

    /// Whether the lock is really held (false where the file system cannot lock).
    pub fn is_held(&self) -> bool {
        self.file.is_some()
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DraftLock {
    fn drop(&mut self) {
        if let Some(f) = &self.file {
            // Emptied so that a stale name is never shown; the lock goes with the handle.
            let _ = f.set_len(0);
            let _ = f.unlock();
        }
    }
}

/// Loads a draft, changes it with `change` and saves it, all under the draft's lock: two
/// commands on one draft at once both keep their change. `change` returns what the caller
/// reports; an error from it saves nothing.
pub fn update<T, E>(
    draft: &Path,
    purpose: &str,
    change: impl FnOnce(&mut crate::core::Report) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<StoreError>,
{
    let _lock = DraftLock::acquire(draft, purpose, WAIT)?;
    let mut report = super::load(draft)?;
    let out = change(&mut report)?;
    super::save(&report, draft)?;
    Ok(out)
}

/// Saves a whole new draft over `draft` under its lock (`import --force`, `new`, `merge`):
/// never while a window has it open or another command is changing it. A draft that does not
/// exist yet is nobody's: it is written without a lock file beside it.
pub fn save_locked(
    report: &crate::core::Report,
    draft: &Path,
    purpose: &str,
) -> Result<(), StoreError> {
    if std::fs::symlink_metadata(draft).is_err() {
        return super::save(report, draft);
    }
    let _lock = DraftLock::acquire(draft, purpose, WAIT)?;
    super::save(report, draft)
}
