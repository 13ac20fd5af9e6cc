//! CSV tables: the result DataFrames as written by polars, and the
//! per-household table.

use std::path::Path;

use polars::prelude::{Column, CsvWriter, DataFrame, SerWriter};

use crate::engine::{RunResult, UNASSIGNED};
use crate::output::atomic::write_atomic;
use crate::output::{csv_rows, csvt};
use crate::{Error, Result};

/// Write a DataFrame as CSV (UTF-8, comma, header), with its `.csvt`
/// sidecar (the column types for GDAL and QGIS, see [`csvt`]). Frames of
/// text, real and boolean columns (the households) go through
/// [`csv_rows::fast_csv`], the same bytes as polars' writer.
pub fn write_csv(path: &Path, df: &DataFrame) -> Result<()> {
    let mut df = df.clone();
    write_atomic(path, |w| match csv_rows::fast_csv(w, &df) {
        Some(written) => written,
        None => CsvWriter::new(w)
            .include_header(true)
            .finish(&mut df)
            .map_err(|e| std::io::Error::other(e.to_string())),
    })?;
    csvt::write_csvt_of(path, &df)?;
    Ok(())
}

/// The per-household table: id, lon and lat (WGS84 degrees, as read),
/// commune code, demand, fibre distance (m,
/// 0.1 m) and served flag, and per technology the covered and good flags,
/// the best-serving site and its RSRP (dBm, 0.1 dB; empty for the
/// fixed-radius model).
pub fn household_table(r: &RunResult) -> Result<DataFrame> {
    let hh = &r.inputs.households;
    let res = &r.households;
    let n = hh.len();
    let codes: Vec<&str> = res
        .area
        .iter()
        .map(|&a| {
            if a == UNASSIGNED {
                ""
            } else {
                r.inputs.areas.items[a as usize].id.as_str()
            }
        })
        .collect();
    let site = |v: &Vec<u32>| -> Vec<&str> {
        v.iter()
            .map(|&s| {
                if s == u32::MAX {
                    ""
                } else {
                    r.inputs.sites.ids[s as usize].as_str()
                }
            })
            .collect()
    };
    let dist: Vec<Option<f64>> = res
        .fibre_distance_m
        .iter()
        .map(|&d| d.is_finite().then(|| (d * 10.0).round() / 10.0))
        .collect();
    let rsrp = |v: &Vec<f32>| -> Vec<Option<f64>> {
        v.iter()
            .map(|&x| x.is_finite().then(|| (x as f64 * 10.0).round() / 10.0))
            .collect()
    };
    let cols = vec![
        Column::new("id".into(), hh.ids.iter().collect::<Vec<&str>>()),
        Column::new("lon".into(), hh.lon.clone()),
        Column::new("lat".into(), hh.lat.clone()),
        Column::new("commune".into(), codes),
        Column::new("demand".into(), hh.demand.clone()),
        Column::new("fibre_distance_m".into(), dist),
        Column::new("fibre_served".into(), res.fibre_served.clone()),
        Column::new("covered_4g".into(), res.g4.covered.clone()),
        Column::new("good_4g".into(), res.g4.good.clone()),
        Column::new("site_4g".into(), site(&res.g4.best_site)),
        Column::new("rsrp_4g_dbm".into(), rsrp(&res.g4.rsrp_dbm)),
        Column::new("covered_5g".into(), res.g5.covered.clone()),
        Column::new("good_5g".into(), res.g5.good.clone()),
        Column::new("site_5g".into(), site(&res.g5.best_site)),
        Column::new("rsrp_5g_dbm".into(), rsrp(&res.g5.rsrp_dbm)),
    ];
    DataFrame::new(n, cols).map_err(|e| Error::table("building the household table", e))
}
