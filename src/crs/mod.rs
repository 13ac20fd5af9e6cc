//! Coordinate reference systems of the input layers, and their conversion
//! to WGS 84 longitude/latitude at read time (pure Rust: `proj4rs` with the
//! EPSG → proj-string table of `crs-definitions`).
//!
//! A layer's CRS comes from, in order: the scenario (`[crs] areas =
//! "EPSG:9207"`), the file itself (a GeoJSON legacy `crs` member, a
//! Shapefile `.prj`), else WGS 84. Accepted spellings (see [`Crs::parse`]):
//!
//! | text | CRS |
//! |---|---|
//! | `EPSG:4326`, `WGS84`, `OGC:CRS84`, `urn:ogc:def:crs:OGC:1.3:CRS84` | WGS 84 lon/lat |
//! | `EPSG:32648`, `EPSG:32649` | WGS 84 / UTM 48N, 49N |
//! | `EPSG:4756` | VN-2000 geographic |
//! | `EPSG:3405`, `EPSG:3406` | VN-2000 / UTM 48N, 49N |
//! | `EPSG:5896`–`5899`, `EPSG:9205`–`9218` | VN-2000 TM-3 zones (see [`vn2000`]) |
//! | `VN2000:TM3:104.5`, `VN2000:TM3:104-30` | VN-2000 TM-3 with that central meridian |
//! | `VN2000:TM3:Cà Mau` | the province's TM-3 zone (Circular 973/2001/TT-TCĐC) |
//! | any other `EPSG:n` known to `crs-definitions`, or a `+proj=…` string | as given |
//!
//! Geographic CRSs take and give degrees here (proj4rs itself works in
//! radians; the conversion is done in [`Crs::to_wgs84`]).

pub mod prj;
pub mod vn2000;

use std::fmt;

use proj4rs::Proj;

/// A coordinate reference system that can convert its coordinates to WGS 84
/// longitude/latitude.
#[derive(Clone)]
pub struct Crs {
    label: String,
    proj: Option<std::sync::Arc<Proj>>,
    geographic: bool,
}

impl fmt::Debug for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl fmt::Display for Crs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl PartialEq for Crs {
    fn eq(&self, other: &Self) -> bool {
        self.label == other.label
    }
}

fn wgs84_proj() -> &'static Proj {
    static P: std::sync::OnceLock<Proj> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        Proj::from_proj_string("+proj=longlat +datum=WGS84 +no_defs")
            .expect("the WGS 84 proj string is valid")
    })
}

impl Crs {
    /// WGS 84 longitude/latitude in degrees (EPSG:4326 with lon/lat order,
    /// i.e. OGC:CRS84): no conversion.
    pub fn wgs84() -> Self {
        Crs {
            label: "EPSG:4326".into(),
            proj: None,
            geographic: true,
        }
    }

    /// True for WGS 84 lon/lat (no conversion needed).
    pub fn is_wgs84(&self) -> bool {
        self.proj.is_none()
    }

    /// True when coordinates are degrees (geographic CRS).
    pub fn is_geographic(&self) -> bool {
        self.geographic
    }

    /// The label: `EPSG:9207`, `VN2000:TM3:104.5`, or the proj string.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// Parse a CRS as written in a scenario or a GeoJSON `crs` member. The
    /// error says what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let upper = t.to_ascii_uppercase();
        if matches!(
            upper.as_str(),
            "WGS84"
                | "WGS 84"
                | "EPSG:4326"
                | "OGC:CRS84"
                | "CRS84"
                | "URN:OGC:DEF:CRS:OGC:1.3:CRS84"
        ) || upper == "URN:OGC:DEF:CRS:EPSG::4326"
            || upper == "HTTP://WWW.OPENGIS.NET/DEF/CRS/OGC/1.3/CRS84"
        {
            return Ok(Crs::wgs84());
        }
        if t.starts_with('+') {
            return Crs::from_proj_string(t, t);
        }
        if let Some(rest) = strip_prefix_ci(t, "VN2000:TM3:") {
            return Crs::tm3_from_text(rest);
        }
        if let Some(code) = epsg_code(t) {
            return Crs::from_epsg(code);
        }
        Err(format!(
            "unknown CRS {t:?}; write it as \"EPSG:<code>\" (e.g. \"EPSG:32648\" for UTM 48N, \
             \"EPSG:3405\" for VN-2000 / UTM 48N, \"EPSG:9207\" for VN-2000 / TM-3 104-30), \
             \"VN2000:TM3:<central meridian or province>\" or a \"+proj=…\" string"
        ))
    }

    fn tm3_from_text(rest: &str) -> Result<Self, String> {
        let rest = rest.trim();
        let meridian = if let Some(m) = vn2000::province_meridian(rest) {
            m
        } else if let Some((d, m)) = rest.split_once('-') {
            let d: f64 = d.trim().parse().map_err(|_| bad_tm3(rest))?;
            let m: f64 = m.trim().parse().map_err(|_| bad_tm3(rest))?;
            d + m / 60.0
        } else {
            rest.parse::<f64>().map_err(|_| bad_tm3(rest))?
        };
        if !(100.0..=112.0).contains(&meridian) {
            return Err(format!(
                "TM-3 central meridian {meridian}° is outside Vietnam (102°–110°E)"
            ));
        }
        Ok(Crs::vn2000_tm3(meridian))
    }

    /// A VN-2000 TM-3 zone with central meridian `meridian_deg`; labelled
    /// with its EPSG code when EPSG has one (EPSG:9205–9218).
    pub fn vn2000_tm3(meridian_deg: f64) -> Self {
        let label = match vn2000::tm3_epsg_of_meridian(meridian_deg) {
            Some(c) => format!("EPSG:{c}"),
            None => format!("VN2000:TM3:{meridian_deg}"),
        };
        Crs::from_proj_string(&vn2000::tm3_proj_string(meridian_deg), &label)
            .expect("the TM-3 proj string is valid")
    }

    /// The CRS of an EPSG code: the TM-3 table for 9205–9218, else
    /// `crs-definitions`.
    pub fn from_epsg(code: u32) -> Result<Self, String> {
        if code == 4326 {
            return Ok(Crs::wgs84());
        }
        if let Some(m) = vn2000::tm3_meridian_of_epsg(code) {
            return Ok(Crs::vn2000_tm3(m));
        }
        let def = u16::try_from(code)
            .ok()
            .and_then(crs_definitions::from_code)
            .ok_or_else(|| {
                format!(
                    "EPSG:{code} is not in phusong's CRS table; give the CRS as a \"+proj=…\" \
                     string (e.g. from epsg.io) instead"
                )
            })?;
        Crs::from_proj_string(def.proj4, &format!("EPSG:{code}"))
    }

    /// A CRS from a proj string, labelled `label`.
    pub fn from_proj_string(proj: &str, label: &str) -> Result<Self, String> {
        let p = Proj::from_proj_string(proj)
            .map_err(|e| format!("cannot use the CRS {label:?}: {e}"))?;
        let geographic = p.is_latlong();
        Ok(Crs {
            label: label.to_string(),
            proj: Some(std::sync::Arc::new(p)),
            geographic,
        })
    }

    /// Convert one coordinate pair (`x`/easting/longitude first, in metres
    /// or degrees as the CRS says) to WGS 84 `[lon, lat]` in degrees.
    pub fn to_wgs84(&self, x: f64, y: f64) -> Result<[f64; 2], String> {
        let Some(p) = &self.proj else {
            return Ok([x, y]);
        };
        if !(x.is_finite() && y.is_finite()) {
            return Err(format!("the coordinate ({x}, {y}) is not finite"));
        }
        let mut pt = if self.geographic {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(p, wgs84_proj(), &mut pt)
            .map_err(|e| format!("cannot convert ({x}, {y}) from {}: {e}", self.label))?;
        let (lon, lat) = (pt.0.to_degrees(), pt.1.to_degrees());
        if lon.is_finite() && lat.is_finite() {
            Ok([lon, lat])
        } else {
            Err(format!(
                "({x}, {y}) in {} does not convert to a valid longitude/latitude",
                self.label
            ))
        }
    }

    /// Convert WGS 84 `[lon, lat]` degrees to this CRS (used by tests and
    /// to write converted copies of a layer).
    pub fn from_wgs84(&self, lon: f64, lat: f64) -> Result<[f64; 2], String> {
        let Some(p) = &self.proj else {
            return Ok([lon, lat]);
        };
        let mut pt = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(wgs84_proj(), p, &mut pt)
            .map_err(|e| format!("cannot convert ({lon}, {lat}) to {}: {e}", self.label))?;
        Ok(if self.geographic {
            [pt.0.to_degrees(), pt.1.to_degrees()]
        } else {
            [pt.0, pt.1]
        })
    }
}

fn bad_tm3(rest: &str) -> String {
    format!(
        "cannot read the TM-3 zone {rest:?}: give the central meridian in degrees (\"104.5\"), \
         as degrees-minutes (\"104-30\"), or a province name (\"Cà Mau\")"
    )
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// The EPSG code in `EPSG:3405`, `epsg:3405`, `urn:ogc:def:crs:EPSG::3405`,
/// `urn:ogc:def:crs:EPSG:9.5:3405` or `http://www.opengis.net/def/crs/EPSG/0/3405`.
pub fn epsg_code(text: &str) -> Option<u32> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let tail = if let Some(r) = upper.strip_prefix("EPSG:") {
        r.to_string()
    } else if upper.starts_with("URN:OGC:DEF:CRS:EPSG:") {
        upper.rsplit(':').next()?.to_string()
    } else if upper.contains("/DEF/CRS/EPSG/") {
        upper.rsplit('/').next()?.to_string()
    } else {
        return None;
    };
    tail.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Control points: WGS 84 lon/lat → target CRS, computed with PROJ 9.5.1
    /// (pyproj 3.7.2, `Transformer.from_crs(4326, code, always_xy=True)`) on
    /// this project's machine, 2026-11-27. For the two Cà Mau points PROJ
    /// uses EPSG's national VN-2000 → WGS 84 transformation (they lie south
    /// of the regional one's 9.35°N limit). Hanoi values also appear in
    /// rust-stack.md §3 (same PROJ version).
    const CONTROL: &[(&str, f64, f64, &str, f64, f64)] = &[
        // Cà Mau city
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:32648",
            516742.693,
            1014413.394,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:32649",
            -143485.955,
            1019660.459,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:3405",
            516546.982,
            1014525.124,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:3406",
            -143680.760,
            1019776.043,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:9207",
            571499.762,
            1014890.885,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:9206",
            626452.780,
            1015028.674,
        ),
        (
            "CaMau",
            105.1524,
            9.1769,
            "EPSG:5897",
            516551.948,
            1014829.603,
        ),
        // Năm Căn
        (
            "NamCan",
            104.993,
            8.76,
            "EPSG:32648",
            499230.102,
            968318.624,
        ),
        ("NamCan", 104.993, 8.76, "EPSG:3405", 499034.412, 968430.395),
        ("NamCan", 104.993, 8.76, "EPSG:9207", 554043.850, 968756.316),
        // Hanoi
        (
            "Hanoi",
            105.8342,
            21.0278,
            "EPSG:32648",
            586683.642,
            2325450.786,
        ),
        (
            "Hanoi",
            105.8342,
            21.0278,
            "EPSG:3405",
            586487.428,
            2325558.872,
        ),
        (
            "Hanoi",
            105.8342,
            21.0278,
            "EPSG:9207",
            638490.470,
            2326609.188,
        ),
        (
            "Hanoi",
            105.8342,
            21.0278,
            "EPSG:3406",
            -37512.886,
            2334048.063,
        ),
        // Buôn Ma Thuột, TM-3 108-30 (rust-stack.md §3, PROJ 9.5.1)
        (
            "BMT",
            108.0378,
            12.6667,
            "EPSG:9218",
            449602.100,
            1400856.281,
        ),
    ];

    /// Metres between two lon/lat points (equirectangular; fine at < 10 m).
    fn metres_apart(a: [f64; 2], b: [f64; 2]) -> f64 {
        let r = 6_371_000.0_f64;
        let dx = (a[0] - b[0]).to_radians() * r * a[1].to_radians().cos();
        let dy = (a[1] - b[1]).to_radians() * r;
        dx.hypot(dy)
    }

    #[test]
    fn matches_proj_control_points_to_a_centimetre() {
        for &(name, lon, lat, code, x, y) in CONTROL {
            let crs = Crs::parse(code).unwrap();
            let [px, py] = crs.from_wgs84(lon, lat).unwrap();
            let forward = (px - x).hypot(py - y);
            assert!(
                forward < 0.01,
                "{name} {code}: ({px}, {py}) is {forward} m off"
            );
            let back = crs.to_wgs84(x, y).unwrap();
            let d = metres_apart(back, [lon, lat]);
            assert!(d < 0.01, "{name} {code}: inverse is {d} m off");
        }
    }

    #[test]
    fn vn2000_geographic_matches_proj() {
        // PROJ 9.5.1: WGS 84 (105.1524, 9.1769) → EPSG:4756 (105.150618972, 9.177911342).
        let crs = Crs::parse("EPSG:4756").unwrap();
        let back = crs.to_wgs84(105.150618972, 9.177911342).unwrap();
        assert!(metres_apart(back, [105.1524, 9.1769]) < 0.01, "{back:?}");
    }

    #[test]
    fn tm3_spellings_agree() {
        let a = Crs::parse("VN2000:TM3:104-30").unwrap();
        let b = Crs::parse("vn2000:tm3:Cà Mau").unwrap();
        let c = Crs::parse("urn:ogc:def:crs:EPSG::9207").unwrap();
        assert_eq!(a.label(), "EPSG:9207");
        assert_eq!(a, b);
        assert_eq!(b, c);
        // A zone EPSG has no code for keeps its meridian in the label.
        assert_eq!(
            Crs::parse("VN2000:TM3:Quảng Ngãi").unwrap().label(),
            "VN2000:TM3:108"
        );
    }

    #[test]
    fn unknown_crs_says_what_is_accepted() {
        let e = Crs::parse("UTM48").unwrap_err();
        assert!(e.contains("EPSG:<code>"), "{e}");
        assert!(Crs::parse("EPSG:1").is_err());
        assert!(Crs::parse("VN2000:TM3:Atlantis").is_err());
        assert!(Crs::parse("http://www.opengis.net/def/crs/OGC/1.3/CRS84")
            .unwrap()
            .is_wgs84());
    }
}
