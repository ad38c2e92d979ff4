use std::fmt;

/// An amount of Vietnamese đồng. Integers only: the đồng has no subunit in use.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Vnd(pub i64);

impl Vnd {
    pub const ZERO: Vnd = Vnd(0);
}

impl std::ops::Add for Vnd {
    type Output = Vnd;
    fn add(self, o: Vnd) -> Vnd {
        Vnd(self.0 + o.0)
    }
}

impl std::ops::Mul<i64> for Vnd {
    type Output = Vnd;
    fn mul(self, n: i64) -> Vnd {
        Vnd(self.0 * n)
    }
}

/// Vietnamese grouping: 1.200.000 đ.
impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grouped = crate::Locale::Vi.number(self.0.unsigned_abs());
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{grouped} đ")
    }
}

#[cfg(test)]
mod tests {
    use super::Vnd;

    #[test]
    fn displays_with_vietnamese_grouping() {
        assert_eq!(Vnd(0).to_string(), "0 đ");
        assert_eq!(Vnd(2000).to_string(), "2.000 đ");
        assert_eq!(Vnd(1_200_000).to_string(), "1.200.000 đ");
        assert_eq!(Vnd(-50_000).to_string(), "-50.000 đ");
    }
}
