//! Integration tests, one binary (saves link time).

mod bad_input;
mod common;
mod demo;
mod fixtures;
mod invariance;
mod maps;
mod peers;
mod properties;
