#[test]
fn dump() {
    let b = std::fs::read("/tmp/lo/published-page.pdf").unwrap();
    let t = nianbao::import::pdf::to_text(&b).unwrap();
    for l in t.lines() {
        println!("{l:?}");
    }
}
