//! Placing numbers: which label each number belongs to, in which table and column; labels
//! above or below their numbers; nothing placed that is not certain.

use super::*;

/// One reading of the tables with one template.
pub(super) struct Reading {
    pub(super) cells: BTreeMap<String, String>,
    pub(super) notes: Vec<ImportNote>,
    /// How many labels of this template were recognised (to choose the format).
    pub(super) matched: usize,
    /// Text among the tables that is no label: (part, text), kept in that part's prose.
    pub(super) unplaced: Vec<(usize, String)>,
    /// Cells that are blank in the original (an empty field of a placed row): never filled.
    pub(super) blank_cells: Vec<String>,
    /// Rows whose label the text has, with numbers or without.
    pub(super) labelled: Vec<RowKey>,
}

/// A classified cell.
#[derive(Clone, Debug)]
pub(super) enum Item {
    Label(Vec<Label>),
    Value(String),
    Empty,
    /// A delimited row's empty field: a blank cell in its place.
    Blank,
    Text(String),
    RowEnd,
}

pub(super) fn classify(toks: &[(usize, Tok)], index: &LabelIndex) -> Vec<(usize, Item)> {
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
            Tok::Blank => {
                items.push((part, Item::Blank));
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
        let follows_alone = hit
            .as_ref()
            .is_some_and(|(_, j)| stands_above_label(text, &toks[i..=*j], index));
        match hit {
            Some(_) if follows_alone => items.push((part, Item::Text(text.clone()))),
            Some((found, j)) => {
                items.push((part, Item::Label(found)));
                i = j + 1;
            }
            None if looks_like_value(text) => items.push((part, Item::Value(text.clone()))),
            None if index.is_header_piece(text) || index.is_label_piece(text) => {}
            None => items.push((part, Item::Text(text.clone()))),
        }
    }
    items
}

/// Whether `text` is a line of prose the table stands under (「上年结转件数」 above table 三's
/// header) and `rest`, what follows it, a label by itself: then it is kept as text. Only a
/// phrase of its own: a fragment of a label cut by the copy (「（四」, 「开」, 「组织 机构」) is
/// short, opens a bracket or is a piece of a label or header.
fn stands_above_label(text: &str, rest: &[(usize, Tok)], index: &LabelIndex) -> bool {
    let phrase = text.chars().count() >= 4
        && !text.starts_with(['（', '('])
        && !starts_with_numbering(text)
        && !index.is_header_piece(text)
        && !index.is_label_piece(text);
    phrase && {
        let rest: String = rest
            .iter()
            .filter_map(|(_, t)| match t {
                Tok::Cell(c) => Some(c.as_str()),
                Tok::Blank | Tok::RowEnd => None,
            })
            .collect();
        index.find(&rest).1
    }
}

/// The table (index into the template's tables) printed in part 二, 三 or 四.
pub(super) fn table_of_part(part: usize) -> Option<usize> {
    (2..=4).contains(&part).then(|| part - 2)
}

/// A normalised label without its leading 「（一）」, 「一、」 or 「1.」.
pub(super) fn without_numbering(norm: &str) -> Option<String> {
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

/// The table a row of numbers stands in, when it is known: a number before any table's label
/// is not. Unknown sorts last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TableOf {
    /// Index into the template's tables.
    Known(usize),
    /// No table yet.
    Unknown,
}

impl TableOf {
    fn of(table: Option<usize>) -> Self {
        table.map_or(TableOf::Unknown, TableOf::Known)
    }
}

/// A data row: (table, block, row) indices into the template.
pub(super) type RowKey = (usize, usize, usize);

/// Labels before their numbers: rows that are a label alone wait, and rows that are numbers
/// alone collect; a block of k of each is placed in order when k is the same, else nothing of
/// it is (the numbers are reported as unplaced).
#[derive(Default)]
pub(super) struct Detached {
    pub(super) waiting: Vec<RowKey>,
    pub(super) bare: Vec<Vec<String>>,
    /// The row of numbers being read.
    pub(super) row: Vec<String>,
}

impl Detached {
    pub(super) fn end_row(&mut self) {
        if !self.row.is_empty() {
            self.bare.push(std::mem::take(&mut self.row));
        }
    }

    /// The rows to place when the counts match; else the numbers go to `unlabelled` as rows
    /// of their own. `read` is how many labelled rows have been read so far.
    pub(super) fn resolve(&mut self, unlabelled: &mut Unlabelled, read: usize) -> Vec<Current> {
        if self.bare.is_empty() {
            return Vec::new();
        }
        if self.waiting.len() == self.bare.len() {
            return self
                .waiting
                .drain(..)
                .zip(self.bare.drain(..))
                .map(|(row, values)| Current { row, values })
                .collect();
        }
        let table = TableOf::of(self.waiting.first().map(|r| r.0));
        for values in self.bare.drain(..) {
            unlabelled.push(table, read, values);
        }
        self.waiting.clear();
        Vec::new()
    }
}

/// A row of numbers that no label claimed, in reading order: its table, how many rows had been
/// read when it came, its numbers.
pub(super) struct BareRow {
    pub(super) table: TableOf,
    pub(super) after: usize,
    pub(super) values: Vec<String>,
}

/// The rows of numbers no label claimed, and where they stood among the labelled rows.
#[derive(Default)]
pub(super) struct Unlabelled {
    pub(super) rows: Vec<BareRow>,
    /// The row being collected.
    pub(super) current: Option<BareRow>,
}

impl Unlabelled {
    /// A whole row of numbers with no label, after `after` labelled rows.
    pub(super) fn push(&mut self, table: TableOf, after: usize, values: Vec<String>) {
        self.end_row();
        self.rows.push(BareRow {
            table,
            after,
            values,
        });
    }

    /// One number of a row with no label, after `after` labelled rows.
    pub(super) fn value(&mut self, table: TableOf, after: usize, v: String) {
        if self.current.as_ref().is_some_and(|r| r.table != table) {
            self.end_row();
        }
        self.current
            .get_or_insert_with(|| BareRow {
                table,
                after,
                values: Vec::new(),
            })
            .values
            .push(v);
    }

    pub(super) fn end_row(&mut self) {
        if let Some(r) = self.current.take() {
            self.rows.push(r);
        }
    }
}

/// A number as a table cell holds it: digits with separators, a sign, 增/减, or a dash.
pub(super) fn plain_number(s: &str) -> bool {
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
pub(super) fn starts_with_numbering(s: &str) -> bool {
    let norm = normalize_label(s);
    let mut c = norm.chars();
    matches!((c.next(), c.next(), c.next()), (Some(d), Some('.'), Some(x)) if d.is_ascii_digit() && !x.is_ascii_digit())
}

/// Where the numbers of a row go.
pub(super) struct Current {
    pub(super) row: RowKey,
    pub(super) values: Vec<String>,
}

/// Reads the classified cells with one template: each row's numbers placed by its label.
pub(super) fn read_with(t: &Template, toks: &[(usize, Tok)], index: &LabelIndex) -> Reading {
    let mut p = Placer::new(t);
    let mut last_part = None;
    for (part, item) in classify(toks, index) {
        // Labels waiting for their numbers wait within their part: a blank last row of table
        // 三 must not take table 四's numbers.
        if last_part.is_some_and(|p| p != part) {
            p.detached.end_row();
            p.resolve_detached();
            p.detached.waiting.clear();
        }
        last_part = Some(part);
        match item {
            Item::Label(labels) => p.label(&labels),
            Item::Value(v) => p.value(part, v),
            Item::Empty => p.empty(),
            Item::Blank => p.blank(),
            Item::RowEnd => p.row_end(),
            Item::Text(s) => p.reading.unplaced.push((part, s)),
        }
    }
    p.detached.end_row();
    p.resolve_detached();
    p.finish_current();
    p.unlabelled.end_row();
    let stray = p.place_between_anchors();
    let stray = p.place_unlabelled_tables(stray);
    p.note_stray(stray);
    p.note_missing();
    p.note_blanks();
    p.reading
}

/// The state of one reading: rows placed so far, the row being read, numbers waiting.
struct Placer<'t> {
    t: &'t Template,
    reading: Reading,
    /// Rows placed (or refused as repeated), in reading order.
    seen_rows: Vec<RowKey>,
    /// Rows whose numbers did not fit their columns.
    short_rows: Vec<RowKey>,
    /// The row whose numbers are being read.
    cur: Option<Current>,
    last_table: Option<usize>,
    unlabelled: Unlabelled,
    detached: Detached,
    /// Cells blank in the original, by table.
    blanks: BTreeMap<usize, Vec<String>>,
}

impl<'t> Placer<'t> {
    fn new(t: &'t Template) -> Self {
        Placer {
            t,
            reading: Reading {
                cells: BTreeMap::new(),
                notes: Vec::new(),
                matched: 0,
                unplaced: Vec::new(),
                blank_cells: Vec::new(),
                labelled: Vec::new(),
            },
            seen_rows: Vec::new(),
            short_rows: Vec::new(),
            cur: None,
            last_table: None,
            unlabelled: Unlabelled::default(),
            detached: Detached::default(),
            blanks: BTreeMap::new(),
        }
    }

    /// Places labels waiting for numbers when their rows of numbers match them.
    fn resolve_detached(&mut self) {
        let read = self.seen_rows.len();
        for c in self.detached.resolve(&mut self.unlabelled, read) {
            self.finish(c);
        }
    }

    fn finish_current(&mut self) {
        if let Some(c) = self.cur.take() {
            self.finish(c);
        }
    }

    /// A row label: ends the row being read and starts its own.
    fn label(&mut self, labels: &[Label]) {
        self.resolve_detached();
        self.reading.matched += 1;
        // A label shared by several tables (「总计」) keeps the table we are in.
        let table_of = |l: &Label| match l {
            Label::Row(ti, ..) | Label::Title(ti) | Label::Header(ti) => *ti,
        };
        let chosen = labels
            .iter()
            .find(|l| Some(table_of(l)) == self.last_table)
            .or_else(|| labels.first())
            .copied();
        let Some(label) = chosen else { return };
        self.last_table = Some(table_of(&label));
        match label {
            Label::Row(ti, bi, ri) => {
                self.reading.labelled.push((ti, bi, ri));
                self.finish_current();
                self.cur = Some(Current {
                    row: (ti, bi, ri),
                    values: Vec::new(),
                });
            }
            Label::Title(_) => self.finish_current(),
            // Group labels sit beside (or, when merged cells are centred, between) rows: they
            // end nothing.
            Label::Header(_) => {
                if self.cur.as_ref().is_some_and(|c| !c.values.is_empty()) {
                    self.finish_current();
                }
            }
        }
    }

    fn value(&mut self, part: usize, v: String) {
        let read = self.seen_rows.len();
        match self.cur.as_mut() {
            Some(c) => c.values.push(v),
            // Only plain numbers make a row of numbers waiting for its label (a header such as
            // 「数据1」 does not).
            None if !self.detached.waiting.is_empty() && plain_number(&v) => {
                self.detached.row.push(v)
            }
            None if !self.detached.waiting.is_empty() => {
                self.detached.waiting.clear();
                self.unlabelled.value(TableOf::of(self.last_table), read, v);
            }
            // Numbers that found no row belong to the table of the part they stand in.
            None => {
                let table = TableOf::of(table_of_part(part).or(self.last_table));
                self.unlabelled.value(table, read, v);
            }
        }
    }

    fn empty(&mut self) {
        if let Some(c) = self.cur.as_mut()
            && !c.values.is_empty()
        {
            c.values.push(String::new());
        }
    }

    /// Whether a row read so far is its label and exactly one empty field per cell.
    fn is_blank_row(&self, c: &Current) -> bool {
        let (ti, bi, _) = c.row;
        c.values.len() == self.t.tables[ti].blocks[bi].columns.len()
            && c.values.iter().all(String::is_empty)
    }

    /// A delimited row's empty field: a blank cell of the row being read, in its place.
    fn blank(&mut self) {
        if let Some(c) = self.cur.as_mut() {
            c.values.push(String::new());
        }
    }

    fn row_end(&mut self) {
        self.detached.end_row();
        self.unlabelled.end_row();
        match self.cur.take() {
            // A delimited row with an empty field for every cell: every cell blank in the
            // original.
            Some(c) if self.is_blank_row(&c) => {
                let (ti, bi, ri) = c.row;
                let table = &self.t.tables[ti];
                let block = &table.blocks[bi];
                let row = &block.rows[ri];
                if !self.seen_rows.contains(&c.row) {
                    self.seen_rows.push(c.row);
                    let ids = block
                        .columns
                        .iter()
                        .map(|col| CellId::new(table.id, row.id, col.id).key());
                    self.blanks.entry(ti).or_default().extend(ids);
                }
            }
            // A label alone on its row (its other fields empty): its numbers may follow as a
            // row of their own.
            Some(c) if c.values.iter().all(String::is_empty) => self.detached.waiting.push(c.row),
            Some(c) => {
                self.finish(c);
                // A whole row ends a block of labels waiting for numbers.
                self.resolve_detached();
                self.detached.waiting.clear();
            }
            None => {}
        }
    }

    /// Puts a row's numbers in its cells, or says why not (a repeated row, a count of numbers
    /// that is not the row's).
    fn finish(&mut self, c: Current) {
        let (ti, bi, ri) = c.row;
        let table = &self.t.tables[ti];
        let block = &table.blocks[bi];
        // Empty fields at either end are cells only while the row has room for them: a
        // delimited row's blank first or last cell keeps its place, a trailing separator or
        // an empty field before the numbers does not make the row too long.
        let mut values = c.values;
        let n = block.columns.len();
        while values.len() > n && values.last().is_some_and(String::is_empty) {
            values.pop();
        }
        let lead = values.iter().take_while(|v| v.is_empty()).count();
        values.drain(..lead.min(values.len().saturating_sub(n)));
        if values.len() != n {
            // Not the row's width either way: what is said about it counts the numbers.
            while values.last().is_some_and(String::is_empty) {
                values.pop();
            }
            let lead = values.iter().take_while(|v| v.is_empty()).count();
            values.drain(..lead);
        }
        if values.iter().all(String::is_empty) {
            return;
        }
        let row = &block.rows[ri];
        if self.seen_rows.contains(&c.row) {
            self.reading.notes.push(ImportNote {
                rule: Rule::I4,
                part: table.part.get(),
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
        self.seen_rows.push(c.row);
        if values.len() != block.columns.len() {
            self.short_rows.push(c.row);
            let what = if values.len() < n {
                format!("少 {} 格", n - values.len())
            } else {
                format!("多 {} 格", values.len() - n)
            };
            self.reading.notes.push(ImportNote {
                rule: Rule::I3,
                part: table.part.get(),
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
            let id = CellId::new(table.id, row.id, col.id).key();
            if v.is_empty() {
                self.blanks.entry(ti).or_default().push(id);
            } else {
                self.reading.cells.insert(id, v);
            }
        }
    }

    /// Cells that are blank in the original (an empty field of a placed row): one note a table,
    /// so that they are unknown to the arithmetic, not 0, until the clerk fills them.
    fn note_blanks(&mut self) {
        for (ti, cells) in std::mem::take(&mut self.blanks) {
            self.reading.blank_cells.extend(cells.iter().cloned());
            let table = &self.t.tables[ti];
            let names: Vec<&str> = cells
                .iter()
                .take(3)
                .filter_map(|id| self.t.cell(id).map(|c| c.label.as_str()))
                .collect();
            let more = if cells.len() > names.len() { "等" } else { "" };
            self.reading.notes.push(ImportNote {
                rule: Rule::I2,
                part: table.part.get(),
                cells: cells.clone(),
                message: format!(
                    "{}表格有 {} 个单元格在原文中为空（{}{more}），未填入：核对时按未知处理，不按 0 计，请对照原文填写",
                    table.prefix(),
                    cells.len(),
                    names.join("、")
                ),
            });
        }
    }

    /// Rows of numbers between two labelled rows of the same block, when as many whole rows
    /// stand there as the template has rows missing between those two: placed in order.
    /// Returns the numbers still unplaced, by table.
    fn place_between_anchors(&mut self) -> BTreeMap<TableOf, Vec<String>> {
        let anchors = self.seen_rows.clone();
        let rows = std::mem::take(&mut self.unlabelled.rows);
        let mut placed_bare = vec![false; rows.len()];
        let mut i = 0;
        while i < rows.len() {
            let (after, table) = (rows[i].after, rows[i].table);
            let group: Vec<usize> = (i..rows.len())
                .take_while(|&k| rows[k].after == after && rows[k].table == table)
                .collect();
            i += group.len();
            let (Some(&(ta, ba, ra)), Some(&(tb, bb, rb))) = (
                after.checked_sub(1).and_then(|k| anchors.get(k)),
                anchors.get(after),
            ) else {
                continue;
            };
            if TableOf::Known(ta) != table || TableOf::Known(tb) != table || ba != bb || ra >= rb {
                continue;
            }
            let width = self.t.tables[ta].blocks[ba].columns.len();
            let missing: Vec<usize> = (ra + 1..rb)
                .filter(|&r| {
                    !self.seen_rows.contains(&(ta, ba, r))
                        && !self.short_rows.contains(&(ta, ba, r))
                })
                .collect();
            let whole: Vec<usize> = group
                .iter()
                .copied()
                .filter(|&k| rows[k].values.len() == width)
                .collect();
            if missing.is_empty() || whole.len() != missing.len() {
                continue;
            }
            for (&k, &r) in whole.iter().zip(&missing) {
                placed_bare[k] = true;
                self.finish(Current {
                    row: (ta, ba, r),
                    values: rows[k].values.clone(),
                });
            }
        }
        let mut stray: BTreeMap<TableOf, Vec<String>> = BTreeMap::new();
        for (row, placed) in rows.into_iter().zip(placed_bare) {
            if !placed {
                stray.entry(row.table).or_default().extend(row.values);
            }
        }
        stray
    }

    /// Tables without row labels (表四) take the numbers that follow their header, in order.
    fn place_unlabelled_tables(
        &mut self,
        mut stray: BTreeMap<TableOf, Vec<String>>,
    ) -> BTreeMap<TableOf, Vec<String>> {
        for (ti, table) in self.t.tables.iter().enumerate() {
            if table.label_columns != 0 {
                continue;
            }
            let block = &table.blocks[0];
            let values: Vec<String> = stray.remove(&TableOf::Known(ti)).unwrap_or_default();
            let n = block.columns.len() * block.rows.len();
            if values.len() == n {
                let ids = block
                    .rows
                    .iter()
                    .flat_map(|r| block.columns.iter().map(move |c| (r, c)));
                for ((r, c), v) in ids.zip(values) {
                    self.reading
                        .cells
                        .insert(CellId::new(table.id, r.id, c.id).key(), v);
                }
                self.seen_rows
                    .extend((0..block.rows.len()).map(|ri| (ti, 0, ri)));
            } else if !values.is_empty() {
                self.short_rows
                    .extend((0..block.rows.len()).map(|ri| (ti, 0, ri)));
                self.reading.notes.push(ImportNote {
                    rule: Rule::I3,
                    part: table.part.get(),
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
        stray
    }

    /// Numbers that found no row, and text among the tables that is no label.
    fn note_stray(&mut self, stray: BTreeMap<TableOf, Vec<String>>) {
        for (table, values) in stray {
            let part = match table {
                TableOf::Known(ti) => self.t.tables.get(ti).map_or(2, |t| t.part.get()),
                TableOf::Unknown => 2,
            };
            self.reading.notes.push(ImportNote {
                rule: Rule::I4,
                part,
                cells: Vec::new(),
                message: format!(
                    "有 {} {}{}",
                    values.len(),
                    super::infer::STRAY,
                    values.join(" ")
                ),
            });
        }
        for (part, s) in &self.reading.unplaced {
            self.reading.notes.push(ImportNote {
                rule: Rule::I4,
                part: *part as u8,
                cells: Vec::new(),
                message: format!("表格中的“{s}”不是表格的行名或列名，已保留在该部分正文中"),
            });
        }
    }

    /// What the text did not have: a whole table, or rows of one.
    fn note_missing(&mut self) {
        let t = self.t;
        for (ti, table) in t.tables.iter().enumerate() {
            let any = self
                .seen_rows
                .iter()
                .chain(&self.short_rows)
                .any(|r| r.0 == ti);
            if !any {
                self.reading.notes.push(ImportNote {
                    rule: Rule::I1,
                    part: table.part.get(),
                    cells: table_cells(table),
                    message: format!(
                        "原文中没有找到表{}（{}）的数据，整张表未填",
                        &table.prefix()[..table.prefix().len() - '、'.len_utf8()],
                        &t.part(table.part).heading[table.prefix().len()..]
                    ),
                });
                continue;
            }
            for (bi, block) in table.blocks.iter().enumerate() {
                for (ri, row) in block.rows.iter().enumerate() {
                    let key = (ti, bi, ri);
                    if self.seen_rows.contains(&key) || self.short_rows.contains(&key) {
                        continue;
                    }
                    self.reading.notes.push(ImportNote {
                        rule: Rule::I2,
                        part: table.part.get(),
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
    }
}
