//! Coverage layers for QGIS/GDAL: per technology with an RSRP-predicting
//! model, a GeoTIFF of best-server RSRP over the province and GeoJSON
//! polygons of the covered and good areas, both stamped with the model,
//! its parameters and thresholds.
//!
//! The grid is a WGS84 / UTM zone (the zone of the province's centre), so
//! that QGIS and GDAL know its CRS by EPSG code; each cell is evaluated at
//! its centre with the run's own model (the same code that judged the
//! households). Inside the communes every cell has a value: where no site
//! is heard (or the RSRP is lower) it is [`NO_SIGNAL_DBM`], so that "no
//! service" is a value with its own legend class, not a hole; cells
//! outside every commune are no data.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::engine::RunResult;
use crate::index::AreaIndex;
use crate::output::raster::{
    write_geotiff_with, write_isobands_geojson_with, Band, GeoTiffOptions, IsobandOptions, Utm,
    UtmRaster,
};
use crate::projection::{ForwardTable, Projection};
use crate::Result;

/// The value of a cell inside the communes where no site is heard, or
/// heard below it: −140 dBm, under the thermal noise of a 15 kHz resource
/// element (−174 dBm/Hz + 41.8 dB = −132 dBm), hence under every
/// coverage threshold.
pub const NO_SIGNAL_DBM: f32 = -140.0;

/// Write `rsrp_<tech>.tif` and `coverage_<tech>.geojson` for each
/// technology whose model predicts RSRP; returns the files written. The
/// cells inside the communes (and their centres in the run's projection)
/// are found once; the grids are then computed one technology after the
/// other (each in parallel, reporting to `progress`), and the files are
/// written in parallel.
pub fn write_coverage_layers(
    r: &RunResult,
    dir: &Path,
    progress: &dyn crate::engine::Progress,
) -> Result<Vec<PathBuf>> {
    if !r.scenario.outputs.coverage_layers {
        return Ok(Vec::new());
    }
    let Some(bbox) = areas_bbox(r) else {
        return Ok(Vec::new());
    };
    let models: Vec<_> = r
        .models
        .iter()
        .filter_map(|m| Some((m.as_ref(), m.thresholds_dbm()?)))
        .collect();
    if models.is_empty() {
        return Ok(Vec::new());
    }
    let (utm, grid) = coverage_grid(bbox, r.scenario.outputs.raster_cell_m)?;
    // Where each cell is, once for every technology.
    let cells = inside_cells(&r.area_index, &r.projection, &utm, &grid);
    let mut grids = Vec::new();
    for (model, thresholds) in models {
        let grid = rsrp_grid(model, &grid, &cells.rows, progress);
        grids.push((model, thresholds, grid));
    }
    let files = grids
        .into_par_iter()
        .map(|(model, thresholds, grid)| {
            write_layers(r, model, thresholds, &grid, cells.error_m, dir)
        })
        .collect::<Result<Vec<[PathBuf; 2]>>>()?;
    Ok(files.into_iter().flatten().collect())
}

/// The cells of a row of the grid that lie in a commune: their column and
/// their centre in the run's projection (where the models evaluate).
type RowCells = Vec<(u32, [f64; 2])>;

/// Per row of `grid`, the cells whose centre lies in a commune (located in
/// lon/lat as the households are), with their centre in the run's
/// projection `plane`, within [`CellCentres::error_m`] of the exact one on each axis.
///
/// Most cells outside every commune (the sea, the neighbours) are
/// skipped without the exact UTM inverse: a table of the inverse gives
/// each centre's lon/lat within a stated error, and where the communes'
/// classified grid puts that whole neighbourhood outside every commune the
/// cell is outside ([`AreaIndex::locate_near`]); where it puts it inside
/// one, the point-in-polygon test is skipped. The cells are exactly
/// [`inside_cells_exact`]'s (tested).
///
/// The centres in the run's plane come from a second table, of the UTM
/// inverse followed by the plane's forward projection (two smooth,
/// nearly conformal maps of the same ellipsoid, so their composition is
/// nearly a similarity): a bilinear interpolation within its stated bound,
/// a few millimetres over a province with 128 × 128 lattice cells,
/// instead of two exact series per cell. Without a table (a degenerate
/// box) every centre is projected exactly.
fn inside_cells(areas: &AreaIndex, plane: &Projection, utm: &Utm, grid: &UtmRaster) -> CellCentres {
    let x1 = grid.x_min_m + grid.width as f64 * grid.cell_m;
    let y0 = grid.y_max_m - grid.height as f64 * grid.cell_m;
    let (min, max) = ([grid.x_min_m, y0], [x1, grid.y_max_m]);
    // The centres lie inside the box; 128 × 128 lattice cells.
    let table = ForwardTable::new(|x, y| utm.inverse(x, y), min, max, 128);
    let to_plane = ForwardTable::new(
        |x, y| {
            let [lon, lat] = utm.inverse(x, y);
            plane.forward(lon, lat)
        },
        min,
        max,
        128,
    );
    let centre = |x: f64, y: f64| {
        to_plane
            .as_ref()
            .and_then(|t| t.forward(x, y))
            .unwrap_or_else(|| {
                let [lon, lat] = utm.inverse(x, y);
                plane.forward(lon, lat)
            })
    };
    let rows = (0..grid.height)
        .into_par_iter()
        .map(|row| {
            (0..grid.width)
                .filter_map(|col| {
                    let [x, y] = grid.cell_centre_m(col, row);
                    let near = table.as_ref().and_then(|t| t.near(x, y));
                    areas.locate_with(near, || utm.inverse(x, y))?;
                    Some((col as u32, centre(x, y)))
                })
                .collect()
        })
        .collect();
    CellCentres {
        rows,
        error_m: to_plane.as_ref().map_or(0.0, ForwardTable::error_m),
    }
}

/// The cells of the coverage grid inside the communes, row by row, with
/// their centres in the run's plane.
struct CellCentres {
    rows: Vec<RowCells>,
    /// A bound of each centre's distance from its exact position on each
    /// axis, metres (0 when every centre was projected exactly).
    error_m: f64,
}

/// [`inside_cells`] by the exact inverse and point-in-polygon test for
/// every cell (the reference for tests).
#[cfg(test)]
fn inside_cells_exact(
    areas: &AreaIndex,
    plane: &Projection,
    utm: &Utm,
    grid: &UtmRaster,
) -> Vec<RowCells> {
    (0..grid.height)
        .map(|row| {
            (0..grid.width)
                .filter_map(|col| {
                    let [x, y] = grid.cell_centre_m(col, row);
                    let [lon, lat] = utm.inverse(x, y);
                    areas.locate([lon, lat])?;
                    Some((col as u32, plane.forward(lon, lat)))
                })
                .collect()
        })
        .collect()
}

/// The best-server RSRP of `model` on (a copy of) `grid` at `cells`
/// ([`NO_SIGNAL_DBM`] at least); the other cells are no data.
fn rsrp_grid(
    model: &dyn crate::coverage::MobileModel,
    grid: &UtmRaster,
    cells: &[RowCells],
    progress: &dyn crate::engine::Progress,
) -> UtmRaster {
    let mut grid = grid.clone();
    let width = grid.width;
    let tech = model.technology();
    progress.start(&format!("layers {tech}"), grid.height as u64);
    grid.values
        .par_chunks_mut(width)
        .zip(cells)
        .for_each(|(values, row)| {
            progress.inc(1);
            for &(col, p) in row {
                // f32::max ignores NaN: no server → the floor.
                values[col as usize] = model.evaluate(p).rsrp_dbm.max(NO_SIGNAL_DBM);
            }
        });
    progress.finish();
    grid
}

/// Write the GeoTIFF and the covered/good polygons of one technology's
/// grid (the two in parallel), stamped with the bound of the evaluation
/// points' distance from the cell centres, `centre_error_m`.
fn write_layers(
    r: &RunResult,
    model: &dyn crate::coverage::MobileModel,
    (covered_dbm, good_dbm): (f64, f64),
    grid: &UtmRaster,
    centre_error_m: f64,
    dir: &Path,
) -> Result<[PathBuf; 2]> {
    let tech = model.technology();
    let description = model.describe();
    let meta: Vec<(String, String)> = vec![
        ("phusong_version".into(), env!("CARGO_PKG_VERSION").into()),
        ("scenario".into(), r.scenario.name.clone()),
        ("technology".into(), tech.label().into()),
        (
            "quantity".into(),
            "best-server RSRP per resource element, dBm (SS-RSRP for 5G)".into(),
        ),
        ("covered_dbm".into(), covered_dbm.to_string()),
        ("good_dbm".into(), good_dbm.to_string()),
        (
            "cell_m".into(),
            r.scenario.outputs.raster_cell_m.to_string(),
        ),
        ("run_at".into(), r.summary.run_at.clone()),
        ("model".into(), description.to_string()),
        ("no_signal_dbm".into(), NO_SIGNAL_DBM.to_string()),
        // How far (at most, per axis) the point where each cell was
        // evaluated lies from its centre (see `inside_cells`).
        ("centre_error_m".into(), format!("{:.1e}", centre_error_m)),
    ];
    let stem = tech.stem();
    let tif = dir.join(format!("rsrp_{stem}.tif"));
    let geojson = dir.join(format!("coverage_{stem}.geojson"));
    let (a, b) = rayon::join(
        || {
            let options = GeoTiffOptions {
                band_description: Some(format!("{} best-server RSRP", tech.label())),
                unit: Some("dBm".into()),
                ..Default::default()
            };
            write_geotiff_with(&tif, grid, &meta, &options)
        },
        || {
            let bands = [
                Band::at_least("covered", covered_dbm as f32),
                Band::at_least("good", good_dbm as f32),
            ];
            let mut props = serde_json::Map::new();
            props.insert("technology".into(), tech.label().into());
            props.insert("model".into(), description["propagation"]["kind"].clone());
            props.insert("receiver".into(), description["receiver"].clone());
            let options = IsobandOptions {
                layer_name: format!("coverage_{stem}"),
                ..Default::default()
            };
            write_isobands_geojson_with(&geojson, grid, &bands, &props, &meta, &options)
        },
    );
    a?;
    b?;
    Ok([tif, geojson])
}

/// The grid of the coverage rasters over the communes' lon/lat box
/// `[lon_min, lat_min, lon_max, lat_max]`: the UTM zone of its centre, cells
/// of `cell_m`. An error when the grid would be too large (a global or
/// antimeridian-crossing extent); `phusong check` calls it too, so that
/// such communes are refused before a run.
pub fn coverage_grid(bbox: [f64; 4], cell_m: f64) -> Result<(Utm, UtmRaster)> {
    let centre = [(bbox[0] + bbox[2]) / 2.0, (bbox[1] + bbox[3]) / 2.0];
    let utm = Utm::for_lon_lat(centre[0], centre[1]);
    let grid = UtmRaster::covering(&utm, bbox, cell_m)?;
    Ok((utm, grid))
}

/// The communes' bounding box `[lon_min, lat_min, lon_max, lat_max]`.
pub fn areas_bbox(r: &RunResult) -> Option<[f64; 4]> {
    bbox_of_areas(&r.inputs.areas)
}

/// The bounding box of `areas`, `[lon_min, lat_min, lon_max, lat_max]`;
/// `None` without areas.
pub fn bbox_of_areas(areas: &crate::input::Areas) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for a in &areas.items {
        let rect = geo::BoundingRect::bounding_rect(&a.geometry)?;
        b = [
            b[0].min(rect.min().x),
            b[1].min(rect.min().y),
            b[2].max(rect.max().x),
            b[3].max(rect.max().y),
        ];
    }
    b[0].is_finite().then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectionChoice;

    /// Islands with wobbly coasts, a lake (hole) and sea around them:
    /// the communes, their index, the run's plane and a 100 m UTM grid.
    fn islands() -> (AreaIndex, Projection, Utm, UtmRaster) {
        let index = AreaIndex::new(&crate::test_shapes::islands());
        let plane = Projection::choose(&ProjectionChoice::Auto, 104.9, 105.2).unwrap();
        let bbox = [104.92, 8.86, 105.2, 9.1];
        let (utm, grid) = coverage_grid(bbox, 100.0).unwrap();
        (index, plane, utm, grid)
    }

    /// The fast location of the raster cells (inverse table and classified
    /// grid) gives exactly the cells of the exact one, and their centres
    /// in the run's plane within the stated bound (a few millimetres).
    #[test]
    fn inside_cells_equal_the_exact_location() {
        let (index, plane, utm, grid) = islands();
        let fast = inside_cells(&index, &plane, &utm, &grid);
        let exact = inside_cells_exact(&index, &plane, &utm, &grid);
        let cells = |rows: &[RowCells]| -> Vec<(usize, u32)> {
            rows.iter()
                .enumerate()
                .flat_map(|(row, cells)| cells.iter().map(move |&(c, _)| (row, c)))
                .collect()
        };
        let inside = cells(&exact).len();
        let all = grid.width * grid.height;
        assert!(
            inside > all / 5 && inside < all * 4 / 5,
            "{inside} of {all}"
        );
        assert_eq!(cells(&fast.rows), cells(&exact));
        let eps = fast.error_m;
        assert!(eps > 0.0 && eps < 0.005, "stated bound {eps} m");
        let mut worst = 0.0f64;
        for (f, e) in fast.rows.iter().flatten().zip(exact.iter().flatten()) {
            worst = worst
                .max((f.1[0] - e.1[0]).abs())
                .max((f.1[1] - e.1[1]).abs());
        }
        assert!(worst <= eps, "{worst} m > stated {eps} m");
    }

    /// The RSRP raster from the interpolated centres equals the raster from
    /// the exact ones within 0.01 dB in every cell (the stated error of a
    /// few millimetres times the largest gradient of the budget away from
    /// the masts), with the same no-data cells, and every cell farther than
    /// that from a threshold in the same class: three-sector LTE masts
    /// inside and around the islands, a mast on a cell centre.
    #[test]
    fn rsrp_from_interpolated_centres_is_within_the_bound_of_the_exact() {
        use crate::config::{Receiver, Technology};
        use crate::coverage::radio::TechnologyConfig;
        use crate::coverage::{LinkBudget, MobileModel};
        use crate::input::SectorAttributes;
        let (index, plane, utm, grid) = islands();
        let fast = inside_cells(&index, &plane, &utm, &grid);
        let exact = inside_cells_exact(&index, &plane, &utm, &grid);
        let mut masts: Vec<[f64; 2]> = [
            [104.98, 9.02],
            [105.03, 8.97],
            [105.12, 9.05],
            [105.15, 9.02],
            [105.06, 8.9],
        ]
        .iter()
        .map(|&[lon, lat]| plane.forward(lon, lat))
        .collect();
        // Exactly on a cell centre, where the distance is smallest.
        let (_, p) = exact[exact.len() / 2][exact[exact.len() / 2].len() / 2];
        masts.push(p);
        let rows = masts.iter().enumerate().flat_map(|(m, &xy)| {
            (0..3).map(move |k| {
                let attrs = SectorAttributes {
                    azimuth_deg: Some(120.0 * k as f64 + 10.0 * m as f64),
                    ..Default::default()
                };
                ((3 * m + k) as u32, xy, attrs)
            })
        });
        let model = LinkBudget::new(
            Technology::G4,
            TechnologyConfig::lte_default(),
            Receiver::Outdoor,
            rows,
            |r| r.to_string(),
        )
        .unwrap();
        let (covered, good) = model.thresholds_dbm().unwrap();
        let none = crate::engine::NoProgress;
        let a = rsrp_grid(&model, &grid, &fast.rows, &none);
        let b = rsrp_grid(&model, &grid, &exact, &none);
        const BOUND_DB: f32 = 0.01;
        let mut worst = 0.0f32;
        let mut signal = 0;
        for (&x, &y) in a.values.iter().zip(&b.values) {
            assert_eq!(x.is_nan(), y.is_nan());
            if x.is_nan() {
                continue;
            }
            signal += usize::from(y > NO_SIGNAL_DBM);
            worst = worst.max((x - y).abs());
            for t in [covered as f32, good as f32] {
                if (y - t).abs() > BOUND_DB {
                    assert_eq!(x >= t, y >= t, "{x} and {y} on two sides of {t}");
                }
            }
        }
        assert!(signal > 1000, "{signal} cells with a signal");
        assert!(worst <= BOUND_DB, "max |ΔRSRP| {worst} dB");
    }
}
