//! Targets of a provincial plan and the gap to them.

use serde::{Deserialize, Serialize};

/// The number of units still missing to reach `target` (a share) of
/// `total`, given `achieved`: `max(0, ⌈target·total⌉ − achieved)`.
///
/// ```
/// use phusong::aggregate::gap_to_target;
/// assert_eq!(gap_to_target(0.8, 100, 70), 10);
/// assert_eq!(gap_to_target(0.8, 100, 85), 0);
/// assert_eq!(gap_to_target(0.8, 7, 5), 1); // ⌈5.6⌉ = 6
/// ```
pub fn gap_to_target(target: f64, total: u64, achieved: u64) -> u64 {
    // Guard against 0.8·100 = 80.00000000000001 rounding up to 81.
    let needed = (target * total as f64 - 1e-9).ceil().max(0.0) as u64;
    needed.saturating_sub(achieved)
}

/// Whether `achieved / total` meets `target` (a share): an area with
/// nothing to serve meets any target.
pub fn meets(target: f64, total: u64, achieved: u64) -> bool {
    gap_to_target(target, total, achieved) == 0
}

/// One target checked against the province (or an area).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TargetCheck {
    /// Machine key, e.g. `fibre_households`.
    pub key: String,
    /// What it means, for people.
    pub description: String,
    /// The target share.
    pub target: f64,
    /// The achieved share.
    pub value: f64,
    /// Met or not.
    pub met: bool,
    /// How many more units must be served to meet it.
    pub gap: u64,
    /// The unit of `gap` ("households", "communes").
    pub gap_unit: String,
    /// Areas (communes) that miss this target on their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communes_missing: Option<u64>,
}
