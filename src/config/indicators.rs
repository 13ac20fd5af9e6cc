//! The `[indicators]` table: a per-commune table of shares beside the
//! network (read by [`crate::input::indicators`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[indicators]` table of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorParams {
    /// The CSV table (relative to the scenario that names it).
    pub table: PathBuf,
    /// The column holding the commune id (the areas' `id_field`).
    #[serde(default = "default_id_column")]
    pub id_column: String,
    /// How to aggregate to districts and the province.
    #[serde(default)]
    pub weight: IndicatorWeight,
    /// More indicator columns to report, without a target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<String>,
    /// Targets by column name.
    #[serde(default)]
    pub targets: BTreeMap<String, IndicatorTarget>,
}

fn default_id_column() -> String {
    "code".into()
}

/// How an indicator is aggregated over communes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorWeight {
    /// Mean weighted by households (default).
    #[default]
    Households,
    /// Mean weighted by persons (households without persons: households).
    Persons,
    /// Plain mean over communes.
    Equal,
}

/// A target on an indicator column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTarget {
    /// The share to reach (0..1).
    pub target: f64,
    /// What it means, for reports.
    #[serde(default)]
    pub description: String,
}

impl IndicatorParams {
    /// The indicator columns: those with a target, then `columns`, without
    /// repeats.
    pub fn indicator_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.targets.keys().cloned().collect();
        for c in &self.columns {
            if !v.contains(c) {
                v.push(c.clone());
            }
        }
        v
    }

    /// Check the targets (shares in [0, 1]).
    pub fn validate(&self) -> std::result::Result<(), String> {
        for (k, t) in &self.targets {
            if !(0.0..=1.0).contains(&t.target) {
                return Err(format!(
                    "[indicators.targets] {k}: the target must be a share between 0 and 1, found {}",
                    t.target
                ));
            }
        }
        if self.indicator_names().is_empty() {
            return Err(
                "[indicators] names no indicator: give [indicators.targets] or columns = [...]"
                    .into(),
            );
        }
        Ok(())
    }
}
