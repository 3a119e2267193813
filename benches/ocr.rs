//! Scanned reports (issue 31): the pixels of a scanned table page (150 dpi JPEG), every value
//! cell of it read by the recognition model, cut out where the layout printed it, and the
//! issue's budget: a real report's two table pages scanned at 300 dpi (colour, a red seal)
//! imported whole in under 5 s.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use image::GrayImage;
use nianbao::export::layout::{Edition, PAGE_W, layout_with};
use nianbao::export::pdf::PdfFonts;
use nianbao::ocr::{Recognizer, page_images};

fn bench_ocr(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pdf = match std::fs::read(root.join("tests/data/scans/sample-pages3-5-150dpi-q40.pdf")) {
        Ok(b) => b,
        Err(e) => panic!("scan: {e}"),
    };
    c.bench_function("pixels of three 150 dpi JPEG pages", |b| {
        b.iter(|| page_images(black_box(&pdf)))
    });
    let gray = match page_images(&pdf) {
        Ok(p) => p[1][0].gray.clone(),
        Err(e) => panic!("pixels: {e}"),
    };
    let sample = match nianbao::store::load(&root.join("assets/sample-gov2021.ron")) {
        Ok(r) => r,
        Err(e) => panic!("sample: {e}"),
    };
    let fonts = match PdfFonts::bundled() {
        Ok(f) => f,
        Err(e) => panic!("fonts: {e}"),
    };
    let s = gray.width() as f32 / PAGE_W;
    let crops: Vec<GrayImage> = layout_with(&sample, &fonts, Edition::SignOff)[3]
        .texts
        .iter()
        .filter(|t| t.text.chars().all(|c| c.is_ascii_digit()))
        .map(|t| {
            let w = t.text.len() as f32 * t.size * 0.6;
            let (x0, y0) = ((t.x - 1.5) * s, (t.y - t.size * 0.95) * s);
            image::imageops::crop_imm(
                &gray,
                x0 as u32,
                y0 as u32,
                ((w + 3.0) * s) as u32,
                (t.size * 1.2 * s) as u32,
            )
            .to_image()
        })
        .collect();
    let r = match Recognizer::find() {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    // The plans are made on first use: not part of the reading.
    let _ = r.read(&crops[0], true);
    let seal =
        match std::fs::read(root.join("tests/data/scans/pingtan-scj-2021-p3-4-300dpi-seal.pdf")) {
            Ok(b) => b,
            Err(e) => panic!("scan: {e}"),
        };
    c.bench_function("import two 300 dpi table pages (OCR, budget 5 s)", |b| {
        b.iter(|| nianbao::import::import_pdf(black_box(&seal)))
    });
    c.bench_function("import the three scanned pages (OCR)", |b| {
        b.iter(|| nianbao::import::import_pdf(black_box(&pdf)))
    });
    c.bench_function(
        &format!("read the {} value cells of a table page", crops.len()),
        |b| {
            b.iter(|| {
                for crop in &crops {
                    let _ = r.read(black_box(crop), true);
                }
            })
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench_ocr
}
criterion_main!(benches);
