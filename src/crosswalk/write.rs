//! The crosswalk's files: the pair table, the old units' summary, the
//! intersections as GeoJSON, a re-aggregated table, and the new units
//! labelled with an attribute of the old unit they mostly came from.

use std::path::Path;

use serde_json::Value;

use super::{Crosswalk, Reaggregated};
use crate::input::geojson_read::read_feature_layer;
use crate::output::atomic::write_atomic;
use crate::output::geojson::{multipolygon_json, write_collection};
use crate::{Error, Result};

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// Write a CSV table atomically: `header`, then `rows`.
fn write_csv<R>(path: &Path, header: &[&str], rows: impl Iterator<Item = R>) -> Result<()>
where
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    write_atomic(path, |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(header).map_err(io)?;
        for row in rows {
            c.write_record(row).map_err(io)?;
        }
        c.flush()
    })
}

/// `text` when the crosswalk has households, else empty.
fn if_households(cw: &Crosswalk, text: impl FnOnce() -> String) -> String {
    if cw.with_households {
        text()
    } else {
        String::new()
    }
}

/// `crosswalk.csv`: one row per old × new pair.
pub fn write_pairs_csv(path: &Path, cw: &Crosswalk) -> Result<()> {
    let main = cw.main_new();
    let header = [
        "old_code",
        "old_name",
        "new_code",
        "new_name",
        "shared_area_m2",
        "share_of_old_area",
        "shared_households",
        "share_of_old_households",
        "main_new_of_old",
    ];
    let rows = cw.pairs.iter().map(|p| {
        let (o, n) = (&cw.old.items[p.old], &cw.new.items[p.new]);
        let old_hh = cw.old_households[p.old];
        let hh_share = if old_hh > 0 {
            format!("{:.6}", p.households as f64 / old_hh as f64)
        } else {
            String::new()
        };
        let is_main = main[p.old].is_some_and(|m| m.0 == p.new);
        [
            o.id.clone(),
            o.name.clone(),
            n.id.clone(),
            n.name.clone(),
            format!("{:.1}", p.area_m2),
            format!("{:.6}", p.area_m2 / cw.old_area_m2[p.old]),
            if_households(cw, || p.households.to_string()),
            hh_share,
            if is_main { "1" } else { "0" }.into(),
        ]
    });
    write_csv(path, &header, rows)
}

/// `old_units.csv`: per old unit, the new unit it mostly went to, the
/// share that went there, on which basis, and into how many new units it
/// was split.
pub fn write_old_units_csv(path: &Path, cw: &Crosswalk) -> Result<()> {
    let main = cw.main_new();
    let header = [
        "old_code",
        "old_name",
        "area_m2",
        "households",
        "main_new_code",
        "main_new_name",
        "main_share",
        "basis",
        "new_units",
        "split",
    ];
    let rows = cw.old.items.iter().enumerate().map(|(i, o)| {
        let (code, name, share, count) = match main[i] {
            Some((j, s, k)) => {
                let n = &cw.new.items[j];
                (n.id.clone(), n.name.clone(), format!("{s:.6}"), k)
            }
            None => (String::new(), String::new(), String::new(), 0),
        };
        [
            o.id.clone(),
            o.name.clone(),
            format!("{:.1}", cw.old_area_m2[i]),
            if_households(cw, || cw.old_households[i].to_string()),
            code,
            name,
            share,
            cw.basis_of_old(i).name().into(),
            count.to_string(),
            if count > 1 { "1" } else { "0" }.into(),
        ]
    });
    write_csv(path, &header, rows)
}

/// `crosswalk.geojson`: the intersections, with the pair's codes, area and
/// households.
pub fn write_intersections(path: &Path, cw: &Crosswalk) -> Result<()> {
    let features: Vec<String> = cw
        .pairs
        .iter()
        .filter(|p| !p.geometry.0.is_empty())
        .map(|p| {
            let props = serde_json::json!({
                "old_code": cw.old.items[p.old].id,
                "old_name": cw.old.items[p.old].name,
                "new_code": cw.new.items[p.new].id,
                "new_name": cw.new.items[p.new].name,
                "shared_area_m2": (p.area_m2 * 10.0).round() / 10.0,
                "shared_households": if cw.with_households { Value::from(p.households) } else { Value::Null },
            });
            format!(
                "{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{}}}",
                multipolygon_json(&p.geometry)
            )
        })
        .collect();
    write_collection(path, "crosswalk", &features)
}

/// The re-aggregated table: `new_code,new_name,<columns>`.
pub fn write_reaggregated_csv(
    path: &Path,
    cw: &Crosswalk,
    columns: &[String],
    r: &Reaggregated,
) -> Result<()> {
    let mut header = vec!["new_code", "new_name"];
    header.extend(columns.iter().map(String::as_str));
    let rows = cw.new.items.iter().enumerate().map(|(j, n)| {
        let values = r.values[j].iter();
        let values = values.map(|v| v.map(|x| format!("{x:.6}")).unwrap_or_default());
        [n.id.clone(), n.name.clone()].into_iter().chain(values)
    });
    write_csv(path, &header, rows)
}

/// Write the new units' file (`new_path`, its features and properties as
/// they are) with property `field` added: the value of `field` of the old
/// unit each new unit mostly came from ([`Crosswalk::main_old`]).
/// `old_values[i]` is that value for old unit `i`; `id_field` is the new
/// units' code property.
pub fn write_labelled(
    path: &Path,
    new_path: &Path,
    id_field: &str,
    cw: &Crosswalk,
    field: &str,
    old_values: &[Option<String>],
) -> Result<()> {
    let main = cw.main_old();
    let layer = read_feature_layer(new_path)?;
    let mut features = Vec::with_capacity(layer.features.len());
    for (i, mut f) in layer.features.into_iter().enumerate() {
        let code = crate::input::geojson_read::property_text(&f, id_field).ok_or_else(|| {
            Error::invalid_value(
                new_path,
                format!("feature {}", i + 1),
                format!("no `{id_field}`"),
            )
        })?;
        let value = cw
            .new
            .items
            .binary_search_by(|a| a.id.cmp(&code))
            .ok()
            .and_then(|j| main[j])
            .and_then(|(o, _, _)| old_values[o].clone());
        f.set_property(field, value.map_or(Value::Null, Value::from));
        features.push(serde_json::to_string(&f).map_err(|e| Error::Output(e.to_string()))?);
    }
    let name = new_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_collection(path, &name, &features)
}
