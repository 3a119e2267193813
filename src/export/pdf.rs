//! The sign-off PDF: the layout of [`super::layout`] drawn with printpdf, fonts subset (with
//! subsetter) and mapped to Unicode so the text can be copied and searched; then the catalog
//! gets what printpdf does not write (the language, the title shown by viewers, XMP metadata).
//!
//! Fonts: the official ones where the machine has them (方正小标宋简体, 仿宋_GB2312/仿宋,
//! 黑体, 楷体_GB2312/楷体), else the bundled free ones in `fonts/`. A character a face lacks is
//! drawn from the next face in its chain (finally Noto Sans CJK SC, which covers all of GBK),
//! never as an empty box.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use printpdf::{
    Codepoint, Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rgb, TextItem, TextMatrix,
};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::ExportError;
use super::layout::{Edition, Face, Measure, PAGE_H, PAGE_W, Page, layout_with};
use crate::core::Report;
use crate::fonts::{GUI_FONT, SYMBOL_FONT};

/// One font file: where it is, and once a page needs it, its bytes and units per em.
struct FontFile {
    path: PathBuf,
    index: u32,
    /// Read and checked on first use: most reports never need the fallback faces.
    loaded: std::sync::OnceLock<Option<(Vec<u8>, f32)>>,
    /// Glyph and advance (in em) of every mapped character, filled lazily.
    cache: std::sync::Mutex<HashMap<char, Option<(u32, f32)>>>,
}

impl FontFile {
    fn new(path: PathBuf, index: u32) -> FontFile {
        FontFile {
            path,
            index,
            loaded: std::sync::OnceLock::new(),
            cache: Default::default(),
        }
    }

    /// The font's bytes and units per em; `None` when the file cannot be read as a font (its
    /// characters then come from the next face in the chain).
    fn bytes(&self) -> Option<(&[u8], f32)> {
        self.loaded
            .get_or_init(|| {
                let data = std::fs::read(&self.path).ok()?;
                let upem = f32::from(
                    skrifa::FontRef::from_index(&data, self.index)
                        .ok()?
                        .metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em,
                );
                Some((data, upem))
            })
            .as_ref()
            .map(|(d, u)| (d.as_slice(), *u))
    }

    /// Advance in em, or `None` when the font has no glyph for `ch`.
    fn advance(&self, ch: char) -> Option<f32> {
        self.glyph(ch).map(|(_, a)| a)
    }

    /// Glyph id and advance in em, or `None` when the font has no glyph for `ch`.
    fn glyph(&self, ch: char) -> Option<(u32, f32)> {
        if let Ok(cache) = self.cache.lock()
            && let Some(v) = cache.get(&ch)
        {
            return *v;
        }
        let v = self.bytes().and_then(|(data, upem)| {
            let f = skrifa::FontRef::from_index(data, self.index).ok()?;
            let gid = f.charmap().map(ch)?;
            let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
            metrics.advance_width(gid).map(|a| (gid.to_u32(), a / upem))
        });
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(ch, v);
        }
        v
    }
}

/// The faces of the document, each with its fallback chain.
pub struct PdfFonts {
    files: Vec<FontFile>,
    chains: HashMap<Face, Vec<usize>>,
}

/// Family names of the official faces, as their name tables give them (in Chinese and in
/// English), best first: the `_GB2312` faces the format calls for, then the Windows ones.
fn official(face: Face) -> &'static [&'static str] {
    match face {
        Face::Title => &[
            "方正小标宋简体",
            "FZXiaoBiaoSong-B05S",
            "方正小标宋_GBK",
            "FZXiaoBiaoSong-B05",
        ],
        Face::Fang => &["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"],
        Face::Hei => &["黑体", "SimHei"],
        Face::Kai => &["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"],
        Face::Song => &["宋体", "SimSun"],
    }
}

/// The fonts installed on this machine, read once (names only). `NIANBAO_SYSTEM_FONTS` names a
/// folder to use instead, for tests.
fn system_fonts() -> &'static fontdb::Database {
    static DB: std::sync::OnceLock<fontdb::Database> = std::sync::OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        match std::env::var_os("NIANBAO_SYSTEM_FONTS") {
            Some(dir) => db.load_fonts_dir(dir),
            None => db.load_system_fonts(),
        }
        db
    })
}

/// The installed official font for `face`: its file and the face's index in it.
fn find_official(face: Face) -> Option<(PathBuf, u32)> {
    let db = system_fonts();
    official(face).iter().find_map(|name| {
        let id = db.query(&fontdb::Query {
            families: &[fontdb::Family::Name(name)],
            ..Default::default()
        })?;
        match db.face_source(id)? {
            (fontdb::Source::File(path), index) => Some((path, index)),
            _ => None,
        }
    })
}

fn bundled(face: Face) -> &'static str {
    match face {
        Face::Title => "NotoSerifSC-Black-GB2312.otf",
        Face::Fang => "FandolFang-Lean.otf",
        Face::Hei => "NotoSansSC-Bold-GB2312.otf",
        Face::Kai => "FandolKai-Lean.otf",
        Face::Song => "NotoSerifSC-Regular-Digits.otf",
    }
}

impl PdfFonts {
    /// The official fonts where installed, else the bundled ones. `Err` names what is missing.
    pub fn load() -> Result<PdfFonts, ExportError> {
        Self::load_with(true)
    }

    /// Only the bundled fonts (for reproducible tests and benchmarks).
    pub fn bundled() -> Result<PdfFonts, ExportError> {
        Self::load_with(false)
    }

    fn load_with(system: bool) -> Result<PdfFonts, ExportError> {
        let mut files: Vec<FontFile> = Vec::new();
        let mut chains = HashMap::new();
        let mut by_path: HashMap<(PathBuf, u32), usize> = HashMap::new();
        let mut add = |path: PathBuf, index: u32, files: &mut Vec<FontFile>| -> usize {
            *by_path.entry((path.clone(), index)).or_insert_with(|| {
                files.push(FontFile::new(path, index));
                files.len() - 1
            })
        };
        let bundled_path = |name: &str| crate::fonts::font_path(name);
        let fallback = add(bundled_path(GUI_FONT)?, 0, &mut files);
        let symbols = bundled_path(SYMBOL_FONT)
            .ok()
            .map(|p| add(p, 0, &mut files));
        let fang = add(bundled_path(bundled(Face::Fang))?, 0, &mut files);
        for face in [Face::Title, Face::Fang, Face::Hei, Face::Kai, Face::Song] {
            let mut chain = Vec::new();
            // An official font that cannot be read is passed over for the bundled one.
            if system && let Some((p, index)) = find_official(face) {
                chain.push(add(p, index, &mut files));
            }
            chain.push(add(bundled_path(bundled(face))?, 0, &mut files));
            // Digits and Latin of the page numbers fall back to the body face before Noto.
            if face != Face::Fang {
                chain.push(fang);
            }
            chain.push(fallback);
            chain.extend(symbols);
            chains.insert(face, chain);
        }
        // The body face must be a font: say so now rather than print empty pages.
        if files[fang].bytes().is_none() {
            return Err(ExportError::BadFont(bundled(Face::Fang).to_string()));
        }
        Ok(PdfFonts { files, chains })
    }

    /// The font that draws `ch` in `face` (the first in the chain that has it).
    fn pick(&self, face: Face, ch: char) -> usize {
        let chain = self.chains.get(&face).map(Vec::as_slice).unwrap_or(&[]);
        chain
            .iter()
            .copied()
            .find(|&i| self.files[i].advance(ch).is_some())
            .or_else(|| chain.last().copied())
            .unwrap_or(0)
    }
}

impl Measure for PdfFonts {
    fn advance(&self, face: Face, ch: char) -> f32 {
        if ch == ' ' {
            return 0.25;
        }
        let i = self.pick(face, ch);
        self.files[i].advance(ch).unwrap_or(1.0)
    }
}

/// The PDF of a report.
pub fn export_pdf(report: &Report, fonts: &PdfFonts) -> Result<Vec<u8>, ExportError> {
    export_pdf_with(report, fonts, Edition::SignOff)
}

/// The PDF of a report; a review copy (审核稿) adds the comments, verified warnings and the
/// history as an appendix.
pub fn export_pdf_with(
    report: &Report,
    fonts: &PdfFonts,
    edition: Edition,
) -> Result<Vec<u8>, ExportError> {
    let pages = layout_with(report, fonts, edition);
    let title = report.title();
    let mut doc = PdfDocument::new(&title);
    let embedded = embed_fonts(&mut doc, &pages, fonts)?;
    let pdf_pages = pages
        .iter()
        .map(|page| draw_page(page, fonts, &embedded))
        .collect();
    let opts = PdfSaveOptions {
        // Already subset, and to the glyphs drawn: nothing more to take out.
        subset_fonts: false,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pdf_pages).save(&opts, &mut warnings);
    let names = embedded
        .values()
        .map(|e| (e.id.0.clone(), e.name.clone()))
        .collect();
    finish_catalog(&bytes, report, &title, &names)
}

/// A font file as embedded: printpdf's handle, the subset's glyph ids and its advances.
struct Embedded {
    id: FontId,
    /// Original glyph id → glyph id in the subset.
    remap: subsetter::GlyphRemapper,
    /// The subset as printpdf parsed it (its advances make the `/W` array).
    parsed: ParsedFont,
    /// Its name in the PDF: a subset tag and the font's PostScript name (`ABCDEF+FandolFang-Regular`).
    name: String,
}

/// Subsets every font file to the glyphs the pages draw from it and hands the subsets to
/// printpdf; a file the pages do not use is not embedded.
fn embed_fonts(
    doc: &mut PdfDocument,
    pages: &[Page],
    fonts: &PdfFonts,
) -> Result<HashMap<usize, Embedded>, ExportError> {
    let mut used: BTreeMap<usize, subsetter::GlyphRemapper> = BTreeMap::new();
    for t in pages.iter().flat_map(|p| &p.texts) {
        for ch in t.text.chars() {
            let f = fonts.pick(t.face, ch);
            let gid = fonts.files[f].glyph(ch).map_or(0, |(g, _)| g);
            used.entry(f)
                .or_default()
                .remap(u16::try_from(gid).unwrap_or(0));
        }
    }
    let mut out = HashMap::new();
    for (f, remap) in used {
        let file = &fonts.files[f];
        let Some((data, _)) = file.bytes() else {
            continue;
        };
        let bytes = subsetter::subset(data, file.index, &remap)
            .map_err(|e| ExportError::Subset(format!("{e:?}")))?;
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| ExportError::Subset("子集无法读取".into()))?;
        let id = doc.add_font(&parsed);
        let name = subset_name(file, &bytes);
        out.insert(
            f,
            Embedded {
                id,
                remap,
                parsed,
                name,
            },
        );
    }
    Ok(out)
}

/// `ABCDEF+PostScriptName`: the six capitals mark a subset (ISO 32000-1, 9.6.4), and differ
/// between subsets of one font (they come from the subset's bytes).
fn subset_name(file: &FontFile, subset: &[u8]) -> String {
    let ps = file
        .bytes()
        .and_then(|(data, _)| skrifa::FontRef::from_index(data, file.index).ok())
        .and_then(|f| {
            f.localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME)
                .english_or_first()
                .map(|s| {
                    s.chars()
                        .filter(|c| c.is_ascii_graphic())
                        .collect::<String>()
                })
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "nianbao".to_string());
    // FNV-1a: stable across runs and machines, unlike the std hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in subset {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    let tag: String = (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8))
        .collect();
    format!("{tag}+{ps}")
}

/// The advance printpdf writes in `/W` for a glyph, in thousandths of an em.
fn pdf_width(font: &ParsedFont, gid: u16) -> f32 {
    let upem = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    font.get_glyph_width(gid)
        .map_or(0.0, |w| (f32::from(w) * 1000.0 / upem).trunc())
}

/// One line of text, split into runs of the same font. Each run is one text object whose glyphs
/// carry the layout's own advances (the character grid included), so a line costs one `TJ`
/// rather than one text object per character.
fn draw_text(
    ops: &mut Vec<Op>,
    t: &super::layout::Text,
    fonts: &PdfFonts,
    embedded: &HashMap<usize, Embedded>,
) {
    let baseline = PAGE_H - t.y;
    let mut x = t.x;
    let mut run: Vec<Codepoint> = Vec::new();
    let mut run_font = usize::MAX;
    let mut run_x = x;
    let flush = |ops: &mut Vec<Op>, run: &mut Vec<Codepoint>, font: usize, at: f32| {
        if let Some(e) = embedded.get(&font)
            && !run.is_empty()
        {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(e.id.clone()),
                size: Pt(t.size),
            });
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(at), Pt(baseline)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(std::mem::take(run))],
            });
        }
        run.clear();
    };
    for ch in t.text.chars() {
        let f = fonts.pick(t.face, ch);
        let (gid, em) = fonts.files[f].glyph(ch).unwrap_or((0, 1.0));
        // A space is a quarter em, as the layout measured it, whatever the face says.
        let em = if ch == ' ' { 0.25 } else { em };
        let adv = em * t.size;
        // Full-width characters sit on the grid; Latin letters and digits keep their widths.
        let step = if t.spacing != 0.0 && adv > t.size * 0.75 {
            adv + t.spacing
        } else {
            adv
        };
        if f != run_font {
            flush(ops, &mut run, run_font, run_x);
            run_font = f;
            run_x = x;
        }
        if let Some(e) = embedded.get(&f) {
            let new = e.remap.get(u16::try_from(gid).unwrap_or(0)).unwrap_or(0);
            // The viewer moves by the glyph's `/W` width less this (in 1/1000 em): the
            // layout's step exactly. The character itself goes in the ToUnicode map.
            let offset = pdf_width(&e.parsed, new) - step * 1000.0 / t.size;
            run.push(Codepoint {
                gid: new,
                offset,
                cid: Some(ch.to_string()),
            });
        }
        x += step;
    }
    flush(ops, &mut run, run_font, run_x);
}

fn draw_page(page: &Page, fonts: &PdfFonts, embedded: &HashMap<usize, Embedded>) -> PdfPage {
    let mut ops = Vec::with_capacity(page.rules.len() + page.texts.len() * 3 + 8);
    let black = Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None));
    // Rules first, text on top.
    ops.push(Op::SetOutlineColor { col: black.clone() });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
    for r in &page.rules {
        let at = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_H - y),
            },
            bezier: false,
        };
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![at(r.x1, r.y1), at(r.x2, r.y2)],
                is_closed: false,
            },
        });
    }
    ops.push(Op::SetFillColor { col: black });
    ops.push(Op::StartTextSection);
    for t in &page.texts {
        draw_text(&mut ops, t, fonts, embedded);
    }
    ops.push(Op::EndTextSection);
    PdfPage::new(Mm::from(Pt(PAGE_W)), Mm::from(Pt(PAGE_H)), ops)
}

/// What printpdf does not write, added to its output: the document language (/Lang zh-CN, so
/// screen readers read Chinese), the title as the viewer's window title, the document
/// information in UTF-16 and an XMP packet with the same facts.
fn finish_catalog(
    bytes: &[u8],
    report: &Report,
    title: &str,
    names: &HashMap<String, String>,
) -> Result<Vec<u8>, ExportError> {
    use lopdf::{Dictionary, Object, Stream, StringFormat};
    let mut doc = lopdf::Document::load_mem(bytes)?;
    // printpdf names a font by its internal id; viewers show the font's own name, tagged as a
    // subset.
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(dict) = object {
            for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
                let renamed = match dict.get(key) {
                    Ok(Object::Name(n)) => {
                        let n = String::from_utf8_lossy(n);
                        names
                            .iter()
                            .find(|(id, _)| n.ends_with(id.as_str()))
                            .map(|(_, name)| name.clone())
                    }
                    _ => None,
                };
                if let Some(name) = renamed {
                    dict.set(key, Object::Name(name.into_bytes()));
                }
            }
        }
    }
    let agency = report.meta.agency.trim().to_string();
    let (y, m, d) = super::file_date(report);
    let text = |s: &str| {
        let mut b = vec![0xFE, 0xFF];
        b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(b, StringFormat::Hexadecimal)
    };
    let mut info = Dictionary::new();
    info.set("Title", text(title));
    if !agency.is_empty() {
        info.set("Author", text(&agency));
    }
    info.set("Creator", text("nianbao"));
    info.set("Producer", text("nianbao（printpdf）"));
    let pdf_date = format!("D:{y:04}{m:02}{d:02}000000+08'00'");
    info.set(
        "CreationDate",
        Object::String(pdf_date.clone().into_bytes(), StringFormat::Literal),
    );
    info.set(
        "ModDate",
        Object::String(pdf_date.into_bytes(), StringFormat::Literal),
    );
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    let xmp = xmp_packet(title, &agency, &format!("{y:04}-{m:02}-{d:02}"));
    let mut meta = Dictionary::new();
    meta.set("Type", Object::Name(b"Metadata".to_vec()));
    meta.set("Subtype", Object::Name(b"XML".to_vec()));
    // Uncompressed, as XMP readers expect to find it.
    let meta_id = doc.add_object(Stream::new(meta, xmp.into_bytes()).with_compression(false));
    let catalog_id = doc.trailer.get(b"Root").and_then(Object::as_reference)?;
    let catalog = doc
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)?;
    catalog.set(
        "Lang",
        Object::String(b"zh-CN".to_vec(), StringFormat::Literal),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    catalog.set("Metadata", Object::Reference(meta_id));
    let mut out = Vec::with_capacity(bytes.len() + 4096);
    doc.save_to(&mut out)?;
    Ok(out)
}

/// The XMP packet: title, author, date and language (Dublin Core and XMP basic).
fn xmp_packet(title: &str, author: &str, date: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let creator = if author.is_empty() {
        String::new()
    } else {
        format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            esc(author)
        )
    };
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>{creator}\
<dc:language><rdf:Bag><rdf:li>zh-CN</rdf:li></rdf:Bag></dc:language>\
<dc:format>application/pdf</dc:format>\
<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>\
<xmp:CreatorTool>nianbao</xmp:CreatorTool>\
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>",
        esc(title)
    )
}
