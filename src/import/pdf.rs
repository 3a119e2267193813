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
/// Content operators read per page at the most; the rest of a page is left out.
const MAX_OPS: usize = 400_000;
/// Glyph runs kept over the whole file at the most.
const MAX_RUNS: usize = 200_000;
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
}

impl Run {
    /// Estimated width: CJK, full-width forms and general punctuation (“”—…) one em, others half.
    fn width(&self) -> f32 {
        self.text.chars().map(|c| char_width(c, self.size)).sum()
    }
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
    let mut budget = MAX_RUNS;
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

/// The fonts of a resource dictionary with their encodings.
fn fonts_of<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
) -> BTreeMap<Vec<u8>, Encoding<'a>> {
    let mut out = BTreeMap::new();
    let Some(fonts) = resources.and_then(|r| dict_in(doc, r, b"Font")) else {
        return out;
    };
    for (name, f) in fonts.iter() {
        let Some(font) = doc.dereference(f).ok().and_then(|(_, o)| o.as_dict().ok()) else {
            continue;
        };
        if let Ok(enc) = font.get_font_encoding(doc) {
            out.insert(name.clone(), enc);
        }
    }
    out
}

fn read_page(doc: &Document, id: lopdf::ObjectId, budget: &mut usize) -> Page {
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
    budget: &mut usize,
    page: &mut Page,
) {
    let Ok(content) = Content::decode(content) else {
        return;
    };
    let fonts = fonts_of(doc, resources);
    let mut ctm = base;
    let mut stack: Vec<Matrix> = Vec::new();
    let (mut tm, mut tlm) = (IDENTITY, IDENTITY);
    let mut font: Option<&Encoding> = None;
    let mut size = 0.0f32;
    let mut leading = 0.0f32;
    let mut path: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut rects: Vec<[(f32, f32); 4]> = Vec::new();
    for op in content.operations.iter().take(MAX_OPS) {
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
                let Some(enc) = font else { continue };
                let m = mul(&tm, &ctm);
                let (x, y) = apply(&m, 0.0, 0.0);
                let scale = (m[2] * m[2] + m[3] * m[3]).sqrt();
                let shown = size * scale;
                let mut text = String::new();
                let mut advance = 0.0f32;
                let parts: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => o
                        .first()
                        .and_then(|a| a.as_array().ok())
                        .map(|a| a.iter().collect())
                        .unwrap_or_default(),
                    _ => o.last().into_iter().collect(),
                };
                for p in parts {
                    match p {
                        Object::String(bytes, _) => {
                            if let Ok(s) = enc.bytes_to_string(bytes) {
                                advance += s.chars().map(|c| char_width(c, size)).sum::<f32>();
                                text.push_str(&s);
                            }
                        }
                        other => {
                            let adj = num(other);
                            advance -= adj / 1000.0 * size;
                            // A wide gap inside one operator separates words or cells.
                            if adj < -600.0 && !text.ends_with(' ') {
                                text.push(' ');
                            }
                        }
                    }
                }
                tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                if !text.is_empty() && *budget > 0 {
                    *budget -= 1;
                    page.runs.push(Run {
                        x,
                        y,
                        size: shown.max(1.0),
                        text,
                    });
                }
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
                for sub in path.drain(..) {
                    for w in sub.windows(2) {
                        push_rule(&mut page.rules, w[0], w[1]);
                    }
                }
                for r in rects.drain(..) {
                    rect_rules(&mut page.rules, &r);
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

/// A thin rectangle is a rule (how many programs draw cell borders); a larger one gives its edges.
fn rect_rules(rules: &mut Vec<Rule>, r: &[(f32, f32); 4]) {
    let (x0, x1) = (r[0].0.min(r[2].0), r[0].0.max(r[2].0));
    let (y0, y1) = (r[0].1.min(r[2].1), r[0].1.max(r[2].1));
    if y1 - y0 < 3.0 && x1 - x0 > 2.0 {
        push_rule(rules, (x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
    } else if x1 - x0 < 3.0 && y1 - y0 > 2.0 {
        push_rule(rules, ((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
    } else {
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
    /// A table row (never joined to its neighbours).
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
    for page in pages {
        // (top y, left x, line) of every item on the page, rows and text lines alike.
        let mut items: Vec<(f32, f32, Line)> = Vec::new();
        let mut cells: BTreeMap<(i64, i64, i64, i64), Vec<&Run>> = BTreeMap::new();
        let mut free: Vec<&Run> = Vec::new();
        for run in &page.runs {
            if run.text.trim().is_empty() {
                continue;
            }
            let probe = (run.x + run.size * 0.2, run.y + run.size * 0.35);
            match cell_at(&page.rules, probe.0, probe.1) {
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
        let mut rows: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
        for ((top, left, _, _), mut runs) in cells {
            runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
            let text = joined(&runs);
            rows.entry(top).or_default().push((left, text));
        }
        for (top, mut row) in rows {
            row.sort_by_key(|(l, _)| *l);
            let left = row.first().map_or(0.0, |(l, _)| *l as f32 / 2.0);
            let text = row
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\t");
            items.push((
                top as f32 / 2.0,
                left,
                Line {
                    text,
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
                if !text.is_empty() && gap > r.size * 1.5 {
                    text.push('\t');
                } else if !text.is_empty() && gap > r.size * 0.2 && r.text.is_ascii() {
                    text.push(' ');
                }
                text.push_str(&r.text);
                end = r.x + r.width();
            }
            let top = base.y + base.size;
            if !is_furniture(&text, base.y, page.height) {
                items.push((
                    top,
                    same[0].x,
                    Line {
                        text,
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
        lines.extend(items.into_iter().map(|(_, _, l)| l));
    }
    join_paragraphs(lines)
}

/// The text of one cell: its lines joined (a label wrapped over lines is one label).
fn joined(runs: &[&Run]) -> String {
    let mut out = String::new();
    let mut last: Option<&Run> = None;
    for r in runs {
        if let Some(p) = last
            && (p.y - r.y).abs() < p.size * 0.4
            && r.text.is_ascii()
            && r.x - (p.x + p.width()) > r.size * 0.2
        {
            out.push(' ');
        }
        out.push_str(r.text.trim());
        last = Some(r);
    }
    out
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
            !indented && full && !p.text.contains('\t')
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
