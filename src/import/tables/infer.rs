//! Table 三's （六）其他处理 rows when the original printed no number of their own: a value cell
//! merged across the three sub-rows (a web page's rowspan, a Word file's merged cell, one tall
//! cell in a PDF), or the 2019 format's single （六） row kept in a 2021 report. The printed
//! value is the group's: where it is 0 the three sub-rows are exactly 0 (counts are never
//! negative); otherwise they stay blank, unknown to the arithmetic, with a note that says why.
//! Nothing is derived from the totals: a total that is wrong must stay visible. The printed
//! numbers are kept with the draft as a [`PrintedGroup`]: the checks and the exports use them.

use super::*;
use crate::core::template::PartNo;
use crate::core::{GroupLayout, PrintedGroup};

/// The rows of table 三's （六） group when it has sub-rows (the 2021 format), with the table.
fn other_rows(t: &Template) -> Option<(&TableDecl, Vec<&'static str>)> {
    let t3 = PartNo::new(3).and_then(|p| t.table_of_part(p))?;
    let rows: Vec<&'static str> = t3.blocks[0]
        .rows
        .iter()
        .filter(|r| r.path.len() == 3 && r.path[1].starts_with("（六）"))
        .map(|r| r.id)
        .collect();
    (rows.len() > 1).then_some((t3, rows))
}

/// The numbers printed right after the （六） group's own label (the 2019 row), if the copy
/// has such a row.
fn single_row_numbers(toks: &[(usize, Tok)], group: &str, width: usize) -> Option<Vec<String>> {
    let label = normalize_label(group);
    let at = toks
        .iter()
        .position(|(_, t)| matches!(t, Tok::Cell(c) if normalize_label(c) == label))?;
    let numbers: Vec<String> = toks[at + 1..]
        .iter()
        .map_while(|(_, t)| match t {
            Tok::Cell(c) if looks_like_value(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    (numbers.len() == width).then_some(numbers)
}

/// Fills or notes the （六） sub-rows that the original gave one value for, and gives back the
/// group as printed.
pub(super) fn other_group(
    t: &Template,
    toks: &[(usize, Tok)],
    reading: &mut Reading,
) -> Option<PrintedGroup> {
    let (t3, rows) = other_rows(t)?;
    let block = &t3.blocks[0];
    let ids = |row: &str| -> Vec<String> {
        block
            .columns
            .iter()
            .map(|c| CellId::new(t3.id, row, c.id).key())
            .collect()
    };
    let placed = |r: &Reading, row: &str| ids(row).iter().any(|id| r.cells.contains_key(id));
    let blank = |r: &Reading, row: &str| ids(row).iter().any(|id| r.blank_cells.contains(id));
    let zero = |v: &str| v.trim().parse::<i64>() == Ok(0);
    let group = block
        .rows
        .iter()
        .find(|r| r.id == rows[0])
        .map_or("（六）其他处理", |r| r.path[1]);
    let ti = t
        .tables
        .iter()
        .position(|tb| tb.part == t3.part)
        .unwrap_or(0);
    let labelled = |r: &Reading, row: &str| {
        let ri = block.rows.iter().position(|x| x.id == row);
        ri.is_some_and(|ri| r.labelled.contains(&(ti, 0, ri)))
    };
    // The other sub-rows are in the text, by their labels, with no number of their own.
    let rest_empty = rows[1..]
        .iter()
        .all(|r| labelled(reading, r) && !placed(reading, r) && !blank(reading, r));
    // A merged value cell: printed beside the first sub-row only.
    let merged: Option<Vec<String>> = (rest_empty && placed(reading, rows[0])).then(|| {
        ids(rows[0])
            .iter()
            .map(|id| reading.cells.get(id).cloned().unwrap_or_default())
            .collect()
    });
    let (printed, layout) = match merged {
        Some(values) => (values, GroupLayout::Merged),
        None if rows
            .iter()
            .all(|r| !placed(reading, r) && !blank(reading, r)) =>
        {
            (
                single_row_numbers(toks, group, block.columns.len())?,
                GroupLayout::OneRow,
            )
        }
        None => return None,
    };
    let how = match layout {
        GroupLayout::Merged => "合并为一格",
        GroupLayout::OneRow => "为 2019 年格式的一行",
    };
    if layout == GroupLayout::OneRow {
        // The row's numbers found no row of their own: they are the group's now.
        take_from_stray(&mut reading.notes, t3.part.get(), &printed);
    }
    let kept = PrintedGroup {
        table: t3.id.to_string(),
        group: group.to_string(),
        layout,
        values: block
            .columns
            .iter()
            .zip(&printed)
            .map(|(c, v)| (c.id.to_string(), v.trim().to_string()))
            .collect(),
    };
    let cells: Vec<String> = rows.iter().flat_map(|r| ids(r)).collect();
    if printed.iter().all(|v| zero(v)) {
        for id in &cells {
            reading.cells.insert(id.clone(), "0".into());
        }
        // The rows are no longer missing: their 「没有这一行」 notes go.
        reading.notes.retain(|n| {
            n.rule != Rule::I2 || n.cells.is_empty() || !n.cells.iter().all(|c| cells.contains(c))
        });
        reading.notes.push(ImportNote {
            rule: Rule::I7,
            part: t3.part.get(),
            cells,
            message: format!(
                "原文“{group}”的三个子行{how}，其数均为 0：计数不为负，三个子行已按 0 填入，请对照原文核对"
            ),
        });
        return Some(kept);
    }
    // A value that cannot be shared out: none of the three is known. The group stands for them
    // (the checks say so once, as C6).
    for id in &cells {
        reading.cells.remove(id);
    }
    reading.notes.retain(|n| {
        n.rule != Rule::I2 || n.cells.is_empty() || !n.cells.iter().all(|c| cells.contains(c))
    });
    Some(kept)
}

/// The start of the note on numbers that found no row (see `Placer::note_stray`).
pub(super) const STRAY: &str = "个数没有找到所属的行，未填入：";

/// Takes `numbers` (in order) out of part `part`'s note on numbers that found no row; the note
/// goes when nothing is left in it.
fn take_from_stray(notes: &mut Vec<ImportNote>, part: u8, numbers: &[String]) {
    let Some(at) = notes
        .iter()
        .position(|n| n.rule == Rule::I4 && n.part == part && n.message.contains(STRAY))
    else {
        return;
    };
    let listed: Vec<String> = notes[at]
        .message
        .split_once(STRAY)
        .map(|(_, l)| l.split(' ').map(str::to_string).collect())
        .unwrap_or_default();
    let Some(start) = listed
        .windows(numbers.len().max(1))
        .position(|w| w == numbers)
    else {
        return;
    };
    let rest: Vec<String> = listed[..start]
        .iter()
        .chain(&listed[start + numbers.len()..])
        .cloned()
        .collect();
    if rest.is_empty() {
        notes.remove(at);
    } else {
        notes[at].message = format!("有 {} {STRAY}{}", rest.len(), rest.join(" "));
    }
}
