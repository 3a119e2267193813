//! Word documents (.docx, also as WPS saves them): the body's text as the text importer reads
//! it — each paragraph on a line, each table row on a line with its cells separated by tabs.

use std::io::Read;

use roxmltree::{Document, Node};

/// The main part of a WordprocessingML package.
const BODY_PART: &str = "word/document.xml";
/// The largest `document.xml` read (a report is well under 1 MB; this stops a zip bomb).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// Why a file could not be read as a Word document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocxError {
    /// An old binary Word or WPS file.
    #[error(
        "这是旧版 Word/WPS 文件（.doc/.wps），无法直接导入：请在 Word 或 WPS 中“另存为” .docx 或网页（.html）后再导入"
    )]
    Binary,
    /// Not a zip package, or one without a Word body.
    #[error("不是有效的 Word 文档（.docx）：{0}")]
    Invalid(String),
}

/// The compound-file signature of .doc/.wps/.xls files.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a Word file is no zip package we can read, in Chinese (zip's messages are English).
fn zip_chinese(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError as Z;
    match e {
        Z::InvalidArchive(_) => {
            "文件不是有效的 zip 压缩包（Word 文件是 zip 压缩包），可能已损坏或不完整".into()
        }
        Z::UnsupportedArchive(_) | Z::CompressionMethodNotSupported(_) => {
            "zip 压缩包使用了不支持的压缩方式".into()
        }
        Z::InvalidPassword => "zip 压缩包已加密".into(),
        Z::Io(io) => format!("zip 压缩包无法读取：{}", crate::store::io_chinese(io)),
        _ => "文件不是可读取的 zip 压缩包".into(),
    }
}

/// True when the bytes look like a Word/WPS file of either kind (zip package or old binary).
pub fn looks_like_word(bytes: &[u8]) -> bool {
    bytes.starts_with(&OLE_MAGIC) || bytes.starts_with(b"PK\x03\x04")
}

/// The document's text. Merged table cells are written once, where they start (as Word does
/// when a table is copied as text); deleted revisions, field codes and the fallback copies of
/// drawings are left out.
pub fn to_text(bytes: &[u8]) -> Result<String, DocxError> {
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(DocxError::Binary);
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::Invalid(zip_chinese(&e)))?;
    let part = zip
        .by_name(BODY_PART)
        .map_err(|_| DocxError::Invalid(format!("压缩包中没有 {BODY_PART}")))?;
    let mut xml = String::new();
    part.take(MAX_XML).read_to_string(&mut xml).map_err(|e| {
        DocxError::Invalid(format!(
            "无法读取 {BODY_PART}（{}）",
            crate::store::io_chinese(&e)
        ))
    })?;
    // The XML parser recurses once per level of nesting: a file nested thousands deep would
    // exhaust the stack, so it is refused before parsing.
    let depth = nesting_depth(&xml);
    if depth > MAX_XML_DEPTH {
        return Err(DocxError::Invalid(format!(
            "{BODY_PART} 的元素嵌套了 {depth} 层，超过可读取的上限 {MAX_XML_DEPTH} 层（正常的 Word 文档不超过几十层）"
        )));
    }
    let doc = Document::parse(&xml).map_err(|e| {
        let p = e.pos();
        DocxError::Invalid(format!(
            "{BODY_PART} 不是有效的 XML（第 {} 行第 {} 列）",
            p.row, p.col
        ))
    })?;
    let mut out = String::new();
    if let Some(body) = doc.root_element().children().find(|n| is(n, "body")) {
        blocks(body, &mut out, 0);
    }
    Ok(out)
}

/// Nesting the XML parser accepts at the most.
const MAX_XML_DEPTH: usize = 1000;

/// How deep the elements of an XML text nest (comments, CDATA, declarations and quoted
/// attribute values skipped). A bound for the parser, not a validation.
fn nesting_depth(xml: &str) -> usize {
    let b = xml.as_bytes();
    let skip_to = |from: usize, end: &[u8]| -> usize {
        b[from..]
            .windows(end.len())
            .position(|w| w == end)
            .map_or(b.len(), |p| from + p + end.len())
    };
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = skip_to(i, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(i, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(i, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_to(i, b">");
        } else if rest.starts_with(b"<!") {
            i = skip_to(i, b">");
        } else {
            // To the tag's end, past quoted attribute values.
            let mut j = i + 1;
            let mut quote = None;
            while j < b.len() {
                match (quote, b[j]) {
                    (None, b'"' | b'\'') => quote = Some(b[j]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            if j < b.len() && b[j - 1] != b'/' {
                depth += 1;
                max = max.max(depth);
            }
            i = j + 1;
        }
    }
    max
}

/// WordprocessingML elements are matched by local name: documents use the `w:` namespace, but
/// strict-mode files bind it to another URI.
fn is(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

/// Elements whose content is never text of the document.
fn skipped(n: &Node<'_, '_>) -> bool {
    n.is_element()
        && matches!(
            n.tag_name().name(),
            // deleted or moved-away revisions, field codes, properties, drawings' fallbacks
            "del"
                | "moveFrom"
                | "delText"
                | "instrText"
                | "delInstrText"
                | "Fallback"
                | "pPr"
                | "rPr"
                | "tblPr"
                | "tblGrid"
                | "trPr"
                | "sectPr"
                | "footnoteReference"
                | "endnoteReference"
                | "commentReference"
        )
}

/// How deep the walk follows nested elements: a real document nests a few levels (a content
/// control in a table cell in a text box); a file nested thousands deep would exhaust the
/// stack, and what stands below this depth is left out.
const MAX_DEPTH: usize = 200;

fn blocks(parent: Node<'_, '_>, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for n in parent.children().filter(|n| n.is_element() && !skipped(n)) {
        if is(&n, "p") {
            let mut line = String::new();
            inline(n, &mut line, false, depth + 1);
            let line = line.trim_end();
            if !line.trim().is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        } else if is(&n, "tbl") {
            table(n, out, depth + 1);
        } else {
            // sdt/sdtContent, customXml, ins, moveTo, text boxes…: their blocks are the document's
            blocks(n, out, depth + 1);
        }
    }
}

/// A paragraph's text. `in_cell`: line breaks do not end the cell's text (a label wrapped
/// with Shift+Enter is one label).
fn inline(parent: Node<'_, '_>, out: &mut String, in_cell: bool, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for n in parent.children() {
        if n.is_text() {
            // Only w:t carries text; white space between elements is layout of the XML.
            continue;
        }
        if skipped(&n) {
            continue;
        }
        match n.tag_name().name() {
            "t" => out.push_str(n.text().unwrap_or("")),
            "tab" | "ptab" => out.push(if in_cell { ' ' } else { '\t' }),
            "br" | "cr" if !in_cell => out.push('\n'),
            "br" | "cr" => {}
            "noBreakHyphen" => out.push('-'),
            "sym" => {
                if let Some(c) = n
                    .attributes()
                    .find(|a| a.name() == "char")
                    .and_then(|a| u32::from_str_radix(a.value(), 16).ok())
                    .and_then(char::from_u32)
                {
                    out.push(c);
                }
            }
            // A text box inside a run holds paragraphs of its own.
            "txbxContent" => {
                let mut inner = String::new();
                blocks(n, &mut inner, depth + 1);
                out.push_str(inner.trim_end());
            }
            _ => inline(n, out, in_cell, depth + 1),
        }
    }
}

fn table(tbl: Node<'_, '_>, out: &mut String, depth: usize) {
    for row in tbl.children().filter(|n| is(n, "tr")) {
        let mut cells = Vec::new();
        for cell in row.children().filter(|n| is(n, "tc")) {
            if continues_merge(cell) {
                continue;
            }
            let mut text = String::new();
            cell_text(cell, &mut text, depth + 1);
            cells.push(text);
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
}

/// A cell's paragraphs on one line (a label Word wraps is one label; nested tables flattened).
fn cell_text(cell: Node<'_, '_>, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for n in cell.children().filter(|n| n.is_element() && !skipped(n)) {
        if is(&n, "p") {
            let mut line = String::new();
            inline(n, &mut line, true, depth + 1);
            out.push_str(line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'));
        } else {
            cell_text(n, out, depth + 1);
        }
    }
}

/// The lower cells of a vertical merge: `<w:vMerge/>` without `w:val="restart"`.
fn continues_merge(cell: Node<'_, '_>) -> bool {
    cell.children()
        .find(|n| is(n, "tcPr"))
        .and_then(|pr| pr.children().find(|n| is(n, "vMerge")))
        .is_some_and(|v| {
            v.attributes()
                .find(|a| a.name() == "val")
                .is_none_or(|a| a.value() != "restart")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A package holding only `word/document.xml` with this body.
    fn package(body: &str) -> Vec<u8> {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        );
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            z.start_file(BODY_PART, opts).expect("entry");
            z.write_all(xml.as_bytes()).expect("write");
            z.finish().expect("finish");
        }
        buf.into_inner()
    }

    #[test]
    fn paragraphs_breaks_revisions_and_merged_cells() {
        let body = r#"
            <w:p><w:r><w:t>某局2024年政府信息公开</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>工作年度报告</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">本年</w:t></w:r><w:del><w:r><w:delText>收到</w:delText></w:r></w:del><w:ins><w:r><w:t>新收</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>申请。</w:t></w:r></w:p>
            <w:tbl><w:tblPr/><w:tblGrid/>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行政</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>许可</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t> 4 </w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl>
            <w:sdt><w:sdtContent><w:p><w:r><w:t>某局</w:t></w:r></w:p></w:sdtContent></w:sdt>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing/></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>重复</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#;
        let text = to_text(&package(body)).expect("reads");
        assert_eq!(
            text,
            "某局2024年政府信息公开\n工作年度报告\n本年新收申请。\n行政许可\t3\n4\n某局\n"
        );
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let mut doc = OLE_MAGIC.to_vec();
        doc.extend_from_slice(&[0; 512]);
        assert_eq!(to_text(&doc), Err(DocxError::Binary));
        assert!(
            matches!(to_text(b"PK\x03\x04 truncated"), Err(DocxError::Invalid(m)) if m.contains("zip"))
        );
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .expect("entry");
            z.finish().expect("finish");
        }
        assert!(
            matches!(to_text(&buf.into_inner()), Err(DocxError::Invalid(m)) if m.contains(BODY_PART))
        );
        assert!(
            matches!(to_text(&package("<w:p><w:r><w:t>未闭合")), Err(DocxError::Invalid(m)) if m.contains("XML"))
        );
    }
}
