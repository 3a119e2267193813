//! From positioned glyphs to text: cells of ruled tables, lines of running text, running heads
//! and folios dropped, paragraphs joined across lines and pages.

use super::*;

/// The box of rules around a point: (left, right, bottom, top), if it is closed on all sides.
pub(super) fn cell_at(rules: &[Rule], x: f32, y: f32) -> Option<(f32, f32, f32, f32)> {
    const T: f32 = 1.0;
    let mut left: Option<f32> = None;
    let mut right: Option<f32> = None;
    let mut bottom: Option<f32> = None;
    let mut top: Option<f32> = None;
    for r in rules {
        if r.horizontal {
            if r.from - T <= x && x <= r.to + T {
                if r.pos >= y {
                    top = Some(top.map_or(r.pos, |t| t.min(r.pos)));
                } else {
                    bottom = Some(bottom.map_or(r.pos, |b| b.max(r.pos)));
                }
            }
        } else if r.from - T <= y && y <= r.to + T {
            if r.pos <= x {
                left = Some(left.map_or(r.pos, |l| l.max(r.pos)));
            } else {
                right = Some(right.map_or(r.pos, |l| l.min(r.pos)));
            }
        }
    }
    let b = (left?, right?, bottom?, top?);
    (b.1 - b.0 > 4.0 && b.3 - b.2 > 4.0).then_some(b)
}

/// A line of the output, before paragraphs are joined.
pub(super) struct Line {
    pub(super) text: String,
    /// A table row's cells, (left edge, right edge, text), left to right.
    pub(super) cells: Vec<(f32, f32, String)>,
    /// A table row.
    pub(super) row: bool,
    pub(super) left: f32,
    pub(super) right: f32,
    /// The font size, for distances in characters.
    pub(super) size: f32,
}

/// Whether a line is page furniture: a folio, a page number, or nianbao's draft mark.
pub(super) fn is_furniture(text: &str, y: f32, height: f32) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let margin = y > height * 0.9 || y < height * 0.1;
    if !margin {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let page_of = t
        .strip_prefix('第')
        .and_then(|s| s.split('页').next())
        .is_some_and(digits);
    crate::import::clean::is_folio(&t)
        || page_of
        || digits(&t)
        || crate::import::clean::is_page_mark(&t)
}

/// The text of a table row's cells, for telling a header repeated on a new page from a row
/// cut by the page break.
fn row_key(l: &Line) -> String {
    l.cells.iter().map(|(_, _, t)| t.as_str()).collect()
}

/// The lines of all pages in reading order, paragraphs joined.
pub(super) fn lines_of(pages: &[Page]) -> Vec<String> {
    let mut lines: Vec<Line> = Vec::new();
    // Every row seen so far: a table's header repeated on a new page is no cut-off row.
    let mut seen_rows: std::collections::HashSet<String> = std::collections::HashSet::new();
    for page in pages {
        let mut items = page_lines(page).into_iter().peekable();
        if let (Some(prev), Some(first)) = (lines.last_mut(), items.peek())
            && continues_row(prev, first, &seen_rows)
            && let Some(rest) = items.next()
        {
            for (left, _, text) in rest.cells {
                if let Some((_, _, cell)) = prev
                    .cells
                    .iter_mut()
                    .find(|(l, _, _)| (l - left).abs() < 2.0)
                {
                    cell.push_str(&text);
                }
            }
        }
        for l in items {
            if l.row {
                seen_rows.insert(row_key(&l));
            }
            lines.push(l);
        }
    }
    for l in &mut lines {
        if l.row {
            l.text = l
                .cells
                .iter()
                .map(|(_, _, t)| split_numbers(t))
                .collect::<Vec<_>>()
                .join("\t");
        }
    }
    join_paragraphs(lines)
}

/// A table row cut by the page break: the rest of its labels open the next page, with no
/// numbers of their own, in cells of exactly the width of the cells they continue.
fn continues_row(prev: &Line, first: &Line, seen_rows: &std::collections::HashSet<String>) -> bool {
    prev.row
        && first.row
        && !first
            .cells
            .iter()
            .any(|(_, _, t)| t.chars().any(|c| c.is_ascii_digit()))
        && !seen_rows.contains(&row_key(first))
        && first.cells.iter().all(|(l, r, _)| {
            prev.cells
                .iter()
                .any(|(pl, pr, _)| (pl - l).abs() < 2.0 && (pr - r).abs() < 2.0)
        })
}

/// The lines of one page, top to bottom: table rows and lines of running text.
fn page_lines(page: &Page) -> Vec<Line> {
    // (top y, left x, line) of every item on the page, rows and text lines alike.
    let mut items: Vec<(f32, f32, Line)> = Vec::new();
    let mut cells: BTreeMap<(i64, i64, i64, i64), Vec<&Run>> = BTreeMap::new();
    let mut free: Vec<&Run> = Vec::new();
    // Each glyph looks for its box among the page's rules; a page with rules and glyphs
    // beyond any report's is read as text alone, so the time stays bounded.
    let rules: &[Rule] = if page.rules.len().saturating_mul(page.runs.len()) <= MAX_CELL_WORK {
        &page.rules
    } else {
        &[]
    };
    for run in &page.runs {
        if run.text.is_empty() {
            continue;
        }
        let probe = (run.x + run.size * 0.2, run.y + run.size * 0.35);
        match cell_at(rules, probe.0, probe.1) {
            Some((l, r, b, t)) => {
                let key = |v: f32| (v * 2.0).round() as i64;
                cells
                    .entry((key(t), key(l), key(r), key(b)))
                    .or_default()
                    .push(run);
            }
            None => free.push(run),
        }
    }
    add_empty_boxes(rules, &mut cells);
    table_rows(cells, &mut items);
    text_lines(free, page.height, &mut items);
    items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.total_cmp(&b.1)));
    items.into_iter().map(|(_, _, l)| l).collect()
}

/// The empty boxes of a table row, right of its last box with text: each is a blank cell of
/// the original and keeps its column (a row of blanks is not a row of one merged cell). A box
/// that began on a row above (a value cell merged down over sub-rows) is no box of this row.
fn add_empty_boxes(rules: &[Rule], cells: &mut BTreeMap<(i64, i64, i64, i64), Vec<&Run>>) {
    let key = |v: f32| (v * 2.0).round() as i64;
    let mut rows: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
    for &(top, _, right, bottom) in cells.keys() {
        let e = rows.entry(top).or_insert((right, bottom));
        e.0 = e.0.max(right);
    }
    let mut verticals: Vec<f32> = rules
        .iter()
        .filter(|r| !r.horizontal)
        .map(|r| r.pos)
        .collect();
    verticals.sort_by(f32::total_cmp);
    verticals.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    // Each probe walks every rule: a page with rules beyond any report's keeps its boxes with
    // text only, so the time stays bounded.
    let work = rows
        .len()
        .saturating_mul(verticals.len())
        .saturating_mul(rules.len());
    if work > MAX_CELL_WORK {
        return;
    }
    for (top, (right, bottom)) in rows {
        let y = (top + bottom) as f32 / 4.0;
        let from = right as f32 / 2.0;
        for pair in verticals.windows(2) {
            let (x0, x1) = (pair[0], pair[1]);
            if x0 < from - 1.0 || x1 - x0 < 4.0 {
                continue;
            }
            if let Some((l, r, b, t)) = cell_at(rules, (x0 + x1) / 2.0, y)
                && key(t) == top
            {
                cells.entry((key(t), key(l), key(r), key(b))).or_default();
            }
        }
    }
}

/// Table rows: cells whose top is at the same height, left to right.
fn table_rows(cells: BTreeMap<(i64, i64, i64, i64), Vec<&Run>>, items: &mut Vec<(f32, f32, Line)>) {
    let mut rows: BTreeMap<i64, Vec<(i64, i64, String)>> = BTreeMap::new();
    for ((top, left, right, _), mut runs) in cells {
        runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
        let text = joined(&runs);
        rows.entry(top).or_default().push((left, right, text));
    }
    for (top, mut row) in rows {
        row.sort_by_key(|(l, _, _)| *l);
        let left = row.first().map_or(0.0, |(l, _, _)| *l as f32 / 2.0);
        let cells: Vec<(f32, f32, String)> = row
            .into_iter()
            .map(|(l, r, t)| (l as f32 / 2.0, r as f32 / 2.0, t))
            .collect();
        items.push((
            top as f32 / 2.0,
            left,
            Line {
                text: String::new(),
                cells,
                row: true,
                left,
                right: 0.0,
                size: 0.0,
            },
        ));
    }
}

/// Free text: runs on one baseline are one line; furniture (folios, page numbers) dropped.
fn text_lines(mut free: Vec<&Run>, height: f32, items: &mut Vec<(f32, f32, Line)>) {
    free.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut i = 0;
    while i < free.len() {
        let base = free[i];
        let mut same: Vec<&Run> = vec![base];
        let mut j = i + 1;
        while j < free.len() && (free[j].y - base.y).abs() < base.size * 0.4 {
            same.push(free[j]);
            j += 1;
        }
        same.sort_by(|a, b| a.x.total_cmp(&b.x));
        let (text, end) = line_text(&same);
        let top = base.y + base.size;
        let text = text.trim().to_string();
        if !text.is_empty() && !is_furniture(&text, base.y, height) {
            items.push((
                top,
                same[0].x,
                Line {
                    text,
                    cells: Vec::new(),
                    row: false,
                    left: same[0].x,
                    right: end,
                    size: base.size,
                },
            ));
        }
        i = j;
    }
}

/// The text of runs on one baseline, left to right, and where it ends: wide gaps between
/// numbers are columns (a tab), narrow ones between Latin letters or digits a space.
fn line_text(same: &[&Run]) -> (String, f32) {
    let mut text = String::new();
    let mut end = same.first().map_or(0.0, |r| r.x);
    for r in same {
        let gap = r.x - end;
        let digits = text.ends_with(|c: char| c.is_ascii_digit())
            && r.text.starts_with(|c: char| c.is_ascii_digit());
        if !text.is_empty() && (gap > r.size * 1.5 || (digits && gap > r.size * 0.6)) {
            // Numbers this far apart stand in columns of their own.
            text.push('\t');
        } else if gap > r.size * 0.2 && latin_pair(&text, &r.text) {
            text.push(' ');
        }
        if r.text != " " || !(text.is_empty() || text.ends_with([' ', '\t'])) {
            text.push_str(&r.text);
        }
        end = r.x + r.width;
    }
    (text, end)
}

/// Whether a gap between these two pieces is a word space: Latin letters or digits on both sides.
pub(super) fn latin_pair(before: &str, after: &str) -> bool {
    before
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// The text of one cell: its lines joined (a label wrapped over lines is one label).
pub(super) fn joined(runs: &[&Run]) -> String {
    let mut out = String::new();
    let mut last: Option<&Run> = None;
    for r in runs {
        if let Some(p) = last
            && (p.y - r.y).abs() < p.size * 0.4
            && r.x - (p.x + p.width) > r.size * 0.2
            && latin_pair(&out, &r.text)
        {
            out.push(' ');
        }
        if r.text != " " || !(out.is_empty() || out.ends_with(' ')) {
            out.push_str(&r.text);
        }
        last = Some(r);
    }
    out.trim().to_string()
}

/// A cell that holds several numbers one space apart is several cells whose rule was not drawn
/// (a row cut by the page): 「0 0」 → 「0⇥0」.
pub(super) fn split_numbers(cell: &str) -> String {
    let pieces: Vec<&str> = cell.split_whitespace().collect();
    let numeric = |p: &&str| p.chars().all(|c| c.is_ascii_digit() || c == '.');
    if pieces.len() > 1 && pieces.iter().all(numeric) {
        pieces.join("\t")
    } else {
        cell.to_string()
    }
}

/// Joins a line to the one before when that one fills the measure and this one is not indented.
/// "Fills" allows for what line breaking leaves: a line is short by the first unbreakable piece
/// of the next (a number, an e-mail address, a bracket that may not end a line).
pub(super) fn join_paragraphs(lines: Vec<Line>) -> Vec<String> {
    let text_lines = || lines.iter().filter(|l| !l.row);
    let margin = text_lines().map(|l| l.left).fold(f32::MAX, f32::min);
    // Most body lines are full: the upper quartile of their ends is the measure (robust to a
    // line whose width was over-estimated).
    let mut ends: Vec<f32> = text_lines().map(|l| l.right).collect();
    ends.sort_by(f32::total_cmp);
    let measure = ends.get(ends.len() * 3 / 4).copied().unwrap_or(0.0);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for l in &lines {
        if l.row {
            out.push(l.text.clone());
            prev = None;
            continue;
        }
        let continues = prev.is_some_and(|p| {
            let indented = l.left > margin + l.size * 0.5;
            let full = p.right + first_piece_width(&l.text, l.size) >= measure - 1.5 * p.size;
            // A right-aligned line (a date, a signature) ends at the measure but is no body line.
            let body = p.left <= margin + 4.0 * p.size;
            !indented && full && body && !p.text.contains('\t')
        });
        match out.last_mut() {
            Some(last) if continues => last.push_str(l.text.trim_start()),
            _ => out.push(l.text.clone()),
        }
        prev = Some(l);
    }
    out
}

/// The width of what must stay with a line's first character: a run of Latin letters, digits
/// and the brackets and quotes that may not end a line.
pub(super) fn first_piece_width(text: &str, size: f32) -> f32 {
    let mut w = 0.0;
    for (i, c) in text.trim_start().chars().enumerate() {
        let sticky = c.is_ascii_graphic() || "〔〕（）《》“”‘’【】".contains(c);
        if i > 0 && !sticky {
            break;
        }
        w += char_width(c, size);
        if i == 0 && !sticky {
            break;
        }
    }
    w
}
