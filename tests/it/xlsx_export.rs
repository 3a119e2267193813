//! The spreadsheet (issue 18): one sheet per table with the template's merged headers, the
//! figures as numbers and the totals as formulas that compute the report's totals. The file is
//! read back with calamine and every formula is evaluated here, from the sheet's numbers.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::common;
use nianbao::core::Report;
use nianbao::core::geometry::{Content, block_grid};
use nianbao::core::values::CellValue;
use nianbao::export::xlsx::{DETAIL_SHEET, TOTAL_SHEET, merge_to_xlsx, sheet_name, to_xlsx};

type Book = Xlsx<Cursor<Vec<u8>>>;

fn open(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("an xlsx calamine reads")
}

/// A sheet: values and formulas by (row, column), both 0-based.
struct Sheet {
    values: HashMap<(u32, u32), Data>,
    formulas: HashMap<(u32, u32), String>,
}

fn sheet(book: &mut Book, name: &str) -> Sheet {
    let range = book.worksheet_range(name).expect("sheet");
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let values = range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect();
    let f = book.worksheet_formula(name).expect("formulas");
    let (r0, c0) = f.start().unwrap_or((0, 0));
    let formulas = f
        .used_cells()
        .filter(|(_, _, s)| !s.is_empty())
        .map(|(r, c, s)| ((r0 + r as u32, c0 + c as u32), s.clone()))
        .collect();
    Sheet { values, formulas }
}

/// "B3" → (2, 1).
fn cell_ref(s: &str) -> (u32, u32) {
    let s = s.replace('$', "");
    let letters: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters
        .chars()
        .fold(0u32, |acc, ch| acc * 26 + (ch as u32 - 'A' as u32 + 1))
        - 1;
    let row: u32 = s[letters.len()..].parse().expect("row number");
    (row - 1, col)
}

/// The cells of "B3", "B3:D3" or "B3:B9".
fn refs(arg: &str) -> Vec<(u32, u32)> {
    match arg.split_once(':') {
        Some((a, b)) => {
            let (a, b) = (cell_ref(a), cell_ref(b));
            let mut out = Vec::new();
            for r in a.0..=b.0 {
                for c in a.1..=b.1 {
                    out.push((r, c));
                }
            }
            out
        }
        None => vec![cell_ref(arg)],
    }
}

/// Evaluates the `=SUM(…)` formulas of a sheet from its number cells, following formulas that
/// refer to other formulas; a cycle or any other function fails the test.
fn eval(s: &Sheet, at: (u32, u32), depth: usize) -> f64 {
    assert!(
        depth < 50,
        "formulas refer to each other in a cycle at {at:?}"
    );
    if let Some(f) = s.formulas.get(&at) {
        let f = f.trim_start_matches('=');
        let args = f
            .strip_prefix("SUM(")
            .and_then(|x| x.strip_suffix(')'))
            .unwrap_or_else(|| panic!("only SUM is written: {f}"));
        return args
            .split(',')
            .flat_map(refs)
            .map(|p| eval(s, p, depth + 1))
            .sum();
    }
    match s.values.get(&at) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(i)) => *i as f64,
        None | Some(Data::Empty) => 0.0,
        Some(other) => panic!("{at:?} is summed but holds {other:?}"),
    }
}

/// Where each template cell of `report` is on its sheet, by the grid the export lays out:
/// the blocks start on row 4 (after the heading, the line about the report and a blank row),
/// one blank row apart.
fn positions(report: &Report) -> HashMap<usize, (String, (u32, u32))> {
    let t = report.template();
    let mut out = HashMap::new();
    for table in &t.tables {
        let mut top = 3u32;
        for b in 0..table.blocks.len() {
            let g = block_grid(t, table, b);
            for p in &g.cells {
                if let Content::Value(Some(idx)) = p.content {
                    out.insert(
                        idx,
                        (sheet_name(t, table), (top + p.row as u32, p.col as u32)),
                    );
                }
            }
            top += g.rows as u32 + 1;
        }
    }
    out
}

/// The number a report's cell holds, as the sheet should hold it.
fn number(report: &Report, idx: usize) -> Option<f64> {
    let t = report.template();
    match report.value(&t.cells[idx].id) {
        CellValue::Value { number, .. } => Some(number.to_string().parse().expect("number")),
        _ => None,
    }
}

#[test]
fn every_figure_is_a_number_and_every_total_a_formula_that_computes_it() {
    for (name, path) in common::samples_and_seeds() {
        let report = common::fixture(&path);
        let t = report.template();
        let mut book = open(to_xlsx(&report).expect("xlsx"));
        let names: Vec<String> = t.tables.iter().map(|tb| sheet_name(t, tb)).collect();
        assert_eq!(book.sheet_names(), names, "{name}");
        let mut sheets: HashMap<String, Sheet> = names
            .iter()
            .map(|n| (n.clone(), sheet(&mut book, n)))
            .collect();
        let mut formulas = 0;
        for (idx, (sheet_name, at)) in positions(&report) {
            let s = sheets.get_mut(&sheet_name).expect("sheet");
            let id = &t.cells[idx].id;
            let typed = report.cell_text(id).trim();
            if s.formulas.contains_key(&at) {
                formulas += 1;
                // The formula computes the report's figure, and the cached result says so too.
                let want = number(&report, idx).expect("a total written as a formula is a number");
                assert_eq!(eval(s, at, 0), want, "{name} {id}");
                assert_eq!(s.values.get(&at), Some(&Data::Float(want)), "{name} {id}");
                continue;
            }
            match number(&report, idx) {
                Some(want) => {
                    assert_eq!(s.values.get(&at), Some(&Data::Float(want)), "{name} {id}")
                }
                None if typed.is_empty() => {
                    assert!(
                        matches!(s.values.get(&at), None | Some(Data::Empty)),
                        "{name} {id}"
                    )
                }
                None => assert_eq!(
                    s.values.get(&at),
                    Some(&Data::String(typed.to_string())),
                    "{name} {id}"
                ),
            }
        }
        // Every filled total of R1, R2 and R4 whose relations hold is a formula: all of them
        // in the samples, which add up and are complete.
        let totals: std::collections::HashSet<usize> = t
            .relations
            .iter()
            .filter(|r| r.lhs.len() == 1)
            .map(|r| r.lhs[0])
            .filter(|&c| number(&report, c).is_some())
            .collect();
        if name.starts_with("sample") {
            assert!(common::arithmetic(&report).is_empty(), "{name}");
            assert_eq!(formulas, totals.len(), "{name}");
        } else {
            assert!(formulas <= totals.len(), "{name}");
        }
        assert!(formulas > 0, "{name}");
    }
}

#[test]
fn a_total_that_does_not_add_up_is_kept_as_published_not_corrected() {
    // 台儿庄's （七）总计·总计 says 0 where its parts give 3.
    let report = common::fixture(&common::data("taierzhuang-2021.ron"));
    let t = report.template();
    let idx = t.cell_index("t3.total.total").expect("cell");
    assert_eq!(report.cell_text("t3.total.total").trim(), "0");
    let (name, at) = positions(&report)[&idx].clone();
    let mut book = open(to_xlsx(&report).expect("xlsx"));
    let s = sheet(&mut book, &name);
    assert!(!s.formulas.contains_key(&at), "no formula that would say 3");
    assert_eq!(s.values.get(&at), Some(&Data::Float(0.0)));
}

#[test]
fn the_headers_are_merged_as_the_template_merges_them() {
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let t = report.template();
    let mut book = open(to_xlsx(&report).expect("xlsx"));
    for table in &t.tables {
        let name = sheet_name(t, table);
        let mut got: Vec<((u32, u32), (u32, u32))> = book
            .merge_cells_by_sheet_name(&name)
            .expect("merged cells")
            .iter()
            .map(|d| (d.start, d.end))
            .collect();
        let mut want = vec![];
        let mut top = 3u32;
        for b in 0..table.blocks.len() {
            let g = block_grid(t, table, b);
            for p in g.cells.iter().filter(|p| p.rows > 1 || p.cols > 1) {
                let (r, c) = (top + p.row as u32, p.col as u32);
                want.push(((r, c), (r + p.rows as u32 - 1, c + p.cols as u32 - 1)));
            }
            top += g.rows as u32 + 1;
        }
        // The heading and the line about the report, across the table.
        got.retain(|(s, _)| s.0 >= 3);
        got.sort();
        want.sort();
        assert_eq!(got, want, "{name}");
        assert!(!want.is_empty(), "{name} has merged header cells");
    }
}

#[test]
fn a_merge_workbook_has_a_row_per_agency_and_cell_and_the_totals_as_formulas() {
    let sample = common::fixture(&common::asset("sample-gov2021.ron"));
    let mut other = sample.clone();
    other.meta.agency = "桐溪县教育局".into();
    other.set_cell("t2.permits.decisions", "7");
    let inputs = vec![
        ("a.ron".to_string(), sample.clone()),
        ("b.ron".to_string(), other.clone()),
    ];
    let merged = nianbao::core::merge::merge(&inputs, "桐溪县人民政府", true).expect("merge");
    let mut book = open(merge_to_xlsx(&merged, &inputs).expect("xlsx"));
    let t = merged.template();
    let names = book.sheet_names();
    assert!(names.contains(&DETAIL_SHEET.to_string()) && names.contains(&TOTAL_SHEET.to_string()));
    let detail = sheet(&mut book, DETAIL_SHEET);
    // A row per agency and cell, below the header row.
    let rows = detail.values.keys().map(|(r, _)| *r).max().unwrap_or(0);
    assert_eq!(rows as usize, 2 * t.cells.len());
    let totals = sheet(&mut book, TOTAL_SHEET);
    for (i, cell) in t.cells.iter().enumerate() {
        let r = i as u32 + 1;
        assert_eq!(
            totals.values.get(&(r, 3)),
            Some(&Data::String(cell.id.clone()))
        );
        let f = totals.formulas.get(&(r, 4)).expect("a SUMIFS formula");
        assert!(f.contains("SUMIFS("), "{f}");
        // Evaluated here: the detail rows of this cell, summed.
        let sum: f64 = (1..=rows)
            .filter(|&row| detail.values.get(&(row, 5)) == Some(&Data::String(cell.id.clone())))
            .map(|row| match detail.values.get(&(row, 6)) {
                Some(Data::Float(x)) => *x,
                _ => 0.0,
            })
            .sum();
        let want = number(&merged, i).unwrap_or(0.0);
        assert_eq!(sum, want, "{}", cell.id);
        assert_eq!(
            totals.values.get(&(r, 4)),
            Some(&Data::Float(want)),
            "{}",
            cell.id
        );
    }
    // The changed cell: 7 from one agency, the sample's figure from the other.
    let i = t.cell_index("t2.permits.decisions").expect("cell");
    assert_eq!(
        number(&merged, i),
        Some(7.0 + number(&sample, i).unwrap_or(0.0))
    );
}

#[test]
fn the_command_line_writes_the_spreadsheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("年报.xlsx");
    let sample = common::asset("sample-gov2021.ron");
    let o = common::nianbao(&["export", common::arg(&sample), "--xlsx", common::arg(&out)]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(common::stdout(&o).contains("已导出电子表格"));
    assert!(open(std::fs::read(&out).expect("xlsx")).sheet_names().len() == 3);
    let merged = dir.path().join("汇总.ron");
    let sheet_out = dir.path().join("汇总.xlsx");
    let copy = dir.path().join("副本.ron");
    std::fs::copy(&sample, &copy).expect("copy");
    let o = common::nianbao(&[
        "merge",
        common::arg(&sample),
        common::arg(&copy),
        "-o",
        common::arg(&merged),
        "--agency",
        "桐溪县人民政府",
        "--xlsx",
        common::arg(&sheet_out),
        "--allow-duplicates",
    ]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let mut book = open(std::fs::read(&sheet_out).expect("xlsx"));
    assert_eq!(book.sheet_names().len(), 5);
    let detail = sheet(&mut book, DETAIL_SHEET);
    let t = common::fixture(&sample).template();
    assert_eq!(
        detail.values.keys().map(|(r, _)| *r).max(),
        Some(2 * t.cells.len() as u32)
    );
}

/// The package with every formula's cached result removed, so that whoever opens it must
/// compute the formulas.
fn without_cached_results(xlsx: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(Cursor::new(xlsx)).expect("zip");
    let mut out = Cursor::new(Vec::new());
    let mut zout = zip::ZipWriter::new(&mut out);
    let mut stripped = 0;
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).expect("entry");
        let name = e.name().expect("name").to_string();
        let mut data = String::new();
        e.read_to_string(&mut data).expect("text part");
        if name.starts_with("xl/worksheets/") {
            let mut kept = String::with_capacity(data.len());
            let mut rest = data.as_str();
            while let Some(at) = rest.find("</f><v>") {
                kept.push_str(&rest[..at + 4]);
                let after = &rest[at + 4..];
                let end = after.find("</v>").expect("closing </v>") + 4;
                rest = &after[end..];
                stripped += 1;
            }
            kept.push_str(rest);
            data = kept;
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zout.write_all(data.as_bytes()).expect("write");
    }
    zout.finish().expect("finish");
    assert!(stripped > 20, "{stripped} cached results");
    out.into_inner()
}

/// A CSV line's fields (LibreOffice quotes fields that hold the separator or quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("field").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().expect("field").push(c),
        }
    }
    out
}

#[test]
fn libreoffice_computes_the_totals_from_the_formulas() {
    let Some(soffice) = common::soffice(common::Office::Calc) else {
        return;
    };
    let report = common::fixture(&common::asset("sample-gov2021.ron"));
    let t = report.template();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bare.xlsx");
    std::fs::write(
        &file,
        without_cached_results(&to_xlsx(&report).expect("xlsx")),
    )
    .expect("write");
    // Every sheet to its own CSV file: 「bare-<sheet>.csv」.
    let o = common::convert(
        soffice,
        &file,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        dir.path(),
    );
    let mut checked = 0;
    for (idx, (sheet, (r, c))) in positions(&report) {
        let csv = dir.path().join(format!("bare-{sheet}.csv"));
        let text = std::fs::read_to_string(&csv).unwrap_or_else(|_| panic!("{csv:?}: {o:?}"));
        let line = text.lines().nth(r as usize).expect("row");
        let got = fields(line).get(c as usize).cloned().unwrap_or_default();
        let want = number(&report, idx)
            .map(|n| n.to_string())
            .unwrap_or_default();
        assert_eq!(got, want, "{} at row {r} column {c}", t.cells[idx].id);
        checked += 1;
    }
    assert_eq!(checked, t.cells.len());
}
