//! 汇总: the tables of many agencies' reports summed cell by cell into one report, as the
//! office that oversees them does for its region. The relations are linear, so a sum of
//! reports that each add up adds up too.

use rust_decimal::Decimal;

use thiserror::Error;

use super::checks::check;
pub use super::report::MergeSource;
use super::report::Report;
use super::template::FormatVersion;
use super::values::{CellValue, Number};

/// Why reports could not be summed.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum MergeError {
    /// Nothing to sum.
    #[error("没有可汇总的报告")]
    Empty,
    /// The tables differ between the formats.
    #[error("格式版本不同，不能汇总（表格不同）：{}", list_formats(.0))]
    MixedFormats(Vec<(String, FormatVersion)>),
    /// Reports of different years.
    #[error("年度不同，不能汇总：{}", list_years(.0))]
    MixedYears(Vec<(String, i32)>),
    /// Reports whose own checks fail. A front end that can sum them all the same (the CLI's
    /// `--allow-errors`) says how.
    #[error("以下报告尚有错误，请先改正：{}", list_errors(.0))]
    HasErrors(Vec<(String, usize)>),
    /// A sum too large to be a real figure.
    #[error("单元格 {0} 的合计超出范围")]
    Overflow(String),
}

fn list_formats(v: &[(String, FormatVersion)]) -> String {
    v.iter()
        .map(|(f, v)| format!("{f}（{}）", v.document()))
        .collect::<Vec<_>>()
        .join("；")
}

fn list_years(v: &[(String, i32)]) -> String {
    v.iter()
        .map(|(f, y)| format!("{f}（{y}年）"))
        .collect::<Vec<_>>()
        .join("；")
}

fn list_errors(v: &[(String, usize)]) -> String {
    v.iter()
        .map(|(f, n)| format!("{f}（{n} 处错误）"))
        .collect::<Vec<_>>()
        .join("；")
}

/// Sums the tables of `inputs` (file name, report) into a new report of `agency`: each cell
/// the sum of its values (an unfilled cell counts as 0; a cell unfilled everywhere stays
/// unfilled). All inputs must share format and year; one whose checks find errors is refused
/// unless `allow_errors`, and then a cell of it that holds no number is left out of the sum.
pub fn merge(
    inputs: &[(String, Report)],
    agency: &str,
    allow_errors: bool,
) -> Result<Report, MergeError> {
    let Some((_, first)) = inputs.first() else {
        return Err(MergeError::Empty);
    };
    let format = first.meta.format;
    if inputs.iter().any(|(_, r)| r.meta.format != format) {
        return Err(MergeError::MixedFormats(
            inputs
                .iter()
                .map(|(f, r)| (f.clone(), r.meta.format))
                .collect(),
        ));
    }
    let year = first.meta.year;
    if inputs.iter().any(|(_, r)| r.meta.year != year) {
        return Err(MergeError::MixedYears(
            inputs
                .iter()
                .map(|(f, r)| (f.clone(), r.meta.year))
                .collect(),
        ));
    }
    let errors: Vec<(String, usize)> = inputs
        .iter()
        .map(|(f, r)| (f.clone(), check(r).iter().filter(|x| x.is_error()).count()))
        .collect();
    let failing: Vec<(String, usize)> = errors.iter().filter(|(_, n)| *n > 0).cloned().collect();
    if !failing.is_empty() && !allow_errors {
        return Err(MergeError::HasErrors(failing));
    }

    let t = format.template();
    let values: Vec<Vec<CellValue>> = inputs.iter().map(|(_, r)| r.values()).collect();
    let mut out = Report::new(format, year);
    out.meta.agency = agency.trim().to_string();
    for (i, decl) in t.cells.iter().enumerate() {
        let mut int: Option<i64> = None;
        let mut money: Option<Decimal> = None;
        for v in &values {
            match v[i].number() {
                Some(Number::Int(n)) => {
                    int = Some(
                        int.unwrap_or(0)
                            .checked_add(n)
                            .ok_or_else(|| MergeError::Overflow(decl.label.clone()))?,
                    );
                }
                Some(Number::Money(d)) => {
                    money = Some(
                        money
                            .unwrap_or_default()
                            .checked_add(d)
                            .ok_or_else(|| MergeError::Overflow(decl.label.clone()))?,
                    );
                }
                None => {}
            }
        }
        let text = match (int, money) {
            (Some(n), None) => n.to_string(),
            (None, Some(d)) => d.normalize().to_string(),
            (Some(n), Some(d)) => (Decimal::from(n) + d).normalize().to_string(),
            (None, None) => continue,
        };
        out.set_cell(&decl.id, text);
    }
    out.sources = inputs
        .iter()
        .zip(&errors)
        .map(|((file, r), (_, n))| MergeSource {
            agency: r.meta.agency.trim().to_string(),
            file: file.clone(),
            errors: *n,
        })
        .collect();
    out.meta.lead = format!(
        "本报告汇总了{}份{}年度政府信息公开工作年度报告的统计数据。",
        inputs.len(),
        year
    );
    Ok(out)
}

/// Reports of one agency and year given more than once (the agency compared without spaces):
/// (agency, year, the names of their files). Summed, they would count twice.
pub fn same_reports(inputs: &[(String, Report)]) -> Vec<(String, i32, Vec<String>)> {
    let mut groups: Vec<(String, i32, Vec<String>)> = Vec::new();
    for (file, r) in inputs {
        let agency: String = r.meta.agency.split_whitespace().collect();
        match groups
            .iter_mut()
            .find(|(a, y, _)| *a == agency && *y == r.meta.year)
        {
            Some((_, _, files)) => files.push(file.clone()),
            None => groups.push((agency, r.meta.year, vec![file.clone()])),
        }
    }
    groups.retain(|(a, _, files)| !a.is_empty() && files.len() > 1);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Report {
        let text = include_str!("../../assets/sample-gov2021.ron");
        match crate::store::from_ron(text, std::path::Path::new("sample-gov2021.ron")) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn the_sample_with_itself_doubles_every_cell() {
        let s = sample();
        let merged = merge(
            &[("a.ron".into(), s.clone()), ("b.ron".into(), s.clone())],
            "某某区人民政府",
            false,
        )
        .expect("merge");
        for c in &s.template().cells {
            let one = s.values()[s.template().cell_index(&c.id).expect("cell")].number();
            let two = merged.values()[s.template().cell_index(&c.id).expect("cell")].number();
            match (one, two) {
                (Some(Number::Int(a)), Some(Number::Int(b))) => assert_eq!(b, 2 * a, "{}", c.id),
                (Some(Number::Money(a)), Some(Number::Money(b))) => {
                    assert_eq!(b, a * Decimal::from(2), "{}", c.id)
                }
                (None, None) => {}
                other => panic!("{}: {other:?}", c.id),
            }
        }
        assert_eq!(merged.sources.len(), 2);
        assert_eq!(merged.meta.agency, "某某区人民政府");
    }

    #[test]
    fn mixed_formats_are_refused_with_the_list() {
        let a = sample();
        let b = Report::new(FormatVersion::Gov2019, a.meta.year);
        let e =
            merge(&[("甲.ron".into(), a), ("乙.ron".into(), b)], "区", true).expect_err("mixed");
        let text = e.to_string();
        assert!(
            text.contains("甲.ron（") && text.contains("乙.ron（"),
            "{text}"
        );
        assert!(matches!(e, MergeError::MixedFormats(_)));
    }
}
