//! A cell's identity. Its string form, `t3.new.total`, is made and read here and nowhere else:
//! drafts, JSON copies and messages carry it; everything else names a cell by its parts.

use std::fmt;

/// A cell by its table, row and column ids (`t3`, `new`, `total`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellId<'a> {
    /// The table's id.
    pub table: &'a str,
    /// The row's id inside the table.
    pub row: &'a str,
    /// The column's id inside the table.
    pub col: &'a str,
}

impl<'a> CellId<'a> {
    /// The cell at this table, row and column.
    pub const fn new(table: &'a str, row: &'a str, col: &'a str) -> Self {
        CellId { table, row, col }
    }

    /// Reads the string form: three non-empty ids joined by dots. Anything else (a table id
    /// such as `t3`, a part, free text) is not a cell.
    pub fn parse(s: &'a str) -> Option<Self> {
        let mut it = s.split('.');
        let (table, row, col) = (it.next()?, it.next()?, it.next()?);
        let ok = it.next().is_none() && [table, row, col].iter().all(|p| !p.is_empty());
        ok.then_some(CellId { table, row, col })
    }

    /// The string form, as drafts and JSON copies store it.
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for CellId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.table, self.row, self.col)
    }
}

#[cfg(test)]
mod tests {
    use super::CellId;

    #[test]
    fn the_string_form_round_trips_and_only_cells_parse() {
        let id = CellId::new("t3", "denied_1", "total");
        assert_eq!(id.key(), "t3.denied_1.total");
        assert_eq!(CellId::parse("t3.denied_1.total"), Some(id));
        for not_a_cell in ["t3", "t3.new", "t3..total", "t3.new.total.x", ""] {
            assert_eq!(CellId::parse(not_a_cell), None, "{not_a_cell}");
        }
    }
}
