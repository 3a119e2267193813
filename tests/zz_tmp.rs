#[test]
fn dump() {
    let doc = lopdf::Document::load("/tmp/s.pdf").unwrap();
    let pages = doc.get_pages();
    let id = pages[&3];
    let c = doc.get_and_decode_page_content(id).unwrap();
    let mut n = 0;
    for op in c.operations.iter() {
        n += 1;
        if n < 140 {
            println!("{} {:?}", op.operator, op.operands);
        }
    }
    let mut counts = std::collections::BTreeMap::new();
    for op in c.operations.iter() {
        *counts.entry(op.operator.clone()).or_insert(0) += 1;
    }
    println!("{counts:?}");
}
