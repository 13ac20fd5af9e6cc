//! The features of a vector layer as read from GeoJSON or a Shapefile.

use geojson::Feature;

use crate::crs::Crs;

/// The features of a layer and the CRS the file declares, if any.
#[derive(Debug)]
pub struct FeatureLayer {
    /// The features, in file order.
    pub features: Vec<Feature>,
    /// The file's CRS: a GeoJSON `crs` member or a Shapefile `.prj`.
    pub declared_crs: Option<Crs>,
}
