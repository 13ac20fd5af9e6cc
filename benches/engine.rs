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
use phusong::coverage::{FixedRadius, MobileModel};
use phusong::engine::{load_inputs, run_with_inputs, Inputs, NoProgress};
use phusong::index::AreaIndex;
use phusong::input::{Scenario, Technology};
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
        let inputs = load_inputs(&scenario, &NoProgress).expect("demo inputs");
        let r = run_with_inputs(&scenario, inputs.clone(), &NoProgress).expect("demo run");
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
        let r = run_with_inputs(&d.scenario, inputs, &NoProgress).unwrap();
        assert_eq!(r.summary.province_figures.households, d.households_assigned);
    });
}

/// Reading the four layers (CSV gzip, GeoJSON).
#[divan::bench(sample_count = 5)]
fn read_layers() {
    let d = demo();
    let inputs = load_inputs(&d.scenario, &NoProgress).unwrap();
    assert_eq!(inputs.households.len(), d.inputs.households.len());
}

/// 20,000 households located with the banded index (what the engine uses)…
#[divan::bench(sample_count = 20)]
fn assign_20k_indexed(b: Bencher) {
    let d = demo();
    let polys: Vec<MultiPolygon<f64>> = d
        .inputs
        .areas
        .items
        .iter()
        .map(|a| a.geometry.clone())
        .collect();
    let idx = AreaIndex::new(&polys);
    let h = &d.inputs.households;
    b.bench(|| {
        let n = (0..20_000)
            .filter(|&i| idx.locate([h.lon[i], h.lat[i]]).is_some())
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

/// Fixed-radius 4G coverage for every household (households × candidate
/// sites evaluated).
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

/// Link-budget 4G coverage (the demo's model) for 50,000 households; the
/// throughput counter is household × candidate-sector evaluations.
#[divan::bench(sample_count = 10)]
fn mobile_4g_link_budget_50k(b: Bencher) {
    use phusong::coverage::LinkBudget;
    use phusong::input::scenario::{MobileModelSpec, Receiver};
    let d = demo();
    let p = Projection::choose(&d.scenario.projection, 104.0, 106.0).unwrap();
    let spec = d.scenario.mobile.spec(Technology::G4);
    let receiver = match &spec {
        MobileModelSpec::LinkBudget { receiver, .. } => *receiver,
        MobileModelSpec::FixedRadius { .. } => Receiver::Outdoor,
    };
    let cfg = spec
        .radio_config(Technology::G4)
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
