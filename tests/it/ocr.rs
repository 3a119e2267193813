//! Issue 31: scanned reports read by OCR. The scan is the sample report's pages 3–5 (table 二
//! and the heading of 三, table 三, table 四) as a scanner writes them (tests/data/scans: 150
//! dpi, JPEG quality 40). Where each number stands is known from the layout that printed it, so
//! every cell can be cut out and read and must read right; and the pages read whole — rules
//! found, cells cut and read, placed by their labels — must give the sample's tables.
//!
//! The acceptance scans (made by tests/data/scans/make-scans.sh): a seed's whole report, a
//! seed's tables at 300 dpi with noise and a page turned, a real report's tables with noise,
//! and another's at 300 dpi in colour with a red seal; and the window reading one of them.

use std::path::Path;
use std::sync::OnceLock;

use nianbao::core::{Report, Rule};
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

    // CCITT Group 3 (K ≥ 0) is named; Group 4 that does not decode is damaged.
    let fax = pdf_with_image(image(100, 100, "CCITTFaxDecode"), vec![0; 10]);
    let e = page_images(&fax).expect_err("no reader");
    assert!(e.to_string().contains("CCITTFaxDecode"), "{e}");
    let mut g4 = image(100, 100, "CCITTFaxDecode");
    g4.set("DecodeParms", dictionary! { "K" => -1, "Columns" => 100 });
    // Junk data: a message, or a page of the stated size (the decoder pads missing lines
    // white, as some encoders expect); never more, never a panic.
    for junk in [vec![0u8; 10], vec![0xFF; 400], vec![0x55; 100_000]] {
        match page_images(&pdf_with_image(g4.clone(), junk)) {
            Ok(p) => assert_eq!(p[0][0].gray.dimensions(), (100, 100)),
            Err(e) => assert!(matches!(e, OcrError::Damaged(_)), "{e}"),
        }
    }
    g4.set("DecodeParms", dictionary! { "K" => -1, "Columns" => 5000 });
    let e = page_images(&pdf_with_image(g4, vec![0; 10])).expect_err("columns");
    assert!(e.to_string().contains("5000"), "{e}");
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
    assert_sample_tables(&sample, &r);
}

/// Every cell of tables 二, 三 and 四 of `got` as the sample has it.
fn assert_sample_tables(sample: &Report, got: &Report) {
    let wrong: Vec<String> = sample
        .cells
        .iter()
        .filter(|(id, _)| id.starts_with("t2.") || id.starts_with("t3.") || id.starts_with("t4."))
        .filter(|(id, v)| got.cell_text(id) != v.as_str())
        .map(|(id, v)| format!("{id}: {:?} for {v:?}", got.cell_text(id)))
        .collect();
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
}

/// The cells of tables 三 and 四 where `got` differs from `want` (spacing aside).
fn wrong_in_tables_3_and_4(got: &Report, want: &Report) -> Vec<String> {
    let t = want.template();
    t.cells
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(t.part_of(*i).get(), 3 | 4))
        .filter(|(_, c)| got.cell_text(&c.id).trim() != want.cell_text(&c.id).trim())
        .map(|(_, c)| {
            format!(
                "{}: {:?} for {:?}",
                c.id,
                got.cell_text(&c.id),
                want.cell_text(&c.id)
            )
        })
        .collect()
}

fn i8_note(r: &Report) -> String {
    r.import_notes
        .iter()
        .find(|n| n.rule == Rule::I8)
        .map(|n| n.message.clone())
        .unwrap_or_default()
}

fn relations_failing(r: &Report) -> Vec<nianbao::core::Finding> {
    nianbao::core::check(r)
        .into_iter()
        .filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4))
        .collect()
}

/// A whole published report scanned (seven pages, 150 dpi, JPEG q40): the title gives the
/// agency and the year, the six parts are found by their headings, every cell of tables 三 and
/// 四 is as printed — and the published table's own error (its （七）总计 row) is reported as
/// the table's, every cell in it having been read surely.
#[test]
fn a_whole_scanned_report_gives_its_title_parts_tables_and_its_own_error() {
    let want = common::fixture(&common::data("taierzhuang-2021.ron"));
    let r =
        nianbao::import::import_pdf(&scan("taierzhuang-2021-150dpi-q40.pdf")).expect("read by OCR");
    assert_eq!(r.meta.agency, want.meta.agency);
    assert_eq!(r.meta.year, want.meta.year);
    // Each part has text where the report has (part 四 is its table alone).
    for (i, (p, w)) in r.parts.iter().zip(&want.parts).enumerate() {
        assert_eq!(p.is_blank(), w.is_blank(), "part {}", i + 1);
    }
    assert!(!r.parts[0].is_blank() && !r.parts[4].is_blank() && !r.parts[5].is_blank());
    let missing: Vec<&str> = r
        .import_notes
        .iter()
        .filter(|n| n.message.contains("没有找到第"))
        .map(|n| n.message.as_str())
        .collect();
    assert!(missing.is_empty(), "{missing:?}");
    let wrong = wrong_in_tables_3_and_4(&r, &want);
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
    // Every value of tables 三 and 四 is traced to its cell on the scan.
    let t = r.template();
    for (i, c) in t.cells.iter().enumerate() {
        if matches!(t.part_of(i).get(), 3 | 4) && !r.cell_text(&c.id).trim().is_empty() {
            let s = r
                .scanned
                .get(&c.id)
                .unwrap_or_else(|| panic!("{} not traced", c.id));
            assert_eq!(s.read, r.cell_text(&c.id).trim(), "{}", c.id);
        }
    }
    let failing = relations_failing(&r);
    assert!(!failing.is_empty(), "the published table does not add up");
    assert!(
        failing
            .iter()
            .all(|f| f.message.contains("识别结果或原表有误")),
        "{failing:#?}"
    );
    let note = i8_note(&r);
    assert!(note.contains("更可能是原表本身有误"), "{note}");
    assert!(!note.contains("已由算术验证"), "{note}");
}

/// Tables 三 and 四 of a seed's report scanned at 300 dpi with scanner noise, the last page
/// turned −2°: every cell as printed.
#[test]
fn a_noisy_300_dpi_scan_reads_every_table_cell_right() {
    let want = common::fixture(&common::data("luan-2023.ron"));
    let r =
        nianbao::import::import_pdf(&scan("luan-2023-p4-6-300dpi-noise.pdf")).expect("read by OCR");
    let wrong = wrong_in_tables_3_and_4(&r, &want);
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
}

/// A real report's PDF (平潭 社会事业局 2023), its table pages scanned at 150 dpi with noise:
/// every cell of tables 三 and 四 as the PDF's own text gives it, and verified.
#[test]
fn a_real_reports_noisy_scan_reads_as_its_text_layer() {
    let pdf = common::data("real-reports/pingtan/10_pingtan-shs-2023.pdf");
    let want = nianbao::import::import_file(&pdf).expect("the PDF's text");
    let r = nianbao::import::import_pdf(&scan("pingtan-shs-2023-p2-4-150dpi-noise.pdf"))
        .expect("read by OCR");
    let wrong = wrong_in_tables_3_and_4(&r, &want);
    assert!(wrong.is_empty(), "{} wrong: {wrong:#?}", wrong.len());
    let note = i8_note(&r);
    assert!(note.contains("已由算术验证"), "{note}");
}

/// A real report's tables at 300 dpi in colour with a red seal stamped over table 三: what
/// the seal hides may be misread or left out, but never silently — every cell that differs
/// from the PDF's own text is unfilled (and said so), in a failing relation, or marked for a
/// person to look at; and the note does not call the reading verified.
#[test]
fn a_seal_over_the_cells_leaves_no_misread_cell_silent() {
    let pdf = common::data("real-reports/pingtan/09_pingtan-scj-2021.pdf");
    let want = nianbao::import::import_file(&pdf).expect("the PDF's text");
    let r = nianbao::import::import_pdf(&scan("pingtan-scj-2021-p3-4-300dpi-seal.pdf"))
        .expect("read by OCR");
    let failing = relations_failing(&r);
    let in_failing = |id: &str| failing.iter().any(|f| f.cells.iter().any(|c| c == id));
    let t = want.template();
    let mut differ = 0;
    let mut silent = Vec::new();
    for (i, c) in t.cells.iter().enumerate() {
        if !matches!(t.part_of(i).get(), 3 | 4) {
            continue;
        }
        let got = r.cell_text(&c.id).trim();
        if got == want.cell_text(&c.id).trim() {
            continue;
        }
        differ += 1;
        let marked = r.scanned.get(&c.id).is_some_and(|s| s.needs_a_look(got));
        if !(got.is_empty() || in_failing(&c.id) || marked) {
            silent.push(format!("{}: {got:?}", c.id));
        }
    }
    assert!(silent.is_empty(), "silently wrong: {silent:#?}");
    let note = i8_note(&r);
    if differ > 0 {
        assert!(!note.contains("已由算术验证"), "{differ} differ: {note}");
    }
    // Most of the table is read all the same.
    let filled = t
        .cells
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            matches!(t.part_of(*i).get(), 3 | 4) && !r.cell_text(&c.id).trim().is_empty()
        })
        .count();
    assert!(filled >= 120, "{filled} cells of tables 三 and 四 read");
}

/// A window showing `report`, asked to import 台儿庄's whole scan, two frames on.
fn window_reading_a_scan(
    report: Report,
) -> egui_kittest::Harness<'static, nianbao::app::NianbaoApp> {
    use nianbao::app::{NianbaoApp, fonts};
    let font = match fonts::read_font(fonts::GUI_FONT) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui_state(
            |ui, app: &mut NianbaoApp| app.ui(ui),
            NianbaoApp::new(report, None, None),
        );
    h.state_mut()
        .import_path(&common::data("scans/taierzhuang-2021-150dpi-q40.pdf"));
    h.step();
    h.step();
    h
}

/// The window reads a scan on a thread of its own (a progress dialog meanwhile), then shows
/// under the failing relation the crop of each of its cells beside the value read; a cell is
/// corrected in place, the unsure one confirmed, and both are undone.
#[test]
fn the_window_shows_a_failing_relations_crops_to_correct_and_undo() {
    use egui_kittest::kittest::Queryable;

    let mut h = window_reading_a_scan(Report::new(nianbao::core::FormatVersion::Gov2021, 2024));
    assert!(h.state().scan_running());
    h.get_by_label_contains("正在识别扫描件");
    h.get_by_label("取消");
    let start = std::time::Instant::now();
    while h.state().scan_running() {
        assert!(start.elapsed().as_secs() < 900, "the reading never ended");
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.step();
    }
    h.run();
    assert_eq!(
        h.state().doc.report.meta.agency,
        "台儿庄区人力资源和社会保障局"
    );
    let total = "t3.total.total";
    assert_eq!(h.state().doc.report.cell_text(total), "0");
    // The crops of the failing relation's cells, and of the unsure cell.
    assert!(h.get_all_by_label_contains("扫描截图").count() >= 8);
    assert!(h.get_all_by_label_contains("读作 0 · ").count() >= 8);
    // Corrected in place: the relation holds, its crops go with it.
    let field = "对照原件 · 三、（七）总计 · 总计";
    h.get_by_label(field).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(field).type_text("3");
    h.run();
    assert_eq!(h.state().doc.report.cell_text(total), "3");
    assert!(
        !h.state()
            .doc
            .findings
            .iter()
            .any(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3))
    );
    // The unsure cell, confirmed as read: its mark goes.
    let unsure: Vec<String> = h
        .state()
        .doc
        .report
        .scanned
        .iter()
        .filter(|(id, c)| c.needs_a_look(h.state().doc.report.cell_text(id)))
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(unsure.len(), 1, "{unsure:?}");
    h.get_by_label("确认").click();
    h.run();
    assert!(h.state().doc.report.scanned[&unsure[0]].confirmed);
    // Undone one step at a time, back to the reading.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().doc.report.scanned[&unsure[0]].confirmed);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().doc.report.cell_text(total), "0");
}

/// 取消 stops the reading: the draft open before stays, and the line says why.
#[test]
fn a_scans_reading_is_cancelled_from_the_window() {
    use egui_kittest::kittest::Queryable;

    let mut before = Report::new(nianbao::core::FormatVersion::Gov2021, 2024);
    before.meta.agency = "未受影响的机关".into();
    let mut h = window_reading_a_scan(before);
    h.get_by_label("取消").click();
    h.step();
    let start = std::time::Instant::now();
    while h.state().scan_running() {
        assert!(start.elapsed().as_secs() < 300, "the reading did not stop");
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.step();
    assert_eq!(h.state().doc.report.meta.agency, "未受影响的机关");
    let (line, is_error) = h.state().status().expect("a line");
    assert!(is_error && line.contains("已取消文字识别"), "{line}");
}

/// An office scanner's black-and-white PDF (200 dpi, CCITT Group 4, /BlackIs1 true): decoded,
/// read, and every cell of tables 二, 三 and 四 as the sample has them.
#[test]
fn a_ccitt_group_4_scan_imports_with_every_table_cell_right() {
    let pdf = scan("sample-pages3-5-200dpi-g4.pdf");
    let pages = page_images(&pdf).expect("pixels");
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0][0].encoding, "CCITT G4");
    // Mostly paper, whichever way the file states its colours.
    let g = &pages[1][0].gray;
    let ink = g.pixels().filter(|p| p[0] < 128).count();
    assert!(ink * 10 < g.pixels().count(), "{ink} dark pixels");
    let sample = common::fixture(&common::asset("sample-gov2021.ron"));
    let r = nianbao::import::import_pdf(&pdf).expect("read by OCR");
    assert_sample_tables(&sample, &r);
}
