//! Numbers in running text: Arabic and Chinese numerals with a counting unit, and what makes
//! a number approximate or not a count.

use super::*;

/// A number with its counting unit.
pub(super) struct Counted {
    pub(super) value: f64,
    pub(super) end: usize,
    pub(super) unit: &'static str,
    pub(super) unit_end: usize,
    pub(super) approximate: bool,
}

/// Whether a text has a unit character at all: without one it holds no counted number, and the
/// checks run on every keystroke.
pub(super) fn has_unit(mut chars: impl Iterator<Item = char>) -> bool {
    chars.any(|c| matches!(c, '件' | '条' | '个' | '项' | '宗' | '起' | '份' | '元'))
}

/// A counted number starting at `i` (and not inside a longer number), ending before `limit`.
pub(super) fn counted_number(c: &[char], i: usize, limit: usize) -> Option<Counted> {
    let prev = i.checked_sub(1).map(|p| c[p]);
    // Not the middle of a number, nor part of 「第3」「〔2020〕」「2.5」.
    if prev.is_some_and(|p| is_numeral(p) || matches!(p, '第' | '〔' | '[' | '.' | '．' | ',')) {
        return None;
    }
    let (len, value) = number_at(c, i)?;
    let end = i + len;
    // A number that runs past the clause's end is not this clause's.
    if end > limit {
        return None;
    }
    let mut j = end;
    while j < limit && c[j] == ' ' {
        j += 1;
    }
    let rest: String = c[j..limit.min(j + 4)].iter().collect();
    let approx_after = ["余", "多", "左右"].iter().any(|w| rest.starts_with(w));
    let (unit, unit_end) = if approx_after {
        let k = j + 1 + usize::from(rest.starts_with("左右"));
        let rest: String = c[k.min(limit)..limit.min(k + 2)].iter().collect();
        let u = COUNT_UNITS
            .iter()
            .chain(MONEY_UNITS)
            .find(|u| rest.starts_with(**u))?;
        (*u, k + u.chars().count())
    } else {
        let u = MONEY_UNITS
            .iter()
            .chain(COUNT_UNITS)
            .find(|u| rest.starts_with(**u))?;
        (*u, j + u.chars().count())
    };
    // 「3个工作日」「2个月」: a time span, not a count.
    let after: String = c[unit_end.min(c.len())..c.len().min(unit_end + 3)]
        .iter()
        .collect();
    if ["工作日", "月", "小时", "天", "日", "年", "周", "星期"]
        .iter()
        .any(|w| after.starts_with(w))
    {
        return None;
    }
    // 「近 300 个」「约 20 件」「超过 100 条」.
    let before: String = c[i.saturating_sub(3)..i]
        .iter()
        .filter(|ch| **ch != ' ')
        .collect();
    let approx_before = ["近", "约", "超", "逾", "过", "上"]
        .iter()
        .any(|w| before.ends_with(w));
    Some(Counted {
        value,
        end,
        unit,
        unit_end,
        approximate: approx_after || approx_before,
    })
}

pub(super) fn is_numeral(ch: char) -> bool {
    matches!(
        ch,
        '0'..='9'
            | '０'..='９'
            | '零'
            | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
    )
}

/// A number starting at `i`: Arabic (ASCII or full-width, with a decimal point and thousands
/// separators) or Chinese numerals. Returns (length in chars, value).
pub(super) fn number_at(c: &[char], i: usize) -> Option<(usize, f64)> {
    let digit = |ch: char| -> Option<u32> {
        match ch {
            '0'..='9' => ch.to_digit(10),
            '０'..='９' => Some(u32::from(ch) - u32::from('０')),
            _ => None,
        }
    };
    if digit(c[i]).is_some() {
        let mut j = i;
        let mut s = String::new();
        while j < c.len() {
            if let Some(d) = digit(c[j]) {
                s.push(char::from_digit(d, 10).unwrap_or('0'));
            } else if (c[j] == '.' || c[j] == '．') && j + 1 < c.len() && digit(c[j + 1]).is_some()
            {
                s.push('.');
            } else if c[j] == ',' && j + 3 < c.len() && (1..=3).all(|k| digit(c[j + k]).is_some()) {
                // thousands separator
            } else {
                break;
            }
            j += 1;
        }
        return s.parse::<f64>().ok().map(|v| (j - i, v));
    }
    chinese_number(c, i)
}

/// 「三」, 「十二」, 「一百零五」, 「两千」… (up to 万).
pub(super) fn chinese_number(c: &[char], i: usize) -> Option<(usize, f64)> {
    let val = |ch: char| -> Option<u64> {
        Some(match ch {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let unit = |ch: char| -> Option<u64> {
        Some(match ch {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            _ => return None,
        })
    };
    let mut j = i;
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut pending: Option<u64> = None;
    while j < c.len() {
        if let Some(v) = val(c[j]) {
            pending = Some(v);
        } else if let Some(u) = unit(c[j]) {
            // 「万元」: 万 is the unit, not a numeral.
            if u == 10_000 && c.get(j + 1) == Some(&'元') {
                break;
            }
            if u == 10_000 {
                section += pending.take().unwrap_or(0);
                total += section * u;
                section = 0;
            } else {
                section += pending.take().unwrap_or(1) * u;
            }
        } else {
            break;
        }
        j += 1;
    }
    if j == i {
        return None;
    }
    Some((j - i, (total + section + pending.unwrap_or(0)) as f64))
}
