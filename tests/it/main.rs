//! Integration tests, one binary (saves link time).

mod atomic_outputs;
mod bad_input;
mod check_demo;
mod common;
mod corpus;
mod crs_formats;
mod demo;
mod fixtures;
mod fuzz_smoke;
mod geoparquet;
mod imports;
mod invariance;
mod maps;
mod network;
mod operators;
mod peers;
mod pipeline;
mod plans;
mod properties;
mod province;
mod qgis;
mod render;
mod render_parts;
mod report_html;
mod scenarios;
mod texts;
