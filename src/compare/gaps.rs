//! The officials' report: for each target, the communes that miss it,
//! sorted by the households missing (the gap), with their parent area, the
//! current share, the target, and, when plans have been computed, the whole
//! of what the plans propose in that commune for the target's network
//! (summed from every row of `plan-sites/chosen_sites.csv` and
//! `plan-fibre/extensions.csv`, see [`crate::compare::plans`]) and whether
//! the commune then meets the target.
//!
//! Which plan serves which target: the plan extending the target's
//! [`Network`] (see [`crate::aggregate::targets::TARGETS`]): fibre extensions
//! the fibre targets (households and communes reached), chosen sites the 4G
//! or 5G target of their `tech`. Indicator targets have no planned action.

use crate::aggregate::gap_to_target;
use crate::aggregate::targets::{goals, Goal, Network, Tally, TARGETS};
pub use crate::compare::plans::{plan_dirs_along_chain, read_plans, CommunePlan, Plans};
use crate::config::{IndicatorWeight, Technology};
use crate::engine::RunResult;
use crate::input::areas::Area;
use crate::Result;

/// What the plans propose in a commune for the network of one target:
/// the sums of every plan row there.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkPlan {
    /// What it is, e.g. "3 new 4G sites" or "12 fibre extensions, 25.3 km".
    pub description: String,
    /// Total cost, USD.
    pub cost_usd: f64,
    /// Households gained.
    pub households: f64,
    /// New sites (mobile targets).
    pub sites: u64,
    /// Fibre length, metres (fibre targets).
    pub fibre_m: f64,
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
    /// What the plans propose in the commune for this target's network.
    pub plan: Option<NetworkPlan>,
    /// Whether the commune meets the target once the plans are built:
    /// `None` when no plan serves the target (no plans, or an indicator).
    pub met_with_plans: Option<bool>,
}

impl Gap {
    /// Commune `a` missing target `key` (meaning `description`, share
    /// `target`), without share, gap or plan yet.
    fn new(a: &Area, key: &str, description: &str, target: f64) -> Self {
        Gap {
            target_key: key.into(),
            target_description: description.into(),
            code: a.id.clone(),
            name: a.name.clone(),
            parent: a.parent.clone(),
            share: None,
            target,
            gap: 0,
            gap_unit: String::new(),
            plan: None,
            met_with_plans: None,
        }
    }

    /// With what the plans propose and whether it then meets the target.
    fn with_plan(self, (plan, met_with_plans): (Option<NetworkPlan>, Option<bool>)) -> Self {
        Gap {
            plan,
            met_with_plans,
            ..self
        }
    }
}

/// The plan of `network` in commune `code`, and whether the commune then
/// meets target `key`: as the plan computed it when it says
/// (`plan_communes.csv`), else whether the households of the plan's rows in
/// the commune close a gap of `gap` (a gap of 0: met by any plan, as for
/// fibre reaching the commune).
fn planned(
    plans: &Plans,
    key: &str,
    network: Network,
    code: &str,
    gap: u64,
) -> (Option<NetworkPlan>, Option<bool>) {
    if plans.files.is_empty() {
        return (None, None);
    }
    let relevant = plans.files.iter().any(|f| {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match network {
            Network::Fibre => name == "extensions.csv",
            Network::Mobile(_) => name == "chosen_sites.csv",
        }
    });
    let plan = plans.of(code).and_then(|c| {
        let (description, households, cost_usd) = c.for_network(network)?;
        let (sites, fibre_m) = match network {
            Network::Fibre => (0, c.fibre_m),
            Network::Mobile(Technology::G4) => (c.sites_4g, 0.0),
            Network::Mobile(Technology::G5) => (c.sites_5g, 0.0),
        };
        Some(NetworkPlan {
            description,
            cost_usd,
            households,
            sites,
            fibre_m,
        })
    });
    let judged = plans.of(code).and_then(|c| c.meets.get(key)).copied();
    let met = match &plan {
        _ if judged.is_some() => judged,
        Some(p) => Some(p.households + 1e-9 >= gap as f64),
        None if relevant => Some(false),
        None => None,
    };
    (plan, met)
}

/// Every (target, commune) that misses, per target in report order, each
/// sorted by gap (largest first), then code.
pub fn gaps(r: &RunResult, plans: &Plans) -> Result<Vec<Gap>> {
    let mut out = Vec::new();
    for goal in goals(&r.scenario.targets) {
        let mut v = target_gaps(r, plans, &goal);
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

/// The communes missing a target. For a households target: those below
/// it, with the households missing. For a communes target (e.g. reached by
/// fibre) whose goal is above 0: the communes it does not count, each with
/// the share and the households left unserved of the households target of
/// the same network (demand households without fibre).
fn target_gaps(r: &RunResult, plans: &Plans, goal: &Goal) -> Vec<Gap> {
    let t = goal.target;
    let per_commune = t.per_commune();
    let households = TARGETS
        .into_iter()
        .find(|h| h.per_commune() && h.network == t.network);
    let Some(hh) = (if per_commune { Some(t) } else { households }) else {
        return Vec::new();
    };
    if !per_commune && goal.share <= 0.0 {
        return Vec::new();
    }
    let areas = r.inputs.areas.items.iter().enumerate();
    areas
        .filter_map(|(i, a)| {
            let tally = commune_tally(r, i);
            let (misses, gap) = if per_commune {
                (!goal.meets(&tally), goal.gap(&tally))
            } else {
                let (n, d) = ((t.numerator)(&tally), (t.denominator)(&tally));
                (
                    n < d,
                    (hh.denominator)(&tally).saturating_sub((hh.numerator)(&tally)),
                )
            };
            let plan_gap = if per_commune { gap } else { 0 };
            misses.then(|| Gap {
                share: Some(hh.share(&tally)),
                gap,
                gap_unit: hh.unit.as_str().into(),
                ..Gap::new(a, t.key, t.description, goal.share)
                    .with_plan(planned(plans, t.key, t.network, &a.id, plan_gap))
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
                    share: Some(s),
                    gap: gap_to_target(it.target, hh, reached),
                    gap_unit: unit.into(),
                    ..Gap::new(a, name, &description, it.target)
                })
            })
            .collect();
        out.push(v);
    }
    Ok(out)
}
