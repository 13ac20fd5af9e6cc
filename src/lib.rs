//! # phusong: broadband and 4G/5G coverage analysis
//!
//! phusong combines four layers (household points, commune boundaries, the
//! fibre network and cell sites), computes which households are served, and
//! aggregates the result per commune, per parent area (district) and for the
//! province, against the targets of a provincial digital-transformation plan.
//!
//! The modules follow the flow of data:
//! [`input`] → [`projection`] and [`index`] → [`coverage`] models →
//! [`aggregate`] and targets → [`scenario`] comparisons → [`output`]. [`engine`] runs the whole flow;
//! [`synth`] generates the demo province.
//!
//! ```no_run
//! use phusong::{engine, input::Scenario, output};
//! let scenario = Scenario::load("data/demo.toml".as_ref())?;
//! let result = engine::run(&scenario, &engine::NoProgress)?;
//! let fibre = &result.summary.targets[0];
//! println!("{}: {:.1}% (target {:.0}%)", fibre.description, 100.0 * fibre.value, 100.0 * fibre.target);
//! output::write_all(&result, "outputs/demo".as_ref())?;
//! # Ok::<(), phusong::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod aggregate;
pub mod check;
pub mod coverage;
pub mod crs;
pub mod engine;
pub mod error;
pub mod index;
pub mod input;
pub mod output;
pub mod plan;
pub mod problem;
pub mod projection;
pub mod render;
pub mod scenario;
pub mod synth;

pub use error::{Error, Result};
