//! Finding the report in the text: the six parts by their headings (whatever the numeral),
//! page chrome and footers dropped, paragraphs joined; the title, the contact line and the
//! signature read out.

use super::*;

/// The six part headings as they are written in published reports, after
/// [`normalize_label`]: the key each heading starts with.
pub(super) const PART_KEYS: [&[&str]; 6] = [
    &["总体情况"],
    &["主动公开政府信息情况"],
    &["收到和处理政府信息公开申请情况"],
    &["政府信息公开行政复议", "行政复议、行政诉讼情况"],
    &["存在的主要问题", "政府信息公开工作存在的主要问题"],
    &["其他需要报告的事项"],
];

pub(super) const NUMERALS: [char; 6] = ['一', '二', '三', '四', '五', '六'];

/// If the line is a part heading, the part (1..=6) and what follows the heading on the same
/// line (「六、其他需要报告的事项：按照……」).
pub(super) fn part_heading(line: &str) -> Option<(usize, String)> {
    let norm = normalize_label(line);
    let (number, rest) = strip_numbering(&norm)?;
    let numbered = number?;
    // The heading's words name the part; its numeral usually agrees, but some reports number
    // their parts their own way (「一、主动公开政府信息情况」 as the second part).
    let order = std::iter::once(numbered).chain((1..=6).filter(|p| *p != numbered));
    for (part, key) in order.flat_map(|p| PART_KEYS[p - 1].iter().map(move |k| (p, k))) {
        let Some(after) = rest.strip_prefix(key) else {
            continue;
        };
        // 「六、其他需要报告的事项：按照……」: the heading, then text on the same line.
        if after.starts_with(['：', '。']) {
            let after = after.trim_start_matches(['：', '。']);
            return Some((part, original_tail(line, after)));
        }
        // A few more words are a variant of the heading (「……、行政诉讼情况」, 「及改进情况」);
        // more than that is a sentence that merely starts like one.
        if after.chars().count() <= 8 && !after.contains(['，', '。', '；']) {
            return Some((part, String::new()));
        }
    }
    joined_heading(line, rest, numbered).or_else(|| worded_heading(rest, numbered))
}

/// Each part's heading in full, as the format words it (normalised).
const FULL_HEADINGS: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

/// The words a part's heading holds however an agency words it (a typo, 与/和/、, 因…申请提起,
/// 工作, 整改措施): one word of every group.
const PART_WORDS: [&[&[&str]]; 6] = [
    &[&["总体情况"]],
    &[&["主动公开"]],
    &[&["收到", "受理"], &["申请"]],
    &[&["复议"], &["诉讼"]],
    &[&["问题"], &["改进", "整改"]],
    &[&["其他"], &["事项"]],
];

/// A heading that a PDF's paragraph joining ran into the text after it (「六、其他需要报告的事项
/// 2023年，无收取……」): the whole heading, as the format words it, then the text.
fn joined_heading(line: &str, rest: &str, numbered: usize) -> Option<(usize, String)> {
    let full = FULL_HEADINGS[numbered - 1];
    let after = rest.strip_prefix(full)?;
    (!after.is_empty()).then(|| (numbered, original_tail(line, after)))
}

/// A heading in the agency's own words, under its own number: short, no sentence, and every
/// word group of that part in it (「四、政府信息公开行政法复议、行政诉讼情况」). A table row that
/// starts with a numeral (「四、结转下年度继续办理」) has none of them.
fn worded_heading(rest: &str, numbered: usize) -> Option<(usize, String)> {
    let words = PART_WORDS[numbered - 1];
    let short = rest.chars().count() <= FULL_HEADINGS[numbered - 1].chars().count() + 10;
    let sentence = rest.contains(['，', '。', '；', '：']);
    (short
        && !sentence
        && words
            .iter()
            .all(|group| group.iter().any(|w| rest.contains(w))))
    .then(|| (numbered, String::new()))
}

/// The text after a heading, taken from the original line (so its punctuation is kept).
pub(super) fn original_tail(line: &str, norm_tail: &str) -> String {
    if norm_tail.is_empty() {
        return String::new();
    }
    let n = norm_tail.chars().count();
    let chars: Vec<char> = clean::trim(line).chars().collect();
    // The normalised tail drops spaces and quotes, so count back over the original's
    // non-space characters until as many have been seen.
    let mut seen = 0;
    let mut start = chars.len();
    while start > 0 && seen < n {
        start -= 1;
        let c = chars[start];
        if !c.is_whitespace() && c != '\u{3000}' && !"“”‘’\"'「」『』".contains(c) {
            seen += 1;
        }
    }
    clean::trim(&chars[start..].iter().collect::<String>()).to_string()
}

/// Splits a leading part numbering off a normalised line: 「一、」「1.」「（一）」「(1)」.
/// Returns the part number it names (when it names one of 1..=6) and the rest.
pub(super) fn strip_numbering(norm: &str) -> Option<(Option<usize>, &str)> {
    let mut chars = norm.char_indices();
    let (_, first) = chars.next()?;
    let numeral = |c: char| {
        NUMERALS
            .iter()
            .position(|&n| n == c)
            .or_else(|| {
                c.to_digit(10)
                    .map(|d| d as usize)
                    .filter(|d| (1..=6).contains(d))
                    .map(|d| d - 1)
            })
            .map(|i| i + 1)
    };
    if first == '（' {
        let (_, n) = chars.next()?;
        let (i, close) = chars.next()?;
        if close == '）' {
            return Some((numeral(n), &norm[i + close.len_utf8()..]));
        }
        return None;
    }
    if let Some(n) = numeral(first) {
        let (i, sep) = chars.next()?;
        if sep == '、' || sep == '.' {
            return Some((Some(n), &norm[i + sep.len_utf8()..]));
        }
    }
    None
}

/// A line of the input with the part it was found in.
pub(super) struct Split {
    pub(super) title: Vec<String>,
    pub(super) lead: Vec<String>,
    pub(super) parts: [Vec<String>; 6],
    pub(super) found: [bool; 6],
}

/// Lines of a web page's header between the title and the text.
pub(super) fn is_page_chrome(line: &str) -> bool {
    [
        "发布时间",
        "发布日期",
        "来源：",
        "浏览次数",
        "字号",
        "【打印",
        "分享到",
    ]
    .iter()
    .any(|k| line.contains(k))
}

pub(super) fn split_parts(lines: &[String], web: bool) -> Split {
    let mut split = Split {
        title: Vec::new(),
        lead: Vec::new(),
        parts: Default::default(),
        found: [false; 6],
    };
    let mut i = 0;
    // The title: among the first non-empty lines, the one with 年度报告 — often broken after
    // the agency name or after 政府信息公开, so the line above may belong to it. A web page
    // has its navigation first, which is not part of the report; a converted file may start
    // with a line of its own (「正文」, the file's path, a field list).
    let firsts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !clean::trim(l).is_empty())
        .map(|(i, _)| i)
        .take(if web { 60 } else { 8 })
        .collect();
    // (position in `firsts`, first line of the title)
    let candidates: Vec<(usize, usize)> = firsts
        .iter()
        .enumerate()
        .filter(|&(_, &i)| lines[i].contains("年度报告") && part_heading(&lines[i]).is_none())
        .map(|(pos, &end)| {
            let alone = clean::trim(&lines[end]);
            let no_agency = parse_title(alone).is_none_or(|(agency, _)| agency.is_empty());
            let mut first = end;
            if no_agency && pos > 0 {
                let above = firsts[pos - 1];
                if parse_title(&format!("{}{alone}", clean::trim(&lines[above]))).is_some() {
                    first = above;
                }
            }
            (pos, first)
        })
        .collect();
    // The first that names a plausible agency, else the first at all.
    let title_of = |&(pos, first): &(usize, usize)| {
        let text: String = (first..=firsts[pos])
            .map(|j| clean::trim(&lines[j]))
            .collect();
        parse_title(&text).is_some_and(|(agency, _)| plausible_agency(&agency))
    };
    let chosen = candidates
        .iter()
        .find(|c| title_of(c))
        .or(candidates.first())
        .copied();
    if let Some((pos, first)) = chosen {
        let end = firsts[pos];
        if !web {
            split.lead.extend(
                lines[..first]
                    .iter()
                    .filter(|l| !clean::trim(l).is_empty())
                    .cloned(),
            );
        }
        split.title = (first..=end)
            .map(|j| clean::trim(&lines[j]).to_string())
            .filter(|l| !l.is_empty())
            .collect();
        i = end + 1;
        if web {
            while i < lines.len()
                && (clean::trim(&lines[i]).is_empty() || is_page_chrome(&lines[i]))
            {
                i += 1;
            }
        }
    }
    let mut current: Option<usize> = None;
    for line in &lines[i..] {
        if let Some((part, tail)) = part_heading(line)
            && current.is_none_or(|c| part > c)
        {
            current = Some(part);
            split.found[part - 1] = true;
            if !tail.is_empty() {
                split.parts[part - 1].push(tail);
            }
            continue;
        }
        match current {
            Some(p) => split.parts[p - 1].push(line.clone()),
            None => split.lead.push(line.clone()),
        }
    }
    // No heading for part 一 (it starts right after the lead): the lead's first paragraph
    // stays the lead, the rest is part 一.
    if !split.found[0] {
        let paras = paragraphs(&split.lead);
        if paras.len() >= 2 && split.found.iter().any(|&f| f) {
            let first = paras[0].clone();
            split.parts[0] = paras[1..].to_vec();
            split.lead = vec![first];
        } else {
            // No structure at all: everything is part 一, where the clerk will see it.
            split.parts[0] = std::mem::take(&mut split.lead);
        }
    }
    split
}

/// Joins lines into paragraphs: blank lines separate nothing by themselves; a line that ends
/// in the middle of a sentence (a page break of the copy) is joined with the next.
pub(super) fn paragraphs(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in lines {
        let l = clean::trim(line);
        if l.is_empty() {
            continue;
        }
        if open
            && !looks_like_heading(l)
            && let Some(last) = out.last_mut()
        {
            last.push_str(l);
            open = ends_mid_sentence(last);
            continue;
        }
        out.push(l.to_string());
        open = ends_mid_sentence(l) && !looks_like_heading(l);
    }
    out
}

pub(super) fn ends_mid_sentence(s: &str) -> bool {
    let n = s.chars().count();
    // Short lines without a full stop are headings (「二是依申请公开情况」), not broken lines.
    n > 30 && s.chars().last().is_some_and(clean::is_han)
}

pub(super) fn looks_like_heading(s: &str) -> bool {
    let norm = normalize_label(s);
    strip_numbering(&norm).is_some()
        || ["一是", "二是", "三是", "四是", "五是", "六是"]
            .iter()
            .any(|p| norm.starts_with(p))
}

/// The agency and year from the title, in every form agencies use:
/// 「XX局2021年政府信息公开工作年度报告」, 「XX局2021年度政府信息公开工作年度报告」,
/// 「XX局2019年政府信息公开年度报告」, year first 「2025年XX办公厅政府信息公开工作年度报告」, with a
/// converter's markup or field name before it. The title ends with 年度报告: a sentence that
/// mentions one (「……关于编制发布2021年政府信息公开工作年度报告有关事项的通知》，……」) is no
/// title. The agency may be empty (a title broken after the agency's name).
pub(super) fn parse_title(title: &str) -> Option<(String, i32)> {
    let t = clean::squash(title);
    let end = t.rfind("年度报告")?;
    // Only brackets or markup may follow (「（全文）」, a markdown emphasis), or a web page's
    // site name after a dash (「……年度报告-沭阳县发改局」).
    let tail = &t[end + "年度报告".len()..];
    let tail_ok = (tail.chars().count() <= 6
        && tail.chars().all(|c| "（）()【】[]*#_全文。.".contains(c)))
        || (tail.starts_with(['-', '—', '_', '|', '｜'])
            && tail.chars().count() <= 30
            && !tail.contains(['，', '。', '；', '：', ':']));
    if !tail_ok {
        return None;
    }
    let body = &t[..end];
    let body = body.strip_suffix("工作").unwrap_or(body);
    let body = body.strip_suffix("政府信息公开")?;
    let (agency, year) = year_last(body).or_else(|| year_first(body))?;
    // 「标题：沭阳县…」 from a converter's field list: no agency's name has a colon.
    let agency = agency.rsplit(['：', ':']).next().unwrap_or(agency);
    Some((agency.trim_start_matches(['#', '*', '>']).to_string(), year))
}

/// 「XX局2021年」 or 「XX局2021年度」: the agency and the year.
fn year_last(body: &str) -> Option<(&str, i32)> {
    let head = body
        .strip_suffix("年度")
        .or_else(|| body.strip_suffix('年'))?;
    let digits = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits != 4 {
        return None;
    }
    let (agency, year) = head.split_at(head.len() - digits);
    Some((agency, year.parse().ok()?))
}

/// 「2025年上海市人民政府办公厅」 or 「2024年度上海市科委」: the year, then the agency.
fn year_first(body: &str) -> Option<(&str, i32)> {
    let body = body.trim_start_matches(['#', '*', '>']);
    let digits = body.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits != 4 {
        return None;
    }
    let (year, rest) = body.split_at(digits);
    let agency = rest
        .strip_prefix("年度")
        .or_else(|| rest.strip_prefix('年'))?;
    (!agency.is_empty()).then_some(())?;
    Some((agency, year.parse().ok()?))
}

/// Whether a title's agency could be an agency's name: not empty, and none of the letters
/// and signs of a file path, an address or markup (a converter's first line may name the file,
/// 「…/沭阳县人民政府2025年政府信息公开工作年度报告.txt」).
pub(super) fn plausible_agency(agency: &str) -> bool {
    !agency.is_empty()
        && agency.chars().count() <= 40
        && !agency
            .chars()
            .any(|c| c.is_ascii_alphanumeric() || "/\\=.|#*<>，。；！？《》“”".contains(c))
}

/// The first plausible 20xx year in the text, for a report without a readable title.
pub(super) fn any_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).find_map(|w| {
        let s: String = w[..4].iter().collect();
        (w[4] == '年' && s.starts_with("20"))
            .then(|| s.parse().ok())
            .flatten()
    })
}

/// The contact details, from the sentence 「如对本报告有任何疑问，请与XX联系（地址…；电话…）」
/// or a line that starts with 「联系电话」.
pub(super) fn find_contact(text: &str) -> Option<String> {
    for line in text.lines() {
        let l = clean::trim(line);
        if (l.starts_with("联系电话") || l.starts_with("联系方式")) && l.chars().count() < 80
        {
            return Some(l.to_string());
        }
    }
    let start = text.find("请与")? + "请与".len();
    let rest = &text[start..];
    let end = rest.find(['。', '\n']).unwrap_or(rest.len());
    let sentence = &rest[..end];
    let at = sentence.find("联系")?;
    let who = sentence[..at].trim();
    let details = sentence[at + "联系".len()..]
        .trim_start_matches(['（', '(', '；', ';', '：', ':', '，', ','])
        .trim_end_matches(['）', ')'])
        .trim();
    if details.is_empty() || !details.contains("电话") {
        return None;
    }
    let fixed: String = details
        .chars()
        .map(|c| match c {
            ';' => '；',
            ':' => '：',
            _ => c,
        })
        .collect();
    let fixed = fixed.replace("： ", "：");
    Some(match fixed.strip_prefix("地址：") {
        // The address names the office already.
        Some(address) => address.to_string(),
        None if who.is_empty() => fixed,
        None => format!("{who}；{fixed}"),
    })
}

/// Reads the closing lines of the last part: the agency name and the date of issue.
pub(super) fn take_signature(lines: &mut Vec<String>) -> Option<IssueDate> {
    while lines.last().is_some_and(|l| clean::trim(l).is_empty()) {
        lines.pop();
    }
    let date = lines
        .last()
        .and_then(|l| IssueDate::parse(&clean::squash(l)))?;
    lines.pop();
    while lines.last().is_some_and(|l| clean::trim(l).is_empty()) {
        lines.pop();
    }
    // The agency line above the date: short, no sentence punctuation.
    if lines.last().is_some_and(|l| {
        let t = clean::trim(l);
        t.chars().count() <= 30 && !t.contains(['。', '，', '；'])
    }) {
        lines.pop();
    }
    Some(date)
}
