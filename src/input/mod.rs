//! Input layers: areas (communes), households, the fibre network and cell
//! sites, plus the scenario file that names them. Everything read here is
//! WGS84 lon/lat; projection happens in [`crate::projection`].

pub mod areas;
pub mod fibre;
pub mod geojson_read;
pub mod households;
pub mod scenario;
pub mod sites;
pub mod strings;
pub mod table;

pub use areas::{read_areas, Area, AreaFields, Areas};
pub use fibre::{read_fibre, Fibre};
pub use households::{read_households, Households};
pub use scenario::Scenario;
pub use sites::{read_sites, SectorAttributes, SiteRow, SiteStatus, Sites, Technology};
pub use strings::Strings;
