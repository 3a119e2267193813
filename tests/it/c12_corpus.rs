//! C12 against a corpus of real sentences (`tests/data/c12-corpus.tsv`, readings written by hand):
//! every number is read as the corpus says; on each source's own tables no sentence is flagged
//! (they all agree with their tables); and every number read as a table quantity is flagged once
//! it is made to disagree.

use crate::common;
use nianbao::core::template::CellId;

use std::collections::BTreeMap;

use nianbao::core::prose::{Mention, Reading, read};
use nianbao::core::{FormatVersion, Report, Rule, check};

/// One row of the corpus.
struct Row {
    source: String,
    format: FormatVersion,
    sentence: String,
    number: String,
    reading: String,
}

fn corpus() -> Vec<Row> {
    let text = std::fs::read_to_string(common::data("c12-corpus.tsv")).expect("corpus");
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 5, "line {}: {line}", i + 1);
        rows.push(Row {
            source: f[0].to_string(),
            format: FormatVersion::from_id(f[1]).expect("format id"),
            sentence: f[2].to_string(),
            number: f[3].to_string(),
            reading: f[4].to_string(),
        });
    }
    rows
}

/// The sentences in corpus order, each with its rows.
fn sentences(rows: &[Row]) -> Vec<(&Row, Vec<&Row>)> {
    let mut out: Vec<(&Row, Vec<&Row>)> = Vec::new();
    for r in rows {
        match out.iter_mut().find(|(first, _)| {
            first.sentence == r.sentence && first.source == r.source && first.format == r.format
        }) {
            Some((_, v)) => v.push(r),
            None => out.push((r, vec![r])),
        }
    }
    out
}

/// A reading written the corpus's way: `none`, or alternatives of `+`-joined cell ids.
fn written(m: &Mention) -> String {
    match &m.reading {
        Reading::NotTabled(_) => "none".into(),
        Reading::Quantity(q) => q
            .iter()
            .map(|q| q.cells.join("+"))
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

fn shown(sentence: &str, m: &Mention) -> String {
    sentence
        .chars()
        .skip(m.start)
        .take(m.unit_end - m.start)
        .collect()
}

#[test]
fn every_number_is_read_as_the_corpus_says() {
    let rows = corpus();
    assert!(rows.len() >= 150, "{} rows", rows.len());
    let mut wrong = Vec::new();
    let (mut tabled, mut none) = (0, 0);
    for (first, expected) in sentences(&rows) {
        let t = first.format.template();
        let got: Vec<(String, String)> = read(&first.sentence, t, "")
            .iter()
            .map(|m| (shown(&first.sentence, m), written(m)))
            .collect();
        let want: Vec<(String, String)> = expected
            .iter()
            .filter(|r| r.number != "-")
            .map(|r| (r.number.clone(), r.reading.clone()))
            .collect();
        for (_, r) in &want {
            if r == "none" {
                none += 1;
            } else {
                tabled += 1;
            }
        }
        if got != want {
            wrong.push(format!(
                "{} {}\n  want {want:?}\n  got  {got:?}",
                first.source, first.sentence
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The corpus must exercise both sides.
    assert!(tabled >= 50 && none >= 80, "{tabled} read, {none} not");
}

/// The tables each real source printed: the seeds' hand-typed drafts, the samples, and table 三
/// of the real reports as read by hand (`table3-as-read.txt`).
fn tables() -> BTreeMap<String, Report> {
    let mut out = BTreeMap::new();
    for (source, file) in [
        ("huoshan-hrss-2021", "huoshan-2021.ron"),
        ("luan-hrss-2023", "luan-2023.ron"),
        ("taierzhuang-hrss-2021", "taierzhuang-2021.ron"),
        ("qianjin-hrss-2022", "qianjin-2022.ron"),
    ] {
        out.insert(source.to_string(), common::fixture(&common::data(file)));
    }
    for (source, file) in [
        ("sample-gov2021", "sample-gov2021.ron"),
        ("sample-gov2019", "sample-gov2019.ron"),
    ] {
        out.insert(source.to_string(), common::fixture(&common::asset(file)));
    }
    let text = std::fs::read_to_string(common::data("real-reports/table3-as-read.txt"))
        .expect("table3-as-read");
    let t = FormatVersion::Gov2021.template();
    let t3 = t.table("t3").expect("t3");
    let rows: Vec<&str> = t3.blocks[0].rows.iter().map(|r| r.id).collect();
    let cols: Vec<&str> = t3.blocks[0].columns.iter().map(|c| c.id).collect();
    for block in text.split("===== ").skip(1) {
        let name = block.split(".txt").next().unwrap_or("").to_string();
        let mut report = Report::new(FormatVersion::Gov2021, 2024);
        let lines = block.lines().filter(|l| l.contains('['));
        for (row, line) in rows.iter().zip(lines) {
            let inner = line.split('[').nth(1).and_then(|s| s.split(']').next());
            let values: Vec<&str> = inner.unwrap_or("").split(',').map(str::trim).collect();
            assert_eq!(values.len(), cols.len(), "{name}: {line}");
            for (col, v) in cols.iter().zip(values) {
                if v != "None" {
                    report.set_cell(&CellId::new("t3", row, col).key(), v);
                }
            }
        }
        out.insert(name, report);
    }
    out
}

fn c12(report: &Report) -> Vec<String> {
    check(report)
        .into_iter()
        .filter(|f| f.rule == Rule::C12)
        .map(|f| f.message)
        .collect()
}

#[test]
fn no_sentence_of_the_corpus_disagrees_with_its_own_tables() {
    let rows = corpus();
    let tables = tables();
    let mut checked = 0;
    for (first, _) in sentences(&rows) {
        let Some(table) = tables.get(&first.source) else {
            continue;
        };
        let mut r = table.clone();
        r.parts[0].intro = first.sentence.clone();
        r.parts[0].sections.clear();
        let found = c12(&r);
        assert!(found.is_empty(), "{}: {found:?}", first.sentence);
        checked += 1;
    }
    assert!(checked >= 50, "{checked} sentences checked");
}

#[test]
fn every_number_read_as_a_quantity_is_flagged_when_it_disagrees() {
    let rows = corpus();
    let tables = tables();
    let (mut flagged, mut blank) = (0, 0);
    for (first, _) in sentences(&rows) {
        let Some(table) = tables.get(&first.source) else {
            continue;
        };
        let t = first.format.template();
        for m in read(&first.sentence, t, "") {
            let Reading::Quantity(q) = &m.reading else {
                continue;
            };
            // A quantity with a blank cell is not compared at all.
            if q.iter()
                .flat_map(|q| &q.cells)
                .any(|id| table.cell_text(id).trim().is_empty())
            {
                blank += 1;
                continue;
            }
            let chars: Vec<char> = first.sentence.chars().collect();
            let changed: String = chars[..m.start]
                .iter()
                .chain(
                    (m.value as i64 + 1000)
                        .to_string()
                        .chars()
                        .collect::<Vec<_>>()
                        .iter(),
                )
                .chain(chars[m.end..].iter())
                .collect();
            let mut r = table.clone();
            r.parts[0].intro = changed.clone();
            r.parts[0].sections.clear();
            let found = c12(&r);
            assert_eq!(found.len(), 1, "{changed}: {found:?}");
            assert!(
                found[0].contains(&format!("按{}理解", q[0].name)),
                "{}",
                found[0]
            );
            flagged += 1;
        }
    }
    println!("{flagged} numbers flagged once changed, {blank} not compared (blank cells)");
    assert!(flagged >= 40, "{flagged} flagged, {blank} with blank cells");
}

#[test]
fn a_blank_table_is_never_compared() {
    let rows = corpus();
    for (first, _) in sentences(&rows) {
        let mut r = Report::new(first.format, 2024);
        r.parts[0].intro = first.sentence.clone();
        let found = c12(&r);
        assert!(found.is_empty(), "{}: {found:?}", first.sentence);
    }
}
