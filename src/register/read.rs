//! A register file as rows of text: Excel, WPS and LibreOffice files through calamine (date
//! cells as 「YYYY-MM-DD」), CSV through the csv crate after decoding UTF-8 or GBK.

use std::path::Path;

use calamine::{Data, Reader};

/// Why a register could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The file could not be read.
    #[error("{0}")]
    File(#[from] crate::store::StoreError),
    /// Not a spreadsheet calamine reads.
    #[error("无法读取表格：{0}")]
    Sheet(String),
    /// No sheet of that name.
    #[error("表格中没有名为“{0}”的工作表")]
    NoSheet(String),
    /// No header row with a date of receipt and a result.
    #[error(
        "没有找到表头：登记台账应有“收到日期”（或受理、申请日期）和“答复结果”（或处理结果、办理情况）两列"
    )]
    NoHeader,
    /// A year no calendar date has.
    #[error("年度 {0} 无效")]
    Year(i32),
    /// A mapping file that cannot be used.
    #[error("映射文件无法使用：{0}")]
    Mapping(String),
}

/// The rows of a register: the first sheet, or the one named.
pub fn read_rows(path: &Path, sheet: Option<&str>) -> Result<Vec<Vec<String>>, RegisterError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "csv" || ext == "txt" {
        let bytes = crate::store::read_bounded(path)?;
        return Ok(csv_rows(&bytes));
    }
    crate::store::read_bounded(path)?;
    // calamine's messages are English: the clerk is told what the file is not.
    let mut book = calamine::open_workbook_auto(path).map_err(|_| {
        RegisterError::Sheet(
            "不是可读取的表格文件（.xlsx、.xls、.ods 或 .csv），可能已损坏或是另一种文件".into(),
        )
    })?;
    let name = match sheet {
        Some(s) => s.to_string(),
        None => book
            .sheet_names()
            .first()
            .cloned()
            .ok_or_else(|| RegisterError::Sheet("没有工作表".into()))?,
    };
    if !book.sheet_names().contains(&name) {
        return Err(RegisterError::NoSheet(name));
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|_| RegisterError::Sheet(format!("工作表“{name}”无法读取，文件可能已损坏")))?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        // A date cell: its serial, which parse_date reads.
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// CSV rows from UTF-8 (with or without a BOM) or GBK bytes; ragged rows allowed.
pub fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect()
}
