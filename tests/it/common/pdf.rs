//! Reads an exported PDF back in Rust (lopdf), the way a reviewer's viewer would: the text of each
//! page through the fonts' ToUnicode maps, the page size, the document information and XMP
//! metadata, and the fonts with whether each is embedded, subset and mapped to Unicode. The tests
//! need no poppler on the machine.

use std::path::Path;

use lopdf::{Dictionary, Document, Object};

/// A PDF, parsed.
pub struct Pdf {
    doc: Document,
}

/// A font as a viewer's font list shows it.
#[derive(Debug)]
pub struct FontInfo {
    /// The base font name, with its subset tag (`ABCDEF+Name`).
    pub name: String,
    /// The font program is in the file.
    pub embedded: bool,
    /// The name carries a six-letter subset tag.
    pub subset: bool,
    /// It has a ToUnicode map, so its text can be copied.
    pub unicode: bool,
}

impl Pdf {
    /// Parses a PDF file; a file that does not parse fails the test.
    pub fn open(path: &Path) -> Pdf {
        match Document::load(path) {
            Ok(doc) => Pdf { doc },
            Err(e) => panic!("{} is no readable PDF: {e}", path.display()),
        }
    }

    /// The text of each page, in drawing order, lines separated by newlines.
    pub fn pages(&self) -> Vec<String> {
        self.doc
            .get_pages()
            .keys()
            .map(|n| match self.doc.extract_text(&[*n]) {
                Ok(t) => t,
                Err(e) => panic!("page {n}: {e}"),
            })
            .collect()
    }

    /// All the text, pages separated by a form feed.
    pub fn text(&self) -> String {
        self.pages().join("\u{c}")
    }

    /// The first page's size in points (width, height).
    pub fn page_size(&self) -> (f32, f32) {
        let first = self.doc.page_iter().next().expect("a page");
        let page = self.doc.get_dictionary(first).expect("page dictionary");
        let mb = page
            .get(b"MediaBox")
            .and_then(|o| self.doc.dereference(o).map(|(_, o)| o))
            .and_then(Object::as_array)
            .expect("MediaBox");
        let n = |o: &Object| o.as_float().or_else(|_| o.as_i64().map(|v| v as f32));
        let v: Vec<f32> = mb.iter().map(|o| n(o).expect("number")).collect();
        (v[2] - v[0], v[3] - v[1])
    }

    /// A text entry of the document information dictionary (Title, Author…).
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let (_, info) = self.doc.dereference(info).ok()?;
        let value = info.as_dict().ok()?.get(key.as_bytes()).ok()?;
        let (_, value) = self.doc.dereference(value).ok()?;
        text_string(value.as_str().ok()?)
    }

    /// The catalog's /Lang.
    pub fn lang(&self) -> Option<String> {
        let lang = self.doc.catalog().ok()?.get(b"Lang").ok()?;
        let (_, lang) = self.doc.dereference(lang).ok()?;
        text_string(lang.as_str().ok()?)
    }

    /// Whether the viewer is asked to show the document title as the window title.
    pub fn displays_title(&self) -> bool {
        let Ok(prefs) = self.doc.catalog().and_then(|c| c.get(b"ViewerPreferences")) else {
            return false;
        };
        let Ok((_, prefs)) = self.doc.dereference(prefs) else {
            return false;
        };
        prefs
            .as_dict()
            .and_then(|d| d.get(b"DisplayDocTitle"))
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// The XMP metadata packet of the catalog, as text.
    pub fn xmp(&self) -> Option<String> {
        let m = self.doc.catalog().ok()?.get(b"Metadata").ok()?;
        let (_, m) = self.doc.dereference(m).ok()?;
        let s = m.as_stream().ok()?;
        let bytes = s
            .decompressed_content()
            .unwrap_or_else(|_| s.content.clone());
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Every font used on any page, once.
    pub fn fonts(&self) -> Vec<FontInfo> {
        let mut out: Vec<FontInfo> = Vec::new();
        for page in self.doc.page_iter() {
            let fonts = self.doc.get_page_fonts(page).expect("page fonts");
            for font in fonts.values() {
                let info = self.font_info(font);
                if !out.iter().any(|f| f.name == info.name) {
                    out.push(info);
                }
            }
        }
        out
    }

    fn font_info(&self, font: &Dictionary) -> FontInfo {
        let name = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        // A composite font keeps its program in its descendant's descriptor.
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let descriptor = descendant
            .unwrap_or(font)
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| self.doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        let embedded = descriptor.is_some_and(|d| {
            [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
                .iter()
                .any(|k| d.has(k))
        });
        let subset = name.len() > 7
            && name.as_bytes()[6] == b'+'
            && name.as_bytes()[..6].iter().all(u8::is_ascii_uppercase);
        FontInfo {
            unicode: font.has(b"ToUnicode"),
            name,
            embedded,
            subset,
        }
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, or (here, ASCII) PDFDocEncoding.
fn text_string(bytes: &[u8]) -> Option<String> {
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(b) => {
            let units: Vec<u16> = b
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).ok()
        }
        None => Some(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}
