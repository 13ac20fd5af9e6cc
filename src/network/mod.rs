//! The road and canal network as a graph on the run's metric plane, and
//! the graph algorithms the fibre plan routes with.
//!
//! - [`build`]: lines → graph (nodes at shared vertices and crossings,
//!   snapped within `[network] snap_m`; long edges split every
//!   `node_spacing_m`).
//! - [`graph`]: the graph (edge length in metres, kind, cost factor).
//! - [`paths`]: multi-source shortest paths (Dijkstra).
//! - [`steiner`]: Mehlhorn's 2-approximation of the Steiner tree.

pub mod build;
pub mod graph;
pub mod paths;
pub mod steiner;

pub use build::build_graph;
pub use graph::{Edge, Graph};
pub use steiner::{mehlhorn, Source, SteinerTree};
