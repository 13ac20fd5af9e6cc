//! Page rectangles and the metre → pixel transform of a map frame.
//!
//! Map geometry is in a local metric plane (x east, y north, metres). The
//! transform uses **one** scale for both axes, so shapes are never
//! stretched: the extent is fitted into the frame and centred, leaving the
//! spare room in the other direction.

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

/// A bounding box in metres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    /// West edge.
    pub min_x: f64,
    /// South edge.
    pub min_y: f64,
    /// East edge.
    pub max_x: f64,
    /// North edge.
    pub max_y: f64,
}

impl Extent {
    /// An empty extent, to be grown with [`add`](Self::add).
    pub fn empty() -> Self {
        Extent {
            min_x: f64::INFINITY,
            min_y: f64::INFINITY,
            max_x: f64::NEG_INFINITY,
            max_y: f64::NEG_INFINITY,
        }
    }

    /// Grow the extent to include a point (non-finite points are ignored).
    pub fn add(&mut self, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            self.min_x = self.min_x.min(x);
            self.min_y = self.min_y.min(y);
            self.max_x = self.max_x.max(x);
            self.max_y = self.max_y.max(y);
        }
    }

    /// True when no point was added.
    pub fn is_empty(&self) -> bool {
        self.min_x > self.max_x || self.min_y > self.max_y
    }

    /// Width in metres.
    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    /// Height in metres.
    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
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
    /// centred. Fails on an empty or degenerate frame; a zero-size extent
    /// (a single point) is shown at 1 km across.
    pub fn fit(extent: Extent, frame: PxRect, padding: f64) -> Result<Self> {
        if extent.is_empty() {
            return Err(Error::Render("map: nothing to draw (empty extent)".into()));
        }
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
            centre_m: (
                (extent.min_x + extent.max_x) / 2.0,
                (extent.min_y + extent.max_y) / 2.0,
            ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_maps_known_points_one_to_one() {
        let ext = |min_x, min_y, max_x, max_y| Extent {
            min_x,
            min_y,
            max_x,
            max_y,
        };
        // 20 km × 10 km into a 1000 × 1000 frame at (100, 50), no padding:
        // width limits, 0.05 px/m, map 1000 × 500 px centred vertically.
        let frame = PxRect::from_size(100.0, 50.0, 1000.0, 1000.0);
        let t = MapTransform::fit(ext(500e3, 1000e3, 520e3, 1010e3), frame, 0.0).unwrap();
        assert_eq!(t.px_per_m, 0.05);
        assert_eq!(t.to_px(500e3, 1000e3), (100.0, 800.0)); // south-west
        assert_eq!(t.to_px(520e3, 1010e3), (1100.0, 300.0)); // north-east
        let (px, py) = t.to_m(345.0, 678.0);
        let (px, py) = t.to_px(px, py);
        assert!((px - 345.0).abs() < 1e-9 && (py - 678.0).abs() < 1e-9);
        // A tall extent: the height limits (880 px for 90 km), 1 km east =
        // 1 km north.
        let frame = PxRect::from_size(0.0, 0.0, 1600.0, 900.0);
        let t = MapTransform::fit(ext(0.0, 0.0, 3e3, 90e3), frame, 10.0).unwrap();
        assert!((t.px_per_m - 880.0 / 90e3).abs() < 1e-12);
        let (a, b, c) = (t.to_px(0.0, 0.0), t.to_px(1e3, 0.0), t.to_px(0.0, 1e3));
        assert!(((b.0 - a.0) - (a.1 - c.1)).abs() < 1e-9);
        assert!(MapTransform::fit(Extent::empty(), frame, 0.0).is_err());
    }
}
