//! Budget: one frame of the table 三 screen (all 175 cells, the findings panel, the navigation),
//! headless, in under 2 ms of CPU: the UI pass plus tessellation.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::app::{NianbaoApp, View, fonts};
use nianbao::store::load;

fn bench_frame(c: &mut Criterion) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-gov2021.ron");
    let report = match load(&path) {
        Ok(r) => r,
        Err(e) => panic!("the sample must load: {e}"),
    };
    let font = match fonts::read_font(fonts::GUI_FONT) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    };
    let ctx = egui::Context::default();
    fonts::setup(&ctx, font);
    let mut app = NianbaoApp::new(report, None, None);
    app.view = View::Part(3);
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..Default::default()
    };
    // Warm the glyph atlas and layout caches, as a running app has them.
    for _ in 0..3 {
        let out = ctx.run_ui(input(), |ui| app.ui(ui));
        let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    }
    c.bench_function("frame table 三 (sample)", |b| {
        b.iter(|| {
            let out = ctx.run_ui(input(), |ui| app.ui(ui));
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        })
    });
}

criterion_group!(benches, bench_frame);
criterion_main!(benches);
