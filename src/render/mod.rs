//! # Thematic maps and charts
//!
//! Renders province maps and KPI charts for officials, as PNG (for reports
//! and slides, ≥ 2000 px wide) and SVG (for print and editing), from plain
//! data: geometry already projected to a local metric plane (metres, x east,
//! y north) plus values. Nothing here knows about the coverage engine.
//!
//! * [`render_map`] / [`draw_map`]: a choropleth of communes classed
//!   around a target ([`ClassScheme::around_target`]), flagged communes
//!   hatched, district boundaries, fibre lines, cell-site markers, sector
//!   wedges, a translucent raster (best-server RSRP), non-overlapping
//!   labels, legend with class counts, scale bar, north arrow, title and
//!   footnote. Shapes keep a 1:1 aspect in metres.
//! * [`render_kpi_chart`]: province KPIs against their targets.
//! * [`render_ranked_bars`]: communes ranked by a value (households missing).
//!
//! Text uses DejaVu Sans compiled into the binary ([`font`]); no system
//! font is read. Text is NFC-normalised (`unicode-normalization`) so
//! Vietnamese in NFD form draws correctly. Everything is drawn once, as
//! an SVG document written here; resvg (usvg, harfrust shaping, tiny-skia)
//! rasterises it with the embedded fonts, and the `png` crate encodes the
//! PNG. Label anchors come from the `polylabel` crate, the charts from
//! plotters' chart builder and its SVG backend, set into the same page.
//! Files are written atomically.
//!
//! ```no_run
//! use geo::{polygon, MultiPolygon};
//! use phusong::render::{render_map, ClassScheme, MapArea, MapSpec};
//! let square = MultiPolygon(vec![polygon![(x: 0., y: 0.), (x: 5000., y: 0.),
//!     (x: 5000., y: 5000.), (x: 0., y: 5000.), (x: 0., y: 0.)]]);
//! let spec = MapSpec {
//!     title: "Cà Mau — households with 4G".into(),
//!     classes: ClassScheme::around_target(0.8),
//!     legend_title: "Households with 4G".into(),
//!     areas: vec![MapArea::new("32001", "Xã Tân Hưng", square, Some(0.72))],
//!     ..MapSpec::default()
//! };
//! let report = render_map(&spec, "map.png".as_ref(), "map.svg".as_ref())?;
//! # Ok::<(), phusong::Error>(())
//! ```

#![warn(missing_docs)]

pub mod canvas;
pub mod chart;
pub mod classes;
pub mod font;
mod geom;
mod labels;
pub mod layers;
mod legend;
pub mod map;
mod north_arrow;
mod page;
mod paint;
pub mod palette;
pub mod raster;
pub mod rendered;
pub mod scalebar;
mod svg;

pub use canvas::{bbox, Extent, MapTransform, PxRect};
pub use chart::{
    draw_kpi_chart, draw_ranked_bars, render_kpi_chart, render_ranked_bars, Kpi, KpiChartSpec,
    RankedBarsSpec, RankedItem,
};
pub use classes::ClassScheme;
pub use layers::{LineLayer, Marker, PointLayer, Wedge, WedgeLayer};
pub use map::{draw_map, draw_svg, render_map, MapArea, MapReport, MapSpec};
pub use page::cap;
pub use palette::{LabelOrder, MapStyle, Rgb};
pub use raster::{ColourRamp, RasterLayer};
pub use rendered::{Rendered, RgbImage};

/// Load the embedded fonts (see [`font::init`]). Every render function
/// calls it; call it yourself only to fail early.
pub fn init() -> crate::Result<()> {
    font::init()
}
