//! DuckDB beside the stores: a small Python script, written to a temporary
//! file and run with the venv's python, loads the dossiers' CSV once into an
//! in-memory table and times each query's GROUP BY over the raw dossiers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

const SCRIPT: &str = r#"
import json, sys, time
spec = json.load(sys.stdin)
try:
    import duckdb
except ImportError as e:
    print(json.dumps({"error": "python has no duckdb module (%s)" % e}))
    sys.exit(0)
con = duckdb.connect()
flags = ["finished", "on_time", "early", "late", "refused", "supplemented", "digitized",
         "e_result", "reused", "returned", "returned_by_post"]
columns = {"center_id": "INTEGER", "procedure_code": "VARCHAR", "received_day": "DATE",
           "channel": "VARCHAR"}
columns.update({f: "TINYINT" for f in flags})
columns["settle_seconds"] = "BIGINT"
started = time.perf_counter()
con.execute("CREATE TABLE dossiers AS SELECT * FROM read_csv('%s', header = true, columns = %s)"
            % (spec["csv"].replace("'", "''"), json.dumps(columns).replace('"', "'")))
load = time.perf_counter() - started
threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
out = {"version": duckdb.__version__, "threads": threads, "load_seconds": load, "queries": {}}
for q in spec["queries"]:
    for _ in range(spec["warmups"]):
        con.execute(q["sql"]).fetchall()
    ms = []
    for _ in range(spec["runs"]):
        t = time.perf_counter()
        rows = con.execute(q["sql"]).fetchall()
        ms.append((time.perf_counter() - t) * 1000.0)
    k = q["skip"]
    out["queries"][q["id"]] = {
        "ms": ms,
        "rows": len(rows),
        "received": int(sum((r[k] or 0) for r in rows)),
        "settle_seconds": int(sum((r[-1] or 0) for r in rows)),
    }
print(json.dumps(out))
"#;

/// A query for DuckDB: its id, its SQL and how many key columns lead.
pub struct DuckQuery {
    pub id: &'static str,
    pub sql: String,
    pub skip: usize,
}

#[derive(Debug, Deserialize)]
pub struct DuckResult {
    pub ms: Vec<f64>,
    pub rows: usize,
    pub received: i64,
    pub settle_seconds: i64,
}

#[derive(Debug, Deserialize)]
pub struct DuckRun {
    pub version: String,
    pub threads: serde_json::Value,
    pub load_seconds: f64,
    pub queries: std::collections::HashMap<String, DuckResult>,
}

/// The venv of motcua's tools: `${XDG_CACHE_HOME:-$HOME/.cache}/motcua/venv`.
pub fn default_python() -> PathBuf {
    super::cache_dir().join("venv").join("bin").join("python")
}

/// The equivalent of a rollup sum over the raw dossiers: the sums in the
/// order of the rollups' counts, filtered by day of receipt (and center).
pub fn sql(key: Option<&str>, from: &str, to: &str, center: Option<i64>) -> String {
    let sums =
        "count(*), sum(finished), sum(on_time), sum(late), sum(refused), sum(supplemented), \
        sum(CASE WHEN channel = 'online' THEN 1 ELSE 0 END), sum(early), \
        sum(CASE WHEN channel = 'in_person' THEN 1 ELSE 0 END), \
        sum(CASE WHEN channel = 'post' THEN 1 ELSE 0 END), sum(digitized), sum(e_result), \
        sum(reused), sum(returned), sum(returned_by_post), sum(settle_seconds)";
    let mut s = match key {
        Some(k) => format!("SELECT {k}, {sums} FROM dossiers"),
        None => format!("SELECT {sums} FROM dossiers"),
    };
    s += &format!(" WHERE received_day BETWEEN DATE '{from}' AND DATE '{to}'");
    if let Some(c) = center {
        s += &format!(" AND center_id = {c}");
    }
    if let Some(k) = key {
        s += &format!(" GROUP BY {k} ORDER BY {k}");
    }
    s
}

/// Runs the queries in DuckDB; `Err` says why DuckDB could not be had.
pub fn run(
    python: &Path,
    csv: &Path,
    queries: &[DuckQuery],
    warmups: usize,
    runs: usize,
) -> Result<DuckRun, String> {
    let mut script = tempfile::Builder::new()
        .prefix("motcua-bench-duckdb-")
        .suffix(".py")
        .tempfile()
        .map_err(|e| e.to_string())?;
    script
        .write_all(SCRIPT.as_bytes())
        .map_err(|e| e.to_string())?;
    let spec = serde_json::json!({
        "csv": csv.display().to_string(),
        "warmups": warmups,
        "runs": runs,
        "queries": queries
            .iter()
            .map(|q| serde_json::json!({"id": q.id, "sql": q.sql, "skip": q.skip}))
            .collect::<Vec<_>>(),
    });
    let mut child = Command::new(python)
        .arg(script.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(spec.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "{} {}: {}",
            python.display(),
            out.status,
            err.lines().last().unwrap_or_default()
        ));
    }
    let answer: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    if let Some(e) = answer.get("error").and_then(|e| e.as_str()) {
        return Err(e.to_string());
    }
    serde_json::from_value(answer).map_err(|e| e.to_string())
}
