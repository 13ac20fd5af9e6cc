//! Outputs: GeoJSON for QGIS, CSV tables, summaries. Every file is written
//! atomically (see [`atomic`]).

pub mod atomic;
