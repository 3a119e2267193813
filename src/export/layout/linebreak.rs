//! Breaking text into lines on the official grid: CJK characters may part anywhere, Latin words
//! and numbers may not, and the 禁则 keep closing punctuation off a line's start and opening
//! punctuation off its end.

/// Characters that may not start a line.
pub const NO_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '”', '’', '》', '〉', '〕', '】',
    '…', '%', '％', ',', '.', ';', ':', '?', '!', ')',
];
/// Characters that may not end a line.
pub const NO_END: &[char] = &['（', '「', '『', '“', '‘', '《', '〈', '〔', '【', '('];

pub(super) fn is_wide(ch: char) -> bool {
    // CJK, full-width forms and CJK punctuation sit on the character grid.
    matches!(ch as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0x2018..=0x201D | 0x2014 | 0x2026)
}

/// Breaks text into lines `width` wide: any two CJK characters may be split, Latin words and
/// numbers may not, no line starts with closing punctuation or ends with opening punctuation.
/// `advance` gives each character's width; `first_indent` is taken off the first line.
pub fn break_lines(
    text: &str,
    width: f32,
    first_indent: f32,
    advance: &dyn Fn(char) -> f32,
) -> Vec<String> {
    // Units that must stay together: a Latin word or number (「1,234」, 「3.5%」), a year or
    // date with its 年/月/日 (「2024年」), or a single character. One pass: linear in the text.
    let joins =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '/' | '@' | '_' | '%');
    let mut units: Vec<String> = Vec::new();
    let mut open_word = false;
    let mut all_digits = false;
    for ch in text.chars() {
        match units.last_mut() {
            Some(last) if open_word && joins(ch) => {
                last.push(ch);
                all_digits &= ch.is_ascii_digit();
            }
            Some(last) if open_word && all_digits && matches!(ch, '年' | '月' | '日') => {
                last.push(ch);
                open_word = false;
            }
            _ => {
                units.push(ch.to_string());
                open_word = joins(ch);
                all_digits = ch.is_ascii_digit();
            }
        }
    }
    // A unit wider than a whole line (a run of thousands of digits) is cut where the line ends:
    // it could never be printed whole.
    let units: Vec<String> = units
        .into_iter()
        .flat_map(|u| {
            if u.chars().count() < 2 || u.chars().map(advance).sum::<f32>() <= width {
                return vec![u];
            }
            let mut pieces = vec![String::new()];
            let mut used = 0.0;
            for c in u.chars() {
                let a = advance(c);
                if used + a > width && pieces.last().is_some_and(|p| !p.is_empty()) {
                    pieces.push(String::new());
                    used = 0.0;
                }
                used += a;
                if let Some(p) = pieces.last_mut() {
                    p.push(c);
                }
            }
            pieces
        })
        .collect();
    let w = |u: &str| u.chars().map(advance).sum::<f32>();
    let mut lines: Vec<Vec<String>> = vec![Vec::new()];
    let mut used = first_indent;
    let mut avail = width;
    for u in units {
        let uw = w(&u);
        let last = lines.last_mut().map(|l| l.len()).unwrap_or(0);
        if used + uw > avail + 0.01 && last > 0 {
            let first = u.chars().next().unwrap_or(' ');
            let current = lines.len() - 1;
            let mut carry: Vec<String> = Vec::new();
            if NO_START.contains(&first) {
                // Hang the closing mark on this line (a little over the edge), as print does.
                lines[current].push(u);
                used += uw;
                continue;
            }
            // Never end a line with an opening mark: move it down with what follows.
            while let Some(prev) = lines[current].last() {
                if prev.chars().count() == 1
                    && prev.chars().next().is_some_and(|c| NO_END.contains(&c))
                {
                    if let Some(p) = lines[current].pop() {
                        carry.insert(0, p);
                    }
                } else {
                    break;
                }
            }
            lines.push(carry);
            used = lines.last().map_or(0.0, |l| l.iter().map(|x| w(x)).sum());
            avail = width;
        }
        used += uw;
        if let Some(l) = lines.last_mut() {
            l.push(u);
        }
    }
    lines
        .into_iter()
        .map(|l| l.concat())
        .filter(|l| !l.is_empty())
        .collect()
}
