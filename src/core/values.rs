//! Cell values: what a clerk typed, and the number it means.
//!
//! A cell always keeps its text. The parser is lenient where the meaning is certain
//! (full-width digits, thousands separators, 「增45」, a unit the header already gives) and
//! strict where it would have to guess (「约3」, 「3件」, 「三」, a fraction in a count).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use super::template::ValueKind;

/// The number a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    /// A count or a signed change.
    Int(i64),
    /// An amount of money (万元 or 元).
    Money(Decimal),
}

impl Number {
    /// The whole number, for the arithmetic (counts and changes only).
    pub fn as_int(self) -> Option<i64> {
        match self {
            Number::Int(i) => Some(i),
            Number::Money(_) => None,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Money(d) => write!(f, "{}", d.normalize()),
        }
    }
}

/// Why a cell's text is not a value of its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not a number at all (「约3」, 「三」, 「1e30」, an emoji).
    NotANumber,
    /// A unit other than the header's (「3件」 in a count, 「元」 in a 万元 column).
    WrongUnit(String),
    /// A negative value where only non-negative ones make sense.
    Negative,
    /// 增/减 written in a column that is not 本年增/减.
    ChangeOutsideChangeColumn,
    /// A fraction in a count.
    Fraction,
    /// More decimals than the kind allows.
    TooManyDecimals(u32),
    /// Too large to be a real figure.
    Overflow,
}

/// The outcome of reading one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// Nothing typed: counts as 0 in the arithmetic, listed once as unfilled.
    Unfilled,
    /// A value of the cell's kind.
    Value {
        /// The number.
        number: Number,
        /// The unit the clerk typed although the header gives it (「29.313万元」).
        typed_unit: Option<&'static str>,
    },
    /// Text that is not a value of the cell's kind.
    Invalid(Invalid),
}

impl CellValue {
    /// The whole number the arithmetic uses: an unfilled cell counts as 0; text that does not
    /// parse (and money) gives `None`, which makes the relations it is in unknowable.
    pub fn arith(&self) -> Option<i64> {
        match self {
            CellValue::Unfilled => Some(0),
            CellValue::Value { number, .. } => number.as_int(),
            CellValue::Invalid(_) => None,
        }
    }

    /// The number, if the cell holds one.
    pub fn number(&self) -> Option<Number> {
        match self {
            CellValue::Value { number, .. } => Some(*number),
            _ => None,
        }
    }
}

/// Largest count or change accepted: far above any real figure, far below overflow.
pub const MAX_INT: i64 = 1_000_000_000_000;

/// Reads the text of a cell of the given kind.
pub fn parse_cell(text: &str, kind: ValueKind) -> CellValue {
    // Nearly every cell is a few ASCII digits: read those without allocating, since the
    // checks parse all cells on every keystroke. Twelve digits stay below MAX_INT.
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        let v = text
            .bytes()
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
        let number = match kind {
            ValueKind::Count | ValueKind::SignedChange => Number::Int(v),
            ValueKind::Wan | ValueKind::Yuan => Number::Money(Decimal::from(v)),
        };
        return CellValue::Value {
            number,
            typed_unit: None,
        };
    }
    let norm = normalize(text);
    let mut s = norm.trim();
    if s.is_empty() {
        return CellValue::Unfilled;
    }

    // Sign: ASCII or full-width (normalized above), or 增/减/減.
    let mut negative = false;
    let mut word_sign = false;
    if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    } else if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('增') {
        word_sign = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('减').or_else(|| s.strip_prefix('減')) {
        word_sign = true;
        negative = true;
        s = rest;
    }
    s = s.trim_start();

    // A unit the header already gives is understood and reported; any other is an error.
    let mut typed_unit = None;
    if let Some(unit) = kind.unit()
        && let Some(rest) = s.strip_suffix(unit)
    {
        // 「3万元」 in a 元 column ends with 元 too: that is another unit, not this one.
        if !(unit == "元" && rest.ends_with('万')) {
            typed_unit = Some(unit);
            s = rest.trim_end();
        }
    }
    let body_end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map(|(i, _)| i);
    if let Some(i) = body_end {
        let (body, tail) = s.split_at(i);
        // Digits followed by a word: a unit the header does not give.
        if !body.is_empty() && is_unit_word(tail.trim()) {
            return CellValue::Invalid(Invalid::WrongUnit(tail.trim().to_string()));
        }
        return CellValue::Invalid(Invalid::NotANumber);
    }
    let Some(digits) = strip_separators(s) else {
        return CellValue::Invalid(Invalid::NotANumber);
    };

    if word_sign && kind != ValueKind::SignedChange {
        return CellValue::Invalid(Invalid::ChangeOutsideChangeColumn);
    }

    let number = match kind {
        ValueKind::Count | ValueKind::SignedChange => {
            if digits.contains('.') {
                return CellValue::Invalid(Invalid::Fraction);
            }
            let Ok(v) = digits.parse::<i64>() else {
                return CellValue::Invalid(Invalid::Overflow);
            };
            if v > MAX_INT {
                return CellValue::Invalid(Invalid::Overflow);
            }
            if negative && v != 0 && kind == ValueKind::Count {
                return CellValue::Invalid(Invalid::Negative);
            }
            Number::Int(if negative { -v } else { v })
        }
        ValueKind::Wan | ValueKind::Yuan => {
            let decimals = digits
                .split_once('.')
                .map_or(0, |(_, f)| u32::try_from(f.len()).unwrap_or(u32::MAX));
            if decimals > kind.max_decimals() {
                return CellValue::Invalid(Invalid::TooManyDecimals(kind.max_decimals()));
            }
            let integer_digits = digits.split('.').next().map_or(0, str::len);
            if integer_digits > 15 {
                return CellValue::Invalid(Invalid::Overflow);
            }
            let Ok(d) = Decimal::from_str(&digits) else {
                return CellValue::Invalid(Invalid::NotANumber);
            };
            if negative && !d.is_zero() {
                return CellValue::Invalid(Invalid::Negative);
            }
            Number::Money(d)
        }
    };
    CellValue::Value { number, typed_unit }
}

/// Full-width forms to ASCII, every kind of space to an ASCII space, minus signs to '-'.
fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            '．' => '.',
            '，' => ',',
            '＋' => '+',
            '－' | '−' | '–' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// Removes thousands separators when they group by three (「1,234,567.5」); `None` when the
/// text is not a well-formed number.
fn strip_separators(s: &str) -> Option<String> {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    if int.is_empty() {
        return None;
    }
    let groups: Vec<&str> = int.split(',').collect();
    let well_formed = if groups.len() == 1 {
        groups[0].bytes().all(|b| b.is_ascii_digit())
    } else {
        (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    if !well_formed {
        return None;
    }
    let mut out = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Units clerks write after a number; any of them in a cell is 「请删去单位」.
fn is_unit_word(tail: &str) -> bool {
    matches!(
        tail,
        "件" | "条" | "个" | "项" | "次" | "份" | "人" | "元" | "万元" | "万" | "亿元" | "%"
    )
}

/// A plain Chinese sentence saying what is wrong with `text` in a cell of `kind`.
pub fn describe_invalid(text: &str, kind: ValueKind, why: &Invalid) -> String {
    let shown = text.trim();
    match why {
        Invalid::NotANumber => format!("“{shown}”不是数字：本格应填写{}", kind.describe()),
        Invalid::WrongUnit(u) => match kind.unit() {
            Some(h) => format!("“{shown}”的单位“{u}”与表头单位“{h}”不符：请换算后只填数字"),
            None => format!("“{shown}”带有单位“{u}”：本格只填数字"),
        },
        Invalid::Negative => format!("“{shown}”是负数：本格应填写{}", kind.describe()),
        Invalid::ChangeOutsideChangeColumn => {
            format!(
                "“{shown}”写了增减：只有“本年增/减”列可以这样写，本格应填写{}",
                kind.describe()
            )
        }
        Invalid::Fraction => format!("“{shown}”带有小数：本格应填写整数"),
        Invalid::TooManyDecimals(n) => format!("“{shown}”的小数位过多：本格最多保留{n}位小数"),
        Invalid::Overflow => format!("“{shown}”数值过大，请核对"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ValueKind::*;

    fn int(text: &str, kind: ValueKind) -> Option<i64> {
        parse_cell(text, kind).number().and_then(Number::as_int)
    }

    #[test]
    fn plain_and_full_width() {
        assert_eq!(int("3", Count), Some(3));
        assert_eq!(int("３", Count), Some(3));
        assert_eq!(int("１２３", Count), Some(123));
        assert_eq!(int(" 　7 ", Count), Some(7));
        assert_eq!(int("1,234", Count), Some(1234));
        assert_eq!(int("1，234", Count), Some(1234));
        assert_eq!(int("+5", Count), Some(5));
        assert_eq!(int("007", Count), Some(7));
    }

    #[test]
    fn signed_changes() {
        assert_eq!(int("增45", SignedChange), Some(45));
        assert_eq!(int("減5", SignedChange), Some(-5));
        assert_eq!(int("减3", SignedChange), Some(-3));
        assert_eq!(int("-18", SignedChange), Some(-18));
        assert_eq!(int("－18", SignedChange), Some(-18));
        assert_eq!(int("−2", SignedChange), Some(-2));
        assert_eq!(int("增 4", SignedChange), Some(4));
    }

    #[test]
    fn money_with_unit() {
        assert_eq!(
            parse_cell("29.313万元", Wan),
            CellValue::Value {
                number: Number::Money(Decimal::new(29313, 3)),
                typed_unit: Some("万元")
            }
        );
        assert_eq!(
            parse_cell("75394432.52元", Yuan),
            CellValue::Value {
                number: Number::Money(Decimal::new(7539443252, 2)),
                typed_unit: Some("元")
            }
        );
        assert_eq!(
            parse_cell("24252.311082", Wan).number(),
            Some(Number::Money(Decimal::new(24252311082, 6)))
        );
        assert_eq!(
            parse_cell("3万元", Yuan),
            CellValue::Invalid(Invalid::WrongUnit("万元".into()))
        );
        assert_eq!(
            parse_cell("3元", Wan),
            CellValue::Invalid(Invalid::WrongUnit("元".into()))
        );
    }

    #[test]
    fn errors() {
        let inv = |t: &str, k| match parse_cell(t, k) {
            CellValue::Invalid(i) => Some(i),
            _ => None,
        };
        assert_eq!(inv("约3", Count), Some(Invalid::NotANumber));
        assert_eq!(inv("3件", Count), Some(Invalid::WrongUnit("件".into())));
        assert_eq!(inv("-1", Count), Some(Invalid::Negative));
        assert_eq!(inv("3.5", Count), Some(Invalid::Fraction));
        assert_eq!(inv("1e30", Count), Some(Invalid::NotANumber));
        assert_eq!(inv("三", Count), Some(Invalid::NotANumber));
        assert_eq!(inv("99999999999999999999", Count), Some(Invalid::Overflow));
        assert_eq!(inv("增3", Count), Some(Invalid::ChangeOutsideChangeColumn));
        assert_eq!(inv("1.1234567", Wan), Some(Invalid::TooManyDecimals(6)));
        assert_eq!(inv("1.234", Yuan), Some(Invalid::TooManyDecimals(2)));
        assert_eq!(inv("12,34", Count), Some(Invalid::NotANumber));
        assert_eq!(inv("🙂", Count), Some(Invalid::NotANumber));
        assert_eq!(parse_cell("", Count), CellValue::Unfilled);
        assert_eq!(parse_cell("  　", Count), CellValue::Unfilled);
    }
}
