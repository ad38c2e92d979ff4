use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{catalog, Arg};
use crate::Locale;

#[test]
fn every_key_exists_in_both_languages() {
    let (vi, en) = (&catalog(Locale::Vi).ids, &catalog(Locale::En).ids);
    let mut wrong = Vec::new();
    for ((room, vi), (_, en)) in vi.iter().zip(en) {
        for k in vi.difference(en) {
            wrong.push(format!("{room}.ftl: {k} is in vi only"));
        }
        for k in en.difference(vi) {
            wrong.push(format!("{room}.ftl: {k} is in en only"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn each_message_takes_the_same_variables_in_both_languages() {
    let vars = |l: Locale| -> Vec<(String, BTreeSet<String>)> {
        super::ROOMS
            .iter()
            .flat_map(|&(_, vi, en)| variables(super::source(l, vi, en)))
            .collect()
    };
    let (mut vi, mut en) = (vars(Locale::Vi), vars(Locale::En));
    vi.sort();
    en.sort();
    let differ: Vec<_> = vi
        .iter()
        .zip(&en)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a:?} / {b:?}"))
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// Each message's id and the `$names` its text uses.
fn variables(source: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    for line in source.lines() {
        if let Some((id, _)) = line
            .split_once(" =")
            .filter(|_| !line.starts_with([' ', '#']))
        {
            out.push((id.trim().to_string(), BTreeSet::new()));
        }
        if let Some((_, vars)) = out.last_mut() {
            let mut rest = line;
            while let Some(i) = rest.find('$') {
                rest = &rest[i + 1..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                vars.insert(name);
            }
        }
    }
    out
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs" || x == "html") {
            out.push(p);
        }
    }
}

/// The string literal after each `needle` in `text`.
fn keys_after<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.match_indices(needle)
        .filter_map(|(i, _)| {
            let rest = &text[i + needle.len()..];
            rest.split_once('"').map(|(k, _)| k)
        })
        .collect()
}

#[test]
fn every_key_the_sources_use_is_in_the_catalog() {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(workspace().join("crates"))
        .unwrap()
        .flatten()
    {
        sources(&entry.path().join("src"), &mut files);
        sources(&entry.path().join("templates"), &mut files);
    }
    assert!(files.len() > 50, "the sources were found: {}", files.len());
    let known: BTreeSet<&String> = catalog(Locale::Vi)
        .ids
        .iter()
        .flat_map(|(_, ids)| ids)
        .collect();
    let mut missing = Vec::new();
    let mut used = 0;
    // This file names a missing key on purpose.
    files.retain(|f| !f.ends_with("catalog_tests.rs"));
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        // The needle, and the part of the key it holds (field names are
        // looked up by a key written whole in a match).
        for (needle, prefix) in [
            (".t(\"", ""),
            (".t_args(\"", ""),
            ("Message::new(\"", ""),
            ("=> \"field-", "field-"),
        ] {
            for key in keys_after(&text, needle) {
                used += 1;
                if !known.contains(&format!("{prefix}{key}")) {
                    missing.push(format!("{}: {key}", f.display()));
                }
            }
        }
    }
    assert!(used > 100, "keys were found in the sources: {used}");
    assert!(
        missing.is_empty(),
        "not in the catalog:\n{}",
        missing.join("\n")
    );
}

#[test]
fn texts_carry_no_bidi_marks_and_numbers_read_the_local_way() {
    let args = [("n", Arg::Number(5000)), ("what", Arg::from("x"))];
    for l in [Locale::Vi, Locale::En] {
        for (_, ids) in &catalog(l).ids {
            for id in ids {
                let text = l.t_args(id, &args);
                assert!(!text.contains(['\u{2068}', '\u{2069}']), "{id}: {text:?}");
            }
        }
    }
    let both = crate::i18n::Message::new("test-number").with("n", 5000);
    assert_eq!(both.both(), "5.000 / 5,000");
    let plain = crate::i18n::Message::new("test-plain-number").with("n", 5000);
    assert_eq!(plain.both(), "5000 / 5000");
}

#[test]
fn a_missing_key_shows_as_itself() {
    assert_eq!(Locale::Vi.t("no-such-key"), "no-such-key");
    assert_eq!(Locale::En.t_args("no-such-key", &[]), "no-such-key");
}
