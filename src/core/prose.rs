//! Numbers in the prose: finding what the text says about the tabled quantities (C12).
//!
//! The text is cut into clauses (at 。；;，, and line breaks); within a clause a keyword
//! (「新收」, 「上年结转」, 「行政复议」…) followed closely by a number with a counting unit is a
//! mention. A mention is compared with every quantity its wording can fairly mean; only a
//! number that matches none is reported. False alarms cost more trust than misses, so anything
//! approximate (「1000余条」), relative (「增长15%」) or a date or document number is ignored.

/// A number stated in the prose.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// Which quantity the wording names.
    pub topic: Topic,
    /// The number, as a value (money in 元 when the text says 元).
    pub value: f64,
    /// The unit written after it (件, 条, 元, 万元…).
    pub unit: String,
    /// Character range of the number in the text.
    pub start: usize,
    /// One past the number's last character.
    pub end: usize,
    /// Character range of the clause (for quoting and highlighting).
    pub clause: (usize, usize),
}

/// What a mention is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// 本年新收（收到、受理）申请.
    NewApplications,
    /// 上年结转.
    CarriedIn,
    /// 结转下年度.
    CarriedOut,
    /// 办结/办理/处理/答复 applications.
    Handled,
    /// 予以公开.
    Granted,
    /// 部分公开.
    Partly,
    /// 行政复议.
    Review,
    /// 行政诉讼.
    Litigation,
    /// 制发 (gov2021) / 新制作 (gov2019) 规范性文件.
    Issued,
    /// 废止.
    Repealed,
    /// 现行有效.
    InForce,
    /// 新公开 (gov2019).
    Published,
    /// 行政许可.
    Permits,
    /// 行政处罚.
    Penalties,
    /// 行政强制.
    Enforcement,
    /// 行政事业性收费 / 收费金额.
    Fees,
}

/// Keywords that introduce each topic, most specific first. `needs` must also be in the clause.
struct Rule {
    topic: Topic,
    keywords: &'static [&'static str],
    needs: &'static [&'static str],
    not: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        topic: Topic::CarriedIn,
        keywords: &["上年结转", "上一年度结转", "上年度结转"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::CarriedOut,
        keywords: &[
            "结转下年度",
            "结转下一年度",
            "结转至下年度",
            "结转到下年度",
            "结转",
        ],
        needs: &[],
        not: &["上年结转", "上一年度结转", "上年度结转"],
    },
    Rule {
        topic: Topic::NewApplications,
        keywords: &["新收", "收到", "受理", "接收"],
        needs: &["申请"],
        not: &[],
    },
    Rule {
        topic: Topic::Handled,
        keywords: &["办结", "办理", "处理", "答复"],
        needs: &["申请"],
        not: &["处理决定", "处理费"],
    },
    Rule {
        topic: Topic::Partly,
        keywords: &["部分公开"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Granted,
        keywords: &["予以公开"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Review,
        keywords: &["行政复议"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Litigation,
        keywords: &["行政诉讼"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::InForce,
        keywords: &["现行有效"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Issued,
        keywords: &["制发", "新制作", "印发"],
        needs: &["规范性文件", "规章"],
        not: &[],
    },
    Rule {
        topic: Topic::Repealed,
        keywords: &["废止"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Published,
        keywords: &["新公开"],
        needs: &["规范性文件", "规章"],
        not: &[],
    },
    Rule {
        topic: Topic::Permits,
        keywords: &["行政许可"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Penalties,
        keywords: &["行政处罚"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Enforcement,
        keywords: &["行政强制"],
        needs: &[],
        not: &[],
    },
    Rule {
        topic: Topic::Fees,
        keywords: &["行政事业性收费", "收费金额"],
        needs: &[],
        not: &[],
    },
];

/// How far (in characters) a number may stand after its keyword.
const REACH: usize = 16;

/// Units that make a number a count or an amount of the tabled kind.
const UNITS: &[&str] = &["件", "条", "个", "项", "宗", "起", "万元", "元"];

/// Finds the mentions in a text. Character offsets, not bytes.
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    // Clause by clause: (char offset, byte offset) of the clause start.
    let (mut cstart, mut bstart) = (0usize, 0usize);
    for (ci, (bi, ch)) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
        .enumerate()
    {
        if matches!(ch, '。' | '；' | ';' | '，' | ',' | '\n' | '！' | '？') {
            if bi > bstart {
                clause_mentions(&text[bstart..bi], cstart, &mut out);
            }
            cstart = ci + 1;
            bstart = bi + ch.len_utf8();
        }
    }
    out
}

/// Whether a clause can hold a counted number at all: a numeral and a unit character. Most
/// clauses have neither, and the checks run on every keystroke.
fn may_count(clause: &str) -> bool {
    let numeral = clause.chars().any(|c| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(
                c,
                '零' | '〇'
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
            )
    });
    numeral
        && clause
            .chars()
            .any(|c| matches!(c, '件' | '条' | '个' | '项' | '宗' | '起' | '元'))
}

/// Every word the rules look for, in one automaton: a clause is scanned once, not once per
/// keyword.
struct Words {
    ac: aho_corasick::AhoCorasick,
    words: Vec<&'static str>,
}

static WORDS: std::sync::LazyLock<Option<Words>> = std::sync::LazyLock::new(|| {
    let mut words: Vec<&'static str> = Vec::new();
    for r in RULES {
        for w in r.keywords.iter().chain(r.needs).chain(r.not) {
            if !words.contains(w) {
                words.push(w);
            }
        }
    }
    // The word list is static; were the automaton not to build, C12 would find nothing rather
    // than take the app down.
    aho_corasick::AhoCorasick::new(&words)
        .ok()
        .map(|ac| Words { ac, words })
});

/// The mentions in one clause; `start` is its char offset in the whole text.
fn clause_mentions(clause: &str, start: usize, out: &mut Vec<Mention>) {
    if !may_count(clause) {
        return;
    }
    let Some(w) = WORDS.as_ref() else {
        return;
    };
    // (word, char offset in the clause) of every occurrence, overlaps included.
    let found: Vec<(&str, usize)> =
        w.ac.find_overlapping_iter(clause)
            .map(|m| {
                (
                    w.words[m.pattern().as_usize()],
                    clause[..m.start()].chars().count(),
                )
            })
            .collect();
    if found.is_empty() {
        return;
    }
    let chars: Vec<char> = clause.chars().collect();
    let end = start + chars.len();
    let has = |word: &str| found.iter().any(|(x, _)| *x == word);
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let first_new = out.len();
    for rule in RULES {
        if !rule.needs.is_empty() && !rule.needs.iter().any(|n| has(n)) {
            continue;
        }
        for kw in rule.keywords {
            for &(_, k) in found.iter().filter(|(x, _)| x == kw) {
                // The same characters must not be read as a more specific keyword's.
                let shadowed = found
                    .iter()
                    .any(|(x, s)| rule.not.contains(x) && *s <= k && k < s + x.chars().count());
                if shadowed {
                    continue;
                }
                let after = k + kw.chars().count();
                let Some((ns, ne, value, unit)) = first_number(&chars, after, REACH) else {
                    continue;
                };
                if taken.iter().any(|&(s, e)| s == ns && e == ne) {
                    continue;
                }
                taken.push((ns, ne));
                out.push(Mention {
                    topic: rule.topic,
                    value,
                    unit,
                    start: start + ns,
                    end: start + ne,
                    clause: (start, end),
                });
            }
        }
    }
    out[first_new..].sort_by_key(|m| m.start);
}

/// The first counted number within `reach` characters after `from`: (start, end, value, unit).
fn first_number(c: &[char], from: usize, reach: usize) -> Option<(usize, usize, f64, String)> {
    let limit = (from + reach).min(c.len());
    let mut i = from;
    while i < limit {
        if let Some((len, value)) = number_at(c, i) {
            // Part of a longer token: 「2021年」, 「〔2020〕」, 「第3」.
            let prev = i.checked_sub(1).map(|p| c[p]);
            if matches!(prev, Some('〔' | '[' | '第' | '.' | '．')) {
                i += len;
                continue;
            }
            let mut j = i + len;
            while j < c.len() && c[j] == ' ' {
                j += 1;
            }
            let rest: String = c[j..c.len().min(j + 3)].iter().collect();
            if rest.starts_with('余')
                || rest.starts_with('多')
                || rest.starts_with('%')
                || rest.starts_with('％')
            {
                return None;
            }
            let unit = UNITS.iter().find(|u| rest.starts_with(**u))?;
            // 「3个工作日」「2个月」: a time span, not a count.
            let after_unit: String = c[(j + unit.chars().count()).min(c.len())
                ..c.len().min(j + unit.chars().count() + 3)]
                .iter()
                .collect();
            if ["工作日", "月", "小时", "天", "日", "年", "周"]
                .iter()
                .any(|w| after_unit.starts_with(w))
            {
                return None;
            }
            return Some((i, i + len, value, (*unit).to_string()));
        }
        i += 1;
    }
    None
}

/// A number starting at `i`: Arabic (ASCII or full-width, with a decimal point) or Chinese
/// numerals. Returns (length in chars, value).
fn number_at(c: &[char], i: usize) -> Option<(usize, f64)> {
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
fn chinese_number(c: &[char], i: usize) -> Option<(usize, f64)> {
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
    // 「一是」「二是」 and other enumerations: a bare digit before 是/要/、 is not a count; the
    // unit check in `first_number` rejects those anyway.
    Some((j - i, (total + section + pending.unwrap_or(0)) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Topic, f64)> {
        mentions(text)
            .into_iter()
            .map(|m| (m.topic, m.value))
            .collect()
    }

    #[test]
    fn numerals() {
        let n = |s: &str| {
            let c: Vec<char> = s.chars().collect();
            number_at(&c, 0).map(|x| x.1)
        };
        assert_eq!(n("3件"), Some(3.0));
        assert_eq!(n("３件"), Some(3.0));
        assert_eq!(n("三件"), Some(3.0));
        assert_eq!(n("十二件"), Some(12.0));
        assert_eq!(n("一百零五件"), Some(105.0));
        assert_eq!(n("两千三百件"), Some(2300.0));
        assert_eq!(n("1,286件"), Some(1286.0));
        assert_eq!(n("29.313万元"), Some(29.313));
    }

    #[test]
    fn basic_mentions() {
        assert_eq!(
            found("共收到依申请公开 3 件"),
            vec![(Topic::NewApplications, 3.0)]
        );
        assert_eq!(
            found("本年新收政府信息公开申请0条，上年结转政府信息公开申请0条"),
            vec![(Topic::NewApplications, 0.0), (Topic::CarriedIn, 0.0)]
        );
        assert_eq!(found("同比增长15%"), vec![]);
        assert_eq!(found("国办函〔2020〕109号"), vec![]);
    }
}
