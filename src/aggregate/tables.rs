//! Result tables as polars DataFrames: per commune, per parent area and for
//! the province. The writers (CSV, GeoJSON) take their columns from here, so
//! every output carries the same figures under the same names.

use polars::prelude::{Column, DataFrame, Series};

use crate::aggregate::counts::{share, Counts};
use crate::aggregate::targets::{gap_to_target, meets};
use crate::input::scenario::Targets;
use crate::{Error, Result};

/// One row to tabulate: key columns, counts, and fibre reach.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// Key columns (name, value), e.g. `("code", "32001")`.
    pub keys: Vec<(String, String)>,
    /// The counts.
    pub counts: Counts,
    /// Communes in this row and how many are reached by fibre (for a single
    /// commune: 1 and 0/1).
    pub communes: u64,
    /// Communes reached by fibre.
    pub communes_reached: u64,
    /// Communes meeting the fibre household target on their own.
    pub communes_fibre_met: u64,
    /// Whether households in this row carry person counts.
    pub has_persons: bool,
}

fn polars_err(e: polars::error::PolarsError) -> Error {
    Error::table("building a result table failed", e)
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Build the table. `single_commune` rows (the commune table) get a boolean
/// `fibre_reached` column; aggregated rows get commune counts instead.
pub fn build_table(
    rows: &[TableRow],
    targets: &Targets,
    single_commune: bool,
) -> Result<DataFrame> {
    let n = rows.len();
    let mut cols: Vec<Column> = Vec::new();
    let key_names: Vec<String> = rows
        .first()
        .map(|r| r.keys.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    for (k, name) in key_names.iter().enumerate() {
        let v: Vec<&str> = rows.iter().map(|r| r.keys[k].1.as_str()).collect();
        cols.push(Column::new(name.as_str().into(), v));
    }
    let u = |f: &dyn Fn(&TableRow) -> u64| -> Vec<u64> { rows.iter().map(f).collect() };
    let fl =
        |f: &dyn Fn(&TableRow) -> f64| -> Vec<f64> { rows.iter().map(|r| round6(f(r))).collect() };
    let bo = |f: &dyn Fn(&TableRow) -> bool| -> Vec<bool> { rows.iter().map(f).collect() };
    let push_u =
        |cols: &mut Vec<Column>, name: &str, v: Vec<u64>| cols.push(Column::new(name.into(), v));
    if !single_commune {
        push_u(&mut cols, "communes", u(&|r| r.communes));
    }
    push_u(&mut cols, "households", u(&|r| r.counts.households));
    push_u(&mut cols, "demand_households", u(&|r| r.counts.demand));
    push_u(&mut cols, "fibre_served", u(&|r| r.counts.fibre_served));
    cols.push(Column::new(
        "fibre_share".into(),
        fl(&|r| share(r.counts.fibre_served, r.counts.demand)),
    ));
    let t = targets.fibre_households;
    cols.push(Column::new(
        "fibre_target_met".into(),
        bo(&|r| meets(t, r.counts.demand, r.counts.fibre_served)),
    ));
    push_u(
        &mut cols,
        "fibre_gap_households",
        u(&|r| gap_to_target(t, r.counts.demand, r.counts.fibre_served)),
    );
    if single_commune {
        cols.push(Column::new(
            "fibre_reached".into(),
            bo(&|r| r.communes_reached > 0),
        ));
        cols.push(Column::new(
            "fibre_served_any".into(),
            bo(&|r| r.counts.fibre_served_any > 0),
        ));
    } else {
        push_u(&mut cols, "communes_reached", u(&|r| r.communes_reached));
        cols.push(Column::new(
            "communes_reached_share".into(),
            fl(&|r| share(r.communes_reached, r.communes)),
        ));
        push_u(
            &mut cols,
            "communes_fibre_target_met",
            u(&|r| r.communes_fibre_met),
        );
    }
    push_u(&mut cols, "covered_4g", u(&|r| r.counts.covered_4g));
    cols.push(Column::new(
        "share_4g".into(),
        fl(&|r| share(r.counts.covered_4g, r.counts.households)),
    ));
    let t4 = targets.mobile_4g_households;
    cols.push(Column::new(
        "target_4g_met".into(),
        bo(&|r| meets(t4, r.counts.households, r.counts.covered_4g)),
    ));
    push_u(
        &mut cols,
        "gap_4g_households",
        u(&|r| gap_to_target(t4, r.counts.households, r.counts.covered_4g)),
    );
    push_u(&mut cols, "good_4g", u(&|r| r.counts.good_4g));
    cols.push(Column::new(
        "share_good_4g".into(),
        fl(&|r| share(r.counts.good_4g, r.counts.households)),
    ));
    push_u(&mut cols, "covered_5g", u(&|r| r.counts.covered_5g));
    cols.push(Column::new(
        "share_5g".into(),
        fl(&|r| share(r.counts.covered_5g, r.counts.households)),
    ));
    if let Some(t5) = targets.mobile_5g_households {
        cols.push(Column::new(
            "target_5g_met".into(),
            bo(&|r| meets(t5, r.counts.households, r.counts.covered_5g)),
        ));
        push_u(
            &mut cols,
            "gap_5g_households",
            u(&|r| gap_to_target(t5, r.counts.households, r.counts.covered_5g)),
        );
    }
    push_u(&mut cols, "good_5g", u(&|r| r.counts.good_5g));
    cols.push(Column::new(
        "share_good_5g".into(),
        fl(&|r| share(r.counts.good_5g, r.counts.households)),
    ));
    push_u(
        &mut cols,
        "covered_4g_demand",
        u(&|r| r.counts.covered_4g_demand),
    );
    push_u(
        &mut cols,
        "covered_5g_demand",
        u(&|r| r.counts.covered_5g_demand),
    );
    if rows.first().is_some_and(|r| r.has_persons) {
        push_u(&mut cols, "persons", u(&|r| r.counts.persons));
        push_u(&mut cols, "persons_fibre", u(&|r| r.counts.persons_fibre));
        push_u(&mut cols, "persons_4g", u(&|r| r.counts.persons_4g));
        push_u(&mut cols, "persons_5g", u(&|r| r.counts.persons_5g));
    }
    DataFrame::new(n, cols).map_err(polars_err)
}

/// A column of a result table as a Series (for writers and tests).
pub fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Series> {
    df.column(name)
        .map(|c| c.as_materialized_series())
        .map_err(polars_err)
}
