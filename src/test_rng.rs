//! The tests' pseudo-random numbers: Knuth's MMIX linear congruential
//! generator (one multiply and add per draw), seeded per test so that
//! every run draws the same cases without a `rand` dependency.

/// The generator's state; `Lcg(seed)` starts a sequence.
pub(crate) struct Lcg(pub u64);

impl Lcg {
    /// The next state.
    pub(crate) fn step(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0
    }

    /// Uniform in [0, 1) from the top 53 bits.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.step() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Below `n` (> 0) from the top 31 bits.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        (self.step() >> 33) % n
    }
}
