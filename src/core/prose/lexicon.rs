//! The words prose uses for table quantities, built once per format from the template: table
//! 三's result groups and rows, table 二's rows and column words, table 四's groups, and the
//! verbs, neutral words and connectors declared here.

use super::*;
use crate::core::template::TableDecl;

/// How a handling verb combines with a named row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WithVerb {
    /// 「同意公开答复 9 件」, 「结转下年度继续办理 2 件」: the verb only says how it was reported.
    Absorbs,
    /// 「办结上年结转申请 3 件」: a part of the row, which no cell holds.
    Narrows,
}

/// What a word of the lexicon means.
#[derive(Clone, Debug)]
pub(super) enum Sense {
    /// A row or group of table 三, or a quantity of table 四.
    Rows(Vec<Quantity>, WithVerb),
    /// 收到/受理/办结/办理…: applications in general; needs 申请 in the sentence.
    Handling(Vec<Quantity>),
    /// A column of table 二 (「制发」 → 本年制发件数).
    Column(&'static str),
    /// A row of table 二 (「行政规范性文件」).
    Row(&'static str),
    /// Joins two terms into one sum: 及, 和, 与, 、.
    Connector,
    /// Says nothing about what is counted: 全年, 我局, 共, 的.
    Neutral,
    /// A different thing, though it contains a term's characters (「信息处理费」).
    Foreign,
}

/// The words of one format, in one automaton.
pub struct Lexicon {
    pub(super) ac: Option<AhoCorasick>,
    pub(super) senses: Vec<Sense>,
    /// Table 二 rows: (row id, label) for messages.
    pub(super) t2_rows: Vec<(&'static str, &'static str)>,
    /// Table 二 columns: (column id, label), per block's rows.
    pub(super) t2_cols: Vec<(&'static str, &'static str, Vec<&'static str>)>,
}

/// Words that say nothing about what is counted. A word here must never narrow a quantity.
pub(super) const NEUTRAL: &[&str] = &[
    "全年",
    "本年度",
    "本年",
    "今年",
    "当年",
    "年度",
    "年内",
    "全县",
    "全市",
    "全区",
    "全省",
    "全州",
    "全旗",
    "全镇",
    "全乡",
    "全局",
    "我局",
    "我委",
    "我办",
    "我厅",
    "我院",
    "我县",
    "我市",
    "我区",
    "我省",
    "我镇",
    "我乡",
    "我单位",
    "本单位",
    "本机关",
    "本部门",
    "我部门",
    "本局",
    "本委",
    "本办",
    "市政府",
    "县政府",
    "区政府",
    "省政府",
    "镇政府",
    "乡政府",
    "共",
    "共计",
    "合计",
    "累计",
    "一共",
    "总共",
    "共有",
    "依法",
    "已",
    "均",
    "全部",
    "所有",
    "各类",
    "的",
    "了",
    "为",
    "是",
    "有",
    "数",
    "数量",
    "件数",
    "中",
    "其中",
    "在",
    "对",
    "被",
    "提出",
    "提起",
    "被申请",
    "申请人",
    "发生",
    "涉及",
    "作出",
    "金额",
    "达",
    "计",
    "案件",
    "继续",
    "政府信息公开申请",
    "信息公开申请",
    "政务公开申请",
    "依申请公开申请",
    "依申请公开",
    "依申请信息公开",
    "依申请",
    "政府信息公开",
    "信息公开",
    "申请",
    "工作",
];

/// Words that join two terms into one sum.
pub(super) const CONNECTORS: &[&str] = &["及", "和", "与", "以及", "、", "或", "加", "+", "＋"];

/// Words that contain a term's characters but count something else.
pub(super) const FOREIGN: &[&str] = &["信息处理费", "处理费"];

/// Table 二 verbs prose uses besides the column labels' own words: (word, column word).
pub(super) const T2_VERBS: &[(&str, &str)] = &[
    ("印发", "制发"),
    ("出台", "制发"),
    ("制定", "制发"),
    ("印发", "新制作"),
    ("出台", "新制作"),
    ("制定", "新制作"),
    ("制发", "新制作"),
    ("决定", "处理决定"),
];

/// Counting units of applications, cases and documents.
pub(super) const COUNT_UNITS: &[&str] = &["件", "条", "宗", "起", "个", "项", "份"];

/// Money units.
pub(super) const MONEY_UNITS: &[&str] = &["万元", "元"];

/// The lexicon of a format, built once.
pub fn lexicon(version: FormatVersion) -> &'static Lexicon {
    static L21: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::build(FormatVersion::Gov2021));
    static L19: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::build(FormatVersion::Gov2019));
    match version {
        FormatVersion::Gov2021 => &L21,
        FormatVersion::Gov2019 => &L19,
    }
}

/// 「（三）不予公开」 → 「不予公开」, 「1.属于国家秘密」 → 「属于国家秘密」,
/// 「（二）部分公开（区分处理的…）」 → 「部分公开」.
pub(super) fn bare_label(label: &str) -> &str {
    let mut s = label.trim();
    if s.starts_with('（')
        && let Some(i) = s.find('）')
    {
        s = &s[i + '）'.len_utf8()..];
    }
    if let Some(i) = s.find(['.', '．', '、'])
        && s[..i]
            .chars()
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
    {
        s = &s[i + s[i..].chars().next().map_or(1, char::len_utf8)..];
    }
    if let Some(i) = s.find('（') {
        s = &s[..i];
    }
    s
}

/// A table 二 column label's own word: 「本年制发件数」 → 「制发」.
pub(super) fn column_word(label: &str) -> Option<&str> {
    let mut s = label;
    if let Some(i) = s.find('（') {
        s = &s[..i];
    }
    s = s.strip_prefix("本年").unwrap_or(s);
    for suffix in ["件数", "数量"] {
        s = s.strip_suffix(suffix).unwrap_or(s);
    }
    (s.chars().count() >= 2 && !s.contains('/')).then_some(s)
}

/// Words and what they count, in the order they are declared (a word declared twice keeps
/// its first sense).
type Words = Vec<(String, Sense)>;

/// Table 二's rows (id, label) and columns (id, label, the rows that have it).
type T2Columns = Vec<(&'static str, &'static str, Vec<&'static str>)>;

fn quantity(name: &str, cells: &[&str]) -> Quantity {
    Quantity {
        name: name.to_string(),
        cells: cells.iter().map(|c| c.to_string()).collect(),
    }
}

/// Table 三: every result group and row, by its printed label. Result rows sit under
/// 「三、本年度办理结果」: each deeper label is a group or the row itself, and counts the 总计
/// cells of every row under it.
fn table3_rows(t3: &TableDecl, words: &mut Words) {
    for block in &t3.blocks {
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for row in &block.rows {
            let id = CellId::new(t3.id, row.id, "total").key();
            for label in row.path.iter().skip(1) {
                match groups.iter_mut().find(|(l, _)| *l == *label) {
                    Some((_, cells)) => cells.push(id.clone()),
                    None => groups.push((label, vec![id.clone()])),
                }
            }
        }
        for (label, cells) in groups {
            let word = bare_label(label);
            if word.chars().count() < 3 || word == "总计" {
                continue;
            }
            let name = label
                .find('（')
                .filter(|&i| i == 0)
                .and_then(|_| label.find('）'))
                .map(|i| format!("{}{}", &label[..i + '）'.len_utf8()], word))
                .unwrap_or_else(|| {
                    block
                        .rows
                        .iter()
                        .find(|r| r.label() == label)
                        .map(|r| r.short())
                        .unwrap_or_else(|| word.to_string())
                });
            words.push((
                word.to_string(),
                Sense::Rows(vec![Quantity { name, cells }], WithVerb::Absorbs),
            ));
        }
    }
}

/// Table 三's words of its own: carried over, new, and the verbs of handling.
fn table3_words(words: &mut Words) {
    let q = quantity;
    let new = "t3.new.total";
    let carried_in = "t3.carried_in.total";
    let total = "t3.total.total";
    let (n_new, n_in, n_both, n_total) = ("一、本年新收", "二、上年结转", "一 + 二", "（七）总计");
    for w in ["上年结转", "上年度结转", "上一年度结转", "上一年结转"] {
        words.push((
            w.into(),
            Sense::Rows(vec![q(n_in, &[carried_in])], WithVerb::Narrows),
        ));
    }
    for w in [
        "结转下年度",
        "结转下一年度",
        "结转下一年",
        "结转至下年度",
        "结转到下年度",
        "结转至下一年度",
        "转下一年度",
        "转入下一年度",
        "结转",
    ] {
        words.push((
            w.into(),
            Sense::Rows(
                vec![q("四、结转下年度继续办理", &["t3.carried_out.total"])],
                WithVerb::Absorbs,
            ),
        ));
    }
    words.push((
        "新收".into(),
        Sense::Rows(vec![q(n_new, &[new])], WithVerb::Narrows),
    ));
    words.push((
        "同意公开".into(),
        Sense::Rows(
            vec![q("（一）予以公开", &["t3.granted.total"])],
            WithVerb::Absorbs,
        ),
    ));
    let received = vec![q(n_new, &[new]), q(n_both, &[new, carried_in])];
    for w in ["收到", "受理", "接收", "接到"] {
        words.push((w.into(), Sense::Handling(received.clone())));
    }
    words.push(("办结".into(), Sense::Handling(vec![q(n_total, &[total])])));
    let handled = vec![
        q(n_total, &[total]),
        q(n_new, &[new]),
        q(n_both, &[new, carried_in]),
    ];
    for w in ["办理", "处理", "答复", "办复"] {
        words.push((w.into(), Sense::Handling(handled.clone())));
    }
}

/// Table 四: each column group by its total, the top header by the sum of its groups.
fn table4_words(t4: &TableDecl, words: &mut Words) {
    for block in &t4.blocks {
        let columns = block.columns.len();
        let placed = block.place_header(columns);
        let Some(row) = block.rows.first() else {
            continue;
        };
        let mut group_totals: Vec<(&str, String, usize, usize)> = Vec::new();
        for (ci, c) in block.columns.iter().enumerate() {
            if c.label == "总计"
                && let Some(g) = c.group
            {
                let span = placed
                    .iter()
                    .find(|h| h.text == g && h.col <= ci && ci < h.col_end)
                    .map_or((ci, ci + 1), |h| (h.col, h.col_end));
                group_totals.push((g, CellId::new(t4.id, row.id, c.id).key(), span.0, span.1));
            }
        }
        for h in &placed {
            let inside: Vec<&(&str, String, usize, usize)> = group_totals
                .iter()
                .filter(|(_, _, s, e)| h.col <= *s && *e <= h.col_end)
                .collect();
            if inside.is_empty() || h.text == "总计" || h.text.chars().count() < 4 {
                continue;
            }
            let mut alts = vec![Quantity {
                name: format!("表四“{}”总计", h.text),
                cells: inside.iter().map(|g| g.1.clone()).collect(),
            }];
            if inside.len() > 1 {
                for g in &inside {
                    alts.push(Quantity {
                        name: format!("表四“{}”总计", g.0),
                        cells: vec![g.1.clone()],
                    });
                }
            }
            words.push((h.text.to_string(), Sense::Rows(alts, WithVerb::Absorbs)));
        }
    }
}

/// Table 二: rows by their labels (and without a leading 行政), columns by their words and the
/// verbs that stand for them.
fn table2_words(
    t2: &TableDecl,
    words: &mut Words,
) -> (Vec<(&'static str, &'static str)>, T2Columns) {
    let mut t2_rows = Vec::new();
    let mut t2_cols: T2Columns = Vec::new();
    for block in &t2.blocks {
        for row in &block.rows {
            let label = row.label();
            t2_rows.push((row.id, label));
            words.push((label.to_string(), Sense::Row(row.id)));
            if let Some(short) = label.strip_prefix("行政")
                && short.chars().count() >= 4
            {
                words.push((short.to_string(), Sense::Row(row.id)));
            }
        }
        for c in &block.columns {
            let rows: Vec<&'static str> = block.rows.iter().map(|r| r.id).collect();
            match t2_cols.iter_mut().find(|(id, _, _)| *id == c.id) {
                Some((_, _, r)) => r.extend(rows),
                None => t2_cols.push((c.id, c.label, rows)),
            }
            if let Some(w) = column_word(c.label)
                && !words.iter().any(|(x, _)| x == w)
            {
                words.push((w.to_string(), Sense::Column(c.id)));
            }
        }
    }
    (t2_rows, t2_cols)
}

/// The verbs prose uses for table 二's columns (「印发」 for 制发…), where the column is there.
fn t2_verbs(words: &mut Words) {
    for (alias, word) in T2_VERBS {
        let col = words.iter().find_map(|(w, s)| match s {
            Sense::Column(c) if w == word => Some(*c),
            _ => None,
        });
        if let Some(c) = col
            && !words.iter().any(|(w, _)| w == alias)
        {
            words.push((alias.to_string(), Sense::Column(c)));
        }
    }
}

impl Lexicon {
    pub(super) fn build(version: FormatVersion) -> Lexicon {
        let t = version.template();
        let mut words: Words = Vec::new();
        if let Some(t3) = t.table("t3") {
            table3_rows(t3, &mut words);
        }
        table3_words(&mut words);
        if let Some(t4) = t.table("t4") {
            table4_words(t4, &mut words);
        }
        let (t2_rows, t2_cols) = match t.table("t2") {
            Some(t2) => table2_words(t2, &mut words),
            None => (Vec::new(), Vec::new()),
        };
        t2_verbs(&mut words);
        for w in NEUTRAL {
            if !words.iter().any(|(x, _)| x == w) {
                words.push((w.to_string(), Sense::Neutral));
            }
        }
        for w in CONNECTORS {
            words.push((w.to_string(), Sense::Connector));
        }
        for w in FOREIGN {
            words.push((w.to_string(), Sense::Foreign));
        }
        // A word declared twice keeps its first sense.
        let mut seen = std::collections::HashSet::new();
        words.retain(|(w, _)| seen.insert(w.clone()));
        let (texts, senses): (Vec<String>, Vec<Sense>) = words.into_iter().unzip();
        // The word list is built from static data; were the automaton not to build, C12 would
        // read nothing rather than take the app down.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .ok();
        Lexicon {
            ac,
            senses,
            t2_rows,
            t2_cols,
        }
    }

    pub(super) fn t2_quantity(&self, t: &Template, col: &str, rows: &[&str]) -> Option<Quantity> {
        let (_, col_label, col_rows) = self.t2_cols.iter().find(|(c, _, _)| *c == col)?;
        let mut cells = Vec::new();
        let mut names = Vec::new();
        for r in rows {
            if !col_rows.contains(r) {
                return None;
            }
            let id = CellId::new("t2", r, col).key();
            t.cell_index(&id)?;
            cells.push(id);
            names.push(
                self.t2_rows
                    .iter()
                    .find(|(x, _)| x == r)
                    .map_or(*r, |x| x.1),
            );
        }
        Some(Quantity {
            name: format!("{}“{}”", names.join(" + "), col_label),
            cells,
        })
    }
}
