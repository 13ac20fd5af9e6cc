//! Page rectangles and the metre → pixel transform of a map frame.
//!
//! Map geometry is in a local metric plane (x east, y north, metres). The
//! transform uses **one** scale for both axes, so shapes are never
//! stretched: the extent is fitted into the frame and centred, leaving the
//! spare room in the other direction.

use geo::{BoundingRect, MultiPolygon};

use crate::{Error, Result};

/// An axis-aligned rectangle in pixels (x right, y down); `x1`/`y1` are
/// exclusive edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PxRect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl PxRect {
    /// The rectangle from `(x0, y0)` to `(x1, y1)`.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Self {
        PxRect { x0, y0, x1, y1 }
    }

    /// The rectangle with its top-left corner at `(x, y)` and the given size.
    pub fn from_size(x: f64, y: f64, w: f64, h: f64) -> Self {
        PxRect::new(x, y, x + w, y + h)
    }

    /// The corners, clockwise from the top left.
    pub fn ring(&self) -> Vec<(f64, f64)> {
        let (x0, y0, x1, y1) = (self.x0, self.y0, self.x1, self.y1);
        vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    }

    /// Width in px.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height in px.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// True if the rectangles overlap (touching edges do not).
    pub fn intersects(&self, o: &PxRect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// True if `o` lies entirely inside `self`.
    pub fn contains_rect(&self, o: &PxRect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// The rectangle grown by `d` px on every side.
    pub fn inflate(&self, d: f64) -> Self {
        PxRect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }
}

/// A bounding box in metres (x east, y north).
pub type Extent = geo::Rect<f64>;

/// The bounding box of `shapes`, `None` when they have no point.
pub fn bbox<'a>(shapes: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> Option<Extent> {
    let boxes = shapes.into_iter().filter_map(|s| s.bounding_rect());
    boxes.reduce(|a, b| {
        let (lo, hi) = (
            (a.min().x.min(b.min().x), a.min().y.min(b.min().y)),
            (a.max().x.max(b.max().x), a.max().y.max(b.max().y)),
        );
        Extent::new(lo, hi)
    })
}

/// Metres → pixels for one map frame, same scale on both axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapTransform {
    /// Pixels per metre (on both axes).
    pub px_per_m: f64,
    /// The point in metres shown at `centre_px`.
    pub centre_m: (f64, f64),
    /// The pixel at the centre of the frame.
    pub centre_px: (f64, f64),
}

impl MapTransform {
    /// Fit `extent` into `frame`, keeping `padding` px free on each side,
    /// centred. Fails on a degenerate frame; a zero-size extent
    /// (a single point) is shown at 1 km across.
    pub fn fit(extent: Extent, frame: PxRect, padding: f64) -> Result<Self> {
        let (fw, fh) = (
            frame.width() - 2.0 * padding,
            frame.height() - 2.0 * padding,
        );
        if !(fw > 0.0 && fh > 0.0) {
            return Err(Error::Render(format!(
                "map: frame {frame:?} too small for padding {padding}"
            )));
        }
        let ew = extent.width().max(1.0);
        let eh = extent.height().max(1.0);
        let (ew, eh) = if extent.width() < 1.0 && extent.height() < 1.0 {
            (1000.0, 1000.0)
        } else {
            (ew, eh)
        };
        let px_per_m = (fw / ew).min(fh / eh);
        Ok(MapTransform {
            px_per_m,
            centre_m: extent.center().x_y(),
            centre_px: ((frame.x0 + frame.x1) / 2.0, (frame.y0 + frame.y1) / 2.0),
        })
    }

    /// The pixel of a point in metres.
    #[inline]
    pub fn to_px(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.centre_px.0 + (x - self.centre_m.0) * self.px_per_m,
            self.centre_px.1 - (y - self.centre_m.1) * self.px_per_m,
        )
    }

    /// The point in metres at a pixel.
    #[inline]
    pub fn to_m(&self, px: f64, py: f64) -> (f64, f64) {
        (
            self.centre_m.0 + (px - self.centre_px.0) / self.px_per_m,
            self.centre_m.1 - (py - self.centre_px.1) / self.px_per_m,
        )
    }
}
