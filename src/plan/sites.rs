//! `plan sites`: choose new 4G or 5G sites that cover the most households
//! the network misses.
//!
//! 1. The base scenario is run; the households counted by the target
//!    (households in a commune; `covered_4g` over `households`, the
//!    province figure of `run`) that the technology does not cover are the
//!    elements to cover.
//! 2. Candidates come from a CSV or a grid over the uncovered households
//!    (see [`crate::plan::candidates`]). Each candidate is a standard
//!    3-sector site (azimuths 0°, 120°, 240°, every other parameter the
//!    technology default of the scenario), evaluated with **the same
//!    model as `run`**: [`crate::engine::build_mobile`] on a sites table
//!    holding only the candidate. A household is covered by the network
//!    plus the candidate exactly when the network or the candidate covers
//!    it (the best server's RSRP reaches the threshold when any sector's
//!    does; with a fixed radius, when any site is in reach), so each
//!    candidate's newly covered households form a fixed set.
//! 3. Sites are chosen by greedy maximum coverage with lazy evaluation
//!    ([`crate::plan::greedy`]): each step takes the candidate that newly
//!    covers the most households (ties: the earlier candidate). For a fixed
//!    number of sites the result is within (1 − 1/e) ≈ 63% of the best
//!    possible choice among the candidates (Nemhauser, Wolsey & Fisher
//!    1978). With `Target`, it stops as soon as the target is met.
//!
//! The chosen sites are written as a sites layer (`planned_sites.csv`,
//! `status = planned`) and a scenario adding it to the base, whose `run`
//! reproduces the plan's covered count exactly.

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::aggregate::targets::mobile_households;
use crate::aggregate::{gap_to_target, share};
use crate::config::{default_radius_m, MobileModelSpec};
use crate::config::{Scenario, Technology};
use crate::coverage::link_budget::sector_params;
use crate::coverage::radio::SiteBudget;
use crate::engine::{build_mobile, Progress, RunResult, UNASSIGNED};
use crate::input::sites::{SectorAttributes, SiteRow};
use crate::input::Sites;
use crate::input::Status;
use crate::plan::candidates::{grid_candidates, read_candidates, Candidate};
use crate::plan::geometry::PointIndex;
use crate::plan::greedy::{lazy_greedy_counted, Stop};
use crate::{Error, Result};

/// Azimuths of a standard 3-sector site, degrees.
pub const SECTOR_AZIMUTHS_DEG: [f64; 3] = [0.0, 120.0, 240.0];

/// How many sites to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitesGoal {
    /// At most this many.
    MaxSites(usize),
    /// The fewest (greedily) that meet the scenario's target for the
    /// technology.
    Target,
}

/// Options of [`plan_sites`].
#[derive(Debug, Clone)]
pub struct SitesOptions {
    /// 4G or 5G.
    pub tech: Technology,
    /// How many sites.
    pub goal: SitesGoal,
    /// A CSV of candidate locations; `None`: generated on a grid.
    pub candidates: Option<PathBuf>,
    /// Cell size of the generated candidate grid, metres.
    pub cell_m: f64,
    /// Stop before the sites' cost exceeds this, USD.
    pub budget_usd: Option<f64>,
    /// Stop at a site that costs more than this per newly covered
    /// household, USD.
    pub max_usd_per_household: Option<f64>,
    /// Plan for this operator's gaps: the households its own sites do not
    /// cover ([`crate::plan::operators`]); `None`: all sites.
    pub operator: Option<String>,
}

/// One chosen site.
#[derive(Debug, Clone, PartialEq)]
pub struct ChosenSite {
    /// 1 for the first chosen.
    pub rank: usize,
    /// Id of the new site in `planned_sites.csv`.
    pub site_id: String,
    /// The candidate it came from.
    pub candidate_id: String,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Code of the commune it stands in (empty outside every commune).
    pub commune_code: String,
    /// Name of that commune.
    pub commune_name: String,
    /// Households it newly covers, given the sites chosen before it.
    pub gain_households: u64,
    /// Households covered after adding it.
    pub cumulative_covered: u64,
    /// `cumulative_covered` over the province's households.
    pub province_share: f64,
    /// Cost of the site, USD.
    pub cost_usd: f64,
}

/// The result of [`plan_sites`].
#[derive(Debug, Clone)]
pub struct SitesPlan {
    /// Technology.
    pub tech: Technology,
    /// Households in the communes (the target's denominator).
    pub households: u64,
    /// Households covered before the plan.
    pub covered_before: u64,
    /// The target share, when the scenario has one for the technology.
    pub target: Option<f64>,
    /// Households needed to reach the target (0 without a target).
    pub needed: u64,
    /// Number of candidates and where they came from.
    pub candidates: usize,
    /// "grid of N m cells" or the CSV path.
    pub candidate_source: String,
    /// Gain evaluations made by the lazy greedy (vs candidates × sites).
    pub evaluations: usize,
    /// The chosen sites in the order chosen.
    pub chosen: Vec<ChosenSite>,
    /// Whether the plan reaches the target.
    pub target_met: bool,
    /// The rule that ended the plan.
    pub stop: crate::plan::StopRule,
    /// The per-commune table ([`crate::plan::communes`]).
    pub table: Vec<crate::plan::communes::CommuneRow>,
    /// The operator planned for (as the sites layer spells it).
    pub operator: Option<String>,
    /// Households covered per operator, by any and by two or more, when
    /// the sites layer names operators.
    pub operators: Option<crate::plan::operators::OperatorTable>,
}

impl SitesPlan {
    /// Households covered after the plan.
    pub fn covered_after(&self) -> u64 {
        self.chosen
            .last()
            .map_or(self.covered_before, |c| c.cumulative_covered)
    }

    /// Total cost, USD.
    pub fn cost_usd(&self) -> f64 {
        self.chosen.iter().map(|c| c.cost_usd).sum()
    }

    /// The chosen sites as rows of a sites layer: three sectors each
    /// (azimuths 0/120/240), `status = planned`.
    pub fn site_rows(&self) -> Vec<SiteRow> {
        self.chosen
            .iter()
            .flat_map(|c| candidate_rows(&c.site_id, c.lon, c.lat, self.tech))
            .collect()
    }
}

/// The three sector rows of a new standard site.
pub fn candidate_rows(id: &str, lon: f64, lat: f64, tech: Technology) -> Vec<SiteRow> {
    SECTOR_AZIMUTHS_DEG
        .iter()
        .map(|&az| SiteRow {
            id: id.to_string(),
            lon,
            lat,
            tech,
            radius_m: None,
            sector: SectorAttributes {
                azimuth_deg: Some(az),
                ..Default::default()
            },
            operator: None,
            status: Status::Planned,
        })
        .collect()
}

/// The distance beyond which a new standard site of `tech` covers nobody
/// under the scenario's model, metres.
pub fn reach_m(scenario: &Scenario, tech: Technology) -> Result<f64> {
    let spec = scenario.mobile.spec(tech);
    match &spec {
        MobileModelSpec::FixedRadius { radius_m } => {
            Ok(radius_m.unwrap_or_else(|| default_radius_m(tech)))
        }
        MobileModelSpec::LinkBudget { .. } => {
            let cfg = crate::coverage::radio::radio_config(&spec, tech)
                .map_err(|e| Error::config(format!("mobile.{tech}.radio"), e))?
                .ok_or_else(|| {
                    Error::config(
                        format!("mobile.{tech}.radio"),
                        "link-budget model without radio settings",
                    )
                })?;
            if let Some(r) = cfg.model.fixed_radius_m() {
                return Ok(r);
            }
            let params = sector_params(&cfg.site, &SectorAttributes::default());
            Ok(SiteBudget::new(&cfg, &params, Some(0.0))?.search_radius_m())
        }
    }
}

/// Plan new sites on top of `base`, the run of `scenario`.
pub fn plan_sites(
    scenario: &Scenario,
    base: &RunResult,
    opts: &SitesOptions,
    progress: &dyn Progress,
) -> Result<SitesPlan> {
    let tech = opts.tech;
    if !(opts.cell_m.is_finite() && opts.cell_m >= 10.0) {
        return Err(Error::config(
            "candidate_grid_m",
            format!(
                "the candidate grid cell must be at least 10 m, found {}",
                opts.cell_m
            ),
        ));
    }
    let target = mobile_households(tech).goal_in(&scenario.targets);
    if opts.goal == SitesGoal::Target && target.is_none() {
        return Err(Error::config(
            "targets.mobile_5g_households",
            format!(
                "the scenario sets no {tech} household target ([targets] mobile_5g_households); \
             give --max-sites N or add the target"
            ),
        ));
    }
    let operator = match &opts.operator {
        Some(name) => Some(crate::plan::operators::resolve(base, name)?),
        None => None,
    };
    let covered: Vec<bool> = match &operator {
        Some(o) => crate::plan::operators::covered_by(scenario, base, tech, o)?,
        None => match tech {
            Technology::G4 => base.households.g4.covered.clone(),
            Technology::G5 => base.households.g5.covered.clone(),
        },
    };
    let in_commune = |i: &usize| base.households.area[*i] != UNASSIGNED;
    let households = (0..covered.len()).filter(in_commune).count() as u64;
    let covered_before = (0..covered.len())
        .filter(in_commune)
        .filter(|&i| covered[i])
        .count() as u64;
    let needed = target.map_or(0, |t| gap_to_target(t, households, covered_before));

    // The households the target counts that the technology misses.
    let xy = uncovered_xy(base, &covered);
    let proj = &base.projection;
    let (candidates, candidate_source): (Vec<Candidate>, String) = match &opts.candidates {
        Some(p) => (read_candidates(p)?, p.display().to_string()),
        None => (
            grid_candidates(&xy, opts.cell_m, proj),
            format!(
                "generated: one per {} m grid cell holding uncovered households, at their centroid",
                opts.cell_m
            ),
        ),
    };
    let sets = candidate_sets(scenario, base, tech, &xy, &candidates, progress)?;
    let stop = match opts.goal {
        SitesGoal::MaxSites(n) => Stop {
            max_picks: Some(n),
            target_gain: None,
        },
        SitesGoal::Target => Stop {
            max_picks: None,
            target_gain: Some(needed),
        },
    };
    let (mut picks, evaluations) = lazy_greedy_counted(&sets, xy.len(), &[], stop);
    let rule = cut_off(scenario, opts, &mut picks, needed);
    let chosen = chosen_sites(
        scenario,
        base,
        tech,
        &candidates,
        &picks,
        covered_before,
        households,
    );
    let cumulative = chosen
        .last()
        .map_or(covered_before, |c| c.cumulative_covered);
    let target_met = target.is_some_and(|t| gap_to_target(t, households, cumulative) == 0);
    let table = commune_table(scenario, base, tech, &covered, &sets, &picks, &chosen);
    let operators = crate::plan::operators::operator_table(scenario, base, tech)?;
    Ok(SitesPlan {
        tech,
        households,
        covered_before,
        target,
        needed,
        candidates: candidates.len(),
        candidate_source,
        evaluations,
        chosen,
        target_met,
        stop: rule,
        table,
        operator,
        operators,
    })
}

/// Apply the cut-offs to the greedy's `picks` (gains never grow along
/// them, and every site costs the same, so each cut-off keeps a prefix);
/// the rule that ended the plan.
fn cut_off(
    scenario: &Scenario,
    opts: &SitesOptions,
    picks: &mut Vec<crate::plan::greedy::Pick>,
    needed: u64,
) -> crate::plan::StopRule {
    use crate::plan::StopRule;
    let site = scenario.costs.site_usd;
    let mut rule = None;
    if let Some(max) = opts.max_usd_per_household {
        if let Some(k) = picks.iter().position(|p| site / p.gain as f64 > max) {
            picks.truncate(k);
            rule = Some(StopRule::MaxUsdPerHousehold);
        }
    }
    if let Some(budget) = opts.budget_usd {
        let fit = if site > 0.0 {
            (budget / site).floor() as usize
        } else {
            usize::MAX
        };
        if picks.len() > fit {
            picks.truncate(fit);
            rule = Some(StopRule::Budget);
        }
    }
    let gained: u64 = picks.iter().map(|p| p.gain).sum();
    let spent = picks.len() as f64 * site;
    if rule.is_none() && opts.budget_usd.is_some_and(|b| spent + site > b) && gained < needed {
        // The budget pays for no further site (also when it set the count).
        return StopRule::Budget;
    }
    rule.unwrap_or(match opts.goal {
        SitesGoal::MaxSites(n) if picks.len() == n => StopRule::MaxSites,
        SitesGoal::Target if gained >= needed => StopRule::Target,
        _ => StopRule::Exhausted,
    })
}

/// The per-commune table: the households each commune gains (the picks'
/// sets replayed), its new sites and their cost, and the targets it meets.
fn commune_table(
    scenario: &Scenario,
    base: &RunResult,
    tech: Technology,
    covered: &[bool],
    sets: &[Vec<u32>],
    picks: &[crate::plan::greedy::Pick],
    chosen: &[ChosenSite],
) -> Vec<crate::plan::communes::CommuneRow> {
    // The area of each element, in the order of `uncovered_xy`.
    let area: Vec<u32> = (0..base.inputs.households.len())
        .filter(|&i| base.households.area[i] != UNASSIGNED && !covered[i])
        .map(|i| base.households.area[i])
        .collect();
    let areas = &base.inputs.areas.items;
    let mut before = vec![0u64; areas.len()];
    for (i, &a) in base.households.area.iter().enumerate() {
        if a != UNASSIGNED && covered[i] {
            before[a as usize] += 1;
        }
    }
    let mut gained = vec![0u64; areas.len()];
    let mut covered = vec![false; area.len()];
    for p in picks {
        for &e in &sets[p.set] {
            if !std::mem::replace(&mut covered[e as usize], true) {
                gained[area[e as usize] as usize] += 1;
            }
        }
    }
    areas
        .iter()
        .enumerate()
        .map(|(c, a)| {
            let here: Vec<&ChosenSite> = chosen.iter().filter(|s| s.commune_code == a.id).collect();
            let mut counts = base.area_counts[c];
            match tech {
                Technology::G4 => counts.covered_4g = before[c] + gained[c],
                Technology::G5 => counts.covered_5g = before[c] + gained[c],
            }
            crate::plan::communes::CommuneRow {
                code: a.id.clone(),
                name: a.name.clone(),
                plan: "sites",
                new_sites: here.len() as u64,
                m_by_kind: Default::default(),
                households_gained: gained[c],
                cost_usd: here.iter().map(|s| s.cost_usd).sum(),
                meets: crate::plan::communes::meets_targets(
                    scenario,
                    &counts,
                    base.area_reached[c],
                ),
            }
        })
        .collect()
}

/// Projected positions of the households in communes that `tech` does not
/// cover in `base` (the elements the plan covers), in input order.
fn uncovered_xy(base: &RunResult, covered: &[bool]) -> Vec<[f64; 2]> {
    let hh = &base.inputs.households;
    let proj = &base.projection;
    let uncovered: Vec<usize> = (0..hh.len())
        .filter(|&i| base.households.area[i] != UNASSIGNED && !covered[i])
        .collect();
    uncovered
        .iter()
        .map(|&i| proj.forward(hh.lon[i], hh.lat[i]))
        .collect()
}

/// Each candidate's newly covered households (indices into `xy`), with the
/// run's model: a standard site of `tech` at the candidate, evaluated for
/// the households within its reach.
fn candidate_sets(
    scenario: &Scenario,
    base: &RunResult,
    tech: Technology,
    xy: &[[f64; 2]],
    candidates: &[Candidate],
    progress: &dyn Progress,
) -> Result<Vec<Vec<u32>>> {
    let proj = &base.projection;
    let reach = reach_m(scenario, tech)? + 1.0;
    let index = PointIndex::new(xy.iter().enumerate().map(|(k, &p)| (p, k as u32)));
    progress.start(&format!("candidates {tech}"), candidates.len() as u64);
    let sets: Vec<Vec<u32>> = candidates
        .par_iter()
        .map(|c| {
            let mut sites = Sites::default();
            for row in candidate_rows(&c.id, c.lon, c.lat, tech) {
                sites.push(row);
            }
            let site_xy: Vec<[f64; 2]> = (0..sites.len())
                .map(|i| proj.forward(sites.lon[i], sites.lat[i]))
                .collect();
            let model = build_mobile(scenario, &sites, &site_xy, tech)?;
            let set = index
                .within(site_xy[0], reach)
                .into_iter()
                .filter(|&k| model.covered(xy[k as usize]))
                .collect();
            progress.inc(1);
            Ok(set)
        })
        .collect::<Result<_>>()?;
    progress.finish();
    Ok(sets)
}

/// The greedy's `picks` as chosen sites, in order: ids `PLAN-{tech}-0001`…
/// (with `x` appended while an existing site has the id), the commune each
/// stands in, and running totals from `covered_before` over `households`.
fn chosen_sites(
    scenario: &Scenario,
    base: &RunResult,
    tech: Technology,
    candidates: &[Candidate],
    picks: &[crate::plan::greedy::Pick],
    covered_before: u64,
    households: u64,
) -> Vec<ChosenSite> {
    let existing: HashSet<&str> = base.inputs.sites.ids.iter().map(String::as_str).collect();
    let mut cumulative = covered_before;
    let mut chosen = Vec::with_capacity(picks.len());
    for (k, p) in picks.iter().enumerate() {
        let c = &candidates[p.set];
        let mut site_id = format!("PLAN-{tech}-{:04}", k + 1);
        while existing.contains(site_id.as_str()) {
            site_id.push('x');
        }
        let (commune_code, commune_name) = match base.area_index.locate([c.lon, c.lat]) {
            Some(a) => {
                let a = &base.inputs.areas.items[a as usize];
                (a.id.clone(), a.name.clone())
            }
            None => (String::new(), String::new()),
        };
        cumulative += p.gain;
        chosen.push(ChosenSite {
            rank: k + 1,
            site_id,
            candidate_id: c.id.clone(),
            lon: c.lon,
            lat: c.lat,
            commune_code,
            commune_name,
            gain_households: p.gain,
            cumulative_covered: cumulative,
            province_share: share(cumulative, households),
            cost_usd: scenario.costs.site_usd,
        });
    }
    chosen
}
