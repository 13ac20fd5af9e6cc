//! Coverage per operator and the operator targets of a run
//! (`[[targets.operators]]`, [`crate::config::OperatorTarget`]): per
//! household, whether each operator's sites of a technology cover it (the
//! run's own model on that operator's sites alone), then per commune,
//! district and province the households covered by the named operator, by
//! any operator, or by two or more (a choice), as columns of the tables
//! and a [`TargetCheck`] each in the summary (so on the console and in
//! `summary.md` / `summary.json`).

use polars::prelude::Column;
use rayon::prelude::*;

use crate::aggregate::indicators::round6;
use crate::aggregate::targets::met_status;
use crate::aggregate::{gap_to_target, meets, share, TargetCheck};
use crate::config::{OperatorTarget, Scenario, Technology};
use crate::engine::{build_mobile, RunResult, UNASSIGNED};
use crate::input::Sites;
use crate::lang::{fill, Term};
use crate::projection::Projection;
use crate::{Error, Result};

/// The operators named in `sites` (trimmed, first spelling kept), sorted.
pub fn operators_of(sites: &Sites) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in sites.operator.iter().flatten() {
        let o = o.trim();
        if !o.is_empty() && !out.iter().any(|x| x.eq_ignore_ascii_case(o)) {
            out.push(o.to_string());
        }
    }
    out.sort();
    out
}

/// The operator `name` as `sites` spells it; otherwise one line (`what`
/// says where the name came from) listing the known operators.
pub fn resolve_operator(sites: &Sites, name: &str, what: &str) -> Result<String> {
    let known = operators_of(sites);
    if known.is_empty() {
        return Err(Error::config(
            "operator",
            format!(
                "{what} {name:?}: the sites layer has no `operator` column (or it is empty); \
                 add one to work per operator"
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
                    "{what}: unknown operator {name:?}: the sites layer has {}",
                    known.join(", ")
                ),
            )
        })
}

/// Per household (lon/lat projected on `projection`), whether the
/// `operator`'s sites of `tech` cover it.
pub fn operator_covered(
    scenario: &Scenario,
    sites: &Sites,
    projection: &Projection,
    households_xy: &[[f64; 2]],
    tech: Technology,
    operator: &str,
) -> Result<Vec<bool>> {
    let mut own = sites.clone();
    let ops = own.operator.clone();
    own.retain(|i| {
        ops[i]
            .as_deref()
            .is_some_and(|o| o.trim().eq_ignore_ascii_case(operator))
    });
    let xy: Vec<[f64; 2]> = (0..own.len())
        .map(|i| projection.forward(own.lon[i], own.lat[i]))
        .collect();
    let model = build_mobile(scenario, &own, &xy, tech)?;
    Ok(households_xy
        .par_iter()
        .map(|&p| model.covered(p))
        .collect())
}

/// Per household, how many operators' sites of `tech` cover it, and whether
/// each named one does (in `operators` order).
fn coverage(r: &RunResult, tech: Technology, operators: &[String]) -> Result<Vec<Vec<bool>>> {
    let hh = &r.inputs.households;
    let xy: Vec<[f64; 2]> = (0..hh.len())
        .into_par_iter()
        .map(|i| r.projection.forward(hh.lon[i], hh.lat[i]))
        .collect();
    operators
        .iter()
        .map(|o| operator_covered(&r.scenario, &r.inputs.sites, &r.projection, &xy, tech, o))
        .collect()
}

/// Add the scenario's operator targets to the run (nothing without any).
/// An operator the sites layer does not have is a one-line error listing
/// those it has.
pub fn attach(r: &mut RunResult) -> Result<()> {
    let targets = r.scenario.targets.operators.clone();
    if targets.is_empty() {
        return Ok(());
    }
    let operators = operators_of(&r.inputs.sites);
    if operators.is_empty() {
        return Err(Error::config(
            "targets.operators",
            "[[targets.operators]]: the sites layer has no `operator` column (or it is empty); \
             add one, or remove the operator targets",
        ));
    }
    // Named operators as the sites layer spells them.
    let mut targets = targets;
    for t in targets.iter_mut().filter(|t| t.group().is_none()) {
        t.operator = resolve_operator(&r.inputs.sites, &t.operator, "[[targets.operators]]")
            .map_err(|e| {
                Error::config("targets.operators", format!("{e} (or \"any\", \"choice\")"))
            })?;
    }
    let mut by_tech: Vec<(Technology, Vec<Vec<bool>>)> = Vec::new();
    for tech in Technology::ALL {
        if targets.iter().any(|t| t.tech == tech) {
            by_tech.push((tech, coverage(r, tech, &operators)?));
        }
    }
    for t in &targets {
        let Some((_, cov)) = by_tech.iter().find(|(k, _)| *k == t.tech) else {
            continue;
        };
        let covered: Vec<bool> = (0..r.inputs.households.len())
            .map(|i| {
                let n = cov.iter().filter(|c| c[i]).count();
                match t.group() {
                    Some("any") => n >= 1,
                    Some(_) => n >= 2,
                    None => {
                        let j = operators
                            .iter()
                            .position(|o| o.eq_ignore_ascii_case(t.operator.trim()))
                            .unwrap_or(0);
                        cov[j][i]
                    }
                }
            })
            .collect();
        add_target(r, t, &covered)?;
    }
    Ok(())
}

/// The columns and the check of one target, from each household's flag.
fn add_target(r: &mut RunResult, t: &OperatorTarget, covered: &[bool]) -> Result<()> {
    let n = r.inputs.areas.len();
    let mut per = vec![(0u64, 0u64); n];
    for (i, &a) in r.households.area.iter().enumerate() {
        if a != UNASSIGNED {
            per[a as usize].0 += 1;
            per[a as usize].1 += u64::from(covered[i]);
        }
    }
    let who = t
        .key()
        .rsplit_once("_households_")
        .map(|x| x.1.to_string())
        .unwrap_or_default();
    let stem = t.tech.stem();
    let names = [
        format!("covered_{stem}_{who}"),
        format!("share_{stem}_{who}"),
        format!("target_{stem}_{who}_met"),
        format!("gap_{stem}_{who}_households"),
    ];
    let err = |e: polars::error::PolarsError| Error::table("adding operator targets", e);
    let add = |df: &mut polars::prelude::DataFrame, rows: &[(u64, u64)]| -> Result<()> {
        let cols = [
            Column::new(
                names[0].as_str().into(),
                rows.iter().map(|r| r.1).collect::<Vec<u64>>(),
            ),
            Column::new(
                names[1].as_str().into(),
                rows.iter()
                    .map(|r| round6(share(r.1, r.0)))
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                names[2].as_str().into(),
                rows.iter()
                    .map(|r| meets(t.households, r.0, r.1))
                    .collect::<Vec<bool>>(),
            ),
            Column::new(
                names[3].as_str().into(),
                rows.iter()
                    .map(|r| gap_to_target(t.households, r.0, r.1))
                    .collect::<Vec<u64>>(),
            ),
        ];
        for c in cols {
            df.with_column(c).map_err(err)?;
        }
        Ok(())
    };
    add(&mut r.communes, &per)?;
    if let Some(df) = r.parents.as_mut() {
        let rows: Vec<(u64, u64)> = r
            .inputs
            .areas
            .parents()
            .values()
            .map(|m| {
                m.iter()
                    .fold((0, 0), |a, &i| (a.0 + per[i].0, a.1 + per[i].1))
            })
            .collect();
        add(df, &rows)?;
    }
    let total = per.iter().fold((0, 0), |a, p| (a.0 + p.0, a.1 + p.1));
    add(&mut r.province, &[total])?;
    let met = meets(t.households, total.0, total.1);
    // The English of the glossary; `output::words::target_name` words it
    // in the report's language.
    let tech = ("tech", t.tech.label().to_string());
    let description = match t.group() {
        Some("any") => fill(Term::TargetAnyOperator.en(), &[tech]),
        Some(_) => fill(Term::TargetChoiceOfOperators.en(), &[tech]),
        None => fill(
            Term::TargetOperatorNamed.en(),
            &[tech, ("operator", t.operator.trim().to_string())],
        ),
    };
    r.summary.targets.push(TargetCheck {
        key: t.key(),
        description,
        target: t.households,
        value: round6(share(total.1, total.0)),
        met,
        gap: gap_to_target(t.households, total.0, total.1),
        gap_unit: "households".into(),
        communes_missing: Some(
            per.iter()
                .filter(|p| !meets(t.households, p.0, p.1))
                .count() as u64,
        ),
        status: met_status(met),
    });
    Ok(())
}
