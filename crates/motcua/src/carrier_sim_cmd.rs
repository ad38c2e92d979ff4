//! `motcua carrier-sim`: the postal carrier's simulator as a service of its own,
//! for the demo and for trying motcua's delivery by post without the real carrier.

use std::io::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use motcua_postal::{SimConfig, Simulator};

/// What `motcua carrier-sim` was asked for.
pub struct Options {
    pub listen: SocketAddr,
    pub webhook: Option<String>,
    pub secret: String,
    pub api_key: String,
    pub auto_advance_secs: Option<u64>,
    pub fail_first_attempt: bool,
}

/// Listens, prints the address on standard output, and serves until ctrl-c
/// or SIGTERM.
pub async fn run(o: Options) -> anyhow::Result<()> {
    anyhow::ensure!(
        !o.secret.is_empty(),
        "the webhook's secret (--secret, MOTCUA_CARRIER_SECRET) cannot be empty"
    );
    let listener = tokio::net::TcpListener::bind(o.listen)
        .await
        .with_context(|| format!("cannot listen on {}", o.listen))?;
    let addr = listener.local_addr()?;
    let sim = Simulator::start(
        listener,
        SimConfig {
            api_key: o.api_key,
            webhook: o.webhook,
            secret: o.secret.into_bytes(),
            auto_advance: o.auto_advance_secs.map(Duration::from_secs),
            fail_first_attempt: o.fail_first_attempt,
            now: None,
        },
    )
    .await;
    // The address alone on its line, as `motcua serve` prints its own: scripts
    // and tests read it (port 0 picks a free port).
    let printed = writeln!(std::io::stdout(), "http://{}", crate::served_address(addr));
    if let Err(e) = printed {
        crate::quit_on_closed_pipe(e);
    }
    tracing::info!(address = %addr, "carrier simulator started");
    crate::shutdown().await;
    sim.shutdown().await;
    Ok(())
}
