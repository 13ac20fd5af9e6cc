//! Comparisons of runs and their targets: [`runs`] compares two runs over
//! the same communes, and [`gaps`] lists the gaps to each target with the
//! cheapest planned action. (Scenario files, their inheritance and layer
//! edits are read in [`crate::input::scenario`], [`crate::input::inheritance`]
//! and [`crate::input::edits`].)

pub mod gaps;
pub mod runs;

pub use runs::{compare, CommuneChange, Comparison, TargetChange};
