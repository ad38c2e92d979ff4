//! Text people type: cleaning hostile input, and diacritic-insensitive search
//! keys for Vietnamese.

use unicode_normalization::UnicodeNormalization;

use crate::i18n::Message;
use crate::Locale;

/// Why a piece of typed text is refused. The descriptions leave out the
/// field: the caller puts its human name in front.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe(Locale::En))]
pub enum TextError {
    /// More than `max` characters once cleaned (or, for input so long that
    /// cleaning it is pointless, before).
    TooLong { max: usize, got: usize },
    /// NUL, another C0 or C1 control character, or DEL. Tab and line breaks
    /// are whitespace, not controls.
    Control,
    /// A format character that makes the text display differently from what
    /// it holds: direction overrides and isolates, direction marks, U+FEFF,
    /// tag characters, Hangul fillers and the like.
    Invisible,
    /// More combining marks on one letter than any language writes: "Zalgo"
    /// text that spills over the lines around it.
    StackedMarks,
    /// Nothing visible is left. Only [`required`] gives this.
    Empty,
}

impl TextError {
    /// The problem as a catalog message (`errors.ftl`).
    pub fn message(&self) -> Message {
        match self {
            TextError::TooLong { max, got } => Message::new("text-too-long")
                .with("max", *max)
                .with("got", *got),
            TextError::Control => Message::new("text-control"),
            TextError::Invisible => Message::new("text-invisible"),
            TextError::StackedMarks => Message::new("text-stacked-marks"),
            TextError::Empty => Message::new("text-empty"),
        }
    }

    pub fn describe(&self, l: Locale) -> String {
        self.message().localize(l)
    }
}

/// Vietnamese needs at most two marks on a letter (a vowel mark and a tone),
/// and NFC folds those into the letter; three leaves room for other scripts.
const MAX_MARKS: usize = 3;

/// What one character of typed input becomes.
enum Kind {
    Keep,
    /// Whitespace of any kind; `true` for a line break.
    Space(bool),
    /// Invisible and harmless, such as a zero-width space: dropped.
    Drop,
}

fn classify(c: char) -> Result<Kind, TextError> {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => Ok(Kind::Space(true)),
        '\t' => Ok(Kind::Space(false)),
        // NEL is whitespace to Rust but a C1 control to everyone else.
        c if c.is_control() => Err(TextError::Control),
        c if c.is_whitespace() => Ok(Kind::Space(false)),
        // Zero-width spaces and joiners, the word joiner, the soft hyphen,
        // the combining grapheme joiner and the Mongolian vowel separator
        // show nothing and change no meaning; web pages and word processors
        // leave them in copied text.
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200D}' | '\u{2060}' => {
            Ok(Kind::Drop)
        }
        '\u{061C}'
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{08E2}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180D}'
        | '\u{180F}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2061}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0D}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' => Err(TextError::Invisible),
        // Private-use characters and non-characters show as nothing or as a
        // box that means something only to one font: not a person's text.
        '\u{E000}'..='\u{F8FF}'
        | '\u{F0000}'..='\u{10FFFF}'
        | '\u{FDD0}'..='\u{FDEF}'
        | '\u{FFFE}'
        | '\u{FFFF}' => Err(TextError::Invisible),
        c if (c as u32) & 0xFFFE == 0xFFFE => Err(TextError::Invisible),
        _ => Ok(Kind::Keep),
    }
}

/// Input this many times longer than allowed is refused before it is
/// normalised: no amount of collapsed whitespace or decomposed accents
/// (at most three characters per letter) brings it under the limit honestly.
fn hopeless(s: &str, max: usize) -> Result<(), TextError> {
    let ceiling = max.saturating_mul(4).saturating_add(64);
    // Bytes bound characters from above, so short input is not even counted.
    if s.len() > ceiling {
        let got = s.chars().count();
        if got > ceiling {
            return Err(TextError::TooLong { max, got });
        }
    }
    Ok(())
}

/// Cleans one line of `s` or, with `lines`, the whole text keeping line breaks.
fn clean(s: &str, max: usize, lines: bool) -> Result<String, TextError> {
    hopeless(s, max)?;
    // Refuse and drop before normalising: a dropped zero-width space may have
    // kept an accent from composing with its letter.
    let mut kept = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match classify(c)? {
            Kind::Keep => kept.push(c),
            Kind::Drop => {}
            Kind::Space(true) if lines => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                kept.push('\n');
            }
            Kind::Space(_) => kept.push(' '),
        }
    }
    let mut out = String::with_capacity(kept.len());
    // Per line: leading spaces are kept after the first line (indentation in
    // a note), inner runs become one space, the end is trimmed.
    let mut blank_lines = 0;
    let mut first = true;
    for line in kept.nfc().collect::<String>().split('\n') {
        let line = clean_one_line(line, !first)?;
        if line.is_empty() {
            if !first {
                blank_lines += 1;
            }
            continue;
        }
        if !first {
            // Runs of blank lines become one: they carry no more meaning.
            out.push_str(if blank_lines > 0 { "\n\n" } else { "\n" });
        }
        blank_lines = 0;
        first = false;
        out.push_str(&line);
    }
    let got = out.chars().count();
    if got > max {
        return Err(TextError::TooLong { max, got });
    }
    Ok(out)
}

/// One NFC line with only `' '` for whitespace: collapsed and trimmed, marks
/// with no letter to sit on dropped, stacks of marks refused.
fn clean_one_line(line: &str, keep_indent: bool) -> Result<String, TextError> {
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    let mut marks = 0;
    let indent = if keep_indent {
        line.len() - line.trim_start_matches(' ').len()
    } else {
        0
    };
    for c in line.trim_matches(' ').chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        if is_combining_mark(c) {
            // At the start or after a space the mark has no letter: it shows
            // as a dotted circle or not at all.
            if out.is_empty() || space {
                continue;
            }
            marks += 1;
            if marks > MAX_MARKS {
                return Err(TextError::StackedMarks);
            }
        } else {
            marks = 0;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if !out.is_empty() && indent > 0 {
        out.insert_str(0, &" ".repeat(indent));
    }
    Ok(out)
}

/// One line of text a person typed (name, address, reason…): NFC-normalised,
/// trimmed, inner whitespace runs collapsed to one space, at most `max`
/// characters. Line breaks count as whitespace. Zero-width characters are
/// dropped, so input with nothing visible comes out empty (see [`required`]).
pub fn clean_line(s: &str, max: usize) -> Result<String, TextError> {
    clean(s, max, false)
}

/// Several lines (a note, a summary): like [`clean_line`] but keeps line
/// breaks (`\r\n` and `\r` become `\n`), trims each line's end, keeps
/// indentation, turns runs of blank lines into one and drops blank lines at
/// either end; at most `max` characters in all, line breaks included.
pub fn clean_text(s: &str, max: usize) -> Result<String, TextError> {
    clean(s, max, true)
}

/// Refuses cleaned text that is empty, for fields that must have a value:
/// `clean_line(s, 200).and_then(required)`.
pub fn required(cleaned: String) -> Result<String, TextError> {
    if cleaned.is_empty() {
        Err(TextError::Empty)
    } else {
        Ok(cleaned)
    }
}

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
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_line_is_trimmed_collapsed_and_composed() {
        assert_eq!(
            clean_line("  Nguyễn \t Văn\u{00A0}\u{00A0}An \n", 200).unwrap(),
            "Nguyễn Văn An"
        );
        let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh";
        let cleaned = clean_line(decomposed, 200).unwrap();
        assert_eq!(cleaned, "Nguyễn Thị Ánh");
        assert_eq!(cleaned.chars().count(), 14, "precomposed letters");
        assert_eq!(clean_line("Đặng\r\nThị", 200).unwrap(), "Đặng Thị");
    }

    #[test]
    fn zero_width_characters_between_letters_vanish() {
        assert_eq!(
            clean_line("Ng\u{200B}uy\u{200D}ễn\u{2060} V\u{00AD}ăn", 200).unwrap(),
            "Nguyễn Văn"
        );
        // A zero-width space between a letter and its accents hid them from
        // each other; once it is gone they compose.
        assert_eq!(clean_line("e\u{200B}\u{0302}\u{0303}", 10).unwrap(), "ễ");
    }

    #[test]
    fn nothing_visible_is_empty_and_required_refuses_it() {
        for blank in [
            "",
            "   ",
            "\u{200B}\u{200C}\u{200D}\u{2060}",
            " \u{0301}\u{0300} ",
            "\n\t\u{3000}",
        ] {
            assert_eq!(clean_line(blank, 200).unwrap(), "", "{blank:?}");
            assert_eq!(clean_text(blank, 200).unwrap(), "", "{blank:?}");
            assert_eq!(
                clean_line(blank, 200).and_then(required),
                Err(TextError::Empty)
            );
        }
        assert_eq!(clean_line(" An ", 200).and_then(required).unwrap(), "An");
    }

    #[test]
    fn controls_are_refused() {
        for bad in [
            "a\0b",
            "a\u{1B}[31mb",
            "a\u{7F}",
            "a\u{85}b",
            "a\u{9B}b",
            "a\u{0B}b",
            "a\u{0C}b",
        ] {
            assert_eq!(clean_line(bad, 200), Err(TextError::Control), "{bad:?}");
            assert_eq!(clean_text(bad, 200), Err(TextError::Control), "{bad:?}");
        }
    }

    #[test]
    fn characters_that_make_text_lie_are_refused() {
        for bad in [
            "invoice\u{202E}fdp.exe",
            "\u{2066}a\u{2069}",
            "a\u{200E}b",
            "a\u{200F}",
            "\u{FEFF}Nguyễn",
            "a\u{E0041}\u{E0042}",
            "\u{3164}",
            "a\u{061C}",
        ] {
            assert_eq!(clean_line(bad, 200), Err(TextError::Invisible), "{bad:?}");
            assert_eq!(clean_text(bad, 200), Err(TextError::Invisible), "{bad:?}");
        }
        assert_eq!(clean_line("👍\u{FE0F}", 10).unwrap(), "👍\u{FE0F}");
    }

    #[test]
    fn stacked_marks_are_refused() {
        let zalgo = format!(
            "Nguyễn Z{}algo",
            "\u{0316}\u{0317}\u{0318}\u{0319}".repeat(10)
        );
        assert_eq!(clean_line(&zalgo, 200), Err(TextError::StackedMarks));
        // Counted once composed: á and three more is the most that passes.
        assert!(clean_line("a\u{0301}\u{0316}\u{0317}\u{0318}", 200).is_ok());
        assert!(clean_line("a\u{0316}\u{0317}\u{0318}\u{0319}", 200).is_err());
    }

    #[test]
    fn length_counts_characters_after_cleaning() {
        let name = "Nguyễn Văn An";
        assert_eq!(clean_line(name, 13).unwrap(), name);
        assert_eq!(
            clean_line(name, 12),
            Err(TextError::TooLong { max: 12, got: 13 })
        );
        // Decomposed and spaced out, it is still 13 characters.
        let padded = format!("   {}   ", "Nguye\u{0302}\u{0303}n    Va\u{0306}n  An");
        assert_eq!(clean_line(&padded, 13).unwrap(), name);
    }

    #[test]
    fn a_huge_name_is_refused_without_being_read_closely() {
        // 1.9 MB; the control character at the end would be found only by a
        // full scan, so the length refusal shows there was none.
        let mut huge = "Nguyễn ".repeat(1_900_000 / "Nguyễn ".len());
        huge.push('\0');
        let got = huge.chars().count();
        assert_eq!(
            clean_line(&huge, 200),
            Err(TextError::TooLong { max: 200, got })
        );
        assert_eq!(
            clean_text(&huge, 5_000),
            Err(TextError::TooLong { max: 5_000, got })
        );
    }

    #[test]
    fn text_keeps_line_breaks_and_indentation() {
        let note = "\r\n  Hồ sơ thiếu:  \r\n  - tờ khai \t\r\n\r\n\r\n\r\nGọi lại\rsau  \n\n";
        assert_eq!(
            clean_text(note, 500).unwrap(),
            "Hồ sơ thiếu:\n  - tờ khai\n\nGọi lại\nsau"
        );
        assert_eq!(clean_text("a\nb", 3).unwrap(), "a\nb");
        assert_eq!(
            clean_text("a\nb", 2),
            Err(TextError::TooLong { max: 2, got: 3 })
        );
    }

    #[test]
    fn descriptions_leave_the_field_name_to_the_caller() {
        let e = TextError::TooLong {
            max: 200,
            got: 1950,
        };
        assert_eq!(e.describe(Locale::Vi), "dài quá 200 ký tự (có 1.950)");
        assert_eq!(
            e.describe(Locale::En),
            "longer than 200 characters (has 1,950)"
        );
        assert_eq!(e.to_string(), e.describe(Locale::En));
        for e in [
            TextError::Control,
            TextError::Invisible,
            TextError::StackedMarks,
            TextError::Empty,
        ] {
            assert_ne!(e.describe(Locale::Vi), e.describe(Locale::En));
        }
    }

    fn hostile() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Đ",
            "ễ",
            "e\u{0302}\u{0303}",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\u{00A0}",
            "\u{3000}",
            "\u{2028}",
            "\u{200B}",
            "\u{200D}",
            "\u{00AD}",
            "\u{0301}",
            "\u{0316}",
            "\u{202E}",
            "\u{2066}",
            "\u{200F}",
            "\u{FEFF}",
            "\0",
            "\u{1B}",
            "\u{7F}",
            "\u{85}",
            "👍",
            "\u{FE0F}",
            "\u{E0041}",
            "x",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    fn is_forbidden(c: char) -> bool {
        (c.is_control() && c != '\n') || matches!(classify(c), Err(_) | Ok(Kind::Drop))
    }

    proptest! {
        #[test]
        fn clean_output_is_safe_and_cleaning_is_idempotent(s in hostile(), any in ".{0,40}") {
            for s in [s, any] {
                for (lines, cleaned) in [(false, clean_line(&s, 60)), (true, clean_text(&s, 60))] {
                    let Ok(cleaned) = cleaned else { continue };
                    prop_assert!(!cleaned.chars().any(is_forbidden), "{:?}", cleaned);
                    prop_assert!(lines || !cleaned.contains('\n'));
                    prop_assert!(!cleaned.contains("  ") || lines);
                    prop_assert_eq!(cleaned.trim_end(), cleaned.as_str());
                    prop_assert!(cleaned.chars().count() <= 60);
                    prop_assert!(unicode_normalization::is_nfc(&cleaned));
                    let again = if lines { clean_text(&cleaned, 60) } else { clean_line(&cleaned, 60) };
                    prop_assert_eq!(again, Ok(cleaned.clone()));
                }
            }
        }
    }

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
