//! # phusong: broadband and 4G/5G coverage analysis
//!
//! phusong combines four layers (household points, commune boundaries, the
//! fibre network and cell sites), computes which households are served, and
//! aggregates the result per commune, per parent area (district) and for the
//! province, against the targets of a provincial digital-transformation plan.
//!
//! The modules follow the flow of data:
//! input → projection and indexes → coverage models → aggregation and targets
//! → outputs.
#![forbid(unsafe_code)]

pub mod error;
pub mod synth;
pub mod render;
pub mod coverage;
pub mod output;

pub use error::{Error, Result};
