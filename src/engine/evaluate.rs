//! The per-household phases of a run: project, index, locate, and evaluate
//! fibre and mobile service.

use geo::MultiPolygon;

use super::household_results::MobileColumns;
use super::parallel::per_household;
use super::plane::{choose_projection, fibre_elements};
use super::progress::Progress;
use crate::config::{Scenario, Technology};
use crate::coverage::{FibreModel, MobileModel};
use crate::index::UNASSIGNED;
use crate::index::{AreaIndex, Element, SegmentIndex};
use crate::input::Inputs;
use crate::projection::Projection;
use crate::Result;

/// The inputs on the metric plane.
pub(crate) struct Projected {
    pub projection: Projection,
    /// Households, in input order.
    pub households_xy: Vec<[f64; 2]>,
    /// Site rows, in input order.
    pub sites_xy: Vec<[f64; 2]>,
    /// Fibre segments, then distribution points (as zero-length elements).
    pub fibre: Vec<Element>,
}

/// Project households, sites and fibre onto the run's plane.
pub(crate) fn project(
    scenario: &Scenario,
    inputs: &Inputs,
    progress: &dyn Progress,
) -> Result<Projected> {
    let projection = choose_projection(scenario, inputs)?;
    let hh = &inputs.households;
    let households_xy = per_household(hh.len(), "project", progress, |i| {
        projection.forward(hh.lon[i], hh.lat[i])
    });
    let sites_xy = (0..inputs.sites.len())
        .map(|i| projection.forward(inputs.sites.lon[i], inputs.sites.lat[i]))
        .collect();
    let fibre = fibre_elements(&projection, &inputs.fibre);
    Ok(Projected {
        projection,
        households_xy,
        sites_xy,
        fibre,
    })
}

/// The indexes and models of a run.
pub(crate) struct Built {
    pub area_index: AreaIndex,
    pub fibre_model: FibreModel,
    /// One per technology, in [`Technology::ALL`] order.
    pub models: Vec<Box<dyn MobileModel>>,
}

/// Index the areas and the fibre, and build each technology's model.
pub(crate) fn build(scenario: &Scenario, inputs: &Inputs, p: &Projected) -> Result<Built> {
    let polys: Vec<MultiPolygon<f64>> = inputs
        .areas
        .items
        .iter()
        .map(|a| a.geometry.clone())
        .collect();
    let area_index = AreaIndex::new(&polys);
    let fibre_model = FibreModel::new(SegmentIndex::new(p.fibre.clone()), scenario.fibre.drop_m);
    let models = Technology::ALL
        .iter()
        .map(|&t| super::models::build_mobile(scenario, &inputs.sites, &p.sites_xy, t))
        .collect::<Result<Vec<_>>>()?;
    Ok(Built {
        area_index,
        fibre_model,
        models,
    })
}

/// The area of each household: `known` when it has one entry per household,
/// else located here (point in polygon in lon/lat: GeoJSON edges are
/// straight lines in lon/lat, RFC 7946 §3.1.1).
pub(crate) fn assign(
    inputs: &Inputs,
    index: &AreaIndex,
    known: Option<Vec<u32>>,
    progress: &dyn Progress,
) -> Vec<u32> {
    let hh = &inputs.households;
    match known {
        Some(a) if a.len() == hh.len() => a,
        _ => per_household(hh.len(), "assign", progress, |i| {
            index.locate([hh.lon[i], hh.lat[i]]).unwrap_or(UNASSIGNED)
        }),
    }
}

/// Per household the distance to the nearest fibre element and whether it
/// is served; per area whether the network reaches it.
pub(crate) fn fibre(
    inputs: &Inputs,
    p: &Projected,
    b: &Built,
    progress: &dyn Progress,
) -> (Vec<(f64, bool)>, Vec<bool>) {
    let served = per_household(p.households_xy.len(), "fibre", progress, |i| {
        let s = b.fibre_model.evaluate(p.households_xy[i]);
        (s.distance_m, s.served)
    });
    let reached = super::reach::fibre_reach(&inputs.areas, &b.area_index, &inputs.fibre);
    (served, reached)
}

/// The 4G and 5G service of every household, and each model's warnings
/// about the distances served ([`MobileModel::distance_warnings`]).
pub(crate) fn mobile(
    p: &Projected,
    models: &[Box<dyn MobileModel>],
    progress: &dyn Progress,
) -> (MobileColumns, MobileColumns, Vec<String>) {
    let mut warnings = Vec::new();
    let mut cols: Vec<MobileColumns> = models
        .iter()
        .map(|m| {
            let stage = format!("mobile {}", m.technology());
            let services = per_household(p.households_xy.len(), &stage, progress, |i| {
                m.evaluate(p.households_xy[i])
            });
            warnings.extend(m.distance_warnings(&services));
            MobileColumns {
                best_site: services
                    .iter()
                    .map(|s| s.best_site.unwrap_or(u32::MAX))
                    .collect(),
                rsrp_dbm: services.iter().map(|s| s.rsrp_dbm).collect(),
                covered: services.iter().map(|s| s.covered).collect(),
                good: services.iter().map(|s| s.good).collect(),
            }
        })
        .collect();
    let g5 = cols.pop().unwrap_or_default();
    let g4 = cols.pop().unwrap_or_default();
    (g4, g5, warnings)
}
