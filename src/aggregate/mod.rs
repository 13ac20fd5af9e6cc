//! Aggregation and targets: per commune, per parent area (district) and
//! for the province.

pub mod counts;
pub mod indicators;
pub mod tables;
pub mod targets;

pub use counts::{share, Counts, HouseholdFlags};
pub use tables::{build_table, TableRow};
pub use targets::{gap_to_target, meets, TargetCheck};
