//! The mobile coverage model per technology (`[mobile.4G]`, `[mobile.5G]`).

use serde::{Deserialize, Serialize};

use super::Technology;

/// Mobile coverage models, one per technology (`[mobile.4G]`, `[mobile.5G]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MobileParams {
    /// 4G (LTE) model.
    #[serde(rename = "4G", skip_serializing_if = "Option::is_none")]
    pub g4: Option<MobileModelSpec>,
    /// 5G (NR) model.
    #[serde(rename = "5G", skip_serializing_if = "Option::is_none")]
    pub g5: Option<MobileModelSpec>,
}

impl MobileParams {
    /// The model for `tech`, with the default when the scenario is silent.
    pub fn spec(&self, tech: Technology) -> MobileModelSpec {
        let given = match tech {
            Technology::G4 => &self.g4,
            Technology::G5 => &self.g5,
        };
        given
            .clone()
            .unwrap_or(MobileModelSpec::FixedRadius { radius_m: None })
    }
}

/// A mobile coverage model as written in the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "kebab-case", deny_unknown_fields)]
pub enum MobileModelSpec {
    /// Covered within a radius of a site: the site's `radius_m` column, else
    /// `radius_m` here, else the technology default (4 km for 4G, 0.5 km for
    /// 5G: the fallback radii GSMA's coverage maps use for tower points).
    FixedRadius {
        /// Radius for sites without their own, metres.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radius_m: Option<f64>,
    },
    /// Covered when the best server's RSRP (SS-RSRP for 5G) reaches the
    /// threshold: a link budget with a path-loss model, the sector antenna
    /// pattern and a shadowing margin (see [`crate::coverage::radio`]).
    LinkBudget {
        /// Whether households are judged by the outdoor or the indoor
        /// (building entry loss) budget.
        #[serde(default)]
        receiver: Receiver,
        /// Radio parameters: `model`, `site`, `thresholds`, `reliability`,
        /// `indoor_loss`, `shadowing_sigma_db`; absent keys take the
        /// technology defaults (see [`crate::coverage::radio::TechnologyConfig`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        radio: Option<toml::Table>,
    },
}

/// Where the receiver is, for the link budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Receiver {
    /// Outdoors at 1.5 m (the FCC and 3GPP convention).
    #[default]
    Outdoor,
    /// Indoors, after the building entry loss.
    Indoor,
}

/// The default fixed radius of a technology, in metres (GSMA's fallback
/// radii for tower points: 4 km for 4G, 0.5 km for 5G).
pub fn default_radius_m(tech: Technology) -> f64 {
    match tech {
        Technology::G4 => 4_000.0,
        Technology::G5 => 500.0,
    }
}
