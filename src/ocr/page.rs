//! A scanned page read whole: its tables cell by cell (a cell that reads as a number is read
//! again over the digits alone), the text outside them line by line (lines found by the
//! rows of ink), written as a web page so that the web-page import places it like any
//! published report — rows by their labels, the parts by their headings.

use image::GrayImage;

use super::grid::{Cell, tables};
use super::{OcrError, Progress, Reading, Recognizer};
use crate::export::html::esc;

/// What was read of a cell.
#[derive(Clone, Debug)]
pub struct CellReading {
    /// The cell on the table's grid.
    pub cell: Cell,
    /// What it says.
    pub reading: Reading,
}

/// A page read: its HTML, every table cell with its reading (in table order), and the page
/// as it was read (reduced to the reading scale and straightened: the cells' bounds are on it).
#[derive(Clone, Debug, Default)]
pub struct PageReading {
    /// The page's pixels the cells' bounds refer to.
    pub image: GrayImage,
    /// The page as HTML (paragraphs and tables in reading order).
    pub html: String,
    /// Each table's cells with what they read.
    pub tables: Vec<Vec<CellReading>>,
}

fn crop(img: &GrayImage, (x0, y0, x1, y1): (u32, u32, u32, u32)) -> GrayImage {
    let (x1, y1) = (x1.min(img.width()), y1.min(img.height()));
    image::imageops::crop_imm(img, x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0)).to_image()
}

/// The bands of rows with ink, top to bottom, at least `min` rows high (a wrapped label's
/// lines; a page's lines of text), leaving out the rows `skip` says (a table's).
fn ink_bands(img: &GrayImage, min: u32, skip: impl Fn(u32) -> bool) -> Vec<(u32, u32)> {
    let (w, h) = img.dimensions();
    let ink = 255u8.saturating_sub(90);
    let dark = |y: u32| !skip(y) && (0..w).any(|x| img.get_pixel(x, y)[0] < ink);
    let mut bands = Vec::new();
    let mut y = 0;
    while y < h {
        if !dark(y) {
            y += 1;
            continue;
        }
        let start = y;
        while y < h && dark(y) {
            y += 1;
        }
        if y - start >= min {
            bands.push((start, y));
        }
    }
    bands
}

/// A cell's lines of text to read: each band of ink when it has several (a wrapped label),
/// else the whole cell.
fn cell_lines(img: GrayImage) -> Vec<GrayImage> {
    // A speck is not a line.
    let lines = ink_bands(&img, 4, |_| false);
    if lines.len() > 1 {
        return lines
            .into_iter()
            .map(|(a, b)| crop(&img, (0, a.saturating_sub(2), img.width(), b + 2)))
            .collect();
    }
    vec![img]
}

/// A cell's line as read: over the digits alone when it reads as a number (surer, and the
/// point of an amount is kept), else over all characters.
fn cell_reading((full, numeric): (Reading, Reading)) -> Reading {
    let t = full.text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let is_number =
        !t.is_empty() && digits * 2 >= t.chars().count() && !t.chars().any(|c| c as u32 >= 0x4E00);
    if !is_number {
        return full;
    }
    // A count is never written with a leading zero: 「05」 is a misreading (a speck, a seal's
    // edge) until a person says otherwise.
    let mut numeric = numeric;
    let t = numeric.text.as_str();
    if t.len() > 1 && t.starts_with('0') && !t.starts_with("0.") {
        numeric.confidence = numeric.confidence.min(TWO_NUMBERS);
    }
    numeric
}

/// The confidence given to a cell whose lines are each a number (see [`read_page`]).
const TWO_NUMBERS: f32 = 0.2;

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// What a line read belongs to.
enum Owner {
    /// A table's cell (table, cell).
    Cell(usize, usize),
    /// A line of text outside the tables.
    Text(TextLine),
}

/// A printed line of text outside the tables: where its ink is, and what it says.
struct TextLine {
    top: u32,
    bottom: u32,
    left: u32,
    right: u32,
    text: String,
}

/// The first and last columns with ink between two rows.
fn ink_columns(img: &GrayImage, top: u32, bottom: u32) -> (u32, u32) {
    let ink = 255u8.saturating_sub(90);
    let dark = |x: u32| (top..bottom).any(|y| img.get_pixel(x, y)[0] < ink);
    let w = img.width();
    let left = (0..w).find(|&x| dark(x)).unwrap_or(0);
    let right = (0..w).rev().find(|&x| dark(x)).unwrap_or(w);
    (left, right)
}

/// Printed lines joined into paragraphs, as a reader sees them: a line that runs to the right
/// margin goes on in the next one, unless that one is indented (a new paragraph) or stands
/// apart. A short line (a heading, a paragraph's end) ends its paragraph. Each paragraph with
/// the top of its first line.
fn paragraphs(lines: &[TextLine]) -> Vec<(u32, String)> {
    let left = lines.iter().map(|l| l.left).min().unwrap_or(0);
    let right = lines.iter().map(|l| l.right).max().unwrap_or(0);
    let mut out: Vec<(u32, String)> = Vec::new();
    let mut open = false;
    for (i, l) in lines.iter().enumerate() {
        if open && let Some(last) = out.last_mut() {
            last.1.push_str(&l.text);
        } else {
            out.push((l.top, l.text.clone()));
        }
        // A character is about as wide as the line is high.
        let em = l.bottom.saturating_sub(l.top).max(1);
        open = lines.get(i + 1).is_some_and(|next| {
            l.right + em * 3 / 2 >= right
                && next.left <= left + em * 4 / 5
                && next.top <= l.bottom + em * 3 / 2
        });
    }
    out
}

/// The shorter side of a page as read: an A4 page at 150 dpi, the scale the thresholds and
/// the model's 48-pixel lines suit. A finer scan is reduced to it (the model sees no more in a
/// 300 dpi digit than in a 150 dpi one, and a quarter of the pixels is quicker).
const READ_SIDE: u32 = 1240;

/// A page at the scale it is read at.
pub fn normalized(img: &GrayImage) -> std::borrow::Cow<'_, GrayImage> {
    let (w, h) = img.dimensions();
    let short = w.min(h);
    // Up to 140 % of it (a 200 dpi scan) is left as it is: reducing by a little fades a
    // hairline rule more than it saves.
    if short * 10 <= READ_SIDE * 14 {
        return std::borrow::Cow::Borrowed(img);
    }
    let (nw, nh) = (
        (u64::from(w) * u64::from(READ_SIDE) / u64::from(short)) as u32,
        (u64::from(h) * u64::from(READ_SIDE) / u64::from(short)) as u32,
    );
    // Averaging would fade a hairline rule (two light rows at 300 dpi become one lighter
    // row): each pixel first takes the darkest of its 2×2 block, so that a rule stays as dark
    // as it was printed.
    let darkest = if short * 2 >= READ_SIDE * 3 {
        GrayImage::from_fn(w, h, |x, y| {
            let (x1, y1) = ((x + 1).min(w - 1), (y + 1).min(h - 1));
            let p = |x, y| img.get_pixel(x, y)[0];
            image::Luma([p(x, y).min(p(x1, y)).min(p(x, y1)).min(p(x1, y1))])
        })
    } else {
        img.clone()
    };
    std::borrow::Cow::Owned(image::imageops::resize(
        &darkest,
        nw.max(1),
        nh.max(1),
        image::imageops::FilterType::Triangle,
    ))
}

/// Reads one page: its tables and the lines of text outside them, every line through the
/// model in one batched pass.
pub fn read_page(
    rec: &Recognizer,
    img: &GrayImage,
    progress: &Progress,
) -> Result<PageReading, OcrError> {
    let img = normalized(img);
    // A page put on the glass askew is straightened first: the rules must lie flat.
    let (straight, _) = super::deskew::straighten(&img);
    let img = &straight;
    let found = tables(img);
    let mut owners = Vec::new();
    let mut crops = Vec::new();
    for (ti, t) in found.iter().enumerate() {
        for (ci, c) in t.cells.iter().enumerate() {
            for line in cell_lines(crop(img, c.bounds)) {
                owners.push(Owner::Cell(ti, ci));
                crops.push(line);
            }
        }
    }
    // The text outside the tables, line by line.
    let (w, h) = img.dimensions();
    let inside = |y: u32| {
        found.iter().any(|t| {
            let (top, bottom) = (
                t.ys.first().copied().unwrap_or(0),
                t.ys.last().copied().unwrap_or(0),
            );
            y + 3 >= top && y <= bottom + 3
        })
    };
    // Specks and rules are not lines of text.
    for (start, end) in ink_bands(img, 8, inside) {
        let (left, right) = ink_columns(img, start, end);
        owners.push(Owner::Text(TextLine {
            top: start,
            bottom: end,
            left,
            right,
            text: String::new(),
        }));
        crops.push(crop(img, (0, start.saturating_sub(3), w, (end + 3).min(h))));
    }
    progress.add_lines(crops.len());
    let read = rec.read_batch(&crops, &|n| progress.advance(n))?;

    let mut cells: Vec<Vec<Option<Reading>>> =
        found.iter().map(|t| vec![None; t.cells.len()]).collect();
    let mut blocks: Vec<(u32, String)> = Vec::new();
    let mut lines: Vec<TextLine> = Vec::new();
    for (owner, both) in owners.into_iter().zip(read) {
        match owner {
            Owner::Cell(ti, ci) => {
                let line = cell_reading(both);
                let slot = &mut cells[ti][ci];
                match slot {
                    // A wrapped label's lines joined; the cell as sure as its least sure line.
                    Some(r) => {
                        // Two numbers in one cell: a rule between them was not found (a seal
                        // over it), and 「0」 over 「0」 must not pass for a 「00」 read surely.
                        if is_digits(&r.text) && is_digits(&line.text) {
                            r.confidence = r.confidence.min(TWO_NUMBERS);
                        }
                        r.text.push_str(&line.text);
                        r.confidence = r.confidence.min(line.confidence);
                    }
                    None => *slot = Some(line),
                }
            }
            Owner::Text(mut line) => {
                line.text = both.0.text.trim().to_string();
                if !line.text.is_empty() {
                    lines.push(line);
                }
            }
        }
    }
    for (top, text) in paragraphs(&lines) {
        blocks.push((top, format!("<p>{}</p>", esc(&text))));
    }
    let mut out = PageReading::default();
    for (t, read) in found.iter().zip(cells) {
        let mut html = String::from("<table>");
        let mut row = usize::MAX;
        let mut table = Vec::new();
        for (c, reading) in t.cells.iter().zip(read) {
            if c.row != row {
                if row != usize::MAX {
                    html.push_str("</tr>");
                }
                html.push_str("<tr>");
                row = c.row;
            }
            let reading = reading.unwrap_or(Reading {
                text: String::new(),
                confidence: 1.0,
            });
            html.push_str(&format!(
                "<td rowspan=\"{}\" colspan=\"{}\">{}</td>",
                c.rows,
                c.cols,
                esc(&reading.text)
            ));
            table.push(CellReading { cell: *c, reading });
        }
        html.push_str("</tr></table>");
        blocks.push((t.ys.first().copied().unwrap_or(0), html));
        out.tables.push(table);
    }
    blocks.sort_by_key(|(y, _)| *y);
    out.html = blocks
        .into_iter()
        .map(|(_, b)| b)
        .collect::<Vec<_>>()
        .join("\n");
    out.image = straight;
    Ok(out)
}

/// Reads the pages of an image-only PDF (its largest image a page, as
/// [`super::page_images`] gave them) into one web page.
pub fn read_scan(
    rec: &Recognizer,
    pages: Vec<Vec<super::PageImage>>,
    progress: &Progress,
) -> Result<(String, Vec<PageReading>), OcrError> {
    let pages: Vec<GrayImage> = pages
        .into_iter()
        .filter_map(|images| {
            images
                .into_iter()
                .max_by_key(|i| u64::from(i.gray.width()) * u64::from(i.gray.height()))
                .map(|i| i.gray)
        })
        .collect();
    progress.start(pages.len());
    let mut read = Vec::new();
    for (i, img) in pages.iter().enumerate() {
        progress.at_page(i + 1);
        read.push(read_page(rec, img, progress)?);
    }
    let html = format!(
        "<html><body>{}</body></html>",
        read.iter()
            .map(|p| p.html.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok((html, read))
}
