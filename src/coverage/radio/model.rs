//! The propagation-model choice of a scenario ([`PropagationModel`]), which
//! dispatches to the formulas in [`super::free_space`], [`super::hata`] and
//! [`super::tr38901`] and knows each model's published validity.
//!
//! In a scenario TOML the model is a table with a `kind` and the kind's
//! options, e.g.
//!
//! ```toml
//! model = { kind = "cost231_hata", city = "metropolitan" }
//! model = { kind = "tr38901_rma", condition = "expected", building_height_m = 5.0 }
//! model = { kind = "fixed_radius", radius_m = 4000.0 }
//! ```

use serde::{Deserialize, Serialize};

use super::tr38901::{self, Deployment};
use super::validity::{ModelValidity, ValidRange, ValidityWarning};
use super::{free_space, hata, Link, PathLoss};
use crate::{Error, Result};

/// Distances below this (metres) are evaluated at this value, to keep the
/// logarithms finite. Far below every model's published minimum, so such a
/// call is always also reported by [`PropagationModel::check_distance`].
pub const MIN_DISTANCE_M: f64 = 1.0;

/// Environment class of the Okumura–Hata model (Hata 1980).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HataEnvironment {
    /// Urban area, small or medium-sized city a(h_m) (eq. 4a, 4b). Default.
    #[default]
    Urban,
    /// Urban area, large-city a(h_m) (eq. 4a, 4c).
    UrbanLargeCity,
    /// Suburban area: urban − 2·(log(f/28))² − 5.4 (eq. 5).
    Suburban,
    /// Open (rural) area: urban − 4.78·(log f)² + 18.33·log f − 40.94 (eq. 6).
    Open,
}

/// City class of COST-231 Hata (COST 231 Final Report §4.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost231City {
    /// Medium-sized city and suburban centres with moderate tree density:
    /// C_m = 0 dB. Default. Also accepted as `"suburban"`.
    #[default]
    #[serde(alias = "suburban")]
    MediumCity,
    /// Metropolitan centres: C_m = 3 dB.
    Metropolitan,
}

impl Cost231City {
    /// The correction C_m in dB.
    pub fn c_m_db(self) -> f64 {
        match self {
            Cost231City::MediumCity => 0.0,
            Cost231City::Metropolitan => 3.0,
        }
    }
}

/// Which propagation condition a TR 38.901 model assumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LosCondition {
    /// Every user has line of sight to the site: `PL_LOS` with the LOS σ.
    /// An optimistic bound, suited to open flat land without obstructions.
    Los,
    /// No user has line of sight: `PL_NLOS = max(PL_LOS, PL'_NLOS)` with the
    /// NLOS σ. The conservative planning assumption.
    Nlos,
    /// LOS-probability weighting (TR 38.901 Table 7.4.2-1): the loss of the
    /// mean received power `P_LOS·g_LOS + (1 − P_LOS)·g_NLOS` at that
    /// distance, σ interpolated the same way (see
    /// [`super::tr38901::expected`]). Near the site it follows LOS, far away
    /// NLOS. Default.
    #[default]
    Expected,
}

fn default_building_height_m() -> f64 {
    tr38901::RMA_DEFAULT_BUILDING_HEIGHT_M
}

fn default_street_width_m() -> f64 {
    tr38901::RMA_DEFAULT_STREET_WIDTH_M
}

/// A propagation model as selected in a scenario (`kind = "..."`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum PropagationModel {
    /// Covered iff the horizontal distance is at most `radius_m`; no link
    /// budget. The engine's existing fixed-radius rule.
    FixedRadius {
        /// Coverage radius, metres.
        radius_m: f64,
    },
    /// Free space (ITU-R P.525-4) over the slant distance, σ = 0 dB.
    FreeSpace,
    /// Okumura–Hata, 150–1500 MHz (Hata 1980), σ = 8 dB by default.
    Hata {
        /// Environment class; default `urban`.
        #[serde(default)]
        environment: HataEnvironment,
    },
    /// COST-231 Hata, 1500–2000 MHz (COST 231 Final Report §4.4.1),
    /// σ = 8 dB by default.
    #[serde(rename = "cost231_hata")]
    Cost231Hata {
        /// City class; default `medium_city` (C_m = 0).
        #[serde(default)]
        city: Cost231City,
    },
    /// 3GPP TR 38.901 rural macro (RMa).
    #[serde(rename = "tr38901_rma")]
    Tr38901Rma {
        /// LOS, NLOS or expected; default `expected`.
        #[serde(default)]
        condition: LosCondition,
        /// Average building height h, metres; default 5 (TR 38.901).
        #[serde(default = "default_building_height_m")]
        building_height_m: f64,
        /// Average street width W, metres; default 20 (TR 38.901).
        #[serde(default = "default_street_width_m")]
        street_width_m: f64,
    },
    /// 3GPP TR 38.901 urban macro (UMa).
    #[serde(rename = "tr38901_uma")]
    Tr38901Uma {
        /// LOS, NLOS or expected; default `expected`.
        #[serde(default)]
        condition: LosCondition,
    },
    /// 3GPP TR 38.901 urban micro, street canyon (UMi), for small cells.
    #[serde(rename = "tr38901_umi")]
    Tr38901Umi {
        /// LOS, NLOS or expected; default `expected`.
        #[serde(default)]
        condition: LosCondition,
    },
}

impl Default for PropagationModel {
    /// TR 38.901 RMa, `expected`, h = 5 m, W = 20 m: the one model here whose
    /// published range covers every 4G/5G band in use in Vietnam (0.5–30 GHz)
    /// and rural macro heights, with published σ values.
    fn default() -> Self {
        PropagationModel::Tr38901Rma {
            condition: LosCondition::Expected,
            building_height_m: tr38901::RMA_DEFAULT_BUILDING_HEIGHT_M,
            street_width_m: tr38901::RMA_DEFAULT_STREET_WIDTH_M,
        }
    }
}

const SRC_HATA: &str = "Hata 1980, IEEE Trans. Veh. Technol. VT-29(3)";
const SRC_COST231: &str = "COST 231 Final Report (1999) §4.4.1";
const SRC_TR38901: &str = "3GPP TR 38.901 V17.0.0 Table 7.4.1-1";
const SRC_P525: &str = "ITU-R P.525-4";

impl PropagationModel {
    /// The scenario name of the model (`kind`).
    pub fn name(&self) -> &'static str {
        match self {
            PropagationModel::FixedRadius { .. } => "fixed_radius",
            PropagationModel::FreeSpace => "free_space",
            PropagationModel::Hata { .. } => "hata",
            PropagationModel::Cost231Hata { .. } => "cost231_hata",
            PropagationModel::Tr38901Rma { .. } => "tr38901_rma",
            PropagationModel::Tr38901Uma { .. } => "tr38901_uma",
            PropagationModel::Tr38901Umi { .. } => "tr38901_umi",
        }
    }

    /// The radius of a `fixed_radius` model, `None` for the others.
    pub fn fixed_radius_m(&self) -> Option<f64> {
        match self {
            PropagationModel::FixedRadius { radius_m } => Some(*radius_m),
            _ => None,
        }
    }

    /// The TR 38.901 deployment, for TR 38.901 models.
    pub fn tr38901_deployment(&self) -> Option<Deployment> {
        match self {
            PropagationModel::Tr38901Rma { .. } => Some(Deployment::Rma),
            PropagationModel::Tr38901Uma { .. } => Some(Deployment::Uma),
            PropagationModel::Tr38901Umi { .. } => Some(Deployment::Umi),
            _ => None,
        }
    }

    /// Rejects values that make the model meaningless (non-positive or
    /// non-finite radius, building height or street width). Values that are
    /// merely outside the published ranges are warnings, not errors.
    pub fn validate(&self) -> Result<()> {
        let positive = |name: &str, v: f64| {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(Error::config(
                    name,
                    format!(
                        "propagation model {}: {name} must be a positive number, got {v}",
                        self.name()
                    ),
                ))
            }
        };
        match self {
            PropagationModel::FixedRadius { radius_m } => positive("radius_m", *radius_m),
            PropagationModel::Tr38901Rma {
                building_height_m,
                street_width_m,
                ..
            } => {
                positive("building_height_m", *building_height_m)?;
                positive("street_width_m", *street_width_m)
            }
            _ => Ok(()),
        }
    }

    /// Median path loss and shadow-fading σ for `link`, or `None` for
    /// `fixed_radius` (which has no path loss).
    ///
    /// Distances below [`MIN_DISTANCE_M`] are evaluated at that distance.
    /// Parameters outside the published ranges are *not* clamped: check them
    /// with [`Self::check_site`] and [`Self::check_distance`].
    pub fn path_loss(&self, link: &Link) -> Option<PathLoss> {
        let link = Link {
            d_2d_m: link.d_2d_m.max(MIN_DISTANCE_M),
            ..*link
        };
        let d_km = link.d_2d_m / 1000.0;
        let (f, hb, hm) = (link.freq_mhz, link.h_bs_m, link.h_ut_m);
        let pl = match *self {
            PropagationModel::FixedRadius { .. } => return None,
            PropagationModel::FreeSpace => PathLoss {
                loss_db: free_space::path_loss_db(f, link.d_3d_m()),
                sigma_db: free_space::SIGMA_DB,
            },
            PropagationModel::Hata { environment } => PathLoss {
                loss_db: match environment {
                    HataEnvironment::Urban => hata::urban_db(f, hb, hm, d_km),
                    HataEnvironment::UrbanLargeCity => hata::urban_large_city_db(f, hb, hm, d_km),
                    HataEnvironment::Suburban => hata::suburban_db(f, hb, hm, d_km),
                    HataEnvironment::Open => hata::open_db(f, hb, hm, d_km),
                },
                sigma_db: hata::DEFAULT_SIGMA_DB,
            },
            PropagationModel::Cost231Hata { city } => PathLoss {
                loss_db: hata::cost231_db(f, hb, hm, d_km, city.c_m_db()),
                sigma_db: hata::DEFAULT_SIGMA_DB,
            },
            PropagationModel::Tr38901Rma {
                condition,
                building_height_m: h,
                street_width_m: w,
            } => with_condition(
                condition,
                Deployment::Rma,
                &link,
                tr38901::rma_los(&link, h),
                || tr38901::rma_nlos(&link, h, w),
            ),
            PropagationModel::Tr38901Uma { condition } => with_condition(
                condition,
                Deployment::Uma,
                &link,
                tr38901::uma_los(&link),
                || tr38901::uma_nlos(&link),
            ),
            PropagationModel::Tr38901Umi { condition } => with_condition(
                condition,
                Deployment::Umi,
                &link,
                tr38901::umi_los(&link),
                || tr38901::umi_nlos(&link),
            ),
        };
        Some(pl)
    }

    /// The model's published validity ranges.
    pub fn validity(&self) -> ModelValidity {
        let name = self.name();
        match self {
            PropagationModel::FixedRadius { .. } => {
                ModelValidity::unrestricted(name, "scenario-defined radius")
            }
            PropagationModel::FreeSpace => ModelValidity::unrestricted(name, SRC_P525),
            PropagationModel::Hata { .. } => ModelValidity {
                freq_mhz: Some(ValidRange::new(150.0, 1500.0)),
                h_bs_m: Some(ValidRange::new(30.0, 200.0)),
                h_ut_m: Some(ValidRange::new(1.0, 10.0)),
                d_2d_m: Some(ValidRange::new(1000.0, 20_000.0)),
                ..ModelValidity::unrestricted(name, SRC_HATA)
            },
            PropagationModel::Cost231Hata { .. } => ModelValidity {
                freq_mhz: Some(ValidRange::new(1500.0, 2000.0)),
                h_bs_m: Some(ValidRange::new(30.0, 200.0)),
                h_ut_m: Some(ValidRange::new(1.0, 10.0)),
                d_2d_m: Some(ValidRange::new(1000.0, 20_000.0)),
                ..ModelValidity::unrestricted(name, SRC_COST231)
            },
            PropagationModel::Tr38901Rma { condition, .. } => ModelValidity {
                freq_mhz: Some(ValidRange::new(500.0, 30_000.0)),
                h_bs_m: Some(ValidRange::new(10.0, 150.0)),
                h_ut_m: Some(ValidRange::new(1.0, 10.0)),
                // LOS: 10 m–10 km; NLOS (and the expected mix, which uses
                // NLOS): 10 m–5 km.
                d_2d_m: Some(match condition {
                    LosCondition::Los => ValidRange::new(10.0, 10_000.0),
                    _ => ValidRange::new(10.0, 5_000.0),
                }),
                building_height_m: Some(ValidRange::new(5.0, 50.0)),
                street_width_m: Some(ValidRange::new(5.0, 50.0)),
                ..ModelValidity::unrestricted(name, SRC_TR38901)
            },
            PropagationModel::Tr38901Uma { .. } => ModelValidity {
                freq_mhz: Some(ValidRange::new(500.0, 100_000.0)),
                h_bs_m: Some(ValidRange::new(25.0, 25.0)),
                h_ut_m: Some(ValidRange::new(1.5, 22.5)),
                d_2d_m: Some(ValidRange::new(10.0, 5_000.0)),
                ..ModelValidity::unrestricted(name, SRC_TR38901)
            },
            PropagationModel::Tr38901Umi { .. } => ModelValidity {
                freq_mhz: Some(ValidRange::new(500.0, 100_000.0)),
                h_bs_m: Some(ValidRange::new(10.0, 10.0)),
                h_ut_m: Some(ValidRange::new(1.5, 22.5)),
                d_2d_m: Some(ValidRange::new(10.0, 5_000.0)),
                ..ModelValidity::unrestricted(name, SRC_TR38901)
            },
        }
    }

    /// Warnings for the per-site parameters (frequency, heights and, for
    /// RMa, building height and street width). Call once per site.
    pub fn check_site(&self, freq_mhz: f64, h_bs_m: f64, h_ut_m: f64) -> Vec<ValidityWarning> {
        let (h, w) = match self {
            PropagationModel::Tr38901Rma {
                building_height_m,
                street_width_m,
                ..
            } => (Some(*building_height_m), Some(*street_width_m)),
            _ => (None, None),
        };
        self.validity().check_site(freq_mhz, h_bs_m, h_ut_m, h, w)
    }

    /// A warning if the horizontal distance is outside the published range.
    pub fn check_distance(&self, d_2d_m: f64) -> Option<ValidityWarning> {
        self.validity().check_distance(d_2d_m)
    }
}

fn with_condition(
    condition: LosCondition,
    deployment: Deployment,
    link: &Link,
    los: PathLoss,
    nlos: impl FnOnce() -> PathLoss,
) -> PathLoss {
    match condition {
        LosCondition::Los => los,
        LosCondition::Nlos => nlos(),
        LosCondition::Expected => {
            let p = tr38901::los_probability(deployment, link.d_2d_m, link.h_ut_m);
            tr38901::expected(los, nlos(), p)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::validity::Parameter;
    use super::*;

    fn all_models() -> Vec<PropagationModel> {
        let mut v = vec![
            PropagationModel::FreeSpace,
            PropagationModel::Cost231Hata {
                city: Cost231City::MediumCity,
            },
            PropagationModel::Cost231Hata {
                city: Cost231City::Metropolitan,
            },
        ];
        for environment in [
            HataEnvironment::Urban,
            HataEnvironment::UrbanLargeCity,
            HataEnvironment::Suburban,
            HataEnvironment::Open,
        ] {
            v.push(PropagationModel::Hata { environment });
        }
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

    /// Loss is non-decreasing in distance for every model, over 10 m–20 km
    /// on a fine logarithmic grid (2000 points, ≈0.2 % steps), at several
    /// frequencies and heights, including across every breakpoint.
    #[test]
    fn loss_is_monotone_in_distance() {
        let setups = [
            (700.0, 30.0, 1.5),
            (900.0, 30.0, 1.5),
            (1800.0, 30.0, 1.5),
            (2100.0, 45.0, 3.0),
            (3500.0, 35.0, 1.5),
            (3500.0, 25.0, 1.5),
            (3500.0, 10.0, 1.5),
            (28_000.0, 25.0, 1.5),
        ];
        let n = 2000;
        for model in all_models() {
            for &(f, hb, hm) in &setups {
                let mut prev = f64::NEG_INFINITY;
                for i in 0..=n {
                    let d = 10.0 * (2000.0f64).powf(i as f64 / n as f64); // 10 m → 20 km
                    let link = Link {
                        freq_mhz: f,
                        d_2d_m: d,
                        h_bs_m: hb,
                        h_ut_m: hm,
                    };
                    let pl = model.path_loss(&link).unwrap().loss_db;
                    assert!(pl.is_finite());
                    assert!(
                        pl >= prev - 1e-9,
                        "{model:?} f={f} hb={hb}: loss fell from {prev} to {pl} at d={d}"
                    );
                    prev = pl;
                }
            }
        }
    }

    #[test]
    fn dispatch_matches_formulas() {
        let link = Link {
            freq_mhz: 900.0,
            d_2d_m: 1000.0,
            h_bs_m: 30.0,
            h_ut_m: 1.5,
        };
        let hata = PropagationModel::Hata {
            environment: HataEnvironment::Urban,
        };
        let pl = hata.path_loss(&link).unwrap();
        assert!((pl.loss_db - 126.4033).abs() < 0.001);
        assert_eq!(pl.sigma_db, 8.0);
        // Free space uses the slant distance √(1000² + 28.5²) = 1000.4060 m:
        // 20·log(4π·1000.4060·900e6/c) = 91.5326 + 0.0035 = 91.5362 dB.
        let fs = PropagationModel::FreeSpace.path_loss(&link).unwrap();
        assert!((fs.loss_db - 91.5362).abs() < 0.001);
        assert_eq!(
            PropagationModel::FixedRadius { radius_m: 1.0 }.path_loss(&link),
            None
        );
        // Expected RMa at 3.5 GHz / 1 km (see tr38901 tests): 109.7358 dB.
        let rma = PropagationModel::default();
        let link = Link {
            freq_mhz: 3500.0,
            d_2d_m: 1000.0,
            h_bs_m: 35.0,
            h_ut_m: 1.5,
        };
        assert!((rma.path_loss(&link).unwrap().loss_db - 109.7358).abs() < 0.001);
    }

    #[test]
    fn validity_warnings_fire_outside_and_not_inside() {
        let hata = PropagationModel::Hata {
            environment: HataEnvironment::Open,
        };
        assert!(hata.check_site(900.0, 30.0, 1.5).is_empty());
        let w = hata.check_site(1800.0, 30.0, 1.5);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].parameter, Parameter::FreqMhz);
        assert_eq!(w[0].model, "hata");
        assert!(hata.check_distance(5000.0).is_none());
        assert!(hata.check_distance(999.0).is_some());
        assert!(hata.check_distance(20_001.0).is_some());

        let cost = PropagationModel::Cost231Hata {
            city: Cost231City::MediumCity,
        };
        assert!(cost.check_site(1800.0, 30.0, 1.5).is_empty());
        assert_eq!(cost.check_site(2100.0, 30.0, 1.5).len(), 1);
        assert_eq!(cost.check_site(1800.0, 20.0, 0.5).len(), 2);

        let rma = PropagationModel::default();
        assert!(rma.check_site(1800.0, 35.0, 1.5).is_empty());
        assert!(rma.check_site(3500.0, 30.0, 1.5).is_empty());
        assert_eq!(rma.check_site(40_000.0, 35.0, 1.5).len(), 1);
        assert!(rma.check_distance(4000.0).is_none());
        assert!(rma.check_distance(6000.0).is_some()); // expected → NLOS 5 km
        assert!(rma.check_distance(5.0).is_some());
        let rma_los = PropagationModel::Tr38901Rma {
            condition: LosCondition::Los,
            building_height_m: 60.0,
            street_width_m: 20.0,
        };
        assert!(rma_los.check_distance(8000.0).is_none());
        let w = rma_los.check_site(1800.0, 35.0, 1.5);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].parameter, Parameter::BuildingHeightM);

        let uma = PropagationModel::Tr38901Uma {
            condition: LosCondition::Nlos,
        };
        assert!(uma.check_site(3500.0, 25.0, 1.5).is_empty());
        let w = uma.check_site(3500.0, 30.0, 1.0);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].parameter, Parameter::BsHeightM);
        assert_eq!(w[1].parameter, Parameter::UeHeightM);

        let umi = PropagationModel::Tr38901Umi {
            condition: LosCondition::Los,
        };
        assert!(umi.check_site(3500.0, 10.0, 1.5).is_empty());
        assert_eq!(umi.check_site(3500.0, 25.0, 1.5).len(), 1);

        assert!(PropagationModel::FreeSpace
            .check_site(1.0, 1.0, 1.0)
            .is_empty());
        assert!(PropagationModel::FreeSpace.check_distance(1e6).is_none());
    }

    #[test]
    fn validate_rejects_nonsense() {
        assert!(PropagationModel::FixedRadius { radius_m: 0.0 }
            .validate()
            .is_err());
        assert!(PropagationModel::FixedRadius { radius_m: 500.0 }
            .validate()
            .is_ok());
        assert!(PropagationModel::Tr38901Rma {
            condition: LosCondition::Nlos,
            building_height_m: f64::NAN,
            street_width_m: 20.0,
        }
        .validate()
        .is_err());
        assert!(PropagationModel::default().validate().is_ok());
    }
}
