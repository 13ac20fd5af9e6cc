//! Downlink link-budget arithmetic: resource-block counts, EIRP per resource
//! element, the shadowing margin for a cell-edge reliability, the
//! outdoor-to-indoor loss, and the coverage tiers.

use serde::{Deserialize, Serialize};

use super::tr38901::Deployment;
use super::PathLoss;
use crate::{Error, Result};

/// Radio access technology: decides the resource-block table and the
/// default thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rat {
    /// 4G LTE (E-UTRA): RSRP, 15 kHz subcarriers.
    #[serde(alias = "4g")]
    Lte,
    /// 5G NR FR1: SS-RSRP.
    #[serde(alias = "5g")]
    Nr,
}

/// Subcarriers per resource block (TS 36.211 §6.2.3, TS 38.211 §4.4.4.1).
pub const SUBCARRIERS_PER_RB: u32 = 12;

/// LTE channel bandwidths (MHz) and their transmission bandwidth
/// configuration N_RB: 3GPP TS 36.101 Table 5.6-1.
const LTE_N_RB: [(f64, u32); 6] = [
    (1.4, 6),
    (3.0, 15),
    (5.0, 25),
    (10.0, 50),
    (15.0, 75),
    (20.0, 100),
];

/// NR FR1 maximum transmission bandwidth configuration N_RB:
/// 3GPP TS 38.101-1 V17 Table 5.3.2-1, as (bandwidth MHz, N_RB at 15 kHz,
/// N_RB at 30 kHz, N_RB at 60 kHz); 0 = not defined.
const NR_FR1_N_RB: [(f64, u32, u32, u32); 15] = [
    (5.0, 25, 11, 0),
    (10.0, 52, 24, 11),
    (15.0, 79, 38, 18),
    (20.0, 106, 51, 24),
    (25.0, 133, 65, 31),
    (30.0, 160, 78, 38),
    (35.0, 188, 92, 44),
    (40.0, 216, 106, 51),
    (45.0, 242, 119, 58),
    (50.0, 270, 133, 65),
    (60.0, 0, 162, 79),
    (70.0, 0, 189, 93),
    (80.0, 0, 217, 107),
    (90.0, 0, 245, 121),
    (100.0, 0, 273, 135),
];

fn same_bw(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// LTE N_RB for a channel bandwidth of 1.4, 3, 5, 10, 15 or 20 MHz
/// (TS 36.101 Table 5.6-1).
pub fn lte_n_rb(bandwidth_mhz: f64) -> Result<u32> {
    LTE_N_RB
        .iter()
        .find(|(bw, _)| same_bw(*bw, bandwidth_mhz))
        .map(|(_, n)| *n)
        .ok_or_else(|| {
            Error::config(
                "bandwidth_mhz",
                format!(
                    "LTE channel bandwidth {bandwidth_mhz} MHz is not one of 1.4, 3, 5, 10, 15, \
                     20 MHz (TS 36.101 Table 5.6-1)"
                ),
            )
        })
}

/// NR FR1 N_RB for a channel bandwidth and subcarrier spacing
/// (TS 38.101-1 Table 5.3.2-1), e.g. 100 MHz at 30 kHz → 273,
/// 20 MHz at 15 kHz → 106.
pub fn nr_fr1_n_rb(bandwidth_mhz: f64, scs_khz: u32) -> Result<u32> {
    let n = NR_FR1_N_RB
        .iter()
        .find(|row| same_bw(row.0, bandwidth_mhz))
        .map(|&(_, n15, n30, n60)| match scs_khz {
            15 => n15,
            30 => n30,
            60 => n60,
            _ => 0,
        })
        .unwrap_or(0);
    if n == 0 {
        Err(Error::config(
            "bandwidth_mhz",
            format!(
                "NR FR1 has no {bandwidth_mhz} MHz channel at {scs_khz} kHz subcarrier spacing \
                 (TS 38.101-1 Table 5.3.2-1)"
            ),
        ))
    } else {
        Ok(n)
    }
}

/// N_RB for `rat`. LTE requires `scs_khz == 15`.
pub fn n_rb(rat: Rat, bandwidth_mhz: f64, scs_khz: u32) -> Result<u32> {
    match rat {
        Rat::Lte if scs_khz != 15 => Err(Error::config(
            "scs_khz",
            format!("LTE uses 15 kHz subcarrier spacing, got scs_khz = {scs_khz}"),
        )),
        Rat::Lte => lte_n_rb(bandwidth_mhz),
        Rat::Nr => nr_fr1_n_rb(bandwidth_mhz, scs_khz),
    }
}

/// EIRP per resource element, dBm:
/// `P_tx − 10·log10(12·N_RB) + G_tx − L_feeder`, i.e. the sector's total
/// transmit power spread evenly over all `12·N_RB` subcarriers (no
/// reference-signal power boost).
pub fn eirp_per_re_dbm(
    tx_power_dbm: f64,
    n_rb: u32,
    antenna_gain_dbi: f64,
    feeder_loss_db: f64,
) -> f64 {
    tx_power_dbm - 10.0 * f64::from(SUBCARRIERS_PER_RB * n_rb).log10() + antenna_gain_dbi
        - feeder_loss_db
}

/// Received reference-signal power per resource element (RSRP / SS-RSRP),
/// dBm: `EIRP_RE + G_ue − PL − A − L_indoor − margin`, all losses positive dB.
pub fn rsrp_dbm(
    eirp_per_re_dbm: f64,
    ue_gain_dbi: f64,
    path_loss_db: f64,
    pattern_loss_db: f64,
    indoor_loss_db: f64,
    margin_db: f64,
) -> f64 {
    eirp_per_re_dbm + ue_gain_dbi - path_loss_db - pattern_loss_db - indoor_loss_db - margin_db
}

/// Inverse of the standard normal CDF (the quantile function), by
/// P. J. Acklam's rational approximation (relative error < 1.15·10⁻⁹).
/// Returns −∞ / +∞ at 0 / 1 and NaN outside [0, 1].
///
/// ```
/// use phusong::coverage::radio::inverse_normal_cdf;
/// assert!((inverse_normal_cdf(0.90) - 1.281552).abs() < 1e-6);
/// assert!((inverse_normal_cdf(0.95) - 1.644854).abs() < 1e-6);
/// ```
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let tail = |q: f64| {
        let q = (-2.0 * q.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < P_LOW {
        tail(p)
    } else if p > 1.0 - P_LOW {
        -tail(1.0 - p)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Shadowing margin `z·σ` in dB for a cell-edge `reliability` (probability
/// that the received power exceeds the value, e.g. 0.90 → z = 1.2816), with
/// log-normal shadowing of standard deviation `sigma_db`.
pub fn shadowing_margin_db(reliability: f64, sigma_db: f64) -> f64 {
    if sigma_db == 0.0 {
        return 0.0;
    }
    inverse_normal_cdf(reliability) * sigma_db
}

/// Outdoor-to-indoor (building entry) loss applied to indoor users.
///
/// TOML: `indoor_loss = { kind = "tr38901_low_loss" }`,
/// `{ kind = "fixed", loss_db = 12.0, sigma_db = 8.0 }`, `{ kind = "none" }`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IndoorLoss {
    /// No building loss: indoor equals outdoor.
    None,
    /// A fixed loss and σ in dB, e.g. 12 dB / 8 dB (ITU-R M.1225 mean, as
    /// used by pysim5g).
    Fixed {
        /// Mean loss, dB.
        loss_db: f64,
        /// Standard deviation, dB; default 0.
        #[serde(default)]
        sigma_db: f64,
    },
    /// TR 38.901 §7.4.3 low-loss model (standard multi-pane glass, 30 %
    /// glass / 70 % concrete): `PL_tw = 5 − 10·log(0.3·10^(−L_glass/10) +
    /// 0.7·10^(−L_concrete/10))`, `PL_in = 0.5·d_2D-in`, σ_P = 4.4 dB;
    /// `L_glass = 2 + 0.2 f`, `L_concrete = 5 + 4 f` (Table 7.4.3-1, f in
    /// GHz). Default.
    #[serde(rename = "tr38901_low_loss")]
    Tr38901LowLoss {
        /// Indoor distance d_2D-in, metres. Default: the mean of TR 38.901's
        /// `min(U(0, a), U(0, a))`, i.e. a/3 — 10/3 m for RMa, 25/3 m for
        /// UMa, UMi and the non-3GPP models.
        #[serde(default)]
        indoor_distance_m: Option<f64>,
    },
    /// TR 38.901 §7.4.3 high-loss model (IRR glass, 70 % glass / 30 %
    /// concrete): `PL_tw = 5 − 10·log(0.7·10^(−L_IRRglass/10) +
    /// 0.3·10^(−L_concrete/10))`, `L_IRRglass = 23 + 0.3 f`, σ_P = 6.5 dB.
    #[serde(rename = "tr38901_high_loss")]
    Tr38901HighLoss {
        /// Indoor distance d_2D-in, metres; default as for the low-loss model.
        #[serde(default)]
        indoor_distance_m: Option<f64>,
    },
}

impl Default for IndoorLoss {
    /// TR 38.901 low-loss: brick/concrete houses with ordinary glass, the
    /// common rural and peri-urban housing stock.
    fn default() -> Self {
        IndoorLoss::Tr38901LowLoss {
            indoor_distance_m: None,
        }
    }
}

/// Mean indoor distance (m) of TR 38.901 §7.4.3 for a deployment: the mean of
/// the minimum of two U(0, a) draws is a/3, with a = 10 m for RMa and 25 m
/// otherwise.
pub fn mean_indoor_distance_m(deployment: Option<Deployment>) -> f64 {
    match deployment {
        Some(Deployment::Rma) => 10.0 / 3.0,
        _ => 25.0 / 3.0,
    }
}

impl IndoorLoss {
    /// Mean loss and σ in dB at `freq_mhz` for the given TR 38.901 deployment
    /// (used for the default indoor distance).
    pub fn loss(&self, freq_mhz: f64, deployment: Option<Deployment>) -> PathLoss {
        let f = freq_mhz / 1000.0;
        let l_glass = 2.0 + 0.2 * f;
        let l_irr_glass = 23.0 + 0.3 * f;
        let l_concrete = 5.0 + 4.0 * f;
        let mix = |w_a: f64, l_a: f64, w_b: f64, l_b: f64| {
            5.0 - 10.0 * (w_a * 10f64.powf(-l_a / 10.0) + w_b * 10f64.powf(-l_b / 10.0)).log10()
        };
        let d_in = |d: Option<f64>| d.unwrap_or_else(|| mean_indoor_distance_m(deployment));
        match *self {
            IndoorLoss::None => PathLoss {
                loss_db: 0.0,
                sigma_db: 0.0,
            },
            IndoorLoss::Fixed { loss_db, sigma_db } => PathLoss { loss_db, sigma_db },
            IndoorLoss::Tr38901LowLoss { indoor_distance_m } => PathLoss {
                loss_db: mix(0.3, l_glass, 0.7, l_concrete) + 0.5 * d_in(indoor_distance_m),
                sigma_db: 4.4,
            },
            IndoorLoss::Tr38901HighLoss { indoor_distance_m } => PathLoss {
                loss_db: mix(0.7, l_irr_glass, 0.3, l_concrete) + 0.5 * d_in(indoor_distance_m),
                sigma_db: 6.5,
            },
        }
    }

    /// Rejects negative or non-finite values.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: &str, v: f64| {
            Err(Error::config(
                format!("indoor_loss.{what}"),
                format!("indoor_loss: {what} must be a finite number ≥ 0, got {v}"),
            ))
        };
        match *self {
            IndoorLoss::None => Ok(()),
            IndoorLoss::Fixed { loss_db, sigma_db } => {
                if !(loss_db.is_finite() && loss_db >= 0.0) {
                    bad("loss_db", loss_db)
                } else if !(sigma_db.is_finite() && sigma_db >= 0.0) {
                    bad("sigma_db", sigma_db)
                } else {
                    Ok(())
                }
            }
            IndoorLoss::Tr38901LowLoss { indoor_distance_m }
            | IndoorLoss::Tr38901HighLoss { indoor_distance_m } => match indoor_distance_m {
                Some(d) if !(d.is_finite() && d >= 0.0) => bad("indoor_distance_m", d),
                _ => Ok(()),
            },
        }
    }
}

/// Coverage class of a user, ordered: `NotCovered < Covered < Good`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageTier {
    /// Below the coverage threshold.
    NotCovered,
    /// At or above the coverage threshold.
    Covered,
    /// At or above the "good" threshold.
    Good,
}

/// Classifies `rsrp_dbm` against two thresholds (inclusive).
pub fn classify(rsrp_dbm: f64, covered_dbm: f64, good_dbm: f64) -> CoverageTier {
    if rsrp_dbm >= good_dbm {
        CoverageTier::Good
    } else if rsrp_dbm >= covered_dbm {
        CoverageTier::Covered
    } else {
        CoverageTier::NotCovered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lte_n_rb_table() {
        // TS 36.101 Table 5.6-1.
        let expect = [
            (1.4, 6),
            (3.0, 15),
            (5.0, 25),
            (10.0, 50),
            (15.0, 75),
            (20.0, 100),
        ];
        for (bw, n) in expect {
            assert_eq!(lte_n_rb(bw).unwrap(), n);
            assert_eq!(n_rb(Rat::Lte, bw, 15).unwrap(), n);
        }
        assert!(lte_n_rb(7.0).is_err());
        assert!(n_rb(Rat::Lte, 10.0, 30).is_err());
    }

    #[test]
    fn nr_n_rb_table() {
        // TS 38.101-1 Table 5.3.2-1 spot checks.
        assert_eq!(nr_fr1_n_rb(100.0, 30).unwrap(), 273);
        assert_eq!(nr_fr1_n_rb(20.0, 15).unwrap(), 106);
        assert_eq!(nr_fr1_n_rb(5.0, 15).unwrap(), 25);
        assert_eq!(nr_fr1_n_rb(10.0, 15).unwrap(), 52);
        assert_eq!(nr_fr1_n_rb(50.0, 15).unwrap(), 270);
        assert_eq!(nr_fr1_n_rb(20.0, 30).unwrap(), 51);
        assert_eq!(nr_fr1_n_rb(40.0, 30).unwrap(), 106);
        assert_eq!(nr_fr1_n_rb(60.0, 30).unwrap(), 162);
        assert_eq!(nr_fr1_n_rb(80.0, 30).unwrap(), 217);
        assert_eq!(nr_fr1_n_rb(100.0, 60).unwrap(), 135);
        assert_eq!(nr_fr1_n_rb(35.0, 30).unwrap(), 92);
        assert!(nr_fr1_n_rb(100.0, 15).is_err()); // not defined at 15 kHz
        assert!(nr_fr1_n_rb(5.0, 60).is_err());
        assert!(nr_fr1_n_rb(12.0, 30).is_err());
        assert!(nr_fr1_n_rb(100.0, 120).is_err());
    }

    #[test]
    fn eirp_per_re() {
        // LTE: 46 dBm over 12·50 = 600 subcarriers: 46 − 27.7815 = 18.2185 dBm
        // per RE; + 17 dBi − 2 dB = 33.2185 dBm.
        assert!((eirp_per_re_dbm(46.0, 50, 0.0, 0.0) - 18.2185).abs() < 1e-4);
        assert!((eirp_per_re_dbm(46.0, 50, 17.0, 2.0) - 33.2185).abs() < 1e-4);
        // NR: 53 dBm over 12·273 = 3276: 53 − 35.1535 = 17.8465 dBm per RE.
        assert!((eirp_per_re_dbm(53.0, 273, 0.0, 0.0) - 17.8465).abs() < 1e-4);
        // RSRP arithmetic.
        assert_eq!(rsrp_dbm(33.0, 0.0, 130.0, 3.0, 10.0, 5.0), -115.0);
    }

    #[test]
    fn inverse_normal_reference_values() {
        // Standard normal quantiles (Abramowitz & Stegun Table 26.5 / any
        // statistics table): 0.90 → 1.281552, 0.95 → 1.644854,
        // 0.99 → 2.326348, 0.975 → 1.959964, 0.5 → 0.
        assert!((inverse_normal_cdf(0.90) - 1.281_551_566).abs() < 1e-7);
        assert!((inverse_normal_cdf(0.95) - 1.644_853_627).abs() < 1e-7);
        assert!((inverse_normal_cdf(0.975) - 1.959_963_985).abs() < 1e-7);
        assert!((inverse_normal_cdf(0.99) - 2.326_347_874).abs() < 1e-7);
        assert!(inverse_normal_cdf(0.5).abs() < 1e-12);
        assert!((inverse_normal_cdf(0.10) + 1.281_551_566).abs() < 1e-7);
        // Tail region (p < 0.02425): Φ⁻¹(1e-6) = −4.753424.
        assert!((inverse_normal_cdf(1e-6) + 4.753_424_309).abs() < 1e-6);
        assert!((inverse_normal_cdf(1.0 - 1e-6) - 4.753_424_309).abs() < 1e-5);
        assert_eq!(inverse_normal_cdf(0.0), f64::NEG_INFINITY);
        assert_eq!(inverse_normal_cdf(1.0), f64::INFINITY);
        assert!(inverse_normal_cdf(1.5).is_nan());
        // Monotone and antisymmetric.
        let mut prev = f64::NEG_INFINITY;
        for i in 1..1000 {
            let p = i as f64 / 1000.0;
            let z = inverse_normal_cdf(p);
            assert!(z > prev);
            assert!((z + inverse_normal_cdf(1.0 - p)).abs() < 1e-8);
            prev = z;
        }
    }

    #[test]
    fn margin() {
        // 90 % at σ = 8 dB: 1.281552·8 = 10.2524 dB.
        assert!((shadowing_margin_db(0.9, 8.0) - 10.2524).abs() < 1e-4);
        assert_eq!(shadowing_margin_db(0.9, 0.0), 0.0);
        assert!(shadowing_margin_db(0.5, 8.0).abs() < 1e-12);
    }

    // TR 38.901 §7.4.3, f = 3.5 GHz: L_glass = 2.7, L_concrete = 19.0,
    // L_IRRglass = 24.05 dB.
    //   low:  5 − 10·log(0.3·10^−0.27 + 0.7·10^−1.9)
    //       = 5 − 10·log(0.3·0.537032 + 0.7·0.012589)
    //       = 5 − 10·log(0.169922) = 5 + 7.697503 = 12.6975 dB
    //   high: 5 − 10·log(0.7·10^−2.405 + 0.3·10^−1.9)
    //       = 5 − 10·log(0.002755 + 0.003777) = 5 + 21.8498 = 26.8498 dB
    // f = 1.8 GHz low-loss: L_glass 2.36, L_concrete 12.2 → 11.6473 dB.
    // Plus 0.5·d_in: RMa mean d_in = 10/3 m → +1.6667 dB; UMa 25/3 → +4.1667.
    #[test]
    fn o2i_losses() {
        let low = IndoorLoss::Tr38901LowLoss {
            indoor_distance_m: Some(0.0),
        };
        let high = IndoorLoss::Tr38901HighLoss {
            indoor_distance_m: Some(0.0),
        };
        assert!((low.loss(3500.0, None).loss_db - 12.6975).abs() < 1e-3);
        assert!((high.loss(3500.0, None).loss_db - 26.8498).abs() < 1e-3);
        assert!((low.loss(1800.0, None).loss_db - 11.6473).abs() < 1e-3);
        assert_eq!(low.loss(1800.0, None).sigma_db, 4.4);
        assert_eq!(high.loss(1800.0, None).sigma_db, 6.5);
        let default = IndoorLoss::default();
        assert!(
            (default.loss(1800.0, Some(Deployment::Rma)).loss_db - (11.6473 + 5.0 / 3.0)).abs()
                < 1e-3
        );
        assert!(
            (default.loss(1800.0, Some(Deployment::Uma)).loss_db - (11.6473 + 12.5 / 3.0)).abs()
                < 1e-3
        );
        assert_eq!(IndoorLoss::None.loss(1800.0, None).loss_db, 0.0);
        let fixed = IndoorLoss::Fixed {
            loss_db: 12.0,
            sigma_db: 8.0,
        };
        assert_eq!(fixed.loss(900.0, None).loss_db, 12.0);
        assert!(fixed.validate().is_ok());
        assert!(IndoorLoss::Fixed {
            loss_db: -1.0,
            sigma_db: 0.0
        }
        .validate()
        .is_err());
    }

    #[test]
    fn tiers() {
        assert_eq!(classify(-96.0, -105.0, -95.0), CoverageTier::Covered);
        assert_eq!(classify(-95.0, -105.0, -95.0), CoverageTier::Good);
        assert_eq!(classify(-105.0, -105.0, -95.0), CoverageTier::Covered);
        assert_eq!(classify(-105.1, -105.0, -95.0), CoverageTier::NotCovered);
        assert!(CoverageTier::Good > CoverageTier::Covered);
        assert!(CoverageTier::Covered > CoverageTier::NotCovered);
    }
}
