//! Acceptance 1 of issue 6: the same province in other CRSs and formats
//! gives the same commune figures as the WGS84 files.
//!
//! A small WGS84 case is run; then its layers are rewritten here:
//! communes as a Shapefile in VN-2000 / TM-3 104-30 (Cà Mau's provincial
//! zone, EPSG:9207) with a `.prj` in the ESRI dialect (no EPSG code) and a
//! UTF-8 `.cpg` with Vietnamese names, written with the `shapefile` crate;
//! households as a semicolon CSV with a BOM and Vietnamese headers in
//! WGS 84 / UTM 48N (EPSG:32648, given in the scenario's `[crs]` table and
//! `[columns.households]`); sites as GeoJSON with the legacy `crs` member
//! in VN-2000 / UTM 48N (EPSG:3405); fibre as a GeoJSON text sequence.
//! The conversions use phusong's own `Crs::from_wgs84`, which the unit
//! tests of `phusong::crs` tie to PROJ 9.5.1 control points.

use std::fmt::Write as _;

use phusong::crs::Crs;
use shapefile::dbase::{self, TableWriterBuilder};
use shapefile::{Point, Polygon, PolygonRing};

use crate::common::*;

fn sq(x0: f64, y0: f64, x1: f64, y1: f64) -> Ring {
    vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
}

/// A 3×2 grid of communes near Cà Mau city, households on a lattice
/// (none near an edge), a fibre line and two sites.
pub struct Province {
    pub areas: Vec<(String, String, Ring)>,
    pub households: Vec<(String, f64, f64, bool)>,
    pub fibre: Vec<Vec<(f64, f64)>>,
    pub sites: Vec<(String, f64, f64, &'static str, f64)>,
}

pub fn province() -> Province {
    let names = [
        "Tân Thành",
        "Định Bình",
        "Lý Văn Lâm",
        "Hòa Thành",
        "Tắc Vân",
        "An Xuyên",
    ];
    let mut areas = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let (i, j) = ((k % 3) as f64, (k / 3) as f64);
        let x0 = 105.10 + 0.03 * i;
        let y0 = 9.15 + 0.03 * j;
        areas.push((
            format!("3200{k}"),
            name.to_string(),
            sq(x0, y0, x0 + 0.03, y0 + 0.03),
        ));
    }
    let mut households = Vec::new();
    let mut n = 0;
    for a in 0..30 {
        for b in 0..20 {
            // Offsets of 0.0013° keep every point ≥ 40 m from a commune edge.
            let x = 105.1013 + 0.003 * a as f64 + 0.0001 * (b % 3) as f64;
            let y = 9.1513 + 0.003 * b as f64;
            households.push((format!("h{n}"), x, y, n % 7 != 0));
            n += 1;
        }
    }
    // Two households outside every commune.
    households.push(("out1".into(), 105.095, 9.17, true));
    households.push(("out2".into(), 105.195, 9.19, true));
    Province {
        areas,
        households,
        fibre: vec![vec![(105.10, 9.165), (105.16, 9.175), (105.19, 9.2)]],
        sites: vec![
            ("S1".into(), 105.12, 9.16, "4G", 2500.0),
            ("S2".into(), 105.17, 9.19, "5G", 900.0),
        ],
    }
}

pub fn wgs84_case(p: &Province) -> Case {
    let areas: Vec<TestArea> = p.areas.iter().map(|(c, _, r)| area(c, r.clone())).collect();
    Case::new(
        &areas_geojson(&areas),
        &households_csv(&p.households),
        &fibre_geojson(&p.fibre, &[]),
        &sites_csv(&p.sites),
        "",
    )
}

const ESRI_TM3_104_30: &str = r#"PROJCS["VN_2000_TM_3_zone_104_30",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",104.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

fn write_areas_shapefile(p: &Province, dir: &std::path::Path) {
    let tm3 = Crs::parse("EPSG:9207").unwrap();
    let shp = dir.join("xa.shp");
    let table = TableWriterBuilder::new()
        .add_character_field("ma_xa".try_into().unwrap(), 10)
        .add_character_field("ten_xa".try_into().unwrap(), 60);
    let mut w = shapefile::Writer::from_path(&shp, table).unwrap();
    for (code, name, ring) in &p.areas {
        let mut pts: Vec<Point> = ring
            .iter()
            .map(|&(x, y)| {
                let [e, n] = tm3.from_wgs84(x, y).unwrap();
                Point::new(e, n)
            })
            .collect();
        pts.push(pts[0]);
        let poly = Polygon::new(PolygonRing::Outer(pts));
        let mut rec = dbase::Record::default();
        rec.insert(
            "ma_xa".into(),
            dbase::FieldValue::Character(Some(code.clone())),
        );
        rec.insert(
            "ten_xa".into(),
            dbase::FieldValue::Character(Some(name.clone())),
        );
        w.write_shape_and_record(&poly, &rec).unwrap();
    }
    drop(w);
    std::fs::write(dir.join("xa.prj"), ESRI_TM3_104_30).unwrap();
    std::fs::write(dir.join("xa.cpg"), "UTF-8").unwrap();
}

fn converted_case(p: &Province) -> Case {
    let utm = Crs::parse("EPSG:32648").unwrap();
    let vn_utm = Crs::parse("EPSG:3405").unwrap();
    // Households: semicolons, BOM, Vietnamese headers, UTM metres.
    let mut hh = String::from("\u{feff}Mã hộ;Đông (m);Bắc (m);demand\n");
    for (id, x, y, d) in &p.households {
        let [e, n] = utm.from_wgs84(*x, *y).unwrap();
        let _ = writeln!(hh, "{id};{e:.3};{n:.3};{}", *d as u8);
    }
    // Sites: GeoJSON with the legacy crs member, VN-2000 / UTM 48N.
    let feats: Vec<String> = p
        .sites
        .iter()
        .map(|(id, x, y, t, r)| {
            let [e, n] = vn_utm.from_wgs84(*x, *y).unwrap();
            format!(
                r#"{{"type":"Feature","properties":{{"id":"{id}","tech":"{t}","radius_m":{r}}},"geometry":{{"type":"Point","coordinates":[{e:.3},{n:.3}]}}}}"#
            )
        })
        .collect();
    let sites = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::3405"}}}},"features":[{}]}}"#,
        feats.join(",")
    );
    // Fibre: a GeoJSON text sequence (RFC 8142 record separators), WGS84.
    let mut fibre = String::new();
    for (i, l) in p.fibre.iter().enumerate() {
        let c: Vec<String> = l.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
        let _ = writeln!(
            fibre,
            "\u{1e}{{\"type\":\"Feature\",\"properties\":{{\"id\":\"L{i}\"}},\"geometry\":{{\"type\":\"LineString\",\"coordinates\":[{}]}}}}",
            c.join(",")
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_areas_shapefile(p, d);
    std::fs::write(d.join("ho.csv"), hh).unwrap();
    std::fs::write(d.join("tram.geojson"), sites).unwrap();
    std::fs::write(d.join("cap.geojsons"), fibre).unwrap();
    std::fs::write(
        d.join("scenario.toml"),
        r#"name = "test"
[layers]
areas = "xa.shp"
households = "ho.csv"
fibre = "cap.geojsons"
sites = "tram.geojson"
[areas]
id_field = "ma_xa"
name_field = "ten_xa"
[crs]
households = "EPSG:32648"
[columns.households]
id = "Mã hộ"
lon = "Đông (m)"
lat = "Bắc (m)"
"#,
    )
    .unwrap();
    Case { dir }
}

#[test]
fn tm3_shapefile_and_utm_csv_give_the_wgs84_figures() {
    let p = province();
    let reference = wgs84_case(&p).run();
    let converted = converted_case(&p).run();
    // Same assignment of every household, same figures in every column
    // (the names differ: the Shapefile carries the Vietnamese names).
    assert_eq!(assignment(&reference), assignment(&converted));
    let r = reference.communes.drop("name").unwrap();
    let c = converted.communes.drop("name").unwrap();
    assert_eq!(r, c, "reference:\n{r}\nconverted:\n{c}");
    assert_eq!(reference.province, converted.province);
    assert_eq!(converted.inputs.areas.items[0].name, "Tân Thành");
    assert_eq!(converted.inputs.areas.items[2].name, "Lý Văn Lâm");
    // Unassigned households are reported the same way.
    assert_eq!(reference.unassigned.households, 2);
    assert_eq!(converted.unassigned.households, 2);
}

#[test]
fn check_reads_the_converted_layers_cleanly() {
    let p = province();
    let case = converted_case(&p);
    let s = phusong::config::Scenario::load(&case.scenario_path()).unwrap();
    let loaded = phusong::pipeline::load(&s).unwrap();
    let checked = loaded.report();
    let layers: Vec<(String, Option<String>)> = checked
        .layers
        .iter()
        .map(|l| (l.layer.name().to_string(), l.crs.clone()))
        .collect();
    assert_eq!(
        layers,
        vec![
            ("areas".into(), Some("EPSG:9207".into())),
            ("households".into(), Some("EPSG:32648".into())),
            ("fibre".into(), Some("EPSG:4326".into())),
            ("sites".into(), Some("EPSG:3405".into())),
        ]
    );
    // Only the two households outside every commune (warnings).
    let text: Vec<String> = checked.findings.iter().map(|f| f.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert!(
        text.iter()
            .all(|t| t.starts_with("warning: ") && t.contains("ho.csv: line ")),
        "{text:#?}"
    );
}
