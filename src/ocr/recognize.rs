//! One cell or line of a scan read by PaddleOCR's PP-OCRv4 recognition model (ONNX) through
//! tract-onnx: the crop cut tight to its ink, scaled to 48 pixels high and padded to one of a
//! few widths (a plan per width, made once), CTC greedy decoding over the model's 6 623
//! characters or over the ten digits only, and the lowest probability of a character read as
//! the confidence.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use image::GrayImage;
use tract_onnx::prelude::*;

use super::OcrError;

/// The model's file name.
pub const MODEL_FILE: &str = "ch_PP-OCRv4_rec_infer.onnx";

/// The model's input height.
const HEIGHT: usize = 48;
/// The input widths a plan is made for; a crop is padded to the first that holds it (wider
/// ones are squeezed into the last).
const WIDTHS: [usize; 5] = [96, 192, 384, 768, 1536];

/// Where the model is: `NIANBAO_OCR_MODEL`, else `ocr/` in each place the samples are looked
/// for (an installed program's `share/nianbao`, a portable one's `samples`, a source tree's
/// `assets`).
pub fn model_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NIANBAO_OCR_MODEL") {
        return Some(PathBuf::from(p));
    }
    crate::resources::places()
        .into_iter()
        .map(|p| p.samples.join("ocr").join(MODEL_FILE))
        .find(|p| p.is_file())
}

/// What a crop says.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The text read.
    pub text: String,
    /// The lowest probability among the characters read (1.0 for an empty reading).
    pub confidence: f32,
}

type Plan = Arc<TypedRunnableModel>;

/// The recognition model, loaded once; plans per input width made when first needed.
pub struct Recognizer {
    model: InferenceModel,
    /// Index in the model's output (0 is CTC's blank) → character.
    chars: Vec<String>,
    /// The output indexes of 0–9 and the point.
    digits: Vec<usize>,
    plans: Vec<OnceLock<Result<Plan, String>>>,
}

impl std::fmt::Debug for Recognizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Recognizer({} characters)", self.chars.len())
    }
}

impl Recognizer {
    /// The model where [`model_path`] finds it.
    pub fn find() -> Result<Recognizer, OcrError> {
        let path = model_path().ok_or_else(|| {
            OcrError::Model(format!(
                "找不到 {MODEL_FILE}。请安装 nianbao 软件包，或用环境变量 NIANBAO_OCR_MODEL 指明模型文件"
            ))
        })?;
        Recognizer::load(&path)
    }

    /// Loads the model file.
    pub fn load(path: &Path) -> Result<Recognizer, OcrError> {
        let bad = |e: &dyn std::fmt::Display| OcrError::Model(format!("{}：{e}", path.display()));
        let onnx = tract_onnx::onnx();
        let proto = onnx.proto_model_for_path(path).map_err(|e| bad(&e))?;
        let list = proto
            .metadata_props
            .iter()
            .find(|p| p.key == "character")
            .map(|p| p.value.clone())
            .ok_or_else(|| bad(&"模型中没有字符表（character）"))?;
        // Index 0 is the blank; the model's last class is a space.
        let mut chars = vec![String::new()];
        chars.extend(list.lines().map(str::to_string));
        chars.push(" ".into());
        // A value cell: digits, and the point of an amount (万元).
        let digits = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| c.len() == 1 && (c.as_bytes()[0].is_ascii_digit() || *c == "."))
            .map(|(i, _)| i)
            .collect();
        let model = onnx.model_for_proto_model(&proto).map_err(|e| bad(&e))?;
        Ok(Recognizer {
            model,
            chars,
            digits,
            plans: WIDTHS.iter().map(|_| OnceLock::new()).collect(),
        })
    }

    /// The plan for a width, made on first use. Each width has its own slot, so that the
    /// cores make the plans of different widths at once (a plan takes a few hundred
    /// milliseconds to optimise) and wait only for the one they need.
    fn plan(&self, width: usize) -> Result<Plan, OcrError> {
        let slot = WIDTHS
            .iter()
            .position(|w| *w == width)
            .and_then(|i| self.plans.get(i))
            .ok_or_else(|| OcrError::Model(format!("没有宽度 {width} 的识别计划")))?;
        slot.get_or_init(|| {
            self.model
                .clone()
                .with_input_fact(0, f32::fact([1, 3, HEIGHT, width]).into())
                .and_then(|m| m.into_optimized())
                .and_then(|m| m.into_runnable())
                .map_err(|e| e.to_string())
        })
        .clone()
        .map_err(OcrError::Model)
    }

    /// Reads a crop (dark text on a light ground, cut tight or not: it is cut to its ink
    /// here). `digits` limits the reading to 0–9 and the point, as for a table's value cell.
    /// A crop with no ink reads as empty.
    pub fn read(&self, crop: &GrayImage, digits: bool) -> Result<Reading, OcrError> {
        let (full, numeric) = self.read_both(crop)?;
        Ok(if digits { numeric } else { full })
    }

    /// Reads a crop once through the model and decodes it twice: over all characters, and over
    /// the digits and the point.
    pub fn read_both(&self, crop: &GrayImage) -> Result<(Reading, Reading), OcrError> {
        let mut all = self.read_batch(std::slice::from_ref(crop), &|_| true)?;
        all.pop()
            .ok_or_else(|| OcrError::Model("没有识别结果".into()))
    }

    /// Reads many crops as [`Recognizer::read_both`] does, in the order given, shared among
    /// the cores, the widest first. `go_on` is told how many crops each batch read, and
    /// stops the reading when it says no ([`OcrError::Cancelled`]).
    pub fn read_batch(
        &self,
        crops: &[GrayImage],
        go_on: &(dyn Fn(usize) -> bool + Sync),
    ) -> Result<Vec<(Reading, Reading)>, OcrError> {
        let empty = Reading {
            text: String::new(),
            confidence: 1.0,
        };
        let prepared: Vec<Option<Prepared>> = crops.iter().map(prepare).collect();
        // The widest first, so that the cores finish together. One crop a run: tract runs a
        // batch no faster than its crops one by one (measured on a 300 dpi table page: 5.1 s
        // in batches of 16, 2.2 s one by one, the work shared among the cores either way).
        let mut order: Vec<usize> = (0..crops.len())
            .filter(|&i| prepared[i].is_some())
            .collect();
        order.sort_by_key(|&i| std::cmp::Reverse(prepared[i].as_ref().map_or(0, |p| p.width)));
        let read = crate::batch::parallel::par_map(&order, |&i| {
            if !go_on(0) {
                return Err(OcrError::Cancelled);
            }
            let r = match &prepared[i] {
                Some(p) => self.run(p)?,
                None => (empty.clone(), empty.clone()),
            };
            if !go_on(1) {
                return Err(OcrError::Cancelled);
            }
            Ok(r)
        });
        let mut out = vec![(empty.clone(), empty.clone()); crops.len()];
        for (&i, r) in order.iter().zip(read) {
            out[i] = r?;
        }
        Ok(out)
    }

    /// One run of the model over a crop.
    fn run(&self, p: &Prepared) -> Result<(Reading, Reading), OcrError> {
        let width = p.width;
        // Normalised to [-1, 1]; the padding is 0, as the model was trained.
        let input = tract_ndarray::Array4::from_shape_fn((1, 3, HEIGHT, width), |(_, _, y, x)| {
            if x < p.scaled_w {
                f32::from(p.pixels.get_pixel(x as u32, y as u32)[0]) / 127.5 - 1.0
            } else {
                0.0
            }
        });
        let out = self
            .plan(width)?
            .run(tvec!(Tensor::from(input).into()))
            .map_err(|e| OcrError::Model(e.to_string()))?;
        let probs = out[0]
            .to_plain_array_view::<f32>()
            .map_err(|e| OcrError::Model(e.to_string()))?;
        let shape = probs.shape().to_vec();
        if shape.len() != 3 {
            return Err(OcrError::Model(format!("输出形状 {shape:?} 不符")));
        }
        let decode = |digits: bool| {
            let mut text = String::new();
            let mut confidence = 1.0f32;
            let mut last = 0usize;
            for t in 0..shape[1] {
                let best = |ks: &mut dyn Iterator<Item = usize>| {
                    ks.map(|k| (k, probs[[0, t, k]]))
                        .fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a })
                };
                let (k, p) = if digits {
                    // Sure among the characters a value cell can hold: the probability over
                    // them.
                    let allowed = || std::iter::once(0).chain(self.digits.iter().copied());
                    let sum: f32 = allowed().map(|k| probs[[0, t, k]]).sum();
                    let (k, p) = best(&mut allowed());
                    (k, if sum > 0.0 { p / sum } else { p })
                } else {
                    best(&mut (0..shape[2]))
                };
                if k != 0 && k != last {
                    text.push_str(self.chars.get(k).map(String::as_str).unwrap_or(""));
                    confidence = confidence.min(p);
                }
                last = k;
            }
            Reading {
                text: text.trim().to_string(),
                confidence,
            }
        };
        Ok((decode(false), decode(true)))
    }
}

/// A crop made ready for the model: cut to its ink, 48 pixels high, and the plan width it is
/// padded to.
struct Prepared {
    pixels: GrayImage,
    scaled_w: usize,
    width: usize,
}

fn prepare(crop: &GrayImage) -> Option<Prepared> {
    let ink = tight_crop(crop, 4)?;
    let scaled_w =
        ((ink.width() as f32 * HEIGHT as f32 / ink.height().max(1) as f32).round() as usize).max(1);
    let width = WIDTHS
        .iter()
        .copied()
        .find(|w| *w >= scaled_w)
        .unwrap_or(WIDTHS[WIDTHS.len() - 1]);
    let scaled_w = scaled_w.min(width);
    let pixels = image::imageops::resize(
        &ink,
        scaled_w as u32,
        HEIGHT as u32,
        image::imageops::FilterType::Triangle,
    );
    Some(Prepared {
        pixels,
        scaled_w,
        width,
    })
}

/// The crop cut to its ink (pixels darker than the ground by a clear margin) with `margin`
/// pixels around; `None` when it has no ink.
pub fn tight_crop(img: &GrayImage, margin: u32) -> Option<GrayImage> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    // Measured from the crop's own paper, whatever its shade.
    let ink = super::grid::ground(img).saturating_sub(70);
    let dark = |x: u32, y: u32| x < w && y < h && img.get_pixel(x, y)[0] < ink;
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        // A lone dark pixel is the scanner's noise, not a stroke: it would widen the crop
        // and shrink the glyph in it.
        let stroke = p[0] < ink
            && (dark(x + 1, y)
                || dark(x, y + 1)
                || (x > 0 && dark(x - 1, y))
                || (y > 0 && dark(x, y - 1)));
        if stroke {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
    }
    if x0 > x1 {
        return None;
    }
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = ((x1 + margin).min(w - 1), (y1 + margin).min(h - 1));
    Some(image::imageops::crop_imm(img, x0, y0, x1 - x0 + 1, y1 - y0 + 1).to_image())
}
