//! Outputs: GeoJSON for QGIS, CSV tables, summaries. Every output folder
//! is written whole or not at all (see [`folder`]), every file atomically
//! (see [`atomic`]): a failed run leaves earlier outputs intact.

mod arrow_column;
pub mod atomic;
pub mod compare;
pub mod compare_md;
pub mod console;
pub mod coverage_layers;
pub mod csv_rows;
pub mod csvt;
pub mod fgb;
pub mod folder;
pub mod gaps;
pub mod geojson;
pub mod geoparquet;
pub mod html;
pub mod maps;
pub mod network_layers;
pub mod numbers;
pub mod operator_maps;
pub mod plan_md;
pub mod problems;
pub mod qgis;
pub mod raster;
pub mod report;
pub mod simplify;
pub mod tables;
pub mod words;
pub mod xml;

use std::path::{Path, PathBuf};

use crate::engine::RunResult;
use crate::Result;

/// Write every output of a run into `dir` and return the files written
/// (`summary.json` last, with the time spent writing the others as
/// `timings_s.write`):
/// `communes.geojson`, `communes.csv`, `parents.csv` (when areas have a
/// parent), `province.csv`, `households.csv` and `households.fgb` (unless `[outputs] households = false`), `communes.parquet` and
/// `households.parquet` (GeoParquet, with `[outputs] geoparquet = true`), `summary.json`, `summary.md`, `problems.csv` (every data problem),
/// the coverage layers, the QGIS style `communes.qml` and project
/// `phusong.qgs`, and (unless `[outputs] maps = false`) the maps and charts
/// in `maps/` (see [`maps`]).
pub fn write_all(r: &RunResult, dir: &Path) -> Result<Vec<PathBuf>> {
    write_all_with_progress(r, dir, &crate::engine::NoProgress)
}

/// [`write_all`], reporting the slow steps (coverage layers, maps) to
/// `progress`. The folder is replaced whole, only when every file was
/// written ([`folder::replace`]).
pub fn write_all_with_progress(
    r: &RunResult,
    dir: &Path,
    progress: &dyn crate::engine::Progress,
) -> Result<Vec<PathBuf>> {
    folder::replace(dir, folder::Product::Run, |staging| {
        let written = write_into(r, staging, progress)?;
        Ok(folder::rebase(written, staging, dir))
    })
}

/// Write every output of a run into the (staging) folder `dir`. Three
/// independent groups run in parallel (rayon): the tables and the
/// households, the coverage layers, and the network layers and the maps;
/// then the QGIS project (which lists the layers written), the HTML report
/// (which inlines the maps) and `summary.json`. The list of files is in
/// the same order whatever the number of threads.
fn write_into(
    r: &RunResult,
    dir: &Path,
    progress: &dyn crate::engine::Progress,
) -> Result<Vec<PathBuf>> {
    let clock = std::time::Instant::now();
    // Each group's own seconds (summary.json `timings_s`: write_tables,
    // write_layers, write_maps), to see which one the others wait for.
    let timed = |f: &dyn Fn() -> Result<Vec<PathBuf>>| {
        let t = std::time::Instant::now();
        (f(), t.elapsed().as_secs_f64())
    };
    let (((tables, tables_s), (layers, layers_s)), (maps, maps_s)) = rayon::join(
        || {
            rayon::join(
                || timed(&|| write_tables(r, dir)),
                // The one group that reports progress (the bars are one at
                // a time).
                || timed(&|| coverage_layers::write_coverage_layers(r, dir, progress)),
            )
        },
        || {
            let t = std::time::Instant::now();
            (write_network_and_maps(r, dir), t.elapsed().as_secs_f64())
        },
    );
    let (network, maps) = maps?;
    let mut written = tables?;
    written.extend(layers?);
    written.extend(network);
    // After the layers, which it lists when they exist.
    if let Some(extent) = coverage_layers::areas_bbox(r) {
        written.extend(qgis::write_qgis(dir, &run_project(r, extent))?);
    }
    written.extend(maps);
    // After the maps, which it inlines.
    written.push(html::write_report_html(r, dir)?);
    // Last, so that it can give the time spent writing the others.
    let mut summary = r.summary.clone();
    let t = &mut summary.timings_s;
    t.insert("write".into(), clock.elapsed().as_secs_f64());
    t.insert("write_tables".into(), tables_s);
    t.insert("write_layers".into(), layers_s);
    t.insert("write_maps".into(), maps_s);
    let path = dir.join("summary.json");
    report::write_summary_json_of(&path, &summary)?;
    written.push(path);
    Ok(written)
}

/// The communes, parent, province and household tables, the summary and
/// the problems.
fn write_tables(r: &RunResult, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let mut out = |name: &str| {
        let p = dir.join(name);
        written.push(p.clone());
        p
    };
    let geoms = geojson::area_geometries(&r.inputs.areas);
    geojson::write_features(&out("communes.geojson"), "communes", &geoms, &r.communes)?;
    tables::write_csv(&out("communes.csv"), &r.communes)?;
    if r.scenario.outputs.geoparquet {
        geoparquet::write_areas_geoparquet(&out("communes.parquet"), &r.communes, &r.inputs.areas)?;
    }
    if let (Some(df), Some(_)) = (&r.parents, &r.scenario.areas.parent_field) {
        // A stable name whatever the level; its first column is named after
        // `parent_field` (`district`, `old_province`, …).
        tables::write_csv(&out("parents.csv"), df)?;
    }
    tables::write_csv(&out("province.csv"), &r.province)?;
    if r.scenario.outputs.households {
        let table = tables::household_table(r)?;
        let (csv, fgb) = (out("households.csv"), out("households.fgb"));
        let parquet = r
            .scenario
            .outputs
            .geoparquet
            .then(|| out("households.parquet"));
        let (a, (b, c)) = rayon::join(
            || tables::write_csv(&csv, &table),
            || {
                rayon::join(
                    || fgb::write_points_fgb(&fgb, "households", &table),
                    || match &parquet {
                        Some(p) => geoparquet::write_points_geoparquet(p, &table),
                        None => Ok(()),
                    },
                )
            },
        );
        a?;
        b?;
        c?;
    }
    report::write_summary_md(&out("summary.md"), r)?;
    problems::write_problems_csv(&out("problems.csv"), &r.problems)?;
    Ok(written)
}

/// The fibre and sites layers, and the maps.
type NetworkAndMaps = (Vec<PathBuf>, Vec<PathBuf>);

/// The fibre and sites layers, and the maps (none without `[outputs] maps`).
fn write_network_and_maps(r: &RunResult, dir: &Path) -> Result<NetworkAndMaps> {
    let network = network_layers::write_network_layers(&r.inputs.fibre, &r.inputs.sites, dir)?;
    if !r.scenario.outputs.maps {
        return Ok((network, Vec::new()));
    }
    let data = maps::MapData::from_run(r)?;
    let maps_dir = dir.join("maps");
    let mut files = maps::write_maps(&data, &maps_dir)?.files;
    if r.scenario.outputs.operator_maps {
        files.extend(operator_maps::write_operator_maps(r, &data, &maps_dir)?);
    }
    Ok((network, files))
}

/// What the run's QGIS project needs besides its folder: title, extent,
/// fibre classes, RSRP thresholds, and the communes that miss a target
/// (any `*gap*_households` column above 0, or not reached by fibre when
/// every commune must be).
fn run_project(r: &RunResult, extent_lon_lat: [f64; 4]) -> qgis::RunProject {
    let rsrp = r
        .models
        .iter()
        .filter_map(|m| {
            let (c, g) = m.thresholds_dbm()?;
            Some((m.technology().stem().to_string(), c, g))
        })
        .collect();
    let mut missing: Vec<String> = r
        .communes
        .get_column_names()
        .iter()
        .filter(|n| n.contains("gap") && n.ends_with("_households"))
        .map(|n| format!("\"{n}\" > 0"))
        .collect();
    if r.scenario.targets.fibre_communes > 0.0 {
        missing.push("\"fibre_reached\" = false".into());
    }
    qgis::RunProject {
        title: format!("{} — {}", r.summary.province, r.summary.scenario),
        extent_lon_lat,
        fibre_classes: maps::fibre_classes(r.scenario.targets.fibre_households),
        rsrp,
        gap_filter: (!missing.is_empty()).then(|| missing.join(" OR ")),
    }
}
