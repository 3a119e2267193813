//! The overview as one self-contained web page (no network, no script needed to read it): the
//! counts, a chart of errors per agency as inline SVG, the table of reports in the order the
//! office acts on them (to return first, ready to publish last), and under it each report's
//! findings with the cell and the text it holds. A 科长 prints it or sends it.

use std::fmt::Write;

use super::{Batch, BatchRow, Verdict, counts};
use crate::export::html::esc;

fn agency(r: &BatchRow) -> &str {
    if r.agency.is_empty() {
        "（未填写机关名称）"
    } else {
        &r.agency
    }
}

const STYLE: &str = "body{font-family:\"Noto Sans SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .5em;vertical-align:top}\
th{background:#eef1f5}td.n{text-align:right}.return{color:#b00020;font-weight:bold}.incomplete{color:#8a5a00;font-weight:bold}\
.unreadable{color:#555;font-weight:bold}.publishable{color:#1b6e20;font-weight:bold}details{margin:.6em 0}\
summary{cursor:pointer}.note{color:#555}@media print{details{page-break-inside:avoid}}";

/// The page.
pub fn to_html(batch: &Batch) -> String {
    let mut rows: Vec<&BatchRow> = batch.rows.iter().collect();
    rows.sort_by(|a, b| {
        (a.verdict.rank(), agency(a), &a.file).cmp(&(b.verdict.rank(), agency(b), &b.file))
    });
    let [ok, back, compare, unreadable] = counts(batch);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>政府信息公开工作年度报告审核结果</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>政府信息公开工作年度报告审核结果</h1>\n\
         <p>共 {} 份：<span class=\"return\">有错误需退回 {back}</span>，\
         <span class=\"incomplete\">导入未完成需对照原文 {compare}</span>，\
         <span class=\"unreadable\">无法读取 {unreadable}</span>，\
         <span class=\"publishable\">可发布 {ok}</span>。</p>\n",
        batch.rows.len()
    );
    chart(&mut out, &rows);
    overview(&mut out, &rows);
    let _ = writeln!(out, "<h2>各报告的问题</h2>");
    for (i, r) in rows.iter().enumerate() {
        findings(&mut out, i, r);
    }
    let _ = writeln!(
        out,
        "<h2>与上年度报告的配对</h2>\n<p class=\"note\">{}。</p>",
        esc(&batch.matching)
    );
    if batch.last_year_unmatched.is_empty() {
        out.push_str("<p>上年度报告都已配对。</p>\n");
    } else {
        out.push_str("<p>没有配对的上年度报告：</p>\n<ul>\n");
        for f in &batch.last_year_unmatched {
            let _ = writeln!(out, "<li>{}</li>", esc(f));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Errors per agency as horizontal bars (the agencies with errors, most first).
fn chart(out: &mut String, rows: &[&BatchRow]) {
    let mut bars: Vec<(&str, usize)> = rows
        .iter()
        .filter(|r| r.errors > 0)
        .map(|r| (agency(r), r.errors))
        .collect();
    bars.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    bars.truncate(40);
    if bars.is_empty() {
        out.push_str("<p>没有报告有错误。</p>\n");
        return;
    }
    let max = bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (260, 360, 22);
    let height = bars.len() * row_h + 10;
    let _ = writeln!(
        out,
        "<h2>各单位错误数</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"各单位错误数\">",
        label_w + bar_w + 60
    );
    for (i, (name, n)) in bars.iter().enumerate() {
        let y = i * row_h + 5;
        let w = (n * bar_w / max).max(2);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"#c0392b\"></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\">{n}</text>",
            label_w - 6,
            y + 15,
            esc(name),
            label_w,
            y + 3,
            row_h - 6,
            label_w + w + 6,
            y + 15
        );
    }
    out.push_str("</svg>\n");
}

fn overview(out: &mut String, rows: &[&BatchRow]) {
    out.push_str(
        "<h2>报告一览</h2>\n<table>\n<thead><tr><th>结论</th><th>机关</th><th>年度</th><th>格式</th>\
         <th>文件</th><th>错误</th><th>提醒</th><th>未能导入的格</th><th>未通过的规则</th><th>说明</th><th>扫描件</th></tr></thead>\n<tbody>\n",
    );
    for (i, r) in rows.iter().enumerate() {
        let rules: Vec<&str> = r
            .rules
            .iter()
            .filter(|x| {
                r.findings
                    .iter()
                    .any(|f| f.rule == **x && f.level == crate::core::Level::Error)
            })
            .map(|x| x.id())
            .collect();
        let year = if r.year == 0 {
            String::new()
        } else {
            r.year.to_string()
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"{}\">{}</td><td><a href=\"#r{i}\">{}</a></td><td class=\"n\">{year}</td><td>{}</td>\
             <td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            class(r.verdict),
            r.verdict.chinese(),
            esc(agency(r)),
            r.format
                .map_or("", |f| if f == crate::core::FormatVersion::Gov2021 {
                    "2021年格式"
                } else {
                    "2019年格式"
                }),
            esc(&r.file),
            r.errors,
            r.warnings,
            r.unplaced,
            rules.join(" "),
            esc(&r.notes.join("；")),
            esc(&r.scan.as_ref().map_or(String::new(), |s| s.describe()))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::Return => "return",
        Verdict::Incomplete => "incomplete",
        Verdict::Unreadable => "unreadable",
        Verdict::Publishable => "publishable",
    }
}

fn findings(out: &mut String, id: usize, r: &BatchRow) {
    let _ = writeln!(
        out,
        "<details id=\"r{id}\"{}><summary><span class=\"{}\">{}</span> {} · {}（错误 {}，提醒 {}）</summary>",
        if r.verdict == Verdict::Publishable {
            ""
        } else {
            " open"
        },
        class(r.verdict),
        r.verdict.chinese(),
        esc(agency(r)),
        esc(&r.file),
        r.errors,
        r.warnings
    );
    if let Some(last) = &r.last_year {
        let _ = writeln!(
            out,
            "<p class=\"note\">已与上年度报告 {} 对照。</p>",
            esc(last)
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(n));
    }
    if r.findings.is_empty() {
        out.push_str("<p>没有发现问题。</p>\n</details>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>级别</th><th>规则</th><th>表</th><th>行</th><th>列</th><th>原文</th><th>消息</th></tr></thead>\n<tbody>\n",
    );
    for f in &r.findings {
        let _ = writeln!(
            out,
            "<tr><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            if f.level == crate::core::Level::Error {
                "return"
            } else {
                "incomplete"
            },
            f.level.chinese(),
            f.rule.id(),
            esc(&f.table),
            esc(&f.row),
            esc(&f.column),
            esc(&f.text),
            esc(&f.message)
        );
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}
