//! The per-commune table of a plan (`plan_communes.csv`), the same columns
//! for `plan sites` and `plan fibre`, so `gaps` can read either:
//!
//! | column | meaning |
//! |---|---|
//! | `commune_code`, `commune_name` | the commune |
//! | `plan` | `sites` or `fibre` |
//! | `new_sites` | planned sites standing in the commune |
//! | `fibre_km` | km of planned fibre (all kinds) |
//! | `fibre_km_network` | of which along the network layer |
//! | `fibre_km_straight` | of which straight (no network, access lines, fallbacks) |
//! | `fibre_km_by_kind` | `kind=km` pairs joined by `;` (e.g. `canal=1.200;road=3.450`) |
//! | `households_gained` | households the plan newly serves (fibre: demand households; sites: households covered by the technology) |
//! | `cost_usd` | the plan's cost in the commune (sites: the sites standing in it) |
//! | `meets_fibre_households`, `meets_fibre_communes`, `meets_mobile_4g_households`, `meets_mobile_5g_households` | whether the commune meets each target after the plan: `true`, `false`, or empty without that target |
//!
//! Targets are the scenario's (`[targets]`); a commune meets the
//! `fibre_communes` target when fibre reaches it.

use std::collections::BTreeMap;

use crate::aggregate::meets;
use crate::aggregate::Counts;
use crate::config::Scenario;

/// The columns of `plan_communes.csv`, in order.
pub const HEADER: [&str; 14] = [
    "commune_code",
    "commune_name",
    "plan",
    "new_sites",
    "fibre_km",
    "fibre_km_network",
    "fibre_km_straight",
    "fibre_km_by_kind",
    "households_gained",
    "cost_usd",
    "meets_fibre_households",
    "meets_fibre_communes",
    "meets_mobile_4g_households",
    "meets_mobile_5g_households",
];

/// One commune's row.
#[derive(Debug, Clone, PartialEq)]
pub struct CommuneRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// "sites" or "fibre".
    pub plan: &'static str,
    /// Planned sites in the commune.
    pub new_sites: u64,
    /// Metres of planned fibre per kind (`straight` for straight lines).
    pub m_by_kind: BTreeMap<String, f64>,
    /// Households newly served.
    pub households_gained: u64,
    /// Cost, USD.
    pub cost_usd: f64,
    /// Meets fibre_households, fibre_communes, mobile 4G, mobile 5G after
    /// the plan (`None`: no such target).
    pub meets: [Option<bool>; 4],
}

impl CommuneRow {
    /// The CSV record, in [`HEADER`] order.
    pub fn record(&self) -> Vec<String> {
        // `+ 0.0` turns an empty sum's −0 into 0.
        let km = |m: f64| format!("{:.3}", (m + 0.0).max(0.0) / 1000.0);
        let total: f64 = self.m_by_kind.values().sum::<f64>() + 0.0;
        let straight = self.m_by_kind.get("straight").copied().unwrap_or(0.0);
        let by_kind: Vec<String> = self
            .m_by_kind
            .iter()
            .map(|(k, m)| format!("{k}={}", km(*m)))
            .collect();
        let b = |x: Option<bool>| x.map_or(String::new(), |v| v.to_string());
        vec![
            self.code.clone(),
            self.name.clone(),
            self.plan.to_string(),
            self.new_sites.to_string(),
            km(total),
            km(total - straight),
            km(straight),
            by_kind.join(";"),
            self.households_gained.to_string(),
            format!("{:.0}", self.cost_usd + 0.0),
            b(self.meets[0]),
            b(self.meets[1]),
            b(self.meets[2]),
            b(self.meets[3]),
        ]
    }
}

/// Whether a commune with counts `c` (after the plan) and fibre reach
/// `reached` meets each target of `scenario`.
pub fn meets_targets(scenario: &Scenario, c: &Counts, reached: bool) -> [Option<bool>; 4] {
    let t = &scenario.targets;
    [
        Some(meets(t.fibre_households, c.demand, c.fibre_served)),
        Some(reached),
        Some(meets(t.mobile_4g_households, c.households, c.covered_4g)),
        t.mobile_5g_households
            .map(|g| meets(g, c.households, c.covered_5g)),
    ]
}
