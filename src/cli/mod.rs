//! The headless front end: `nianbao check`, `nianbao new`.
//!
//! A thin layer over [`crate::core`]: it reads files, runs the pure functions and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::core::review::{self, Anchor, Status};
use crate::core::template::PART_NUMERALS;
use crate::core::{Finding, FormatVersion, REPORT_LEVEL, Report, Rule, tally};
use crate::export::json::load_any;
use crate::import::load_or_import;
use crate::store::StoreError;
use crate::store::{load, save};

/// Exit code: no file has errors (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: some file has errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit code: some file could not be read, or the command could not run.
pub const EXIT_UNREADABLE: u8 = 2;
/// Exit code of `import`: the draft was written, but fewer than half of the table cells could
/// be placed (the tables of the source were not read).
pub const EXIT_MOSTLY_UNPLACED: u8 = 3;

/// 年报：政府信息公开工作年度报告的编写与核对工具。
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// 要打开的草稿（.ron）；不写则打开自带的示例报告。
    pub file: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 核对一个或多个草稿或已发布的报告，按部分列出错误和提醒。
    Check {
        /// 草稿文件（.ron）、导出的 JSON 副本（.json），或已发布的报告（.docx/.html/.txt，先导入再核对，不写文件）。
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 以 JSON 输出核对结果（供程序读取）。
        #[arg(long, conflicts_with = "summary")]
        json: bool,
        /// 每份报告只列一行（机关、年度、状态、错误和提醒数），最后一行合计。
        #[arg(long)]
        summary: bool,
        /// 上年度报告（草稿、JSON 副本或已发布的报告），用于核对上年结转、现行有效件数和第五部分是否雷同。
        #[arg(long, value_name = "LAST.ron")]
        previous: Option<PathBuf>,
    },
    /// 导出：签发用 PDF（--pdf）和机读 JSON 副本（--json）。
    Export {
        /// 草稿文件（.ron 或 .json）。
        draft: PathBuf,
        /// 写出 PDF 到此文件。
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        /// 写出机读 JSON 副本到此文件。
        #[arg(long, value_name = "OUT.json")]
        json: Option<PathBuf>,
        /// PDF 为审核稿：附录列出批注、已核实的提醒和修订记录（定稿 PDF 不印这些）。
        #[arg(long)]
        review_copy: bool,
    },
    /// 查看或更改草稿的状态：起草、待审核、退回修改、定稿。
    Status {
        /// 草稿文件（.ron）。
        draft: PathBuf,
        /// 改为此状态（起草/待审核/退回修改/定稿）。不写则只显示当前状态。
        #[arg(long, value_name = "状态")]
        set: Option<String>,
        /// 理由（重新打开定稿时必填，记入修订记录）。
        #[arg(long)]
        reason: Option<String>,
        /// 操作人姓名。
        #[arg(long = "as", value_name = "姓名")]
        by: Option<String>,
    },
    /// 把一条提醒标为“已核实”（错误不能标记，只能改正）。
    Verify {
        /// 草稿文件（.ron）。
        draft: PathBuf,
        /// 提醒的规则编号，例如 C12。
        #[arg(long)]
        rule: String,
        /// 只标记涉及此单元格的那条提醒（单元格编号，例如 t3.new.total）。
        #[arg(long)]
        cell: Option<String>,
        /// 核实说明。
        #[arg(long)]
        note: String,
        /// 操作人姓名。
        #[arg(long = "as", value_name = "姓名")]
        by: String,
    },
    /// 添加批注，或把批注标为已解决。
    Comment {
        /// 草稿文件（.ron）。
        draft: PathBuf,
        /// 批注单元格（单元格编号，例如 t3.total.total）。
        #[arg(long, conflicts_with_all = ["table", "part"])]
        cell: Option<String>,
        /// 批注整张表：t2、t3 或 t4。
        #[arg(long, conflicts_with = "part")]
        table: Option<String>,
        /// 批注正文：部分编号 0–6（0 为导语），与 --paragraph 或 --quote 一起用。
        #[arg(long)]
        part: Option<u8>,
        /// 段落序号（从 1 起）。
        #[arg(long, default_value_t = 1, conflicts_with = "quote")]
        paragraph: usize,
        /// 批注该部分中的一段文字（原文照录，须在同一段内）。
        #[arg(long, requires = "part")]
        quote: Option<String>,
        /// 批注内容。
        #[arg(long)]
        text: Option<String>,
        /// 把此编号的批注标为已解决。
        #[arg(long, value_name = "编号")]
        resolve: Option<u32>,
        /// 操作人姓名。
        #[arg(long = "as", value_name = "姓名")]
        by: Option<String>,
    },
    /// 列出修订记录和批注。
    History {
        /// 草稿文件（.ron 或 .json）。
        draft: PathBuf,
    },
    /// 比较两个版本：报告信息、单元格（旧 → 新）和正文段落；相同退出码 0，不同 1。
    Diff {
        /// 旧版本（草稿、JSON 副本或已发布的报告）。
        old: PathBuf,
        /// 新版本（同上）。
        new: PathBuf,
    },
    /// 导入已发布的报告（Word 文档 .docx、保存的网页 .html，或复制出的文本 .txt），生成草稿。
    Import {
        /// Word 文档（.docx）、网页（.html/.htm）或报告文本（.txt）。
        report: PathBuf,
        /// 输出草稿（.ron）；已存在时不覆盖，除非加 --force。
        #[arg(short, long, value_name = "DRAFT.ron")]
        output: PathBuf,
        /// 覆盖已存在的文件（原文件保留为 .bak）。
        #[arg(long)]
        force: bool,
    },
    /// 新建一份空白草稿。
    New {
        /// 格式版本：gov2021 或 gov2019。
        #[arg(long, value_parser = parse_format, default_value = "gov2021")]
        format: FormatVersion,
        /// 报告年度，例如 2024。
        #[arg(long)]
        year: i32,
        /// 机关名称。
        #[arg(long, default_value = "")]
        agency: String,
        /// 输出文件；已存在时不覆盖，除非加 --force。
        #[arg(short, long)]
        output: PathBuf,
        /// 覆盖已存在的文件（原文件保留为 .bak）。
        #[arg(long)]
        force: bool,
    },
    /// For the crash-recovery test: opens a draft, types into cells through the app's
    /// document, writes the recovery copy the way the app does, prints `ready` and waits to be
    /// killed.
    #[command(name = "autosave-probe", hide = true)]
    AutosaveProbe {
        /// The state folder (where the recovery copy goes).
        #[arg(long)]
        state_dir: PathBuf,
        /// The draft to open.
        draft: PathBuf,
        /// Edits, `cell.id=text`.
        #[arg(long = "set")]
        set: Vec<String>,
    },
}

fn parse_format(s: &str) -> Result<FormatVersion, String> {
    FormatVersion::from_id(s).ok_or_else(|| format!("未知的格式版本“{s}”：应为 gov2021 或 gov2019"))
}

/// Runs a parsed command line, writing to `out` (and errors to `err`); returns the exit code.
pub fn run(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match command {
        Command::Check {
            files,
            json,
            summary,
            previous,
        } => {
            let style = if json {
                CheckOutput::Json
            } else if summary {
                CheckOutput::Summary
            } else {
                CheckOutput::Findings
            };
            run_check(&files, style, previous.as_deref(), out, err)
        }
        Command::Export {
            draft,
            pdf,
            json,
            review_copy,
        } => run_export(
            &draft,
            pdf.as_deref(),
            json.as_deref(),
            review_copy,
            out,
            err,
        ),
        Command::Status {
            draft,
            set,
            reason,
            by,
        } => run_status(
            &draft,
            set.as_deref(),
            reason.as_deref(),
            by.as_deref(),
            out,
            err,
        ),
        Command::Verify {
            draft,
            rule,
            cell,
            note,
            by,
        } => run_verify(&draft, &rule, cell.as_deref(), &note, &by, out, err),
        Command::Comment {
            draft,
            cell,
            table,
            part,
            paragraph,
            quote,
            text,
            resolve,
            by,
        } => {
            let anchor = match (cell, table, part) {
                (Some(c), _, _) => Some(Anchor::Cell(c)),
                (_, Some(t), _) => Some(Anchor::Table(t)),
                (_, _, Some(p)) => Some(Anchor::Paragraph {
                    part: p,
                    index: paragraph.saturating_sub(1),
                    excerpt: String::new(),
                    quote,
                }),
                _ => None,
            };
            run_comment(
                &draft,
                anchor,
                text.as_deref(),
                resolve,
                by.as_deref(),
                out,
                err,
            )
        }
        Command::History { draft } => run_history(&draft, out, err),
        Command::Diff { old, new } => run_diff(&old, &new, out, err),
        Command::Import {
            report,
            output,
            force,
        } => run_import(&report, &output, force, out, err),
        Command::New {
            format,
            year,
            agency,
            output,
            force,
        } => run_new(format, year, agency, &output, force, out, err),
        Command::AutosaveProbe {
            state_dir,
            draft,
            set,
        } => autosave_probe(&state_dir, &draft, &set, out, err),
    }
}

/// Whether writing `output` would replace a file the user did not ask to replace (and says so).
fn would_overwrite(output: &Path, force: bool, err: &mut dyn Write) -> bool {
    if output.exists() && !force {
        let _ = writeln!(
            err,
            "{} 已存在，未覆盖；要覆盖请加 --force（原文件会保留为 .bak）",
            output.display()
        );
        return true;
    }
    false
}

fn run_import(
    source: &Path,
    output: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if would_overwrite(output, force, err) {
        return EXIT_UNREADABLE;
    }
    let report = match crate::import::import_file(source) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "无法导入：{e}");
            return EXIT_UNREADABLE;
        }
    };
    if let Err(e) = save(&report, output) {
        let _ = writeln!(err, "{e}");
        return EXIT_UNREADABLE;
    }
    let (filled, all) = crate::import::placed_cells(&report);
    let mostly_unplaced = crate::import::mostly_unplaced(&report);
    if mostly_unplaced {
        let _ = writeln!(
            out,
            "注意：只填入了 {filled}/{all} 格（不到一半），表格大多未能读出，请对照原文填写"
        );
    }
    let _ = writeln!(
        out,
        "已导入 {} → {}：{} {}年度（{}），填入 {}/{} 格，导入提醒 {} 条",
        source.display(),
        output.display(),
        if report.meta.agency.is_empty() {
            "（未识别机关名称）"
        } else {
            &report.meta.agency
        },
        report.meta.year,
        report.meta.format,
        filled,
        all,
        report.import_notes.len()
    );
    for n in &report.import_notes {
        let _ = writeln!(out, "  [{}] {}", n.rule, n.message);
    }
    if mostly_unplaced {
        EXIT_MOSTLY_UNPLACED
    } else {
        EXIT_OK
    }
}

fn autosave_probe(
    state_dir: &Path,
    draft: &Path,
    set: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    use crate::session::Recovery;
    use crate::session::{Document, Edit};
    let Some(report) = loaded(load(draft), err) else {
        return EXIT_UNREADABLE;
    };
    let mut doc = Document::new(report, Some(draft.to_path_buf()));
    for s in set {
        let Some((id, text)) = s.split_once('=') else {
            let _ = writeln!(err, "--set 应为 单元格=内容：{s}");
            return EXIT_UNREADABLE;
        };
        let old = doc.report.cell_text(id).to_string();
        doc.apply(Edit::Cells(vec![crate::core::CellEdit {
            id: id.to_string(),
            old,
            new: text.to_string(),
        }]));
    }
    if let Err(e) = Recovery::new(state_dir).write(&doc.report, doc.path.as_deref()) {
        let _ = writeln!(err, "{e}");
        return EXIT_UNREADABLE;
    }
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
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

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CheckOutput {
    /// Every finding, grouped by part.
    Findings,
    /// One line per file and a total.
    Summary,
    /// JSON for programs.
    Json,
}

fn run_check(
    files: &[PathBuf],
    style: CheckOutput,
    previous: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    // Last year's report is often only the published one.
    let previous = match previous.map(load_or_import) {
        None => None,
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            let _ = writeln!(err, "无法读取上年度报告：{e}");
            return EXIT_UNREADABLE;
        }
    };
    let mut code = EXIT_OK;
    let mut results = Vec::new();
    for path in files {
        // A published report (Word, web page, text) is checked as its import would be.
        match load_or_import(path) {
            Ok(report) => {
                let findings = crate::core::check_with_previous(&report, previous.as_ref());
                let (errors, warnings) = tally(&findings);
                if errors > 0 && code == EXIT_OK {
                    code = EXIT_ERRORS;
                }
                match style {
                    CheckOutput::Findings => print_findings(path, &report, &findings, out),
                    CheckOutput::Summary => {
                        let _ = writeln!(
                            out,
                            "{} {}年度 · {} · {} · {}",
                            printable(agency_or_blank(&report)),
                            report.meta.year,
                            report.review.status.chinese(),
                            summary_text(errors, warnings),
                            path.display()
                        );
                    }
                    CheckOutput::Json => {}
                }
                results.push(FileReport {
                    file: path.display().to_string(),
                    error: None,
                    errors,
                    warnings,
                    findings,
                });
            }
            Err(e) => {
                code = EXIT_UNREADABLE;
                match style {
                    CheckOutput::Findings => {
                        let _ = writeln!(err, "无法核对：{e}");
                    }
                    CheckOutput::Summary => {
                        let _ = writeln!(out, "无法核对：{e}");
                    }
                    CheckOutput::Json => {}
                }
                results.push(FileReport {
                    file: path.display().to_string(),
                    error: Some(e.to_string()),
                    errors: 0,
                    warnings: 0,
                    findings: Vec::new(),
                });
            }
        }
    }
    if style == CheckOutput::Summary {
        let _ = writeln!(out, "{}", total_line(&results));
    }
    if style == CheckOutput::Json {
        match serde_json::to_string_pretty(&results) {
            Ok(s) => {
                let _ = writeln!(out, "{s}");
            }
            Err(e) => {
                let _ = writeln!(err, "无法输出 JSON：{e}");
                return EXIT_UNREADABLE;
            }
        }
    }
    code
}

/// Reports a command line clap could not read, in Chinese (clap's own words are English); help
/// and version are printed as asked.
fn arguments_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有 {} 这个命令", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "参数 {arg} 的值“{}”无效{}",
            ctx(ContextKind::InvalidValue),
            match ctx(ContextKind::ValidValue) {
                v if v.is_empty() => String::new(),
                v => format!("，可用的值：{v}"),
            }
        ),
        ErrorKind::ArgumentConflict if arg.is_empty() => format!(
            "{} 不能与 {} 同时使用（命令写错了吗？）",
            ctx(ContextKind::InvalidSubcommand),
            ctx(ContextKind::PriorArg)
        ),
        ErrorKind::ArgumentConflict => {
            format!("参数 {arg} 不能与 {} 同时使用", ctx(ContextKind::PriorArg))
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        ErrorKind::NoEquals | ErrorKind::TooFewValues => format!("参数 {arg} 缺少值"),
        _ => "命令行参数有误".to_string(),
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(u) => format!("\n{}", u.to_string().replace("Usage:", "用法：")),
        None => String::new(),
    };
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "错误：{what}{usage}\n（nianbao --help 列出全部命令和参数）"
    );
    ExitCode::from(EXIT_UNREADABLE)
}

/// A terminal stream that shows control characters from files (cell text, comments, names)
/// as `\u{1b}` instead of sending them raw: a report cannot retitle the window or ring the
/// bell of the reviewer who checks it.
struct Printable<W: Write>(W);

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) => self.0.write_all(printable(s).as_bytes())?,
            // Not text (a partial write): control bytes still never pass.
            Err(_) => {
                for &b in buf {
                    if (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f {
                        write!(self.0, "\\u{{{b:x}}}")?;
                    } else {
                        self.0.write_all(&[b])?;
                    }
                }
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Text from a file as the terminal should show it: control characters (an escape sequence
/// typed into a cell, a bell) written out as `\u{1b}`, never sent raw.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn agency_or_blank(report: &Report) -> &str {
    if report.meta.agency.is_empty() {
        "（未填写机关名称）"
    } else {
        report.meta.agency.as_str()
    }
}

/// 「2 处错误，1 处提醒」 and its variants.
fn summary_text(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "没有错误，没有提醒".into(),
        (0, w) => format!("没有错误，{w} 处提醒"),
        (e, 0) => format!("{e} 处错误"),
        (e, w) => format!("{e} 处错误，{w} 处提醒"),
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

/// Human-readable findings of one file, grouped by part.
pub fn print_findings(path: &Path, report: &Report, findings: &[Finding], out: &mut dyn Write) {
    let (errors, warnings) = tally(findings);
    let _ = writeln!(
        out,
        "== {}：{} {}年度报告（{}）",
        printable(&path.display().to_string()),
        printable(agency_or_blank(report)),
        report.meta.year,
        report.meta.format
    );
    // An import that placed fewer than half of the cells says so before any count: the
    // arithmetic of a mostly blank table is about the copy, not the report.
    if let Some(f) = findings.iter().find(|f| f.rule == Rule::I6) {
        let _ = writeln!(out, "注意：{}", f.message);
    }
    let _ = writeln!(out, "{}。", summary_text(errors, warnings));
    if findings.is_empty() {
        return;
    }
    let template = report.template();
    let mut current = None;
    for f in findings {
        if current != Some(f.part) {
            current = Some(f.part);
            let heading = if f.part == REPORT_LEVEL {
                "报告信息".to_string()
            } else {
                template
                    .parts
                    .get(usize::from(f.part) - 1)
                    .map_or_else(|| PART_NUMERALS[0].to_string(), |p| p.heading.to_string())
            };
            let _ = writeln!(out, "【{heading}】");
        }
        let _ = writeln!(
            out,
            "  {} {}：{}",
            f.level.chinese(),
            f.rule,
            printable(&f.message)
        );
        if let Some(v) = review::verification(report, f) {
            let _ = writeln!(out, "      已核实：{}（{}）", v.note, v.by);
        }
        if let (Some(cell), Some(v)) = (&f.focus, &f.expected)
            && let Some(decl) = template.cell(cell)
        {
            let _ = writeln!(out, "      → {}（{}）应为 {v}", decl.label, decl.id);
        }
    }
}

fn run_export(
    draft: &Path,
    pdf: Option<&Path>,
    json: Option<&Path>,
    review_copy: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(report) = loaded(load_any(draft), err) else {
        return EXIT_UNREADABLE;
    };
    if pdf.is_none() && json.is_none() {
        let _ = writeln!(err, "请指定导出格式，例如 --pdf OUT.pdf 或 --json OUT.json");
        return EXIT_UNREADABLE;
    }
    if let Some(target) = json {
        let written = crate::export::json::to_json(&report)
            .and_then(|text| crate::store::write_atomic(target, text.as_bytes(), false));
        match written {
            Ok(()) => {
                let _ = writeln!(out, "已导出机读副本 {}", target.display());
            }
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return EXIT_UNREADABLE;
            }
        }
    }
    if let Some(target) = pdf {
        let bytes = crate::export::pdf::PdfFonts::load()
            .and_then(|fonts| crate::export::pdf::export_pdf_with(&report, &fonts, review_copy));
        let written = bytes
            .and_then(|b| crate::store::write_atomic(target, &b, false).map_err(|e| e.to_string()));
        match written {
            Ok(()) => {
                let _ = writeln!(out, "已导出 PDF {}", target.display());
            }
            Err(e) => {
                let _ = writeln!(err, "无法导出 PDF：{e}");
                return EXIT_UNREADABLE;
            }
        }
    }
    EXIT_OK
}

/// The report a loader gave, or the reason it could not (written to `err`).
fn loaded(result: Result<Report, StoreError>, err: &mut dyn Write) -> Option<Report> {
    match result {
        Ok(r) => Some(r),
        Err(e) => {
            let _ = writeln!(err, "{e}");
            None
        }
    }
}

fn save_draft(report: &Report, draft: &Path, err: &mut dyn Write) -> u8 {
    match save(report, draft) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

fn run_status(
    draft: &Path,
    set: Option<&str>,
    reason: Option<&str>,
    by: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(mut report) = loaded(load(draft), err) else {
        return EXIT_UNREADABLE;
    };
    let Some(set) = set else {
        let _ = writeln!(out, "状态：{}", report.review.status.chinese());
        return EXIT_OK;
    };
    let Some(to) = Status::parse(set) else {
        let _ = writeln!(
            err,
            "未知的状态“{set}”：应为 起草、待审核、退回修改 或 定稿"
        );
        return EXIT_UNREADABLE;
    };
    let by = by.unwrap_or("");
    match review::set_status(&mut report, to, by, &crate::clock::now(), reason) {
        Ok(()) => {
            let code = save_draft(&report, draft, err);
            if code == EXIT_OK {
                let _ = writeln!(out, "状态：{}", to.chinese());
            }
            code
        }
        Err(e) => {
            let _ = writeln!(err, "{e}（文件未改动）");
            EXIT_ERRORS
        }
    }
}

fn run_verify(
    draft: &Path,
    rule: &str,
    cell: Option<&str>,
    note: &str,
    by: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(mut report) = loaded(load(draft), err) else {
        return EXIT_UNREADABLE;
    };
    let findings = crate::core::check(&report);
    let matching: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule.id().eq_ignore_ascii_case(rule))
        .filter(|f| cell.is_none_or(|c| f.cells.iter().any(|x| x == c)))
        .collect();
    let Some(f) = matching
        .iter()
        .find(|f| review::verification(&report, f).is_none())
        .or(matching.first())
    else {
        let _ = writeln!(err, "没有找到规则 {rule} 的提醒（文件未改动）");
        return EXIT_ERRORS;
    };
    let f = (*f).clone();
    match review::verify(&mut report, &f, note, by, &crate::clock::now()) {
        Ok(()) => {
            let code = save_draft(&report, draft, err);
            if code == EXIT_OK {
                let _ = writeln!(out, "已核实：{}", f.message);
            }
            code
        }
        Err(e) => {
            let _ = writeln!(err, "{e}（文件未改动）");
            EXIT_ERRORS
        }
    }
}

fn run_comment(
    draft: &Path,
    anchor: Option<Anchor>,
    text: Option<&str>,
    resolve: Option<u32>,
    by: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(mut report) = loaded(load(draft), err) else {
        return EXIT_UNREADABLE;
    };
    if let Some(id) = resolve {
        if !review::resolve_comment(&mut report, id, true) {
            let _ = writeln!(err, "没有编号为 {id} 的批注（文件未改动）");
            return EXIT_ERRORS;
        }
        let code = save_draft(&report, draft, err);
        if code == EXIT_OK {
            let _ = writeln!(out, "批注 {id} 已标为已解决");
        }
        return code;
    }
    let Some(mut anchor) = anchor else {
        let _ = writeln!(
            err,
            "请指定批注对象：--cell、--table 或 --part（加 --paragraph）"
        );
        return EXIT_UNREADABLE;
    };
    match &anchor {
        Anchor::Cell(id) if report.template().cell(id).is_none() => {
            let _ = writeln!(err, "没有编号为“{id}”的单元格");
            return EXIT_UNREADABLE;
        }
        Anchor::Table(t) if !["t2", "t3", "t4"].contains(&t.as_str()) => {
            let _ = writeln!(err, "表格应为 t2、t3 或 t4，而不是“{t}”");
            return EXIT_UNREADABLE;
        }
        Anchor::Paragraph {
            part,
            quote: Some(q),
            ..
        } => match review::quote_anchor(&report, *part, q) {
            Some(a) if *part <= 6 => anchor = a,
            _ => {
                let _ = writeln!(
                    err,
                    "第 {part} 部分中没有找到“{q}”（引文须在同一段内，原文照录）"
                );
                return EXIT_UNREADABLE;
            }
        },
        Anchor::Paragraph { part, index, .. } => {
            let paras = review::paragraphs(&report, *part);
            if *part > 6 || *index >= paras.len() {
                let _ = writeln!(err, "第 {part} 部分没有第 {} 段", index + 1);
                return EXIT_UNREADABLE;
            }
            anchor = review::paragraph_anchor(&report, *part, *index);
        }
        _ => {}
    }
    let label = review::anchor_label(&report, &anchor);
    match review::add_comment(
        &mut report,
        anchor,
        by.unwrap_or(""),
        &crate::clock::now(),
        text.unwrap_or(""),
    ) {
        Ok(id) => {
            let code = save_draft(&report, draft, err);
            if code == EXIT_OK {
                let _ = writeln!(out, "已添加批注 {id}：{label}");
            }
            code
        }
        Err(e) => {
            let _ = writeln!(err, "{e}（文件未改动）");
            EXIT_ERRORS
        }
    }
}

fn run_history(draft: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(report) = loaded(load_any(draft), err) else {
        return EXIT_UNREADABLE;
    };
    let _ = writeln!(out, "状态：{}", report.review.status.chinese());
    let _ = writeln!(out, "修订记录：");
    if report.review.history.is_empty() {
        let _ = writeln!(out, "  （无）");
    }
    for e in &report.review.history {
        let _ = writeln!(out, "  {}", review::describe_entry(&report, e));
    }
    let _ = writeln!(out, "批注：");
    if report.review.comments.is_empty() {
        let _ = writeln!(out, "  （无）");
    }
    for c in &report.review.comments {
        let _ = writeln!(
            out,
            "  #{} {}（{}，{}）：{}{}",
            c.id,
            review::anchor_label(&report, &c.anchor),
            c.author,
            review::short_time(&c.at),
            c.text,
            if c.resolved { "〔已解决〕" } else { "" }
        );
    }
    EXIT_OK
}

fn run_diff(old: &Path, new: &Path, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let (a, b) = match (load_or_import(old), load_or_import(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            let _ = writeln!(err, "无法比较：{e}");
            return EXIT_UNREADABLE;
        }
    };
    let d = review::diff(&a, &b);
    if d.is_empty() {
        let _ = writeln!(out, "两个版本内容相同。");
        return EXIT_OK;
    }
    let _ = writeln!(out, "--- {}\n+++ {}", old.display(), new.display());
    if let Some((from, to)) = d.status {
        let _ = writeln!(out, "状态：{} → {}", from.chinese(), to.chinese());
    }
    for (name, x, y) in &d.meta {
        let _ = writeln!(
            out,
            "报告信息 {name}：{} → {}",
            review::blank(x),
            review::blank(y)
        );
    }
    let t = b.template();
    for c in &d.cells {
        let label = t.cell(&c.id).map_or(c.id.as_str(), |x| x.label.as_str());
        let _ = writeln!(
            out,
            "单元格 {label}（{}）：{} → {}",
            c.id,
            review::blank(&c.old),
            review::blank(&c.new)
        );
    }
    for p in &d.paragraphs {
        let name = if p.part == 0 {
            "导语".to_string()
        } else {
            t.parts[usize::from(p.part) - 1].heading.to_string()
        };
        let what = match (&p.old, &p.new) {
            (None, Some(_)) => "新增段落",
            (Some(_), None) => "删去段落",
            _ => "修改段落",
        };
        let _ = writeln!(out, "正文 {name} {what}：{}", p.marked);
    }
    EXIT_ERRORS
}

fn run_new(
    format: FormatVersion,
    year: i32,
    agency: String,
    output: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    if would_overwrite(output, force, err) {
        return EXIT_UNREADABLE;
    }
    let mut report = Report::new(format, year);
    report.meta.agency = agency;
    match save(&report, output) {
        Ok(()) => {
            let _ = writeln!(
                out,
                "已新建 {}（{}，{year}年度）",
                output.display(),
                format.document()
            );
            EXIT_OK
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_UNREADABLE
        }
    }
}

/// Entry point for `main`: parses the process arguments and runs.
pub fn main_with_args() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return arguments_error(&e),
    };
    let mut out = Printable(std::io::stdout().lock());
    let mut err = Printable(std::io::stderr().lock());
    match cli.command {
        Some(cmd) => ExitCode::from(run(cmd, &mut out, &mut err)),
        None => match crate::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                ExitCode::from(EXIT_UNREADABLE)
            }
        },
    }
}
