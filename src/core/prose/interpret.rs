//! Reading one number: from the words before it (what is counted) and after it, to a cell, a
//! sum of cells, or the reason it is not a table quantity.

use super::*;

/// One number as the sentence states it.
pub(super) struct Stated<'s> {
    /// The words before it, back to the previous number.
    pub(super) subject: &'s str,
    /// The words after its unit, up to the end of the clause.
    pub(super) tail: &'s str,
    /// Its unit (「件」, 「万元」…).
    pub(super) unit: &'s str,
    /// Whether the sentence is about applications (handling verbs then count them).
    pub(super) about_applications: bool,
}

/// What a number is read against: the format, its words and the report's agency.
pub(super) struct Reader<'a> {
    pub(super) t: &'a Template,
    pub(super) lex: &'a Lexicon,
    pub(super) agency: &'a str,
}

/// Reads one number from the words before it and after it.
pub(super) fn interpret(n: &Stated, r: &Reader, last: &mut T2Context) -> Reading {
    let subject = explained_head(n.subject);
    let mut toks = tokens(r.lex, subject, r.agency);
    toks.extend(tokens(r.lex, n.tail, r.agency));
    if let Some(w) = blocking_word(&toks) {
        return Reading::NotTabled(Why::Qualifier(w.to_string()));
    }
    let words: Vec<&Sense> = toks
        .iter()
        .filter_map(|t| match t {
            Token::Word(s) => Some(*s),
            Token::Other(_) => None,
        })
        .collect();
    if words.iter().any(|s| matches!(s, Sense::Foreign)) {
        return Reading::NotTabled(Why::Qualifier("信息处理费".into()));
    }
    let money = MONEY_UNITS.contains(&n.unit);
    let tabled3 = words
        .iter()
        .any(|s| matches!(s, Sense::Rows(..) | Sense::Handling(_)));
    if let Some(reading) = table2(&words, money, tabled3, r, last) {
        return reading;
    }
    if money || !COUNT_UNITS.contains(&n.unit) {
        return if tabled3 {
            Reading::NotTabled(Why::Unit)
        } else {
            Reading::NotTabled(Why::NoTerm)
        };
    }
    tables34(&words, n.about_applications)
}

/// The first word that is no table term and keeps the number from being read. A number that
/// names a table 二 row and column by their own labels (「……现行有效行政规范性文件 99 件」) is
/// read whatever verb stands before those labels (「清理并集中发布」): only a word among or
/// after them qualifies it.
fn blocking_word<'a>(toks: &'a [Token<'a>]) -> Option<&'a str> {
    let names = |f: fn(&Sense) -> bool| toks.iter().any(|t| matches!(t, Token::Word(s) if f(s)));
    let row_and_column =
        names(|s| matches!(s, Sense::Row(_))) && names(|s| matches!(s, Sense::Column(_)));
    let first_term = toks
        .iter()
        .position(|t| matches!(t, Token::Word(Sense::Row(_) | Sense::Column(_))));
    toks.iter().enumerate().find_map(|(k, t)| match t {
        Token::Other(w) if !(row_and_column && first_term.is_some_and(|f| k < f)) => {
            Some(w.as_str())
        }
        _ => None,
    })
}

/// 「属信访、重复申请等不予处理」: what stands before 等 only explains the head word.
fn explained_head(subject: &str) -> &str {
    match subject.rfind('等') {
        Some(i) => {
            let after = &subject[i + '等'.len_utf8()..];
            let after = after
                .strip_prefix("原因")
                .or_else(|| after.strip_prefix("情形"))
                .or_else(|| after.strip_prefix("情况"))
                .unwrap_or(after);
            after.strip_prefix('的').unwrap_or(after)
        }
        None => subject,
    }
}

/// Table 二: a column word and its rows. `None` when the words name neither.
fn table2(
    words: &[&Sense],
    money: bool,
    tabled3: bool,
    r: &Reader,
    last: &mut T2Context,
) -> Option<Reading> {
    let (t, lex) = (r.t, r.lex);
    let columns: Vec<&'static str> = words
        .iter()
        .filter_map(|s| match s {
            Sense::Column(c) => Some(*c),
            _ => None,
        })
        .collect();
    let rows: Vec<&'static str> = words
        .iter()
        .filter_map(|s| match s {
            Sense::Row(r) => Some(*r),
            _ => None,
        })
        .collect();
    if rows.is_empty() && columns.is_empty() {
        return None;
    }
    if !rows.is_empty() {
        last.rows = rows.clone();
    }
    if tabled3 {
        return Some(Reading::NotTabled(Why::Several));
    }
    let mut cols = columns.clone();
    cols.dedup();
    let col = match cols.as_slice() {
        [c] => Some(*c),
        [] => None,
        _ => return Some(Reading::NotTabled(Why::Several)),
    };
    let col = match col.or(if rows.is_empty() { None } else { last.column }) {
        Some(c) => c,
        // 「行政事业性收费 29.313 万元」: money names the row's one money column.
        None if money => match money_column(&rows, r).as_slice() {
            [c] => *c,
            _ => return Some(Reading::NotTabled(Why::Incomplete)),
        },
        None => return Some(Reading::NotTabled(Why::Incomplete)),
    };
    let named: Vec<&'static str> = if rows.is_empty() {
        last.rows.clone()
    } else {
        rows.clone()
    };
    let alts: Vec<Quantity> = row_candidates(lex, col, named)
        .iter()
        .filter_map(|rows| lex.t2_quantity(t, col, rows))
        .collect();
    if alts.is_empty() {
        return Some(Reading::NotTabled(Why::NotInFormat));
    }
    let cell_is_money = alts
        .iter()
        .flat_map(|q| &q.cells)
        .any(|id| t.cell(id).is_some_and(|c| c.kind.unit().is_some()));
    if cell_is_money != money {
        return Some(Reading::NotTabled(Why::Unit));
    }
    last.column = Some(col);
    Some(Reading::Quantity(alts))
}

/// The table 二 columns holding money that every one of `rows` has.
fn money_column(rows: &[&'static str], r: &Reader) -> Vec<&'static str> {
    // Table 二: the table of part 二.
    let Some(t2) = PartNo::new(2).and_then(|p| r.t.table_of_part(p)) else {
        return Vec::new();
    };
    r.lex
        .t2_cols
        .iter()
        .filter(|(id, _, rs)| {
            rows.iter().all(|x| rs.contains(x))
                && rows.first().is_some_and(|row| {
                    r.t.find(t2.id, row, id)
                        .is_some_and(|i| r.t.cells[i].kind.unit().is_some())
                })
        })
        .map(|(id, _, _)| *id)
        .collect()
}

/// The rows a table 二 number may count: those named, or, when none is, each row of the
/// column and all of them together.
fn row_candidates(
    lex: &Lexicon,
    col: &'static str,
    named: Vec<&'static str>,
) -> Vec<Vec<&'static str>> {
    if !named.is_empty() {
        return vec![named];
    }
    let all: Vec<&'static str> = lex
        .t2_cols
        .iter()
        .find(|(id, _, _)| *id == col)
        .map(|(_, _, r)| r.clone())
        .unwrap_or_default();
    let mut v: Vec<Vec<&'static str>> = all.iter().map(|r| vec![*r]).collect();
    if all.len() > 1 {
        v.push(all);
    }
    v
}

/// Tables 三 and 四: named rows, joined into one sum; handling verbs otherwise.
fn tables34(words: &[&Sense], about_applications: bool) -> Reading {
    let mut chain: Vec<&Vec<Quantity>> = Vec::new();
    let mut chains = 0;
    let mut narrows = false;
    let mut open = false;
    let mut after_connector = false;
    for s in words {
        match s {
            Sense::Rows(q, with) => {
                if !(open && after_connector) {
                    chains += 1;
                    chain.clear();
                }
                chain.push(q);
                narrows |= *with == WithVerb::Narrows;
                open = true;
                after_connector = false;
            }
            Sense::Connector if open => after_connector = true,
            _ => {
                open = false;
                after_connector = false;
            }
        }
    }
    let handling: Option<&Vec<Quantity>> = words.iter().rev().find_map(|s| match s {
        Sense::Handling(q) => Some(q),
        _ => None,
    });
    if chains > 1 {
        return Reading::NotTabled(Why::Several);
    }
    if chains == 1 {
        if narrows && handling.is_some() {
            return Reading::NotTabled(Why::Qualifier("办理".into()));
        }
        return sum_of(&chain);
    }
    match handling {
        Some(q) if about_applications => Reading::Quantity(q.clone()),
        _ => Reading::NotTabled(Why::NoTerm),
    }
}

/// One named row, or a sum of named rows: the plain reading of each.
fn sum_of(chain: &[&Vec<Quantity>]) -> Reading {
    if let [one] = chain {
        return Reading::Quantity((*one).clone());
    }
    let mut cells = Vec::new();
    let mut names = Vec::new();
    for q in chain {
        let Some(first) = q.first() else {
            return Reading::NotTabled(Why::NoTerm);
        };
        cells.extend(first.cells.iter().cloned());
        names.push(first.name.clone());
    }
    Reading::Quantity(vec![Quantity {
        name: names.join(" + "),
        cells,
    }])
}

/// What a sentence said of table 二 so far: the rows named, and the column of the last number
/// read as a table 二 quantity.
#[derive(Default)]
pub(super) struct T2Context {
    pub(super) rows: Vec<&'static str>,
    pub(super) column: Option<&'static str>,
}
