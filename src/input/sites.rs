//! Cell sites: CSV (`id,lon,lat,tech[,radius_m]`) or GeoJSON points with the
//! same properties.

use std::path::Path;

use serde::Serialize;

use crate::config::Technology;
use crate::crs::Crs;
use crate::input::geojson_read::{
    feature_location, point_feature, property_text, read_feature_layer,
};
use crate::input::households::is_feature_file;
use crate::input::layer::{
    parse_status, resolve_crs, to_lon_lat, LayerMeta, Problems, Read, ReadOptions, Source, Status,
};
use crate::input::table::{parse_f64, parse_opt_f64, Table, ID_ALIASES, LAT_ALIASES, LON_ALIASES};
use crate::{Error, Result};

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
    /// Coverage radius in metres when given per site (fixed-radius model).
    pub radius_m: Vec<Option<f64>>,
    /// Optional radio attributes per row (sector), see [`SectorAttributes`].
    pub sector: Vec<SectorAttributes>,
    /// Operator, when given.
    pub operator: Vec<Option<String>>,
    /// Existing or planned.
    pub status: Vec<Status>,
}

/// Radio attributes of one site row (one sector when the site has an
/// azimuth). Absent values take the technology defaults of the scenario.
///
/// The fields are spelt like the scenario's radio parameters
/// ([`crate::coverage::radio::SiteParams`]) that they override; the sites
/// file's column names (`band_mhz`, `power_dbm`, `tilt_deg`…, with their
/// aliases) are mapped to them where the file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SectorAttributes {
    /// Carrier frequency, MHz (column `band_mhz`).
    #[serde(rename = "band_mhz")]
    pub freq_mhz: Option<f64>,
    /// Antenna height above ground, metres.
    pub height_m: Option<f64>,
    /// Transmit power per sector, dBm (column `power_dbm`).
    #[serde(rename = "power_dbm")]
    pub tx_power_dbm: Option<f64>,
    /// Antenna gain, dBi (column `gain_dbi`).
    #[serde(rename = "gain_dbi")]
    pub antenna_gain_dbi: Option<f64>,
    /// Feeder loss, dB (column `loss_db`).
    #[serde(rename = "loss_db")]
    pub feeder_loss_db: Option<f64>,
    /// Channel bandwidth, MHz.
    pub bandwidth_mhz: Option<f64>,
    /// Boresight azimuth, degrees clockwise from north; none = omni.
    pub azimuth_deg: Option<f64>,
    /// Horizontal half-power beamwidth, degrees.
    pub beamwidth_deg: Option<f64>,
    /// Downtilt, degrees (positive down; column `tilt_deg`).
    #[serde(rename = "tilt_deg")]
    pub downtilt_deg: Option<f64>,
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

    /// Append one row.
    pub fn push(&mut self, row: SiteRow) {
        self.ids.push(row.id);
        self.lon.push(row.lon);
        self.lat.push(row.lat);
        self.tech.push(row.tech);
        self.radius_m.push(row.radius_m);
        self.sector.push(row.sector);
        self.operator.push(row.operator);
        self.status.push(row.status);
    }

    /// Append the rows of `other`.
    pub fn append(&mut self, mut other: Sites) {
        self.ids.append(&mut other.ids);
        self.lon.append(&mut other.lon);
        self.lat.append(&mut other.lat);
        self.tech.append(&mut other.tech);
        self.radius_m.append(&mut other.radius_m);
        self.sector.append(&mut other.sector);
        self.operator.append(&mut other.operator);
        self.status.append(&mut other.status);
    }

    /// Keep the rows `i` for which `keep(i)` is true, in order.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        fn sel<T>(v: &mut Vec<T>, keep: &dyn Fn(usize) -> bool) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep(i - 1)
            });
        }
        sel(&mut self.ids, &keep);
        sel(&mut self.lon, &keep);
        sel(&mut self.lat, &keep);
        sel(&mut self.tech, &keep);
        sel(&mut self.radius_m, &keep);
        sel(&mut self.sector, &keep);
        sel(&mut self.operator, &keep);
        sel(&mut self.status, &keep);
    }

    /// Swap rows `i` and `j` (used to test order independence).
    pub fn swap(&mut self, i: usize, j: usize) {
        self.ids.swap(i, j);
        self.lon.swap(i, j);
        self.lat.swap(i, j);
        self.tech.swap(i, j);
        self.radius_m.swap(i, j);
        self.sector.swap(i, j);
        self.operator.swap(i, j);
        self.status.swap(i, j);
    }
}

/// One row of a sites file.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRow {
    /// Site id (repeated for the sectors of one site).
    pub id: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Technology.
    pub tech: Technology,
    /// Fixed coverage radius, metres.
    pub radius_m: Option<f64>,
    /// Radio attributes.
    pub sector: SectorAttributes,
    /// Operator.
    pub operator: Option<String>,
    /// Existing or planned.
    pub status: Status,
}

/// Optional numeric columns: (column name, aliases, valid range, unit hint).
const SECTOR_COLUMNS: [(&str, &[&str], f64, f64); 9] = [
    (
        "band_mhz",
        &["band_mhz", "freq_mhz", "frequency_mhz"],
        100.0,
        100_000.0,
    ),
    (
        "height_m",
        &["height_m", "height", "antenna_height_m"],
        0.0,
        1000.0,
    ),
    ("power_dbm", &["power_dbm", "tx_power_dbm"], -30.0, 90.0),
    ("gain_dbi", &["gain_dbi", "antenna_gain_dbi"], -20.0, 50.0),
    ("loss_db", &["loss_db", "feeder_loss_db"], 0.0, 50.0),
    ("bandwidth_mhz", &["bandwidth_mhz", "bw_mhz"], 1.0, 400.0),
    ("azimuth_deg", &["azimuth_deg", "azimuth"], 0.0, 360.0),
    ("beamwidth_deg", &["beamwidth_deg", "beamwidth"], 1.0, 360.0),
    (
        "tilt_deg",
        &["tilt_deg", "downtilt_deg", "tilt"],
        -30.0,
        90.0,
    ),
];

fn set_sector_value(s: &mut SectorAttributes, k: usize, v: Option<f64>) {
    match k {
        0 => s.freq_mhz = v,
        1 => s.height_m = v,
        2 => s.tx_power_dbm = v,
        3 => s.antenna_gain_dbi = v,
        4 => s.feeder_loss_db = v,
        5 => s.bandwidth_mhz = v,
        6 => s.azimuth_deg = v,
        7 => s.beamwidth_deg = v,
        _ => s.downtilt_deg = v,
    }
}

fn check_sector_value(path: &Path, loc: &str, k: usize, v: Option<f64>) -> Result<Option<f64>> {
    let (name, _, lo, hi) = SECTOR_COLUMNS[k];
    match v {
        Some(x) if !(lo..=hi).contains(&x) => Err(Error::implausible_site(
            path,
            loc,
            format!(
                "`{name}` = {} is outside the plausible range [{lo}, {hi}]",
                crate::input::table::number_text(x)
            ),
        )),
        _ => Ok(v),
    }
}

const TECH_ALIASES: &[&str] = &["tech", "technology", "rat", "cong_nghe"];
const RADIUS_ALIASES: &[&str] = &["radius_m", "radius", "range_m"];

fn tech_of(path: &Path, loc: &str, text: &str) -> Result<Technology> {
    Technology::parse(text).ok_or_else(|| {
        Error::invalid_value(
            path,
            loc,
            format!("`tech` must be 4G (LTE) or 5G (NR), found {text:?}"),
        )
    })
}

fn check_radius(path: &Path, loc: &str, r: Option<f64>) -> Result<Option<f64>> {
    match r {
        Some(v) if !(v > 0.0 && v <= 100_000.0) => Err(Error::implausible_site(
            path,
            loc,
            format!("`radius_m` must be in (0, 100000] metres, found {v}"),
        )),
        _ => Ok(r),
    }
}

/// Read sites from `path`: GeoJSON (or GeoJSON sequence, or Shapefile
/// points) by the file name, CSV otherwise.
pub fn read_sites(path: &Path) -> Result<Sites> {
    read_sites_with(path, &ReadOptions::default()).map(|r| r.data)
}

/// Read sites with the scenario's options: the layer's CRS, column names,
/// and lenient collection of bad rows (including implausible heights,
/// powers and azimuths).
pub fn read_sites_with(path: &Path, opts: &ReadOptions) -> Result<Read<Sites>> {
    let mut problems = Problems::new(opts.lenient);
    let (s, meta) = if is_feature_file(path) {
        read_geojson(path, opts, &mut problems)?
    } else {
        read_csv(path, opts, &mut problems)?
    };
    // In lenient reading a layer whose every row is bad is reported
    // through its row problems.
    if s.is_empty() && problems.items.is_empty() {
        return Err(Error::unreadable_layer(path, "", "no sites in the file"));
    }
    Ok(Read {
        data: s,
        meta,
        problems: problems.items,
    })
}

fn read_csv(
    path: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Result<(Sites, LayerMeta)> {
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), None)?;
    let cols = &opts.columns;
    let mut t = Table::open(path)?;
    let id_col = t.require_mapped("id", cols.id.as_deref(), ID_ALIASES)?;
    let lon_col = t.require_mapped("lon", cols.lon.as_deref(), LON_ALIASES)?;
    let lat_col = t.require_mapped("lat", cols.lat.as_deref(), LAT_ALIASES)?;
    let tech_col = t.require_mapped("tech", cols.tech.as_deref(), TECH_ALIASES)?;
    let radius_col = t.find(RADIUS_ALIASES);
    let sector_cols: Vec<Option<usize>> = SECTOR_COLUMNS.iter().map(|c| t.find(c.1)).collect();
    let operator_col = t.find(&["operator", "nha_mang"]);
    let status_col = t.find(&["status"]);
    let mut s = Sites::default();
    let mut sources = crate::input::Sources::default();
    let path = t.path().to_path_buf();
    t.for_each(|line, rec| {
        let row = (|| {
            let loc = format!("line {line}");
            let id = rec.get(id_col).unwrap_or("");
            if id.is_empty() {
                return Err(Error::invalid_value(&path, &loc, "`id` is empty"));
            }
            let x = parse_f64(&path, line, "lon", rec.get(lon_col))?;
            let y = parse_f64(&path, line, "lat", rec.get(lat_col))?;
            let [lon, lat] = to_lon_lat(&path, &crs, &loc, x, y)?;
            let tech = tech_of(&path, &loc, rec.get(tech_col).unwrap_or(""))?;
            let radius = match radius_col {
                Some(c) => check_radius(
                    &path,
                    &loc,
                    parse_opt_f64(&path, line, "radius_m", rec.get(c))?,
                )?,
                None => None,
            };
            let mut sector = SectorAttributes::default();
            for (k, col) in sector_cols.iter().enumerate() {
                if let Some(c) = col {
                    let v = parse_opt_f64(&path, line, SECTOR_COLUMNS[k].0, rec.get(*c))?;
                    set_sector_value(&mut sector, k, check_sector_value(&path, &loc, k, v)?);
                }
            }
            let operator = operator_col
                .and_then(|c| rec.get(c))
                .filter(|o| !o.is_empty())
                .map(String::from);
            let status = parse_status(&path, &loc, status_col.and_then(|c| rec.get(c)))?;
            Ok(SiteRow {
                id: id.to_string(),
                lon,
                lat,
                tech,
                radius_m: radius,
                sector,
                operator,
                status,
            })
        })();
        if let Some(r) = problems.keep(row)? {
            s.push(r);
            sources.push(Source::Line(line));
        }
        Ok(())
    })?;
    let meta = LayerMeta {
        path: path.clone(),
        crs,
        crs_source,
        sources,
    };
    Ok((s, meta))
}

fn read_geojson(
    path: &Path,
    opts: &ReadOptions,
    problems: &mut Problems,
) -> Result<(Sites, LayerMeta)> {
    let layer = read_feature_layer(path)?;
    let (crs, crs_source) = resolve_crs(path, opts.crs.as_ref(), layer.declared_crs)?;
    let mut s = Sites::default();
    let mut sources = crate::input::Sources::default();
    for (i, f) in layer.features.iter().enumerate() {
        if let Some(r) = problems.keep(site_feature(path, &crs, opts, i, f))? {
            s.push(r);
            sources.push(Source::Feature(i + 1));
        }
    }
    let meta = LayerMeta {
        path: path.to_path_buf(),
        crs,
        crs_source,
        sources,
    };
    Ok((s, meta))
}

fn site_feature(
    path: &Path,
    crs: &Crs,
    opts: &ReadOptions,
    i: usize,
    f: &geojson::Feature,
) -> Result<SiteRow> {
    {
        let loc = feature_location(i);
        let (id, [lon, lat]) =
            point_feature(path, crs, opts.columns.id.as_deref(), i, f, "a site")?;
        let tech_text = TECH_ALIASES
            .iter()
            .find_map(|a| property_text(f, a))
            .ok_or_else(|| Error::invalid_value(path, &loc, "no `tech` property (4G or 5G)"))?;
        let tech = tech_of(path, &loc, &tech_text)?;
        let radius = match RADIUS_ALIASES.iter().find_map(|a| property_text(f, a)) {
            Some(t) => Some(t.parse::<f64>().map_err(|_| {
                Error::invalid_value(path, &loc, format!("`radius_m` is not a number: {t:?}"))
            })?),
            None => None,
        };
        let radius = check_radius(path, &loc, radius)?;
        let mut sector = SectorAttributes::default();
        for (k, (name, aliases, _, _)) in SECTOR_COLUMNS.iter().enumerate() {
            let v = match aliases.iter().find_map(|a| property_text(f, a)) {
                Some(t) => Some(t.parse::<f64>().map_err(|_| {
                    Error::invalid_value(path, &loc, format!("`{name}` is not a number: {t:?}"))
                })?),
                None => None,
            };
            set_sector_value(&mut sector, k, check_sector_value(path, &loc, k, v)?);
        }
        let status = parse_status(path, &loc, property_text(f, "status").as_deref())?;
        Ok(SiteRow {
            id,
            lon,
            lat,
            tech,
            radius_m: radius,
            sector,
            operator: property_text(f, "operator"),
            status,
        })
    }
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
        assert_eq!(s.status, vec![Status::Existing; 2]);
    }

    #[test]
    fn reads_sector_columns_and_checks_ranges() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sites.csv");
        std::fs::write(
            &p,
            "id;lon;lat;tech;azimuth_deg;height_m;status\nA;105;9;4G;120;30;planned\nA;105;9;4G;240;30;\n",
        )
        .unwrap();
        let s = read_sites(&p).unwrap();
        assert_eq!(s.sector[0].azimuth_deg, Some(120.0));
        assert_eq!(s.sector[1].height_m, Some(30.0));
        assert_eq!(s.status, vec![Status::Planned, Status::Existing]);
        std::fs::write(&p, "id,lon,lat,tech,azimuth_deg\nA,105,9,4G,400\n").unwrap();
        let e = read_sites(&p).unwrap_err().to_string();
        assert!(e.contains("line 2: `azimuth_deg` = 400 is outside"), "{e}");
    }

    #[test]
    fn sector_columns_keep_their_names_and_aliases() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sites.csv");
        std::fs::write(
            &p,
            "id,lon,lat,tech,band_mhz,power_dbm,gain_dbi,loss_db,tilt_deg\n\
             A,105,9,4G,1800,43,17,2,4\n",
        )
        .unwrap();
        let a = read_sites(&p).unwrap().sector[0];
        assert_eq!(
            (a.freq_mhz, a.tx_power_dbm, a.antenna_gain_dbi),
            (Some(1800.0), Some(43.0), Some(17.0))
        );
        assert_eq!((a.feeder_loss_db, a.downtilt_deg), (Some(2.0), Some(4.0)));
        std::fs::write(
            &p,
            "id,lon,lat,tech,freq_mhz,tx_power_dbm,downtilt_deg\nA,105,9,5G,3500,46,6\n",
        )
        .unwrap();
        let a = read_sites(&p).unwrap().sector[0];
        assert_eq!(
            (a.freq_mhz, a.tx_power_dbm, a.downtilt_deg),
            (Some(3500.0), Some(46.0), Some(6.0))
        );
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
