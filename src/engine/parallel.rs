//! Household-parallel evaluation in fixed chunks (the results do not
//! depend on the number of threads).

use rayon::prelude::*;

use super::progress::Progress;

/// Progress is reported per chunk of this many households.
pub(crate) const CHUNK: usize = 1 << 14;

/// Evaluate `f` for every household index in parallel, preserving order.
pub(crate) fn per_household<T, F>(n: usize, stage: &str, progress: &dyn Progress, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    progress.start(stage, n as u64);
    let chunks: Vec<Vec<T>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let range = c * CHUNK..((c + 1) * CHUNK).min(n);
            let len = range.len();
            let v: Vec<T> = range.map(&f).collect();
            progress.inc(len as u64);
            v
        })
        .collect();
    progress.finish();
    let mut out = Vec::with_capacity(n);
    for c in chunks {
        out.extend(c);
    }
    out
}
