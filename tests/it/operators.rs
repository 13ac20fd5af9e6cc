//! Operator targets (`[[targets.operators]]`: a named operator, "any",
//! "choice") in the summary, the commune and province tables, and the
//! per-operator maps (`[outputs] operator_maps`), against counts by hand.

use crate::common::*;
use phusong::aggregate::tables::column;
use phusong::config::Scenario;
use phusong::engine::NoProgress;
use phusong::output::maps::MapData;
use phusong::output::operator_maps::write_operator_maps;
use phusong::pipeline::{self, Options};

/// 19 households on a line at lat 9.01, lon 105.001 … 105.019; Viettel
/// covers 1 km around 105.002, VNPT 1 km around 105.010 (4G, fixed
/// radius), as in `plans::operators_choice_and_planning_for_one_operator`.
fn case(targets: &str) -> Case {
    let a = area(
        "A",
        vec![(105.0, 9.0), (105.02, 9.0), (105.02, 9.02), (105.0, 9.02)],
    );
    let hh: Vec<_> = (1..20)
        .map(|k| (format!("h{k}"), 105.0 + k as f64 * 0.001, 9.01, true))
        .collect();
    let sites = "id,lon,lat,tech,radius_m,operator\n\
                 V1,105.002,9.01,4G,1000,Viettel\nN1,105.010,9.01,4G,1000, vnpt \n";
    Case::new(
        &areas_geojson(&[a]),
        &households_csv(&hh),
        &fibre_geojson(&[vec![(105.0, 9.0), (105.001, 9.0)]], &[]),
        sites,
        &format!("[mobile.4G]\nmodel = \"fixed-radius\"\n{targets}"),
    )
}

fn target(op: &str, share: f64) -> String {
    format!("[[targets.operators]]\noperator = \"{op}\"\ntech = \"4G\"\nhouseholds = {share}\n")
}

#[test]
fn operator_targets_in_the_summary_and_the_tables() {
    let toml = [
        target("VIETTEL", 0.9),
        target("any", 1.0),
        target("choice", 0.2),
    ]
    .concat();
    let r = case(&toml).run();
    let ell = |k: i64, c: f64| ((105.0 + k as f64 * 0.001 - c) * 109_950.0).abs() <= 1000.0;
    let viettel = (1..20).filter(|&k| ell(k, 105.002)).count() as u64;
    let vnpt = (1..20).filter(|&k| ell(k, 105.010)).count() as u64;
    let both = (1..20)
        .filter(|&k| ell(k, 105.002) && ell(k, 105.010))
        .count() as u64;
    let any = viettel + vnpt - both;
    let find = |key: &str| {
        r.summary
            .targets
            .iter()
            .find(|t| t.key == key)
            .unwrap_or_else(|| panic!("{key} in {:?}", r.summary.targets))
    };
    let v = find("mobile_4g_households_viettel");
    assert!((v.value - viettel as f64 / 19.0).abs() < 1e-6);
    assert_eq!(v.gap, 18 - viettel.min(18), "⌈0.9 × 19⌉ = 18");
    assert!(!v.met);
    assert_eq!(v.description, "Households covered by 4G of Viettel");
    let a = find("mobile_4g_households_any_operator");
    assert!((a.value - any as f64 / 19.0).abs() < 1e-6);
    assert_eq!((a.met, a.gap), (any == 19, 19 - any));
    let c = find("mobile_4g_households_choice_of_operators");
    assert!((c.value - both as f64 / 19.0).abs() < 1e-6);
    assert_eq!(c.met, both >= 4, "⌈0.2 × 19⌉ = 4");
    // The commune and province tables carry the counts and the verdicts.
    for df in [&r.communes, &r.province] {
        let u = |name: &str| column(df, name).unwrap().u64().unwrap().get(0).unwrap();
        let b = |name: &str| column(df, name).unwrap().bool().unwrap().get(0).unwrap();
        assert_eq!(u("covered_4g_viettel"), viettel);
        assert_eq!(u("covered_4g_any_operator"), any);
        assert_eq!(u("covered_4g_choice_of_operators"), both);
        assert_eq!(u("gap_4g_viettel_households"), v.gap);
        assert_eq!(b("target_4g_any_operator_met"), a.met);
        let s = column(df, "share_4g_choice_of_operators").unwrap();
        assert!((s.f64().unwrap().get(0).unwrap() - both as f64 / 19.0).abs() < 1e-6);
    }
    assert_eq!(v.communes_missing, Some(1));
    // In Vietnamese the reports name them from the glossary.
    let mut r = r;
    r.scenario.outputs.language = phusong::lang::Lang::Vi;
    let md = phusong::output::report::summary_markdown(&r).unwrap();
    for name in [
        "Hộ gia đình được phủ sóng 4G của Viettel",
        "Hộ gia đình được phủ sóng 4G của ít nhất một nhà mạng",
        "Hộ gia đình được phủ sóng 4G của từ hai nhà mạng trở lên (có lựa chọn nhà mạng)",
    ] {
        assert!(md.contains(name), "{name} in {md}");
    }
    assert!(!md.contains("Households covered by"), "{md}");
}

#[test]
fn an_unknown_operator_is_one_line_listing_the_known_ones() {
    let case = case(&target("MobiFone", 0.9));
    let s = Scenario::load(&case.scenario_path()).unwrap();
    let e = pipeline::run(&s, &Options::default(), &NoProgress)
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("unknown operator \"MobiFone\": the sites layer has Viettel, vnpt (or \"any\", \"choice\")"),
        "{e}"
    );
    assert!(!e.contains('\n'), "{e}");
    // A share outside [0, 1]: refused when the scenario is read.
    let case = self::case(&target("any", 1.5));
    let e = Scenario::load(&case.scenario_path())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("[[targets.operators]] any 4G: households must be a share in [0, 1]"),
        "{e}"
    );
}

#[test]
fn per_operator_maps_show_each_operator_alone() {
    let case = case(&target("Viettel", 0.9));
    let r = case.run();
    let data = MapData::from_run(&r).unwrap();
    let dir = case.path("maps");
    let files = write_operator_maps(&r, &data, &dir).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "4g_viettel.png",
            "4g_viettel.svg",
            "4g_vnpt.png",
            "4g_vnpt.svg"
        ]
    );
    let svg = std::fs::read_to_string(dir.join("4g_viettel.svg")).unwrap();
    assert!(
        svg.contains("from Viettel") && svg.contains("sites alone"),
        "title and note"
    );
    // Against Viettel's own target (90%), not the 4G target (100%).
    assert!(
        svg.contains("target ≥ 90% of households"),
        "operator target"
    );
    let vnpt = std::fs::read_to_string(dir.join("4g_vnpt.svg")).unwrap();
    assert!(
        vnpt.contains("target ≥ 100% of households"),
        "4G target for VNPT"
    );
    let png = std::fs::read(dir.join("4g_vnpt.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let info = decoder.read_info().unwrap();
    assert!(info.info().width > 500);
}
