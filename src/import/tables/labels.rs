//! The template's row and column labels, indexed for the pieces of a copy: with and without
//! their numbering, wrapped or cut.

use super::*;

/// What a label names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Label {
    /// A data row: (table, block, row).
    Row(usize, usize, usize),
    /// A block title of table 二.
    Title(usize),
    /// A header cell or a merged group label of a table.
    Header(usize),
}

pub(super) struct LabelIndex {
    pub(super) exact: HashMap<String, Vec<Label>>,
    pub(super) all: Vec<(String, Label)>,
    /// Every character of the tables' header texts: words of a header stacked in a narrow
    /// column come apart into pieces made only of these.
    pub(super) header_chars: std::collections::HashSet<char>,
}

impl LabelIndex {
    pub(super) fn new(t: &Template) -> Self {
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
    pub(super) fn is_header_piece(&self, text: &str) -> bool {
        let norm = normalize_label(text);
        let n = norm.chars().count();
        (1..=40).contains(&n) && norm.chars().all(|c| self.header_chars.contains(&c))
    }

    /// Whether a text is made of pieces of labels only (「法提供 要另行制作」: a merged group label
    /// and a row label, both wrapped, cut side by side by a copy), every piece inside some label.
    pub(super) fn is_label_piece(&self, text: &str) -> bool {
        let pieces: Vec<String> = text
            .split_whitespace()
            .map(normalize_label)
            .filter(|p| !p.is_empty())
            .collect();
        !pieces.is_empty()
            && pieces.iter().map(|p| p.chars().count()).sum::<usize>() >= 2
            && pieces
                .iter()
                .all(|p| self.all.iter().any(|(k, _)| k.contains(p.as_str())))
    }

    /// The labels a cell's text names: exactly, or the one clearly closest (variant wording,
    /// a dropped or changed character), or the one it is the start of (a shortened label).
    /// Also says whether the match was exact (after [`normalize_label`]).
    pub(super) fn find(&self, text: &str) -> (Vec<Label>, bool) {
        let norm = normalize_label(text);
        match self.exact.get(&norm) {
            Some(v) => (v.clone(), true),
            None => (self.find_loose(&norm), false),
        }
    }

    /// The loose matches of a normalised text that has no exact match.
    pub(super) fn find_loose(&self, norm: &str) -> Vec<Label> {
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
