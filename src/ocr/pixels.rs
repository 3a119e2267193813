//! The images of an image-only PDF's pages, as gray pixels: what scanners write (JPEG,
//! Flate-compressed gray or RGB samples, bilevel CCITT Group 4), within limits on size before
//! anything is decoded.
//! A colour image gives its red channel: a red seal over the numbers fades in it.

use std::io::Read;

use image::GrayImage;

use super::OcrError;

/// The longest side of a scan read (12 000 pixels: A3 at 600 dpi is 7 016).
pub const MAX_SIDE: u64 = 12_000;
/// The most pixels of one scan (100 million: 300 MB as RGB).
pub const MAX_PIXELS: u64 = 100_000_000;

/// One image of a page.
pub struct PageImage {
    /// Its pixels, gray (the red channel of a colour image).
    pub gray: GrayImage,
    /// How it was stored, in a few words (「JPEG」, 「Flate RGB」).
    pub encoding: &'static str,
}

impl std::fmt::Debug for PageImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PageImage({}×{} {})",
            self.gray.width(),
            self.gray.height(),
            self.encoding
        )
    }
}

fn check_size(width: i64, height: i64) -> Result<(u32, u32), OcrError> {
    let (w, h) = (width.max(0) as u64, height.max(0) as u64);
    if w == 0 || h == 0 {
        return Err(OcrError::Damaged("图像宽或高为 0".into()));
    }
    if w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS {
        return Err(OcrError::TooLarge {
            width: w,
            height: h,
        });
    }
    Ok((w as u32, h as u32))
}

/// The images of each page of a PDF, in page order (a page with none gives an empty list).
pub fn page_images(pdf: &[u8]) -> Result<Vec<Vec<PageImage>>, OcrError> {
    // Object streams inflated at load time are capped too.
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(32 * 1024 * 1024),
        ..Default::default()
    };
    let doc = lopdf::Document::load_mem_with_options(pdf, options)
        .map_err(|e| OcrError::Pdf(e.to_string()))?;
    let mut pages = Vec::new();
    for (_, page) in doc.get_pages() {
        let images = doc
            .get_page_images(page)
            .map_err(|e| OcrError::Pdf(e.to_string()))?;
        let mut out = Vec::new();
        for im in images {
            let (w, h) = check_size(im.width, im.height)?;
            let filters: Vec<&str> = im
                .filters
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .map(String::as_str)
                .collect();
            let gray = match filters.as_slice() {
                ["DCTDecode"] => (decode_jpeg(im.content, w, h)?, "JPEG"),
                ["FlateDecode"] | [] => {
                    let bytes = if filters.is_empty() {
                        im.content.to_vec()
                    } else {
                        inflate(im.content, w, h)?
                    };
                    samples(
                        &bytes,
                        w,
                        h,
                        im.color_space.as_deref(),
                        im.bits_per_component.unwrap_or(8),
                    )?
                }
                ["CCITTFaxDecode"] => (decode_ccitt(im.content, w, h, im.origin_dict)?, "CCITT G4"),
                other => return Err(OcrError::Encoding(other.join("+"))),
            };
            out.push(PageImage {
                gray: gray.0,
                encoding: gray.1,
            });
        }
        pages.push(out);
    }
    Ok(pages)
}

fn decode_jpeg(bytes: &[u8], w: u32, h: u32) -> Result<GrayImage, OcrError> {
    // A decoder fills a cut-off JPEG with gray and says nothing: the end-of-image marker tells.
    let end = bytes
        .iter()
        .rposition(|b| *b != 0 && !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    if !bytes[..end].ends_with(&[0xFF, 0xD9]) {
        return Err(OcrError::Damaged(
            "JPEG 数据不完整（没有结束标记），文件可能没有下载或复制完".into(),
        ));
    }
    let mut reader =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(w.max(1));
    limits.max_image_height = Some(h.max(1));
    limits.max_alloc = Some(MAX_PIXELS * 3);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| OcrError::Damaged(e.to_string()))?;
    Ok(match img {
        image::DynamicImage::ImageLuma8(g) => g,
        other => {
            let rgb = other.to_rgb8();
            GrayImage::from_fn(rgb.width(), rgb.height(), |x, y| {
                image::Luma([rgb.get_pixel(x, y)[0]])
            })
        }
    })
}

/// A CCITT Group 4 image (its /DecodeParms say K < 0), black runs as ink. Group 3 is refused by
/// name. A page that decodes mostly black had its colours stated the other way round
/// (/BlackIs1, /Decode) and is turned back: a scanned page is mostly paper.
fn decode_ccitt(
    bytes: &[u8],
    w: u32,
    h: u32,
    dict: &lopdf::Dictionary,
) -> Result<GrayImage, OcrError> {
    let parms = dict
        .get(b"DecodeParms")
        .ok()
        .and_then(|p| match p {
            lopdf::Object::Dictionary(d) => Some(d.clone()),
            lopdf::Object::Array(a) => a.first().and_then(|o| o.as_dict().ok()).cloned(),
            _ => None,
        })
        .unwrap_or_default();
    let int = |key: &[u8], default: i64| {
        parms
            .get(key)
            .ok()
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(default)
    };
    if int(b"K", 0) >= 0 {
        return Err(OcrError::Encoding(
            "CCITTFaxDecode（第三类传真编码）".into(),
        ));
    }
    let columns = int(b"Columns", 1728);
    if columns != i64::from(w) {
        return Err(OcrError::Damaged(format!(
            "CCITT 图像宽 {columns} 与图像的宽 {w} 不符"
        )));
    }
    let width = u16::try_from(w).map_err(|_| OcrError::TooLarge {
        width: u64::from(w),
        height: u64::from(h),
    })?;
    let height = u16::try_from(h).ok();
    let mut pixels = Vec::with_capacity(w as usize * h as usize);
    let mut rows = 0u32;
    let done = fax::decoder::decode_g4(bytes.iter().copied(), width, height, |line| {
        // Lines past the image's height are not kept.
        if rows < h {
            pixels.extend(fax::decoder::pels(line, width).map(|c| match c {
                fax::Color::Black => 0u8,
                fax::Color::White => 255u8,
            }));
            rows += 1;
        }
    });
    if done.is_none() || rows < h {
        return Err(OcrError::Damaged(format!(
            "CCITT 数据不完整：读出 {rows} 行，图像应有 {h} 行"
        )));
    }
    let ink = pixels.iter().filter(|p| **p == 0).count();
    if ink * 2 > pixels.len() {
        for p in &mut pixels {
            *p = 255 - *p;
        }
    }
    GrayImage::from_raw(w, h, pixels).ok_or_else(|| OcrError::Damaged("CCITT 图像大小不符".into()))
}

/// Flate data inflated no further than the image's own size (a bomb stops there).
fn inflate(bytes: &[u8], w: u32, h: u32) -> Result<Vec<u8>, OcrError> {
    let cap = u64::from(w) * u64::from(h) * 3 + 1;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .take(cap)
        .read_to_end(&mut out)
        .map_err(|e| OcrError::Damaged(e.to_string()))?;
    Ok(out)
}

/// Raw samples as gray: 8-bit gray, 8-bit RGB (its red channel) or 1-bit gray.
fn samples(
    bytes: &[u8],
    w: u32,
    h: u32,
    space: Option<&str>,
    bits: i64,
) -> Result<(GrayImage, &'static str), OcrError> {
    let (w_, h_) = (w as usize, h as usize);
    let short = || OcrError::Damaged("图像数据比宽×高所需的少".into());
    match (space.unwrap_or("DeviceGray"), bits) {
        ("DeviceGray", 8) => {
            let data = bytes.get(..w_ * h_).ok_or_else(short)?.to_vec();
            GrayImage::from_raw(w, h, data)
                .map(|g| (g, "Flate 灰度"))
                .ok_or_else(short)
        }
        ("DeviceRGB", 8) => {
            let data = bytes.get(..w_ * h_ * 3).ok_or_else(short)?;
            let red = data.chunks_exact(3).map(|p| p[0]).collect();
            GrayImage::from_raw(w, h, red)
                .map(|g| (g, "Flate RGB"))
                .ok_or_else(short)
        }
        ("DeviceGray", 1) => {
            let row = w_.div_ceil(8);
            let data = bytes.get(..row * h_).ok_or_else(short)?;
            Ok((
                GrayImage::from_fn(w, h, |x, y| {
                    let byte = data[y as usize * row + x as usize / 8];
                    let bit = (byte >> (7 - x % 8)) & 1;
                    image::Luma([if bit == 1 { 255 } else { 0 }])
                }),
                "Flate 黑白",
            ))
        }
        (space, bits) => Err(OcrError::Encoding(format!("{space} {bits} 位"))),
    }
}
