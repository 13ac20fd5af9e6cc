//! Counts per area, from the areas' own properties or from a CSV joined on
//! the area code.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::AreaFields;
use crate::input::geojson_read::{property_text, read_feature_layer};
use crate::input::table::Table;
use crate::input::{read_areas, Areas};
use crate::{Error, Result};

use super::from_counts::{CountArea, Persons};

/// Which columns (or properties) hold the counts.
#[derive(Debug, Clone, Default)]
pub struct CountColumns {
    /// The area code: a property of the areas, and the join column of
    /// the counts CSV.
    pub id: String,
    /// Households (a whole number ≥ 0).
    pub households: String,
    /// Persons (optional total per area).
    pub persons: Option<String>,
    /// Households by size 1, 2, …, k+ (optional; replaces `persons`).
    pub sizes: Vec<String>,
    /// Share of households wanting fixed broadband (optional; else the
    /// default rate).
    pub demand_rate: Option<String>,
}

/// The values of one area's row, as text, with where they came from.
struct Row {
    location: String,
    values: Vec<Option<String>>,
}

/// The areas with their counts: read the areas (any format and CRS
/// phusong reads), then the counts from their properties or, with
/// `counts_csv`, from that table joined on `columns.id`. Areas without a
/// count get none (returned by code as the second value); a code in the
/// table that matches no area, a count that is not a whole number ≥ 0, a
/// share outside [0, 1] are errors naming the file and row.
pub fn read_count_areas(
    areas_path: &Path,
    counts_csv: Option<&Path>,
    columns: &CountColumns,
    default_rate: f64,
) -> Result<(Vec<CountArea>, Vec<String>)> {
    let fields = AreaFields {
        id_field: columns.id.clone(),
        name_field: columns.id.clone(),
        ..AreaFields::default()
    };
    let areas: Areas = read_areas(areas_path, &fields)?;
    let wanted: Vec<&str> = std::iter::once(columns.households.as_str())
        .chain(columns.persons.as_deref())
        .chain(columns.sizes.iter().map(String::as_str))
        .chain(columns.demand_rate.as_deref())
        .collect();
    let (source, rows) = match counts_csv {
        Some(csv) => (csv, rows_from_csv(csv, &columns.id, &wanted)?),
        None => (
            areas_path,
            rows_from_features(areas_path, &columns.id, &wanted)?,
        ),
    };
    let unmatched: Vec<&String> = rows
        .keys()
        .filter(|code| areas.items.binary_search_by(|a| a.id.cmp(code)).is_err())
        .collect();
    if !unmatched.is_empty() {
        let listed: Vec<&str> = unmatched.iter().take(20).map(|s| s.as_str()).collect();
        return Err(Error::invalid_value(
            source,
            "",
            format!(
                "{} codes in `{}` match no area of {}: {}{}; check the join column and codes",
                unmatched.len(),
                columns.id,
                areas_path.display(),
                listed.join(", "),
                if unmatched.len() > 20 { ", …" } else { "" }
            ),
        ));
    }
    let mut out = Vec::with_capacity(areas.len());
    let mut missing = Vec::new();
    for a in &areas.items {
        let Some(row) = rows.get(&a.id) else {
            missing.push(a.id.clone());
            continue;
        };
        out.push(count_area(source, row, &wanted, columns, a, default_rate)?);
    }
    Ok((out, missing))
}

fn count_area(
    source: &Path,
    row: &Row,
    wanted: &[&str],
    columns: &CountColumns,
    a: &crate::input::Area,
    default_rate: f64,
) -> Result<CountArea> {
    let value = |name: &str| -> Option<&str> {
        let k = wanted.iter().position(|w| *w == name)?;
        row.values[k].as_deref()
    };
    let count = |name: &str| whole(source, &row.location, name, value(name));
    let households = count(&columns.households)?;
    let persons = if !columns.sizes.is_empty() {
        let sizes = columns
            .sizes
            .iter()
            .map(|c| count(c))
            .collect::<Result<Vec<u64>>>()?;
        Persons::Sizes(sizes)
    } else if let Some(p) = &columns.persons {
        Persons::Total(count(p)?)
    } else {
        Persons::Unknown
    };
    let demand_rate = match &columns.demand_rate {
        Some(c) => share(source, &row.location, c, value(c))?,
        None => default_rate,
    };
    Ok(CountArea {
        id: a.id.clone(),
        geometry: a.geometry.clone(),
        households,
        persons,
        demand_rate,
    })
}

/// A whole number ≥ 0 (`12`, `12.0`), else an error naming the value.
fn whole(path: &Path, location: &str, column: &str, text: Option<&str>) -> Result<u64> {
    let t = text.unwrap_or("").trim();
    let bad = |why: &str| {
        Error::invalid_value(
            path,
            location,
            format!("`{column}` {why}: {t:?}; counts must be whole numbers ≥ 0"),
        )
    };
    if t.is_empty() {
        return Err(bad("is empty"));
    }
    let v: f64 = t.parse().map_err(|_| bad("is not a number"))?;
    if !v.is_finite() {
        return Err(bad("is not a number"));
    }
    if v < 0.0 {
        return Err(bad("is negative"));
    }
    if v.fract() != 0.0 {
        return Err(bad("is not a whole number"));
    }
    Ok(v as u64)
}

fn share(path: &Path, location: &str, column: &str, text: Option<&str>) -> Result<f64> {
    let t = text.unwrap_or("").trim();
    match t.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(Error::invalid_value(
            path,
            location,
            format!("`{column}` must be a share between 0 and 1, found {t:?}"),
        )),
    }
}

fn rows_from_csv(path: &Path, id: &str, wanted: &[&str]) -> Result<BTreeMap<String, Row>> {
    let mut t = Table::open(path)?;
    let id_col = t.require_mapped(id, Some(id), &[])?;
    let cols = wanted
        .iter()
        .map(|w| t.require_mapped(w, Some(w), &[]))
        .collect::<Result<Vec<usize>>>()?;
    let mut rows = BTreeMap::new();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    t.for_each(|line, rec| {
        let code = rec.get(id_col).unwrap_or("").trim().to_string();
        let location = format!("line {line}");
        if code.is_empty() {
            return Err(Error::invalid_value(
                path,
                &location,
                format!("`{id}` is empty"),
            ));
        }
        if let Some(prev) = first_line.insert(code.clone(), line) {
            return Err(Error::duplicate_id(
                path,
                &location,
                format!("the code {code:?} occurs more than once (first at line {prev})"),
            ));
        }
        let values = cols.iter().map(|&c| rec.get(c).map(String::from)).collect();
        rows.insert(code, Row { location, values });
        Ok(())
    })?;
    Ok(rows)
}

fn rows_from_features(path: &Path, id: &str, wanted: &[&str]) -> Result<BTreeMap<String, Row>> {
    let layer = read_feature_layer(path)?;
    let mut rows = BTreeMap::new();
    for (i, f) in layer.features.iter().enumerate() {
        let Some(code) = property_text(f, id) else {
            continue; // read_areas has already refused a feature without a code
        };
        let location = format!("feature {} ({id} {code})", i + 1);
        let values = wanted.iter().map(|w| property_text(f, w)).collect();
        rows.insert(code, Row { location, values });
    }
    Ok(rows)
}

/// A number property per area code (e.g. persons per household), from
/// the areas file; an error naming the feature when one is not a
/// positive number.
pub fn area_numbers(path: &Path, id: &str, column: &str) -> Result<BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for (code, row) in rows_from_features(path, id, &[column])? {
        let t = row.values[0].clone().unwrap_or_default();
        match t.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => {
                out.insert(code, v);
            }
            _ => {
                return Err(Error::invalid_value(
                    path,
                    &row.location,
                    format!("`{column}` must be a positive number, found {t:?}"),
                ))
            }
        }
    }
    Ok(out)
}
