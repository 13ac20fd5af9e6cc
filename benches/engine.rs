//! Benchmarks of the coverage engine on the demo province in `data/`.
//!
//! Run with `cargo bench --bench engine`. Figures are wall times on the
//! machine at hand; compare them as ratios within one run (e.g. the indexed
//! point-in-polygon against geo's plain `Contains` over every commune, or
//! one thread against all), since shared machines are noisy.
//!
//! Each bench asserts its result, so a fast but wrong change cannot pass as
//! a speed-up.

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use geo::{Contains, MultiPolygon, Point};
use phusong::config::{Scenario, Technology};
use phusong::coverage::{FixedRadius, MobileModel};
use phusong::engine::{compute, NoProgress};
use phusong::index::AreaIndex;
use phusong::input::Inputs;
use phusong::pipeline::load_strict;
use phusong::projection::Projection;

fn main() {
    divan::main();
}

struct Demo {
    scenario: Scenario,
    inputs: Inputs,
    /// Per-commune household counts of a reference run, for assertions.
    households_assigned: u64,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml");
        let scenario = Scenario::load(&path).expect("data/demo.toml");
        let inputs = load_strict(&scenario, &NoProgress).expect("demo inputs");
        let r = compute(&scenario, inputs.clone(), None, &NoProgress).expect("demo run");
        Demo {
            households_assigned: r.summary.province_figures.households,
            scenario,
            inputs,
        }
    })
}

/// The whole engine after reading: project, index, assign, fibre, mobile,
/// aggregate, targets.
#[divan::bench(sample_count = 10, threads = false)]
fn full_run(b: Bencher) {
    let d = demo();
    b.with_inputs(|| d.inputs.clone()).bench_values(|inputs| {
        let r = compute(&d.scenario, inputs, None, &NoProgress).unwrap();
        assert_eq!(r.summary.province_figures.households, d.households_assigned);
    });
}

/// Reading the four layers (CSV gzip, GeoJSON).
#[divan::bench(sample_count = 5)]
fn read_layers() {
    let d = demo();
    let inputs = load_strict(&d.scenario, &NoProgress).unwrap();
    assert_eq!(inputs.households.len(), d.inputs.households.len());
}

/// The demo's commune outlines (lon/lat), as the engine indexes them.
fn communes(d: &Demo) -> Vec<MultiPolygon<f64>> {
    d.inputs
        .areas
        .items
        .iter()
        .map(|a| a.geometry.clone())
        .collect()
}

/// 20,000 households located with the banded index (what the engine uses)…
#[divan::bench(sample_count = 20)]
fn assign_20k_indexed(b: Bencher) {
    let d = demo();
    let polys = communes(d);
    let idx = AreaIndex::new(&polys);
    let h = &d.inputs.households;
    b.bench(|| {
        let n = (0..20_000)
            .filter(|&i| idx.locate([h.lon[i], h.lat[i]]).is_some())
            .count();
        divan::black_box(n)
    });
}

/// …the banded index alone, without the classified grid (the exact path
/// of households in cells a boundary crosses; equal results asserted)…
#[divan::bench(sample_count = 20)]
fn assign_20k_edge_test_only(b: Bencher) {
    let d = demo();
    let polys = communes(d);
    let idx = AreaIndex::new(&polys);
    let h = &d.inputs.households;
    for i in 0..20_000 {
        let p = [h.lon[i], h.lat[i]];
        assert_eq!(idx.locate(p), idx.locate_exact(p));
    }
    b.bench(|| {
        let n = (0..20_000)
            .filter(|&i| idx.locate_exact([h.lon[i], h.lat[i]]).is_some())
            .count();
        divan::black_box(n)
    });
}

/// …and with geo's `Contains` over every commune's bounding box then polygon
/// (the brute-force reference): the ratio of the two is the index's gain.
#[divan::bench(sample_count = 5)]
fn assign_20k_geo_contains(b: Bencher) {
    let d = demo();
    let areas = &d.inputs.areas.items;
    let boxes: Vec<geo::Rect<f64>> = areas
        .iter()
        .map(|a| geo::BoundingRect::bounding_rect(&a.geometry).unwrap())
        .collect();
    let h = &d.inputs.households;
    b.bench(|| {
        let n = (0..20_000)
            .filter(|&i| {
                let p = Point::new(h.lon[i], h.lat[i]);
                areas
                    .iter()
                    .zip(&boxes)
                    .any(|(a, r)| r.contains(&p) && a.geometry.contains(&p))
            })
            .count();
        divan::black_box(n)
    });
}

/// The demo's 4G sites as (index, projected position, radius), and the
/// projected households.
/// A site: index, projected position, radius (m).
type SiteItem = (u32, [f64; 2], f64);

fn g4_sites_and_households() -> (Vec<SiteItem>, Vec<[f64; 2]>) {
    let d = demo();
    let p = Projection::choose(&d.scenario.projection, 104.0, 106.0).unwrap();
    let s = &d.inputs.sites;
    let sites = (0..s.len())
        .filter(|&i| s.tech[i] == Technology::G4)
        .map(|i| {
            (
                i as u32,
                p.forward(s.lon[i], s.lat[i]),
                s.radius_m[i].unwrap_or(4000.0),
            )
        })
        .collect();
    let h = &d.inputs.households;
    let xy = (0..h.len())
        .map(|i| p.forward(h.lon[i], h.lat[i]))
        .collect();
    (sites, xy)
}

/// The nearest covering site through an R-tree of all sites within the
/// largest radius (the engine's method before the grid): the reference for
/// `mobile_4g_fixed_radius`.
#[divan::bench(sample_count = 10)]
fn mobile_4g_fixed_radius_rtree_reference(b: Bencher) {
    use rstar::primitives::GeomWithData;
    let (sites, xy) = g4_sites_and_households();
    let max_r = sites.iter().map(|s| s.2).fold(0.0, f64::max);
    let radius: std::collections::HashMap<u32, f64> = sites.iter().map(|s| (s.0, s.2)).collect();
    let tree = rstar::RTree::bulk_load(
        sites
            .iter()
            .map(|s| GeomWithData::new(s.1, s.0))
            .collect::<Vec<_>>(),
    );
    let best = |p: [f64; 2]| {
        let mut best: Option<(f64, u32)> = None;
        for s in tree.locate_within_distance(p, max_r * max_r) {
            let q = s.geom();
            let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
            if d <= radius[&s.data]
                && best.is_none_or(|(bd, bi)| d < bd || (d == bd && s.data < bi))
            {
                best = Some((d, s.data));
            }
        }
        best.map(|b| b.1)
    };
    let grid = FixedRadius::new(Technology::G4, sites.clone(), 4000.0);
    for &q in xy.iter().step_by(97) {
        assert_eq!(best(q), grid.evaluate(q).best_site);
    }
    b.bench(|| xy.iter().filter(|&&q| best(q).is_some()).count());
}

/// Nearest fibre element for every household: the grid search (what the
/// engine uses)…
#[divan::bench(sample_count = 10)]
fn fibre_nearest_grid(b: Bencher) {
    let (idx, xy) = fibre_index();
    b.bench(|| {
        xy.iter()
            .map(|&q| idx.nearest(q).map_or(0.0, |n| n.0))
            .sum::<f64>()
    });
}

/// Whether each household is within 150 m of the fibre, by the search
/// bounded by the drop (what a run without per-household outputs uses;
/// equal to the nearest distance's verdict, asserted).
#[divan::bench(sample_count = 10)]
fn fibre_within_drop_bounded(b: Bencher) {
    let (idx, xy) = fibre_index();
    for &q in xy.iter().step_by(37) {
        assert_eq!(idx.any_within(q, 150.0), idx.nearest(q).unwrap().0 <= 150.0);
    }
    b.bench(|| xy.iter().filter(|&&q| idx.any_within(q, 150.0)).count());
}

/// …and through the R-tree alone (the reference; equal distances asserted).
#[divan::bench(sample_count = 10)]
fn fibre_nearest_rtree_reference(b: Bencher) {
    let (idx, xy) = fibre_index();
    for &q in xy.iter().step_by(37) {
        assert_eq!(idx.nearest(q), idx.nearest_by_tree(q));
    }
    b.bench(|| {
        xy.iter()
            .map(|&q| idx.nearest_by_tree(q).map_or(0.0, |n| n.0))
            .sum::<f64>()
    });
}

fn fibre_index() -> (phusong::index::SegmentIndex, Vec<[f64; 2]>) {
    use phusong::index::{Element, SegmentIndex};
    let d = demo();
    let p = Projection::choose(&d.scenario.projection, 104.0, 106.0).unwrap();
    let f = &d.inputs.fibre;
    let elements = f
        .segments
        .iter()
        .map(|&(a, b, feature)| Element {
            a: p.forward(a[0], a[1]),
            b: p.forward(b[0], b[1]),
            feature,
        })
        .collect();
    (SegmentIndex::new(elements), g4_sites_and_households().1)
}

/// Fixed-radius 4G coverage for every household with the site grid (what
/// the engine uses).
#[divan::bench(sample_count = 10)]
fn mobile_4g_fixed_radius(b: Bencher) {
    let d = demo();
    let (lo, hi) = (104.0, 106.0);
    let p = Projection::choose(&d.scenario.projection, lo, hi).unwrap();
    let s = &d.inputs.sites;
    let model = FixedRadius::new(
        Technology::G4,
        (0..s.len())
            .filter(|&i| s.tech[i] == Technology::G4)
            .map(|i| {
                (
                    i as u32,
                    p.forward(s.lon[i], s.lat[i]),
                    s.radius_m[i].unwrap_or(4000.0),
                )
            }),
        4000.0,
    );
    let h = &d.inputs.households;
    let xy: Vec<[f64; 2]> = (0..h.len())
        .map(|i| p.forward(h.lon[i], h.lat[i]))
        .collect();
    b.bench(|| xy.iter().filter(|&&q| model.evaluate(q).covered).count());
}

/// Fixed-radius 4G coverage flags only (no best server), from the
/// classified grid: what a run without per-household outputs uses (equal
/// flags asserted).
#[divan::bench(sample_count = 10)]
fn mobile_4g_fixed_radius_covered_only(b: Bencher) {
    let (sites, xy) = g4_sites_and_households();
    let model = FixedRadius::new(Technology::G4, sites, 4000.0);
    for &q in xy.iter().step_by(13) {
        assert_eq!(model.covered(q), model.evaluate(q).covered);
    }
    b.bench(|| xy.iter().filter(|&&q| model.covered(q)).count());
}

/// Link-budget 4G coverage (the demo's model) for 50,000 households; the
/// throughput counter is household × candidate-sector evaluations.
#[divan::bench(sample_count = 10)]
fn mobile_4g_link_budget_50k(b: Bencher) {
    use phusong::config::{MobileModelSpec, Receiver};
    use phusong::coverage::LinkBudget;
    let d = demo();
    let p = Projection::choose(&d.scenario.projection, 104.0, 106.0).unwrap();
    let spec = d.scenario.mobile.spec(Technology::G4);
    let receiver = match &spec {
        MobileModelSpec::LinkBudget { receiver, .. } => *receiver,
        MobileModelSpec::FixedRadius { .. } => Receiver::Outdoor,
    };
    let cfg = phusong::coverage::radio::radio_config(&spec, Technology::G4)
        .unwrap()
        .unwrap_or_else(phusong::coverage::radio::TechnologyConfig::lte_default);
    let s = &d.inputs.sites;
    let model = LinkBudget::new(
        Technology::G4,
        cfg,
        receiver,
        (0..s.len())
            .filter(|&i| s.tech[i] == Technology::G4)
            .map(|i| (i as u32, p.forward(s.lon[i], s.lat[i]), s.sector[i])),
        |r| r.to_string(),
    )
    .unwrap();
    let h = &d.inputs.households;
    let xy: Vec<[f64; 2]> = (0..50_000.min(h.len()))
        .map(|i| p.forward(h.lon[i], h.lat[i]))
        .collect();
    let evaluations: usize = xy.iter().map(|&q| model.best_rsrp_counted(q).1).sum();
    b.counter(divan::counter::ItemsCount::new(evaluations))
        .bench(|| xy.iter().filter(|&&q| model.evaluate(q).covered).count());
}
