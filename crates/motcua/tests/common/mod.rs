//! What the black-box tests share: the real `motcua` binary with a clean
//! environment, its output, and a server that is stopped when the test ends.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// The binary, on `data`, without any `MOTCUA_` setting of the caller's.
pub fn motcua(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_motcua"));
    for (k, _) in std::env::vars() {
        if k.starts_with("MOTCUA_") {
            c.env_remove(k);
        }
    }
    c.env("RUST_LOG", "warn").arg("--data-dir").arg(data);
    c
}

/// Runs a command to its end: exit code, standard output and error.
pub fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("motcua runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

/// `motcua serve` on a free loopback port, killed when dropped (also when the
/// test panics).
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts the server on `data`; its log goes to `log` when given.
    pub fn start(data: &Path, log: Option<&Path>) -> Server {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            None => Stdio::null(),
        };
        let mut child = motcua(data)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("motcua serve starts");
        let stdout = child.stdout.take().unwrap();
        // Read the address, then keep draining: the server must never block
        // on a full pipe, and ends quietly when its output goes away.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(i) = line.find("http://") {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(line[i..].trim().to_string());
                    }
                }
            }
        });
        let mut server = Server {
            child,
            base: String::new(),
        };
        server.base = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "motcua serve printed no address: {}",
                    log.map(|l| std::fs::read_to_string(l).unwrap_or_default())
                        .unwrap_or_default()
                )
            });
        server
    }

    /// Polls `/healthz` until the server answers ok (a bounded number of tries).
    pub async fn ready(&self, client: &reqwest::Client) {
        for _ in 0..200 {
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await {
                if r.status().is_success() {
                    return;
                }
            }
            tokio::task::yield_now().await;
        }
        panic!("{} never became healthy", self.base);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new, empty PostgreSQL database on the test cluster, named after `prefix`
/// and this process: its URL and name. `None` (the test skips) when the test
/// command started no cluster, which is an error if one is required.
pub async fn postgres_database(prefix: &str) -> Option<(String, String)> {
    let Some(admin) = std::env::var("MOTCUA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var_os("MOTCUA_REQUIRE_POSTGRES").is_none(),
            "MOTCUA_TEST_POSTGRES_URL must be set"
        );
        return None;
    };
    let name = format!("{prefix}_{}", std::process::id());
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&pool)
        .await
        .unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    Some((url, name))
}
