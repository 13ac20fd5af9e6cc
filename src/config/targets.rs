//! The targets of a provincial plan (`[targets]`).

use serde::{Deserialize, Serialize};

/// Targets of the provincial plan, as shares in [0, 1].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// Share of demand households served by fibre (default 0.80).
    pub fibre_households: f64,
    /// Share of communes reached by fibre (default 1.00).
    pub fibre_communes: f64,
    /// Share of households covered by 4G (default 1.00).
    pub mobile_4g_households: f64,
    /// Share of households covered by 5G (none by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_5g_households: Option<f64>,
    /// The scenario has no fibre layer: the fibre targets are "not
    /// evaluated" (set when the scenario is loaded; not a TOML key).
    #[serde(skip)]
    pub no_fibre_layer: bool,
    /// The scenario has no sites layer: the 4G/5G targets are "not
    /// evaluated" (set when the scenario is loaded; not a TOML key).
    #[serde(skip)]
    pub no_sites_layer: bool,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fibre_households: 0.80,
            fibre_communes: 1.0,
            mobile_4g_households: 1.0,
            mobile_5g_households: None,
            no_fibre_layer: false,
            no_sites_layer: false,
        }
    }
}
