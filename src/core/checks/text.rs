//! What the text must say: the fee (C8), part 一's length and aspects (C9, C10), the date of
//! issue (C11), the numbers it states against the tables (C12), the 统计期限 and the signature
//! (C18).

use super::*;

/// C8: a gov2021 report states the 信息处理费 in part 六 (an amount, or that none was charged).
pub(super) fn check_fee_statement(report: &Report, text: &str, out: &mut Vec<Finding>) {
    if !report.template().requires_fee_statement {
        return;
    }
    // A blank part 六 is already C7; saying it twice helps nobody.
    if !text.trim().is_empty() && !states_fee(text) {
        out.push(Finding::new(
            Rule::C8,
            Level::Error,
            6,
            "“六、其他需要报告的事项”未说明信息处理费：按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），应写明本年度收取的信息处理费金额，未收取的也应写明".to_string(),
        ));
    }
}

/// Whether some sentence mentions the fee together with an amount or a statement that none
/// was charged.
pub fn states_fee(text: &str) -> bool {
    text.split(['。', '；', ';', '\n']).any(|sentence| {
        let about_fee = sentence.contains("处理费")
            || (sentence.contains("信息公开")
                && (sentence.contains("收费") || sentence.contains("费用")));
        let none = ["没有", "未", "无", "不", "零"]
            .iter()
            .any(|w| sentence.contains(w));
        let amount = sentence
            .char_indices()
            .any(|(i, c)| c.is_ascii_digit() && sentence[i..].contains('元'));
        about_fee && (none || amount)
    })
}

/// Part 一's length as the spec means it: characters of text, white space not counted.
pub fn text_length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The five aspects part 一 must touch (C10), each with the words that show it is touched.
pub const ASPECTS: [(&str, &[&str]); 5] = [
    ("主动公开", &["主动公开"]),
    ("依申请公开", &["依申请公开", "依申请", "政府信息公开申请"]),
    ("政府信息管理", &["信息管理"]),
    ("平台建设", &["平台建设", "平台", "网站"]),
    ("监督保障", &["监督保障", "监督", "保障", "考核"]),
];

/// C9 and C10: part 一's length and its five aspects.
pub(super) fn check_part1(text: &str, out: &mut Vec<Finding>) {
    if text.trim().is_empty() {
        return; // C7 already says so.
    }
    let n = text_length(text);
    if n > 1000 {
        out.push(Finding::new(
            Rule::C9,
            Level::Warning,
            1,
            format!("“一、总体情况”共 {n} 字，超过格式要求的“篇幅原则上不超过一千字”，请精简"),
        ));
    }
    let missing: Vec<&str> = ASPECTS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| text.contains(w)))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        out.push(Finding::new(
            Rule::C10,
            Level::Warning,
            1,
            format!(
                "“一、总体情况”没有写到：{}。格式要求总体情况涵盖主动公开、依申请公开、政府信息管理、平台建设、监督保障五个方面",
                missing.join("、")
            ),
        ));
    }
}

/// C11: issued after the deadline of the reporting body's tier.
pub(super) fn check_deadline(report: &Report, out: &mut Vec<Finding>) {
    let (Some(date), Some(deadline)) = (
        report.meta.issue_date,
        report.meta.tier.deadline(report.meta.year),
    ) else {
        return; // A missing date is C18's.
    };
    if date > deadline {
        out.push(Finding::new(
            Rule::C11,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "成文日期 {} 晚于{}的公布期限 {}",
                date.chinese(),
                report.meta.tier.chinese(),
                deadline.chinese()
            ),
        ));
    }
}

/// C12: numbers the prose states about tabled quantities, against the tables. Only a number
/// read as a table quantity (see [`crate::core::prose`]) is compared, and only when every cell
/// it sums is filled and valid: a blank table says nothing the text could contradict.
pub(super) fn check_prose_numbers(
    report: &Report,
    t: &Template,
    values: &[CellValue],
    part_texts: &[String],
    out: &mut Vec<Finding>,
) {
    let number = |id: &str| -> Option<f64> {
        let i = t.cell_index(id)?;
        match &values[i] {
            CellValue::Value {
                number: Number::Int(v),
                ..
            } => Some(*v as f64),
            CellValue::Value {
                number: Number::Money(d),
                ..
            } => d.to_string().parse().ok(),
            CellValue::Unfilled | CellValue::Invalid(_) => None,
        }
    };
    let mut texts: Vec<(u8, &str)> = vec![(REPORT_LEVEL, report.meta.lead.as_str())];
    for (i, text) in part_texts.iter().enumerate() {
        if t.parts[i].is_prose {
            texts.push((t.parts[i].number.get(), text.as_str()));
        }
    }
    for (part, text) in texts {
        let found = crate::core::prose::read(text, t, &report.meta.agency);
        if found.is_empty() {
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        for m in found {
            let Some(quantities) = m.quantities() else {
                continue;
            };
            // (quantity, its cells' values, their sum), or nothing when a cell is blank.
            let mut read = Vec::new();
            for q in quantities {
                let Some(parts) = q
                    .cells
                    .iter()
                    .map(|id| number(id))
                    .collect::<Option<Vec<f64>>>()
                else {
                    break;
                };
                let stated = stated_in_cell_unit(t, q, m.value, m.unit);
                read.push((q, parts.iter().sum::<f64>(), stated, parts));
            }
            if read.len() < quantities.len()
                || read
                    .iter()
                    .any(|(_, sum, stated, _)| (sum - stated).abs() < 1e-6)
            {
                continue;
            }
            let clause: String = chars[m.clause.0..m.clause.1].iter().collect();
            let shown: String = chars[m.start..m.unit_end].iter().collect();
            let readings = read
                .iter()
                .map(|(q, sum, _, parts)| {
                    format!("按{}理解，表中为 {}", q.name, sum_text(parts, *sum))
                })
                .collect::<Vec<_>>()
                .join("；");
            let mut f = Finding::new(
                Rule::C12,
                Level::Warning,
                part,
                format!("正文“{}”写的是 {shown}，{readings}，请核对", clause.trim()),
            );
            for q in quantities {
                for id in &q.cells {
                    if !f.cells.contains(id) {
                        f.cells.push(id.clone());
                    }
                }
            }
            out.push(f.with_span(TextSpan {
                start: m.clause.0,
                end: m.clause.1,
            }));
        }
    }
}

/// The stated number in the unit of the quantity's cells (「29313元」 against a 万元 cell).
fn stated_in_cell_unit(
    t: &Template,
    q: &crate::core::prose::Quantity,
    value: f64,
    unit: &str,
) -> f64 {
    let kind = q.cells.first().and_then(|id| t.cell(id)).map(|c| c.kind);
    match (kind, unit) {
        (Some(ValueKind::Wan), "元") => value / 10_000.0,
        (Some(ValueKind::Yuan), "万元") => value * 10_000.0,
        _ => value,
    }
}

/// 「13 + 3 = 16」 for a few cells, 「20（8 项之和）」 for many, 「27」 for one.
fn sum_text(parts: &[f64], sum: f64) -> String {
    let n = |v: f64| {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match parts.len() {
        0 | 1 => n(sum),
        2..=4 => format!(
            "{} = {}",
            parts.iter().map(|v| n(*v)).collect::<Vec<_>>().join(" + "),
            n(sum)
        ),
        k => format!("{}（{k} 项之和）", n(sum)),
    }
}

/// Whether a text states the 统计期限 (「统计期限」, or a span such as 「2021年1月1日至12月31日」).
pub fn states_period(text: &str) -> bool {
    if text.contains("统计期限") || text.contains("统计时限") || text.contains("统计区间")
    {
        return true;
    }
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed.contains("1月1日至")
        || squeezed.contains("1月1日起至")
        || squeezed.contains("1月1日到")
}

/// C18: the 统计期限 sentence, and the agency name and date of issue for the signature.
pub(super) fn check_period_and_signature(
    report: &Report,
    texts: &[String],
    out: &mut Vec<Finding>,
) {
    let stated = states_period(&report.meta.lead) || texts.iter().any(|t| states_period(t));
    if !stated {
        out.push(Finding::new(
            Rule::C18,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "没有写明统计期限：建议在导语中写明“本报告中所列数据的统计期限自{0}年1月1日起至{0}年12月31日止”",
                report.meta.year
            ),
        ));
    }
    if let Some(typed) = &report.meta.issue_date_typed {
        out.push(Finding::new(
            Rule::C18,
            Level::Error,
            REPORT_LEVEL,
            format!(
                "成文日期“{}”不是有效日期：请写成 {}-01-20 或 {}年1月20日",
                typed.chars().take(40).collect::<String>(),
                report.meta.year + 1,
                report.meta.year + 1
            ),
        ));
    }
    let mut missing = Vec::new();
    if report.meta.agency.trim().is_empty() {
        missing.push("机关名称");
    }
    if report.meta.issue_date.is_none() && report.meta.issue_date_typed.is_none() {
        missing.push("成文日期");
    }
    if !missing.is_empty() {
        out.push(Finding::new(
            Rule::C18,
            Level::Warning,
            REPORT_LEVEL,
            format!(
                "文末落款缺少{}：打印稿需要机关名称和成文日期以便签署、盖章",
                missing.join("和")
            ),
        ));
    }
}
