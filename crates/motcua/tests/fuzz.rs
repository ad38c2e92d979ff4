//! The real server against its own OpenAPI document: schemathesis generates
//! requests from `/api/openapi.json` (valid and invalid ones) and checks that
//! no answer is a server error and every answer has a documented status,
//! content type and shape.
//!
//! schemathesis comes from PyPI; `scripts/test.sh` installs it in a venv and
//! sets `MOTCUA_SCHEMATHESIS` to its program and `MOTCUA_REQUIRE_FUZZ=1`.
//! Without them the test says why and passes, so `cargo test` works anywhere.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

mod common;
use common::{motcua, Server};

/// schemathesis's budget for the whole run, and the most test cases it makes
/// per operation: together about two minutes of a CI run.
const MAX_TIME_SECONDS: u64 = 100;
const MAX_EXAMPLES: u32 = 40;
const SEED: u32 = 1;

/// The schemathesis program, or `None` (after saying why) to skip.
fn schemathesis() -> Option<PathBuf> {
    let required = std::env::var_os("MOTCUA_REQUIRE_FUZZ").is_some_and(|v| !v.is_empty());
    match std::env::var_os("MOTCUA_SCHEMATHESIS").filter(|v| !v.is_empty()) {
        Some(p) => Some(PathBuf::from(p)),
        None if required => {
            panic!("MOTCUA_REQUIRE_FUZZ is set but MOTCUA_SCHEMATHESIS is not: run scripts/test.sh")
        }
        None => {
            eprintln!(
                "skipped: MOTCUA_SCHEMATHESIS (the schemathesis program) is not set; scripts/test.sh sets it"
            );
            None
        }
    }
}

/// A demo reception user's username, from the list the demo command prints.
fn reception_user(demo_output: &str) -> String {
    demo_output
        .lines()
        .find(|l| l.contains("Tiếp nhận") || l.contains("Reception"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no reception user in: {demo_output}"))
        .to_string()
}

/// Signs in as `username` and creates a write token, as a script's owner would.
async fn write_token(base: &str, username: &str) -> String {
    let http = reqwest::Client::new();
    let res = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({ "username": username, "password": "motcua-demo" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "sign in as {username}");
    let cookie = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    let me: serde_json::Value = res.json().await.unwrap();
    let res = http
        .post(format!("{base}/api/v1/tokens"))
        .header("cookie", cookie)
        .header("x-csrf-token", me["csrf_token"].as_str().unwrap())
        .json(&serde_json::json!({ "label": "schemathesis", "scope": "write" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let body: serde_json::Value = res.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_keeps_the_promises_of_its_openapi_document() {
    let Some(program) = schemathesis() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = motcua(&data)
        .args([
            "demo",
            "--centers",
            "3",
            "--days",
            "3",
            "--until",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    let demo = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{demo}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server_log = dir.path().join("server.log");
    let server = Server::start(&data, Some(&server_log));
    let token = write_token(&server.base, &reception_user(&demo)).await;

    let report = dir.path().join("schemathesis.txt");
    let mut run = tokio::process::Command::new(&program);
    // Under faketime (to test at another hour) only motcua needs the fake
    // clock; schemathesis's worker threads hang on libfaketime.
    for (k, v) in std::env::vars() {
        if k.starts_with("FAKETIME") || (k == "LD_PRELOAD" && v.contains("faketime")) {
            run.env_remove(k);
        }
    }
    let mut run = run
        .arg("run")
        .arg(format!("{}/api/openapi.json", server.base))
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args([
            "--checks",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
        ])
        .args(["--max-examples", &MAX_EXAMPLES.to_string()])
        .args(["--max-time", &MAX_TIME_SECONDS.to_string()])
        .args(["--seed", &SEED.to_string()])
        .args(["--workers", "2"])
        // The generator's own health checks judge the schema's data, not the API.
        .args(["--suppress-health-check", "all"])
        .args(["--generation-database", "none"])
        .arg("--no-color")
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&report).unwrap())
        .stderr(Stdio::from(
            std::fs::File::options().append(true).open(&report).unwrap(),
        ))
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", program.display()));
    // schemathesis keeps to its budget; this bound only catches a hang.
    let hang = Duration::from_secs(MAX_TIME_SECONDS + 120);
    let Ok(status) = tokio::time::timeout(hang, run.wait()).await else {
        panic!(
            "schemathesis still running after its budget:\n{}",
            std::fs::read_to_string(&report).unwrap_or_default()
        );
    };
    let status = status.unwrap();
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let summary: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("Tested:")
                || (l.starts_with(|c: char| c.is_ascii_digit()) && l.contains(" generated"))
        })
        .collect();
    eprintln!("schemathesis: {}", summary.join("; "));
    let failures = section(&text, "Failures:");
    let errors = section(&text, "Errors:");
    // A "Runtime Error" is schemathesis failing inside itself (seen once: a
    // CPython AST error while describing a strategy), not an answer of the
    // API; it is shown, not counted. Failed checks and network errors are.
    let own_errors_only = !errors.is_empty() && errors.iter().all(|e| e.contains("Runtime Error"));
    if !status.success() && failures.is_empty() && own_errors_only {
        eprintln!("schemathesis had internal errors only, not counted:\n{text}");
    } else {
        assert!(
            status.success(),
            "schemathesis found problems ({status}):\n{text}\n--- server log ---\n{}",
            std::fs::read_to_string(&server_log).unwrap_or_default()
        );
    }
    drop(server);
}

/// The lines of one part of schemathesis's summary (`Failures:`, `Errors:`).
fn section<'a>(report: &'a str, title: &str) -> Vec<&'a str> {
    let Some(summary) = report.rsplit_once("SUMMARY").map(|(_, s)| s) else {
        return Vec::new();
    };
    summary
        .lines()
        .skip_while(|l| l.trim() != title)
        .skip(1)
        .take_while(|l| l.starts_with(' ') && !l.trim().is_empty())
        .collect()
}

#[test]
fn the_summary_is_read() {
    let report = "...\n===== SUMMARY =====\n\nFailures:\n  ❌ ST103 Undocumented status code: 8\nFor more information\n\nErrors:\n  🚫 Runtime Error: 1\n\nWarnings:\n  ⚠️ x\n";
    assert_eq!(
        section(report, "Failures:"),
        ["  ❌ ST103 Undocumented status code: 8"]
    );
    assert_eq!(section(report, "Errors:"), ["  🚫 Runtime Error: 1"]);
    assert!(section(report, "Nothing:").is_empty());
}
