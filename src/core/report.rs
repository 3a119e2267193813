//! The report a clerk writes: metadata, the six parts' text, and the typed cells.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::printed::PrintedGroup;
use super::review_model::Review;
use super::template::{FormatVersion, PartNo, Rule, Template};
use super::values::{CellValue, parse_cell};

/// A calendar date (the 成文日期).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IssueDate {
    /// Full year, e.g. 2022.
    pub year: i32,
    /// 1..=12.
    pub month: u8,
    /// 1..=31, valid for the month.
    pub day: u8,
}

impl IssueDate {
    /// A date, if it exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1000..=9999).contains(&year)).then_some(IssueDate {
            year,
            month,
            day,
        })
    }

    /// Reads 「2022-01-24」, 「2022/1/24」 or 「2022年1月24日」.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let parts: Vec<&str> = t
            .split(['-', '/', '.', '年', '月', '日'])
            .filter(|p| !p.is_empty())
            .collect();
        let [y, m, d] = parts.as_slice() else {
            return None;
        };
        IssueDate::new(
            y.trim().parse().ok()?,
            m.trim().parse().ok()?,
            d.trim().parse().ok()?,
        )
    }

    /// As printed at the end of a report: 「2022年1月24日」.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for IssueDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for IssueDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        IssueDate::parse(&s).ok_or_else(|| format!("“{s}”不是有效日期（应为 YYYY-MM-DD）"))
    }
}

impl From<IssueDate> for String {
    fn from(d: IssueDate) -> String {
        d.to_string()
    }
}

/// Which kind of body reports, deciding the deadline (C11).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
pub enum Tier {
    /// 县级以上人民政府部门、乡镇人民政府: 1月31日.
    #[default]
    #[serde(rename = "department")]
    Department,
    /// 县级人民政府汇总: 2月20日.
    #[serde(rename = "county")]
    County,
    /// 设区的市级人民政府汇总: 3月10日.
    #[serde(rename = "prefecture")]
    Prefecture,
    /// 省级人民政府汇总 / 本级政府: 3月31日.
    #[serde(rename = "province")]
    Province,
}

impl Tier {
    /// All tiers, in order.
    pub const ALL: [Tier; 4] = [
        Tier::Department,
        Tier::County,
        Tier::Prefecture,
        Tier::Province,
    ];

    /// The Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Tier::Department => "县级以上人民政府部门、乡镇人民政府",
            Tier::County => "县级人民政府（汇总）",
            Tier::Prefecture => "设区的市级人民政府（汇总）",
            Tier::Province => "省级人民政府（汇总）、本级政府",
        }
    }

    /// The last day of issue for a report on `year`.
    pub fn deadline(self, year: i32) -> Option<IssueDate> {
        let (m, d) = match self {
            Tier::Department => (1, 31),
            Tier::County => (2, 20),
            Tier::Prefecture => (3, 10),
            Tier::Province => (3, 31),
        };
        IssueDate::new(year + 1, m, d)
    }
}

/// Who wrote the report and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// The agency (机关) name as in the title, e.g. 「台儿庄区人力资源和社会保障局」.
    pub agency: String,
    /// The year reported on.
    pub year: i32,
    /// The official format the tables follow.
    pub format: FormatVersion,
    /// 成文日期, printed at the end for signature and seal.
    #[serde(default)]
    pub issue_date: Option<IssueDate>,
    /// 成文日期 as typed when it is not a valid date (「2026-02-30」): kept so that nothing typed
    /// is lost, reported as an error, and never taken for a date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date_typed: Option<String>,
    /// Contact line (地址、电话、邮箱…).
    #[serde(default)]
    pub contact: String,
    /// The lead paragraph before part 一 (often holds the 统计期限 sentence).
    #[serde(default)]
    pub lead: String,
    /// The kind of reporting body, for the deadline.
    #[serde(default)]
    pub tier: Tier,
}

/// One field of [`Metadata`], as the form edits it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetaField {
    /// 机关名称.
    Agency,
    /// 报告年度.
    Year,
    /// 格式版本.
    Format,
    /// 成文日期.
    IssueDate,
    /// 联系方式.
    Contact,
    /// 报告机关类别.
    Tier,
    /// The lead paragraph.
    Lead,
}

impl MetaField {
    /// The text of a field that is typed as text, for undo by word (others are chosen).
    pub fn text(self, meta: &Metadata) -> Option<&str> {
        match self {
            MetaField::Agency => Some(&meta.agency),
            MetaField::Contact => Some(&meta.contact),
            MetaField::Lead => Some(&meta.lead),
            MetaField::Year | MetaField::Format | MetaField::IssueDate | MetaField::Tier => None,
        }
    }
}

/// A sub-section of a prose part, e.g. 「（一）主动公开」.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading as printed, e.g. 「（一）主动公开」.
    pub heading: String,
    /// Its paragraphs, separated by newlines.
    pub body: String,
}

/// One editable text of a part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The text before the sections.
    Intro,
    /// A section's heading.
    Heading(usize),
    /// A section's body.
    Body(usize),
}

/// The text of one part. Table parts (二–四) may carry a note; prose parts (一, 五, 六) may be
/// split into sub-sections.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartText {
    /// Text before the first sub-section (or the whole part).
    #[serde(default)]
    pub intro: String,
    /// Sub-sections in order.
    #[serde(default)]
    pub sections: Vec<Section>,
}

impl PartText {
    /// Plain text: the intro, then each section's heading and body, one per line.
    pub fn full_text(&self) -> String {
        let mut out = self.intro.trim_end().to_string();
        for s in &self.sections {
            for piece in [&s.heading, &s.body] {
                let piece = piece.trim_end();
                if piece.is_empty() {
                    continue;
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(piece);
            }
        }
        out
    }

    /// Maps a character range of [`Self::full_text`] to the field it falls in and the range
    /// within that field's own text (for highlighting a sentence in the editor).
    pub fn locate(&self, start: usize, end: usize) -> Option<(TextField, usize, usize)> {
        let mut pieces: Vec<(TextField, &str)> = vec![(TextField::Intro, self.intro.as_str())];
        for (i, s) in self.sections.iter().enumerate() {
            pieces.push((TextField::Heading(i), s.heading.as_str()));
            pieces.push((TextField::Body(i), s.body.as_str()));
        }
        // Walk the pieces exactly as `full_text` joins them.
        let mut offset = 0;
        let mut wrote = false;
        for (field, text) in pieces {
            let piece = text.trim_end();
            if piece.is_empty() {
                continue;
            }
            if wrote {
                offset += 1; // the joining newline
            }
            let len = piece.chars().count();
            if start >= offset && end <= offset + len {
                return Some((field, start - offset, end - offset));
            }
            offset += len;
            wrote = true;
        }
        None
    }

    /// Whether nothing but white space was written.
    pub fn is_blank(&self) -> bool {
        self.intro.trim().is_empty()
            && self
                .sections
                .iter()
                .all(|s| s.heading.trim().is_empty() && s.body.trim().is_empty())
    }
}

/// What an import could not place, kept with the draft so that `check` and the window show
/// it until the clerk has filled what was missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportNote {
    /// `I1`–`I6`.
    pub rule: Rule,
    /// The part it concerns, 1..=6, or 0 for the report as a whole.
    pub part: u8,
    /// The cells left unfilled because of it; once all are filled the note is no longer shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// A plain Chinese message.
    pub message: String,
}

/// One report that went into a 汇总, as the result records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeSource {
    /// The agency that made it.
    pub agency: String,
    /// The file it was read from, as named on the command line.
    pub file: String,
    /// Errors its checks found when it was summed (only with `--allow-errors`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub errors: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Cells of a table counted from a register (登记台账): the register file's name and SHA-256,
/// the year counted, and for each cell the register rows it counts with their dates of
/// receipt. Numbers and dates only: no name, number or request text leaves the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterCount {
    /// The table filled (「t3」 or 「t4」).
    pub table: String,
    /// The register's file name (without its folder).
    pub file: String,
    /// SHA-256 of the register file, in hex.
    pub sha256: String,
    /// The year counted.
    pub year: i32,
    /// Cell id → the register's row numbers it counts.
    #[serde(default)]
    pub rows: BTreeMap<String, Vec<usize>>,
    /// Row number → its date of receipt.
    #[serde(default)]
    pub dates: BTreeMap<usize, String>,
}

impl RegisterCount {
    /// What a cell counts, in a line: 「登记台账 台账.xlsx 计 3 件：第 4 行（2025-03-05）…」;
    /// `None` for a cell this count did not fill.
    pub fn describe(&self, cell: &str, shown: &str) -> Option<String> {
        if !cell.starts_with(&format!("{}.", self.table)) {
            return None;
        }
        let rows = self.rows.get(cell).map(Vec::as_slice).unwrap_or(&[]);
        const SHOWN: usize = 12;
        let mut list: Vec<String> = rows
            .iter()
            .take(SHOWN)
            .map(|n| match self.dates.get(n) {
                Some(d) => format!("第 {n} 行（{d}）"),
                None => format!("第 {n} 行"),
            })
            .collect();
        if rows.len() > SHOWN {
            list.push(format!("等共 {} 行", rows.len()));
        }
        let mut line = format!("登记台账 {} 计 {} 件", self.file, rows.len());
        if !list.is_empty() {
            line.push('：');
            line.push_str(&list.join("、"));
        }
        if shown.trim() != rows.len().to_string() {
            line.push_str(&format!("；现填 {}，与台账不同", shown.trim()));
        }
        Some(line)
    }
}

/// A table cell read from a scan by OCR (issue 31): where on its page, what was read and how
/// sure, and whether a person has looked at it since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScannedCell {
    /// The page, from 1.
    pub page: u16,
    /// The cell's box on the page as read (left, top, right, bottom, in pixels).
    pub bounds: [u32; 4],
    /// The text read.
    pub read: String,
    /// How sure the reading is, in percent (its least sure character).
    pub confidence: u8,
    /// A person compared it with the scan and confirmed it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
}

/// Below this confidence (in percent) a cell read from a scan is marked for a person to look
/// at, even where every relation holds.
pub const SURE_PERCENT: u8 = 90;

impl ScannedCell {
    /// Whether a person should still look at it: read with little confidence, not confirmed,
    /// and still holding what was read (a value typed since is the person's own).
    pub fn needs_a_look(&self, now: &str) -> bool {
        self.confidence < SURE_PERCENT && !self.confirmed && now.trim() == self.read.trim()
    }
}

/// A whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Agency, year, format, date, contact.
    pub meta: Metadata,
    /// The six parts, 一 to 六.
    pub parts: [PartText; 6],
    /// Cell id → the text typed into it. A missing or empty entry is unfilled.
    #[serde(default)]
    pub cells: BTreeMap<String, String>,
    /// What the import that made this draft could not place (empty for drafts typed here).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub import_notes: Vec<ImportNote>,
    /// Status, verified warnings, comments and history (empty in drafts before version 2).
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// For a 汇总 of many reports: the reports summed into it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<MergeSource>,
    /// Groups of rows the original printed as one (table 三's （六） in the 2019 layout, or a
    /// value cell merged across its sub-rows), with the numbers it printed for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub printed_groups: Vec<PrintedGroup>,
    /// Last year's report this draft was started from (its file, as given): `check` and the
    /// window compare with it (C13–C15) unless told otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_report: Option<String>,
    /// Tables counted from a register (登记台账), one entry a table: which rows stand behind
    /// each cell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counted_from: Vec<RegisterCount>,
    /// For a draft imported from a scan: each value cell as the OCR read it, by cell id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scanned: BTreeMap<String, ScannedCell>,
}

impl Report {
    /// An empty report of the given format and year.
    pub fn new(format: FormatVersion, year: i32) -> Self {
        Report {
            meta: Metadata {
                agency: String::new(),
                year,
                format,
                issue_date: None,
                issue_date_typed: None,
                contact: String::new(),
                lead: String::new(),
                tier: Tier::Department,
            },
            parts: Default::default(),
            cells: BTreeMap::new(),
            import_notes: Vec::new(),
            review: Review::default(),
            sources: Vec::new(),
            printed_groups: Vec::new(),
            previous_report: None,
            counted_from: Vec::new(),
            scanned: BTreeMap::new(),
        }
    }

    /// The text of a part.
    pub fn part(&self, p: PartNo) -> &PartText {
        &self.parts[p.index()]
    }

    /// The text of a part, to change it.
    pub fn part_mut(&mut self, p: PartNo) -> &mut PartText {
        &mut self.parts[p.index()]
    }

    /// The template of the report's format.
    pub fn template(&self) -> &'static Template {
        self.meta.format.template()
    }

    /// The text typed into a cell ("" when unfilled).
    pub fn cell_text(&self, id: &str) -> &str {
        self.cells.get(id).map_or("", String::as_str)
    }

    /// Sets a cell's text; an empty text makes it unfilled.
    pub fn set_cell(&mut self, id: &str, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            self.cells.remove(id);
        } else {
            self.cells.insert(id.to_string(), text);
        }
    }

    /// The parsed value of every template cell, indexed like [`Template::cells`].
    pub fn values(&self) -> Vec<CellValue> {
        self.scan_cells().0
    }

    /// The parsed values (indexed like [`Template::cells`]) and the ids the template does not
    /// know, in one pass: the cell map and the template's ids are both walked in sorted order.
    pub fn scan_cells(&self) -> (Vec<CellValue>, Vec<&str>) {
        let t = self.template();
        let mut values = vec![CellValue::Unfilled; t.cells.len()];
        let mut unknown = Vec::new();
        let mut typed = self.cells.iter().peekable();
        for &idx in &t.by_id_order {
            let decl = &t.cells[idx];
            while let Some((id, text)) = typed.peek() {
                match id.as_str().cmp(decl.id.as_str()) {
                    std::cmp::Ordering::Less => unknown.push(id.as_str()),
                    std::cmp::Ordering::Equal => values[idx] = parse_cell(text, decl.kind),
                    std::cmp::Ordering::Greater => break,
                }
                typed.next();
            }
        }
        unknown.extend(typed.map(|(id, _)| id.as_str()));
        (values, unknown)
    }

    /// The parsed value of one cell (unfilled for an unknown id).
    pub fn value(&self, id: &str) -> CellValue {
        match self.template().cell(id) {
            Some(c) => parse_cell(self.cell_text(id), c.kind),
            None => CellValue::Unfilled,
        }
    }

    /// The title as printed: 「XX局2021年政府信息公开工作年度报告」.
    pub fn title(&self) -> String {
        format!(
            "{}{}年政府信息公开工作年度报告",
            self.meta.agency, self.meta.year
        )
    }

    /// The paragraphs of a part's text (0 = the lead), one per line.
    pub fn paragraphs(&self, part: u8) -> Vec<String> {
        let text = match PartNo::new(part) {
            Some(p) => self.part(p).full_text(),
            None if part == 0 => self.meta.lead.clone(),
            None => String::new(),
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            IssueDate::parse("2022年1月24日"),
            IssueDate::new(2022, 1, 24)
        );
        assert_eq!(
            IssueDate::parse("2022-01-24")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2022-01-24")
        );
        assert_eq!(IssueDate::parse("2023-02-29"), None);
        assert_eq!(
            IssueDate::parse("2024-02-29")
                .map(|d| d.chinese())
                .as_deref(),
            Some("2024年2月29日")
        );
        assert_eq!(IssueDate::parse("明天"), None);
    }

    #[test]
    fn locate_maps_full_text_ranges_to_fields() {
        for intro in ["", "导语。\n"] {
            let p = PartText {
                intro: intro.into(),
                sections: vec![
                    Section {
                        heading: "（一）主动公开".into(),
                        body: "公开了3件。".into(),
                    },
                    Section {
                        heading: "".into(),
                        body: "第二段。".into(),
                    },
                ],
            };
            let full = p.full_text();
            for needle in ["主动公开", "3件", "第二段", "导语"] {
                if !full.contains(needle) {
                    continue;
                }
                let b = full.find(needle).expect("present");
                let start = full[..b].chars().count();
                let end = start + needle.chars().count();
                let (field, s, e) = p.locate(start, end).expect("located");
                let text = match field {
                    TextField::Intro => &p.intro,
                    TextField::Heading(i) => &p.sections[i].heading,
                    TextField::Body(i) => &p.sections[i].body,
                };
                let got: String = text.chars().skip(s).take(e - s).collect();
                assert_eq!(got, needle);
            }
        }
    }

    #[test]
    fn cells_keep_text() {
        let mut r = Report::new(FormatVersion::Gov2021, 2024);
        r.set_cell("t3.new.natural", "３");
        assert_eq!(r.cell_text("t3.new.natural"), "３");
        r.set_cell("t3.new.natural", "");
        assert!(r.cells.is_empty());
    }
}
