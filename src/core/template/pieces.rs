//! The pieces every format's declaration is built from: columns, rows, table 二's blocks and
//! look, and the labels both formats' table 三 share. `builder` and the format files use them;
//! they use nothing of either.

use super::ValueKind;
use super::schema::*;

/// A data column with no group above it.
pub(super) fn col(id: &'static str, label: &'static str, kind: ValueKind) -> ColumnDecl {
    ColumnDecl {
        id,
        label,
        group: None,
        kind,
    }
}

/// A data row and its printed labels, outermost first.
pub(super) fn row(id: &'static str, path: &[&'static str]) -> RowDecl {
    RowDecl {
        id,
        path: path.to_vec(),
    }
}

/// A block of table 二: title row, 「信息内容」 + columns, one label column.
pub(super) fn t2_block(
    id: &'static str,
    title: &'static str,
    columns: Vec<ColumnDecl>,
    rows: Vec<RowDecl>,
) -> BlockDecl {
    let mut header = vec![th("信息内容", 1, 1)];
    header.extend(columns.iter().map(|c| th(c.label, 1, 1)));
    BlockDecl {
        id,
        title: Some(title),
        header: vec![header],
        columns,
        rows,
    }
}

/// Table 二 in both formats: one label column, four or five blocks of few columns.
pub(super) const T2_LOOK: TableLook = TableLook {
    print_label_shares: &[0.34],
    dense: false,
    screen_label_widths: &[220.0],
    screen_value_width: 150.0,
    screen_header_height: 30.0,
    screen_row_height: 28.0,
};

/// Table 三's group of result rows.
pub(super) const RESULTS: &str = "三、本年度办理结果";
/// Table 三's （六） rows, one in 2019 and three in 2021.
pub(super) const OTHER: &str = "（六）其他处理";
