use std::fmt;

use crate::i18n::{Locale, Localize};
use crate::CodeError;

/// Where in a catalog file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Where {
    /// 1-based line in the file.
    pub line: Option<u64>,
    /// 1-based column and, for CSV, the column's header.
    pub column: Option<(u64, Option<&'static str>)>,
    /// The record, e.g. `procedures[12]` or the procedure code.
    pub record: Option<String>,
}

/// One problem found in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub at: Where,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file is not well-formed CSV or JSON.
    Syntax(String),
    MissingColumn(&'static str),
    WrongColumnCount {
        expected: usize,
        found: usize,
    },
    Empty(&'static str),
    Code(CodeError),
    TimeLimit(String),
    Fee(String),
    Components(String),
    BadComponents(String),
    Channels(String),
    Level(String),
    OnlineLevel(String),
    UnknownField(String),
    FieldNameConflict {
        code: String,
        name: String,
        other: String,
    },
    DuplicateProcedure {
        code: String,
        first: usize,
    },
}

impl Localize for Problem {
    fn localize(&self, l: Locale) -> String {
        use Problem::*;
        match (self, l) {
            (Syntax(m), Locale::Vi) => format!("tệp không đúng định dạng: {m}"),
            (Syntax(m), Locale::En) => format!("malformed file: {m}"),
            (MissingColumn(c), Locale::Vi) => format!("thiếu cột {c:?} trong dòng tiêu đề"),
            (MissingColumn(c), Locale::En) => format!("the header has no {c:?} column"),
            (WrongColumnCount { expected, found }, Locale::Vi) => format!("có {found} cột, cần {expected} cột"),
            (WrongColumnCount { expected, found }, Locale::En) => format!("{found} columns where {expected} are expected"),
            (Empty(c), Locale::Vi) => format!("{c} không được để trống"),
            (Empty(c), Locale::En) => format!("{c} must not be empty"),
            (Code(e), Locale::Vi) => e.describe_vi(),
            (Code(e), Locale::En) => e.to_string(),
            (TimeLimit(v), Locale::Vi) => format!("thời hạn {v:?} không hợp lệ: viết như 3wd (ngày làm việc), 8wh (giờ làm việc), 15d (ngày), same-day hoặc immediate"),
            (TimeLimit(v), Locale::En) => format!("invalid time limit {v:?}: write 3wd, 8wh, 15d, same-day or immediate"),
            (Fee(v), Locale::Vi) => format!("lệ phí {v:?} không hợp lệ: viết free, một số tiền như 50000, hoặc page:2000,3:1000,max:200000"),
            (Fee(v), Locale::En) => format!("invalid fee {v:?}: write free, an amount like 50000, or page:2000,3:1000,max:200000"),
            (Components(v), Locale::Vi) => format!("thành phần hồ sơ {v:?} không hợp lệ: viết Tên giấy tờ [bản chính x1, không bắt buộc]; …"),
            (Components(v), Locale::En) => format!("invalid components {v:?}: write Document name [original x1, optional]; …"),
            (BadComponents(v), Locale::Vi) => format!("thành phần hồ sơ {v:?} phải có tên và số lượng ít nhất 1"),
            (BadComponents(v), Locale::En) => format!("component {v:?} needs a name and a count of at least 1"),
            (Channels(v), Locale::Vi) => format!("kênh {v:?} không hợp lệ: dùng in-person, online, post"),
            (Channels(v), Locale::En) => format!("invalid channel {v:?}: use in-person, online, post"),
            (Level(v), Locale::Vi) => format!("cấp {v:?} không hợp lệ: dùng central, province hoặc commune"),
            (Level(v), Locale::En) => format!("invalid level {v:?}: use central, province or commune"),
            (OnlineLevel(v), Locale::Vi) => format!("mức dịch vụ trực tuyến {v:?} không hợp lệ: dùng none, partial hoặc full"),
            (OnlineLevel(v), Locale::En) => format!("invalid online level {v:?}: use none, partial or full"),
            (UnknownField(c), Locale::Vi) => format!("lĩnh vực {c:?} không có trong danh mục"),
            (UnknownField(c), Locale::En) => format!("field {c:?} is not in the catalog"),
            (FieldNameConflict { code, name, other }, Locale::Vi) => {
                format!("lĩnh vực {code} có hai tên khác nhau: {other:?} và {name:?}")
            }
            (FieldNameConflict { code, name, other }, Locale::En) => {
                format!("field {code} has two different names: {other:?} and {name:?}")
            }
            (DuplicateProcedure { code, .. }, Locale::Vi) => format!("mã thủ tục {code} bị trùng"),
            (DuplicateProcedure { code, .. }, Locale::En) => format!("procedure code {code} appears twice"),
        }
    }
}

impl Localize for CatalogError {
    fn localize(&self, l: Locale) -> String {
        let mut parts = Vec::new();
        if let Some(line) = self.at.line {
            parts.push(format!("{} {line}", l.t("line")));
        }
        if let Some((col, header)) = self.at.column {
            match header {
                Some(h) => parts.push(format!("{} {col} ({h})", l.t("column"))),
                None => parts.push(format!("{} {col}", l.t("column"))),
            }
        }
        if let Some(r) = &self.at.record {
            parts.push(r.clone());
        }
        if parts.is_empty() {
            self.problem.localize(l)
        } else {
            format!("{}: {}", parts.join(", "), self.problem.localize(l))
        }
    }
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.localize(Locale::En))
    }
}

impl std::error::Error for CatalogError {}
