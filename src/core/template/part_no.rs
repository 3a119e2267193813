//! A part of the report, 一 to 六, by its printed number. The number (1..=6, as findings, notes
//! and comments store it) and the index into `Report::parts` (0..6) are converted here and
//! nowhere else.

use std::fmt;

/// Chinese numerals of the six parts followed by 「、」.
const PART_NUMERALS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];

/// One of the six parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartNo(u8);

impl PartNo {
    /// The six parts, in order.
    pub const ALL: [PartNo; 6] = [
        PartNo(1),
        PartNo(2),
        PartNo(3),
        PartNo(4),
        PartNo(5),
        PartNo(6),
    ];

    /// Part `number` (1..=6); `None` for anything else (0 stands for the report as a whole
    /// where findings and notes are stored).
    pub const fn new(number: u8) -> Option<PartNo> {
        if number >= 1 && number <= 6 {
            Some(PartNo(number))
        } else {
            None
        }
    }

    /// The part at `index` into the report's parts (0..6).
    pub fn from_index(index: usize) -> Option<PartNo> {
        u8::try_from(index + 1).ok().and_then(PartNo::new)
    }

    /// The printed number, 1..=6.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The index into the report's parts, 0..6.
    pub const fn index(self) -> usize {
        self.0 as usize - 1
    }

    /// 「三、」.
    pub fn numeral(self) -> &'static str {
        PART_NUMERALS[self.index()]
    }
}

impl fmt::Display for PartNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::PartNo;

    #[test]
    fn numbers_and_indices_meet_here_only() {
        assert_eq!(PartNo::new(0), None);
        assert_eq!(PartNo::new(7), None);
        for (i, p) in PartNo::ALL.iter().enumerate() {
            assert_eq!(p.index(), i);
            assert_eq!(PartNo::from_index(i), Some(*p));
            assert_eq!(PartNo::new(p.get()), Some(*p));
        }
        assert_eq!(PartNo::from_index(6), None);
        assert_eq!(PartNo::ALL[2].numeral(), "三、");
    }
}
