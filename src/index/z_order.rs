//! A locality-preserving order of points: the Morton (Z-order) curve.
//!
//! Households arrive in file order, which at national scale is unrelated to
//! where they are. Evaluating them along a Z-order curve over their projected
//! coordinates makes consecutive queries hit the same grid cells, sites and
//! fibre segments, so those stay in cache. The order only changes which
//! household is evaluated when, never a result: the engine scatters results
//! back to input order.
//!
//! ```
//! use phusong::index::z_order;
//! let pts = [[10.0, 10.0], [0.0, 0.0], [10.0, 0.0], [0.0, 10.0]];
//! assert_eq!(z_order(&pts), vec![1, 2, 3, 0]);
//! ```

use rayon::prelude::*;

/// Point indices sorted by the Morton code of their position in the points'
/// bounding box (16 bits per axis), ties by index: deterministic for a given
/// set of points and independent of the thread count. Non-finite
/// coordinates sort as the box's lower corner.
pub fn z_order(xy: &[[f64; 2]]) -> Vec<u32> {
    let mut min = [f64::INFINITY; 2];
    let mut max = [f64::NEG_INFINITY; 2];
    for p in xy {
        for d in 0..2 {
            if p[d].is_finite() {
                min[d] = min[d].min(p[d]);
                max[d] = max[d].max(p[d]);
            }
        }
    }
    let scale = |d: usize| {
        let span = max[d] - min[d];
        if span.is_finite() && span > 0.0 {
            65535.0 / span
        } else {
            0.0
        }
    };
    let (sx, sy) = (scale(0), scale(1));
    let q = |v: f64, lo: f64, s: f64| -> u32 {
        let t = (v - lo) * s;
        if t.is_finite() {
            t.clamp(0.0, 65535.0) as u32
        } else {
            0
        }
    };
    let mut keys: Vec<u64> = xy
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let code = interleave(q(p[0], min[0], sx)) | (interleave(q(p[1], min[1], sy)) << 1);
            (u64::from(code) << 32) | i as u64
        })
        .collect();
    keys.par_sort_unstable();
    keys.into_par_iter().map(|k| k as u32).collect()
}

/// Spread the low 16 bits of `v` to the even bit positions.
fn interleave(v: u32) -> u32 {
    let mut x = v & 0xFFFF;
    x = (x | (x << 8)) & 0x00FF_00FF;
    x = (x | (x << 4)) & 0x0F0F_0F0F;
    x = (x | (x << 2)) & 0x3333_3333;
    x = (x | (x << 1)) & 0x5555_5555;
    x
}

/// The inverse permutation: `rank[order[k]] = k`.
pub fn inverse_permutation(order: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; order.len()];
    for (k, &i) in order.iter().enumerate() {
        rank[i as usize] = k as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interleave_spreads_bits() {
        assert_eq!(interleave(0b1011), 0b1000101);
        assert_eq!(interleave(0xFFFF), 0x5555_5555);
    }

    #[test]
    fn is_a_permutation_and_inverse_inverts() {
        let pts: Vec<[f64; 2]> = (0..1000)
            .map(|i| {
                let t = i as f64 * 0.618_033_988_7;
                [t.fract() * 1e5, (t * 7.0).fract() * 3e4]
            })
            .chain([[f64::NAN, 1.0], [2.0, f64::INFINITY]])
            .collect();
        let order = z_order(&pts);
        let mut seen = order.clone();
        seen.sort_unstable();
        assert_eq!(seen, (0..pts.len() as u32).collect::<Vec<_>>());
        let rank = inverse_permutation(&order);
        for (k, &i) in order.iter().enumerate() {
            assert_eq!(rank[i as usize] as usize, k);
        }
    }

    #[test]
    fn equal_points_keep_input_order() {
        let pts = vec![[5.0, 5.0]; 10];
        assert_eq!(z_order(&pts), (0..10).collect::<Vec<u32>>());
    }
}
