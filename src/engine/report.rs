//! The report of a run: each target checked against the province, and
//! the warnings about the data and the models.

use super::tables::{AreaCounts, Tables};
use crate::aggregate::targets::{self, Tally};
use crate::aggregate::{share, TableRow, TargetCheck};
use crate::config::Scenario;
use crate::coverage::MobileModel;
use crate::projection::Projection;

/// The province against each target of the scenario (the table of
/// [`crate::aggregate::targets`]).
pub(crate) fn target_checks(scenario: &Scenario, t: &Tables) -> Vec<TargetCheck> {
    let commune_tallies: Vec<Tally> = t.commune_rows.iter().map(TableRow::tally).collect();
    targets::checks(&scenario.targets, &t.province_row.tally(), &commune_tallies)
}

/// Warnings for the summary: households in no commune, a wide longitude
/// range, communes without households, and each model's own warnings.
pub(crate) fn warnings(
    projection: &Projection,
    counts: &AreaCounts,
    models: &[Box<dyn MobileModel>],
) -> Vec<String> {
    let mut warnings = Vec::new();
    if counts.unassigned.households > 0 {
        warnings.push(format!(
            "{} of {} households ({:.2}%) lie in no commune and are reported as unassigned; \
             check their coordinates if this is more than a few near the coast or border",
            counts.unassigned.households,
            counts.households,
            100.0 * share(counts.unassigned.households, counts.households as u64)
        ));
    }
    if projection.max_scale_error() > 0.001 {
        warnings.push(format!(
            "the data span a wide longitude range: distances may be off by up to {:.2}%; \
             split the run by region or choose a UTM zone with `projection`",
            100.0 * projection.max_scale_error()
        ));
    }
    let empty = counts.per_area.iter().filter(|c| c.households == 0).count();
    if empty > 0 {
        warnings.push(format!("{empty} communes contain no households"));
    }
    for m in models {
        warnings.extend(m.warnings());
    }
    warnings
}
