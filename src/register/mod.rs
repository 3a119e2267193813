//! The register of applications (政府信息公开申请登记台账) counted into table 三: one row an
//! application, as agencies keep it in Excel, WPS or a CSV export. The columns are found by
//! the words of their header, the values mapped to the official categories by visible rules,
//! and the year's arithmetic follows from the dates, so R1–R3 (and next year's C13) hold by
//! construction:
//!
//! - received in year Y: 一、本年新收;
//! - received before Y and not answered before Y: 二、上年结转;
//! - answered in Y: its result row;
//! - received by 31 December of Y and not answered by then: 四、结转下年度.
//!
//! Only counts and row numbers leave the register: no name, number or request text.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::core::template::CellId;

mod map;
mod read;

pub use map::{Category, Outcome, applicant_category, outcome};
pub use read::{RegisterError, read_rows};

/// What a column of the register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Role {
    /// 收到/受理/申请日期.
    Received,
    /// 答复/办结日期.
    Answered,
    /// 申请人类型/性质/身份.
    ApplicantType,
    /// 申请人 (name; its words tell the kind of organisation).
    ApplicantName,
    /// 答复结果/处理结果/办理情况.
    Result,
    /// 不予公开理由, 依据.
    Reason,
}

impl Role {
    /// The words a header of this role has, most specific first.
    fn words(self) -> &'static [&'static str] {
        match self {
            Role::Received => &[
                "收到",
                "受理日期",
                "受理时间",
                "申请日期",
                "申请时间",
                "登记日期",
                "来件日期",
            ],
            Role::Answered => &[
                "答复日期",
                "答复时间",
                "办结",
                "回复日期",
                "回复时间",
                "告知日期",
            ],
            Role::ApplicantType => &[
                "申请人类型",
                "申请人性质",
                "申请人身份",
                "申请人类别",
                "主体类型",
                "类型",
            ],
            Role::ApplicantName => &["申请人姓名", "申请人名称", "申请人", "姓名", "名称"],
            Role::Result => &[
                "答复结果",
                "处理结果",
                "答复类型",
                "办理情况",
                "办理结果",
                "答复情况",
                "结果",
            ],
            Role::Reason => &["不予公开理由", "理由", "依据"],
        }
    }

    const ALL: [Role; 6] = [
        Role::Received,
        Role::Answered,
        Role::ApplicantType,
        Role::ApplicantName,
        Role::Result,
        Role::Reason,
    ];
}

/// The columns found: role → column index.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Columns {
    /// The row (0-based) whose cells are the headers.
    pub header_row: usize,
    /// Role → column.
    pub found: BTreeMap<String, usize>,
    #[serde(skip)]
    by_role: Vec<(Role, usize)>,
}

impl Columns {
    fn get(&self, role: Role) -> Option<usize> {
        self.by_role
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }
}

/// Finds the header row among the first rows (a title row or two may stand above it) and the
/// column of each role: the header that holds one of the role's words, a date role only where
/// the header says 日期/时间 or 收到/办结.
pub fn find_columns(rows: &[Vec<String>]) -> Option<Columns> {
    let mut best: Option<(usize, Vec<(Role, usize)>)> = None;
    for (r, row) in rows.iter().enumerate().take(12) {
        let mut found: Vec<(Role, usize)> = Vec::new();
        for role in Role::ALL {
            let col = role.words().iter().find_map(|w| {
                row.iter().enumerate().find_map(|(c, h)| {
                    let h: String = h.split_whitespace().collect();
                    (h.contains(w) && !found.iter().any(|(_, fc)| *fc == c)).then_some(c)
                })
            });
            if let Some(c) = col {
                found.push((role, c));
            }
        }
        if best.as_ref().is_none_or(|(_, b)| found.len() > b.len()) {
            best = Some((r, found));
        }
    }
    let (header_row, by_role) = best?;
    let has = |role| by_role.iter().any(|(r, _)| *r == role);
    if !(has(Role::Received) && has(Role::Result)) {
        return None;
    }
    Some(Columns {
        header_row,
        found: by_role
            .iter()
            .map(|(r, c)| (format!("{r:?}"), *c))
            .collect(),
        by_role,
    })
}

/// A date as registers write it: 「2025-03-05」, 「2025/3/5」, 「2025.3.5」, 「2025年3月5日」,
/// with a time after it or not, or a spreadsheet serial (days since 1899-12-30).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(serial) = t.parse::<f64>() {
        // Excel's serials for 1990–2100.
        if (32_874.0..=73_051.0).contains(&serial) {
            let base = Date::new(1899, 12, 30).ok()?;
            return base
                .checked_add(jiff::Span::new().days(serial.floor() as i64))
                .ok();
        }
        return None;
    }
    let digits: Vec<i64> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    match digits.as_slice() {
        [y, m, d] if (1990..=2100).contains(y) => Date::new(
            i16::try_from(*y).ok()?,
            i8::try_from(*m).ok()?,
            i8::try_from(*d).ok()?,
        )
        .ok(),
        _ => None,
    }
}

/// A register row that was not counted, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The row's number as the spreadsheet shows it (1-based).
    pub row: usize,
    /// Why, in Chinese.
    pub reason: String,
}

/// The register counted for one year.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Tally {
    /// The year counted.
    pub year: i32,
    /// Cell id of table 三 → count.
    pub cells: BTreeMap<String, i64>,
    /// Cell id → the register rows it counts (row numbers only).
    pub rows_of: BTreeMap<String, Vec<usize>>,
    /// Rows used.
    pub used: usize,
    /// Rows of other years (received after Y, or answered before Y): counted, not errors.
    pub other_years: usize,
    /// Rows inside the year that could not be used.
    pub left_out: Vec<LeftOut>,
    /// Values no rule maps: (column, value, rows).
    pub unmapped: Vec<(String, String, Vec<usize>)>,
    /// The columns found.
    pub columns: Columns,
}

/// Table 三's columns as the summary of a tally shows them: (label, column id).
pub const SUMMARY_COLUMNS: [(&str, &str); 7] = [
    ("自然人", "natural"),
    ("商业企业", "business"),
    ("科研机构", "research"),
    ("社会公益组织", "nonprofit"),
    ("法律服务机构", "legal"),
    ("其他", "other"),
    ("总计", "total"),
];

/// The rows of table 三 the summary shows: (label, row id).
pub const SUMMARY_ROWS: [(&str, &str); 4] = [
    ("一、本年新收", "new"),
    ("二、上年结转", "carried_in"),
    ("（七）总计", "total"),
    ("四、结转下年度", "carried_out"),
];

impl Tally {
    /// The count in table 三's row `row`, column `col` (0 where nothing counted).
    pub fn count(&self, row: &str, col: &str) -> i64 {
        self.cells
            .get(&CellId::new("t3", row, col).key())
            .copied()
            .unwrap_or(0)
    }

    /// Whether every row of the year was used and every value mapped.
    pub fn complete(&self) -> bool {
        self.left_out.is_empty() && self.unmapped.is_empty()
    }
}

fn column_id(c: Category) -> &'static str {
    // The categories are in the order of the table's columns.
    SUMMARY_COLUMNS[c as usize].1
}

/// Counts a register's rows for `year`.
pub fn tally(rows: &[Vec<String>], year: i32) -> Result<Tally, RegisterError> {
    let columns = find_columns(rows).ok_or(RegisterError::NoHeader)?;
    let start = Date::new(i16::try_from(year).unwrap_or(2000), 1, 1)
        .map_err(|_| RegisterError::NoHeader)?;
    let end = Date::new(i16::try_from(year).unwrap_or(2000), 12, 31)
        .map_err(|_| RegisterError::NoHeader)?;
    let cell = |r: &Vec<String>, role| {
        columns
            .get(role)
            .and_then(|c| r.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut t = Tally {
        year,
        columns: columns.clone(),
        ..Default::default()
    };
    let mut unmapped: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let count = |t: &mut Tally, row: &str, col: &str, n: usize| {
        for c in [col, "total"] {
            let id = CellId::new("t3", row, c).key();
            *t.cells.entry(id.clone()).or_default() += 1;
            t.rows_of.entry(id).or_default().push(n);
        }
    };
    for (i, r) in rows.iter().enumerate().skip(columns.header_row + 1) {
        let n = i + 1;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let received_text = cell(r, Role::Received);
        let Some(received) = parse_date(&received_text) else {
            t.left_out.push(LeftOut {
                row: n,
                reason: format!("收到日期“{received_text}”无法识别"),
            });
            continue;
        };
        let answered_text = cell(r, Role::Answered);
        let answered = parse_date(&answered_text);
        if !answered_text.is_empty() && answered.is_none() && map::pending(&answered_text).is_none()
        {
            t.left_out.push(LeftOut {
                row: n,
                reason: format!("答复日期“{answered_text}”无法识别"),
            });
            continue;
        }
        if received > end || answered.is_some_and(|a| a < start) {
            t.other_years += 1;
            continue;
        }
        if answered.is_some_and(|a| a < received) {
            t.left_out.push(LeftOut {
                row: n,
                reason: "答复日期早于收到日期".into(),
            });
            continue;
        }
        let kind_text = cell(r, Role::ApplicantType);
        let name = cell(r, Role::ApplicantName);
        let Some(category) = applicant_category(&kind_text, &name) else {
            let shown = if kind_text.is_empty() {
                "（空）".to_string()
            } else {
                kind_text.clone()
            };
            unmapped
                .entry(("申请人类型".into(), shown))
                .or_default()
                .push(n);
            continue;
        };
        let col = column_id(category);
        let answered_in_year = answered.filter(|a| *a <= end);
        let result_row = match answered_in_year {
            Some(_) => {
                let result_text = cell(r, Role::Result);
                let reason_text = cell(r, Role::Reason);
                match outcome(&result_text, &reason_text) {
                    Some(o) => Some(o.row()),
                    None => {
                        let shown = if result_text.is_empty() {
                            "（空）".to_string()
                        } else {
                            result_text
                        };
                        unmapped
                            .entry(("答复结果".into(), shown))
                            .or_default()
                            .push(n);
                        continue;
                    }
                }
            }
            None => None,
        };
        if received >= start {
            count(&mut t, "new", col, n);
        } else {
            count(&mut t, "carried_in", col, n);
        }
        match result_row {
            Some(row) => {
                count(&mut t, row, col, n);
                count(&mut t, "total", col, n);
            }
            None => count(&mut t, "carried_out", col, n),
        }
        t.used += 1;
    }
    t.unmapped = unmapped
        .into_iter()
        .map(|((c, v), rows)| (c, v, rows))
        .collect();
    Ok(t)
}

/// Reads a register file and counts it for `year`.
pub fn tally_file(path: &Path, year: i32, sheet: Option<&str>) -> Result<Tally, RegisterError> {
    let rows = read_rows(path, sheet)?;
    tally(&rows, year)
}

/// Table 三's cells as the tally fills them: every cell of the table, 0 where nothing counted.
pub fn filled_cells(t: &Tally, report: &crate::core::Report) -> Vec<(String, String)> {
    let Some(table) = report.template().table("t3") else {
        return Vec::new();
    };
    let block = &table.blocks[0];
    block
        .rows
        .iter()
        .flat_map(|row| {
            block.columns.iter().map(move |col| {
                let id = CellId::new("t3", row.id, col.id).key();
                let v = t.cells.get(&id).copied().unwrap_or(0);
                (id, v.to_string())
            })
        })
        .collect()
}
