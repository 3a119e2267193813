//! The two official report formats, declared once as data.
//!
//! Everything else (checks, autosum, the grids, the PDF tables, the JSON copy) reads these
//! declarations. [`schema`] says what a template is; `builder` puts together what both formats
//! share; `gov2021` and `gov2019` hold what is their own. A third format version is a new file
//! beside them plus a test; nothing else changes.
//!
//! Labels are the official ones, verbatim (spec §1–4).

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Which official format a report follows.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum FormatVersion {
    /// 国办公开办函〔2021〕30号, for reports on 2021 and later.
    #[serde(rename = "gov2021")]
    Gov2021,
    /// 国办公开办函〔2019〕60号 (试行), for reports on 2019 and 2020.
    #[serde(rename = "gov2019")]
    Gov2019,
}

impl FormatVersion {
    /// All versions, newest first.
    pub const ALL: [FormatVersion; 2] = [FormatVersion::Gov2021, FormatVersion::Gov2019];

    /// The stable id used in files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            FormatVersion::Gov2021 => "gov2021",
            FormatVersion::Gov2019 => "gov2019",
        }
    }

    /// Parses a stable id (`gov2021`, `gov2019`).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.id() == id)
    }

    /// The issuing document, for messages.
    pub fn document(self) -> &'static str {
        match self {
            FormatVersion::Gov2021 => "国办公开办函〔2021〕30号（2021年格式）",
            FormatVersion::Gov2019 => "国办公开办函〔2019〕60号（2019年试行格式）",
        }
    }

    /// The format a report on `year` should use: the 2019 trial format for 2019 and 2020, the
    /// 2021 format from then on (earlier years, which neither covers, get the older one).
    pub fn for_year(year: i32) -> Self {
        Self::ALL
            .into_iter()
            .find(|v| year >= v.first_year())
            .unwrap_or(FormatVersion::Gov2019)
    }

    /// The first report year the format is for.
    pub fn first_year(self) -> i32 {
        match self {
            FormatVersion::Gov2021 => 2021,
            FormatVersion::Gov2019 => 2019,
        }
    }

    /// Whether part 六 must state the 信息处理费 (C8; 国办函〔2020〕109号 came with the 2021
    /// format).
    pub fn requires_fee_statement(self) -> bool {
        self == FormatVersion::Gov2021
    }

    /// The template of this version.
    pub fn template(self) -> &'static Template {
        match self {
            FormatVersion::Gov2021 => &GOV2021,
            FormatVersion::Gov2019 => &GOV2019,
        }
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What a cell holds; decides how its text is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ValueKind {
    /// A non-negative whole number (件数, 数量).
    Count,
    /// A signed whole number (本年增/减): 「增45」, 「减3」, 「-18」.
    SignedChange,
    /// Money in 万元, up to six decimals.
    Wan,
    /// Money in 元, two decimals.
    Yuan,
}

impl ValueKind {
    /// The unit the header already gives, which a cell may repeat (and is asked to drop).
    pub fn unit(self) -> Option<&'static str> {
        match self {
            ValueKind::Count | ValueKind::SignedChange => None,
            ValueKind::Wan => Some("万元"),
            ValueKind::Yuan => Some("元"),
        }
    }

    /// How many decimals the kind allows.
    pub fn max_decimals(self) -> u32 {
        match self {
            ValueKind::Count | ValueKind::SignedChange => 0,
            ValueKind::Wan => 6,
            ValueKind::Yuan => 2,
        }
    }

    /// A short Chinese description, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Count => "非负整数",
            ValueKind::SignedChange => "整数（可带正负号或“增”“减”）",
            ValueKind::Wan => "金额（万元，最多六位小数）",
            ValueKind::Yuan => "金额（元，最多两位小数）",
        }
    }
}

/// Which check (or arithmetic relation) a finding comes from.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Rule {
    /// 表三 every row: 总计 = sum of the applicant columns.
    R1,
    /// 表三 every column: （七）总计 = sum of the result rows.
    R2,
    /// 表三 every column: 一 + 二 = （七）总计 + 四.
    R3,
    /// 表四 each group: 总计 = the four results.
    R4,
    /// A cell's value is not of its kind (or is blank).
    C5,
    /// Format version vs year; labels and cells of the template.
    C6,
    /// All six parts present and non-empty.
    C7,
    /// gov2021: part 六 reports the 信息处理费.
    C8,
    /// Part 一 longer than 1000 characters.
    C9,
    /// Part 一 misses one of the five aspects.
    C10,
    /// Date of issue after the deadline.
    C11,
    /// Numbers in the prose disagree with the tables.
    C12,
    /// 上年结转 vs last year's 结转下年度.
    C13,
    /// 现行有效件数 roll-forward.
    C14,
    /// Part 五 nearly identical to last year's.
    C15,
    /// 其他处理 a large share of all results.
    C16,
    /// gov2019: 上一年项目数量 + 本年增/减 < 0.
    C17,
    /// No 统计期限 sentence, or no agency name and date at the end.
    C18,
    /// Import: a whole table was not found in the imported text.
    I1,
    /// Import: a row of a table was not found (or had no numbers).
    I2,
    /// Import: a row had more or fewer numbers than the template has cells.
    I3,
    /// Import: text or numbers that could not be placed (kept in the part they followed).
    I4,
    /// Import: title, year or format could not be read and was guessed.
    I5,
    /// Import: fewer than half of the table cells could be placed.
    I6,
    /// Import: cells with no number of their own in the original (a merged cell, the 2019
    /// format's single （六） row) that the table's arithmetic proves to be 0.
    I7,
    /// Import: a scan read by OCR — how many cells, which were read with little confidence,
    /// and whether the arithmetic verified the reading.
    I8,
}

impl Rule {
    /// The id printed in messages and files (`R1`, `C5`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::C5 => "C5",
            Rule::C6 => "C6",
            Rule::C7 => "C7",
            Rule::C8 => "C8",
            Rule::C9 => "C9",
            Rule::C10 => "C10",
            Rule::C11 => "C11",
            Rule::C12 => "C12",
            Rule::C13 => "C13",
            Rule::C14 => "C14",
            Rule::C15 => "C15",
            Rule::C16 => "C16",
            Rule::C17 => "C17",
            Rule::C18 => "C18",
            Rule::I1 => "I1",
            Rule::I2 => "I2",
            Rule::I3 => "I3",
            Rule::I4 => "I4",
            Rule::I5 => "I5",
            Rule::I6 => "I6",
            Rule::I7 => "I7",
            Rule::I8 => "I8",
        }
    }
}

impl Rule {
    /// What the rule checks, in a few Chinese words.
    pub fn title(self) -> &'static str {
        match self {
            Rule::R1 => "行合计",
            Rule::R2 => "列合计",
            Rule::R3 => "勾稽关系",
            Rule::R4 => "复议诉讼合计",
            Rule::C5 => "单元格取值",
            Rule::C6 => "格式版本",
            Rule::C7 => "六部分齐全",
            Rule::C8 => "信息处理费",
            Rule::C9 => "总体情况篇幅",
            Rule::C10 => "总体情况要素",
            Rule::C11 => "成文日期",
            Rule::C12 => "正文与表格",
            Rule::C13 => "上年结转",
            Rule::C14 => "现行有效件数",
            Rule::C15 => "与上年雷同",
            Rule::C16 => "其他处理占比",
            Rule::C17 => "项目数量增减",
            Rule::C18 => "统计期限与落款",
            Rule::I1 => "导入：缺表",
            Rule::I2 => "导入：缺行",
            Rule::I3 => "导入：格数不符",
            Rule::I4 => "导入：未识别内容",
            Rule::I5 => "导入：标题与格式",
            Rule::I6 => "导入：大部分表格未填入",
            Rule::I7 => "导入：由勾稽关系推得的 0",
            Rule::I8 => "导入：扫描件文字识别",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

mod builder;
pub use builder::T3_NOTE;
mod gov2019;
mod gov2021;
mod id;
pub use id::CellId;
mod part_no;
pub use part_no::PartNo;
mod pieces;
pub mod schema;

pub use schema::*;

static GOV2021: LazyLock<Template> = LazyLock::new(|| builder::template(FormatVersion::Gov2021));
static GOV2019: LazyLock<Template> = LazyLock::new(|| builder::template(FormatVersion::Gov2019));

#[cfg(test)]
mod tests;
