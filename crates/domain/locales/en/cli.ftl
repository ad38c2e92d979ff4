### The command line: `motcua` and its subcommands.

cli-error = Error
cli-database-migrated = Database migrated:
cli-exported = Exported
cli-procedures-to = procedures to
cli-demo-logins-password = Demo logins (password
cli-motcua-is-running-at = motcua is running at
cli-database = Database:
cli-demo-data-password-of-every-demo-login = Demo data; password of every demo login:
cli-the-receipt-s-qr-code-points-to = The receipt's QR code points to
cli-public-url-scheme = public_url { $url }: must start with https:// or http://
cli-set-public-url-or-motcua-public-url-to-t = set --public-url or MOTCUA_PUBLIC_URL to the address citizens reach
cli-there-is-no-database-at = there is no database at
cli-pg-dump-not-found-on-path-or-in-usr-lib = pg_dump not found (on PATH or in /usr/lib/postgresql/*/bin): install postgresql-client of the server's version
cli-cannot-open-the-database = cannot open the database
cli-cannot-create-a-file-next-to = cannot create a file next to
cli-the-backup-failed = the backup failed
cli-the-backup-just-written = the backup just written
cli-cannot-rename-the-backup-to = cannot rename the backup to
cli-motcua-restore-restores-into-sqlite-only = motcua restore restores into SQLite only; for PostgreSQL use pg_restore (see the README, Backup and restore)
cli-no-such-file = no such file:
cli-cannot-open = cannot open
cli-cannot-create = cannot create
cli-cannot-copy = cannot copy
cli-cannot-rename = cannot rename
cli-cannot-remove = cannot remove
cli-cannot-rename-the-copy-to = cannot rename the copy to

## motcua import catalog, audit verify, backup, restore, demo
cli-nothing-imported = Nothing imported: { $file } has { NUMBER($n, useGrouping: "false") } error(s).
cli-catalog-imported = Catalog imported: { NUMBER($fields, useGrouping: "false") } fields; { NUMBER($added, useGrouping: "false") } new procedures, { NUMBER($changed, useGrouping: "false") } with a new version, { NUMBER($unchanged, useGrouping: "false") } unchanged.
cli-audit-intact = Intact: { NUMBER($dossiers, useGrouping: "false") } dossiers, { NUMBER($events, useGrouping: "false") } events, { NUMBER($days, useGrouping: "false") } days of codes all check out.
# $reason is the domain's own words, in English.
cli-audit-broken-chain = broken event chain: dossier { $code }, event { NUMBER($seq, useGrouping: "false") }: { $reason }
cli-audit-state-mismatch = dossier { $code }: the stored state does not match its events
cli-audit-without-events = { NUMBER($n, useGrouping: "false") } dossier(s) without any event
cli-audit-code-days = dossier codes of { $agency } on { $day }: { NUMBER($issued, useGrouping: "false") } issued but { NUMBER($dossiers, useGrouping: "false") } dossiers found
cli-backup-exists = { $path } already exists; not overwriting it (add --force to replace it)
cli-backup-is-the-database = { $path } is the database itself
cli-backed-up = Backed up { $database } to { $path } ({ $size }, { $seconds } s).
cli-restore-source-in-use = { $path } has { $wal } next to it: it is a database in use, not a backup; make a backup with motcua backup
cli-restore-is-the-target = { $path } is the target database itself
cli-restore-target-in-use = { $path } is in use by a running motcua (motcua serve?): stop it before restoring
cli-restore-target-exists = { $path } already exists; not overwriting it (add --force to replace it; the old one is kept)
cli-demo-created = Demo province created: { NUMBER($units, useGrouping: "false") } communes/wards, { NUMBER($centers, useGrouping: "false") } centers, { NUMBER($people, useGrouping: "false") } staff, { NUMBER($dossiers, useGrouping: "false") } dossiers in { $seconds } s.
cli-restored = Restored { $path } to { $target } ({ $size }).
cli-restored-old-kept = Restored { $path } to { $target } ({ $size }); the old database is kept as { $kept }.
# What is wrong with a file given to restore; $detail is the library's words.
cli-file-unreadable = cannot be read: { $detail }
cli-file-not-sqlite = is not a SQLite database
cli-file-damaged = is damaged (integrity_check: { $detail })
cli-file-not-motcua = is not a motcua database (no migrations applied)
cli-file-unknown-migration = has migration { $version }, unknown to this motcua (a backup made by a newer release?)
cli-file-failed-migration = has migration { $version } that did not finish

## motcua calendar: what is wrong with a lunar date (domain/src/i18n/calendar.rs)
lunar-out-of-range = { $value } is outside the lunar calendar's range ({ NUMBER($first, useGrouping: "false") }–{ NUMBER($last, useGrouping: "false") })
lunar-no-such-leap-month = lunar year { NUMBER($year, useGrouping: "false") } has no leap month { $month }
lunar-no-such-day = lunar month { $month } has no day { $day }
lunar-no-such-month = lunar month must be 1–12, not { $month }
cli-ocr-off = Text recognition (OCR) is off: tesseract-ocr and tesseract-ocr-vie are not installed. Scans are still kept.
cli-blobs-verified = Checked { $files } scan files ({ $mb } MB); records name { $named } files.
cli-blob-corrupt = Corrupt file (its content does not match its name):
cli-blob-missing = Missing file named by a record:
cli-blobs-collected = Removed { $n } scan files that no record names.
cli-backed-up-scans = Scans: { $n } files in { $path } ({ $new } new).
cli-restored-scans = Restored { $n } scan files.
cli-carrier-incomplete = The postal carrier is half configured: carrier_url, carrier_api_key and carrier_secret are all needed (or MOTCUA_CARRIER_URL, MOTCUA_CARRIER_API_KEY, MOTCUA_CARRIER_SECRET).
cli-carrier = Postal carrier:
cli-carrier-sim = A simulated postal carrier (demo) runs at
cli-carrier-off = No postal carrier is configured: results sent by post are recorded and wait until one is.
cli-demo-kiosk = The first demo center's ticket kiosk:
cli-demo-tablet = That center's rating tablet at counter 1:
cli-rollups-rebuilt = Counted the figures of { $n } dossiers again from their events ({ $seconds } s).
cli-bench-reusing = Reusing the benchmark's data in { $dir } ({ $dossiers } dossiers, seed { $seed }).
cli-bench-generating = Generating { $dossiers } dossiers (seed { $seed }) into { $dir }…
cli-bench-generated = { $dossiers } dossiers counted into { $rows } rollup rows in { $seconds } s.
cli-bench-timing = Timing the queries on { $backend } ({ $runs } runs after 3 warm-ups)…
cli-bench-machine = Machine: { $cores } cores ({ $cpu }).
cli-bench-sizes = Data: { $dossiers } dossiers; { $rows } rollup rows; SQLite file { $sqlite } MiB; CSV for DuckDB { $csv } MiB.
cli-bench-pg-size = PostgreSQL daily_rollups with indexes { $pg } MiB.
cli-bench-duckdb = DuckDB { $version } ({ $threads } threads) loaded the CSV into an in-memory table in { $seconds } s (not timed in the table).
cli-bench-duckdb-missing = DuckDB is not available ({ $reason }); install it with: { $python } -m pip install duckdb
cli-bench-goal-met = Every query met the goal.
cli-bench-goal-missed = { $n } of { $total } queries missed the goal (this is a measurement: the command still succeeds).
