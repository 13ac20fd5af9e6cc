//! Compare two runs over the same communes: per commune and for the
//! province, the figures before (the base run) and after (the scenario run)
//! and the change — households newly served per technology, communes newly
//! meeting each target, communes newly reached by fibre.
//!
//! Targets are judged with the **second** scenario's targets on both sides,
//! so that a change shows what the network does, not a change of target.
//! When both runs read the same households (same ids in the same order),
//! `households_gained` counts the households that gain at least one service
//! (fibre for demand households, 4G, 5G) and `households_lost` those that
//! lose one, exactly; otherwise they are bounds from the per-technology
//! changes (the largest gain, the largest loss).
//!
//! ```no_run
//! use phusong::{compare::compare, config::Scenario};
//! use phusong::pipeline::{run, NoProgress, Options};
//! let base = run(&Scenario::load("data/demo.toml".as_ref())?, &Options::default(), &NoProgress)?;
//! let plan = run(&Scenario::load("plan.toml".as_ref())?, &Options::default(), &NoProgress)?;
//! let c = compare(&base, &plan)?;
//! println!("{} households newly covered by 4G", c.province_after.covered_4g as i64 - c.province_before.covered_4g as i64);
//! # Ok::<(), phusong::Error>(())
//! ```

use polars::prelude::{Column, DataFrame};

use crate::aggregate::targets::{goals, Goal, TableColumns, Tally, Target, TARGETS};
use crate::aggregate::{Counts, TargetCheck};
use crate::config::Targets;
use crate::engine::RunResult;
use crate::{Error, Result};

/// One commune before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneChange {
    /// Commune code.
    pub code: String,
    /// Commune name.
    pub name: String,
    /// Parent area (district), if any.
    pub parent: Option<String>,
    /// Counts in the base run.
    pub before: Counts,
    /// Counts in the scenario run.
    pub after: Counts,
    /// Reached by fibre in the base run.
    pub reached_before: bool,
    /// Reached by fibre in the scenario run.
    pub reached_after: bool,
    /// Households gaining at least one service.
    pub households_gained: u64,
    /// Households losing at least one service.
    pub households_lost: u64,
}

/// A target of the province, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    /// Machine key (`fibre_households`, `mobile_4g_households`, …).
    pub key: String,
    /// What it means.
    pub description: String,
    /// The target share.
    pub target: f64,
    /// Share before / after.
    pub before: f64,
    /// Share after.
    pub after: f64,
    /// Met before.
    pub met_before: bool,
    /// Met after.
    pub met_after: bool,
    /// Gap before (in `gap_unit`).
    pub gap_before: u64,
    /// Gap after.
    pub gap_after: u64,
    /// "households" or "communes".
    pub gap_unit: String,
    /// Communes meeting it before, when it is judged per commune.
    pub communes_meeting_before: Option<u64>,
    /// Communes meeting it after.
    pub communes_meeting_after: Option<u64>,
}

/// The comparison of two runs.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Name of the base scenario.
    pub base: String,
    /// Name of the compared scenario.
    pub scenario: String,
    /// Province name.
    pub province: String,
    /// Name of the parent-area field, if any (e.g. `district`).
    pub parent_field: Option<String>,
    /// The scenario's name for the parent level (`[areas] parent_label`), if
    /// it gives one.
    pub parent_label: Option<String>,
    /// The targets applied to both runs (the scenario's).
    pub targets: Targets,
    /// Communes, sorted by code.
    pub communes: Vec<CommuneChange>,
    /// Province counts before.
    pub province_before: Counts,
    /// Province counts after.
    pub province_after: Counts,
    /// Each target before and after.
    pub target_changes: Vec<TargetChange>,
    /// True when gained/lost households were counted household by household.
    pub per_household: bool,
}

impl CommuneChange {
    /// The commune's figures in the base run.
    pub fn tally_before(&self) -> Tally {
        Tally {
            counts: self.before,
            communes: 1,
            communes_reached: self.reached_before as u64,
        }
    }

    /// The commune's figures in the scenario run.
    pub fn tally_after(&self) -> Tally {
        Tally {
            counts: self.after,
            communes: 1,
            communes_reached: self.reached_after as u64,
        }
    }
}

impl Comparison {
    /// The targets judged (those the scenario sets), in report order.
    pub fn goals(&self) -> Vec<Goal> {
        goals(&self.targets).collect()
    }

    /// The targets judged commune by commune (the households targets).
    pub fn commune_goals(&self) -> Vec<Goal> {
        goals(&self.targets)
            .filter(|g| g.target.per_commune())
            .collect()
    }

    /// The province's figures before and after.
    pub fn province_tallies(&self) -> (Tally, Tally) {
        let n = self.communes.len() as u64;
        let reached = |f: fn(&CommuneChange) -> bool| self.communes.iter().filter(|x| f(x)).count();
        (
            Tally {
                counts: self.province_before,
                communes: n,
                communes_reached: reached(|x| x.reached_before) as u64,
            },
            Tally {
                counts: self.province_after,
                communes: n,
                communes_reached: reached(|x| x.reached_after) as u64,
            },
        )
    }

    /// Communes meeting `goal` before and after: for a households target,
    /// those that meet it on their own; for a communes target, those it
    /// counts (e.g. the communes reached by fibre).
    pub fn communes_meeting(&self, goal: &Goal) -> (u64, u64) {
        if !goal.target.per_commune() {
            let (pb, pa) = self.province_tallies();
            let achieved = goal.target.numerator;
            return (achieved(&pb), achieved(&pa));
        }
        let count = |side: fn(&CommuneChange) -> Tally| {
            self.communes
                .iter()
                .filter(|c| goal.meets(&side(c)))
                .count() as u64
        };
        (
            count(CommuneChange::tally_before),
            count(CommuneChange::tally_after),
        )
    }
}

fn same_households(a: &RunResult, b: &RunResult) -> bool {
    let (x, y) = (&a.inputs.households, &b.inputs.households);
    x.len() == y.len() && (0..x.len()).all(|i| x.ids.get(i) == y.ids.get(i))
}

/// Compare the run of a base scenario with the run of another scenario over
/// the same communes (same codes; an error otherwise).
pub fn compare(base: &RunResult, scenario: &RunResult) -> Result<Comparison> {
    let (a, b) = (&base.inputs.areas.items, &scenario.inputs.areas.items);
    let differs = a.len() != b.len() || a.iter().zip(b.iter()).any(|(x, y)| x.id != y.id);
    if differs {
        let first = a
            .iter()
            .map(|x| x.id.as_str())
            .zip(b.iter().map(|x| x.id.as_str()))
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("; first difference: commune {x:?} against {y:?}"))
            .unwrap_or_default();
        return Err(Error::Data(format!(
            "the two scenarios must share the same areas to be compared: {} has {} communes \
             ({}), {} has {} ({}){first}",
            base.scenario.name,
            a.len(),
            base.scenario.layers.areas.display(),
            scenario.scenario.name,
            b.len(),
            scenario.scenario.layers.areas.display(),
        )));
    }
    let per_household = same_households(base, scenario);
    let n_areas = a.len();
    let mut gained = vec![0u64; n_areas];
    let mut lost = vec![0u64; n_areas];
    if per_household {
        let (hb, ha) = (&base.households, &scenario.households);
        let demand = &scenario.inputs.households.demand;
        for (i, &demand) in demand.iter().enumerate() {
            let area = ha.area[i];
            if area == crate::engine::UNASSIGNED {
                continue;
            }
            let before = [
                demand && hb.fibre_served[i],
                hb.g4.covered.get(i).copied().unwrap_or(false),
                hb.g5.covered.get(i).copied().unwrap_or(false),
            ];
            let after = [
                demand && ha.fibre_served[i],
                ha.g4.covered.get(i).copied().unwrap_or(false),
                ha.g5.covered.get(i).copied().unwrap_or(false),
            ];
            if before.iter().zip(&after).any(|(b, a)| !b && *a) {
                gained[area as usize] += 1;
            }
            if before.iter().zip(&after).any(|(b, a)| *b && !a) {
                lost[area as usize] += 1;
            }
        }
    }
    let communes: Vec<CommuneChange> = (0..n_areas)
        .map(|i| {
            let (before, after) = (base.area_counts[i], scenario.area_counts[i]);
            let d = |f: fn(&Counts) -> u64| f(&after) as i64 - f(&before) as i64;
            let deltas = [
                d(|c| c.fibre_served),
                d(|c| c.covered_4g),
                d(|c| c.covered_5g),
            ];
            let (g, l) = if per_household {
                (gained[i], lost[i])
            } else {
                (
                    deltas.iter().copied().max().unwrap_or(0).max(0) as u64,
                    (-deltas.iter().copied().min().unwrap_or(0)).max(0) as u64,
                )
            };
            CommuneChange {
                code: b[i].id.clone(),
                name: b[i].name.clone(),
                parent: b[i].parent.clone(),
                before,
                after,
                reached_before: base.area_reached[i],
                reached_after: scenario.area_reached[i],
                households_gained: g,
                households_lost: l,
            }
        })
        .collect();
    let sum = |f: fn(&CommuneChange) -> Counts| {
        communes.iter().fold(Counts::default(), |mut acc, c| {
            acc += f(c);
            acc
        })
    };
    let mut c = Comparison {
        base: base.scenario.name.clone(),
        scenario: scenario.scenario.name.clone(),
        province: scenario.scenario.province.clone(),
        parent_field: scenario.scenario.areas.parent_field.clone(),
        parent_label: scenario.scenario.areas.parent_label.clone(),
        targets: scenario.scenario.targets.clone(),
        province_before: sum(|c| c.before),
        province_after: sum(|c| c.after),
        communes,
        target_changes: Vec::new(),
        per_household,
    };
    c.target_changes = target_changes(&c, &base.summary.targets, &scenario.summary.targets);
    Ok(c)
}

fn target_changes(
    c: &Comparison,
    before: &[TargetCheck],
    after: &[TargetCheck],
) -> Vec<TargetChange> {
    let (pb, pa) = c.province_tallies();
    let mut out: Vec<TargetChange> = c
        .goals()
        .iter()
        .map(|g| {
            let (meeting_before, meeting_after) = c.communes_meeting(g);
            TargetChange {
                key: g.target.key.into(),
                description: g.target.description.into(),
                target: g.share,
                before: g.target.share(&pb),
                after: g.target.share(&pa),
                met_before: g.meets(&pb),
                met_after: g.meets(&pa),
                gap_before: g.gap(&pb),
                gap_after: g.gap(&pa),
                gap_unit: g.target.unit.as_str().into(),
                communes_meeting_before: Some(meeting_before),
                communes_meeting_after: Some(meeting_after),
            }
        })
        .collect();
    // Other targets (indicators) as each run reported them.
    for ta in after {
        if out.iter().any(|o| o.key == ta.key) {
            continue;
        }
        let tb = before.iter().find(|t| t.key == ta.key);
        out.push(TargetChange {
            key: ta.key.clone(),
            description: ta.description.clone(),
            target: ta.target,
            before: tb.map_or(f64::NAN, |t| t.value),
            after: ta.value,
            met_before: tb.is_some_and(|t| t.met),
            met_after: ta.met,
            gap_before: tb.map_or(0, |t| t.gap),
            gap_after: ta.gap,
            gap_unit: ta.gap_unit.clone(),
            communes_meeting_before: tb
                .and_then(|t| t.communes_missing)
                .map(|m| c.communes.len() as u64 - m),
            communes_meeting_after: ta.communes_missing.map(|m| c.communes.len() as u64 - m),
        });
    }
    out
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn status(before: bool, after: bool) -> &'static str {
    match (before, after) {
        (false, true) => "newly met",
        (true, false) => "no longer met",
        (true, true) => "met",
        (false, false) => "not met",
    }
}

/// The per-commune table (`compare.csv`, and the properties of
/// `compare.geojson`): code, name, parent, then for fibre, 4G and 5G the
/// households served before, after and the change, the shares before and
/// after, fibre reach, each target's status (`met`, `not met`, `newly met`,
/// `no longer met`), and the households gained and lost.
pub fn commune_table(c: &Comparison) -> Result<DataFrame> {
    let rows: Vec<&CommuneChange> = c.communes.iter().collect();
    table(c, &rows, false)
}

/// The one-row province table (`compare_province.csv`): the sums of the
/// commune table, communes reached and communes meeting each target.
pub fn province_table(c: &Comparison) -> Result<DataFrame> {
    let total = CommuneChange {
        code: String::new(),
        name: c.province.clone(),
        parent: None,
        before: c.province_before,
        after: c.province_after,
        reached_before: false,
        reached_after: false,
        households_gained: c.communes.iter().map(|x| x.households_gained).sum(),
        households_lost: c.communes.iter().map(|x| x.households_lost).sum(),
    };
    table(c, &[&total], true)
}

fn table(c: &Comparison, rows: &[&CommuneChange], province: bool) -> Result<DataFrame> {
    let mut cols = if province {
        vec![
            Column::new("province".into(), vec![c.province.as_str()]),
            Column::new("communes".into(), vec![c.communes.len() as u64]),
        ]
    } else {
        commune_keys(c, rows)
    };
    let u = |f: &dyn Fn(&CommuneChange) -> u64| -> Vec<u64> { rows.iter().map(|r| f(r)).collect() };
    cols.push(Column::new("households".into(), u(&|r| r.after.households)));
    cols.push(Column::new(
        "demand_households".into(),
        u(&|r| r.after.demand),
    ));
    for t in TARGETS {
        if let Some(tc) = t.columns {
            cols.extend(served_columns(rows, t, tc));
        }
    }
    if province {
        cols.extend(province_reach(c));
    } else {
        cols.extend(commune_reach(c, rows));
    }
    cols.push(Column::new(
        "households_gained".into(),
        u(&|r| r.households_gained),
    ));
    cols.push(Column::new(
        "households_lost".into(),
        u(&|r| r.households_lost),
    ));
    let net: Vec<i64> = rows
        .iter()
        .map(|r| r.households_gained as i64 - r.households_lost as i64)
        .collect();
    cols.push(Column::new("households_net_change".into(), net));
    DataFrame::new(rows.len(), cols).map_err(|e| Error::table("building the comparison table", e))
}

/// `code`, `name` and the parent field of each commune.
fn commune_keys(c: &Comparison, rows: &[&CommuneChange]) -> Vec<Column> {
    let strs = |f: fn(&CommuneChange) -> &str| -> Vec<&str> { rows.iter().map(|r| f(r)).collect() };
    let mut cols = vec![
        Column::new("code".into(), strs(|r| &r.code)),
        Column::new("name".into(), strs(|r| &r.name)),
    ];
    if let Some(p) = &c.parent_field {
        cols.push(Column::new(
            p.as_str().into(),
            strs(|r| r.parent.as_deref().unwrap_or("")),
        ));
    }
    cols
}

/// What a target counts as achieved before, after and the change, and its
/// share before and after (whether or not the scenario sets a goal).
fn served_columns(rows: &[&CommuneChange], t: &Target, tc: TableColumns) -> Vec<Column> {
    let achieved = |counts: &Counts| {
        (t.numerator)(&Tally {
            counts: *counts,
            ..Tally::default()
        })
    };
    let side = |before: bool| -> Vec<u64> {
        rows.iter()
            .map(|r| achieved(if before { &r.before } else { &r.after }))
            .collect()
    };
    let change: Vec<i64> = rows
        .iter()
        .map(|r| achieved(&r.after) as i64 - achieved(&r.before) as i64)
        .collect();
    let share = |before: bool| -> Vec<f64> {
        rows.iter()
            .map(|r| {
                let tally = if before {
                    r.tally_before()
                } else {
                    r.tally_after()
                };
                round6(t.share(&tally))
            })
            .collect()
    };
    vec![
        Column::new(format!("{}_before", tc.achieved).into(), side(true)),
        Column::new(format!("{}_after", tc.achieved).into(), side(false)),
        Column::new(format!("{}_change", tc.achieved).into(), change),
        Column::new(format!("{}_before", tc.share).into(), share(true)),
        Column::new(format!("{}_after", tc.share).into(), share(false)),
    ]
}

/// Province: communes reached before, after and newly, and the communes
/// meeting each households target before and after.
fn province_reach(c: &Comparison) -> Vec<Column> {
    let (pb, pa) = c.province_tallies();
    let newly = c
        .communes
        .iter()
        .filter(|x| x.reached_after && !x.reached_before)
        .count() as u64;
    let mut cols = vec![
        Column::new("communes_reached_before".into(), vec![pb.communes_reached]),
        Column::new("communes_reached_after".into(), vec![pa.communes_reached]),
        Column::new("communes_newly_reached".into(), vec![newly]),
    ];
    for g in c.commune_goals() {
        let (b, a) = c.communes_meeting(&g);
        let stem = target_stem(g.target.label);
        cols.push(Column::new(
            format!("communes_{stem}_target_met_before").into(),
            vec![b],
        ));
        cols.push(Column::new(
            format!("communes_{stem}_target_met_after").into(),
            vec![a],
        ));
    }
    cols
}

/// Communes: reached before, after and newly, and the status of each
/// households target.
fn commune_reach(c: &Comparison, rows: &[&CommuneChange]) -> Vec<Column> {
    let bo =
        |f: &dyn Fn(&CommuneChange) -> bool| -> Vec<bool> { rows.iter().map(|r| f(r)).collect() };
    let mut cols = vec![
        Column::new("fibre_reached_before".into(), bo(&|r| r.reached_before)),
        Column::new("fibre_reached_after".into(), bo(&|r| r.reached_after)),
        Column::new(
            "fibre_newly_reached".into(),
            bo(&|r| r.reached_after && !r.reached_before),
        ),
    ];
    for g in c.commune_goals() {
        let v: Vec<&str> = rows
            .iter()
            .map(|r| status(g.meets(&r.tally_before()), g.meets(&r.tally_after())))
            .collect();
        cols.push(Column::new(
            format!("{}_target", target_stem(g.target.label)).into(),
            v,
        ));
    }
    cols
}

/// "fibre", "4g", "5g" for the labels of the households targets (see
/// [`Comparison::commune_goals`]).
pub fn target_stem(label: &str) -> String {
    label.to_ascii_lowercase()
}
