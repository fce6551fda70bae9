//! What the benchmarks share.
//!
//! The machines these run on are shared virtual machines whose speed
//! varies up to twice from one moment to the next (a fixed loop takes
//! 345-642 ms), so a measurement prints its median and its fastest run:
//! the median is what a run meets, the fastest the code's own cost with
//! the least interference.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The run times of one measurement.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub median: Duration,
    pub fastest: Duration,
}

impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.2} ms (median), {:.2} ms (fastest)",
            self.median.as_secs_f64() * 1e3,
            self.fastest.as_secs_f64() * 1e3
        )
    }
}

/// Runs `f` until `budget` is spent (at least `min_runs` times).
pub fn timing(min_runs: usize, budget: Duration, mut f: impl FnMut()) -> Timing {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    Timing {
        median: times[times.len() / 2],
        fastest: times[0],
    }
}

/// [`timing`]'s median run time.
#[allow(dead_code)] // Not every benchmark uses it.
pub fn median_time(min_runs: usize, budget: Duration, f: impl FnMut()) -> Duration {
    timing(min_runs, budget, f).median
}

/// The BuildKit parser corpus's Dockerfiles, concatenated (from
/// `$STAGECRAFT_CORPORA`, else `../shared/corpora`); None when it is missing.
#[allow(dead_code)] // The build benchmark does not read it.
pub fn corpus_text() -> Option<String> {
    let dir = std::env::var_os("STAGECRAFT_CORPORA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("buildkit-parser/testfiles"))
        .ok()?
        .flatten()
        .map(|e| e.path().join("Dockerfile"))
        .collect();
    files.sort();
    let mut text = String::new();
    for file in files {
        text.push_str(&String::from_utf8_lossy(&std::fs::read(file).ok()?));
        text.push('\n');
    }
    Some(text)
}
