//! Cell sites: CSV (`id,lon,lat,tech[,radius_m]`) or GeoJSON points with the
//! same properties.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::input::geojson_read::{
    feature_id, feature_location, lon_lat, property_text, read_features, type_name,
};
use crate::input::table::{
    check_lon_lat, parse_f64, parse_opt_f64, Table, ID_ALIASES, LAT_ALIASES, LON_ALIASES,
};
use crate::{Error, Result};

/// A mobile technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Technology {
    /// LTE.
    #[serde(rename = "4G")]
    G4,
    /// NR.
    #[serde(rename = "5G")]
    G5,
}

impl Technology {
    /// Both technologies, in report order.
    pub const ALL: [Technology; 2] = [Technology::G4, Technology::G5];

    /// "4G" or "5G".
    pub fn label(self) -> &'static str {
        match self {
            Technology::G4 => "4G",
            Technology::G5 => "5G",
        }
    }

    /// Lower-case column-name stem: "4g" or "5g".
    pub fn stem(self) -> &'static str {
        match self {
            Technology::G4 => "4g",
            Technology::G5 => "5g",
        }
    }

    /// Parse `4G`, `LTE`, `5G`, `NR` (case-insensitive).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "4G" | "LTE" | "4G/LTE" => Some(Technology::G4),
            "5G" | "NR" | "5G NR" | "5G/NR" => Some(Technology::G5),
            _ => None,
        }
    }
}

impl std::fmt::Display for Technology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Cell sites as columns, in file order.
#[derive(Debug, Clone, Default)]
pub struct Sites {
    /// Site ids.
    pub ids: Vec<String>,
    /// Longitudes, degrees.
    pub lon: Vec<f64>,
    /// Latitudes, degrees.
    pub lat: Vec<f64>,
    /// Technology.
    pub tech: Vec<Technology>,
    /// Coverage radius in metres when given per site.
    pub radius_m: Vec<Option<f64>>,
}

impl Sites {
    /// Number of sites.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    fn push(&mut self, id: String, lon: f64, lat: f64, tech: Technology, radius_m: Option<f64>) {
        self.ids.push(id);
        self.lon.push(lon);
        self.lat.push(lat);
        self.tech.push(tech);
        self.radius_m.push(radius_m);
    }
}

const TECH_ALIASES: &[&str] = &["tech", "technology", "rat", "cong_nghe"];
const RADIUS_ALIASES: &[&str] = &["radius_m", "radius", "range_m"];

fn tech_of(path: &Path, loc: &str, text: &str) -> Result<Technology> {
    Technology::parse(text).ok_or_else(|| {
        Error::input(
            path,
            loc,
            format!("`tech` must be 4G (LTE) or 5G (NR), found {text:?}"),
        )
    })
}

fn check_radius(path: &Path, loc: &str, r: Option<f64>) -> Result<Option<f64>> {
    match r {
        Some(v) if !(v > 0.0 && v <= 100_000.0) => Err(Error::input(
            path,
            loc,
            format!("`radius_m` must be in (0, 100000] metres, found {v}"),
        )),
        _ => Ok(r),
    }
}

/// Read sites from `path`: GeoJSON when the name ends in `.geojson`/`.json`,
/// CSV otherwise.
pub fn read_sites(path: &Path) -> Result<Sites> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.trim_end_matches(".gz");
    let s = if name.ends_with(".geojson") || name.ends_with(".json") {
        read_geojson(path)?
    } else {
        read_csv(path)?
    };
    if s.is_empty() {
        return Err(Error::input(path, "", "no sites in the file"));
    }
    Ok(s)
}

fn read_csv(path: &Path) -> Result<Sites> {
    let mut t = Table::open(path)?;
    let id_col = t.require("id", ID_ALIASES)?;
    let lon_col = t.require("lon", LON_ALIASES)?;
    let lat_col = t.require("lat", LAT_ALIASES)?;
    let tech_col = t.require("tech", TECH_ALIASES)?;
    let radius_col = t.find(RADIUS_ALIASES);
    let mut s = Sites::default();
    let path = t.path().to_path_buf();
    t.for_each(|line, rec| {
        let loc = format!("line {line}");
        let id = rec.get(id_col).unwrap_or("");
        if id.is_empty() {
            return Err(Error::input(&path, &loc, "`id` is empty"));
        }
        let lon = parse_f64(&path, line, "lon", rec.get(lon_col))?;
        let lat = parse_f64(&path, line, "lat", rec.get(lat_col))?;
        check_lon_lat(&path, &loc, lon, lat)?;
        let tech = tech_of(&path, &loc, rec.get(tech_col).unwrap_or(""))?;
        let radius = match radius_col {
            Some(c) => check_radius(
                &path,
                &loc,
                parse_opt_f64(&path, line, "radius_m", rec.get(c))?,
            )?,
            None => None,
        };
        s.push(id.to_string(), lon, lat, tech, radius);
        Ok(())
    })?;
    Ok(s)
}

fn read_geojson(path: &Path) -> Result<Sites> {
    let features = read_features(path)?;
    let mut s = Sites::default();
    for (i, f) in features.iter().enumerate() {
        let loc = feature_location(i);
        let id = ID_ALIASES
            .iter()
            .find_map(|a| property_text(f, a))
            .or_else(|| feature_id(f))
            .unwrap_or_else(|| (i + 1).to_string());
        let geom = f
            .geometry
            .as_ref()
            .ok_or_else(|| Error::input(path, &loc, "the feature has no geometry"))?;
        let [lon, lat] = match &geom.value {
            geojson::GeometryValue::Point { coordinates } => lon_lat(path, &loc, coordinates)?,
            other => {
                return Err(Error::input(
                    path,
                    &loc,
                    format!("a site must be a Point, found a {}", type_name(other)),
                ))
            }
        };
        let tech_text = TECH_ALIASES
            .iter()
            .find_map(|a| property_text(f, a))
            .ok_or_else(|| Error::input(path, &loc, "no `tech` property (4G or 5G)"))?;
        let tech = tech_of(path, &loc, &tech_text)?;
        let radius = match RADIUS_ALIASES.iter().find_map(|a| property_text(f, a)) {
            Some(t) => Some(t.parse::<f64>().map_err(|_| {
                Error::input(path, &loc, format!("`radius_m` is not a number: {t:?}"))
            })?),
            None => None,
        };
        let radius = check_radius(path, &loc, radius)?;
        s.push(id, lon, lat, tech, radius);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_sites_with_optional_radius() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sites.csv");
        std::fs::write(
            &p,
            "id,lon,lat,tech,radius_m\nA,105,9,4G,3000\nB,105.1,9.1,nr,\n",
        )
        .unwrap();
        let s = read_sites(&p).unwrap();
        assert_eq!(s.tech, vec![Technology::G4, Technology::G5]);
        assert_eq!(s.radius_m, vec![Some(3000.0), None]);
    }

    #[test]
    fn unknown_technology_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sites.csv");
        std::fs::write(&p, "id,lon,lat,tech\nA,105,9,3G\n").unwrap();
        let e = read_sites(&p).unwrap_err().to_string();
        assert!(
            e.contains("line 2: `tech` must be 4G (LTE) or 5G (NR), found \"3G\""),
            "{e}"
        );
    }
}
