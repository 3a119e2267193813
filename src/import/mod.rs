//! Import: a published report — a PDF, a Word document, a saved web page, or text copied out of
//! one of them — becomes an ordinary draft plus import notes (`I1`–`I5`) for what could not be placed.
//!
//! Pure: text in, [`Report`] out. Rows are found by their labels (compared loosely, never by
//! position alone), so the three text layouts of the published reports — one cell per line,
//! a row per line with tabs, a row per line with `|` — and HTML tables all go through the same
//! reading. Nothing is invented: a missing row stays unfilled and gets a note; text that fits
//! nowhere is kept in the part it followed. An import never fails.

mod clean;
pub mod docx;
pub mod html;
mod parts;
pub mod pdf;
pub mod scan;
mod tables;

use std::path::Path;

use parts::*;

use crate::core::report::ImportNote;
use crate::core::{FormatVersion, IssueDate, Report, Rule};
use crate::store::StoreError;

pub use clean::{normalize_label, strip_artifacts, to_simplified};

/// Whether a file, by its extension, is a published report to import (Word, WPS, a web page or
/// text) rather than a draft or JSON copy to open.
pub fn is_published_report(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["docx", "doc", "wps", "html", "htm", "txt", "pdf"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// The one way in: a report from any file a user may hold — a published report (PDF, Word,
/// web page or text, imported in memory), else a draft or its JSON copy. Nothing is written.
pub fn load_report(path: &Path) -> Result<Report, StoreError> {
    if is_published_report(path) {
        import_file(path)
    } else {
        crate::export::json::load_any(path)
    }
}

/// Reads and imports a file: a PDF or a Word document (.docx) by its content, `.html`/`.htm`
/// as a web page, anything else as text; a scan is read by OCR. A file that cannot be read is
/// an error (also an old binary .doc, a damaged .docx or PDF), and so is one with no report in
/// it: no title, no part heading beyond the first, no number placed in a table.
pub fn import_file(path: &Path) -> Result<Report, StoreError> {
    match import_file_unless_scan(path)? {
        Imported::Report(r) => Ok(*r),
        Imported::Scan(bytes) => {
            let report = import_scan(&bytes).map_err(|e| unreadable(path, e.to_string()))?;
            a_report(report, path)
        }
    }
}

/// What [`import_file_unless_scan`] gives.
pub enum Imported {
    /// The file's report, imported.
    Report(Box<Report>),
    /// An image-only PDF, to be read by OCR (seconds a page): its bytes, read once.
    Scan(Vec<u8>),
}

/// [`import_file`], except that a scan to be read by OCR is handed back unread, for the window
/// to read on a thread of its own. The file is read and its text taken out once.
pub fn import_file_unless_scan(path: &Path) -> Result<Imported, StoreError> {
    let bytes = crate::store::read_bounded(path)?;
    let report = if pdf::looks_like_pdf(&bytes) {
        match pdf::to_text(&bytes) {
            Err(pdf::PdfError::NoText) if ocr_enabled() => return Ok(Imported::Scan(bytes)),
            text => import_pdf_text(&text.map_err(|e| unreadable(path, e.to_string()))?),
        }
    } else if docx::looks_like_word(&bytes) {
        import_docx(&bytes).map_err(|e| unreadable(path, e.to_string()))?
    } else {
        let is_html = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        // Moved, not copied: the bytes of a long text become its text.
        import_owned(bytes, is_html)
    };
    a_report(report, path).map(|r| Imported::Report(Box::new(r)))
}

fn unreadable(path: &Path, detail: String) -> StoreError {
    StoreError::Unreadable {
        path: path.to_path_buf(),
        detail,
    }
}

/// The report an import gave, or the error that the file holds none (see [`has_a_report`]).
pub fn a_report(report: Report, path: &Path) -> Result<Report, StoreError> {
    if !has_a_report(&report) {
        return Err(unreadable(
            path,
            "文件中没有找到年度报告：没有“XX机关XXXX年政府信息公开工作年度报告”的标题，没有第二至第六部分的标题，统计表中也没有一个数。请确认选择的是年度报告文件"
                .into(),
        ));
    }
    Ok(report)
}

/// Whether an import found any sign of a report: the title's agency, a part heading beyond
/// the first (text without structure all lands in part 一), or a number placed in a table.
pub fn has_a_report(report: &Report) -> bool {
    !report.meta.agency.is_empty()
        || report.parts[1..].iter().any(|p| !p.is_blank())
        || placed_cells(report).0 > 0
}

/// Imports raw bytes: UTF-8, or GB18030/GBK as many government pages are encoded.
pub fn import_bytes(bytes: &[u8], is_html: bool) -> Report {
    import_owned(bytes.to_vec(), is_html)
}

/// [`import_bytes`] of bytes it may keep: UTF-8 text is not copied.
fn import_owned(bytes: Vec<u8>, is_html: bool) -> Report {
    let (text, note) = decode(bytes);
    let mut report = if is_html {
        import_html(&text)
    } else {
        import_text(&text)
    };
    if let Some(n) = note {
        // After the I6 note, which leads.
        let at = usize::from(
            report
                .import_notes
                .first()
                .is_some_and(|n| n.rule == Rule::I6),
        );
        report.import_notes.insert(at, n);
    }
    report
}

/// How many of the template's cells an import filled: (filled, all).
pub fn placed_cells(report: &Report) -> (usize, usize) {
    let cells = &report.template().cells;
    let filled = cells
        .iter()
        .filter(|c| !report.cell_text(&c.id).trim().is_empty())
        .count();
    (filled, cells.len())
}

/// Whether an import placed fewer than half of the cells: the tables were not read, and what
/// the checks say about their arithmetic says more about the copy than about the report.
pub fn mostly_unplaced(report: &Report) -> bool {
    let (filled, all) = placed_cells(report);
    filled * 2 < all
}

/// The I6 note for an import that placed fewer than half of the cells, first among the notes.
fn note_coverage(report: &mut Report) {
    if !mostly_unplaced(report) {
        return;
    }
    let (filled, all) = placed_cells(report);
    let unfilled: Vec<String> = report
        .template()
        .cells
        .iter()
        .filter(|c| report.cell_text(&c.id).trim().is_empty())
        .map(|c| c.id.clone())
        .collect();
    // Filled, the cells make up at least half, and the note goes: keep only enough of them.
    let needed = all.div_ceil(2) - filled;
    report.import_notes.insert(
        0,
        ImportNote {
            rule: Rule::I6,
            part: 0,
            cells: unfilled.into_iter().take(needed).collect(),
            message: format!(
                "只从原文中填入了 {filled}/{all} 格（不到一半）：原文的表格可能是图片、版式无法识别，或本身大多留空。未能确定的格一律留空、没有猜测，下面的核对结果请对照原文看待"
            ),
        },
    );
}

fn decode(mut bytes: Vec<u8>) -> (String, Option<ImportNote>) {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(s) => return (s, None),
        Err(e) => e.into_bytes(),
    };
    let bytes = bytes.as_slice();
    let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
    if !bad {
        return (text.into_owned(), None);
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let note = ImportNote {
        rule: Rule::I5,
        part: 0,
        cells: Vec::new(),
        message:
            "文件既不是 UTF-8 也不是 GBK 编码，无法识别的字节已替换为“\u{fffd}”，请对照原文核对"
                .into(),
    };
    (text, Some(note))
}

/// Imports a Word document (.docx).
pub fn import_docx(bytes: &[u8]) -> Result<Report, docx::DocxError> {
    Ok(import_lines(&docx::to_text(bytes)?, false))
}

/// Imports a PDF: its ruled tables rebuilt from the drawn rules, its text from the glyphs'
/// positions (see [`pdf`]).
pub fn import_pdf(bytes: &[u8]) -> Result<Report, pdf::PdfError> {
    match pdf::to_text(bytes) {
        Err(pdf::PdfError::NoText) => import_scan(bytes),
        text => Ok(import_pdf_text(&text?)),
    }
}

/// A PDF's text, imported.
fn import_pdf_text(text: &str) -> Report {
    // A web page printed by a browser keeps the site's navigation, header and footer: read it
    // as the web page it is.
    let printed_page = text
        .lines()
        .filter(|l| !clean::trim(l).is_empty())
        .take(12)
        .any(is_page_chrome);
    import_lines(text, printed_page)
}

/// Whether an image-only PDF is read by OCR (`--no-ocr` turns it off for a run).
static OCR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Turns reading scans by OCR on or off for this process (`--no-ocr`).
pub fn set_ocr(on: bool) {
    OCR.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// An image-only PDF read by OCR (see [`scan`]); without the `ocr` feature it is refused as
/// having no text.
fn import_scan(bytes: &[u8]) -> Result<Report, pdf::PdfError> {
    import_scan_with_pages(bytes, &crate::ocr::Progress::default()).map(|(r, _)| r)
}

/// Imports an image-only PDF by OCR, telling `progress` how far it got (and stopping when it
/// is cancelled), and gives the pages as read, for the window to show each cell's crop.
pub fn import_scan_with_pages(
    bytes: &[u8],
    progress: &crate::ocr::Progress,
) -> Result<(Report, Vec<image::GrayImage>), pdf::PdfError> {
    if !OCR.load(std::sync::atomic::Ordering::Relaxed) {
        return Err(pdf::PdfError::NoText);
    }
    #[cfg(feature = "ocr")]
    {
        scan::import_scan(bytes, progress)
    }
    #[cfg(not(feature = "ocr"))]
    {
        let _ = (bytes, progress);
        Err(pdf::PdfError::NoText)
    }
}

/// Whether scans are read by OCR in this build and run (the `ocr` feature, no `--no-ocr`).
pub fn ocr_enabled() -> bool {
    cfg!(feature = "ocr") && OCR.load(std::sync::atomic::Ordering::Relaxed)
}

/// Imports a saved web page.
pub fn import_html(html: &str) -> Report {
    let (text, elements) = html::to_text_bounded(html);
    let mut report = import_lines(&text, true);
    if let Some(n) = elements {
        report.import_notes.push(ImportNote {
            rule: Rule::I4,
            part: 0,
            cells: Vec::new(),
            message: format!(
                "网页有 {n} 个元素，超过可读取的上限 {} 个（年度报告的网页通常只有几百个）：只读取了前面的部分，其余未导入",
                html::MAX_HTML_ELEMENTS
            ),
        });
    }
    report
}

/// Imports plain text: a report copied out of Word or a web page.
pub fn import_text(text: &str) -> Report {
    import_lines(text, false)
}

/// Drops a web page's footer: everything after the date of issue that closes the report.
fn drop_footer(lines: &mut Vec<String>) {
    if let Some(last_date) = lines
        .iter()
        .rposition(|l| IssueDate::parse(&clean::squash(l)).is_some())
    {
        lines.truncate(last_date + 1);
    }
}

fn import_lines(text: &str, web: bool) -> Report {
    // Each stage's text is dropped once the next is made: a long input is held about once.
    let (cleaned, traditional) = to_simplified(&strip_artifacts(text));
    let lines: Vec<String> = cleaned.lines().map(str::to_string).collect();
    // The first year in the text, for a report without a title.
    let year_in_text = any_year(&cleaned);
    drop(cleaned);
    let mut split = split_parts(&lines, web);
    drop(lines);
    if web {
        drop_footer(&mut split.parts[5]);
    }
    let mut notes = Vec::new();

    let title = split.title.join("");
    let (agency, year) = match parse_title(&title) {
        Some((agency, year)) if plausible_agency(&agency) => (agency, year),
        // A title without a usable agency (broken off, or a piece of prose): the agency stays
        // blank rather than wrong, since it goes into the PDF, the JSON copy and every 汇总.
        Some((_, year)) => {
            notes.push(ImportNote {
                rule: Rule::I5,
                part: 0,
                cells: Vec::new(),
                message: format!(
                    "标题“{title}”中没有可用的机关名称：机关名称未填，年度取为 {year}，请填写机关名称"
                ),
            });
            (String::new(), year)
        }
        None => {
            let year = year_in_text;
            notes.push(ImportNote {
                rule: Rule::I5,
                part: 0,
                cells: Vec::new(),
                message: match year {
                    Some(y) => format!(
                        "没有找到“XX机关XXXX年政府信息公开工作年度报告”形式的标题：机关名称未填，年度按正文中第一次出现的年份取为 {y}，请核对"
                    ),
                    None => "没有找到标题，也没有在正文中找到年份：机关名称和年度需要填写".into(),
                },
            });
            if !title.is_empty() {
                // Keep an unreadable title where it will be seen.
                split.lead.insert(0, title.clone());
            }
            (String::new(), year.unwrap_or(0))
        }
    };

    let issue_date = take_signature(&mut split.parts[5]);
    if issue_date.is_none() && !agency.is_empty() {
        // Signed with the name alone (no date yet): the name is the signature, not a paragraph.
        let last = split.parts[5]
            .iter()
            .rposition(|l| !clean::trim(l).is_empty());
        if let Some(i) = last
            && clean::trim(&split.parts[5][i]) == agency
        {
            split.parts[5].truncate(i);
        }
    }
    let tables = tables::read_tables(&split.parts[1..4], year);
    notes.extend(tables.notes);

    let mut report = Report::new(tables.format, year);
    report.meta.agency = agency;
    report.meta.issue_date = issue_date;
    report.meta.lead = paragraphs(&split.lead).join("\n");
    for (i, lines) in split.parts.iter().enumerate() {
        let text = if (1..4).contains(&i) {
            paragraphs(&tables.prose[i - 1]).join("\n")
        } else {
            paragraphs(lines).join("\n")
        };
        report.parts[i].intro = text;
    }
    // 「联系方式：…」 on a line of its own in part 六 is the contact field as the sign-off PDF
    // prints it: it becomes the field again, not a paragraph.
    let printed = report.parts[5].intro.lines().rev().find_map(|l| {
        clean::trim(l)
            .strip_prefix("联系方式：")
            .map(|rest| (l.to_string(), rest.trim().to_string()))
    });
    let all_prose = format!("{}\n{}", report.meta.lead, report.parts[5].full_text());
    report.meta.contact = match printed {
        Some((line, contact)) if !contact.is_empty() => {
            let kept: Vec<&str> = report.parts[5]
                .intro
                .lines()
                .filter(|l| *l != line)
                .collect();
            report.parts[5].intro = kept.join("\n");
            contact
        }
        _ => find_contact(&all_prose).unwrap_or_default(),
    };
    report.cells = tables.cells;
    report.printed_groups = tables.printed;

    for (i, found) in split.found.iter().enumerate() {
        // Part 一 often has no heading of its own; its text is enough.
        if !found && (i != 0 || report.parts[0].is_blank()) {
            notes.push(ImportNote {
                rule: Rule::I4,
                part: i as u8 + 1,
                cells: Vec::new(),
                message: format!(
                    "没有找到第{}部分的标题“{}”",
                    NUMERALS[i],
                    report.template().parts[i].heading
                ),
            });
        }
    }
    if traditional {
        notes.push(ImportNote {
            rule: Rule::I5,
            part: 0,
            cells: Vec::new(),
            message: "原文为繁体字，已转换为简体字，请对照原文核对正文".into(),
        });
    }
    notes.sort_by_key(|n| n.part);
    report.import_notes = notes;
    note_coverage(&mut report);
    report
}

/// The format detected for a year when the text gives no hint: the 2021 format from 2021 on.
fn default_format(year: i32) -> FormatVersion {
    if year > 0 {
        FormatVersion::for_year(year)
    } else {
        FormatVersion::Gov2021
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(part_heading("一、总体情况"), Some((1, String::new())));
        assert_eq!(part_heading("（一）总体情况"), Some((1, String::new())));
        assert_eq!(part_heading("1、 总体情况"), Some((1, String::new())));
        assert_eq!(
            part_heading("二、主动公开政府信息的情况"),
            Some((2, String::new()))
        );
        assert_eq!(
            part_heading("六、其他需要报告的事项：按照《办法》规定。"),
            Some((6, "按照《办法》规定。".into()))
        );
        assert_eq!(part_heading("（一）主动公开"), None);
        assert_eq!(part_heading("二是依申请公开情况"), None);
        assert_eq!(
            part_heading("五、存在的主要问题及改进情况"),
            Some((5, String::new()))
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            parse_title("六安市人力资源和社会保障局 2023 年政府信息公开工作年度报告"),
            Some(("六安市人力资源和社会保障局".into(), 2023))
        );
        assert_eq!(parse_title("工作总结"), None);
        assert_eq!(
            parse_title("2025 年上海市人民政府办公厅政府信息公开工作年度报告"),
            Some(("上海市人民政府办公厅".to_string(), 2025))
        );
        assert_eq!(
            parse_title("2024年度上海市科委政府信息公开工作年度报告"),
            Some(("上海市科委".to_string(), 2024))
        );
        assert_eq!(
            parse_title("2024年政府信息公开工作年度报告"),
            Some((String::new(), 2024))
        );
        // 「年度」, no 「工作」, a web page's site name after the title.
        for (title, agency, year) in [
            (
                "平潭综合实验区市场监督管理局2021年度政府信息公开工作年度报告",
                "平潭综合实验区市场监督管理局",
                2021,
            ),
            (
                "平潭综合实验区2023年度政府信息公开工作年度报告",
                "平潭综合实验区",
                2023,
            ),
            (
                "某某县卫生健康局2019年政府信息公开年度报告",
                "某某县卫生健康局",
                2019,
            ),
            (
                "沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局",
                "沭阳县发展和改革局",
                2023,
            ),
            (
                "# 2022年度某某市司法局政府信息公开工作年度报告",
                "某某市司法局",
                2022,
            ),
        ] {
            assert_eq!(
                parse_title(title),
                Some((agency.to_string(), year)),
                "{title}"
            );
        }
        // A sentence that mentions a report is no title.
        assert_eq!(
            parse_title(
                "2021年，区交通建设局严格落实省政府办公厅《关于编制发布2021年政府信息公开工作年度报告有关事项的通知》，围绕交通领域"
            ),
            None
        );
        // One that ends like a title names no agency that could be one.
        let (agency, _) = parse_title(
            "根据《中华人民共和国政府信息公开条例》(以下简称《条例》)，编制本机关2022年政府信息公开工作年度报告。",
        )
        .expect("ends like a title");
        assert!(!plausible_agency(&agency), "{agency}");
    }

    #[test]
    fn headings_as_agencies_write_them() {
        for (line, part) in [
            ("四、政府信息公开行政法复议、行政诉讼情况", 4),
            ("四、政府信息公开行政复议与行政诉讼情况", 4),
            ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", 4),
            ("五、政府信息公开工作存在的主要问题及改进情况", 5),
            ("五、存在的主要问题及整改措施", 5),
            ("三、收到和处理政府信息公开申请的情况", 3),
        ] {
            assert_eq!(part_heading(line), Some((part, String::new())), "{line}");
        }
        // Joined to the paragraph after it by a PDF's line joining.
        assert_eq!(
            part_heading("六、其他需要报告的事项2023年，无收取信息处理费情况。"),
            Some((6, "2023年，无收取信息处理费情况。".into()))
        );
        // Rows of table 三 that start with a numeral are no headings.
        for row in [
            "四、结转下年度继续办理",
            "三、本年度办理结果",
            "二、上年结转政府信息公开申请数量",
            "一、本年新收政府信息公开申请数量",
        ] {
            assert_eq!(part_heading(row), None, "{row}");
        }
    }

    #[test]
    fn broken_lines_join() {
        let lines: Vec<String> = [
            "加大减负稳岗位扩就业政策解读，这一句很长很长很长很长很长很长很长很长很长很长的加大减负稳",
            "",
            "岗位扩就业政策解读。",
            "（二）依申请公开",
            "共收到 3 件。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].ends_with("稳岗位扩就业政策解读。"));
    }

    #[test]
    fn nothing_is_fatal() {
        for text in [
            "",
            "\n\n",
            "只有一句话",
            "二、主动公开政府信息情况\n\t规章\t1",
            "|||\t\t",
        ] {
            let r = import_text(text);
            assert!(r.cells.len() <= r.template().cells.len());
        }
    }
}
