//! Cleaning the text copied out of Word or a web page before it is read: the artefacts that
//! copying leaves, and traditional characters.

/// Whether a character is a CJK ideograph (the basic block, extension A and compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Removes what copying leaves behind: a byte-order mark, carriage returns, non-breaking
/// spaces, Word's 「[bookmark: _GoBack]」 and the pinyin that reading aids put after each
/// character (「據(jù)」).
pub fn strip_artifacts(text: &str) -> String {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n")
        .replace(['\u{a0}', '\u{200b}'], " ");
    let text = fold_radicals(&strip_markdown(&drop_page_furniture(&strip_bookmarks(
        &text,
    ))));
    strip_pinyin(&text)
}

/// A page number as a PDF prints it and a copy keeps it: 「— 3 —」, 「- 3 -」.
pub(crate) fn is_folio(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    // A scan's OCR reads the dash as 「一」 or 「-」.
    t.strip_prefix(['—', '–', '-', '－', '一'])
        .and_then(|s| s.strip_suffix(['—', '–', '-', '－', '一']))
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The mark printed at the top of every page of a draft's PDF: 「草稿」, 「待审核」,
/// 「草稿（退回修改）」, each perhaps followed by 「— 尚有 N 处数据错误」 and preceded by
/// 「审核稿 · 」 (see `export::layout::page_mark`).
pub(crate) fn is_page_mark(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let (review_copy, t) = match t.strip_prefix("审核稿·") {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    // A review copy of a 定稿 names the status itself.
    if review_copy && ["起草", "待审核", "退回修改", "定稿"].contains(&t) {
        return true;
    }
    let Some(rest) = ["草稿（退回修改）", "草稿", "待审核"]
        .iter()
        .find_map(|w| t.strip_prefix(w))
    else {
        return false;
    };
    // A scan's OCR reads the dash as 「一」 or 「-」.
    rest.is_empty()
        || rest
            .strip_prefix(['—', '–', '-', '－', '一'])
            .map(|r| r.trim_start_matches(['—', '–', '-', '－', '一']))
            .and_then(|r| r.strip_prefix("尚有"))
            .and_then(|r| r.strip_suffix("处数据错误"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// What a PDF prints on every page and a copy of its text keeps: folios (「— 4 —」) and
/// nianbao's own draft marks (「草稿 — 尚有 2 处数据错误」), each a line of its own.
fn drop_page_furniture(text: &str) -> String {
    if !text.lines().any(|l| is_folio(l) || is_page_mark(l)) {
        return text.to_string();
    }
    text.split('\n')
        .filter(|l| !is_folio(l) && !is_page_mark(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Markdown that PDF and OCR converters write: heading marks (「## 二、主动公开…」) and table
/// separator rows (「|---|---|」) go; emphasis marks around words go. Table rows (「| a | b |」)
/// stay: they are one of the layouts the table reader knows.
fn strip_markdown(text: &str) -> String {
    if !text.contains(['#', '|', '*', '-']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let t = line.trim();
        let separator =
            t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
        if separator {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let line = if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            t[hashes..].trim_start()
        } else {
            line
        };
        out.push_str(&line.replace("**", ""));
        out.push('\n');
    }
    out.pop();
    out
}

/// Radicals where ideographs are meant: a PDF whose font maps one glyph to both gives the
/// radical back (「⼈⺠政府」 for 人民政府). Kangxi radicals fold by their compatibility mapping
/// (NFKC, applied to them alone: full-width forms must stay) and then to the simplified form
/// (a radical's glyph serves the simplified character); the radicals supplement has no
/// such mapping, so its simplified forms are listed.
pub fn fold_radicals(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if !text.chars().any(|c| ('\u{2e80}'..='\u{2fdf}').contains(&c)) {
        return text.to_string();
    }
    const SUPPLEMENT: &[(char, char)] = &[
        ('⺟', '母'),
        ('⺠', '民'),
        ('⻄', '西'),
        ('⻅', '见'),
        ('⻆', '角'),
        ('⻉', '贝'),
        ('⻋', '车'),
        ('⻓', '长'),
        ('⻔', '门'),
        ('⻘', '青'),
        ('⻙', '韦'),
        ('⻚', '页'),
        ('⻛', '风'),
        ('⻜', '飞'),
        ('⻝', '食'),
        ('⻢', '马'),
        ('⻤', '鬼'),
        ('⻥', '鱼'),
        ('⻦', '鸟'),
        ('⻨', '麦'),
        ('⻩', '黄'),
        ('⻬', '齐'),
        ('⻮', '齿'),
        ('⻰', '龙'),
        ('⻳', '龟'),
    ];
    text.chars()
        .flat_map(|c| {
            let folded: Vec<char> = if ('\u{2f00}'..='\u{2fdf}').contains(&c) {
                // The compatibility mapping gives the traditional form (⼾ → 戶) where the
                // simplified one shares the glyph (户).
                let unified: String = std::iter::once(c).nfkc().collect();
                hanconv::t2s(&unified).chars().collect()
            } else if let Some((_, to)) = SUPPLEMENT.iter().find(|(from, _)| *from == c) {
                vec![*to]
            } else {
                vec![c]
            };
            folded
        })
        .collect()
}

fn strip_bookmarks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[bookmark:") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        // An unclosed marker is kept: it might be text after all.
        match tail.find(']') {
            Some(end) if !tail[..end].contains('\n') => rest = &tail[end + 1..],
            _ => {
                out.push_str("[bookmark:");
                rest = &tail["[bookmark:".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn strip_pinyin(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        if !is_han(c) {
            continue;
        }
        let Some(&open) = chars.get(i) else { break };
        if open != '(' && open != '（' {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && j - i <= 7 && is_pinyin_letter(chars[j]) {
            j += 1;
        }
        let letters = j - i - 1;
        if letters >= 1 && matches!(chars.get(j), Some(')' | '）')) {
            i = j + 1;
        }
    }
    out
}

/// Converts traditional characters to simplified when the text is written in them (a site's
/// 「繁体」 button, a Hong Kong or Taiwan copy). Simplified text is returned unchanged: the
/// conversion is only applied when it changes more than 2 % of the characters, so that the
/// few characters the converter would also touch in simplified text stay as typed.
pub fn to_simplified(text: &str) -> (String, bool) {
    let converted = hanconv::t2s(text);
    let han = text.chars().filter(|&c| is_han(c)).count();
    let changed = text
        .chars()
        .zip(converted.chars())
        .filter(|(a, b)| a != b)
        .count();
    if han > 0 && changed * 50 > han {
        (converted, true)
    } else {
        (text.to_string(), false)
    }
}

/// Trims white space including the ideographic space 「　」.
pub fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
}

/// Removes all white space (for comparing labels and headings).
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// A label in a comparable form: no white space or quotes, full-width brackets and
/// punctuation, ASCII digits, 「1.」 numbering, 「的情况」 as 「情况」.
pub fn normalize_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '．' => '.',
            _ => c,
        };
        if c.is_whitespace() || c == '\u{3000}' || "“”‘’\"'「」『』".contains(c) {
            continue;
        }
        // 「1、」 and 「1．」 are the same numbering as 「1.」.
        if c == '、' && out.chars().last().is_some_and(|p: char| p.is_ascii_digit()) {
            out.push('.');
            continue;
        }
        out.push(c);
    }
    out.replace("的情况", "情况")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_marks_are_the_export_s_own_words_only() {
        for mark in [
            "草稿",
            "\u{c}                              草稿",
            "待审核",
            "草稿（退回修改）",
            "草稿 — 尚有 3 处数据错误",
            "草稿一尚有3处数据错误",
            "审核稿 · 定稿",
            "审核稿 · 待审核 — 尚有 12 处数据错误",
        ] {
            assert!(is_page_mark(mark), "{mark}");
        }
        for text in [
            "定稿",
            "草稿已于1月提交",
            "起草",
            "待审核的申请 3 件",
            "草稿 — 尚有处数据错误",
        ] {
            assert!(!is_page_mark(text), "{text}");
        }
    }

    #[test]
    fn artifacts_go() {
        assert_eq!(
            strip_artifacts("[bookmark: _GoBack]为保障據(jù)公開(kāi)工作"),
            "为保障據公開工作"
        );
        // Not pinyin: upper case, digits, or not after a character.
        assert_eq!(strip_artifacts("附件(A)与(3)"), "附件(A)与(3)");
        assert_eq!(strip_artifacts("a(b)"), "a(b)");
        assert_eq!(
            strip_artifacts("[bookmark: 未闭合\n下一行"),
            "[bookmark: 未闭合\n下一行"
        );
    }

    #[test]
    fn traditional_only_when_it_is() {
        let (s, t) = to_simplified("政府資訊公開工作年度報告，本機關不掌握相關政府資訊");
        assert!(t);
        assert_eq!(s, "政府资讯公开工作年度报告，本机关不掌握相关政府资讯");
        let plain = "主动公开政府信息情况，本年度没有产生信息公开处理费。";
        assert_eq!(to_simplified(plain), (plain.to_string(), false));
    }

    #[test]
    fn labels_compare_loosely() {
        assert_eq!(
            normalize_label("(二) 部分公开(区分处理的,只计这一情形,不计其他情形)"),
            normalize_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(normalize_label("１、属于国家秘密"), "1.属于国家秘密");
        assert_eq!(
            normalize_label("3.危及“三安全一稳定”"),
            "3.危及三安全一稳定"
        );
        assert_eq!(
            normalize_label("二、主动公开政府信息的情况"),
            "二、主动公开政府信息情况"
        );
    }
}
