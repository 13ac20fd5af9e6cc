//! Per-site link budget: everything that depends only on the site is
//! computed once in [`SiteBudget::new`] (EIRP per RE, indoor loss, validity
//! warnings, search radius); [`SiteBudget::assess`] then classifies one user
//! from its distance and bearing.

use serde::Serialize;

use super::antenna::{bearing_difference_deg, depression_angle_deg, SectorAntenna};
use super::config::{RsrpThresholds, SiteParams, TechnologyConfig};
use super::link_budget::{inverse_normal_cdf, CoverageTier};
use super::model::PropagationModel;
use super::validity::ValidityWarning;
use super::{Link, PathLoss};
use crate::{Error, Result};

/// Upper bound of the search radius, metres (100 km). Beyond every model's
/// published range (Hata 20 km) and beyond the radio horizon of a 150 m mast
/// seen from 1.5 m (≈ 55 km with 4/3 earth radius), so the cap only binds
/// for free space or absurd link budgets.
pub const MAX_SEARCH_RADIUS_M: f64 = 100_000.0;

/// Smallest distance the search looks at, metres.
const MIN_SEARCH_DISTANCE_M: f64 = 1.0;

/// Number of logarithmically spaced samples between the minimum and maximum
/// search distance (a step of ≈1.2 % in distance).
const SEARCH_GRID_POINTS: usize = 1000;

/// The largest distance in `[d_min_m, d_max_m]` at which `margin_db(d) ≥ 0`,
/// or 0 if there is none.
///
/// `margin_db` is typically "received power minus threshold". The solver
/// does not assume monotonicity: it samples a logarithmic grid of 1000
/// points from the far end inwards, takes the last sample that still meets
/// the threshold, and bisects between it and the next sample to 1 mm.
/// (A margin that dips below zero and recovers within one grid step could
/// be missed; the path-loss models here are monotone, see the tests.)
pub fn max_distance_m(margin_db: impl Fn(f64) -> f64, d_min_m: f64, d_max_m: f64) -> f64 {
    let n = SEARCH_GRID_POINTS;
    let span = (d_max_m / d_min_m).ln();
    let at = |i: usize| {
        if i == n {
            d_max_m
        } else {
            d_min_m * (span * i as f64 / n as f64).exp()
        }
    };
    let Some(last_ok) = (0..=n).rev().find(|&i| margin_db(at(i)) >= 0.0) else {
        return 0.0;
    };
    if last_ok == n {
        return d_max_m;
    }
    let (mut lo, mut hi) = (at(last_ok), at(last_ok + 1));
    for _ in 0..100 {
        if hi - lo < 1e-3 {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if margin_db(mid) >= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Received power of one user and its components. All losses are positive
/// dB; all powers are per resource element (RSRP / SS-RSRP).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reception {
    /// Median path loss, dB.
    pub path_loss_db: f64,
    /// Shadow-fading σ used outdoors, dB.
    pub sigma_db: f64,
    /// Antenna pattern attenuation towards the user, dB.
    pub pattern_loss_db: f64,
    /// Median outdoor RSRP (no margin), dBm.
    pub rsrp_median_dbm: f64,
    /// Outdoor shadowing margin z·σ, dB.
    pub margin_outdoor_db: f64,
    /// Outdoor RSRP exceeded with the configured reliability, dBm:
    /// `rsrp_median_dbm − margin_outdoor_db`.
    pub rsrp_outdoor_dbm: f64,
    /// Mean building entry loss, dB.
    pub indoor_loss_db: f64,
    /// Indoor margin `z·√(σ² + σ_O2I²)`, dB.
    pub margin_indoor_db: f64,
    /// Indoor RSRP exceeded with the configured reliability, dBm:
    /// `rsrp_median_dbm − indoor_loss_db − margin_indoor_db`.
    pub rsrp_indoor_dbm: f64,
}

/// The coverage of one user by one site.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Assessment {
    /// Outdoor tier.
    pub outdoor: CoverageTier,
    /// Indoor tier.
    pub indoor: CoverageTier,
    /// The link budget; `None` for the fixed-radius model.
    pub reception: Option<Reception>,
}

/// The link budget of one site sector, ready to assess users.
#[derive(Debug, Clone)]
pub struct SiteBudget {
    model: PropagationModel,
    params: SiteParams,
    antenna: SectorAntenna,
    azimuth_deg: Option<f64>,
    thresholds: RsrpThresholds,
    z: f64,
    sigma_override_db: Option<f64>,
    indoor: PathLoss,
    n_rb: u32,
    eirp_per_re_dbm: f64,
    warnings: Vec<ValidityWarning>,
    search_radius_m: f64,
}

impl SiteBudget {
    /// Builds the budget of one sector.
    ///
    /// - `tech`: the technology's configuration (model, thresholds,
    ///   reliability, indoor loss, σ override; its `site` field is ignored);
    /// - `site`: this sector's parameters (start from `tech.site` and
    ///   override what the site data knows);
    /// - `azimuth_deg`: boresight bearing, degrees clockwise from north;
    ///   `None` for an omnidirectional (or unknown-azimuth) antenna.
    ///
    /// Errors on values that make the budget meaningless (see
    /// [`TechnologyConfig::validate`]). Values outside a model's published
    /// range are not errors: they are in [`Self::warnings`].
    pub fn new(
        tech: &TechnologyConfig,
        site: &SiteParams,
        azimuth_deg: Option<f64>,
    ) -> Result<Self> {
        Self::with_radius(tech, site, azimuth_deg, SiteBudget::compute_search_radius_m)
    }

    /// [`new`](Self::new), with the search radius (of a budget that passed
    /// the checks) from `radius`: computed, or one already computed for
    /// the same [`boresight_key`].
    fn with_radius(
        tech: &TechnologyConfig,
        site: &SiteParams,
        azimuth_deg: Option<f64>,
        radius: impl FnOnce(&SiteBudget) -> f64,
    ) -> Result<Self> {
        let cfg = TechnologyConfig {
            site: site.clone(),
            ..tech.clone()
        };
        cfg.validate()?;
        if let Some(a) = azimuth_deg {
            if !a.is_finite() {
                return Err(Error::config(
                    "azimuth_deg",
                    format!("sector azimuth {a} is not a number"),
                ));
            }
        }
        let n_rb = site.n_rb(cfg.rat)?;
        let eirp_per_re_dbm = site.eirp_per_re_dbm(cfg.rat)?;
        let indoor = cfg
            .indoor_loss
            .loss(site.freq_mhz, cfg.model.tr38901_deployment());
        let mut budget = SiteBudget {
            antenna: site.antenna(),
            model: cfg.model,
            params: cfg.site,
            azimuth_deg,
            thresholds: cfg.thresholds,
            z: inverse_normal_cdf(cfg.reliability),
            sigma_override_db: cfg.shadowing_sigma_db,
            indoor,
            n_rb,
            eirp_per_re_dbm,
            warnings: Vec::new(),
            search_radius_m: 0.0,
        };
        budget.search_radius_m = match budget.model.fixed_radius_m() {
            Some(r) => r,
            None => radius(&budget),
        };
        let mut warnings = budget
            .model
            .check_site(site.freq_mhz, site.height_m, site.ue_height_m);
        if budget.search_radius_m > 0.0 {
            // The coverage area extends beyond (or lies entirely below) the
            // published distance range: reported once per site.
            warnings.extend(budget.model.check_distance(budget.search_radius_m));
        }
        budget.warnings = warnings;
        Ok(budget)
    }

    fn compute_search_radius_m(&self) -> f64 {
        let th = &self.thresholds;
        max_distance_m(
            |d| match self.boresight_reception(d) {
                Some(rx) => (rx.rsrp_outdoor_dbm - th.covered_outdoor_dbm)
                    .max(rx.rsrp_indoor_dbm - th.covered_indoor_dbm),
                None => f64::NEG_INFINITY,
            },
            MIN_SEARCH_DISTANCE_M,
            MAX_SEARCH_RADIUS_M,
        )
    }

    /// Validity warnings of this site: per-site parameters outside the
    /// model's published ranges, and a search radius outside its distance
    /// range. Report them once per site (or aggregate by model and
    /// parameter).
    pub fn warnings(&self) -> &[ValidityWarning] {
        &self.warnings
    }

    /// Search radius in metres: the largest distance at which the best-case
    /// received power (boresight, no pattern loss, including the shadowing
    /// margin) still reaches the lower ("covered") threshold, outdoors or
    /// indoors, capped at [`MAX_SEARCH_RADIUS_M`]. Users farther away are
    /// never covered by this site, so the engine need only query households
    /// within it. For `fixed_radius` it is the radius.
    pub fn search_radius_m(&self) -> f64 {
        self.search_radius_m
    }

    /// The propagation model.
    pub fn model(&self) -> &PropagationModel {
        &self.model
    }

    /// This sector's parameters.
    pub fn params(&self) -> &SiteParams {
        &self.params
    }

    /// Resource blocks of the carrier.
    pub fn n_rb(&self) -> u32 {
        self.n_rb
    }

    /// EIRP per resource element, dBm.
    pub fn eirp_per_re_dbm(&self) -> f64 {
        self.eirp_per_re_dbm
    }

    /// Mean building entry loss and its σ, dB.
    pub fn indoor_loss(&self) -> PathLoss {
        self.indoor
    }

    /// A validity warning if this user's distance is outside the model's
    /// published range (for per-household counting).
    pub fn check_distance(&self, d_2d_m: f64) -> Option<ValidityWarning> {
        self.model.check_distance(d_2d_m)
    }

    /// The link budget of a user at `d_2d_m` metres towards whom the
    /// antenna pattern attenuates `pattern_loss_db` (from
    /// [`pattern_loss_db`](Self::pattern_loss_db): then it equals
    /// [`reception`](Self::reception)); `None` for the fixed-radius model.
    pub fn reception_with_pattern(&self, d_2d_m: f64, pattern_loss_db: f64) -> Option<Reception> {
        let p = &self.params;
        let link = Link {
            freq_mhz: p.freq_mhz,
            d_2d_m,
            h_bs_m: p.height_m,
            h_ut_m: p.ue_height_m,
        };
        let pl = self.model.path_loss(&link)?;
        let sigma_db = self.sigma_override_db.unwrap_or(pl.sigma_db);
        let margin_outdoor_db = self.z * sigma_db;
        let margin_indoor_db = self.z * sigma_db.hypot(self.indoor.sigma_db);
        let rsrp_median_dbm = self.eirp_per_re_dbm + p.ue_gain_dbi - pl.loss_db - pattern_loss_db;
        Some(Reception {
            path_loss_db: pl.loss_db,
            sigma_db,
            pattern_loss_db,
            rsrp_median_dbm,
            margin_outdoor_db,
            rsrp_outdoor_dbm: rsrp_median_dbm - margin_outdoor_db,
            indoor_loss_db: self.indoor.loss_db,
            margin_indoor_db,
            rsrp_indoor_dbm: rsrp_median_dbm - self.indoor.loss_db - margin_indoor_db,
        })
    }

    /// Antenna pattern attenuation (dB) towards a user at horizontal
    /// distance `d_2d_m` and bearing `bearing_deg` (degrees clockwise from
    /// north, from the site to the user).
    pub fn pattern_loss_db(&self, d_2d_m: f64, bearing_deg: f64) -> f64 {
        self.pattern_loss_at_db(bearing_deg, self.depression_deg(d_2d_m))
    }

    /// The depression angle of a user at `d_2d_m` metres as this sector's
    /// antenna sees it, degrees (it depends on the distance and the two
    /// heights only, so sectors of one mast with the same heights share it).
    pub fn depression_deg(&self, d_2d_m: f64) -> f64 {
        depression_angle_deg(self.params.height_m, self.params.ue_height_m, d_2d_m)
    }

    /// [`pattern_loss_db`](Self::pattern_loss_db) from the user's bearing
    /// and its [`depression_deg`](Self::depression_deg): the same value,
    /// bit for bit, when `depression_deg` is this sector's at the distance.
    pub fn pattern_loss_at_db(&self, bearing_deg: f64, depression_deg: f64) -> f64 {
        let offset = self
            .azimuth_deg
            .map(|az| bearing_difference_deg(bearing_deg, az));
        self.antenna.pattern_loss_db(offset, depression_deg)
    }

    /// The link budget of a user at `d_2d_m` metres and bearing
    /// `bearing_deg`; `None` for the fixed-radius model.
    pub fn reception(&self, d_2d_m: f64, bearing_deg: f64) -> Option<Reception> {
        self.reception_with_pattern(d_2d_m, self.pattern_loss_db(d_2d_m, bearing_deg))
    }

    /// The link budget without antenna pattern loss (the best case used for
    /// the search radius); `None` for the fixed-radius model.
    pub fn boresight_reception(&self, d_2d_m: f64) -> Option<Reception> {
        self.reception_with_pattern(d_2d_m, 0.0)
    }

    /// Classifies a user at `d_2d_m` metres and bearing `bearing_deg`
    /// (degrees clockwise from north, site → user), outdoors and indoors.
    ///
    /// For `fixed_radius`, both tiers are `Covered` within the radius (there
    /// is no "good" tier) and `NotCovered` beyond.
    pub fn assess(&self, d_2d_m: f64, bearing_deg: f64) -> Assessment {
        if let Some(radius_m) = self.model.fixed_radius_m() {
            let tier = if d_2d_m <= radius_m {
                CoverageTier::Covered
            } else {
                CoverageTier::NotCovered
            };
            return Assessment {
                outdoor: tier,
                indoor: tier,
                reception: None,
            };
        }
        match self.reception(d_2d_m, bearing_deg) {
            Some(rx) => Assessment {
                outdoor: self.thresholds.classify_outdoor(rx.rsrp_outdoor_dbm),
                indoor: self.thresholds.classify_indoor(rx.rsrp_indoor_dbm),
                reception: Some(rx),
            },
            None => Assessment {
                outdoor: CoverageTier::NotCovered,
                indoor: CoverageTier::NotCovered,
                reception: None,
            },
        }
    }
}

/// The parameters a sector's boresight budget (no pattern loss) depends on
/// within one technology's configuration, as bit patterns: frequency,
/// carrier, power, gains and losses, heights. Sectors with equal keys have
/// the same search radius and the same boresight RSRP at every distance
/// (the azimuth, beamwidths and tilt only enter the pattern loss).
pub fn boresight_key(p: &SiteParams) -> [u64; 9] {
    [
        p.freq_mhz,
        p.bandwidth_mhz,
        p.scs_khz as f64,
        p.tx_power_dbm,
        p.antenna_gain_dbi,
        p.feeder_loss_db,
        p.height_m,
        p.ue_height_m,
        p.ue_gain_dbi,
    ]
    .map(f64::to_bits)
}

/// Builds the budgets of many sectors of one technology, computing the
/// search radius (a thousand samples and a bisection of the boresight
/// budget) once per distinct [`boresight_key`] instead of once per sector:
/// a province's sectors mostly share their parameters and differ in the
/// azimuth only. Every budget equals [`SiteBudget::new`]'s (tested).
///
/// ```
/// use phusong::coverage::radio::{RadioConfig, SiteBudget, SiteBudgets};
/// let lte = RadioConfig::default().lte;
/// let mut budgets = SiteBudgets::new(lte.clone());
/// let a = budgets.budget(&lte.site, Some(0.0)).unwrap();
/// let b = budgets.budget(&lte.site, Some(120.0)).unwrap();
/// assert_eq!(a.search_radius_m(), b.search_radius_m());
/// let c = SiteBudget::new(&lte, &lte.site, Some(120.0)).unwrap();
/// assert_eq!(b.search_radius_m(), c.search_radius_m());
/// ```
#[derive(Debug, Clone)]
pub struct SiteBudgets {
    tech: TechnologyConfig,
    radii: std::collections::HashMap<[u64; 9], f64>,
}

impl SiteBudgets {
    /// A builder for the technology configured by `tech` (its `site` field
    /// is ignored, as in [`SiteBudget::new`]).
    pub fn new(tech: TechnologyConfig) -> Self {
        SiteBudgets {
            tech,
            radii: std::collections::HashMap::new(),
        }
    }

    /// The technology's configuration.
    pub fn config(&self) -> &TechnologyConfig {
        &self.tech
    }

    /// [`SiteBudget::new`]`(config, site, azimuth_deg)`, the same budget or
    /// the same error.
    pub fn budget(&mut self, site: &SiteParams, azimuth_deg: Option<f64>) -> Result<SiteBudget> {
        let key = boresight_key(site);
        let known = self.radii.get(&key).copied();
        let budget = SiteBudget::with_radius(&self.tech, site, azimuth_deg, |b| {
            known.unwrap_or_else(|| b.compute_search_radius_m())
        })?;
        if known.is_none() && budget.model.fixed_radius_m().is_none() {
            self.radii.insert(key, budget.search_radius_m);
        }
        Ok(budget)
    }
}

#[cfg(test)]
mod tests {
    use super::super::link_budget::IndoorLoss;
    use super::super::model::{Cost231City, HataEnvironment, LosCondition};
    use super::super::validity::Parameter;
    use super::*;

    fn lte_with(model: PropagationModel) -> TechnologyConfig {
        TechnologyConfig {
            model,
            ..TechnologyConfig::lte_default()
        }
    }

    fn cost231() -> PropagationModel {
        PropagationModel::Cost231Hata {
            city: Cost231City::MediumCity,
        }
    }

    // LTE default sector (46 dBm, 50 RB, 17 dBi, 2 dB, 30 m, tilt 5°, θ_3dB 9°),
    // COST-231 medium city at 1800 MHz, user at 1 km on boresight, 1.5 m:
    //   EIRP_RE = 46 − 10·log(600) + 17 − 2 = 33.2185 dBm
    //   PL = 136.1969 dB (hata.rs test)
    //   depression = atan(28.5/1000) = 1.632488°; offset from tilt −3.367512°
    //   A_V = 12·(3.367512/9)² = 1.680000 dB → pattern loss 1.6800 dB
    //   median = 33.2185 − 136.1969 − 1.6800 = −104.6584 dBm
    //   margin = 1.281552·8 = 10.2524 → outdoor −114.9108 dBm (< −105: not covered)
    //   indoor (TR 38.901 low loss, d_in 25/3 m): 11.6473 + 4.1667 = 15.8139 dB,
    //   σ_in = √(8² + 4.4²) = 9.1302, margin 11.7009 →
    //   indoor −104.6584 − 15.8139 − 11.7009 = −132.1732 dBm
    #[test]
    fn hand_computed_budget() {
        let tech = lte_with(cost231());
        let site = SiteBudget::new(&tech, &tech.site, Some(90.0)).unwrap();
        assert_eq!(site.n_rb(), 50);
        assert!((site.eirp_per_re_dbm() - 33.2185).abs() < 1e-4);
        let rx = site.reception(1000.0, 90.0).unwrap();
        assert!((rx.path_loss_db - 136.1969).abs() < 1e-3);
        assert!((rx.pattern_loss_db - 1.6800).abs() < 1e-3);
        assert!((rx.rsrp_median_dbm - (-104.6584)).abs() < 1e-3);
        assert!((rx.margin_outdoor_db - 10.2524).abs() < 1e-3);
        assert!((rx.rsrp_outdoor_dbm - (-114.9108)).abs() < 1e-3);
        assert!((rx.indoor_loss_db - 15.8139).abs() < 1e-3);
        assert!((rx.margin_indoor_db - 11.7009).abs() < 1e-3);
        assert!((rx.rsrp_indoor_dbm - (-132.1732)).abs() < 1e-3);
        let a = site.assess(1000.0, 90.0);
        assert_eq!(a.outdoor, CoverageTier::NotCovered);
        assert_eq!(a.indoor, CoverageTier::NotCovered);
        // Closer in it is covered, then good.
        assert!(site.assess(400.0, 90.0).outdoor >= CoverageTier::Covered);
        // 300 m: PL = 136.1969 + 35.2249·log 0.3 = 117.7786 dB; depression
        // 5.43°, pattern 0.03 dB → outdoor 33.2185 − 117.7786 − 0.03 − 10.2524
        // = −94.84 dBm ≥ −95: good.
        assert_eq!(site.assess(300.0, 90.0).outdoor, CoverageTier::Good);
        // 100 m: depression 15.9° is 10.9° below the beam (17.6 dB pattern
        // loss) → only covered.
        assert_eq!(site.assess(100.0, 90.0).outdoor, CoverageTier::Covered);
    }

    #[test]
    fn pattern_back_lobe_and_omni() {
        let tech = lte_with(cost231());
        let site = SiteBudget::new(&tech, &tech.site, Some(0.0)).unwrap();
        let front = site.reception(1000.0, 0.0).unwrap();
        let back = site.reception(1000.0, 180.0).unwrap();
        // Back: min(30 + A_V, 30) = 30 dB.
        assert!((back.pattern_loss_db - 30.0).abs() < 1e-9);
        assert!((front.rsrp_median_dbm - back.rsrp_median_dbm - (30.0 - 1.68)).abs() < 1e-3);
        // Bearing wrap-around: 350° is 10° off a 0° sector, like 10°.
        let a = site.reception(1000.0, 350.0).unwrap();
        let b = site.reception(1000.0, 10.0).unwrap();
        assert!((a.rsrp_median_dbm - b.rsrp_median_dbm).abs() < 1e-12);
        // Omni: same at every bearing, equal to the front.
        let omni = SiteBudget::new(&tech, &tech.site, None).unwrap();
        for bearing in [0.0, 90.0, 180.0, 270.0] {
            let rx = omni.reception(1000.0, bearing).unwrap();
            assert!((rx.rsrp_median_dbm - front.rsrp_median_dbm).abs() < 1e-12);
        }
    }

    fn models() -> Vec<PropagationModel> {
        let mut v = vec![
            PropagationModel::FreeSpace,
            cost231(),
            PropagationModel::Hata {
                environment: HataEnvironment::Open,
            },
            PropagationModel::Hata {
                environment: HataEnvironment::Urban,
            },
        ];
        for condition in [
            LosCondition::Los,
            LosCondition::Nlos,
            LosCondition::Expected,
        ] {
            v.push(PropagationModel::Tr38901Rma {
                condition,
                building_height_m: 5.0,
                street_width_m: 20.0,
            });
            v.push(PropagationModel::Tr38901Uma { condition });
            v.push(PropagationModel::Tr38901Umi { condition });
        }
        v
    }

    /// Search radius round trip: at the returned radius the better of the
    /// outdoor and indoor margins is 0 dB (to the 1 mm bisection), unless the
    /// crossing sits on a step (the RMa LOS σ step 4 → 6 dB at d_BP); just
    /// beyond it the user is not covered; just inside it is.
    #[test]
    fn search_radius_round_trip() {
        for rat_tech in [
            TechnologyConfig::lte_default(),
            TechnologyConfig::nr_default(),
        ] {
            for model in models() {
                let tech = TechnologyConfig {
                    model: model.clone(),
                    ..rat_tech.clone()
                };
                let site = SiteBudget::new(&tech, &tech.site, None).unwrap();
                let r = site.search_radius_m();
                if model == PropagationModel::FreeSpace {
                    // Free space at 100 km: LTE 1800 MHz 137.6 dB → −104.3 dBm,
                    // NR 3500 MHz 143.3 dB → −101.5 dBm: still covered, so the
                    // cap binds.
                    assert_eq!(r, MAX_SEARCH_RADIUS_M);
                    continue;
                }
                assert!(r > 10.0 && r < MAX_SEARCH_RADIUS_M, "{model:?}: r = {r}");
                let th = &tech.thresholds;
                let margin = |d: f64| {
                    let rx = site.boresight_reception(d).unwrap();
                    (rx.rsrp_outdoor_dbm - th.covered_outdoor_dbm)
                        .max(rx.rsrp_indoor_dbm - th.covered_indoor_dbm)
                };
                assert!(margin(r) >= 0.0, "{model:?}");
                assert!(margin(r * 1.001) < 0.0, "{model:?}");
                assert!(margin(r * 0.999) >= 0.0, "{model:?}");
                let step = matches!(
                    model,
                    PropagationModel::Tr38901Rma {
                        condition: LosCondition::Los,
                        ..
                    }
                );
                if !step {
                    assert!(margin(r) < 0.01, "{model:?}: margin at r = {}", margin(r));
                }
                // Monotone received power (boresight) from 10 m to 20 km.
                let mut prev = f64::INFINITY;
                for i in 0..=500 {
                    let d = 10.0 * 2000f64.powf(i as f64 / 500.0);
                    let rx = site.boresight_reception(d).unwrap().rsrp_outdoor_dbm;
                    assert!(rx <= prev + 1e-9, "{model:?}: RSRP rose at {d} m");
                    prev = rx;
                }
            }
        }
    }

    // Hand check of the inversion with COST-231 (monotone, closed form):
    //   outdoor: 33.2185 − PL − 10.2524 = −105 → PL = 127.9661 dB
    //   log d = (127.9661 − 136.1969)/35.224856 = −0.233667 → d = 583.9 m
    //   (indoor is lower, so the outdoor radius decides).
    #[test]
    fn search_radius_closed_form_cost231() {
        let tech = lte_with(cost231());
        let site = SiteBudget::new(&tech, &tech.site, Some(0.0)).unwrap();
        assert!(
            (site.search_radius_m() - 583.9).abs() < 0.5,
            "{}",
            site.search_radius_m()
        );
        // …which is below COST-231's 1 km minimum distance: one warning.
        let w = site.warnings();
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].parameter, Parameter::Distance2dM);
    }

    #[test]
    fn warnings_once_per_site() {
        // Hata at 1800 MHz: frequency out of range.
        let tech = lte_with(PropagationModel::Hata {
            environment: HataEnvironment::Open,
        });
        let site = SiteBudget::new(&tech, &tech.site, None).unwrap();
        assert!(site
            .warnings()
            .iter()
            .any(|w| w.parameter == Parameter::FreqMhz && w.model == "hata"));
        // UMa with a 30 m mast: h_BS is not the published 25 m.
        let tech = lte_with(PropagationModel::Tr38901Uma {
            condition: LosCondition::Nlos,
        });
        let site = SiteBudget::new(&tech, &tech.site, None).unwrap();
        assert!(site
            .warnings()
            .iter()
            .any(|w| w.parameter == Parameter::BsHeightM));
        // Default RMa with defaults: parameters in range; distance check on
        // the radius only if it leaves 10 m–5 km.
        let tech = TechnologyConfig::lte_default();
        let site = SiteBudget::new(&tech, &tech.site, None).unwrap();
        let r = site.search_radius_m();
        let expect_distance_warning = !(10.0..=5000.0).contains(&r);
        assert_eq!(site.warnings().len(), usize::from(expect_distance_warning));
        assert!(site.check_distance(6000.0).is_some());
        assert!(site.check_distance(2000.0).is_none());
    }

    /// The builder's budgets are those of `SiteBudget::new`, field for
    /// field, whether the radius was computed or shared, and so are its
    /// errors.
    #[test]
    fn shared_radii_give_the_budgets_of_new() {
        for tech in [TechnologyConfig::lte_default(), lte_with(cost231())] {
            let mut budgets = SiteBudgets::new(tech.clone());
            let mut sites = Vec::new();
            for (k, h) in [30.0, 45.0, 30.0, 45.0, 30.0].into_iter().enumerate() {
                let mut p = tech.site.clone();
                p.height_m = h;
                p.downtilt_deg = 2.0 + k as f64;
                p.h_beamwidth_deg = 50.0 + 5.0 * k as f64;
                sites.push((p.clone(), Some(40.0 * k as f64)));
                sites.push((p.clone(), None));
                p.tx_power_dbm += 3.0;
                sites.push((p, Some(7.0)));
            }
            let mut bad = tech.site.clone();
            bad.bandwidth_mhz = 7.0;
            sites.push((bad, Some(0.0)));
            sites.push((tech.site.clone(), Some(f64::NAN)));
            for (p, az) in &sites {
                let want = SiteBudget::new(&tech, p, *az);
                let got = budgets.budget(p, *az);
                assert_eq!(format!("{want:?}"), format!("{got:?}"));
            }
            // Two heights × two powers with a radius each.
            assert_eq!(budgets.radii.len(), 4);
        }
    }

    #[test]
    fn fixed_radius() {
        let tech = lte_with(PropagationModel::FixedRadius { radius_m: 4000.0 });
        let site = SiteBudget::new(&tech, &tech.site, Some(10.0)).unwrap();
        assert_eq!(site.search_radius_m(), 4000.0);
        assert!(site.warnings().is_empty());
        let a = site.assess(3999.0, 200.0);
        assert_eq!(a.outdoor, CoverageTier::Covered);
        assert_eq!(a.indoor, CoverageTier::Covered);
        assert!(a.reception.is_none());
        assert_eq!(site.assess(4001.0, 0.0).outdoor, CoverageTier::NotCovered);
    }

    #[test]
    fn sigma_override_and_indoor_none() {
        let mut tech = lte_with(cost231());
        tech.shadowing_sigma_db = Some(0.0);
        tech.indoor_loss = IndoorLoss::None;
        let site = SiteBudget::new(&tech, &tech.site, None).unwrap();
        let rx = site.boresight_reception(1000.0).unwrap();
        assert_eq!(rx.margin_outdoor_db, 0.0);
        assert_eq!(rx.rsrp_outdoor_dbm, rx.rsrp_indoor_dbm);
        // Closed form with no margin: 33.2185 − PL = −105 → PL = 138.2185,
        // log d = (138.2185 − 136.1969)/35.224856 = 0.057392 → d = 1141.3 m.
        assert!(
            (site.search_radius_m() - 1141.3).abs() < 0.5,
            "{}",
            site.search_radius_m()
        );
    }

    #[test]
    fn solver_edges() {
        // Never reached → 0; always reached → cap; a step function.
        assert_eq!(max_distance_m(|_| -1.0, 1.0, 1000.0), 0.0);
        assert_eq!(max_distance_m(|_| 1.0, 1.0, 1000.0), 1000.0);
        let r = max_distance_m(|d| 500.0 - d, 1.0, 1000.0);
        assert!((r - 500.0).abs() < 1e-3);
        // Not monotone: covered near, a hole, covered again farther out.
        let r = max_distance_m(
            |d| {
                if (100.0..200.0).contains(&d) {
                    -1.0
                } else {
                    700.0 - d
                }
            },
            1.0,
            1000.0,
        );
        assert!((r - 700.0).abs() < 1e-3);
    }

    #[test]
    fn rejects_bad_input() {
        let tech = TechnologyConfig::lte_default();
        assert!(SiteBudget::new(&tech, &tech.site, Some(f64::NAN)).is_err());
        let mut bad = tech.site.clone();
        bad.bandwidth_mhz = 7.0;
        assert!(SiteBudget::new(&tech, &bad, None).is_err());
    }
}
