//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nianbao::core::Report;
use nianbao::store::load;

/// A file in `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file in `assets/`.
pub fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// Loads a draft that the test suite ships; a failure is a broken fixture.
pub fn fixture(path: &Path) -> Report {
    match load(path) {
        Ok(r) => r,
        Err(e) => panic!("fixture {} does not load: {e}", path.display()),
    }
}

/// Runs the `nianbao` binary with these arguments.
pub fn nianbao(args: &[&str]) -> std::process::Output {
    match std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run nianbao: {e}"),
    }
}

/// A command's standard output as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Asserts that a report is the sample: metadata, every cell and the six parts' text, with no
/// import note left over.
pub fn assert_is_the_sample(got: &Report) {
    let want = fixture(&asset("sample-gov2021.ron"));
    assert_eq!(got.meta.agency, want.meta.agency);
    assert_eq!(got.meta.year, want.meta.year);
    assert_eq!(got.meta.format, want.meta.format);
    assert_eq!(got.meta.issue_date, want.meta.issue_date);
    assert_eq!(got.cells, want.cells);
    assert!(got.import_notes.is_empty(), "{:#?}", got.import_notes);
    for i in 0..6 {
        assert_eq!(
            got.parts[i].full_text(),
            want.parts[i].full_text(),
            "part {}",
            i + 1
        );
    }
}

/// Asserts that every cell an import filled holds what the source has there (nothing placed
/// wrongly); returns how many it filled.
pub fn placed_correctly(got: &Report, want: &Report, what: &str) -> usize {
    let mut placed = 0;
    for cell in &want.template().cells {
        let g = got.cell_text(&cell.id).trim();
        if !g.is_empty() {
            assert_eq!(g, want.cell_text(&cell.id).trim(), "{what} {}", cell.id);
            placed += 1;
        }
    }
    placed
}

/// The arithmetic findings (R1–R4) of a report.
pub fn arithmetic(report: &Report) -> Vec<nianbao::core::Finding> {
    use nianbao::core::Rule;
    nianbao::core::check(report)
        .into_iter()
        .filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4))
        .collect()
}

/// The two samples and the four seeds' drafts, by name: the reports every export must carry
/// through unchanged.
pub fn samples_and_seeds() -> [(&'static str, PathBuf); 6] {
    [
        ("sample-gov2021", asset("sample-gov2021.ron")),
        ("sample-gov2019", asset("sample-gov2019.ron")),
        ("huoshan", data("huoshan-2021.ron")),
        ("luan", data("luan-2023.ron")),
        ("qianjin", data("qianjin-2022.ron")),
        ("taierzhuang", data("taierzhuang-2021.ron")),
    ]
}

/// Every cell of `got` holds what `source` has there (spacing aside).
pub fn assert_same_cells(source: &Report, got: &Report, name: &str) {
    for cell in &source.template().cells {
        assert_eq!(
            got.cell_text(&cell.id).trim(),
            source.cell_text(&cell.id).trim(),
            "{name}: {}",
            cell.id
        );
    }
}

/// A draft read back from what was exported (PDF, web page…) is the draft it was made from:
/// metadata, every cell, the lead and the parts' text (spacing aside), the arithmetic.
pub fn assert_same(source: &Report, got: &Report, name: &str) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let rel = |r: &Report| {
        arithmetic(r)
            .into_iter()
            .map(|f| (f.rule, f.cells))
            .collect::<Vec<_>>()
    };
    assert_eq!(got.meta.format, source.meta.format, "{name}");
    assert_eq!(got.meta.agency, source.meta.agency, "{name}");
    assert_eq!(got.meta.year, source.meta.year, "{name}");
    assert_eq!(got.meta.issue_date, source.meta.issue_date, "{name}");
    assert_eq!(
        got.meta.contact.trim(),
        source.meta.contact.trim(),
        "{name}"
    );
    assert_same_cells(source, got, name);
    assert_eq!(
        squeeze(&got.meta.lead),
        squeeze(&source.meta.lead),
        "{name}"
    );
    for (i, (g, s)) in got.parts.iter().zip(&source.parts).enumerate() {
        assert_eq!(
            squeeze(&g.full_text()),
            squeeze(&s.full_text()),
            "{name}: part {}",
            i + 1
        );
    }
    assert_eq!(rel(got), rel(source), "{name}");
}

pub mod pdf;

/// The LibreOffice program a conversion test needs: Writer (Word files) or Calc (sheets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Office {
    /// libreoffice-writer: opens the Word file.
    Writer,
    /// libreoffice-calc: recomputes the sheet's formulas.
    Calc,
}

impl Office {
    fn package(self) -> &'static str {
        match self {
            Office::Writer => "libreoffice-writer-nogui",
            Office::Calc => "libreoffice-calc-nogui",
        }
    }
}

/// Whether `soffice` runs here and opens what `app` opens: a tiny file converted once per
/// program (a text file needs Writer, a CSV file Calc; `soffice --version` alone says yes
/// when only one of them is installed).
fn office_works(app: Office) -> bool {
    static PROBES: std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<Office, bool>>> =
        std::sync::OnceLock::new();
    let probes = PROBES.get_or_init(Default::default);
    let mut probes = probes.lock().unwrap_or_else(|e| e.into_inner());
    *probes.entry(app).or_insert_with(|| {
        let runs = std::process::Command::new("soffice")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !runs {
            return false;
        }
        let Ok(dir) = tempfile::tempdir() else {
            return false;
        };
        let (name, to, out) = match app {
            Office::Writer => ("probe.txt", "pdf", "probe.pdf"),
            Office::Calc => ("probe.csv", "xlsx", "probe.xlsx"),
        };
        let file = dir.path().join(name);
        if std::fs::write(&file, "1,2\n").is_err() {
            return false;
        }
        convert("soffice", &file, to, dir.path());
        dir.path().join(out).is_file()
    })
}

/// LibreOffice for a conversion test, when it runs here and has `app`. A test never installs
/// software: without it the conversion step is skipped with a message, unless
/// `NIANBAO_REQUIRE_SOFFICE=1` (set by CI, which installs LibreOffice first) makes that a
/// failure.
pub fn soffice(app: Office) -> Option<&'static str> {
    if !office_works(app) {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_SOFFICE").is_none(),
            "NIANBAO_REQUIRE_SOFFICE is set but soffice does not run or cannot open this ({app:?})"
        );
        // Written to the process's stderr itself: the harness captures eprintln! of a passing
        // test, and a skip nobody sees is a silent one.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: LibreOffice {app:?} is not installed, so the LibreOffice conversion step \
             is skipped (install {} to run it)",
            app.package()
        );
        return None;
    }
    Some("soffice")
}

/// Converts `file` with LibreOffice into `dir`, in a profile of its own (two conversions at
/// once would otherwise share one and fail).
pub fn convert(soffice: &str, file: &Path, to: &str, dir: &Path) -> std::process::Output {
    let profile = dir.join("lo-profile");
    // The fonts nianbao ships, besides the system's: a machine without Chinese fonts would
    // otherwise print the text as empty boxes.
    let conf = dir.join("fonts.conf");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\
             <dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            fonts.display(),
            dir.join("fc-cache").display()
        ),
    )
    .expect("fonts.conf");
    std::process::Command::new(soffice)
        .env("FONTCONFIG_FILE", &conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("soffice runs")
}
