//! SMS texts for gateways that carry plain ASCII only (GSM-7).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `text` in plain ASCII, at most `max` characters: Vietnamese without diacritics
/// (đ→d, Đ→D, every tone and vowel mark removed, decomposed input too), typographic
/// quotes, dashes and spaces as their ASCII kin, any other non-ASCII character
/// dropped, runs of spaces as one. A text that fits is whole; a longer one is cut
/// after its last whole word that leaves room for `..` at the end (a single word
/// longer than that is cut inside). Below 3 characters there is no room for
/// `..`: the first `max` characters.
pub fn sms_text(text: &str, max: usize) -> String {
    let plain = ascii(text);
    // ASCII: one byte per character from here on.
    if plain.len() <= max {
        return plain;
    }
    if max < 3 {
        return plain[..max].to_string();
    }
    let budget = max - 2;
    let bytes = plain.as_bytes();
    // A cut at `i` keeps `plain[..i]`: a word boundary when `plain[i]` is a space.
    let words = (1..=budget)
        .rev()
        .filter(|&i| bytes[i].is_ascii_whitespace())
        .map(|i| {
            plain[..i].trim_end_matches(|c: char| c.is_ascii_whitespace() || ",;:-".contains(c))
        })
        .find(|kept| !kept.is_empty());
    let kept = words.unwrap_or_else(|| plain[..budget].trim_end());
    format!("{kept}..")
}

/// The ASCII form, whole.
fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |s: &str| {
        for c in s.chars() {
            if c == ' ' && out.ends_with(' ') {
                continue;
            }
            out.push(c);
        }
    };
    for c in text.nfd() {
        match c {
            '\n' => push("\n"),
            '\t' => push(" "),
            // GSM-7 has no backtick.
            '`' => push("'"),
            c if c.is_ascii_control() => {}
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4])),
            'đ' => push("d"),
            // Đ, and the look-alike eth often typed for it.
            'Đ' | 'Ð' => push("D"),
            c if is_combining_mark(c) => {}
            c if c.is_whitespace() => push(" "),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => push("-"),
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => push("'"),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' | '«' | '»' => push("\""),
            '…' => push("..."),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_without_marks() {
        assert_eq!(
            sms_text(
                "Hồ sơ đã được tiếp nhận. Hẹn trả: 17:00 ngày 30/11/2026",
                160
            ),
            "Ho so da duoc tiep nhan. Hen tra: 17:00 ngay 30/11/2026"
        );
        assert_eq!(
            sms_text("ĐẠI HỌC Đà Nẵng, đường Lê Duẩn", 160),
            "DAI HOC Da Nang, duong Le Duan"
        );
        assert_eq!(
            sms_text(
                "Ủy ban nhân dân phường Bến Thành: Ữ Ỹ ỵ ỳ Ơ ơ Ư ư Ă ă Â â Ê ê Ô ô",
                160
            ),
            "Uy ban nhan dan phuong Ben Thanh: U Y y y O o U u A a A a E e O o"
        );
        // Typed with combining marks (NFD) rather than precomposed letters.
        assert_eq!(sms_text("Ho\u{302}\u{300} so\u{31b}", 160), "Ho so");
    }

    #[test]
    fn other_characters() {
        assert_eq!(
            sms_text(
                "Lệ phí: 50.000 ₫ — “miễn phí” … ☎\u{a0}1022\tgọi `ngay`",
                160
            ),
            "Le phi: 50.000 - \"mien phi\" ... 1022 goi 'ngay'"
        );
        assert_eq!(sms_text("Dòng 1\r\nDòng 2", 160), "Dong 1\nDong 2");
        assert_eq!(sms_text("中文 hồ sơ", 160), " ho so");
    }

    #[test]
    fn cut_at_160() {
        let long = "Hồ sơ 000.30.00.H92-261127-0001 của ông Nguyễn Văn An đã được tiếp nhận \
                    tại Trung tâm phục vụ hành chính công tỉnh. Hẹn trả kết quả: 17:00 ngày \
                    30/11/2026. Tra cứu tại https://dichvucong.example.gov.vn hoặc gọi 1022.";
        let full = ascii(long);
        assert!(full.len() > 160);
        let short = sms_text(long, 160);
        assert!(short.len() <= 160, "{short}");
        assert!(short.is_ascii());
        let kept = short.strip_suffix("..").expect("a cut text ends with ..");
        assert!(full.starts_with(kept), "{short}");
        assert!(
            full[kept.len()..].starts_with(' '),
            "cut inside a word: {short}"
        );
        assert!(kept.len() > 140, "cut too early: {short}");
        assert_eq!(
            short,
            "Ho so 000.30.00.H92-261127-0001 cua ong Nguyen Van An da duoc tiep nhan tai \
             Trung tam phuc vu hanh chinh cong tinh. Hen tra ket qua: 17:00 ngay 30/11/2026..."
        );
    }

    #[test]
    fn edges() {
        // Exactly the limit: whole, no marker.
        assert_eq!(sms_text("Hồ sơ", 5), "Ho so");
        assert_eq!(sms_text("Hồ sơ đã", 7), "Ho so..");
        assert_eq!(sms_text("Hồ sơ đã", 6), "Ho..");
        // A trailing comma or colon is not left before the marker.
        assert_eq!(sms_text("Hẹn trả: 17:00", 11), "Hen tra..");
        // One word longer than the room: cut inside it.
        assert_eq!(sms_text("000.30.00.H92-261127-0001", 10), "000.30.0..");
        assert_eq!(sms_text("Hồ sơ", 2), "Ho");
        assert_eq!(sms_text("Hồ sơ", 0), "");
        assert_eq!(sms_text("", 10), "");
    }
}
