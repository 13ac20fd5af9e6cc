//! The routes of a fibre plan as the plan reports them: one per commune,
//! as few long lines, with metres per kind, cost and households served;
//! the communes' after figures are those of the routes.

use std::collections::BTreeMap;

use crate::aggregate::share;
use crate::engine::RunResult;
use crate::network::Graph;
use crate::plan::communes::{meets_targets, CommuneRow};
use crate::plan::fibre::{piece_usd, FibrePlan, Route, Routed};
use crate::plan::routes::lines_of;

/// Name of the kind of straight (off-network) pieces.
pub const STRAIGHT: &str = "straight";

/// Fill `plan`'s routes, warnings and after figures from `routed`.
pub(crate) fn attach(
    plan: &mut FibrePlan,
    base: &RunResult,
    graph: Option<&Graph>,
    routed: Routed,
) {
    let scenario = &base.scenario;
    let proj = &base.projection;
    let areas = &base.inputs.areas;
    let (mut cum_cost, mut cum_served) = (0.0, plan.served_before);
    for (k, (c, pieces, n)) in routed.communes.into_iter().enumerate() {
        let mut m_by_kind: BTreeMap<String, f64> = BTreeMap::new();
        let mut cable = 0.0;
        for p in &pieces {
            let kind = match (p.kind, graph) {
                (Some(i), Some(g)) => g.kinds[i as usize].clone(),
                _ => STRAIGHT.to_string(),
            };
            *m_by_kind.entry(kind).or_default() += p.length_m();
            cable += piece_usd(scenario, graph, p);
        }
        let length_m: f64 = pieces.iter().map(|p| p.length_m()).sum();
        let cost = cable + n as f64 * scenario.costs.drop_usd;
        cum_cost += cost;
        cum_served += n;
        let lines = lines_of(&pieces)
            .into_iter()
            .map(|l| {
                l.into_iter()
                    .map(|p| {
                        let [lon, lat] = proj.inverse(p[0], p[1]);
                        [(lon * 1e7).round() / 1e7, (lat * 1e7).round() / 1e7]
                    })
                    .collect()
            })
            .collect();
        let cp = &mut plan.communes[c];
        cp.length_m = length_m;
        cp.cost_usd = cost;
        cp.m_by_kind = m_by_kind.clone();
        plan.routes.push(Route {
            rank: k + 1,
            id: format!("PLAN-R-{:04}", k + 1),
            commune_code: areas.items[c].id.clone(),
            commune_name: areas.items[c].name.clone(),
            lines,
            length_m,
            m_by_kind,
            households_served: n,
            cable_usd: cable,
            cost_usd: cost,
            cumulative_cost_usd: cum_cost,
            province_share: share(cum_served, plan.demand),
        });
    }
    for (cp, &s) in plan.communes.iter_mut().zip(&routed.served_c) {
        cp.served_after = s;
    }
    plan.served_after = routed.served_c.iter().sum();
    let routed_c: Vec<&str> = plan
        .routes
        .iter()
        .map(|r| r.commune_code.as_str())
        .collect();
    plan.table = plan
        .communes
        .iter()
        .enumerate()
        .map(|(c, cp)| {
            let mut counts = base.area_counts[c];
            counts.fibre_served = cp.served_after;
            let reached = cp.reached_before || routed_c.contains(&cp.code.as_str());
            CommuneRow {
                code: cp.code.clone(),
                name: cp.name.clone(),
                plan: "fibre",
                new_sites: 0,
                m_by_kind: cp.m_by_kind.clone(),
                households_gained: cp.served_after - cp.served_before,
                cost_usd: cp.cost_usd,
                meets: meets_targets(scenario, &counts, reached),
            }
        })
        .collect();
    plan.on_network = graph.is_some();
    plan.warnings = routed.warnings;
}
