//! The sign-off PDF: the layout of [`super::layout`] drawn with krilla, fonts subset and
//! mapped to Unicode so the text can be copied and searched.
//!
//! Fonts: the official ones where the machine has them (方正小标宋简体, 仿宋_GB2312/仿宋,
//! 黑体, 楷体_GB2312/楷体), else the bundled free ones in `fonts/`. A character a face lacks is
//! drawn from the next face in its chain (finally Noto Sans CJK SC, which covers all of GBK),
//! never as an empty box.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::ExportError;
use super::layout::{Face, Measure, PAGE_H, PAGE_W, Page, layout_with};
use crate::core::Report;
use crate::fonts::{GUI_FONT, SYMBOL_FONT, read_font};

/// One font file: the bytes, krilla's handle and what the layout needs to measure.
struct FontFile {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
    upem: f32,
    /// Glyph and advance (in em) of every mapped character, filled lazily.
    cache: std::sync::Mutex<HashMap<char, Option<(u32, f32)>>>,
}

impl FontFile {
    fn load(bytes: Vec<u8>, index: u32) -> Option<FontFile> {
        let data = Arc::new(bytes);
        let font = Font::new(data.clone().into(), index)?;
        let upem = f32::from(
            skrifa::FontRef::from_index(&data, index)
                .ok()?
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(FontFile {
            data,
            index,
            font,
            upem,
            cache: Default::default(),
        })
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
        let v = skrifa::FontRef::from_index(&self.data, self.index)
            .ok()
            .and_then(|f| {
                let gid = f.charmap().map(ch)?;
                let metrics = f.glyph_metrics(Size::unscaled(), LocationRef::default());
                metrics
                    .advance_width(gid)
                    .map(|a| (gid.to_u32(), a / self.upem))
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
        let mut files = Vec::new();
        let mut chains = HashMap::new();
        let mut by_name: HashMap<(String, u32), usize> = HashMap::new();
        let mut add = |name: &str,
                       index: u32,
                       bytes: Vec<u8>,
                       files: &mut Vec<FontFile>|
         -> Result<usize, ExportError> {
            let key = (name.to_string(), index);
            if let Some(i) = by_name.get(&key) {
                return Ok(*i);
            }
            let f = FontFile::load(bytes, index)
                .ok_or_else(|| ExportError::BadFont(name.to_string()))?;
            files.push(f);
            by_name.insert(key, files.len() - 1);
            Ok(files.len() - 1)
        };
        let fallback = add(GUI_FONT, 0, read_font(GUI_FONT)?, &mut files)?;
        let symbols = read_font(SYMBOL_FONT)
            .ok()
            .and_then(|b| add(SYMBOL_FONT, 0, b, &mut files).ok());
        let fang = add(
            bundled(Face::Fang),
            0,
            read_font(bundled(Face::Fang))?,
            &mut files,
        )?;
        for face in [Face::Title, Face::Fang, Face::Hei, Face::Kai, Face::Song] {
            let mut chain = Vec::new();
            // An official font that cannot be read is passed over for the bundled one.
            if system
                && let Some((p, index)) = find_official(face)
                && let Ok(bytes) = std::fs::read(&p)
                && let Ok(i) = add(&p.display().to_string(), index, bytes, &mut files)
            {
                chain.push(i);
            }
            chain.push(add(
                bundled(face),
                0,
                read_font(bundled(face))?,
                &mut files,
            )?);
            // Digits and Latin of the page numbers fall back to the body face before Noto.
            if face != Face::Fang {
                chain.push(fang);
            }
            chain.push(fallback);
            chain.extend(symbols);
            chains.insert(face, chain);
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
    export_pdf_with(report, fonts, false)
}

/// The PDF of a report; a review copy (审核稿) adds the comments, verified warnings and the
/// history as an appendix.
pub fn export_pdf_with(
    report: &Report,
    fonts: &PdfFonts,
    review_copy: bool,
) -> Result<Vec<u8>, ExportError> {
    let pages = layout_with(report, fonts, review_copy);
    let mut doc = Document::new();
    let mut meta = Metadata::new()
        .title(report.title())
        .language("zh-CN".to_string())
        .creator("nianbao".to_string());
    if !report.meta.agency.trim().is_empty() {
        meta = meta.authors(vec![report.meta.agency.trim().to_string()]);
    }
    let date = report.meta.issue_date;
    let created = match date {
        Some(d) => DateTime::new(d.year.clamp(0, 9999) as u16)
            .month(d.month)
            .day(d.day),
        None => DateTime::new((report.meta.year + 1).clamp(0, 9999) as u16),
    };
    meta = meta.creation_date(created);
    doc.set_metadata(meta);
    for page in &pages {
        draw_page(&mut doc, page, fonts)?;
    }
    doc.finish().map_err(|e| ExportError::Pdf(format!("{e:?}")))
}

/// One line of text, split into runs of the same font. Each run is one text object whose glyphs
/// carry the layout's own advances (the character grid included), so a line costs one `TJ`
/// rather than one text object per character.
fn draw_text(s: &mut krilla::surface::Surface<'_>, t: &super::layout::Text, fonts: &PdfFonts) {
    let mut x = t.x;
    let mut run = String::new();
    let mut glyphs: Vec<KrillaGlyph> = Vec::new();
    let mut run_font = usize::MAX;
    let mut run_x = x;
    let flush = |s: &mut krilla::surface::Surface<'_>,
                 run: &mut String,
                 glyphs: &mut Vec<KrillaGlyph>,
                 font: usize,
                 at: f32| {
        if let Some(file) = fonts.files.get(font)
            && !glyphs.is_empty()
        {
            s.draw_glyphs(
                Point::from_xy(at, t.y),
                glyphs,
                file.font.clone(),
                run,
                t.size,
                false,
            );
        }
        run.clear();
        glyphs.clear();
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
            flush(s, &mut run, &mut glyphs, run_font, run_x);
            run_font = f;
            run_x = x;
        }
        let start = run.len();
        run.push(ch);
        glyphs.push(KrillaGlyph {
            glyph_id: GlyphId::new(gid),
            text_range: start..run.len(),
            x_advance: step / t.size,
            x_offset: 0.0,
            y_offset: 0.0,
            y_advance: 0.0,
            location: None,
        });
        x += step;
    }
    flush(s, &mut run, &mut glyphs, run_font, run_x);
}

fn draw_page(doc: &mut Document, page: &Page, fonts: &PdfFonts) -> Result<(), ExportError> {
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
        .ok_or_else(|| ExportError::Pdf("页面尺寸无效".into()))?;
    let mut p = doc.start_page_with(settings);
    let mut s = p.surface();
    // Rules first, text on top.
    s.set_fill(None);
    s.set_stroke(Some(Stroke {
        width: 0.75,
        ..Default::default()
    }));
    for r in &page.rules {
        let mut pb = PathBuilder::new();
        pb.move_to(r.x1, r.y1);
        pb.line_to(r.x2, r.y2);
        if let Some(path) = pb.finish() {
            s.draw_path(&path);
        }
    }
    s.set_stroke(None);
    s.set_fill(Some(Fill::default()));
    for t in &page.texts {
        draw_text(&mut s, t, fonts);
    }
    s.finish();
    p.finish();
    Ok(())
}
