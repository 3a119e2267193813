//! Importing the published reports: the four seeds (three text layouts), traditional
//! characters with reading-aid pinyin, a saved web page, and mangled input.

use crate::common;
use nianbao::core::template::CellId;

use std::collections::BTreeSet;

use common::{asset, data, fixture};
use nianbao::core::{Finding, FormatVersion, Report, Rule, check};
use nianbao::import::{import_bytes, import_html, import_text};
use proptest::prelude::*;

const SEEDS: [(&str, &str); 4] = [
    ("huoshan-hrss-2021.txt", "huoshan-2021.ron"),
    ("luan-hrss-2023.txt", "luan-2023.ron"),
    ("qianjin-hrss-2022.txt", "qianjin-2022.ron"),
    ("taierzhuang-hrss-2021.txt", "taierzhuang-2021.ron"),
];

fn seed_text(name: &str) -> String {
    match std::fs::read_to_string(data(name)) {
        Ok(t) => t,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn import_seed(name: &str) -> Report {
    import_text(&seed_text(name))
}

fn rules(findings: &[Finding]) -> Vec<Rule> {
    findings.iter().map(|f| f.rule).collect()
}

#[test]
fn every_cell_of_every_seed_is_the_number_in_the_text() {
    // The fixtures were typed by hand from the seeds (and `tests/seeds.rs` checks them against
    // the text); the import must give exactly the same cells — all of them, as typed.
    for (seed, draft) in SEEDS {
        let got = import_seed(seed);
        let want = fixture(&data(draft));
        assert_eq!(got.meta.format, want.meta.format, "{seed}");
        assert_eq!(got.meta.agency, want.meta.agency, "{seed}");
        assert_eq!(got.meta.year, want.meta.year, "{seed}");
        assert_eq!(got.meta.issue_date, want.meta.issue_date, "{seed}");
        assert_eq!(got.meta.contact, want.meta.contact, "{seed}");
        assert_eq!(got.meta.lead, want.meta.lead, "{seed}");
        let ids: BTreeSet<&String> = got.cells.keys().chain(want.cells.keys()).collect();
        for id in ids {
            assert_eq!(got.cells.get(id), want.cells.get(id), "{seed}: cell {id}");
        }
    }
}

#[test]
fn the_six_parts_start_with_their_first_words() {
    // (seed, first words of parts 一, 五, 六) as read in the seed; 二–四 hold only tables.
    let expected = [
        (
            "huoshan-hrss-2021.txt",
            [
                "一是主动公开情况。",
                "在充分肯定成绩的同时",
                "按照《国务院办公厅",
            ],
        ),
        (
            "luan-hrss-2023.txt",
            [
                "(一) 主动公开\n主动公开政府信息 1000 余条",
                "（一）上年度存在的问题",
                "通过“六安就业”抖音号",
            ],
        ),
        (
            "qianjin-hrss-2022.txt",
            [
                "(一）主动公开情况",
                "（一）存在的不足",
                "按照《国务院办公厅",
            ],
        ),
        (
            "taierzhuang-hrss-2021.txt",
            [
                "2021年，台儿庄区人力资源和社会保障局",
                "虽然我局本年度",
                "本报告中数据统计期限",
            ],
        ),
    ];
    for (seed, [one, five, six]) in expected {
        let r = import_seed(seed);
        for (i, want) in [(0, one), (4, five), (5, six)] {
            let text = r.parts[i].full_text();
            assert!(text.starts_with(want), "{seed} part {}: {text:.60}", i + 1);
        }
        for i in 1..4 {
            assert!(
                r.parts[i].is_blank(),
                "{seed} part {}: {:?}",
                i + 1,
                r.parts[i]
            );
        }
        // The signature block is metadata, not text of part 六.
        assert!(!r.parts[5].full_text().contains("2022年1月24日"), "{seed}");
    }
}

#[test]
fn a_broken_page_is_joined_and_headings_stay_lines() {
    let r = import_seed("luan-hrss-2023.txt");
    let one = r.parts[0].full_text();
    // The copy broke 「加大减负稳」 / 「岗位扩就业」 across a page.
    assert!(one.contains("加大减负稳岗位扩就业政策解读"), "{one}");
    assert!(one.contains("\n(二) 依申请公开\n"), "{one}");
}

#[test]
fn huoshan_imports_without_table_errors() {
    let r = import_seed("huoshan-hrss-2021.txt");
    assert!(r.import_notes.is_empty(), "{:#?}", r.import_notes);
    let f = check(&r);
    // Only what the seed lacks: the 统计期限 sentence and the date of issue.
    assert_eq!(rules(&f), vec![Rule::C18, Rule::C18], "{f:#?}");
}

#[test]
fn luan_gets_import_findings_and_no_arithmetic_error() {
    let r = import_seed("luan-hrss-2023.txt");
    let f = check(&r);
    assert!(
        f.iter().all(|x| matches!(
            x.rule,
            Rule::C5 | Rule::C18 | Rule::I1 | Rule::I2 | Rule::I3
        )),
        "{f:#?}"
    );
    let short: Vec<_> = f.iter().filter(|x| x.rule == Rule::I3).collect();
    assert_eq!(short.len(), 1, "{f:#?}");
    assert!(
        short[0]
            .message
            .contains("（四）1.本机关不掌握相关政府信息")
    );
    assert!(short[0].message.contains("有 6 个数"));
    assert!(short[0].message.contains("少 1 格"));
    assert_eq!(short[0].cells.len(), 7);
    assert!(short[0].cells.iter().all(|c| c.starts_with("t3.unable_1.")));
    let missing: Vec<_> = f
        .iter()
        .filter(|x| x.rule == Rule::I2)
        .map(|x| x.cells[0].as_str())
        .collect();
    assert_eq!(missing, vec!["t3.other_2.natural", "t3.other_3.natural"]);
    let table: Vec<_> = f.iter().filter(|x| x.rule == Rule::I1).collect();
    assert_eq!(table.len(), 1);
    assert_eq!(table[0].part, 4);
    assert_eq!(table[0].cells.len(), 15);
    assert!(table[0].message.contains("表四"));
    // One unfilled-cells summary a table: exactly what the text lacks.
    let c5: Vec<(u8, usize)> = f
        .iter()
        .filter(|x| x.rule == Rule::C5)
        .map(|x| (x.part, x.cells.len()))
        .collect();
    assert_eq!(c5, vec![(3, 7 + 14), (4, 15)]);
}

#[test]
fn an_import_note_goes_away_when_its_cells_are_filled() {
    let mut r = import_seed("luan-hrss-2023.txt");
    for c in [
        "natural",
        "business",
        "research",
        "nonprofit",
        "legal",
        "other",
        "total",
    ] {
        r.set_cell(&CellId::new("t3", "unable_1", c).key(), "0");
    }
    let f = check(&r);
    assert!(f.iter().all(|x| x.rule != Rule::I3), "{f:#?}");
    assert_eq!(f.iter().filter(|x| x.rule == Rule::I2).count(), 2);
}

#[test]
fn taierzhuang_gets_its_three_real_errors() {
    let f = check(&import_seed("taierzhuang-hrss-2021.txt"));
    let rc: Vec<_> = f.iter().filter(|x| x.rule == Rule::R1).collect();
    assert_eq!(rc.len(), 1, "{f:#?}");
    assert_eq!(rc[0].focus.as_deref(), Some("t3.total.total"));
    assert_eq!(rc[0].expected.as_deref(), Some("3"));
    assert_eq!(rc[0].explains, vec![Rule::R1, Rule::R2, Rule::R3]);
    assert!(f.iter().any(|x| x.rule == Rule::C8));
    let unit: Vec<_> = f.iter().filter(|x| x.rule == Rule::C5).collect();
    assert_eq!(unit.len(), 1, "{f:#?}");
    assert_eq!(unit[0].focus.as_deref(), Some("t2.fees.amount"));
    assert!(unit[0].message.contains("“29.313万元”"));
    // And its part 一 of 1117 characters (C9); nothing else.
    let mut all = rules(&f);
    all.sort();
    assert_eq!(all, vec![Rule::R1, Rule::C5, Rule::C8, Rule::C9], "{f:#?}");
}

#[test]
fn qianjin_is_read_as_the_2019_format_and_gets_c6() {
    let r = import_seed("qianjin-hrss-2022.txt");
    assert_eq!(r.meta.format, FormatVersion::Gov2019);
    let f = check(&r);
    let mut all = rules(&f);
    all.sort();
    assert_eq!(all, vec![Rule::C6, Rule::C18, Rule::C18], "{f:#?}");
}

/// Rewrites a one-cell-per-line seed with a row per line: each label starts a row and the
/// numbers after it join that row, separated by `sep`.
fn as_rows(text: &str, sep: &str) -> String {
    let start = text.find("二、主动公开").unwrap_or(0);
    let end = text
        .find("五、存在的主要问题")
        .or_else(|| text.find("5、 存在"))
        .unwrap_or(text.len());
    let (head, rest) = text.split_at(start);
    let (tables, tail) = rest.split_at(end - start);
    let is_number = |s: &str| {
        let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        !s.is_empty()
            && s.trim_end_matches("万元")
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
    };
    let mut rows: Vec<String> = Vec::new();
    for line in tables.lines() {
        let cell = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if cell.is_empty() {
            continue;
        }
        if !line.starts_with('\t') && !rows.is_empty() && !is_number(cell) && !line.contains('、')
        {
            // A wrapped label: the second half goes on the label.
            if let Some(last) = rows.last_mut() {
                last.push_str(cell);
                continue;
            }
        }
        match rows.last_mut() {
            Some(last) if is_number(cell) => {
                last.push_str(sep);
                last.push_str(cell);
            }
            _ => rows.push(cell.to_string()),
        }
    }
    format!("{head}{}\n{tail}", rows.join("\n"))
}

#[test]
fn the_other_two_layouts_give_the_same_draft() {
    for (seed, _) in SEEDS {
        if seed.starts_with("luan") {
            continue; // already a row per line
        }
        let text = seed_text(seed);
        let want = import_text(&text);
        for sep in ["\t", " | "] {
            let rows = as_rows(&text, sep);
            assert!(
                rows.contains(&format!("规章{sep}0{sep}0{sep}0")),
                "{rows:.2000}"
            );
            let got = import_text(&rows);
            assert_eq!(got, want, "{seed} with {sep:?}");
        }
    }
}

/// Puts reading-aid pinyin after some characters, as screen-reader plugins of government sites
/// leave in copied text: 「據(jù)」.
fn with_pinyin(text: &str) -> String {
    let marks = [
        ('報', "bào"),
        ('據', "jù"),
        ('開', "kāi"),
        ('機', "jī"),
        ('資', "zī"),
    ];
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if let Some((_, p)) = marks.iter().find(|(m, _)| *m == c) {
            out.push('(');
            out.push_str(p);
            out.push(')');
        }
    }
    out
}

#[test]
fn traditional_characters_with_pinyin_give_the_same_draft() {
    for (seed, _) in SEEDS {
        let text = seed_text(seed);
        let traditional = with_pinyin(&hanconv::s2t(&text));
        assert!(traditional.contains("報(bào)告"), "{seed}");
        let got = import_text(&traditional);
        let want = import_text(&text);
        assert_eq!(got.cells, want.cells, "{seed}");
        assert_eq!(got.meta.format, want.meta.format, "{seed}");
        assert_eq!(got.meta.agency, want.meta.agency, "{seed}");
        assert_eq!(got.meta.year, want.meta.year, "{seed}");
        assert_eq!(got.meta.issue_date, want.meta.issue_date, "{seed}");
        // Prose comes back simplified; a character the round trip cannot tell apart is
        // allowed to differ, nothing else.
        for (i, (g, w)) in got.parts.iter().zip(&want.parts).enumerate() {
            let (g, w) = (g.full_text(), w.full_text());
            assert_eq!(
                g.chars().count(),
                w.chars().count(),
                "{seed} part {}",
                i + 1
            );
            let differ = g.chars().zip(w.chars()).filter(|(a, b)| a != b).count();
            assert!(
                differ * 200 <= w.chars().count().max(1),
                "{seed} part {}: {differ}",
                i + 1
            );
        }
        assert!(
            got.import_notes
                .iter()
                .any(|n| n.rule == Rule::I5 && n.message.contains("繁体")),
            "{seed}"
        );
        let mut notes = got.import_notes.clone();
        notes.retain(|n| n.rule != Rule::I5);
        assert_eq!(notes, want.import_notes, "{seed}");
    }
}

#[test]
fn a_saved_web_page_with_merged_cells_imports() {
    let page = seed_or_panic(&data("published-page.html"));
    assert!(page.contains("rowspan") && page.contains("colspan"));
    let got = import_html(&page);
    common::assert_is_the_sample(&got);
    // The same page saved in GBK, as many government sites serve it.
    let (gbk, _, bad) = encoding_rs::GBK.encode(&page);
    assert!(!bad);
    let again = import_bytes(&gbk, true);
    assert_eq!(again, got);
}

/// Issue 26: the same page inside 100 000 unclosed <div> (as a broken CMS writes them)
/// imports the same report; before, the HTML parser's scope checks made it take minutes.
#[test]
fn a_page_nested_a_hundred_thousand_deep_imports_the_same() {
    let page = seed_or_panic(&data("published-page.html"));
    let at = page.find("<body").expect("body");
    let at = at + page[at..].find('>').expect("body tag") + 1;
    let deep = format!("{}{}{}", &page[..at], "<div>".repeat(100_000), &page[at..]);
    assert_eq!(import_html(&deep), import_html(&page));
}

fn seed_or_panic(path: &std::path::Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

#[test]
fn bytes_that_are_no_text_still_import() {
    let r = import_bytes(&[0xff, 0xfe, 0x00, 0x81, 0x20, 0xc3], false);
    assert!(r.cells.is_empty());
    assert!(r.import_notes.iter().any(|n| n.rule == Rule::I5));
}

/// The seeds, for mutation.
fn seeds() -> Vec<String> {
    SEEDS.iter().map(|(s, _)| seed_text(s)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn mangled_seeds_never_panic(
        which in 0usize..4,
        cut in 0.0f64..1.0,
        seed in any::<u64>(),
        drop_tabs in any::<bool>(),
        shuffle in any::<bool>(),
    ) {
        let text = &seeds()[which];
        let mut lines: Vec<&str> = text.lines().collect();
        if shuffle {
            // A cheap deterministic shuffle from the seed.
            let n = lines.len();
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let j = (s >> 33) as usize % (i + 1);
                lines.swap(i, j);
            }
        }
        let keep = ((lines.len() as f64) * cut) as usize;
        let mut joined = lines[..keep].join("\n");
        if drop_tabs {
            joined = joined.replace('\t', "");
        }
        let r = import_text(&joined);
        // Whatever happened, the draft is an ordinary one: it checks and saves.
        let _ = check(&r);
        let copy = nianbao::store::to_ron(&r);
        prop_assert!(copy.is_ok());
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), html in any::<bool>()) {
        let r = import_bytes(&bytes, html);
        let _ = check(&r);
    }
}

#[test]
fn variant_wording_brackets_and_bookmarks_are_understood() {
    let text = seed_text("huoshan-hrss-2021.txt");
    let want = import_text(&text);
    let varied = text
        .replace("只计这一情形", "只记这一情形")
        .replace("（二）部分公开（", "(二)部分公开(")
        .replace("\t1.属于国家秘密", "\t[bookmark: _Hlk1]1、属于国家秘密")
        .replace("\t行政许可", "\t 行政许可 ")
        .replace("主动公开政府信息情况", "主动公开政府信息的情况");
    assert_ne!(varied, text);
    assert_eq!(import_text(&varied), want);
}

#[test]
fn text_without_any_structure_lands_in_part_one_with_findings() {
    let text = "今年我们做了很多工作。\n\n明年继续努力，做好政务公开。";
    let r = import_text(text);
    assert_eq!(
        r.parts[0].full_text(),
        "今年我们做了很多工作。\n明年继续努力，做好政务公开。"
    );
    assert!(r.meta.lead.is_empty());
    assert!(r.cells.is_empty());
    let rules: BTreeSet<Rule> = r.import_notes.iter().map(|n| n.rule).collect();
    assert!(rules.contains(&Rule::I5), "no title: {:#?}", r.import_notes);
    assert!(
        rules.contains(&Rule::I1),
        "no tables: {:#?}",
        r.import_notes
    );
    assert!(
        rules.contains(&Rule::I4),
        "no headings: {:#?}",
        r.import_notes
    );
}

#[test]
fn a_word_document_with_merged_cells_imports() {
    // Written by tests/data/make-docx.py (python-docx) from the same page: Word's own
    // gridSpan/vMerge merges, line breaks inside labels and the title, bold headings.
    let path = data("published-report.docx");
    let got = match nianbao::import::import_file(&path) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    common::assert_is_the_sample(&got);
}

#[test]
fn an_old_binary_word_file_or_a_damaged_docx_is_refused_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tmp");
    let doc = dir.path().join("年报.doc");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    std::fs::write(&doc, &bytes).expect("write");
    let e = nianbao::import::import_file(&doc).expect_err("refused");
    assert!(e.to_string().contains("另存为"), "{e}");
    // A .docx cut short in a download.
    let whole = std::fs::read(data("published-report.docx")).expect("fixture");
    let cut = dir.path().join("年报.docx");
    std::fs::write(&cut, &whole[..whole.len() / 2]).expect("write");
    let e = nianbao::import::import_file(&cut).expect_err("refused");
    assert!(e.to_string().contains("不是有效的 Word 文档"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A .docx cut short or with bytes flipped is refused or read; it never panics.
    #[test]
    fn a_damaged_word_document_never_panics(cut in prop_oneof![Just(1.0f64), 0.0f64..1.0], flips in proptest::collection::vec((0.0f64..1.0, any::<u8>()), 0..8)) {
        let whole = std::fs::read(data("published-report.docx")).expect("fixture");
        let mut bytes = whole[..((whole.len() as f64) * cut) as usize].to_vec();
        for (at, b) in flips {
            if !bytes.is_empty() {
                let i = ((bytes.len() as f64) * at) as usize % bytes.len();
                bytes[i] = b;
            }
        }
        if let Ok(r) = nianbao::import::import_docx(&bytes) {
            let _ = check(&r);
        }
    }
}

/// The four real reports as converters left them (`real-reports/`): whatever the import cannot
/// place stays blank with a note, and a blank the import left is not a 0 in the arithmetic, so
/// `check` reports no arithmetic error. By `table3-as-read.txt` every printed relation of these
/// reports holds, except where a conversion lost a cell.
#[test]
fn real_reports_get_no_arithmetic_error_they_do_not_contain() {
    for name in [
        "shanghai-bgt-2025.txt",
        "shanghai-kewei-2024.txt",
        "shuyang-2025.txt",
        "shuyang-fgj-2023.txt",
    ] {
        let text = seed_or_panic(&data(&format!("real-reports/{name}")));
        let r = import_text(&text);
        let found = common::arithmetic(&r);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}

/// A row the import could not read is unknown to the arithmetic until it is filled; the same
/// blanks without an import note (a clerk's empty cells) count as 0 and fail the relations.
#[test]
fn a_row_the_import_left_blank_is_not_counted_as_zero() {
    let arithmetic = |r: &Report| common::arithmetic(r).len();
    let mut r = fixture(&asset("sample-gov2021.ron"));
    let row: Vec<String> = r
        .template()
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t3.granted."))
        .map(|c| c.id.clone())
        .collect();
    for id in &row {
        r.set_cell(id, "");
    }
    assert!(arithmetic(&r) > 0, "typed blanks count as 0");
    r.import_notes.push(nianbao::core::ImportNote {
        rule: Rule::I3,
        part: 3,
        cells: row.clone(),
        message: "原文这一行无法读出".into(),
    });
    assert_eq!(
        arithmetic(&r),
        0,
        "blanks the import could not fill are unknown"
    );
    // Filled again, the row is compared as usual.
    r.set_cell(&row[0], "100");
    assert!(arithmetic(&r) > 0);
}

/// (cell id, its number; `None` where the original is blank).
type ReadCells = Vec<(String, Option<String>)>;

/// Table 三 of each real report as read by hand (`real-reports/table3-as-read.txt`).
fn table3_as_read() -> Vec<(String, ReadCells)> {
    let text = seed_or_panic(&data("real-reports/table3-as-read.txt"));
    let t = FormatVersion::Gov2021.template();
    let block = &t.table("t3").expect("t3").blocks[0];
    let mut out = Vec::new();
    for part in text.split("===== ").skip(1) {
        let name = part.split(".txt").next().unwrap_or("").to_string();
        let mut cells = Vec::new();
        for (row, line) in block
            .rows
            .iter()
            .zip(part.lines().filter(|l| l.contains('[')))
        {
            let inner = line
                .split('[')
                .nth(1)
                .and_then(|s| s.split(']').next())
                .unwrap_or("");
            for (col, v) in block.columns.iter().zip(inner.split(',').map(str::trim)) {
                let v = (v != "None").then(|| v.to_string());
                cells.push((CellId::new("t3", row.id, col.id).key(), v));
            }
        }
        out.push((name, cells));
    }
    out
}

/// The real reports as converters left them: every number the import places in table 三 is the
/// number a careful reader finds there, and a blank of the original is never filled. How many
/// are placed is bounded from below by what this version reads (printed with --nocapture).
#[test]
fn real_reports_place_no_cell_of_table_three_wrongly() {
    let at_least = [
        ("shuyang-2025", 175),
        ("shanghai-bgt-2025", 175),
        ("shuyang-fgj-2023", 50),
        ("shanghai-kewei-2024", 168),
    ];
    for (name, cells) in table3_as_read() {
        let text = seed_or_panic(&data(&format!("real-reports/{name}.txt")));
        // The first line is the provenance the collection added, not the report's.
        let text = text
            .split_once('\n')
            .map_or(text.as_str(), |(_, rest)| rest);
        let r = import_text(text);
        let mut placed = 0;
        for (id, want) in &cells {
            let got = r.cell_text(id).trim();
            match want {
                None => assert!(
                    got.is_empty(),
                    "{name} {id}: blank in the original, got {got}"
                ),
                Some(w) if !got.is_empty() => {
                    assert_eq!(got, w, "{name} {id}");
                    placed += 1;
                }
                Some(_) => {}
            }
        }
        let filled = cells.iter().filter(|(_, w)| w.is_some()).count();
        println!("{name}: {placed} of {filled} cells of table 三 placed");
        let min = at_least.iter().find(|(n, _)| *n == name).map_or(0, |x| x.1);
        assert!(placed >= min, "{name}: {placed} placed");
    }
}

/// Text copied out of a PDF with its columns aligned by spaces (`pdftotext -layout`, as a
/// viewer's copy gives it; `tests/data/pdf/make-pdfs.sh`): labels wrapped over lines above and
/// below their numbers, merged group labels beside them, headers stacked word by word.
#[test]
fn space_aligned_copies_of_pdfs_place_their_rows() {
    let want = fixture(&asset("sample-gov2021.ron"));
    for (name, at_least) in [
        ("pdf/published-report-libreoffice.layout.txt", 200),
        ("pdf/sample-gov2021.layout.txt", 200),
    ] {
        let r = import_text(&seed_or_panic(&data(name)));
        let placed = common::placed_correctly(&r, &want, name);
        println!("{name}: {placed} of 200 cells placed");
        assert!(placed >= at_least, "{name}: {placed}");
        if at_least == 200 {
            // Wrapped labels, merged group labels and stacked header words all accounted for.
            assert!(r.import_notes.is_empty(), "{name}: {:#?}", r.import_notes);
        }
        let arithmetic = common::arithmetic(&r);
        assert!(arithmetic.is_empty(), "{name}: {arithmetic:#?}");
    }
}

/// A block of labels, then a block of rows of numbers in the same order (a PDF converter that
/// detached the labels): placed in order when the counts match, not at all when they do not.
#[test]
fn labels_before_their_numbers_are_placed_only_when_the_counts_match() {
    let want = fixture(&asset("sample-gov2021.ron"));
    let luan = fixture(&data("luan-2023.ron"));
    let rows = ["granted", "partly", "denied_4"];
    let labels = [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "4.保护第三方合法权益",
    ];
    let columns = &want.template().table("t3").expect("t3").blocks[0].columns;
    let numbers = |row: &str| {
        columns
            .iter()
            .map(|c| {
                want.cell_text(&CellId::new("t3", row, c.id).key())
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\t")
    };
    // The sample's numbers for three rows, as a detached block before 六安's own table 三 (a
    // tab layout); 六安's own rows of the same labels come later and are then seen twice.
    let text_with = |numbered: &[&str]| {
        let mut text = seed_or_panic(&data("luan-hrss-2023.txt"));
        let at = text.find("(一) 予以公开").expect("table 三");
        let mut block = String::new();
        for l in labels {
            block.push_str(&format!("{l}\n"));
        }
        for r in numbered {
            block.push_str(&format!("{}\n", numbers(r)));
        }
        text.insert_str(at, &block);
        text
    };
    let r = import_text(&text_with(&rows));
    for row in rows {
        let id = CellId::new("t3", row, "total").key();
        assert_ne!(
            want.cell_text(&id),
            luan.cell_text(&id),
            "a row that tells them apart"
        );
        assert_eq!(r.cell_text(&id), want.cell_text(&id), "{row}");
    }
    // Two rows of numbers for three labels: none of them is placed; 六安's own rows are.
    let r = import_text(&text_with(&rows[..2]));
    for row in rows {
        let id = CellId::new("t3", row, "total").key();
        assert_eq!(r.cell_text(&id), luan.cell_text(&id), "{row}");
    }
    assert!(
        check(&r)
            .iter()
            .any(|f| f.rule == Rule::I4 && f.message.contains("没有找到所属的行")),
        "the two rows of numbers are reported"
    );
}

/// Hostile nesting (issue 17): a page nested 25 000 elements deep and a Word body nested
/// 13 000 deep once aborted the process with a stack overflow. The page is read; the Word file
/// is refused with the reason; a body nested just under the limit is read on a test thread's
/// small stack.
#[test]
fn deeply_nested_files_never_overflow_the_stack() {
    let page = format!("<p>{}x", "<b>".repeat(25_000));
    let r = import_html(&page);
    assert!(r.parts.iter().any(|p| p.full_text().contains('x')) || r.meta.lead.contains('x'));

    let word = |depth: usize| {
        let body = format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}<w:p><w:r><w:t>正文</w:t></w:r></w:p>{}</w:body></w:document>",
            "<w:sdt>".repeat(depth),
            "</w:sdt>".repeat(depth)
        );
        let mut bytes = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            let opts = zip::write::SimpleFileOptions::default();
            zip.start_file("word/document.xml", opts).expect("zip");
            std::io::Write::write_all(&mut zip, body.as_bytes()).expect("zip");
            zip.finish().expect("zip");
        }
        bytes
    };
    match nianbao::import::import_docx(&word(13_000)) {
        Ok(_) => panic!("a body nested 13 000 deep is refused"),
        Err(e) => assert!(e.to_string().contains("嵌套了"), "{e}"),
    }
    assert!(
        nianbao::import::import_docx(&word(990)).is_ok(),
        "under the limit"
    );
    // Text inside a hundred content controls is still the document's.
    let r = nianbao::import::import_docx(&word(100)).expect("read");
    assert!(r.meta.lead.contains("正文") || r.parts[0].full_text().contains("正文"));
}

/// Table 三 of the sample as markdown rows; the rows named in `bare` lose their label (a
/// converter put it elsewhere), and `extra` rows of numbers are inserted before the row named.
fn sample_with_bare_rows(bare: &[&str], extra: &[(&str, &str)]) -> String {
    let want = fixture(&asset("sample-gov2021.ron"));
    let block = &want.template().table("t3").expect("t3").blocks[0];
    let mut text = String::from(
        "桐溪县市场监督管理局2024年政府信息公开工作年度报告\n一、总体情况\n本年度依法公开政府信息。\n\
         二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n",
    );
    for row in &block.rows {
        for (before, numbers) in extra {
            if *before == row.id {
                text.push_str(&format!("| {numbers} |\n"));
            }
        }
        let numbers: Vec<&str> = block
            .columns
            .iter()
            .map(|c| want.cell_text(&CellId::new("t3", row.id, c.id).key()))
            .collect();
        let label = if bare.contains(&row.id) {
            ""
        } else {
            row.label()
        };
        let cells = numbers.join(" | ");
        if label.is_empty() {
            text.push_str(&format!("| {cells} |\n"));
        } else {
            text.push_str(&format!("| {label} | {cells} |\n"));
        }
    }
    text.push_str(
        "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n问题与改进。\n\
         六、其他需要报告的事项\n本年度未收取信息处理费。\n",
    );
    text
}

/// Rows of numbers whose labels a converter moved away are placed between the labelled rows
/// around them when exactly as many stand there as rows are missing, in order; one row too
/// many in a gap leaves that gap blank (with a note) and the others placed.
#[test]
fn unlabelled_rows_fill_a_gap_only_when_the_count_matches() {
    let want = fixture(&asset("sample-gov2021.ron"));
    let t3_cells: Vec<String> = want
        .template()
        .cells
        .iter()
        .filter(|c| c.id.starts_with("t3."))
        .map(|c| c.id.clone())
        .collect();
    let bare = ["partly", "denied_2", "unable_1", "unable_2", "unable_3"];
    let r = import_text(&sample_with_bare_rows(&bare, &[]));
    for id in &t3_cells {
        assert_eq!(r.cell_text(id), want.cell_text(id), "{id}");
    }
    assert!(common::arithmetic(&r).is_empty());

    // One row of numbers too many between 8.属于行政查询事项 and 1.信访举报投诉类申请.
    let r = import_text(&sample_with_bare_rows(
        &bare,
        &[("unhandled_1", "9 | 9 | 9 | 9 | 9 | 9 | 54")],
    ));
    for id in &t3_cells {
        let gap = ["unable_1", "unable_2", "unable_3"]
            .iter()
            .any(|row| CellId::parse(id).is_some_and(|c| c.row == *row));
        let expected = if gap { "" } else { want.cell_text(id) };
        assert_eq!(r.cell_text(id), expected, "{id}");
    }
    assert!(
        r.import_notes
            .iter()
            .any(|n| n.message.contains("没有找到所属的行") && n.message.contains("54")),
        "{:#?}",
        r.import_notes
    );
    assert!(
        common::arithmetic(&r).is_empty(),
        "blanks left by the import are unknown, not 0"
    );
}

/// Titles as PDF text gives them: the year first, the line broken before 年度报告; a markdown
/// heading. With the files' first line too (「SOURCE: … path=…/沭阳县人民政府2025年政府信息公开工作
/// 年度报告….txt」), as `nianbao check` meets them: a file path is no title.
#[test]
fn real_reports_give_their_agency_and_year() {
    for (name, agency, year) in [
        ("shanghai-bgt-2025.txt", "上海市人民政府办公厅", 2025),
        ("shanghai-kewei-2024.txt", "上海市科委", 2024),
        ("shuyang-fgj-2023.txt", "沭阳县发展和改革局", 2023),
        // The OCR's misreading of 沭, as printed.
        ("shuyang-2025.txt", "沐阳县人民政府", 2025),
    ] {
        let whole = seed_or_panic(&data(&format!("real-reports/{name}")));
        let body = whole
            .split_once('\n')
            .map_or(whole.as_str(), |(_, rest)| rest);
        for text in [body, whole.as_str()] {
            let r = import_text(text);
            assert_eq!(
                (r.meta.agency.as_str(), r.meta.year),
                (agency, year),
                "{name}"
            );
        }
    }
}

/// Crashes the fuzzers found (`fuzz/`), kept as regression tests: each input imports and checks
/// without a panic.
#[test]
fn fuzz_findings_import_and_check() {
    // A number running past the end of its clause: the C12 reader sliced backwards.
    let text = seed_or_panic(&data("fuzz/import_text-number-past-clause.txt"));
    let r = import_text(&text);
    let _ = check(&r);
}
