//! CRS mismatches between layers: once converted to WGS 84, every layer
//! should lie over the communes. A layer whose extent does not even meet
//! the communes' was almost certainly read in the wrong CRS (or has its
//! columns swapped).

use super::{Collector, Kind};
use crate::config::LayerKind;
use crate::input::{Fibre, LayerMeta};

/// A lon/lat bounding box `[min, max]`.
pub type BBox = [[f64; 2]; 2];

/// The bounding box of points, `None` when there are none.
pub fn points_bbox(lon: &[f64], lat: &[f64]) -> Option<BBox> {
    let mut b = [[f64::INFINITY; 2], [f64::NEG_INFINITY; 2]];
    for (&x, &y) in lon.iter().zip(lat) {
        b[0][0] = b[0][0].min(x);
        b[0][1] = b[0][1].min(y);
        b[1][0] = b[1][0].max(x);
        b[1][1] = b[1][1].max(y);
    }
    b[0][0].is_finite().then_some(b)
}

/// The bounding box of a fibre network.
pub fn fibre_bbox(f: &Fibre) -> Option<BBox> {
    let (mut lon, mut lat) = (Vec::new(), Vec::new());
    for (a, b, _) in &f.segments {
        lon.extend([a[0], b[0]]);
        lat.extend([a[1], b[1]]);
    }
    for (p, _) in &f.points {
        lon.push(p[0]);
        lat.push(p[1]);
    }
    points_bbox(&lon, &lat)
}

/// Report a layer whose extent does not meet the communes' extent
/// (enlarged by 0.1°, about 11 km).
pub fn check_extent(
    c: &mut Collector<'_>,
    layer: LayerKind,
    meta: &LayerMeta,
    bbox: BBox,
    areas_meta: &LayerMeta,
    areas_bbox: &BBox,
) {
    let m = 0.1;
    let meets = bbox[0][0] <= areas_bbox[1][0] + m
        && areas_bbox[0][0] - m <= bbox[1][0]
        && bbox[0][1] <= areas_bbox[1][1] + m
        && areas_bbox[0][1] - m <= bbox[1][1];
    if meets {
        return;
    }
    c.add(
        Kind::CrsMismatch,
        &meta.path,
        "",
        format!(
            "the {layer} layer (read as {}, {}) lies entirely away from the communes (read as {}): \
             it spans lon {:.4}…{:.4}, lat {:.4}…{:.4}, the communes lon {:.4}…{:.4}, lat \
             {:.4}…{:.4}; set the right CRS for it in the scenario's [crs] table",
            meta.crs,
            crs_source_text(meta),
            areas_meta.crs,
            bbox[0][0],
            bbox[1][0],
            bbox[0][1],
            bbox[1][1],
            areas_bbox[0][0],
            areas_bbox[1][0],
            areas_bbox[0][1],
            areas_bbox[1][1],
        ),
    );
}

fn crs_source_text(meta: &LayerMeta) -> &'static str {
    match meta.crs_source {
        crate::input::CrsSource::Scenario => "from the scenario",
        crate::input::CrsSource::File => "as the file declares",
        crate::input::CrsSource::Default => "WGS 84 assumed: nothing declared",
    }
}
