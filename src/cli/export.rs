//! `nianbao export`: the PDF for signature, the machine-readable JSON copy, and the web page,
//! Word file and spreadsheet for publishing.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::export::Format;
use crate::import::load_report;

/// 导出：签发用 PDF（--pdf）、机读 JSON 副本（--json）、网页（--html）、Word 文件（--docx）和电子表格（--xlsx）。
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 草稿文件（.ron 或 .json）。
    pub draft: PathBuf,
    /// 写出 PDF 到此文件。
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    /// 写出机读 JSON 副本到此文件。
    #[arg(long, value_name = "OUT.json")]
    pub json: Option<PathBuf>,
    /// 写出网页（HTML，单个文件，可直接发布到门户网站）到此文件。
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
    /// 写出 Word 文件（.docx，可在 Word/WPS 中编辑或交给网站发布）到此文件。
    #[arg(long, value_name = "OUT.docx")]
    pub docx: Option<PathBuf>,
    /// 写出电子表格（.xlsx，每张统计表一个工作表，总计为公式）到此文件。
    #[arg(long, value_name = "OUT.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// PDF 为审核稿：附录列出批注、已核实的提醒和修订记录（定稿 PDF 不印这些）。
    #[arg(long)]
    pub review_copy: bool,
}

impl ExportArgs {
    /// The files asked for, in the order they are written: JSON, the web page, Word, the
    /// spreadsheet, then the PDF.
    fn targets(&self) -> Vec<(Format, &PathBuf)> {
        let pdf = if self.review_copy {
            Format::ReviewPdf
        } else {
            Format::Pdf
        };
        [
            (Format::Json, &self.json),
            (Format::Html, &self.html),
            (Format::Docx, &self.docx),
            (Format::Xlsx, &self.xlsx),
            (pdf, &self.pdf),
        ]
        .into_iter()
        .filter_map(|(f, path)| path.as_ref().map(|p| (f, p)))
        .collect()
    }

    /// Writes what was asked for.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        let targets = self.targets();
        if targets.is_empty() {
            return Err(CliError::Usage(
                "请指定导出格式：--pdf OUT.pdf、--json OUT.json、--html OUT.html、--docx OUT.docx 或 --xlsx OUT.xlsx".into(),
            ));
        }
        let report = load_report(&self.draft)?;
        for (format, target) in targets {
            crate::export::write(&report, format, target)
                .map_err(|e| CliError::File(format.failed(&e)))?;
            writeln!(out, "{}", format.written(target))?;
        }
        Ok(Exit::Ok)
    }
}
