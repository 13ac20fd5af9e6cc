//! The officials' report: for each target, the communes that miss it,
//! sorted by the households missing (the gap), with their parent area, the
//! current share, the target, and the cheapest planned action for that
//! commune when plans have been computed (`phusong plan sites` writes
//! `plan-sites/chosen_sites.csv`, `phusong plan fibre` writes
//! `plan-fibre/extensions.csv`; both have `commune_code` and `cost_usd`).
//!
//! Which plan serves which target: fibre extensions the fibre targets
//! (households and communes reached), chosen sites the 4G or 5G target of
//! their `tech`. Indicator targets have no planned action.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::aggregate::{gap_to_target, meets, share, Counts};
use crate::engine::RunResult;
use crate::input::indicators::IndicatorWeight;
use crate::input::table::{parse_opt_f64, Table};
use crate::input::Technology;
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

/// What a plan serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Serves {
    /// Fibre targets.
    Fibre,
    /// The mobile target of a technology.
    Mobile(Technology),
}

/// Planned actions by (what they serve, commune code).
#[derive(Debug, Clone, Default)]
pub struct Plans {
    /// Actions per (target family, commune code).
    pub actions: BTreeMap<(Serves, String), Vec<PlannedAction>>,
    /// The plan files read.
    pub files: Vec<PathBuf>,
}

impl Plans {
    /// The cheapest action serving `serves` in commune `code`.
    pub fn cheapest(&self, serves: Serves, code: &str) -> Option<&PlannedAction> {
        self.actions
            .get(&(serves, code.to_string()))?
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
                Serves::Mobile(tech),
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
            .entry((Serves::Fibre, rec.get(code).unwrap_or("").to_string()))
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
    let t = &r.scenario.targets;
    let areas = &r.inputs.areas.items;
    let describe = |key: &str, fallback: &str| {
        r.summary
            .targets
            .iter()
            .find(|x| x.key == key)
            .map(|x| x.description.clone())
            .unwrap_or_else(|| fallback.to_string())
    };
    type Pick = fn(&Counts) -> (u64, u64);
    let mut families: Vec<(&str, String, f64, Pick, Serves)> = vec![
        (
            "fibre_households",
            describe(
                "fibre_households",
                "Demand households within reach of fibre",
            ),
            t.fibre_households,
            |c| (c.demand, c.fibre_served),
            Serves::Fibre,
        ),
        (
            "mobile_4g_households",
            describe("mobile_4g_households", "Households covered by 4G"),
            t.mobile_4g_households,
            |c| (c.households, c.covered_4g),
            Serves::Mobile(Technology::G4),
        ),
    ];
    if let Some(t5) = t.mobile_5g_households {
        families.push((
            "mobile_5g_households",
            describe("mobile_5g_households", "Households covered by 5G"),
            t5,
            |c| (c.households, c.covered_5g),
            Serves::Mobile(Technology::G5),
        ));
    }
    let mut out = Vec::new();
    let mut push_sorted = |mut v: Vec<Gap>| {
        v.sort_by(|a, b| b.gap.cmp(&a.gap).then(a.code.cmp(&b.code)));
        out.extend(v);
    };
    for (k, (key, description, target, pick, serves)) in families.iter().enumerate() {
        let v: Vec<Gap> = areas
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let (tot, ach) = pick(&r.area_counts[i]);
                (!meets(*target, tot, ach)).then(|| Gap {
                    target_key: key.to_string(),
                    target_description: description.clone(),
                    code: a.id.clone(),
                    name: a.name.clone(),
                    parent: a.parent.clone(),
                    share: Some(share(ach, tot)),
                    target: *target,
                    gap: gap_to_target(*target, tot, ach),
                    gap_unit: "households".into(),
                    action: plans.cheapest(*serves, &a.id).cloned(),
                })
            })
            .collect();
        push_sorted(v);
        if k == 0 && t.fibre_communes > 0.0 {
            let description = describe("fibre_communes", "Communes reached by the fibre network");
            let v: Vec<Gap> = areas
                .iter()
                .enumerate()
                .filter(|&(i, _)| !r.area_reached[i])
                .map(|(i, a)| {
                    let c = &r.area_counts[i];
                    Gap {
                        target_key: "fibre_communes".into(),
                        target_description: description.clone(),
                        code: a.id.clone(),
                        name: a.name.clone(),
                        parent: a.parent.clone(),
                        share: Some(share(c.fibre_served, c.demand)),
                        target: t.fibre_communes,
                        gap: c.demand - c.fibre_served.min(c.demand),
                        gap_unit: "households".into(),
                        action: plans.cheapest(Serves::Fibre, &a.id).cloned(),
                    }
                })
                .collect();
            push_sorted(v);
        }
    }
    if let Some(table) = crate::aggregate::indicators::read_for_run(r)? {
        let params = r.scenario.indicators.as_ref();
        // Gaps in persons when the indicator is weighted by persons and the
        // households carry them, else in households.
        let by_persons = params.is_some_and(|p| p.weight == IndicatorWeight::Persons)
            && r.area_counts.iter().any(|c| c.persons > 0);
        let unit = if by_persons { "persons" } else { "households" };
        for (k, name) in table.names.iter().enumerate() {
            let Some(it) = params.and_then(|p| p.targets.get(name)) else {
                continue;
            };
            let description = describe(name, name);
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
            push_sorted(v);
        }
    }
    Ok(out)
}
