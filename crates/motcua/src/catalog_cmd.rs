//! `motcua import catalog` and `motcua export catalog`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use motcua_domain::catalog::{
    parse_csv, parse_json, to_csv, to_json, Catalog, CatalogError, Format,
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

pub fn read(path: &Path) -> anyhow::Result<Catalog> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed = match Format::of_path(path) {
        Format::Json => parse_json(&bytes),
        Format::Csv => parse_csv(bytes.as_slice()),
    };
    parsed.map_err(|errors| {
        InvalidFile {
            file: path.display().to_string(),
            errors,
        }
        .into()
    })
}

pub async fn import(store: &dyn Store, path: &Path) -> anyhow::Result<ImportReport> {
    let catalog = read(path)?;
    let pb = crate::demo::progress_bar(catalog.procedures.len() as u64, "thủ tục / procedures");
    let report = store
        .import_catalog(&catalog, jiff::Timestamp::now(), &|n| pb.set_position(n))
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

/// Writes the catalog; `-` is standard output (CSV). A file is written whole
/// or not at all (temporary file, then rename).
pub async fn export(store: &dyn Store, path: &Path) -> anyhow::Result<usize> {
    let catalog = store.export_catalog().await?;
    let text = match Format::of_path(path) {
        Format::Json => to_json(&catalog),
        Format::Csv => to_csv(&catalog),
    };
    if path == Path::new("-") {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        let tmp = path.with_extension("partial");
        std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(catalog.procedures.len())
}
