//! What the benchmarks share.

use std::time::{Duration, Instant};

/// Runs `f` until `budget` is spent (at least `min_runs` times); returns the
/// median run time.
pub fn median_time(min_runs: usize, budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}
