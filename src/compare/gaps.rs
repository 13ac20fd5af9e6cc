//! The officials' report: for each target, the communes that miss it,
//! sorted by the households missing (the gap), with their parent area, the
//! current share, the target, and the cheapest planned action for that
//! commune when plans have been computed (`phusong plan sites` writes
//! `plan-sites/chosen_sites.csv`, `phusong plan fibre` writes
//! `plan-fibre/extensions.csv`; both have `commune_code` and `cost_usd`).
//!
//! Which plan serves which target: the plan extending the target's
//! [`Network`] (see [`crate::aggregate::targets::TARGETS`]): fibre extensions
//! the fibre targets (households and communes reached), chosen sites the 4G
//! or 5G target of their `tech`. Indicator targets have no planned action.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::aggregate::gap_to_target;
use crate::aggregate::targets::{goals, Goal, Network, Tally, TARGETS};
use crate::config::{IndicatorWeight, Technology};
use crate::engine::RunResult;
use crate::input::table::{parse_opt_f64, Table};
use crate::{Error, Result};

/// A planned action for one commune, from a plan's CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAction {
    /// What it is, e.g. "site S-P012 (4G)" or "fibre reach_commune, 3.2 km".
    pub description: String,
    /// Its cost, USD.
    pub cost_usd: f64,
    /// Households it serves (the plan's gain), when given.
    pub households: Option<f64>,
    /// The file it came from.
    pub file: PathBuf,
}

/// Planned actions by (what they serve, commune code).
#[derive(Debug, Clone, Default)]
pub struct Plans {
    /// Actions per (network extended, commune code).
    pub actions: BTreeMap<(Network, String), Vec<PlannedAction>>,
    /// The plan files read.
    pub files: Vec<PathBuf>,
}

impl Plans {
    /// The cheapest action extending `network` in commune `code`.
    pub fn cheapest(&self, network: Network, code: &str) -> Option<&PlannedAction> {
        self.actions
            .get(&(network, code.to_string()))?
            .iter()
            .min_by(|a, b| a.cost_usd.total_cmp(&b.cost_usd))
    }
}

fn first_existing(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    names.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// Read the plans in each of `dirs`: `plan-sites/chosen_sites.csv` and
/// `plan-fibre/extensions.csv` (or the same files directly in the folder).
/// Absent files are skipped; a present file with a bad value is an error
/// naming the file and line.
pub fn read_plans(dirs: &[PathBuf]) -> Result<Plans> {
    let mut plans = Plans::default();
    for dir in dirs {
        if let Some(p) = first_existing(dir, &["plan-sites/chosen_sites.csv", "chosen_sites.csv"]) {
            read_sites_plan(&p, &mut plans)?;
            plans.files.push(p);
        }
        if let Some(p) = first_existing(dir, &["plan-fibre/extensions.csv", "extensions.csv"]) {
            read_fibre_plan(&p, &mut plans)?;
            plans.files.push(p);
        }
    }
    Ok(plans)
}

fn read_sites_plan(path: &Path, plans: &mut Plans) -> Result<()> {
    let mut t = Table::open(path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let cost = t.require("cost_usd", &["cost_usd"])?;
    let id = t.find(&["site_id", "id"]);
    let tech = t.find(&["tech"]);
    let gain = t.find(&["gain_households"]);
    let p = path.to_path_buf();
    t.for_each(|line, rec| {
        let Some(cost_usd) = parse_opt_f64(&p, line, "cost_usd", rec.get(cost))? else {
            return Ok(());
        };
        let tech_text = tech.and_then(|c| rec.get(c)).unwrap_or("4G");
        let tech = Technology::parse(tech_text).ok_or_else(|| {
            Error::input(
                &p,
                format!("line {line}"),
                format!("`tech` must be 4G or 5G, found {tech_text:?}"),
            )
        })?;
        let households = match gain {
            Some(c) => parse_opt_f64(&p, line, "gain_households", rec.get(c))?,
            None => None,
        };
        let site = id.and_then(|c| rec.get(c)).unwrap_or("?");
        plans
            .actions
            .entry((
                Network::Mobile(tech),
                rec.get(code).unwrap_or("").to_string(),
            ))
            .or_default()
            .push(PlannedAction {
                description: format!("new {tech} site {site}"),
                cost_usd,
                households,
                file: p.clone(),
            });
        Ok(())
    })
}

fn read_fibre_plan(path: &Path, plans: &mut Plans) -> Result<()> {
    let mut t = Table::open(path)?;
    let code = t.require("commune_code", &["commune_code"])?;
    let cost = t.require("cost_usd", &["cost_usd"])?;
    let kind = t.find(&["kind"]);
    let length = t.find(&["length_m"]);
    let served = t.find(&["households_served"]);
    let p = path.to_path_buf();
    t.for_each(|line, rec| {
        let Some(cost_usd) = parse_opt_f64(&p, line, "cost_usd", rec.get(cost))? else {
            return Ok(());
        };
        let length_m = match length {
            Some(c) => parse_opt_f64(&p, line, "length_m", rec.get(c))?,
            None => None,
        };
        let households = match served {
            Some(c) => parse_opt_f64(&p, line, "households_served", rec.get(c))?,
            None => None,
        };
        let kind = kind.and_then(|c| rec.get(c)).unwrap_or("extension");
        let description = match length_m {
            Some(m) => format!("fibre {kind}, {:.1} km", m / 1000.0),
            None => format!("fibre {kind}"),
        };
        plans
            .actions
            .entry((Network::Fibre, rec.get(code).unwrap_or("").to_string()))
            .or_default()
            .push(PlannedAction {
                description,
                cost_usd,
                households,
                file: p.clone(),
            });
        Ok(())
    })
}

/// One commune missing one target.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// Target key (`fibre_households`, `fibre_communes`,
    /// `mobile_4g_households`, `mobile_5g_households` or an indicator).
    pub target_key: String,
    /// What the target means.
    pub target_description: String,
    /// Commune code.
    pub code: String,
    /// Commune name.
    pub name: String,
    /// Parent area (district).
    pub parent: Option<String>,
    /// The commune's current share (`None`: no value, for indicators).
    pub share: Option<f64>,
    /// The target share.
    pub target: f64,
    /// Households missing (for `fibre_communes`: the commune's demand
    /// households not served; for an indicator weighted by persons: persons).
    pub gap: u64,
    /// Unit of `gap`.
    pub gap_unit: String,
    /// The cheapest planned action, if any.
    pub action: Option<PlannedAction>,
}

/// Every (target, commune) that misses, per target in report order, each
/// sorted by gap (largest first), then code.
pub fn gaps(r: &RunResult, plans: &Plans) -> Result<Vec<Gap>> {
    let mut out = Vec::new();
    for goal in goals(&r.scenario.targets) {
        let mut v = if goal.target.per_commune() {
            households_gaps(r, plans, &goal)
        } else {
            communes_gaps(r, plans, &goal)
        };
        sort_by_gap(&mut v);
        out.extend(v);
    }
    for mut v in indicator_gaps(r)? {
        sort_by_gap(&mut v);
        out.extend(v);
    }
    Ok(out)
}

fn sort_by_gap(v: &mut [Gap]) {
    v.sort_by(|a, b| b.gap.cmp(&a.gap).then(a.code.cmp(&b.code)));
}

/// A commune's own figures.
fn commune_tally(r: &RunResult, i: usize) -> Tally {
    Tally {
        counts: r.area_counts[i],
        communes: 1,
        communes_reached: r.area_reached[i] as u64,
    }
}

/// The communes below a households target, with the households missing.
fn households_gaps(r: &RunResult, plans: &Plans, goal: &Goal) -> Vec<Gap> {
    let t = goal.target;
    r.inputs
        .areas
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let tally = commune_tally(r, i);
            (!goal.meets(&tally)).then(|| Gap {
                target_key: t.key.into(),
                target_description: t.description.into(),
                code: a.id.clone(),
                name: a.name.clone(),
                parent: a.parent.clone(),
                share: Some(t.share(&tally)),
                target: goal.share,
                gap: goal.gap(&tally),
                gap_unit: t.unit.as_str().into(),
                action: plans.cheapest(t.network, &a.id).cloned(),
            })
        })
        .collect()
}

/// The communes a communes target does not count (e.g. not reached by
/// fibre), when its goal is above 0, each with the share and the households
/// left unserved of the households target of the same network (demand
/// households without fibre).
fn communes_gaps(r: &RunResult, plans: &Plans, goal: &Goal) -> Vec<Gap> {
    let t = goal.target;
    let Some(households) = TARGETS
        .iter()
        .find(|h| h.per_commune() && h.network == t.network)
    else {
        return Vec::new();
    };
    if goal.share <= 0.0 {
        return Vec::new();
    }
    r.inputs
        .areas
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let tally = commune_tally(r, i);
            ((t.numerator)(&tally) < (t.denominator)(&tally)).then(|| Gap {
                target_key: t.key.into(),
                target_description: t.description.into(),
                code: a.id.clone(),
                name: a.name.clone(),
                parent: a.parent.clone(),
                share: Some(households.share(&tally)),
                target: goal.share,
                gap: (households.denominator)(&tally)
                    .saturating_sub((households.numerator)(&tally)),
                gap_unit: households.unit.as_str().into(),
                action: plans.cheapest(t.network, &a.id).cloned(),
            })
        })
        .collect()
}

/// The communes below each indicator target (no planned action), one list
/// per indicator target.
fn indicator_gaps(r: &RunResult) -> Result<Vec<Vec<Gap>>> {
    let Some(table) = crate::engine::indicators::read_for_run(r)? else {
        return Ok(Vec::new());
    };
    let areas = &r.inputs.areas.items;
    let describe = |key: &str| {
        r.summary
            .targets
            .iter()
            .find(|x| x.key == key)
            .map_or_else(|| key.to_string(), |x| x.description.clone())
    };
    let params = r.scenario.indicators.as_ref();
    // Gaps in persons when the indicator is weighted by persons and the
    // households carry them, else in households.
    let by_persons = params.is_some_and(|p| p.weight == IndicatorWeight::Persons)
        && r.area_counts.iter().any(|c| c.persons > 0);
    let unit = if by_persons { "persons" } else { "households" };
    let mut out = Vec::new();
    for (k, name) in table.names.iter().enumerate() {
        let Some(it) = params.and_then(|p| p.targets.get(name)) else {
            continue;
        };
        let description = describe(name);
        let v: Vec<Gap> = areas
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let s = table.values[k][i]?;
                let c = &r.area_counts[i];
                let hh = if by_persons { c.persons } else { c.households };
                let reached = (s * hh as f64).round() as u64;
                (s < it.target - 1e-9).then(|| Gap {
                    target_key: name.clone(),
                    target_description: description.clone(),
                    code: a.id.clone(),
                    name: a.name.clone(),
                    parent: a.parent.clone(),
                    share: Some(s),
                    target: it.target,
                    gap: gap_to_target(it.target, hh, reached),
                    gap_unit: unit.into(),
                    action: None,
                })
            })
            .collect();
        out.push(v);
    }
    Ok(out)
}
