//! What `nianbao` exits with, in one place, and the errors that end a command.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done; no file has errors (warnings allowed); `diff`: the versions are the same |
//! | 1 | some file has errors; `diff`: the versions differ; a review action was refused (the file is unchanged) |
//! | 2 | a file could not be read or written |
//! | 3 | `import`: the draft was written, but fewer than half of the table cells could be placed |
//! | 4 | the output file exists and `--force` was not given: nothing was written |
//! | 64 | the command line is wrong (unknown or missing argument, invalid value) |

use std::path::PathBuf;
use std::process::ExitCode;

use thiserror::Error;

use crate::store::StoreError;

/// How a command that ran to its end went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, no errors.
    Ok = 0,
    /// 1: some file has errors, or the compared versions differ.
    Errors = 1,
    /// 2: some of the files could not be read (the others were checked).
    Unreadable = 2,
    /// 3: `import` wrote a draft with fewer than half of the table cells placed.
    MostlyUnplaced = 3,
}

/// Exit code of [`CliError::Exists`].
pub const EXIT_EXISTS: u8 = 4;
/// Exit code of a command line that cannot be read ([`CliError::Usage`] and clap's errors);
/// sysexits' `EX_USAGE`.
pub const EXIT_USAGE: u8 = 64;

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// Why a command stopped. The message is the whole sentence the user reads, in Chinese.
#[derive(Debug, Error)]
pub enum CliError {
    /// The command line asks for something that cannot be done as written.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{0}")]
    File(String),
    /// The output exists and `--force` was not given.
    #[error("{} 已存在，未覆盖；要覆盖请加 --force（原文件会保留为 .bak）", .0.display())]
    Exists(PathBuf),
    /// A review action the draft does not allow; the file is unchanged.
    #[error("{0}（文件未改动）")]
    Refused(String),
    /// Writing to the terminal failed.
    #[error("无法输出：{0}")]
    Output(#[from] std::io::Error),
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::File(e.to_string())
    }
}

impl CliError {
    /// The process exit code for this error.
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => EXIT_USAGE,
            CliError::File(_) | CliError::Output(_) => Exit::Unreadable as u8,
            CliError::Exists(_) => EXIT_EXISTS,
            CliError::Refused(_) => Exit::Errors as u8,
        }
    }

    /// Whether the reader has gone away (`nianbao check … | head`): nothing more to say.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Refuses to replace `output` unless `force` was given.
pub fn refuse_overwrite(output: &std::path::Path, force: bool) -> Result<(), CliError> {
    if output.exists() && !force {
        return Err(CliError::Exists(output.to_path_buf()));
    }
    Ok(())
}
