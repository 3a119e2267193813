//! Walking a page's content streams (and the forms they call, to a bounded depth): glyph runs
//! with their positions, and the ruling lines that draw tables.

use super::*;

/// What is left to read of the whole file.
pub(super) struct Budget {
    pub(super) glyphs: usize,
    pub(super) ops: usize,
    /// Bytes the file's streams may still inflate to (see [`super::MAX_INFLATED`]).
    pub(super) inflated: usize,
    /// A stream was over its cap: the import stops with [`super::PdfError::TooLargeStream`].
    pub(super) too_large: bool,
}

impl Budget {
    /// The cap for the next stream: its own, or what the file has left.
    pub(super) fn cap(&self) -> usize {
        super::MAX_STREAM.min(self.inflated)
    }

    /// Counts an inflated stream, or notes that it was over its cap.
    pub(super) fn take(&mut self, inflated: lopdf::Result<Vec<u8>>) -> Option<Vec<u8>> {
        match inflated {
            Ok(data) => {
                self.inflated = self.inflated.saturating_sub(data.len());
                Some(data)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.too_large = true;
                None
            }
            Err(_) => None,
        }
    }
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
    let scope = Scope {
        doc,
        resources: resources_of(doc, id),
        base: IDENTITY,
        depth: 0,
    };
    let content = doc.get_page_content_with_limit(id, budget.cap());
    let Some(content) = budget.take(content) else {
        return page;
    };
    walk(&scope, &content, budget, &mut page);
    page
}

/// Where a content stream is read: its document and resources, the matrix it starts from and
/// how deep in forms it is.
pub(super) struct Scope<'d> {
    pub(super) doc: &'d Document,
    pub(super) resources: Option<&'d Dictionary>,
    pub(super) base: Matrix,
    pub(super) depth: usize,
}

/// The text state of PDF's text operators.
struct TextState<'f> {
    tm: Matrix,
    tlm: Matrix,
    font: Option<&'f Font<'f>>,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    size: f32,
    leading: f32,
}

impl TextState<'_> {
    /// To the start of the next line (T*).
    fn next_line(&mut self) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -self.leading], &self.tlm);
        self.tm = self.tlm;
    }
}

/// One content stream being interpreted: the graphics and text state, the path being built.
struct Interpreter<'s, 'd, 'f> {
    scope: &'s Scope<'d>,
    fonts: &'f BTreeMap<Vec<u8>, Font<'d>>,
    ctm: Matrix,
    stack: Vec<Matrix>,
    text: TextState<'f>,
    path: Vec<Vec<(f32, f32)>>,
    rects: Vec<[(f32, f32); 4]>,
}

/// Interprets one content stream: text runs and rules into `page`.
pub(super) fn walk(scope: &Scope, content: &[u8], budget: &mut Budget, page: &mut Page) {
    if budget.ops == 0 {
        return;
    }
    let fonts = fonts_of(scope.doc, scope.resources);
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
    let mut it = Interpreter {
        scope,
        fonts: &fonts,
        ctm: scope.base,
        stack: Vec::new(),
        text: TextState {
            tm: IDENTITY,
            tlm: IDENTITY,
            font: None,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            size: 0.0,
            leading: 0.0,
        },
        path: Vec::new(),
        rects: Vec::new(),
    };
    // A decoded operator costs some hundred bytes: a long stream is decoded a piece at a time,
    // and no further than the operator budget reaches.
    for piece in pieces(content) {
        if budget.ops == 0 {
            return;
        }
        let Ok(decoded) = Content::decode(piece) else {
            continue;
        };
        for op in &decoded.operations {
            if budget.ops == 0 {
                return;
            }
            budget.ops -= 1;
            it.op(op, budget, page);
        }
    }
}

/// How much of a content stream is decoded at once.
const PIECE: usize = 1 << 20;

/// A content stream in pieces of about [`PIECE`] bytes, cut after a line break (a report's
/// page is a single piece; only streams no report has are cut).
fn pieces(content: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = content;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = if rest.len() <= PIECE {
            rest.len()
        } else {
            rest[..PIECE]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(rest.len().min(PIECE), |i| i + 1)
        };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

impl<'d, 'f> Interpreter<'_, 'd, 'f> {
    fn op(&mut self, op: &lopdf::content::Operation, budget: &mut Budget, page: &mut Page) {
        let o = &op.operands;
        let name = op.operator.as_str();
        match name {
            "q" => self.stack.push(self.ctm),
            "Q" => self.ctm = self.stack.pop().unwrap_or(self.scope.base),
            "cm" => {
                if let Some(m) = matrix_of(o) {
                    self.ctm = mul(&m, &self.ctm);
                }
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if name != "Tj" && name != "TJ" {
                    self.text.next_line();
                }
                let parts: Vec<&Object> = match name {
                    "TJ" => o
                        .first()
                        .and_then(|a| a.as_array().ok())
                        .map(|a| a.iter().collect())
                        .unwrap_or_default(),
                    _ => o.last().into_iter().collect(),
                };
                self.show(&parts, budget, page);
            }
            "BT" | "Tf" | "TL" | "Tc" | "Tw" | "Tz" | "Td" | "TD" | "Tm" | "T*" => {
                self.text_op(name, o)
            }
            "m" | "l" | "h" | "re" | "n" => self.path_op(name, o),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => self.paint(name, page),
            "Do" if self.scope.depth < MAX_DEPTH => self.form(o, budget, page),
            _ => {}
        }
    }

    /// The text state operators.
    fn text_op(&mut self, name: &str, o: &[Object]) {
        let t = &mut self.text;
        match name {
            "BT" => {
                t.tm = IDENTITY;
                t.tlm = IDENTITY;
            }
            "Tf" => {
                t.font = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .and_then(|n| self.fonts.get(n));
                t.size = o.get(1).map_or(0.0, num);
            }
            "TL" => t.leading = o.first().map_or(0.0, num),
            "Tc" => t.char_spacing = o.first().map_or(0.0, num),
            "Tw" => t.word_spacing = o.first().map_or(0.0, num),
            "Tz" => t.h_scale = o.first().map_or(100.0, num) / 100.0,
            "Td" | "TD" => {
                let (tx, ty) = (o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                if name == "TD" {
                    t.leading = -ty;
                }
                t.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &t.tlm);
                t.tm = t.tlm;
            }
            "Tm" => {
                if let Some(m) = matrix_of(o) {
                    t.tlm = m;
                    t.tm = m;
                }
            }
            "T*" => t.next_line(),
            _ => {}
        }
    }

    /// Shows strings: each glyph at its own place. Programs draw quotes, digits and Chinese in
    /// separate fonts and interleave them by position, not by order.
    fn show(&mut self, parts: &[&Object], budget: &mut Budget, page: &mut Page) {
        let t = &self.text;
        let Some(f) = t.font else { return };
        let m = mul(&t.tm, &self.ctm);
        let x_scale = (m[0] * m[0] + m[1] * m[1]).sqrt();
        let shown = t.size * (m[2] * m[2] + m[3] * m[3]).sqrt();
        let mut advance = 0.0f32;
        for p in parts {
            let Object::String(bytes, _) = p else {
                advance -= num(p) / 1000.0 * t.size * t.h_scale;
                continue;
            };
            for (text, w) in f.glyphs(bytes) {
                let step = (w / 1000.0 * t.size
                    + t.char_spacing
                    + if text == " " { t.word_spacing } else { 0.0 })
                    * t.h_scale;
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
        self.text.tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &self.text.tm);
    }

    /// The path construction operators.
    fn path_op(&mut self, name: &str, o: &[Object]) {
        let ctm = &self.ctm;
        match name {
            "m" => {
                let (x, y) = apply(ctm, o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                self.path.push(vec![(x, y)]);
            }
            "l" => {
                let p = apply(ctm, o.first().map_or(0.0, num), o.get(1).map_or(0.0, num));
                match self.path.last_mut() {
                    Some(sub) => sub.push(p),
                    None => self.path.push(vec![p]),
                }
            }
            "h" => {
                if let Some(sub) = self.path.last_mut()
                    && let Some(first) = sub.first().copied()
                {
                    sub.push(first);
                }
            }
            "re" => {
                let v: Vec<f32> = o.iter().map(num).collect();
                if let [x, y, w, h] = v[..] {
                    self.rects.push([
                        apply(ctm, x, y),
                        apply(ctm, x + w, y),
                        apply(ctm, x + w, y + h),
                        apply(ctm, x, y + h),
                    ]);
                }
            }
            "n" => {
                self.path.clear();
                self.rects.clear();
            }
            _ => {}
        }
    }

    /// A painting operator: what was drawn becomes rules. A filled area is a rule only where
    /// it is thin: a filled cell background or highlight says nothing about where the cell
    /// ends.
    fn paint(&mut self, name: &str, page: &mut Page) {
        let stroked = !matches!(name, "f" | "F" | "f*");
        for sub in self.path.drain(..) {
            if stroked {
                for w in sub.windows(2) {
                    push_rule(&mut page.rules, w[0], w[1]);
                }
            } else if let Some(r) = as_rect(&sub) {
                rect_rules(&mut page.rules, &r, false);
            }
        }
        for r in self.rects.drain(..) {
            rect_rules(&mut page.rules, &r, stroked);
        }
    }

    /// `Do` of a form: its content walked with its own resources and matrix.
    fn form(&mut self, o: &[Object], budget: &mut Budget, page: &mut Page) {
        let (doc, resources) = (self.scope.doc, self.scope.resources);
        let Some(name) = o.first().and_then(|n| n.as_name().ok()) else {
            return;
        };
        let Some(xobjects) = resources.and_then(|r| dict_in(doc, r, b"XObject")) else {
            return;
        };
        let Some(stream) = xobjects
            .get(name)
            .ok()
            .and_then(|x| doc.dereference(x).ok())
            .and_then(|(_, x)| x.as_stream().ok())
        else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let m = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|a| a.as_array().ok())
            .and_then(|a| matrix_of(a))
            .unwrap_or(IDENTITY);
        let inner = Scope {
            doc,
            resources: dict_in(doc, &stream.dict, b"Resources").or(resources),
            base: mul(&m, &self.ctm),
            depth: self.scope.depth + 1,
        };
        // A stream that does not decode is read as it is (some writers leave it plain).
        let data = match stream.decompressed_content_with_limit(budget.cap()) {
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                budget.too_large = true;
                return;
            }
            other => other.unwrap_or_else(|_| stream.content.clone()),
        };
        budget.inflated = budget.inflated.saturating_sub(data.len());
        walk(&inner, &data, budget, page);
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

#[cfg(test)]
mod piece_tests {
    use super::{PIECE, pieces};

    #[test]
    fn a_long_stream_is_cut_after_line_breaks_and_nothing_is_lost() {
        let line = b"BT /F1 12 Tf 10 10 Td (a) Tj ET\n";
        let content: Vec<u8> = line
            .iter()
            .copied()
            .cycle()
            .take(line.len() * 100_000)
            .collect();
        let parts: Vec<&[u8]> = pieces(&content).collect();
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|p| p.len() <= PIECE && p.ends_with(b"\n")));
        assert_eq!(parts.concat(), content);
        // A page of a report is one piece.
        assert_eq!(pieces(line).count(), 1);
    }
}
