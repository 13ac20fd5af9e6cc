//! Scenario inheritance (`base`, `[add]`, `[remove]`, `[planned]`,
//! `--planned`), `phusong compare` and `phusong gaps`, run through the
//! binary. Each edited scenario is checked against a flat scenario whose
//! files hold exactly the rows the edits should leave.

use std::path::Path;

use assert_cmd::Command;

use crate::common::*;

/// Two communes side by side; 4G by fixed radius; one planned site and one
/// planned fibre line.
fn case() -> Case {
    let a = area(
        "A",
        vec![(105.0, 9.0), (105.02, 9.0), (105.02, 9.02), (105.0, 9.02)],
    );
    let b = area(
        "B",
        vec![(105.02, 9.0), (105.04, 9.0), (105.04, 9.02), (105.02, 9.02)],
    );
    let mut hh = Vec::new();
    for i in 0..20 {
        for j in 0..10 {
            hh.push((
                format!("h{i}_{j}"),
                105.001 + 0.002 * i as f64,
                9.001 + 0.002 * j as f64,
                (i + j) % 5 != 0,
            ));
        }
    }
    let c = Case::new(
        &areas_geojson(&[a, b]),
        &households_csv(&hh),
        &fibre_file(&[("L0", false), ("L1", true)]),
        &sites_file(&[("S0", false), ("S1", false), ("P1", true)]),
        "[mobile.4G]\nmodel = \"fixed-radius\"\n[outputs]\nmaps = false\ncoverage_layers = false\n",
    );
    std::fs::create_dir(c.path("sub")).unwrap();
    c
}

/// Fibre features by id: L0 along the south edge of A, L1 across B, L2 in
/// the north of A; `true` = planned.
fn fibre_file(items: &[(&str, bool)]) -> String {
    let feats: Vec<String> = items
        .iter()
        .map(|(id, planned)| {
            let coords = match *id {
                "L0" => "[[105.0,9.0005],[105.015,9.0005]]",
                "L1" => "[[105.021,9.01],[105.039,9.01]]",
                _ => "[[105.0,9.019],[105.019,9.019]]",
            };
            let status = if *planned { "planned" } else { "existing" };
            format!(
                "{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"status\":\"{status}\"}},\
                 \"geometry\":{{\"type\":\"LineString\",\"coordinates\":{coords}}}}}"
            )
        })
        .collect();
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        feats.join(",\n")
    )
}

/// Sites by id (S0 in A, S1 and P1 in B, S2 in the north of A, two sectors
/// for S0); `true` = planned.
fn sites_file(items: &[(&str, bool)]) -> String {
    let mut s = String::from("id,lon,lat,tech,radius_m,status\n");
    for (id, planned) in items {
        let status = if *planned { "planned" } else { "existing" };
        let rows: &[(f64, f64, f64)] = match *id {
            "S0" => &[(105.005, 9.005, 900.0), (105.005, 9.005, 600.0)],
            "S1" => &[(105.03, 9.01, 700.0)],
            "P1" => &[(105.036, 9.004, 900.0)],
            _ => &[(105.012, 9.017, 800.0)],
        };
        for (x, y, r) in rows {
            s.push_str(&format!("{id},{x},{y},4G,{r},{status}\n"));
        }
    }
    s
}

fn phusong(args: &[&str], dir: &Path) -> std::process::Output {
    Command::cargo_bin("phusong")
        .unwrap()
        .arg("--quiet")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Run a scenario of the case into `out`; panics on failure.
fn run_ok(case: &Case, scenario: &str, out: &str, extra: &[&str]) {
    let mut args = vec!["run", scenario, "--out", out];
    args.extend_from_slice(extra);
    let o = phusong(&args, case.dir.path());
    assert!(
        o.status.success(),
        "{scenario}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The error line of a failing run (exit code 1, one line, no panic).
fn run_err(case: &Case, scenario: &str) -> String {
    let o = phusong(&["run", scenario, "--out", "err"], case.dir.path());
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    stderr
}

fn read(case: &Case, file: &str) -> String {
    std::fs::read_to_string(case.path(file)).unwrap()
}

/// A flat scenario (no inheritance) over the given files.
fn flat(case: &Case, name: &str, fibre: &str, sites: &str, extra: &str) {
    std::fs::write(
        case.path(&format!("{name}.toml")),
        format!(
            "name = \"{name}\"\n{extra}\n[mobile.4G]\nmodel = \"fixed-radius\"\n[outputs]\nmaps = false\n\
             coverage_layers = false\n[layers]\nareas = \"areas.geojson\"\nhouseholds = \"households.csv\"\n\
             fibre = \"{fibre}\"\nsites = \"{sites}\"\n"
        ),
    )
    .unwrap();
}

#[test]
fn planned_exclude_equals_removing_the_planned_rows() {
    let case = case();
    run_ok(&case, "scenario.toml", "incl", &[]);
    run_ok(&case, "scenario.toml", "excl", &["--planned", "exclude"]);
    std::fs::write(case.path("fibre_now.geojson"), fibre_file(&[("L0", false)])).unwrap();
    std::fs::write(
        case.path("sites_now.csv"),
        sites_file(&[("S0", false), ("S1", false)]),
    )
    .unwrap();
    flat(&case, "now", "fibre_now.geojson", "sites_now.csv", "");
    run_ok(&case, "now.toml", "now", &[]);
    for f in ["communes.csv", "province.csv", "households.csv"] {
        assert_eq!(
            read(&case, &format!("excl/{f}")),
            read(&case, &format!("now/{f}")),
            "{f}"
        );
        assert_ne!(
            read(&case, &format!("incl/{f}")),
            read(&case, &format!("now/{f}")),
            "{f}"
        );
    }
    // The same through the file: [planned] include = false.
    std::fs::write(
        case.path("sub/excl.toml"),
        "base = \"../scenario.toml\"\n[planned]\ninclude = false\n",
    )
    .unwrap();
    run_ok(&case, "sub/excl.toml", "excl2", &[]);
    assert_eq!(
        read(&case, "excl2/communes.csv"),
        read(&case, "now/communes.csv")
    );
    // --planned include overrides the file.
    run_ok(&case, "sub/excl.toml", "incl2", &["--planned", "include"]);
    assert_eq!(
        read(&case, "incl2/communes.csv"),
        read(&case, "incl/communes.csv")
    );
}

#[test]
fn a_chain_of_three_equals_the_flat_scenario() {
    let case = case();
    // mid (in sub/): adds S2 and L2 from files beside it, removes S1.
    std::fs::write(case.path("sub/more.csv"), sites_file(&[("S2", false)])).unwrap();
    std::fs::write(case.path("sub/more.geojson"), fibre_file(&[("L2", true)])).unwrap();
    std::fs::write(
        case.path("sub/mid.toml"),
        "base = \"../scenario.toml\"\nname = \"mid\"\n[add]\nsites = [\"more.csv\"]\n\
         fibre = [\"more.geojson\"]\n[remove]\nsites = [\"S1\"]\n[targets]\nfibre_households = 0.5\n",
    )
    .unwrap();
    // leaf (top folder): removes L1 and S0 (both sectors), changes a target.
    std::fs::write(
        case.path("leaf.toml"),
        "base = \"sub/mid.toml\"\nname = \"leaf\"\n[remove]\nfibre = [\"L1\"]\nsites = [\"S0\"]\n\
         [targets]\nmobile_4g_households = 0.6\n",
    )
    .unwrap();
    run_ok(&case, "leaf.toml", "leaf", &[]);
    std::fs::write(
        case.path("fibre_leaf.geojson"),
        fibre_file(&[("L0", false), ("L2", true)]),
    )
    .unwrap();
    std::fs::write(
        case.path("sites_leaf.csv"),
        sites_file(&[("P1", true), ("S2", false)]),
    )
    .unwrap();
    flat(
        &case,
        "flat",
        "fibre_leaf.geojson",
        "sites_leaf.csv",
        "[targets]\nfibre_households = 0.5\nmobile_4g_households = 0.6\n",
    );
    run_ok(&case, "flat.toml", "flat", &[]);
    for f in ["communes.csv", "province.csv", "households.csv"] {
        assert_eq!(
            read(&case, &format!("leaf/{f}")),
            read(&case, &format!("flat/{f}")),
            "{f}"
        );
    }
    // The leaf's own name; the base's targets inherited key by key.
    let summary = read(&case, "leaf/summary.json");
    assert!(summary.contains("\"scenario\": \"leaf\""), "{summary}");
    assert!(summary.contains("\"fibre_households\": 0.5"), "{summary}");
    assert!(
        summary.contains("\"mobile_4g_households\": 0.6"),
        "{summary}"
    );
    // Without a name, a child is named after its file, never after its base.
    std::fs::write(case.path("noname.toml"), "base = \"scenario.toml\"\n").unwrap();
    run_ok(&case, "noname.toml", "noname", &[]);
    assert!(read(&case, "noname/summary.json").contains("\"scenario\": \"noname\""));
}

#[test]
fn inheritance_errors_name_the_files() {
    let case = case();
    std::fs::write(case.path("a.toml"), "base = \"sub/b.toml\"\n").unwrap();
    std::fs::write(case.path("sub/b.toml"), "base = \"../a.toml\"\n").unwrap();
    let e = run_err(&case, "a.toml");
    assert!(
        e.contains("inherit in a cycle: a.toml → sub/b.toml → sub/../a.toml"),
        "{e}"
    );

    std::fs::write(case.path("m.toml"), "base = \"missing.toml\"\n").unwrap();
    let e = run_err(&case, "m.toml");
    assert!(
        e.contains(
            "m.toml: the base scenario \"missing.toml\" does not exist (looked for missing.toml)"
        ),
        "{e}"
    );

    std::fs::write(
        case.path("u.toml"),
        "base = \"scenario.toml\"\n[remove]\nsites = [\"S0\", \"NOPE\"]\n",
    )
    .unwrap();
    let e = run_err(&case, "u.toml");
    assert!(
        e.contains("[remove] sites names the site id \"NOPE\", which is in none of the sites files (sites.csv)"),
        "{e}"
    );
    std::fs::write(
        case.path("uf.toml"),
        "base = \"scenario.toml\"\n[remove]\nfibre = [\"L9\"]\n",
    )
    .unwrap();
    let e = run_err(&case, "uf.toml");
    assert!(e.contains("feature id \"L9\""), "{e}");

    // A typo in an inherited file is still an error.
    std::fs::write(
        case.path("t.toml"),
        "base = \"scenario.toml\"\n[fibre]\ndrop = 3\n",
    )
    .unwrap();
    let e = run_err(&case, "t.toml");
    assert!(e.contains("unknown field `drop`"), "{e}");
}

/// Rows of a CSV as maps from column name to value.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn compare_ok(case: &Case, base: &str, scenario: &str, out: &str) {
    let o = phusong(&["compare", base, scenario, "--out", out], case.dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn compare_with_itself_shows_no_change() {
    let case = case();
    compare_ok(&case, "scenario.toml", "scenario.toml", "self");
    for f in [
        "compare.csv",
        "compare_province.csv",
        "compare.geojson",
        "compare.md",
        "maps/change.png",
        "maps/change.svg",
    ] {
        assert!(case.path("self").join(f).is_file(), "{f}");
    }
    let rows = csv_rows(&case.path("self/compare.csv"));
    assert_eq!(rows.len(), 2);
    for r in rows
        .iter()
        .chain(csv_rows(&case.path("self/compare_province.csv")).iter())
    {
        for (k, v) in r {
            if k.ends_with("_change") || k == "households_gained" || k == "households_lost" {
                assert_eq!(v, "0", "{k}");
            }
            if k.ends_with("_target") {
                assert!(v == "met" || v == "not met", "{k} = {v}");
            }
            if k.ends_with("_before") {
                let after = k.replace("_before", "_after");
                assert_eq!(Some(v), r.get(&after), "{k}");
            }
        }
    }
    assert_eq!(rows[0]["fibre_newly_reached"], "false");
    assert!(read(&case, "self/compare.md").contains("No commune changes."));
}

#[test]
fn adding_sites_never_lowers_coverage() {
    let case = case();
    // Sites at pseudo-random places (a fixed LCG), added in three steps.
    let mut x: u64 = 12345;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut prev = "scenario.toml".to_string();
    for step in 0..3 {
        let mut s = String::from("id,lon,lat,tech,radius_m\n");
        for k in 0..4 {
            s.push_str(&format!(
                "N{step}_{k},{},{},4G,{}\n",
                105.0 + 0.04 * next(),
                9.0 + 0.02 * next(),
                200.0 + 600.0 * next()
            ));
        }
        std::fs::write(case.path(&format!("new{step}.csv")), s).unwrap();
        let name = format!("step{step}.toml");
        std::fs::write(
            case.path(&name),
            format!("base = \"{prev}\"\n[add]\nsites = [\"new{step}.csv\"]\n"),
        )
        .unwrap();
        let out = format!("cmp{step}");
        compare_ok(&case, &prev, &name, &out);
        let rows = csv_rows(&case.path(&format!("{out}/compare.csv")));
        for r in &rows {
            let change: i64 = r["covered_4g_change"].parse().unwrap();
            assert!(change >= 0, "{step}: {r:?}");
            assert_eq!(r["households_lost"], "0");
            assert_eq!(r["fibre_served_change"], "0");
            assert_ne!(r["4g_target"], "no longer met");
        }
        prev = name;
    }
    // Over the whole chain something was gained (the test can fail).
    compare_ok(&case, "scenario.toml", &prev, "all");
    let p = &csv_rows(&case.path("all/compare_province.csv"))[0];
    assert!(p["covered_4g_change"].parse::<i64>().unwrap() > 0, "{p:?}");
    assert_eq!(p["households_gained"], p["covered_4g_change"]);
}

#[test]
fn compare_needs_the_same_areas() {
    let case = case();
    let one = area(
        "A",
        vec![(105.0, 9.0), (105.02, 9.0), (105.02, 9.02), (105.0, 9.02)],
    );
    std::fs::write(case.path("one.geojson"), areas_geojson(&[one])).unwrap();
    std::fs::write(
        case.path("one.toml"),
        "base = \"scenario.toml\"\n[layers]\nareas = \"one.geojson\"\n",
    )
    .unwrap();
    let o = phusong(
        &["compare", "scenario.toml", "one.toml", "--out", "x"],
        case.dir.path(),
    );
    let e = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(
        e.contains(
            "the two scenarios must share the same areas to be compared: test has 2 communes"
        ),
        "{e}"
    );
}

#[test]
fn indicator_errors_name_file_and_line() {
    let case = case();
    let write = |table: &str| {
        std::fs::write(case.path("ind.csv"), table).unwrap();
        std::fs::write(
            case.path("ind.toml"),
            "base = \"scenario.toml\"\n[indicators]\ntable = \"ind.csv\"\n\
             [indicators.targets]\nepay = { target = 0.5 }\n",
        )
        .unwrap();
    };
    write("code,epay\nA,0.4\nB,0.7\n");
    run_ok(&case, "ind.toml", "ind", &[]);
    let rows = csv_rows(&case.path("ind/communes.csv"));
    assert_eq!(rows[0]["epay"], "0.4");
    assert_eq!(rows[0]["epay_target_met"], "false");
    let s = read(&case, "ind/summary.json");
    assert!(s.contains("\"key\": \"epay\""), "{s}");
    write("code,epay\nA,0.4\nX,0.7\n");
    assert!(run_err(&case, "ind.toml").contains("ind.csv: line 3: the commune id \"X\""));
    write("code,epay\nA,n/a\n");
    assert!(run_err(&case, "ind.toml").contains("ind.csv: line 2: `epay` is not a number: \"n/a\""));
    write("code,e_pay\nA,0.4\n");
    assert!(run_err(&case, "ind.toml").contains("ind.csv: line 1: no `epay` column"));
}

#[test]
fn gaps_on_the_demo_with_plans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let plans = tmp.path().join("plans");
    std::fs::create_dir_all(plans.join("plan-sites")).unwrap();
    std::fs::create_dir_all(plans.join("plan-fibre")).unwrap();
    // Two fibre actions in Xã Khánh Hải (32137): the cheaper one is named;
    // one 4G site in Xã Khánh Lâm (32065).
    std::fs::write(
        plans.join("plan-fibre/extensions.csv"),
        "rank,commune_code,commune_name,kind,length_m,households_served,cost_usd\n\
         1,32137,Xã Khánh Hải,reach_commune,4200,800,21000\n\
         2,32137,Xã Khánh Hải,households,1500,300,7500\n",
    )
    .unwrap();
    std::fs::write(
        plans.join("plan-sites/chosen_sites.csv"),
        "rank,site_id,lon,lat,tech,commune_code,commune_name,gain_households,cumulative_covered,province_share,cost_usd\n\
         1,P001,105.0,9.3,4G,32065,Xã Khánh Lâm,150,290411,0.969,120000\n",
    )
    .unwrap();
    // `phusong gaps` on the demo with the plans folder, into `out`.
    let gaps = |out: &Path| {
        let o = Command::cargo_bin("phusong")
            .unwrap()
            .args(["--quiet", "gaps"])
            .arg(root.join("data/demo.toml"))
            .arg("--plans")
            .arg(&plans)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let out = tmp.path().join("out");
    gaps(&out);
    let rows = csv_rows(&out.join("gaps.csv"));
    let of = |key: &str| -> Vec<&std::collections::BTreeMap<String, String>> {
        rows.iter().filter(|r| r["target"] == key).collect()
    };
    // As many communes as the run's summary says miss each target, sorted
    // by gap (largest first).
    for (key, n) in [
        ("fibre_households", 87),
        ("fibre_communes", 9),
        ("mobile_4g_households", 39),
    ] {
        let v = of(key);
        assert_eq!(v.len(), n, "{key}");
        let gaps: Vec<u64> = v.iter().map(|r| r["gap"].parse().unwrap()).collect();
        assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{key}: {gaps:?}");
    }
    // The indicator target is listed too, with shares below the target.
    let epay = of("epayment_share");
    assert!(!epay.is_empty());
    assert!(epay
        .iter()
        .all(|r| r["share"].parse::<f64>().unwrap() < 0.5 && r["gap_unit"] == "persons"));
    // The whole of what the plans propose per commune, per target family.
    let kh = of("fibre_households")
        .into_iter()
        .find(|r| r["code"] == "32137")
        .unwrap();
    assert_eq!(kh["planned_action"], "2 fibre extensions, 5.7 km");
    assert_eq!(kh["planned_action_cost_usd"], "28500.0");
    assert_eq!(kh["planned_action_households"], "1100.0");
    let kl = of("mobile_4g_households")
        .into_iter()
        .find(|r| r["code"] == "32065")
        .unwrap();
    assert_eq!(kl["planned_action"], "1 new 4G site");
    assert!(of("mobile_4g_households")
        .iter()
        .filter(|r| r["code"] != "32065")
        .all(|r| r["planned_action"].is_empty() && r["met_with_plans"] == "false"));
    let md = std::fs::read_to_string(out.join("gaps.md")).unwrap();
    assert!(
        md.contains("| People with an e-payment account | 50.0% |"),
        "{md}"
    );
    // gaps.md's per-commune totals are the sums of the plans' rows.
    assert_gaps_md_sums_the_plans(&md, &plans);

    // With the plan's routes.csv beside it, the fibre to build is the
    // routes' length (shared trunk once, along the network), not the sum of
    // the extensions' straight stubs.
    std::fs::write(
        plans.join("plan-fibre/routes.csv"),
        "rank,route_id,commune_code,commune_name,lines,length_m\n\
         1,R1,32137,X,3,3000.0\n2,R2,32137,X,1,1200.0\n",
    )
    .unwrap();
    let out2 = tmp.path().join("out2");
    gaps(&out2);
    let rows = csv_rows(&out2.join("gaps.csv"));
    let kh = rows
        .iter()
        .find(|r| r["target"] == "fibre_households" && r["code"] == "32137")
        .unwrap();
    assert_eq!(kh["planned_action"], "2 fibre extensions, 4.2 km");
    assert_eq!(kh["planned_action_cost_usd"], "28500.0");
}

/// Every row of the "what the plans propose" table of `gaps.md` (English)
/// against the sums of the plan CSVs' rows for that commune, and the total.
fn assert_gaps_md_sums_the_plans(md: &str, plans: &Path) {
    use std::collections::BTreeMap;
    // Per code: sites, metres, households, USD.
    let mut want: BTreeMap<String, (u64, f64, f64, f64)> = BTreeMap::new();
    for r in csv_rows(&plans.join("plan-sites/chosen_sites.csv")) {
        let w = want.entry(r["commune_code"].clone()).or_default();
        w.0 += 1;
        w.2 += r["gain_households"].parse::<f64>().unwrap();
        w.3 += r["cost_usd"].parse::<f64>().unwrap();
    }
    for r in csv_rows(&plans.join("plan-fibre/extensions.csv")) {
        let w = want.entry(r["commune_code"].clone()).or_default();
        w.1 += r["length_m"].parse::<f64>().unwrap();
        w.2 += r["households_served"].parse::<f64>().unwrap();
        w.3 += r["cost_usd"].parse::<f64>().unwrap();
    }
    let section = md
        .split("## What the plans propose per commune")
        .nth(1)
        .expect("the plans table")
        .split("\n## ")
        .next()
        .unwrap();
    let num = |s: &str| -> f64 { s.trim().trim_matches('*').replace(',', "").parse().unwrap() };
    let mut total: (u64, f64, f64, f64) = (0, 0.0, 0.0, 0.0);
    let mut seen = 0;
    for line in section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Commune"))
    {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let got = (
            num(cells[2]) as u64,
            num(cells[3]),
            num(cells[4]),
            num(cells[5]),
        );
        if cells[1] == "**Total**" {
            assert_eq!(got.0, total.0);
            assert!((got.1 - total.1 / 1000.0).abs() < 0.05 + 1e-9, "{line}");
            assert_eq!(got.2, total.2.round(), "{line}");
            assert_eq!(got.3, total.3.round(), "{line}");
            seen += 1;
            continue;
        }
        let code = cells[1].rsplit('(').next().unwrap().trim_end_matches(')');
        let w = want.get(code).copied().unwrap_or_default();
        assert_eq!(got.0, w.0, "{line}");
        assert!((got.1 - w.1 / 1000.0).abs() < 0.05 + 1e-9, "{line}");
        assert_eq!(got.2, w.2.round(), "{line}");
        assert_eq!(got.3, w.3.round(), "{line}");
        total = (total.0 + w.0, total.1 + w.1, total.2 + w.2, total.3 + w.3);
        if w.0 > 0 || w.1 > 0.0 {
            seen += 1;
        }
    }
    // Both planned communes and the total row were checked.
    assert_eq!(seen, want.len() + 1, "{section}");
}

#[test]
fn outputs_households_false_leaves_out_only_households_csv() {
    let case = case();
    std::fs::write(
        case.path("lean.toml"),
        "base = \"scenario.toml\"\nname = \"lean\"\n[outputs]\nhouseholds = false\n",
    )
    .unwrap();
    run_ok(&case, "scenario.toml", "full", &[]);
    run_ok(&case, "lean.toml", "lean", &[]);
    assert!(case.path("full/households.csv").is_file());
    assert!(!case.path("lean/households.csv").exists());
    for f in ["communes.csv", "province.csv"] {
        assert_eq!(
            std::fs::read_to_string(case.path(&format!("full/{f}"))).unwrap(),
            std::fs::read_to_string(case.path(&format!("lean/{f}"))).unwrap(),
            "{f}"
        );
    }
}
