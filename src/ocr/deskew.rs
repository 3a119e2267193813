//! A scan put on the glass a little askew, straightened: the angle (within ±5°) at which the
//! rows of ink line up best — the rows' ink counts are most uneven when the table's rules and
//! the lines of text lie flat — found on a reduced image, then the page turned back by it.

use image::{GrayImage, Luma};

/// The largest skew looked for, in degrees.
pub const MAX_SKEW: f32 = 5.0;

/// The skew of a page in degrees (positive: turned clockwise on the glass).
pub fn skew(img: &GrayImage) -> f32 {
    let (w, h) = img.dimensions();
    // A reduced copy: every 4th pixel each way, ink or not.
    let step = 4u32;
    let (sw, sh) = (w / step, h / step);
    if sw < 20 || sh < 20 {
        return 0.0;
    }
    let ink: Vec<(f32, f32)> = (0..sh)
        .flat_map(|y| (0..sw).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x * step, y * step)[0] < 128)
        .map(|(x, y)| (x as f32, y as f32))
        .collect();
    if ink.is_empty() {
        return 0.0;
    }
    let score = |deg: f32| {
        let t = deg.to_radians().tan();
        let mut rows = vec![0u32; sh as usize + 2 * sw as usize + 2];
        let off = sw as f32 + 1.0;
        for &(x, y) in &ink {
            let r = (y - x * t + off).round();
            if r >= 0.0 && (r as usize) < rows.len() {
                rows[r as usize] += 1;
            }
        }
        rows.iter()
            .map(|&n| u64::from(n) * u64::from(n))
            .sum::<u64>()
    };
    let best = |from: f32, to: f32, by: f32| {
        let mut a = from;
        let (mut at, mut top) = (0.0f32, 0u64);
        while a <= to + 1e-4 {
            let s = score(a);
            if s > top {
                top = s;
                at = a;
            }
            a += by;
        }
        at
    };
    let coarse = best(-MAX_SKEW, MAX_SKEW, 0.25);
    best(coarse - 0.25, coarse + 0.25, 0.05)
}

/// The page turned back by `deg` degrees about its centre, white where nothing was (bilinear).
pub fn rotate(img: &GrayImage, deg: f32) -> GrayImage {
    let (w, h) = img.dimensions();
    let (s, c) = deg.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    GrayImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - cx, y as f32 - cy);
        // Where this pixel was before the page was turned by `deg`.
        let sx = c * dx - s * dy + cx;
        let sy = s * dx + c * dy + cy;
        if sx < 0.0 || sy < 0.0 || sx >= (w - 1) as f32 || sy >= (h - 1) as f32 {
            return Luma([255]);
        }
        let (x0, y0) = (sx.floor() as u32, sy.floor() as u32);
        let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
        let p = |x, y| f32::from(img.get_pixel(x, y)[0]);
        let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
        let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
        Luma([(top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8])
    })
}

/// The page straightened when it lies askew by more than a tenth of a degree. Less moves a
/// table's rule by under two pixels across the page, which the cells allow for, while turning
/// blurs a hairline rule into its neighbours' gray.
pub fn straighten(img: &GrayImage) -> (GrayImage, f32) {
    let a = skew(img);
    if a.abs() <= 0.1 {
        return (img.clone(), 0.0);
    }
    (rotate(img, a), a)
}
