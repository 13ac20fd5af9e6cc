use std::collections::BTreeMap;

use geo::{LineString, MultiPolygon, Polygon};

use super::*;
use crate::input::Area;

fn rect(id: &str, x0: f64, x1: f64) -> Area {
    let (y0, y1) = (9.0, 9.01);
    Area {
        id: id.into(),
        name: format!("name {id}"),
        parent: None,
        geometry: MultiPolygon(vec![Polygon::new(
            LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
            vec![],
        )]),
    }
}

fn areas(v: Vec<Area>) -> Areas {
    Areas::new(v, "x.geojson".as_ref()).unwrap()
}

/// Old A = [0, 2], B = [2, 4] (× 0.01°); new X = [0, 1], Y = [1, 4].
fn cw(with_households: bool) -> Crosswalk {
    let u = 0.01;
    let old = areas(vec![
        rect("A", 105.0, 105.0 + 2.0 * u),
        rect("B", 105.0 + 2.0 * u, 105.0 + 4.0 * u),
    ]);
    let new = areas(vec![
        rect("X", 105.0, 105.0 + u),
        rect("Y", 105.0 + u, 105.0 + 4.0 * u),
    ]);
    // 10 households in A∩X, 30 in A∩Y, none in B.
    let mut hh = Vec::new();
    for k in 0..10 {
        hh.push([105.0 + 0.001 + 0.0005 * k as f64, 9.005]);
    }
    for k in 0..30 {
        hh.push([105.0 + u + 0.001 + 0.0002 * k as f64, 9.005]);
    }
    build(old, new, with_households.then_some(&hh[..])).unwrap()
}

#[test]
fn shared_areas_main_units_and_splits() {
    let c = cw(true);
    let got: Vec<(usize, usize, u64)> = c
        .pairs
        .iter()
        .map(|p| (p.old, p.new, p.households))
        .collect();
    assert_eq!(got, vec![(0, 0, 10), (0, 1, 30), (1, 1, 0)]);
    // A∩X is half of A, on the plane (an independent figure: equal widths).
    let r = c.pairs[0].area_m2 / c.old_area_m2[0];
    assert!((r - 0.5).abs() < 1e-4, "{r}");
    // 0.01° × 0.01° at 9°N ≈ 1099 m × 1106 m.
    assert!(
        (c.pairs[0].area_m2 - 1.2155e6).abs() < 0.01e6,
        "{}",
        c.pairs[0].area_m2
    );
    let main = c.main_new();
    // A: by households, 30 of 40 went to Y; split in two.
    assert_eq!(main[0], Some((1, 0.75, 2)));
    // B: no households, by area, all of it to Y.
    let (j, s, k) = main[1].unwrap();
    assert_eq!((j, k), (1, 1));
    assert!((s - 1.0).abs() < 1e-12);
    assert_eq!(c.basis_of_old(1), Basis::Area);
    // Without households: A splits half and half; ties go to the lower code.
    let c = cw(false);
    let (j, s, _) = c.main_new()[0].unwrap();
    assert!((s - 0.5).abs() < 1e-4 && j <= 1);
}

#[test]
fn reaggregation_keeps_totals_and_averages_shares() {
    let c = cw(true);
    let mut rows = BTreeMap::new();
    rows.insert("A".to_string(), vec![100.0, 0.2]);
    rows.insert("B".to_string(), vec![50.0, 0.6]);
    rows.insert("Q".to_string(), vec![1.0, 1.0]);
    let r = c.reaggregate(&rows, &[Aggregation::Sum, Aggregation::Mean]);
    assert_eq!(r.values[0][0], Some(25.0));
    assert_eq!(r.values[1][0], Some(125.0));
    // Mean by households: X has only A's 10, Y only A's 30 (B has none).
    assert_eq!(r.values[0][1], Some(0.2));
    assert_eq!(r.values[1][1], Some(0.2));
    assert_eq!((r.by_households, r.by_area), (1, 1));
    assert_eq!(r.unmatched, vec!["Q".to_string()]);
    // By area only: A's 100 splits 50/50, B's 50 all to Y.
    let r = cw(false).reaggregate(&rows, &[Aggregation::Sum, Aggregation::Mean]);
    let (x, y) = (r.values[0][0].unwrap(), r.values[1][0].unwrap());
    assert!(
        (x - 50.0).abs() < 0.01 && (x + y - 150.0).abs() < 1e-9,
        "{x} {y}"
    );
    let ym = r.values[1][1].unwrap();
    assert!((ym - (0.2 * 1.0 + 0.6 * 2.0) / 3.0).abs() < 1e-3, "{ym}");
}
