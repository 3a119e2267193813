#[test]
fn dump() {
    let doc = lopdf::Document::load("/tmp/lo/published-report.pdf").unwrap();
    for (n, id) in doc.get_pages() {
        let c = doc.get_and_decode_page_content(id).unwrap();
        let s: Vec<String> = c
            .operations
            .iter()
            .map(|op| {
                format!(
                    "{} {}",
                    op.operands
                        .iter()
                        .map(|o| format!("{o:?}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    op.operator
                )
            })
            .collect();
        // print 40 ops around the first "re" after a text containing code for 定 is hard; print ops near index of many 're'
        let mut shown = 0;
        for (i, l) in s.iter().enumerate() {
            if (l.ends_with(" re") || l.ends_with(" l") || l.ends_with(" m"))
                && shown < 30
                && n == 2
            {
                println!("{i}: {l}");
                shown += 1;
            }
        }
    }
}
