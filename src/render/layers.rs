//! Vector overlay layers of a map: lines (fibre routes), point markers
//! (cell sites) and sector wedges (cell sectors), all in local metres.

use geo::{LineString, Point};

use super::paint::{Pt, Rgba, Stroke};
use super::palette::{Rgb, WHITE};
use super::svg::SvgPainter;

/// A line layer, drawn over the areas with a thin white casing so that it
/// stays visible on any fill.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayer {
    /// Legend label, e.g. "Fibre network".
    pub name: String,
    /// The lines, in metres.
    pub lines: Vec<LineString<f64>>,
    /// Line colour.
    pub colour: Rgb,
    /// Line width in px at 2400 px page width (scales with the page).
    pub width: f64,
    /// Dash pattern (on, off, … in px at 2400 px), or solid.
    pub dash: Option<Vec<f64>>,
    /// Casing colour drawn under the line (1.5 px wider on each side), or
    /// none.
    pub casing: Option<Rgb>,
}

impl LineLayer {
    /// A fibre network layer: dark purple, 2.6 px, white casing.
    pub fn fibre(name: impl Into<String>, lines: Vec<LineString<f64>>) -> Self {
        LineLayer {
            name: name.into(),
            lines,
            colour: Rgb(0x54, 0x27, 0x8F),
            width: 2.6,
            dash: None,
            casing: Some(WHITE),
        }
    }
}

/// The shape of a point marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Marker {
    /// A disc.
    #[default]
    Circle,
    /// A square.
    Square,
    /// An upward triangle (the usual cell-site symbol).
    Triangle,
}

/// A point layer drawn as markers.
#[derive(Debug, Clone, PartialEq)]
pub struct PointLayer {
    /// Legend label, e.g. "Cell sites (4G)".
    pub name: String,
    /// The points, in metres.
    pub points: Vec<Point<f64>>,
    /// Marker shape.
    pub marker: Marker,
    /// Fill colour.
    pub colour: Rgb,
    /// Outline colour (1.5 px at 2400 px).
    pub outline: Rgb,
    /// Marker size (diameter) in px at 2400 px page width.
    pub size: f64,
}

impl PointLayer {
    /// Cell sites: dark blue triangles with a white outline.
    pub fn cell_sites(name: impl Into<String>, points: Vec<Point<f64>>) -> Self {
        PointLayer {
            name: name.into(),
            points,
            marker: Marker::Triangle,
            colour: Rgb(0x08, 0x45, 0x94),
            outline: WHITE,
            size: 16.0,
        }
    }
}

/// One antenna sector: a circular sector around a site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wedge {
    /// The site, in metres.
    pub centre: Point<f64>,
    /// Direction of the main lobe in degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Opening angle in degrees (e.g. 65); 360 gives a full disc.
    pub beamwidth_deg: f64,
    /// Radius in metres (e.g. the modelled cell range).
    pub radius_m: f64,
}

impl Wedge {
    /// The wedge outline in metres (apex first), with arc points at most
    /// 5° apart.
    pub fn ring_m(&self) -> Vec<(f64, f64)> {
        let (cx, cy) = (self.centre.x(), self.centre.y());
        let bw = self.beamwidth_deg.clamp(0.0, 360.0);
        let steps = ((bw / 5.0).ceil() as usize).max(2);
        let start = self.azimuth_deg - bw / 2.0;
        let mut ring = Vec::with_capacity(steps + 2);
        if bw < 360.0 {
            ring.push((cx, cy));
        }
        for i in 0..=steps {
            let a = (start + bw * i as f64 / steps as f64).to_radians();
            ring.push((cx + self.radius_m * a.sin(), cy + self.radius_m * a.cos()));
        }
        ring
    }
}

/// A layer of sector wedges, drawn translucent with an outline.
#[derive(Debug, Clone, PartialEq)]
pub struct WedgeLayer {
    /// Legend label, e.g. "4G sectors".
    pub name: String,
    /// The wedges.
    pub wedges: Vec<Wedge>,
    /// Fill and outline colour.
    pub colour: Rgb,
    /// Fill opacity (0..=1); the outline is opaque.
    pub opacity: f64,
}

/// Draw one marker centred on `c` with diameter `size` px.
pub(crate) fn draw_marker(
    p: &mut SvgPainter,
    marker: Marker,
    c: Pt,
    size: f64,
    fill: Rgb,
    outline: Rgb,
    line_w: f64,
) {
    let (r, stroke) = (size / 2.0, Stroke::solid(outline, line_w));
    // Regular polygons: corners, angle of the first (clockwise on screen
    // from east), circumradius.
    let (n, start_deg, radius) = match marker {
        Marker::Circle => return p.circle(c, r, Some(fill.into()), Some(&stroke)),
        Marker::Square => (4, 45.0, r * 0.9 * std::f64::consts::SQRT_2),
        Marker::Triangle => (3, -90.0, r * 1.15),
    };
    let corner = |k: usize| {
        (start_deg + 360.0 * k as f64 / n as f64)
            .to_radians()
            .sin_cos()
    };
    let ring: Vec<Pt> = (0..n)
        .map(corner)
        .map(|(sin, cos)| (c.0 + radius * cos, c.1 + radius * sin))
        .collect();
    p.polygon(&ring, Some(fill.into()), Some(&stroke));
}

/// Draw a wedge outline given in pixels.
pub(crate) fn draw_wedge(p: &mut SvgPainter, ring: &[Pt], colour: Rgb, opacity: f64, line_w: f64) {
    p.polygon(
        ring,
        Some(Rgba::new(colour, opacity)),
        Some(&Stroke::solid(colour, line_w)),
    );
}
