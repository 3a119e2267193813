//! Issue 25: nianbao finds its fonts and samples from where the program is, not from where it
//! was built. A copy of the program alone says which fonts are missing and where it looked; a
//! copy with `fonts/` beside it (the portable folder) exports; an installed layout
//! (`<prefix>/bin`, `<prefix>/share/nianbao`) does too.

use std::path::Path;
use std::process::Command;

use crate::common;

/// Copies the built program to `dir/name` (a copy, not a link: it must find nothing through
/// the build tree).
fn copy_program(dir: &Path, name: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).expect("dir");
    let exe = dir.join(name);
    std::fs::copy(env!("CARGO_BIN_EXE_nianbao"), &exe).expect("copy the program");
    exe
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

fn export_pdf(exe: &Path, out: &Path) -> std::process::Output {
    Command::new(exe)
        .env_remove("NIANBAO_FONTS")
        .args(["export", common::arg(&common::asset("sample-gov2021.ron"))])
        .arg("--pdf")
        .arg(out)
        .output()
        .expect("runs")
}

#[test]
fn a_program_copied_alone_names_the_missing_fonts_and_where_it_looked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = copy_program(&dir.path().join("空文件夹"), "nianbao");
    let out = dir.path().join("报告.pdf");
    let o = export_pdf(&exe, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("找不到字体文件"), "{err}");
    assert!(
        err.contains(
            &dir.path()
                .join("空文件夹")
                .join("fonts")
                .display()
                .to_string()
        ),
        "names the folder beside the program: {err}"
    );
    assert!(
        err.contains("请安装 nianbao 软件包"),
        "says what to do: {err}"
    );
    assert!(
        !err.contains(env!("CARGO_MANIFEST_DIR")),
        "never the build tree: {err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_portable_folder_and_an_installed_prefix_export_the_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let portable = dir.path().join("年报 便携版");
    let exe = copy_program(&portable, "nianbao");
    copy_dir(&fonts, &portable.join("fonts"));
    let prefix = dir.path().join("usr");
    let installed = copy_program(&prefix.join("bin"), "nianbao");
    copy_dir(&fonts, &prefix.join("share/nianbao/fonts"));
    for exe in [exe, installed] {
        let out = dir.path().join("报告.pdf");
        let o = export_pdf(&exe, &out);
        assert!(
            o.status.success(),
            "{}: {}",
            exe.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let pdf = std::fs::read(&out).expect("written");
        assert!(pdf.starts_with(b"%PDF"));
        std::fs::remove_file(&out).expect("remove");
    }
}
