//! Coverage models: fibre serviceability and mobile (4G/5G) coverage.
//!
//! Mobile models implement [`MobileModel`], so the engine does not care
//! whether coverage comes from a fixed radius ([`FixedRadius`]) or from a
//! link budget (see [`radio`]).

pub mod fibre;
pub mod fibre_network;
pub mod fixed_radius;
pub mod link_budget;
mod mast_grid;
mod mobile;
pub mod radio;

pub use fibre::FibreModel;
pub use fixed_radius::FixedRadius;
pub use link_budget::LinkBudget;
pub use mobile::{MobileModel, MobileService};
