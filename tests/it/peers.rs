//! phusong against GeoPandas, PostGIS and DuckDB on the shared 30,000-household
//! fixture (`../shared/peers/fixtures/n30000-seed1`): every commune's counts
//! must be equal. Skipped, with a message, when `../shared` is absent (a
//! failure under `CI=true`).

use std::collections::BTreeMap;

use crate::common::shared_path;
use phusong::aggregate::tables::column;
use phusong::config::Scenario;
use phusong::pipeline::{run, NoProgress, Options};

#[test]
fn per_commune_counts_equal_the_peers() {
    let Some(fx) = shared_path(
        "per_commune_counts_equal_the_peers",
        "peers/fixtures/n30000-seed1",
    ) else {
        return;
    };
    // The peers' definitions: drop 300 m, per-site radius_m, UTM 48N, mobile
    // coverage counted among demand households.
    let toml = format!(
        "name = \"peers\"\nprojection = \"EPSG:32648\"\n[layers]\nareas = \"{0}/communes.geojson\"\n\
         households = \"{0}/households.csv\"\nfibre = \"{0}/fibre.geojson\"\nsites = \"{0}/sites.csv\"\n\
         [fibre]\ndrop_m = 300\n",
        fx.display()
    );
    let scenario = Scenario::from_toml(&toml, &fx.join("peers.toml")).unwrap();
    let r = run(&scenario, &Options::default(), &NoProgress).unwrap();

    let text = std::fs::read_to_string(fx.join("expected_communes.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let expected: BTreeMap<String, BTreeMap<String, String>> = lines
        .map(|l| {
            let row: BTreeMap<String, String> = header
                .iter()
                .zip(l.split(','))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (row["code"].clone(), row)
        })
        .collect();
    assert_eq!(expected.len(), 100);
    assert_eq!(r.communes.height(), 100);

    let ca = column(&r.communes, "code").unwrap().str().unwrap().clone();
    let codes: Vec<String> = (0..ca.len())
        .map(|i| ca.get(i).unwrap_or_default().to_string())
        .collect();
    let col = |name: &str| -> Vec<u64> {
        column(&r.communes, name)
            .unwrap()
            .u64()
            .unwrap()
            .into_no_null_iter()
            .collect()
    };
    let pairs = [
        ("households", "households"),
        ("demand_households", "demand_households"),
        ("fibre_served", "fibre_served"),
        ("covered_4g", "covered_4g_demand"),
        ("covered_5g", "covered_5g_demand"),
    ];
    let mut mismatches = Vec::new();
    for (peer, ours) in pairs {
        let got = col(ours);
        for (i, code) in codes.iter().enumerate() {
            let want: u64 = expected[code][peer].parse().unwrap();
            if got[i] != want {
                mismatches.push(format!("{code} {peer}: peers {want}, phusong {}", got[i]));
            }
        }
    }
    let shares: Vec<f64> = column(&r.communes, "fibre_share")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    for (i, code) in codes.iter().enumerate() {
        let want: f64 = expected[code]["share"].parse().unwrap();
        if (shares[i] - want).abs() > 1e-6 {
            mismatches.push(format!("{code} share: peers {want}, phusong {}", shares[i]));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );

    // Totals.
    let totals: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fx.join("expected_totals.json")).unwrap())
            .unwrap();
    let p = &r.summary.province_figures;
    assert_eq!(p.unassigned, totals["unassigned"].as_u64().unwrap());
    assert_eq!(
        p.households_total,
        totals["all_households"].as_u64().unwrap()
    );
    assert_eq!(p.fibre_served, totals["fibre_served"].as_u64().unwrap());
}
