//! The cell parser on odd inputs, as clerks really type them.

use nianbao::core::ValueKind::{self, Count, SignedChange, Wan, Yuan};
use nianbao::core::values::{CellValue, Invalid, describe_invalid, parse_cell};

#[derive(Debug, PartialEq)]
enum Want {
    /// A value, printed; and whether a unit was typed.
    Ok(&'static str, bool),
    Unfilled,
    Bad(Invalid),
}

fn got(text: &str, kind: ValueKind) -> Want {
    match parse_cell(text, kind) {
        CellValue::Unfilled => Want::Unfilled,
        CellValue::Value { number, typed_unit } => Want::Ok(
            Box::leak(number.to_string().into_boxed_str()),
            typed_unit.is_some(),
        ),
        CellValue::Invalid(i) => Want::Bad(i),
    }
}

#[test]
fn odd_inputs() {
    use Want::*;
    let cases: Vec<(&str, ValueKind, Want)> = vec![
        ("0", Count, Ok("0", false)),
        ("3", Count, Ok("3", false)),
        ("３", Count, Ok("3", false)),
        ("１２", Count, Ok("12", false)),
        ("  5  ", Count, Ok("5", false)),
        ("\t7\n", Count, Ok("7", false)),
        ("\u{3000}8", Count, Ok("8", false)),
        ("1,234", Count, Ok("1234", false)),
        ("1，234", Count, Ok("1234", false)),
        ("1,234,567", Count, Ok("1234567", false)),
        ("+4", Count, Ok("4", false)),
        ("-0", Count, Ok("0", false)),
        ("增45", SignedChange, Ok("45", false)),
        ("減5", SignedChange, Ok("-5", false)),
        ("减3", SignedChange, Ok("-3", false)),
        ("-18", SignedChange, Ok("-18", false)),
        ("－18", SignedChange, Ok("-18", false)),
        ("＋２", SignedChange, Ok("2", false)),
        ("29.313万元", Wan, Ok("29.313", true)),
        ("29.313 万元", Wan, Ok("29.313", true)),
        ("24252.311082", Wan, Ok("24252.311082", false)),
        ("０．５", Wan, Ok("0.5", false)),
        ("75394432.52元", Yuan, Ok("75394432.52", true)),
        ("1,286,400.00", Yuan, Ok("1286400", false)),
        ("", Count, Unfilled),
        ("   ", Count, Unfilled),
        ("\u{3000}", Wan, Unfilled),
        ("约3", Count, Bad(Invalid::NotANumber)),
        ("3件", Count, Bad(Invalid::WrongUnit("件".into()))),
        ("3 条", Count, Bad(Invalid::WrongUnit("条".into()))),
        ("-1", Count, Bad(Invalid::Negative)),
        ("减2", Count, Bad(Invalid::ChangeOutsideChangeColumn)),
        ("2.5", Count, Bad(Invalid::Fraction)),
        ("3.0", SignedChange, Bad(Invalid::Fraction)),
        ("1e30", Count, Bad(Invalid::NotANumber)),
        ("99999999999999999999", Count, Bad(Invalid::Overflow)),
        ("1000000000001", Count, Bad(Invalid::Overflow)),
        ("三", Count, Bad(Invalid::NotANumber)),
        ("🙂", Count, Bad(Invalid::NotANumber)),
        ("3🙂", Count, Bad(Invalid::NotANumber)),
        ("--3", SignedChange, Bad(Invalid::NotANumber)),
        ("增", SignedChange, Bad(Invalid::NotANumber)),
        ("12,34", Count, Bad(Invalid::NotANumber)),
        ("1.2.3", Wan, Bad(Invalid::NotANumber)),
        (".5", Wan, Bad(Invalid::NotANumber)),
        ("5.", Wan, Bad(Invalid::NotANumber)),
        ("1.1234567", Wan, Bad(Invalid::TooManyDecimals(6))),
        ("0.125", Yuan, Bad(Invalid::TooManyDecimals(2))),
        ("3元", Wan, Bad(Invalid::WrongUnit("元".into()))),
        ("3万元", Yuan, Bad(Invalid::WrongUnit("万元".into()))),
        ("-2.5", Wan, Bad(Invalid::Negative)),
        ("N/A", Count, Bad(Invalid::NotANumber)),
        ("无", Count, Bad(Invalid::NotANumber)),
    ];
    assert!(cases.len() >= 30);
    for (text, kind, want) in cases {
        assert_eq!(got(text, kind), want, "input {text:?} as {kind:?}");
    }
}

#[test]
fn messages_quote_the_text() {
    let m = describe_invalid("约3", Count, &Invalid::NotANumber);
    assert!(m.contains("“约3”") && m.contains("非负整数"), "{m}");
    let m = describe_invalid("3件", Count, &Invalid::WrongUnit("件".into()));
    assert!(m.contains("“3件”") && m.contains("件"), "{m}");
    let m = describe_invalid("0.125", Yuan, &Invalid::TooManyDecimals(2));
    assert!(m.contains("2位小数"), "{m}");
}
