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
use crate::output::raster::{
    write_geotiff_with, write_isobands_geojson_with, Band, GeoTiffOptions, IsobandOptions, Utm,
    UtmRaster,
};
use crate::Result;

/// The value of a cell inside the communes where no site is heard, or
/// heard below it: −140 dBm, under the thermal noise of a 15 kHz resource
/// element (−174 dBm/Hz + 41.8 dB = −132 dBm), hence under every
/// coverage threshold.
pub const NO_SIGNAL_DBM: f32 = -140.0;

/// Write `rsrp_<tech>.tif` and `coverage_<tech>.geojson` for each
/// technology whose model predicts RSRP; returns the files written. The
/// grids are computed one technology after the other (each in parallel,
/// reporting to `progress`), then the files are written in parallel.
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
    let mut grids = Vec::new();
    for model in &r.models {
        if let Some(thresholds) = model.thresholds_dbm() {
            let grid = rsrp_grid(r, model.as_ref(), bbox, progress)?;
            grids.push((model.as_ref(), thresholds, grid));
        }
    }
    let files = grids
        .into_par_iter()
        .map(|(model, thresholds, grid)| write_layers(r, model, thresholds, &grid, dir))
        .collect::<Result<Vec<[PathBuf; 2]>>>()?;
    Ok(files.into_iter().flatten().collect())
}

/// The best-server RSRP of `model` on the coverage grid over `bbox`.
fn rsrp_grid(
    r: &RunResult,
    model: &dyn crate::coverage::MobileModel,
    bbox: [f64; 4],
    progress: &dyn crate::engine::Progress,
) -> Result<UtmRaster> {
    let (utm, mut grid) = coverage_grid(bbox, r.scenario.outputs.raster_cell_m)?;
    let width = grid.width;
    let tech = model.technology();
    progress.start(&format!("layers {tech}"), grid.height as u64);
    let rows: Vec<Vec<f32>> = (0..grid.height)
        .into_par_iter()
        .map(|row| {
            progress.inc(1);
            (0..width)
                .map(|col| {
                    let [x, y] = grid.cell_centre_m(col, row);
                    let [lon, lat] = utm.inverse(x, y);
                    if r.area_index.locate([lon, lat]).is_none() {
                        return f32::NAN;
                    }
                    // f32::max ignores NaN: no server → the floor.
                    let rsrp = model.evaluate(r.projection.forward(lon, lat)).rsrp_dbm;
                    rsrp.max(NO_SIGNAL_DBM)
                })
                .collect()
        })
        .collect();
    progress.finish();
    for (row, values) in rows.into_iter().enumerate() {
        grid.values[row * width..(row + 1) * width].copy_from_slice(&values);
    }
    Ok(grid)
}

/// Write the GeoTIFF and the covered/good polygons of one technology's
/// grid (the two in parallel).
fn write_layers(
    r: &RunResult,
    model: &dyn crate::coverage::MobileModel,
    (covered_dbm, good_dbm): (f64, f64),
    grid: &UtmRaster,
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
