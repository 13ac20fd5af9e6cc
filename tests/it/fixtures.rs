//! Hand-made fixtures with answers worked out by hand.

use crate::common::*;
use phusong::config::ProjectionChoice;
use phusong::config::Technology;
use phusong::coverage::{FibreModel, FixedRadius, MobileModel};
use phusong::index::{Element, SegmentIndex};
use phusong::projection::Projection;

fn sq(x0: f64, y0: f64, x1: f64, y1: f64) -> Ring {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// A and B share the edge lon = 105.0; C is a multipolygon whose first part
/// has a hole that D fills exactly.
fn layout() -> String {
    let mut c = area("C", sq(105.02, 9.0, 105.05, 9.03));
    c.polygons[0].push(vec![
        (105.03, 9.01),
        (105.03, 9.02),
        (105.04, 9.02),
        (105.04, 9.01),
    ]);
    c.polygons.push(vec![sq(105.06, 9.0, 105.07, 9.01)]);
    let d = area("D", sq(105.03, 9.01, 105.04, 9.02));
    // Written in the "wrong" order: results must not depend on it.
    areas_geojson(&[
        d,
        area("B", sq(105.0, 9.0, 105.01, 9.01)),
        c,
        area("A", sq(104.99, 9.0, 105.0, 9.01)),
    ])
}

#[test]
fn assignment_on_edges_holes_and_outside() {
    let hh = vec![
        ("edge".to_string(), 105.0, 9.005, true), // shared edge A|B → A (lowest code)
        ("vertex".to_string(), 105.0, 9.0, true), // shared vertex A|B → A
        ("in_a".to_string(), 104.995, 9.005, true),
        ("in_b".to_string(), 105.005, 9.005, true),
        ("outside".to_string(), 105.015, 9.005, true), // between B and C: no commune
        ("hole".to_string(), 105.035, 9.015, true),    // in C's hole = inside D
        ("hole_edge".to_string(), 105.03, 9.015, true), // on C's hole ring = D's edge → C
        ("c_part2".to_string(), 105.065, 9.005, true), // second polygon of C
        ("c_part1".to_string(), 105.025, 9.025, false),
    ];
    let case = Case::new(
        &layout(),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(104.9, 8.9), (104.9, 8.91)]], &[]),
        &sites_csv(&[("S1".into(), 104.9, 8.9, "4G", 1000.0)]),
        "",
    );
    let r = case.run();
    let a = assignment(&r);
    let expect = [
        ("edge", "A"),
        ("vertex", "A"),
        ("in_a", "A"),
        ("in_b", "B"),
        ("outside", ""),
        ("hole", "D"),
        ("hole_edge", "C"),
        ("c_part2", "C"),
        ("c_part1", "C"),
    ];
    for (id, code) in expect {
        assert_eq!(a[id], code, "household {id}");
    }
    assert_eq!(r.unassigned.households, 1);
    let households = phusong::aggregate::tables::column(&r.communes, "households").unwrap();
    let v: Vec<u64> = households.u64().unwrap().into_no_null_iter().collect();
    assert_eq!(v, vec![3, 1, 3, 1]); // A, B, C, D in code order
    let demand = phusong::aggregate::tables::column(&r.communes, "demand_households").unwrap();
    let v: Vec<u64> = demand.u64().unwrap().into_no_null_iter().collect();
    assert_eq!(v, vec![3, 1, 2, 1]);
}

#[test]
fn household_exactly_at_the_drop_distance_is_served() {
    // In metres, exactly: a cable along the x axis, households 150 m off.
    let cable = Element {
        a: [0.0, 0.0],
        b: [1000.0, 0.0],
        feature: 0,
    };
    let m = FibreModel::new(SegmentIndex::new(vec![cable]), 150.0);
    let at = m.evaluate([400.0, 150.0]);
    assert_eq!(at.distance_m, 150.0);
    assert!(at.served, "the drop distance is inclusive");
    assert!(!m.evaluate([400.0, -150.000_001]).served);
    // Beyond the end of the cable, the distance is to the end point: 3-4-5.
    let end = m.evaluate([1090.0, 120.0]);
    assert_eq!(end.distance_m, 150.0);
    assert!(end.served);
}

#[test]
fn drop_distance_end_to_end_through_the_projection() {
    // A cable on UTM 48N's central meridian (x = 500,000 m exactly) and
    // households 149.99 m and 150.01 m east of it.
    let p = Projection::choose(
        &ProjectionChoice::Utm {
            zone: 48,
            north: true,
        },
        105.0,
        105.0,
    )
    .unwrap();
    let [lon_in, lat] = p.inverse(500_149.99, p.forward(105.0, 9.005)[1]);
    let [lon_out, _] = p.inverse(500_150.01, p.forward(105.0, 9.005)[1]);
    let hh = vec![
        ("in".to_string(), lon_in, lat, true),
        ("out".to_string(), lon_out, lat, true),
    ];
    let case = Case::new(
        &areas_geojson(&[area("A", sq(104.99, 9.0, 105.01, 9.01))]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.0, 9.0), (105.0, 9.01)]], &[]),
        &sites_csv(&[("S1".into(), 104.9, 8.9, "4G", 1000.0)]),
        "projection = \"EPSG:32648\"\n[fibre]\ndrop_m = 150\n",
    );
    let r = case.run();
    assert!((r.households.fibre_distance_m[0] - 149.99).abs() < 1e-6);
    assert!(r.households.fibre_served[0]);
    assert!(!r.households.fibre_served[1]);
    assert!(r.area_reached[0], "the cable lies in the commune");
}

#[test]
fn fibre_reach_by_crossing_and_by_distribution_point() {
    // A cable crossing B without a vertex inside it; a cabinet inside C;
    // nothing in A or D.
    let case = Case::new(
        &layout(),
        &households_csv(&[("h".into(), 105.005, 9.005, true)]),
        &fibre_geojson(
            &[vec![(105.005, 8.99), (105.005, 9.02)]],
            &[(105.065, 9.005)],
        ),
        &sites_csv(&[("S1".into(), 104.9, 8.9, "5G", 100.0)]),
        "",
    );
    let r = case.run();
    assert_eq!(r.area_reached, vec![false, true, true, false]);
    let t = &r.summary.targets[1];
    assert_eq!(t.key, "fibre_communes");
    assert_eq!(t.gap, 2);
    assert!(!t.met);
}

#[test]
fn fixed_radius_boundary_is_inclusive_and_best_server_is_nearest() {
    let m = FixedRadius::new(
        Technology::G4,
        [
            (0, [0.0, 0.0], 4000.0),
            (1, [1000.0, 0.0], 4000.0),
            (2, [9000.0, 0.0], 500.0),
        ],
        4000.0,
    );
    let s = m.evaluate([5000.0, 0.0]);
    assert!(s.covered);
    assert_eq!(s.best_site, Some(1));
    assert_eq!(s.distance_m, 4000.0);
    assert!(!m.evaluate([8000.0, 3000.0]).covered);
}

#[test]
fn targets_and_gaps_per_commune() {
    // 10 demand households in A, 7 within 100 m of a cable: 70% < 80%,
    // gap = ceil(8) - 7 = 1.
    let mut hh = Vec::new();
    for i in 0..10 {
        let lat = if i < 7 { 9.0003 } else { 9.008 };
        hh.push((format!("h{i}"), 104.991 + 0.0008 * i as f64, lat, true));
    }
    let case = Case::new(
        &areas_geojson(&[area("A", sq(104.99, 9.0, 105.0, 9.01))]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(104.99, 9.0), (105.0, 9.0)]], &[]),
        &sites_csv(&[("S1".into(), 104.995, 9.005, "4G", 4000.0)]),
        "",
    );
    let r = case.run();
    let gap = phusong::aggregate::tables::column(&r.communes, "fibre_gap_households").unwrap();
    assert_eq!(gap.u64().unwrap().get(0), Some(1));
    let fibre = &r.summary.targets[0];
    assert_eq!((fibre.gap, fibre.met), (1, false));
    assert!((fibre.value - 0.7).abs() < 1e-12);
    let g4 = &r.summary.targets[2];
    assert!(g4.met && g4.gap == 0);
}

#[test]
fn link_budget_with_fixed_radius_equals_the_radius_model() {
    // The same random province run with `model = "fixed-radius"` and with
    // the link-budget model whose propagation is `fixed_radius`: no
    // regression, identical tables.
    let case = crate::invariance::random_case(5, 3000);
    let a = case.run();
    let text = std::fs::read_to_string(case.scenario_path()).unwrap();
    let text = text.replace(
        "[layers]",
        "[mobile.4G]\nmodel = \"link-budget\"\n[mobile.4G.radio]\nmodel = { kind = \"fixed_radius\", radius_m = 4000.0 }\n\
         [mobile.5G]\nmodel = \"link-budget\"\n[mobile.5G.radio]\nmodel = { kind = \"fixed_radius\", radius_m = 500.0 }\n[layers]",
    );
    std::fs::write(case.scenario_path(), text).unwrap();
    let b = case.run();
    assert!(a.communes.equals(&b.communes));
    assert_eq!(a.households.g4.best_site, b.households.g4.best_site);
    assert_eq!(a.households.g5.covered, b.households.g5.covered);
}

#[test]
fn link_budget_model_runs_end_to_end_with_sectors() {
    // One 3-sector 4G site; households north, east and far away.
    let hh = vec![
        ("north".to_string(), 105.0, 9.005, true),
        ("east".to_string(), 105.005, 9.0, true),
        ("far".to_string(), 105.0, 9.3, true),
    ];
    let sites = "id,lon,lat,tech,azimuth_deg,height_m\nS1,105,9,4G,0,30\nS1,105,9,4G,120,30\nS1,105,9,4G,240,30\n";
    let case = Case::new(
        &areas_geojson(&[area("A", sq(104.9, 8.9, 105.1, 9.4))]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(104.9, 8.9), (104.91, 8.9)]], &[]),
        sites,
        "[mobile.4G]\nmodel = \"link-budget\"\n[mobile.4G.radio]\nmodel = { kind = \"tr38901_rma\", condition = \"los\" }\n",
    );
    let r = case.run();
    let g4 = &r.households.g4;
    assert_eq!(g4.best_site[0], 0, "north is served by the 0° sector");
    assert_eq!(g4.best_site[1], 1, "east by the 120° sector");
    assert!(g4.covered[0] && g4.covered[1] && !g4.covered[2]);
    assert!(
        g4.rsrp_dbm[0] > -95.0 && g4.good[0],
        "550 m LOS on boresight is good: {}",
        g4.rsrp_dbm[0]
    );
    let desc = &r.summary.parameters["mobile"]["4G"];
    assert_eq!(desc["model"], "link-budget");
    assert_eq!(desc["sectors"], 3);
}

#[test]
fn model_outside_its_validity_warns_in_the_summary() {
    // Okumura–Hata is published for 150–1500 MHz; the 4G default carrier is
    // 1800 MHz: the run must say so, not extrapolate silently.
    let case = Case::new(
        &areas_geojson(&[area("A", sq(104.9, 8.9, 105.1, 9.1))]),
        &households_csv(&[("h".into(), 105.0, 9.0, true)]),
        &fibre_geojson(&[vec![(104.9, 8.9), (104.91, 8.9)]], &[]),
        "id,lon,lat,tech\nS1,105.01,9.0,4G\n",
        "[mobile.4G]\nmodel = \"link-budget\"\n[mobile.4G.radio]\nmodel = { kind = \"hata\", environment = \"open\" }\n",
    );
    let r = case.run();
    let w = r.summary.warnings.join("\n");
    assert!(
        w.contains("hata") && w.contains("1800") && w.contains("1 of 1 sectors"),
        "{w}"
    );
}
