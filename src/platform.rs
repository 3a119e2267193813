//! What differs between Linux (Debian, 统信 UOS, 银河麒麟), Windows and macOS, in one place.
//! Everything else is the same code on every platform: paths are `Path`s (Chinese names
//! included), the state folder comes from `dirs` (`~/.local/state` on Linux,
//! `%LOCALAPPDATA%` on Windows), and file dialogs go through rfd.

use std::fs;
use std::io;
use std::path::Path;

/// The program that opens a file with the desktop's default viewer.
pub fn file_opener() -> &'static str {
    if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    }
}

/// Whether a system file dialog can be shown. On Linux rfd needs the desktop portal (over
/// the session bus) or zenity; Windows and macOS always have their own.
pub fn has_file_dialogs() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("zenity").is_file()));
    bus || zenity
}

/// What a path that is no regular file is, in Chinese: a folder, a pipe, a device or a socket.
pub fn describe_file_type(kind: &fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "文件夹";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "命名管道";
        }
        if kind.is_socket() {
            return "套接字";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "设备";
        }
    }
    "特殊文件"
}

/// Gives a newly saved file the usual permissions (0644 on Unix; a temporary file is 0600).
/// Windows files have no mode bits: nothing to do.
pub fn set_new_file_permissions(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Makes a rename in `dir` durable where the platform allows syncing a folder (Unix).
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// This machine's name, for saying who holds a draft: `/etc/hostname` on Linux, the
/// `COMPUTERNAME` (Windows) or `HOSTNAME` variable elsewhere; empty when none is known.
pub fn host_name() -> String {
    let from_env = ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    let from_file = || {
        fs::read_to_string("/etc/hostname")
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    from_env.or_else(from_file).unwrap_or_default()
}

/// Whether the process `pid` is running: `Some` where the system says (Linux's `/proc`),
/// `None` where this cannot be known cheaply.
pub fn process_alive(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}
