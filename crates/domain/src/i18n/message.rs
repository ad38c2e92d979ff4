//! A text not yet put into words: a catalog key and its arguments. Errors
//! carry one from where they are found to where they are shown, and are
//! localized there, in the reader's language.

use super::{Arg, Locale};

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// The same message with one more argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((name, value.into()));
        self
    }

    pub fn localize(&self, l: Locale) -> String {
        l.t_args(self.key, &self.args)
    }

    /// "Vietnamese / English", for answers whose reader's language is not
    /// known (the JSON API, logs).
    pub fn both(&self) -> String {
        format!(
            "{} / {}",
            self.localize(Locale::Vi),
            self.localize(Locale::En)
        )
    }
}

impl std::fmt::Display for Message {
    /// English: what logs and `Debug`-minded callers read.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.localize(Locale::En))
    }
}
