//! PDF files → the lines the text import reads.
//!
//! A PDF holds glyphs at positions and drawn lines, not paragraphs and tables. This reads both
//! (lopdf parses the file and decodes the text through each font's ToUnicode map) and rebuilds:
//! - **ruled tables**: the drawn horizontal and vertical rules give each cell its box; the text
//!   inside one box is one cell, however many lines it wraps over (「（二）部分公开（区分处理的，只计
//!   这一情 / 形，不计其他情形）」). Cells whose boxes start at the same height form a row, written
//!   as one tab-separated line; a merged cell is written once, in the row where it starts.
//! - **everything else**: glyph runs on one baseline form a line (a wide gap becomes a tab, so
//!   an unruled table's columns still separate); a line that fills the measure and a next line
//!   that is not indented are one paragraph, also across a page break.
//! - **page furniture** is dropped: folios (「— 3 —」, 「第 3 页」), a bare page number, and
//!   nianbao's own draft marks (「草稿」, 「待审核」…) in the top or bottom margin.
//!
//! Every walk is bounded: pages, operators per page, glyph runs, and nesting of form XObjects.

use std::collections::BTreeMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

/// Why a PDF cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Not a PDF, or damaged beyond reading.
    #[error("不是有效的 PDF 文件，或文件已损坏（{0}）")]
    Invalid(String),
    /// Encrypted with a password.
    #[error(
        "这份 PDF 已加密，无法读取其中的文字：请用原来的软件导出一份未加密的 PDF，或改用 Word 文档、网页版本导入"
    )]
    Encrypted,
    /// Pages but no text: a scan or images.
    #[error(
        "这份 PDF 没有文字层（可能是扫描件或图片），无法导入：本工具不做文字识别（OCR），请找到报告的 Word 文档、网页或带文字的 PDF"
    )]
    NoText,
    /// Far more pages than any report has.
    #[error("这份 PDF 有 {0} 页，超过可导入的上限 {MAX_PAGES} 页（年度报告通常不超过 30 页）")]
    TooManyPages(usize),
}

/// Pages read at the most.
pub const MAX_PAGES: usize = 300;
/// Content operators read over the whole file at the most (form XObjects included, however
/// often they are painted); the rest is left out. A long report has about 50 000.
const MAX_OPS: usize = 2_000_000;
/// Glyphs kept over the whole file at the most (a long report has about 30 000).
const MAX_RUNS: usize = 1_000_000;
/// Rules × glyphs compared on one page at the most (a dense report page: 3 000 × 1 500).
const MAX_CELL_WORK: usize = 50_000_000;
/// How deep form XObjects may nest.
const MAX_DEPTH: usize = 6;

/// Whether bytes are a PDF file.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
}

/// A text run: glyphs shown by one operator, at their start position (page space, y up).
#[derive(Clone, Debug)]
struct Run {
    x: f32,
    y: f32,
    size: f32,
    text: String,
    /// How far the glyphs advance, in page space (from the fonts' widths).
    width: f32,
}

fn char_width(c: char, size: f32) -> f32 {
    if (c as u32) < 0x2000 {
        size * 0.5
    } else {
        size
    }
}

/// An axis-aligned rule: horizontal at `pos` = y from `from` to `to` (x), or vertical at `pos` = x.
#[derive(Clone, Copy, Debug)]
struct Rule {
    horizontal: bool,
    pos: f32,
    from: f32,
    to: f32,
}

type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b` (row vectors: p · a · b).
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn num(o: &Object) -> f32 {
    o.as_float().unwrap_or(0.0)
}

fn matrix_of(ops: &[Object]) -> Option<Matrix> {
    (ops.len() == 6).then(|| {
        let v: Vec<f32> = ops.iter().map(num).collect();
        [v[0], v[1], v[2], v[3], v[4], v[5]]
    })
}

/// What one page gave.
#[derive(Default)]
struct Page {
    height: f32,
    runs: Vec<Run>,
    rules: Vec<Rule>,
}

/// Reads a PDF into lines for the text import.
pub fn to_text(bytes: &[u8]) -> Result<String, PdfError> {
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        other => PdfError::Invalid(other.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages(pages.len()));
    }
    if pages.is_empty() {
        return Err(PdfError::Invalid("没有页面".into()));
    }
    let mut budget = Budget {
        glyphs: MAX_RUNS,
        ops: MAX_OPS,
    };
    let mut read = Vec::new();
    for id in pages.values() {
        read.push(read_page(&doc, *id, &mut budget));
    }
    if read
        .iter()
        .all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    {
        return Err(PdfError::NoText);
    }
    Ok(lines_of(&read).join("\n"))
}

/// The page's resource dictionary (inherited from the page tree where the page has none).
fn resources_of(doc: &Document, page: lopdf::ObjectId) -> Option<&Dictionary> {
    let (own, ids) = doc.get_page_resources(page).ok()?;
    own.or_else(|| ids.first().and_then(|id| doc.get_dictionary(*id).ok()))
}

fn dict_in<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let o = d.get(key).ok()?;
    doc.dereference(o).ok()?.1.as_dict().ok()
}

/// How a font's bytes become text, and how far each glyph advances.
struct Font<'a> {
    decode: Decode<'a>,
    /// Advance of a code in thousandths of the font size.
    widths: std::collections::HashMap<u32, f32>,
    default_width: f32,
}

enum Decode<'a> {
    /// The font's ToUnicode map (preferred whatever the font type: lopdf would read a Type 3
    /// font's glyph names instead): bytes per code, code → text.
    Map(usize, std::collections::HashMap<u32, String>),
    /// lopdf's reading of the font's encoding.
    Lopdf(Encoding<'a>),
}

impl Font<'_> {
    fn bytes_per_code(&self) -> usize {
        match &self.decode {
            Decode::Map(n, _) => *n,
            Decode::Lopdf(Encoding::UnicodeMapEncoding(_)) => 2,
            Decode::Lopdf(_) => 1,
        }
    }

    /// Each glyph of a shown string: its text and its advance (in thousandths of the size).
    fn glyphs(&self, bytes: &[u8]) -> Vec<(String, f32)> {
        let n = self.bytes_per_code().max(1);
        bytes
            .chunks(n)
            .map(|c| {
                let code = c.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
                let w = self
                    .widths
                    .get(&code)
                    .copied()
                    .unwrap_or(self.default_width);
                let text = match &self.decode {
                    Decode::Map(_, map) => map.get(&code).cloned().unwrap_or_default(),
                    Decode::Lopdf(enc) => enc.bytes_to_string(c).unwrap_or_default(),
                };
                (text, w)
            })
            .collect()
    }
}

/// A ToUnicode CMap: the byte length of its codes and its code → text entries.
fn to_unicode(data: &[u8]) -> Option<(usize, std::collections::HashMap<u32, String>)> {
    let text = String::from_utf8_lossy(data);
    let hex = |s: &str| -> Option<Vec<u8>> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len() / 2)
            .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
            .collect()
    };
    let code = |b: &[u8]| b.iter().fold(0u32, |acc, x| (acc << 8) | u32::from(*x));
    let utf16 = |b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let mut bytes_per_code = 0;
    let mut map = std::collections::HashMap::new();
    let mut i = 0;
    let mut section = "";
    while i < tokens.len() && map.len() < 200_000 {
        let t = tokens[i];
        match t {
            "begincodespacerange" | "beginbfchar" | "beginbfrange" => section = t,
            "endcodespacerange" | "endbfchar" | "endbfrange" => section = "",
            _ if section == "begincodespacerange" && t.starts_with('<') => {
                bytes_per_code = hex(t)?.len().max(bytes_per_code);
                i += 1;
            }
            _ if section == "beginbfchar" && t.starts_with('<') => {
                let (src, dst) = (hex(t)?, hex(tokens.get(i + 1)?)?);
                map.insert(code(&src), utf16(&dst));
                i += 1;
            }
            _ if section == "beginbfrange" && t.starts_with('<') => {
                let (lo, hi) = (code(&hex(t)?), code(&hex(tokens.get(i + 1)?)?));
                let dst = tokens.get(i + 2)?;
                if dst.starts_with('<') {
                    let mut base = hex(dst)?;
                    for c in lo..=hi.min(lo + 65_535) {
                        map.insert(c, utf16(&base));
                        if let Some(last) = base.last_mut() {
                            *last = last.wrapping_add(1);
                        }
                    }
                    i += 2;
                } else {
                    // An array of destinations, one per code.
                    let mut j = i + 2;
                    let mut c = lo;
                    while j < tokens.len() && !tokens[j].ends_with(']') {
                        if let Some(d) = hex(tokens[j].trim_start_matches('[')) {
                            map.insert(c, utf16(&d));
                        }
                        c += 1;
                        j += 1;
                    }
                    if let Some(d) = tokens.get(j).and_then(|t| hex(t.trim_end_matches(']'))) {
                        map.insert(c, utf16(&d));
                    }
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (bytes_per_code > 0 && !map.is_empty()).then_some((bytes_per_code, map))
}

fn deref_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(o).ok()?.1.as_dict().ok()
}

fn array_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    doc.dereference(d.get(key).ok()?).ok()?.1.as_array().ok()
}

/// A font's decoder and glyph widths.
fn font_of<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<Font<'a>> {
    let map = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())
        .and_then(|s| {
            to_unicode(
                &s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
            )
        });
    let decode = match map {
        Some((n, m)) => Decode::Map(n, m),
        None => Decode::Lopdf(font.get_font_encoding(doc).ok()?),
    };
    let mut widths = std::collections::HashMap::new();
    let mut default_width = 500.0;
    let descendant = array_of(doc, font, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| deref_dict(doc, o));
    if let Some(cid) = descendant {
        default_width = cid.get(b"DW").map_or(1000.0, num);
        if let Some(w) = array_of(doc, cid, b"W") {
            let mut i = 0;
            while i + 1 < w.len() && widths.len() < 100_000 {
                let first = num(&w[i]) as u32;
                match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
                    Ok(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate() {
                            widths.insert(first + k as u32, num(v));
                        }
                        i += 2;
                    }
                    _ => {
                        let last = num(&w[i + 1]) as u32;
                        let v = w.get(i + 2).map_or(default_width, num);
                        for c in first..=last.min(first + 65_535) {
                            widths.insert(c, v);
                        }
                        i += 3;
                    }
                }
            }
        }
    } else {
        let first = font.get(b"FirstChar").map_or(0.0, num) as u32;
        // A Type 3 font measures in its own glyph space.
        let scale = array_of(doc, font, b"FontMatrix")
            .and_then(|m| m.first())
            .map_or(1.0, |a| num(a) * 1000.0);
        if let Some(w) = array_of(doc, font, b"Widths") {
            for (k, v) in w.iter().enumerate() {
                widths.insert(first + k as u32, num(v) * scale);
            }
        }
    }
    Some(Font {
        decode,
        widths,
        default_width,
    })
}

/// The fonts of a resource dictionary.
fn fonts_of<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
) -> BTreeMap<Vec<u8>, Font<'a>> {
    let mut out = BTreeMap::new();
    let Some(fonts) = resources.and_then(|r| dict_in(doc, r, b"Font")) else {
        return out;
    };
    for (name, f) in fonts.iter() {
        if let Some(font) = deref_dict(doc, f).and_then(|d| font_of(doc, d)) {
            out.insert(name.clone(), font);
        }
    }
    out
}

/// What is left to read of the whole file.
struct Budget {
    glyphs: usize,
    ops: usize,
}

fn read_page(doc: &Document, id: lopdf::ObjectId, budget: &mut Budget) -> Page {
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
fn walk(
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
fn push_rule(rules: &mut Vec<Rule>, a: (f32, f32), b: (f32, f32)) {
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
fn as_rect(sub: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    (sub.len() >= 4 && sub.len() <= 5).then(|| [sub[0], sub[1], sub[2], sub[3]])
}

/// A thin rectangle is a rule (how many programs draw cell borders); a larger one gives its
/// edges when it is stroked.
fn rect_rules(rules: &mut Vec<Rule>, r: &[(f32, f32); 4], stroked: bool) {
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

/// The box of rules around a point: (left, right, bottom, top), if it is closed on all sides.
fn cell_at(rules: &[Rule], x: f32, y: f32) -> Option<(f32, f32, f32, f32)> {
    const T: f32 = 1.0;
    let mut left: Option<f32> = None;
    let mut right: Option<f32> = None;
    let mut bottom: Option<f32> = None;
    let mut top: Option<f32> = None;
    for r in rules {
        if r.horizontal {
            if r.from - T <= x && x <= r.to + T {
                if r.pos >= y {
                    top = Some(top.map_or(r.pos, |t| t.min(r.pos)));
                } else {
                    bottom = Some(bottom.map_or(r.pos, |b| b.max(r.pos)));
                }
            }
        } else if r.from - T <= y && y <= r.to + T {
            if r.pos <= x {
                left = Some(left.map_or(r.pos, |l| l.max(r.pos)));
            } else {
                right = Some(right.map_or(r.pos, |l| l.min(r.pos)));
            }
        }
    }
    let b = (left?, right?, bottom?, top?);
    (b.1 - b.0 > 4.0 && b.3 - b.2 > 4.0).then_some(b)
}

/// A line of the output, before paragraphs are joined.
struct Line {
    text: String,
    /// A table row's cells, (left edge, right edge, text), left to right.
    cells: Vec<(f32, f32, String)>,
    /// A table row.
    row: bool,
    left: f32,
    right: f32,
    /// The font size, for distances in characters.
    size: f32,
}

/// Whether a line is page furniture: a folio, a page number, or nianbao's draft mark.
fn is_furniture(text: &str, y: f32, height: f32) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let margin = y > height * 0.9 || y < height * 0.1;
    if !margin {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let folio = t
        .strip_prefix(['—', '–', '-'])
        .and_then(|s| s.strip_suffix(['—', '–', '-']))
        .is_some_and(digits);
    let page_of = t
        .strip_prefix('第')
        .and_then(|s| s.split('页').next())
        .is_some_and(digits);
    folio
        || page_of
        || digits(&t)
        || ["草稿", "待审核", "审核稿"]
            .iter()
            .any(|m| t.starts_with(m))
}

/// The lines of all pages in reading order, paragraphs joined.
fn lines_of(pages: &[Page]) -> Vec<String> {
    let mut lines: Vec<Line> = Vec::new();
    // Every row seen so far: a table's header repeated on a new page is no cut-off row.
    let mut seen_rows: std::collections::HashSet<String> = std::collections::HashSet::new();
    let row_key = |l: &Line| {
        l.cells
            .iter()
            .map(|(_, _, t)| t.as_str())
            .collect::<String>()
    };
    for page in pages {
        // (top y, left x, line) of every item on the page, rows and text lines alike.
        let mut items: Vec<(f32, f32, Line)> = Vec::new();
        let mut cells: BTreeMap<(i64, i64, i64, i64), Vec<&Run>> = BTreeMap::new();
        let mut free: Vec<&Run> = Vec::new();
        // Each glyph looks for its box among the page's rules; a page with rules and glyphs
        // beyond any report's is read as text alone, so the time stays bounded.
        let rules: &[Rule] = if page.rules.len().saturating_mul(page.runs.len()) <= MAX_CELL_WORK {
            &page.rules
        } else {
            &[]
        };
        for run in &page.runs {
            if run.text.is_empty() {
                continue;
            }
            let probe = (run.x + run.size * 0.2, run.y + run.size * 0.35);
            match cell_at(rules, probe.0, probe.1) {
                Some((l, r, b, t)) => {
                    let key = |v: f32| (v * 2.0).round() as i64;
                    cells
                        .entry((key(t), key(l), key(r), key(b)))
                        .or_default()
                        .push(run);
                }
                None => free.push(run),
            }
        }
        // Table rows: cells whose top is at the same height, left to right.
        let mut rows: BTreeMap<i64, Vec<(i64, i64, String)>> = BTreeMap::new();
        for ((top, left, right, _), mut runs) in cells {
            runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
            let text = joined(&runs);
            rows.entry(top).or_default().push((left, right, text));
        }
        for (top, mut row) in rows {
            row.sort_by_key(|(l, _, _)| *l);
            let left = row.first().map_or(0.0, |(l, _, _)| *l as f32 / 2.0);
            let cells: Vec<(f32, f32, String)> = row
                .into_iter()
                .map(|(l, r, t)| (l as f32 / 2.0, r as f32 / 2.0, t))
                .collect();
            items.push((
                top as f32 / 2.0,
                left,
                Line {
                    text: String::new(),
                    cells,
                    row: true,
                    left,
                    right: 0.0,
                    size: 0.0,
                },
            ));
        }
        // Free text: runs on one baseline are one line.
        free.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        let mut i = 0;
        while i < free.len() {
            let base = free[i];
            let mut same: Vec<&Run> = vec![base];
            let mut j = i + 1;
            while j < free.len() && (free[j].y - base.y).abs() < base.size * 0.4 {
                same.push(free[j]);
                j += 1;
            }
            same.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut text = String::new();
            let mut end = same[0].x;
            for r in &same {
                let gap = r.x - end;
                let digits = text.ends_with(|c: char| c.is_ascii_digit())
                    && r.text.starts_with(|c: char| c.is_ascii_digit());
                if !text.is_empty() && (gap > r.size * 1.5 || (digits && gap > r.size * 0.6)) {
                    // Numbers this far apart stand in columns of their own.
                    text.push('\t');
                } else if gap > r.size * 0.2 && latin_pair(&text, &r.text) {
                    text.push(' ');
                }
                if r.text != " " || !(text.is_empty() || text.ends_with([' ', '\t'])) {
                    text.push_str(&r.text);
                }
                end = r.x + r.width;
            }
            let top = base.y + base.size;
            let text = text.trim().to_string();
            if !text.is_empty() && !is_furniture(&text, base.y, page.height) {
                items.push((
                    top,
                    same[0].x,
                    Line {
                        text,
                        cells: Vec::new(),
                        row: false,
                        left: same[0].x,
                        right: end,
                        size: base.size,
                    },
                ));
            }
            i = j;
        }
        items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
        let mut items = items.into_iter().map(|(_, _, l)| l).peekable();
        // A table row cut by the page break: the rest of its labels open the next page, with no
        // numbers of their own, in cells of exactly the width of the cells they continue.
        if let (Some(prev), Some(first)) = (lines.last_mut(), items.peek())
            && prev.row
            && first.row
            && !first
                .cells
                .iter()
                .any(|(_, _, t)| t.chars().any(|c| c.is_ascii_digit()))
            && !seen_rows.contains(&row_key(first))
            && first.cells.iter().all(|(l, r, _)| {
                prev.cells
                    .iter()
                    .any(|(pl, pr, _)| (pl - l).abs() < 2.0 && (pr - r).abs() < 2.0)
            })
            && let Some(rest) = items.next()
        {
            for (left, _, text) in rest.cells {
                if let Some((_, _, cell)) = prev
                    .cells
                    .iter_mut()
                    .find(|(l, _, _)| (l - left).abs() < 2.0)
                {
                    cell.push_str(&text);
                }
            }
        }
        for l in items {
            if l.row {
                seen_rows.insert(row_key(&l));
            }
            lines.push(l);
        }
    }
    for l in &mut lines {
        if l.row {
            l.text = l
                .cells
                .iter()
                .map(|(_, _, t)| split_numbers(t))
                .collect::<Vec<_>>()
                .join("\t");
        }
    }
    join_paragraphs(lines)
}

/// Whether a gap between these two pieces is a word space: Latin letters or digits on both sides.
fn latin_pair(before: &str, after: &str) -> bool {
    before
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The text of one cell: its lines joined (a label wrapped over lines is one label).
fn joined(runs: &[&Run]) -> String {
    let mut out = String::new();
    let mut last: Option<&Run> = None;
    for r in runs {
        if let Some(p) = last
            && (p.y - r.y).abs() < p.size * 0.4
            && r.x - (p.x + p.width) > r.size * 0.2
            && latin_pair(&out, &r.text)
        {
            out.push(' ');
        }
        if r.text != " " || !(out.is_empty() || out.ends_with(' ')) {
            out.push_str(&r.text);
        }
        last = Some(r);
    }
    out.trim().to_string()
}

/// A cell that holds several numbers one space apart is several cells whose rule was not drawn
/// (a row cut by the page): 「0 0」 → 「0⇥0」.
fn split_numbers(cell: &str) -> String {
    let pieces: Vec<&str> = cell.split_whitespace().collect();
    let numeric = |p: &&str| p.chars().all(|c| c.is_ascii_digit() || c == '.');
    if pieces.len() > 1 && pieces.iter().all(numeric) {
        pieces.join("\t")
    } else {
        cell.to_string()
    }
}

/// Joins a line to the one before when that one fills the measure and this one is not indented.
/// "Fills" allows for what line breaking leaves: a line is short by the first unbreakable piece
/// of the next (a number, an e-mail address, a bracket that may not end a line).
fn join_paragraphs(lines: Vec<Line>) -> Vec<String> {
    let text_lines = || lines.iter().filter(|l| !l.row);
    let margin = text_lines().map(|l| l.left).fold(f32::MAX, f32::min);
    // Most body lines are full: the upper quartile of their ends is the measure (robust to a
    // line whose width was over-estimated).
    let mut ends: Vec<f32> = text_lines().map(|l| l.right).collect();
    ends.sort_by(f32::total_cmp);
    let measure = ends.get(ends.len() * 3 / 4).copied().unwrap_or(0.0);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in &lines {
        if l.row {
            out.push(l.text.clone());
            prev = None;
            continue;
        }
        let continues = prev.is_some_and(|p| {
            let indented = l.left > margin + l.size * 0.5;
            let full = p.right + first_piece_width(&l.text, l.size) >= measure - 1.5 * p.size;
            // A right-aligned line (a date, a signature) ends at the measure but is no body line.
            let body = p.left <= margin + 4.0 * p.size;
            !indented && full && body && !p.text.contains('\t')
        });
        match out.last_mut() {
            Some(last) if continues => last.push_str(l.text.trim_start()),
            _ => out.push(l.text.clone()),
        }
        prev = Some(l);
    }
    out
}

/// The width of what must stay with a line's first character: a run of Latin letters, digits
/// and the brackets and quotes that may not end a line.
fn first_piece_width(text: &str, size: f32) -> f32 {
    let mut w = 0.0;
    for (i, c) in text.trim_start().chars().enumerate() {
        let sticky = c.is_ascii_graphic() || "〔〕（）《》“”‘’【】".contains(c);
        if i > 0 && !sticky {
            break;
        }
        w += char_width(c, size);
        if i == 0 && !sticky {
            break;
        }
    }
    w
}
