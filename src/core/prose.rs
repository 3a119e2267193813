//! Numbers in the prose and what each one counts (C12).
//!
//! A sentence is cut into clauses (at ，；：、 and the like); in a clause every number followed by a
//! counting unit is a [`Mention`]. Each mention gets a [`Reading`]: the table quantity its words
//! name (a cell, a sum of cells, or a few quantities the wording can fairly mean), or
//! [`Reading::NotTabled`] with the reason it is not one. The words are looked up in a
//! [`Lexicon`] built from the template itself — the result groups of table 三 and their rows,
//! the rows and columns of table 二, the column groups of table 四 — plus a short list of the
//! verbs prose uses for them (收到, 办结, 制发…).
//!
//! A reading is given only when every word before the number (back to the clause start or the
//! previous number) is accounted for: a table term, a connector between terms (「及」「、」),
//! or a neutral word (「全年」「我局」「共」「的」). Any other word narrows or changes what is
//! counted (「其中自然人」「相关案件」「市级部门」「公开…信息」), and the number is left alone:
//! a wrong warning costs more trust than a missed one. Numbers in brackets (「（含上年结转 5 件）」),
//! approximate numbers (「1000余条」「近 300 个」) and units that do not fit the quantity are not read.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::template::{FormatVersion, Template};

/// A number stated in the prose, with how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The number, as a value (in the unit written after it).
    pub value: f64,
    /// The unit written after it (件, 条, 元, 万元…).
    pub unit: &'static str,
    /// Character offset of the number in the text.
    pub start: usize,
    /// One past the number's last character.
    pub end: usize,
    /// One past the unit's last character.
    pub unit_end: usize,
    /// Character range of the clause (for quoting and highlighting).
    pub clause: (usize, usize),
    /// What the number counts.
    pub reading: Reading,
}

/// What a mention counts.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    /// A table quantity. The first alternative is the plain reading; the others are what the
    /// same words can also fairly mean (「受理申请」: 本年新收, or 本年新收 + 上年结转). The text
    /// agrees with the table when any alternative holds.
    Quantity(Vec<Quantity>),
    /// Not a table quantity, or not certainly one.
    NotTabled(Why),
}

/// A quantity of the tables: a sum of cells, with the name the message gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// How the message names it, e.g. 「（一）+（二）」 or 「（三）不予公开」.
    pub name: String,
    /// The cells summed (stable ids).
    pub cells: Vec<String>,
}

/// Why a number is not read as a table quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// No table term before it.
    NoTerm,
    /// Words that narrow or change what is counted (quoted).
    Qualifier(String),
    /// Inside brackets: an aside such as 「（含上年结转 5 件）」.
    Aside,
    /// 「余」「多」「近」「约」…
    Approximate,
    /// The unit does not fit the quantity (元 for a count, 件 for money).
    Unit,
    /// Several quantities named that are not one sum.
    Several,
    /// A table 二 term without the row or column it needs (「规范性文件 13 件」 with no verb).
    Incomplete,
    /// A quantity the report's format does not have.
    NotInFormat,
}

impl Mention {
    /// The quantities to compare with, if the mention was read as one.
    pub fn quantities(&self) -> Option<&[Quantity]> {
        match &self.reading {
            Reading::Quantity(q) => Some(q),
            Reading::NotTabled(_) => None,
        }
    }
}

/// How a handling verb combines with a named row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WithVerb {
    /// 「同意公开答复 9 件」, 「结转下年度继续办理 2 件」: the verb only says how it was reported.
    Absorbs,
    /// 「办结上年结转申请 3 件」: a part of the row, which no cell holds.
    Narrows,
}

/// What a word of the lexicon means.
#[derive(Clone, Debug)]
enum Sense {
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
    ac: Option<AhoCorasick>,
    senses: Vec<Sense>,
    /// Table 二 rows: (row id, label) for messages.
    t2_rows: Vec<(&'static str, &'static str)>,
    /// Table 二 columns: (column id, label), per block's rows.
    t2_cols: Vec<(&'static str, &'static str, Vec<&'static str>)>,
}

/// Words that say nothing about what is counted. A word here must never narrow a quantity.
const NEUTRAL: &[&str] = &[
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
const CONNECTORS: &[&str] = &["及", "和", "与", "以及", "、", "或", "加", "+", "＋"];

/// Words that contain a term's characters but count something else.
const FOREIGN: &[&str] = &["信息处理费", "处理费"];

/// Table 二 verbs prose uses besides the column labels' own words: (word, column word).
const T2_VERBS: &[(&str, &str)] = &[
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
const COUNT_UNITS: &[&str] = &["件", "条", "宗", "起", "个", "项", "份"];

/// Money units.
const MONEY_UNITS: &[&str] = &["万元", "元"];

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
fn bare_label(label: &str) -> &str {
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
fn column_word(label: &str) -> Option<&str> {
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

impl Lexicon {
    fn build(version: FormatVersion) -> Lexicon {
        let t = version.template();
        let mut words: Vec<(String, Sense)> = Vec::new();
        let q = |name: &str, cells: &[&str]| Quantity {
            name: name.to_string(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };

        // Table 三: every result group and row, by its printed label.
        if let Some(t3) = t.table("t3") {
            for block in &t3.blocks {
                let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
                // Result rows sit under 「三、本年度办理结果」: each deeper label is a group or the
                // row itself, and counts the 总计 cells of every row under it.
                for row in &block.rows {
                    let id = format!("t3.{}.total", row.id);
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
        let new = "t3.new.total";
        let carried_in = "t3.carried_in.total";
        let total = "t3.total.total";
        let (n_new, n_in, n_both, n_total) =
            ("一、本年新收", "二、上年结转", "一 + 二", "（七）总计");
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

        // Table 四: each column group by its total, the top header by the sum of its groups.
        if let Some(t4) = t.table("t4") {
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
                        group_totals.push((g, format!("t4.{}.{}", row.id, c.id), span.0, span.1));
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

        // Table 二: rows by their labels (and without a leading 行政), columns by their words.
        let mut t2_rows = Vec::new();
        let mut t2_cols: Vec<(&'static str, &'static str, Vec<&'static str>)> = Vec::new();
        if let Some(t2) = t.table("t2") {
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
        }
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

    fn t2_quantity(&self, t: &Template, col: &str, rows: &[&str]) -> Option<Quantity> {
        let (_, col_label, col_rows) = self.t2_cols.iter().find(|(c, _, _)| *c == col)?;
        let mut cells = Vec::new();
        let mut names = Vec::new();
        for r in rows {
            if !col_rows.contains(r) {
                return None;
            }
            let id = format!("t2.{r}.{col}");
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

/// A word found in a stretch of text.
#[derive(Clone, Debug)]
enum Token<'l> {
    Word(&'l Sense),
    /// Characters no word accounts for.
    Other(String),
}

/// Finds the mentions in a text and reads them. Character offsets, not bytes. `agency` (the
/// report's own name) counts as a neutral word.
pub fn read(text: &str, template: &Template, agency: &str) -> Vec<Mention> {
    // Most texts a keystroke re-checks hold no counted number at all.
    if !has_unit(text.chars()) {
        return Vec::new();
    }
    let lex = lexicon(template.version);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut s = 0;
    while s < chars.len() {
        let mut e = s;
        while e < chars.len() && !matches!(chars[e], '。' | '！' | '？' | '\n' | '!' | '?') {
            e += 1;
        }
        if e > s {
            read_sentence(&chars, s, e, template, lex, agency, &mut out);
        }
        s = e + 1;
    }
    out
}

/// Whether a character ends a clause.
fn clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '：' | ':')
}

fn read_sentence(
    c: &[char],
    s: usize,
    e: usize,
    t: &Template,
    lex: &Lexicon,
    agency: &str,
    out: &mut Vec<Mention>,
) {
    let sentence = &c[s..e];
    // Only a numeral right before a unit (spaces, 余 or 多 between) can be a counted number.
    let counted = sentence.iter().enumerate().any(|(k, ch)| {
        is_numeral(*ch)
            && sentence[k + 1..]
                .iter()
                .find(|x| !matches!(x, ' ' | '余' | '多'))
                .is_some_and(|x| has_unit(std::iter::once(*x)))
    });
    if !counted {
        return;
    }
    let about_applications = sentence.windows(2).any(|w| w == ['申', '请']);
    // Table 二 rows and column named earlier in the sentence (「制发规范性文件 3 件，废止 1 件」,
    // 「制发规章 2 件和规范性文件 5 件」).
    let mut last = T2Context::default();
    let mut depth: i32 = 0;
    let mut cs = s;
    let mut i = s;
    while i <= e {
        if i == e || clause_end(c[i]) {
            let clause = (cs, i);
            let mut prev_end = cs;
            let mut j = cs;
            let mut d = depth;
            while j < i {
                match c[j] {
                    '（' | '(' | '〔' | '[' => d += 1,
                    '）' | ')' | '〕' | ']' => d = (d - 1).max(0),
                    _ => {}
                }
                if let Some(n) = is_numeral(c[j]).then(|| counted_number(c, j, i)).flatten() {
                    let reading = if d > 0 {
                        Reading::NotTabled(Why::Aside)
                    } else if n.approximate {
                        Reading::NotTabled(Why::Approximate)
                    } else {
                        let subject: String = c[prev_end..j].iter().collect();
                        let tail: String = tail_of(c, n.unit_end, i);
                        interpret(
                            &subject,
                            &tail,
                            n.unit,
                            about_applications,
                            &mut last,
                            t,
                            lex,
                            agency,
                        )
                    };
                    out.push(Mention {
                        value: n.value,
                        unit: n.unit,
                        start: j,
                        end: n.end,
                        unit_end: n.unit_end,
                        clause,
                        reading,
                    });
                    prev_end = n.unit_end;
                    j = n.unit_end;
                    continue;
                }
                j += 1;
            }
            depth = d;
            cs = i + 1;
        }
        i += 1;
    }
}

/// What follows a number's unit in its clause, up to a word that starts a new predicate
/// (「并全部公开」「均在期限内」), brackets left out.
fn tail_of(c: &[char], from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut d = 0;
    for &ch in &c[from..to] {
        match ch {
            '（' | '(' => d += 1,
            '）' | ')' => d = (d - 1).max(0),
            _ if d > 0 => {}
            '并' | '且' | '均' | '已' | '占' | '较' | '比' | '同' | '其' | '、' | '和' | '及'
            | '与' | '或' => break,
            _ if is_numeral(ch) => break,
            _ => out.push(ch),
        }
    }
    out
}

/// Splits a stretch of text into the lexicon's words and what is left between them.
fn tokens<'l>(lex: &'l Lexicon, text: &str, agency: &str) -> Vec<Token<'l>> {
    static NEUTRAL_SENSE: Sense = Sense::Neutral;
    if text.is_empty() {
        return Vec::new();
    }
    let mut text = if text
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        without_dates(text)
    } else {
        text.to_string()
    };
    let agency = agency.trim();
    if !agency.is_empty() && text.contains(agency) {
        text = text.replace(agency, "共");
    }
    let mut out = Vec::new();
    let mut last = 0;
    let push_other = |out: &mut Vec<Token<'l>>, gap: &str| {
        let rest = leftover(gap);
        if !rest.is_empty() {
            out.push(Token::Other(rest));
        }
    };
    let Some(ac) = &lex.ac else {
        return vec![Token::Other(text)];
    };
    for m in ac.find_iter(&text) {
        push_other(&mut out, &text[last..m.start()]);
        let sense = lex
            .senses
            .get(m.pattern().as_usize())
            .unwrap_or(&NEUTRAL_SENSE);
        out.push(Token::Word(sense));
        last = m.end();
    }
    push_other(&mut out, &text[last..]);
    out
}

/// The text with dates taken out (「2023年度」「12 月31 日」): they say when, not what.
fn without_dates(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i].is_ascii_digit() || ('０'..='９').contains(&c[i]) {
            let mut j = i;
            while j < c.len() && (c[j].is_ascii_digit() || ('０'..='９').contains(&c[j])) {
                j += 1;
            }
            let mut k = j;
            while k < c.len() && c[k] == ' ' {
                k += 1;
            }
            if k < c.len() && matches!(c[k], '年' | '月' | '日' | '号') {
                i = k + 1;
                if c[k] == '年' && c.get(i) == Some(&'度') {
                    i += 1;
                }
                continue;
            }
            out.extend(&c[i..j]);
            i = j;
            continue;
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// What remains of a gap between words once punctuation and spaces are taken out.
fn leftover(gap: &str) -> String {
    let mut out = String::new();
    for ch in gap.chars() {
        if ch.is_whitespace()
            || ch.is_ascii_punctuation()
            || "，。、；：？！“”‘’《》（）【】〔〕—…·「」『』".contains(ch)
        {
            continue;
        }
        out.push(ch);
    }
    out
}

/// Reads one number from the words before it (`subject`) and after it (`tail`).
#[allow(clippy::too_many_arguments)]
fn interpret(
    subject: &str,
    tail: &str,
    unit: &str,
    about_applications: bool,
    last: &mut T2Context,
    t: &Template,
    lex: &Lexicon,
    agency: &str,
) -> Reading {
    // 「属信访、重复申请等不予处理」: what stands before 等 only explains the head word.
    let subject = match subject.rfind('等') {
        Some(i) => {
            let after = &subject[i + '等'.len_utf8()..];
            let after = after
                .strip_prefix("原因")
                .or_else(|| after.strip_prefix("情形"))
                .or_else(|| after.strip_prefix("情况"))
                .unwrap_or(after);
            after.strip_prefix('的').unwrap_or(after)
        }
        None => subject,
    };
    let mut toks = tokens(lex, subject, agency);
    toks.extend(tokens(lex, tail, agency));
    if let Some(Token::Other(w)) = toks.iter().find(|t| matches!(t, Token::Other(_))) {
        return Reading::NotTabled(Why::Qualifier(w.clone()));
    }
    let words: Vec<&Sense> = toks
        .iter()
        .filter_map(|t| match t {
            Token::Word(s) => Some(*s),
            Token::Other(_) => None,
        })
        .collect();
    if words.iter().any(|s| matches!(s, Sense::Foreign)) {
        return Reading::NotTabled(Why::Qualifier("信息处理费".into()));
    }
    let money = MONEY_UNITS.contains(&unit);

    // Table 二: a column word and its rows.
    let columns: Vec<&'static str> = words
        .iter()
        .filter_map(|s| match s {
            Sense::Column(c) => Some(*c),
            _ => None,
        })
        .collect();
    let rows: Vec<&'static str> = words
        .iter()
        .filter_map(|s| match s {
            Sense::Row(r) => Some(*r),
            _ => None,
        })
        .collect();
    let tabled3 = words
        .iter()
        .any(|s| matches!(s, Sense::Rows(..) | Sense::Handling(_)));
    if !rows.is_empty() || !columns.is_empty() {
        if !rows.is_empty() {
            last.rows = rows.clone();
        }
        if tabled3 {
            return Reading::NotTabled(Why::Several);
        }
        let mut cols = columns.clone();
        cols.dedup();
        let col = match cols.as_slice() {
            [c] => Some(*c),
            [] => None,
            _ => return Reading::NotTabled(Why::Several),
        };
        let col = match col.or(if rows.is_empty() { None } else { last.column }) {
            Some(c) => c,
            // 「行政事业性收费 29.313 万元」: money names the row's one money column.
            None if money => {
                let money_cols: Vec<&'static str> = lex
                    .t2_cols
                    .iter()
                    .filter(|(id, _, r)| {
                        rows.iter().all(|x| r.contains(x))
                            && rows.first().is_some_and(|row| {
                                t.cell(&format!("t2.{row}.{id}"))
                                    .is_some_and(|cell| cell.kind.unit().is_some())
                            })
                    })
                    .map(|(id, _, _)| *id)
                    .collect();
                match money_cols.as_slice() {
                    [c] => *c,
                    _ => return Reading::NotTabled(Why::Incomplete),
                }
            }
            None => return Reading::NotTabled(Why::Incomplete),
        };
        let named: Vec<&'static str> = if rows.is_empty() {
            last.rows.clone()
        } else {
            rows.clone()
        };
        let candidates: Vec<Vec<&'static str>> = if named.is_empty() {
            // No row named: each row of the column, or all of them.
            let all: Vec<&'static str> = lex
                .t2_cols
                .iter()
                .find(|(id, _, _)| *id == col)
                .map(|(_, _, r)| r.clone())
                .unwrap_or_default();
            let mut v: Vec<Vec<&'static str>> = all.iter().map(|r| vec![*r]).collect();
            if all.len() > 1 {
                v.push(all);
            }
            v
        } else {
            vec![named]
        };
        let alts: Vec<Quantity> = candidates
            .iter()
            .filter_map(|rows| lex.t2_quantity(t, col, rows))
            .collect();
        if alts.is_empty() {
            return Reading::NotTabled(Why::NotInFormat);
        }
        let cell_is_money = alts
            .iter()
            .flat_map(|q| &q.cells)
            .any(|id| t.cell(id).is_some_and(|c| c.kind.unit().is_some()));
        if cell_is_money != money {
            return Reading::NotTabled(Why::Unit);
        }
        last.column = Some(col);
        return Reading::Quantity(alts);
    }
    if money || !COUNT_UNITS.contains(&unit) {
        return if tabled3 {
            Reading::NotTabled(Why::Unit)
        } else {
            Reading::NotTabled(Why::NoTerm)
        };
    }

    // Tables 三 and 四: named rows, joined into one sum; handling verbs otherwise.
    let mut chain: Vec<&Vec<Quantity>> = Vec::new();
    let mut chains = 0;
    let mut narrows = false;
    let mut open = false;
    let mut after_connector = false;
    for s in &words {
        match s {
            Sense::Rows(q, with) => {
                if !(open && after_connector) {
                    chains += 1;
                    chain.clear();
                }
                chain.push(q);
                narrows |= *with == WithVerb::Narrows;
                open = true;
                after_connector = false;
            }
            Sense::Connector if open => after_connector = true,
            _ => {
                open = false;
                after_connector = false;
            }
        }
    }
    let handling: Option<&Vec<Quantity>> = words.iter().rev().find_map(|s| match s {
        Sense::Handling(q) => Some(q),
        _ => None,
    });
    if chains > 1 {
        return Reading::NotTabled(Why::Several);
    }
    if chains == 1 {
        if narrows && handling.is_some() {
            return Reading::NotTabled(Why::Qualifier("办理".into()));
        }
        if chain.len() == 1 {
            return Reading::Quantity(chain[0].clone());
        }
        // A sum of named rows: the plain reading of each.
        let mut cells = Vec::new();
        let mut names = Vec::new();
        for q in &chain {
            let Some(first) = q.first() else {
                return Reading::NotTabled(Why::NoTerm);
            };
            cells.extend(first.cells.iter().cloned());
            names.push(first.name.clone());
        }
        return Reading::Quantity(vec![Quantity {
            name: names.join(" + "),
            cells,
        }]);
    }
    match handling {
        Some(q) if about_applications => Reading::Quantity(q.clone()),
        _ => Reading::NotTabled(Why::NoTerm),
    }
}

/// What a sentence said of table 二 so far: the rows named, and the column of the last number
/// read as a table 二 quantity.
#[derive(Default)]
struct T2Context {
    rows: Vec<&'static str>,
    column: Option<&'static str>,
}

/// A number with its counting unit.
struct Counted {
    value: f64,
    end: usize,
    unit: &'static str,
    unit_end: usize,
    approximate: bool,
}

/// Whether a text has a unit character at all: without one it holds no counted number, and the
/// checks run on every keystroke.
fn has_unit(mut chars: impl Iterator<Item = char>) -> bool {
    chars.any(|c| matches!(c, '件' | '条' | '个' | '项' | '宗' | '起' | '份' | '元'))
}

/// A counted number starting at `i` (and not inside a longer number), ending before `limit`.
fn counted_number(c: &[char], i: usize, limit: usize) -> Option<Counted> {
    let prev = i.checked_sub(1).map(|p| c[p]);
    // Not the middle of a number, nor part of 「第3」「〔2020〕」「2.5」.
    if prev.is_some_and(|p| is_numeral(p) || matches!(p, '第' | '〔' | '[' | '.' | '．' | ',')) {
        return None;
    }
    let (len, value) = number_at(c, i)?;
    let end = i + len;
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

fn is_numeral(ch: char) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn labels_lose_their_numbering() {
        assert_eq!(bare_label("（三）不予公开"), "不予公开");
        assert_eq!(bare_label("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(
            bare_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            "部分公开"
        );
        assert_eq!(column_word("本年制发件数"), Some("制发"));
        assert_eq!(column_word("本年收费金额（单位：万元）"), Some("收费金额"));
        assert_eq!(column_word("本年增/减"), None);
    }
}
