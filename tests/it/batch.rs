//! Issue 24: the batch review. A folder of this year's reports (the seeds, the real reports, a
//! damaged PDF, one report twice) and last year's drafts beside it: a row per file, the
//! cross-year checks where a pair exists and nowhere else, and the overview as a web page, a
//! spreadsheet and JSON whose figures are the single-report `check --json`'s.

use std::path::{Path, PathBuf};

use nianbao::batch::{self, Batch, Verdict};
use nianbao::core::{Report, Rule};

use crate::common;

const SCHEMA: &str = "assets/schema/nianbao-batch.schema.json";

/// The folders: `this` (this year's) and `last` (last year's drafts).
struct Folders {
    _dir: tempfile::TempDir,
    this: PathBuf,
    last: PathBuf,
}

fn save(r: &Report, path: &Path) {
    nianbao::store::save(r, path).expect("save");
}

fn folders() -> Folders {
    let dir = tempfile::tempdir().expect("temp dir");
    let this = dir.path().join("各单位");
    let last = dir.path().join("上年度");
    std::fs::create_dir_all(&this).expect("mkdir");
    std::fs::create_dir_all(&last).expect("mkdir");
    for seed in [
        "taierzhuang-hrss-2021",
        "huoshan-hrss-2021",
        "qianjin-hrss-2022",
    ] {
        std::fs::copy(
            common::data(&format!("{seed}.txt")),
            this.join(format!("{seed}.txt")),
        )
        .expect("copy seed");
    }
    for real in ["shuyang-fgj-2023", "shanghai-kewei-2024"] {
        std::fs::copy(
            common::data(&format!("real-reports/{real}.txt")),
            this.join(format!("{real}.txt")),
        )
        .expect("copy real report");
    }
    std::fs::copy(
        common::data("real-reports/pingtan/13_pingtan-jtj-2021.html"),
        this.join("13_pingtan-jtj-2021.html"),
    )
    .expect("copy page");
    // The same report twice (a copy left in the folder).
    std::fs::copy(
        common::data("taierzhuang-hrss-2021.txt"),
        this.join("台儿庄（副本）.txt"),
    )
    .expect("copy");
    // A PDF cut short in transfer.
    let pdf = std::fs::read(common::data("pdf/published-report-libreoffice.pdf")).expect("pdf");
    std::fs::write(this.join("损坏.pdf"), &pdf[..3000]).expect("write");

    // This year's sample (2025) whose 上年结转 disagrees with last year's 结转下年度; last year's
    // sample (2024) under the agency written with its county in front; and one agency of last
    // year that sent nothing this year.
    let mut now = common::fixture(&common::asset("sample-gov2021.ron"));
    now.meta.year = 2025;
    now.set_cell("t3.carried_in.natural", "9");
    now.meta.agency = "县市场监督管理局".into();
    save(&now, &this.join("样例局2025.ron"));
    let before = common::fixture(&common::asset("sample-gov2021.ron"));
    assert_eq!(before.meta.agency, "桐溪县市场监督管理局");
    save(&before, &last.join("样例局2024.ron"));
    let mut gone = common::fixture(&common::asset("sample-gov2021.ron"));
    gone.meta.agency = "桐溪县已撤销局".into();
    save(&gone, &last.join("已撤销局2024.ron"));
    Folders {
        _dir: dir,
        this,
        last,
    }
}

fn row<'a>(b: &'a Batch, file_end: &str) -> &'a batch::BatchRow {
    b.rows
        .iter()
        .find(|r| r.file.ends_with(file_end))
        .unwrap_or_else(|| panic!("no row for {file_end}"))
}

#[test]
fn a_folder_gives_a_row_for_every_file_and_pairs_last_year() {
    let f = folders();
    let b =
        batch::run(std::slice::from_ref(&f.this), std::slice::from_ref(&f.last)).expect("batch");
    assert_eq!(b.rows.len(), 9, "every file a row, none dropped");

    let broken = row(&b, "损坏.pdf");
    assert_eq!(broken.verdict, Verdict::Unreadable);
    assert!(broken.notes[0].contains("PDF"), "{:?}", broken.notes);

    // The seed whose （七）总计 says 0: back to the department, its R rules named.
    let tz = row(&b, "taierzhuang-hrss-2021.txt");
    assert_eq!(tz.verdict, Verdict::Return);
    assert!(tz.rules.contains(&Rule::R1), "{:?}", tz.rules);
    assert!(
        tz.findings
            .iter()
            .any(|f| f.cell == "t3.total.total" && f.table == "三")
    );
    // …and its copy: both listed, each naming the other.
    let copy = row(&b, "台儿庄（副本）.txt");
    assert!(
        copy.notes
            .iter()
            .any(|n| n.contains("taierzhuang-hrss-2021.txt"))
    );
    assert!(tz.notes.iter().any(|n| n.contains("台儿庄（副本）.txt")));

    // A complete, correct report is ready to publish.
    assert_eq!(
        row(&b, "13_pingtan-jtj-2021.html").verdict,
        Verdict::Publishable
    );

    // The pair: matched without the county's name, and C13 finds the 上年结转 that does not
    // roll forward. No other report has a cross-year finding.
    let pair = row(&b, "样例局2025.ron");
    assert!(
        pair.last_year
            .as_deref()
            .is_some_and(|l| l.ends_with("样例局2024.ron"))
    );
    assert!(
        pair.findings.iter().any(|f| f.rule == Rule::C13),
        "{:#?}",
        pair.findings
    );
    for r in b
        .rows
        .iter()
        .filter(|r| !r.file.ends_with("样例局2025.ron"))
    {
        assert!(r.last_year.is_none(), "{}", r.file);
        assert!(
            !r.findings
                .iter()
                .any(|f| matches!(f.rule, Rule::C13 | Rule::C14 | Rule::C15)),
            "{}",
            r.file
        );
    }
    assert_eq!(
        b.last_year_unmatched.len(),
        1,
        "{:?}",
        b.last_year_unmatched
    );
    assert!(b.last_year_unmatched[0].contains("已撤销局"));
}

/// Every figure of the overview is the single-report `check --json`'s.
#[test]
fn the_spreadsheet_and_json_agree_with_single_checks() {
    let f = folders();
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = dir.path().join("审核结果.xlsx");
    let json = dir.path().join("审核结果.json");
    for out in [&xlsx, &json] {
        let o = common::nianbao(&[
            "check",
            common::arg(&f.this),
            "--last-year",
            common::arg(&f.last),
            "--report",
            common::arg(out),
        ]);
        assert_eq!(o.status.code(), Some(2), "one file is unreadable");
        let text = common::stdout(&o);
        assert!(text.contains("已写出审核结果"), "{text}");
        assert!(text.contains("有错误需退回"), "{text}");
    }
    let b: Batch =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("parse");

    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("xlsx");
    let sheet = book
        .worksheet_range(batch::xlsx::REPORTS_SHEET)
        .expect("reports sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), b.rows.len() + 1);
    let number = |d: &Data| match d {
        Data::Float(x) => *x as usize,
        Data::Int(x) => *x as usize,
        other => panic!("{other:?}"),
    };
    for (r, cells) in b.rows.iter().zip(&rows[1..]) {
        assert_eq!(cells[3].to_string(), r.file);
        assert_eq!(cells[4].to_string(), r.verdict.chinese());
        if r.verdict == Verdict::Unreadable {
            continue;
        }
        let mut args = vec!["check", "--json", r.file.as_str()];
        let previous = r.last_year.clone();
        if let Some(p) = previous.as_deref() {
            args.extend(["--previous", p]);
        }
        let single: serde_json::Value =
            serde_json::from_slice(&common::nianbao(&args).stdout).expect("check --json");
        let one = &single[0];
        assert_eq!(
            number(&cells[5]),
            one["errors"].as_u64().expect("n") as usize,
            "{}",
            r.file
        );
        assert_eq!(
            number(&cells[6]),
            one["warnings"].as_u64().expect("n") as usize,
            "{}",
            r.file
        );
        assert_eq!(r.errors, number(&cells[5]));
        assert_eq!(
            r.findings.len(),
            one["findings"].as_array().expect("findings").len(),
            "{}",
            r.file
        );
    }
    let findings = book
        .worksheet_range(batch::xlsx::FINDINGS_SHEET)
        .expect("findings sheet");
    let total: usize = b.rows.iter().map(|r| r.findings.len()).sum();
    assert_eq!(findings.rows().count(), total + 1);
    assert_eq!(
        findings
            .rows()
            .next()
            .map(|h| h.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
        Some(
            batch::xlsx::FINDING_HEADERS
                .iter()
                .map(|s| s.to_string())
                .collect()
        )
    );

    // The JSON validates against its committed schema.
    let schema: serde_json::Value =
        serde_json::from_str(&batch::schema_json()).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("parse");
    assert!(validator.is_valid(&value));
}

/// The page is self-contained and parses without an error: no script, no link out, every
/// report and a chart.
#[test]
fn the_page_is_whole_and_parses_cleanly() {
    let f = folders();
    let b =
        batch::run(std::slice::from_ref(&f.this), std::slice::from_ref(&f.last)).expect("batch");
    let html = batch::html::to_html(&b);
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "{:#?}", doc.errors);
    assert!(!html.contains("<script") && !html.contains("https://") && !html.contains("src="));
    assert!(html.contains("<svg"));
    for r in &b.rows {
        assert!(html.contains(&r.file), "{}", r.file);
    }
    // Those to return come before those ready to publish.
    let back = html.find("有错误需退回</td>").expect("a row to return");
    let ok = html.find("可发布</td>").expect("a row to publish");
    assert!(back < ok);
}

#[test]
fn the_committed_schema_matches_the_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    let generated = batch::schema_json();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA} is out of date: run `UPDATE_SCHEMA=1 cargo test --test it -- batch` and commit it"
    );
}
