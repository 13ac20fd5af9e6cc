//! Tests of the synthetic province generator.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use geo::{Contains, InteriorPoint, Validation};

use super::*;

type Seg = ([i64; 2], [i64; 2]);

/// Features of a GeoJSON file as (properties, MultiPolygon, rings in e7).
struct Layer {
    props: Vec<serde_json::Map<String, serde_json::Value>>,
    shapes: Vec<geo::MultiPolygon<f64>>,
    rings: Vec<Vec<Vec<Vec<[i64; 2]>>>>,
}

fn read_layer(path: &Path) -> Layer {
    let text = std::fs::read_to_string(path).unwrap();
    let gj: geojson::GeoJson = text.parse().unwrap();
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("not a FeatureCollection")
    };
    assert!(fc.foreign_members.is_none(), "no crs or other members");
    let mut layer = Layer {
        props: Vec::new(),
        shapes: Vec::new(),
        rings: Vec::new(),
    };
    for f in fc.features {
        layer.props.push(f.properties.clone().unwrap());
        let g = f.geometry.unwrap();
        let polys: Vec<geojson::PolygonType> = match &g.value {
            geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.clone()],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.clone(),
            other => panic!("unexpected geometry {other:?}"),
        };
        let rings: Vec<Vec<Vec<[i64; 2]>>> = polys
            .iter()
            .map(|p| {
                p.iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| {
                                // At most 7 decimals: scaling is exact.
                                let q = [(c[0] * 1e7).round() as i64, (c[1] * 1e7).round() as i64];
                                assert!(((q[0] as f64) / 1e7 - c[0]).abs() < 1e-12);
                                q
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mp: geo::MultiPolygon<f64> = match geo::Geometry::<f64>::try_from(g).unwrap() {
            geo::Geometry::Polygon(p) => geo::MultiPolygon(vec![p]),
            geo::Geometry::MultiPolygon(mp) => mp,
            _ => unreachable!(),
        };
        layer.shapes.push(mp);
        layer.rings.push(rings);
    }
    layer
}

fn area2(r: &[[i64; 2]]) -> i128 {
    super::rings::area2(r)
}

/// Directed segments of a layer, each with its count.
fn segments(layer: &Layer) -> HashMap<Seg, usize> {
    let mut m = HashMap::new();
    for shape in &layer.rings {
        for poly in shape {
            for ring in poly {
                for w in ring.windows(2) {
                    *m.entry((w[0], w[1])).or_insert(0) += 1;
                }
            }
        }
    }
    m
}

/// Segments without a reverse partner (the outline of the union).
fn unmatched(segs: &HashMap<Seg, usize>) -> BTreeSet<Seg> {
    segs.keys()
        .filter(|(a, b)| !segs.contains_key(&(*b, *a)))
        .copied()
        .collect()
}

fn check_rings(layer: &Layer, what: &str) {
    for (i, shape) in layer.rings.iter().enumerate() {
        for poly in shape {
            for (k, ring) in poly.iter().enumerate() {
                assert!(ring.len() >= 4, "{what} {i}: short ring");
                assert_eq!(ring.first(), ring.last(), "{what} {i}: ring not closed");
                for w in ring.windows(2) {
                    assert_ne!(w[0], w[1], "{what} {i}: repeated point");
                }
                let a = area2(ring);
                if k == 0 {
                    assert!(a > 0, "{what} {i}: exterior not counter-clockwise");
                } else {
                    assert!(a < 0, "{what} {i}: hole not clockwise");
                }
            }
        }
        let mp = &layer.shapes[i];
        assert!(
            mp.is_valid(),
            "{what} {i} invalid: {:?}",
            mp.validation_errors()
        );
    }
}

/// Check that `communes` and `districts` tile the same province exactly.
fn check_tiling(communes: &Layer, districts: &Layer) {
    check_rings(communes, "commune");
    check_rings(districts, "district");
    let cs = segments(communes);
    let ds = segments(districts);
    // Every directed segment is used once; internal ones have a reverse.
    assert!(cs.values().all(|&n| n == 1), "commune segment used twice");
    assert!(ds.values().all(|&n| n == 1), "district segment used twice");
    let c_out = unmatched(&cs);
    let d_out = unmatched(&ds);
    assert!(!c_out.is_empty());
    assert_eq!(c_out, d_out, "commune and district outlines differ");
    // District boundaries are commune boundaries.
    for s in ds.keys() {
        assert!(
            cs.contains_key(s),
            "district segment not on a commune boundary"
        );
    }
    // The outline is a set of closed rings: every vertex has one in, one out.
    let mut deg: BTreeMap<[i64; 2], (i32, i32)> = BTreeMap::new();
    for (a, b) in &c_out {
        deg.entry(*a).or_default().1 += 1;
        deg.entry(*b).or_default().0 += 1;
    }
    assert!(deg.values().all(|&(i, o)| i == 1 && o == 1));
    // Areas: communes sum exactly to the province (= districts).
    let province: i128 = c_out
        .iter()
        .map(|(a, b)| a[0] as i128 * b[1] as i128 - b[0] as i128 * a[1] as i128)
        .sum();
    let sum_c: i128 = communes
        .rings
        .iter()
        .flatten()
        .flatten()
        .map(|r| area2(r))
        .sum();
    let sum_d: i128 = districts
        .rings
        .iter()
        .flatten()
        .flatten()
        .map(|r| area2(r))
        .sum();
    assert!(province > 0);
    let rel = |a: i128, b: i128| (a - b).abs() as f64 / b as f64;
    assert!(
        rel(sum_c, province) < 1e-6,
        "communes {sum_c} vs province {province}"
    );
    assert!(
        rel(sum_d, province) < 1e-6,
        "districts {sum_d} vs province {province}"
    );
}

fn read_households(dir: &Path) -> Vec<(u64, f64, f64, u8, u8)> {
    let f = std::fs::File::open(dir.join("households.csv.gz")).unwrap();
    let mut s = String::new();
    flate2::read::GzDecoder::new(f)
        .read_to_string(&mut s)
        .unwrap();
    let mut lines = s.lines();
    assert_eq!(lines.next(), Some("id,lon,lat,demand,persons"));
    lines
        .map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            assert_eq!(v.len(), 5);
            assert_eq!(v[1].split('.').nth(1).unwrap().len(), 6);
            (
                v[0].parse().unwrap(),
                v[1].parse().unwrap(),
                v[2].parse().unwrap(),
                v[3].parse().unwrap(),
                v[4].parse().unwrap(),
            )
        })
        .collect()
}

/// The default geometry with fewer households: all layers checked.
#[test]
fn default_province_layers() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = SynthConfig {
        households: 20_000,
        ..SynthConfig::default()
    };
    let s = generate_to_dir(&cfg, tmp.path()).unwrap();
    let communes = read_layer(&tmp.path().join("communes.geojson"));
    let districts = read_layer(&tmp.path().join("districts.geojson"));

    // Counts, codes, names.
    assert_eq!(communes.props.len(), 100);
    assert_eq!(districts.props.len(), 9);
    assert_eq!(s.communes, 100);
    assert_eq!(s.districts, 9);
    let codes: Vec<&str> = communes
        .props
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "features ordered by code");
    assert_eq!(codes.iter().collect::<BTreeSet<_>>().len(), 100);
    assert!(codes
        .iter()
        .all(|c| c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit())));
    let names: BTreeSet<&str> = communes
        .props
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 100, "unique commune names");
    for n in &names {
        assert!(
            n.starts_with("Xã ") || n.starts_with("Phường ") || n.starts_with("Thị trấn "),
            "{n}"
        );
        // NFC for Vietnamese: no combining marks.
        assert!(
            !n.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
            "{n}"
        );
    }
    assert!(names.contains("Phường 5"));
    assert!(names.contains("Thị trấn Sông Đốc"));
    let dnames: Vec<&str> = districts
        .props
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for d in [
        "Thành phố Cà Mau",
        "U Minh",
        "Thới Bình",
        "Trần Văn Thời",
        "Cái Nước",
        "Đầm Dơi",
        "Phú Tân",
        "Năm Căn",
        "Ngọc Hiển",
    ] {
        assert!(dnames.contains(&d), "{d}");
    }

    // Exact tiling, orientation, validity.
    check_tiling(&communes, &districts);

    // Districts are roughly where the real ones are.
    for (name, lon, lat) in [
        ("Thành phố Cà Mau", 105.152, 9.177),
        ("U Minh", 104.965, 9.405),
        ("Thới Bình", 105.093, 9.345),
        ("Trần Văn Thời", 104.976, 9.080),
        ("Trần Văn Thời", 104.845, 9.040),
        ("Cái Nước", 105.012, 8.937),
        ("Đầm Dơi", 105.197, 8.995),
        ("Năm Căn", 104.995, 8.765),
        ("Phú Tân", 104.835, 8.862),
        ("Ngọc Hiển", 104.800, 8.640),
    ] {
        let p = geo::Point::new(lon, lat);
        let d = districts.shapes.iter().position(|d| d.contains(&p));
        let d = d.unwrap_or_else(|| panic!("{name}: ({lon}, {lat}) in no district"));
        assert_eq!(districts.props[d]["name"], name, "({lon}, {lat})");
    }

    // Each commune lies in exactly one district, the one it names.
    for (i, c) in communes.shapes.iter().enumerate() {
        let p = c.interior_point().unwrap();
        let inside: Vec<usize> = (0..districts.shapes.len())
            .filter(|&d| districts.shapes[d].contains(&p))
            .collect();
        assert_eq!(inside.len(), 1, "commune {i} in {} districts", inside.len());
        assert_eq!(
            districts.props[inside[0]]["name"], communes.props[i]["district"],
            "commune {i}"
        );
    }

    // Outline: area and bounding box.
    assert!((5_150.0..5_450.0).contains(&s.area_km2), "{}", s.area_km2);
    for shape in &communes.rings {
        for p in shape.iter().flatten().flatten() {
            assert!((1_047_000_000..=1_055_000_000).contains(&p[0]));
            assert!((85_000_000..=96_000_000).contains(&p[1]));
        }
    }
    assert!(
        s.commune_vertices_median >= 100,
        "{}",
        s.commune_vertices_median
    );

    // Households.
    let hh = read_households(tmp.path());
    assert_eq!(hh.len(), 20_000);
    assert!(hh.iter().enumerate().all(|(i, h)| h.0 == i as u64 + 1));
    let outside = hh
        .iter()
        .filter(|h| {
            let p = geo::Point::new(h.1, h.2);
            !communes.shapes.iter().any(|c| c.contains(&p))
        })
        .count();
    assert_eq!(outside, 20, "households outside every commune");
    assert_eq!(s.households_outside, 20);
    let demand = hh.iter().filter(|h| h.3 == 1).count() as f64 / hh.len() as f64;
    assert!((0.84..0.92).contains(&demand), "demand share {demand}");
    assert!(hh.iter().all(|h| h.3 <= 1 && (1..=9).contains(&h.4)));
    let mean = hh.iter().map(|h| h.4 as f64).sum::<f64>() / hh.len() as f64;
    assert!((3.4..3.8).contains(&mean), "persons mean {mean}");

    // Fibre and sites.
    let fibre: geojson::FeatureCollection =
        std::fs::read_to_string(tmp.path().join("fibre.geojson"))
            .unwrap()
            .parse()
            .unwrap();
    let kinds: BTreeSet<String> = fibre
        .features
        .iter()
        .map(|f| {
            f.properties.as_ref().unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        ["backbone", "branch", "cabinet", "spur"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    let n_without = s.communes_without_fibre.len();
    assert!(
        (5..=12).contains(&n_without),
        "{n_without} communes without fibre"
    );
    let reach = s.demand_within_150m_of_fibre;
    assert!((0.55..0.75).contains(&reach), "fibre reach {reach}");
    assert_eq!(s.sites_4g, 1000);
    assert_eq!(s.sites_5g, 100);
    assert!(
        (0.955..0.995).contains(&s.households_within_4km_of_4g),
        "{}",
        s.households_within_4km_of_4g
    );
    let sites = std::fs::read_to_string(tmp.path().join("sites.csv")).unwrap();
    let mut lines = sites.lines();
    assert_eq!(lines.next(), Some("id,lon,lat,tech,height_m,azimuth_deg"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3 * 1100, "three sectors per site");
    assert_eq!(rows[0][0], "S4G-0001");
    assert_eq!(rows[2][0], "S4G-0001");
    assert_eq!(rows[3000][0], "S5G-001");
    let az: Vec<u32> = rows[..3].iter().map(|r| r[5].parse().unwrap()).collect();
    assert_eq!((az[1] - az[0], az[2] - az[1]), (120, 120));
    assert!(rows
        .iter()
        .all(|r| (25..=45).contains(&r[4].parse::<u32>().unwrap())));
    // File sizes.
    let total: u64 = s.files.iter().map(|f| f.bytes).sum();
    assert!(total < 12_000_000);
}

/// Same configuration → byte-identical files.
#[test]
fn deterministic() {
    let cfg = SynthConfig {
        seed: 7,
        households: 5_000,
        communes: 40,
        districts: 5,
        sites_4g: 200,
        sites_5g: 20,
    };
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generate_to_dir(&cfg, a.path()).unwrap();
    // A different thread count must not matter.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| generate_to_dir(&cfg, b.path())).unwrap();
    for f in FILES {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs");
    }
}

/// Another seed and fewer districts/communes still tile exactly.
#[test]
fn other_seed_tiles_exactly() {
    let cfg = SynthConfig {
        seed: 99,
        households: 0,
        communes: 30,
        districts: 4,
        sites_4g: 100,
        sites_5g: 0,
    };
    let tmp = tempfile::tempdir().unwrap();
    let s = generate_to_dir(&cfg, tmp.path()).unwrap();
    assert_eq!(s.communes, 30);
    assert_eq!(s.districts, 4);
    let communes = read_layer(&tmp.path().join("communes.geojson"));
    let districts = read_layer(&tmp.path().join("districts.geojson"));
    assert_eq!(communes.props.len(), 30);
    check_tiling(&communes, &districts);
    assert!(read_households(tmp.path()).is_empty());
    assert_eq!(s.sites_4g, 100);
    assert_eq!(s.sites_5g, 0);
}

#[test]
fn rejects_bad_configs() {
    let tmp = tempfile::tempdir().unwrap();
    for cfg in [
        SynthConfig {
            districts: 0,
            ..SynthConfig::default()
        },
        SynthConfig {
            districts: 10,
            ..SynthConfig::default()
        },
        SynthConfig {
            communes: 5,
            ..SynthConfig::default()
        },
        SynthConfig {
            communes: 5000,
            ..SynthConfig::default()
        },
    ] {
        assert!(matches!(
            generate_to_dir(&cfg, tmp.path()),
            Err(crate::Error::Config { .. })
        ));
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

/// Prints the key figures and the time of the default demo.
#[test]
#[ignore]
fn print_default_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let t0 = std::time::Instant::now();
    let s = generate_to_dir(&SynthConfig::default(), tmp.path()).unwrap();
    eprintln!("elapsed {:?}", t0.elapsed());
    eprintln!("{}", serde_json::to_string_pretty(&s).unwrap());
}

/// Slower: more seeds and sizes tile exactly (prints their key figures).
#[test]
#[ignore]
fn many_seeds_tile_exactly() {
    for (seed, communes, districts) in [
        (1, 100, 9),
        (2, 100, 9),
        (3, 100, 9),
        (4, 100, 9),
        (5, 100, 9),
        (6, 60, 7),
        (7, 250, 9),
        (8, 1000, 9),
        (9, 9, 9),
        (10, 1, 1),
        (11, 20, 2),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let cfg = SynthConfig {
            seed,
            households: 20_000,
            communes,
            districts,
            ..SynthConfig::default()
        };
        let t0 = std::time::Instant::now();
        let s = generate_to_dir(&cfg, tmp.path()).unwrap();
        let communes_l = read_layer(&tmp.path().join("communes.geojson"));
        let districts_l = read_layer(&tmp.path().join("districts.geojson"));
        check_tiling(&communes_l, &districts_l);
        eprintln!(
            "seed {seed} c {communes} d {districts}: {:?} area {:.0} verts {}/{}/{} nofibre {} reach {:.3} 4g {:.4} demand {:.3}",
            t0.elapsed(),
            s.area_km2,
            s.commune_vertices_min,
            s.commune_vertices_median,
            s.commune_vertices_max,
            s.communes_without_fibre.len(),
            s.demand_within_150m_of_fibre,
            s.households_within_4km_of_4g,
            s.demand_share
        );
    }
}
