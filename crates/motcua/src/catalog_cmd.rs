//! `motcua import catalog` and `motcua export catalog`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use motcua_domain::catalog::{
    forms_to_json, parse_csv_with, parse_forms, parse_json, to_csv, to_json, Catalog, CatalogError,
    Format,
};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{ImportReport, Store};

/// A catalog file that cannot be imported; every problem is listed.
#[derive(Debug)]
pub struct InvalidFile {
    pub file: String,
    pub errors: Vec<CatalogError>,
}

impl InvalidFile {
    pub fn report(&self, l: Locale) -> String {
        let mut out = String::new();
        for e in &self.errors {
            out += &format!("{}: {}\n", self.file, e.message().localize(l));
        }
        out += &Message::new("cli-nothing-imported")
            .with("file", self.file.as_str())
            .with("n", self.errors.len())
            .localize(l);
        out
    }
}

impl std::fmt::Display for InvalidFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.report(Locale::En))
    }
}

impl std::error::Error for InvalidFile {}

fn invalid(path: &Path) -> impl FnOnce(Vec<CatalogError>) -> anyhow::Error + '_ {
    move |errors| {
        InvalidFile {
            file: path.display().to_string(),
            errors,
        }
        .into()
    }
}

/// Reads a catalog file and, for a CSV, the forms file its `form` column
/// may name; each file's problems are named with that file.
pub fn read(path: &Path, forms: Option<&Path>) -> anyhow::Result<Catalog> {
    let extra = match forms {
        Some(f) => {
            let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
            parse_forms(&bytes).map_err(invalid(f))?
        }
        None => Vec::new(),
    };
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed = match Format::of_path(path) {
        Format::Json => parse_json(&bytes),
        Format::Csv => parse_csv_with(bytes.as_slice(), &extra),
    };
    parsed.map_err(invalid(path))
}

pub async fn import(store: &dyn Store, catalog: &Catalog) -> anyhow::Result<ImportReport> {
    let pb = crate::demo::progress_bar(catalog.procedures.len() as u64, "thủ tục / procedures");
    let report = store
        .import_catalog(catalog, jiff::Timestamp::now(), &|n| pb.set_position(n))
        .await;
    pb.finish_and_clear();
    Ok(report?)
}

pub fn describe(r: &ImportReport, l: Locale) -> String {
    Message::new("cli-catalog-imported")
        .with("fields", r.fields)
        .with("added", r.added)
        .with("changed", r.changed)
        .with("unchanged", r.unchanged)
        .localize(l)
}

/// A CSV export would lose forms motcua does not ship: the forms file was not given.
#[derive(Debug)]
pub struct FormsNotWritten(pub Vec<String>);

impl std::fmt::Display for FormsNotWritten {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().localize(Locale::En))
    }
}

impl FormsNotWritten {
    pub fn message(&self) -> Message {
        Message::new("catalog-forms-not-written").with("forms", self.0.join(", "))
    }
}

impl std::error::Error for FormsNotWritten {}

/// Writes `text` whole or not at all (temporary file, then rename); `-` is
/// standard output.
fn write_whole(path: &Path, text: &str) -> anyhow::Result<()> {
    if path == Path::new("-") {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        let tmp = path.with_extension("partial");
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Writes the catalog; `-` is standard output (CSV). A CSV names forms by
/// code: the ones motcua does not ship go to `forms` (refused without it,
/// before anything is written). JSON carries its forms inline.
pub async fn export(store: &dyn Store, path: &Path, forms: Option<&Path>) -> anyhow::Result<usize> {
    let catalog = store.export_catalog().await?;
    let text = match Format::of_path(path) {
        Format::Json => to_json(&catalog),
        Format::Csv => {
            let own = catalog.own_forms();
            match forms {
                Some(f) => write_whole(f, &forms_to_json(&own))?,
                None if !own.is_empty() => {
                    return Err(FormsNotWritten(own.into_iter().map(|f| f.code).collect()).into())
                }
                None => {}
            }
            to_csv(&catalog)
        }
    };
    write_whole(path, &text)?;
    Ok(catalog.procedures.len())
}
