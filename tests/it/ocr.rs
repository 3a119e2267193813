//! Issue 31: scanned reports read by OCR. The scan is the sample report's pages 3–5 (table 二
//! and the heading of 三, table 三, table 四) as a scanner writes them (tests/data/scans: 150
//! dpi, JPEG quality 40). Where each number stands is known from the layout that printed it, so
//! every cell can be cut out and read and must read right; and the pages read whole — rules
//! found, cells cut and read, placed by their labels — must give the sample's tables.

use std::path::Path;
use std::sync::OnceLock;

use nianbao::export::layout::{Edition, PAGE_W, layout_with};
use nianbao::export::pdf::PdfFonts;
use nianbao::ocr::{OcrError, Recognizer, page_images};

use crate::common;

fn recognizer() -> &'static Recognizer {
    static R: OnceLock<Recognizer> = OnceLock::new();
    R.get_or_init(|| Recognizer::find().unwrap_or_else(|e| panic!("{e}")))
}

const SCAN: &str = "sample-pages3-5-150dpi-q40.pdf";

fn scan(name: &str) -> Vec<u8> {
    std::fs::read(common::data(&format!("scans/{name}"))).expect("scan fixture")
}

#[test]
fn an_image_only_pdf_gives_each_page_as_gray_pixels() {
    let pages = page_images(&scan(SCAN)).expect("pixels");
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|p| p.len() == 1), "one image a page");
    let img = &pages[1][0];
    assert_eq!((img.gray.width(), img.gray.height()), (1241, 1754));
    assert_eq!(img.encoding, "JPEG");
}

/// Every number of the scanned table pages, cut out where the layout printed it and read as
/// digits, is the number printed; every line of a row label or column head, read over the
/// model's whole character list, is its text.
#[test]
fn every_value_cell_of_the_scanned_tables_reads_right() {
    let sample = common::fixture(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/sample-gov2021.ron")
            .as_path(),
    );
    let fonts = PdfFonts::bundled().expect("fonts");
    let layout = layout_with(&sample, &fonts, Edition::SignOff);
    let mut read = 0;
    let mut labels = 0;
    let pixels = page_images(&scan(SCAN)).expect("pixels");
    // Layout pages 3–5 (0-based 2–4) are the scan's pages 1–3.
    for (page, scanned) in [(2, 0), (3, 1), (4, 2)] {
        let gray = &pixels[scanned][0].gray;
        let s = gray.width() as f32 / PAGE_W;
        for t in &layout[page].texts {
            let digits = t.text.chars().all(|c| c.is_ascii_digit() || c == '.');
            let label = !digits && t.text.chars().count() >= 2 && t.size <= 12.0;
            if !(digits || label) {
                continue;
            }
            let n = t.text.chars().count() as f32;
            let w = if digits { n * t.size * 0.6 } else { n * t.size };
            let (x0, y0) = ((t.x - 1.5) * s, (t.y - t.size * 0.95) * s);
            let (x1, y1) = ((t.x + w + 1.5) * s, (t.y + t.size * 0.25) * s);
            let crop = image::imageops::crop_imm(
                gray,
                x0.max(0.0) as u32,
                y0.max(0.0) as u32,
                (x1 - x0) as u32,
                (y1 - y0) as u32,
            )
            .to_image();
            let r = recognizer().read(&crop, digits).expect("read");
            assert_eq!(
                r.text,
                t.text,
                "page {} at ({}, {}), confidence {}",
                page + 1,
                t.x,
                t.y,
                r.confidence
            );
            if digits {
                read += 1;
            } else {
                labels += 1;
            }
        }
    }
    assert!(read >= 150, "{read} value cells read");
    assert!(labels >= 100, "{labels} labels and headings read");
}

fn pdf_with_image(dict: lopdf::Dictionary, content: Vec<u8>) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(dict, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

/// Hostile images end in a message: dimensions past the limits (before anything is decoded),
/// a truncated JPEG, a Flate bomb, an encoding no reader here has.
#[test]
fn hostile_scans_end_in_a_message() {
    use lopdf::dictionary;
    let image = |w: i64, h: i64, filter: &str| {
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => filter,
        }
    };
    let huge = pdf_with_image(image(200_000, 200_000, "DCTDecode"), vec![0xFF, 0xD8]);
    let e = page_images(&huge).expect_err("too large");
    assert!(matches!(e, OcrError::TooLarge { .. }), "{e}");
    assert!(e.to_string().contains("过大"), "{e}");

    let jpeg = scan(SCAN);
    let pages = lopdf::Document::load_mem(&jpeg).expect("pdf");
    let (_, page) = pages.get_pages().into_iter().next().expect("page");
    let stream = pages.get_page_images(page).expect("images")[0]
        .content
        .to_vec();
    let truncated = pdf_with_image(
        image(1241, 1754, "DCTDecode"),
        stream[..stream.len() / 3].to_vec(),
    );
    let e = page_images(&truncated).expect_err("truncated");
    assert!(matches!(e, OcrError::Damaged(_)), "{e}");

    // 1 GB of zeros, deflated to about a megabyte, claimed as a 2000×2000 image: inflated
    // only as far as the image needs, then read.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        std::io::Write::write_all(&mut z, &zeros).expect("deflate");
    }
    let bomb = pdf_with_image(
        image(2000, 2000, "FlateDecode"),
        z.finish().expect("deflate"),
    );
    let pages = page_images(&bomb).expect("read as far as needed");
    assert_eq!(pages[0][0].gray.width(), 2000);

    let fax = pdf_with_image(image(100, 100, "CCITTFaxDecode"), vec![0; 10]);
    let e = page_images(&fax).expect_err("no reader");
    assert!(e.to_string().contains("CCITTFaxDecode"), "{e}");
}

/// The scanned pages imported like any PDF — rules found, cells cut and read, placed by their
/// labels — give tables 二, 三 and 四 as the sample has them, and the note says the reading
/// was verified by the arithmetic.
#[test]
fn a_scanned_pdf_imports_with_every_table_cell_right() {
    let sample = common::fixture(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/sample-gov2021.ron")
            .as_path(),
    );
    let r = nianbao::import::import_pdf(&scan(SCAN)).expect("read by OCR");
    let mut wrong = Vec::new();
    let mut compared = 0;
    for (id, v) in &sample.cells {
        if !(id.starts_with("t2.") || id.starts_with("t3.") || id.starts_with("t4.")) {
            continue;
        }
        compared += 1;
        if r.cell_text(id) != v {
            wrong.push(format!("{id}: {:?} for {v:?}", r.cell_text(id)));
        }
    }
    assert!(compared >= 200, "{compared}");
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
    let note = r
        .import_notes
        .iter()
        .find(|n| n.rule == nianbao::core::Rule::I8)
        .expect("the OCR note");
    assert!(note.message.contains("已由算术验证"), "{}", note.message);
    assert!(
        !nianbao::core::check(&r).iter().any(|f| matches!(
            f.rule,
            nianbao::core::Rule::R1
                | nianbao::core::Rule::R2
                | nianbao::core::Rule::R3
                | nianbao::core::Rule::R4
        )),
        "the tables add up"
    );
    // The command reads it too, and --no-ocr refuses it as before.
    let path = common::data(&format!("scans/{SCAN}"));
    let o = common::nianbao(&["check", common::arg(&path), "--no-ocr"]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("没有文字层"), "{e}");
    let o = common::nianbao(&["check", "--json", common::arg(&path)]);
    let text = common::stdout(&o);
    assert!(text.contains("I8"), "{text}");
}

/// The same pages put on the glass askew (turned 1.5°, −2° and 2°): straightened, they import
/// with every cell of tables 二, 三 and 四 right.
#[test]
fn a_scan_turned_two_degrees_is_straightened_and_imports_right() {
    use nianbao::ocr::deskew::skew;
    let pages = page_images(&scan("sample-pages3-5-150dpi-q40-rotated.pdf")).expect("pixels");
    let found: Vec<f32> = pages.iter().map(|p| skew(&p[0].gray)).collect();
    for (got, want) in found.iter().zip([1.5f32, -2.0, 2.0]) {
        assert!((got - want).abs() <= 0.15, "skew {got} for {want}");
    }
    let sample = common::fixture(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/sample-gov2021.ron")
            .as_path(),
    );
    let r = nianbao::import::import_pdf(&scan("sample-pages3-5-150dpi-q40-rotated.pdf"))
        .expect("read by OCR");
    let wrong: Vec<String> = sample
        .cells
        .iter()
        .filter(|(id, _)| id.starts_with("t2.") || id.starts_with("t3.") || id.starts_with("t4."))
        .filter(|(id, v)| r.cell_text(id) != v.as_str())
        .map(|(id, v)| format!("{id}: {:?} for {v:?}", r.cell_text(id)))
        .collect();
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
}
