//! Budget: a register of 10 000 applications tallied in under 1 s (issue 30), with the rows
//! already read; and read from a CSV file and tallied, as `nianbao tally` does.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::register::{tally, tally_file};

/// 10 000 applications over two years: every type, result and date style the rules read.
fn register() -> Vec<Vec<String>> {
    const KINDS: [&str; 6] = [
        "个人",
        "公民",
        "企业",
        "律师事务所",
        "法人或其他组织",
        "其他",
    ];
    const RESULTS: [(&str, &str); 6] = [
        ("予以公开", ""),
        ("部分公开", ""),
        ("不予公开", "属于国家秘密"),
        ("信息不存在", ""),
        ("属于信访举报", ""),
        ("逾期不补正", ""),
    ];
    let mut rows = vec![
        vec!["某某局2025年政府信息公开申请登记台账".to_string()],
        [
            "序号",
            "申请人",
            "申请人类型",
            "收到日期",
            "答复日期",
            "答复结果",
            "不予公开理由",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for i in 0..10_000usize {
        let month = 1 + i % 12;
        let day = 1 + i % 28;
        let year = if i % 10 == 0 { 2024 } else { 2025 };
        let received = match i % 3 {
            0 => format!("{year}-{month:02}-{day:02}"),
            1 => format!("{year}年{month}月{day}日"),
            _ => format!("{year}.{month}.{day}"),
        };
        let answered = if i % 17 == 0 {
            String::new()
        } else {
            format!("{year}-{month:02}-{:02}", (day + 1).min(28))
        };
        let (result, reason) = RESULTS[i % RESULTS.len()];
        rows.push(vec![
            (i + 1).to_string(),
            format!("申请人{i}有限公司"),
            KINDS[i % KINDS.len()].to_string(),
            received,
            answered,
            result.to_string(),
            reason.to_string(),
        ]);
    }
    rows
}

fn bench_tally(c: &mut Criterion) {
    let rows = register();
    c.bench_function("tally 10 000 rows", |b| {
        b.iter(|| tally(black_box(&rows), 2025))
    });
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    };
    let path = dir.path().join("台账.csv");
    let mut w = match csv::WriterBuilder::new().flexible(true).from_path(&path) {
        Ok(w) => w,
        Err(e) => panic!("csv: {e}"),
    };
    for r in &rows {
        if let Err(e) = w.write_record(r) {
            panic!("csv: {e}");
        }
    }
    if let Err(e) = w.flush() {
        panic!("csv: {e}");
    }
    c.bench_function("read and tally a 10 000-row CSV", |b| {
        b.iter(|| tally_file(black_box(&path), 2025, None))
    });
}

criterion_group!(benches, bench_tally);
criterion_main!(benches);
