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
//! use phusong::{compare::compare, engine, input::Scenario};
//! let base = engine::run(&Scenario::load("data/demo.toml".as_ref())?, &engine::NoProgress)?;
//! let plan = engine::run(&Scenario::load("plan.toml".as_ref())?, &engine::NoProgress)?;
//! let c = compare(&base, &plan)?;
//! println!("{} households newly covered by 4G", c.province_after.covered_4g as i64 - c.province_before.covered_4g as i64);
//! # Ok::<(), phusong::Error>(())
//! ```

use polars::prelude::{Column, DataFrame};

use crate::aggregate::{gap_to_target, meets, share, Counts, TargetCheck};
use crate::engine::RunResult;
use crate::input::scenario::Targets;
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

/// A technology judged per commune: key, label, target, (total, achieved).
type Judge = (&'static str, &'static str, f64, fn(&Counts) -> (u64, u64));

impl Comparison {
    /// The household targets judged per commune: (key, label, target,
    /// total and achieved of a commune's counts).
    pub fn household_targets(&self) -> Vec<Judge> {
        let t = &self.targets;
        let mut v: Vec<Judge> = vec![
            ("fibre_households", "fibre", t.fibre_households, |c| {
                (c.demand, c.fibre_served)
            }),
            ("mobile_4g_households", "4G", t.mobile_4g_households, |c| {
                (c.households, c.covered_4g)
            }),
        ];
        if let Some(t5) = t.mobile_5g_households {
            v.push(("mobile_5g_households", "5G", t5, |c| {
                (c.households, c.covered_5g)
            }));
        }
        v
    }

    /// Communes meeting a household target before and after, by key.
    pub fn communes_meeting(&self, key: &str) -> Option<(u64, u64)> {
        let (_, _, target, f) = self.household_targets().into_iter().find(|j| j.0 == key)?;
        let count = |side: fn(&CommuneChange) -> &Counts| {
            self.communes
                .iter()
                .filter(|c| {
                    let (tot, ach) = f(side(c));
                    meets(target, tot, ach)
                })
                .count() as u64
        };
        Some((count(|c| &c.before), count(|c| &c.after)))
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
        return Err(Error::Invalid(format!(
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
    let mut out = Vec::new();
    let (pb, pa) = (&c.province_before, &c.province_after);
    let description = |key: &str, fallback: &str| {
        after
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.description.clone())
            .unwrap_or_else(|| fallback.to_string())
    };
    for (i, (key, label, target, f)) in c.household_targets().into_iter().enumerate() {
        let ((tb, ab), (ta, aa)) = (f(pb), f(pa));
        let meeting = c.communes_meeting(key);
        out.push(TargetChange {
            key: key.into(),
            description: description(key, &format!("Households with {label}")),
            target,
            before: share(ab, tb),
            after: share(aa, ta),
            met_before: meets(target, tb, ab),
            met_after: meets(target, ta, aa),
            gap_before: gap_to_target(target, tb, ab),
            gap_after: gap_to_target(target, ta, aa),
            gap_unit: "households".into(),
            communes_meeting_before: meeting.map(|m| m.0),
            communes_meeting_after: meeting.map(|m| m.1),
        });
        if i == 0 {
            // Fibre in communes, right after the fibre household target.
            let n = c.communes.len() as u64;
            let rb = c.communes.iter().filter(|x| x.reached_before).count() as u64;
            let ra = c.communes.iter().filter(|x| x.reached_after).count() as u64;
            let t = c.targets.fibre_communes;
            out.push(TargetChange {
                key: "fibre_communes".into(),
                description: description("fibre_communes", "Communes reached by the fibre network"),
                target: t,
                before: share(rb, n),
                after: share(ra, n),
                met_before: meets(t, n, rb),
                met_after: meets(t, n, ra),
                gap_before: gap_to_target(t, n, rb),
                gap_after: gap_to_target(t, n, ra),
                gap_unit: "communes".into(),
                communes_meeting_before: Some(rb),
                communes_meeting_after: Some(ra),
            });
        }
    }
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
    let n = rows.len();
    let mut cols: Vec<Column> = Vec::new();
    let strs = |f: fn(&CommuneChange) -> &str| -> Vec<&str> { rows.iter().map(|r| f(r)).collect() };
    if province {
        cols.push(Column::new("province".into(), strs(|r| &r.name)));
        cols.push(Column::new(
            "communes".into(),
            vec![c.communes.len() as u64],
        ));
    } else {
        cols.push(Column::new("code".into(), strs(|r| &r.code)));
        cols.push(Column::new("name".into(), strs(|r| &r.name)));
        if let Some(p) = &c.parent_field {
            let v: Vec<&str> = rows
                .iter()
                .map(|r| r.parent.as_deref().unwrap_or(""))
                .collect();
            cols.push(Column::new(p.as_str().into(), v));
        }
    }
    let u = |f: &dyn Fn(&CommuneChange) -> u64| -> Vec<u64> { rows.iter().map(|r| f(r)).collect() };
    cols.push(Column::new("households".into(), u(&|r| r.after.households)));
    cols.push(Column::new(
        "demand_households".into(),
        u(&|r| r.after.demand),
    ));
    type Pick = fn(&Counts) -> (u64, u64);
    let techs: [(&str, Pick); 3] = [
        ("fibre", |c| (c.demand, c.fibre_served)),
        ("4g", |c| (c.households, c.covered_4g)),
        ("5g", |c| (c.households, c.covered_5g)),
    ];
    for (stem, f) in techs {
        let served = if stem == "fibre" {
            "fibre_served".to_string()
        } else {
            format!("covered_{stem}")
        };
        let share_name = if stem == "fibre" {
            "fibre_share".to_string()
        } else {
            format!("share_{stem}")
        };
        cols.push(Column::new(
            format!("{served}_before").into(),
            u(&|r| f(&r.before).1),
        ));
        cols.push(Column::new(
            format!("{served}_after").into(),
            u(&|r| f(&r.after).1),
        ));
        let change: Vec<i64> = rows
            .iter()
            .map(|r| f(&r.after).1 as i64 - f(&r.before).1 as i64)
            .collect();
        cols.push(Column::new(format!("{served}_change").into(), change));
        for (side, pick) in [("before", true), ("after", false)] {
            let v: Vec<f64> = rows
                .iter()
                .map(|r| {
                    let (tot, ach) = f(if pick { &r.before } else { &r.after });
                    round6(share(ach, tot))
                })
                .collect();
            cols.push(Column::new(format!("{share_name}_{side}").into(), v));
        }
    }
    if province {
        let rb = c.communes.iter().filter(|x| x.reached_before).count() as u64;
        let ra = c.communes.iter().filter(|x| x.reached_after).count() as u64;
        cols.push(Column::new("communes_reached_before".into(), vec![rb]));
        cols.push(Column::new("communes_reached_after".into(), vec![ra]));
        let newly = c
            .communes
            .iter()
            .filter(|x| x.reached_after && !x.reached_before)
            .count() as u64;
        cols.push(Column::new("communes_newly_reached".into(), vec![newly]));
        for (key, label, _, _) in c.household_targets() {
            let (b, a) = c.communes_meeting(key).unwrap_or((0, 0));
            let stem = target_stem(label);
            cols.push(Column::new(
                format!("communes_{stem}_target_met_before").into(),
                vec![b],
            ));
            cols.push(Column::new(
                format!("communes_{stem}_target_met_after").into(),
                vec![a],
            ));
        }
    } else {
        let bo = |f: &dyn Fn(&CommuneChange) -> bool| -> Vec<bool> {
            rows.iter().map(|r| f(r)).collect()
        };
        cols.push(Column::new(
            "fibre_reached_before".into(),
            bo(&|r| r.reached_before),
        ));
        cols.push(Column::new(
            "fibre_reached_after".into(),
            bo(&|r| r.reached_after),
        ));
        cols.push(Column::new(
            "fibre_newly_reached".into(),
            bo(&|r| r.reached_after && !r.reached_before),
        ));
        for (_, label, target, f) in c.household_targets() {
            let v: Vec<&str> = rows
                .iter()
                .map(|r| {
                    let (tb, ab) = f(&r.before);
                    let (ta, aa) = f(&r.after);
                    status(meets(target, tb, ab), meets(target, ta, aa))
                })
                .collect();
            cols.push(Column::new(
                format!("{}_target", target_stem(label)).into(),
                v,
            ));
        }
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
    DataFrame::new(n, cols)
        .map_err(|e| Error::Invalid(format!("building the comparison table: {e}")))
}

/// "fibre", "4g", "5g" for the labels of [`Comparison::household_targets`].
pub fn target_stem(label: &str) -> String {
    label.to_ascii_lowercase()
}
