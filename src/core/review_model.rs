//! What a draft records about its review — its status, warnings marked 已核实, comments and
//! the history of saves — as data, stored in the draft. What may be done with it is in
//! `review`; the words it is shown in, in `wording`.

use serde::{Deserialize, Serialize};

use super::template::Rule;

/// Where a draft is in its review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 起草: the clerk is writing it.
    #[default]
    Drafting,
    /// 待审核: sent to the reviewer.
    Submitted,
    /// 退回修改: sent back to the clerk.
    Returned,
    /// 定稿: signed off; read-only until reopened with a reason.
    Final,
}

impl Status {
    /// All four, in the order of the flow.
    pub const ALL: [Status; 4] = [
        Status::Drafting,
        Status::Submitted,
        Status::Returned,
        Status::Final,
    ];

    /// 「起草」「待审核」「退回修改」「定稿」.
    pub fn chinese(self) -> &'static str {
        match self {
            Status::Drafting => "起草",
            Status::Submitted => "待审核",
            Status::Returned => "退回修改",
            Status::Final => "定稿",
        }
    }

    /// Parses the Chinese name or the id (`drafting`, `submitted`, `returned`, `final`).
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|st| st.chinese() == s || st.id() == s)
    }

    /// The id used in files.
    pub fn id(self) -> &'static str {
        match self {
            Status::Drafting => "drafting",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Final => "final",
        }
    }
}

/// A warning a reviewer has looked at and accepted, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verified {
    /// The finding's rule.
    pub rule: Rule,
    /// Its part.
    pub part: u8,
    /// Its cells.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<String>,
    /// For a finding about prose: the sentence it quoted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sentence: String,
    /// The cells' text when it was verified: when the numbers change, the mark no longer holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// Why it is fine, e.g. 「经核实，文中数字为清理后口径」.
    pub note: String,
    /// Who verified it.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
}

/// What a comment is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// A cell, by stable id.
    Cell(String),
    /// A whole table: `t2`, `t3`, `t4`.
    Table(String),
    /// A paragraph of a part (0 = the lead), with its opening words so that it can be found
    /// again when paragraphs above it are added or removed.
    Paragraph {
        /// 0 for the lead, 1..=6.
        part: u8,
        /// The paragraph's index (lines of the part's text) when the comment was written.
        index: usize,
        /// Its first characters.
        excerpt: String,
        /// The words within the paragraph the comment is about, when it is about some words
        /// rather than the whole paragraph. Older drafts have none (and older builds ignore it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quote: Option<String>,
    },
}

/// A reviewer's (or clerk's) comment, 批注.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Unique within the draft.
    pub id: u32,
    /// What it is about.
    pub anchor: Anchor,
    /// Who wrote it.
    pub author: String,
    /// When (RFC 3339).
    pub at: String,
    /// The comment.
    pub text: String,
    /// Whether it has been dealt with.
    #[serde(default)]
    pub resolved: bool,
}

/// A cell whose text changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellChange {
    /// Stable id.
    pub id: String,
    /// Text before ("" = unfilled).
    pub old: String,
    /// Text after.
    pub new: String,
}

/// One line of the 修订记录: a save or a change of status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// Who.
    pub by: String,
    /// When (RFC 3339).
    pub at: String,
    /// The status after it.
    pub status: Status,
    /// 「保存」, 「状态：起草 → 待审核」, 「重新打开：…」.
    pub event: String,
    /// Cells that changed since the previous save.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellChange>,
    /// Parts whose text changed (0 = the lead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u8>,
    /// Metadata fields that changed, by their Chinese names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meta: Vec<String>,
}

/// Everything about the review that is kept in the draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Where the draft is.
    #[serde(default)]
    pub status: Status,
    /// Warnings marked 已核实.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verified: Vec<Verified>,
    /// Comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Saves and status changes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

impl Review {
    /// Whether nothing about the review has been recorded yet.
    pub fn is_empty(&self) -> bool {
        *self == Review::default()
    }
}
