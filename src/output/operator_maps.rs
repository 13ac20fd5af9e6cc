//! Per-operator coverage maps (`[outputs] operator_maps = true`): for each
//! operator of the sites layer and each technology it has sites of, the
//! 4G/5G map of [`crate::output::maps::mobile_map`] drawn on that
//! operator's coverage alone (its own sites with the run's radio model,
//! [`crate::engine::operator_targets::operator_covered`]), against the
//! operator's target of `[[targets.operators]]` when there is one, else the
//! technology's target. Files `maps/<tech>_<operator>.png|svg` (operator in
//! lowercase, non-alphanumerics as `_`).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::aggregate::targets::{met_status, mobile_households};
use crate::aggregate::{gap_to_target, meets, share, TargetCheck};
use crate::config::{OperatorTarget, Technology};
use crate::engine::operator_targets::{operator_covered, operators_of};
use crate::engine::{RunResult, UNASSIGNED};
use crate::lang::{fill, Term};
use crate::output::maps::{mobile_map, MapData};
use crate::render::render_map;
use crate::Result;

/// Draw every operator's maps into `dir`; the files written.
pub fn write_operator_maps(r: &RunResult, d: &MapData, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    let sites = &r.inputs.sites;
    let hh = &r.inputs.households;
    let xy: Vec<[f64; 2]> = (0..hh.len())
        .into_par_iter()
        .map(|i| r.projection.forward(hh.lon[i], hh.lat[i]))
        .collect();
    let mut files = Vec::new();
    for op in operators_of(sites) {
        let mine = |i: usize| {
            sites.operator[i]
                .as_deref()
                .is_some_and(|o| o.trim().eq_ignore_ascii_case(&op))
        };
        for tech in Technology::ALL {
            if !(0..sites.len()).any(|i| mine(i) && sites.tech[i] == tech) {
                continue;
            }
            let covered = operator_covered(&r.scenario, sites, &r.projection, &xy, tech, &op)?;
            let spec_data = operator_data(r, d, &op, tech, &covered, &mine);
            let mut spec = mobile_map(&spec_data, tech);
            let lang = d.lang;
            spec.title = fill(
                lang.term(Term::OperatorMapTitle),
                &[
                    ("province", d.province.clone()),
                    ("tech", tech.label().into()),
                    ("operator", op.clone()),
                ],
            );
            let note = fill(
                lang.term(Term::OperatorMapNote),
                &[("operator", op.clone())],
            );
            spec.footnote = spec
                .footnote
                .replace(lang.term(Term::MobileMapNoRaster), &note);
            let stem = format!("{}_{}", tech.stem(), slug(&op));
            let (png, svg) = (
                dir.join(format!("{stem}.png")),
                dir.join(format!("{stem}.svg")),
            );
            render_map(&spec, &png, &svg)?;
            files.extend([png, svg]);
        }
    }
    Ok(files)
}

/// `op` in lowercase with non-alphanumerics as `_` (as in the target keys).
fn slug(op: &str) -> String {
    OperatorTarget {
        operator: op.into(),
        tech: Technology::G4,
        households: 0.0,
    }
    .key()
    .trim_start_matches("mobile_4g_households_")
    .to_string()
}

/// `d` with the operator's shares, gaps, sites and target in place of the
/// technology's (no RSRP raster: it is the run's, of every operator).
fn operator_data(
    r: &RunResult,
    d: &MapData,
    op: &str,
    tech: Technology,
    covered: &[bool],
    mine: &dyn Fn(usize) -> bool,
) -> MapData {
    let goal = r
        .scenario
        .targets
        .operators
        .iter()
        .find(|t| t.tech == tech && t.operator.trim().eq_ignore_ascii_case(op))
        .map(|t| t.households)
        .or(match tech {
            Technology::G4 => Some(d.target_4g),
            Technology::G5 => d.target_5g,
        });
    let mut per = vec![(0u64, 0u64); d.communes.len()];
    for (i, &a) in r.households.area.iter().enumerate() {
        if a != UNASSIGNED {
            per[a as usize].0 += 1;
            per[a as usize].1 += u64::from(covered[i]);
        }
    }
    let mut out = d.clone();
    out.rasters.clear();
    out.sites = d
        .sites
        .iter()
        .enumerate()
        .filter(|(i, _)| mine(*i))
        .map(|(_, s)| s.clone())
        .collect();
    for (c, &(n, k)) in out.communes.iter_mut().zip(&per) {
        let s = (n > 0).then(|| share(k, n));
        let g = goal.map_or(0, |g| gap_to_target(g, n, k));
        match tech {
            Technology::G4 => (c.share_4g, c.gap_4g) = (s, g),
            Technology::G5 => (c.share_5g, c.gap_5g) = (s, g),
        }
    }
    match tech {
        Technology::G4 => out.target_4g = goal.unwrap_or(d.target_4g),
        Technology::G5 => out.target_5g = goal,
    }
    let key = mobile_households(tech).key;
    out.targets.retain(|t| t.key != key);
    if let Some(g) = goal {
        let total = per.iter().fold((0, 0), |a, p| (a.0 + p.0, a.1 + p.1));
        let met = meets(g, total.0, total.1);
        out.targets.push(TargetCheck {
            key: key.to_string(),
            description: String::new(),
            target: g,
            value: share(total.1, total.0),
            met,
            gap: gap_to_target(g, total.0, total.1),
            gap_unit: "households".into(),
            communes_missing: None,
            status: met_status(met),
        });
    }
    out
}
