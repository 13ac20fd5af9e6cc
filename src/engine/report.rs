//! The report of a run: each target checked against the province, and
//! the warnings about the data and the models.

use super::tables::{AreaCounts, Tables};
use crate::aggregate::{gap_to_target, meets, share, TableRow, TargetCheck};
use crate::config::Scenario;
use crate::coverage::MobileModel;
use crate::projection::Projection;

/// The province against each target of the scenario.
pub(crate) fn target_checks(scenario: &Scenario, t: &Tables, n_areas: usize) -> Vec<TargetCheck> {
    let targets = &scenario.targets;
    let p = t.province_row.counts;
    let missing = |f: &dyn Fn(&TableRow) -> bool| {
        Some(t.commune_rows.iter().filter(|r| !f(r)).count() as u64)
    };
    let mut checks = vec![
        TargetCheck {
            key: "fibre_households".into(),
            description: "Demand households within reach of fibre".into(),
            target: targets.fibre_households,
            value: share(p.fibre_served, p.demand),
            met: meets(targets.fibre_households, p.demand, p.fibre_served),
            gap: gap_to_target(targets.fibre_households, p.demand, p.fibre_served),
            gap_unit: "households".into(),
            communes_missing: missing(&|r| {
                meets(
                    targets.fibre_households,
                    r.counts.demand,
                    r.counts.fibre_served,
                )
            }),
        },
        TargetCheck {
            key: "fibre_communes".into(),
            description: "Communes reached by the fibre network".into(),
            target: targets.fibre_communes,
            value: share(t.province_row.communes_reached, n_areas as u64),
            met: meets(
                targets.fibre_communes,
                n_areas as u64,
                t.province_row.communes_reached,
            ),
            gap: gap_to_target(
                targets.fibre_communes,
                n_areas as u64,
                t.province_row.communes_reached,
            ),
            gap_unit: "communes".into(),
            communes_missing: None,
        },
        TargetCheck {
            key: "mobile_4g_households".into(),
            description: "Households covered by 4G".into(),
            target: targets.mobile_4g_households,
            value: share(p.covered_4g, p.households),
            met: meets(targets.mobile_4g_households, p.households, p.covered_4g),
            gap: gap_to_target(targets.mobile_4g_households, p.households, p.covered_4g),
            gap_unit: "households".into(),
            communes_missing: missing(&|r| {
                meets(
                    targets.mobile_4g_households,
                    r.counts.households,
                    r.counts.covered_4g,
                )
            }),
        },
    ];
    if let Some(t5) = targets.mobile_5g_households {
        checks.push(TargetCheck {
            key: "mobile_5g_households".into(),
            description: "Households covered by 5G".into(),
            target: t5,
            value: share(p.covered_5g, p.households),
            met: meets(t5, p.households, p.covered_5g),
            gap: gap_to_target(t5, p.households, p.covered_5g),
            gap_unit: "households".into(),
            communes_missing: missing(&|r| meets(t5, r.counts.households, r.counts.covered_5g)),
        });
    }
    checks
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
