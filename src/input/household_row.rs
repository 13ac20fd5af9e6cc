//! One household row, as both CSV readers (the general one in
//! [`crate::input::households`] and the parallel fast path in
//! [`crate::input::households_fast`]) parse it, and the columns they fill.

use std::path::Path;

use crate::crs::Crs;
use crate::input::layer::to_lon_lat;
use crate::input::strings::Strings;
use crate::input::table::{parse_bool, parse_f64};
use crate::{Error, Result};

/// Households as columns (structure of arrays), in file order.
#[derive(Debug, Clone, Default)]
pub struct Households {
    /// Household ids.
    pub ids: Strings,
    /// Longitudes, degrees.
    pub lon: Vec<f64>,
    /// Latitudes, degrees.
    pub lat: Vec<f64>,
    /// Wants fixed broadband (default true when the column is absent).
    pub demand: Vec<bool>,
    /// Persons in the household, when the input has the column.
    pub persons: Option<Vec<u32>>,
}

impl Households {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.lon.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.lon.is_empty()
    }

    /// Keep the households `i` for which `keep(i)`, in order.
    pub fn retain(&mut self, keep: impl Fn(usize) -> bool) {
        fn sel<T>(v: &mut Vec<T>, keep: &dyn Fn(usize) -> bool) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep(i - 1)
            });
        }
        let mut ids = Strings::default();
        for i in (0..self.len()).filter(|&i| keep(i)) {
            ids.push(self.ids.get(i));
        }
        self.ids = ids;
        sel(&mut self.lon, &keep);
        sel(&mut self.lat, &keep);
        sel(&mut self.demand, &keep);
        if let Some(p) = self.persons.as_mut() {
            sel(p, &keep);
        }
    }

    /// Append one household.
    pub fn push(&mut self, id: &str, lon: f64, lat: f64, demand: bool, persons: Option<u32>) {
        self.ids.push(id);
        self.lon.push(lon);
        self.lat.push(lat);
        self.demand.push(demand);
        if let (Some(v), Some(p)) = (self.persons.as_mut(), persons) {
            v.push(p);
        }
    }
}

/// The columns of the household fields in a CSV file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowColumns {
    pub id: usize,
    pub lon: usize,
    pub lat: usize,
    pub demand: Option<usize>,
    pub persons: Option<usize>,
}

/// One household row: id, lon, lat, demand, persons (`get(column)` gives
/// a trimmed field, `None` past the end of a short row).
pub(crate) type Row<'a> = (&'a str, f64, f64, bool, Option<u32>);

/// Parse the fields of one CSV row (shared by the general and the fast
/// reader, so both give the same values and the same error messages).
pub(crate) fn parse_row<'a>(
    path: &Path,
    crs: &Crs,
    cols: &RowColumns,
    line: u64,
    get: impl Fn(usize) -> Option<&'a str>,
) -> Result<Row<'a>> {
    let id = get(cols.id).unwrap_or("");
    if id.is_empty() {
        return Err(Error::invalid_value(
            path,
            format!("line {line}"),
            "`id` is empty",
        ));
    }
    let x = parse_f64(path, line, "lon", get(cols.lon))?;
    let y = parse_f64(path, line, "lat", get(cols.lat))?;
    let [lon, lat] =
        if crs.is_wgs84() && (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) {
            // The common case, without formatting a location.
            [x, y]
        } else {
            to_lon_lat(path, crs, &format!("line {line}"), x, y)?
        };
    let demand = match cols.demand {
        Some(c) => parse_bool(path, line, "demand", get(c), true)?,
        None => true,
    };
    let persons = match cols.persons {
        Some(c) => Some(parse_persons(path, line, get(c))?),
        None => None,
    };
    Ok((id, lon, lat, demand, persons))
}

pub(crate) fn parse_persons(path: &Path, line: u64, field: Option<&str>) -> Result<u32> {
    let text = field.unwrap_or("");
    if text.is_empty() {
        return Ok(0);
    }
    text.parse::<u32>().map_err(|_| {
        Error::invalid_value(
            path,
            format!("line {line}"),
            format!("`persons` must be a whole number ≥ 0, found {text:?}"),
        )
    })
}
