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

## motcua calendar: what is wrong with a lunar date (domain/src/i18n/calendar.rs)
lunar-out-of-range = { $value } is outside the lunar calendar's range ({ NUMBER($first, useGrouping: "false") }–{ NUMBER($last, useGrouping: "false") })
lunar-no-such-leap-month = lunar year { NUMBER($year, useGrouping: "false") } has no leap month { $month }
lunar-no-such-day = lunar month { $month } has no day { $day }
lunar-no-such-month = lunar month must be 1–12, not { $month }
