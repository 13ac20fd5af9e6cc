//! `plan sites` and `plan fibre`: a run with the planned layers added
//! reproduces the plan's counts exactly; adding a site never lowers
//! coverage; extension lengths against hand-computed geometry; results do
//! not depend on the thread count.

use std::fmt::Write as _;

use crate::common::*;
use crate::invariance::Lcg;
use phusong::aggregate::Counts;
use phusong::config::{Scenario, Technology};
use phusong::engine::{compute, NoProgress, RunResult};
use phusong::pipeline::load_strict;
use phusong::plan::{plan_fibre, plan_sites, ExtensionKind, SitesGoal, SitesOptions};

const LINK_BUDGET: &str = "[mobile.4G]\nmodel = \"link-budget\"\n\
[mobile.4G.radio]\nmodel = { kind = \"tr38901_rma\", condition = \"expected\" }\n\
thresholds = { covered_outdoor_dbm = -80.0, good_outdoor_dbm = -75.0 }\n";

/// A 4×3 grid of communes around lon 105, lat 9, random households, two
/// cables, three 3-sector 4G sites, with the link-budget model.
fn link_case(seed: u64, n: usize, extra: &str) -> Case {
    let mut rng = Lcg(seed);
    let step = 0.03;
    let mut areas = Vec::new();
    for i in 0..4 {
        for j in 0..3 {
            let (x, y) = (105.0 + i as f64 * step, 9.0 + j as f64 * step);
            areas.push(area(
                &format!("{}{}", i, j),
                vec![(x, y), (x + step, y), (x + step, y + step), (x, y + step)],
            ));
        }
    }
    let hh: Vec<(String, f64, f64, bool)> = (0..n)
        .map(|k| {
            // Half in villages around 8 centres, half scattered.
            let (x, y) = if k % 2 == 0 {
                let c = k % 16 / 2;
                (
                    105.01 + (c % 4) as f64 * 0.03 + (rng.next_f64() - 0.5) * 0.006,
                    9.01 + (c / 4) as f64 * 0.05 + (rng.next_f64() - 0.5) * 0.006,
                )
            } else {
                (105.0 + rng.next_f64() * 0.12, 9.0 + rng.next_f64() * 0.09)
            };
            (format!("h{k}"), x, y, rng.next_f64() < 0.8)
        })
        .collect();
    let lines = vec![
        vec![(105.0, 9.001), (105.05, 9.002), (105.07, 9.03)],
        vec![(105.02, 9.05), (105.02, 9.07)],
    ];
    let mut sites = String::from("id,lon,lat,tech,azimuth_deg\n");
    for k in 0..3 {
        let (x, y) = (105.02 + k as f64 * 0.04, 9.02 + rng.next_f64() * 0.05);
        for az in [0, 120, 240] {
            let _ = writeln!(sites, "S{k},{x},{y},4G,{az}");
        }
    }
    Case::new(
        &areas_geojson(&areas),
        &households_csv(&hh),
        &fibre_geojson(&lines, &[]),
        &sites,
        &format!("{LINK_BUDGET}{extra}"),
    )
}

fn province(r: &RunResult) -> Counts {
    r.area_counts.iter().fold(Counts::default(), |mut a, c| {
        a += *c;
        a
    })
}

fn sites_opts(goal: SitesGoal) -> SitesOptions {
    SitesOptions {
        tech: Technology::G4,
        goal,
        candidates: None,
        cell_m: 500.0,
        budget_usd: None,
        max_usd_per_household: None,
        operator: None,
    }
}

#[test]
fn a_run_with_the_planned_sites_reproduces_the_plan() {
    let case = link_case(11, 3000, "");
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let before = province(&base);
    assert!(
        before.covered_4g < before.households,
        "the fixture must leave gaps"
    );
    for goal in [
        SitesGoal::MaxSites(1),
        SitesGoal::MaxSites(4),
        SitesGoal::Target,
    ] {
        let plan = plan_sites(&scenario, &base, &sites_opts(goal), &NoProgress).unwrap();
        assert_eq!(plan.covered_before, before.covered_4g);
        let mut inputs = load_strict(&scenario, &NoProgress).unwrap();
        for row in plan.site_rows() {
            inputs.sites.push(row);
        }
        let after = compute(&scenario, inputs, None, &NoProgress).unwrap();
        let p = province(&after);
        assert_eq!(p.covered_4g, plan.covered_after(), "{goal:?}");
        // Gains are what the run adds, and never increase.
        let gains: u64 = plan.chosen.iter().map(|c| c.gain_households).sum();
        assert_eq!(before.covered_4g + gains, p.covered_4g);
        assert!(plan
            .chosen
            .windows(2)
            .all(|w| w[0].gain_households >= w[1].gain_households));
        match goal {
            SitesGoal::MaxSites(n) => assert_eq!(plan.chosen.len(), n),
            SitesGoal::Target => {
                assert!(plan.target_met);
                assert!(plan.chosen.len() > 4);
                assert_eq!(p.covered_4g, p.households, "the 4G target is 100%");
                // The fewest greedy steps: one site less misses the target.
                let last = plan.chosen.last().unwrap();
                assert!(last.cumulative_covered - last.gain_households < p.households);
            }
        }
    }
}

#[test]
fn the_site_plan_does_not_depend_on_the_thread_count() {
    let case = link_case(5, 2000, "");
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let plan_in = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                plan_sites(
                    &scenario,
                    &base,
                    &sites_opts(SitesGoal::Target),
                    &NoProgress,
                )
                .unwrap()
            })
    };
    assert_eq!(plan_in(1).chosen, plan_in(3).chosen);
    let (a, b) = (
        plan_fibre(&scenario, &base, &NoProgress).unwrap(),
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| plan_fibre(&scenario, &base, &NoProgress).unwrap()),
    );
    assert_eq!(a.extensions, b.extensions);
}

#[test]
fn adding_a_site_never_lowers_coverage() {
    // Fixed radius and link budget; random new sites (omni and sectors).
    for (extra, seed) in [("", 1u64), ("", 2), ("fixed", 3), ("fixed", 4)] {
        let case = if extra == "fixed" {
            crate::invariance::random_case(seed, 1500)
        } else {
            link_case(seed, 1500, "")
        };
        let scenario = Scenario::load(&case.scenario_path()).unwrap();
        let base = case.run();
        let mut rng = Lcg(seed * 77);
        let mut inputs = base.inputs.clone();
        let mut prev = base;
        for k in 0..6 {
            let (x, y) = (105.0 + rng.next_f64() * 0.12, 9.0 + rng.next_f64() * 0.09);
            let tech = if k % 3 == 2 {
                Technology::G5
            } else {
                Technology::G4
            };
            let azimuth = (k % 2 == 0).then(|| rng.next_f64() * 360.0);
            let mut rows = phusong::plan::sites::candidate_rows(&format!("N{k}"), x, y, tech);
            if azimuth.is_none() {
                rows.truncate(1);
                rows[0].sector.azimuth_deg = None;
            }
            for row in rows {
                inputs.sites.push(row);
            }
            let next = compute(&scenario, inputs.clone(), None, &NoProgress).unwrap();
            for i in 0..next.households.area.len() {
                assert!(!prev.households.g4.covered[i] || next.households.g4.covered[i]);
                assert!(!prev.households.g5.covered[i] || next.households.g5.covered[i]);
            }
            assert!(province(&next).covered_4g >= province(&prev).covered_4g);
            prev = next;
        }
    }
}

/// Distance in metres between two nearby lon/lat points on the WGS 84
/// ellipsoid, from the radii of curvature at their mean latitude
/// (independent of phusong's projection; exact to well under 0.1 m over a
/// few km).
fn ellipsoid_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (sa, e2) = (6_378_137.0, 0.006_694_379_990_14);
    let phi = ((a[1] + b[1]) / 2.0).to_radians();
    let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
    let n = sa / w; // prime vertical
    let m = sa * (1.0 - e2) / w.powi(3); // meridian
    let dx = n * phi.cos() * (b[0] - a[0]).to_radians();
    let dy = m * (b[1] - a[1]).to_radians();
    dx.hypot(dy)
}

#[test]
fn fibre_extensions_against_hand_computed_geometry() {
    // Commune A (105.00–105.01) holds a north–south cable at 105.005
    // (lat 9.005–9.015); commune B (105.02–105.04, lat 9.0–9.02) has no
    // fibre; its households sit in a village 2 km east of B's west edge.
    // Nearest pair: an end of the cable to B's west edge, due east.
    let a = area(
        "A",
        vec![(105.0, 9.0), (105.01, 9.0), (105.01, 9.02), (105.0, 9.02)],
    );
    let b = area(
        "B",
        vec![(105.02, 9.0), (105.04, 9.0), (105.04, 9.02), (105.02, 9.02)],
    );
    let mut hh = Vec::new();
    for k in 0..20 {
        // Village in B around (105.038, 9.01), 10 m apart east–west.
        hh.push((format!("b{k}"), 105.038 + k as f64 * 0.00009, 9.01, true));
    }
    for k in 0..5 {
        hh.push((format!("a{k}"), 105.005, 9.006 + k as f64 * 0.002, true));
    }
    let case = Case::new(
        &areas_geojson(&[a, b]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.005, 9.005), (105.005, 9.015)]], &[]),
        &sites_csv(&[("S".into(), 105.0, 9.0, "4G", 100.0)]),
        "[fibre]\ndrop_m = 100\n[costs]\nfibre_per_km_usd = 1000\nroute_factor = 1.5\ndrop_usd = 10\n",
    );
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    assert_eq!(base.area_reached, vec![true, false]);
    let plan = plan_fibre(&scenario, &base, &NoProgress).unwrap();
    let e = &plan.extensions;
    assert_eq!(e[0].kind, ExtensionKind::ReachCommune);
    assert_eq!(e[0].commune_code, "B");
    // Straight east from the cable to B's west edge, plus 1 m inside.
    let lat = e[0].from[1];
    assert!(
        (lat - 9.005).abs() < 1e-6 || (lat - 9.015).abs() < 1e-6,
        "{lat}"
    );
    let by_hand = ellipsoid_m([105.005, lat], [105.02, lat]) + 1.0;
    assert!(
        (e[0].length_m - by_hand).abs() < 0.5,
        "{} vs {by_hand}",
        e[0].length_m
    );
    assert!((e[0].from[0] - 105.005).abs() < 1e-7);
    assert!((e[0].to[1] - lat).abs() < 1e-6, "due east");
    assert_eq!(e[0].households_served, 0);
    // Cost: straight length × route factor × per km + drops.
    assert!((e[0].cost_usd - e[0].length_m / 1000.0 * 1.5 * 1000.0).abs() < 1e-6);
    // Then to the village: from the end of the first line to the member
    // nearest the centroid (the 10th or 11th house), serving all within
    // 100 m: the 20 houses span 180 m, the line ends in the middle.
    assert_eq!(e[1].kind, ExtensionKind::Cluster);
    let end = (e[1].to[0], e[1].to[1]);
    assert!(
        (end.1 - 9.01).abs() < 1e-7 && (end.0 - 105.03881).abs() < 0.0001,
        "{end:?}"
    );
    let by_hand = ellipsoid_m(e[1].from, [end.0, end.1]);
    assert!(
        (e[1].length_m - by_hand).abs() < 0.5,
        "{} vs {by_hand}",
        e[1].length_m
    );
    assert!(
        (e[1].from[0] - e[0].to[0]).abs() < 1e-6,
        "branches from the new line"
    );
    assert_eq!(e[1].households_served, 20);
    assert!((e[1].cost_usd - (e[1].length_m * 1.5 + 20.0 * 10.0)).abs() < 1e-6);
    assert!(e.len() == 2, "A is served and B is at 100%: {e:?}");
}

#[test]
fn a_run_with_the_planned_fibre_reproduces_the_plan() {
    let case = link_case(
        23,
        4000,
        "[fibre]\ndrop_m = 120\n[targets]\nfibre_households = 0.7\n",
    );
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let plan = plan_fibre(&scenario, &base, &NoProgress).unwrap();
    assert!(plan
        .extensions
        .iter()
        .any(|e| e.kind == ExtensionKind::Households));
    let mut inputs = load_strict(&scenario, &NoProgress).unwrap();
    // The routes (the planned layer), not the straight extensions.
    for r in &plan.routes {
        for l in &r.lines {
            let f = inputs.fibre.feature_ids.len() as u32;
            inputs.fibre.feature_ids.push(r.id.clone());
            inputs.fibre.status.push(Default::default());
            for w in l.windows(2) {
                inputs.fibre.segments.push((w[0], w[1], f));
            }
        }
    }
    // One route per commune with extensions, not one line per extension.
    assert!(plan.routes.len() < plan.extensions.len());
    assert!(plan.routes.len() <= plan.communes.len());
    assert_eq!(plan.stop, phusong::plan::StopRule::Target);
    assert_eq!(plan.gap_households(), 0);
    let after = compute(&scenario, inputs, None, &NoProgress).unwrap();
    let p = province(&after);
    assert_eq!(p.fibre_served, plan.served_after);
    assert!(after.area_reached.iter().all(|&r| r));
    for (c, cp) in after.area_counts.iter().zip(&plan.communes) {
        assert_eq!(c.fibre_served, cp.served_after, "commune {}", cp.code);
        assert!(phusong::aggregate::meets(0.7, c.demand, c.fibre_served));
    }
    let last = plan.extensions.last().unwrap();
    assert!((last.cumulative_length_m - plan.length_m()).abs() < 1e-6);
    let last = plan.routes.last().unwrap();
    assert!((last.cumulative_cost_usd - plan.cost_usd()).abs() < 1e-6);
    let gained: u64 = plan.routes.iter().map(|r| r.households_served).sum();
    assert_eq!(plan.served_before + gained, plan.served_after);
}

fn phusong(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = assert_cmd::Command::cargo_bin("phusong")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn csv_rows(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The acceptance chain of issue #5 on the demo: plan sites to the 4G
/// target, plan fibre on top, and a run of the result meets every target
/// with exactly the plans' counts.
#[test]
fn demo_chain_plan_sites_then_fibre_meets_every_target() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo.toml");
    let (sites, fibre, run) = (
        tmp.path().join("sites"),
        tmp.path().join("fibre"),
        tmp.path().join("run"),
    );
    let os = |s: &str| std::ffi::OsString::from(s);
    let (ok, err) = phusong(&[
        &os("plan"),
        &os("sites"),
        demo.as_os_str(),
        &os("--target"),
        &os("--out"),
        sites.as_os_str(),
    ]);
    assert!(ok, "{err}");
    let chosen = csv_rows(&sites.join("chosen_sites.csv"));
    assert!(!chosen.is_empty());
    let planned = csv_rows(&sites.join("planned_sites.csv"));
    assert_eq!(planned.len(), 3 * chosen.len());
    assert!(planned.iter().all(|r| r["status"] == "planned"));
    let toml = std::fs::read_to_string(sites.join("scenario.toml")).unwrap();
    assert!(toml.contains("sites = [\"planned_sites.csv\"]"), "{toml}");
    let (ok, err) = phusong(&[
        &os("plan"),
        &os("fibre"),
        sites.join("scenario.toml").as_os_str(),
        &os("--out"),
        fibre.as_os_str(),
    ]);
    assert!(ok, "{err}");
    let ext = csv_rows(&fibre.join("extensions.csv"));
    let kinds: std::collections::BTreeSet<&str> = ext.iter().map(|r| r["kind"].as_str()).collect();
    assert!(
        kinds.contains("reach_commune") && kinds.contains("households"),
        "{kinds:?}"
    );
    let routes = csv_rows(&fibre.join("routes.csv"));
    assert!(
        !routes.is_empty() && routes.len() < ext.len() / 10,
        "few routes"
    );
    let table = csv_rows(&fibre.join("plan_communes.csv"));
    assert_eq!(table.len(), 100, "one row per commune");
    assert!(table.iter().all(|r| r["meets_fibre_households"] == "true"));
    let (ok, err) = phusong(&[
        &os("-q"),
        &os("run"),
        fibre.join("scenario.toml").as_os_str(),
        &os("--out"),
        run.as_os_str(),
    ]);
    assert!(ok, "{err}");
    let p = &csv_rows(&run.join("province.csv"))[0];
    let n = |k: &str| p[k].parse::<u64>().unwrap();
    // Exactly the plans' figures.
    assert_eq!(
        n("covered_4g").to_string(),
        chosen.last().unwrap()["cumulative_covered"]
    );
    assert_eq!(n("covered_4g"), n("households"), "4G target 100%");
    let share: f64 = routes.last().unwrap()["province_share"].parse().unwrap();
    assert_eq!(
        format!(
            "{:.6}",
            n("fibre_served") as f64 / n("demand_households") as f64
        ),
        format!("{share:.6}")
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    // Every network target is met; the indicator targets (e-payment) are
    // beside the network and no plan of sites or fibre changes them.
    let network = [
        "fibre_households",
        "fibre_communes",
        "mobile_4g_households",
        "mobile_5g_households",
    ];
    let mut checked = 0;
    for t in summary["targets"].as_array().unwrap() {
        if network.contains(&t["key"].as_str().unwrap_or("")) {
            assert_eq!(t["met"], serde_json::Value::Bool(true), "{t}");
            checked += 1;
        }
    }
    assert_eq!(checked, 3, "fibre households, fibre communes, 4G");
    let communes = csv_rows(&run.join("communes.csv"));
    assert!(communes.iter().all(|c| c["fibre_target_met"] == "true"));
}

#[test]
fn plans_do_not_depend_on_the_household_order() {
    let case = link_case(31, 2000, "[fibre]\ndrop_m = 120\n");
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let inputs = load_strict(&scenario, &NoProgress).unwrap();
    let mut reversed = inputs.clone();
    let h = &inputs.households;
    reversed.households = Default::default();
    for i in (0..h.len()).rev() {
        reversed
            .households
            .push(h.ids.get(i), h.lon[i], h.lat[i], h.demand[i], None);
    }
    let a = compute(&scenario, inputs, None, &NoProgress).unwrap();
    let b = compute(&scenario, reversed, None, &NoProgress).unwrap();
    let opts = sites_opts(SitesGoal::Target);
    let key = |p: &phusong::plan::SitesPlan| -> Vec<(f64, f64, u64)> {
        p.chosen
            .iter()
            .map(|c| (c.lon, c.lat, c.gain_households))
            .collect()
    };
    assert_eq!(
        key(&plan_sites(&scenario, &a, &opts, &NoProgress).unwrap()),
        key(&plan_sites(&scenario, &b, &opts, &NoProgress).unwrap())
    );
    let (fa, fb) = (
        plan_fibre(&scenario, &a, &NoProgress).unwrap(),
        plan_fibre(&scenario, &b, &NoProgress).unwrap(),
    );
    assert!(!fa.extensions.is_empty());
    assert_eq!(fa.extensions, fb.extensions);
}

#[test]
fn cut_offs_stop_the_plans_and_say_why() {
    use phusong::plan::{plan_fibre_with, FibreOptions, StopRule};
    let case = link_case(
        23,
        4000,
        "[fibre]\ndrop_m = 120\n[targets]\nfibre_households = 0.7\n",
    );
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let full = plan_fibre(&scenario, &base, &NoProgress).unwrap();
    assert_eq!(full.stop, StopRule::Target);
    let budget = full.cost_usd() / 2.0;
    let opts = FibreOptions {
        budget_usd: Some(budget),
        ..Default::default()
    };
    let half = plan_fibre_with(&scenario, &base, &opts, &NoProgress).unwrap();
    assert_eq!(half.stop, StopRule::Budget);
    assert!(half.cost_usd() <= budget && half.cost_usd() > 0.0);
    assert!(half.gap_households() > 0);
    assert!(half.extensions.len() < full.extensions.len());
    // The cost per household of the full plan's household extensions: cap
    // at the median.
    let mut per: Vec<f64> = full
        .extensions
        .iter()
        .filter(|e| e.kind == ExtensionKind::Households)
        .map(|e| e.cost_usd / e.households_served as f64)
        .collect();
    per.sort_by(f64::total_cmp);
    let max = per[per.len() / 2];
    let opts = FibreOptions {
        max_usd_per_household: Some(max),
        ..Default::default()
    };
    let capped = plan_fibre_with(&scenario, &base, &opts, &NoProgress).unwrap();
    assert_eq!(capped.stop, StopRule::MaxUsdPerHousehold);
    for e in capped
        .extensions
        .iter()
        .filter(|e| e.kind == ExtensionKind::Households)
    {
        assert!(e.cost_usd / e.households_served as f64 <= max + 1e-9);
    }
    assert!(capped.gap_households() > 0);
    // Sites: a budget of 2.5 sites buys 2; a cap per household stops at
    // the first site gaining fewer than 10 households.
    let site = scenario.costs.site_usd;
    let mut o = sites_opts(SitesGoal::Target);
    o.budget_usd = Some(2.5 * site);
    let p = plan_sites(&scenario, &base, &o, &NoProgress).unwrap();
    assert_eq!((p.chosen.len(), p.stop), (2, StopRule::Budget));
    let all = plan_sites(
        &scenario,
        &base,
        &sites_opts(SitesGoal::Target),
        &NoProgress,
    )
    .unwrap();
    o.budget_usd = None;
    o.max_usd_per_household = Some(site / 10.0);
    let p = plan_sites(&scenario, &base, &o, &NoProgress).unwrap();
    let keep = all
        .chosen
        .iter()
        .take_while(|c| c.gain_households >= 10)
        .count();
    assert_eq!(p.chosen.len(), keep);
    if keep < all.chosen.len() {
        assert_eq!(p.stop, StopRule::MaxUsdPerHousehold);
    }
    // The per-commune table adds up.
    let gained: u64 = p.table.iter().map(|r| r.households_gained).sum();
    assert_eq!(p.covered_before + gained, p.covered_after());
    let sites: u64 = p.table.iter().map(|r| r.new_sites).sum();
    assert!(sites <= p.chosen.len() as u64);
}

#[test]
fn operators_choice_and_planning_for_one_operator() {
    use phusong::plan::operators::operator_table;
    // Households on a line at lat 9.01, lon 105.001 … 105.019 (every
    // 0.001°, ≈110 m). Viettel covers 1 km around 105.002, VNPT 1 km
    // around 105.010 (4G, fixed radius): by hand, x ≤ 105.011 for Viettel,
    // 105.001 ≤ x ≤ 105.019 for VNPT.
    let a = area(
        "A",
        vec![(105.0, 9.0), (105.02, 9.0), (105.02, 9.02), (105.0, 9.02)],
    );
    let hh: Vec<_> = (1..20)
        .map(|k| (format!("h{k}"), 105.0 + k as f64 * 0.001, 9.01, true))
        .collect();
    let sites = "id,lon,lat,tech,radius_m,operator\n\
                 V1,105.002,9.01,4G,1000,Viettel\nN1,105.010,9.01,4G,1000, vnpt \n";
    let case = Case::new(
        &areas_geojson(&[a]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.0, 9.0), (105.001, 9.0)]], &[]),
        sites,
        "[mobile.4G]\nmodel = \"fixed-radius\"\n",
    );
    let scenario = Scenario::load(&case.scenario_path()).unwrap();
    let base = case.run();
    let t = operator_table(&scenario, &base, Technology::G4)
        .unwrap()
        .unwrap();
    assert_eq!(t.operators, vec!["Viettel".to_string(), "vnpt".to_string()]);
    let ell = |k: i64, c: f64| ((105.0 + k as f64 * 0.001 - c) * 109_950.0).abs() <= 1000.0;
    let viettel = (1..20).filter(|&k| ell(k, 105.002)).count() as u64;
    let vnpt = (1..20).filter(|&k| ell(k, 105.010)).count() as u64;
    let both = (1..20)
        .filter(|&k| ell(k, 105.002) && ell(k, 105.010))
        .count() as u64;
    let (n, per, any, two) = &t.communes[0];
    assert_eq!(*n, 19);
    assert_eq!(per, &vec![viettel, vnpt]);
    assert_eq!(*two, both);
    assert_eq!(*any, viettel + vnpt - both);
    // Planning for Viettel: its gaps (not the network's) are the target.
    let mut o = sites_opts(SitesGoal::MaxSites(1));
    o.operator = Some("VIETTEL".into());
    let p = plan_sites(&scenario, &base, &o, &NoProgress).unwrap();
    assert_eq!(p.operator.as_deref(), Some("Viettel"));
    assert_eq!(p.covered_before, viettel);
    assert!(p.chosen[0].gain_households > 0);
    o.operator = Some("MobiFone".into());
    let e = plan_sites(&scenario, &base, &o, &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown operator \"MobiFone\": the sites layer has Viettel, vnpt"),
        "{e}"
    );
}
