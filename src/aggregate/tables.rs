//! Result tables as polars DataFrames: per commune, per parent area and for
//! the province. The writers (CSV, GeoJSON) take their columns from here, so
//! every output carries the same figures under the same names.

use polars::prelude::{Column, DataFrame, Series};

use crate::aggregate::counts::{share, Counts};
use crate::aggregate::targets::{goals, Goal, TableColumns, Tally};
use crate::config::Targets;
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

impl TableRow {
    /// The figures the targets are measured on.
    pub fn tally(&self) -> Tally {
        Tally {
            counts: self.counts,
            communes: self.communes,
            communes_reached: self.communes_reached,
        }
    }
}

fn polars_err(e: polars::error::PolarsError) -> Error {
    Error::table("building a result table failed", e)
}

/// `num / den`, not a number when `den` is 0 (an undefined share).
fn defined_share(num: u64, den: u64) -> f64 {
    if den == 0 {
        f64::NAN
    } else {
        share(num, den)
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Build the table. `single_commune` rows (the commune table) get a boolean
/// `fibre_reached` column; aggregated rows get commune counts instead. The
/// columns of each target `targets` sets (met, gap) follow its share column
/// (see [`TableColumns`]).
pub fn build_table(
    rows: &[TableRow],
    targets: &Targets,
    single_commune: bool,
) -> Result<DataFrame> {
    let mut cols = key_columns(rows);
    let c = Columns { rows };
    if !single_commune {
        cols.push(c.u64("communes", |r| r.communes));
    }
    cols.extend([
        c.u64("households", |r| r.counts.households),
        c.u64("demand_households", |r| r.counts.demand),
        c.u64("fibre_served", |r| r.counts.fibre_served),
        c.share("fibre_share", |r| {
            defined_share(r.counts.fibre_served, r.counts.demand)
        }),
    ]);
    cols.extend(reach_columns(&c, single_commune));
    cols.extend(mobile_columns(&c));
    if rows.first().is_some_and(|r| r.has_persons) {
        cols.extend([
            c.u64("persons", |r| r.counts.persons),
            c.u64("persons_fibre", |r| r.counts.persons_fibre),
            c.u64("persons_4g", |r| r.counts.persons_4g),
            c.u64("persons_5g", |r| r.counts.persons_5g),
        ]);
    }
    for goal in goals(targets) {
        if let Some(tc) = goal.target.columns {
            insert_target_columns(&mut cols, &c, goal, tc);
        }
    }
    DataFrame::new(rows.len(), cols).map_err(polars_err)
}

/// Columns of one statistic over the rows.
struct Columns<'a> {
    rows: &'a [TableRow],
}

impl Columns<'_> {
    fn u64(&self, name: &str, f: impl Fn(&TableRow) -> u64) -> Column {
        let v: Vec<u64> = self.rows.iter().map(f).collect();
        Column::new(name.into(), v)
    }

    /// A share, rounded to 6 decimals; empty (null) where it is undefined
    /// (`f` gives not a number: nothing to serve), never a misleading 0.
    fn share(&self, name: &str, f: impl Fn(&TableRow) -> f64) -> Column {
        let v: Vec<Option<f64>> = self
            .rows
            .iter()
            .map(|r| Some(f(r)).filter(|x| x.is_finite()).map(round6))
            .collect();
        Column::new(name.into(), v)
    }

    fn bool(&self, name: &str, f: impl Fn(&TableRow) -> bool) -> Column {
        let v: Vec<bool> = self.rows.iter().map(f).collect();
        Column::new(name.into(), v)
    }
}

/// The key columns (`code`, `name`, the parent field; or `province`).
fn key_columns(rows: &[TableRow]) -> Vec<Column> {
    let key_names: Vec<String> = rows
        .first()
        .map(|r| r.keys.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default();
    key_names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let v: Vec<&str> = rows.iter().map(|r| r.keys[k].1.as_str()).collect();
            Column::new(name.as_str().into(), v)
        })
        .collect()
}

/// Fibre reach: a commune's own flags, or the communes an aggregate holds.
fn reach_columns(c: &Columns, single_commune: bool) -> Vec<Column> {
    if single_commune {
        vec![
            c.bool("fibre_reached", |r| r.communes_reached > 0),
            c.bool("fibre_served_any", |r| r.counts.fibre_served_any > 0),
        ]
    } else {
        vec![
            c.u64("communes_reached", |r| r.communes_reached),
            c.share("communes_reached_share", |r| {
                defined_share(r.communes_reached, r.communes)
            }),
            c.u64("communes_fibre_target_met", |r| r.communes_fibre_met),
        ]
    }
}

/// 4G and 5G coverage: covered, share, good, and the demand households
/// covered.
fn mobile_columns(c: &Columns) -> Vec<Column> {
    let hh_share = |f: fn(&Counts) -> u64| {
        move |r: &TableRow| defined_share(f(&r.counts), r.counts.households)
    };
    vec![
        c.u64("covered_4g", |r| r.counts.covered_4g),
        c.share("share_4g", hh_share(|c| c.covered_4g)),
        c.u64("good_4g", |r| r.counts.good_4g),
        c.share("share_good_4g", hh_share(|c| c.good_4g)),
        c.u64("covered_5g", |r| r.counts.covered_5g),
        c.share("share_5g", hh_share(|c| c.covered_5g)),
        c.u64("good_5g", |r| r.counts.good_5g),
        c.share("share_good_5g", hh_share(|c| c.good_5g)),
        c.u64("covered_4g_demand", |r| r.counts.covered_4g_demand),
        c.u64("covered_5g_demand", |r| r.counts.covered_5g_demand),
    ]
}

/// Insert a target's met and gap columns after the column they follow
/// (at the end when that column is absent).
fn insert_target_columns(cols: &mut Vec<Column>, c: &Columns, goal: Goal, tc: TableColumns) {
    let at = cols
        .iter()
        .position(|col| col.name().as_str() == tc.share)
        .map_or(cols.len(), |i| i + 1);
    // Null where there is nothing to serve (no demand households): such a
    // commune neither meets nor misses the target.
    let met = Column::new(
        tc.met.into(),
        c.rows
            .iter()
            .map(|r| goal.meets_defined(&r.tally()))
            .collect::<Vec<Option<bool>>>(),
    );
    let gap = c.u64(tc.gap, |r| goal.gap(&r.tally()));
    cols.insert(at, gap);
    cols.insert(at, met);
}

/// A column of a result table as a Series (for writers and tests).
pub fn column<'a>(df: &'a DataFrame, name: &str) -> Result<&'a Series> {
    df.column(name)
        .map(|c| c.as_materialized_series())
        .map_err(polars_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: &str, served: u64) -> TableRow {
        TableRow {
            keys: vec![("code".into(), code.into())],
            counts: Counts {
                households: 10,
                demand: 10,
                fibre_served: served,
                covered_4g: 10,
                ..Counts::default()
            },
            communes: 1,
            communes_reached: 1,
            communes_fibre_met: 0,
            has_persons: false,
        }
    }

    #[test]
    fn target_columns_follow_their_share_column() {
        let rows = [row("1", 7), row("2", 9)];
        let names = |t: &Targets| -> Vec<String> {
            let df = build_table(&rows, t, true).unwrap();
            df.get_column_names()
                .iter()
                .map(|n| n.to_string())
                .collect()
        };
        let n = names(&Targets::default());
        let at = |c: &str| n.iter().position(|x| x == c).unwrap();
        assert_eq!(at("fibre_target_met"), at("fibre_share") + 1);
        assert_eq!(at("fibre_gap_households"), at("fibre_share") + 2);
        assert_eq!(at("gap_4g_households"), at("share_4g") + 2);
        assert!(!n.iter().any(|x| x == "target_5g_met"), "no 5G goal");
        let with_5g = Targets {
            mobile_5g_households: Some(0.5),
            ..Targets::default()
        };
        let n5 = names(&with_5g);
        let at5 = |c: &str| n5.iter().position(|x| x == c).unwrap();
        assert_eq!(at5("target_5g_met"), at5("share_5g") + 1);
        let df = build_table(&rows, &Targets::default(), true).unwrap();
        let gap = column(&df, "fibre_gap_households").unwrap();
        assert_eq!(gap.u64().unwrap().get(0), Some(1));
        assert_eq!(gap.u64().unwrap().get(1), Some(0));
    }
}
