//! Scenario configuration of the radio layer: per-technology default site
//! parameters, thresholds, reliability, indoor loss and model, all
//! overridable from a scenario TOML.
//!
//! ```toml
//! [radio.lte]                       # or [radio.4g]
//! model = { kind = "cost231_hata", city = "medium_city" }
//! reliability = 0.95
//! site = { height_m = 35.0, tx_power_dbm = 43.0 }
//! thresholds = { covered_outdoor_dbm = -110.0 }
//!
//! [radio.nr]                        # or [radio.5g]
//! model = { kind = "tr38901_uma", condition = "nlos" }
//! indoor_loss = { kind = "fixed", loss_db = 18.0, sigma_db = 8.0 }
//! ```
//!
//! Each key overrides one default; every key not given keeps the default of
//! *that technology* (a `[radio.nr]` table that sets only `height_m` still
//! gets 3500 MHz, 100 MHz at 30 kHz, ...). Unknown keys are errors.

use serde::{Deserialize, Deserializer, Serialize};

use super::antenna::SectorAntenna;
use super::link_budget::{self, classify, CoverageTier, IndoorLoss, Rat};
use super::model::PropagationModel;
use crate::{Error, Result};

/// Defines a struct and a "patch" twin whose fields are all `Option`, plus
/// `patched`, which applies the patch onto a base value. The patch is what a
/// scenario file deserialises into, so that absent keys keep the base
/// (technology-specific) default.
macro_rules! with_patch {
    (
        $(#[$meta:meta])*
        pub struct $name:ident, patch $patch:ident {
            $(
                $(#[$fmeta:meta])*
                pub $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        #[doc = concat!(
            "A partial [`", stringify!($name), "`] as read from a scenario: each key given ",
            "overrides the base value, the others keep it. Unknown keys are rejected."
        )]
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $patch {
            $(
                #[doc = concat!("Override of `", stringify!($field), "`.")]
                pub $field: Option<$ty>,
            )*
        }

        impl $name {
            /// `self` with every field present in `patch` replaced.
            pub fn patched(mut self, patch: $patch) -> Self {
                $( if let Some(v) = patch.$field { self.$field = v; } )*
                self
            }
        }
    };
}

with_patch! {
    /// Transmitter, antenna and receiver parameters of one site sector.
    ///
    /// `Default` is the 4G macro sector ([`SiteParams::lte_1800_macro`]).
    /// Deserialising a `SiteParams` directly fills absent keys from that
    /// default; inside a [`TechnologyConfig`] absent keys come from the
    /// technology's own default instead.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct SiteParams, patch SiteParamsPatch {
        /// Carrier (centre) frequency, MHz.
        pub freq_mhz: f64,
        /// Channel bandwidth, MHz (LTE: 1.4/3/5/10/15/20; NR FR1: 5–100).
        pub bandwidth_mhz: f64,
        /// Subcarrier spacing, kHz (LTE: 15; NR: 15/30/60).
        pub scs_khz: u32,
        /// Total transmit power of the sector carrier at the radio output, dBm.
        pub tx_power_dbm: f64,
        /// Maximum (boresight) antenna gain, dBi.
        pub antenna_gain_dbi: f64,
        /// Feeder, jumper and connector loss, dB.
        pub feeder_loss_db: f64,
        /// Antenna height above ground, metres.
        pub height_m: f64,
        /// Horizontal half-power beamwidth φ_3dB, degrees.
        pub h_beamwidth_deg: f64,
        /// Vertical half-power beamwidth θ_3dB, degrees.
        pub v_beamwidth_deg: f64,
        /// Total (mechanical + electrical) downtilt, degrees, positive down.
        pub downtilt_deg: f64,
        /// Front-to-back / maximum attenuation A_m, dB.
        pub max_attenuation_db: f64,
        /// Vertical side-lobe attenuation SLA_V, dB.
        pub sla_v_db: f64,
        /// User-equipment antenna height, metres.
        pub ue_height_m: f64,
        /// User-equipment antenna gain, dBi.
        pub ue_gain_dbi: f64,
    }
}

impl Default for SiteParams {
    fn default() -> Self {
        SiteParams::lte_1800_macro()
    }
}

impl SiteParams {
    /// 4G macro sector, LTE band 3 (1800 MHz), 10 MHz.
    ///
    /// - 1800 MHz, 10 MHz (50 RB), 15 kHz: band 3 is the main 4G layer of
    ///   Vietnamese operators; 10 MHz is a typical single-operator carrier.
    /// - 46 dBm (40 W), 17 dBi, 2 dB feeder: typical macro inputs of 43–46 dBm,
    ///   15–18 dBi and 2–4 dB cable loss (anchors-coverage.md §4.4, citing
    ///   cal53 "cell coverage area and link budget calculations in LTE");
    ///   pysim5g uses 40 dBm / 16 dBi / 1 dB. If 46 dBm is the sum of two
    ///   2×2-MIMO ports, RSRP (measured on one port) is 3 dB lower: set
    ///   `tx_power_dbm = 43`.
    /// - 30 m: macro height in pysim5g `scripts/run.py` and mobloc
    ///   (`height = 30`); the GSMA rural tower class ">30 m".
    /// - Pattern: φ_3dB = 65°, A_m = SLA_V = 30 dB (TR 38.901 Table 7.3-1);
    ///   θ_3dB = 9°, downtilt 5° (mobloc `R/mobloc_param.R`: `beam_v = 9`,
    ///   `tilt = 5`, i.e. the upper −3 dB edge near the horizon).
    /// - UE 1.5 m (TR 38.901 default h_UT; FCC BDC receiver height ≥ 1.5 m),
    ///   0 dBi (handset).
    pub fn lte_1800_macro() -> Self {
        SiteParams {
            freq_mhz: 1800.0,
            bandwidth_mhz: 10.0,
            scs_khz: 15,
            tx_power_dbm: 46.0,
            antenna_gain_dbi: 17.0,
            feeder_loss_db: 2.0,
            height_m: 30.0,
            h_beamwidth_deg: 65.0,
            v_beamwidth_deg: 9.0,
            downtilt_deg: 5.0,
            max_attenuation_db: 30.0,
            sla_v_db: 30.0,
            ue_height_m: 1.5,
            ue_gain_dbi: 0.0,
        }
    }

    /// 5G NR macro sector, band n78 (3500 MHz), 100 MHz at 30 kHz (273 RB).
    ///
    /// - 3500 MHz, 100 MHz, 30 kHz SCS: the usual n78 carrier
    ///   (TS 38.101-1 Table 5.3.2-1 → 273 RB).
    /// - 53 dBm (200 W), 24 dBi, 0 dB feeder: a 64T64R active antenna unit,
    ///   whose radio is integrated with the array (no feeder); values of the
    ///   derived-radius study in anchors-coverage.md §4.2. The SSB beam gain
    ///   may be a few dB below the traffic-beam gain; lower
    ///   `antenna_gain_dbi` to be conservative.
    /// - Height, pattern and UE as for [`Self::lte_1800_macro`] (co-sited).
    pub fn nr_n78_macro() -> Self {
        SiteParams {
            freq_mhz: 3500.0,
            bandwidth_mhz: 100.0,
            scs_khz: 30,
            tx_power_dbm: 53.0,
            antenna_gain_dbi: 24.0,
            feeder_loss_db: 0.0,
            ..SiteParams::lte_1800_macro()
        }
    }

    /// The default parameters of a technology.
    pub fn default_for(rat: Rat) -> Self {
        match rat {
            Rat::Lte => SiteParams::lte_1800_macro(),
            Rat::Nr => SiteParams::nr_n78_macro(),
        }
    }

    /// The TR 38.901 sector pattern described by these parameters.
    pub fn antenna(&self) -> SectorAntenna {
        SectorAntenna {
            max_gain_dbi: self.antenna_gain_dbi,
            h_beamwidth_deg: self.h_beamwidth_deg,
            v_beamwidth_deg: self.v_beamwidth_deg,
            downtilt_deg: self.downtilt_deg,
            max_attenuation_db: self.max_attenuation_db,
            sla_v_db: self.sla_v_db,
        }
    }

    /// Number of resource blocks of the carrier for `rat`.
    pub fn n_rb(&self, rat: Rat) -> Result<u32> {
        link_budget::n_rb(rat, self.bandwidth_mhz, self.scs_khz)
    }

    /// EIRP per resource element, dBm (see [`link_budget::eirp_per_re_dbm`]).
    pub fn eirp_per_re_dbm(&self, rat: Rat) -> Result<f64> {
        Ok(link_budget::eirp_per_re_dbm(
            self.tx_power_dbm,
            self.n_rb(rat)?,
            self.antenna_gain_dbi,
            self.feeder_loss_db,
        ))
    }

    /// Rejects values that make the budget meaningless: non-finite numbers,
    /// non-positive frequency, heights or beamwidths, negative attenuations,
    /// or a bandwidth/SCS pair without an N_RB for `rat`.
    pub fn validate(&self, rat: Rat) -> Result<()> {
        let finite = [
            ("tx_power_dbm", self.tx_power_dbm),
            ("antenna_gain_dbi", self.antenna_gain_dbi),
            ("feeder_loss_db", self.feeder_loss_db),
            ("downtilt_deg", self.downtilt_deg),
            ("ue_gain_dbi", self.ue_gain_dbi),
        ];
        for (name, v) in finite {
            if !v.is_finite() {
                return Err(Error::config(
                    name,
                    format!("site parameter {name} = {v} is not a number"),
                ));
            }
        }
        let positive = [
            ("freq_mhz", self.freq_mhz),
            ("height_m", self.height_m),
            ("ue_height_m", self.ue_height_m),
            ("h_beamwidth_deg", self.h_beamwidth_deg),
            ("v_beamwidth_deg", self.v_beamwidth_deg),
        ];
        for (name, v) in positive {
            if !(v.is_finite() && v > 0.0) {
                return Err(Error::config(
                    name,
                    format!("site parameter {name} must be a positive number, got {v}"),
                ));
            }
        }
        let non_negative = [
            ("max_attenuation_db", self.max_attenuation_db),
            ("sla_v_db", self.sla_v_db),
        ];
        for (name, v) in non_negative {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::config(
                    name,
                    format!("site parameter {name} must be ≥ 0, got {v}"),
                ));
            }
        }
        self.n_rb(rat).map(|_| ())
    }
}

with_patch! {
    /// Two-tier received-power thresholds, outdoor and indoor, in dBm.
    ///
    /// The indoor values are compared with the indoor RSRP, which already
    /// includes the building entry loss. `Default` is the LTE set.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    pub struct RsrpThresholds, patch RsrpThresholdsPatch {
        /// Outdoor "covered" threshold, dBm.
        pub covered_outdoor_dbm: f64,
        /// Outdoor "good" threshold, dBm.
        pub good_outdoor_dbm: f64,
        /// Indoor "covered" threshold, dBm.
        pub covered_indoor_dbm: f64,
        /// Indoor "good" threshold, dBm.
        pub good_indoor_dbm: f64,
    }
}

impl Default for RsrpThresholds {
    fn default() -> Self {
        RsrpThresholds::lte()
    }
}

impl RsrpThresholds {
    /// LTE RSRP: covered ≥ −105 dBm ("most European operators … consider
    /// −105 dBm as the outdoor coverage limit in LTE"), good ≥ −95 dBm (the
    /// top of the "acceptable" band); same numbers indoors, after building
    /// loss. Source: anchors-coverage.md §4.1 (hicelltek operator guide).
    pub fn lte() -> Self {
        RsrpThresholds {
            covered_outdoor_dbm: -105.0,
            good_outdoor_dbm: -95.0,
            covered_indoor_dbm: -105.0,
            good_indoor_dbm: -95.0,
        }
    }

    /// NR SS-RSRP: covered ≥ −110 dBm (below is "poor, service at risk"),
    /// good ≥ −95 dBm; same numbers indoors. Source: anchors-coverage.md
    /// §4.1 (hicelltek 5G drive-test KPI reference).
    pub fn nr() -> Self {
        RsrpThresholds {
            covered_outdoor_dbm: -110.0,
            good_outdoor_dbm: -95.0,
            covered_indoor_dbm: -110.0,
            good_indoor_dbm: -95.0,
        }
    }

    /// The default thresholds of a technology.
    pub fn default_for(rat: Rat) -> Self {
        match rat {
            Rat::Lte => RsrpThresholds::lte(),
            Rat::Nr => RsrpThresholds::nr(),
        }
    }

    /// Tier of an outdoor RSRP.
    pub fn classify_outdoor(&self, rsrp_dbm: f64) -> CoverageTier {
        classify(rsrp_dbm, self.covered_outdoor_dbm, self.good_outdoor_dbm)
    }

    /// Tier of an indoor RSRP.
    pub fn classify_indoor(&self, rsrp_dbm: f64) -> CoverageTier {
        classify(rsrp_dbm, self.covered_indoor_dbm, self.good_indoor_dbm)
    }

    /// Rejects non-finite values and "good" below "covered".
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("covered_outdoor_dbm", self.covered_outdoor_dbm),
            ("good_outdoor_dbm", self.good_outdoor_dbm),
            ("covered_indoor_dbm", self.covered_indoor_dbm),
            ("good_indoor_dbm", self.good_indoor_dbm),
        ] {
            if !v.is_finite() {
                return Err(Error::config(
                    name,
                    format!("threshold {name} = {v} is not a number"),
                ));
            }
        }
        if self.good_outdoor_dbm < self.covered_outdoor_dbm
            || self.good_indoor_dbm < self.covered_indoor_dbm
        {
            return Err(Error::config(
                "thresholds",
                "thresholds: a \"good\" threshold is below its \"covered\" threshold",
            ));
        }
        Ok(())
    }
}

/// Default cell-edge reliability: 0.90, the FCC Broadband Data Collection
/// standard for 4G/5G coverage maps ("≥ 90 % cell-edge probability",
/// anchors-coverage.md §4.1). z = 1.2816.
pub const DEFAULT_RELIABILITY: f64 = 0.90;

/// Everything the radio layer needs for one technology.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechnologyConfig {
    /// LTE or NR (set by the section, not a key).
    #[serde(skip_serializing)]
    pub rat: Rat,
    /// Propagation model; default TR 38.901 RMa, `expected`.
    pub model: PropagationModel,
    /// Default site parameters (each site may override some).
    pub site: SiteParams,
    /// Coverage thresholds.
    pub thresholds: RsrpThresholds,
    /// Cell-edge reliability in (0, 1), the probability that a user at the
    /// evaluated point receives at least the reported RSRP under log-normal
    /// shadowing; default 0.90.
    pub reliability: f64,
    /// Building entry loss for indoor users; default TR 38.901 low-loss.
    pub indoor_loss: IndoorLoss,
    /// Overrides the model's shadow-fading σ (dB) at every distance.
    pub shadowing_sigma_db: Option<f64>,
}

/// A partial [`TechnologyConfig`] as read from a scenario.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TechnologyConfigPatch {
    model: Option<PropagationModel>,
    site: Option<SiteParamsPatch>,
    thresholds: Option<RsrpThresholdsPatch>,
    reliability: Option<f64>,
    indoor_loss: Option<IndoorLoss>,
    shadowing_sigma_db: Option<f64>,
}

impl TechnologyConfig {
    /// The defaults of a technology (see [`SiteParams::default_for`] and
    /// [`RsrpThresholds::default_for`]).
    pub fn default_for(rat: Rat) -> Self {
        TechnologyConfig {
            rat,
            model: PropagationModel::default(),
            site: SiteParams::default_for(rat),
            thresholds: RsrpThresholds::default_for(rat),
            reliability: DEFAULT_RELIABILITY,
            indoor_loss: IndoorLoss::default(),
            shadowing_sigma_db: None,
        }
    }

    /// LTE defaults.
    pub fn lte_default() -> Self {
        Self::default_for(Rat::Lte)
    }

    /// NR defaults.
    pub fn nr_default() -> Self {
        Self::default_for(Rat::Nr)
    }

    fn patched(mut self, p: TechnologyConfigPatch) -> Self {
        if let Some(m) = p.model {
            self.model = m;
        }
        if let Some(s) = p.site {
            self.site = self.site.patched(s);
        }
        if let Some(t) = p.thresholds {
            self.thresholds = self.thresholds.patched(t);
        }
        if let Some(r) = p.reliability {
            self.reliability = r;
        }
        if let Some(i) = p.indoor_loss {
            self.indoor_loss = i;
        }
        if p.shadowing_sigma_db.is_some() {
            self.shadowing_sigma_db = p.shadowing_sigma_db;
        }
        self
    }

    /// Deserialises a table of overrides onto the defaults of `rat`.
    pub fn deserialize_for<'de, D: Deserializer<'de>>(
        rat: Rat,
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let patch = TechnologyConfigPatch::deserialize(deserializer)?;
        Ok(Self::default_for(rat).patched(patch))
    }

    /// For `#[serde(deserialize_with = "...")]`: overrides onto LTE defaults.
    pub fn deserialize_lte<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Self::deserialize_for(Rat::Lte, deserializer)
    }

    /// For `#[serde(deserialize_with = "...")]`: overrides onto NR defaults.
    pub fn deserialize_nr<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        Self::deserialize_for(Rat::Nr, deserializer)
    }

    /// Checks every part (model, site, thresholds, reliability, σ, indoor
    /// loss) for values that make the calculation meaningless.
    pub fn validate(&self) -> Result<()> {
        self.model.validate()?;
        self.site.validate(self.rat)?;
        self.thresholds.validate()?;
        self.indoor_loss.validate()?;
        if !(self.reliability > 0.0 && self.reliability < 1.0) {
            return Err(Error::config(
                "reliability",
                format!(
                    "reliability must be strictly between 0 and 1 (e.g. 0.9), got {}",
                    self.reliability
                ),
            ));
        }
        if let Some(s) = self.shadowing_sigma_db {
            if !(s.is_finite() && s >= 0.0) {
                return Err(Error::config(
                    "shadowing_sigma_db",
                    format!("shadowing_sigma_db must be ≥ 0, got {s}"),
                ));
            }
        }
        Ok(())
    }
}

/// The radio section of a scenario: one [`TechnologyConfig`] per technology.
/// Keys `lte`/`4g` and `nr`/`5g`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RadioConfig {
    /// 4G LTE.
    #[serde(alias = "4g", deserialize_with = "TechnologyConfig::deserialize_lte")]
    pub lte: TechnologyConfig,
    /// 5G NR.
    #[serde(alias = "5g", deserialize_with = "TechnologyConfig::deserialize_nr")]
    pub nr: TechnologyConfig,
}

impl Default for RadioConfig {
    fn default() -> Self {
        RadioConfig {
            lte: TechnologyConfig::lte_default(),
            nr: TechnologyConfig::nr_default(),
        }
    }
}

impl RadioConfig {
    /// The configuration of one technology.
    pub fn get(&self, rat: Rat) -> &TechnologyConfig {
        match rat {
            Rat::Lte => &self.lte,
            Rat::Nr => &self.nr,
        }
    }

    /// Validates both technologies.
    pub fn validate(&self) -> Result<()> {
        self.lte.validate()?;
        self.nr.validate()
    }
}

/// The radio configuration of a scenario's link-budget spec for `tech`: the
/// scenario's `[mobile.<tech>.radio]` overrides on the technology defaults;
/// `None` for a fixed-radius spec. The error names the table.
pub fn radio_config(
    spec: &crate::config::MobileModelSpec,
    tech: crate::config::Technology,
) -> std::result::Result<Option<TechnologyConfig>, String> {
    use crate::config::{MobileModelSpec, Technology};
    let MobileModelSpec::LinkBudget { radio, .. } = spec else {
        return Ok(None);
    };
    let rat = match tech {
        Technology::G4 => Rat::Lte,
        Technology::G5 => Rat::Nr,
    };
    let table = radio.clone().unwrap_or_default();
    let cfg = TechnologyConfig::deserialize_for(rat, toml::Value::Table(table))
        .map_err(|e| format!("[mobile.{tech}.radio]: {e}"))?;
    cfg.validate()
        .map_err(|e| format!("[mobile.{tech}.radio]: {e}"))?;
    Ok(Some(cfg))
}

#[cfg(test)]
mod tests {
    use super::super::model::{Cost231City, LosCondition};
    use super::*;

    #[test]
    fn defaults_are_valid_and_distinct() {
        let r = RadioConfig::default();
        r.validate().unwrap();
        assert_eq!(r.lte.site.n_rb(Rat::Lte).unwrap(), 50);
        assert_eq!(r.nr.site.n_rb(Rat::Nr).unwrap(), 273);
        assert!((r.lte.site.eirp_per_re_dbm(Rat::Lte).unwrap() - 33.2185).abs() < 1e-4);
        // NR: 53 − 35.1535 + 24 − 0 = 41.8466 dBm.
        assert!((r.nr.site.eirp_per_re_dbm(Rat::Nr).unwrap() - 41.8466).abs() < 1e-4);
        assert_eq!(r.lte.thresholds.covered_outdoor_dbm, -105.0);
        assert_eq!(r.nr.thresholds.covered_outdoor_dbm, -110.0);
        assert_eq!(r.nr.thresholds.good_outdoor_dbm, -95.0);
    }

    // Scenario TOML as the engine will read it (the `toml` crate is already a
    // dependency of the crate; it is used here in tests only).
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Scenario {
        #[serde(default)]
        radio: RadioConfig,
    }

    fn parse(text: &str) -> std::result::Result<RadioConfig, toml::de::Error> {
        toml::from_str::<Scenario>(text).map(|s| s.radio)
    }

    #[test]
    fn toml_overrides_keep_the_technology_defaults() {
        let r = parse(
            r#"
            [radio.lte]
            model = { kind = "cost231_hata", city = "metropolitan" }
            reliability = 0.95
            site = { height_m = 35.0, tx_power_dbm = 43.0 }

            [radio.nr]
            site = { height_m = 40.0 }
            thresholds = { covered_outdoor_dbm = -112.0 }
            indoor_loss = { kind = "fixed", loss_db = 18.0, sigma_db = 8.0 }
            shadowing_sigma_db = 7.0
            "#,
        )
        .unwrap();
        r.validate().unwrap();
        assert_eq!(
            r.lte.model,
            PropagationModel::Cost231Hata {
                city: Cost231City::Metropolitan
            }
        );
        assert_eq!(r.lte.reliability, 0.95);
        assert_eq!(r.lte.site.height_m, 35.0);
        assert_eq!(r.lte.site.tx_power_dbm, 43.0);
        assert_eq!(r.lte.site.freq_mhz, 1800.0);
        assert_eq!(r.lte.rat, Rat::Lte);
        // NR keeps NR defaults for everything not given.
        assert_eq!(r.nr.rat, Rat::Nr);
        assert_eq!(r.nr.site.height_m, 40.0);
        assert_eq!(r.nr.site.freq_mhz, 3500.0);
        assert_eq!(r.nr.site.bandwidth_mhz, 100.0);
        assert_eq!(r.nr.site.scs_khz, 30);
        assert_eq!(r.nr.thresholds.covered_outdoor_dbm, -112.0);
        assert_eq!(r.nr.thresholds.good_outdoor_dbm, -95.0);
        assert_eq!(r.nr.thresholds.covered_indoor_dbm, -110.0);
        assert_eq!(r.nr.shadowing_sigma_db, Some(7.0));
        assert_eq!(
            r.nr.indoor_loss,
            IndoorLoss::Fixed {
                loss_db: 18.0,
                sigma_db: 8.0
            }
        );
        assert_eq!(r.nr.model, PropagationModel::default());
        assert!(matches!(
            r.nr.model,
            PropagationModel::Tr38901Rma {
                condition: LosCondition::Expected,
                ..
            }
        ));
    }

    #[test]
    fn toml_aliases_models_and_errors() {
        // Missing section → all defaults; 4g/5g aliases.
        assert_eq!(parse("").unwrap(), RadioConfig::default());
        let r = parse(
            r#"
            [radio.4g]
            model = { kind = "tr38901_rma", condition = "nlos", street_width_m = 10.0 }
            [radio.5g]
            model = { kind = "tr38901_umi", condition = "los" }
            "#,
        )
        .unwrap();
        assert_eq!(
            r.lte.model,
            PropagationModel::Tr38901Rma {
                condition: LosCondition::Nlos,
                building_height_m: 5.0,
                street_width_m: 10.0
            }
        );
        assert_eq!(
            r.nr.model,
            PropagationModel::Tr38901Umi {
                condition: LosCondition::Los
            }
        );
        for (text, model) in [
            (
                "model = { kind = \"free_space\" }",
                PropagationModel::FreeSpace,
            ),
            (
                "model = { kind = \"fixed_radius\", radius_m = 4000.0 }",
                PropagationModel::FixedRadius { radius_m: 4000.0 },
            ),
            (
                "model = { kind = \"hata\", environment = \"open\" }",
                PropagationModel::Hata {
                    environment: super::super::model::HataEnvironment::Open,
                },
            ),
            (
                "model = { kind = \"cost231_hata\", city = \"suburban\" }",
                PropagationModel::Cost231Hata {
                    city: Cost231City::MediumCity,
                },
            ),
            (
                "model = { kind = \"tr38901_uma\" }",
                PropagationModel::Tr38901Uma {
                    condition: LosCondition::Expected,
                },
            ),
        ] {
            let r = parse(&format!("[radio.lte]\n{text}\n")).unwrap();
            assert_eq!(r.lte.model, model, "{text}");
        }
        // Unknown keys at every level are errors.
        assert!(parse("[radio.lte]\nsite = { hieght_m = 3.0 }\n").is_err());
        assert!(parse("[radio.lte]\nthreshold = {}\n").is_err());
        assert!(parse("[radio.lte]\nmodel = { kind = \"hata\", city = \"x\" }\n").is_err());
        assert!(parse("[radio.lte]\nmodel = { kind = \"okumura\" }\n").is_err());
        assert!(parse("[radio.wifi]\n").is_err());
        // Fixed radius needs its radius.
        assert!(parse("[radio.lte]\nmodel = { kind = \"fixed_radius\" }\n").is_err());
    }

    #[test]
    fn site_params_alone_default_to_lte() {
        #[derive(Deserialize)]
        struct W {
            site: SiteParams,
        }
        let w: W = toml::from_str("[site]\nheight_m = 45.0\n").unwrap();
        assert_eq!(w.site.height_m, 45.0);
        assert_eq!(w.site.freq_mhz, 1800.0);
        assert!(toml::from_str::<W>("[site]\nheight = 45.0\n").is_err());
    }

    #[test]
    fn serialises_and_reads_back() {
        #[derive(Serialize)]
        struct Out<'a> {
            radio: &'a RadioConfig,
        }
        let mut r = RadioConfig::default();
        r.nr.shadowing_sigma_db = Some(6.5);
        r.lte.indoor_loss = IndoorLoss::Fixed {
            loss_db: 12.0,
            sigma_db: 8.0,
        };
        let text = toml::to_string(&Out { radio: &r }).unwrap();
        let back = parse(&text).unwrap();
        assert_eq!(back, r, "{text}");
    }

    #[test]
    fn validation_catches_bad_values() {
        let mut t = TechnologyConfig::lte_default();
        t.reliability = 1.0;
        assert!(t.validate().is_err());
        let mut t = TechnologyConfig::lte_default();
        t.site.bandwidth_mhz = 100.0; // not an LTE bandwidth
        assert!(t.validate().is_err());
        let mut t = TechnologyConfig::nr_default();
        t.thresholds.good_outdoor_dbm = -120.0;
        assert!(t.validate().is_err());
        let mut t = TechnologyConfig::nr_default();
        t.site.height_m = 0.0;
        assert!(t.validate().is_err());
        let mut t = TechnologyConfig::nr_default();
        t.shadowing_sigma_db = Some(-1.0);
        assert!(t.validate().is_err());
    }
}
