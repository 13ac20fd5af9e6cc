//! 3GPP TR 38.901 path-loss models: rural macro (RMa), urban macro (UMa) and
//! urban micro street canyon (UMi), LOS and NLOS, and the LOS probability.
//!
//! Source: 3GPP TR 38.901 V17.0.0 (2022-03), "Study on channel model for
//! frequencies from 0.5 to 100 GHz":
//! - Table 7.4.1-1 (path-loss models, shadow-fading σ, applicability ranges)
//!   and its notes: `f_c` in GHz in the formulas, in Hz in the breakpoint
//!   distances; `c = 3.0·10⁸ m/s`; `h_E = 1 m` for UMi and for UMa when
//!   `h_UT < 13 m` (we use 1 m for UMa at every `h_UT`, the value the
//!   standard draws with probability `1/(1 + C)`, a documented
//!   simplification for roof-top users);
//! - Table 7.4.2-1 (LOS probability);
//! - RMa applicability 0.5–30 GHz (the RMa row is limited to 30 GHz; see also
//!   MacCartney & Rappaport, IEEE JSAC 35(7), 2017, who review it), UMa/UMi
//!   0.5–100 GHz.
//!
//! All distances in metres; `d_2d` horizontal, `d_3d` slant.
//!
//! **Monotonicity.** Every function here is non-decreasing in distance:
//! PL1 and PL2 are increasing; UMa/UMi PL2 equals PL1 at `d'_BP`
//! (`40·log d_3D − 9·log(d'_BP² + Δh²) = 22·log d_3D` there, idem 21 for
//! UMi); RMa PL2 = PL1(d_BP) + 40·log(d_3D/d_BP) is at least PL1 at the
//! switch (a step up of a few hundredths of a dB because PL1 is evaluated at
//! `d_3D = d_BP`, literally as in the table); NLOS is `max(PL_LOS, PL')` of
//! two increasing functions; and [`expected`] is monotone because the LOS
//! probability does not increase with distance and `PL_LOS ≤ PL_NLOS`
//! (caveat: for UMa with `h_UT > 13 m` the table's factor
//! `1 + C'(h_UT)·5/4·(d/100)³·exp(−d/150)` can make the probability rise
//! locally; [`super::max_distance_m`] does not rely on monotonicity).

use super::{Link, PathLoss};

/// Propagation velocity used by TR 38.901 (Table 7.4.1-1 note 1): 3.0·10⁸ m/s.
pub const C_M_S: f64 = 3.0e8;

/// Effective environment height h_E for UMa/UMi breakpoints, metres
/// (Table 7.4.1-1 note 1).
pub const H_E_M: f64 = 1.0;

/// Shadow fading σ, RMa LOS before the breakpoint (PL1), dB.
pub const RMA_LOS_SIGMA1_DB: f64 = 4.0;
/// Shadow fading σ, RMa LOS after the breakpoint (PL2), dB.
pub const RMA_LOS_SIGMA2_DB: f64 = 6.0;
/// Shadow fading σ, RMa NLOS, dB.
pub const RMA_NLOS_SIGMA_DB: f64 = 8.0;
/// Shadow fading σ, UMa LOS, dB.
pub const UMA_LOS_SIGMA_DB: f64 = 4.0;
/// Shadow fading σ, UMa NLOS, dB.
pub const UMA_NLOS_SIGMA_DB: f64 = 6.0;
/// Shadow fading σ, UMi street canyon LOS, dB.
pub const UMI_LOS_SIGMA_DB: f64 = 4.0;
/// Shadow fading σ, UMi street canyon NLOS, dB.
pub const UMI_NLOS_SIGMA_DB: f64 = 7.82;

/// Default average building height for RMa, metres (Table 7.4.1-1).
pub const RMA_DEFAULT_BUILDING_HEIGHT_M: f64 = 5.0;
/// Default average street width for RMa, metres (Table 7.4.1-1).
pub const RMA_DEFAULT_STREET_WIDTH_M: f64 = 20.0;

/// The three outdoor deployments implemented here (TR 38.901 calls them
/// "scenarios"; they are chosen in a scenario file by the model `kind`,
/// `tr38901_rma`, `tr38901_uma` or `tr38901_umi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Deployment {
    /// Rural macro.
    Rma,
    /// Urban macro.
    Uma,
    /// Urban micro, street canyon.
    Umi,
}

/// RMa breakpoint distance `d_BP = 2π·h_BS·h_UT·f_c/c` in metres
/// (Table 7.4.1-1 note 5; `f_c` in Hz).
pub fn rma_breakpoint_m(freq_mhz: f64, h_bs_m: f64, h_ut_m: f64) -> f64 {
    2.0 * std::f64::consts::PI * h_bs_m * h_ut_m * freq_mhz * 1.0e6 / C_M_S
}

/// RMa PL1 at slant distance `d_3d_m`:
/// `20·log(40π·d_3D·f_c/3) + min(0.03·h^1.72, 10)·log d_3D − min(0.044·h^1.72, 14.77) + 0.002·log(h)·d_3D`.
fn rma_pl1_db(d_3d_m: f64, freq_ghz: f64, h_m: f64) -> f64 {
    let hp = h_m.powf(1.72);
    20.0 * (40.0 * std::f64::consts::PI * d_3d_m * freq_ghz / 3.0).log10()
        + (0.03 * hp).min(10.0) * d_3d_m.log10()
        - (0.044 * hp).min(14.77)
        + 0.002 * h_m.log10() * d_3d_m
}

/// RMa LOS path loss (Table 7.4.1-1): PL1 for `d_2D ≤ d_BP` (σ = 4 dB),
/// `PL2 = PL1(d_BP) + 40·log(d_3D/d_BP)` beyond (σ = 6 dB).
/// `building_height_m` is the average building height h.
pub fn rma_los(link: &Link, building_height_m: f64) -> PathLoss {
    let fc = link.freq_ghz();
    let d_bp = rma_breakpoint_m(link.freq_mhz, link.h_bs_m, link.h_ut_m);
    let d_3d = link.d_3d_m();
    if link.d_2d_m <= d_bp {
        PathLoss {
            loss_db: rma_pl1_db(d_3d, fc, building_height_m),
            sigma_db: RMA_LOS_SIGMA1_DB,
        }
    } else {
        PathLoss {
            loss_db: rma_pl1_db(d_bp, fc, building_height_m) + 40.0 * (d_3d / d_bp).log10(),
            sigma_db: RMA_LOS_SIGMA2_DB,
        }
    }
}

/// RMa NLOS PL' (Table 7.4.1-1):
/// `161.04 − 7.1·log W + 7.5·log h − (24.37 − 3.7·(h/h_BS)²)·log h_BS
///  + (43.42 − 3.1·log h_BS)·(log d_3D − 3) + 20·log f_c − (3.2·(log 11.75 h_UT)² − 4.97)`.
pub fn rma_nlos_prime_db(link: &Link, building_height_m: f64, street_width_m: f64) -> f64 {
    let h = building_height_m;
    let h_bs = link.h_bs_m;
    161.04 - 7.1 * street_width_m.log10() + 7.5 * h.log10()
        - (24.37 - 3.7 * (h / h_bs).powi(2)) * h_bs.log10()
        + (43.42 - 3.1 * h_bs.log10()) * (link.d_3d_m().log10() - 3.0)
        + 20.0 * link.freq_ghz().log10()
        - (3.2 * (11.75 * link.h_ut_m).log10().powi(2) - 4.97)
}

/// RMa NLOS path loss `max(PL_RMa-LOS, PL'_RMa-NLOS)`, σ = 8 dB.
pub fn rma_nlos(link: &Link, building_height_m: f64, street_width_m: f64) -> PathLoss {
    let los = rma_los(link, building_height_m).loss_db;
    PathLoss {
        loss_db: los.max(rma_nlos_prime_db(link, building_height_m, street_width_m)),
        sigma_db: RMA_NLOS_SIGMA_DB,
    }
}

/// Breakpoint distance with effective heights,
/// `d'_BP = 4·h'_BS·h'_UT·f_c/c`, `h' = h − h_E`, `h_E = 1 m`
/// (Table 7.4.1-1 note 1). Effective heights below zero are taken as zero.
pub fn effective_breakpoint_m(freq_mhz: f64, h_bs_m: f64, h_ut_m: f64) -> f64 {
    let h_bs_eff = (h_bs_m - H_E_M).max(0.0);
    let h_ut_eff = (h_ut_m - H_E_M).max(0.0);
    4.0 * h_bs_eff * h_ut_eff * freq_mhz * 1.0e6 / C_M_S
}

/// Two-slope LOS loss shared by UMa and UMi:
/// PL1 = `a + b1·log d_3D + 20·log f_c` up to `d'_BP`, then
/// PL2 = `a + 40·log d_3D + 20·log f_c − k·log(d'_BP² + (h_BS − h_UT)²)`.
fn two_slope_los_db(link: &Link, a: f64, b1: f64, k: f64) -> f64 {
    let fc = link.freq_ghz();
    let d_bp = effective_breakpoint_m(link.freq_mhz, link.h_bs_m, link.h_ut_m);
    let d_3d = link.d_3d_m();
    if link.d_2d_m <= d_bp {
        a + b1 * d_3d.log10() + 20.0 * fc.log10()
    } else {
        let dh = link.h_bs_m - link.h_ut_m;
        a + 40.0 * d_3d.log10() + 20.0 * fc.log10() - k * (d_bp * d_bp + dh * dh).log10()
    }
}

/// UMa LOS path loss (Table 7.4.1-1), σ = 4 dB:
/// PL1 = `28.0 + 22·log d_3D + 20·log f_c`;
/// PL2 = `28.0 + 40·log d_3D + 20·log f_c − 9·log(d'_BP² + (h_BS − h_UT)²)`.
pub fn uma_los(link: &Link) -> PathLoss {
    PathLoss {
        loss_db: two_slope_los_db(link, 28.0, 22.0, 9.0),
        sigma_db: UMA_LOS_SIGMA_DB,
    }
}

/// UMa NLOS PL' = `13.54 + 39.08·log d_3D + 20·log f_c − 0.6·(h_UT − 1.5)`.
pub fn uma_nlos_prime_db(link: &Link) -> f64 {
    13.54 + 39.08 * link.d_3d_m().log10() + 20.0 * link.freq_ghz().log10()
        - 0.6 * (link.h_ut_m - 1.5)
}

/// UMa NLOS path loss `max(PL_UMa-LOS, PL'_UMa-NLOS)`, σ = 6 dB.
pub fn uma_nlos(link: &Link) -> PathLoss {
    PathLoss {
        loss_db: uma_los(link).loss_db.max(uma_nlos_prime_db(link)),
        sigma_db: UMA_NLOS_SIGMA_DB,
    }
}

/// UMi street-canyon LOS path loss (Table 7.4.1-1), σ = 4 dB:
/// PL1 = `32.4 + 21·log d_3D + 20·log f_c`;
/// PL2 = `32.4 + 40·log d_3D + 20·log f_c − 9.5·log(d'_BP² + (h_BS − h_UT)²)`.
pub fn umi_los(link: &Link) -> PathLoss {
    PathLoss {
        loss_db: two_slope_los_db(link, 32.4, 21.0, 9.5),
        sigma_db: UMI_LOS_SIGMA_DB,
    }
}

/// UMi NLOS PL' = `35.3·log d_3D + 22.4 + 21.3·log f_c − 0.3·(h_UT − 1.5)`.
pub fn umi_nlos_prime_db(link: &Link) -> f64 {
    35.3 * link.d_3d_m().log10() + 22.4 + 21.3 * link.freq_ghz().log10() - 0.3 * (link.h_ut_m - 1.5)
}

/// UMi NLOS path loss `max(PL_UMi-LOS, PL'_UMi-NLOS)`, σ = 7.82 dB.
pub fn umi_nlos(link: &Link) -> PathLoss {
    PathLoss {
        loss_db: umi_los(link).loss_db.max(umi_nlos_prime_db(link)),
        sigma_db: UMI_NLOS_SIGMA_DB,
    }
}

/// LOS probability of TR 38.901 Table 7.4.2-1 (outdoor users), in [0, 1]:
/// - RMa: 1 for `d_2D ≤ 10 m`, else `exp(−(d_2D − 10)/1000)`;
/// - UMi street canyon: 1 for `d_2D ≤ 18 m`, else
///   `18/d_2D + exp(−d_2D/36)·(1 − 18/d_2D)`;
/// - UMa: 1 for `d_2D ≤ 18 m`, else
///   `[18/d_2D + exp(−d_2D/63)·(1 − 18/d_2D)]·(1 + C'(h_UT)·5/4·(d_2D/100)³·exp(−d_2D/150))`,
///   `C'(h_UT) = 0` for `h_UT ≤ 13 m`, `((h_UT − 13)/10)^1.5` for 13–23 m
///   (the product is capped at 1).
pub fn los_probability(deployment: Deployment, d_2d_m: f64, h_ut_m: f64) -> f64 {
    let d = d_2d_m;
    let p = match deployment {
        Deployment::Rma => {
            if d <= 10.0 {
                1.0
            } else {
                (-(d - 10.0) / 1000.0).exp()
            }
        }
        Deployment::Umi => {
            if d <= 18.0 {
                1.0
            } else {
                18.0 / d + (-d / 36.0).exp() * (1.0 - 18.0 / d)
            }
        }
        Deployment::Uma => {
            if d <= 18.0 {
                1.0
            } else {
                let c_prime = if h_ut_m <= 13.0 {
                    0.0
                } else {
                    ((h_ut_m.min(23.0) - 13.0) / 10.0).powf(1.5)
                };
                (18.0 / d + (-d / 63.0).exp() * (1.0 - 18.0 / d))
                    * (1.0 + c_prime * 1.25 * (d / 100.0).powi(3) * (-d / 150.0).exp())
            }
        }
    };
    p.clamp(0.0, 1.0)
}

/// LOS-probability-weighted ("expected") path loss.
///
/// The loss is that of the mean received power over the LOS/NLOS state:
/// `PL = −10·log10(P·10^(−PL_LOS/10) + (1 − P)·10^(−PL_NLOS/10))`.
/// The σ is the probability-weighted `P·σ_LOS + (1 − P)·σ_NLOS`, an
/// approximation (the exact distribution is a mixture of two log-normals)
/// that moves smoothly from the LOS σ to the NLOS σ.
pub fn expected(los: PathLoss, nlos: PathLoss, p_los: f64) -> PathLoss {
    let p = p_los.clamp(0.0, 1.0);
    // Factor out the smaller loss to keep the sum well-conditioned.
    let base = los.loss_db.min(nlos.loss_db);
    let sum = p * 10f64.powf(-(los.loss_db - base) / 10.0)
        + (1.0 - p) * 10f64.powf(-(nlos.loss_db - base) / 10.0);
    PathLoss {
        loss_db: base - 10.0 * sum.log10(),
        sigma_db: p * los.sigma_db + (1.0 - p) * nlos.sigma_db,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(freq_mhz: f64, d_2d_m: f64, h_bs_m: f64, h_ut_m: f64) -> Link {
        Link {
            freq_mhz,
            d_2d_m,
            h_bs_m,
            h_ut_m,
        }
    }

    // RMa, f_c = 3.5 GHz, h_BS = 35 m, h_UT = 1.5 m, h = 5 m, W = 20 m.
    //   d_BP = 2π·35·1.5·3.5e9/3e8 = 3848.45 m
    //   h^1.72 = 5^1.72 = 15.930463 → 0.03·h^1.72 = 0.477914 (< 10),
    //   0.044·h^1.72 = 0.700940 (< 14.77); 0.002·log h = 0.0013979 /m
    // d_2D = 1000 m: d_3D = √(1000² + 33.5²) = 1000.5610 m
    //   20·log(40π·1000.5610·3.5/3) = 103.328004
    //   + 0.477914·log(1000.5610) = 1.433858 (0.477914·3.000244)
    //   − 0.700940 + 0.0013979·1000.5610 = 1.398724
    //   PL_LOS = 103.328004 + 1.433858 − 0.700940 + 1.398724 = 105.4596 dB
    //   PL' = 161.04 − 7.1·log 20 + 7.5·log 5           = 157.044962
    //       − (24.37 − 3.7·(5/35)²)·log 35               = −37.512345
    //       + (43.42 − 3.1·log 35)·(log 1000.5610 − 3)   = +0.009409
    //       + 20·log 3.5                                 = +10.881361
    //       − (3.2·(log 17.625)² − 4.97)                 = +0.000919
    //       = 130.4243 dB → PL_NLOS = max(105.46, 130.42) = 130.4243 dB
    #[test]
    fn rma_3500_hand_values() {
        let bp = rma_breakpoint_m(3500.0, 35.0, 1.5);
        assert!((bp - 3848.451).abs() < 0.01);
        let l = link(3500.0, 1000.0, 35.0, 1.5);
        let los = rma_los(&l, 5.0);
        assert!((los.loss_db - 105.4596).abs() < 0.001);
        assert_eq!(los.sigma_db, 4.0);
        assert!((rma_nlos_prime_db(&l, 5.0, 20.0) - 130.4243).abs() < 0.001);
        let nlos = rma_nlos(&l, 5.0, 20.0);
        assert!((nlos.loss_db - 130.4243).abs() < 0.001);
        assert_eq!(nlos.sigma_db, 8.0);
        // d_2D = 100 m: d_3D = 105.4621; PL_LOS = 84.1984; PL' = 92.6738.
        let l = link(3500.0, 100.0, 35.0, 1.5);
        assert!((rma_los(&l, 5.0).loss_db - 84.1984).abs() < 0.001);
        assert!((rma_nlos(&l, 5.0, 20.0).loss_db - 92.6738).abs() < 0.001);
    }

    // RMa LOS beyond the breakpoint, 3.5 GHz, d_2D = 5000 m (> d_BP = 3848.45):
    //   PL1(d_BP) = PL1 at d_3D = 3848.451 m = 121.421274 dB
    //   d_3D = √(5000² + 33.5²) = 5000.1122; 40·log(5000.1122/3848.451) = 4.547752
    //   PL2 = 125.9690 dB, σ = 6 dB.
    #[test]
    fn rma_after_breakpoint() {
        let l = link(3500.0, 5000.0, 35.0, 1.5);
        let los = rma_los(&l, 5.0);
        assert!((los.loss_db - 125.9690).abs() < 0.001);
        assert_eq!(los.sigma_db, 6.0);
        // 1.8 GHz: d_BP = 1979.20 m; at 5 km PL2 = 123.2179, PL' = 151.6429.
        let l = link(1800.0, 5000.0, 35.0, 1.5);
        assert!((rma_los(&l, 5.0).loss_db - 123.2179).abs() < 0.001);
        assert!((rma_nlos(&l, 5.0, 20.0).loss_db - 151.6429).abs() < 0.001);
    }

    // UMa, f_c = 3.5 GHz, h_BS = 25 m, h_UT = 1.5 m:
    //   d'_BP = 4·(25 − 1)·(1.5 − 1)·3.5e9/3e8 = 4·24·0.5·11.6667 = 560.0 m
    // d_2D = 200 m: d_3D = √(200² + 23.5²) = 201.3759
    //   PL1 = 28 + 22·log 201.3759 + 20·log 3.5 = 28 + 50.688164 + 10.881361
    //       = 89.5695 dB
    //   PL' = 13.54 + 39.08·log 201.3759 + 10.881361 − 0 = 114.4620 dB
    // d_2D = 1000 m: d_3D = 1000.2761
    //   PL2 = 28 + 40·3.000120 + 10.881361 − 9·log(560² + 23.5²)
    //       = 28 + 120.004795 + 10.881361 − 9·5.497140 (=49.474262)
    //       = 109.4119 dB; PL' = 141.6660 dB
    #[test]
    fn uma_3500_hand_values() {
        assert!((effective_breakpoint_m(3500.0, 25.0, 1.5) - 560.0).abs() < 1e-9);
        let l = link(3500.0, 200.0, 25.0, 1.5);
        assert!((uma_los(&l).loss_db - 89.5695).abs() < 0.001);
        assert!((uma_nlos(&l).loss_db - 114.4620).abs() < 0.001);
        let l = link(3500.0, 1000.0, 25.0, 1.5);
        assert!((uma_los(&l).loss_db - 109.4119).abs() < 0.001);
        assert!((uma_nlos(&l).loss_db - 141.6660).abs() < 0.001);
        assert_eq!(uma_nlos(&l).sigma_db, 6.0);
    }

    // UMi street canyon, f_c = 3.5 GHz, h_BS = 10 m, h_UT = 1.5 m:
    //   d'_BP = 4·9·0.5·11.6667 = 210.0 m
    // d_2D = 100 m: d_3D = 100.3606
    //   PL1 = 32.4 + 21·log 100.3606 + 10.881361 = 32.4 + 42.032828 + 10.881361
    //       = 85.3142 dB
    //   PL' = 35.3·log 100.3606 + 22.4 + 21.3·log 3.5
    //       = 35.3·2.001563 + 22.4 + 11.588649
    //       = 70.655183 + 22.4 + 11.588649 = 104.6438 dB
    // d_2D = 500 m: d_3D = 500.0722
    //   PL2 = 32.4 + 40·log 500.0722 + 10.881361 − 9.5·log(210² + 8.5²)
    //       = 32.4 + 107.961310 + 10.881361 − 9.5·4.645150 (=44.128920)
    //       = 107.1138 dB; PL' = 129.2645 dB
    #[test]
    fn umi_3500_hand_values() {
        assert!((effective_breakpoint_m(3500.0, 10.0, 1.5) - 210.0).abs() < 1e-9);
        let l = link(3500.0, 100.0, 10.0, 1.5);
        assert!((umi_los(&l).loss_db - 85.3142).abs() < 0.001);
        assert!((umi_nlos(&l).loss_db - 104.6438).abs() < 0.001);
        let l = link(3500.0, 500.0, 10.0, 1.5);
        assert!((umi_los(&l).loss_db - 107.1138).abs() < 0.001);
        assert!((umi_nlos(&l).loss_db - 129.2645).abs() < 0.001);
        assert_eq!(umi_nlos(&l).sigma_db, 7.82);
    }

    #[test]
    fn two_slope_is_continuous_at_breakpoint() {
        for (h_bs, f) in [(25.0, 3500.0), (10.0, 3500.0), (25.0, 1800.0)] {
            let bp = effective_breakpoint_m(f, h_bs, 1.5);
            let below = link(f, bp * (1.0 - 1e-9), h_bs, 1.5);
            let above = link(f, bp * (1.0 + 1e-9), h_bs, 1.5);
            assert!((uma_los(&below).loss_db - uma_los(&above).loss_db).abs() < 1e-6);
            assert!((umi_los(&below).loss_db - umi_los(&above).loss_db).abs() < 1e-6);
        }
        // RMa steps up (never down) at d_BP.
        let bp = rma_breakpoint_m(3500.0, 35.0, 1.5);
        let below = rma_los(&link(3500.0, bp, 35.0, 1.5), 5.0).loss_db;
        let above = rma_los(&link(3500.0, bp + 1e-6, 35.0, 1.5), 5.0).loss_db;
        assert!(above >= below && above - below < 0.01);
    }

    // LOS probability, Table 7.4.2-1:
    //   RMa  d = 1000: exp(−990/1000) = 0.371577
    //   UMi  d = 100:  0.18 + exp(−100/36)·0.82 = 0.18 + 0.062176·0.82 = 0.230985
    //   UMa  d = 100, h_UT 1.5: 0.18 + exp(−100/63)·0.82 = 0.18 + 0.204474·0.82
    //        = 0.347671
    #[test]
    fn los_probability_table() {
        assert_eq!(los_probability(Deployment::Rma, 5.0, 1.5), 1.0);
        assert!((los_probability(Deployment::Rma, 1000.0, 1.5) - 0.371577).abs() < 1e-6);
        assert!((los_probability(Deployment::Umi, 100.0, 1.5) - 0.230985).abs() < 1e-6);
        assert!((los_probability(Deployment::Uma, 100.0, 1.5) - 0.347671).abs() < 1e-6);
        assert_eq!(los_probability(Deployment::Uma, 18.0, 1.5), 1.0);
        // High UE: never above 1.
        assert!(los_probability(Deployment::Uma, 18.5, 22.5) <= 1.0);
        for s in [Deployment::Rma, Deployment::Uma, Deployment::Umi] {
            let mut prev = 1.0;
            for i in 0..2000 {
                let p = los_probability(s, 10.0 * i as f64, 1.5);
                assert!(p <= prev + 1e-12);
                prev = p;
            }
        }
    }

    // Expected, RMa 3.5 GHz, d = 1000 m: P = 0.371577,
    //   PL_LOS = 105.4596, PL_NLOS = 130.4243
    //   −10·log(0.371577·10^(−10.54596) + 0.628423·10^(−13.04243))
    //   = 105.4596 − 10·log(0.371577 + 0.628423·10^(−2.49647))
    //   = 105.4596 − 10·log(0.371577 + 0.628423·0.003188)
    //   = 105.4596 − 10·log(0.373580) = 105.4596 + 4.2762
    //   = 109.7358 dB; σ = 0.371577·4 + 0.628423·8 = 6.5137 dB
    #[test]
    fn expected_rma() {
        let l = link(3500.0, 1000.0, 35.0, 1.5);
        let p = los_probability(Deployment::Rma, 1000.0, 1.5);
        let e = expected(rma_los(&l, 5.0), rma_nlos(&l, 5.0, 20.0), p);
        assert!((e.loss_db - 109.7358).abs() < 0.001);
        assert!((e.sigma_db - 6.5137).abs() < 0.001);
        // Bounds.
        let los = PathLoss {
            loss_db: 100.0,
            sigma_db: 4.0,
        };
        let nlos = PathLoss {
            loss_db: 120.0,
            sigma_db: 8.0,
        };
        assert_eq!(expected(los, nlos, 1.0).loss_db, 100.0);
        assert!((expected(los, nlos, 0.0).loss_db - 120.0).abs() < 1e-9);
    }
}
