//! Budget: a full `check` of the filled sample report in under 20 µs.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::core::check;
use nianbao::store::load;

fn bench_check(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-gov2021.ron");
    let report = match load(&path) {
        Ok(r) => r,
        Err(e) => panic!("the sample must load: {e}"),
    };
    c.bench_function("check sample-gov2021", |b| {
        b.iter(|| check(black_box(&report)))
    });
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
