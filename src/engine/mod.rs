//! The coverage engine: project, index, evaluate every household in
//! parallel, aggregate, check targets. It computes on inputs already read
//! and checked; [`crate::pipeline`] reads, checks and writes around it.
//!
//! ```no_run
//! use phusong::config::Scenario;
//! use phusong::pipeline::{self, NoProgress, Options};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let result = pipeline::run(&scenario, &Options::default(), &NoProgress)?;
//! println!("{}", result.communes);            // a polars DataFrame
//! # Ok::<(), phusong::Error>(())
//! ```

mod evaluate;
mod household_results;
pub mod indicators;
mod models;
mod network_fibre;
pub mod operator_targets;
mod parallel;
mod plane;
mod progress;
mod reach;
mod report;
mod summary;
mod tables;

use std::collections::BTreeMap;
use std::time::Instant;

use polars::prelude::DataFrame;

pub use household_results::{HouseholdResults, MobileColumns, UNASSIGNED};
pub use models::build_mobile;
pub use plane::{choose_projection, fibre_elements, projection_of};
pub use progress::{NoProgress, Progress};
pub use summary::{InputSummary, ProvinceFigures, Summary};

use crate::aggregate::Counts;
use crate::config::Scenario;
use crate::coverage::MobileModel;
use crate::index::AreaIndex;
use crate::input::Inputs;
use crate::projection::Projection;
use crate::Result;

/// Everything a run computes.
pub struct RunResult {
    /// The scenario that was run.
    pub scenario: Scenario,
    /// The mobile models used (4G, 5G), for coverage layers and maps.
    pub models: Vec<Box<dyn MobileModel>>,
    /// The point-in-polygon index of the areas (lon/lat).
    pub area_index: AreaIndex,
    /// The inputs.
    pub inputs: Inputs,
    /// The projection used for distances.
    pub projection: Projection,
    /// Per-household results, in input order.
    pub households: HouseholdResults,
    /// Counts per area (same order as `inputs.areas`).
    pub area_counts: Vec<Counts>,
    /// Whether a fibre element lies in or crosses each area.
    pub area_reached: Vec<bool>,
    /// Counts of the households in no area.
    pub unassigned: Counts,
    /// Per-commune table.
    pub communes: DataFrame,
    /// Per-parent-area table, when the areas have a parent.
    pub parents: Option<DataFrame>,
    /// One-row province table.
    pub province: DataFrame,
    /// Report: inputs, parameters, province figures, targets, warnings.
    pub summary: Summary,
    /// The data problems found when the inputs were checked (every one;
    /// filled by [`crate::pipeline`], empty for a bare [`compute`]).
    pub problems: crate::check::Report,
}

/// The households already located in the areas (by the check, which
/// builds the same index on the same areas): [`compute`] reuses both.
#[derive(Debug, Clone)]
pub struct Located {
    /// The area of each household under [`AreaIndex::locate`] (index into
    /// the areas, or [`crate::index::UNASSIGNED`]).
    pub area: Vec<u32>,
    /// The point-in-polygon index of the areas (lon/lat), built by
    /// `AreaIndex::new` on the areas' geometries in their order.
    pub index: AreaIndex,
    /// The households in spatial order, when the check made one: a lean
    /// run evaluates them in it (one not of these households is ignored,
    /// see [`crate::index::SpatialOrder::is_of`]).
    pub order: Option<crate::index::SpatialOrder>,
}

/// Compute a run on inputs already read: project, index, locate each
/// household in its area (or reuse `located`, the check's location and
/// index under the same rule on the same areas; a location of the wrong
/// length is ignored), evaluate fibre and mobile service, aggregate per
/// commune, parent and province, and check the targets. The scenario's
/// indicators are added by [`indicators::attach`].
pub fn compute(
    scenario: &Scenario,
    inputs: Inputs,
    located: Option<Located>,
    progress: &dyn Progress,
) -> Result<RunResult> {
    let mut laps = Laps::default();
    // Distances, best servers and RSRP only when a per-household output
    // (or the network rule, which falls back to the straight distance)
    // needs them; the counts need only the flags, which classified grids
    // give for most households without even projecting them.
    let detail = scenario.outputs.households;
    let exact = detail || !scenario.fibre.distance.is_straight();
    let (area, index, order) = match located {
        Some(l) => (Some(l.area), Some(l.index), l.order),
        None => (None, None, None),
    };
    let mut projected = evaluate::project(scenario, &inputs, exact, order, progress)?;
    laps.lap("project");
    let built = evaluate::build(scenario, &inputs, &projected, index)?;
    laps.lap("index");
    let area = evaluate::assign(&inputs, &projected, &built.area_index, area, progress);
    laps.lap("assign");
    let households = if evaluate::lean(exact, detail, &built.models) {
        // One pass for fibre and mobile (timed together).
        let (fibre_served, reached, mut cols) =
            evaluate::served_and_flags(&inputs, &projected, &built, progress);
        laps.lap("fibre_and_mobile");
        let g5 = cols.pop().unwrap_or_default();
        let g4 = cols.pop().unwrap_or_default();
        let households = HouseholdResults {
            area,
            fibre_distance_m: Vec::new(),
            fibre_served,
            g4,
            g5,
        };
        (households, reached, Vec::new(), Vec::new())
    } else {
        let flags = (exact, detail);
        evaluate_apart(
            scenario, &inputs, &projected, &built, area, flags, &mut laps, progress,
        )
    };
    // The spatial order's copy of the coordinates is not needed further.
    projected.order = None;
    let (households, area_reached, network_warnings, distance_warnings) = households;
    let counts = tables::count(&inputs, &households, progress);
    let t = tables::build(scenario, &inputs, &counts.per_area, &area_reached)?;
    laps.lap("aggregate");
    let checks = report::target_checks(scenario, &t);
    let mut warnings = report::warnings(&projected.projection, &counts, &built.models);
    warnings.extend(network_warnings);
    warnings.extend(distance_warnings);
    let summary = summary::build(
        scenario,
        &inputs,
        &projected.projection,
        &built.models,
        &t.province_row,
        &counts.unassigned,
        checks,
        warnings,
        laps.timings,
    );
    Ok(RunResult {
        scenario: scenario.clone(),
        models: built.models,
        area_index: built.area_index,
        inputs,
        projection: projected.projection,
        households,
        area_counts: counts.per_area,
        area_reached,
        unassigned: counts.unassigned,
        communes: t.communes,
        parents: t.parents,
        province: t.province,
        summary,
        problems: crate::check::Report::default(),
    })
}

/// Per-household results, per-area reach, and the network's and the
/// models' warnings, with fibre and mobile evaluated one after the other:
/// runs that want distances, best servers or RSRP (`exact`, `detail`),
/// or whose models judge their distances.
#[allow(clippy::too_many_arguments)]
fn evaluate_apart(
    scenario: &Scenario,
    inputs: &Inputs,
    projected: &evaluate::Projected,
    built: &evaluate::Built,
    area: Vec<u32>,
    (exact, detail): (bool, bool),
    laps: &mut Laps,
    progress: &dyn Progress,
) -> (HouseholdResults, Vec<bool>, Vec<String>, Vec<String>) {
    let (fibre_distance_m, fibre_served, area_reached, network_warnings) = if exact {
        let (mut fibre, reached) = evaluate::fibre(inputs, projected, built, progress);
        let warnings = network_fibre::apply(scenario, inputs, projected, &area, &mut fibre);
        let (d, s): (Vec<f64>, Vec<bool>) = fibre.into_iter().unzip();
        (d, s, reached, warnings)
    } else {
        let (s, reached) = evaluate::fibre_served(inputs, projected, built, progress);
        (Vec::new(), s, reached, Vec::new())
    };
    laps.lap("fibre");
    let (g4, g5, distance_warnings) = evaluate::mobile(
        &inputs.households,
        projected,
        &built.models,
        detail,
        progress,
    );
    laps.lap("mobile");
    let households = HouseholdResults {
        area,
        fibre_distance_m,
        fibre_served,
        g4,
        g5,
    };
    (
        households,
        area_reached,
        network_warnings,
        distance_warnings,
    )
}

/// Stage timings: seconds since the previous lap.
struct Laps {
    clock: Instant,
    timings: BTreeMap<String, f64>,
}

impl Default for Laps {
    fn default() -> Self {
        Laps {
            clock: Instant::now(),
            timings: BTreeMap::new(),
        }
    }
}

impl Laps {
    fn lap(&mut self, name: &str) {
        self.timings
            .insert(name.to_string(), self.clock.elapsed().as_secs_f64());
        self.clock = Instant::now();
    }
}
