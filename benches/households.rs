//! Benchmarks of household placement (issue 12's speed targets, measured
//! here and never in timed tests):
//!
//! * `from_counts_camau`: 528,314 households over the 165 pre-2025
//!   communes of Cà Mau and Bạc Liêu (`data/camau/`, census counts), target
//!   under 3 s;
//! * `from_grid_5000`: a 5,000 × 5,000-cell population grid (100 m, about
//!   2 persons per cell on average), target under 10 s.
//!
//! Run with `cargo bench --bench households`. Each bench asserts its
//! result.

use std::path::Path;

use divan::Bencher;
use phusong::crs::Crs;
use phusong::households::{
    place_from_counts, place_from_grid, read_count_areas, CountColumns, GridOptions, Weights,
};
use phusong::input::geotiff::GeoGrid;

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn from_counts_camau(b: Bencher) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/camau");
    let columns = CountColumns {
        id: "commune_id_2009".into(),
        households: "households".into(),
        ..CountColumns::default()
    };
    let (areas, _) = read_count_areas(
        &dir.join("communes_pre2025.geojson"),
        Some(&dir.join("census2019_households.csv")),
        &columns,
        1.0,
    )
    .expect("the Cà Mau demo's communes and counts");
    b.bench(|| {
        let p = place_from_counts(&areas, &Weights::Uniform, 2025).unwrap();
        assert_eq!(p.households.len(), 528_314);
    });
}

#[divan::bench(sample_count = 3)]
fn from_grid_5000(b: Bencher) {
    let (w, h) = (5000, 5000);
    let values: Vec<f32> = (0..w * h)
        .map(|k| match k % 13 {
            0..=5 => 0.0,
            6 => f32::NAN,
            r => (r as f32 - 6.0) * 0.7,
        })
        .collect();
    let total: f64 = values
        .iter()
        .filter(|v| **v > 0.0)
        .map(|v| f64::from(*v))
        .sum();
    let grid = GeoGrid {
        width: w,
        height: h,
        x0: 104.5,
        y0: 9.8,
        dx: 0.0008333,
        dy: 0.0008333,
        crs: Crs::wgs84(),
        values,
    };
    let opts = GridOptions {
        seed: 1,
        household_size: 3.9,
        demand_rate: 1.0,
    };
    b.bench(|| {
        let p = place_from_grid(&grid, None, &opts).unwrap();
        let n = p.households.len() as f64;
        assert!((n - total / 3.9).abs() < 0.01 * n);
    });
}
