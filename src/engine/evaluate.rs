//! The per-household phases of a run: project, index, locate, and evaluate
//! fibre and mobile service.

use super::household_results::MobileColumns;
use super::parallel::{per_household, per_point};
use super::plane::{choose_projection, fibre_elements};
use super::progress::Progress;
use crate::config::{Scenario, Technology};
use crate::coverage::{FibreModel, MobileModel};
use crate::index::UNASSIGNED;
use crate::index::{finite_bbox, AreaIndex, Element, SegmentIndex, SpatialOrder};
use crate::input::{Households, Inputs};
use crate::projection::{ForwardTable, Projection};
use crate::Result;

/// The inputs on the metric plane.
pub(crate) struct Projected {
    pub projection: Projection,
    /// Households, in input order; empty in a lean run (see `table`).
    pub households_xy: Vec<[f64; 2]>,
    /// In a lean run, the approximate projection with which the
    /// classified grids decide most households without projecting them.
    pub table: Option<ForwardTable>,
    /// In a lean run, the households in spatial order, in which the lean
    /// stages visit them (their grid lookups then hit the caches).
    pub order: Option<SpatialOrder>,
    /// Site rows, in input order.
    pub sites_xy: Vec<[f64; 2]>,
    /// Fibre segments, then distribution points (as zero-length elements).
    pub fibre: Vec<Element>,
}

impl Projected {
    /// Household `i` on the plane: the stored column, or projected now.
    #[inline]
    pub fn household_xy(&self, hh: &Households, i: usize) -> [f64; 2] {
        match self.households_xy.get(i) {
            Some(&p) => p,
            None => self.projection.forward(hh.lon[i], hh.lat[i]),
        }
    }

    /// A point (`[lon, lat]`) approximately on the plane, with the bound
    /// of the error on each axis (lean runs; `None` without a table or
    /// outside it).
    #[inline]
    pub fn near(&self, lon_lat: [f64; 2]) -> Option<([f64; 2], f64)> {
        self.table.as_ref()?.near(lon_lat[0], lon_lat[1])
    }

    /// A point (`[lon, lat]`) exactly on the plane.
    #[inline]
    pub fn exact(&self, lon_lat: [f64; 2]) -> [f64; 2] {
        self.projection.forward(lon_lat[0], lon_lat[1])
    }
}

/// Project households, sites and fibre onto the run's plane. With `exact`
/// false (a lean run) the households are not projected here: only a
/// table for their approximate projection is made, and their spatial
/// order (`order`, when it has one point per household, else made here;
/// see [`Projected`]).
pub(crate) fn project(
    scenario: &Scenario,
    inputs: &Inputs,
    exact: bool,
    order: Option<SpatialOrder>,
    progress: &dyn Progress,
) -> Result<Projected> {
    let projection = choose_projection(scenario, inputs)?;
    let hh = &inputs.households;
    let (households_xy, table, order) = if exact {
        let xy = per_household(hh.len(), "project", progress, |i| {
            projection.forward(hh.lon[i], hh.lat[i])
        });
        (xy, None, None)
    } else {
        let order = order
            .filter(|o| o.is_of(&hh.lon, &hh.lat))
            .or_else(|| SpatialOrder::new(&hh.lon, &hh.lat));
        // The households' box: the order's, found when it was made.
        let bbox = match &order {
            Some(o) => o.bbox(),
            None => finite_bbox(&hh.lon, &hh.lat),
        };
        let table = bbox
            .and_then(|(lo, hi)| ForwardTable::new(|x, y| projection.forward(x, y), lo, hi, 128));
        (Vec::new(), table, order)
    };
    let sites_xy = (0..inputs.sites.len())
        .map(|i| projection.forward(inputs.sites.lon[i], inputs.sites.lat[i]))
        .collect();
    let fibre = fibre_elements(&projection, &inputs.fibre);
    Ok(Projected {
        projection,
        households_xy,
        table,
        order,
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

/// Index the areas (unless `area_index`, built on the same areas, is
/// given) and the fibre, and build each technology's model.
pub(crate) fn build(
    scenario: &Scenario,
    inputs: &Inputs,
    p: &Projected,
    area_index: Option<AreaIndex>,
) -> Result<Built> {
    let area_index = area_index.unwrap_or_else(|| AreaIndex::new(inputs.areas.geometries()));
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
    p: &Projected,
    index: &AreaIndex,
    known: Option<Vec<u32>>,
    progress: &dyn Progress,
) -> Vec<u32> {
    let hh = &inputs.households;
    match known {
        Some(a) if a.len() == hh.len() => a,
        _ => per_point(
            &hh.lon,
            &hh.lat,
            p.order.as_ref(),
            "assign",
            progress,
            |ll| index.locate(ll).unwrap_or(UNASSIGNED),
        ),
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
    let hh = &inputs.households;
    let served = per_household(hh.len(), "fibre", progress, |i| {
        let s = b.fibre_model.evaluate(p.household_xy(hh, i));
        (s.distance_m, s.served)
    });
    (served, fibre_reach(inputs, b))
}

/// Per household whether it is served (without its distance: a search
/// bounded by the drop distance, [`crate::coverage::FibreModel::served`]);
/// per area whether the network reaches it.
pub(crate) fn fibre_served(
    inputs: &Inputs,
    p: &Projected,
    b: &Built,
    progress: &dyn Progress,
) -> (Vec<bool>, Vec<bool>) {
    let hh = &inputs.households;
    let order = p.order.as_ref();
    let served = per_point(&hh.lon, &hh.lat, order, "fibre", progress, |ll| {
        if let Some((q, eps)) = p.near(ll) {
            if let Some(v) = b.fibre_model.served_near(q, eps) {
                return v;
            }
        }
        b.fibre_model.served(p.exact(ll))
    });
    (served, fibre_reach(inputs, b))
}

fn fibre_reach(inputs: &Inputs, b: &Built) -> Vec<bool> {
    super::reach::fibre_reach(&inputs.areas, &b.area_index, &inputs.fibre)
}

/// Whether a run can take the one-pass lean evaluation
/// ([`served_and_flags`]): no distances, best servers or RSRP wanted, and
/// no model that judges its distances on the services.
pub(crate) fn lean(exact: bool, detail: bool, models: &[Box<dyn MobileModel>]) -> bool {
    !exact && !detail && models.iter().all(|m| !m.warns_on_distances())
}

/// The lean evaluation in one pass over the households: per household
/// the approximate position once, then whether fibre serves it and each
/// model's covered and good flags, each from the classified grids when
/// they decide the position's whole error box, else from the exact
/// position (projected once, when first needed); in the households'
/// spatial order when there is one (then the grids' cells stay in the
/// caches from one household to the next). The same flags as
/// [`fibre_served`] and [`mobile`] without `detail` (tested), for a
/// third of the per-household work. Per area whether the network reaches
/// it; the flags in [`Technology::ALL`] order of `b.models`.
pub(crate) fn served_and_flags(
    inputs: &Inputs,
    p: &Projected,
    b: &Built,
    progress: &dyn Progress,
) -> (Vec<bool>, Vec<bool>, Vec<MobileColumns>) {
    let hh = &inputs.households;
    // Bit 0 fibre, then two bits (covered, good) per model; at most 3.
    assert!(b.models.len() <= 3, "at most three mobile models");
    let order = p.order.as_ref();
    let bits = per_point(
        &hh.lon,
        &hh.lat,
        order,
        "fibre and mobile",
        progress,
        |ll| {
            let near = p.near(ll);
            let mut exact: Option<[f64; 2]> = None;
            let mut xy = || *exact.get_or_insert_with(|| p.exact(ll));
            let served = near
                .and_then(|(q, eps)| b.fibre_model.served_near(q, eps))
                .unwrap_or_else(|| b.fibre_model.served(xy()));
            let mut out = served as u8;
            for (k, m) in b.models.iter().enumerate() {
                let (covered, good) = near
                    .and_then(|(q, eps)| m.flags_near(q, eps))
                    .unwrap_or_else(|| m.flags(xy()));
                out |= (covered as u8) << (1 + 2 * k) | (good as u8) << (2 + 2 * k);
            }
            out
        },
    );
    let served = bits.iter().map(|&v| v & 1 == 1).collect();
    let columns = (0..b.models.len())
        .map(|k| MobileColumns {
            best_site: Vec::new(),
            rsrp_dbm: Vec::new(),
            covered: bits.iter().map(|&v| v >> (1 + 2 * k) & 1 == 1).collect(),
            good: bits.iter().map(|&v| v >> (2 + 2 * k) & 1 == 1).collect(),
        })
        .collect();
    (served, fibre_reach(inputs, b), columns)
}

/// The 4G and 5G service of every household, and each model's warnings
/// about the distances served ([`MobileModel::distance_warnings`]). With
/// `detail` false only the covered and good flags are computed (the best
/// server and RSRP columns are left empty), unless the model's warnings
/// need the services.
pub(crate) fn mobile(
    hh: &Households,
    p: &Projected,
    models: &[Box<dyn MobileModel>],
    detail: bool,
    progress: &dyn Progress,
) -> (MobileColumns, MobileColumns, Vec<String>) {
    let mut warnings = Vec::new();
    let mut cols: Vec<MobileColumns> = models
        .iter()
        .map(|m| {
            let stage = format!("mobile {}", m.technology());
            if !detail && !m.warns_on_distances() {
                let order = p.order.as_ref();
                let flags = per_point(&hh.lon, &hh.lat, order, &stage, progress, |ll| {
                    p.near(ll)
                        .and_then(|(q, eps)| m.flags_near(q, eps))
                        .unwrap_or_else(|| m.flags(p.exact(ll)))
                });
                return MobileColumns {
                    best_site: Vec::new(),
                    rsrp_dbm: Vec::new(),
                    covered: flags.iter().map(|f| f.0).collect(),
                    good: flags.iter().map(|f| f.1).collect(),
                };
            }
            let services = per_household(hh.len(), &stage, progress, |i| {
                m.evaluate(p.household_xy(hh, i))
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
