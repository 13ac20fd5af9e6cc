//! Coverage models: fibre serviceability and mobile (4G/5G) coverage.

pub mod radio;
