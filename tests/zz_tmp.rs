#[test]
fn dump() {
    let b = std::fs::read("tests/data/pdf/published-page-chromium.pdf").unwrap();
    let t = nianbao::import::pdf::to_text(&b).unwrap();
    let lines: Vec<&str> = t.lines().collect();
    let i = lines.iter().position(|l| l.contains("逾期未按")).unwrap();
    for l in &lines[i.saturating_sub(2)..(i + 5).min(lines.len())] {
        println!("{l:?}");
    }
}
