//! Drafts on disk: RON in a version envelope, saved atomically, loaded without surprises.
//!
//! A draft file looks like
//! ```text
//! (format: "nianbao-draft", version: 2, report: (meta: (...), parts: (...), cells: {...}))
//! ```
//! Loading never panics and never touches the file; every failure says which file, what is
//! wrong and, where the parser knows, the line and column.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::core::Report;

pub mod lock;

pub use lock::{DraftLock, save_locked, update};

/// The tag every draft carries, so another program's RON is recognised as such.
pub const DRAFT_FORMAT: &str = "nianbao-draft";
/// The draft version this build writes. Older ones are migrated on load.
/// 1: the first. 2: adds the review (status, verified warnings, comments, history).
pub const DRAFT_VERSION: u32 = 2;

/// Why a draft could not be read or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file system said no.
    #[error("无法读取文件 {path}：{}", io_chinese(source))]
    Read {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file system said no while writing.
    #[error("无法保存到 {path}：{}（原文件未改动）", io_chinese(source))]
    Write {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Larger than any report: refused before it is read into memory.
    #[error(
        "{path} 有 {mb} MB，超过可读取的上限 {limit} MB（一份年度报告通常不到 1 MB），文件未读取"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in MB (rounded up).
        mb: u64,
        /// The limit in MB.
        limit: u64,
    },
    /// Text cut off inside its last character: a copy or save that did not finish.
    #[error("{path} 在末尾被截断（最后一个字符不完整），文件已损坏，未读取")]
    Truncated {
        /// The file.
        path: PathBuf,
    },
    /// The target is a device, a pipe or a folder: saving would replace it with a file.
    #[error("无法保存到 {path}：它不是普通文件（是设备、管道或文件夹），保存不会覆盖它")]
    NotRegular {
        /// The file.
        path: PathBuf,
    },
    /// Not a file to read: a pipe, a device, a socket or a folder (reading a pipe would wait
    /// for ever).
    #[error("{path} 不是普通文件（是{kind}），未读取")]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is, in Chinese.
        kind: &'static str,
    },
    /// Not text at all.
    #[error("{path} 不是文本文件（不是 UTF-8 编码），不是 nianbao 草稿")]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// Text, but not RON we can read, or RON of another program.
    #[error("{path} 不是 nianbao 草稿：{detail}")]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// Written by a newer nianbao.
    #[error(
        "{path} 由更新版本的 nianbao 保存（草稿版本 {found}，本程序只支持到版本 {supported}）：请升级 nianbao 后再打开，文件未改动"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// A nianbao draft that is damaged (truncated, edited by hand…).
    #[error("{path} 已损坏，无法读取：第 {line} 行第 {column} 列，{detail}")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's complaint.
        detail: String,
    },
    /// A draft with a field this build does not know: reading it would drop the field at the
    /// next save, so it is refused.
    #[error("{path} 第 {line} 行第 {column} 列：{detail}，文件未改动")]
    UnknownField {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Which field, and why it is refused.
        detail: String,
    },
    /// A file to import that is not readable as what it claims to be (a damaged .docx, an old
    /// binary .doc).
    #[error("无法导入 {path}：{detail}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// The report could not be turned into RON (should not happen).
    #[error("无法生成草稿内容：{0}")]
    Encode(String),
    /// Another process is changing the draft and did not finish in time.
    #[error(
        "{path} 正由 {holder} 修改，等待 {waited} 秒后仍未结束：请稍后再试（文件未改动，本次修改未保存）"
    )]
    Locked {
        /// The draft.
        path: PathBuf,
        /// Who holds the lock, as it wrote itself.
        holder: String,
        /// How long this process waited, in seconds.
        waited: u64,
    },
}

/// The common file-system refusals in Chinese; anything rarer keeps the system's own words.
pub fn io_chinese(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或文件夹不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::IsADirectory => "这是一个文件夹，不是文件".into(),
        K::NotADirectory => "路径中有一段不是文件夹".into(),
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的".into(),
        K::StorageFull => "磁盘已满".into(),
        K::InvalidFilename => "文件名无效".into(),
        _ => e.to_string(),
    }
}

#[derive(Serialize)]
struct EnvelopeOut<'a> {
    format: &'a str,
    version: u32,
    report: &'a Report,
}

/// Just the tag and version, read first so a foreign or newer file is named as such.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct EnvelopeIn {
    report: Report,
}

/// The draft as RON text.
pub fn to_ron(report: &Report) -> Result<String, StoreError> {
    let env = EnvelopeOut {
        format: DRAFT_FORMAT,
        version: DRAFT_VERSION,
        report,
    };
    // Strings as they are (a multi-line paragraph over several lines; a quote or backslash in
    // a raw string `r#"…"#`): escaping ran `char::escape_debug` on every character, slow for
    // Chinese (2.5 s of a 57 MB draft's 2.9 s save), and made the prose unreadable in the file.
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(6)
        .indentor("  ".to_string())
        .escape_strings(false);
    let mut text =
        ron::ser::to_string_pretty(&env, config).map_err(|e| StoreError::Encode(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Reads a draft from RON text; `path` is only used in messages.
pub fn from_ron(text: &str, path: &Path) -> Result<Report, StoreError> {
    // Notepad and some editors put a byte-order mark first.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = match ron::from_str(text) {
        Ok(h) => h,
        Err(e) => return Err(header_error(text, path, &e)),
    };
    check_envelope(
        path,
        &header.format,
        DRAFT_FORMAT,
        header.version,
        DRAFT_VERSION,
    )?;
    let mut report = match ron::from_str::<EnvelopeIn>(text) {
        Ok(env) => env.report,
        Err(e) => return Err(damaged(path, &e)),
    };
    // Migrations, oldest first.
    if header.version < 2 {
        // Version 1 had no review: it was being written, so it is 起草 with no history.
        report.review = crate::core::review::Review::default();
    }
    Ok(report)
}

/// A file's tag and version against what this build reads: another program's file, or one
/// from a newer nianbao, is refused with a message that says so.
pub fn check_envelope(
    path: &Path,
    found_tag: &str,
    tag: &str,
    version: u32,
    supported: u32,
) -> Result<(), StoreError> {
    if found_tag != tag {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            detail: format!("文件标记为“{found_tag}”，而不是“{tag}”"),
        });
    }
    if version > supported {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    Ok(())
}

fn damaged(path: &Path, e: &ron::error::SpannedError) -> StoreError {
    if let ron::Error::NoSuchStructField { .. } = &e.code {
        return StoreError::UnknownField {
            path: path.to_path_buf(),
            line: e.span.start.line,
            column: e.span.start.col,
            detail: ron_chinese(&e.code),
        };
    }
    StoreError::Damaged {
        path: path.to_path_buf(),
        line: e.span.start.line,
        column: e.span.start.col,
        detail: ron_chinese(&e.code),
    }
}

/// The RON parser's complaint in Chinese where it is a common one; its own words otherwise.
fn ron_chinese(e: &ron::Error) -> String {
    use ron::Error as E;
    match e {
        E::ExceededRecursionLimit => {
            "括号嵌套层数超过上限，这不是 nianbao 草稿的结构（文件可能被改坏或是恶意构造的）".into()
        }
        E::Eof => "文件在此处意外结束（可能没有保存完整）".into(),
        E::ExpectedComma => "此处缺少逗号".into(),
        E::ExpectedString | E::ExpectedStringEnd => "此处应为带引号的文字".into(),
        E::ExpectedInteger => "此处应为整数".into(),
        E::ExpectedMapColon => "此处缺少冒号".into(),
        E::ExpectedStructLikeEnd | E::ExpectedArrayEnd | E::ExpectedMapEnd => {
            "此处缺少右括号".into()
        }
        E::TrailingCharacters => "草稿结束后还有多余的内容".into(),
        E::InvalidEscape(_) => "文字中有无效的转义符".into(),
        E::MissingStructField { field, .. } => format!("缺少字段 {field}"),
        // Read, the field would be dropped at the next save: refused instead.
        E::NoSuchStructField { found, outer, .. } => format!(
            "有本程序（草稿版本 {DRAFT_VERSION}）不认识的字段 {found}{}：草稿可能由更新的 nianbao 保存或被手工改过，为不丢失其中的内容，未读取",
            outer
                .as_deref()
                .map(|o| format!("（在 {o} 中）"))
                .unwrap_or_default()
        ),
        E::IntegerOutOfBounds => "数值超出范围（位数过多）".into(),
        E::InvalidIntegerDigit { .. } => "数字中有无效的字符".into(),
        E::ExpectedBoolean => "此处应为 true 或 false".into(),
        E::ExpectedFloat | E::FloatUnderscore => "此处应为数字".into(),
        E::ExpectedChar => "此处应为一个字符".into(),
        E::ExpectedArray => "此处应为方括号列表".into(),
        E::ExpectedMap => "此处应为花括号表".into(),
        E::ExpectedOption | E::ExpectedOptionEnd => "此处应为 Some(…) 或 None".into(),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => "此处应为括号括起的结构".into(),
        E::ExpectedDifferentStructName { found, .. } => format!("结构名 {found} 不对"),
        E::ExpectedUnit => "此处应为 ()".into(),
        E::ExpectedIdentifier | E::InvalidIdentifier(_) | E::SuggestRawIdentifier(_) => {
            "此处应为字段名".into()
        }
        E::UnexpectedChar(c) => format!("此处不应出现字符“{c}”"),
        E::UnclosedBlockComment | E::UnclosedLineComment => "注释没有结束".into(),
        E::Utf8Error(_) => "文字编码不是有效的 UTF-8".into(),
        E::NoSuchEnumVariant { found, .. } => format!("取值 {found} 不是本程序认识的选项"),
        E::DuplicateStructField { field, .. } => format!("字段 {field} 出现了两次"),
        E::InvalidValueForType { expected, found } => {
            format!("此处的值 {found} 不是应有的类型（{expected}）")
        }
        E::ExpectedDifferentLength { found, .. } => format!("列表的长度 {found} 不对"),
        E::Message(m) => m.clone(),
        // What remains are the parser's own rare complaints, named as such.
        other => format!("草稿格式有误（{other}）"),
    }
}

/// Tells a damaged draft from a foreign file when even the header does not parse.
fn header_error(text: &str, path: &Path, e: &ron::error::SpannedError) -> StoreError {
    let looks_like_draft = text.contains(DRAFT_FORMAT);
    match &e.code {
        ron::Error::MissingStructField { field, .. } if !looks_like_draft => StoreError::Foreign {
            path: path.to_path_buf(),
            detail: format!("缺少草稿标记（字段 {field}），这可能是其他程序的文件"),
        },
        _ if !looks_like_draft => {
            // Quote what the file starts with: the clerk recognises a report text or a
            // spreadsheet export at once, where the parser's own words would not help.
            let first: String = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("")
                .chars()
                .take(30)
                .collect();
            let detail = if first.is_empty() {
                "文件是空的".to_string()
            } else {
                format!(
                    "文件开头是“{first}”，不是草稿的格式（草稿由 nianbao 保存，以 (format: \"nianbao-draft\" 开头）；已发布的报告文本请用“nianbao import”或“文件 → 导入”转成草稿"
                )
            };
            StoreError::Foreign {
                path: path.to_path_buf(),
                detail,
            }
        }
        _ => damaged(path, e),
    }
}

/// The largest file any loader reads: a real report is well under 1 MB of text, a PDF with
/// its fonts a few MB.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Reads a file's bytes, refusing one larger than [`MAX_INPUT`] before reading it (and one
/// that grows past it while being read). Never writes.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, StoreError> {
    use std::io::Read;
    let read_err = |source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size: u64| StoreError::TooLarge {
        path: path.to_path_buf(),
        mb: size.div_ceil(1024 * 1024),
        limit: MAX_INPUT / (1024 * 1024),
    };
    // Before opening: opening a pipe blocks until a writer comes.
    let kind = fs::metadata(path).map_err(read_err)?.file_type();
    if !kind.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            kind: crate::platform::describe_file_type(&kind),
        });
    }
    let file = fs::File::open(path).map_err(read_err)?;
    let size = file.metadata().map_err(read_err)?.len();
    if size > MAX_INPUT {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text, with the messages every loader gives. Never writes.
pub fn read_text(path: &Path) -> Result<String, StoreError> {
    let bytes = read_bounded(path)?;
    // A byte-order mark (Notepad writes one) is no part of the text.
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        // Valid up to an incomplete last character: cut short, not another kind of file.
        if e.utf8_error().error_len().is_none() && e.utf8_error().valid_up_to() > 0 {
            StoreError::Truncated {
                path: path.to_path_buf(),
            }
        } else {
            StoreError::NotText {
                path: path.to_path_buf(),
            }
        }
    })
}

/// Loads a draft. Never panics; never writes.
pub fn load(path: &Path) -> Result<Report, StoreError> {
    from_ron(&read_text(path)?, path)
}

/// A digest of a file's bytes (`None` when it cannot be read), to tell whether it changed
/// since it was loaded. Not cryptographic: it guards against another program's save, not an
/// adversary.
pub fn file_digest(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = read_bounded(path).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// The backup kept beside a saved file: `name.ron` → `name.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Saves a draft atomically: a temporary file in the same folder, flushed and synced, then
/// renamed over the target. The previous file is kept as `<name>.bak`.
pub fn save(report: &Report, path: &Path) -> Result<(), StoreError> {
    let text = to_ron(report)?;
    write_atomic(path, text.as_bytes(), Backup::Keep)
}

/// The ending of the temporary files a save writes beside its target.
const TEMP_SUFFIX: &str = ".nianbao-tmp";

/// How old a temporary file must be before it counts as left by a crashed save when nothing
/// else tells: a live save takes milliseconds, and another process's save in progress must
/// never lose its file.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the temporary files a crashed save of this file left (`.<name>.<pid>.*.nianbao-tmp`):
/// those whose process is gone, or, where that cannot be known, older than an hour.
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if !(n.starts_with(prefix) && n.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let writer: Option<u32> = n[prefix.len()..]
            .split('.')
            .next()
            .and_then(|p| p.parse().ok());
        if writer.and_then(crate::platform::process_alive) == Some(false) {
            let _ = fs::remove_file(e.path());
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a write keeps the file it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    /// The previous file stays as `<name>.bak` (drafts).
    Keep,
    /// The previous file is replaced (exports, recovery copies, settings).
    None,
}

/// Writes bytes to `path` atomically; with [`Backup::Keep`], the previous file stays as
/// `<name>.bak`.
///
/// - A symbolic link is followed: its target is replaced, the link stays.
/// - A device, pipe or folder is never replaced by a file.
/// - Bytes equal to what the file holds write nothing (and keep the last real backup).
/// - The backup is made by linking (or copying into a temporary file) and renaming, so a crash
///   or a full disk never leaves a half-written backup.
/// - Temporary files a crashed save of the same file left behind are removed.
pub fn write_atomic(path: &Path, bytes: &[u8], backup: Backup) -> Result<(), StoreError> {
    let target = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|source| StoreError::Write {
                path: path.to_path_buf(),
                source,
            })?
        }
        _ => path.to_path_buf(),
    };
    let path = target.as_path();
    let werr = |source| StoreError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    // Each process's temporary files carry its id: whether a file is left over is then known.
    let mine = format!("{prefix}{}.", std::process::id());
    // Whatever a killed save of this file left goes first, also when this save turns out to
    // change nothing.
    remove_stale_temps(&dir, &prefix);
    let existing = fs::metadata(path).ok();
    if let Some(m) = &existing {
        if !m.is_file() {
            return Err(StoreError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        if m.len() == bytes.len() as u64 && fs::read(path).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&mine)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)
        .map_err(werr)?;
    tmp.write_all(bytes).map_err(werr)?;
    tmp.flush().map_err(werr)?;
    // A temporary file is private (0600); the saved file keeps the permissions of the one it
    // replaces, or gets the usual 0644 when new.
    match &existing {
        Some(m) => fs::set_permissions(tmp.path(), m.permissions()).map_err(werr)?,
        None => crate::platform::set_new_file_permissions(tmp.path()).map_err(werr)?,
    }
    tmp.as_file().sync_all().map_err(werr)?;
    if backup == Backup::Keep && existing.is_some() {
        // The target must exist at every instant, and the old backup until the new one is
        // whole: link (or copy) the target to a temporary name of its own (never
        // one another process could be using), then rename that over the backup.
        let staged = |make: &dyn Fn(&Path) -> std::io::Result<()>| {
            tempfile::Builder::new()
                .prefix(&format!("{mine}bak."))
                .suffix(TEMP_SUFFIX)
                .make_in(&dir, |p| make(p))
                .map(tempfile::NamedTempFile::into_temp_path)
        };
        let staged = match staged(&|p| fs::hard_link(path, p)) {
            Ok(p) => p,
            Err(_) => {
                let p = staged(&|p| fs::copy(path, p).map(|_| ())).map_err(werr)?;
                if let Ok(f) = fs::File::open(&p) {
                    let _ = f.sync_all();
                }
                p
            }
        };
        // When the backup already is this very file (a save killed after making the backup
        // and before replacing the target), POSIX rename does nothing and leaves both names:
        // dropping the staged path removes the staged one.
        fs::rename(&staged, backup_path(path)).map_err(werr)?;
        drop(staged);
    }
    tmp.persist(path).map_err(|e| werr(e.error))?;
    // Make the rename itself durable where the platform allows syncing a directory.
    crate::platform::sync_dir(&dir);
    Ok(())
}
