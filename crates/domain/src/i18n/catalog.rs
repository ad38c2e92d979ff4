//! The message catalog: every text of the project's own, in Vietnamese and
//! English, kept in Fluent files under `crates/domain/locales/{vi,en}/`, one
//! file per room. The files are compiled into the binary: nothing is read or
//! fetched at run time.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use super::Locale;

/// Each room's file in both languages: a room missing in one of them does not
/// build.
macro_rules! rooms {
    ($($room:literal),+ $(,)?) => {
        &[$((
            $room,
            include_str!(concat!("../../locales/vi/", $room, ".ftl")),
            include_str!(concat!("../../locales/en/", $room, ".ftl")),
        )),+]
    };
}

/// (room, Vietnamese source, English source).
pub(crate) const ROOMS: &[(&str, &str, &str)] = rooms!(
    "common",
    "public",
    "staff",
    "forms",
    "errors",
    "cli",
    "labels",
    "scans",
    "certify",
    "postal",
    "transport",
    "queue",
    "hall",
    "guidance",
    "feedback",
    "export",
    "dashboard",
    "charts"
);

pub(crate) struct Catalog {
    bundle: FluentBundle<FluentResource>,
    /// The messages without variables, formatted once, so that `t` can hand
    /// them out as `&'static str` like the literals they replace.
    plain: HashMap<String, String>,
    /// Every message id, by room: what the tests compare across languages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ids: Vec<(&'static str, BTreeSet<String>)>,
}

static VI: LazyLock<Catalog> = LazyLock::new(|| build(Locale::Vi));
static EN: LazyLock<Catalog> = LazyLock::new(|| build(Locale::En));

pub(crate) fn catalog(l: Locale) -> &'static Catalog {
    match l {
        Locale::Vi => &VI,
        Locale::En => &EN,
    }
}

fn source(l: Locale, vi: &'static str, en: &'static str) -> &'static str {
    match l {
        Locale::Vi => vi,
        Locale::En => en,
    }
}

/// Whole numbers grouped the reader's way (`5.000`, `5,000`); a message that
/// wants plain digits says `NUMBER($n, useGrouping: "false")`.
fn grouped<M>(l: Locale) -> impl Fn(&FluentValue, &M) -> Option<String> {
    move |v, _| match v {
        FluentValue::Number(n)
            if n.options.use_grouping && n.value.fract() == 0.0 && n.value.abs() < 1e15 =>
        {
            let digits = l.number(n.value.abs() as u64);
            Some(if n.value < 0.0 {
                format!("-{digits}")
            } else {
                digits
            })
        }
        _ => None,
    }
}

fn vi_number<M>(v: &FluentValue, m: &M) -> Option<String> {
    grouped(Locale::Vi)(v, m)
}

fn en_number<M>(v: &FluentValue, m: &M) -> Option<String> {
    grouped(Locale::En)(v, m)
}

fn build(l: Locale) -> Catalog {
    let tag = l.to_string();
    let lang = tag.parse().expect("vi and en are language tags");
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Fluent wraps each placeable in bidi isolation marks (U+2068, U+2069) by
    // default, for right-to-left scripts; both languages here run left to
    // right, and pages, PDFs and logs must not carry invisible characters.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match l {
        Locale::Vi => vi_number,
        Locale::En => en_number,
    }));
    bundle
        .add_builtins()
        .expect("NUMBER is added once to a new bundle");
    let mut ids = Vec::new();
    for &(room, vi, en) in ROOMS {
        let resource = FluentResource::try_new(source(l, vi, en).to_string())
            .unwrap_or_else(|(_, e)| panic!("locales/{tag}/{room}.ftl does not parse: {e:?}"));
        let names: BTreeSet<String> = resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        ids.push((room, names));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("locales/{tag}/{room}.ftl: {e:?}"));
    }
    let mut plain = HashMap::new();
    for id in ids.iter().flat_map(|(_, names)| names) {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        // A message with variables fails without its arguments: `t_args` only.
        if errors.is_empty() {
            plain.insert(id.clone(), text.into_owned());
        }
    }
    Catalog { bundle, plain, ids }
}

/// A value given to a message: words, a number (grouped the reader's way), or
/// another message, localized in the same language first.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
    Message(super::Message),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<super::Message> for Arg {
    fn from(m: super::Message) -> Self {
        Arg::Message(m)
    }
}

macro_rules! number_arg {
    ($($t:ty),+) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )+};
}
number_arg!(i64, u64, i32, u32, usize);

impl Catalog {
    pub(crate) fn plain(&'static self, key: &str) -> Option<&'static str> {
        self.plain.get(key).map(String::as_str)
    }

    pub(crate) fn format(&self, l: Locale, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut fa = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let v: FluentValue = match value {
                Arg::Text(s) => FluentValue::String(Cow::Owned(s.clone())),
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Message(m) => FluentValue::String(Cow::Owned(m.localize(l))),
            };
            fa.set(*name, v);
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fa), &mut errors);
        Some(text.into_owned())
    }
}

#[cfg(test)]
#[path = "catalog_tests.rs"]
mod tests;
