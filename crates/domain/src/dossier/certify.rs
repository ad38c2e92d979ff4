//! Certification of copies from originals (chứng thực bản sao từ bản chính,
//! Decree 23/2015/NĐ-CP): which pages of the original are certified, how
//! many copies, the fee, and the number the copy takes in the center's
//! register (sổ chứng thực) of the year.

use serde::{Deserialize, Serialize};

use crate::catalog::{FeeRule, Procedure};
use crate::i18n::Message;
use crate::Vnd;

/// The most copies certified in one request: beyond this the law allows
/// more time, and it is a typo far more often than a real request.
pub const MAX_COPIES: u32 = 50;

/// A copy's place in the register: its number within the center's book of
/// the year. Numbers run from 1 without gaps; the book is "01/<year>-SCT/BS"
/// (sổ chứng thực bản sao), one a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RegisterNumber {
    pub year: i16,
    pub number: u32,
}

impl RegisterNumber {
    /// The book the number is written in: `01/2026-SCT/BS`.
    pub fn book(&self) -> String {
        format!("01/{}-SCT/BS", self.year)
    }
}

/// Whether a procedure certifies copies from originals: the only procedures
/// whose fee is counted by the page of the original.
pub fn certifies_copies(procedure: &Procedure) -> bool {
    matches!(procedure.fee, FeeRule::PerPage { .. })
}

/// The fee for `copies` copies of an original of `pages` pages: the
/// procedure's rule per copy (2.000 đ a page, from page 3 1.000 đ, at most
/// 200.000 đ a copy), times the copies.
pub fn fee(rule: &FeeRule, pages: u32, copies: u32) -> Vnd {
    rule.amount(pages) * i64::from(copies)
}

/// Why a request to certify cannot be taken as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertifyError {
    #[error("the page list {0:?} is not a list of pages such as 1-3,5")]
    PageSyntax(String),
    #[error("page {page} is beyond the scan's {total} pages")]
    PageOutOfRange { page: u32, total: u32 },
    #[error("page {0} is listed twice")]
    PageTwice(u32),
    #[error("between 1 and {MAX_COPIES} copies")]
    Copies,
}

impl CertifyError {
    pub fn message(&self) -> Message {
        match self {
            CertifyError::PageSyntax(text) => {
                Message::new("certify-page-syntax").with("text", text.as_str())
            }
            CertifyError::PageOutOfRange { page, total } => {
                Message::new("certify-page-out-of-range")
                    .with("page", i64::from(*page))
                    .with("total", i64::from(*total))
            }
            CertifyError::PageTwice(page) => {
                Message::new("certify-page-twice").with("page", i64::from(*page))
            }
            CertifyError::Copies => {
                Message::new("certify-copies").with("max", i64::from(MAX_COPIES))
            }
        }
    }
}

/// The pages of a scan of `total` pages chosen by a list such as `1-3,5`
/// (spaces allowed, in the order written); an empty list means every page.
pub fn pages(text: &str, total: u32) -> Result<Vec<u32>, CertifyError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok((1..=total).collect());
    }
    let syntax = || CertifyError::PageSyntax(text.chars().take(40).collect());
    let number = |s: &str| -> Result<u32, CertifyError> {
        let s = s.trim();
        if s.is_empty() || s.len() > 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(syntax());
        }
        let page: u32 = s.parse().map_err(|_| syntax())?;
        if page == 0 || page > total {
            return Err(CertifyError::PageOutOfRange { page, total });
        }
        Ok(page)
    };
    let mut chosen: Vec<u32> = Vec::new();
    for part in text.split([',', ';']) {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (number(a)?, number(b)?),
            None => {
                let p = number(part)?;
                (p, p)
            }
        };
        if last < first {
            return Err(syntax());
        }
        for page in first..=last {
            if chosen.contains(&page) {
                return Err(CertifyError::PageTwice(page));
            }
            chosen.push(page);
        }
    }
    Ok(chosen)
}

/// The copies asked for, checked.
pub fn copies(n: u32) -> Result<u32, CertifyError> {
    if (1..=MAX_COPIES).contains(&n) {
        Ok(n)
    } else {
        Err(CertifyError::Copies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> FeeRule {
        FeeRule::PerPage {
            first: Vnd(2000),
            from_page: 3,
            then: Vnd(1000),
            cap: Some(Vnd(200_000)),
        }
    }

    #[test]
    fn fee_follows_circular_226() {
        assert_eq!(fee(&rule(), 1, 1), Vnd(2000));
        assert_eq!(fee(&rule(), 2, 1), Vnd(4000));
        assert_eq!(fee(&rule(), 5, 1), Vnd(7000));
        assert_eq!(fee(&rule(), 5, 3), Vnd(21_000));
        // 4.000 + 998.000 is capped at 200.000 a copy.
        assert_eq!(fee(&rule(), 1000, 2), Vnd(400_000));
    }

    #[test]
    fn page_lists() {
        assert_eq!(pages("", 3).unwrap(), vec![1, 2, 3]);
        assert_eq!(pages(" 1-2, 4 ", 4).unwrap(), vec![1, 2, 4]);
        assert_eq!(pages("3,1", 3).unwrap(), vec![3, 1]);
        assert_eq!(
            pages("1-5", 4),
            Err(CertifyError::PageOutOfRange { page: 5, total: 4 })
        );
        assert_eq!(
            pages("0", 4),
            Err(CertifyError::PageOutOfRange { page: 0, total: 4 })
        );
        assert_eq!(pages("1,1", 4), Err(CertifyError::PageTwice(1)));
        assert!(matches!(pages("3-1", 4), Err(CertifyError::PageSyntax(_))));
        assert!(matches!(pages("a", 4), Err(CertifyError::PageSyntax(_))));
        assert!(matches!(pages("1,,2", 4), Err(CertifyError::PageSyntax(_))));
        assert!(matches!(
            pages("99999999999", 4),
            Err(CertifyError::PageSyntax(_))
        ));
    }

    #[test]
    fn copies_are_bounded() {
        assert_eq!(copies(1), Ok(1));
        assert_eq!(copies(MAX_COPIES), Ok(MAX_COPIES));
        assert_eq!(copies(0), Err(CertifyError::Copies));
        assert_eq!(copies(MAX_COPIES + 1), Err(CertifyError::Copies));
    }

    #[test]
    fn the_book_is_one_a_year() {
        let n = RegisterNumber {
            year: 2026,
            number: 12,
        };
        assert_eq!(n.book(), "01/2026-SCT/BS");
    }
}
