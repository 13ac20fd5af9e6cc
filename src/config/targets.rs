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
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            fibre_households: 0.80,
            fibre_communes: 1.0,
            mobile_4g_households: 1.0,
            mobile_5g_households: None,
        }
    }
}
