//! The scenario's road and canal network as a graph on the run's plane,
//! for `plan fibre` (none without `[layers] network`).

use crate::config::Scenario;
use crate::input::network::read_scenario_network;
use crate::network::{build_graph, Graph};
use crate::projection::Projection;
use crate::Result;

/// Read `[layers] network` (with `[crs] network`) and build its graph on
/// `projection`'s plane; `None` without a network layer.
pub fn load(scenario: &Scenario, projection: &Projection) -> Result<Option<Graph>> {
    Ok(read_scenario_network(scenario)?
        .map(|lines| build_graph(&lines, projection, &scenario.network)))
}
