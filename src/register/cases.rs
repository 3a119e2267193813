//! Table 四 from a register of 行政复议 and 行政诉讼 cases, where the agency keeps one: one row a
//! case, with its kind (行政复议 / 未经复议直接起诉 / 复议后起诉), the date it was received (立案),
//! its result and the date it was decided.
//!
//! The year's cases are those received in it; a case not decided by 31 December is 尚未审结,
//! whatever its result column says later. So each group's 总计 is the sum of its four results
//! (R4) by construction.

use super::{
    CASE_KINDS, CASE_RESULTS, Columns, How, LeftOut, Mapping, RegisterError, Role, Tally,
    find_columns_for, parse_date, roles, year_window,
};

/// The columns of a 复议诉讼 register, when `rows` are one: a kind column whose values mostly
/// say 复议 or 诉讼.
pub(super) fn columns(rows: &[Vec<String>], mapping: &Mapping) -> Option<Columns> {
    let columns = find_columns_for(rows, &Role::CASES, mapping)?;
    let kind = columns.get(Role::CaseKind)?;
    let values: Vec<&str> = rows
        .iter()
        .skip(columns.header_row + 1)
        .filter_map(|r| r.get(kind))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    let cases = values
        .iter()
        .filter(|v| v.contains("复议") || v.contains("诉讼") || v.contains("起诉"))
        .count();
    (cases > 0 && cases * 2 >= values.len()).then_some(columns)
}

/// The group of a case by its kind's words; `None` when they do not say (a bare 「行政诉讼」
/// does not say whether a 复议 came first).
fn kind_group(kind: &str) -> Option<&'static str> {
    let k: String = kind.split_whitespace().collect();
    if k.contains("复议后") || (k.contains("经复议") && !k.contains("未经")) {
        Some("suit_after")
    } else if k.contains("直接起诉") || k.contains("未经复议") {
        Some("suit_direct")
    } else if k.contains("复议") && !k.contains("诉讼") && !k.contains("起诉") {
        Some("review")
    } else {
        None
    }
}

/// The result of a decided case by its words.
fn result_leaf(result: &str) -> Option<&'static str> {
    let r: String = result.split_whitespace().collect();
    const WORDS: [(&str, &str); 16] = [
        ("维持", "upheld"),
        ("驳回", "upheld"),
        ("撤销", "corrected"),
        ("确认违法", "corrected"),
        ("确认无效", "corrected"),
        ("变更", "corrected"),
        ("责令", "corrected"),
        ("纠正", "corrected"),
        ("终止", "other"),
        ("撤诉", "other"),
        ("撤回", "other"),
        ("调解", "other"),
        ("和解", "other"),
        ("不予受理", "other"),
        ("其他", "other"),
        ("尚未审结", "pending"),
    ];
    WORDS.iter().find(|(w, _)| r.contains(w)).map(|(_, l)| *l)
}

fn still_open(result: &str) -> bool {
    result.trim().is_empty()
        || ["审理中", "未审结", "尚未", "在审", "待"]
            .iter()
            .any(|w| result.contains(w))
}

fn manual<'a>(
    mapping: &Mapping,
    role: &str,
    value: &str,
    known: &[(&'a str, &str)],
) -> Option<&'a str> {
    let id = mapping.value(role, value)?;
    known.iter().map(|(k, _)| *k).find(|k| *k == id)
}

/// Counts the cases of `year` into table 四.
pub(super) fn tally(
    rows: &[Vec<String>],
    year: i32,
    mapping: &Mapping,
    columns: Columns,
) -> Result<Tally, RegisterError> {
    let (start, end) = year_window(year)?;
    let cell = |r: &[String], role| columns.text(r, role);
    let mut t = Tally::new("t4", year, &columns);
    for (n, r) in columns.data_rows(rows) {
        let Some(received) = t.received(n, &cell(r, Role::Received), "收到（立案）日期")
        else {
            continue;
        };
        if received < start || received > end {
            t.other_years += 1;
            continue;
        }
        let decided_text = cell(r, Role::Decided);
        let decided = parse_date(&decided_text);
        if decided.is_some_and(|d| d < received) {
            t.left_out.push(LeftOut {
                row: n,
                reason: "审结日期早于收到日期".into(),
            });
            continue;
        }
        let kind_text = cell(r, Role::CaseKind);
        let group = match manual(mapping, roles::CASE_KIND, &kind_text, &CASE_KINDS) {
            Some(g) => Some((g, How::Manual)),
            None => kind_group(&kind_text).map(|g| (g, How::Rule)),
        };
        t.note_value(
            roles::CASE_KIND,
            &kind_text,
            group.map(|(g, _)| g),
            group.map(|(_, h)| h),
            n,
        );
        let result_text = cell(r, Role::CaseResult);
        // Undecided at the year's end: 尚未审结, whatever was written later.
        let open_at_end = match decided {
            Some(d) => d > end,
            None => columns.get(Role::Decided).is_some() || still_open(&result_text),
        };
        let leaf = if open_at_end {
            Some(("pending", How::Rule))
        } else {
            let leaf = match manual(mapping, roles::CASE_RESULT, &result_text, &CASE_RESULTS) {
                Some(l) => Some((l, How::Manual)),
                None => result_leaf(&result_text).map(|l| (l, How::Rule)),
            };
            t.note_value(
                roles::CASE_RESULT,
                &result_text,
                leaf.map(|(l, _)| l),
                leaf.map(|(_, h)| h),
                n,
            );
            leaf
        };
        let (Some((group, _)), Some((leaf, _))) = (group, leaf) else {
            continue;
        };
        let (cell_id, total) = (format!("{group}_{leaf}"), format!("{group}_total"));
        t.count_in("cases", &[cell_id.as_str(), total.as_str()], n);
        t.dates.insert(n, received.to_string());
        t.used += 1;
    }
    t.finish();
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_results_map_by_their_words() {
        assert_eq!(kind_group("行政复议"), Some("review"));
        assert_eq!(
            kind_group("行政诉讼（未经复议直接起诉）"),
            Some("suit_direct")
        );
        assert_eq!(kind_group("复议后起诉"), Some("suit_after"));
        assert_eq!(kind_group("行政诉讼"), None);
        assert_eq!(result_leaf("维持原行政行为"), Some("upheld"));
        assert_eq!(result_leaf("驳回诉讼请求"), Some("upheld"));
        assert_eq!(result_leaf("确认违法"), Some("corrected"));
        assert_eq!(result_leaf("申请人撤回，终止审理"), Some("other"));
        assert_eq!(result_leaf("已结案"), None);
    }
}
