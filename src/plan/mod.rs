//! Gap-closing plans: which new sites and which fibre extensions bring a
//! province to its targets, and at what cost.
//!
//! - [`sites`]: new 4G/5G sites chosen by greedy maximum coverage with lazy
//!   evaluation ([`greedy`]; within (1 − 1/e) of the optimum for a fixed
//!   number of sites, Nemhauser, Wolsey & Fisher 1978), from candidates
//!   read from a CSV or generated over the uncovered households
//!   ([`candidates`]), each evaluated with the run's own coverage model.
//! - [`fibre`]: fibre extensions that reach every commune and serve the
//!   most households per km until each commune meets the household target,
//!   routed per commune ([`routes`]); under `[fibre] distance = "network"`
//!   the households are counted along the network (`network_count`).
//! - [`outputs`]: the ranked plans as CSV, GeoJSON and Markdown, the
//!   planned layers and a scenario TOML that adds them to the base.

pub mod candidates;
pub mod communes;
pub mod fibre;
pub mod fibre_routes;
pub mod geometry;
pub mod greedy;
pub(crate) mod network_count;
pub mod network_graph;
pub mod operators;
pub mod outputs;
pub mod routes;
pub mod sites;

pub use fibre::{plan_fibre, plan_fibre_with, ExtensionKind, FibreOptions, FibrePlan, StopRule};
pub use sites::{plan_sites, SitesGoal, SitesOptions, SitesPlan};
