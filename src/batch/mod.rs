//! The batch review (批量核对): the office that receives every department's report checks a
//! folder of them at once, last year's beside it, and gets one overview to act on — a row per
//! report (可发布 / 有错误需退回 / 导入未完成需对照原文 / 无法读取), its findings, and what the
//! folder itself says (one agency twice, two years mixed, last year's that matched nothing).
//!
//! Files are read and checked on every core; each report is dropped once its row is made, so
//! memory grows with the rows, not the reports. The overview is written as a web page, a
//! spreadsheet or JSON ([`write`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::core::{Finding, FormatVersion, Level, Report, Rule, check_with_previous, tally};
use crate::store::StoreError;

pub mod html;
pub mod parallel;
pub mod xlsx;

/// The `format` tag of the JSON overview.
pub const BATCH_FORMAT: &str = "nianbao-batch";

/// What the office does with a report.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The file could not be read as a report.
    Unreadable,
    /// Errors: back to the department.
    Return,
    /// The import could not place some cells: compare with the original before judging.
    Incomplete,
    /// No error: ready to publish (warnings may remain).
    Publishable,
}

impl Verdict {
    /// The order the office acts in: to return first, then to compare, unreadable, ready.
    pub fn rank(self) -> u8 {
        match self {
            Verdict::Return => 0,
            Verdict::Incomplete => 1,
            Verdict::Unreadable => 2,
            Verdict::Publishable => 3,
        }
    }

    /// The words the overview prints.
    pub fn chinese(self) -> &'static str {
        match self {
            Verdict::Unreadable => "无法读取",
            Verdict::Return => "有错误需退回",
            Verdict::Incomplete => "导入未完成需对照原文",
            Verdict::Publishable => "可发布",
        }
    }
}

/// One finding of a report, placed for the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BatchFinding {
    /// The rule, e.g. `R1`, `C5`.
    pub rule: Rule,
    /// 错误 or 提醒.
    pub level: Level,
    /// The part it concerns (0 for the report as a whole).
    pub part: u8,
    /// The table of its first cell (「三」), if it names one.
    pub table: String,
    /// The row of its first cell.
    pub row: String,
    /// The column of its first cell.
    pub column: String,
    /// The first cell's id.
    pub cell: String,
    /// What the report has in that cell.
    pub text: String,
    /// The message.
    pub message: String,
}

/// One report of the folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BatchRow {
    /// The file, as found.
    pub file: String,
    /// The agency (empty when the report names none).
    pub agency: String,
    /// The year reported on (0 when unreadable).
    pub year: i32,
    /// The official format, when read.
    pub format: Option<FormatVersion>,
    /// What the office does with it.
    pub verdict: Verdict,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Table cells the import could not place (still blank).
    pub unplaced: usize,
    /// The rules that failed, once each, in order.
    pub rules: Vec<Rule>,
    /// Last year's report it was compared with (C13–C15), if one matched.
    pub last_year: Option<String>,
    /// What the folder says about it: read error, the same agency twice, another year.
    pub notes: Vec<String>,
    /// Its findings.
    pub findings: Vec<BatchFinding>,
    /// For a scan: how it was read by OCR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<ScanStatus>,
}

/// How a scanned report was read (issue 31): its values read by OCR, and how many of them a
/// person should still compare with the scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScanStatus {
    /// Table values read from the scan.
    pub cells: usize,
    /// Of them, read with little confidence and not yet looked at.
    pub unsure: usize,
}

impl ScanStatus {
    /// The status of a report read from a scan; `None` for any other.
    pub fn of(report: &Report) -> Option<ScanStatus> {
        let read_by_ocr =
            !report.scanned.is_empty() || report.import_notes.iter().any(|n| n.rule == Rule::I8);
        read_by_ocr.then(|| ScanStatus {
            cells: report.scanned.len(),
            unsure: report
                .scanned
                .iter()
                .filter(|(id, c)| c.needs_a_look(report.cell_text(id)))
                .count(),
        })
    }

    /// In a few words, for a table's cell: 「扫描件 OCR」, 「扫描件 OCR，3 格待核」.
    pub fn short(&self) -> String {
        if self.unsure == 0 {
            "扫描件 OCR".into()
        } else {
            format!("扫描件 OCR，{} 格待核", self.unsure)
        }
    }

    /// In a sentence.
    pub fn describe(&self) -> String {
        if self.unsure == 0 {
            format!(
                "扫描件，经文字识别（OCR）读出 {} 个数，把握都较高",
                self.cells
            )
        } else {
            format!(
                "扫描件，经文字识别（OCR）读出 {} 个数，其中 {} 个把握较低，请对照原件核对",
                self.cells, self.unsure
            )
        }
    }
}

/// The overview of a folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Batch {
    /// Always 「nianbao-batch」.
    pub format: String,
    /// Layout version of this file (1).
    pub version: u32,
    /// One row per file, in the order of the files.
    pub rows: Vec<BatchRow>,
    /// Last year's reports that matched no report of this year.
    pub last_year_unmatched: Vec<String>,
    /// How reports were matched with last year's, in words.
    pub matching: String,
}

/// How agencies are matched across years, as the overview says it.
pub const MATCHING: &str = "按机关名称配对：去掉所有空白后相同即为同一机关；若不相同，再去掉开头的行政区划名（名称前八个字中到第一个省、市、州、盟、县、区、旗字为止，例如“沭阳县”“台儿庄区”，或单独的“县”“区”；“市场”的“市”不算）后比较，两边都只有一份相同时配对";

/// The name an agency is matched by: no white space at all.
fn key(agency: &str) -> String {
    agency
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The name without the place it belongs to: 「沭阳县发展和改革局」 → 「发展和改革局」,
/// 「县市场监督管理局」 → 「市场监督管理局」. The place ends at the first 省/市/州/盟/县/区/旗
/// within the first eight characters (a lone 「市」 before 「场」 is 市场, not a city), and at
/// least two characters must remain.
fn without_place(key: &str) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    let end = chars.iter().take(8).enumerate().position(|(i, c)| {
        "省市州盟县区旗".contains(*c) && !(*c == '市' && chars.get(i + 1) == Some(&'场'))
    })?;
    (chars.len() - end > 2).then(|| chars[end + 1..].iter().collect())
}

/// Expands folders into the reports they hold (not recursing), in name order; files stay.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, StoreError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut here: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|source| StoreError::Read {
                    path: p.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && is_report_file(f))
                .collect();
            here.sort();
            out.extend(here);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Whether a file in a folder is one the batch reads: a draft, a JSON copy or a published
/// report. Lock files and backups are not.
pub fn is_report_file(p: &Path) -> bool {
    let hidden = p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    !hidden
        && (crate::import::is_published_report(p)
            || p.extension().is_some_and(|e| e == "ron" || e == "json"))
}

/// Last year's reports, by the names they are matched by.
struct LastYear {
    reports: Vec<(String, Report)>,
    used: Vec<bool>,
}

impl LastYear {
    fn read(files: &[PathBuf], progress: &Progress) -> (Self, Vec<String>) {
        let read = parallel::par_map(files, |p| {
            let r = crate::import::load_report(p);
            progress.step();
            r
        });
        let mut reports = Vec::new();
        let mut unreadable = Vec::new();
        for (p, r) in files.iter().zip(read) {
            match r {
                Ok(r) => reports.push((p.display().to_string(), r)),
                Err(e) => unreadable.push(format!("{}（无法读取：{e}）", p.display())),
            }
        }
        let used = vec![false; reports.len()];
        (LastYear { reports, used }, unreadable)
    }

    /// The index of last year's report for `agency`, by the rule of [`MATCHING`].
    fn find(&self, agency: &str, this_year: &[String]) -> Option<usize> {
        let k = key(agency);
        if k.is_empty() {
            return None;
        }
        let same: Vec<usize> = (0..self.reports.len())
            .filter(|&i| key(&self.reports[i].1.meta.agency) == k)
            .collect();
        if let [one] = same.as_slice() {
            return Some(*one);
        }
        if !same.is_empty() {
            return None;
        }
        let bare = without_place(&k).unwrap_or_else(|| k.clone());
        let strip = |a: &str| {
            let k = key(a);
            without_place(&k).unwrap_or(k)
        };
        let there: Vec<usize> = (0..self.reports.len())
            .filter(|&i| strip(&self.reports[i].1.meta.agency) == bare)
            .collect();
        let here = this_year.iter().filter(|a| strip(a) == bare).count();
        match there.as_slice() {
            [one] if here == 1 => Some(*one),
            _ => None,
        }
    }
}

/// How far a run is, and a way to stop it: shared with the window that shows it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Files to read (this year's and last year's; the pairs read again count too).
    pub total: AtomicUsize,
    /// Files read so far.
    pub done: AtomicUsize,
    /// Set to stop: the run ends at the next file and gives no overview.
    pub cancel: AtomicBool,
}

impl Progress {
    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Checks every file (folders expanded), with last year's reports from `last_year` (files or
/// folders) where one matches.
pub fn run(files: &[PathBuf], last_year: &[PathBuf]) -> Result<Batch, StoreError> {
    Ok(
        run_with(files, last_year, &Progress::default())?.unwrap_or_else(|| Batch {
            format: BATCH_FORMAT.into(),
            version: 1,
            rows: Vec::new(),
            last_year_unmatched: Vec::new(),
            matching: MATCHING.into(),
        }),
    )
}

/// [`run`], counting each file read in `progress`; `None` when it was cancelled.
pub fn run_with(
    files: &[PathBuf],
    last_year: &[PathBuf],
    progress: &Progress,
) -> Result<Option<Batch>, StoreError> {
    let files = expand(files)?;
    let last_files = expand(last_year)?;
    progress
        .total
        .store(files.len() + last_files.len(), Ordering::Relaxed);
    let (mut last, mut last_unreadable) = LastYear::read(&last_files, progress);
    let rows = parallel::par_map(&files, |p| {
        if progress.cancelled() {
            return None;
        }
        let row = row_of(p, None);
        progress.step();
        Some(row)
    });
    let Some(mut rows) = rows.into_iter().collect::<Option<Vec<BatchRow>>>() else {
        return Ok(None);
    };
    // With last year's reports: each report that has a pair is checked again beside it (read
    // again rather than kept, so that memory grows with the rows, not the reports).
    if !last.reports.is_empty() {
        let agencies: Vec<String> = rows.iter().map(|r| r.agency.clone()).collect();
        let jobs: Vec<(usize, usize)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.verdict != Verdict::Unreadable)
            .filter_map(|(i, r)| last.find(&r.agency, &agencies).map(|j| (i, j)))
            .collect();
        for (_, j) in &jobs {
            last.used[*j] = true;
        }
        progress.total.fetch_add(jobs.len(), Ordering::Relaxed);
        let last_ref = &last;
        let paired = parallel::par_map(&jobs, |(i, j)| {
            if progress.cancelled() {
                return None;
            }
            let row = row_of(&files[*i], Some(&last_ref.reports[*j]));
            progress.step();
            Some(row)
        });
        for ((i, _), row) in jobs.iter().zip(paired) {
            let Some(row) = row else {
                return Ok(None);
            };
            rows[*i] = row;
        }
        // What matched nothing on this year's side is said on its row.
        for r in rows.iter_mut() {
            if r.verdict != Verdict::Unreadable && r.last_year.is_none() {
                r.notes.push(
                    "上年度报告中没有找到这个机关（未核对上年结转、现行有效件数和第五部分雷同）"
                        .into(),
                );
            }
        }
    }
    folder_notes(&mut rows);
    let mut unmatched: Vec<String> = last
        .reports
        .iter()
        .zip(&last.used)
        .filter(|(_, used)| !**used)
        .map(|((f, r), _)| format!("{}（{}）", f, crate::core::wording::agency_or_blank(r)))
        .collect();
    unmatched.append(&mut last_unreadable);
    Ok(Some(Batch {
        format: BATCH_FORMAT.into(),
        version: 1,
        rows,
        last_year_unmatched: unmatched,
        matching: MATCHING.into(),
    }))
}

/// The row of one file (its report dropped once the row is made).
fn row_of(path: &Path, previous: Option<&(String, Report)>) -> BatchRow {
    let file = path.display().to_string();
    let report = match crate::import::load_report(path) {
        Ok(r) => r,
        Err(e) => {
            return BatchRow {
                file,
                agency: String::new(),
                year: 0,
                format: None,
                verdict: Verdict::Unreadable,
                errors: 0,
                warnings: 0,
                unplaced: 0,
                rules: Vec::new(),
                last_year: None,
                notes: vec![e.to_string()],
                findings: Vec::new(),
                scan: None,
            };
        }
    };
    let findings = check_with_previous(&report, previous.map(|(_, r)| r));
    let (errors, warnings) = tally(&findings);
    let unplaced = unplaced_cells(&report);
    let mut rules: Vec<Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort();
    rules.dedup();
    let verdict = if errors > 0 && unplaced == 0 {
        Verdict::Return
    } else if unplaced > 0 {
        Verdict::Incomplete
    } else {
        Verdict::Publishable
    };
    BatchRow {
        file,
        agency: report.meta.agency.trim().to_string(),
        year: report.meta.year,
        format: Some(report.meta.format),
        verdict,
        errors,
        warnings,
        unplaced,
        rules,
        last_year: previous.map(|(f, _)| f.clone()),
        notes: Vec::new(),
        findings: findings.iter().map(|f| place(&report, f)).collect(),
        scan: ScanStatus::of(&report),
    }
}

/// Cells an import could not place and that are still blank.
fn unplaced_cells(report: &Report) -> usize {
    let mut cells: Vec<&str> = report
        .import_notes
        .iter()
        // A cell blank in the original is known to be blank, not left unplaced.
        .filter(|n| matches!(n.rule, Rule::I1 | Rule::I2 | Rule::I3 | Rule::I6))
        .filter(|n| !n.message.contains("在原文中为空"))
        .flat_map(|n| n.cells.iter().map(String::as_str))
        .filter(|id| report.cell_text(id).trim().is_empty())
        .collect();
    cells.sort_unstable();
    cells.dedup();
    cells.len()
}

/// A finding with its first cell named by table, row and column.
fn place(report: &Report, f: &Finding) -> BatchFinding {
    let t = report.template();
    let cell = f.focus.clone().or_else(|| f.cells.first().cloned());
    let (table, row, column, text) = match cell.as_deref().and_then(|id| t.cell(id)) {
        Some(c) => {
            let table = &t.tables[c.table];
            let block = &table.blocks[c.block];
            (
                table.part.numeral().trim_end_matches('、').to_string(),
                block.rows[c.row].short(),
                block.columns[c.col].label.to_string(),
                report.cell_text(&c.id).trim().to_string(),
            )
        }
        None => Default::default(),
    };
    BatchFinding {
        rule: f.rule,
        level: f.level,
        part: f.part,
        table,
        row,
        column,
        cell: cell.unwrap_or_default(),
        text,
        message: f.message.clone(),
    }
}

/// What the folder says about its rows: the same agency and year more than once, and a year
/// other than most reports'.
fn folder_notes(rows: &mut [BatchRow]) {
    let mut by_agency: BTreeMap<(String, i32), Vec<usize>> = BTreeMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        if r.verdict == Verdict::Unreadable {
            continue;
        }
        *years.entry(r.year).or_default() += 1;
        let k = key(&r.agency);
        if !k.is_empty() {
            by_agency.entry((k, r.year)).or_default().push(i);
        }
    }
    for same in by_agency.values().filter(|v| v.len() > 1) {
        let files: Vec<String> = same.iter().map(|&i| rows[i].file.clone()).collect();
        for &i in same {
            let others: Vec<&str> = files
                .iter()
                .filter(|f| **f != rows[i].file)
                .map(String::as_str)
                .collect();
            rows[i]
                .notes
                .push(format!("同一机关同一年度还有：{}", others.join("、")));
        }
    }
    let usual = years
        .iter()
        .max_by_key(|(y, n)| (**n, **y))
        .map(|(y, _)| *y);
    if let Some(usual) = usual
        && years.len() > 1
    {
        for r in rows.iter_mut() {
            if r.verdict != Verdict::Unreadable && r.year != usual {
                r.notes.push(format!(
                    "年度为 {}，文件夹中多数报告为 {usual} 年度",
                    r.year
                ));
            }
        }
    }
}

/// Counts by verdict: (可发布, 需退回, 需对照, 无法读取).
pub fn counts(batch: &Batch) -> [usize; 4] {
    let mut n = [0; 4];
    for r in &batch.rows {
        let i = match r.verdict {
            Verdict::Publishable => 0,
            Verdict::Return => 1,
            Verdict::Incomplete => 2,
            Verdict::Unreadable => 3,
        };
        n[i] += 1;
    }
    n
}

/// The overview as pretty JSON.
pub fn to_json(batch: &Batch) -> Result<String, StoreError> {
    let mut s =
        serde_json::to_string_pretty(batch).map_err(|e| StoreError::Encode(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// Writes the overview as the file's extension says: `.html`, `.xlsx` or `.json`.
pub fn write(batch: &Batch, path: &Path) -> Result<(), crate::export::ExportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "html" | "htm" => html::to_html(batch).into_bytes(),
        "xlsx" => xlsx::to_xlsx(batch)?,
        _ => to_json(batch)?.into_bytes(),
    };
    crate::export::write_bytes(&bytes, path)
}

/// The JSON schema of the overview (committed as `assets/schema/nianbao-batch.schema.json`).
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Batch);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::without_place;

    #[test]
    fn places_come_off_the_front_of_a_name() {
        let bare = |s: &str| without_place(s).unwrap_or_else(|| s.to_string());
        assert_eq!(bare("沭阳县发展和改革局"), "发展和改革局");
        assert_eq!(bare("县发展和改革局"), "发展和改革局");
        assert_eq!(bare("桐溪县市场监督管理局"), "市场监督管理局");
        assert_eq!(bare("县市场监督管理局"), "市场监督管理局");
        assert_eq!(bare("市场监督管理局"), "市场监督管理局");
        assert_eq!(bare("台儿庄区人力资源和社会保障局"), "人力资源和社会保障局");
        assert_eq!(bare("上海市科学技术委员会"), "科学技术委员会");
        assert_eq!(bare("县委"), "县委");
    }
}
