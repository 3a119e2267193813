//! Walking a page's content streams (and the forms they call, to a bounded depth): glyph runs
//! with their positions, and the ruling lines that draw tables.

use super::*;

/// What is left to read of the whole file.
pub(super) struct Budget {
    pub(super) glyphs: usize,
    pub(super) ops: usize,
}

pub(super) fn read_page(doc: &Document, id: lopdf::ObjectId, budget: &mut Budget) -> Page {
    let mut page = Page::default();
    let dict = doc.get_dictionary(id).ok();
    let mediabox = dict
        .and_then(|d| d.get(b"MediaBox").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|a| a.iter().map(num).collect::<Vec<f32>>());
    page.height = match mediabox.as_deref() {
        Some([_, y0, _, y1]) => (y1 - y0).abs(),
        _ => 842.0,
    };
    let resources = resources_of(doc, id);
    let content = doc.get_page_content(id);
    walk(doc, &content, resources, IDENTITY, 0, budget, &mut page);
    page
}

/// Interprets one content stream: text runs and rules into `page`.
pub(super) fn walk(
    doc: &Document,
    content: &[u8],
    resources: Option<&Dictionary>,
    base: Matrix,
    depth: usize,
    budget: &mut Budget,
    page: &mut Page,
) {
    if budget.ops == 0 {
        return;
    }
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let fonts = fonts_of(doc, resources);
    // Reading fonts costs too: a form painted a thousand times reads its fonts a thousand times.
    let cost: usize = fonts
        .values()
        .map(|f| {
            1 + f.widths.len() / 8
                + if let Decode::Map(_, m) = &f.decode {
                    m.len() / 8
                } else {
                    0
                }
        })
        .sum();
    budget.ops = budget.ops.saturating_sub(cost);
    let mut ctm = base;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut font: Option<&Font> = None;
    let (mut char_spacing, mut word_spacing, mut h_scale) = (0.0f32, 0.0f32, 1.0f32);
    let mut size = 0.0f32;
    let mut leading = 0.0f32;
    let mut path: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut rects: Vec<[(f32, f32); 4]> = Vec::new();
    for op in &content.operations {
        if budget.ops == 0 {
            return;
        }
        budget.ops -= 1;
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => stack.push(ctm),
            "Q" => ctm = stack.pop().unwrap_or(base),
            "cm" => {
                if let Some(m) = matrix_of(o) {
                    ctm = mul(&m, &ctm);
                }
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                font = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| fonts.get(n));
                size = o.get(1).map_or(0.0, num);
            }
            "TL" => leading = o.first().map_or(0.0, num),
            "Tc" => char_spacing = o.first().map_or(0.0, num),
            "Tw" => word_spacing = o.first().map_or(0.0, num),
            "Tz" => h_scale = o.first().map_or(100.0, num) / 100.0,
            "Td" | "TD" => {
                let (tx, ty) = (o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                if op.operator == "TD" {
                    leading = -ty;
                }
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                tm = tlm;
            }
            "Tm" => {
                if let Some(m) = matrix_of(o) {
                    tlm = m;
                    tm = m;
                }
            }
            "T*" => {
                tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if op.operator != "Tj" && op.operator != "TJ" {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                    tm = tlm;
                }
                let Some(f) = font else { continue };
                let m = mul(&tm, &ctm);
                let x_scale = (m[0] * m[0] + m[1] * m[1]).sqrt();
                let shown = size * (m[2] * m[2] + m[3] * m[3]).sqrt();
                let parts: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => o
                        .first()
                        .and_then(|a| a.as_array().ok())
                        .map(|a| a.iter().collect())
                        .unwrap_or_default(),
                    _ => o.last().into_iter().collect(),
                };
                // Each glyph at its own place: programs draw quotes, digits and Chinese in
                // separate fonts and interleave them by position, not by order.
                let mut advance = 0.0f32;
                for p in parts {
                    match p {
                        Object::String(bytes, _) => {
                            for (text, w) in f.glyphs(bytes) {
                                let step = (w / 1000.0 * size
                                    + char_spacing
                                    + if text == " " { word_spacing } else { 0.0 })
                                    * h_scale;
                                let (x, y) = apply(&m, advance, 0.0);
                                // Spaces are kept: 「1000 余条」 is what the report says.
                                let text = if text.trim().is_empty() && !text.is_empty() {
                                    " ".to_string()
                                } else {
                                    text
                                };
                                if !text.is_empty() && budget.glyphs > 0 {
                                    budget.glyphs -= 1;
                                    page.runs.push(Run {
                                        x,
                                        y,
                                        size: shown.max(1.0),
                                        text,
                                        width: step * x_scale,
                                    });
                                }
                                advance += step;
                            }
                        }
                        other => advance -= num(other) / 1000.0 * size * h_scale,
                    }
                }
                tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
            }
            "m" => {
                let (x, y) = apply(&ctm, o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                path.push(vec![(x, y)]);
            }
            "l" => {
                let p = apply(&ctm, o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                match path.last_mut() {
                    Some(sub) => sub.push(p),
                    None => path.push(vec![p]),
                }
            }
            "h" => {
                if let Some(sub) = path.last_mut()
                    && let Some(first) = sub.first().copied()
                {
                    sub.push(first);
                }
            }
            "re" => {
                let v: Vec<f32> = o.iter().map(num).collect();
                if let [x, y, w, h] = v[..] {
                    rects.push([
                        apply(&ctm, x, y),
                        apply(&ctm, x + w, y),
                        apply(&ctm, x + w, y + h),
                        apply(&ctm, x, y + h),
                    ]);
                }
            }
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                // A filled area is a rule only where it is thin: a filled cell background or
                // highlight says nothing about where the cell ends.
                let stroked = !matches!(op.operator.as_str(), "f" | "F" | "f*");
                for sub in path.drain(..) {
                    if stroked {
                        for w in sub.windows(2) {
                            push_rule(&mut page.rules, w[0], w[1]);
                        }
                    } else if let Some(r) = as_rect(&sub) {
                        rect_rules(&mut page.rules, &r, false);
                    }
                }
                for r in rects.drain(..) {
                    rect_rules(&mut page.rules, &r, stroked);
                }
            }
            "n" => {
                path.clear();
                rects.clear();
            }
            "Do" if depth < MAX_DEPTH => {
                let Some(name) = o.first().and_then(|n| n.as_name().ok()) else {
                    continue;
                };
                let Some(xobjects) = resources.and_then(|r| dict_in(doc, r, b"XObject")) else {
                    continue;
                };
                let Some(stream) = xobjects
                    .get(name)
                    .ok()
                    .and_then(|x| doc.dereference(x).ok())
                    .and_then(|(_, x)| x.as_stream().ok())
                else {
                    continue;
                };
                if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
                    continue;
                }
                let m = stream
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|a| a.as_array().ok())
                    .and_then(|a| matrix_of(a))
                    .unwrap_or(IDENTITY);
                let inner = dict_in(doc, &stream.dict, b"Resources").or(resources);
                let data = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                walk(doc, &data, inner, mul(&m, &ctm), depth + 1, budget, page);
            }
            _ => {}
        }
    }
}

/// An axis-aligned segment becomes a rule; anything slanted is no table line.
pub(super) fn push_rule(rules: &mut Vec<Rule>, a: (f32, f32), b: (f32, f32)) {
    if (a.1 - b.1).abs() < 0.5 && (a.0 - b.0).abs() > 2.0 {
        rules.push(Rule {
            horizontal: true,
            pos: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
        });
    } else if (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() > 2.0 {
        rules.push(Rule {
            horizontal: false,
            pos: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
        });
    }
}

/// A closed path of four axis-aligned corners, as a rectangle.
pub(super) fn as_rect(sub: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    (sub.len() >= 4 && sub.len() <= 5).then(|| [sub[0], sub[1], sub[2], sub[3]])
}

/// A thin rectangle is a rule (how many programs draw cell borders); a larger one gives its
/// edges when it is stroked.
pub(super) fn rect_rules(rules: &mut Vec<Rule>, r: &[(f32, f32); 4], stroked: bool) {
    let (x0, x1) = (r[0].0.min(r[2].0), r[0].0.max(r[2].0));
    let (y0, y1) = (r[0].1.min(r[2].1), r[0].1.max(r[2].1));
    if y1 - y0 < 3.0 && x1 - x0 > 2.0 {
        push_rule(rules, (x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
    } else if x1 - x0 < 3.0 && y1 - y0 > 2.0 {
        push_rule(rules, ((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
    } else if stroked {
        push_rule(rules, (x0, y0), (x1, y0));
        push_rule(rules, (x0, y1), (x1, y1));
        push_rule(rules, (x0, y0), (x0, y1));
        push_rule(rules, (x1, y0), (x1, y1));
    }
}
