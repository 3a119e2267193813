//! Reviewing a draft: status rules, 已核实 marks, comments, history, comparing versions, the
//! review copy PDF, and drafts written before the review existed.

use crate::common;

use common::{arg as p, nianbao, stdout as out};

use common::{asset, data, fixture};
use nianbao::core::review::{
    self, Anchor, ReviewError, Status, add_comment, diff, set_status, verification, verify,
};
use nianbao::core::{CellEdit, Finding, Report, Rule, check, wording};
use nianbao::session::{Document, Edit};
use nianbao::store::{DRAFT_VERSION, load, save, to_ron};

const T1: &str = "2026-01-20T09:00:00+08:00";
const T2: &str = "2026-01-21T10:30:00+08:00";
const T3: &str = "2026-01-22T15:45:00+08:00";

fn sample() -> Report {
    fixture(&asset("sample-gov2021.ron"))
}

fn taierzhuang() -> Report {
    fixture(&data("taierzhuang-2021.ron"))
}

#[test]
fn final_is_refused_while_errors_remain() {
    let mut r = taierzhuang();
    let errors = check(&r).iter().filter(|f| f.is_error()).count();
    assert!(errors > 0);
    set_status(&mut r, Status::Submitted, "王起草", T1, None).expect("submit");
    assert_eq!(
        set_status(&mut r, Status::Final, "李审核", T1, None),
        Err(ReviewError::HasErrors(errors))
    );
    assert_eq!(r.review.status, Status::Submitted);
    assert_eq!(
        r.review.history.len(),
        1,
        "a refused change records nothing"
    );
    // Fixed, it can be signed off.
    r.set_cell("t3.total.total", "3");
    r.set_cell("t2.fees.amount", "29.313");
    r.parts[5].intro.push_str("本年度未收取信息处理费。");
    assert_eq!(check(&r).iter().filter(|f| f.is_error()).count(), 0);
    assert_eq!(
        set_status(&mut r, Status::Final, "李审核", T1, None),
        Ok(())
    );
    assert!(review::is_locked(&r));
}

#[test]
fn the_review_flow_has_its_moves_and_no_others() {
    use Status::*;
    let mut r = sample();
    // Straight from 起草 to 定稿 or 退回修改: refused, with the reason, and nothing recorded.
    for to in [Final, Returned] {
        let e = set_status(&mut r, to, "李审核", T1, Some("理由")).expect_err("not a move");
        assert_eq!(e, ReviewError::NotAllowed(Drafting, to));
        assert!(e.to_string().starts_with("不能从“起草”改为"), "{e}");
    }
    assert!(r.review.history.is_empty());
    set_status(&mut r, Submitted, "王起草", T1, None).expect("submit");
    // Returned only with a reason.
    assert_eq!(
        set_status(&mut r, Returned, "李审核", T2, Some(" ")),
        Err(ReviewError::ReturnReasonRequired)
    );
    set_status(&mut r, Returned, "李审核", T2, Some("补充收费说明")).expect("return");
    assert_eq!(
        set_status(&mut r, Final, "李审核", T2, None),
        Err(ReviewError::NotAllowed(Returned, Final))
    );
    set_status(&mut r, Submitted, "王起草", T3, None).expect("submit again");
    set_status(&mut r, Final, "李审核", T3, None).expect("sign off");
    let events: Vec<&str> = r.review.history.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "状态：起草 → 待审核",
            "状态：待审核 → 退回修改：补充收费说明",
            "状态：退回修改 → 待审核",
            "状态：待审核 → 定稿"
        ]
    );
    // Every pair the flow allows, and only those.
    for from in Status::ALL {
        for to in Status::ALL {
            let expected = matches!(
                (from, to),
                (Drafting, Submitted)
                    | (Submitted, Returned | Final | Drafting)
                    | (Returned, Submitted | Drafting)
                    | (Final, Drafting | Submitted | Returned)
            );
            assert_eq!(review::can_move(from, to), expected, "{from:?} → {to:?}");
        }
    }
}

#[test]
fn a_final_draft_is_read_only_and_reopening_needs_a_reason() {
    let mut r = sample();
    set_status(&mut r, Status::Submitted, "王起草", T1, None).expect("submit");
    set_status(&mut r, Status::Final, "李审核", T2, None).expect("final");
    let mut doc = Document::new(r, None);
    assert!(doc.is_locked());
    doc.apply(Edit::Cells(vec![CellEdit {
        id: "t3.new.natural".into(),
        old: doc.report.cell_text("t3.new.natural").into(),
        new: "999".into(),
    }]));
    assert_ne!(doc.report.cell_text("t3.new.natural"), "999", "read-only");
    assert_eq!(
        doc.review(|r| set_status(r, Status::Returned, "李审核", T3, None)),
        Err(ReviewError::ReasonRequired)
    );
    assert_eq!(
        doc.review(|r| set_status(r, Status::Returned, "李审核", T3, Some("   "))),
        Err(ReviewError::ReasonRequired)
    );
    doc.review(|r| {
        set_status(
            r,
            Status::Returned,
            "李审核",
            T3,
            Some("财政局要求补充收费说明"),
        )
    })
    .expect("reopen");
    assert!(!doc.is_locked());
    let last = doc.report.review.history.last().expect("recorded");
    assert_eq!(last.by, "李审核");
    assert_eq!(last.at, T3);
    assert_eq!(last.status, Status::Returned);
    assert!(
        last.event.contains("财政局要求补充收费说明"),
        "{}",
        last.event
    );
    let events: Vec<&str> = doc
        .report
        .review
        .history
        .iter()
        .map(|e| e.event.as_str())
        .collect();
    assert_eq!(
        events,
        vec![
            "状态：起草 → 待审核",
            "状态：待审核 → 定稿",
            "重新打开（定稿 → 退回修改）：财政局要求补充收费说明"
        ]
    );
}

#[test]
fn nobody_can_act_without_a_name() {
    let mut r = sample();
    assert_eq!(
        set_status(&mut r, Status::Submitted, " ", T1, None),
        Err(ReviewError::NoName)
    );
}

/// The sample with its part 一 stating 27 new requests where the table says 26: a C12 warning.
fn with_prose_warning() -> (Report, Finding) {
    let mut r = sample();
    let body = &mut r.parts[0].sections[1].body;
    *body = body.replace(
        "本年新收政府信息公开申请26件",
        "本年新收政府信息公开申请27件",
    );
    let f = check(&r)
        .into_iter()
        .find(|f| f.rule == Rule::C12)
        .expect("a C12 warning");
    (r, f)
}

#[test]
fn a_verified_warning_survives_save_load_and_recheck() {
    let (mut r, f) = with_prose_warning();
    verify(&mut r, &f, "经核实，文中数字含1件撤回的申请", "李审核", T1).expect("verify");
    assert!(verification(&r, &f).is_some());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("d.ron");
    save(&r, &path).expect("save");
    let back = load(&path).expect("load");
    assert_eq!(back, r);
    let again = check(&back)
        .into_iter()
        .find(|x| x.rule == Rule::C12)
        .expect("still warned");
    let v = verification(&back, &again).expect("still verified after re-check");
    assert_eq!(v.note, "经核实，文中数字含1件撤回的申请");
    assert_eq!(v.by, "李审核");
    let (_, open, verified) = review::tally_reviewed(&back, &check(&back));
    assert_eq!((open, verified), (0, 1));
}

#[test]
fn a_verified_warning_comes_back_when_the_numbers_change() {
    let (mut r, f) = with_prose_warning();
    verify(&mut r, &f, "经核实无误", "李审核", T1).expect("verify");
    // The table's numbers change (both the cell and its total, so no arithmetic error).
    assert!(f.cells.iter().any(|c| c == "t3.new.total"), "{f:#?}");
    let old: i64 = r.cell_text("t3.new.natural").parse().expect("a number");
    r.set_cell("t3.new.natural", (old + 5).to_string());
    nianbao::core::autosum(&mut r, None);
    assert_ne!(
        r.cell_text("t3.new.total"),
        sample().cell_text("t3.new.total")
    );
    let now = check(&r);
    let warned = now
        .iter()
        .find(|x| x.rule == Rule::C12)
        .expect("still a C12 warning");
    assert!(
        verification(&r, warned).is_none(),
        "the mark no longer holds"
    );
    // And it is dropped from the file at the next save.
    review::prune_verified(&mut r, &now);
    assert!(r.review.verified.is_empty());
}

#[test]
fn errors_cannot_be_marked_verified() {
    let mut r = taierzhuang();
    let e = check(&r)
        .into_iter()
        .find(|f| f.is_error())
        .expect("an error");
    assert_eq!(
        verify(&mut r, &e, "没问题", "李审核", T1),
        Err(ReviewError::NotAWarning)
    );
    assert!(r.review.verified.is_empty());
}

#[test]
fn comments_on_a_cell_a_table_and_a_paragraph() {
    let mut r = sample();
    let a = add_comment(
        &mut r,
        Anchor::Cell("t3.total.total".into()),
        "李审核",
        T1,
        "请核对总计",
    )
    .expect("cell");
    let b = add_comment(
        &mut r,
        Anchor::Table("t4".into()),
        "李审核",
        T1,
        "复议数据请附说明",
    )
    .expect("table");
    let anchor = review::paragraph_anchor(&r, 1, 1);
    let c = add_comment(
        &mut r,
        anchor.clone(),
        "李审核",
        T1,
        "“1268条”与栏目统计不一致？",
    )
    .expect("paragraph");
    assert_eq!((a, b, c), (1, 2, 3));
    assert_eq!(
        wording::anchor_label(&r, &Anchor::Cell("t3.total.total".into())),
        "三、（七）总计 · 总计"
    );
    assert!(wording::anchor_label(&r, &anchor).starts_with("一、总体情况 第 2 段“"));
    // A paragraph inserted above: the comment still finds its paragraph by its words.
    r.parts[0].intro = format!("新加的一段。\n{}", r.parts[0].intro);
    assert_eq!(wording::locate_paragraph(&r, &anchor), Some((1, 2)));
    assert!(review::resolve_comment(&mut r, 2, true));
    assert!(r.review.comments[1].resolved);
    assert_eq!(
        add_comment(&mut r, Anchor::Table("t2".into()), "李审核", T1, "  "),
        Err(ReviewError::Empty)
    );
}

#[test]
fn three_saves_by_two_names_make_the_history() {
    let mut doc = Document::new(sample(), None);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("d.ron");
    let save_as = |doc: &mut Document, by: &str, at: &str| {
        let written = doc.prepared_for_save(by, at);
        save(&written, &path).expect("save");
        doc.saved_as(written, path.clone());
    };
    doc.apply(Edit::Cells(vec![CellEdit {
        id: "t2.rules.issued".into(),
        old: doc.report.cell_text("t2.rules.issued").into(),
        new: "1".into(),
    }]));
    save_as(&mut doc, "王起草", T1);
    doc.apply(Edit::Intro(
        nianbao::core::template::PartNo::ALL[4],
        "五部分改写了。".into(),
    ));
    save_as(&mut doc, "李审核", T2);
    // A save with nothing changed records nothing.
    save_as(&mut doc, "李审核", T2);
    let old = doc.report.cell_text("t3.new.natural").to_string();
    doc.apply(Edit::Cells(vec![CellEdit {
        id: "t3.new.natural".into(),
        old: old.clone(),
        new: "20".into(),
    }]));
    save_as(&mut doc, "王起草", T3);
    let back = load(&path).expect("load");
    let h = &back.review.history;
    assert_eq!(h.len(), 3, "{h:#?}");
    let who: Vec<(&str, &str)> = h.iter().map(|e| (e.by.as_str(), e.at.as_str())).collect();
    assert_eq!(who, vec![("王起草", T1), ("李审核", T2), ("王起草", T3)]);
    assert_eq!(h[0].cells.len(), 1);
    assert_eq!(h[0].cells[0].id, "t2.rules.issued");
    assert_eq!(h[0].cells[0].new, "1");
    assert!(h[0].parts.is_empty());
    assert!(h[1].cells.is_empty());
    assert_eq!(h[1].parts, vec![5]);
    assert_eq!(h[2].cells[0].old, old);
    assert_eq!(h[2].cells[0].new, "20");
    assert!(
        h.iter()
            .all(|e| e.event == "保存" && e.status == Status::Drafting)
    );
    // Compact: the history names what changed, it does not copy the report.
    let text = to_ron(&back).expect("ron");
    let size_without = to_ron(&{
        let mut r = back.clone();
        r.review.history.clear();
        r
    })
    .expect("ron")
    .len();
    assert!(
        text.len() - size_without < 2_000,
        "{}",
        text.len() - size_without
    );
}

#[test]
fn drafts_from_before_the_review_still_open() {
    // Committed as written by version 1 of the format.
    let path = data("draft-v1.ron");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("version: 1"),
        "the fixture must stay a version-1 draft"
    );
    let r = load(&path).expect("a version-1 draft loads");
    assert_eq!(r.review.status, Status::Drafting);
    assert!(r.review.history.is_empty());
    assert_eq!(r.cells, sample().cells);
    // Saved again, it is written in the current version and reads back the same.
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("d.ron");
    save(&r, &out).expect("save");
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains(&format!("version: {DRAFT_VERSION}")));
    assert_eq!(load(&out).expect("load"), r);
}

#[test]
fn diff_names_what_changed_and_exits_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.ron");
    save(&sample(), &old).expect("save");

    // Identical files.
    let same = dir.path().join("same.ron");
    save(&sample(), &same).expect("save");
    let o = nianbao(&["diff", p(&old), p(&same)]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("相同"));

    // One changed cell.
    let mut r = sample();
    r.set_cell("t3.total.total", "28");
    let one = dir.path().join("cell.ron");
    save(&r, &one).expect("save");
    let o = nianbao(&["diff", p(&old), p(&one)]);
    assert_eq!(o.status.code(), Some(1));
    let s = out(&o);
    assert!(
        s.contains("单元格 三、（七）总计 · 总计（t3.total.total）：27 → 28"),
        "{s}"
    );
    assert_eq!(
        s.lines().filter(|l| l.starts_with("单元格")).count(),
        1,
        "{s}"
    );

    // One changed sentence: the paragraph, with the changed characters marked.
    let mut r = sample();
    let body = &mut r.parts[0].sections[1].body;
    *body = body.replace(
        "本年新收政府信息公开申请26件",
        "本年新收政府信息公开申请28件",
    );
    let sentence = dir.path().join("text.ron");
    save(&r, &sentence).expect("save");
    let o = nianbao(&["diff", p(&old), p(&sentence)]);
    assert_eq!(o.status.code(), Some(1));
    let s = out(&o);
    assert!(s.contains("正文 一、总体情况 修改段落："), "{s}");
    assert!(s.contains("本年新收政府信息公开申请2[-6-]{+8+}件"), "{s}");

    // A changed status.
    let mut r = sample();
    set_status(&mut r, Status::Submitted, "王起草", T1, None).expect("submit");
    let status = dir.path().join("status.ron");
    save(&r, &status).expect("save");
    let o = nianbao(&["diff", p(&old), p(&status)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("状态：起草 → 待审核"), "{}", out(&o));

    // The core sees exactly one cell for the cell pair.
    let d = diff(&sample(), &load(&one).expect("load"));
    assert_eq!(d.cells.len(), 1);
    assert!(d.paragraphs.is_empty() && d.meta.is_empty() && d.status.is_none());
}

#[test]
fn the_command_line_walks_a_review() {
    let dir = tempfile::tempdir().expect("tempdir");
    let draft = dir.path().join("台儿庄.ron");
    std::fs::copy(data("taierzhuang-2021.ron"), &draft).expect("copy");
    let d = p(&draft);
    // 定稿 straight from 起草 refused; the file is not touched.
    let before = std::fs::read(&draft).expect("read");
    let o = nianbao(&["status", d, "--set", "定稿", "--as", "李审核"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("定稿前须先提交审核"),
        "{:?}",
        o
    );
    assert_eq!(std::fs::read(&draft).expect("read"), before);
    // Submitted, 定稿 is refused with errors left; again the file is not touched.
    let o = nianbao(&["status", d, "--set", "待审核", "--as", "王起草"]);
    assert_eq!(o.status.code(), Some(0), "{:?}", o);
    let before = std::fs::read(&draft).expect("read");
    let o = nianbao(&["status", d, "--set", "定稿", "--as", "李审核"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("尚有"),
        "{:?}",
        o
    );
    assert_eq!(std::fs::read(&draft).expect("read"), before);
    // A comment and a verified warning.
    let o = nianbao(&[
        "comment",
        d,
        "--cell",
        "t3.total.total",
        "--text",
        "总计应为3",
        "--as",
        "李审核",
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", o);
    let o = nianbao(&[
        "verify",
        d,
        "--rule",
        "C9",
        "--note",
        "篇幅已与办公室确认",
        "--as",
        "李审核",
    ]);
    assert_eq!(o.status.code(), Some(0), "{:?}", o);
    let o = nianbao(&[
        "verify",
        d,
        "--rule",
        "R1",
        "--note",
        "不改",
        "--as",
        "李审核",
    ]);
    assert_eq!(o.status.code(), Some(1), "an error cannot be verified");
    let o = nianbao(&["check", d]);
    assert!(
        out(&o).contains("已核实：篇幅已与办公室确认（李审核）"),
        "{}",
        out(&o)
    );
    let o = nianbao(&["history", d]);
    let s = out(&o);
    assert!(s.contains("#1 三、（七）总计 · 总计（李审核"), "{s}");
    assert!(s.contains("总计应为3"), "{s}");
}

#[test]
fn the_review_copy_prints_comments_and_the_final_copy_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = sample();
    add_comment(
        &mut r,
        Anchor::Cell("t3.total.total".into()),
        "李审核",
        T1,
        "请再核对一次总计",
    )
    .expect("comment");
    set_status(&mut r, Status::Submitted, "王起草", T1, None).expect("submit");
    let draft = dir.path().join("d.ron");
    save(&r, &draft).expect("save");
    let text_of = |args: &[&str], pdf: &std::path::Path| -> String {
        let o = nianbao(args);
        assert_eq!(o.status.code(), Some(0), "{:?}", o);
        common::pdf::Pdf::open(pdf)
            .text()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let review_pdf = dir.path().join("review.pdf");
    let s = text_of(
        &[
            "export",
            p(&draft),
            "--pdf",
            p(&review_pdf),
            "--review-copy",
        ],
        &review_pdf,
    );
    assert!(s.contains("附：审核意见"), "{s}");
    assert!(s.contains("请再核对一次总计"), "{s}");
    assert!(s.contains("审核稿·待审核"), "{s}");

    let plain = dir.path().join("plain.pdf");
    let s = text_of(&["export", p(&draft), "--pdf", p(&plain)], &plain);
    assert!(!s.contains("请再核对一次总计"));
    assert!(
        s.contains("待审核"),
        "a draft under review says so on its pages"
    );

    set_status(&mut r, Status::Final, "李审核", T2, None).expect("final");
    save(&r, &draft).expect("save");
    let fin = dir.path().join("final.pdf");
    let s = text_of(&["export", p(&draft), "--pdf", p(&fin)], &fin);
    assert!(
        !s.contains("请再核对一次总计"),
        "comments never print in the final copy"
    );
    assert!(
        !s.contains("待审核") && !s.contains("草稿"),
        "定稿 prints clean"
    );
}

#[test]
fn a_comment_on_some_words_follows_them_and_says_when_they_are_gone() {
    let mut r = sample();
    let words = "全年审查拟公开信息1268条";
    let anchor = review::quote_anchor(&r, 1, words).expect("the words are in part 一");
    let Anchor::Paragraph { index, quote, .. } = &anchor else {
        panic!("{anchor:?}");
    };
    assert_eq!(quote.as_deref(), Some(words));
    let at = *index;
    add_comment(&mut r, anchor.clone(), "李审核", T1, "与表二口径一致吗？").expect("added");
    let label = wording::anchor_label(&r, &anchor);
    assert_eq!(label, format!("一、总体情况 第 {} 段中“{words}”", at + 1));
    // Saved and loaded, the words come back with it.
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("q.ron");
    save(&r, &path).expect("save");
    let back = load(&path).expect("load");
    assert_eq!(back.review.comments[0].anchor, anchor);
    // A paragraph added above: the label follows the words to their new paragraph.
    r.parts[0].intro = format!("新加的一段。\n{}", r.parts[0].intro);
    assert_eq!(
        wording::anchor_label(&r, &anchor),
        format!("一、总体情况 第 {} 段中“{words}”", at + 2)
    );
    // The words edited away: the comment says so rather than pointing at other text.
    let full = r.parts[0].full_text().replace(words, "全年审查信息");
    r.parts[0].intro = full;
    r.parts[0].sections.clear();
    assert!(wording::anchor_label(&r, &anchor).ends_with("（所引文字已改动）"));
    // Words that are not in the part, or only in another part, give no anchor; a selection
    // running over two paragraphs keeps to the first.
    assert!(review::quote_anchor(&sample(), 1, "没有这句话").is_none());
    assert!(review::quote_anchor(&sample(), 5, words).is_none());
    let two = review::quote_anchor(&sample(), 1, &format!("{words}\n下一段")).expect("first line");
    assert!(matches!(two, Anchor::Paragraph { quote: Some(q), .. } if q == words));
}

#[test]
fn the_command_line_comments_on_quoted_words() {
    let dir = tempfile::tempdir().expect("tmp");
    let draft = dir.path().join("d.ron");
    std::fs::copy(asset("sample-gov2021.ron"), &draft).expect("copy");
    let quote = |words: &str, text: &str| {
        nianbao(&[
            "comment",
            p(&draft),
            "--part",
            "1",
            "--quote",
            words,
            "--text",
            text,
            "--as",
            "李审核",
        ])
    };
    let o = quote("全年审查拟公开信息1268条", "与表二口径一致吗？");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out(&o).contains("段中“全年审查拟公开信息1268条”"),
        "{}",
        out(&o)
    );
    let before = std::fs::read(&draft).expect("draft");
    let o = quote("没有这句话", "x");
    assert_eq!(
        o.status.code(),
        Some(i32::from(nianbao::cli::exit::EXIT_USAGE))
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有找到“没有这句话”"));
    assert_eq!(std::fs::read(&draft).expect("draft"), before, "untouched");
}

/// A comment id at the top of the range (a file can hold anything) does not make the next
/// ones wrap round to ids already in use.
#[test]
fn comment_ids_never_repeat() {
    let mut r = sample();
    add_comment(&mut r, Anchor::Table("t3".into()), "李审核", T1, "一").expect("comment");
    r.review.comments[0].id = u32::MAX;
    let a = add_comment(&mut r, Anchor::Table("t3".into()), "李审核", T1, "二").expect("comment");
    let b = add_comment(&mut r, Anchor::Table("t3".into()), "李审核", T1, "三").expect("comment");
    let ids: std::collections::BTreeSet<u32> = r.review.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(a != 0 && b != 0 && a != b);
}
