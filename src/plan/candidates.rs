//! Candidate locations for new sites: read from a CSV (`lon,lat[,id]`), or
//! generated over the households a technology does not cover.
//!
//! **Generated candidates.** The plane is cut into square cells of
//! `cell_m` metres (in the run's projection); every cell holding at least
//! one uncovered household gives one candidate, placed at the centroid of
//! the uncovered households in that cell (the centre of that cell's
//! cluster of uncovered households, so the site stands where the people
//! are, not at an empty cell centre). Coordinates are rounded to 10⁻⁶°
//! (about 0.1 m), the precision written to `planned_sites.csv`, so that a
//! later `run` places the site at exactly the evaluated spot. Candidates are
//! numbered `C000001`, … by cell (west to east, then south to north).

use std::collections::BTreeMap;
use std::path::Path;

use crate::input::table::{check_lon_lat, parse_f64, Table, ID_ALIASES, LAT_ALIASES, LON_ALIASES};
use crate::projection::Projection;
use crate::{Error, Result};

/// A candidate site location.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Identifier (from the CSV, else generated).
    pub id: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
}

/// Round degrees to 10⁻⁶ (≈ 0.1 m).
///
/// ```
/// assert_eq!(phusong::plan::candidates::round_deg(105.12345678), 105.123457);
/// ```
pub fn round_deg(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Read candidates from a CSV with `lon` and `lat` columns (the same
/// aliases as the other layers) and an optional `id` (default `C<line>`).
pub fn read_candidates(path: &Path) -> Result<Vec<Candidate>> {
    let mut t = Table::open(path)?;
    let lon_c = t.require("longitude", LON_ALIASES)?;
    let lat_c = t.require("latitude", LAT_ALIASES)?;
    let id_c = t.find(ID_ALIASES);
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    t.for_each(|line, rec| {
        let lon = parse_f64(path, line, "lon", rec.get(lon_c))?;
        let lat = parse_f64(path, line, "lat", rec.get(lat_c))?;
        check_lon_lat(path, &format!("line {line}"), lon, lat)?;
        let id = id_c
            .and_then(|c| rec.get(c))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| format!("C{line}"));
        if !seen.insert(id.clone()) {
            return Err(Error::input(
                path,
                format!("line {line}"),
                format!("candidate id {id:?} appears twice; give each candidate its own id"),
            ));
        }
        out.push(Candidate { id, lon, lat });
        Ok(())
    })?;
    if out.is_empty() {
        return Err(Error::input(path, "", "no candidate rows"));
    }
    Ok(out)
}

/// One candidate per `cell_m` grid cell holding at least one of `points`
/// (projected metres), at the centroid of the points in the cell (see the
/// module docs). The result does not depend on the order of `points`.
pub fn grid_candidates(
    points: &[[f64; 2]],
    cell_m: f64,
    projection: &Projection,
) -> Vec<Candidate> {
    let mut cells: BTreeMap<(i64, i64), Vec<[f64; 2]>> = BTreeMap::new();
    for &p in points {
        let key = (
            (p[0] / cell_m).floor() as i64,
            (p[1] / cell_m).floor() as i64,
        );
        cells.entry(key).or_default().push(p);
    }
    cells
        .into_values()
        .enumerate()
        .map(|(i, pts)| {
            let c = crate::plan::geometry::centroid(pts);
            let [lon, lat] = projection.inverse(c[0], c[1]);
            Candidate {
                id: format!("C{:06}", i + 1),
                lon: round_deg(lon),
                lat: round_deg(lat),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectionChoice;

    #[test]
    fn grid_candidates_are_cell_centroids_in_any_order() {
        let proj = Projection::choose(&ProjectionChoice::default(), 105.0, 105.2).unwrap();
        let base = proj.forward(105.1, 9.1);
        let pts: Vec<[f64; 2]> = [[10.0, 10.0], [30.0, 50.0], [1500.0, 10.0]]
            .iter()
            .map(|d| {
                // Offsets from the start of a 1 km cell.
                let x0 = (base[0] / 1000.0).floor() * 1000.0;
                let y0 = (base[1] / 1000.0).floor() * 1000.0;
                [x0 + d[0], y0 + d[1]]
            })
            .collect();
        let c = grid_candidates(&pts, 1000.0, &proj);
        assert_eq!(c.len(), 2);
        let back = proj.forward(c[0].lon, c[0].lat);
        assert!((back[0] - (pts[0][0] + 10.0)).abs() < 0.2, "{back:?}");
        assert!((back[1] - (pts[0][1] + 20.0)).abs() < 0.2, "{back:?}");
        let mut rev = pts.clone();
        rev.reverse();
        assert_eq!(grid_candidates(&rev, 1000.0, &proj), c);
    }

    #[test]
    fn candidate_csv_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, "lon,lat,id\n105,9,A\n105.1,9,A\n").unwrap();
        let e = read_candidates(&p).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("appears twice"), "{e}");
        std::fs::write(&p, "lon,lat\n105,9\n9,105\n").unwrap();
        let e = read_candidates(&p).unwrap_err().to_string();
        assert!(e.contains("line 3"), "{e}");
        std::fs::write(&p, "lon,lat\n105,9\n").unwrap();
        assert_eq!(read_candidates(&p).unwrap()[0].id, "C2");
    }
}
