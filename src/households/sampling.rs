//! Counter-based randomness and point sampling inside polygons.
//!
//! Every random number is a hash of `(seed, stream, index, draw)` (SplitMix64
//! finaliser chained over the words), never the state of a shared
//! generator, so the point `k` of area `a` is the same whatever the number
//! of threads or the order in which areas are processed.

use crate::index::{AreaIndex, Containment};

/// Output coordinates are rounded to this many decimals of a degree
/// (1e-7° ≈ 1 cm) *before* the inside test, so the written point is
/// the tested point.
pub const DECIMALS: i32 = 7;

/// Round a coordinate to [`DECIMALS`].
pub fn round_deg(v: f64) -> f64 {
    let s = 10f64.powi(DECIMALS);
    (v * s).round() / s
}

#[inline]
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A hash of four words, uniformly distributed over `u64`.
#[inline]
pub fn hash4(a: u64, b: u64, c: u64, d: u64) -> u64 {
    mix(mix(mix(mix(a) ^ b) ^ c) ^ d)
}

/// A 64-bit key for a code (FNV-1a), to key an area's streams by its
/// code rather than its position.
pub fn key_of(code: &str) -> u64 {
    code.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A stream of uniform numbers for one key, counter-based.
///
/// ```
/// use phusong::households::sampling::Stream;
/// let mut a = Stream::new(2025, 7, 3);
/// let mut b = Stream::new(2025, 7, 3);
/// assert_eq!(a.next_f64(), b.next_f64());
/// assert_ne!(Stream::new(2025, 7, 4).next_f64(), Stream::new(2025, 7, 3).next_f64());
/// ```
#[derive(Debug, Clone)]
pub struct Stream {
    key: u64,
    counter: u64,
}

impl Stream {
    /// The stream of item `index` in `stream` (e.g. an area) for `seed`.
    pub fn new(seed: u64, stream: u64, index: u64) -> Self {
        Stream {
            key: hash4(seed, stream, index, 0x5EED),
            counter: 0,
        }
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        self.counter += 1;
        (mix(self.key ^ mix(self.counter)) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// A uniform number in [0, 1) for `(seed, a, b, c)`, without a stream.
pub fn unit(seed: u64, a: u64, b: u64, c: u64) -> f64 {
    (hash4(seed ^ 0xA5A5, a, b, c) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Round `x ≥ 0` up or down at random so that the expected value is `x`:
/// `floor(x) + 1` with probability `x − floor(x)`.
pub fn stochastic_round(x: f64, u: f64) -> u64 {
    let f = x.floor();
    f as u64 + u64::from(u < x - f)
}

/// Try to draw a point strictly inside area `i` of `index`, uniform in
/// lon/lat over `bbox = [min_lon, min_lat, max_lon, max_lat]` and rejected
/// outside the area; `tries` attempts. The point is rounded to
/// [`DECIMALS`] before the test.
pub fn uniform_in_area(
    index: &AreaIndex,
    i: usize,
    bbox: [f64; 4],
    s: &mut Stream,
    tries: usize,
) -> Option<[f64; 2]> {
    for _ in 0..tries {
        let p = [
            round_deg(bbox[0] + s.next_f64() * (bbox[2] - bbox[0])),
            round_deg(bbox[1] + s.next_f64() * (bbox[3] - bbox[1])),
        ];
        if index.containment(i, p) == Containment::Inside {
            return Some(p);
        }
    }
    None
}

/// Exactly `m` of `0..n` chosen at random (those with the `m` smallest
/// hashes of `(seed, stream, index, k)`), as a mask.
pub fn choose_exactly(n: usize, m: usize, seed: u64, stream: u64, index: u64) -> Vec<bool> {
    let mut order: Vec<(u64, usize)> = (0..n)
        .map(|k| (hash4(seed, stream, index, k as u64), k))
        .collect();
    order.sort_unstable();
    let mut mask = vec![false; n];
    for &(_, k) in order.iter().take(m) {
        mask[k] = true;
    }
    mask
}

/// A random permutation of `0..n` (by hash of `(seed, stream, index, k)`).
pub fn permutation(n: usize, seed: u64, stream: u64, index: u64) -> Vec<usize> {
    let mut order: Vec<(u64, usize)> = (0..n)
        .map(|k| (hash4(seed, stream, index, k as u64), k))
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, k)| k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stochastic_rounding_keeps_the_mean() {
        let n = 200_000;
        let total: u64 = (0..n)
            .map(|k| stochastic_round(2.3, unit(1, 2, 3, k)))
            .sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 2.3).abs() < 0.01, "{mean}");
    }

    #[test]
    fn uniform_numbers_look_uniform() {
        let mut s = Stream::new(9, 1, 2);
        let mut bins = [0u32; 10];
        for _ in 0..100_000 {
            bins[(s.next_f64() * 10.0) as usize] += 1;
        }
        for b in bins {
            assert!((9_500..10_500).contains(&b), "{bins:?}");
        }
    }

    #[test]
    fn choose_exactly_chooses_m() {
        let m = choose_exactly(1000, 377, 5, 6, 7);
        assert_eq!(m.iter().filter(|&&b| b).count(), 377);
        let p = permutation(50, 1, 2, 3);
        let mut s = p.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
    }
}
