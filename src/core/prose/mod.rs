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

use super::template::{CellId, FormatVersion, PartNo, Template};

mod interpret;
mod lexicon;
mod numbers;

pub use lexicon::{Lexicon, lexicon};

use interpret::{Reader, Stated, T2Context, interpret};
use lexicon::{COUNT_UNITS, MONEY_UNITS, Sense, WithVerb};
use numbers::{counted_number, has_unit, is_numeral};

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
    // 「全年印发公文类政府信息共514条，其中主动公开……依申请公开……不予公开21条」 sorts the
    // agency's own documents by their disclosure attribute: its 不予公开 is no handled
    // application of table 三.
    let text: String = sentence.iter().collect();
    let sorts_documents = text.contains("主动公开")
        && text.contains("依申请公开")
        && ["公文", "印发", "发文"].iter().any(|w| text.contains(w));
    let applications_table = |q: &[Quantity]| {
        q.iter().flat_map(|q| &q.cells).any(|id| {
            t.cell_index(id)
                .is_some_and(|i| t.part_of(i) == PartNo::ALL[2])
        })
    };
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
                        let stated = Stated {
                            subject: &subject,
                            tail: &tail,
                            unit: n.unit,
                            about_applications,
                        };
                        match interpret(&stated, &Reader { t, lex, agency }, &mut last) {
                            Reading::Quantity(q) if sorts_documents && applications_table(&q) => {
                                Reading::NotTabled(Why::Qualifier("公开属性".into()))
                            }
                            reading => reading,
                        }
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

#[cfg(test)]
mod tests;
