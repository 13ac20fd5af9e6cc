//! Radio propagation: path-loss models, the sector antenna pattern, the
//! downlink link budget (RSRP / SS-RSRP), validity warnings and the per-site
//! search radius.
//!
//! Everything here is a pure function of numbers: no file IO, no households,
//! no coordinates. The engine turns its geometry (site position, household
//! position) into a 2-D distance in metres and a bearing in degrees and asks
//! this module what a user there would receive.
//!
//! # Models
//!
//! | Model ([`PropagationModel`]) | Formula source | Published validity |
//! |---|---|---|
//! | `fixed_radius` | covered iff `d ≤ radius_m` | — |
//! | `free_space` | ITU-R P.525-4 eq. (4): `20·log10(4π d f / c)` | any `f`; far field |
//! | `hata` (urban / large city / suburban / open) | Hata 1980, IEEE Trans. VT-29(3) | 150–1500 MHz, h_b 30–200 m, h_m 1–10 m, d 1–20 km |
//! | `cost231_hata` (medium city & suburban / metropolitan) | COST 231 Final Report (1999) §4.4.1 | 1500–2000 MHz, h_b 30–200 m, h_m 1–10 m, d 1–20 km |
//! | `tr38901_rma` | 3GPP TR 38.901 V17.0.0 Table 7.4.1-1 | 0.5–30 GHz, h_BS 10–150 m, h_UT 1–10 m, d 10 m–10 km (LOS) / 5 km (NLOS) |
//! | `tr38901_uma` | idem | 0.5–100 GHz, h_BS = 25 m, h_UT 1.5–22.5 m, d 10 m–5 km |
//! | `tr38901_umi` (street canyon) | idem | 0.5–100 GHz, h_BS = 10 m, h_UT 1.5–22.5 m, d 10 m–5 km |
//!
//! For the TR 38.901 models a [`LosCondition`] chooses line of sight (`los`,
//! optimistic), non line of sight (`nlos`, conservative, the standard's
//! `max(PL_LOS, PL'_NLOS)`), or `expected`: the mean received power over the
//! LOS/NLOS state, weighted by the LOS probability of TR 38.901 Table 7.4.2-1.
//!
//! A call outside a model's published range is computed (the formula is
//! extrapolated) **and** reported as a [`ValidityWarning`]; nothing is
//! clamped silently. [`PropagationModel::check_site`] checks the
//! per-site parameters (frequency, heights, building height, street width)
//! once; [`PropagationModel::check_distance`] checks one distance.
//!
//! # Link budget
//!
//! Reference-signal received power per resource element (RSRP for LTE,
//! SS-RSRP for NR), in dBm:
//!
//! ```text
//! EIRP_RE  = P_tx − 10·log10(12·N_RB) + G_tx − L_feeder
//! RSRP     = EIRP_RE + G_ue − PL(d) − A(φ, θ) − z·σ             (outdoor)
//! RSRP_in  = EIRP_RE + G_ue − PL(d) − A(φ, θ) − L_O2I − z·σ_in   (indoor)
//! ```
//!
//! with `N_RB` from TS 36.101 / TS 38.101-1 ([`n_rb`]), `A` the TR 38.901
//! Table 7.3-1 sector pattern ([`SectorAntenna`]), `L_O2I` the TR 38.901
//! §7.4.3 building entry loss ([`IndoorLoss`]), `z` the standard-normal
//! quantile of the cell-edge reliability ([`inverse_normal_cdf`]) and
//! `σ_in = √(σ² + σ_O2I²)`.
//!
//! # How an engine uses it
//!
//! ```
//! use phusong::coverage::radio::{CoverageTier, RadioConfig, SiteBudget};
//!
//! // Scenario TOML → RadioConfig (defaults for anything not given).
//! let radio = RadioConfig::default();
//! // Per site (per sector): copy the technology defaults, override what the
//! // site file knows (height, power, ...), and build the budget once.
//! let mut params = radio.lte.site.clone();
//! params.height_m = 35.0;
//! let site = SiteBudget::new(&radio.lte, &params, Some(120.0)).unwrap();
//! for w in site.warnings() {
//!     eprintln!("warning: {w}"); // once per site/model, aggregate as you like
//! }
//! let radius_m = site.search_radius_m(); // query households within this radius
//! assert!(radius_m > 100.0);
//! // Per household: 2-D distance (m) and bearing from the site (° from north).
//! let a = site.assess(500.0, 115.0);
//! assert!(a.outdoor >= CoverageTier::Covered);
//! ```
//!
//! Across several sites, the best server is the assessment with the highest
//! `rsrp_outdoor_dbm` (and, separately, `rsrp_indoor_dbm`); its tier is the
//! maximum tier, because all sites of a technology share the thresholds.

mod antenna;
mod config;
pub mod free_space;
pub mod hata;
mod link_budget;
mod model;
mod site;
pub mod tr38901;
mod validity;

pub use antenna::{bearing_difference_deg, depression_angle_deg, SectorAntenna};
pub use config::{
    radio_config, RadioConfig, RsrpThresholds, RsrpThresholdsPatch, SiteParams, SiteParamsPatch,
    TechnologyConfig, DEFAULT_RELIABILITY,
};
pub use link_budget::{
    classify, eirp_per_re_dbm, inverse_normal_cdf, lte_n_rb, mean_indoor_distance_m, n_rb,
    nr_fr1_n_rb, rsrp_dbm, shadowing_margin_db, CoverageTier, IndoorLoss, Rat, SUBCARRIERS_PER_RB,
};
pub use model::{Cost231City, HataEnvironment, LosCondition, PropagationModel, MIN_DISTANCE_M};
pub use site::{
    boresight_key, max_distance_m, Assessment, Reception, SiteBudget, SiteBudgets,
    MAX_SEARCH_RADIUS_M,
};
pub use validity::{DistanceTally, ModelValidity, Parameter, ValidRange, ValidityWarning};

/// The geometry and frequency of one base-station → user link.
///
/// Distances are horizontal (2-D, along the ground) in metres; models that
/// need the slant (3-D) distance derive it from the two heights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// Carrier (centre) frequency in MHz.
    pub freq_mhz: f64,
    /// Horizontal distance between base station and user, metres.
    pub d_2d_m: f64,
    /// Base-station antenna height above ground, metres.
    pub h_bs_m: f64,
    /// User-equipment antenna height above ground, metres.
    pub h_ut_m: f64,
}

impl Link {
    /// Slant (3-D) distance `√(d_2D² + (h_BS − h_UT)²)` in metres.
    pub fn d_3d_m(&self) -> f64 {
        self.d_2d_m.hypot(self.h_bs_m - self.h_ut_m)
    }

    /// Frequency in GHz (the unit of `f_c` in TR 38.901).
    pub fn freq_ghz(&self) -> f64 {
        self.freq_mhz / 1000.0
    }
}

/// A median path loss and the standard deviation of the log-normal
/// shadow fading around it, both in dB.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathLoss {
    /// Median (or, for `expected`, mean-power-equivalent) path loss, dB.
    pub loss_db: f64,
    /// Shadow-fading standard deviation, dB.
    pub sigma_db: f64,
}

/// Speed of light in vacuum, m/s (exact, SI). Used for free space.
pub const SPEED_OF_LIGHT_M_S: f64 = 299_792_458.0;
