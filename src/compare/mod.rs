//! Comparisons of runs and their targets: [`runs`] compares two runs over
//! the same communes, and [`gaps`] lists the gaps to each target with the
//! cheapest planned action. (Scenario files, their inheritance and layer
//! edits are in [`crate::config`]; the edits are applied by
//! [`crate::input::edits`].)

pub mod gaps;
pub mod runs;

pub use runs::{compare, CommuneChange, Comparison, TargetChange};
