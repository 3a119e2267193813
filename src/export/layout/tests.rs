//! Line breaking and page layout of the sample.

use super::*;

fn grid(c: char) -> f32 {
    if is_wide(c) { 1.0 } else { 0.5 }
}

#[test]
fn no_line_starts_with_closing_punctuation() {
    // 5 wide characters a line; the comma would start line 2.
    let lines = break_lines("一二三四五，六七八九十", 5.0, 0.0, &grid);
    assert_eq!(lines[0], "一二三四五，");
    assert_eq!(lines[1], "六七八九十");
}

#[test]
fn no_line_ends_with_opening_punctuation() {
    let lines = break_lines("一二三四（五六）七八", 5.0, 0.0, &grid);
    assert_eq!(lines[0], "一二三四");
    assert!(lines[1].starts_with('（'));
}

#[test]
fn numbers_and_words_are_not_split() {
    let lines = break_lines("一二三12345六七", 5.0, 0.0, &grid);
    assert_eq!(lines[0], "一二三");
    assert!(lines[1].starts_with("12345"));
    let lines = break_lines("电话0632-8025799联系", 6.0, 0.0, &grid);
    assert!(
        lines.iter().any(|l| l.contains("0632-8025799")),
        "{lines:?}"
    );
}

#[test]
fn title_lines_are_balanced() {
    struct M;
    impl Measure for M {
        fn advance(&self, _: Face, c: char) -> f32 {
            if is_wide(c) { 1.0 } else { 0.5 }
        }
    }
    let mut l = Layout::new(&M);
    l.title("台儿庄区人力资源和社会保障局2021年政府信息公开工作年度报告");
    let lines: Vec<&str> = l.pages[0].texts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    let (a, b) = (
        lines[0].chars().count() as i32,
        lines[1].chars().count() as i32,
    );
    assert!((a - b).abs() <= 4, "{lines:?}");
}

#[test]
fn document_numbers_keep_their_brackets() {
    let lines = break_lines("一二三四〔2020〕109号", 5.0, 0.0, &grid);
    assert!(!lines[0].ends_with('〔'), "{lines:?}");
    assert!(lines.iter().all(|l| !l.starts_with('〕')), "{lines:?}");
}

#[test]
fn indent_takes_room_from_the_first_line_only() {
    let lines = break_lines("一二三四五六七八九十", 5.0, 2.0, &grid);
    assert_eq!(lines, ["一二三", "四五六七八", "九十"]);
}

#[test]
fn thousands_separators_and_years_stay_whole() {
    let lines = break_lines("一二三1,234五六", 5.0, 0.0, &grid);
    assert!(lines.iter().any(|l| l.contains("1,234")), "{lines:?}");
    let lines = break_lines("一二三四2024年报告", 5.0, 0.0, &grid);
    assert!(lines.iter().any(|l| l.starts_with("2024年")), "{lines:?}");
}

/// A run of digits longer than a line (a pasted number of 80 000 digits) is cut where the lines
/// end: every line fits, nothing is lost.
#[test]
fn a_run_longer_than_a_line_is_cut_at_the_line() {
    let run = "7".repeat(80_000);
    let text = format!("前{run}后");
    let lines = break_lines(&text, 14.0, 0.0, &grid);
    assert!(
        lines
            .iter()
            .all(|l| l.chars().map(grid).sum::<f32>() <= 14.0 + 1.0)
    );
    assert_eq!(lines.concat(), text);
}

#[test]
fn a_review_appendix_of_many_comments_lists_the_open_ones_and_says_how_many_it_left_out() {
    use crate::core::review_model::{Anchor, Comment};
    struct M;
    impl Measure for M {
        fn advance(&self, _: Face, c: char) -> f32 {
            if is_wide(c) { 1.0 } else { 0.5 }
        }
    }
    let mut r = Report::new(crate::core::FormatVersion::Gov2021, 2025);
    let total = APPENDIX_MAX + 500;
    for i in 0..total {
        r.review.comments.push(Comment {
            id: u32::try_from(i + 1).unwrap_or(u32::MAX),
            anchor: Anchor::Cell("t3.total.total".into()),
            author: "审核员".into(),
            at: "2026-01-05T09:00:00+08:00".into(),
            text: format!("意见{}", i + 1),
            // The first 600 are dealt with: the appendix has room for 100 of them only.
            resolved: i < 600,
        });
    }
    let pages = layout_with(&r, &M, Edition::Review);
    let text: String = pages
        .iter()
        .flat_map(|p| &p.texts)
        .map(|t| t.text.as_str())
        .collect();
    assert!(
        text.contains(&format!("意见{total}")),
        "the last open comment"
    );
    assert!(text.contains("意见601"), "the first open comment");
    assert!(
        text.contains("：意见100〔已解决〕"),
        "resolved ones fill the room left"
    );
    assert!(
        !text.contains("：意见101〔已解决〕") && !text.contains("：意见600〔已解决〕"),
        "past the room"
    );
    assert!(
        text.contains(&format!(
            "共 {total} 条批注，此处列出 {APPENDIX_MAX} 条，未解决的在先；其余 500 条见草稿的批注列表"
        )),
        "the appendix says what it left out"
    );
}
