//! The crosswalk's files: the pair table, the old units' summary, the
//! intersections as GeoJSON, a re-aggregated table, and the new units
//! labelled with an attribute of the old unit they mostly came from.

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use super::{Crosswalk, Reaggregated};
use crate::input::geojson_read::read_feature_layer;
use crate::output::atomic::write_atomic;
use crate::output::geojson::{multipolygon_json, write_collection};
use crate::{Error, Result};

fn csv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::Writer::from_writer(w)
}

fn io(e: csv::Error) -> std::io::Error {
    std::io::Error::other(e)
}

/// `crosswalk.csv`: one row per old × new pair.
pub fn write_pairs_csv(path: &Path, cw: &Crosswalk) -> Result<()> {
    let main = cw.main_new();
    write_atomic(path, |w| {
        let mut c = csv_writer(w);
        c.write_record([
            "old_code",
            "old_name",
            "new_code",
            "new_name",
            "shared_area_m2",
            "share_of_old_area",
            "shared_households",
            "share_of_old_households",
            "main_new_of_old",
        ])
        .map_err(io)?;
        for p in &cw.pairs {
            let (o, n) = (&cw.old.items[p.old], &cw.new.items[p.new]);
            let hh_share = if cw.old_households[p.old] > 0 {
                format!(
                    "{:.6}",
                    p.households as f64 / cw.old_households[p.old] as f64
                )
            } else {
                String::new()
            };
            let is_main = main[p.old].is_some_and(|m| m.0 == p.new);
            c.write_record([
                o.id.as_str(),
                o.name.as_str(),
                n.id.as_str(),
                n.name.as_str(),
                &format!("{:.1}", p.area_m2),
                &format!("{:.6}", p.area_m2 / cw.old_area_m2[p.old]),
                &if cw.with_households {
                    p.households.to_string()
                } else {
                    String::new()
                },
                &hh_share,
                if is_main { "1" } else { "0" },
            ])
            .map_err(io)?;
        }
        c.flush()
    })
}

/// `old_units.csv`: per old unit, the new unit it mostly went to, the
/// share that went there, on which basis, and into how many new units it
/// was split.
pub fn write_old_units_csv(path: &Path, cw: &Crosswalk) -> Result<()> {
    let main = cw.main_new();
    write_atomic(path, |w| {
        let mut c = csv_writer(w);
        c.write_record([
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
        ])
        .map_err(io)?;
        for (i, o) in cw.old.items.iter().enumerate() {
            let (code, name, share, count) = match main[i] {
                Some((j, s, k)) => (
                    cw.new.items[j].id.as_str(),
                    cw.new.items[j].name.as_str(),
                    format!("{s:.6}"),
                    k,
                ),
                None => ("", "", String::new(), 0),
            };
            c.write_record([
                o.id.as_str(),
                o.name.as_str(),
                &format!("{:.1}", cw.old_area_m2[i]),
                &if cw.with_households {
                    cw.old_households[i].to_string()
                } else {
                    String::new()
                },
                code,
                name,
                &share,
                cw.basis_of_old(i).name(),
                &count.to_string(),
                if count > 1 { "1" } else { "0" },
            ])
            .map_err(io)?;
        }
        c.flush()
    })
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
    write_atomic(path, |w| {
        let mut c = csv_writer(w);
        let mut head = vec!["new_code".to_string(), "new_name".to_string()];
        head.extend(columns.iter().cloned());
        c.write_record(&head).map_err(io)?;
        for (j, n) in cw.new.items.iter().enumerate() {
            let mut row = vec![n.id.clone(), n.name.clone()];
            row.extend(
                r.values[j]
                    .iter()
                    .map(|v| v.map(|x| format!("{x:.6}")).unwrap_or_default()),
            );
            c.write_record(&row).map_err(io)?;
        }
        c.flush()
    })
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
