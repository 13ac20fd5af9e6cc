//! Integration tests, one binary (saves link time).

mod bad_input;
mod common;
mod fixtures;
mod invariance;
mod maps;
mod peers;
mod properties;
