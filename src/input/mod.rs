//! Input layers: areas (communes), households, the fibre network and cell
//! sites, plus the scenario file that names them. Coordinates are converted
//! to WGS84 lon/lat as they are read (see [`crate::crs`]); projection to a
//! metric plane happens in [`crate::projection`].

pub mod areas;
pub mod edits;
pub mod fibre;
pub mod geojson_read;
pub mod households;
pub mod households_fast;
pub mod indicators;
pub mod inheritance;
pub mod layer;
pub mod scenario;
pub mod shapefile;
pub mod sites;
pub mod strings;
pub mod table;

pub use areas::{read_areas, read_areas_with, Area, AreaFields, Areas};
pub use fibre::{read_fibre, read_fibre_with, Fibre};
pub use households::{read_households, read_households_with, Households};
pub use layer::{ColumnNames, CrsSource, LayerMeta, Read, ReadOptions, RowProblem, Source, Status};
pub use scenario::Scenario;
pub use sites::{
    read_sites, read_sites_with, SectorAttributes, SiteRow, SiteStatus, Sites, Technology,
};
pub use strings::Strings;
