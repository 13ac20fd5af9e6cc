//! The scenario's `[check]` table: thresholds of the data checks and the
//! severity of each kind of problem.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::problem::{Kind, Severity};

/// The scenario's `[check]` table.
///
/// ```toml
/// [check]
/// far_outside_m = 5000        # a household this far from every commune is "far outside"
/// min_overlap_m2 = 100        # smaller overlaps between communes are digitising slivers
/// min_gap_m2 = 100
/// site_position_tolerance_m = 10
///
/// [check.severity]
/// gap = "off"
/// outside-communes = "error"
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CheckParams {
    /// A household farther than this from every commune, metres, is
    /// reported as far outside (default 5 km).
    pub far_outside_m: f64,
    /// Overlaps between communes smaller than this, m², are ignored
    /// (default 100 m²).
    pub min_overlap_m2: f64,
    /// Gaps between communes smaller than this, m², are ignored (default
    /// 100 m²).
    pub min_gap_m2: f64,
    /// Rows of one site id farther apart than this, metres, conflict
    /// (default 10 m).
    pub site_position_tolerance_m: f64,
    /// At most this many problems of one kind per layer are listed one by
    /// one; the rest are counted in one summary line (default 50).
    pub max_listed: usize,
    /// Severity per kind, overriding [`Kind::default_severity`].
    pub severity: BTreeMap<Kind, Severity>,
}

impl Default for CheckParams {
    fn default() -> Self {
        CheckParams {
            far_outside_m: 5_000.0,
            min_overlap_m2: 100.0,
            min_gap_m2: 100.0,
            site_position_tolerance_m: 10.0,
            max_listed: 50,
            severity: BTreeMap::new(),
        }
    }
}

impl CheckParams {
    /// The severity of `kind` under these parameters.
    pub fn severity_of(&self, kind: Kind) -> Severity {
        self.severity
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_severity())
    }

    /// Check the values; the error names the key.
    pub fn validate(&self) -> Result<(), String> {
        for (name, v) in [
            ("far_outside_m", self.far_outside_m),
            ("min_overlap_m2", self.min_overlap_m2),
            ("min_gap_m2", self.min_gap_m2),
            ("site_position_tolerance_m", self.site_position_tolerance_m),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(format!("[check] {name} must be a number ≥ 0, found {v}"));
            }
        }
        Ok(())
    }
}
