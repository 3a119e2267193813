//! An image-only PDF read by OCR (see [`crate::ocr`]): the pages read into a web page that the
//! web-page import places like any other, each placed value traced back to the scan's cell it
//! was read from (its box, its reading, how sure), and a note of how the reading went.

use std::collections::BTreeMap;

use crate::core::report::{ImportNote, SURE_PERCENT, ScannedCell};
use crate::core::{Report, Rule};

/// A table cell as the scan gave it, for [`trace`].
#[derive(Clone, Debug, PartialEq)]
pub struct ReadCell {
    /// The page, from 1.
    pub page: u16,
    /// Its box on the page as read.
    pub bounds: [u32; 4],
    /// What was read.
    pub text: String,
    /// How sure, 0 to 1.
    pub confidence: f32,
}

/// Whether a cell's reading is a value the tables' reader places (a number, an amount).
fn is_value(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// Which cell of the scan each value of the report came from. The import placed the values by
/// their rows' labels; in the order the template lists its cells they are the scan's numbers in
/// reading order, save for what could not be placed. The two sequences are aligned on equal
/// text (a longest common subsequence), so a number the import left out shifts nothing.
pub fn trace(report: &Report, read: &[ReadCell]) -> BTreeMap<String, ScannedCell> {
    let t = report.template();
    let placed: Vec<(&str, &str)> = t
        .cells
        .iter()
        .filter_map(|c| {
            let v = report.cell_text(&c.id).trim();
            (!v.is_empty()).then_some((c.id.as_str(), v))
        })
        .collect();
    let values: Vec<&ReadCell> = read.iter().filter(|c| is_value(&c.text)).collect();
    let (n, m) = (placed.len(), values.len());
    // lcs[i][j]: the longest common run of placed[i..] and values[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if placed[i].1 == values[j].text.trim() {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = BTreeMap::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if placed[i].1 == values[j].text.trim() && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            let c = values[j];
            out.insert(
                placed[i].0.to_string(),
                ScannedCell {
                    page: c.page,
                    bounds: c.bounds,
                    read: c.text.trim().to_string(),
                    confidence: percent(c.confidence),
                    confirmed: false,
                },
            );
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// A confidence in whole percent, rounded down (89.9 % is not sure enough).
fn percent(c: f32) -> u8 {
    (c.clamp(0.0, 1.0) * 100.0).floor() as u8
}

/// The I8 note of a scan's import: how much was read, which numbers with little confidence,
/// and whether the arithmetic verified the reading — and where it does not, which relations
/// fail although every cell in them was read surely (the published table itself is then
/// likely wrong) and which have a cell read unsurely.
pub fn note(report: &Report, pages: usize, cells: usize) -> ImportNote {
    let t = report.template();
    let low: Vec<String> = report
        .scanned
        .iter()
        .filter(|(_, c)| c.confidence < SURE_PERCENT)
        .map(|(id, c)| {
            let label = t.cell(id).map_or(id.as_str(), |d| d.label.as_str());
            format!(
                "{label}（第 {} 页，读作“{}”，把握 {}%）",
                c.page, c.read, c.confidence
            )
        })
        .collect();
    let failing: Vec<crate::core::Finding> = crate::core::check(report)
        .into_iter()
        .filter(|f| matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4))
        .collect();
    // Tables 三 and 四 (parts 3 and 4): a cell not read or not placed is not verified.
    let unfilled = t
        .cells
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(t.part_of(*i).get(), 3 | 4))
        .filter(|(_, c)| report.cell_text(&c.id).trim().is_empty())
        .count();
    let mut message = format!("由扫描件经文字识别（OCR）导入：{pages} 页，表格单元格 {cells} 个");
    if unfilled > 0 {
        message.push_str(&format!(
            "；表三、表四有 {unfilled} 格未能读出或未能放入，请对照原件填写"
        ));
    }
    if low.is_empty() && failing.is_empty() && unfilled == 0 {
        message
            .push_str("；每格识别把握都较高，表三、表四的勾稽关系全部成立，识别结果已由算术验证");
    } else if !low.is_empty() || !failing.is_empty() {
        if !low.is_empty() {
            message.push_str(&format!(
                "；识别把握较低、请对照原件核对的 {} 格：{}",
                low.len(),
                low.join("、")
            ));
        }
        if !failing.is_empty() {
            let sure = failing
                .iter()
                .filter(|f| {
                    f.cells.iter().all(|id| {
                        report
                            .scanned
                            .get(id)
                            .is_none_or(|c| c.confidence >= SURE_PERCENT)
                    })
                })
                .count();
            message.push_str(&format!(
                "；有 {} 处勾稽关系不成立：识别结果或原表有误，请对照原件核对所列各格",
                failing.len()
            ));
            if sure > 0 {
                message.push_str(&format!(
                    "（其中 {sure} 处所涉各格识别把握都较高，更可能是原表本身有误）"
                ));
            }
        }
    }
    ImportNote {
        rule: Rule::I8,
        part: 0,
        cells: Vec::new(),
        message,
    }
}

/// An image-only PDF read by OCR: its tables cell by cell and its text line by line, placed as
/// a web page's would be, each value traced to its cell on the scan, with the I8 note. Also
/// gives the pages as read, for the window to show each cell's crop.
#[cfg(feature = "ocr")]
pub fn import_scan(
    bytes: &[u8],
    progress: &crate::ocr::Progress,
) -> Result<(Report, Vec<image::GrayImage>), super::pdf::PdfError> {
    use super::pdf::PdfError;
    let scan = |e: crate::ocr::OcrError| PdfError::Scan(e.to_string());
    let images = crate::ocr::page_images(bytes).map_err(scan)?;
    if images.iter().all(Vec::is_empty) {
        return Err(PdfError::NoText);
    }
    let rec = crate::ocr::Recognizer::find().map_err(scan)?;
    let (html, pages) = crate::ocr::read_scan(&rec, images, progress).map_err(scan)?;
    let mut report = super::import_html(&html);
    let read: Vec<ReadCell> = pages
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.tables.iter().flatten().map(move |c| {
                let (x0, y0, x1, y1) = c.cell.bounds;
                ReadCell {
                    page: u16::try_from(i + 1).unwrap_or(u16::MAX),
                    bounds: [x0, y0, x1, y1],
                    text: c.reading.text.clone(),
                    confidence: c.reading.confidence,
                }
            })
        })
        .collect();
    report.scanned = trace(&report, &read);
    let note = note(&report, pages.len(), read.len());
    report.import_notes.insert(0, note);
    Ok((report, pages.into_iter().map(|p| p.image).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::FormatVersion;

    fn cell(page: u16, x: u32, text: &str, confidence: f32) -> ReadCell {
        ReadCell {
            page,
            bounds: [x, 0, x + 10, 10],
            text: text.into(),
            confidence,
        }
    }

    #[test]
    fn traces_values_in_order_past_labels_and_left_out_numbers() {
        let mut r = Report::new(FormatVersion::Gov2021, 2025);
        let t = r.template();
        // The first three cells of the template, placed; the scan also has labels and a
        // stray number the import did not place.
        let ids: Vec<String> = t.cells.iter().take(3).map(|c| c.id.clone()).collect();
        r.cells.insert(ids[0].clone(), "5".into());
        r.cells.insert(ids[1].clone(), "0".into());
        r.cells.insert(ids[2].clone(), "12".into());
        let read = vec![
            cell(1, 0, "规章", 0.99),
            cell(1, 10, "5", 0.95),
            cell(1, 20, "7", 0.5),
            cell(1, 30, "0", 0.80),
            cell(2, 40, "12", 0.999),
        ];
        let traced = trace(&r, &read);
        assert_eq!(traced.len(), 3);
        assert_eq!(traced[&ids[0]].bounds[0], 10);
        assert_eq!(traced[&ids[1]].bounds[0], 30);
        assert_eq!(traced[&ids[1]].confidence, 80);
        assert!(traced[&ids[1]].needs_a_look("0"));
        // Typed over or confirmed: a person has looked.
        assert!(!traced[&ids[1]].needs_a_look("3"));
        assert_eq!(traced[&ids[2]].page, 2);
        assert!(!traced[&ids[2]].needs_a_look("12"));
    }

    #[test]
    fn the_note_tells_a_wrong_table_from_a_doubtful_reading() {
        let mut r = Report::new(FormatVersion::Gov2021, 2025);
        let t = r.template();
        // Table 四's first relation: a 结果维持 … 总计 row; its total made wrong.
        let rel = t
            .relations
            .iter()
            .find(|rel| rel.lhs.len() == 1 && t.cells[rel.lhs[0]].id.starts_with("t4"))
            .expect("a table 四 relation");
        for &c in &rel.rhs {
            r.cells.insert(t.cells[c].id.clone(), "1".into());
        }
        let total = t.cells[rel.lhs[0]].id.clone();
        r.cells.insert(total.clone(), "9".into());
        for id in r.cells.keys() {
            r.scanned.insert(
                id.clone(),
                ScannedCell {
                    page: 1,
                    bounds: [0; 4],
                    read: r.cells[id].clone(),
                    confidence: 99,
                    confirmed: false,
                },
            );
        }
        let sure = note(&r, 1, 10).message;
        assert!(sure.contains("识别结果或原表有误"), "{sure}");
        assert!(sure.contains("更可能是原表本身有误"), "{sure}");
        if let Some(c) = r.scanned.get_mut(&total) {
            c.confidence = 40;
        }
        let doubtful = note(&r, 1, 10).message;
        assert!(doubtful.contains("把握 40%"), "{doubtful}");
        assert!(!doubtful.contains("更可能是原表本身有误"), "{doubtful}");
    }
}
