//! The clerk's own mapping of a register: which column holds what where the header words were
//! unsure, and which official category a value no rule knows (or a rule got wrong) stands for.
//! Kept as a small RON file, readable by a person, and used again next year.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::RegisterError;
use super::map::{Category, RESULT_ROWS};

/// The version this program writes; a newer file is refused, never half-read.
pub const MAPPING_VERSION: u32 = 1;

/// What a clerk confirmed for a register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Format version of the file.
    #[serde(default)]
    pub version: u32,
    /// The column's role in Chinese (「答复结果」) → the header text of the column chosen.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, String>,
    /// The column's role in Chinese → register value (spaces removed) → an official id: a
    /// column id of table 三 for 申请人类型, a row id for 答复结果, a group or result id of
    /// table 四 for 案件类型 and 审理结果.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// The role names the mapping uses for values.
pub mod roles {
    /// The applicant type column.
    pub const APPLICANT: &str = "申请人类型";
    /// The result column of the register of applications.
    pub const RESULT: &str = "答复结果";
    /// The kind of case (复议 / 诉讼) of a 复议诉讼 register.
    pub const CASE_KIND: &str = "案件类型";
    /// The result of a case.
    pub const CASE_RESULT: &str = "审理结果";
}

/// Table 四's groups: (id, label).
pub const CASE_KINDS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("suit_direct", "行政诉讼：未经复议直接起诉"),
    ("suit_after", "行政诉讼：复议后起诉"),
];

/// Table 四's results: (id, label).
pub const CASE_RESULTS: [(&str, &str); 4] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
];

fn key(value: &str) -> String {
    value.split_whitespace().collect()
}

impl Mapping {
    /// The official id the clerk chose for `value` of the column `role`.
    pub fn value(&self, role: &str, value: &str) -> Option<&str> {
        self.values
            .get(role)
            .and_then(|m| m.get(&key(value)))
            .map(String::as_str)
    }

    /// Sets (or, with `None`, clears) the id for a value.
    pub fn set_value(&mut self, role: &str, value: &str, id: Option<&str>) {
        let m = self.values.entry(role.to_string()).or_default();
        match id {
            Some(id) => {
                m.insert(key(value), id.to_string());
            }
            None => {
                m.remove(&key(value));
            }
        }
        self.values.retain(|_, m| !m.is_empty());
    }

    /// The clerk's category for an applicant type.
    pub fn category(&self, value: &str) -> Option<Category> {
        self.value(roles::APPLICANT, value)
            .and_then(Category::from_id)
    }

    /// The clerk's result row for a reply.
    pub fn result_row(&self, value: &str) -> Option<&'static str> {
        let id = self.value(roles::RESULT, value)?;
        RESULT_ROWS.iter().copied().find(|r| *r == id)
    }

    /// Whether nothing was confirmed.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.values.is_empty()
    }

    /// Every id must be one this program knows: a misspelt id would silently drop rows.
    fn validate(&self) -> Result<(), String> {
        for (role, values) in &self.values {
            let known: Vec<&str> = match role.as_str() {
                roles::APPLICANT => Category::ALL.iter().map(|c| c.id()).collect(),
                roles::RESULT => RESULT_ROWS.to_vec(),
                roles::CASE_KIND => CASE_KINDS.iter().map(|(id, _)| *id).collect(),
                roles::CASE_RESULT => CASE_RESULTS.iter().map(|(id, _)| *id).collect(),
                other => return Err(format!("不认识的列“{other}”")),
            };
            for (value, id) in values {
                if !known.contains(&id.as_str()) {
                    return Err(format!(
                        "{role}“{value}”对应的“{id}”不是规定的类别（可用：{}）",
                        known.join("、")
                    ));
                }
            }
        }
        Ok(())
    }

    /// Reads a mapping file.
    pub fn load(path: &Path) -> Result<Mapping, RegisterError> {
        let bytes = crate::store::read_bounded(path)?;
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let bad = |why: String| RegisterError::Mapping(format!("{}：{why}", path.display()));
        let m: Mapping = ron::from_str(text).map_err(|e| {
            bad(format!(
                "第 {} 行第 {} 列格式有误",
                e.span.start.line, e.span.start.col
            ))
        })?;
        if m.version > MAPPING_VERSION {
            return Err(bad(format!(
                "由较新版本的 nianbao 保存（版本 {}），请升级后再用",
                m.version
            )));
        }
        m.validate().map_err(bad)?;
        Ok(m)
    }

    /// Writes a mapping file atomically.
    pub fn save(&self, path: &Path) -> Result<(), RegisterError> {
        let mut m = self.clone();
        m.version = MAPPING_VERSION;
        let text = ron::ser::to_string_pretty(&m, ron::ser::PrettyConfig::default())
            .map_err(|e| RegisterError::Mapping(e.to_string()))?;
        crate::store::write_atomic(path, text.as_bytes(), crate::store::Backup::None)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_round_trips_and_a_wrong_id_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("映射.ron");
        let mut m = Mapping::default();
        m.set_value(roles::RESULT, " 已 处理 ", Some("granted"));
        m.set_value(roles::APPLICANT, "法人或其他组织", Some("other"));
        m.columns.insert("答复结果".into(), "办理情况".into());
        m.save(&path).expect("save");
        let back = Mapping::load(&path).expect("load");
        assert_eq!(back.result_row("已处理"), Some("granted"));
        assert_eq!(back.category("法人或其他组织"), Some(Category::Other));
        assert_eq!(back.columns, m.columns);

        std::fs::write(&path, "(values: {\"答复结果\": {\"已处理\": \"grant\"}})").expect("write");
        let e = Mapping::load(&path).expect_err("wrong id").to_string();
        assert!(e.contains("不是规定的类别"), "{e}");
        std::fs::write(&path, "(version: 9)").expect("write");
        let e = Mapping::load(&path).expect_err("newer").to_string();
        assert!(e.contains("较新版本"), "{e}");
        std::fs::write(&path, "(colour: 1)").expect("write");
        assert!(Mapping::load(&path).is_err());
    }
}
