//! Outside programs (pdftoppm, tesseract): found on PATH each time, so that
//! installing a package takes effect without a restart; run directly, never
//! through a shell, with a deadline.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::error::IoContext;
use crate::Result;

/// Where `name` is on PATH, if it is there.
pub fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// What a finished run left: its status, and the start of what it said on
/// stderr (for the log when it failed).
pub(crate) struct Ran {
    pub status: ExitStatus,
    pub said: String,
}

/// Runs `command` (its stdout going to `stdout`, or nowhere) until it ends or
/// `timeout` passes; a run past its deadline is killed and is an error made
/// by `too_slow`. `scratch` is a private folder for its stderr.
pub(crate) fn run(
    mut command: Command,
    scratch: &Path,
    stdout: Option<File>,
    timeout: Duration,
    too_slow: impl FnOnce() -> crate::Error,
) -> Result<Ran> {
    let errors = scratch.join("stderr");
    let stderr = File::create(&errors).at("creating", &errors)?;
    let program = PathBuf::from(command.get_program());
    let mut child = command
        .stdin(Stdio::null())
        .stdout(stdout.map_or_else(Stdio::null, Stdio::from))
        .stderr(stderr)
        .spawn()
        .at("starting", &program)?;
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait().at("waiting for", &program)? {
            break status;
        }
        if Instant::now() >= deadline {
            // Killing a process that just exited fails harmlessly; wait reaps it.
            let _ = child.kill();
            let _ = child.wait();
            return Err(too_slow());
        }
        thread::sleep(Duration::from_millis(10));
    };
    let mut said = String::new();
    let _ = File::open(&errors).and_then(|f| f.take(500).read_to_string(&mut said));
    Ok(Ran {
        status,
        said: said.trim().to_string(),
    })
}
