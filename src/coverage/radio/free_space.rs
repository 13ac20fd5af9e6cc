//! Free-space basic transmission loss.
//!
//! Source: Recommendation ITU-R P.525-4 (2019), eq. (4):
//! `L_bf = 32.4 + 20·log10 f(MHz) + 20·log10 d(km)` dB. The constant 32.4 is
//! `20·log10(4π·10⁹ / c)` = 32.448 rounded; this module uses the exact form
//! `20·log10(4π d f / c)` so that results do not depend on the rounding.

use super::SPEED_OF_LIGHT_M_S;

/// Free-space path loss in dB for a path of `d_m` metres (the direct, slant
/// distance) at `freq_mhz` MHz (ITU-R P.525-4 eq. (4)).
///
/// Valid in the far field (`d ≫ λ`); `d_m` and `freq_mhz` must be positive.
///
/// ```
/// use phusong::coverage::radio::free_space::path_loss_db;
/// // 2.4 GHz over 1 km: 32.45 + 67.60 + 0 = 100.05 dB.
/// assert!((path_loss_db(2400.0, 1000.0) - 100.05).abs() < 0.01);
/// ```
pub fn path_loss_db(freq_mhz: f64, d_m: f64) -> f64 {
    let freq_hz = freq_mhz * 1.0e6;
    20.0 * (4.0 * std::f64::consts::PI * d_m * freq_hz / SPEED_OF_LIGHT_M_S).log10()
}

/// Shadow-fading standard deviation used with free space: 0 dB. Free space is
/// a deterministic, unobstructed line-of-sight bound; a user who wants a
/// margin sets `shadowing_sigma_db` in the technology configuration.
pub const SIGMA_DB: f64 = 0.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itu_r_p525_reference_values() {
        // ITU-R P.525-4 eq. (4): L = 32.45 + 20 log10 f_MHz + 20 log10 d_km
        // (32.45 = 20 log10(4π·1e9 / 299792458) = 32.4478).
        // 2.4 GHz, 1 km: 32.4478 + 20·log10(2400) = 32.4478 + 67.6042 + 0
        //   = 100.0520 dB.
        assert!((path_loss_db(2400.0, 1000.0) - 100.0520).abs() < 0.001);
        // 900 MHz, 10 km: 32.4478 + 59.0849 + 20.0 = 111.5326 dB.
        assert!((path_loss_db(900.0, 10_000.0) - 111.5326).abs() < 0.001);
        // Doubling distance adds 20·log10 2 = 6.0206 dB.
        let d = path_loss_db(1800.0, 2000.0) - path_loss_db(1800.0, 1000.0);
        assert!((d - 6.0206).abs() < 1e-4);
    }

    #[test]
    fn constant_matches_p525() {
        // The rounded P.525 constant 32.4 (eq. 4) is within 0.05 dB.
        let l = path_loss_db(1.0, 1000.0); // 1 MHz, 1 km → just the constant
        assert!((l - 32.4478).abs() < 1e-3);
        assert!((l - 32.4).abs() < 0.05);
    }
}
