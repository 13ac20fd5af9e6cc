//! Under `[fibre] distance = "network"`, the road and canal network against
//! the fibre and the households: a network the fibre comes nowhere near, or
//! that passes near no household (each says how far); per commune, the
//! households farther than the drop from every road or canal and those
//! unreachable along the network (they fall back to the straight distance,
//! [`crate::coverage::fibre_network`]). The same rule as the run, by the
//! run's own code.

use crate::check::{Collector, Kind};
use crate::config::{FibreDistance, Scenario};
use crate::coverage::fibre_network::{unreachable_per_commune, FibreNetwork};
use crate::index::{SegmentIndex, UNASSIGNED};
use crate::input::Inputs;
use crate::network::build_graph;

/// Check the run's network (nothing under the straight rule, where the
/// inputs hold no network).
/// `area` is each household's commune when the households were located.
pub fn check_network(
    scenario: &Scenario,
    inputs: &Inputs,
    area: Option<&[u32]>,
    c: &mut Collector<'_>,
) {
    let (Some(lines), Some(path)) = (&inputs.network, &scenario.layers.network) else {
        return;
    };
    let Ok(proj) = crate::engine::projection_of(
        &scenario.projection,
        &inputs.areas,
        Some(&inputs.households),
    ) else {
        return; // the base checks report a projection that does not fit
    };
    let params = &scenario.network;
    let graph = build_graph(lines, &proj, params);
    let fibre = SegmentIndex::new(crate::engine::fibre_elements(&proj, &inputs.fibre));
    if scenario.fibre.distance != FibreDistance::Network {
        return;
    }
    // Households beyond the drop from every edge cannot be served along it.
    let (limit_m, limit_key) = (scenario.fibre.drop_m, "[fibre] drop_m");
    let (join_m, join_key) = (params.fibre_join_m, "fibre_join_m");
    let net = FibreNetwork::new(&graph, &fibre, join_m, scenario.fibre.drop_m);
    let joined = net.nearest_fibre_m <= join_m;
    if !joined && !fibre.is_empty() {
        c.add(
            Kind::NetworkUnreachable,
            path,
            "",
            format!(
                "the network comes no nearer the fibre than {:.0} m (more than [network] \
                 {join_key} = {join_m} m): the fibre joins it nowhere; add the roads the fibre \
                 follows, check the network's CRS, or raise {join_key}",
                net.nearest_fibre_m
            ),
        );
    }
    let hh = &inputs.households;
    let xy: Vec<[f64; 2]> = (0..hh.len())
        .map(|i| proj.forward(hh.lon[i], hh.lat[i]))
        .collect();
    let straight: Vec<f64> = xy
        .iter()
        .map(|&p| fibre.nearest(p).map_or(f64::INFINITY, |d| d.0))
        .collect();
    let services = net.evaluate_all(&xy, &straight);
    let nearest = services
        .iter()
        .map(|s| s.access_m)
        .fold(f64::INFINITY, f64::min);
    if nearest > limit_m && nearest.is_finite() {
        c.add(
            Kind::FarFromNetwork,
            path,
            "",
            format!(
                "the network comes no nearer any household than {nearest:.0} m (more than \
                 {limit_key} = {limit_m} m); check the network's CRS and extent"
            ),
        );
        return;
    }
    let Some(area) = area else {
        return;
    };
    let communes = &inputs.areas.items;
    let mut far = vec![(0u64, 0u64, 0.0f64); communes.len()];
    for (&a, s) in area.iter().zip(&services) {
        if a == UNASSIGNED {
            continue;
        }
        let f = &mut far[a as usize];
        f.1 += 1;
        if s.access_m > limit_m {
            f.0 += 1;
            f.2 = f.2.max(s.access_m);
        }
    }
    for (i, &(n, of, max)) in far.iter().enumerate().filter(|(_, f)| f.0 > 0) {
        c.add(
            Kind::FarFromNetwork,
            path,
            format!("commune {} ({})", communes[i].name, communes[i].id),
            format!(
                "{n} of {of} households are farther than {limit_key} = {limit_m} m from every \
                 road or canal (the farthest {max:.0} m): they cannot be served along the \
                 network; add their roads or canals to the network layer"
            ),
        );
    }
    if joined {
        for (i, n, of) in unreachable_per_commune(area, &services, communes.len()) {
            c.add(
                Kind::NetworkUnreachable,
                path,
                format!("commune {} ({})", communes[i].name, communes[i].id),
                format!(
                    "{n} of {of} households are unreachable along the network (their nearest \
                     road or canal is on a part the fibre does not join); they keep the \
                     straight distance; connect that part to the rest of the network"
                ),
            );
        }
    }
}
