//! Cutting table lines into pieces, whatever the layout: one cell a line, tabs, space-aligned
//! columns (`pdftotext -layout`), markdown tables.

use super::*;

/// One piece of a table region.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    /// A cell's text (label or number), trimmed; empty for an empty cell.
    Cell(String),
    /// An empty field of a delimited row (tabs, `|`, a web page's or Word file's cell): the
    /// empty field *is* a cell, blank in the original, and keeps its place in the row.
    Blank,
    /// The end of a row, in the layouts that have rows.
    RowEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Layout {
    OneCellPerLine,
    Rows(char),
    /// Columns aligned with spaces, as a PDF viewer's copy or `pdftotext -layout` gives them:
    /// labels wrapped over lines above and below their row's numbers.
    Spaced,
}

pub(super) fn detect_layout(lines: &[String]) -> Layout {
    let count = |sep: char| {
        lines
            .iter()
            .filter(|l| l.split(sep).filter(|c| !clean::trim(c).is_empty()).count() >= 2)
            .count()
    };
    if count('|') >= 2 {
        Layout::Rows('|')
    } else if count('\t') >= 2 {
        Layout::Rows('\t')
    } else if lines.iter().filter(|l| spaced_numbers(l) >= 3).count() >= 3 {
        Layout::Spaced
    } else {
        Layout::OneCellPerLine
    }
}

/// A line cut at runs of two or more spaces: (column, text) of each field.
pub(super) fn fields(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\u{3000}' { ' ' } else { c })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !(chars[i] == ' ' && chars.get(i + 1).is_none_or(|c| *c == ' ')) {
            i += 1;
        }
        if i > start {
            let text: String = chars[start..i].iter().collect();
            // Numbers in narrow columns are one space apart: 「0 0」 is two cells.
            // 「予公开 5.属于三类内部事」: a merged label beside a row's label, one space apart.
            if let Some(at) = numbered_after_space(&text) {
                let (a, b) = text.split_at(at);
                out.push((start, a.trim_end().to_string()));
                out.push((start + a.chars().count(), b.to_string()));
            } else if text.split(' ').all(looks_like_value) {
                let mut col = start;
                for piece in text.split(' ') {
                    out.push((col, piece.to_string()));
                    col += piece.chars().count() + 1;
                }
            } else {
                out.push((start, text));
            }
        }
    }
    out
}

/// Where a row label numbered 「5.」 or 「（三）」 starts after a single space inside a field.
pub(super) fn numbered_after_space(text: &str) -> Option<usize> {
    text.match_indices(' ').map(|(i, _)| i + 1).find(|&i| {
        let rest = &text[i..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && rest[digits..].starts_with(['.', '．']))
            || (rest.starts_with('（') && rest.chars().nth(2) == Some('）'))
    })
}

/// How many numbers end a line of spaced fields.
pub(super) fn spaced_numbers(line: &str) -> usize {
    if line.contains('\t') {
        return 0;
    }
    fields(line)
        .iter()
        .rev()
        .take_while(|(_, t)| looks_like_value(t) && !starts_with_numbering(t))
        .count()
}

/// A row of a spaced table as found: label text above the numbers' line, on it, and numbers.
pub(super) struct SpacedRow {
    /// The label lines above the numbers: their fields, and their text in the label column.
    pub(super) head: Vec<Vec<(usize, String)>>,
    pub(super) head_text: String,
    pub(super) inline: String,
    /// Where the row's label column starts.
    pub(super) col: usize,
    pub(super) numbers: Vec<String>,
}

/// Writes a row: its label is what stood above its numbers, beside them and below them, when
/// that is a label of the template; else the lines above were not its own (a header, a title)
/// and become cells of their own.
pub(super) fn close_row(
    toks: &mut Vec<Tok>,
    row: SpacedRow,
    below: &str,
    is_label: &dyn Fn(&str) -> bool,
) {
    let whole = format!("{}{}{below}", row.head_text, row.inline);
    let label = if is_label(&whole) || row.head.is_empty() {
        whole
    } else {
        for line in &row.head {
            toks.extend(line.iter().map(|(_, t)| Tok::Cell(t.clone())));
            toks.push(Tok::RowEnd);
        }
        format!("{}{below}", row.inline)
    };
    // Table 四 has no row labels: its numbers stand alone.
    if !label.is_empty() {
        toks.push(Tok::Cell(label));
    }
    toks.extend(row.numbers.into_iter().map(Tok::Cell));
    toks.push(Tok::RowEnd);
}

/// Fields of a line: (column, text).
type Fields = Vec<(usize, String)>;

/// The text of `lines` from column `col` on (a little slack: centred text).
fn text_from(lines: &[Fields], col: usize) -> String {
    lines
        .iter()
        .flat_map(|f| {
            f.iter()
                .filter(|(c, _)| *c + 2 >= col)
                .map(|(_, t)| t.as_str())
        })
        .collect()
}

/// The fields of `lines` left of column `col`: merged group labels.
fn left_of(lines: &[Fields], col: usize) -> Vec<String> {
    lines
        .iter()
        .flat_map(|f| {
            f.iter()
                .filter(|(c, _)| *c + 2 < col)
                .map(|(_, t)| t.clone())
        })
        .collect()
}

/// Cuts spaced lines into cells. A label wrapped over several lines has its numbers on one of
/// them (the middle one): the label-only lines between two rows are shared between the row
/// above and the row below where both then read as labels of the template; what stands left
/// of the label column is a merged group label, written once as a cell of its own.
pub(super) fn tokenize_spaced(
    lines: &[String],
    is_label: &dyn Fn(&str) -> bool,
    prose: &mut Vec<String>,
) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut prev: Option<SpacedRow> = None;
    let mut pending: Vec<Fields> = Vec::new();
    for line in lines {
        let text = clean::trim(line);
        if text.is_empty() {
            continue;
        }
        if is_prose(text) && spaced_numbers(line) == 0 {
            prose.push(text.to_string());
            continue;
        }
        let f = fields(line);
        let n = spaced_numbers(line);
        if n < 2 {
            pending.push(f);
            continue;
        }
        let numbers: Vec<String> = f[f.len() - n..].iter().map(|(_, t)| t.clone()).collect();
        let mut labels = &f[..f.len() - n];
        // Left of the label column (the row above's) stands a merged group label, not this
        // row's: 「三、本」 beside the numbers of 「7.属于行政执法案卷」.
        if let (Some(p), Some((c, g))) = (&prev, labels.last())
            && c + 2 < p.col
            && g.chars().count() <= 4
            && !g.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        {
            for (_, label) in labels {
                toks.push(Tok::Cell(label.clone()));
                toks.push(Tok::RowEnd);
            }
            labels = &[];
        }
        let (col, inline) = labels
            .last()
            .map_or((0, String::new()), |(c, t)| (*c, t.clone()));
        for (_, group) in labels.iter().take(labels.len().saturating_sub(1)) {
            toks.push(Tok::Cell(group.clone()));
        }
        // A row of numbers alone: its label column is the row above's, or where the wrapped
        // label lines stand.
        let col = if labels.is_empty() {
            prev.as_ref()
                .map(|p| p.col)
                .unwrap_or_else(|| pending.iter().flatten().map(|(c, _)| *c).min().unwrap_or(0))
        } else {
            col
        };
        let (t, h) = share_pending(&pending, prev.as_ref(), &inline, col, is_label);
        if let Some(p) = prev.take() {
            let below = text_from(&pending[..t], p.col);
            for g in left_of(&pending[..t], p.col) {
                toks.push(Tok::Cell(g));
            }
            close_row(&mut toks, p, &below, is_label);
        }
        // Lines of their own: a block title, a header, words of a merged label.
        for f in &pending[t..h] {
            for (_, text) in f {
                toks.push(Tok::Cell(text.clone()));
            }
            toks.push(Tok::RowEnd);
        }
        for g in left_of(&pending[h..], col) {
            toks.push(Tok::Cell(g));
        }
        prev = Some(SpacedRow {
            head: pending[h..].to_vec(),
            head_text: text_from(&pending[h..], col),
            inline,
            col,
            numbers,
        });
        pending.clear();
    }
    finish_spaced(&mut toks, prev, pending, is_label);
    toks
}

/// Shares the label-only lines between two rows: the first `t` end the row above's label,
/// the last ones from `h` start this row's, those between are cells of their own (a block
/// title, a header). The choice makes as many labels the template's as it can.
fn share_pending(
    pending: &[Fields],
    prev: Option<&SpacedRow>,
    inline: &str,
    col: usize,
    is_label: &dyn Fn(&str) -> bool,
) -> (usize, usize) {
    let m = pending.len().min(24);
    let base = prev.map(|p| format!("{}{}", p.head_text, p.inline));
    let mut best = (0u8, 0usize, m);
    for t in 0..=m {
        let tail_ok = match &base {
            Some(b) => {
                let tail = format!("{b}{}", text_from(&pending[..t], prev.map_or(0, |p| p.col)));
                if is_label(&tail) {
                    Some(1u8)
                } else if t == 0 {
                    Some(0)
                } else {
                    None
                }
            }
            None if t == 0 => Some(0),
            None => None,
        };
        let Some(tail_score) = tail_ok else { continue };
        for h in t..=m {
            let head = format!("{}{inline}", text_from(&pending[h..m], col));
            let head_ok = is_label(&head);
            if !head_ok && h < m {
                continue;
            }
            let score = 2 * u8::from(head_ok) + tail_score;
            if score > best.0 {
                best = (score, t, h);
            }
        }
    }
    let (score, t, h) = best;
    // No reading makes this row's label whole yet: the rest of it may come below its
    // numbers, so the lines above stay with it.
    let h = if score < 2 { t } else { h };
    if pending.len() > m {
        (0, pending.len())
    } else {
        (t, h)
    }
}

/// The last row takes the label lines below it when they complete its label; what is left
/// becomes cells of its own.
fn finish_spaced(
    toks: &mut Vec<Tok>,
    prev: Option<SpacedRow>,
    mut pending: Vec<Fields>,
    is_label: &dyn Fn(&str) -> bool,
) {
    if let Some(p) = prev {
        let below = text_from(&pending, p.col);
        if is_label(&format!("{}{}{below}", p.head_text, p.inline))
            || is_label(&format!("{}{below}", p.inline))
        {
            close_row(toks, p, &below, is_label);
            pending.clear();
        } else {
            close_row(toks, p, "", is_label);
        }
    }
    for f in pending {
        for (_, t) in f {
            toks.push(Tok::Cell(t));
        }
        toks.push(Tok::RowEnd);
    }
}

/// Whether a line is a sentence of prose rather than a cell.
pub(super) fn is_prose(s: &str) -> bool {
    let n = s.chars().count();
    n > 60 || (n > 12 && s.contains('。'))
}

/// Cuts a part's lines into cells; prose lines go to `prose`.
pub(super) fn tokenize(
    lines: &[String],
    layout: Layout,
    is_label: &dyn Fn(&str) -> bool,
    prose: &mut Vec<String>,
) -> Vec<Tok> {
    let mut toks = Vec::new();
    match layout {
        Layout::Spaced => return tokenize_spaced(lines, is_label, prose),
        Layout::Rows(sep) => {
            for line in lines {
                let cells: Vec<&str> = line.split(sep).map(clean::trim).collect();
                let filled: Vec<&&str> = cells.iter().filter(|c| !c.is_empty()).collect();
                if filled.is_empty() {
                    continue;
                }
                if filled.len() == 1 && is_prose(filled[0]) {
                    prose.push(filled[0].to_string());
                    continue;
                }
                // `|a|b|` has empty cells at both ends that are not cells.
                let cells = if sep == '|' {
                    let s = usize::from(cells.first().is_some_and(|c| c.is_empty()));
                    let e = cells.len()
                        - usize::from(
                            cells.len() > s && cells.last().is_some_and(|c| c.is_empty()),
                        );
                    &cells[s..e.max(s)]
                } else {
                    &cells[..]
                };
                toks.extend(cells.iter().map(|c| match *c {
                    "" => Tok::Blank,
                    c => Tok::Cell(c.to_string()),
                }));
                toks.push(Tok::RowEnd);
            }
        }
        Layout::OneCellPerLine => {
            // A cell starts with an indented line; an unindented short line continues the
            // cell above (a label wrapped by the copy, 「商业\n企业」).
            for line in lines {
                let text = clean::trim(line);
                let indented = line.starts_with(['\t', ' ', '\u{3000}']);
                if text.is_empty() {
                    if indented {
                        toks.push(Tok::Cell(String::new()));
                    }
                    continue;
                }
                if is_prose(text) {
                    prose.push(text.to_string());
                    continue;
                }
                if !indented
                    && let Some(Tok::Cell(last)) = toks.last_mut()
                    && !last.is_empty()
                    && (!looks_like_value(last) || starts_with_numbering(last))
                    && !looks_like_value(text)
                {
                    last.push_str(text);
                    continue;
                }
                toks.push(Tok::Cell(text.to_string()));
            }
        }
    }
    toks
}

/// Whether a cell holds a number (in any of the ways people type them), not a label.
pub(super) fn looks_like_value(s: &str) -> bool {
    let n = s.chars().count();
    // A cell may add a unit or 增/减 to its number, not a phrase (「（一）2024 年工作中…」).
    let han = s
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    n > 0
        && n <= 24
        && han <= 3
        && (s
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            || matches!(s, "-" | "—" | "－" | "/" | "／" | "无" | "〇" | "零"))
}
