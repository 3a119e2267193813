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
}

/// A classified cell.
#[derive(Clone, Debug)]
pub(super) enum Item {
    Label(Vec<Label>),
    Value(String),
    Empty,
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
        // What follows may be a label by itself, the text before it a line of prose the
        // table stands under (「上年结转件数」 above table 三's header): kept as text.
        // Only a phrase of its own: a fragment of a label cut by the copy (「（四」, 「开」,
        // 「组织 机构」) is short, opens a bracket or is a piece of a label or header.
        let phrase = text.chars().count() >= 4
            && !text.starts_with(['（', '('])
            && !starts_with_numbering(text)
            && !index.is_header_piece(text)
            && !index.is_label_piece(text);
        let follows_alone = phrase
            && hit.as_ref().is_some_and(|(_, j)| {
                let rest: String = toks[i..=*j]
                    .iter()
                    .filter_map(|(_, t)| match t {
                        Tok::Cell(c) => Some(c.as_str()),
                        Tok::RowEnd => None,
                    })
                    .collect();
                index.find(&rest).1
            });
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

/// Labels before their numbers: rows that are a label alone wait, and rows that are numbers
/// alone collect; a block of k of each is placed in order when k is the same, else nothing of
/// it is (the numbers are reported as unplaced).
#[derive(Default)]
pub(super) struct Detached {
    pub(super) waiting: Vec<(usize, usize, usize)>,
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

    /// Places the block through `place` when the counts match; else its rows stay unlabelled.
    /// `read` is how many labelled rows have been read so far.
    pub(super) fn resolve(
        &mut self,
        unlabelled: &mut Unlabelled,
        read: usize,
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
            for values in self.bare.drain(..) {
                unlabelled.push(ti, read, values);
            }
            self.waiting.clear();
        }
    }
}

/// A row of numbers that no label claimed, in reading order: (table, how many rows had been
/// read when it came, its numbers).
pub(super) struct BareRow {
    pub(super) table: usize,
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
    pub(super) fn push(&mut self, table: usize, after: usize, values: Vec<String>) {
        self.end_row();
        self.rows.push(BareRow {
            table,
            after,
            values,
        });
    }

    /// One number of a row with no label, after `after` labelled rows.
    pub(super) fn value(&mut self, table: usize, after: usize, v: String) {
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
    pub(super) row: (usize, usize, usize),
    pub(super) values: Vec<String>,
}

pub(super) fn read_with(t: &Template, toks: &[(usize, Tok)], index: &LabelIndex) -> Reading {
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
    let mut unlabelled = Unlabelled::default();

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
    let mut last_part = None;
    for (part, item) in items {
        // Labels waiting for their numbers wait within their part: a blank last row of table
        // 三 must not take table 四's numbers.
        if last_part.is_some_and(|p| p != part) {
            detached.end_row();
            let read = seen_rows.len();
            detached.resolve(&mut unlabelled, read, &mut |c| {
                finish(&mut Some(c), &mut reading, &mut seen_rows, &mut short_rows)
            });
            detached.waiting.clear();
        }
        last_part = Some(part);
        match item {
            Item::Label(labels) => {
                let read = seen_rows.len();
                detached.resolve(&mut unlabelled, read, &mut |c| {
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
                    unlabelled.value(last_table.unwrap_or(usize::MAX), seen_rows.len(), v);
                }
                // Numbers that found no row belong to the table of the part they stand in.
                None => {
                    let table = table_of_part(part).or(last_table).unwrap_or(usize::MAX);
                    unlabelled.value(table, seen_rows.len(), v);
                }
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
                unlabelled.end_row();
                match cur.take() {
                    // A label alone on its row: its numbers may follow as a row of their own.
                    Some(c) if c.values.is_empty() => detached.waiting.push(c.row),
                    c => {
                        let had_values = c.is_some();
                        cur = c;
                        finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
                        if had_values {
                            // A whole row ends a block of labels waiting for numbers.
                            let read = seen_rows.len();
                            detached.resolve(&mut unlabelled, read, &mut |c| {
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
    let read = seen_rows.len();
    detached.resolve(&mut unlabelled, read, &mut |c| {
        finish(&mut Some(c), &mut reading, &mut seen_rows, &mut short_rows)
    });
    finish(&mut cur, &mut reading, &mut seen_rows, &mut short_rows);
    unlabelled.end_row();

    // Rows of numbers between two labelled rows of the same block, when as many whole rows
    // stand there as the template has rows missing between those two: placed in order.
    let anchors = seen_rows.clone();
    let mut placed_bare = vec![false; unlabelled.rows.len()];
    let mut i = 0;
    while i < unlabelled.rows.len() {
        let after = unlabelled.rows[i].after;
        let table = unlabelled.rows[i].table;
        let group: Vec<usize> = (i..unlabelled.rows.len())
            .take_while(|&k| unlabelled.rows[k].after == after && unlabelled.rows[k].table == table)
            .collect();
        i += group.len();
        let (Some(&(ta, ba, ra)), Some(&(tb, bb, rb))) = (
            after.checked_sub(1).and_then(|k| anchors.get(k)),
            anchors.get(after),
        ) else {
            continue;
        };
        if ta != table || tb != table || ba != bb || ra >= rb {
            continue;
        }
        let width = t.tables[ta].blocks[ba].columns.len();
        let missing: Vec<usize> = (ra + 1..rb)
            .filter(|&r| !seen_rows.contains(&(ta, ba, r)) && !short_rows.contains(&(ta, ba, r)))
            .collect();
        let whole: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&k| unlabelled.rows[k].values.len() == width)
            .collect();
        if missing.is_empty() || whole.len() != missing.len() {
            continue;
        }
        for (&k, &r) in whole.iter().zip(&missing) {
            placed_bare[k] = true;
            let values = unlabelled.rows[k].values.clone();
            finish(
                &mut Some(Current {
                    row: (ta, ba, r),
                    values,
                }),
                &mut reading,
                &mut seen_rows,
                &mut short_rows,
            );
        }
    }
    let mut stray: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (row, placed) in unlabelled.rows.into_iter().zip(placed_bare) {
        if !placed {
            stray.entry(row.table).or_default().extend(row.values);
        }
    }

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
