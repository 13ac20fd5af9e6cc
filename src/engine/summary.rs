//! The run report: inputs, parameters, province figures against the
//! targets, warnings and timings. Serialised as `summary.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::aggregate::{share, Counts, TableRow, TargetCheck};
use crate::config::{Scenario, Technology};
use crate::coverage::MobileModel;
use crate::input::Inputs;
use crate::projection::Projection;

/// One input file and what was read from it.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// The file.
    pub path: String,
    /// Features or rows read.
    pub count: usize,
    /// Details (e.g. sites per technology).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub detail: BTreeMap<String, usize>,
}

/// Province-wide figures.
#[derive(Debug, Clone, Serialize)]
pub struct ProvinceFigures {
    /// All households read.
    pub households_total: u64,
    /// Households assigned to a commune.
    pub households: u64,
    /// Households in no commune.
    pub unassigned: u64,
    /// Demand households (assigned).
    pub demand_households: u64,
    /// Demand households served by fibre.
    pub fibre_served: u64,
    /// Share of demand households served.
    pub fibre_share: f64,
    /// Communes.
    pub communes: u64,
    /// Communes reached by fibre.
    pub communes_reached: u64,
    /// Households covered by 4G.
    pub covered_4g: u64,
    /// Share covered by 4G.
    pub share_4g: f64,
    /// Households covered by 5G.
    pub covered_5g: u64,
    /// Share covered by 5G.
    pub share_5g: f64,
    /// Persons (0 when the input has none).
    pub persons: u64,
    /// Persons in demand households served by fibre.
    pub persons_fibre: u64,
    /// Persons covered by 4G.
    pub persons_4g: u64,
    /// Persons covered by 5G.
    pub persons_5g: u64,
}

/// The run report.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// phusong version that produced it.
    pub phusong_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Province name.
    pub province: String,
    /// Scenario description.
    pub description: String,
    /// The scenario file, absolute, when the caller knows it (`phusong run`
    /// sets it; `phusong map` reads the layers it names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_file: Option<String>,
    /// When the run happened (UTC, RFC 3339).
    pub run_at: String,
    /// Input files and counts.
    pub inputs: BTreeMap<String, InputSummary>,
    /// Parameters: projection, fibre drop, mobile models, targets.
    pub parameters: serde_json::Value,
    /// Province figures.
    pub province_figures: ProvinceFigures,
    /// Each target against the province.
    pub targets: Vec<TargetCheck>,
    /// Things the user should know.
    pub warnings: Vec<String>,
    /// Wall time per stage, seconds.
    pub timings_s: BTreeMap<String, f64>,
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

/// The current time as RFC 3339 UTC, without a date-time crate.
pub fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn build(
    scenario: &Scenario,
    inputs: &Inputs,
    projection: &Projection,
    models: &[Box<dyn MobileModel>],
    province: &TableRow,
    unassigned: &Counts,
    targets: Vec<TargetCheck>,
    warnings: Vec<String>,
    timings_s: BTreeMap<String, f64>,
) -> Summary {
    let l = &scenario.layers;
    let mut in_map = BTreeMap::new();
    in_map.insert(
        "areas".to_string(),
        InputSummary {
            path: path_text(&l.areas),
            count: inputs.areas.len(),
            detail: BTreeMap::new(),
        },
    );
    in_map.insert(
        "households".to_string(),
        InputSummary {
            path: path_text(&l.households),
            count: inputs.households.len(),
            detail: BTreeMap::new(),
        },
    );
    let mut fd = BTreeMap::new();
    fd.insert("segments".to_string(), inputs.fibre.segments.len());
    fd.insert("points".to_string(), inputs.fibre.points.len());
    in_map.insert(
        "fibre".to_string(),
        InputSummary {
            path: l.fibre.as_deref().map(path_text).unwrap_or_default(),
            count: inputs.fibre.feature_ids.len(),
            detail: fd,
        },
    );
    let mut sd = BTreeMap::new();
    for t in Technology::ALL {
        sd.insert(
            t.label().to_string(),
            inputs.sites.tech.iter().filter(|&&x| x == t).count(),
        );
    }
    in_map.insert(
        "sites".to_string(),
        InputSummary {
            path: l.sites.as_deref().map(path_text).unwrap_or_default(),
            count: inputs.sites.len(),
            detail: sd,
        },
    );
    let mobile: serde_json::Map<String, serde_json::Value> = models
        .iter()
        .map(|m| (m.technology().label().to_string(), m.describe()))
        .collect();
    let parameters = serde_json::json!({
        "projection": {
            "choice": scenario.projection.to_string(),
            "proj": projection.proj_string(),
            "max_distance_error_share": projection.max_scale_error(),
        },
        "fibre": fibre_parameters(scenario),
        "mobile": mobile,
        "targets": scenario.targets,
        "assignment_rule": "strictly inside a commune; on a boundary only: the lowest commune code; in none: unassigned",
        "snap_outside_m": scenario.areas.snap_outside_m,
    });
    let c = &province.counts;
    let province_figures = ProvinceFigures {
        households_total: c.households + unassigned.households,
        households: c.households,
        unassigned: unassigned.households,
        demand_households: c.demand,
        fibre_served: c.fibre_served,
        fibre_share: share(c.fibre_served, c.demand),
        communes: province.communes,
        communes_reached: province.communes_reached,
        covered_4g: c.covered_4g,
        share_4g: share(c.covered_4g, c.households),
        covered_5g: c.covered_5g,
        share_5g: share(c.covered_5g, c.households),
        persons: c.persons,
        persons_fibre: c.persons_fibre,
        persons_4g: c.persons_4g,
        persons_5g: c.persons_5g,
    };
    Summary {
        phusong_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: scenario.name.clone(),
        province: scenario.province.clone(),
        description: scenario.description.clone(),
        scenario_file: None,
        run_at: now_rfc3339(),
        inputs: in_map,
        parameters,
        province_figures,
        targets,
        warnings,
        timings_s,
    }
}

/// `parameters.fibre` of the summary: the drop and the rule it is measured
/// by (the straight rule's keys unchanged).
fn fibre_parameters(scenario: &Scenario) -> serde_json::Value {
    let reached = "a fibre element lies in or crosses the commune";
    match scenario.fibre.distance {
        crate::config::FibreDistance::Straight => serde_json::json!({
            "drop_m": scenario.fibre.drop_m,
            "served_rule": "nearest cable segment or distribution point within drop_m (inclusive)",
            "reached_rule": reached,
        }),
        crate::config::FibreDistance::Network => serde_json::json!({
            "drop_m": scenario.fibre.drop_m,
            "distance": "network",
            "fibre_join_m": scenario.network.fibre_join_m,
            "served_rule": "straight to the nearest road or canal edge, then along the network to a node (or from the access point itself) within fibre_join_m of the fibre, plus that straight connector: within drop_m (inclusive); households on a part of the network the fibre does not join keep the straight distance",
            "reached_rule": reached,
        }),
    }
}
