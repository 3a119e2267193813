//! Every fuzz seed (`fuzz/seeds/<target>/`) through what its target runs: the inputs that once
//! took the process down (issue 26: inflate bombs, pages nested 100 000 deep, a table past the
//! element cap, drafts with a BOM or an unknown field) end in a report or a reason, in the
//! suite, not only under the fuzzer.

use std::path::{Path, PathBuf};

use nianbao::core::{FormatVersion, Report, ValueKind, check, parse_cell};

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("seed");
            (p, bytes)
        })
        .collect()
}

fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

#[test]
fn every_seed_ends_in_a_report_or_a_reason() {
    let mut ran = 0;
    for (_, b) in seeds("cell") {
        if let Some(t) = text(&b) {
            for kind in [
                ValueKind::Count,
                ValueKind::SignedChange,
                ValueKind::Wan,
                ValueKind::Yuan,
            ] {
                let _ = parse_cell(t, kind);
            }
            ran += 1;
        }
    }
    for (p, b) in seeds("draft_ron") {
        let t = String::from_utf8_lossy(&b);
        match nianbao::store::from_ron(&t, &p) {
            Ok(r) => {
                check(&r);
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
        ran += 1;
    }
    for (p, b) in seeds("json_copy") {
        if let Ok(r) = nianbao::export::json::from_json(&String::from_utf8_lossy(&b), &p) {
            check(&r);
        }
        ran += 1;
    }
    for (_, b) in seeds("import_text") {
        check(&nianbao::import::import_text(&String::from_utf8_lossy(&b)));
        ran += 1;
    }
    for (_, b) in seeds("import_html") {
        check(&nianbao::import::import_html(&String::from_utf8_lossy(&b)));
        ran += 1;
    }
    for (_, b) in seeds("import_docx") {
        if let Ok(r) = nianbao::import::import_docx(&b) {
            check(&r);
        }
        ran += 1;
    }
    for target in ["import_pdf", "import_pdf_small"] {
        for (_, b) in seeds(target) {
            if let Ok(r) = nianbao::import::import_pdf(&b) {
                check(&r);
            }
            ran += 1;
        }
    }
    for (_, b) in seeds("scan_pdf") {
        if let Ok(pages) = nianbao::ocr::page_images(&b) {
            assert!(pages.iter().flatten().all(|p| p.gray.width() > 0));
        }
        ran += 1;
    }
    for (_, b) in seeds("register_csv") {
        let rows = nianbao::register::csv_rows(&b);
        if let Ok(t) = nianbao::register::tally(&rows, 2025) {
            let mut r = Report::new(FormatVersion::Gov2021, 2025);
            for (id, v) in nianbao::register::filled_cells(&t, &r) {
                r.set_cell(&id, v);
            }
            check(&r);
        }
        ran += 1;
    }
    assert!(ran >= 25, "{ran} seeds");
}

/// The bombs among the seeds end with the reason they were refused for, or with a note.
#[test]
fn the_bomb_seeds_are_refused_or_cut_with_a_reason() {
    let seed = |target: &str, name: &str| {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fuzz/seeds")
                .join(target)
                .join(name),
        )
        .expect("seed")
    };
    let e = nianbao::import::import_pdf(&seed("import_pdf_small", "inflates-to-64mib.pdf"))
        .expect_err("refused")
        .to_string();
    assert!(e.contains("过大的压缩内容"), "{e}");
    let e = nianbao::import::import_docx(&seed("import_docx", "document-inflates-to-96mib.docx"))
        .expect_err("refused")
        .to_string();
    assert!(!e.is_empty() && !e.is_ascii(), "{e}");
    let wide = seed("import_html", "wide-table-210k-cells.html");
    let r = nianbao::import::import_html(&String::from_utf8_lossy(&wide));
    assert!(
        r.import_notes
            .iter()
            .any(|n| n.message.contains("200000") || n.message.contains("200 000")),
        "{:?}",
        r.import_notes
    );
    let p = Path::new("unknown-field.ron");
    let e = nianbao::store::from_ron(
        &String::from_utf8_lossy(&seed("draft_ron", "unknown-field.ron")),
        p,
    )
    .expect_err("refused")
    .to_string();
    assert!(e.contains("colour"), "{e}");
    let bom = String::from_utf8_lossy(&seed("draft_ron", "bom.ron")).into_owned();
    nianbao::store::from_ron(&bom, p).expect("a BOM is accepted");
}
