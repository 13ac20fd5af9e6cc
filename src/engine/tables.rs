//! Aggregation: the counts per area and the commune, parent and province
//! tables.

use polars::prelude::DataFrame;
use rayon::prelude::*;

use super::household_results::HouseholdResults;
use super::parallel::CHUNK;
use super::progress::Progress;
use crate::aggregate::{build_table, meets, Counts, HouseholdFlags, TableRow};
use crate::config::Scenario;
use crate::index::UNASSIGNED;
use crate::input::Inputs;
use crate::Result;

/// The household counts of every area, and of the households in none.
pub(crate) struct AreaCounts {
    /// Per area, in the order of the areas.
    pub per_area: Vec<Counts>,
    /// The households in no area.
    pub unassigned: Counts,
    /// All households.
    pub households: usize,
}

/// Count the households of every area, in parallel chunks (the sums are
/// integers, so the result does not depend on the chunking).
pub(crate) fn count(
    inputs: &Inputs,
    results: &HouseholdResults,
    progress: &dyn Progress,
) -> AreaCounts {
    let hh = &inputs.households;
    let n = hh.len();
    progress.start("aggregate", n as u64);
    let n_areas = inputs.areas.len();
    let flags = |i: usize| HouseholdFlags {
        demand: hh.demand[i],
        fibre: results.fibre_served[i],
        g4: (results.g4.covered[i], results.g4.good[i]),
        g5: (results.g5.covered[i], results.g5.good[i]),
        persons: hh.persons.as_ref().map_or(0, |p| p[i]),
    };
    let mut per_area: Vec<Counts> = (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut acc = vec![Counts::default(); n_areas + 1];
            let range = c * CHUNK..((c + 1) * CHUNK).min(n);
            let len = range.len();
            for i in range {
                let a = results.area[i];
                let slot = if a == UNASSIGNED { n_areas } else { a as usize };
                acc[slot].add(&flags(i));
            }
            progress.inc(len as u64);
            acc
        })
        .reduce(
            || vec![Counts::default(); n_areas + 1],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    progress.finish();
    let unassigned = per_area.pop().unwrap_or_default();
    AreaCounts {
        per_area,
        unassigned,
        households: n,
    }
}

/// The tables of a run.
pub(crate) struct Tables {
    /// One row per commune (area), in area order.
    pub commune_rows: Vec<TableRow>,
    /// The province's row.
    pub province_row: TableRow,
    pub communes: DataFrame,
    pub parents: Option<DataFrame>,
    pub province: DataFrame,
}

/// Build the commune table, the parent (district) table when the areas
/// have a parent, and the province's.
pub(crate) fn build(
    scenario: &Scenario,
    inputs: &Inputs,
    area_counts: &[Counts],
    area_reached: &[bool],
) -> Result<Tables> {
    let has_persons = inputs.households.persons.is_some();
    let targets = &scenario.targets;
    let commune_rows: Vec<TableRow> = inputs
        .areas
        .items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut keys = vec![
                ("code".to_string(), a.id.clone()),
                ("name".to_string(), a.name.clone()),
            ];
            if let (Some(field), Some(p)) = (&scenario.areas.parent_field, &a.parent) {
                keys.push((field.clone(), p.clone()));
            }
            TableRow {
                keys,
                counts: area_counts[i],
                communes: 1,
                communes_reached: area_reached[i] as u64,
                communes_fibre_met: meets(
                    targets.fibre_households,
                    area_counts[i].demand,
                    area_counts[i].fibre_served,
                ) as u64,
                has_persons,
            }
        })
        .collect();
    let communes = build_table(&commune_rows, targets, true)?;
    let parents = match &scenario.areas.parent_field {
        Some(field) => {
            let rows: Vec<TableRow> = inputs
                .areas
                .parents()
                .into_iter()
                .map(|(name, members)| {
                    sum_rows(
                        vec![(field.clone(), name)],
                        &commune_rows,
                        &members,
                        has_persons,
                    )
                })
                .collect();
            Some(build_table(&rows, targets, false)?)
        }
        None => None,
    };
    let all: Vec<usize> = (0..commune_rows.len()).collect();
    let province_row = sum_rows(
        vec![("province".to_string(), scenario.province.clone())],
        &commune_rows,
        &all,
        has_persons,
    );
    let province = build_table(std::slice::from_ref(&province_row), targets, false)?;
    Ok(Tables {
        commune_rows,
        province_row,
        communes,
        parents,
        province,
    })
}

/// The row of a group of communes (`members`, indexes into `rows`).
fn sum_rows(
    keys: Vec<(String, String)>,
    rows: &[TableRow],
    members: &[usize],
    has_persons: bool,
) -> TableRow {
    let mut row = TableRow {
        keys,
        counts: Counts::default(),
        communes: members.len() as u64,
        communes_reached: 0,
        communes_fibre_met: 0,
        has_persons,
    };
    for &i in members {
        row.counts += rows[i].counts;
        row.communes_reached += rows[i].communes_reached;
        row.communes_fibre_met += rows[i].communes_fibre_met;
    }
    row
}
