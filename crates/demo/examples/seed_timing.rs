//! Temporary: times the demo seeding into a fresh SQLite file.
use motcua_demo::seed::{seed, DemoOptions, Progress};

struct Quiet;
impl Progress for Quiet {
    fn begin(&self, _: u64) {}
    fn day(&self, _: u64, _: u64) {}
    fn end(&self) {}
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().unwrap())
        .collect();
    let (communes, days) = (
        args.first().copied().unwrap_or(103),
        args.get(1).copied().unwrap_or(40),
    );
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("demo.sqlite").display());
    let store = motcua_store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let opts = DemoOptions {
        communes,
        days,
        seed: 1,
        until: jiff::civil::date(2026, 11, 25),
        now: "2026-11-25T03:00:00Z".parse().unwrap(),
    };
    let t = std::time::Instant::now();
    let s = seed(&*store, &opts, &Quiet).await.unwrap();
    println!(
        "communes={communes} days={days} dossiers={} seed={:.2?}",
        s.dossiers,
        t.elapsed()
    );
}
