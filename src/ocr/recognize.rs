//! One cell or line of a scan read by PaddleOCR's PP-OCRv4 recognition model (ONNX) through
//! tract-onnx: the crop cut tight to its ink, scaled to 48 pixels high and padded to one of a
//! few widths (a plan per width, made once), CTC greedy decoding over the model's 6 623
//! characters or over the ten digits only, and the lowest probability of a character read as
//! the confidence.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    plans: Mutex<HashMap<usize, Plan>>,
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
            plans: Mutex::new(HashMap::new()),
        })
    }

    fn plan(&self, width: usize) -> Result<Plan, OcrError> {
        let mut plans = self
            .plans
            .lock()
            .map_err(|_| OcrError::Model("识别线程异常".into()))?;
        if let Some(p) = plans.get(&width) {
            return Ok(p.clone());
        }
        let plan = self
            .model
            .clone()
            .with_input_fact(0, f32::fact([1, 3, HEIGHT, width]).into())
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| OcrError::Model(e.to_string()))?;
        plans.insert(width, plan.clone());
        Ok(plan)
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
        let empty = Reading {
            text: String::new(),
            confidence: 1.0,
        };
        let Some(ink) = tight_crop(crop, 4) else {
            return Ok((empty.clone(), empty));
        };
        let scaled_w = ((ink.width() as f32 * HEIGHT as f32 / ink.height().max(1) as f32).round()
            as usize)
            .max(1);
        let width = WIDTHS
            .iter()
            .copied()
            .find(|w| *w >= scaled_w)
            .unwrap_or(WIDTHS[WIDTHS.len() - 1]);
        let scaled_w = scaled_w.min(width);
        let resized = image::imageops::resize(
            &ink,
            scaled_w as u32,
            HEIGHT as u32,
            image::imageops::FilterType::Triangle,
        );
        // Normalised to [-1, 1]; the padding is 0, as the model was trained.
        let input = tract_ndarray::Array4::from_shape_fn((1, 3, HEIGHT, width), |(_, _, y, x)| {
            if x < scaled_w {
                f32::from(resized.get_pixel(x as u32, y as u32)[0]) / 127.5 - 1.0
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

/// The crop cut to its ink (pixels darker than the ground by a clear margin) with `margin`
/// pixels around; `None` when it has no ink.
pub fn tight_crop(img: &GrayImage, margin: u32) -> Option<GrayImage> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    // The ground is the brightest common value: a light scan's paper, whatever its shade.
    let mut hist = [0u32; 256];
    for p in img.pixels() {
        hist[usize::from(p[0])] += 1;
    }
    let ground = (0..256)
        .rev()
        .find(|&v| hist[v] * 50 >= w * h)
        .unwrap_or(255) as u8;
    let ink = ground.saturating_sub(70);
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p[0] < ink {
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
