//! The bundled GUI font covers GBK: every hanzi (20 902) and every GBK symbol is drawn with a
//! real glyph. egui_kittest panics on a missing glyph, so rendering them all is the test.

use egui_kittest::Harness;
use nianbao::app::fonts;

/// Every character GBK encodes in two bytes, skipping the user-defined (private use) areas.
fn gbk_chars() -> Vec<char> {
    let mut out = Vec::new();
    for b1 in 0x81u8..=0xFE {
        for b2 in 0x40u8..=0xFE {
            if b2 == 0x7F {
                continue;
            }
            let bytes = [b1, b2];
            let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&bytes);
            let mut chars = text.chars();
            if let (false, Some(c), None) = (had_errors, chars.next(), chars.next())
                && !('\u{E000}'..='\u{F8FF}').contains(&c)
            {
                out.push(c);
            }
        }
    }
    out
}

#[test]
fn every_gbk_character_has_a_glyph() {
    let chars = gbk_chars();
    let hanzi = chars
        .iter()
        .filter(|c| ('\u{4E00}'..='\u{9FA5}').contains(*c))
        .count();
    assert_eq!(hanzi, 20_902);
    let text: String = chars
        .chunks(100)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    let font = fonts::read_font(fonts::GUI_FONT).expect("bundled font");
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 800.0))
        .with_context_setup(move |ctx| fonts::setup(ctx, font))
        .build_ui(move |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.label(text.as_str());
            });
        });
    // Rendering every glyph; a missing one panics with 「No glyph for …」.
    h.run();
}
