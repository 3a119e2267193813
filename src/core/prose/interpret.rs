//! Reading one number: from the words before it (what is counted) and after it, to a cell, a
//! sum of cells, or the reason it is not a table quantity.

use super::*;

/// Reads one number from the words before it (`subject`) and after it (`tail`).
#[allow(clippy::too_many_arguments)]
pub(super) fn interpret(
    subject: &str,
    tail: &str,
    unit: &str,
    about_applications: bool,
    last: &mut T2Context,
    t: &Template,
    lex: &Lexicon,
    agency: &str,
) -> Reading {
    // 「属信访、重复申请等不予处理」: what stands before 等 only explains the head word.
    let subject = match subject.rfind('等') {
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
    };
    let mut toks = tokens(lex, subject, agency);
    toks.extend(tokens(lex, tail, agency));
    if let Some(Token::Other(w)) = toks.iter().find(|t| matches!(t, Token::Other(_))) {
        return Reading::NotTabled(Why::Qualifier(w.clone()));
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
    let money = MONEY_UNITS.contains(&unit);

    // Table 二: a column word and its rows.
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
    let tabled3 = words
        .iter()
        .any(|s| matches!(s, Sense::Rows(..) | Sense::Handling(_)));
    if !rows.is_empty() || !columns.is_empty() {
        if !rows.is_empty() {
            last.rows = rows.clone();
        }
        if tabled3 {
            return Reading::NotTabled(Why::Several);
        }
        let mut cols = columns.clone();
        cols.dedup();
        let col = match cols.as_slice() {
            [c] => Some(*c),
            [] => None,
            _ => return Reading::NotTabled(Why::Several),
        };
        let col = match col.or(if rows.is_empty() { None } else { last.column }) {
            Some(c) => c,
            // 「行政事业性收费 29.313 万元」: money names the row's one money column.
            None if money => {
                let money_cols: Vec<&'static str> = lex
                    .t2_cols
                    .iter()
                    .filter(|(id, _, r)| {
                        rows.iter().all(|x| r.contains(x))
                            && rows.first().is_some_and(|row| {
                                t.cell(&format!("t2.{row}.{id}"))
                                    .is_some_and(|cell| cell.kind.unit().is_some())
                            })
                    })
                    .map(|(id, _, _)| *id)
                    .collect();
                match money_cols.as_slice() {
                    [c] => *c,
                    _ => return Reading::NotTabled(Why::Incomplete),
                }
            }
            None => return Reading::NotTabled(Why::Incomplete),
        };
        let named: Vec<&'static str> = if rows.is_empty() {
            last.rows.clone()
        } else {
            rows.clone()
        };
        let candidates: Vec<Vec<&'static str>> = if named.is_empty() {
            // No row named: each row of the column, or all of them.
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
        } else {
            vec![named]
        };
        let alts: Vec<Quantity> = candidates
            .iter()
            .filter_map(|rows| lex.t2_quantity(t, col, rows))
            .collect();
        if alts.is_empty() {
            return Reading::NotTabled(Why::NotInFormat);
        }
        let cell_is_money = alts
            .iter()
            .flat_map(|q| &q.cells)
            .any(|id| t.cell(id).is_some_and(|c| c.kind.unit().is_some()));
        if cell_is_money != money {
            return Reading::NotTabled(Why::Unit);
        }
        last.column = Some(col);
        return Reading::Quantity(alts);
    }
    if money || !COUNT_UNITS.contains(&unit) {
        return if tabled3 {
            Reading::NotTabled(Why::Unit)
        } else {
            Reading::NotTabled(Why::NoTerm)
        };
    }

    // Tables 三 and 四: named rows, joined into one sum; handling verbs otherwise.
    let mut chain: Vec<&Vec<Quantity>> = Vec::new();
    let mut chains = 0;
    let mut narrows = false;
    let mut open = false;
    let mut after_connector = false;
    for s in &words {
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
        if chain.len() == 1 {
            return Reading::Quantity(chain[0].clone());
        }
        // A sum of named rows: the plain reading of each.
        let mut cells = Vec::new();
        let mut names = Vec::new();
        for q in &chain {
            let Some(first) = q.first() else {
                return Reading::NotTabled(Why::NoTerm);
            };
            cells.extend(first.cells.iter().cloned());
            names.push(first.name.clone());
        }
        return Reading::Quantity(vec![Quantity {
            name: names.join(" + "),
            cells,
        }]);
    }
    match handling {
        Some(q) if about_applications => Reading::Quantity(q.clone()),
        _ => Reading::NotTabled(Why::NoTerm),
    }
}

/// What a sentence said of table 二 so far: the rows named, and the column of the last number
/// read as a table 二 quantity.
#[derive(Default)]
pub(super) struct T2Context {
    pub(super) rows: Vec<&'static str>,
    pub(super) column: Option<&'static str>,
}
