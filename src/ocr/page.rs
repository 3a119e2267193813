//! A scanned page read whole: its tables cell by cell (a cell that reads as a number is read
//! again over the digits alone), the text outside them line by line (lines found by the
//! rows of ink), written as a web page so that the web-page import places it like any
//! published report — rows by their labels, the parts by their headings.

use image::GrayImage;

use super::grid::{Cell, tables};
use super::{OcrError, Reading, Recognizer};
use crate::export::html::esc;

/// What was read of a cell.
#[derive(Clone, Debug)]
pub struct CellReading {
    /// The cell on the table's grid.
    pub cell: Cell,
    /// What it says.
    pub reading: Reading,
}

/// A page read: its HTML, and every table cell with its reading (in table order).
#[derive(Clone, Debug, Default)]
pub struct PageReading {
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

/// Reads a cell line by line (a wrapped label's lines joined): over all characters, and
/// again over the digits when it reads as a number. The confidence is the lowest of its lines.
fn read_cell(rec: &Recognizer, img: &GrayImage) -> Result<Reading, OcrError> {
    // A speck is not a line.
    let lines = ink_bands(img, 4, |_| false);
    if lines.len() > 1 {
        let mut text = String::new();
        let mut confidence = 1.0f32;
        for (a, b) in lines {
            let band = crop(img, (0, a.saturating_sub(2), img.width(), b + 2));
            let r = read_line(rec, &band)?;
            text.push_str(&r.text);
            confidence = confidence.min(r.confidence);
        }
        return Ok(Reading { text, confidence });
    }
    read_line(rec, img)
}

fn read_line(rec: &Recognizer, img: &GrayImage) -> Result<Reading, OcrError> {
    let (full, numeric) = rec.read_both(img)?;
    let t = full.text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    // A number read over the digits alone is surer, and the point of an amount is kept.
    let is_number =
        !t.is_empty() && digits * 2 >= t.chars().count() && !t.chars().any(|c| c as u32 >= 0x4E00);
    Ok(if is_number { numeric } else { full })
}

/// Reads one page.
pub fn read_page(rec: &Recognizer, img: &GrayImage) -> Result<PageReading, OcrError> {
    // A page put on the glass askew is straightened first: the rules must lie flat.
    let (straight, _) = super::deskew::straighten(img);
    let img = &straight;
    let found = tables(img);
    let mut blocks: Vec<(u32, String)> = Vec::new();
    let mut out = PageReading::default();
    for t in &found {
        let mut cells = Vec::new();
        // The cells read on every core.
        let read = crate::batch::parallel::par_map(&t.cells, |c| {
            read_cell(rec, &crop(img, c.bounds)).map_err(|e| e.to_string())
        });
        let mut html = String::from("<table>");
        let mut row = usize::MAX;
        for (c, reading) in t.cells.iter().zip(read) {
            if c.row != row {
                if row != usize::MAX {
                    html.push_str("</tr>");
                }
                html.push_str("<tr>");
                row = c.row;
            }
            let reading = reading.map_err(OcrError::Model)?;
            html.push_str(&format!(
                "<td rowspan=\"{}\" colspan=\"{}\">{}</td>",
                c.rows,
                c.cols,
                esc(&reading.text)
            ));
            cells.push(CellReading { cell: *c, reading });
        }
        html.push_str("</tr></table>");
        blocks.push((t.ys.first().copied().unwrap_or(0), html));
        out.tables.push(cells);
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
        let band = crop(img, (0, start.saturating_sub(3), w, (end + 3).min(h)));
        let r = rec.read(&band, false)?;
        if !r.text.trim().is_empty() {
            blocks.push((start, format!("<p>{}</p>", esc(r.text.trim()))));
        }
    }
    blocks.sort_by_key(|(y, _)| *y);
    out.html = blocks
        .into_iter()
        .map(|(_, b)| b)
        .collect::<Vec<_>>()
        .join("\n");
    Ok(out)
}

/// Reads every page of an image-only PDF (its largest image a page) into one web page.
pub fn read_scan(rec: &Recognizer, pdf: &[u8]) -> Result<(String, Vec<PageReading>), OcrError> {
    let mut pages = Vec::new();
    for images in super::page_images(pdf)? {
        let Some(img) = images
            .into_iter()
            .max_by_key(|i| u64::from(i.gray.width()) * u64::from(i.gray.height()))
        else {
            continue;
        };
        pages.push(read_page(rec, &img.gray)?);
    }
    let html = format!(
        "<html><body>{}</body></html>",
        pages
            .iter()
            .map(|p| p.html.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok((html, pages))
}
