//! Targets of a provincial plan and the gap to them.
//!
//! [`TARGETS`] is the one table of the network targets: each entry names a
//! target (its key in `[targets]` and in every output), says what it means
//! for people, how it is measured on an area's figures (a numerator over a
//! denominator of a [`Tally`]), its default goal and the unit of its gap.
//! The engine's target checks, the result tables, `compare`, `gaps`, the
//! maps and the reports all walk this table, so adding a target is one entry
//! here (plus its field in [`Targets`], where users set its goal).
//!
//! ```
//! use phusong::aggregate::targets::{goals, Tally, FIBRE_HOUSEHOLDS};
//! use phusong::aggregate::Counts;
//! use phusong::config::Targets;
//! let t = Targets::default();
//! let keys: Vec<&str> = goals(&t).map(|g| g.target.key).collect();
//! assert_eq!(keys, ["fibre_households", "fibre_communes", "mobile_4g_households"]);
//! let area = Tally {
//!     counts: Counts { demand: 100, fibre_served: 70, ..Counts::default() },
//!     communes: 1,
//!     communes_reached: 1,
//! };
//! let g = goals(&t).next().unwrap();
//! assert_eq!(g.target.key, FIBRE_HOUSEHOLDS.key);
//! assert_eq!((g.share, g.gap(&area), g.meets(&area)), (0.8, 10, false));
//! ```

use serde::{Deserialize, Serialize};

use crate::aggregate::counts::{share, Counts};
use crate::config::Targets;
use crate::config::Technology;

/// The number of units still missing to reach `target` (a share) of
/// `total`, given `achieved`: `max(0, ⌈target·total⌉ − achieved)`.
///
/// ```
/// use phusong::aggregate::gap_to_target;
/// assert_eq!(gap_to_target(0.8, 100, 70), 10);
/// assert_eq!(gap_to_target(0.8, 100, 85), 0);
/// assert_eq!(gap_to_target(0.8, 7, 5), 1); // ⌈5.6⌉ = 6
/// ```
pub fn gap_to_target(target: f64, total: u64, achieved: u64) -> u64 {
    // Guard against 0.8·100 = 80.00000000000001 rounding up to 81.
    let needed = (target * total as f64 - 1e-9).ceil().max(0.0) as u64;
    needed.saturating_sub(achieved)
}

/// Whether `achieved / total` meets `target` (a share): an area with
/// nothing to serve meets any target.
pub fn meets(target: f64, total: u64, achieved: u64) -> bool {
    gap_to_target(target, total, achieved) == 0
}

/// One target checked against the province (or an area).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TargetCheck {
    /// Machine key, e.g. `fibre_households`.
    pub key: String,
    /// What it means, for people.
    pub description: String,
    /// The target share.
    pub target: f64,
    /// The achieved share; not a number (`null` in JSON) when the target
    /// is not evaluated or undefined (nothing to serve).
    #[serde(with = "nan_as_null")]
    pub value: f64,
    /// Met or not.
    pub met: bool,
    /// How many more units must be served to meet it.
    pub gap: u64,
    /// The unit of `gap` ("households", "communes").
    pub gap_unit: String,
    /// Areas (communes) that miss this target on their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communes_missing: Option<u64>,
    /// "met", "not met", or — when there is nothing to serve, so that the
    /// share is undefined (`value` null, `met` false) — what is missing, e.g.
    /// "no demand households".
    #[serde(default)]
    pub status: String,
}

impl TargetCheck {
    /// Whether the share is undefined (nothing to serve): then `status`
    /// says why, and neither `value` nor `met` means anything.
    pub fn undefined(&self) -> bool {
        !matches!(self.status.as_str(), "met" | "not met" | "")
    }
}

/// A share that may be missing: `null` in JSON, not a number in Rust.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

/// The status of a check that is `met` or not.
pub fn met_status(met: bool) -> String {
    if met { "met" } else { "not met" }.to_string()
}

/// The unit a target is counted in (and so its gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapUnit {
    /// Households: the target is also judged commune by commune.
    Households,
    /// Communes: the target is judged for the province (or a district) as
    /// a whole; a single commune counts 0 or 1.
    Communes,
}

impl GapUnit {
    /// The unit as written in the outputs: `households`, `communes`.
    pub fn as_str(self) -> &'static str {
        match self {
            GapUnit::Households => "households",
            GapUnit::Communes => "communes",
        }
    }
}

/// The network whose extension serves a target (which plan can close it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Network {
    /// The fibre network (`phusong plan fibre`).
    Fibre,
    /// The mobile network of one technology (`phusong plan sites`).
    Mobile(Technology),
}

/// The figures a target is measured on: the counts of one commune or of
/// several, how many communes that is and how many fibre reaches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// The households' counts.
    pub counts: Counts,
    /// Communes (1 for a single commune).
    pub communes: u64,
    /// Communes reached by fibre (0 or 1 for a single commune).
    pub communes_reached: u64,
}

/// A target's columns in the result tables (`communes.csv`, the district
/// and province tables) and in the comparison tables (`compare.csv`, with
/// `_before`, `_after` and `_change`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableColumns {
    /// Name of the column of what is achieved (the numerator).
    pub achieved: &'static str,
    /// Name of the share column; the met and gap columns follow it.
    pub share: &'static str,
    /// Name of the boolean "target met" column.
    pub met: &'static str,
    /// Name of the gap column (in the target's unit).
    pub gap: &'static str,
}

/// One entry of the table of targets.
#[derive(Debug)]
pub struct Target {
    /// Key in `[targets]`, `summary.json`, `compare.md`, `gaps.csv`.
    pub key: &'static str,
    /// What it means, for people.
    pub description: &'static str,
    /// Short name in running text ("the 4G target") and, lower-cased, in
    /// column names (`4g_target`).
    pub label: &'static str,
    /// The unit of its gap.
    pub unit: GapUnit,
    /// The network that serves it.
    pub network: Network,
    /// Its goal (a share) when the scenario sets none; `None`: not checked
    /// unless set.
    pub default_goal: Option<f64>,
    /// Its goal in a scenario's `[targets]`.
    pub goal: fn(&Targets) -> Option<f64>,
    /// What is achieved.
    pub numerator: fn(&Tally) -> u64,
    /// Out of what.
    pub denominator: fn(&Tally) -> u64,
    /// Its columns in the result tables, if any.
    pub columns: Option<TableColumns>,
}

/// Demand households within reach of fibre.
pub static FIBRE_HOUSEHOLDS: Target = Target {
    key: "fibre_households",
    description: "Demand households within reach of fibre",
    label: "fibre",
    unit: GapUnit::Households,
    network: Network::Fibre,
    default_goal: Some(0.80),
    goal: |t| Some(t.fibre_households),
    numerator: |t| t.counts.fibre_served,
    denominator: |t| t.counts.demand,
    columns: Some(TableColumns {
        achieved: "fibre_served",
        share: "fibre_share",
        met: "fibre_target_met",
        gap: "fibre_gap_households",
    }),
};

/// Communes reached by the fibre network.
pub static FIBRE_COMMUNES: Target = Target {
    key: "fibre_communes",
    description: "Communes reached by the fibre network",
    label: "fibre reach",
    unit: GapUnit::Communes,
    network: Network::Fibre,
    default_goal: Some(1.0),
    goal: |t| Some(t.fibre_communes),
    numerator: |t| t.communes_reached,
    denominator: |t| t.communes,
    columns: None,
};

/// Households covered by 4G.
pub static MOBILE_4G_HOUSEHOLDS: Target = Target {
    key: "mobile_4g_households",
    description: "Households covered by 4G",
    label: "4G",
    unit: GapUnit::Households,
    network: Network::Mobile(Technology::G4),
    default_goal: Some(1.0),
    goal: |t| Some(t.mobile_4g_households),
    numerator: |t| t.counts.covered_4g,
    denominator: |t| t.counts.households,
    columns: Some(TableColumns {
        achieved: "covered_4g",
        share: "share_4g",
        met: "target_4g_met",
        gap: "gap_4g_households",
    }),
};

/// Households covered by 5G.
pub static MOBILE_5G_HOUSEHOLDS: Target = Target {
    key: "mobile_5g_households",
    description: "Households covered by 5G",
    label: "5G",
    unit: GapUnit::Households,
    network: Network::Mobile(Technology::G5),
    default_goal: None,
    goal: |t| t.mobile_5g_households,
    numerator: |t| t.counts.covered_5g,
    denominator: |t| t.counts.households,
    columns: Some(TableColumns {
        achieved: "covered_5g",
        share: "share_5g",
        met: "target_5g_met",
        gap: "gap_5g_households",
    }),
};

/// The network targets, in report order.
pub static TARGETS: [&Target; 4] = [
    &FIBRE_HOUSEHOLDS,
    &FIBRE_COMMUNES,
    &MOBILE_4G_HOUSEHOLDS,
    &MOBILE_5G_HOUSEHOLDS,
];

/// The households target of a mobile technology.
pub fn mobile_households(tech: Technology) -> &'static Target {
    match tech {
        Technology::G4 => &MOBILE_4G_HOUSEHOLDS,
        Technology::G5 => &MOBILE_5G_HOUSEHOLDS,
    }
}

impl Target {
    /// The goal `targets` sets for this target (`None`: not checked, also
    /// when the scenario has no layer of its network: see
    /// [`not_evaluated_goal`](Self::not_evaluated_goal)).
    pub fn goal_in(&self, targets: &Targets) -> Option<f64> {
        if self.evaluated_in(targets) {
            (self.goal)(targets)
        } else {
            None
        }
    }

    /// Whether the scenario has the layer of the target's network (fibre
    /// or sites).
    pub fn evaluated_in(&self, targets: &Targets) -> bool {
        match self.network {
            Network::Fibre => !targets.no_fibre_layer,
            Network::Mobile(_) => !targets.no_sites_layer,
        }
    }

    /// The goal of a target set but not evaluated, because the scenario
    /// has no layer of its network.
    pub fn not_evaluated_goal(&self, targets: &Targets) -> Option<f64> {
        if self.evaluated_in(targets) {
            None
        } else {
            (self.goal)(targets)
        }
    }

    /// The achieved share of `t` (0 when there is nothing to serve).
    pub fn share(&self, t: &Tally) -> f64 {
        share((self.numerator)(t), (self.denominator)(t))
    }

    /// Whether the target is also judged commune by commune (households
    /// targets are; a communes target is judged for the whole only).
    pub fn per_commune(&self) -> bool {
        self.unit == GapUnit::Households
    }

    /// Whether `t` has something to serve (the share is defined).
    pub fn defined(&self, t: &Tally) -> bool {
        (self.denominator)(t) > 0
    }

    /// What an undefined share lacks: "no demand households", "no
    /// households", "no communes".
    pub fn nothing_to_serve(&self) -> &'static str {
        match (self.unit, self.key) {
            (_, "fibre_households") => "no demand households",
            (GapUnit::Households, _) => "no households",
            (GapUnit::Communes, _) => "no communes",
        }
    }
}

/// A target with the goal a scenario sets for it.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    /// The target.
    pub target: &'static Target,
    /// Its goal, a share in [0, 1].
    pub share: f64,
}

/// The targets `targets` checks (those with a goal), in report order.
pub fn goals(targets: &Targets) -> impl Iterator<Item = Goal> + '_ {
    TARGETS
        .iter()
        .filter_map(|&target| target.goal_in(targets).map(|share| Goal { target, share }))
}

impl Goal {
    /// Units still missing in `t` to meet the goal.
    pub fn gap(&self, t: &Tally) -> u64 {
        let g = self.target;
        gap_to_target(self.share, (g.denominator)(t), (g.numerator)(t))
    }

    /// Whether `t` meets the goal (true when it has nothing to serve: no
    /// gap; see [`meets_defined`](Self::meets_defined)).
    pub fn meets(&self, t: &Tally) -> bool {
        self.gap(t) == 0
    }

    /// [`meets`](Self::meets), `None` when `t` has nothing to serve.
    pub fn meets_defined(&self, t: &Tally) -> Option<bool> {
        self.target.defined(t).then(|| self.gap(t) == 0)
    }

    /// The check of the province (or a district) `whole`, made of the
    /// communes `communes` (counted as missing it for households targets).
    pub fn check(&self, whole: &Tally, communes: &[Tally]) -> TargetCheck {
        let g = self.target;
        let gap = self.gap(whole);
        let defined = g.defined(whole);
        TargetCheck {
            key: g.key.into(),
            description: g.description.into(),
            target: self.share,
            value: if defined { g.share(whole) } else { f64::NAN },
            met: defined && gap == 0,
            gap,
            gap_unit: g.unit.as_str().into(),
            // Communes with nothing to serve do not miss the target.
            communes_missing: g.per_commune().then(|| {
                communes
                    .iter()
                    .filter(|c| self.meets_defined(c) == Some(false))
                    .count() as u64
            }),
            status: if defined {
                met_status(gap == 0)
            } else {
                g.nothing_to_serve().into()
            },
        }
    }
}

/// The checks of every target `targets` sets, for the province `whole`
/// made of `communes`, in report order.
/// A target set but without the layer to evaluate it is listed with the
/// status [`NOT_EVALUATED`] (never as 0% or met).
pub fn checks(targets: &Targets, whole: &Tally, communes: &[Tally]) -> Vec<TargetCheck> {
    TARGETS
        .iter()
        .filter_map(|&target| match target.goal_in(targets) {
            Some(share) => Some(Goal { target, share }.check(whole, communes)),
            None => target
                .not_evaluated_goal(targets)
                .map(|share| not_evaluated(target, share)),
        })
        .collect()
}

/// The status of a target the scenario cannot evaluate (no fibre or no
/// sites layer).
pub const NOT_EVALUATED: &str = "not evaluated";

/// The check of a target without the layer to evaluate it: no value, not
/// met, no gap.
fn not_evaluated(target: &Target, share: f64) -> TargetCheck {
    TargetCheck {
        key: target.key.into(),
        description: target.description.into(),
        target: share,
        value: f64::NAN,
        met: false,
        gap: 0,
        gap_unit: target.unit.as_str().into(),
        communes_missing: None,
        status: NOT_EVALUATED.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_goals_are_those_of_an_empty_targets_table() {
        let d = Targets::default();
        for t in TARGETS {
            assert_eq!(t.goal_in(&d), t.default_goal, "{}", t.key);
        }
    }

    #[test]
    fn keys_are_unique_and_each_technology_has_a_target() {
        let mut keys: Vec<&str> = TARGETS.iter().map(|t| t.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), TARGETS.len());
        for tech in Technology::ALL {
            assert_eq!(mobile_households(tech).network, Network::Mobile(tech));
        }
    }

    #[test]
    fn a_check_counts_the_communes_missing_households_targets_only() {
        let commune = |served: u64, reached: u64| Tally {
            counts: Counts {
                households: 10,
                demand: 10,
                fibre_served: served,
                covered_4g: 10,
                ..Counts::default()
            },
            communes: 1,
            communes_reached: reached,
        };
        let communes = [commune(10, 1), commune(2, 0), commune(7, 1)];
        let mut whole = Tally::default();
        for c in &communes {
            whole.counts += c.counts;
            whole.communes += c.communes;
            whole.communes_reached += c.communes_reached;
        }
        let c = checks(&Targets::default(), &whole, &communes);
        assert_eq!(c.len(), 3);
        assert_eq!(
            (c[0].gap, c[0].met, c[0].communes_missing),
            (5, false, Some(2))
        );
        assert_eq!(c[0].gap_unit, "households");
        assert_eq!((c[1].gap, c[1].communes_missing), (1, None));
        assert_eq!(c[1].gap_unit, "communes");
        assert!((c[1].value - 2.0 / 3.0).abs() < 1e-12);
        assert!(c[2].met);
    }

    #[test]
    fn no_demand_households_is_undefined_not_met_nor_zero_percent() {
        // Households, none of which wants fibre.
        let none = Tally {
            counts: Counts {
                households: 4,
                demand: 0,
                covered_4g: 4,
                ..Counts::default()
            },
            communes: 1,
            communes_reached: 0,
        };
        let c = checks(&Targets::default(), &none, &[none]);
        assert_eq!(c[0].status, "no demand households");
        assert!(c[0].undefined() && !c[0].met);
        assert_eq!(c[0].communes_missing, Some(0));
        let fibre = Goal {
            target: &FIBRE_HOUSEHOLDS,
            share: 0.8,
        };
        assert_eq!(fibre.meets_defined(&none), None);
        // The 4G target is defined (4 households) and met.
        assert_eq!((c[2].status.as_str(), c[2].met), ("met", true));
        assert!(!c[2].undefined());
        // An older summary.json without `status` still reads.
        let old: TargetCheck = serde_json::from_str(
            r#"{"key":"k","description":"d","target":0.8,"value":0.5,"met":false,"gap":1,"gap_unit":"households"}"#,
        )
        .unwrap();
        assert!(!old.undefined());
    }
}
