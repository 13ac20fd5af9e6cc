//! Issue 12: households from counts and grids, the crosswalk, and the real
//! Cà Mau demo, each checked against an independent computation (geo's
//! `Contains` for point in polygon, hand-computed totals).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use geo::{BoundingRect, Contains, Distance, Euclidean, MultiPolygon, Point};

use crate::common::*;

fn phusong(args: &[&str], dir: &Path) -> (bool, String) {
    let out = Command::cargo_bin("phusong")
        .unwrap()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!text.contains("panicked"), "{text}");
    (out.status.success(), text)
}

/// Polygons by code property, read with the geojson crate (not phusong).
fn polygons(path: &Path, code: &str) -> BTreeMap<String, MultiPolygon<f64>> {
    let gj: geojson::GeoJson = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!()
    };
    fc.features
        .iter()
        .map(|f| {
            let id = match f.property(code).unwrap() {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            let g: geo::Geometry<f64> = f.geometry.clone().unwrap().try_into().unwrap();
            let mp = match g {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(m) => m,
                _ => panic!(),
            };
            (id, mp)
        })
        .collect()
}

/// CSV rows as maps, gzip or not.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut text = String::new();
    let f = std::fs::File::open(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(f)
            .read_to_string(&mut text)
            .unwrap();
    } else {
        std::io::BufReader::new(f)
            .read_to_string(&mut text)
            .unwrap();
    }
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/camau")
}

/// The real demo: `phusong run` on it, and its figures against
/// independent counts.
#[test]
fn camau_demo_counts_match_independent_point_in_polygon() {
    let dir = demo_dir();
    // 1. The committed households reproduce the census count of every
    //    pre-2025 commune exactly, each strictly inside its commune.
    let census: BTreeMap<String, usize> = csv_rows(&dir.join("census2019_households.csv"))
        .into_iter()
        .map(|r| {
            (
                r["commune_id_2009"].clone(),
                r["households"].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(census.values().sum::<usize>(), 528_314);
    let old = polygons(&dir.join("communes_pre2025.geojson"), "commune_id_2009");
    let hh = csv_rows(&dir.join("households.csv.gz"));
    let mut per_old: BTreeMap<String, usize> = BTreeMap::new();
    for (k, h) in hh.iter().enumerate() {
        *per_old.entry(h["source_area"].clone()).or_default() += 1;
        if k % 7 == 0 {
            let p = Point::new(h["lon"].parse().unwrap(), h["lat"].parse().unwrap());
            assert!(old[&h["source_area"]].contains(&p), "{h:?}");
        }
    }
    assert_eq!(per_old, census);

    // 2. The run.
    let out = tempfile::tempdir().unwrap();
    let (ok, text) = phusong(
        &[
            "run",
            "data/camau/camau.toml",
            "--out",
            out.path().to_str().unwrap(),
        ],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert!(ok, "{text}");
    let communes = csv_rows(&out.path().join("communes.csv"));
    assert_eq!(communes.len(), 64);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let pf = &summary["province_figures"];
    assert_eq!(pf["households_total"], 528_314);
    let snapped = summary["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w.as_str().unwrap().contains("[snapped]"));
    assert!(snapped, "no snapped household listed in the summary");
    // Parent level: the two old provinces.
    let parents = csv_rows(&out.path().join("parents.csv"));
    let names: Vec<&str> = parents.iter().map(|r| r["old_province"].as_str()).collect();
    assert_eq!(names, vec!["Bạc Liêu", "Cà Mau"]);

    // 3. Independent: every 11th household located with geo's `Contains`
    //    in the 2025 wards (else the nearest ward within 3 km, the
    //    scenario's snap_outside_m), against the run's `commune`.
    let wards = polygons(&dir.join("wards_2025.geojson"), "ward_code");
    let boxes: Vec<(&String, &MultiPolygon<f64>, geo::Rect<f64>)> = wards
        .iter()
        .map(|(k, m)| (k, m, m.bounding_rect().unwrap()))
        .collect();
    let run_hh = csv_rows(&out.path().join("households.csv"));
    assert_eq!(run_hh.len(), 528_314);
    let mut per_ward: BTreeMap<String, u64> = BTreeMap::new();
    for h in &run_hh {
        *per_ward.entry(h["commune"].clone()).or_default() += 1;
    }
    for c in &communes {
        assert_eq!(
            per_ward.get(&c["code"]).copied().unwrap_or(0),
            c["households"].parse::<u64>().unwrap()
        );
    }
    let (lat0, k) = (9.2f64, 111_320.0);
    let metres = |p: Point<f64>| Point::new(p.x() * k * lat0.to_radians().cos(), p.y() * k);
    // households.csv has no coordinates: take them from the input by id.
    let at: std::collections::HashMap<&str, (f64, f64)> = hh
        .iter()
        .map(|h| {
            (
                h["id"].as_str(),
                (h["lon"].parse().unwrap(), h["lat"].parse().unwrap()),
            )
        })
        .collect();
    let mut checked = 0;
    for h in run_hh.iter().step_by(11) {
        let (lon, lat) = at[h["id"].as_str()];
        let p = Point::new(lon, lat);
        let inside: Vec<&String> = boxes
            .iter()
            .filter(|(_, m, b)| b.contains(&p) && m.contains(&p))
            .map(|(k, _, _)| *k)
            .collect();
        match inside.as_slice() {
            [one] => assert_eq!(&h["commune"], *one, "{h:?}"),
            [] => {
                // Snapped (or unassigned beyond 3 km): the nearest ward.
                let pm = metres(p);
                let (d, near) = wards
                    .iter()
                    .map(|(k, m)| {
                        let mm = geo::MapCoords::map_coords(m, |c| {
                            let q = metres(Point::from(c));
                            geo::Coord { x: q.x(), y: q.y() }
                        });
                        (Euclidean.distance(&pm, &mm), k)
                    })
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .unwrap();
                if d < 2_990.0 {
                    assert_eq!(&h["commune"], near, "{h:?} at {d} m");
                } else if d > 3_010.0 {
                    assert_eq!(h["commune"], "", "{h:?} at {d} m");
                }
            }
            _ => panic!("{h:?} is inside two wards: {inside:?}"),
        }
        checked += 1;
    }
    assert!(checked > 48_000);
}

/// A two-commune province as GeoJSON with count properties.
fn counts_case(props: [&str; 2]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sq = |x: f64| {
        format!(
            "[[[{x},9.0],[{},9.0],[{},9.05],[{x},9.05],[{x},9.0]]]",
            x + 0.05,
            x + 0.05
        )
    };
    let gj = format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\
         {{\"type\":\"Feature\",\"properties\":{{\"code\":\"A\",{}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}},\
         {{\"type\":\"Feature\",\"properties\":{{\"code\":\"B\",{}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{}}}}}]}}",
        props[0],
        sq(105.0),
        props[1],
        sq(105.05)
    );
    std::fs::write(dir.path().join("areas.geojson"), gj).unwrap();
    dir
}

#[test]
fn from_counts_cli_writes_exact_counts_and_run_reads_them() {
    let dir = counts_case(["\"hh\":1200,\"pp\":4500", "\"hh\":\"800\",\"pp\":3000"]);
    let (ok, text) = phusong(
        &[
            "households",
            "from-counts",
            "areas.geojson",
            "--count",
            "hh",
            "--persons",
            "pp",
            "--demand-rate",
            "0.75",
            "--out",
            "hh.csv",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    assert!(text.contains("wrote 2000 households in 2 areas"), "{text}");
    let rows = csv_rows(&dir.path().join("hh.csv"));
    let count = |a: &str| rows.iter().filter(|r| r["source_area"] == a).count();
    assert_eq!((count("A"), count("B")), (1200, 800));
    let persons: u64 = rows
        .iter()
        .map(|r| r["persons"].parse::<u64>().unwrap())
        .sum();
    assert_eq!(persons, 7500);
    assert_eq!(rows.iter().filter(|r| r["demand"] == "1").count(), 1500);
    // `phusong run` reads the file: every household in its source area.
    std::fs::write(
        dir.path().join("f.geojson"),
        fibre_geojson(&[vec![(105.0, 9.0), (105.1, 9.05)]], &[]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("s.csv"),
        sites_csv(&[("S".into(), 105.05, 9.02, "4G", 5000.0)]),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sc.toml"),
        "name = \"t\"\n[layers]\nareas = \"areas.geojson\"\nhouseholds = \"hh.csv\"\nfibre = \"f.geojson\"\nsites = \"s.csv\"\n[outputs]\nmaps = false\ncoverage_layers = false\n",
    )
    .unwrap();
    let s = phusong::config::Scenario::load(&dir.path().join("sc.toml")).unwrap();
    let r = phusong::pipeline::run(
        &s,
        &phusong::pipeline::Options::default(),
        &phusong::pipeline::NoProgress,
    )
    .unwrap();
    let a = assignment(&r);
    for row in &rows {
        assert_eq!(a[&row["id"]], row["source_area"]);
    }
}

/// Each bad input: one line naming the file and the row or feature, exit
/// code 1, and no output file.
#[test]
fn bad_counts_are_named_and_nothing_is_written() {
    let cases: [([&str; 2], &[&str], &str); 4] = [
        (
            ["\"hh\":12.5", "\"hh\":3"],
            &[],
            "areas.geojson: feature 1 (code A): `hh` is not a whole number: \"12.5\"",
        ),
        (
            ["\"hh\":-3", "\"hh\":3"],
            &[],
            "areas.geojson: feature 1 (code A): `hh` is negative",
        ),
        (
            ["\"hh\":\"many\"", "\"hh\":3"],
            &[],
            "`hh` is not a number: \"many\"",
        ),
        (
            ["\"hh\":1", "\"hh\":3"],
            &["--counts", "c.csv"],
            "c.csv: 2 codes in `code` match no area of areas.geojson: X, Y",
        ),
    ];
    for (props, extra, want) in cases {
        let dir = counts_case(props);
        std::fs::write(dir.path().join("c.csv"), "code,hh\nA,4\nX,1\nY,2\n").unwrap();
        let mut args = vec![
            "households",
            "from-counts",
            "areas.geojson",
            "--count",
            "hh",
            "--out",
            "o.csv",
        ];
        args.extend_from_slice(extra);
        let (ok, text) = phusong(&args, dir.path());
        assert!(!ok, "{text}");
        assert!(text.contains(want), "want {want:?} in {text}");
        assert_eq!(text.trim().lines().count(), 1, "{text}");
        assert!(!dir.path().join("o.csv").exists());
    }
    // A commune with households but no area (a degenerate polygon).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("areas.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"A\",\"hh\":5},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[105,9],[105.1,9],[105.2,9],[105,9]]]}}]}",
    )
    .unwrap();
    let (ok, text) = phusong(
        &[
            "households",
            "from-counts",
            "areas.geojson",
            "--count",
            "hh",
            "--out",
            "o.csv",
        ],
        dir.path(),
    );
    assert!(
        !ok && text.contains("areas.geojson") && text.contains("A"),
        "{text}"
    );
    assert!(!dir.path().join("o.csv").exists());
}

/// A UTM population grid written by phusong's own GeoTIFF writer: the
/// households total is persons ÷ size within sampling noise, and every
/// household is strictly inside an area (geo's `Contains`).
#[test]
fn from_grid_cli_on_a_utm_geotiff_and_its_bad_inputs() {
    use phusong::output::raster::{write_geotiff, Utm, UtmRaster};
    let dir = counts_case(["\"size\":4.0", "\"size\":2.0"]);
    let utm = Utm::for_lon_lat(105.05, 9.02);
    let mut g = UtmRaster::covering(&utm, [104.99, 8.99, 105.11, 9.06], 100.0).unwrap();
    let mut persons_in = [0.0f64; 2];
    for row in 0..g.height {
        for col in 0..g.width {
            let [x, y] = g.cell_centre_m(col, row);
            let [lon, lat] = utm.inverse(x, y);
            let v = ((col * 7 + row * 3) % 11) as f32;
            g.set(col, row, v);
            if (9.0..9.05).contains(&lat) && (105.0..105.05).contains(&lon) {
                persons_in[0] += f64::from(v);
            } else if (9.0..9.05).contains(&lat) && (105.05..105.1).contains(&lon) {
                persons_in[1] += f64::from(v);
            }
        }
    }
    write_geotiff(&dir.path().join("pop.tif"), &g, &[]).unwrap();
    let (ok, text) = phusong(
        &[
            "households",
            "from-grid",
            "pop.tif",
            "--areas",
            "areas.geojson",
            "--size-column",
            "size",
            "--out",
            "g.csv",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    let rows = csv_rows(&dir.path().join("g.csv"));
    let polys = polygons(&dir.path().join("areas.geojson"), "code");
    for (k, (code, size)) in [("A", 4.0), ("B", 2.0)].into_iter().enumerate() {
        let n = rows.iter().filter(|r| r["source_area"] == code).count() as f64;
        let want = persons_in[k] / size;
        assert!(
            (n - want).abs() < 4.0 * want.sqrt() + 2.0,
            "{code}: {n} vs {want}"
        );
    }
    for r in &rows {
        let p = Point::new(r["lon"].parse().unwrap(), r["lat"].parse().unwrap());
        assert!(polys[&r["source_area"]].contains(&p), "{r:?}");
    }
    // Not georeferenced: a plain TIFF.
    let mut buf = std::io::Cursor::new(Vec::new());
    tiff_plain(&mut buf);
    std::fs::write(dir.path().join("plain.tif"), buf.into_inner()).unwrap();
    let (ok, text) = phusong(
        &["households", "from-grid", "plain.tif", "--out", "x.csv"],
        dir.path(),
    );
    assert!(
        !ok && text.contains("plain.tif") && text.contains("not georeferenced"),
        "{text}"
    );
    // A grid away from the areas.
    let far = Utm::for_lon_lat(106.5, 10.5);
    let mut g = UtmRaster::covering(&far, [106.4, 10.4, 106.5, 10.5], 100.0).unwrap();
    for v in &mut g.values {
        *v = 5.0;
    }
    write_geotiff(&dir.path().join("far.tif"), &g, &[]).unwrap();
    let (ok, text) = phusong(
        &[
            "households",
            "from-grid",
            "far.tif",
            "--areas",
            "areas.geojson",
            "--out",
            "x.csv",
        ],
        dir.path(),
    );
    assert!(
        !ok && text.contains("far.tif") && text.contains("does not overlap the areas"),
        "{text}"
    );
    assert!(!dir.path().join("x.csv").exists());
}

/// The smallest plain (not georeferenced) TIFF: 1 × 1 Float32.
fn tiff_plain(buf: &mut std::io::Cursor<Vec<u8>>) {
    let mut b: Vec<u8> = b"II*\0".to_vec();
    b.extend(8u32.to_le_bytes());
    let entries: [(u16, u16, u32, u32); 9] = [
        (256, 4, 1, 1),
        (257, 4, 1, 1),
        (258, 3, 1, 32),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 4, 1, 8 + 2 + 9 * 12 + 4),
        (277, 3, 1, 1),
        (279, 4, 1, 4),
        (339, 3, 1, 3),
    ];
    b.extend((entries.len() as u16).to_le_bytes());
    for (tag, ty, n, v) in entries {
        b.extend(tag.to_le_bytes());
        b.extend(ty.to_le_bytes());
        b.extend(n.to_le_bytes());
        b.extend(v.to_le_bytes());
    }
    b.extend(0u32.to_le_bytes());
    b.extend(1.5f32.to_le_bytes());
    *buf.get_mut() = b;
}

#[test]
fn crosswalk_cli_keeps_totals_and_labels_the_new_units() {
    // Old: A = [105.00, 105.05], B = [105.05, 105.10]; new: X = [105.00,
    // 105.025], Y = [105.025, 105.10].
    let dir = counts_case(["\"hh\":100,\"prov\":\"P\"", "\"hh\":50,\"prov\":\"Q\""]);
    let sq = |code: &str, x0: f64, x1: f64| {
        format!("{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x0},9.0],[{x1},9.0],[{x1},9.05],[{x0},9.05],[{x0},9.0]]]}}}}")
    };
    std::fs::write(
        dir.path().join("new.geojson"),
        format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[{},{}]}}",
            sq("X", 105.0, 105.025),
            sq("Y", 105.025, 105.1)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("t.csv"),
        "code,hh,share\nA,100,0.2\nB,50,0.6\n",
    )
    .unwrap();
    let (ok, text) = phusong(
        &[
            "crosswalk",
            "areas.geojson",
            "new.geojson",
            "--old-name",
            "code",
            "--new-name",
            "code",
            "--table",
            "t.csv",
            "--columns",
            "hh",
            "--shares",
            "share",
            "--label",
            "prov",
            "--label-as",
            "old_prov",
            "--out",
            "cw",
        ],
        dir.path(),
    );
    assert!(ok, "{text}");
    assert!(
        text.contains("by households for 0, by area for 2"),
        "{text}"
    );
    let r = csv_rows(&dir.path().join("cw/reaggregated.csv"));
    let x: f64 = r[0]["hh"].parse().unwrap();
    let y: f64 = r[1]["hh"].parse().unwrap();
    assert!(
        (x - 50.0).abs() < 0.05 && (x + y - 150.0).abs() < 1e-6,
        "{x} {y}"
    );
    let pairs = csv_rows(&dir.path().join("cw/crosswalk.csv"));
    assert_eq!(pairs.len(), 3);
    let labelled = polygons(&dir.path().join("cw/new_labelled.geojson"), "code");
    assert_eq!(labelled.len(), 2);
    let text = std::fs::read_to_string(dir.path().join("cw/new_labelled.geojson")).unwrap();
    // Y is one third A and two thirds B by area: its old province is Q.
    assert!(text.contains("\"old_prov\":\"Q\""), "{text}");
    assert!(text.contains("\"old_prov\":\"P\""), "{text}");
}
