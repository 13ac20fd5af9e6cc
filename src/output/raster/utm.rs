//! WGS84 / UTM zones (EPSG:326zz north, EPSG:327zz south) on top of the
//! crate's Krüger-series Transverse Mercator
//! ([`crate::projection::TransverseMercator`], accurate to nanometres within
//! 4,000 km of the central meridian, so also well outside the zone).

use crate::projection::TransverseMercator;
use crate::{Error, Result};

/// The EPSG code of the WGS84 / UTM zone that contains `lon_deg`, `lat_deg`:
/// 326zz north of the equator (latitude ≥ 0), 327zz south of it, with
/// zone `zz = floor((lon + 180) / 6) + 1` (1–60; longitude 180° is zone 60).
///
/// The Norway and Svalbard exceptions of the UTM grid are not applied
/// (irrelevant for Vietnam). Vietnam spans zones 48 (102°–108°E) and 49
/// (108°–114°E, the coastal provinces east of 108°E and the islands).
///
/// ```
/// use phusong::output::raster::utm_epsg_for;
/// assert_eq!(utm_epsg_for(105.8, 21.0), 32648); // Hà Nội
/// assert_eq!(utm_epsg_for(108.2, 16.05), 32649); // Đà Nẵng
/// assert_eq!(utm_epsg_for(-47.9, -15.8), 32723); // Brasília
/// ```
pub fn utm_epsg_for(lon_deg: f64, lat_deg: f64) -> u32 {
    // Normalise to [-180, 180) first so that e.g. 185°E lands in zone 1.
    let lon = (lon_deg + 180.0).rem_euclid(360.0) - 180.0;
    let zone = (((lon + 180.0) / 6.0).floor() as i64 + 1).clamp(1, 60) as u32;
    if lat_deg >= 0.0 {
        32600 + zone
    } else {
        32700 + zone
    }
}

/// A WGS84 / UTM zone: forward (lon/lat → metres) and inverse projection.
///
/// ```
/// use phusong::output::raster::Utm;
/// let utm = Utm::from_epsg(32648).unwrap();
/// let [x, y] = utm.forward(105.8342, 21.0278);
/// assert!((x - 586_683.642).abs() < 0.01 && (y - 2_325_450.786).abs() < 0.01);
/// let [lon, lat] = utm.inverse(x, y);
/// assert!((lon - 105.8342).abs() < 1e-9 && (lat - 21.0278).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Utm {
    epsg: u32,
    tm: TransverseMercator,
}

impl Utm {
    /// The zone of an EPSG code 32601–32660 (north) or 32701–32760 (south).
    pub fn from_epsg(epsg: u32) -> Result<Utm> {
        let (zone, north) = match epsg {
            32601..=32660 => (epsg - 32600, true),
            32701..=32760 => (epsg - 32700, false),
            _ => {
                return Err(Error::Output(format!(
                    "EPSG:{epsg} is not a WGS84 / UTM zone: coverage rasters use EPSG:326zz \
                     (north) or EPSG:327zz (south), e.g. EPSG:32648 for 102°E–108°E"
                )))
            }
        };
        let lon0 = -183.0 + 6.0 * zone as f64;
        let false_northing = if north { 0.0 } else { 10_000_000.0 };
        Ok(Utm {
            epsg,
            tm: TransverseMercator::new(lon0, 0.9996, 500_000.0, false_northing),
        })
    }

    /// The zone containing a point (see [`utm_epsg_for`]).
    pub fn for_lon_lat(lon_deg: f64, lat_deg: f64) -> Utm {
        Utm::from_epsg(utm_epsg_for(lon_deg, lat_deg)).expect("utm_epsg_for returns a UTM code")
    }

    /// The EPSG code (326zz or 327zz).
    pub fn epsg(&self) -> u32 {
        self.epsg
    }

    /// The zone number, 1–60.
    pub fn zone(&self) -> u32 {
        self.epsg % 100
    }

    /// Northern hemisphere (EPSG:326zz).
    pub fn is_north(&self) -> bool {
        self.epsg < 32700
    }

    /// The EPSG name, e.g. `WGS 84 / UTM zone 48N`.
    pub fn name(&self) -> String {
        format!(
            "WGS 84 / UTM zone {}{}",
            self.zone(),
            if self.is_north() { 'N' } else { 'S' }
        )
    }

    /// The underlying Transverse Mercator.
    pub fn transverse_mercator(&self) -> &TransverseMercator {
        &self.tm
    }

    /// WGS84 `lon`, `lat` degrees → `[easting, northing]` metres.
    #[inline]
    pub fn forward(&self, lon_deg: f64, lat_deg: f64) -> [f64; 2] {
        self.tm.forward(lon_deg, lat_deg)
    }

    /// `easting`, `northing` metres → WGS84 `[lon, lat]` degrees.
    #[inline]
    pub fn inverse(&self, x_m: f64, y_m: f64) -> [f64; 2] {
        self.tm.inverse(x_m, y_m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_choice() {
        assert_eq!(utm_epsg_for(105.1, 9.2), 32648); // Cà Mau
        assert_eq!(utm_epsg_for(107.5, 16.4), 32648); // Huế: 102°–108°E is zone 48
        assert_eq!(utm_epsg_for(108.0, 15.0), 32649); // the 108°E meridian starts zone 49
        assert_eq!(utm_epsg_for(109.2, 12.2), 32649); // Nha Trang
        assert_eq!(utm_epsg_for(105.1, -0.5), 32748); // south of the equator
        assert_eq!(utm_epsg_for(-180.0, 10.0), 32601);
        assert_eq!(utm_epsg_for(180.0, 10.0), 32601); // normalised to -180°
        assert_eq!(utm_epsg_for(179.99, -10.0), 32760);
        assert_eq!(utm_epsg_for(0.0, 0.0), 32631);
    }

    #[test]
    fn south_zone_has_false_northing() {
        let s = Utm::from_epsg(32748).unwrap();
        let [x, y] = s.forward(105.0, -0.001);
        assert!((x - 500_000.0).abs() < 1e-6);
        assert!(y < 10_000_000.0 && y > 9_999_800.0, "y = {y}");
        assert_eq!(s.name(), "WGS 84 / UTM zone 48S");
        assert!(!s.is_north());
        assert_eq!(s.zone(), 48);
    }

    #[test]
    fn rejects_non_utm_codes() {
        assert!(Utm::from_epsg(4326).is_err());
        assert!(Utm::from_epsg(32600).is_err());
        assert!(Utm::from_epsg(32661).is_err());
        assert!(Utm::from_epsg(32761).is_err());
        assert!(Utm::from_epsg(32760).is_ok());
    }
}
