//! A page's fonts and how their codes become text: ToUnicode maps for every font type, simple
//! encodings, and the glyph widths that place each character.

use super::*;

/// The page's resource dictionary (inherited from the page tree where the page has none).
pub(super) fn resources_of(doc: &Document, page: lopdf::ObjectId) -> Option<&Dictionary> {
    let (own, ids) = doc.get_page_resources(page).ok()?;
    own.or_else(|| ids.first().and_then(|id| doc.get_dictionary(*id).ok()))
}

pub(super) fn dict_in<'a>(
    doc: &'a Document,
    d: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    let o = d.get(key).ok()?;
    doc.dereference(o).ok()?.1.as_dict().ok()
}

/// How a font's bytes become text, and how far each glyph advances.
pub(super) struct Font<'a> {
    pub(super) decode: Decode<'a>,
    /// Advance of a code in thousandths of the font size.
    pub(super) widths: std::collections::HashMap<u32, f32>,
    pub(super) default_width: f32,
}

pub(super) enum Decode<'a> {
    /// The font's ToUnicode map (preferred whatever the font type: lopdf would read a Type 3
    /// font's glyph names instead): bytes per code, code → text.
    Map(usize, std::collections::HashMap<u32, String>),
    /// lopdf's reading of the font's encoding.
    Lopdf(Encoding<'a>),
}

impl Font<'_> {
    pub(super) fn bytes_per_code(&self) -> usize {
        match &self.decode {
            Decode::Map(n, _) => *n,
            Decode::Lopdf(Encoding::UnicodeMapEncoding(_)) => 2,
            Decode::Lopdf(_) => 1,
        }
    }

    /// Each glyph of a shown string: its text and its advance (in thousandths of the size).
    pub(super) fn glyphs(&self, bytes: &[u8]) -> Vec<(String, f32)> {
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
pub(super) fn to_unicode(data: &[u8]) -> Option<(usize, std::collections::HashMap<u32, String>)> {
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

pub(super) fn deref_dict<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(o).ok()?.1.as_dict().ok()
}

pub(super) fn array_of<'a>(
    doc: &'a Document,
    d: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    doc.dereference(d.get(key).ok()?).ok()?.1.as_array().ok()
}

/// A font's decoder and glyph widths.
pub(super) fn font_of<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<Font<'a>> {
    let map = font
        .get(b"ToUnicode")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())
        .and_then(|s| {
            // A map larger than any font's is no map (and never inflated past the cap).
            to_unicode(
                &s.decompressed_content_with_limit(super::MAX_STREAM)
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
pub(super) fn fonts_of<'a>(
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
