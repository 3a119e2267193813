//! A scanned table's structure from its pixels: the ruling lines (long dark runs, horizontal
//! and vertical), and the cells between them, a cell spanning the columns or rows whose
//! separating rule is not drawn across it (merged header and label cells).

use image::GrayImage;

/// A ruled line: horizontal at `pos` = y from `from` to `to` (x), or vertical at `pos` = x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    /// y of a horizontal line, x of a vertical one (its middle).
    pub pos: u32,
    /// Where it starts along its length.
    pub from: u32,
    /// Where it ends.
    pub to: u32,
}

/// A cell: its grid position and span, and its pixel box inside the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// First grid row.
    pub row: usize,
    /// First grid column.
    pub col: usize,
    /// Rows spanned.
    pub rows: usize,
    /// Columns spanned.
    pub cols: usize,
    /// Left, top, right, bottom in pixels (inside the rules).
    pub bounds: (u32, u32, u32, u32),
}

/// A table found on a page.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The y of its horizontal rules, top to bottom.
    pub ys: Vec<u32>,
    /// The x of its vertical rules, left to right.
    pub xs: Vec<u32>,
    /// Its cells, row by row.
    pub cells: Vec<Cell>,
}

/// Dark enough to be ink: below the midpoint between the page's ground and black.
fn threshold(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[usize::from(p[0])] += 1;
    }
    let total: u64 = hist.iter().sum();
    // Otsu's threshold.
    let sum: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, h)| i as f64 * *h as f64)
        .sum();
    let (mut w0, mut sum0, mut best, mut at) = (0f64, 0f64, 0f64, 128u8);
    for (t, h) in hist.iter().enumerate() {
        w0 += *h as f64;
        if w0 == 0.0 {
            continue;
        }
        let w1 = total as f64 - w0;
        if w1 == 0.0 {
            break;
        }
        sum0 += t as f64 * *h as f64;
        let (m0, m1) = (sum0 / w0, (sum - sum0) / w1);
        let between = w0 * w1 * (m0 - m1) * (m0 - m1);
        if between > best {
            best = between;
            at = t as u8;
        }
    }
    at
}

/// The paper's shade: the brightest value common on the page (a fiftieth of its pixels), so
/// that a gray or yellowed scan is measured from its own ground.
pub fn ground(img: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in img.pixels() {
        hist[usize::from(p[0])] += 1;
    }
    let total: u64 = hist.iter().sum();
    (0..256)
        .rev()
        .find(|&v| hist[v] * 50 >= total)
        .unwrap_or(255) as u8
}

/// Runs of ink along each row (horizontal) or column (vertical) at least `min` long, merged
/// into lines where they touch across neighbouring rows.
fn lines(ink: &[Vec<bool>], horizontal: bool, min: u32) -> Vec<Line> {
    let (h, w) = (ink.len(), ink.first().map_or(0, Vec::len));
    let (outer, inner) = if horizontal { (h, w) } else { (w, h) };
    let at = |o: usize, i: usize| {
        if horizontal { ink[o][i] } else { ink[i][o] }
    };
    // (pos, from, to) of each long run.
    let mut runs: Vec<(u32, u32, u32)> = Vec::new();
    for o in 0..outer {
        let mut start = None;
        // A gap of a pixel or two (a scan's broken line) does not end a run.
        let mut gap = 0;
        for i in 0..=inner {
            let dark = i < inner && at(o, i);
            match (dark, start) {
                (true, None) => {
                    start = Some(i);
                    gap = 0;
                }
                (true, Some(_)) => gap = 0,
                (false, Some(s)) => {
                    gap += 1;
                    if gap > 2 || i == inner {
                        let end = i - gap + 1;
                        if (end - s) as u32 >= min {
                            runs.push((o as u32, s as u32, end as u32));
                        }
                        start = None;
                        gap = 0;
                    }
                }
                (false, None) => {}
            }
        }
    }
    // Runs on neighbouring rows that overlap are one line.
    let mut out: Vec<(u32, u32, u32, u32)> = Vec::new(); // (first pos, last pos, from, to)
    for (pos, from, to) in runs {
        match out
            .iter_mut()
            .rev()
            .take(8)
            .find(|l| pos <= l.1 + 1 && from < l.3 && to > l.2)
        {
            Some(l) => {
                l.1 = pos;
                l.2 = l.2.min(from);
                l.3 = l.3.max(to);
            }
            None => out.push((pos, pos, from, to)),
        }
    }
    out.into_iter()
        .map(|(a, b, from, to)| Line {
            pos: (a + b) / 2,
            from,
            to,
        })
        .collect()
}

/// Whether the lines of `lines` near `pos` cover most of `from..to`: a rule is drawn there,
/// though a seal or a worn scan may break it in places.
fn covered(lines: &[Line], pos: u32, from: u32, to: u32) -> bool {
    let len = to.saturating_sub(from);
    let mut spans: Vec<(u32, u32)> = lines
        .iter()
        .filter(|l| l.pos.abs_diff(pos) <= 4)
        .map(|l| (l.from.max(from), l.to.min(to)))
        .filter(|(a, b)| a < b)
        .collect();
    spans.sort_unstable();
    let (mut drawn, mut reach) = (0, from);
    for (a, b) in spans {
        let a = a.max(reach);
        if b > a {
            drawn += b - a;
            reach = b;
        }
    }
    drawn * 5 >= len * 4
}

/// The tables of a page: rules found, grouped into tables by where they meet, and the cells
/// between them.
pub fn tables(img: &GrayImage) -> Vec<Table> {
    let (w, h) = img.dimensions();
    if w < 50 || h < 50 {
        return Vec::new();
    }
    // A thin rule prints gray (a hairline at 150 dpi is about 130 on a 250 ground), lighter
    // than Otsu's split between text and paper: anything clearly darker than the paper counts
    // here, as only long runs make rules.
    let t = threshold(img).max(ground(img).saturating_sub(60));
    let ink: Vec<Vec<bool>> = (0..h)
        .map(|y| (0..w).map(|x| img.get_pixel(x, y)[0] <= t).collect())
        .collect();
    // A rule is longer than any run of text: a tenth of the page across, a fortieth down.
    let hs = lines(&ink, true, w / 10);
    let vs = lines(&ink, false, (h / 40).max(20));
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    // Tables: horizontal rules grouped where vertical rules join them.
    let mut tables = Vec::new();
    let mut used = vec![false; hs.len()];
    for i in 0..hs.len() {
        if used[i] {
            continue;
        }
        let mut group = vec![i];
        used[i] = true;
        let mut k = 0;
        while k < group.len() {
            let a = hs[group[k]];
            for (j, b) in hs.iter().enumerate() {
                if used[j] {
                    continue;
                }
                // Joined by a vertical rule that reaches both.
                let joined = vs.iter().any(|v| {
                    let (top, bottom) = (a.pos.min(b.pos), a.pos.max(b.pos));
                    v.from <= top + 4
                        && v.to + 4 >= bottom
                        && v.pos + 4 >= a.from.max(b.from)
                        && v.pos <= a.to.min(b.to) + 4
                });
                if joined {
                    used[j] = true;
                    group.push(j);
                }
            }
            k += 1;
        }
        if group.len() >= 2 {
            tables.push(table_of(
                &group.iter().map(|&g| hs[g]).collect::<Vec<_>>(),
                &vs,
            ));
        }
    }
    tables.retain(|t| !t.cells.is_empty());
    tables.sort_by_key(|t| t.ys.first().copied().unwrap_or(0));
    tables
}

fn dedup_near(mut v: Vec<u32>, near: u32) -> Vec<u32> {
    v.sort_unstable();
    let mut out: Vec<u32> = Vec::new();
    for x in v {
        match out.last() {
            Some(l) if x - l <= near => {}
            _ => out.push(x),
        }
    }
    out
}

fn table_of(hs: &[Line], vs: &[Line]) -> Table {
    let top = hs.iter().map(|l| l.pos).min().unwrap_or(0);
    let bottom = hs.iter().map(|l| l.pos).max().unwrap_or(0);
    let left = hs.iter().map(|l| l.from).min().unwrap_or(0);
    let right = hs.iter().map(|l| l.to).max().unwrap_or(0);
    let vs: Vec<Line> = vs
        .iter()
        .copied()
        .filter(|v| v.pos + 4 >= left && v.pos <= right + 4 && v.to > top && v.from < bottom)
        .collect();
    let ys = dedup_near(hs.iter().map(|l| l.pos).collect(), 6);
    let xs = dedup_near(vs.iter().map(|l| l.pos).collect(), 6);
    let (nr, nc) = (ys.len().saturating_sub(1), xs.len().saturating_sub(1));
    let mut taken = vec![vec![false; nc]; nr];
    let mut cells = Vec::new();
    for r in 0..nr {
        for c in 0..nc {
            if taken[r][c] {
                continue;
            }
            // Grow right while the rule between is not drawn across this row band.
            let mut c2 = c;
            while c2 + 1 < nc && !covered(&vs, xs[c2 + 1], ys[r], ys[r + 1]) {
                c2 += 1;
            }
            // Grow down while the rule below is not drawn across these columns.
            let mut r2 = r;
            while r2 + 1 < nr && !covered(hs, ys[r2 + 1], xs[c], xs[c2 + 1]) {
                r2 += 1;
            }
            for row in taken.iter_mut().take(r2 + 1).skip(r) {
                for t in row.iter_mut().take(c2 + 1).skip(c) {
                    *t = true;
                }
            }
            // Inside the rules, clear of their thickness.
            let pad = 3;
            cells.push(Cell {
                row: r,
                col: c,
                rows: r2 - r + 1,
                cols: c2 - c + 1,
                bounds: (xs[c] + pad, ys[r] + pad, xs[c2 + 1] - pad, ys[r2 + 1] - pad),
            });
        }
    }
    Table { ys, xs, cells }
}
