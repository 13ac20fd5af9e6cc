//! Household points for provinces that have none: placed from counts per
//! area (a census table per commune, [`from_counts`]) or from a
//! population grid (WorldPop / GHSL GeoTIFF, [`from_grid`]), optionally
//! weighted so that points fall where people live ([`weights`]).
//!
//! Placement is deterministic for a seed and independent of the number of
//! threads: every random number is a hash of the seed, the area (or cell)
//! and the household's index ([`sampling`]). The result is written as the
//! households CSV `phusong run` reads ([`write`]):
//! `id,lon,lat,demand[,persons],source_area`.

pub mod counts_table;
pub mod from_counts;
pub mod from_grid;
mod household;
pub mod sampling;
pub mod weights;
pub mod write;

pub use counts_table::{read_count_areas, CountColumns};
pub use from_counts::{place_from_counts, CountArea, Persons};
pub use from_grid::{place_from_grid, GridOptions, GridPlacement};
pub use household::PlacedHousehold;
pub use weights::{check_overlap, read_settlements, Weights};
pub use write::write_households_csv;
