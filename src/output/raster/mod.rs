//! Coverage layers for QGIS/GDAL from a plain georeferenced grid
//! (engine-agnostic): a GeoTIFF of the values (e.g. best-server RSRP in
//! dBm, `f32`, NaN = no data) and isoband polygons as GeoJSON (e.g. the
//! "covered" and "good" areas).
//!
//! - [`UtmRaster`]: a north-up grid in a WGS84 / UTM zone, row 0 = north.
//! - [`Utm`], [`utm_epsg_for`]: the zone of a place, forward and inverse
//!   projection (the Krüger series of [`crate::projection`]).
//! - [`write_geotiff`]: a GeoTIFF (32-bit float, Deflate, EPSG code,
//!   no-data, provenance as GDAL metadata), written by hand, no GDAL needed.
//! - [`write_isobands_geojson`]: one feature per band, MultiPolygons that
//!   cover exactly the band's cells, valid, RFC 7946 lon/lat.
//!
//! ```
//! use phusong::output::raster::*;
//! let dir = tempfile::tempdir().unwrap();
//! let utm = Utm::for_lon_lat(105.15, 9.18);
//! let mut g = UtmRaster::covering(&utm, [105.0, 9.0, 105.1, 9.1], 100.0).unwrap();
//! // A site at the centre of the grid; RSRP falls 35 dB per decade.
//! let site = g.cell_centre_m(g.width / 2, g.height / 2);
//! for row in 0..g.height {
//!     for col in 0..g.width {
//!         let [x, y] = g.cell_centre_m(col, row);
//!         let d_km = ((x - site[0]).powi(2) + (y - site[1]).powi(2)).sqrt() / 1000.0;
//!         g.set(col, row, (-70.0 - 35.0 * (d_km.max(0.05)).log10()) as f32);
//!     }
//! }
//! let meta = vec![("model".to_string(), "log-distance, n = 3.5".to_string())];
//! write_geotiff(&dir.path().join("rsrp.tif"), &g, &meta).unwrap();
//! let bands = [Band::at_least("covered", -110.0), Band::at_least("good", -95.0)];
//! let props = serde_json::Map::new();
//! let summary =
//!     write_isobands_geojson(&dir.path().join("coverage.geojson"), &g, &bands, &props, &meta)
//!         .unwrap();
//! assert!(summary[1].cells > 0 && summary[1].cells < summary[0].cells);
//! ```

mod geotiff;
mod isobands;
mod utm;
mod utm_raster;

pub use geotiff::{encode_geotiff, write_geotiff, write_geotiff_with, Compression, GeoTiffOptions};
pub use isobands::{
    band_mask, band_polygons_lon_lat, band_polygons_m, mask_polygons, write_isobands_geojson,
    write_isobands_geojson_with, Band, BandSummary, GridPolygon, IsobandOptions,
};
pub use utm::{utm_epsg_for, Utm};
pub use utm_raster::{UtmRaster, MAX_CELLS};

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// A province-sized synthetic best-server RSRP field: 150 sites,
    /// 3GPP macro path loss, spatially correlated shadowing (σ 8 dB at
    /// 1 km, 3 dB at 200 m), NaN outside an ellipse.
    fn province_rsrp(utm: &Utm) -> UtmRaster {
        let mut g = UtmRaster::covering(utm, [104.7, 8.55, 105.45, 9.6], 100.0).unwrap();
        let mut s: u64 = 42;
        let mut rnd = move || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let (w, h) = (g.width, g.height);
        let sites: Vec<[f64; 2]> = (0..150)
            .map(|_| g.cell_centre_m((rnd() * w as f64) as usize, (rnd() * h as f64) as usize))
            .collect();
        // Value noise: a lattice of normal-ish values, bilinear.
        let lattice = |step: usize, sigma: f64, rnd: &mut dyn FnMut() -> f64| {
            let (lw, lh) = (w / step + 2, h / step + 2);
            let v: Vec<f64> = (0..lw * lh)
                .map(|_| (rnd() + rnd() + rnd() + rnd() - 2.0) * sigma * 1.7)
                .collect();
            move |c: usize, r: usize| {
                let (fx, fy) = (c as f64 / step as f64, r as f64 / step as f64);
                let (x0, y0) = (fx as usize, fy as usize);
                let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
                let at = |x: usize, y: usize| v[y * lw + x];
                (1.0 - ty) * ((1.0 - tx) * at(x0, y0) + tx * at(x0 + 1, y0))
                    + ty * ((1.0 - tx) * at(x0, y0 + 1) + tx * at(x0 + 1, y0 + 1))
            }
        };
        let coarse = lattice(10, 8.0, &mut rnd);
        let fine = lattice(2, 3.0, &mut rnd);
        for r in 0..h {
            for c in 0..w {
                let (dx, dy) = (c as f64 / w as f64 - 0.5, r as f64 / h as f64 - 0.5);
                if dx * dx / 0.25 + dy * dy / 0.25 > 1.0 {
                    continue;
                }
                let [x, y] = g.cell_centre_m(c, r);
                let d2 = sites
                    .iter()
                    .map(|p| (p[0] - x).powi(2) + (p[1] - y).powi(2))
                    .fold(f64::MAX, f64::min);
                let d_km = (d2.sqrt() / 1000.0).max(0.035);
                let pl = 128.1 + 37.6 * d_km.log10();
                g.set(c, r, (32.0 - pl + coarse(c, r) + fine(c, r)) as f32);
            }
        }
        g
    }

    /// Sizes and timings at province scale. Run by hand:
    /// `cargo test --release --lib output::raster::tests::province_scale -- --ignored --nocapture`
    /// (set `PHUSONG_LAYERS_OUT=/tmp/dir` to keep the files for gdalinfo/ogrinfo).
    #[test]
    #[ignore]
    fn province_scale() {
        let utm = Utm::from_epsg(32648).unwrap();
        let t = Instant::now();
        let g = province_rsrp(&utm);
        println!("grid {} × {} built in {:?}", g.width, g.height, t.elapsed());
        let keep = std::env::var_os("PHUSONG_LAYERS_OUT").map(std::path::PathBuf::from);
        let tmp = tempfile::tempdir().unwrap();
        let dir = keep.unwrap_or_else(|| tmp.path().to_path_buf());
        let meta = vec![
            (
                "model".to_string(),
                "3GPP TR 36.814 macro, 128.1 + 37.6 log10(d km)".to_string(),
            ),
            ("covered_dbm".to_string(), "-110".to_string()),
            ("good_dbm".to_string(), "-95".to_string()),
        ];
        for (name, opts) in [
            (
                "rsrp_none.tif",
                GeoTiffOptions {
                    compression: Compression::None,
                    ..Default::default()
                },
            ),
            (
                "rsrp.tif",
                GeoTiffOptions {
                    band_description: Some("best-server RSRP".into()),
                    unit: Some("dBm".into()),
                    ..Default::default()
                },
            ),
            (
                "rsrp_pred.tif",
                GeoTiffOptions {
                    float_predictor: true,
                    ..Default::default()
                },
            ),
        ] {
            let p = dir.join(name);
            let t = Instant::now();
            write_geotiff_with(&p, &g, &meta, &opts).unwrap();
            let size = std::fs::metadata(&p).unwrap().len();
            println!("{name}: {:.2} MB in {:?}", size as f64 / 1e6, t.elapsed());
        }
        let mut props = serde_json::Map::new();
        props.insert("technology".into(), "4G".into());
        for (name, bands) in [
            (
                "coverage.geojson",
                vec![
                    Band::at_least("covered", -110.0),
                    Band::at_least("good", -95.0),
                ],
            ),
            (
                "bands.geojson",
                vec![
                    Band::new("< -110", f32::NEG_INFINITY, -110.0),
                    Band::new("-110..-100", -110.0, -100.0),
                    Band::new("-100..-90", -100.0, -90.0),
                    Band::at_least(">= -90", -90.0),
                ],
            ),
        ] {
            let p = dir.join(name);
            let t = Instant::now();
            let sums = write_isobands_geojson(&p, &g, &bands, &props, &meta).unwrap();
            let size = std::fs::metadata(&p).unwrap().len();
            println!("{name}: {:.2} MB in {:?}", size as f64 / 1e6, t.elapsed());
            for s in sums {
                println!("  {s:?}");
            }
        }
    }
}
