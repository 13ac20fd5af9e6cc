//! The scenario's road and canal network as a graph on the run's plane,
//! for `plan fibre` (none without `[layers] network`).

use crate::config::Scenario;
use crate::crs::Crs;
use crate::input::network::read_network;
use crate::network::{build_graph, Graph};
use crate::projection::Projection;
use crate::{Error, Result};

/// Read `[layers] network` (with `[crs] network`) and build its graph on
/// `projection`'s plane; `None` without a network layer.
pub fn load(scenario: &Scenario, projection: &Projection) -> Result<Option<Graph>> {
    let Some(path) = &scenario.layers.network else {
        return Ok(None);
    };
    let crs = match &scenario.crs.network {
        Some(t) => Some(
            Crs::parse(t)
                .map_err(|e| Error::config("crs.network", format!("[crs] network: {e}")))?,
        ),
        None => None,
    };
    let lines = read_network(path, crs.as_ref(), &scenario.network)?;
    Ok(Some(build_graph(&lines, projection, &scenario.network)))
}
