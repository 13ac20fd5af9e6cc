//! Household-parallel evaluation in fixed chunks (the results do not
//! depend on the number of threads).

use rayon::prelude::*;

use super::progress::Progress;
use crate::index::SpatialOrder;

/// Progress is reported per chunk of this many households.
pub(crate) const CHUNK: usize = 1 << 14;

/// Evaluate `f` for every household index in parallel, preserving order.
/// Each result is written straight into its place in the output (no
/// per-chunk buffers to concatenate: at 30 million households those would
/// double the memory of every column).
pub(crate) fn per_household<T, F>(n: usize, stage: &str, progress: &dyn Progress, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    progress.start(stage, n as u64);
    let mut out = Vec::with_capacity(n);
    (0..n)
        .into_par_iter()
        .with_min_len(CHUNK)
        .map(|i| {
            // One report per full chunk, and the remainder with the last
            // household: the total is n whatever the thread count.
            if i % CHUNK == CHUNK - 1 {
                progress.inc(CHUNK as u64);
            } else if i == n - 1 {
                progress.inc((n % CHUNK) as u64);
            }
            f(i)
        })
        .collect_into_vec(&mut out);
    progress.finish();
    out
}

/// `f` of every household's `[lon, lat]`, in input order: evaluated in
/// the spatial `order` when there is one (then put back in input order),
/// else in input order over the columns `lon` and `lat`.
pub(crate) fn per_point<T, F>(
    lon: &[f64],
    lat: &[f64],
    order: Option<&SpatialOrder>,
    stage: &str,
    progress: &dyn Progress,
    f: F,
) -> Vec<T>
where
    T: Copy + Send + Sync,
    F: Fn([f64; 2]) -> T + Sync,
{
    match order {
        Some(o) if o.is_of(lon, lat) => {
            let pts = o.lon_lat();
            let sorted = per_household(pts.len(), stage, progress, |k| f(pts[k]));
            o.to_input_order(&sorted)
        }
        _ => per_household(lon.len(), stage, progress, |i| f([lon[i], lat[i]])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    struct Count(AtomicU64);
    impl Progress for Count {
        fn start(&self, _stage: &str, _total: u64) {}
        fn inc(&self, n: u64) {
            self.0.fetch_add(n, Ordering::Relaxed);
        }
        fn finish(&self) {}
    }

    #[test]
    fn in_order_and_progress_adds_up() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17] {
            let p = Count(AtomicU64::new(0));
            let v = per_household(n, "t", &p, |i| i * 3);
            assert_eq!(v, (0..n).map(|i| i * 3).collect::<Vec<_>>());
            assert_eq!(p.0.load(Ordering::Relaxed), n as u64, "n = {n}");
        }
    }

    #[test]
    fn per_point_is_in_input_order_with_or_without_an_order() {
        let mut lcg = crate::test_rng::Lcg(3);
        let n = 3 * CHUNK + 5;
        let lon: Vec<f64> = (0..n).map(|_| 104.0 + lcg.unit()).collect();
        let lat: Vec<f64> = (0..n).map(|_| 9.0 + lcg.unit()).collect();
        let f = |p: [f64; 2]| (p[0] * 1e3) as i64 * 7 + (p[1] * 1e3) as i64;
        let want: Vec<i64> = (0..n).map(|i| f([lon[i], lat[i]])).collect();
        let order = SpatialOrder::new(&lon, &lat).unwrap();
        let p = Count(AtomicU64::new(0));
        assert_eq!(per_point(&lon, &lat, Some(&order), "t", &p, f), want);
        assert_eq!(per_point(&lon, &lat, None, "t", &p, f), want);
        assert_eq!(p.0.load(Ordering::Relaxed), 2 * n as u64);
    }
}
