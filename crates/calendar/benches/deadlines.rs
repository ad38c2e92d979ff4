//! Deadline computation throughput: appointments for receipts spread over
//! 2024–2027 at any hour, on the real Vietnamese calendar. Each iteration
//! computes one batch; throughput is reported per deadline.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use jiff::civil::{date, DateTime, Time};
use jiff::ToSpan;
use motcua_calendar::{Holidays, OfficeHours, TimeLimit};

const BATCH: usize = 4096;

fn receipts() -> Vec<DateTime> {
    // A fixed linear-congruential sequence: the same inputs every run.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..BATCH)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let day = (x >> 33) % (4 * 365);
            let second = (x >> 13) % 86_400;
            date(2024, 1, 1)
                .checked_add((day as i64).days())
                .unwrap()
                .to_datetime(Time::MIN)
                + (second as i64).seconds()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = Holidays::official().calendar(OfficeHours::default(), 2023..=2030);
    let inputs = receipts();
    let mut group = c.benchmark_group("deadline");
    group.throughput(Throughput::Elements(BATCH as u64));
    for (name, limit) in [
        ("3wd", TimeLimit::WorkingDays(3)),
        ("15wd", TimeLimit::WorkingDays(15)),
        ("8wh", TimeLimit::WorkingHours(8)),
        ("same-day", TimeLimit::SameDay),
        ("30d", TimeLimit::CalendarDays(30)),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                for r in &inputs {
                    black_box(cal.due(black_box(*r), limit));
                }
            })
        });
    }
    // The day-by-day reference, for scale.
    group.bench_function("3wd-walk", |b| {
        b.iter(|| {
            for r in &inputs {
                black_box(cal.walk(black_box(*r), 3 * 8 * 3600));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
