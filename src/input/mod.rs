//! Input layers: areas (communes), households, the fibre network and cell
//! sites, read as the scenario ([`crate::config`]) names them. Coordinates are converted
//! to WGS84 lon/lat as they are read (see [`crate::crs`]); projection to a
//! metric plane happens in [`crate::projection`].

pub mod areas;
pub mod edits;
mod feature_layer;
pub mod fibre;
pub mod geojson_read;
pub mod geotiff;
mod household_row;
pub mod households;
pub mod households_fast;
pub mod indicators;
mod inputs;
pub mod layer;
pub mod network;
pub mod osm_pbf;
pub mod shapefile;
pub mod sites;
pub mod strings;
pub mod table;

pub use areas::{read_areas, read_areas_with, Area, Areas};
pub use fibre::{read_fibre, read_fibre_with, Fibre};
pub use households::{read_households, read_households_with, Households};
pub use inputs::Inputs;
pub use layer::{
    read_options, CrsSource, LayerMeta, Read, ReadOptions, RowProblem, Source, Sources, Status,
};
pub use sites::{read_sites, read_sites_with, SectorAttributes, SiteRow, Sites};
pub use strings::Strings;
