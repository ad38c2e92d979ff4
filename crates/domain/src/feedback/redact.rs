//! Personal data removed from a text before it is published: e-mail
//! addresses, phone numbers, identity numbers (CCCD, 12 digits; the old
//! CMND, 9), the names the caller knows (the sender's), and a name written
//! after a form of address ("ông Nguyễn Văn A", "chị Lan"). Each becomes
//! [`HIDDEN`].

/// What stands where personal data was.
pub const HIDDEN: &str = "***";

/// Words after which Vietnamese writes a person's name.
const TITLES: &[&str] = &["ông", "bà", "anh", "chị", "cô", "chú", "bác", "em"];

/// `text` with personal data replaced by [`HIDDEN`]. `names` are removed
/// wherever they appear, letter case ignored.
pub fn redact(text: &str, names: &[&str]) -> String {
    let text = remove_names(text, names);
    let text = remove_emails(&text);
    let text = remove_numbers(&text);
    remove_titled_names(&text)
}

fn remove_names(text: &str, names: &[&str]) -> String {
    let mut out = text.to_string();
    for name in names
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 2)
    {
        let lower_name = name.to_lowercase();
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        loop {
            // Lowercasing may change byte lengths: search char by char.
            let found = rest
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| rest[i..].to_lowercase().starts_with(&lower_name))
                .and_then(|i| {
                    // The match's length in the original, by characters.
                    let n = lower_name.chars().count();
                    let end = rest[i..]
                        .char_indices()
                        .nth(n)
                        .map_or(rest.len(), |(j, _)| i + j);
                    (rest[i..end].to_lowercase() == lower_name).then_some((i, end))
                });
            match found {
                Some((i, end)) => {
                    result.push_str(&rest[..i]);
                    result.push_str(HIDDEN);
                    rest = &rest[end..];
                }
                None => {
                    result.push_str(rest);
                    break;
                }
            }
        }
        out = result;
    }
    out
}

fn remove_emails(text: &str) -> String {
    let is_part = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut hide = vec![false; chars.len()];
    for (i, &c) in chars.iter().enumerate() {
        if c != '@' {
            continue;
        }
        let mut a = i;
        while a > 0 && is_part(chars[a - 1]) {
            a -= 1;
        }
        let mut b = i + 1;
        while b < chars.len() && is_part(chars[b]) {
            b += 1;
        }
        let domain: String = chars[i + 1..b].iter().collect();
        if a < i && domain.trim_end_matches('.').contains('.') {
            hide[a..b].iter_mut().for_each(|h| *h = true);
        }
    }
    collapse(&chars, &hide)
}

/// Runs of digits (with single spaces or dots between groups, as phone
/// numbers are written, and a leading `+`) holding 9 digits or more: phone
/// numbers, CCCD and CMND numbers. A dossier code's `-261127-0061` is not
/// one run (dashes split it), nor is a date.
fn remove_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hide = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        if !starts || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut digits = usize::from(chars[i].is_ascii_digit());
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits += 1;
                j += 1;
            } else if (chars[j] == ' ' || chars[j] == '.')
                && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                && chars[j - 1].is_ascii_digit()
            {
                j += 1;
            } else {
                break;
            }
        }
        if digits >= 9 && !chars.get(j).is_some_and(|c| c.is_alphabetic()) {
            hide[i..j].iter_mut().for_each(|h| *h = true);
        }
        i = j;
    }
    collapse(&chars, &hide)
}

/// A form of address followed by capitalised words: the words go.
fn remove_titled_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split(' ').peekable();
    let mut first = true;
    while let Some(w) = words.next() {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(w);
        let bare = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if !TITLES.contains(&bare.as_str()) || w.ends_with([',', '.', ':', ';']) {
            continue;
        }
        let mut hid = false;
        while let Some(next) = words.peek() {
            let capital = next.chars().next().is_some_and(char::is_uppercase);
            if !capital || next.starts_with(HIDDEN) {
                break;
            }
            let next = words.next().unwrap_or_default();
            let tail: String = next
                .chars()
                .rev()
                .take_while(|c| !c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if !hid {
                out.push(' ');
                out.push_str(HIDDEN);
                hid = true;
            }
            if !tail.is_empty() {
                out.push_str(&tail);
                break;
            }
        }
    }
    out
}

/// The characters kept, each hidden run replaced by one [`HIDDEN`].
fn collapse(chars: &[char], hide: &[bool]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if hide[i] {
            out.push_str(HIDDEN);
            while i < chars.len() && hide[i] {
                i += 1;
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_identity_numbers_and_emails_go() {
        assert_eq!(
            redact(
                "Gọi 0912 345 678 hoặc +84912345678, CCCD 092190001234.",
                &[]
            ),
            "Gọi *** hoặc ***, CCCD ***."
        );
        assert_eq!(redact("Số 0912.345.678 nhé", &[]), "Số *** nhé");
        assert_eq!(
            redact("Thư: an.nguyen@example.vn; CMND 123456789", &[]),
            "Thư: ***; CMND ***"
        );
    }

    #[test]
    fn codes_dates_and_small_numbers_stay() {
        let t = "Hồ sơ 000.30.00.H92-261127-0061 nộp ngày 27/11/2026, phí 50.000 đồng, quầy 3.";
        assert_eq!(redact(t, &[]), t);
        assert_eq!(redact("a@b không phải thư", &[]), "a@b không phải thư");
    }

    #[test]
    fn names_known_or_after_a_title_go() {
        assert_eq!(
            redact("Tôi là Lê Thị Hoa, nhờ LÊ THỊ HOA nộp.", &["Lê Thị Hoa"]),
            "Tôi là ***, nhờ *** nộp."
        );
        assert_eq!(
            redact("Ông Nguyễn Văn An ở quầy 2 và chị Lan, cảm ơn.", &[]),
            "Ông *** ở quầy 2 và chị ***, cảm ơn."
        );
        assert_eq!(
            redact("anh em cán bộ nhiệt tình", &[]),
            "anh em cán bộ nhiệt tình"
        );
    }
}
