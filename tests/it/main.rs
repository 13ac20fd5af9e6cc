//! Integration tests, one binary (saves link time).

mod bad_input;
mod check_demo;
mod common;
mod corpus;
mod crs_formats;
mod fixtures;
mod invariance;
mod peers;
mod properties;
