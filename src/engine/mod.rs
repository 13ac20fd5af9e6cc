//! The coverage engine: read the layers, project, index, evaluate every
//! household in parallel, aggregate, check targets.
//!
//! ```no_run
//! use phusong::engine::{run, NoProgress};
//! use phusong::input::Scenario;
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let result = run(&scenario, &NoProgress)?;
//! println!("{}", result.communes);            // a polars DataFrame
//! phusong::output::write_all(&result, "outputs/demo".as_ref())?;
//! # Ok::<(), phusong::Error>(())
//! ```

mod household_results;
mod progress;
mod summary;

use std::collections::BTreeMap;
use std::time::Instant;

use geo::{Intersects, Line, MultiPolygon};
use polars::prelude::DataFrame;
use rayon::prelude::*;

pub use household_results::{HouseholdResults, MobileColumns, UNASSIGNED};
pub use progress::{NoProgress, Progress};
pub use summary::{InputSummary, ProvinceFigures, Summary};

use crate::aggregate::targets::{self, Tally};
use crate::aggregate::{build_table, meets, share, Counts, HouseholdFlags, TableRow};
use crate::coverage::{FibreModel, FixedRadius, LinkBudget, MobileModel};
use crate::index::{AreaIndex, Containment, Element, SegmentIndex};
use crate::input::scenario::{default_radius_m, LayerKind, MobileModelSpec};
use crate::input::{
    read_areas_with, read_fibre_with, read_households_with, read_sites_with, Areas, Fibre,
    Households, Scenario, Sites, Technology,
};
use crate::projection::Projection;
use crate::Result;

/// The four input layers of a run, as read (WGS84 lon/lat).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Areas (communes), sorted by code.
    pub areas: Areas,
    /// Households, in file order.
    pub households: Households,
    /// Fibre network.
    pub fibre: Fibre,
    /// Cell sites, in file order.
    pub sites: Sites,
}

/// Read the layers a scenario names, converting each from its CRS to WGS 84,
/// and apply its layer edits (`[add]`, `[remove]`, `[planned]`, see
/// [`crate::input::edits`]) (strictly: the first bad row or feature is an error; see
/// [`crate::check::check_scenario`] for the lenient reading that lists
/// them all).
pub fn load_inputs(scenario: &Scenario, progress: &dyn Progress) -> Result<Inputs> {
    progress.start("read", 4);
    let l = &scenario.layers;
    let opts = |k: LayerKind| scenario.read_options(k, false);
    let areas = read_areas_with(&l.areas, &scenario.areas, &opts(LayerKind::Areas)?)?.data;
    progress.inc(1);
    let households = read_households_with(&l.households, &opts(LayerKind::Households)?)?.data;
    progress.inc(1);
    let mut fibre = read_fibre_with(&l.fibre, &opts(LayerKind::Fibre)?)?.data;
    progress.inc(1);
    let mut sites = read_sites_with(&l.sites, &opts(LayerKind::Sites)?)?.data;
    // The scenario's [add], [remove] and [planned] edits.
    crate::input::edits::apply(scenario, &mut fibre, &mut sites)?;
    progress.inc(1);
    progress.finish();
    Ok(Inputs {
        areas,
        households,
        fibre,
        sites,
    })
}

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
}

/// Run a scenario: read its layers, compute everything, and add the
/// scenario's indicators ([`crate::aggregate::indicators::attach`]).
pub fn run(scenario: &Scenario, progress: &dyn Progress) -> Result<RunResult> {
    let t = Instant::now();
    let inputs = load_inputs(scenario, progress)?;
    let read_s = t.elapsed().as_secs_f64();
    let mut r = run_with_inputs(scenario, inputs, progress)?;
    crate::aggregate::indicators::attach(&mut r)?;
    r.summary.timings_s.insert("read".into(), read_s);
    Ok(r)
}

fn lon_range(inputs: &Inputs) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let mut add = |x: f64| {
        lo = lo.min(x);
        hi = hi.max(x);
    };
    for a in &inputs.areas.items {
        for p in &a.geometry.0 {
            for c in &p.exterior().0 {
                add(c.x);
            }
        }
    }
    for &x in &inputs.households.lon {
        add(x);
    }
    (lo, hi)
}

/// Progress is reported per chunk of this many households.
const CHUNK: usize = 1 << 14;

/// Evaluate `f` for every household index in parallel, preserving order.
fn per_household<T, F>(n: usize, stage: &str, progress: &dyn Progress, f: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    progress.start(stage, n as u64);
    let chunks: Vec<Vec<T>> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let range = c * CHUNK..((c + 1) * CHUNK).min(n);
            let len = range.len();
            let v: Vec<T> = range.map(&f).collect();
            progress.inc(len as u64);
            v
        })
        .collect();
    progress.finish();
    let mut out = Vec::with_capacity(n);
    for c in chunks {
        out.extend(c);
    }
    out
}

/// The mobile model of `tech` for a scenario.
pub fn build_mobile(
    scenario: &Scenario,
    sites: &Sites,
    projected: &[[f64; 2]],
    tech: Technology,
) -> Result<Box<dyn MobileModel>> {
    let spec = scenario.mobile.spec(tech);
    let rows = (0..sites.len()).filter(move |&i| sites.tech[i] == tech);
    match &spec {
        MobileModelSpec::FixedRadius { radius_m } => {
            let default_r = radius_m.unwrap_or_else(|| default_radius_m(tech));
            let items = rows.map(|i| {
                (
                    i as u32,
                    projected[i],
                    sites.radius_m[i].unwrap_or(default_r),
                )
            });
            Ok(Box::new(FixedRadius::new(tech, items, default_r)))
        }
        MobileModelSpec::LinkBudget { receiver, .. } => {
            let cfg = spec
                .radio_config(tech)
                .map_err(crate::Error::Invalid)?
                .ok_or_else(|| {
                    crate::Error::Invalid("link-budget model without radio settings".into())
                })?;
            if let Some(r) = cfg.model.fixed_radius_m() {
                // The radio layer's `fixed_radius` is the plain radius model:
                // the same code path as `model = "fixed-radius"`.
                let items = rows.map(|i| (i as u32, projected[i], sites.radius_m[i].unwrap_or(r)));
                return Ok(Box::new(FixedRadius::new(tech, items, r)));
            }
            let items = rows.map(|i| (i as u32, projected[i], sites.sector[i]));
            let path = scenario.layers.sites.display().to_string();
            let model = LinkBudget::new(tech, cfg, *receiver, items, |row| {
                format!(
                    "{path}: site row {} (id {})",
                    row + 1,
                    sites.ids[row as usize]
                )
            })?;
            Ok(Box::new(model))
        }
    }
}

/// Whether any fibre element lies in or crosses each area (lon/lat).
fn fibre_reach(areas: &Areas, index: &AreaIndex, fibre: &Fibre) -> Vec<bool> {
    let elements: Vec<Element> = fibre
        .segments
        .iter()
        .map(|&(a, b, f)| Element { a, b, feature: f })
        .chain(fibre.points.iter().map(|&(p, f)| Element {
            a: p,
            b: p,
            feature: f,
        }))
        .collect();
    let tree = rstar::RTree::bulk_load(elements);
    areas
        .items
        .par_iter()
        .enumerate()
        .map(|(i, area)| {
            let Some(rect) = geo::BoundingRect::bounding_rect(&area.geometry) else {
                return false;
            };
            let env = rstar::AABB::from_corners(
                [rect.min().x, rect.min().y],
                [rect.max().x, rect.max().y],
            );
            tree.locate_in_envelope_intersecting(env)
                .any(|e: &Element| {
                    index.containment(i, e.a) != Containment::Outside
                        || index.containment(i, e.b) != Containment::Outside
                        || (e.a != e.b && crosses(&area.geometry, e))
                })
        })
        .collect()
}

fn crosses(mp: &MultiPolygon<f64>, e: &Element) -> bool {
    let line = Line::new(
        geo::coord! { x: e.a[0], y: e.a[1] },
        geo::coord! { x: e.b[0], y: e.b[1] },
    );
    line.intersects(mp)
}

/// Run on inputs already read.
pub fn run_with_inputs(
    scenario: &Scenario,
    inputs: Inputs,
    progress: &dyn Progress,
) -> Result<RunResult> {
    run_with_assignment(scenario, inputs, None, progress)
}

/// [`run_with_inputs`], reusing the area of each household when it is
/// already known (`area`, as [`crate::check::Checked::area`] gives it: the
/// same rule, [`AreaIndex::locate`] on the same areas). A vector of the
/// wrong length is ignored.
pub fn run_with_assignment(
    scenario: &Scenario,
    inputs: Inputs,
    area: Option<Vec<u32>>,
    progress: &dyn Progress,
) -> Result<RunResult> {
    let mut timings: BTreeMap<String, f64> = BTreeMap::new();
    let mut clock = Instant::now();
    let mut lap = |name: &str, timings: &mut BTreeMap<String, f64>| {
        timings.insert(name.to_string(), clock.elapsed().as_secs_f64());
        clock = Instant::now();
    };
    let hh = &inputs.households;
    let n = hh.len();

    // Projection.
    let (lo, hi) = lon_range(&inputs);
    let projection = Projection::choose(&scenario.projection, lo, hi)?;
    let hh_xy: Vec<[f64; 2]> = per_household(n, "project", progress, |i| {
        projection.forward(hh.lon[i], hh.lat[i])
    });
    let site_xy: Vec<[f64; 2]> = (0..inputs.sites.len())
        .map(|i| projection.forward(inputs.sites.lon[i], inputs.sites.lat[i]))
        .collect();
    let fibre_elements: Vec<Element> = inputs
        .fibre
        .segments
        .iter()
        .map(|&(a, b, f)| Element {
            a: projection.forward(a[0], a[1]),
            b: projection.forward(b[0], b[1]),
            feature: f,
        })
        .chain(inputs.fibre.points.iter().map(|&(p, f)| {
            let q = projection.forward(p[0], p[1]);
            Element {
                a: q,
                b: q,
                feature: f,
            }
        }))
        .collect();
    lap("project", &mut timings);

    // Indexes and models.
    let polys: Vec<MultiPolygon<f64>> = inputs
        .areas
        .items
        .iter()
        .map(|a| a.geometry.clone())
        .collect();
    let area_index = AreaIndex::new(&polys);
    let fibre_model = FibreModel::new(SegmentIndex::new(fibre_elements), scenario.fibre.drop_m);
    let models: Vec<Box<dyn MobileModel>> = Technology::ALL
        .iter()
        .map(|&t| build_mobile(scenario, &inputs.sites, &site_xy, t))
        .collect::<Result<Vec<_>>>()?;
    lap("index", &mut timings);

    // Assignment (point in polygon, in lon/lat: GeoJSON edges are straight
    // lines in lon/lat, RFC 7946 §3.1.1).
    let area: Vec<u32> = match area {
        Some(a) if a.len() == n => a,
        _ => per_household(n, "assign", progress, |i| {
            area_index
                .locate([hh.lon[i], hh.lat[i]])
                .unwrap_or(UNASSIGNED)
        }),
    };
    lap("assign", &mut timings);

    let fibre: Vec<(f64, bool)> = per_household(n, "fibre", progress, |i| {
        let s = fibre_model.evaluate(hh_xy[i]);
        (s.distance_m, s.served)
    });
    let area_reached = fibre_reach(&inputs.areas, &area_index, &inputs.fibre);
    lap("fibre", &mut timings);

    let mut mobile_cols: Vec<MobileColumns> = Vec::new();
    for m in &models {
        let stage = format!("mobile {}", m.technology());
        let services = per_household(n, &stage, progress, |i| m.evaluate(hh_xy[i]));
        mobile_cols.push(MobileColumns {
            best_site: services
                .iter()
                .map(|s| s.best_site.unwrap_or(u32::MAX))
                .collect(),
            rsrp_dbm: services.iter().map(|s| s.rsrp_dbm).collect(),
            covered: services.iter().map(|s| s.covered).collect(),
            good: services.iter().map(|s| s.good).collect(),
        });
    }
    let g5 = mobile_cols.pop().unwrap_or_default();
    let g4 = mobile_cols.pop().unwrap_or_default();
    let results = HouseholdResults {
        area,
        fibre_distance_m: fibre.iter().map(|f| f.0).collect(),
        fibre_served: fibre.iter().map(|f| f.1).collect(),
        g4,
        g5,
    };
    lap("mobile", &mut timings);

    // Aggregation.
    progress.start("aggregate", n as u64);
    let n_areas = inputs.areas.len();
    let flags = |i: usize| HouseholdFlags {
        demand: hh.demand[i],
        fibre: results.fibre_served[i],
        g4: (results.g4.covered[i], results.g4.good[i]),
        g5: (results.g5.covered[i], results.g5.good[i]),
        persons: hh.persons.as_ref().map_or(0, |p| p[i]),
    };
    let sums: Vec<Counts> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut acc = vec![Counts::default(); n_areas + 1];
            let range = c * CHUNK..((c + 1) * CHUNK).min(n);
            let len = range.len();
            for i in range {
                let a = results.area[i];
                let slot = if a == UNASSIGNED { n_areas } else { a as usize };
                acc[slot].add(&flags(i));
            }
            progress.inc(len as u64);
            acc
        })
        .reduce(
            || vec![Counts::default(); n_areas + 1],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    progress.finish();
    let mut area_counts = sums;
    let unassigned = area_counts.pop().unwrap_or_default();
    let has_persons = hh.persons.is_some();
    let targets = &scenario.targets;

    let commune_rows: Vec<TableRow> = inputs
        .areas
        .items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut keys = vec![
                ("code".to_string(), a.id.clone()),
                ("name".to_string(), a.name.clone()),
            ];
            if let (Some(field), Some(p)) = (&scenario.areas.parent_field, &a.parent) {
                keys.push((field.clone(), p.clone()));
            }
            TableRow {
                keys,
                counts: area_counts[i],
                communes: 1,
                communes_reached: area_reached[i] as u64,
                communes_fibre_met: meets(
                    targets.fibre_households,
                    area_counts[i].demand,
                    area_counts[i].fibre_served,
                ) as u64,
                has_persons,
            }
        })
        .collect();
    let communes = build_table(&commune_rows, targets, true)?;
    let aggregate_rows = |keys: Vec<(String, String)>, members: &[usize]| {
        let mut row = TableRow {
            keys,
            counts: Counts::default(),
            communes: members.len() as u64,
            communes_reached: 0,
            communes_fibre_met: 0,
            has_persons,
        };
        for &i in members {
            row.counts += commune_rows[i].counts;
            row.communes_reached += commune_rows[i].communes_reached;
            row.communes_fibre_met += commune_rows[i].communes_fibre_met;
        }
        row
    };
    let parents = match &scenario.areas.parent_field {
        Some(field) => {
            let rows: Vec<TableRow> = inputs
                .areas
                .parents()
                .into_iter()
                .map(|(name, members)| aggregate_rows(vec![(field.clone(), name)], &members))
                .collect();
            Some(build_table(&rows, targets, false)?)
        }
        None => None,
    };
    let all: Vec<usize> = (0..n_areas).collect();
    let province_row = aggregate_rows(
        vec![("province".to_string(), scenario.province.clone())],
        &all,
    );
    let province = build_table(std::slice::from_ref(&province_row), targets, false)?;
    lap("aggregate", &mut timings);

    // Targets and the report.
    let commune_tallies: Vec<Tally> = commune_rows.iter().map(TableRow::tally).collect();
    let checks = targets::checks(targets, &province_row.tally(), &commune_tallies);

    let mut warnings = Vec::new();
    if unassigned.households > 0 {
        warnings.push(format!(
            "{} of {} households ({:.2}%) lie in no commune and are reported as unassigned; \
             check their coordinates if this is more than a few near the coast or border",
            unassigned.households,
            n,
            100.0 * share(unassigned.households, n as u64)
        ));
    }
    if projection.max_scale_error() > 0.001 {
        warnings.push(format!(
            "the data span a wide longitude range: distances may be off by up to {:.2}%; \
             split the run by region or choose a UTM zone with `projection`",
            100.0 * projection.max_scale_error()
        ));
    }
    let empty = area_counts.iter().filter(|c| c.households == 0).count();
    if empty > 0 {
        warnings.push(format!("{empty} communes contain no households"));
    }
    for m in &models {
        warnings.extend(m.warnings());
    }

    let summary = summary::build(
        scenario,
        &inputs,
        &projection,
        &models,
        &province_row,
        &unassigned,
        checks,
        warnings,
        timings,
    );
    Ok(RunResult {
        scenario: scenario.clone(),
        models,
        area_index,
        inputs,
        projection,
        households: results,
        area_counts,
        area_reached,
        unassigned,
        communes,
        parents,
        province,
        summary,
    })
}
