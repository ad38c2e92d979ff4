//! Diacritic-insensitive search keys for Vietnamese text.

use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text to a lowercase ASCII search key: "Nguyễn Văn Ánh" →
/// "nguyen van anh". Đ/đ have no decomposition and are mapped explicitly;
/// runs of whitespace collapse to one space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(fold("Nguyễn Văn A"), "nguyen van a");
        assert_eq!(fold("  Đặng   Thị Ánh "), "dang thi anh");
        assert_eq!(fold("Chứng thực bản sao"), "chung thuc ban sao");
        assert_eq!(fold("ĐĂNG KÝ KHAI SINH"), "dang ky khai sinh");
    }

    #[test]
    fn precomposed_and_decomposed_input_fold_alike() {
        let composed = "Hồ";
        let decomposed = "Ho\u{0302}\u{0300}";
        assert_eq!(fold(composed), fold(decomposed));
    }
}
