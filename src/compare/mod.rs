//! Comparisons of runs and their targets: [`runs`] compares two runs over
//! the same communes, and [`gaps`] lists the gaps to each target with what
//! the plans ([`plans`]) propose per commune. (Scenario files, their inheritance and layer
//! edits are in [`crate::config`]; the edits are applied by
//! [`crate::input::edits`].)

pub mod gaps;
pub mod plans;
pub mod runs;

pub use runs::{compare, CommuneChange, Comparison, TargetChange};
