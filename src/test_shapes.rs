//! The tests' shapes: communes with wobbly coasts, shared by the tests of
//! the coverage rasters and of the maps (which locate grid cells in them).

use geo::{LineString, MultiPolygon, Polygon};

/// A ring of `n` vertices around `c` whose radius wobbles (degrees).
pub(crate) fn wobbly(c: [f64; 2], r: f64, n: usize, phase: f64) -> LineString<f64> {
    let mut pts: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let t = k as f64 / n as f64 * std::f64::consts::TAU;
            let rr = r * (1.0 + 0.25 * (5.0 * t + phase).sin() + 0.1 * (17.0 * t).cos());
            (c[0] + rr * t.cos(), c[1] + rr * t.sin())
        })
        .collect();
    pts.push(pts[0]);
    LineString::from(pts)
}

/// Two communes near lon 105, lat 9: an island with a lake (hole), and two
/// islands together, with sea around them (lon 104.92–105.2, lat 8.86–9.1).
pub(crate) fn islands() -> Vec<MultiPolygon<f64>> {
    let island = Polygon::new(
        wobbly([105.0, 9.0], 0.06, 400, 0.0),
        vec![wobbly([105.01, 9.005], 0.012, 60, 1.0)],
    );
    let east = Polygon::new(wobbly([105.13, 9.04], 0.04, 300, 2.0), vec![]);
    let south = Polygon::new(wobbly([105.06, 8.91], 0.03, 200, 3.0), vec![]);
    vec![MultiPolygon(vec![island]), MultiPolygon(vec![east, south])]
}
