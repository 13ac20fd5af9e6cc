//! `plan fibre` along a road and canal network (`[layers] network`):
//! routes against hand-computed lengths, the run of the planned layer, and
//! the bad inputs (no lines, unknown kinds, a network far from the fibre,
//! a disconnected part).

use crate::common::*;
use phusong::config::Scenario;
use phusong::engine::{compute, NoProgress};
use phusong::pipeline::load_strict;
use phusong::plan::plan_fibre;

/// Distance in metres between nearby lon/lat points on the WGS 84
/// ellipsoid (radii of curvature at the mean latitude).
fn ellipsoid_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (sa, e2) = (6_378_137.0, 0.006_694_379_990_14);
    let phi = ((a[1] + b[1]) / 2.0).to_radians();
    let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let (n, m) = (sa / w, sa * (1.0 - e2) / w.powi(3));
    (n * phi.cos() * (b[0] - a[0]).to_radians()).hypot(m * (b[1] - a[1]).to_radians())
}

fn line(kind: &str, pts: &[(f64, f64)]) -> String {
    let c: Vec<String> = pts.iter().map(|p| format!("[{},{}]", p.0, p.1)).collect();
    format!(
        r#"{{"type":"Feature","properties":{{"kind":"{kind}"}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"#,
        c.join(",")
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// Commune A (105.00–105.01) holds a cable along the road at lat 9.0
/// (105.001–105.009); commune B (105.02–105.04) has none and a village of
/// 20 houses along the road's last leg at lat 9.01 (105.035–105.0367).
/// The road: lat 9.0 from 105.0 east to 105.035, north to 9.01, east to
/// 105.04. `extra` adds communes, households and network lines.
fn case(
    network: &str,
    extra_areas: Vec<TestArea>,
    extra_hh: Vec<(String, f64, f64, bool)>,
) -> Case {
    let mut areas = vec![
        area(
            "A",
            vec![(105.0, 8.99), (105.01, 8.99), (105.01, 9.02), (105.0, 9.02)],
        ),
        area(
            "B",
            vec![
                (105.02, 8.99),
                (105.04, 8.99),
                (105.04, 9.02),
                (105.02, 9.02),
            ],
        ),
    ];
    areas.extend(extra_areas);
    let mut hh: Vec<(String, f64, f64, bool)> = (0..20)
        .map(|k| (format!("b{k}"), 105.035 + k as f64 * 0.00009, 9.0101, true))
        .collect();
    hh.extend((0..5).map(|k| (format!("a{k}"), 105.002 + k as f64 * 0.001, 9.0005, true)));
    hh.extend(extra_hh);
    let case = Case::new(
        &areas_geojson(&areas),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.001, 9.0), (105.009, 9.0)]], &[]),
        &sites_csv(&[("S".into(), 105.0, 9.0, "4G", 100.0)]),
        "[fibre]\ndrop_m = 100\n[costs]\nfibre_per_km_usd = 1000\nroute_factor = 1.5\ndrop_usd = 10\n\
         [network.cost_factor]\nroad = 1.0\ncanal = 2.0\n",
    );
    std::fs::write(case.path("network.geojson"), network).unwrap();
    let mut toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    toml.push_str("network = \"network.geojson\"\n");
    std::fs::write(case.scenario_path(), toml).unwrap();
    case
}

fn road() -> String {
    line(
        "road",
        &[
            (105.0, 9.0),
            (105.035, 9.0),
            (105.035, 9.01),
            (105.04, 9.01),
        ],
    )
}

#[test]
fn routes_follow_the_road_and_a_run_reproduces_them() {
    let case = case(&collection(&[road()]), vec![], vec![]);
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let plan = plan_fibre(&scenario, &base, &NoProgress).unwrap();
    assert!(plan.on_network);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    assert_eq!(plan.routes.len(), 1, "one route for B");
    let r = &plan.routes[0];
    assert_eq!(r.commune_code, "B");
    // Along the road from the cable's end to the village's middle house.
    let mid = 105.035 + 9.5 * 0.00009;
    let by_hand = ellipsoid_m([105.009, 9.0], [105.035, 9.0])
        + ellipsoid_m([105.035, 9.0], [105.035, 9.01])
        + ellipsoid_m([105.035, 9.01], [mid, 9.01]);
    let road_m = r.m_by_kind["road"];
    // Nodes every ≤ 50 m: each end is within 25 m of its point.
    assert!((road_m - by_hand).abs() < 60.0, "{road_m} vs {by_hand}");
    let straight = r.m_by_kind.get("straight").copied().unwrap_or(0.0);
    assert!(straight < 60.0, "only short access lines: {straight}");
    assert_eq!(r.households_served, 20);
    // Cost: road metres at factor 1, straight at the route factor, drops.
    let cost = road_m / 1000.0 * 1000.0 + straight / 1000.0 * 1.5 * 1000.0 + 20.0 * 10.0;
    assert!((r.cost_usd - cost).abs() < 1e-6, "{} vs {cost}", r.cost_usd);
    assert!(r.lines.len() <= 3, "few lines: {}", r.lines.len());
    // The run of the route layer counts what the plan counts.
    let mut inputs = load_strict(&scenario, &NoProgress).unwrap();
    for l in &r.lines {
        let f = inputs.fibre.feature_ids.len() as u32;
        inputs.fibre.feature_ids.push(r.id.clone());
        inputs.fibre.status.push(Default::default());
        for w in l.windows(2) {
            inputs.fibre.segments.push((w[0], w[1], f));
        }
    }
    let after = compute(&scenario, inputs, None, &NoProgress).unwrap();
    assert_eq!(after.area_reached, vec![true, true]);
    let served: u64 = after.area_counts.iter().map(|c| c.fibre_served).sum();
    assert_eq!(served, plan.served_after);
    assert_eq!(plan.gap_households(), 0);
}

#[test]
fn a_disconnected_part_falls_back_to_straight_with_a_warning() {
    let c = area(
        "C",
        vec![
            (105.05, 8.99),
            (105.07, 8.99),
            (105.07, 9.02),
            (105.05, 9.02),
        ],
    );
    let hh: Vec<_> = (0..20)
        .map(|k| (format!("c{k}"), 105.06 + k as f64 * 0.00009, 9.0101, true))
        .collect();
    let island = line("canal", &[(105.058, 9.01), (105.065, 9.01)]);
    let case = case(&collection(&[road(), island]), vec![c], hh);
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let plan = plan_fibre(&scenario, &case.run(), &NoProgress).unwrap();
    let w = plan.warnings.join("\n");
    assert!(
        w.contains("commune C") && w.contains("cannot reach the fibre along the network"),
        "{w}"
    );
    let rc = plan.routes.iter().find(|r| r.commune_code == "C").unwrap();
    assert!(rc.m_by_kind.get("straight").copied().unwrap_or(0.0) > 500.0);
    assert_eq!(plan.gap_households(), 0, "served anyway");
}

#[test]
fn a_network_far_from_the_fibre_says_how_far() {
    let far = line("road", &[(105.03, 9.005), (105.035, 9.01), (105.04, 9.01)]);
    let case = case(&collection(&[far]), vec![], vec![]);
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let plan = plan_fibre(&scenario, &case.run(), &NoProgress).unwrap();
    let w = plan.warnings.join("\n");
    assert!(
        w.contains("the network comes no nearer the fibre than"),
        "{w}"
    );
    let d: f64 = w
        .split("than ")
        .nth(1)
        .and_then(|t| t.split(" m").next())
        .and_then(|t| t.parse().ok())
        .unwrap();
    let by_hand = ellipsoid_m([105.009, 9.0], [105.03, 9.005]);
    assert!((d - by_hand).abs() < 30.0, "{d} vs {by_hand}");
}

#[test]
fn bad_network_layers_are_one_clear_line() {
    let err = |network: &str| {
        let case = case(network, vec![], vec![]);
        let scenario = Scenario::load(&case.scenario_path()).unwrap();
        let e = plan_fibre(&scenario, &case.run(), &NoProgress)
            .unwrap_err()
            .to_string();
        assert!(!e.contains('\n'), "one line: {e}");
        e
    };
    let e = err(&collection(&[line(
        "motorway",
        &[(105.0, 9.0), (105.01, 9.0)],
    )]));
    assert!(
        e.contains("network.geojson: feature 1:")
            && e.contains("\"motorway\"")
            && e.contains("known: canal, road")
            && e.contains("[network.cost_factor]"),
        "{e}"
    );
    let point = r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[105.0,9.0]}}"#;
    let e = err(&collection(&[point.to_string()]));
    assert!(
        e.contains("feature 1: a Point is not a road or canal"),
        "{e}"
    );
    let e = err(&collection(&[line("road", &[(105.0, 9.0)])]));
    assert!(
        e.contains("the network layer has no line with two or more positions"),
        "{e}"
    );
}

#[test]
fn the_demo_network_reads_into_one_mostly_connected_graph() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo-network.toml");
    let scenario = Scenario::load(&path).unwrap();
    let proj = phusong::projection::Projection::choose(&scenario.projection, 104.7, 105.5).unwrap();
    let g = phusong::plan::network_graph::load(&scenario, &proj)
        .unwrap()
        .unwrap();
    let mut kinds = g.kinds.clone();
    kinds.sort();
    assert_eq!(kinds, vec!["canal".to_string(), "road".to_string()]);
    assert!(g.edges.len() > 10_000, "{}", g.edges.len());
    // The largest component holds most of the network.
    let comp = g.components();
    let mut size = std::collections::HashMap::new();
    for c in comp {
        *size.entry(c).or_insert(0usize) += 1;
    }
    let largest = size.values().max().copied().unwrap_or(0);
    assert!(
        largest * 2 > g.node_count(),
        "{largest} of {}",
        g.node_count()
    );
}
