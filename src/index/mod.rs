//! Spatial indexes: point-in-polygon over areas, nearest element of a
//! network.

mod area_cells;
mod area_index;
mod bucket_grid;
mod disc_cells;
mod segment_index;
mod spatial_order;

pub use area_index::{AreaIndex, Containment, UNASSIGNED};
pub use bucket_grid::BucketGrid;
pub use disc_cells::{near_margin_m, DiscCells, DiscClass};
pub use segment_index::{segment_distance_2, Element, SegmentIndex};
pub use spatial_order::{finite_bbox, SpatialOrder};
