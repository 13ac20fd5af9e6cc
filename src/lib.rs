//! # phusong: broadband and 4G/5G coverage analysis
//!
//! phusong combines four layers (household points, commune boundaries, the
//! fibre network and cell sites), computes which households are served, and
//! aggregates the result per commune, per parent area (district) and for the
//! province, against the targets of a provincial digital-transformation plan.
//!
//! The modules follow the flow of data: [`config`] (the scenario) →
//! [`input`] (readers) → [`check`] (data hygiene) → [`projection`] and
//! [`index`] (and the road and canal [`network`] graph) → [`coverage`]
//! models → [`aggregate`] and targets → [`engine`] (one run) → [`plan`]
//! and [`compare`] (runs and gaps) → [`output`] and
//! [`render`]. [`pipeline`] is the one path every command takes: load and
//! check, compute, indicators, findings, write. [`synth`] generates test
//! provinces; [`households`] builds a households layer from census counts
//! or a population grid, and [`crosswalk`] maps old units to new ones.
//! [`lang`] holds the glossary and the number formats of the text for
//! people (English, Vietnamese).
//!
//! ```no_run
//! use phusong::config::Scenario;
//! use phusong::pipeline::{self, NoProgress, Options};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let result = pipeline::run(&scenario, &Options::default(), &NoProgress)?;
//! let fibre = &result.summary.targets[0];
//! println!("{}: {:.1}% (target {:.0}%)", fibre.description, 100.0 * fibre.value, 100.0 * fibre.target);
//! pipeline::write(&result, "outputs/demo".as_ref(), &NoProgress)?;
//! # Ok::<(), phusong::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aggregate;
pub mod check;
pub mod compare;
pub mod config;
pub mod coverage;
pub mod crosswalk;
pub mod crs;
pub mod engine;
pub mod error;
pub mod households;
pub mod index;
pub mod input;
pub mod lang;
pub mod network;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod problem;
pub mod projection;
pub mod render;
pub mod synth;
#[cfg(test)]
mod test_rng;
#[cfg(test)]
mod test_shapes;

pub use error::{Error, Result};
