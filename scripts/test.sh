#!/usr/bin/env bash
# Runs every motcua test: formatting, lints, unit and property tests, the storage
# conformance suite on SQLite *and* PostgreSQL, the black-box tests of the binary,
# the browser tests in headless Chromium, and a short fuzzing of the JSON API
# from its OpenAPI document (schemathesis). On a fresh Debian machine it
# installs what it needs (PostgreSQL, poppler-utils, zbar-tools, Tesseract with its
# Vietnamese model, Chromium and its driver,
# fonts, python3-venv, schemathesis from PyPI in a cached venv) and starts a
# throwaway PostgreSQL cluster on a free port, removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

# --- packages -----------------------------------------------------------------
need=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || need+=(postgresql)
command -v python3 >/dev/null || need+=(python3)
# Debian's python3 needs this package for `python3 -m venv` (ensurepip).
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
command -v pdftotext >/dev/null || need+=(poppler-utils)
# zbarimg reads the receipt's QR code back from the printed page.
command -v zbarimg >/dev/null || need+=(zbar-tools)
# OCR of scans: Tesseract and its Vietnamese model.
command -v tesseract >/dev/null || need+=(tesseract-ocr)
dpkg -s tesseract-ocr-vie >/dev/null 2>&1 || need+=(tesseract-ocr-vie)
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages ${need[*]}: run as root or install them first" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

# --- schemathesis, for the API fuzzing test (crates/motcua/tests/fuzz.rs) ------
# Debian's pip refuses to install system-wide, so it lives in a venv, made once.
venv="${XDG_CACHE_HOME:-$HOME/.cache}/motcua/venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
  say "installing schemathesis in $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis>=4,<5'
fi
# aiosmtpd, for the SMTP sink of crates/notify/tests/smtp.rs, in the same venv.
if ! "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
  say "installing aiosmtpd in $venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'aiosmtpd>=1.4,<2'
fi
export MOTCUA_SCHEMATHESIS="$venv/bin/schemathesis"
export MOTCUA_REQUIRE_FUZZ=1
export MOTCUA_PYTHON="$venv/bin/python"
export MOTCUA_REQUIRE_SMTP=1

# --- throwaway PostgreSQL -------------------------------------------------------
pg_dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
stop_pg() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
say "starting PostgreSQL ($("$pg_bin/postgres" --version)) on 127.0.0.1:$port"
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U motcua -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export MOTCUA_TEST_POSTGRES_URL="postgres://motcua@127.0.0.1:$port/postgres"
export MOTCUA_REQUIRE_POSTGRES=1
export MOTCUA_REQUIRE_BROWSER=1
export MOTCUA_REQUIRE_OCR=1

# --- checks and tests ------------------------------------------------------------
# One clean build: incremental caches would only double the target directory.
export CARGO_INCREMENTAL=0
say "free disk: $(df -h --output=avail . | tail -n 1 | tr -d ' ')"
say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "tests (SQLite and PostgreSQL)"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
  cargo test --workspace --locked --doc
else
  cargo test --workspace --locked --no-fail-fast
fi
echo "conformance suite ran on SQLite and on PostgreSQL at 127.0.0.1:$port"
