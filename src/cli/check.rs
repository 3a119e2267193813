//! `nianbao check`: every finding of one or more reports, grouped by part; or one line each;
//! or JSON for programs.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::exit::{CliError, Exit};
use super::print::{print_findings, printable, summary_text};
use crate::core::wording::agency_or_blank;
use crate::core::{Finding, check_with_previous, tally};
use crate::import::load_report;

/// 核对一个或多个草稿或已发布的报告，按部分列出错误和提醒。
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 草稿文件（.ron）、导出的 JSON 副本（.json），或已发布的报告（.pdf/.docx/.html/.txt，先导入再核对，不写文件）。
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// 以 JSON 输出核对结果（供程序读取）。
    #[arg(long, conflicts_with = "summary")]
    pub json: bool,
    /// 不对扫描件（没有文字层的 PDF）做文字识别（OCR），像旧版一样拒绝它。
    #[arg(long)]
    pub no_ocr: bool,
    /// 每份报告只列一行（机关、年度、状态、错误和提醒数），最后一行合计。
    #[arg(long)]
    pub summary: bool,
    /// 上年度报告（草稿、JSON 副本或已发布的报告），用于核对上年结转、现行有效件数和第五部分是否雷同。
    #[arg(long, value_name = "LAST.ron", conflicts_with = "report")]
    pub previous: Option<PathBuf>,
    /// 批量核对：把审核结果（每份报告一行、各报告的问题）写到此文件：.html 网页、.xlsx 电子表格或 .json。FILES 可以是文件夹。
    #[arg(long, value_name = "审核结果.html", conflicts_with_all = ["json", "previous"])]
    pub report: Option<PathBuf>,
    /// 批量核对时上年度的报告（文件或文件夹），按机关名称与今年的报告配对，核对上年结转等。
    #[arg(long, value_name = "上年度文件夹", requires = "report")]
    pub last_year: Vec<PathBuf>,
    /// 覆盖已存在的审核结果文件。
    #[arg(long, requires = "report")]
    pub force: bool,
}

/// One file's result, as printed by `check --json`.
#[derive(Debug, Serialize)]
pub struct FileReport {
    /// The file as given.
    pub file: String,
    /// Why it could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// The findings, in part order.
    pub findings: Vec<Finding>,
}

impl CheckArgs {
    /// Checks every file; a file that cannot be read is reported and the others still checked.
    pub fn run(&self, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit, CliError> {
        crate::import::set_ocr(!self.no_ocr);
        if let Some(report) = &self.report {
            return self.batch(report, out);
        }
        // Last year's report is often only the published one.
        let previous = match self.previous.as_deref().map(load_report) {
            None => None,
            Some(Ok(r)) => Some(r),
            Some(Err(e)) => return Err(CliError::File(format!("无法读取上年度报告：{e}"))),
        };
        let mut code = Exit::Ok;
        let mut results = Vec::new();
        // Read and checked on every core (a region's reports at once), printed in order.
        // A published report (PDF, Word, web page, text) is checked as its import would be.
        // A draft started from last year's report (`new --from`) is compared with it unless
        // --previous names another.
        let checked = crate::batch::parallel::par_map(&self.files, |path| {
            load_report(path).map(|r| {
                let (own, unread) = match (&previous, r.previous_report.as_deref()) {
                    (None, Some(p)) => match load_report(std::path::Path::new(p)) {
                        Ok(last) => (Some(last), None),
                        Err(e) => (
                            None,
                            Some(format!(
                                "{}：无法读取草稿记下的上年度报告（未核对上年结转等）：{e}",
                                path.display()
                            )),
                        ),
                    },
                    _ => (None, None),
                };
                let findings = check_with_previous(&r, previous.as_ref().or(own.as_ref()));
                (r, findings, unread)
            })
        });
        for (path, checked) in self.files.iter().zip(checked) {
            let (report, findings) = match checked {
                Ok((r, f, unread)) => {
                    if let Some(u) = unread {
                        writeln!(err, "注意：{u}")?;
                    }
                    (r, f)
                }
                Err(e) => {
                    code = Exit::Unreadable;
                    if self.summary {
                        writeln!(out, "无法核对：{e}")?;
                    } else if !self.json {
                        writeln!(err, "无法核对：{e}")?;
                    }
                    results.push(FileReport {
                        file: path.display().to_string(),
                        error: Some(e.to_string()),
                        errors: 0,
                        warnings: 0,
                        findings: Vec::new(),
                    });
                    continue;
                }
            };
            let (errors, warnings) = tally(&findings);
            if errors > 0 && code == Exit::Ok {
                code = Exit::Errors;
            }
            if self.summary {
                let scan = crate::batch::ScanStatus::of(&report)
                    .map_or(String::new(), |s| format!(" · {}", s.short()));
                writeln!(
                    out,
                    "{} {}年度 · {} · {}{scan} · {}",
                    printable(agency_or_blank(&report)),
                    report.meta.year,
                    report.review.status.chinese(),
                    summary_text(errors, warnings),
                    path.display()
                )?;
            } else if !self.json {
                print_findings(path, &report, &findings, out)?;
            }
            results.push(FileReport {
                file: path.display().to_string(),
                error: None,
                errors,
                warnings,
                findings,
            });
        }
        if self.summary {
            writeln!(out, "{}", total_line(&results))?;
        }
        if self.json {
            let text = serde_json::to_string_pretty(&results)
                .map_err(|e| CliError::File(format!("无法输出 JSON：{e}")))?;
            writeln!(out, "{text}")?;
        }
        Ok(code)
    }
}

impl CheckArgs {
    /// `--report`: the batch review of files and folders, written as the overview.
    fn batch(&self, target: &std::path::Path, out: &mut dyn Write) -> Result<Exit, CliError> {
        super::exit::refuse_overwrite(target, self.force)?;
        let batch = crate::batch::run(&self.files, &self.last_year)
            .map_err(|e| CliError::File(e.to_string()))?;
        for r in &batch.rows {
            let who = if r.agency.is_empty() {
                "（未填写机关名称）"
            } else {
                r.agency.as_str()
            };
            let year = if r.year == 0 {
                String::new()
            } else {
                format!(" {}年度", r.year)
            };
            if r.verdict == crate::batch::Verdict::Unreadable {
                // Why, on its line: the row has no findings to say it.
                writeln!(
                    out,
                    "{} · {}：{}",
                    r.verdict.chinese(),
                    r.file,
                    r.notes.join("；")
                )?;
                continue;
            }
            let scan = r
                .scan
                .as_ref()
                .map_or(String::new(), |s| format!(" · {}", s.short()));
            writeln!(
                out,
                "{} · {}{year} · {}{scan} · {}",
                r.verdict.chinese(),
                printable(who),
                summary_text(r.errors, r.warnings),
                r.file
            )?;
        }
        let [ok, back, compare, unreadable] = crate::batch::counts(&batch);
        writeln!(
            out,
            "共 {} 份：有错误需退回 {back}，导入未完成需对照原文 {compare}，无法读取 {unreadable}，可发布 {ok}",
            batch.rows.len()
        )?;
        if !batch.last_year_unmatched.is_empty() {
            writeln!(
                out,
                "没有配对的上年度报告：{}",
                batch.last_year_unmatched.join("、")
            )?;
        }
        crate::batch::write(&batch, target)
            .map_err(|e| CliError::File(format!("无法写出审核结果：{e}")))?;
        writeln!(out, "已写出审核结果 {}", target.display())?;
        Ok(if unreadable > 0 {
            Exit::Unreadable
        } else if batch.rows.iter().any(|r| r.errors > 0) {
            Exit::Errors
        } else {
            Exit::Ok
        })
    }
}

/// The last line of `check --summary`.
fn total_line(results: &[FileReport]) -> String {
    let unreadable = results.iter().filter(|r| r.error.is_some()).count();
    let read = results.iter().filter(|r| r.error.is_none());
    let with_errors = read.clone().filter(|r| r.errors > 0).count();
    let only_warnings = read
        .clone()
        .filter(|r| r.errors == 0 && r.warnings > 0)
        .count();
    let clean = read.filter(|r| r.errors == 0 && r.warnings == 0).count();
    let mut line = format!(
        "共 {} 份：{with_errors} 份有错误，{only_warnings} 份只有提醒，{clean} 份没有问题",
        results.len()
    );
    if unreadable > 0 {
        line.push_str(&format!("，{unreadable} 份无法读取"));
    }
    line
}
