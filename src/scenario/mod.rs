//! Working with several scenarios: [`compare`] two runs over the same
//! communes, and list the [`gaps`] to each target with the cheapest planned
//! action. (Scenario files, their inheritance and layer edits are read in
//! [`crate::config::scenario`], [`crate::config::inheritance`] and
//! [`crate::input::edits`].)

pub mod compare;
pub mod gaps;
