//! Deterministic randomness, math and noise for the generator.
//!
//! Everything here uses only IEEE-754 operations that are exactly specified
//! (`+ - * /`, `sqrt`, `floor`, `round`), never the platform's `libm`, so the
//! generator's output is bit-identical on every platform, forever.

use std::f64::consts::PI;

/// SplitMix64: used to seed [`Rng`] and to hash lattice points for noise.
#[inline]
pub(crate) fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** seeded with SplitMix64.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator for `seed` and an independent `stream` (one per component,
    /// so that changing one component never perturbs another).
    pub(crate) fn new(seed: u64, stream: u64) -> Self {
        let mut z = seed ^ splitmix64(stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        let mut s = [0u64; 4];
        for v in &mut s {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *v = splitmix64(z);
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    #[inline]
    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    #[inline]
    pub(crate) fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [a, b).
    #[inline]
    pub(crate) fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f64()
    }

    /// Uniform integer in 0..n (n > 0).
    #[inline]
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// True with probability p.
    #[inline]
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal (Box–Muller, one value per call).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // (0, 1]
        let u2 = self.f64();
        (-2.0 * ln(u1)).sqrt() * cos(2.0 * PI * u2)
    }

    /// Index drawn from cumulative weights `cum` (last element = total).
    pub(crate) fn pick_cumulative(&mut self, cum: &[f64]) -> usize {
        let total = *cum.last().expect("non-empty weights");
        let t = self.f64() * total;
        let i = cum.partition_point(|&c| c <= t);
        i.min(cum.len() - 1)
    }
}

/// ln 2 split into a high part (exact in few bits) and a low part (fdlibm).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
const LN2: f64 = std::f64::consts::LN_2;

/// 2^k for a normal-range integer k.
#[inline]
fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Deterministic e^x.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < -700.0 {
        return 0.0;
    }
    if x > 700.0 {
        return f64::INFINITY;
    }
    let k = (x / LN2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=22 {
        term *= r / i as f64;
        sum += term;
    }
    sum * pow2(k as i64)
}

/// Deterministic natural logarithm for x > 0 (normal numbers).
pub(crate) fn ln(x: f64) -> f64 {
    if x <= 0.0 || x.is_nan() {
        return f64::NAN;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut term = s;
    let mut sum = 0.0;
    let mut n = 1.0;
    for _ in 0..24 {
        sum += term / n;
        term *= s2;
        n += 2.0;
    }
    e as f64 * LN2_HI + (e as f64 * LN2_LO + 2.0 * sum)
}

/// Reduce to [-pi, pi].
#[inline]
fn reduce(x: f64) -> f64 {
    const TWO_PI_HI: f64 = std::f64::consts::TAU;
    const TWO_PI_LO: f64 = 2.449_293_598_294_706_4e-16;
    let k = (x / TWO_PI_HI).round();
    (x - k * TWO_PI_HI) - k * TWO_PI_LO
}

/// Deterministic sine.
pub(crate) fn sin(x: f64) -> f64 {
    let r = reduce(x);
    let r2 = r * r;
    let mut term = r;
    let mut sum = r;
    let mut n = 1.0;
    for _ in 0..16 {
        term *= -r2 / ((n + 1.0) * (n + 2.0));
        sum += term;
        n += 2.0;
    }
    sum
}

/// Deterministic cosine.
pub(crate) fn cos(x: f64) -> f64 {
    let r = reduce(x);
    let r2 = r * r;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut n = 0.0;
    for _ in 0..16 {
        term *= -r2 / ((n + 1.0) * (n + 2.0));
        sum += term;
        n += 2.0;
    }
    sum
}

/// x², as one exact multiplication (`powi` is not guaranteed to be).
#[inline]
pub(crate) fn sq(x: f64) -> f64 {
    x * x
}

/// Quintic fade curve.
#[inline]
fn fade(t: f64) -> f64 {
    t * t * t * (t * (t * 6.0 - 15.0) + 10.0)
}

/// Hash of a lattice point to [-1, 1].
#[inline]
fn lattice(seed: u64, ix: i64, iy: i64) -> f64 {
    let h = splitmix64(
        seed ^ splitmix64((ix as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (iy as u64)),
    );
    (h >> 11) as f64 * (2.0 / (1u64 << 53) as f64) - 1.0
}

/// Smooth 2-D value noise in [-1, 1] with unit lattice spacing.
pub(crate) fn value2(seed: u64, x: f64, y: f64) -> f64 {
    let fx = x.floor();
    let fy = y.floor();
    let ix = fx as i64;
    let iy = fy as i64;
    let tx = fade(x - fx);
    let ty = fade(y - fy);
    let a = lattice(seed, ix, iy);
    let b = lattice(seed, ix + 1, iy);
    let c = lattice(seed, ix, iy + 1);
    let d = lattice(seed, ix + 1, iy + 1);
    let ab = a + (b - a) * tx;
    let cd = c + (d - c) * tx;
    ab + (cd - ab) * ty
}

/// Fractal sum of `octaves` octaves of 2-D value noise at base wavelength
/// `wavelength` (same units as x, y); amplitude of the first octave 1, each
/// further octave half the wavelength and `gain` times the amplitude.
pub(crate) fn fbm2(seed: u64, x: f64, y: f64, wavelength: f64, octaves: u32, gain: f64) -> f64 {
    let mut sum = 0.0;
    let mut amp = 1.0;
    let mut f = 1.0 / wavelength;
    for o in 0..octaves {
        sum += amp * value2(seed.wrapping_add(o as u64 * 0x51_7CC1), x * f, y * f);
        amp *= gain;
        f *= 2.0;
    }
    sum
}

/// 1-D version of [`fbm2`].
pub(crate) fn fbm1(seed: u64, x: f64, wavelength: f64, octaves: u32, gain: f64) -> f64 {
    fbm2(seed, x, 0.5 * wavelength, wavelength, octaves, gain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn math_matches_std() {
        for i in -200..200 {
            let x = i as f64 * 0.173;
            assert!((exp(x * 0.1) - (x * 0.1).exp()).abs() <= 1e-14 * (x * 0.1).exp());
            assert!((sin(x) - x.sin()).abs() < 1e-14, "sin {x}");
            assert!((cos(x) - x.cos()).abs() < 1e-14, "cos {x}");
            let y = (i + 201) as f64 * 0.0371;
            assert!((ln(y) - y.ln()).abs() < 1e-14, "ln {y}");
        }
        assert!((ln(1e-16) - (1e-16f64).ln()).abs() < 1e-12);
    }

    #[test]
    fn rng_is_stable_and_uniform() {
        let mut a = Rng::new(1, 2);
        let mut b = Rng::new(1, 2);
        let mut c = Rng::new(1, 3);
        let va: Vec<u64> = (0..10).map(|_| a.next_u64()).collect();
        let vb: Vec<u64> = (0..10).map(|_| b.next_u64()).collect();
        let vc: Vec<u64> = (0..10).map(|_| c.next_u64()).collect();
        assert_eq!(va, vb);
        assert_ne!(va, vc);
        let mut r = Rng::new(7, 0);
        let n = 20000;
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let z = r.normal();
            s += z;
            s2 += z * z;
        }
        assert!((s / n as f64).abs() < 0.03);
        assert!((s2 / n as f64 - 1.0).abs() < 0.05);
    }

    #[test]
    fn noise_is_bounded_and_continuous() {
        for i in 0..1000 {
            let x = i as f64 * 0.0137;
            let v = value2(5, x, 0.3 * x);
            assert!((-1.0..=1.0).contains(&v));
            let w = value2(5, x + 1e-6, 0.3 * x);
            assert!((v - w).abs() < 1e-4);
        }
    }
}
