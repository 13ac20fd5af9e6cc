//! The CRS of a Shapefile `.prj` (OGC WKT 1 or the ESRI dialect that QGIS,
//! ArcGIS and GDAL write).
//!
//! Recognised, in order:
//! 1. the outermost `AUTHORITY["EPSG","n"]` (the last one in the text);
//! 2. well-known names: `GCS_WGS_1984`, `WGS_1984_UTM_Zone_48N`,
//!    `VN-2000 / UTM zone 48N`, `VN_2000_UTM_Zone_48N`, `VN-2000 / TM-3 104-30`;
//! 3. a Transverse Mercator on the VN-2000 or WGS 84 datum, from its
//!    `central_meridian`, `scale_factor`, `false_easting` and
//!    `false_northing` parameters (the datum shift is always EPSG's
//!    national VN-2000 one, whatever `TOWGS84` signs the file carries:
//!    exporters disagree on them; see [`super::vn2000`]).

use super::{vn2000, Crs};

/// Parse the WKT text of a `.prj` file.
pub fn crs_from_wkt(wkt: &str) -> Result<Crs, String> {
    let text = wkt.trim().trim_start_matches('\u{feff}');
    if text.is_empty() {
        return Err("the .prj file is empty".into());
    }
    if let Some(code) = last_epsg_authority(text) {
        if let Ok(crs) = Crs::from_epsg(code) {
            return Ok(crs);
        }
    }
    let name = first_name(text).unwrap_or_default();
    let folded = vn2000::fold_vietnamese(&name);
    let upper = text.to_ascii_uppercase();
    let is_vn2000 = folded.contains("vn 2000")
        || folded.contains("vn2000")
        || upper.contains("VIETNAM_2000")
        || upper.contains("VN_2000")
        || upper.contains("VN-2000");
    let is_projected = upper.starts_with("PROJCS") || upper.starts_with("PROJCRS");
    if !is_projected {
        if is_vn2000 {
            return Crs::from_epsg(4756);
        }
        if upper.contains("WGS_1984") || upper.contains("WGS 84") || upper.contains("WGS84") {
            return Ok(Crs::wgs84());
        }
        return Err(unsupported(&name));
    }
    // UTM by name.
    if let Some(zone) = utm_zone_in(&folded) {
        if zone == 48 || zone == 49 {
            let code = if is_vn2000 { 3357 + zone } else { 32600 + zone };
            return Crs::from_epsg(code);
        }
    }
    // Transverse Mercator by parameters.
    if upper.contains("TRANSVERSE_MERCATOR") || upper.contains("TRANSVERSE MERCATOR") {
        let cm = parameter(text, "central_meridian")
            .or_else(|| parameter(text, "longitude_of_center"))
            .ok_or_else(|| {
                format!("the .prj ({name}) is a Transverse Mercator without a central_meridian")
            })?;
        let k = parameter(text, "scale_factor").unwrap_or(1.0);
        let x0 = parameter(text, "false_easting").unwrap_or(0.0);
        let y0 = parameter(text, "false_northing").unwrap_or(0.0);
        let lat0 = parameter(text, "latitude_of_origin").unwrap_or(0.0);
        if is_vn2000 && (k - 0.9999).abs() < 1e-9 && x0 == 500_000.0 && y0 == 0.0 && lat0 == 0.0 {
            return Ok(Crs::vn2000_tm3(cm));
        }
        let datum = if is_vn2000 {
            format!("+ellps=WGS84 +towgs84={}", vn2000::TOWGS84)
        } else if upper.contains("WGS_1984") || upper.contains("WGS 84") {
            "+datum=WGS84".to_string()
        } else {
            return Err(unsupported(&name));
        };
        let proj = format!(
            "+proj=tmerc +lat_0={lat0} +lon_0={cm} +k={k} +x_0={x0} +y_0={y0} {datum} +units=m +no_defs"
        );
        return Crs::from_proj_string(&proj, &name);
    }
    Err(unsupported(&name))
}

fn unsupported(name: &str) -> String {
    format!(
        "the .prj CRS {name:?} is not recognised; phusong reads WGS 84, UTM 48N/49N and VN-2000 \
         (geographic, UTM, TM-3): set the layer's CRS in the scenario's [crs] table instead"
    )
}

/// The last `AUTHORITY["EPSG","n"]` (or WKT2 `ID["EPSG",n]`) in the text:
/// in WKT 1 the CRS's own authority closes the definition.
fn last_epsg_authority(text: &str) -> Option<u32> {
    let upper = text.to_ascii_uppercase();
    let mut best = None;
    for key in ["AUTHORITY[\"EPSG\",", "ID[\"EPSG\","] {
        if let Some(pos) = upper.rfind(key) {
            let rest = &upper[pos + key.len()..];
            let digits: String = rest
                .trim_start_matches(|c: char| c == '"' || c.is_whitespace())
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            // Only an authority that closes the whole text is the CRS's own.
            let tail = rest.find(']').map(|i| &rest[i + 1..]).unwrap_or("");
            if tail
                .trim_matches(|c: char| c == ']' || c.is_whitespace())
                .is_empty()
            {
                if let Ok(c) = digits.parse() {
                    best = Some(c);
                }
            }
        }
    }
    best
}

/// The name of the outermost CRS: `PROJCS["name",…` → `name`.
fn first_name(text: &str) -> Option<String> {
    let start = text.find('"')? + 1;
    let len = text[start..].find('"')?;
    Some(text[start..start + len].to_string())
}

/// `PARAMETER["name",value]`, case-insensitive.
fn parameter(text: &str, name: &str) -> Option<f64> {
    let upper = text.to_ascii_uppercase();
    let key = format!("PARAMETER[\"{}\"", name.to_ascii_uppercase());
    let pos = upper.find(&key)? + key.len();
    let rest = &text[pos..];
    let rest = rest.trim_start().strip_prefix(',')?;
    let end = rest.find(']')?;
    rest[..end].trim().parse().ok()
}

/// "utm zone 48n" / "utm_zone_48n" (folded) → 48.
fn utm_zone_in(folded: &str) -> Option<u32> {
    let pos = folded.find("utm zone ")? + "utm zone ".len();
    let digits: String = folded[pos..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let zone: u32 = digits.parse().ok()?;
    folded[pos + digits.len()..]
        .starts_with('n')
        .then_some(zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esri_utm_48n() {
        // As written by ArcGIS / QGIS (ESRI dialect, no AUTHORITY).
        let wkt = r#"PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_wkt(wkt).unwrap().label(), "EPSG:32648");
    }

    #[test]
    fn vn2000_tm3_by_parameters_with_flipped_towgs84() {
        // VN-2000 TM-3 104-30 as some Vietnamese exports write it: ESRI
        // names, the other rotation sign convention, no EPSG code.
        let wkt = r#"PROJCS["VN_2000_TM3_Ca_Mau",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",104.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(crs_from_wkt(wkt).unwrap().label(), "EPSG:9207");
    }

    #[test]
    fn ogc_wkt_with_authority() {
        let wkt = r#"PROJCS["VN-2000 / UTM zone 48N",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",105],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","3405"]]"#;
        assert_eq!(crs_from_wkt(wkt).unwrap().label(), "EPSG:3405");
        let geog = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert!(crs_from_wkt(geog).unwrap().is_wgs84());
    }

    #[test]
    fn unknown_projection_is_an_error() {
        let wkt = r#"PROJCS["Lambert",GEOGCS["GCS_NAD83",DATUM["D_North_American_1983",SPHEROID["GRS_1980",6378137.0,298.257222101]]],PROJECTION["Lambert_Conformal_Conic"]]"#;
        assert!(crs_from_wkt(wkt).unwrap_err().contains("not recognised"));
    }
}
