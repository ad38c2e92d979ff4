//! `motcua bench dashboards`: the dashboards' main queries timed on a
//! synthetic province (10 million dossiers by default) on SQLite, on
//! PostgreSQL when given, and beside DuckDB scanning the same dossiers' raw
//! facts with the equivalent GROUP BY. A measurement, not a test: it reports
//! whether the goal (≤ 5 ms on SQLite, ≥ 10× faster than DuckDB) was met and
//! succeeds either way.

mod data;
mod duck;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Instant;

use anyhow::Context;
use jiff::civil::{date, Date};
use motcua_domain::dossier::rollup::{RollupCounts, COUNT_NAMES};
use motcua_domain::ids::CenterId;
use motcua_domain::Locale;
use motcua_store::{redact, RollupGroup, RollupSum, Store};
use serde::{Deserialize, Serialize};

use data::{Province, Row};

/// Warm-up runs before the timed ones.
const WARMUPS: usize = 3;
/// The data's format: a change of the generator bumps it, so old data is
/// made again instead of reused.
const FORMAT: u32 = 1;

#[derive(Debug, clap::Subcommand)]
pub enum BenchCommand {
    /// Time the dashboards' main queries on a synthetic province.
    ///
    /// The province: 100 centers (ids 1..=100, busier toward 1), 100
    /// procedures (BENCH-001.., busier toward 001), the days 2023-01-01 to
    /// 2025-12-31 (weekdays busy, Saturdays a quarter, Sundays almost none,
    /// growing a third over the years), and DOSSIERS dossiers drawn with a
    /// seeded generator. Each dossier's facts (channel, refused, finished
    /// early / on time / late or still pending, supplemented, digitized,
    /// electronic result, reuse, returned and by post, seconds to settle)
    /// are counted into the daily rollups by the rollup rule's sums and
    /// inserted into a real motcua database (DIR/bench.sqlite, migrated by
    /// motcua; and the PostgreSQL database given), and written one line per
    /// dossier to DIR/dossiers.csv. No dossier, event or person is stored:
    /// the dashboards read the rollups only. Data whose manifest (seed,
    /// size, figures) matches is reused.
    ///
    /// Timed, each through motcua's own dashboard query (median and p95 of
    /// RUNS after 3 warm-ups): (a) the province's total for October 2025,
    /// (b) its trend by day for that month, (c) the ranking by center for
    /// that month, (d) center 1's total for that month, (e) the province's
    /// total for 2025, (f) the sums by procedure for Q3 2025. DuckDB (the
    /// PyPI package, in the venv at ~/.cache/motcua/venv or --python) loads
    /// the CSV once into an in-memory table and times the equivalent GROUP BY
    /// over the raw dossiers; only the queries are timed. The figures of
    /// every engine are compared.
    Dashboards(DashboardsArgs),
}

#[derive(Debug, clap::Args)]
pub struct DashboardsArgs {
    /// How many dossiers the province received over the three years.
    #[arg(long, default_value_t = 10_000_000)]
    dossiers: u64,
    /// Where the data goes (default: $XDG_CACHE_HOME/motcua/bench or ~/.cache/motcua/bench).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// A PostgreSQL database to fill and time too (its rollups are replaced).
    #[arg(long, env = "MOTCUA_BENCH_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// Timed runs of each query.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    runs: u64,
    /// Seed of the generator: the same seed and size give the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The python with the duckdb package (default: the venv's).
    #[arg(long)]
    python: Option<PathBuf>,
}

pub fn cache_dir() -> PathBuf {
    match std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        Some(d) => PathBuf::from(d).join("motcua"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_else(|| ".".into()))
            .join(".cache")
            .join("motcua"),
    }
}

/// What the data directory holds, so that a run with the same seed and size
/// reuses it: the figures every store must sum to, and the CSV's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    seed: u64,
    dossiers: u64,
    rows: u64,
    csv_bytes: u64,
    /// The sum of every rollup, in the order of the counts' names.
    totals: Vec<i64>,
}

struct Query {
    id: &'static str,
    label: &'static str,
    centers: Option<Vec<CenterId>>,
    from: Date,
    to: Date,
    group: RollupGroup,
}

fn queries() -> Vec<Query> {
    let month = (date(2025, 10, 1), date(2025, 10, 31));
    let q = |id, label, centers, (from, to), group| Query {
        id,
        label,
        centers,
        from,
        to,
        group,
    };
    vec![
        q(
            "a",
            "(a) province total, month / tổng tỉnh, tháng",
            None,
            month,
            RollupGroup::Total,
        ),
        q(
            "b",
            "(b) province by day, month / theo ngày, tháng",
            None,
            month,
            RollupGroup::Day,
        ),
        q(
            "c",
            "(c) ranking by center, month / xếp hạng trung tâm, tháng",
            None,
            month,
            RollupGroup::Center,
        ),
        q(
            "d",
            "(d) one center's total, month / một trung tâm, tháng",
            Some(vec![CenterId(1)]),
            month,
            RollupGroup::Total,
        ),
        q(
            "e",
            "(e) province total, year / tổng tỉnh, năm",
            None,
            (date(2025, 1, 1), date(2025, 12, 31)),
            RollupGroup::Total,
        ),
        q(
            "f",
            "(f) by procedure, quarter / theo thủ tục, quý",
            None,
            (date(2025, 7, 1), date(2025, 9, 30)),
            RollupGroup::Procedure,
        ),
    ]
}

impl Query {
    fn duck(&self) -> duck::DuckQuery {
        let key = match self.group {
            RollupGroup::Total => None,
            RollupGroup::Day => Some("received_day"),
            RollupGroup::Center => Some("center_id"),
            RollupGroup::Procedure => Some("procedure_code"),
        };
        let center = self.centers.as_ref().and_then(|c| c.first()).map(|c| c.0);
        duck::DuckQuery {
            id: self.id,
            sql: duck::sql(key, &self.from.to_string(), &self.to.to_string(), center),
            skip: usize::from(key.is_some()),
        }
    }
}

/// One engine's times of a query and what it answered (rows, dossiers
/// received, seconds to settle), to compare the engines' figures.
#[derive(Debug, Clone)]
struct Timing {
    ms: Vec<f64>,
    figures: (usize, i64, i64),
}

impl Timing {
    fn median(&self) -> f64 {
        percentile(&self.ms, 50.0)
    }
    fn p95(&self) -> f64 {
        percentile(&self.ms, 95.0)
    }
}

/// The nearest-rank percentile.
fn percentile(ms: &[f64], p: f64) -> f64 {
    let mut v = ms.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn figures_of(sums: &[RollupSum]) -> (usize, i64, i64) {
    (
        sums.len(),
        sums.iter().map(|s| s.counts.received).sum(),
        sums.iter().map(|s| s.counts.settle_seconds).sum(),
    )
}

async fn time_store(store: &dyn Store, qs: &[Query], runs: usize) -> anyhow::Result<Vec<Timing>> {
    let mut out = Vec::new();
    for q in qs {
        let call = || store.rollup_sums(q.centers.as_deref(), q.from, q.to, q.group);
        for _ in 0..WARMUPS {
            call().await?;
        }
        let mut ms = Vec::with_capacity(runs);
        let mut last = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            last = call().await?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        out.push(Timing {
            ms,
            figures: figures_of(&last),
        });
    }
    Ok(out)
}

/// The rollups' columns in an insert: the key, then the counts.
fn insert_head() -> String {
    format!(
        "INSERT INTO daily_rollups (center_id, procedure_code, day, {}) ",
        COUNT_NAMES.join(", ")
    )
}

macro_rules! insert_rows {
    ($name:ident, $db:ty, $per:expr) => {
        /// Inserts the rows in one transaction, many rows a statement.
        async fn $name(pool: &sqlx::Pool<$db>, rows: &[Row]) -> anyhow::Result<()> {
            let mut tx = pool.begin().await?;
            for chunk in rows.chunks($per) {
                let mut b = sqlx::QueryBuilder::<$db>::new(insert_head());
                b.push_values(chunk, |mut r, (center, procedure, day, counts)| {
                    r.push_bind(*center).push_bind(procedure).push_bind(day);
                    for v in counts.values() {
                        r.push_bind(v);
                    }
                });
                b.build().execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(())
        }
    };
}

// 19 values a row: SQLite binds at most 32 766 a statement, PostgreSQL 65 535.
insert_rows!(insert_sqlite, sqlx::Sqlite, 1_000);
insert_rows!(insert_pg, sqlx::Postgres, 3_000);

/// The sum of every rollup a store holds.
async fn store_totals(store: &dyn Store) -> anyhow::Result<RollupCounts> {
    let sums = store
        .rollup_sums(None, data::FIRST_DAY, data::LAST_DAY, RollupGroup::Total)
        .await?;
    Ok(sums
        .into_iter()
        .next()
        .map(|s| s.counts)
        .unwrap_or_default())
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

pub async fn run(
    BenchCommand::Dashboards(a): BenchCommand,
    l: Locale,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<()> {
    let dir = a.dir.clone().unwrap_or_else(|| cache_dir().join("bench"));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let sqlite_path = dir.join("bench.sqlite");
    let csv_path = dir.join("dossiers.csv");
    let manifest_path = dir.join("manifest.json");
    let sqlite_url = format!("sqlite:{}", sqlite_path.display());
    let runs = a.runs as usize;

    let sqlite = motcua_store::connect(&sqlite_url).await?;
    sqlite.migrate().await.context("applying migrations")?;
    let sqlite_pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::from_str(&sqlite_url)?
            // Data made again if lost: no need to wait for the disk.
            .synchronous(sqlx::sqlite::SqliteSynchronous::Off),
    )
    .await?;
    let pg = match &a.postgres_url {
        Some(url) => {
            let store = motcua_store::connect(url)
                .await
                .with_context(|| format!("cannot open the database {}", redact(url)))?;
            store.migrate().await.context("applying migrations")?;
            Some((store, sqlx::PgPool::connect(url).await?))
        }
        None => None,
    };

    // What can be reused: a store summing to the manifest's figures, a CSV
    // of its size.
    let manifest: Option<Manifest> = std::fs::read(&manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .filter(|m: &Manifest| m.format == FORMAT && m.seed == a.seed && m.dossiers == a.dossiers);
    let expected = manifest
        .as_ref()
        .map(|m| RollupCounts::from_values(&m.totals));
    let sqlite_ok =
        expected.is_some() && store_totals(&*sqlite).await?.eq(expected.as_ref().unwrap());
    let pg_ok = match (&pg, &expected) {
        (Some((store, _)), Some(e)) => store_totals(&**store).await? == *e,
        (None, _) => true,
        (Some(_), None) => false,
    };
    let csv_ok = manifest
        .as_ref()
        .is_some_and(|m| file_size(&csv_path) == m.csv_bytes && m.csv_bytes > 0);

    let args = |extra: &[(&'static str, motcua_domain::i18n::Arg)]| {
        let mut v: Vec<(&'static str, motcua_domain::i18n::Arg)> = vec![
            ("dossiers", a.dossiers.into()),
            ("seed", a.seed.into()),
            ("dir", dir.display().to_string().into()),
        ];
        v.extend(extra.iter().cloned());
        v
    };
    let manifest = if sqlite_ok && pg_ok && csv_ok {
        say(&l.t_args("cli-bench-reusing", &args(&[])));
        manifest.expect("checked")
    } else {
        say(&l.t_args("cli-bench-generating", &args(&[])));
        let started = Instant::now();
        if !sqlite_ok {
            sqlx::query("DELETE FROM daily_rollups")
                .execute(&sqlite_pool)
                .await?;
        }
        if let (false, Some((_, pool))) = (pg_ok, &pg) {
            sqlx::query("TRUNCATE daily_rollups").execute(pool).await?;
        }
        let mut csv = if csv_ok {
            None
        } else {
            let mut w = std::io::BufWriter::with_capacity(
                1 << 20,
                std::fs::File::create(&csv_path)
                    .with_context(|| format!("cannot create {}", csv_path.display()))?,
            );
            use std::io::Write as _;
            writeln!(w, "{}", data::CSV_HEADER)?;
            Some(w)
        };
        let province = Province::new(a.seed, a.dossiers);
        let pb = crate::demo::progress_bar(province.days() as u64, "ngày / days");
        let mut totals = RollupCounts::default();
        let (mut rows, mut buffer) = (0u64, Vec::new());
        for i in 0..province.days() {
            let day = province.day_text(i);
            let day_rows = province.day(i, |f| match &mut csv {
                Some(w) => f.write_csv(w, &day),
                None => Ok(()),
            })?;
            for r in &day_rows {
                totals += &r.3;
            }
            rows += day_rows.len() as u64;
            buffer.extend(day_rows);
            if buffer.len() >= 50_000 || i + 1 == province.days() {
                let lite = async {
                    if sqlite_ok {
                        Ok(())
                    } else {
                        insert_sqlite(&sqlite_pool, &buffer).await
                    }
                };
                let post = async {
                    match (&pg, pg_ok) {
                        (Some((_, pool)), false) => insert_pg(pool, &buffer).await,
                        _ => Ok(()),
                    }
                };
                let (x, y) = tokio::join!(lite, post);
                x?;
                y?;
                buffer.clear();
            }
            pb.set_position(i as u64 + 1);
        }
        pb.finish_and_clear();
        if let Some(w) = csv.take() {
            w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        }
        // The coarser rollups motcua keeps beside the daily ones, summed
        // from them as motcua's migration 0023 does.
        if !sqlite_ok {
            for sql in level_fill_sql() {
                sqlx::query(&sql).execute(&sqlite_pool).await?;
            }
        }
        if let (false, Some((_, pool))) = (pg_ok, &pg) {
            for sql in level_fill_sql() {
                sqlx::query(&sql).execute(pool).await?;
            }
        }
        sqlx::query("ANALYZE").execute(&sqlite_pool).await?;
        if let Some((_, pool)) = &pg {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        let m = Manifest {
            format: FORMAT,
            seed: a.seed,
            dossiers: a.dossiers,
            rows,
            csv_bytes: file_size(&csv_path),
            totals: totals.values(),
        };
        std::fs::write(&manifest_path, serde_json::to_vec_pretty(&m)?)?;
        say(&l.t_args(
            "cli-bench-generated",
            &args(&[
                ("rows", rows.into()),
                (
                    "seconds",
                    format!("{:.1}", started.elapsed().as_secs_f64()).into(),
                ),
            ]),
        ));
        m
    };

    let qs = queries();
    say(&l.t_args(
        "cli-bench-timing",
        &[("backend", "SQLite".into()), ("runs", runs.into())],
    ));
    let lite = time_store(&*sqlite, &qs, runs).await?;
    let post = match &pg {
        Some((store, _)) => {
            say(&l.t_args(
                "cli-bench-timing",
                &[("backend", "PostgreSQL".into()), ("runs", runs.into())],
            ));
            Some(time_store(&**store, &qs, runs).await?)
        }
        None => None,
    };
    say(&l.t_args(
        "cli-bench-timing",
        &[("backend", "DuckDB".into()), ("runs", runs.into())],
    ));
    let python = a.python.clone().unwrap_or_else(duck::default_python);
    let duck_queries: Vec<_> = qs.iter().map(Query::duck).collect();
    let duck = duck::run(&python, &csv_path, &duck_queries, WARMUPS, runs);
    let duck_timings: Option<Vec<Timing>> = duck.as_ref().ok().map(|d| {
        qs.iter()
            .map(|q| {
                let r = &d.queries[q.id];
                Timing {
                    ms: r.ms.clone(),
                    figures: (r.rows, r.received, r.settle_seconds),
                }
            })
            .collect()
    });

    // The table.
    let mut t = String::new();
    t += "| Query / Truy vấn | SQLite median ms (p95) | PostgreSQL median ms (p95) | DuckDB median ms (p95) | DuckDB ÷ SQLite | Goal / Mục tiêu (≤ 5 ms, ≥ 10×) | Same figures / Khớp số liệu |\n";
    t += "|---|---:|---:|---:|---:|---|---|\n";
    let mut missed = 0;
    for (i, q) in qs.iter().enumerate() {
        let cell = |x: Option<&Timing>| match x {
            Some(x) => format!("{} ({})", ms(x.median()), ms(x.p95())),
            None => "n/a".to_string(),
        };
        let p = post.as_ref().map(|p| &p[i]);
        let d = duck_timings.as_ref().map(|d| &d[i]);
        let fast = lite[i].median() <= 5.0;
        let ratio = d.map(|d| d.median() / lite[i].median());
        let goal = match ratio {
            Some(r) if fast && r >= 10.0 => "yes / đạt".to_string(),
            Some(_) => {
                missed += 1;
                "**no / chưa đạt**".to_string()
            }
            None if fast => "≤ 5 ms yes; 10× unknown".to_string(),
            None => {
                missed += 1;
                "**no / chưa đạt**".to_string()
            }
        };
        let same = [p, d]
            .into_iter()
            .flatten()
            .all(|o| o.figures == lite[i].figures);
        t += &format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            q.label,
            cell(Some(&lite[i])),
            cell(p),
            match (&duck, d) {
                (_, Some(d)) => cell(Some(d)),
                (Err(_), _) | (Ok(_), None) => "not available / không có".to_string(),
            },
            ratio
                .map(|r| format!("{r:.1}×"))
                .unwrap_or_else(|| "—".into()),
            goal,
            if same { "✓" } else { "**✗**" },
        );
    }
    say("");
    say(&t);

    // The machine and the data.
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    say(&l.t_args(
        "cli-bench-machine",
        &[("cores", cores.into()), ("cpu", cpu.into())],
    ));
    let sqlite_bytes = file_size(&sqlite_path) + file_size(&dir.join("bench.sqlite-wal"));
    let mut sizes = l.t_args(
        "cli-bench-sizes",
        &[
            ("dossiers", manifest.dossiers.into()),
            ("rows", manifest.rows.into()),
            ("sqlite", mib(sqlite_bytes).into()),
            ("csv", mib(file_size(&csv_path)).into()),
        ],
    );
    if let Some((_, pool)) = &pg {
        let bytes: i64 = sqlx::query_scalar("SELECT pg_total_relation_size('daily_rollups')")
            .fetch_one(pool)
            .await?;
        sizes += " ";
        sizes += &l.t_args("cli-bench-pg-size", &[("pg", mib(bytes as u64).into())]);
    }
    say(&sizes);
    match &duck {
        Ok(d) => say(&l.t_args(
            "cli-bench-duckdb",
            &[
                ("version", d.version.clone().into()),
                ("threads", d.threads.to_string().into()),
                ("seconds", format!("{:.1}", d.load_seconds).into()),
            ],
        )),
        Err(reason) => say(&l.t_args(
            "cli-bench-duckdb-missing",
            &[
                ("reason", reason.clone().into()),
                ("python", python.display().to_string().into()),
            ],
        )),
    }
    if missed == 0 {
        say(l.t("cli-bench-goal-met"));
    } else {
        say(&l.t_args(
            "cli-bench-goal-missed",
            &[("n", missed.into()), ("total", qs.len().into())],
        ));
    }
    sqlite_pool.close().await;
    Ok(())
}

/// The statements that refill the coarser rollups (center × day, center ×
/// month, center × procedure × month) from `daily_rollups`.
fn level_fill_sql() -> Vec<String> {
    let names = motcua_domain::dossier::rollup::COUNT_NAMES.join(", ");
    let sums = motcua_domain::dossier::rollup::COUNT_NAMES
        .iter()
        .map(|c| format!("SUM({c})"))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        "DELETE FROM center_day_rollups".into(),
        "DELETE FROM center_month_rollups".into(),
        "DELETE FROM procedure_month_rollups".into(),
        format!("INSERT INTO center_day_rollups (center_id, day, {names}) SELECT center_id, day, {sums} FROM daily_rollups GROUP BY center_id, day"),
        format!("INSERT INTO center_month_rollups (center_id, month, {names}) SELECT center_id, substr(day, 1, 7), {sums} FROM daily_rollups GROUP BY center_id, substr(day, 1, 7)"),
        format!("INSERT INTO procedure_month_rollups (center_id, procedure_code, month, {names}) SELECT center_id, procedure_code, substr(day, 1, 7), {sums} FROM daily_rollups GROUP BY center_id, procedure_code, substr(day, 1, 7)"),
    ]
}
