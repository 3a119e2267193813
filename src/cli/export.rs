//! `nianbao export`: the PDF for signature and the machine-readable JSON copy.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::exit::{CliError, Exit};
use crate::export::json::load_any;

/// 导出：签发用 PDF（--pdf）和机读 JSON 副本（--json）。
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
    /// PDF 为审核稿：附录列出批注、已核实的提醒和修订记录（定稿 PDF 不印这些）。
    #[arg(long)]
    pub review_copy: bool,
}

impl ExportArgs {
    /// Writes what was asked for: JSON, the web page, then the PDF.
    pub fn run(&self, out: &mut dyn Write, _err: &mut dyn Write) -> Result<Exit, CliError> {
        if self.pdf.is_none() && self.json.is_none() && self.html.is_none() {
            return Err(CliError::Usage(
                "请指定导出格式，例如 --pdf OUT.pdf、--json OUT.json 或 --html OUT.html".into(),
            ));
        }
        let report = load_any(&self.draft)?;
        if let Some(target) = &self.json {
            let text = crate::export::json::to_json(&report)?;
            crate::store::write_atomic(target, text.as_bytes(), false)?;
            writeln!(out, "已导出机读副本 {}", target.display())?;
        }
        if let Some(target) = &self.html {
            let page = crate::export::html::to_html(&report);
            crate::store::write_atomic(target, page.as_bytes(), false)?;
            writeln!(out, "已导出网页 {}", target.display())?;
        }
        if let Some(target) = &self.pdf {
            let bytes = crate::export::pdf::PdfFonts::load()
                .and_then(|fonts| {
                    crate::export::pdf::export_pdf_with(&report, &fonts, self.review_copy)
                })
                .map_err(|e| CliError::File(format!("无法导出 PDF：{e}")))?;
            crate::store::write_atomic(target, &bytes, false)
                .map_err(|e| CliError::File(format!("无法导出 PDF：{e}")))?;
            writeln!(out, "已导出 PDF {}", target.display())?;
        }
        Ok(Exit::Ok)
    }
}
