//! Reading tables 二, 三 and 四 out of text: cut the lines into cells (whatever the layout),
//! tell labels from numbers, and place each row's numbers by its label.

use std::collections::{BTreeMap, HashMap};

use super::clean::{self, normalize_label};
use crate::core::report::ImportNote;
use crate::core::template::{TableDecl, Template};
use crate::core::{FormatVersion, Rule};

/// What the tables gave.
pub struct Tables {
    /// The format the labels match best.
    pub format: FormatVersion,
    /// Cell id → text as typed.
    pub cells: BTreeMap<String, String>,
    /// What could not be placed.
    pub notes: Vec<ImportNote>,
    /// Lines of prose found among the tables of parts 二, 三, 四, kept in their part.
    pub prose: [Vec<String>; 3],
}

/// One piece of a table region.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A cell's text (label or number), trimmed; empty for an empty cell.
    Cell(String),
    /// The end of a row, in the layouts that have rows.
    RowEnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    OneCellPerLine,
    Rows(char),
    /// Columns aligned with spaces, as a PDF viewer's copy or `pdftotext -layout` gives them:
    /// labels wrapped over lines above and below their row's numbers.
    Spaced,
}

fn detect_layout(lines: &[String]) -> Layout {
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
fn fields(line: &str) -> Vec<(usize, String)> {
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
fn numbered_after_space(text: &str) -> Option<usize> {
    text.match_indices(' ').map(|(i, _)| i + 1).find(|&i| {
        let rest = &text[i..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (digits > 0 && rest[digits..].starts_with(['.', '．']))
            || (rest.starts_with('（') && rest.chars().nth(2) == Some('）'))
    })
}

/// How many numbers end a line of spaced fields.
fn spaced_numbers(line: &str) -> usize {
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
struct SpacedRow {
    /// The label lines above the numbers: their fields, and their text in the label column.
    head: Vec<Vec<(usize, String)>>,
    head_text: String,
    inline: String,
    /// Where the row's label column starts.
    col: usize,
    numbers: Vec<String>,
}

/// Writes a row: its label is what stood above its numbers, beside them and below them, when
/// that is a label of the template; else the lines above were not its own (a header, a title)
/// and become cells of their own.
fn close_row(toks: &mut Vec<Tok>, row: SpacedRow, below: &str, is_label: &dyn Fn(&str) -> bool) {
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

/// Cuts spaced lines into cells. A label wrapped over several lines has its numbers on one of
/// them (the middle one): the label-only lines between two rows are shared between the row
/// above and the row below where both then read as labels of the template; what stands left
/// of the label column is a merged group label, written once as a cell of its own.
fn tokenize_spaced(
    lines: &[String],
    is_label: &dyn Fn(&str) -> bool,
    prose: &mut Vec<String>,
) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut prev: Option<SpacedRow> = None;
    let mut pending: Vec<Vec<(usize, String)>> = Vec::new();
    // The text of pending lines from column `col` on (a little slack: centred text).
    let text_from = |lines: &[Vec<(usize, String)>], col: usize| -> String {
        lines
            .iter()
            .flat_map(|f| {
                f.iter()
                    .filter(|(c, _)| *c + 2 >= col)
                    .map(|(_, t)| t.as_str())
            })
            .collect()
    };
    let left_of = |lines: &[Vec<(usize, String)>], col: usize| -> Vec<String> {
        lines
            .iter()
            .flat_map(|f| {
                f.iter()
                    .filter(|(c, _)| *c + 2 < col)
                    .map(|(_, t)| t.clone())
            })
            .collect()
    };
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
            for (_, g) in labels {
                toks.push(Tok::Cell(g.clone()));
                toks.push(Tok::RowEnd);
            }
            let _ = g;
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
        // Share the pending lines: the first `t` end the row above's label, the last ones from
        // `h` start this row's, those between are cells of their own (a block title, a header).
        // The choice makes as many labels the template's as it can.
        let m = pending.len().min(24);
        let base = prev
            .as_ref()
            .map(|p| format!("{}{}", p.head_text, p.inline));
        let mut best = (0u8, 0usize, m);
        for t in 0..=m {
            let tail_ok = match &base {
                Some(b) => {
                    let tail = format!(
                        "{b}{}",
                        text_from(&pending[..t], prev.as_ref().map_or(0, |p| p.col))
                    );
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
        let (t, h) = if pending.len() > m {
            (0, pending.len())
        } else {
            (t, h)
        };
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
    if let Some(p) = prev.take() {
        let below = text_from(&pending, p.col);
        if is_label(&format!("{}{}{below}", p.head_text, p.inline))
            || is_label(&format!("{}{below}", p.inline))
        {
            close_row(&mut toks, p, &below, is_label);
            pending.clear();
        } else {
            close_row(&mut toks, p, "", is_label);
        }
    }
    for f in pending {
        for (_, t) in f {
            toks.push(Tok::Cell(t));
        }
        toks.push(Tok::RowEnd);
    }
    toks
}

/// Whether a line is a sentence of prose rather than a cell.
fn is_prose(s: &str) -> bool {
    let n = s.chars().count();
    n > 60 || (n > 12 && s.contains('。'))
}

/// Cuts a part's lines into cells; prose lines go to `prose`.
fn tokenize(
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
                toks.extend(cells.iter().map(|c| Tok::Cell(c.to_string())));
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
fn looks_like_value(s: &str) -> bool {
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

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    /// A data row: (table, block, row).
    Row(usize, usize, usize),
    /// A block title of table 二.
    Title(usize),
    /// A header cell or a merged group label of a table.
    Header(usize),
}

struct LabelIndex {
    exact: HashMap<String, Vec<Label>>,
    all: Vec<(String, Label)>,
    /// Every character of the tables' header texts: words of a header stacked in a narrow
    /// column come apart into pieces made only of these.
    header_chars: std::collections::HashSet<char>,
}

impl LabelIndex {
    fn new(t: &Template) -> Self {
        let mut all = Vec::new();
        for (ti, table) in t.tables.iter().enumerate() {
            for (bi, block) in table.blocks.iter().enumerate() {
                if let Some(title) = block.title {
                    all.push((normalize_label(title), Label::Title(ti)));
                }
                for row in &block.header {
                    for h in row {
                        all.push((normalize_label(h.text), Label::Header(ti)));
                    }
                }
                for (ri, row) in block.rows.iter().enumerate() {
                    let norm = normalize_label(row.label());
                    // Copies drop the numbering (「予以公开」 for 「（一）予以公开」): the label
                    // without it names the row too, where that is long enough to be sure.
                    if let Some(bare) = without_numbering(&norm)
                        && bare.chars().count() >= 4
                    {
                        all.push((bare, Label::Row(ti, bi, ri)));
                    }
                    all.push((norm, Label::Row(ti, bi, ri)));
                    for group in &row.path[..row.path.len().saturating_sub(1)] {
                        all.push((normalize_label(group), Label::Header(ti)));
                    }
                }
            }
            if table.label_columns == 0 {
                // 表四's two printed groups above its three column groups.
                all.push(("行政诉讼".into(), Label::Header(ti)));
            }
        }
        let mut exact: HashMap<String, Vec<Label>> = HashMap::new();
        for (k, l) in &all {
            let v = exact.entry(k.clone()).or_default();
            if !v.contains(l) {
                v.push(*l);
            }
        }
        let blocks = || t.tables.iter().flat_map(|table| &table.blocks);
        let headers = blocks().flat_map(|b| b.header.iter().flatten().map(|h| h.text));
        // Merged group labels beside the rows (「三、本年度办理结果」, 「（三）不予公开」) too.
        let groups = blocks().flat_map(|b| {
            b.rows
                .iter()
                .flat_map(|r| r.path[..r.path.len().saturating_sub(1)].iter().copied())
        });
        let header_chars = headers
            .chain(groups)
            .flat_map(|h| normalize_label(h).chars().collect::<Vec<_>>())
            .collect();
        LabelIndex {
            exact,
            all,
            header_chars,
        }
    }

    /// Whether a text is a piece of the tables' headers (「结果结果其他尚未」 from words stacked
    /// in narrow columns), which the template prints anyway.
    fn is_header_piece(&self, text: &str) -> bool {
        let norm = normalize_label(text);
        let n = norm.chars().count();
        (1..=40).contains(&n) && norm.chars().all(|c| self.header_chars.contains(&c))
    }

    /// The labels a cell's text names: exactly, or the one clearly closest (variant wording,
    /// a dropped or changed character), or the one it is the start of (a shortened label).
    /// Also says whether the match was exact (after [`normalize_label`]).
    fn find(&self, text: &str) -> (Vec<Label>, bool) {
        let norm = normalize_label(text);
        match self.exact.get(&norm) {
            Some(v) => (v.clone(), true),
            None => (self.find_loose(&norm), false),
        }
    }

    /// The loose matches of a normalised text that has no exact match.
    fn find_loose(&self, norm: &str) -> Vec<Label> {
        let n = norm.chars().count();
        if n < 2 {
            return Vec::new();
        }
        let mut best: Option<(f64, Label)> = None;
        let mut second = 0.0;
        for (k, l) in &self.all {
            let score = strsim::normalized_levenshtein(norm, k);
            match best {
                Some((b, bl)) if score > b => {
                    if bl != *l {
                        second = b;
                    }
                    best = Some((score, *l));
                }
                Some((_, bl)) if score > second && bl != *l => second = score,
                None => best = Some((score, *l)),
                _ => {}
            }
        }
        if let Some((b, l)) = best
            && b >= 0.8
            && b - second >= 0.1
        {
            return vec![l];
        }
        if n >= 4 {
            let starts: Vec<Label> = self
                .all
                .iter()
                .filter(|(k, _)| k.starts_with(norm))
                .map(|(_, l)| *l)
                .collect();
            if let [one] = starts.as_slice() {
                return vec![*one];
            }
        }
        Vec::new()
    }
}

/// One reading of the tables with one template.
struct Reading {
    cells: BTreeMap<String, String>,
    notes: Vec<ImportNote>,
    /// How many labels of this template were recognised (to choose the format).
    matched: usize,
    /// Text among the tables that is no label: (part, text), kept in that part's prose.
    unplaced: Vec<(usize, String)>,
}

/// A classified cell.
#[derive(Clone, Debug)]
enum Item {
    Label(Vec<Label>),
    Value(String),
    Empty,
    Text(String),
    RowEnd,
}

fn classify(toks: &[(usize, Tok)], index: &LabelIndex) -> Vec<(usize, Item)> {
    let mut items = Vec::new();
    // The last label read loosely (its start only), which text after its row may complete:
    // a label whose rest a copy put below the row's numbers.
    let mut open_label: Option<String> = None;
    let mut i = 0;
    while i < toks.len() {
        let part = toks[i].0;
        let text = match &toks[i].1 {
            Tok::RowEnd => {
                items.push((part, Item::RowEnd));
                i += 1;
                continue;
            }
            Tok::Cell(t) => t,
        };
        i += 1;
        if text.is_empty() {
            items.push((part, Item::Empty));
            continue;
        }
        let (found, exact) = index.find(text);
        if exact {
            items.push((part, Item::Label(found)));
            open_label = None;
            continue;
        }
        if let Some(start) = &open_label
            && !looks_like_value(text)
        {
            let joined = format!("{start}{text}");
            if index.find(&joined).1 {
                open_label = None;
                continue;
            }
            // Still a start of that one label: the rest may follow.
            if index
                .all
                .iter()
                .filter(|(k, _)| k.starts_with(&normalize_label(&joined)))
                .count()
                == 1
            {
                open_label = Some(joined);
                continue;
            }
        }
        // A label cut in two by the copy (「5.要求行政机关确认或重新」「出具已获取信息」):
        // the loose match of the first half gives way to an exact match of both.
        if !found.is_empty() {
            if let Some(Tok::Cell(next)) = toks.get(i).map(|t| &t.1)
                && !next.is_empty()
                && !looks_like_value(next)
            {
                let joined = format!("{text}{next}");
                let (both, exact) = index.find(&joined);
                if exact {
                    items.push((part, Item::Label(both)));
                    i += 1;
                    continue;
                }
            }
            items.push((part, Item::Label(found)));
            open_label = Some(text.clone());
            continue;
        }
        if looks_like_value(text) && !starts_with_numbering(text) {
            items.push((part, Item::Value(text.clone())));
            continue;
        }
        // A label wrapped onto the next line or cell: try it joined with what follows.
        let mut joined = text.clone();
        let mut j = i;
        let mut hit = None;
        while j < toks.len() && j - i < 3 {
            match &toks[j].1 {
                Tok::RowEnd => {}
                Tok::Cell(next) if !next.is_empty() && !looks_like_value(next) => {
                    joined.push_str(next);
                    let (found, _) = index.find(&joined);
                    if !found.is_empty() {
                        hit = Some((found, j));
                        break;
                    }
                }
                _ => break,
            }
            j += 1;
        }
        match hit {
            Some((found, j)) => {
                items.push((part, Item::Label(found)));
                i = j + 1;
            }
            None if looks_like_value(text) => items.push((part, Item::Value(text.clone()))),
            None if index.is_header_piece(text) => {}
            None => items.push((part, Item::Text(text.clone()))),
        }
    }
    items
}

/// The table (index into the template's tables) printed in part 二, 三 or 四.
fn table_of_part(part: usize) -> Option<usize> {
    (2..=4).contains(&part).then(|| part - 2)
}

/// A normalised label without its leading 「（一）」, 「一、」 or 「1.」.
fn without_numbering(norm: &str) -> Option<String> {
    let numeral = |c: char| "一二三四五六七八九十".contains(c);
    let rest = if let Some(r) = norm.strip_prefix('（') {
        let close = r.find('）')?;
        r[..close]
            .chars()
            .all(numeral)
            .then(|| &r[close + '）'.len_utf8()..])?
    } else {
        let digits = norm
            .chars()
            .take_while(|c| c.is_ascii_digit() || numeral(*c))
            .count();
        let (head, tail) = norm.split_at(norm.char_indices().nth(digits)?.0);
        if head.is_empty() {
            return None;
        }
        tail.strip_prefix(['.', '、', '．'])?
    };
    (!rest.is_empty()).then(|| rest.to_string())
}

/// Labels before their numbers: rows that are a label alone wait, and rows that are numbers
/// alone collect; a block of k of each is placed in order when k is the same, else nothing of
/// it is (the numbers are reported as unplaced).
#[derive(Default)]
struct Detached {
    waiting: Vec<(usize, usize, usize)>,
    bare: Vec<Vec<String>>,
    /// The row of numbers being read.
    row: Vec<String>,
}

impl Detached {
    fn end_row(&mut self) {
        if !self.row.is_empty() {
            self.bare.push(std::mem::take(&mut self.row));
        }
    }

    /// Places the block through `place` when the counts match; else its numbers go astray.
    fn resolve(
        &mut self,
        stray: &mut BTreeMap<usize, Vec<String>>,
        place: &mut dyn FnMut(Current),
    ) {
        if self.bare.is_empty() {
            return;
        }
        if self.waiting.len() == self.bare.len() {
            for (row, values) in self.waiting.drain(..).zip(self.bare.drain(..)) {
                place(Current { row, values });
            }
        } else {
            let ti = self.waiting.first().map_or(usize::MAX, |r| r.0);
            stray
                .entry(ti)
                .or_default()
                .extend(self.bare.drain(..).flatten());
            self.waiting.clear();
        }
    }
}

/// A number as a table cell holds it: digits with separators, a sign, 增/减, or a dash.
fn plain_number(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && (matches!(s, "-" | "—" | "－")
            || s.chars().all(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || matches!(c, '.' | ',' | '，' | '+' | '-' | '－' | '增' | '减' | '減')
            }))
}

/// 「1.属于…」: a numbered label that did not match, not a number.
fn starts_with_numbering(s: &str) -> bool {
    let norm = normalize_label(s);
    let mut c = norm.chars();
    matches!((c.next(), c.next(), c.next()), (Some(d), Some('.'), Some(x)) if d.is_ascii_digit() && !x.is_ascii_digit())
}

/// Where the numbers of a row go.
struct Current {
    row: (usize, usize, usize),
    values: Vec<String>,
}

fn read_with(t: &Template, toks: &[(usize, Tok)], index: &LabelIndex) -> Reading {
    let mut reading = Reading {
        cells: BTreeMap::new(),
        notes: Vec::new(),
        matched: 0,
        unplaced: Vec::new(),
    };
    let items = classify(toks, index);

    let mut seen_rows: Vec<(usize, usize, usize)> = Vec::new();
    let mut short_rows: Vec<(usize, usize, usize)> = Vec::new();
    let mut cur: Option<Current> = None;
    let mut last_table: Option<usize> = None;
    let mut stray: BTreeMap<usize, Vec<String>> = BTreeMap::new();

    let finish = |cur: &mut Option<Current>,
                  reading: &mut Reading,
                  seen: &mut Vec<(usize, usize, usize)>,
                  short: &mut Vec<(usize, usize, usize)>| {
        let Some(c) = cur.take() else { return };
        let (ti, bi, ri) = c.row;
        let mut values = c.values;
        while values.last().is_some_and(String::is_empty) {
            values.pop();
        }
        let lead = values.iter().take_while(|v| v.is_empty()).count();
        values.drain(..lead);
        if values.is_empty() {
            return;
        }
        let table = &t.tables[ti];
        let block = &table.blocks[bi];
        let row = &block.rows[ri];
        if seen.contains(&c.row) {
            reading.notes.push(ImportNote {
                rule: Rule::I4,
                part: table.part,
                cells: Vec::new(),
                message: format!(
                    "{}{}：这一行出现了两次，第二次的数（{}）未填入",
                    table.prefix(),
                    row.short(),
                    values.join(" ")
                ),
            });
            return;
        }
        seen.push(c.row);
        if values.len() != block.columns.len() {
            short.push(c.row);
            let n = block.columns.len();
            let what = if values.len() < n {
                format!("少 {} 格", n - values.len())
            } else {
                format!("多 {} 格", values.len() - n)
            };
            reading.notes.push(ImportNote {
                rule: Rule::I3,
                part: table.part,
                cells: row_cells(table, bi, ri),
                message: format!(
                    "{}{}：原文这一行有 {} 个数（{}），表格应有 {} 格（{}），无法确定是哪一格，整行未填入，请对照原文填写",
                    table.prefix(),
                    row.short(),
                    values.len(),
                    values.join(" "),
                    n,
                    what
                ),
            });
            return;
        }
        for (col, v) in block.columns.iter().zip(values) {
            if !v.is_empty() {
                reading
                    .cells
                    .insert(format!("{}.{}.{}", table.id, row.id, col.id), v);
            }
        }
    };

    let mut detached = Detached::default();
    for (part, item) in items {
        match item {
            Item::Label(labels) => {
                detached.resolve(&mut stray, &mut |c| {
                    finish(&mut Some(c), &mut reading, &mut seen_rows, &mut short_rows)
                });
                reading.matched += 1;
                // A label shared by several tables (「总计」) keeps the table we are in.
                let table_of = |l: &Label| match l {
                    Label::Row(ti, ..) | Label::Title(ti) | Label::Header(ti) => *ti,
                };
                let chosen = labels
                    .iter()
                    .find(|l| Some(table_of(l)) == last_table)
                    .or_else(|| labels.first())
                    .copied();
                let Some(label) = chosen else { continue };
                last_table = Some(table_of(&label));
                match label {
                    Label::Row(ti, bi, ri) => {
                        finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
                        cur = Some(Current {
                            row: (ti, bi, ri),
                            values: Vec::new(),
                        });
                    }
                    Label::Title(_) => {
                        finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
                    }
                    // Group labels sit beside (or, when merged cells are centred, between) rows:
                    // they end nothing.
                    Label::Header(_) => {
                        if cur.as_ref().is_some_and(|c| !c.values.is_empty()) {
                            finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
                        }
                    }
                }
            }
            Item::Value(v) => match cur.as_mut() {
                Some(c) => c.values.push(v),
                // Only plain numbers make a row of numbers waiting for its label (a header such
                // as 「数据1」 does not).
                None if !detached.waiting.is_empty() && plain_number(&v) => detached.row.push(v),
                None if !detached.waiting.is_empty() => {
                    detached.waiting.clear();
                    stray
                        .entry(last_table.unwrap_or(usize::MAX))
                        .or_default()
                        .push(v);
                }
                // Numbers that found no row belong to the table of the part they stand in.
                None => stray
                    .entry(table_of_part(part).or(last_table).unwrap_or(usize::MAX))
                    .or_default()
                    .push(v),
            },
            Item::Empty => {
                if let Some(c) = cur.as_mut()
                    && !c.values.is_empty()
                {
                    c.values.push(String::new());
                }
            }
            Item::RowEnd => {
                detached.end_row();
                match cur.take() {
                    // A label alone on its row: its numbers may follow as a row of their own.
                    Some(c) if c.values.is_empty() => detached.waiting.push(c.row),
                    c => {
                        let had_values = c.is_some();
                        cur = c;
                        finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
                        if had_values {
                            // A whole row ends a block of labels waiting for numbers.
                            detached.resolve(&mut stray, &mut |c| {
                                finish(&mut Some(c), &mut reading, &mut seen_rows, &mut short_rows)
                            });
                            detached.waiting.clear();
                        }
                    }
                }
            }
            Item::Text(s) => reading.unplaced.push((part, s)),
        }
    }
    detached.end_row();
    detached.resolve(&mut stray, &mut |c| {
        finish(&mut Some(c), &mut reading, &mut seen_rows, &mut short_rows)
    });
    finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);

    // Tables without row labels (表四) take the numbers that follow their header, in order.
    for (ti, table) in t.tables.iter().enumerate() {
        if table.label_columns != 0 {
            continue;
        }
        let block = &table.blocks[0];
        let values: Vec<String> = stray.remove(&ti).unwrap_or_default();
        let n = block.columns.len() * block.rows.len();
        if values.len() == n {
            let ids = block
                .rows
                .iter()
                .flat_map(|r| block.columns.iter().map(move |c| (r, c)));
            for ((r, c), v) in ids.zip(values) {
                reading
                    .cells
                    .insert(format!("{}.{}.{}", table.id, r.id, c.id), v);
            }
            seen_rows.extend((0..block.rows.len()).map(|ri| (ti, 0, ri)));
        } else if !values.is_empty() {
            short_rows.extend((0..block.rows.len()).map(|ri| (ti, 0, ri)));
            reading.notes.push(ImportNote {
                rule: Rule::I3,
                part: table.part,
                cells: table_cells(table),
                message: format!(
                    "{}表格：原文有 {} 个数（{}），表格应有 {} 格，无法对应，整张表未填入，请对照原文填写",
                    table.prefix(),
                    values.len(),
                    values.join(" "),
                    n
                ),
            });
        }
    }
    for (ti, values) in stray {
        let part = t.tables.get(ti).map_or(2, |t| t.part);
        reading.notes.push(ImportNote {
            rule: Rule::I4,
            part,
            cells: Vec::new(),
            message: format!(
                "有 {} 个数没有找到所属的行，未填入：{}",
                values.len(),
                values.join(" ")
            ),
        });
    }
    for (part, s) in &reading.unplaced {
        reading.notes.push(ImportNote {
            rule: Rule::I4,
            part: *part as u8,
            cells: Vec::new(),
            message: format!("表格中的“{s}”不是表格的行名或列名，已保留在该部分正文中"),
        });
    }

    // What the text did not have.
    for (ti, table) in t.tables.iter().enumerate() {
        let any = seen_rows.iter().chain(&short_rows).any(|r| r.0 == ti);
        if !any {
            reading.notes.push(ImportNote {
                rule: Rule::I1,
                part: table.part,
                cells: table_cells(table),
                message: format!(
                    "原文中没有找到表{}（{}）的数据，整张表未填",
                    &table.prefix()[..table.prefix().len() - '、'.len_utf8()],
                    &t.parts[usize::from(table.part) - 1].heading[table.prefix().len()..]
                ),
            });
            continue;
        }
        for (bi, block) in table.blocks.iter().enumerate() {
            for (ri, row) in block.rows.iter().enumerate() {
                let key = (ti, bi, ri);
                if seen_rows.contains(&key) || short_rows.contains(&key) {
                    continue;
                }
                reading.notes.push(ImportNote {
                    rule: Rule::I2,
                    part: table.part,
                    cells: row_cells(table, bi, ri),
                    message: format!(
                        "{}{}：原文中没有这一行（或这一行没有数），该行未填",
                        table.prefix(),
                        row.short()
                    ),
                });
            }
        }
    }
    reading
}

fn row_cells(table: &TableDecl, bi: usize, ri: usize) -> Vec<String> {
    let block = &table.blocks[bi];
    let row = &block.rows[ri];
    block
        .columns
        .iter()
        .map(|c| format!("{}.{}.{}", table.id, row.id, c.id))
        .collect()
}

fn table_cells(table: &TableDecl) -> Vec<String> {
    (0..table.blocks.len())
        .flat_map(|bi| (0..table.blocks[bi].rows.len()).map(move |ri| (bi, ri)))
        .flat_map(|(bi, ri)| row_cells(table, bi, ri))
        .collect()
}

/// Reads the tables out of the lines of parts 二, 三 and 四.
pub fn read_tables(parts: &[Vec<String>], year: i32) -> Tables {
    let mut prose: [Vec<String>; 3] = Default::default();
    let mut toks = Vec::new();
    // One layout for all three tables: table 四 alone is a single row of numbers.
    let all: Vec<String> = parts.iter().flatten().cloned().collect();
    let layout = detect_layout(&all);
    // A row label of either format, exactly (to share wrapped label lines between rows).
    let indexes: Vec<LabelIndex> = FormatVersion::ALL
        .iter()
        .map(|f| LabelIndex::new(f.template()))
        .collect();
    let is_label = |text: &str| {
        let norm = normalize_label(text);
        !norm.is_empty()
            && indexes.iter().any(|ix| {
                ix.exact
                    .get(&norm)
                    .is_some_and(|v| v.iter().any(|l| matches!(l, Label::Row(..))))
            })
    };
    for (i, lines) in parts.iter().enumerate().take(3) {
        for t in tokenize(lines, layout, &is_label, &mut prose[i]) {
            toks.push((i + 2, t));
        }
        toks.push((i + 2, Tok::RowEnd));
    }
    let readings: Vec<(FormatVersion, Reading)> = FormatVersion::ALL
        .iter()
        .map(|&f| {
            let t = f.template();
            (f, read_with(t, &toks, &LabelIndex::new(t)))
        })
        .collect();
    let fallback = super::default_format(year);
    let best = readings
        .iter()
        .map(|(f, r)| (r.matched, *f == fallback))
        .max()
        .unwrap_or((0, true));
    let (format, reading) = readings
        .into_iter()
        .find(|(f, r)| (r.matched, *f == fallback) == best)
        .unwrap_or_else(|| {
            let t = fallback.template();
            (fallback, read_with(t, &toks, &LabelIndex::new(t)))
        });
    // Text that is no label stays in the text of its part, so nothing typed is lost.
    for (part, s) in reading.unplaced {
        prose[part.saturating_sub(2).min(2)].push(s);
    }
    Tables {
        format,
        cells: reading.cells,
        notes: reading.notes,
        prose,
    }
}
