//! Per-household results, as columns in input order.

use crate::config::Technology;

pub use crate::index::UNASSIGNED;

/// Mobile results of one technology, per household.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MobileColumns {
    /// Best-serving site index (`u32::MAX` when none); empty when the run
    /// writes no per-household results (`[outputs] households = false`)
    /// and the model needs no services for its warnings.
    pub best_site: Vec<u32>,
    /// RSRP from the best site, dBm (`NaN` for geometric models); empty
    /// when `best_site` is.
    pub rsrp_dbm: Vec<f32>,
    /// Covered.
    pub covered: Vec<bool>,
    /// Good coverage.
    pub good: Vec<bool>,
}

/// Everything computed per household.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseholdResults {
    /// Area index (into the sorted areas), or [`UNASSIGNED`].
    pub area: Vec<u32>,
    /// Distance to the nearest fibre element, metres (along the network
    /// under `[fibre] distance = "network"`); empty when the run writes no
    /// per-household results (`[outputs] households = false`) under the
    /// straight rule: the counts need only `fibre_served`.
    pub fibre_distance_m: Vec<f64>,
    /// Within the drop distance.
    pub fibre_served: Vec<bool>,
    /// 4G results.
    pub g4: MobileColumns,
    /// 5G results.
    pub g5: MobileColumns,
}

impl HouseholdResults {
    /// The mobile columns of `tech`.
    pub fn mobile(&self, tech: Technology) -> &MobileColumns {
        match tech {
            Technology::G4 => &self.g4,
            Technology::G5 => &self.g5,
        }
    }
}
