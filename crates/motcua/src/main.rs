//! The `motcua` command.

mod audit;
mod backup_cmd;
mod bench_cmd;
mod blobs_cmd;
mod calendar_cmd;
mod carrier_sim_cmd;
mod catalog_cmd;
mod config;
mod demo;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;
use motcua_demo::seed::{DemoOptions, DemoSummary};
use motcua_demo::DEMO_PASSWORD;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{redact, Store};

use crate::config::Settings;

/// Writes a line to standard output; a reader that went away (`motcua … | head`)
/// ends the program quietly instead of with a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            quit_on_closed_pipe(e);
        }
    }};
}

/// Like `say!` without the newline.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout(), $($arg)*) {
            quit_on_closed_pipe(e);
        }
    }};
}

fn quit_on_closed_pipe(e: std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("{e}");
}

/// motcua — the information system of Vietnam's Public Administration Service
/// Centers (Trung tâm Phục vụ hành chính công).
#[derive(Debug, Parser)]
#[command(name = "motcua", version, propagate_version = true)]
struct Cli {
    /// Where the SQLite database, files and motcua.toml live.
    #[arg(
        long,
        env = "MOTCUA_DATA_DIR",
        default_value = "motcua-data",
        global = true
    )]
    data_dir: PathBuf,
    /// A TOML configuration file (default: DATA_DIR/motcua.toml when present).
    #[arg(long, env = "MOTCUA_CONFIG", global = true)]
    config: Option<PathBuf>,
    /// Language of messages: vi (default) or en.
    #[arg(long, env = "MOTCUA_LANG", global = true)]
    lang: Option<Locale>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Args)]
struct Db {
    /// Database URL: sqlite:PATH (default: DATA_DIR/motcua.sqlite) or postgres://USER@HOST/DB.
    #[arg(long, env = "MOTCUA_DATABASE_URL")]
    database: Option<String>,
}

#[derive(Debug, Args)]
struct DemoArgs {
    /// Commune-level units (xã, phường), each with its center.
    #[arg(long = "centers", default_value_t = 103)]
    communes: usize,
    /// Working days of dossier history.
    #[arg(long, default_value_t = 60)]
    days: usize,
    /// Seed: the same seed and --until give the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Last day of the history (default: today).
    #[arg(long)]
    until: Option<Date>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (migrations are applied first).
    Serve {
        #[command(flatten)]
        db: Db,
        /// Address to listen on, e.g. 127.0.0.1:8080 (port 0 picks a free port).
        #[arg(long, env = "MOTCUA_LISTEN")]
        listen: Option<String>,
        /// Fill an empty database with the demo province first.
        #[arg(long)]
        demo: bool,
        /// Working days of history when --demo fills the database.
        #[arg(long, default_value_t = 40)]
        demo_days: usize,
        /// The address citizens reach motcua at, e.g. https://motcua.cantho.gov.vn
        /// (printed in QR codes; with https the session cookie is Secure).
        #[arg(long, env = "MOTCUA_PUBLIC_URL")]
        public_url: Option<String>,
        /// motcua runs behind a reverse proxy that appends the client's address
        /// to X-Forwarded-For (the limits on guessing then count that address).
        #[arg(long, env = "MOTCUA_TRUST_PROXY")]
        trust_proxy: bool,
    },
    /// Apply the database migrations.
    Migrate {
        #[command(flatten)]
        db: Db,
    },
    /// Fill an empty database with the demo province and its dossier history.
    Demo {
        #[command(flatten)]
        db: Db,
        #[command(flatten)]
        demo: DemoArgs,
    },
    /// The working calendar: holidays, lunar dates, deadlines.
    Calendar {
        #[command(subcommand)]
        command: calendar_cmd::CalendarCommand,
    },
    /// The files of scans under DATA_DIR/blobs.
    Blobs {
        #[command(subcommand)]
        command: BlobsCommand,
    },
    /// The daily figures the dashboards read.
    Rollups {
        #[command(subcommand)]
        command: RollupsCommand,
    },
    /// Measurements: the dashboards' queries on a synthetic province.
    Bench {
        #[command(subcommand)]
        command: bench_cmd::BenchCommand,
    },
    /// Check the record: event chains, stored states, and gapless dossier codes.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Copy the database to DEST while motcua keeps serving (SQLite: VACUUM INTO; PostgreSQL: pg_dump).
    Backup {
        /// The backup file to write (created 0600).
        dest: PathBuf,
        /// Replace DEST if it exists.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Restore a SQLite backup as the database, then audit it (stop the server first).
    Restore {
        /// A backup made by `motcua backup`.
        src: PathBuf,
        /// Replace an existing database (it is kept as NAME.before-restore-TIME).
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        db: Db,
    },
    /// Import data.
    Import {
        #[command(subcommand)]
        what: Transfer,
    },
    /// Export data.
    Export {
        #[command(subcommand)]
        what: Transfer,
    },
    /// Run a simulator of the postal carrier (orders for results sent by post),
    /// which calls motcua's tracking webhook, signed.
    CarrierSim {
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: std::net::SocketAddr,
        /// motcua's tracking webhook URL, called at each step of an order.
        #[arg(long)]
        webhook: Option<String>,
        /// The HMAC key the webhook calls are signed with (shared with motcua).
        #[arg(long, env = "MOTCUA_CARRIER_SECRET", hide_env_values = true)]
        secret: String,
        /// The API key callers must present (Authorization: Bearer KEY).
        #[arg(
            long,
            env = "MOTCUA_CARRIER_API_KEY",
            default_value = "sim",
            hide_env_values = true
        )]
        api_key: String,
        /// Move every order one step along every this many seconds (demo mode).
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
        auto_advance_secs: Option<u64>,
        /// The first delivery attempt of each order fails; the next succeeds.
        #[arg(long)]
        fail_first_attempt: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Verify every dossier's hash chain and the dossier codes; exits 1 at the first problem.
    Verify {
        #[command(flatten)]
        db: Db,
    },
}

#[derive(Debug, Subcommand)]
enum RollupsCommand {
    /// Count every dossier's figures again from its events (the rollups and
    /// the officers' figures), in one transaction.
    Rebuild {
        #[command(flatten)]
        db: Db,
    },
}

#[derive(Debug, Subcommand)]
enum BlobsCommand {
    /// Rehash every scan file and look for every file a record names; exits 1 naming the corrupt and missing ones.
    Verify {
        #[command(flatten)]
        db: Db,
    },
    /// Remove the scan files no record names (uploads whose record was refused).
    Gc {
        /// Only files older than this many hours (uploads being recorded keep theirs).
        #[arg(long, default_value_t = 24)]
        older_than_hours: u64,
        #[command(flatten)]
        db: Db,
    },
}

#[derive(Debug, Subcommand)]
enum Transfer {
    /// The catalog of fields and procedures, as CSV or JSON (chosen by the file's extension).
    Catalog {
        /// The file (`-` writes CSV to standard output on export).
        file: PathBuf,
        /// The declaration forms a CSV's `form` column names, as a JSON array
        /// (forms shipped with motcua need no file). On export, where to
        /// write the forms that are not shipped.
        #[arg(long, value_name = "FORMS.json")]
        forms: Option<PathBuf>,
        #[command(flatten)]
        db: Db,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let locale = cli.lang.unwrap_or_default();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(invalid) = e.downcast_ref::<catalog_cmd::InvalidFile>() {
                eprintln!("{}", invalid.report(locale));
                return ExitCode::from(2);
            }
            if let Some(lost) = e.downcast_ref::<catalog_cmd::FormsNotWritten>() {
                eprintln!("{}", lost.message().localize(locale));
                return ExitCode::from(2);
            }
            if let Some(refused) = e.downcast_ref::<backup_cmd::Refused>() {
                eprintln!("{}: {refused}", locale.t("cli-error"));
                return ExitCode::from(2);
            }
            if let Some(input) = e.downcast_ref::<calendar_cmd::InputError>() {
                eprintln!("{}: {input}", locale.t("cli-error"));
                return ExitCode::from(2);
            }
            eprintln!("{}: {e:#}", locale.t("cli-error"));
            ExitCode::FAILURE
        }
    }
}

async fn open(settings: &Settings) -> anyhow::Result<std::sync::Arc<dyn Store>> {
    let store = motcua_store::connect(&settings.database)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&settings.database)))?;
    store.migrate().await.context("applying migrations")?;
    Ok(store)
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = |db: Option<String>, listen: Option<String>| {
        Settings::resolve(&cli.data_dir, cli.config.as_deref(), db, listen, cli.lang)
    };
    match cli.command {
        Command::Serve {
            db,
            listen,
            demo,
            demo_days,
            public_url,
            trust_proxy,
        } => {
            let mut s = settings(db.database, listen)?.with_public_url(public_url)?;
            s.trust_proxy |= trust_proxy;
            let store = open(&s).await?;
            if demo && store.province().await?.is_none() {
                let opts = DemoOptions {
                    communes: 103,
                    days: demo_days,
                    seed: 1,
                    until: today(),
                    now: jiff::Timestamp::now(),
                };
                let summary = demo::seed(&*store, &opts).await?;
                eprintln!("{}", demo_message(&summary, s.locale));
            }
            serve(store, &s, demo, &cli.data_dir).await
        }
        Command::Calendar { command } => {
            let locale = cli.lang.unwrap_or_default();
            say_raw!("{}", calendar_cmd::run(command, &cli.data_dir, locale)?);
            Ok(())
        }
        Command::Bench { command } => {
            let locale = cli.lang.unwrap_or_default();
            bench_cmd::run(command, locale, &mut |line| say!("{line}")).await
        }
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            let r = audit::verify(&*store, s.locale).await?;
            say!("{}", r.summary(s.locale));
            Ok(())
        }
        Command::Rollups {
            command: RollupsCommand::Rebuild { db },
        } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            let started = std::time::Instant::now();
            let n = store.rebuild_rollups().await?;
            say!(
                "{}",
                s.locale.t_args(
                    "cli-rollups-rebuilt",
                    &[
                        ("n", (n as i64).into()),
                        (
                            "seconds",
                            format!("{:.1}", started.elapsed().as_secs_f64()).into()
                        ),
                    ],
                )
            );
            Ok(())
        }
        Command::Blobs {
            command: BlobsCommand::Verify { db },
        } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            say!(
                "{}",
                blobs_cmd::verify(&*store, &cli.data_dir, s.locale).await?
            );
            Ok(())
        }
        Command::Blobs {
            command:
                BlobsCommand::Gc {
                    older_than_hours,
                    db,
                },
        } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            say!(
                "{}",
                blobs_cmd::gc(&*store, &cli.data_dir, older_than_hours, s.locale).await?
            );
            Ok(())
        }
        Command::Backup { dest, force, db } => {
            let s = settings(db.database, None)?;
            say!(
                "{}",
                backup_cmd::backup(&s, &cli.data_dir, &dest, force).await?
            );
            Ok(())
        }
        Command::Restore { src, force, db } => {
            let s = settings(db.database, None)?;
            backup_cmd::restore(&s, &cli.data_dir, &src, force, &mut |line| say!("{line}")).await
        }
        Command::Migrate { db } => {
            let s = settings(db.database, None)?;
            open(&s).await?;
            say!(
                "{} {}",
                s.locale.t("cli-database-migrated"),
                redact(&s.database)
            );
            Ok(())
        }
        Command::Demo { db, demo: d } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            let opts = DemoOptions {
                communes: d.communes,
                days: d.days,
                seed: d.seed,
                until: d.until.unwrap_or_else(today),
                now: jiff::Timestamp::now(),
            };
            let summary = demo::seed(&*store, &opts).await?;
            say!("{}", demo_message(&summary, s.locale));
            Ok(())
        }
        Command::Import {
            what: Transfer::Catalog { file, forms, db },
        } => {
            let s = settings(db.database, None)?;
            // Read and check the files before touching the database.
            let catalog = catalog_cmd::read(&file, forms.as_deref())?;
            let store = open(&s).await?;
            let report = catalog_cmd::import(&*store, &catalog).await?;
            say!("{}", catalog_cmd::describe(&report, s.locale));
            Ok(())
        }
        Command::Export {
            what: Transfer::Catalog { file, forms, db },
        } => {
            let s = settings(db.database, None)?;
            let store = open(&s).await?;
            let n = catalog_cmd::export(&*store, &file, forms.as_deref()).await?;
            if file.as_os_str() != "-" {
                say!(
                    "{} {n} {} {}",
                    s.locale.t("cli-exported"),
                    s.locale.t("cli-procedures-to"),
                    file.display()
                );
            }
            Ok(())
        }
        Command::CarrierSim {
            listen,
            webhook,
            secret,
            api_key,
            auto_advance_secs,
            fail_first_attempt,
        } => {
            carrier_sim_cmd::run(carrier_sim_cmd::Options {
                listen,
                webhook,
                secret,
                api_key,
                auto_advance_secs,
                fail_first_attempt,
            })
            .await
        }
    }
}

fn today() -> Date {
    motcua_calendar::from_timestamp(jiff::Timestamp::now()).date()
}

fn demo_message(s: &DemoSummary, l: Locale) -> String {
    let mut out = Message::new("cli-demo-created")
        .with("units", s.org.units.len())
        .with("centers", s.org.centers.len())
        .with("people", s.org.people.len())
        .with("dossiers", s.dossiers)
        .with("seconds", format!("{:.1}", s.elapsed.as_secs_f64()))
        .localize(l);
    out += &format!("\n{} {DEMO_PASSWORD}):", l.t("cli-demo-logins-password"));
    for (role, user) in s.org.sample_logins() {
        out += &format!("\n  {user:<28} {}", role.label(l));
    }
    out
}

async fn serve(
    store: std::sync::Arc<dyn Store>,
    s: &Settings,
    demo: bool,
    data_dir: &std::path::Path,
) -> anyhow::Result<()> {
    let holidays = calendar_cmd::load_holidays(data_dir)?;
    let listener = tokio::net::TcpListener::bind(&s.listen)
        .await
        .with_context(|| format!("cannot listen on {}", s.listen))?;
    let addr = listener.local_addr()?;
    say!("{} http://{addr}", s.locale.t("cli-motcua-is-running-at"));
    say!(
        "{} {} ({})",
        s.locale.t("cli-database"),
        redact(&s.database),
        store.backend()
    );
    if demo {
        say!(
            "{} {DEMO_PASSWORD}",
            s.locale.t("cli-demo-data-password-of-every-demo-login")
        );
    }
    // The receipt's QR code must never follow a request's Host header: without
    // a configured public address it points at the address served here.
    let public_url = match &s.public_url {
        Some(u) => u.clone(),
        None => {
            let url = format!("http://{}", served_address(addr));
            say!(
                "{} {url} ({})",
                s.locale.t("cli-the-receipt-s-qr-code-points-to"),
                s.locale.t("cli-set-public-url-or-motcua-public-url-to-t")
            );
            url
        }
    };
    if demo {
        // The demo's first center has a ticket kiosk and a rating tablet
        // whose links come from the seed (`serve --demo` seeds with 1).
        use motcua_domain::queue::ticket::KioskKind;
        for (kind, key) in [
            (KioskKind::Tickets, "cli-demo-kiosk"),
            (KioskKind::Rating, "cli-demo-tablet"),
        ] {
            let secret = motcua_demo::demo_device_secret(1, 0, kind);
            let hash = motcua_web::auth::digest(&secret);
            if store.kiosk_by_token_hash(&hash).await?.is_some() {
                say!(
                    "{} {public_url}{}",
                    s.locale.t(key),
                    motcua_web::cases::queue::device_path(kind, &secret)
                );
            }
        }
    }
    let blobs_dir = data_dir.join("blobs");
    let blobs = motcua_blobs::FsBlobStore::open(&blobs_dir)
        .await
        .with_context(|| format!("cannot open the scans at {}", blobs_dir.display()))?;
    let state = motcua_web::AppState::new(store, holidays)
        .with_blobs(std::sync::Arc::new(blobs))
        .with_config(motcua_web::WebConfig {
            public_url: Some(public_url),
            trust_proxy: s.trust_proxy,
            scan_file_limit: s.scan_file_limit,
            scan_dossier_limit: s.scan_dossier_limit,
            // The demo only: MOTCUA_FORM_MIN_SECS shortens the public forms'
            // reading time (the browser tests type faster than people).
            form_min_secs: demo
                .then(|| std::env::var("MOTCUA_FORM_MIN_SECS").ok())
                .flatten()
                .and_then(|v| v.parse().ok()),
        });
    if motcua_web::cases::ocr::availability() != motcua_blobs::OcrAvailability::Ready {
        say!("{}", s.locale.t("cli-ocr-off"));
    }
    // Results by post: the configured carrier, or for the demo a simulated
    // one on loopback that moves each parcel on every 20 seconds (so the
    // real client and webhook run).
    let postage = motcua_domain::Vnd(
        s.postage
            .unwrap_or(motcua_web::cases::postal::DEFAULT_POSTAGE),
    );
    let mut simulator = None;
    let carrier = match (&s.carrier, demo) {
        (Some(c), _) => {
            say!("{} {}", s.locale.t("cli-carrier"), c.url);
            Some((c.url.clone(), c.api_key.clone(), c.secret.clone()))
        }
        (None, true) => {
            let key: [u8; 16] = rand::random();
            let secret: [u8; 32] = rand::random();
            let (key, secret) = (hex::encode(key), hex::encode(secret));
            let sim = motcua_postal::Simulator::start(
                tokio::net::TcpListener::bind("127.0.0.1:0").await?,
                motcua_postal::SimConfig {
                    api_key: key.clone(),
                    webhook: Some(format!(
                        "http://{}/api/v1/postal/webhook",
                        served_address(addr)
                    )),
                    secret: secret.clone().into_bytes(),
                    // MOTCUA_DEMO_CARRIER_SECS shortens the step (the browser tests).
                    auto_advance: Some(std::time::Duration::from_secs(
                        std::env::var("MOTCUA_DEMO_CARRIER_SECS")
                            .ok()
                            .and_then(|v| v.parse().ok())
                            .filter(|s| *s > 0)
                            .unwrap_or(20),
                    )),
                    fail_first_attempt: false,
                    now: None,
                },
            )
            .await;
            say!("{} {}", s.locale.t("cli-carrier-sim"), sim.base_url());
            let url = sim.base_url();
            simulator = Some(sim);
            Some((url, key, secret))
        }
        (None, false) => {
            say!("{}", s.locale.t("cli-carrier-off"));
            None
        }
    };
    // Notices to citizens: the configured mail server and SMS gateway, or
    // for the demo a simulated SMS gateway on loopback.
    let mut sms_sim = None;
    let mailer = match &s.smtp_url {
        Some(url) => Some(
            motcua_notify::Mailer::new(
                url,
                s.mail_from
                    .as_deref()
                    .unwrap_or("motcua <motcua@localhost>"),
            )
            .map_err(|e| anyhow::anyhow!("smtp_url: {e}"))?,
        ),
        None => None,
    };
    let sms = match (&s.sms_url, demo) {
        (Some(url), _) => Some(
            motcua_notify::SmsGateway::new(url, s.sms_api_key.as_deref().unwrap_or_default())
                .map_err(|e| anyhow::anyhow!("sms_url: {e}"))?,
        ),
        (None, true) => {
            let key = hex::encode(rand::random::<[u8; 16]>());
            let sim = motcua_notify::SmsSim::start(
                tokio::net::TcpListener::bind("127.0.0.1:0").await?,
                &key,
            )
            .await;
            let gateway = motcua_notify::SmsGateway::new(&sim.url(), &key)
                .map_err(|e| anyhow::anyhow!("sms: {e}"))?;
            sms_sim = Some(sim);
            Some(gateway)
        }
        (None, false) => None,
    };
    let state = state.with_messenger(motcua_web::cases::notify::Messenger { mailer, sms });
    let state = match carrier {
        Some((url, key, secret)) => state.with_carrier(motcua_web::cases::postal::Carrier {
            client: motcua_postal::CarrierClient::new(&url, &key)
                .map_err(|e| anyhow::anyhow!("{}: {e}", s.locale.t("cli-carrier")))?,
            webhook_secret: secret.into_bytes(),
            postage,
        }),
        None => state,
    };
    // Background work of the server: OCR of new scans, and the files of
    // uploads whose record was refused, collected after a day.
    let ocr = tokio::spawn(motcua_web::cases::ocr::work(
        state.clone(),
        std::time::Duration::from_secs(5),
    ));
    let gc = tokio::spawn(collect_blobs(state.clone()));
    let notices = tokio::spawn(motcua_web::cases::notify::work(state.clone()));
    let post = tokio::spawn(motcua_web::cases::postal::work(
        state.clone(),
        state.carrier_wake.clone(),
    ));
    let served = motcua_web::server::serve(
        listener,
        motcua_web::router(state),
        motcua_web::server::Limits::default(),
        shutdown(),
    )
    .await;
    ocr.abort();
    gc.abort();
    post.abort();
    notices.abort();
    if let Some(sim) = simulator {
        sim.shutdown().await;
    }
    if let Some(sim) = sms_sim {
        sim.shutdown().await;
    }
    served?;
    Ok(())
}

/// Every hour, removes the scans' files that no record names and that are
/// older than a day (a day of grace for uploads being recorded).
async fn collect_blobs(state: motcua_web::AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        let before = std::time::SystemTime::now() - std::time::Duration::from_secs(24 * 3600);
        match motcua_web::cases::scans::collect_garbage(&state, before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "unattached scan files collected"),
            Err(e) => tracing::warn!(error = %e, "collecting scan files"),
        }
    }
}

/// The address as a browser on this machine reaches it: a wildcard bind
/// (0.0.0.0, ::) is reached at localhost.
fn served_address(addr: std::net::SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
