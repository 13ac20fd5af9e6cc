//! Property test: the indexed engine equals a brute-force computation with
//! geo's own predicates on random data.

use std::collections::BTreeMap;

use geo::{coordinate_position::CoordPos, CoordinatePosition, Distance, Euclidean, Line, Point};
use proptest::prelude::*;

use crate::invariance::random_case;
use phusong::aggregate::tables::column;
use phusong::config::Technology;
use phusong::engine::UNASSIGNED;

fn check(seed: u64, n: usize) {
    let case = random_case(seed, n);
    let r = case.run();
    let inp = &r.inputs;
    let proj = &r.projection;
    let drop_m = r.scenario.fibre.drop_m;
    let segs: Vec<Line<f64>> = inp
        .fibre
        .segments
        .iter()
        .map(|(a, b, _)| {
            let (p, q) = (proj.forward(a[0], a[1]), proj.forward(b[0], b[1]));
            Line::new(
                geo::coord! {x: p[0], y: p[1]},
                geo::coord! {x: q[0], y: q[1]},
            )
        })
        .collect();
    let pts: Vec<Point<f64>> = inp
        .fibre
        .points
        .iter()
        .map(|(a, _)| {
            let p = proj.forward(a[0], a[1]);
            Point::new(p[0], p[1])
        })
        .collect();
    let mut counts: BTreeMap<usize, [u64; 5]> = BTreeMap::new();
    for i in 0..inp.households.len() {
        let (lon, lat) = (inp.households.lon[i], inp.households.lat[i]);
        // Assignment by brute force over all areas (sorted by code).
        let c = geo::coord! {x: lon, y: lat};
        let mut inside = None;
        let mut boundary = None;
        for (k, a) in inp.areas.items.iter().enumerate() {
            match a.geometry.coordinate_position(&c) {
                CoordPos::Inside => inside = inside.or(Some(k)),
                CoordPos::OnBoundary => boundary = boundary.or(Some(k)),
                CoordPos::Outside => {}
            }
        }
        let want = inside.or(boundary);
        let got = r.households.area[i];
        assert_eq!(
            (got != UNASSIGNED).then_some(got as usize),
            want,
            "household {} at ({lon}, {lat})",
            inp.households.ids.get(i)
        );
        // Fibre distance by brute force.
        let xy = proj.forward(lon, lat);
        let p = Point::new(xy[0], xy[1]);
        let d = segs
            .iter()
            .map(|s| Euclidean.distance(&p, s))
            .chain(pts.iter().map(|q| Euclidean.distance(&p, q)))
            .fold(f64::INFINITY, f64::min);
        assert!((r.households.fibre_distance_m[i] - d).abs() < 1e-6);
        let served = d <= drop_m;
        assert_eq!(r.households.fibre_served[i], served);
        // Mobile by brute force: covered when within any site's radius;
        // best server = nearest covering site.
        let mut cov = [false; 2];
        for (t, tech) in Technology::ALL.iter().enumerate() {
            let mut best: Option<(f64, usize)> = None;
            for s in 0..inp.sites.len() {
                if inp.sites.tech[s] != *tech {
                    continue;
                }
                let q = proj.forward(inp.sites.lon[s], inp.sites.lat[s]);
                let ds = Euclidean.distance(&p, &Point::new(q[0], q[1]));
                if ds <= inp.sites.radius_m[s].unwrap() && best.is_none_or(|(bd, _)| ds < bd) {
                    best = Some((ds, s));
                }
            }
            let col = r.households.mobile(*tech);
            cov[t] = best.is_some();
            assert_eq!(col.covered[i], cov[t]);
            assert_eq!(col.best_site[i], best.map_or(u32::MAX, |b| b.1 as u32));
        }
        if let Some(k) = want {
            let e = counts.entry(k).or_default();
            let demand = inp.households.demand[i];
            e[0] += 1;
            e[1] += demand as u64;
            e[2] += (demand && served) as u64;
            e[3] += cov[0] as u64;
            e[4] += cov[1] as u64;
        }
    }
    let col = |name: &str| -> Vec<u64> {
        column(&r.communes, name)
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect()
    };
    let names = [
        "households",
        "demand_households",
        "fibre_served",
        "covered_4g",
        "covered_5g",
    ];
    for (j, name) in names.iter().enumerate() {
        let got = col(name);
        for (k, g) in got.iter().enumerate() {
            assert_eq!(
                *g,
                counts.get(&k).map_or(0, |c| c[j]),
                "{name} of commune {k}"
            );
        }
    }
}

/// A run that writes no per-household results takes the fast paths (fibre
/// by a search bounded by the drop, mobile coverage from the classified
/// grid): every flag and count equals the full run's.
fn lean_equals_full(seed: u64, n: usize) {
    let case = random_case(seed, n);
    let full = case.run();
    let mut lean_scenario =
        phusong::config::Scenario::load(&case.scenario_path()).expect("scenario");
    lean_scenario.outputs.households = false;
    let lean = phusong::pipeline::run(
        &lean_scenario,
        &phusong::pipeline::Options::default(),
        &phusong::engine::NoProgress,
    )
    .expect("lean run");
    // The default (fixed-radius) models: the one-pass lean evaluation.
    assert!(lean.summary.timings_s.contains_key("fibre_and_mobile"));
    let (f, l) = (&full.households, &lean.households);
    assert_eq!(l.area, f.area);
    assert_eq!(l.fibre_served, f.fibre_served);
    assert!(l.fibre_distance_m.is_empty() && l.g4.best_site.is_empty());
    for (a, b) in [(&l.g4, &f.g4), (&l.g5, &f.g5)] {
        assert_eq!(a.covered, b.covered);
        assert_eq!(a.good, b.good);
    }
    assert_eq!(lean.communes, full.communes);
    assert_eq!(lean.province, full.province);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn indexed_engine_equals_brute_force(seed in any::<u64>(), n in 200usize..2000) {
        check(seed, n);
    }

    #[test]
    fn lean_run_equals_full_run(seed in any::<u64>(), n in 200usize..3000) {
        lean_equals_full(seed, n);
    }
}
