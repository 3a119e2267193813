//! Budget: export of the filled sample to PDF in under 100 ms (fonts loaded as the CLI does).
//! The publishing formats (web page, Word file, spreadsheet) are measured beside it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::export::pdf::{PdfFonts, export_pdf};
use nianbao::store::load;

fn bench_export(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-gov2021.ron");
    let report = match load(&path) {
        Ok(r) => r,
        Err(e) => panic!("the sample must load: {e}"),
    };
    let mut g = c.benchmark_group("pdf");
    g.sample_size(20);
    g.bench_function("load fonts + export sample", |b| {
        b.iter(|| {
            let fonts = PdfFonts::bundled().unwrap_or_else(|e| panic!("{e}"));
            black_box(export_pdf(black_box(&report), &fonts))
        })
    });
    let fonts = PdfFonts::bundled().unwrap_or_else(|e| panic!("{e}"));
    g.bench_function("export sample (fonts loaded)", |b| {
        b.iter(|| black_box(export_pdf(black_box(&report), &fonts)))
    });
    g.finish();
    let mut g = c.benchmark_group("publish");
    g.bench_function("web page", |b| {
        b.iter(|| black_box(nianbao::export::html::to_html(black_box(&report))))
    });
    g.bench_function("Word file", |b| {
        b.iter(|| black_box(nianbao::export::docx::to_docx(black_box(&report))))
    });
    g.bench_function("spreadsheet", |b| {
        b.iter(|| black_box(nianbao::export::xlsx::to_xlsx(black_box(&report))))
    });
    g.finish();
    // Issue 17: line breaking is linear in the text (80 000 digits took 2.2 s when it was not).
    let run = format!("前{}后", "7".repeat(80_000));
    let grid = |c: char| if c.is_ascii() { 8.0 } else { 16.0 };
    c.bench_function("break 80 000 digits", |b| {
        b.iter(|| {
            black_box(nianbao::export::layout::break_lines(
                black_box(&run),
                442.0,
                0.0,
                &grid,
            ))
        })
    });
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
