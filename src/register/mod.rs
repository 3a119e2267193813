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

mod cases;
mod map;
mod mapping;
mod read;

pub use map::{
    Category, How, Outcome, RESULT_ROWS, applicant, applicant_category, outcome, outcome_row,
};
pub use mapping::{CASE_KINDS, CASE_RESULTS, MAPPING_VERSION, Mapping, roles};
pub use read::{RegisterError, csv_rows, read_rows};

/// What a column of the register holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Role {
    /// 收到/受理/申请日期 (立案日期 for a case).
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
    /// 案件类型: 行政复议, 行政诉讼 (直接起诉 / 复议后起诉).
    CaseKind,
    /// 审理结果: 维持, 纠正, 其他, 尚未审结.
    CaseResult,
    /// 审结/结案日期.
    Decided,
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
                "立案日期",
                "立案时间",
                "起诉日期",
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
                "申请主体",
                "主体类型",
                "类型",
                "类别",
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
            Role::CaseKind => &[
                "案件类型",
                "案件类别",
                "案件性质",
                "复议诉讼",
                "类型",
                "类别",
            ],
            Role::CaseResult => &[
                "审理结果",
                "复议结果",
                "判决结果",
                "裁判结果",
                "结案方式",
                "办理结果",
                "结果",
            ],
            Role::Decided => &[
                "审结日期",
                "审结时间",
                "结案日期",
                "结案时间",
                "决定日期",
                "判决日期",
                "裁判日期",
                "办结日期",
            ],
        }
    }

    /// Header words too general to be sure of: a column found by one of them is shown to the
    /// clerk to confirm.
    fn unsure_words(self) -> &'static [&'static str] {
        match self {
            Role::ApplicantType | Role::CaseKind => &["类型", "类别"],
            Role::ApplicantName => &["姓名", "名称"],
            Role::Result | Role::CaseResult => &["结果"],
            Role::Reason => &["理由", "依据"],
            _ => &[],
        }
    }

    /// The role's name, as the mapping file and the dialog say it.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Received => "收到日期",
            Role::Answered => "答复日期",
            Role::ApplicantType => roles::APPLICANT,
            Role::ApplicantName => "申请人名称",
            Role::Result => roles::RESULT,
            Role::Reason => "不予公开理由",
            Role::CaseKind => roles::CASE_KIND,
            Role::CaseResult => roles::CASE_RESULT,
            Role::Decided => "审结日期",
        }
    }

    /// The roles of a register of applications.
    pub const APPLICATIONS: [Role; 6] = [
        Role::Received,
        Role::Answered,
        Role::ApplicantType,
        Role::ApplicantName,
        Role::Result,
        Role::Reason,
    ];

    /// The roles of a register of 复议 and 诉讼 cases.
    pub const CASES: [Role; 4] = [
        Role::Received,
        Role::CaseKind,
        Role::CaseResult,
        Role::Decided,
    ];
}

/// The columns found: role → column index.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Columns {
    /// The row (0-based) whose cells are the headers.
    pub header_row: usize,
    /// The role in Chinese → column (0-based).
    pub found: BTreeMap<String, usize>,
    /// The header row's texts, to choose a column from.
    pub headers: Vec<String>,
    /// Roles (in Chinese) found only by a general word (「类型」「结果」): to confirm.
    pub unsure: Vec<String>,
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

    /// The text of `row` in the column of `role`, trimmed (empty where there is none).
    fn text(&self, row: &[String], role: Role) -> String {
        self.get(role)
            .and_then(|c| row.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    }

    /// The rows below the header that hold anything, with their numbers as the spreadsheet
    /// shows them (1-based).
    fn data_rows<'a>(
        &self,
        rows: &'a [Vec<String>],
    ) -> impl Iterator<Item = (usize, &'a Vec<String>)> {
        rows.iter()
            .enumerate()
            .skip(self.header_row + 1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, r)| (i + 1, r))
    }

    /// The roles looked for, with the column found (or chosen) for each.
    pub fn roles(&self) -> Vec<(Role, Option<usize>)> {
        let all: &[Role] = if self.get(Role::CaseKind).is_some() {
            &Role::CASES
        } else {
            &Role::APPLICATIONS
        };
        all.iter().map(|r| (*r, self.get(*r))).collect()
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

fn has_date(row: &[String]) -> bool {
    row.iter().any(|c| parse_date(c).is_some())
}

/// The header texts of row `r`, spaces removed. A header of two rows (「申请人信息」 merged over
/// 姓名 and 类型; 「收到日期」 merged down over both rows) is read as one: the row above is put
/// before each text, unless it is a title (a single filled cell).
fn header_texts(rows: &[Vec<String>], r: usize) -> Vec<String> {
    let row = &rows[r];
    let above = r
        .checked_sub(1)
        .map(|a| &rows[a])
        .filter(|a| a.iter().filter(|c| !c.trim().is_empty()).count() >= 2 && !has_date(a));
    // A merged cell's text stands in its first column only: it carries on to the right over
    // the columns below it that have their own text.
    let mut carried = String::new();
    (0..row.len())
        .map(|c| {
            let own = squeeze(&row[c]);
            let Some(above) = above else {
                return own;
            };
            let up = squeeze(above.get(c).map(String::as_str).unwrap_or(""));
            if !up.is_empty() {
                // Merged down (nothing of its own below it), it heads no group to the right.
                carried = if own.is_empty() {
                    String::new()
                } else {
                    up.clone()
                };
            } else if own.is_empty() {
                carried.clear();
            }
            if own.is_empty() {
                up
            } else if up.is_empty() && !carried.is_empty() {
                format!("{carried}{own}")
            } else {
                format!("{up}{own}")
            }
        })
        .collect()
}

/// Finds the header row among the first rows (a title row or two may stand above it) and the
/// column of each role: the header that holds one of the role's words. The clerk's choices in
/// `mapping` (by header text) come before the words.
pub fn find_columns(rows: &[Vec<String>]) -> Option<Columns> {
    find_columns_for(rows, &Role::APPLICATIONS, &Mapping::default())
}

fn find_columns_for(rows: &[Vec<String>], roles: &[Role], mapping: &Mapping) -> Option<Columns> {
    // (header row, role → column, roles found by a general word only)
    type Found = (usize, Vec<(Role, usize)>, Vec<Role>);
    let mut best: Option<Found> = None;
    for r in 0..rows.len().min(12) {
        // A row with a date in it is an application, not a header.
        if has_date(&rows[r]) {
            continue;
        }
        let row = header_texts(rows, r);
        let mut found: Vec<(Role, usize)> = Vec::new();
        let mut unsure = Vec::new();
        for &role in roles {
            let col = role.words().iter().find_map(|w| {
                row.iter().enumerate().find_map(|(c, h)| {
                    (h.contains(w) && !found.iter().any(|(_, fc)| *fc == c)).then_some((c, *w))
                })
            });
            if let Some((c, word)) = col {
                found.push((role, c));
                if role.unsure_words().contains(&word) {
                    unsure.push(role);
                }
            }
        }
        if best.as_ref().is_none_or(|(_, b, _)| found.len() > b.len()) {
            best = Some((r, found, unsure));
        }
    }
    let (header_row, mut by_role, mut unsure) = best?;
    let headers = header_texts(rows, header_row);
    for &role in roles {
        let Some(chosen) = mapping.columns.get(role.chinese()) else {
            continue;
        };
        if let Some(c) = headers.iter().position(|h| h == &squeeze(chosen)) {
            by_role.retain(|(r, col)| *r != role && *col != c);
            by_role.push((role, c));
            unsure.retain(|r| *r != role);
        }
    }
    let has = |role| by_role.iter().any(|(r, _)| *r == role);
    let needed = if roles.contains(&Role::CaseKind) {
        [Role::Received, Role::CaseKind]
    } else {
        [Role::Received, Role::Result]
    };
    if !needed.iter().all(|r| has(*r)) {
        return None;
    }
    Some(Columns {
        header_row,
        found: by_role
            .iter()
            .map(|(r, c)| (r.chinese().to_string(), *c))
            .collect(),
        headers,
        unsure: unsure.iter().map(|r| r.chinese().to_string()).collect(),
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

/// A value of a mapped column, the rows that hold it and where it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ValueUse {
    /// The column's role in Chinese (「申请人类型」, 「答复结果」…).
    pub role: String,
    /// The value as the register has it (「（空）」 for an empty cell).
    pub value: String,
    /// Its rows inside the year's window.
    pub rows: Vec<usize>,
    /// The official id it counts as (a column of table 三, a row, a group or result of table
    /// 四); `None` when nothing maps it.
    pub to: Option<String>,
    /// How it was mapped.
    pub how: Option<How>,
}

/// The register counted for one year.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Tally {
    /// The table filled: 「t3」 from a register of applications, 「t4」 from one of cases.
    pub table: String,
    /// The year counted.
    pub year: i32,
    /// Cell id → count.
    pub cells: BTreeMap<String, i64>,
    /// Cell id → the register rows it counts (row numbers only).
    pub rows_of: BTreeMap<String, Vec<usize>>,
    /// Row number → its date of receipt (「2025-03-05」), for the rows counted.
    pub dates: BTreeMap<usize, String>,
    /// Rows used.
    pub used: usize,
    /// Rows of other years (received after Y, or answered before Y): counted, not errors.
    pub other_years: usize,
    /// Rows inside the year that could not be used.
    pub left_out: Vec<LeftOut>,
    /// Values no rule maps: (column, value, rows).
    pub unmapped: Vec<(String, String, Vec<usize>)>,
    /// Every value of the mapped columns and where it went: the visible mapping table.
    pub values: Vec<ValueUse>,
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

/// A tally in a few rows, as the command and the dialog print it.
pub struct Summary {
    /// The column heads.
    pub heads: Vec<&'static str>,
    /// (row label, counts in the heads' order).
    pub rows: Vec<(&'static str, Vec<i64>)>,
}

impl Tally {
    /// The count in table 三's row `row`, column `col` (0 where nothing counted).
    pub fn count(&self, row: &str, col: &str) -> i64 {
        self.cells
            .get(&CellId::new(&self.table, row, col).key())
            .copied()
            .unwrap_or(0)
    }

    /// Whether every row of the year was used and every value mapped.
    pub fn complete(&self) -> bool {
        self.left_out.is_empty() && self.unmapped.is_empty()
    }

    /// The table's name in Chinese.
    pub fn table_name(&self) -> &'static str {
        if self.table == "t4" {
            "表四（行政复议、行政诉讼）"
        } else {
            "表三（收到和处理政府信息公开申请）"
        }
    }

    /// 「表三」 or 「表四」.
    pub fn table_short(&self) -> &'static str {
        if self.table == "t4" {
            "表四"
        } else {
            "表三"
        }
    }

    /// The summary: table 三's 一/二/（七）/四 by applicant, or table 四's three groups by result.
    pub fn summary(&self) -> Summary {
        if self.table == "t4" {
            let mut heads: Vec<&'static str> = CASE_RESULTS.iter().map(|(_, l)| *l).collect();
            heads.push("总计");
            let rows = CASE_KINDS
                .iter()
                .map(|(group, label)| {
                    let counts = CASE_RESULTS
                        .iter()
                        .map(|(leaf, _)| *leaf)
                        .chain(["total"])
                        .map(|leaf| self.count("cases", &format!("{group}_{leaf}")))
                        .collect();
                    (*label, counts)
                })
                .collect();
            return Summary { heads, rows };
        }
        Summary {
            heads: SUMMARY_COLUMNS.iter().map(|(l, _)| *l).collect(),
            rows: SUMMARY_ROWS
                .iter()
                .map(|(label, row)| {
                    let counts = SUMMARY_COLUMNS
                        .iter()
                        .map(|(_, col)| self.count(row, col))
                        .collect();
                    (*label, counts)
                })
                .collect(),
        }
    }

    /// An empty count of `table` for `year`.
    fn new(table: &str, year: i32, columns: &Columns) -> Tally {
        Tally {
            table: table.into(),
            year,
            columns: columns.clone(),
            ..Default::default()
        }
    }

    /// The date of receipt of row `n`, or the row left out with why (`what` names the column).
    fn received(&mut self, n: usize, text: &str, what: &str) -> Option<Date> {
        let d = parse_date(text);
        if d.is_none() {
            self.left_out.push(LeftOut {
                row: n,
                reason: format!("{what}“{text}”无法识别"),
            });
        }
        d
    }

    /// Notes a value's use.
    fn note_value(
        &mut self,
        role: &str,
        value: &str,
        to: Option<&str>,
        how: Option<How>,
        n: usize,
    ) {
        let shown = if value.trim().is_empty() {
            "（空）".to_string()
        } else {
            value.trim().to_string()
        };
        let to = to.map(str::to_string);
        match self
            .values
            .iter_mut()
            .find(|v| v.role == role && v.value == shown && v.to == to && v.how == how)
        {
            Some(v) => v.rows.push(n),
            None => self.values.push(ValueUse {
                role: role.to_string(),
                value: shown,
                rows: vec![n],
                to,
                how,
            }),
        }
    }

    /// Counts row `n` in a cell and in the cells that total it.
    fn count_in(&mut self, row: &str, cols: &[&str], n: usize) {
        for c in cols {
            let id = CellId::new(&self.table, row, c).key();
            *self.cells.entry(id.clone()).or_default() += 1;
            self.rows_of.entry(id).or_default().push(n);
        }
    }

    /// Derives the list of unmapped values from the value table.
    fn finish(&mut self) {
        self.values
            .sort_by(|a, b| (&a.role, &a.value, a.how).cmp(&(&b.role, &b.value, b.how)));
        self.unmapped = self
            .values
            .iter()
            .filter(|v| v.to.is_none())
            .map(|v| (v.role.clone(), v.value.clone(), v.rows.clone()))
            .collect();
    }
}

/// The first and last day of a year.
fn year_window(year: i32) -> Result<(Date, Date), RegisterError> {
    let y = i16::try_from(year).map_err(|_| RegisterError::Year(year))?;
    let start = Date::new(y, 1, 1).map_err(|_| RegisterError::Year(year))?;
    let end = Date::new(y, 12, 31).map_err(|_| RegisterError::Year(year))?;
    Ok((start, end))
}

/// Counts a register's rows for `year` by the rules alone.
pub fn tally(rows: &[Vec<String>], year: i32) -> Result<Tally, RegisterError> {
    tally_with(rows, year, &Mapping::default())
}

/// Counts a register's rows for `year`, with the clerk's mapping before the rules. A register
/// of 复议 and 诉讼 cases (its kind column says 复议 or 诉讼) fills table 四; any other, table 三.
pub fn tally_with(
    rows: &[Vec<String>],
    year: i32,
    mapping: &Mapping,
) -> Result<Tally, RegisterError> {
    if let Some(columns) = cases::columns(rows, mapping) {
        return cases::tally(rows, year, mapping, columns);
    }
    let columns =
        find_columns_for(rows, &Role::APPLICATIONS, mapping).ok_or(RegisterError::NoHeader)?;
    let (start, end) = year_window(year)?;
    let cell = |r: &[String], role| columns.text(r, role);
    let mut t = Tally::new("t3", year, &columns);
    for (n, r) in columns.data_rows(rows) {
        let Some(received) = t.received(n, &cell(r, Role::Received), "收到日期") else {
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
        let placed = applicant(&kind_text, &name, mapping.category(&kind_text));
        t.note_value(
            roles::APPLICANT,
            &kind_text,
            placed.map(|(c, _)| c.id()),
            placed.map(|(_, h)| h),
            n,
        );
        let answered_in_year = answered.filter(|a| *a <= end);
        let result_row = match answered_in_year {
            Some(_) => {
                let result_text = cell(r, Role::Result);
                let reason_text = cell(r, Role::Reason);
                let row = if result_text.is_empty() {
                    None
                } else {
                    outcome_row(&result_text, &reason_text, mapping.result_row(&result_text))
                };
                t.note_value(
                    roles::RESULT,
                    &result_text,
                    row.map(|(r, _)| r),
                    row.map(|(_, h)| h),
                    n,
                );
                match row {
                    Some((row, _)) => Some(row),
                    None => continue,
                }
            }
            None => None,
        };
        let Some((category, _)) = placed else {
            continue;
        };
        let cols = [category.id(), "total"];
        if received >= start {
            t.count_in("new", &cols, n);
        } else {
            t.count_in("carried_in", &cols, n);
        }
        match result_row {
            Some(row) => {
                t.count_in(row, &cols, n);
                t.count_in("total", &cols, n);
            }
            None => t.count_in("carried_out", &cols, n),
        }
        t.dates.insert(n, received.to_string());
        t.used += 1;
    }
    t.finish();
    Ok(t)
}

/// Reads a register file and counts it for `year` by the rules.
pub fn tally_file(path: &Path, year: i32, sheet: Option<&str>) -> Result<Tally, RegisterError> {
    tally_file_with(path, year, sheet, &Mapping::default())
}

/// Reads a register file and counts it for `year`, with the clerk's mapping.
pub fn tally_file_with(
    path: &Path,
    year: i32,
    sheet: Option<&str>,
    mapping: &Mapping,
) -> Result<Tally, RegisterError> {
    let rows = read_rows(path, sheet)?;
    tally_with(&rows, year, mapping)
}

/// What a draft keeps of a tally: the register's file name and SHA-256, and the rows behind
/// each cell (numbers and dates only).
pub fn record(t: &Tally, path: &Path) -> Result<crate::core::RegisterCount, RegisterError> {
    use sha2::Digest;
    let bytes = crate::store::read_bounded(path)?;
    let sha256 = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let used: std::collections::BTreeSet<usize> = t.rows_of.values().flatten().copied().collect();
    Ok(crate::core::RegisterCount {
        table: t.table.clone(),
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        sha256,
        year: t.year,
        rows: t.rows_of.clone(),
        dates: t
            .dates
            .iter()
            .filter(|(n, _)| used.contains(n))
            .map(|(n, d)| (*n, d.clone()))
            .collect(),
    })
}

/// Fills the draft's table from the tally and keeps the record of where its cells came from
/// (replacing an earlier count of the same table).
pub fn fill(report: &mut crate::core::Report, t: &Tally, count: crate::core::RegisterCount) {
    for (id, v) in filled_cells(t, report) {
        report.set_cell(&id, v);
    }
    report.counted_from.retain(|c| c.table != count.table);
    report.counted_from.push(count);
}

/// The table's cells as the tally fills them: every cell of the table, 0 where nothing counted.
pub fn filled_cells(t: &Tally, report: &crate::core::Report) -> Vec<(String, String)> {
    let Some(table) = report.template().table(&t.table) else {
        return Vec::new();
    };
    let block = &table.blocks[0];
    block
        .rows
        .iter()
        .flat_map(|row| {
            block.columns.iter().map(move |col| {
                let id = CellId::new(&t.table, row.id, col.id).key();
                let v = t.cells.get(&id).copied().unwrap_or(0);
                (id, v.to_string())
            })
        })
        .collect()
}

/// Where the register's 二、上年结转 differs from last year's report's 四、结转下年度, column by
/// column: either the register or last year's report is wrong. Blank cells of last year's are
/// not compared.
pub fn carried_differences(t: &Tally, last: &crate::core::Report) -> Vec<String> {
    if t.table != "t3" {
        return Vec::new();
    }
    SUMMARY_COLUMNS
        .iter()
        .filter_map(|(label, col)| {
            let text = last.cell_text(&CellId::new("t3", "carried_out", col).key());
            let before: i64 = text.trim().parse().ok()?;
            let now = t.count("carried_in", col);
            (before != now).then(|| {
                format!(
                    "上年结转（{label}）：台账计 {now} 件，上年度报告的结转下年度为 {before} 件——台账或上年度报告有误"
                )
            })
        })
        .collect()
}

/// The official category an id of the mapping stands for, in Chinese: 「自然人」,
/// 「（三）不予公开 1.属于国家秘密」, 「行政复议」, 「结果维持」.
pub fn value_label(role: &str, id: &str) -> String {
    let found = match role {
        roles::APPLICANT => Category::from_id(id).map(|c| c.label().to_string()),
        roles::RESULT => crate::core::FormatVersion::Gov2021
            .template()
            .table("t3")
            .and_then(|t| t.blocks.iter().flat_map(|b| &b.rows).find(|r| r.id == id))
            .map(|r| r.path.iter().skip(1).copied().collect::<Vec<_>>().join(" ")),
        roles::CASE_KIND => CASE_KINDS
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, l)| l.to_string()),
        roles::CASE_RESULT => CASE_RESULTS
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, l)| l.to_string()),
        _ => None,
    };
    found.unwrap_or_else(|| id.to_string())
}

/// The ids a value of `role` can be mapped to, in the table's order.
pub fn value_choices(role: &str) -> Vec<&'static str> {
    match role {
        roles::APPLICANT => Category::ALL.iter().map(|c| c.id()).collect(),
        roles::RESULT => RESULT_ROWS.to_vec(),
        roles::CASE_KIND => CASE_KINDS.iter().map(|(k, _)| *k).collect(),
        roles::CASE_RESULT => CASE_RESULTS.iter().map(|(k, _)| *k).collect(),
        _ => Vec::new(),
    }
}
