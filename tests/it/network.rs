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

/// `case` under `[fibre] distance = "network"`.
fn network_rule(case: &Case) {
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    let toml = toml.replacen(
        "drop_m = 100\n",
        "drop_m = 100\ndistance = \"network\"\n",
        1,
    );
    std::fs::write(case.scenario_path(), toml).unwrap();
}

#[test]
fn the_network_rule_measures_along_the_road_and_falls_back_per_commune() {
    let c = || {
        area(
            "C",
            vec![
                (105.05, 8.99),
                (105.07, 8.99),
                (105.07, 9.02),
                (105.05, 9.02),
            ],
        )
    };
    let mut hh: Vec<_> = (0..20)
        .map(|k| (format!("c{k}"), 105.06 + k as f64 * 0.00009, 9.0101, true))
        .collect();
    // d1: 88 m east of the cable's end along the road, 44 m off it.
    hh.push(("d1".into(), 105.0098, 9.0004, true));
    // far: 1.66 km from every road.
    hh.push(("far".into(), 105.005, 9.015, true));
    let island = line("canal", &[(105.058, 9.01), (105.065, 9.01)]);
    let net = collection(&[road(), island]);
    let straight = case(&net, vec![c()], hh.clone()).run();
    let case = case(&net, vec![c()], hh);
    network_rule(&case);
    let r = case.run();
    let h = &r.households;
    let id = |s: &str| r.inputs.households.ids.iter().position(|x| x == s).unwrap();
    // a0–a4: straight onto the road the cable lies along.
    for k in 0..5 {
        let i = id(&format!("a{k}"));
        let lon = 105.002 + k as f64 * 0.001;
        let by_hand = ellipsoid_m([lon, 9.0005], [lon, 9.0]);
        assert!(
            (h.fibre_distance_m[i] - by_hand).abs() < 0.5,
            "{} vs {by_hand}",
            h.fibre_distance_m[i]
        );
        assert!(h.fibre_served[i]);
    }
    // d1: 44 m to the road + 88 m along it = 132 m > 100: not served,
    // though 98 m straight (served under the straight rule).
    let i = id("d1");
    let by_hand = ellipsoid_m([105.0098, 9.0004], [105.0098, 9.0])
        + ellipsoid_m([105.0098, 9.0], [105.009, 9.0]);
    assert!(
        (h.fibre_distance_m[i] - by_hand).abs() < 0.5,
        "{} vs {by_hand}",
        h.fibre_distance_m[i]
    );
    assert!(!h.fibre_served[i]);
    assert!(straight.households.fibre_served[i]);
    assert!(straight.households.fibre_distance_m[i] < 100.0);
    // The village of B: 11 m to the road, then 2.9 km along it.
    let i = id("b0");
    assert!(h.fibre_distance_m[i] > straight.households.fibre_distance_m[i] + 100.0);
    // Commune C: on a canal the fibre does not join: the straight distance,
    // with one warning for the commune, and the check's finding.
    let i = id("c0");
    assert_eq!(
        h.fibre_distance_m[i],
        straight.households.fibre_distance_m[i]
    );
    let w = r.summary.warnings.join("\n");
    assert!(
        w.contains("commune Xã C (C): 20 of 20 households are unreachable along the network"),
        "{w}"
    );
    let kinds: Vec<String> = r
        .problems
        .findings
        .iter()
        .map(|f| format!("{} {}: {}", f.kind, f.location, f.message))
        .collect();
    let k = kinds.join("\n");
    assert!(
        k.contains("network-unreachable commune Xã C (C): 20 of 20 households"),
        "{k}"
    );
    assert!(
        k.contains("far-from-network commune Xã A (A): 1 of 7 households are farther than [fibre] drop_m = 100 m"),
        "{k}"
    );
    // Straight outputs keep their keys; the network rule says its own.
    let json = serde_json::to_value(&r.summary).unwrap();
    let rule = json["parameters"]["fibre"]["served_rule"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(rule.contains("along the network"), "{json}");
    // summary.md and report.html state the rule in force.
    let md = phusong::output::report::summary_markdown(&r).unwrap();
    let sentence = "Fibre: a household is served when the straight line to the nearest road or \
                    canal plus the way along the roads and canals to the fibre (which joins them \
                    within 30 m) is at most 100 m";
    assert!(md.contains(sentence), "{md}");
    assert!(
        md.contains(
            "| Fibre: distance measured | along roads and canals (fibre joins them within 30 m) |"
        ),
        "{md}"
    );
    let html = phusong::output::html::report_html(&r, std::path::Path::new("/nonexistent"));
    assert!(html.contains(sentence), "{html}");
    let md = phusong::output::report::summary_markdown(&straight).unwrap();
    assert!(md.contains("Fibre: a household is served when the nearest fibre cable or distribution point is within 100 m in a straight line."), "{md}");
}

#[test]
fn a_network_apart_from_fibre_and_households_says_how_far() {
    // A road across the north of B, 1 km from the village, 2 km from the cable.
    let apart = line("road", &[(105.021, 9.019), (105.039, 9.019)]);
    let case = case(&collection(&[apart]), vec![], vec![]);
    network_rule(&case);
    let r = case.run();
    let w = r.summary.warnings.join("\n");
    assert!(
        w.contains("the network comes no nearer the fibre than"),
        "{w}"
    );
    let k: Vec<String> = r
        .problems
        .findings
        .iter()
        .map(|f| f.message.clone())
        .collect();
    let k = k.join("\n");
    let how_far = |text: &str, what: &str| -> f64 {
        text.split(what)
            .nth(1)
            .and_then(|t| t.split(" m").next())
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or_else(|| panic!("{what} in {text}"))
    };
    let fibre_m = how_far(&k, "no nearer the fibre than ");
    let by_hand = ellipsoid_m([105.009, 9.0], [105.021, 9.019]);
    assert!((fibre_m - by_hand).abs() < 30.0, "{fibre_m} vs {by_hand}");
    let hh_m = how_far(&k, "no nearer any household than ");
    let by_hand = ellipsoid_m([105.035, 9.0101], [105.035, 9.019]);
    assert!((hh_m - by_hand).abs() < 1.0, "{hh_m} vs {by_hand}");
    // Everyone keeps the straight distance.
    let straight: u64 = r.area_counts.iter().map(|c| c.fibre_served).sum();
    assert_eq!(straight, 5);
}

#[test]
fn the_network_rule_without_a_network_layer_is_refused_in_one_line() {
    let case = case(&collection(&[road()]), vec![], vec![]);
    network_rule(&case);
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    std::fs::write(
        case.scenario_path(),
        toml.replace("network = \"network.geojson\"\n", ""),
    )
    .unwrap();
    let e = Scenario::load(&case.scenario_path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("[fibre] distance = \"network\" needs a road and canal network"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
}

#[test]
fn an_osm_pbf_network_builds_the_graph_with_its_kinds() {
    let case = case(&collection(&[road()]), vec![], vec![]);
    let pbf =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small-network.osm.pbf");
    std::fs::copy(&pbf, case.path("roads.osm.pbf")).unwrap();
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    let toml = toml.replace(
        "network = \"network.geojson\"\n",
        "network = \"roads.osm.pbf\"\n",
    );
    let toml = toml.replace("canal = 2.0\n", "canal = 2.0\ntrack = 1.0\n");
    std::fs::write(case.scenario_path(), toml).unwrap();
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let proj = phusong::projection::Projection::choose(&scenario.projection, 105.1, 105.2).unwrap();
    let g = phusong::plan::network_graph::load(&scenario, &proj)
        .unwrap()
        .unwrap();
    assert_eq!(g.kinds, vec!["road", "canal", "track"]);
    // The canal starts on the road (node 2): one component of road and
    // canal, the track apart. Lengths: road 2 × 0.001° of longitude, canal
    // 2 × 0.001° of latitude, track 0.002°.
    let len = |k: u16| -> f64 {
        g.edges
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.length_m)
            .sum()
    };
    let road_m = ellipsoid_m([105.15, 9.18], [105.152, 9.18]);
    let canal_m = ellipsoid_m([105.151, 9.18], [105.151, 9.182]);
    assert!((len(0) - road_m).abs() < 0.5, "{} vs {road_m}", len(0));
    assert!((len(1) - canal_m).abs() < 0.5, "{} vs {canal_m}", len(1));
    let comp = g.components();
    let road_node = g.edges.iter().find(|e| e.kind == 0).unwrap().a as usize;
    let canal_node = g.edges.iter().find(|e| e.kind == 1).unwrap().a as usize;
    let track_node = g.edges.iter().find(|e| e.kind == 2).unwrap().a as usize;
    assert_eq!(comp[road_node], comp[canal_node]);
    assert_ne!(comp[road_node], comp[track_node]);
    // Without a cost factor for `track`: one line naming the way and tag.
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    std::fs::write(case.scenario_path(), toml.replace("track = 1.0\n", "")).unwrap();
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let e = phusong::plan::network_graph::load(&scenario, &proj)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("roads.osm.pbf") && e.contains("way 103: highway=track is of kind \"track\""),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
}

/// Under `[fibre] distance = "network"`, `plan fibre` counts its gains by
/// the run's rule: a run of the scenario the plan writes serves exactly the
/// households the plan says, commune by commune. House `s` is 77 m
/// straight from the road the route follows (served by the straight rule),
/// but its own track joins the network only ~800 m along: not served.
#[test]
fn under_the_network_rule_the_plan_counts_what_a_run_of_its_scenario_counts() {
    let track = line(
        "road",
        &[
            (105.0358, 9.003),
            (105.0358, 9.008),
            (105.039, 9.008),
            (105.039, 9.01),
        ],
    );
    let s = ("s".to_string(), 105.0357, 9.005, true);
    let case = case(&collection(&[road(), track]), vec![], vec![s]);
    network_rule(&case);
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let plan = plan_fibre(&scenario, &base, &NoProgress).unwrap();
    assert!(plan.on_network);
    let out = case.path("plan");
    phusong::plan::outputs::write_fibre_plan(
        &plan,
        &case.scenario_path(),
        &scenario.name,
        &out,
        phusong::lang::Lang::En,
    )
    .unwrap();
    let planned = Scenario::load(&out.join("scenario.toml")).unwrap();
    let after = phusong::pipeline::run(&planned, &Default::default(), &NoProgress).unwrap();
    for (c, cp) in plan.communes.iter().enumerate() {
        assert_eq!(
            after.area_counts[c].fibre_served, cp.served_after,
            "commune {}",
            cp.code
        );
    }
    let served: u64 = after.area_counts.iter().map(|c| c.fibre_served).sum();
    assert_eq!(served, plan.served_after);
    // Gains: routes, extensions and the per-commune table agree.
    let gained = plan.served_after - plan.served_before;
    let by_route: u64 = plan.routes.iter().map(|r| r.households_served).sum();
    let by_ext: u64 = plan.extensions.iter().map(|e| e.households_served).sum();
    let by_table: u64 = plan.table.iter().map(|r| r.households_gained).sum();
    assert_eq!((by_route, by_ext, by_table), (gained, gained, gained));
    assert_eq!(plan.gap_households(), 0);
    // House s: 77 m straight from the planned fibre, not served along the
    // network, in the plan and in the run.
    let i = after
        .inputs
        .households
        .ids
        .iter()
        .position(|x| x == "s")
        .unwrap();
    assert!(!after.households.fibre_served[i]);
    assert!(after.households.fibre_distance_m[i] > 500.0);
    let straight_case = case_straight_of(&case, &out);
    let j = straight_case
        .inputs
        .households
        .ids
        .iter()
        .position(|x| x == "s")
        .unwrap();
    assert!(straight_case.households.fibre_distance_m[j] < 100.0);
    assert!(straight_case.households.fibre_served[j]);
}

/// The plan's scenario in `out` run under the straight rule.
fn case_straight_of(case: &Case, out: &std::path::Path) -> phusong::engine::RunResult {
    let toml = std::fs::read_to_string(case.scenario_path()).unwrap();
    std::fs::write(
        case.scenario_path(),
        toml.replace("distance = \"network\"\n", ""),
    )
    .unwrap();
    let planned = Scenario::load(&out.join("scenario.toml")).unwrap();
    phusong::pipeline::run(&planned, &Default::default(), &NoProgress).unwrap()
}
