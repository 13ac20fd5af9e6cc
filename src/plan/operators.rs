//! Coverage per operator: when the sites layer has an `operator` column,
//! the households each operator's sites cover (4G or 5G, with the run's
//! own model on that operator's sites alone), by any operator, and by two
//! or more (a choice of operators), per commune and for the province.
//! Operator names are matched without regard to case or surrounding
//! spaces.

use rayon::prelude::*;

use crate::config::{Scenario, Technology};
use crate::engine::{build_mobile, RunResult, UNASSIGNED};
use crate::{Error, Result};

/// The operators named in the sites layer (trimmed, first spelling kept),
/// sorted.
pub fn operators(base: &RunResult) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in base.inputs.sites.operator.iter().flatten() {
        let o = o.trim();
        if !o.is_empty() && !out.iter().any(|x| x.eq_ignore_ascii_case(o)) {
            out.push(o.to_string());
        }
    }
    out.sort();
    out
}

/// The operator of `name` as the sites layer spells it; a one-line error
/// listing the known ones otherwise.
pub fn resolve(base: &RunResult, name: &str) -> Result<String> {
    let known = operators(base);
    if known.is_empty() {
        return Err(Error::config(
            "operator",
            format!(
                "--operator {name}: {} has no `operator` column (or it is empty); \
                 add one to plan per operator",
                base.scenario.layers.sites_or_missing().display()
            ),
        ));
    }
    known
        .iter()
        .find(|k| k.eq_ignore_ascii_case(name.trim()))
        .cloned()
        .ok_or_else(|| {
            Error::config(
                "operator",
                format!(
                    "unknown operator {name:?}: the sites layer has {}",
                    known.join(", ")
                ),
            )
        })
}

/// Per household, whether the `operator`'s sites of `tech` cover it.
pub fn covered_by(
    scenario: &Scenario,
    base: &RunResult,
    tech: Technology,
    operator: &str,
) -> Result<Vec<bool>> {
    let mut sites = base.inputs.sites.clone();
    let ops = sites.operator.clone();
    sites.retain(|i| {
        ops[i]
            .as_deref()
            .is_some_and(|o| o.trim().eq_ignore_ascii_case(operator))
    });
    let proj = &base.projection;
    let xy: Vec<[f64; 2]> = (0..sites.len())
        .map(|i| proj.forward(sites.lon[i], sites.lat[i]))
        .collect();
    let model = build_mobile(scenario, &sites, &xy, tech)?;
    let hh = &base.inputs.households;
    Ok((0..hh.len())
        .into_par_iter()
        .map(|i| model.evaluate(proj.forward(hh.lon[i], hh.lat[i])).covered)
        .collect())
}

/// Households per commune covered by each operator, by any, by two or more.
#[derive(Debug, Clone, PartialEq)]
pub struct OperatorTable {
    /// Technology.
    pub tech: Technology,
    /// Operators, in column order.
    pub operators: Vec<String>,
    /// Per commune (the areas' order): households, covered per operator,
    /// by any, by two or more.
    pub communes: Vec<(u64, Vec<u64>, u64, u64)>,
}

/// The table of `tech` for every operator of the sites layer (`None`
/// without operators).
pub fn operator_table(
    scenario: &Scenario,
    base: &RunResult,
    tech: Technology,
) -> Result<Option<OperatorTable>> {
    let ops = operators(base);
    if ops.is_empty() {
        return Ok(None);
    }
    let cov = ops
        .iter()
        .map(|o| covered_by(scenario, base, tech, o))
        .collect::<Result<Vec<_>>>()?;
    let n = base.inputs.areas.len();
    let mut communes = vec![(0u64, vec![0u64; ops.len()], 0u64, 0u64); n];
    for (i, &a) in base.households.area.iter().enumerate() {
        if a == UNASSIGNED {
            continue;
        }
        let row = &mut communes[a as usize];
        row.0 += 1;
        let mut k = 0;
        for (j, c) in cov.iter().enumerate() {
            if c[i] {
                row.1[j] += 1;
                k += 1;
            }
        }
        row.2 += u64::from(k >= 1);
        row.3 += u64::from(k >= 2);
    }
    Ok(Some(OperatorTable {
        tech,
        operators: ops,
        communes,
    }))
}
