//! Map projection: WGS84 lon/lat at the edges, a metric plane inside.
//!
//! Every distance in phusong is measured in metres on a Transverse Mercator
//! plane. By default ([`ProjectionChoice::Auto`]) the central meridian is
//! the middle of the data's longitude range and the scale on it is 1, so
//! the distance error grows as `x²/2R²` with the distance `x` from that
//! meridian: 0.003% at 45 km (the half-width of Cà Mau), 0.012% at 100 km
//! (a 200 km wide province), always far under the 0.1% budget for a
//! province. UTM zones (EPSG:326xx, scale 0.9996) can be chosen to match
//! other tools exactly (the GeoPandas/PostGIS/DuckDB peers use EPSG:32648).

mod forward_table;
mod transverse_mercator;

pub use forward_table::ForwardTable;
pub use transverse_mercator::TransverseMercator;

use crate::config::ProjectionChoice;
use crate::{Error, Result};

/// The projection a run uses, with a description for the run report.
#[derive(Debug, Clone, Copy)]
pub struct Projection {
    tm: TransverseMercator,
    max_scale_error: f64,
}

impl Projection {
    /// Choose the projection for data spanning `lon_min..=lon_max`.
    pub fn choose(choice: &ProjectionChoice, lon_min: f64, lon_max: f64) -> Result<Self> {
        if !(lon_min.is_finite() && lon_max.is_finite() && lon_min <= lon_max) {
            return Err(Error::Data(
                "cannot choose a projection: the layers have no valid coordinates".into(),
            ));
        }
        let tm = match choice {
            ProjectionChoice::Auto => {
                // Round the central meridian to 0.01° so that the plane does
                // not shift with every added household.
                let mid = ((lon_min + lon_max) / 2.0 * 100.0).round() / 100.0;
                TransverseMercator::new(mid, 1.0, 0.0, 0.0)
            }
            ProjectionChoice::Utm { zone, north } => TransverseMercator::new(
                -183.0 + 6.0 * *zone as f64,
                0.9996,
                500_000.0,
                if *north { 0.0 } else { 10_000_000.0 },
            ),
        };
        // Largest distance east/west of the central meridian, in metres,
        // at the equator (the worst case).
        let half_span_deg = (lon_max - tm.lon0_deg())
            .abs()
            .max((lon_min - tm.lon0_deg()).abs());
        let dx_m = half_span_deg.to_radians() * 6_378_137.0;
        let max_scale_error = tm.approx_scale_error(dx_m).max((1.0 - tm.k0()).abs());
        if let (ProjectionChoice::Utm { .. }, true) = (choice, max_scale_error > 0.01) {
            // A zone far from the data (EPSG:32631 for Cà Mau) is a wrong
            // setting, not a property of the data: refuse it.
            let mid = (lon_min + lon_max) / 2.0;
            let zone = (((mid + 180.0) / 6.0).floor() as i64).clamp(0, 59) + 1;
            return Err(Error::config(
                "projection",
                format!(
                    "projection = \"{choice}\" has its central meridian at {}°, {:.0}° from the data \
                     ({:.2}° to {:.2}° of longitude): distances would be off by up to {:.0}%; use the \
                     data's UTM zone (\"EPSG:326{zone:02}\" north of the equator) or \"auto\"",
                    tm.lon0_deg(),
                    half_span_deg,
                    lon_min,
                    lon_max,
                    100.0 * max_scale_error
                ),
            ));
        }
        Ok(Projection {
            tm,
            max_scale_error,
        })
    }

    /// Project lon/lat degrees to metres.
    #[inline]
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> [f64; 2] {
        self.tm.forward(lon_deg, lat_deg)
    }

    /// Project every vertex of a lon/lat MultiPolygon to metres.
    pub fn forward_multipolygon(&self, mp: &geo::MultiPolygon<f64>) -> geo::MultiPolygon<f64> {
        use geo::{Coord, LineString, Polygon};
        let ring = |ls: &LineString<f64>| {
            LineString(
                ls.0.iter()
                    .map(|c| {
                        let [x, y] = self.forward(c.x, c.y);
                        Coord { x, y }
                    })
                    .collect(),
            )
        };
        geo::MultiPolygon(
            mp.0.iter()
                .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
                .collect(),
        )
    }

    /// Metres back to lon/lat degrees.
    pub fn inverse(&self, x_m: f64, y_m: f64) -> [f64; 2] {
        self.tm.inverse(x_m, y_m)
    }

    /// The underlying Transverse Mercator.
    pub fn transverse_mercator(&self) -> &TransverseMercator {
        &self.tm
    }

    /// The largest relative distance error over the data's extent
    /// (e.g. 0.0001 = 0.01%).
    pub fn max_scale_error(&self) -> f64 {
        self.max_scale_error
    }

    /// A PROJ string describing the plane (for reports and metadata).
    pub fn proj_string(&self) -> String {
        let [fe, fn_] = self.tm.false_origin_m();
        format!(
            "+proj=tmerc +lat_0=0 +lon_0={} +k={} +x_0={} +y_0={} +datum=WGS84 +units=m +no_defs",
            self.tm.lon0_deg(),
            self.tm.k0(),
            fe,
            fn_
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utm_zone_far_from_the_data_is_refused_with_the_right_zone() {
        let far = ProjectionChoice::Utm {
            zone: 31,
            north: true,
        };
        let e = Projection::choose(&far, 104.7, 105.5)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.starts_with("projection = \"EPSG:32631\" has its central meridian at 3°"),
            "{e}"
        );
        assert!(e.contains("\"EPSG:32648\""), "{e}");
        let near = ProjectionChoice::Utm {
            zone: 48,
            north: true,
        };
        assert!(Projection::choose(&near, 104.7, 108.5).is_ok());
    }

    #[test]
    fn parses_choices() {
        assert_eq!(
            "auto".parse::<ProjectionChoice>(),
            Ok(ProjectionChoice::Auto)
        );
        assert_eq!(
            "EPSG:32648".parse::<ProjectionChoice>(),
            Ok(ProjectionChoice::Utm {
                zone: 48,
                north: true
            })
        );
        assert!("EPSG:4326".parse::<ProjectionChoice>().is_err());
        assert_eq!(
            ProjectionChoice::Utm {
                zone: 49,
                north: true
            }
            .to_string(),
            "EPSG:32649"
        );
    }

    #[test]
    fn auto_projection_error_under_budget_for_a_province() {
        // A 200 km wide province (about 1.8° at 9°N): < 0.1% error.
        let p = Projection::choose(&ProjectionChoice::Auto, 104.2, 106.0).unwrap();
        assert!(p.max_scale_error() < 0.001 * 0.2, "{}", p.max_scale_error());
    }

    #[test]
    fn auto_distance_matches_geodesic_over_100_km() {
        // Reference: the WGS84 geodesic distance by Karney's algorithm
        // (geographiclib-rs through geo's `Geodesic`), an independent
        // computation. Pairs up to ~100 km from the central meridian.
        use geo::{Distance, Geodesic, Point};
        let p = Projection::choose(&ProjectionChoice::Auto, 104.2, 106.0).unwrap();
        for &(a, b) in &[
            ((104.2, 9.0), (106.0, 9.0)),
            ((104.7, 8.5), (105.5, 9.6)),
            ((105.1, 9.0), (105.1001, 9.0001)),
        ] {
            let pa = p.forward(a.0, a.1);
            let pb = p.forward(b.0, b.1);
            let d = ((pa[0] - pb[0]).powi(2) + (pa[1] - pb[1]).powi(2)).sqrt();
            let g = Geodesic.distance(Point::new(a.0, a.1), Point::new(b.0, b.1));
            assert!(((d - g) / g).abs() < 0.001, "planar {d} vs geodesic {g}");
        }
    }
}
