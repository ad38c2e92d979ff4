//! The web layer's rooms keep to their walls: only `cases/` writes through
//! the store (dossiers and access records alike); the API, the pages and the
//! edge read, then call a case.

use std::path::{Path, PathBuf};

/// Every store method that writes, as the store's traits name them.
const WRITES: &[&str] = &[
    "create_province",
    "create_unit",
    "create_agency",
    "create_center",
    "set_office_hours",
    "create_staff",
    "create_account",
    "assign",
    "create_session",
    "delete_session",
    "create_token",
    "revoke_token",
    "set_password",
    "record_personal_data_reads",
    "secret",
    "import_catalog",
    "set_jurisdiction",
    "insert_history",
    "load_history",
    "open_dossier",
    "append_event",
    "append_events",
    "claim_job",
    "retry_job",
    "fail_job",
    "finish_ocr",
    "rebuild_rollups",
    "record_guidance",
    "import_guidance",
    "link_guidance_dossier",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn only_cases_write_through_the_store() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(files.len() > 20, "{files:?}");
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(src.join("cases"))) {
        let text = std::fs::read_to_string(file).unwrap();
        // `.store` then, possibly across lines, `.method(`.
        let flat: String = text.split_whitespace().collect();
        for w in WRITES {
            if flat.contains(&format!("store.{w}(")) {
                found.push(format!(
                    "{} calls store.{w}",
                    file.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(found.is_empty(), "writes outside cases/: {found:#?}");
}
