//! Importing PDFs: nianbao's own sign-off PDFs of the samples and the seeds import to exactly the
//! draft they were made from (cells, blanks, metadata, text), and broken or hostile PDFs give a
//! clear Chinese message or a draft, never a crash.

use crate::common;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};
use nianbao::core::Report;
use nianbao::export::pdf::{PdfFonts, export_pdf};
use nianbao::import::{import_pdf, pdf::PdfError};

fn fonts() -> PdfFonts {
    match PdfFonts::bundled() {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

/// Exports a draft with nianbao's own PDF writer and imports the PDF again.
fn round_trip(source: &Report) -> Report {
    let bytes = export_pdf(source, &fonts()).expect("export");
    match import_pdf(&bytes) {
        Ok(r) => r,
        Err(e) => panic!("{}: {e}", source.meta.agency),
    }
}

#[test]
fn the_samples_and_the_seeds_come_back_from_their_pdfs_exactly() {
    for (name, path) in common::samples_and_seeds() {
        let source = common::fixture(&path);
        let got = round_trip(&source);
        common::assert_same(&source, &got, name);
        // A blank in the PDF stays blank: luan's table has 36 of them.
        let blanks = |r: &Report| {
            r.template()
                .cells
                .iter()
                .filter(|c| r.cell_text(&c.id).trim().is_empty())
                .count()
        };
        assert_eq!(blanks(&got), blanks(&source), "{name}");
        if name.starts_with("sample") {
            assert!(
                got.import_notes.is_empty(),
                "{name}: {:?}",
                got.import_notes
            );
            // The sample's paragraphs are whole, line for line, also where a page break cut one.
            for (g, s) in got.parts.iter().zip(&source.parts) {
                assert_eq!(g.full_text(), s.full_text(), "{name}");
            }
            assert_eq!(got.meta.lead, source.meta.lead, "{name}");
        }
    }
}

#[test]
fn a_signed_off_report_and_a_long_one_import_too() {
    use nianbao::core::review::{Status, set_status};
    let mut source = common::fixture(&common::asset("sample-gov2021.ron"));
    set_status(
        &mut source,
        Status::Submitted,
        "王起草",
        "2025-01-18T09:00:00+08:00",
        None,
    )
    .expect("submit");
    set_status(
        &mut source,
        Status::Final,
        "李审核",
        "2025-01-20T09:00:00+08:00",
        None,
    )
    .expect("sign off");
    let got = round_trip(&source);
    common::assert_same(&source, &got, "定稿");
    // Long text: table 三 breaks over pages with its header repeated.
    let mut long = common::fixture(&common::asset("sample-gov2021.ron"));
    for s in &mut long.parts[0].sections {
        s.body = format!("{}\n{}", s.body, s.body);
    }
    let got = round_trip(&long);
    common::assert_same(&long, &got, "long");
}

#[test]
fn the_command_line_imports_and_checks_a_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("年报.pdf");
    let source = common::fixture(&common::data("taierzhuang-2021.ron"));
    std::fs::write(&pdf, export_pdf(&source, &fonts()).expect("export")).expect("write");
    let draft = dir.path().join("draft.ron");
    let o = common::nianbao(&["import", common::arg(&pdf), "-o", common::arg(&draft)]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stdout(&o));
    assert!(common::stdout(&o).contains("填入 200/200 格"));
    let o = common::nianbao(&["check", common::arg(&pdf)]);
    let text = common::stdout(&o);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text.contains("三、（七）总计 · 总计 为 0，应为 3"),
        "the seed's real error is found: {text}"
    );
}

/// A one-page PDF with this content stream and these resources.
fn pdf_with(content: Vec<Operation>, resources: lopdf::Dictionary) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content = Content {
        operations: content,
    };
    let stream = Stream::new(dictionary! {}, content.encode().expect("encode"));
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn message(bytes: &[u8]) -> String {
    match import_pdf(bytes) {
        Ok(r) => panic!("imported: {:?}", r.meta),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_scan_without_text_is_refused_and_says_why() {
    let ops = vec![
        Operation::new("re", vec![10.into(), 10.into(), 100.into(), 100.into()]),
        Operation::new("f", vec![]),
    ];
    let m = message(&pdf_with(ops, dictionary! {}));
    assert!(m.contains("没有文字层") && m.contains("OCR"), "{m}");
}

#[test]
fn damaged_pdfs_give_a_chinese_message_or_a_draft() {
    let good = export_pdf(
        &common::fixture(&common::asset("sample-gov2021.ron")),
        &fonts(),
    )
    .expect("export");
    // Cut short at many points: refused with a message, or read as far as it goes.
    for k in 1..20 {
        let cut = &good[..good.len() * k / 20];
        if let Err(e) = import_pdf(cut) {
            let m = e.to_string();
            assert!(m.contains("PDF"), "{m}");
        }
    }
    let mut junk = b"%PDF-1.7\n".to_vec();
    junk.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let m = message(&junk);
    assert!(m.contains("不是有效的 PDF"), "{m}");
    assert!(matches!(import_pdf(b""), Err(PdfError::Invalid(_))));
}

/// Issue 26: a page whose one content stream inflates to 64 MB (65 KB on disk, made by
/// `make-pdfs.sh`) is refused with a clear message, the stream never inflated past the cap.
/// Before, one of 4 GiB ended every command with SIGABRT.
#[test]
fn a_stream_that_inflates_past_the_cap_is_refused() {
    let bytes = std::fs::read(common::data("pdf/inflates-to-64mib.pdf")).expect("fixture");
    assert!(bytes.len() < 100_000);
    let m = message(&bytes);
    assert!(m.contains("PDF 中有过大的压缩内容"), "{m}");
    // The command says so too, and ends normally.
    let o = common::nianbao(&[
        "check",
        common::arg(&common::data("pdf/inflates-to-64mib.pdf")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("过大的压缩内容"));
}

#[test]
fn too_many_pages_are_refused_before_reading_them() {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for _ in 0..5000 {
        let id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::from(id));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 5000 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    let m = message(&out);
    assert!(m.contains("5000 页") && m.contains("上限"), "{m}");
}

#[test]
fn a_form_that_draws_itself_and_a_page_of_a_million_operators_end() {
    // A form XObject that paints itself: the walk stops at its depth limit.
    let mut doc = Document::with_version("1.7");
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        },
        // Painted a thousand times at each of its levels: bounded by the operator budget.
        "/X Do\n".repeat(1000).into_bytes(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, b"/X Do".to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "X" => form_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    assert!(matches!(import_pdf(&out), Err(PdfError::NoText)));

    // A million tiny operators on one page.
    let ops: Vec<Operation> = (0..1_000_000)
        .map(|i| Operation::new("m", vec![(i % 500).into(), 10.into()]))
        .collect();
    assert!(matches!(
        import_pdf(&pdf_with(ops, dictionary! {})),
        Err(PdfError::NoText)
    ));
}

fn import_fixture(name: &str) -> Report {
    let bytes = std::fs::read(common::data(&format!("pdf/{name}"))).expect("fixture");
    match import_pdf(&bytes) {
        Ok(r) => r,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The sample's Word document converted by LibreOffice (`tests/data/pdf/make-pdfs.sh`):
/// Latin and Chinese in separate fonts, quotes interleaved by position, a table row cut by a
/// page break. It imports to exactly the sample: every cell, every part, the metadata (the Word
/// document carries no contact details), and no import note.
#[test]
fn a_pdf_made_by_libreoffice_imports_to_the_sample() {
    common::assert_is_the_sample(&import_fixture("published-report-libreoffice.pdf"));
}

/// The saved web page printed by Chromium: Type 3 fonts whose text layer gives Kangxi radicals
/// (「⼈⺠」, 「⼾」), the site's navigation and footer, table 四's header stacked word by word
/// without rules, and a table row cut by the page whose last rules are not drawn (its numbers
/// one space apart, the rest of its label below them on the next page). It imports to exactly
/// the sample too.
#[test]
fn a_pdf_printed_by_chromium_imports_to_the_sample() {
    common::assert_is_the_sample(&import_fixture("published-page-chromium.pdf"));
}

/// A PDF that needs a password to open is refused and says what to do; one encrypted only
/// against editing (no password to open, as many agencies publish) imports like any other.
#[test]
fn encrypted_pdfs() {
    let bytes = std::fs::read(common::data("pdf/huoshan-encrypted-password.pdf")).expect("fixture");
    let m = message(&bytes);
    assert!(m.contains("已加密") && m.contains("未加密的 PDF"), "{m}");
    let got = import_fixture("huoshan-encrypted-no-password.pdf");
    let want = common::fixture(&common::data("huoshan-2021.ron"));
    common::assert_same(&want, &got, "encrypted without a password to open");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Bytes of a real PDF flipped anywhere: a message or a draft, never a panic.
    #[test]
    fn flipped_bytes_never_panic(flips in proptest::collection::vec((0usize..1_000_000, 0u8..=255), 1..20)) {
        static GOOD: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
            std::fs::read(common::data("pdf/published-report-libreoffice.pdf")).expect("fixture")
        });
        let mut bytes = GOOD.clone();
        let n = bytes.len();
        for (at, b) in flips {
            bytes[at % n] = b;
        }
        let _ = import_pdf(&bytes);
    }
}
