//! Readings of typical sentences.

use super::lexicon::{bare_label, column_word};
use super::numbers::number_at;

#[test]
fn numerals() {
    let n = |s: &str| {
        let c: Vec<char> = s.chars().collect();
        number_at(&c, 0).map(|x| x.1)
    };
    assert_eq!(n("3件"), Some(3.0));
    assert_eq!(n("３件"), Some(3.0));
    assert_eq!(n("三件"), Some(3.0));
    assert_eq!(n("十二件"), Some(12.0));
    assert_eq!(n("一百零五件"), Some(105.0));
    assert_eq!(n("两千三百件"), Some(2300.0));
    assert_eq!(n("1,286件"), Some(1286.0));
    assert_eq!(n("29.313万元"), Some(29.313));
}

#[test]
fn labels_lose_their_numbering() {
    assert_eq!(bare_label("（三）不予公开"), "不予公开");
    assert_eq!(bare_label("1.属于国家秘密"), "属于国家秘密");
    assert_eq!(
        bare_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        "部分公开"
    );
    assert_eq!(column_word("本年制发件数"), Some("制发"));
    assert_eq!(column_word("本年收费金额（单位：万元）"), Some("收费金额"));
    assert_eq!(column_word("本年增/减"), None);
}
