//! The routes of a fibre plan as the plan reports them: one per commune,
//! as few long lines, with metres per kind, cost and households served.

use std::collections::BTreeMap;

use crate::aggregate::share;
use crate::config::Scenario;
use crate::engine::RunResult;
use crate::network::Graph;
use crate::plan::routes::{lines_of, Piece};

/// Name of the kind of straight (off-network) pieces.
pub const STRAIGHT: &str = "straight";

/// One commune's planned fibre: the tree joining its extensions' targets
/// to the fibre ([`crate::plan::routes`]), as few long lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// 1 for the first (communes in the order of their first extension).
    pub rank: usize,
    /// Id of the route (`PLAN-R-0001`); its lines are `<id>-1`, `<id>-2`…
    pub id: String,
    /// Commune code.
    pub commune_code: String,
    /// Commune name.
    pub commune_name: String,
    /// The lines, lon/lat.
    pub lines: Vec<Vec<[f64; 2]>>,
    /// Length, metres.
    pub length_m: f64,
    /// Metres per kind (network kinds, `straight`).
    pub m_by_kind: BTreeMap<String, f64>,
    /// Demand households it newly serves.
    pub households_served: u64,
    /// Cost of the cable, USD.
    pub cable_usd: f64,
    /// Cable and drops, USD.
    pub cost_usd: f64,
    /// Running total of `cost_usd`.
    pub cumulative_cost_usd: f64,
    /// Demand households served in the province after it, as a share.
    pub province_share: f64,
}

/// The routes of a plan before ranking.
pub(crate) struct Routed {
    /// Per commune, in the order of its first extension: (commune, pieces,
    /// demand households newly served).
    pub communes: Vec<(usize, Vec<Piece>, u64)>,
    /// Served demand households per commune after the routes.
    pub served_c: Vec<u64>,
    /// The router's findings.
    pub warnings: Vec<String>,
    /// Under the network rule: the count along the network
    /// (`plan::network_count`).
    pub counted: Option<crate::plan::network_count::Counted>,
    /// Under the network rule: per extension routed (in the order given),
    /// the newly served households credited to it (each household of a
    /// route to the route's nearest extension end).
    pub per_extension: Option<Vec<u64>>,
}

impl Routed {
    /// Cable and drops, USD.
    pub(crate) fn cost_usd(&self, scenario: &Scenario, graph: Option<&Graph>) -> f64 {
        self.communes
            .iter()
            .map(|(_, pieces, n)| {
                pieces
                    .iter()
                    .map(|p| piece_usd(scenario, graph, p))
                    .sum::<f64>()
                    + *n as f64 * scenario.costs.drop_usd
            })
            .sum()
    }
}

/// The cable cost of a piece: straight lines at the route factor, network
/// edges at their kind's cost factor.
pub(crate) fn piece_usd(scenario: &Scenario, graph: Option<&Graph>, p: &Piece) -> f64 {
    let factor = match (p.kind, graph) {
        (Some(k), Some(g)) => g.factor[k as usize],
        _ => scenario.costs.route_factor,
    };
    p.length_m() / 1000.0 * factor * scenario.costs.fibre_per_km_usd
}

/// The routes of `routed` in order, each with its commune (index):
/// lines in lon/lat, metres per kind, cost, and running totals from
/// `served_before` of `demand`.
pub(crate) fn route_records(
    base: &RunResult,
    graph: Option<&Graph>,
    routed: &Routed,
    served_before: u64,
    demand: u64,
) -> Vec<(usize, Route)> {
    let scenario = &base.scenario;
    let proj = &base.projection;
    let areas = &base.inputs.areas;
    let (mut cum_cost, mut cum_served) = (0.0, served_before);
    let mut out = Vec::new();
    for (k, (c, pieces, n)) in routed.communes.iter().enumerate() {
        let (c, n) = (*c, *n);
        let mut m_by_kind: BTreeMap<String, f64> = BTreeMap::new();
        let mut cable = 0.0;
        for p in pieces {
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
        let lines = lines_of(pieces)
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
        out.push((
            c,
            Route {
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
                province_share: share(cum_served, demand),
            },
        ));
    }
    out
}
