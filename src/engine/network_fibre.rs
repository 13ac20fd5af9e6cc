//! `[fibre] distance = "network"` in a run: replace the straight fibre
//! distance of every household by its distance along the road and canal
//! network ([`crate::coverage::fibre_network`] states the rule), and say,
//! per commune, which households fall back to the straight distance.

use super::evaluate::Projected;
use crate::config::{FibreDistance, Scenario};
use crate::coverage::fibre_network::{unreachable_per_commune, FibreNetwork, NetworkService};
use crate::index::SegmentIndex;
use crate::input::Inputs;
use crate::network::build_graph;

/// The network rule's services, and the warnings of the run (one line
/// each).
pub(crate) struct NetworkFibre {
    /// Per household, in input order.
    pub services: Vec<NetworkService>,
    /// Findings for the summary and the console.
    pub warnings: Vec<String>,
}

/// Under the network rule, overwrite `fibre` (per household: distance,
/// served) and return the warnings; nothing under the straight rule.
pub(crate) fn apply(
    scenario: &Scenario,
    inputs: &Inputs,
    p: &Projected,
    area: &[u32],
    fibre: &mut [(f64, bool)],
) -> Vec<String> {
    match evaluate(scenario, inputs, p, area, fibre) {
        Some(n) => {
            for (f, s) in fibre.iter_mut().zip(&n.services) {
                *f = (s.distance_m, s.served);
            }
            n.warnings
        }
        None => Vec::new(),
    }
}

/// The network rule for every household (`None` under the straight rule or
/// without a network layer, which the scenario's validation refuses).
pub(crate) fn evaluate(
    scenario: &Scenario,
    inputs: &Inputs,
    p: &Projected,
    area: &[u32],
    straight: &[(f64, bool)],
) -> Option<NetworkFibre> {
    if scenario.fibre.distance != FibreDistance::Network {
        return None;
    }
    let lines = inputs.network.as_ref()?;
    let graph = build_graph(lines, &p.projection, &scenario.network);
    let index = SegmentIndex::new(p.fibre.clone());
    let join_m = scenario.network.fibre_join_m;
    let net = FibreNetwork::new(&graph, &index, join_m, scenario.fibre.drop_m);
    let straight_m: Vec<f64> = straight.iter().map(|s| s.0).collect();
    let services = net.evaluate_all(&p.households_xy, &straight_m);
    let mut warnings = Vec::new();
    if net.nearest_fibre_m > join_m {
        warnings.push(format!(
            "the network comes no nearer the fibre than {:.0} m (more than [network] \
             fibre_join_m = {join_m} m): no household reaches the fibre along it, every \
             household keeps the straight distance; add the roads the fibre follows or raise \
             fibre_join_m",
            net.nearest_fibre_m
        ));
    } else {
        let names = &inputs.areas.items;
        for (c, n, of) in unreachable_per_commune(area, &services, names.len()) {
            warnings.push(format!(
                "commune {} ({}): {n} of {of} households are unreachable along the network \
                 (their nearest road or canal is on a part the fibre does not join); they keep \
                 the straight distance",
                names[c].name, names[c].id
            ));
        }
    }
    Some(NetworkFibre { services, warnings })
}
