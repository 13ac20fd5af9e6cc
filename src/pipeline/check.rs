//! Load leniently and check: read every layer of a scenario (bad rows and
//! features are listed and skipped), run every data check of
//! [`crate::check`], apply the layer edits, and keep the inputs when every
//! layer could be read. `phusong check` stops here; every other command
//! computes on what this returns, so every validation a run makes is made
//! here first, by the run's own code: the sites' radio values (the link
//! budget's [`check_sector`]), the coverage rasters' extent
//! ([`coverage_grid`]) and the indicator table ([`read_indicators`]).

use std::path::Path;
use std::time::Instant;

use crate::check::extents::{check_extent, fibre_bbox, points_bbox};
use crate::check::{fibre, households, polygons, sites};
use crate::check::{Collector, Kind, LayerSummary, Report};
use crate::config::{LayerKind, Scenario, Technology};
use crate::coverage::link_budget::check_sector;
use crate::coverage::radio::{radio_config, SiteBudgets};
use crate::index::{AreaIndex, SpatialOrder, UNASSIGNED};
use crate::input::edits::{read_added_fibre, read_added_sites, remove_and_filter};
use crate::input::indicators::read_indicators;
use crate::input::{
    read_areas_with, read_fibre_with, read_households_with, read_options, read_sites_with, Areas,
    Fibre, Households, Inputs, Read, RowProblem, Sites,
};
use crate::output::coverage_layers::{bbox_of_areas, coverage_grid};

/// A scenario's layers read leniently and checked.
pub(crate) struct Checked {
    /// The problems, and what was read of each layer.
    pub report: Report,
    /// The inputs (bad rows and features skipped), when every layer could
    /// be read.
    pub inputs: Option<Inputs>,
    /// The area of each household (index into the sorted areas, or
    /// [`crate::index::UNASSIGNED`]) under the engine's rule, when the
    /// households were checked against the areas; the run reuses it.
    pub area: Option<Vec<u32>>,
    /// The point-in-polygon index of the areas the households were located
    /// with (the engine's, on the same areas); the run reuses it.
    pub area_index: Option<crate::index::AreaIndex>,
    /// The households in the spatial order they were located in (`None`
    /// when rows were dropped since); a lean run reuses it.
    pub order: Option<SpatialOrder>,
    /// Seconds spent reading the layers.
    pub read_s: f64,
    /// Seconds spent locating the households in the areas.
    pub assign_s: f64,
}

/// The four base layers as read, `None` when unreadable.
struct Base {
    areas: Option<Read<Areas>>,
    households: Option<Read<Households>>,
    fibre: Option<Read<Fibre>>,
    sites: Option<Read<Sites>>,
}

/// Read every layer of `scenario` leniently and check it.
pub(crate) fn check_scenario(scenario: &Scenario) -> Checked {
    let mut c = Collector::new(&scenario.check);
    let clock = Instant::now();
    let mut base = read_base(scenario, &mut c);
    let read_s = clock.elapsed().as_secs_f64();
    let layers = summaries(scenario, &base);
    no_communes_left(scenario, &mut base, &mut c);
    let (located, assign_s, repeats) = check_base(scenario, &base, &mut c);
    let (mut area, area_index, mut order) = match located {
        Some((a, i, o)) => (Some(a), Some(i), o),
        None => (None, None, None),
    };
    if let Some(h) = base.households.as_mut() {
        drop_repeats(h, area.as_mut(), &repeats);
    }
    if !repeats.is_empty() {
        order = None;
    }
    if let Some(s) = base.sites.as_mut() {
        check_radio(scenario, s, &mut c);
    }
    if let Some(a) = &base.areas {
        check_outputs(scenario, &a.data, &a.meta.path, &mut c);
    }
    let inputs = add_and_edit(scenario, base, &mut c);
    if let Some(i) = &inputs {
        crate::check::network::check_network(scenario, i, area.as_deref(), &mut c);
    }
    let mut report = c.finish();
    report.layers = layers;
    Checked {
        report,
        inputs,
        area,
        area_index,
        order,
        read_s,
        assign_s,
    }
}

/// Read the four base layers leniently, each problem into `c`: the
/// households (the largest layer, parsed on every core) while the others
/// are read beside them; their problems in the order areas, households,
/// fibre, sites.
fn read_base(scenario: &Scenario, c: &mut Collector<'_>) -> Base {
    let l = &scenario.layers;
    let opts = |k: LayerKind| read_options(scenario, k, true);
    let (households, (areas, (fibre, sites))) = rayon::join(
        || opts(LayerKind::Households).and_then(|o| read_households_with(&l.households, &o)),
        || {
            rayon::join(
                || {
                    opts(LayerKind::Areas)
                        .and_then(|o| read_areas_with(&l.areas, &scenario.areas, &o))
                },
                || {
                    let fibre = l
                        .fibre
                        .as_ref()
                        .map(|p| opts(LayerKind::Fibre).and_then(|o| read_fibre_with(p, &o)));
                    let sites = l
                        .sites
                        .as_ref()
                        .map(|p| opts(LayerKind::Sites).and_then(|o| read_sites_with(p, &o)));
                    (fibre, sites)
                },
            )
        },
    );
    Base {
        areas: take(c, areas),
        households: take(c, households),
        fibre: take(c, fibre),
        sites: take(c, sites),
    }
}

/// What was read of each base layer.
fn summaries(scenario: &Scenario, b: &Base) -> Vec<LayerSummary> {
    let l = &scenario.layers;
    // A layer the scenario does not name (fibre, sites) is not listed.
    let named = |s: &LayerSummary| scenario.layer_path(s.layer).is_some();
    let all = vec![
        summary(
            LayerKind::Areas,
            &l.areas,
            b.areas.as_ref(),
            b.areas.as_ref().map_or(0, |a| a.data.len()),
        ),
        summary(
            LayerKind::Households,
            &l.households,
            b.households.as_ref(),
            b.households.as_ref().map_or(0, |h| h.data.len()),
        ),
        summary(
            LayerKind::Fibre,
            l.fibre_or_missing(),
            b.fibre.as_ref(),
            b.fibre.as_ref().map_or(0, |f| f.data.feature_ids.len()),
        ),
        summary(
            LayerKind::Sites,
            l.sites_or_missing(),
            b.sites.as_ref(),
            b.sites.as_ref().map_or(0, |s| s.data.len()),
        ),
    ];
    all.into_iter().filter(named).collect()
}

/// A commune layer read without error but with no commune left (every
/// feature had an error, each reported): one error saying so, and the
/// layer counts as unreadable, so that the later checks do not measure
/// households against nothing and `--allow-invalid` stops.
fn no_communes_left(scenario: &Scenario, b: &mut Base, c: &mut Collector<'_>) {
    if b.areas.as_ref().is_some_and(|a| a.data.items.is_empty()) {
        c.add(
            Kind::UnreadableLayer,
            &scenario.layers.areas,
            "",
            "no usable commune is left: every feature has an error listed above; fix them",
        );
        b.areas = None;
    }
}

/// Drop the repeats of duplicate household ids (the first occurrence is
/// kept), with their located areas, so that a run under `--allow-invalid`
/// counts each household once; the repeats are reported as errors.
fn drop_repeats(h: &mut Read<Households>, area: Option<&mut Vec<u32>>, repeats: &[usize]) {
    if repeats.is_empty() {
        return;
    }
    let mut keep = vec![true; h.data.len()];
    repeats.iter().for_each(|&i| keep[i] = false);
    h.data.retain(|i| keep[i]);
    let mut i = 0;
    h.meta.sources.retain(|_| {
        i += 1;
        keep.get(i - 1).copied().unwrap_or(true)
    });
    if let Some(area) = area {
        let mut i = 0;
        area.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
}

/// The households' areas, the index that located them and their spatial
/// order (see [`Checked`]).
type Located = Option<(Vec<u32>, AreaIndex, Option<SpatialOrder>)>;

/// Check the base layers: polygons, households against the areas (their
/// location is returned with the seconds it took, and the rows of repeated
/// ids), extents, sites and fibre.
fn check_base(scenario: &Scenario, b: &Base, c: &mut Collector<'_>) -> (Located, f64, Vec<usize>) {
    let mut area = None;
    let mut assign_s = 0.0;
    let mut repeats = Vec::new();
    // A metric plane for areas and distances, chosen as the run chooses it.
    let projection = b.areas.as_ref().and_then(|a| {
        let households = b.households.as_ref().map(|h| &h.data);
        match crate::engine::projection_of(&scenario.projection, &a.data, households) {
            Ok(p) => Some(p),
            // A projection that does not fit the data (a UTM zone far
            // away): the run would refuse it, so the check does too.
            Err(e @ crate::Error::Config { .. }) => {
                let file = scenario.source.clone().unwrap_or_default();
                c.add(Kind::InvalidValue, file, "", e.to_string());
                None
            }
            Err(_) => None,
        }
    });
    if let (Some(a), Some(proj)) = (&b.areas, &projection) {
        // The communes' checks (mostly on one core) beside the households'
        // location and repeated ids (on every core); reported in the same
        // order as one after the other.
        let (geo, located) = rayon::join(
            || polygons::check_polygons(c, &a.data, &a.meta, proj),
            || {
                b.households.as_ref().map(|h| {
                    let (area, repeats) = rayon::join(
                        || {
                            let clock = Instant::now();
                            // The engine's index of the same areas (reused
                            // by the run).
                            let index = AreaIndex::new(a.data.geometries());
                            // In spatial order (the index's grids then stay
                            // in the caches), which a lean run reuses.
                            let (lon, lat) = (&h.data.lon, &h.data.lat);
                            let order = SpatialOrder::new(lon, lat);
                            let area = match &order {
                                Some(o) => o.map(|p| index.locate(p).unwrap_or(UNASSIGNED)),
                                None => households::locate_households(&h.data, &index),
                            };
                            (area, index, order, clock.elapsed().as_secs_f64())
                        },
                        || households::repeated_ids(&h.data.ids),
                    );
                    (h, area, repeats)
                })
            },
        );
        if let Some((h, (mut located, index, order, locate_s), found)) = located {
            repeats = households::report_duplicate_ids(c, &h.data, &h.meta, found);
            let clock = Instant::now();
            households::check_outside(
                c,
                &h.data,
                &h.meta,
                &a.data,
                &geo,
                proj,
                scenario.areas.snap_outside_m,
                &mut located,
            );
            assign_s = locate_s + clock.elapsed().as_secs_f64();
            area = Some((located, index, order));
        }
        let extents = [
            (
                LayerKind::Households,
                b.households.as_ref().map(|h| &h.meta),
                b.households
                    .as_ref()
                    .map(|h| points_bbox(&h.data.lon, &h.data.lat)),
            ),
            (
                LayerKind::Sites,
                b.sites.as_ref().map(|s| &s.meta),
                b.sites
                    .as_ref()
                    .map(|s| points_bbox(&s.data.lon, &s.data.lat)),
            ),
            (
                LayerKind::Fibre,
                b.fibre.as_ref().map(|f| &f.meta),
                b.fibre.as_ref().map(|f| fibre_bbox(&f.data)),
            ),
        ];
        for (kind, meta, bbox) in extents {
            if let (Some(meta), Some(Some(bbox))) = (meta, bbox) {
                check_extent(c, kind, meta, bbox, &a.meta, &geo.bbox_deg);
            }
        }
    } else if let Some(h) = &b.households {
        repeats = households::check_duplicate_ids(c, &h.data, &h.meta);
    }
    if let Some(s) = &b.sites {
        sites::check_sites(c, &s.data, &s.meta);
    }
    if let Some(f) = &b.fibre {
        fibre::check_fibre(c, &f.data, &f.meta);
    }
    if c.params().severity_of(Kind::DuplicateId) == crate::problem::Severity::Off {
        repeats.clear(); // the check is off: every row counts
    }
    (area, assign_s, repeats)
}

/// Read and check the scenario's `[add]` layers like the base layers, then
/// apply every edit; the inputs when every layer was readable.
fn add_and_edit(scenario: &Scenario, b: Base, c: &mut Collector<'_>) -> Option<Inputs> {
    let added_fibre: Vec<_> = read_added_fibre(scenario, true)
        .into_iter()
        .map(|r| take(c, r))
        .collect();
    let mut added_sites: Vec<_> = read_added_sites(scenario, true)
        .into_iter()
        .map(|r| take(c, r))
        .collect();
    for s in added_sites.iter_mut().flatten() {
        check_radio(scenario, s, c);
    }
    for f in added_fibre.iter().flatten() {
        fibre::check_fibre(c, &f.data, &f.meta);
    }
    for s in added_sites.iter().flatten() {
        sites::check_sites(c, &s.data, &s.meta);
    }
    let all_added =
        added_fibre.iter().all(Option::is_some) && added_sites.iter().all(Option::is_some);
    let (Some(a), Some(h)) = (b.areas, b.households) else {
        return None;
    };
    // A layer the scenario does not name is empty; one it names but that
    // could not be read leaves nothing to compute on.
    let mut f = match (b.fibre, &scenario.layers.fibre) {
        (Some(r), _) => r.data,
        (None, None) => Default::default(),
        (None, Some(_)) => return None,
    };
    let mut s = match (b.sites, &scenario.layers.sites) {
        (Some(r), _) => r.data,
        (None, None) => Default::default(),
        (None, Some(_)) => return None,
    };
    if !all_added {
        return None;
    }
    added_fibre
        .into_iter()
        .flatten()
        .for_each(|r| f.append(r.data));
    added_sites
        .into_iter()
        .flatten()
        .for_each(|r| s.append(r.data));
    let network = match crate::input::network::read_run_network(scenario) {
        Ok(n) => n,
        Err(e) => {
            c.add_error(None, &e);
            return None;
        }
    };
    match remove_and_filter(scenario, &mut f, &mut s) {
        Ok(()) => Some(Inputs {
            areas: a.data,
            households: h.data,
            fibre: f,
            sites: s,
            network,
        }),
        Err(e) => {
            c.add_error(Some(Kind::UnreadableLayer), &e);
            None
        }
    }
}

/// The sites whose radio values the run's link budget rejects (the same
/// test, [`check_sector`]): an error per row naming its line, and the row
/// dropped, so that `--allow-invalid` skips it like any bad row.
fn check_radio(scenario: &Scenario, s: &mut Read<Sites>, c: &mut Collector<'_>) {
    let mut bad = vec![false; s.data.len()];
    for tech in Technology::ALL {
        let Ok(Some(cfg)) = radio_config(&scenario.mobile.spec(tech), tech) else {
            continue; // a fixed radius, or settings `validate` refuses
        };
        if cfg.model.fixed_radius_m().is_some() {
            continue;
        }
        let mut budgets = SiteBudgets::new(cfg);
        for i in (0..s.data.len()).filter(|&i| s.data.tech[i] == tech) {
            if let Err(e) = check_sector(&mut budgets, &s.data.sector[i]) {
                c.add(
                    Kind::ImplausibleSite,
                    &s.meta.path,
                    format!(
                        "{} (id {})",
                        crate::check::locate(&s.meta, i),
                        s.data.ids[i]
                    ),
                    format!(
                        "{e}: the {tech} link budget cannot use this sector; correct the value"
                    ),
                );
                bad[i] = true;
            }
        }
    }
    if bad.iter().any(|&b| b) {
        s.data.retain(|i| !bad[i]);
        let mut i = 0;
        s.meta.sources.retain(|_| {
            i += 1;
            !bad.get(i - 1).copied().unwrap_or(false)
        });
    }
}

/// What the outputs need of the data: the coverage rasters' grid over the
/// communes (a global or antimeridian-crossing extent is refused here, not
/// after the computation), and the indicator table.
fn check_outputs(scenario: &Scenario, areas: &Areas, path: &Path, c: &mut Collector<'_>) {
    let rasters = scenario.outputs.coverage_layers
        && Technology::ALL.iter().any(|&t| {
            matches!(radio_config(&scenario.mobile.spec(t), t), Ok(Some(cfg)) if cfg.model.fixed_radius_m().is_none())
        });
    if let (true, Some(b)) = (rasters, bbox_of_areas(areas)) {
        if let Err(e) = coverage_grid(b, scenario.outputs.raster_cell_m) {
            c.add(
                Kind::ExtentTooLarge,
                path,
                "",
                format!(
                    "the communes span {:.1}° of longitude × {:.1}° of latitude ({:.2}, {:.2} to {:.2}, {:.2}), \
                     so the coverage rasters cannot be built: {e}; check the communes' coordinates \
                     (a commune crossing the antimeridian or covering the globe), or set \
                     [outputs] coverage_layers = false",
                    b[2] - b[0],
                    b[3] - b[1],
                    b[0],
                    b[1],
                    b[2],
                    b[3]
                ),
            );
        }
    }
    if let Some(params) = &scenario.indicators {
        let ids: Vec<&str> = areas.items.iter().map(|a| a.id.as_str()).collect();
        if let Err(e) = read_indicators(params, &ids) {
            c.add_error(None, &e);
        }
    }
}

fn summary<T>(layer: LayerKind, path: &Path, r: Option<&Read<T>>, n: usize) -> LayerSummary {
    LayerSummary {
        layer,
        path: path.to_path_buf(),
        items: r.map(|_| n),
        crs: r.map(|r| r.meta.crs.label().to_string()),
        crs_source: r.map(|r| r.meta.crs_source),
    }
}

/// The layer when it could be read (its row problems into `c`), else its
/// error into `c`.
/// A layer the scenario does not name (`None`) is not read.
fn take<T>(c: &mut Collector<'_>, r: impl Into<Option<crate::Result<Read<T>>>>) -> Option<Read<T>> {
    match r.into()? {
        Ok(mut read) => {
            for RowProblem { error } in std::mem::take(&mut read.problems) {
                c.add_error(None, &error);
            }
            Some(read)
        }
        Err(e) => {
            c.add_error(Some(Kind::UnreadableLayer), &e);
            None
        }
    }
}
