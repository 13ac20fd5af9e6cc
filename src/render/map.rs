//! Thematic maps: a choropleth of areas (communes) classed around a target,
//! with flagged areas hatched, parent-area (district) boundaries, line,
//! point, wedge and raster overlays, labels, legend, scale bar, north arrow,
//! title and footnote, rendered to PNG and SVG with the same layout.
//!
//! Page layout (at the default 2400 px width; everything scales with the
//! width):
//!
//! ```text
//! ┌───────────────────────────────────────────────────────────┐
//! │ Title (bold) / subtitle                                   │
//! │ ┌──────────────────────────────────────┐ ┌──────────────┐ │
//! │ │ map frame (1 m = 1 m on both axes) N │ │ legend       │ │
//! │ │                                      │ │ classes, n   │ │
//! │ │ scale bar                            │ │ layers …     │ │
//! │ └──────────────────────────────────────┘ └──────────────┘ │
//! │ footnote (sources, run date)                              │
//! └───────────────────────────────────────────────────────────┘
//! ```

use std::path::Path;

use geo::{BoundingRect, LineString, MultiPolygon, Point};

use super::canvas::{bbox, Extent, MapTransform, PxRect};
use super::classes::ClassScheme;
use super::font;
use super::geom::{line_px, multipolygon_rings_px};
use super::geom::{polygon_rings_px, signed_area2};
use super::labels::{self, Candidate, Placed};
use super::layers::{draw_marker, draw_wedge, LineLayer, PointLayer, Wedge, WedgeLayer};
use super::legend::{Legend, Row, Section, Swatch};
use super::north_arrow::NorthArrow;
use super::page::cap;
use super::page::{self, TextBlock};
use super::paint::{Fill, Pt, Stroke};
use super::palette::{LabelOrder, MapStyle, Rgb, INK, WHITE};
use super::raster::RasterLayer;
use super::rendered::Rendered;
use super::scalebar::ScaleBar;
use super::svg::SvgPainter;
use crate::lang::{Lang, Term};
use crate::{Error, Result};

/// The map frame outside the areas (sea, other provinces).
const OUTSIDE: Rgb = Rgb(0xEE, 0xEE, 0xEE);
/// Hatching of flagged areas.
const HATCH: Rgb = Rgb(0x26, 0x26, 0x26);
const AREA_BOUNDARY: Rgb = Rgb(0x8C, 0x8C, 0x8C);
const PARENT_BOUNDARY: Rgb = Rgb(0x33, 0x33, 0x33);

/// One area (commune) of the choropleth.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// Identifier (e.g. the commune code), reported for unlabelled areas.
    pub code: String,
    /// Display name, e.g. "Xã Tân Hưng".
    pub name: String,
    /// Outline in local metres (x east, y north); holes and several parts
    /// are fine.
    pub geometry: MultiPolygon<f64>,
    /// The classed value (e.g. a share 0..=1); `None` or NaN = no data.
    pub value: Option<f64>,
    /// Hatch this area and count it in the legend's flag row (e.g. "not
    /// reached by fibre").
    pub flagged: bool,
    /// Label text, lines separated by `\n` (e.g. "Xã Tân Hưng\n−1 234 hh").
    /// `None` uses [`name`](Self::name); an empty string means no label.
    pub label: Option<String>,
}

impl MapArea {
    /// An area with a value, not flagged, labelled with its name.
    pub fn new(
        code: impl Into<String>,
        name: impl Into<String>,
        geometry: MultiPolygon<f64>,
        value: Option<f64>,
    ) -> Self {
        MapArea {
            code: code.into(),
            name: name.into(),
            geometry,
            value,
            flagged: false,
            label: None,
        }
    }

    fn label_text(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }

    fn class_value(&self) -> Option<f64> {
        self.value.filter(|v| !v.is_nan())
    }
}

/// Everything a map shows. Build it with struct-update syntax from
/// [`MapSpec::default()`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapSpec {
    /// Title, e.g. "Cà Mau — households with 4G coverage by commune".
    pub title: String,
    /// Subtitle, e.g. "Scenario: baseline · target 80% by 2025" (may be empty).
    pub subtitle: String,
    /// Footnote: data sources and run date (lines separated by `\n`).
    pub footnote: String,
    /// The classed areas (communes).
    pub areas: Vec<MapArea>,
    /// Parent areas (districts), drawn as thick boundaries.
    pub parents: Vec<MultiPolygon<f64>>,
    /// Line overlays (fibre), drawn in order.
    pub lines: Vec<LineLayer>,
    /// Point overlays (cell sites), drawn in order, over the lines.
    pub points: Vec<PointLayer>,
    /// Sector wedges, drawn under the lines and points.
    pub wedges: Vec<WedgeLayer>,
    /// A translucent grid (e.g. best-server RSRP) over the area fills.
    pub raster: Option<RasterLayer>,
    /// Classes, colours and legend labels of the area values.
    pub classes: ClassScheme,
    /// Legend heading of the classes, e.g. "Households with 4G".
    pub legend_title: String,
    /// Legend label of flagged (hatched) areas, e.g. "Not reached by fibre".
    pub flag_label: String,
    /// What the parent areas are called in the legend's boundary row (e.g.
    /// "old province"); empty: "district".
    pub parents_label: String,
    /// Show this extent instead of the areas' (metres).
    pub extent: Option<Extent>,
    /// Colours and sizes of the map furniture.
    pub style: MapStyle,
    /// Language of the map's own text (legend headings, scale bar, north
    /// arrow) and number format; the caller's text is used as given.
    pub lang: Lang,
}

/// What was drawn, for logs and tests.
#[derive(Debug, Clone, PartialEq)]
pub struct MapReport {
    /// Page width, px.
    pub width: u32,
    /// Page height, px.
    pub height: u32,
    /// The map frame on the page.
    pub frame: PxRect,
    /// Metres → pixels inside the frame.
    pub transform: MapTransform,
    /// Areas per class (as in the legend).
    pub class_counts: Vec<usize>,
    /// Areas without a value.
    pub no_data: usize,
    /// Flagged areas.
    pub flagged: usize,
    /// Number of labels drawn.
    pub labels_placed: usize,
    /// Codes of areas whose label did not fit.
    pub unlabelled: Vec<String>,
    /// Scale bar length in metres.
    pub scale_bar_m: f64,
}

/// Render `spec` to a PNG and an SVG file (each written atomically).
pub fn render_map(spec: &MapSpec, png: &Path, svg: &Path) -> Result<MapReport> {
    let (rendered, report) = draw_map(spec)?;
    rendered.write(png, svg)?;
    Ok(report)
}

/// Render `spec` in memory.
pub fn draw_map(spec: &MapSpec) -> Result<(Rendered, MapReport)> {
    let (svg, report) = draw_svg(spec)?;
    Ok((Rendered::from_svg(svg)?, report))
}

/// Render `spec` as an SVG document only (e.g. to embed in an HTML page),
/// with what was drawn.
pub fn draw_svg(spec: &MapSpec) -> Result<(String, MapReport)> {
    font::init()?;
    spec.check()?;
    let (width, w) = (2400, 2400.0);
    let u = w / 2400.0;
    let (margin, gap) = (46.0 * u, 34.0 * u);
    let content_w = w - 2.0 * margin;
    let geometry = spec.areas.iter().map(|a| &a.geometry).chain(&spec.parents);
    let Some(extent) = spec.extent.or_else(|| bbox(geometry)) else {
        return Err(Error::Render("map: nothing to draw (no geometry)".into()));
    };
    let header = page::header(&spec.title, &spec.subtitle, content_w, u);
    let frame_top = margin + header.height() + 26.0 * u;
    let (class_counts, no_data) = spec
        .classes
        .counts(spec.areas.iter().map(MapArea::class_value));
    let flagged = spec.areas.iter().filter(|a| a.flagged).count();
    let legend = build_legend(spec, &class_counts, no_data, flagged, u);
    let legend_w = (600.0 * u).min(content_w * 0.4);
    let legend_h = legend.height(legend_w, u);

    // Map frame: as wide as the room left of the legend, as tall as the
    // extent's shape asks (within limits) and at least the legend.
    let frame_w = content_w - legend_w - gap;
    let footnote = page::footnote(&spec.footnote, content_w, u);
    let footnote_gap = 20.0 * u;
    let aspect = (extent.height().max(1.0) / extent.width().max(1.0)).clamp(0.55, 1.6);
    let frame_h = (frame_w * aspect).max(legend_h);
    let frame = PxRect::from_size(margin, frame_top, frame_w, frame_h);
    let legend_rect = PxRect::from_size(frame.x1 + gap, frame_top, legend_w, legend_h);
    let t = MapTransform::fit(extent, frame, 30.0 * u)?;

    // Geometry in pixels.
    let px = Px::new(spec, &t);
    let (areas, points) = (&px.areas, &px.points);

    // Furniture inside the frame, then labels around it.
    let scale_bar = ScaleBar::new(frame, t.px_per_m, 0.22, u, spec.lang);
    let north = NorthArrow::new(frame, u, spec.lang);
    let reserved = [scale_bar.plate, north.bbox];
    let labels = place_labels(spec, &t, areas, points, frame, &reserved, u);
    let inset = Inset::build(spec, &t, &labels, legend_rect, u);
    let inset_y1 = inset.as_ref().map_or(0.0, |i| i.frame.y1);
    let footnote_y = frame.y1.max(legend_rect.y1).max(inset_y1) + footnote_gap;
    let height = (footnote_y + footnote.height() + margin).ceil() as u32;
    let placed = labels.iter().chain(inset.iter().flat_map(|i| &i.labels));
    let (labels_placed, unlabelled) = label_counts(spec, placed);
    let report = MapReport {
        width,
        height,
        frame,
        transform: t,
        class_counts,
        no_data,
        flagged,
        labels_placed,
        unlabelled,
        scale_bar_m: scale_bar.length_m,
    };

    let mut p = SvgPainter::new(width, height);
    let page = PxRect::new(0.0, 0.0, w, f64::from(height));
    p.rect(page, Some(WHITE.into()), None);
    paint_frame(&mut p, spec, frame, &px, &labels, u);
    scale_bar.draw(&mut p, u);
    north.draw(&mut p, u);
    if let Some(inset) = &inset {
        p.begin_layer("inset", "Inset");
        let stroke = Stroke::solid(INK, 2.5 * u);
        p.rect(inset.outline, None, Some(&stroke));
        inset.title.draw(&mut p, inset.frame.x0, inset.title_y);
        paint_frame(&mut p, spec, inset.frame, &inset.px, &inset.labels, u);
        p.rect(inset.frame, None, Some(&stroke));
        p.end();
    }
    p.begin_layer("title", "Title");
    header.draw(&mut p, margin, margin);
    p.end();
    legend.draw(&mut p, legend_rect, u);
    p.begin_layer("footnote", "Footnote");
    footnote.draw(&mut p, margin, footnote_y);
    p.end();
    Ok((p.finish(&spec.title), report))
}

/// How many areas got a label (on the map or the inset), and the codes of
/// those with a label text that did not.
fn label_counts<'a>(
    spec: &MapSpec,
    placed: impl Iterator<Item = &'a Placed>,
) -> (usize, Vec<String>) {
    let mut done = vec![false; spec.areas.len()];
    placed.for_each(|p| done[p.area] = true);
    let unlabelled = spec.areas.iter().zip(&done);
    let unlabelled = unlabelled.filter(|(a, done)| !**done && !a.label_text().trim().is_empty());
    let codes = unlabelled.map(|(a, _)| a.code.clone()).collect();
    (done.iter().filter(|&&d| d).count(), codes)
}

impl MapSpec {
    /// Check the classes and the raster before drawing.
    pub fn check(&self) -> Result<()> {
        let c = &self.classes;
        if c.is_empty() || c.colours.len() != c.len() || c.labels.len() != c.len() {
            return Err(Error::Render(
                "map: the class scheme needs one colour and one label per class".into(),
            ));
        }
        self.raster.as_ref().map_or(Ok(()), RasterLayer::check)
    }
}

/// A larger-scale view of the densest cluster of areas whose labels did
/// not fit on the map (typically the wards of the provincial capital),
/// below the legend; its extent is outlined on the main map.
struct Inset {
    title: TextBlock,
    title_y: f64,
    frame: PxRect,
    /// The inset's extent on the main map.
    outline: PxRect,
    px: Px,
    labels: Vec<Placed>,
}

impl Inset {
    /// The inset below `legend`, for the unlabelled areas within 12% of
    /// the page width of the one with most such neighbours, if there are at
    /// least three and the inset shows them at least twice as large.
    fn build(
        spec: &MapSpec,
        t: &MapTransform,
        labels: &[Placed],
        legend: PxRect,
        u: f64,
    ) -> Option<Self> {
        let mut done = vec![false; spec.areas.len()];
        labels.iter().for_each(|p| done[p.area] = true);
        let missed: Vec<(usize, geo::Coord)> = (spec.areas.iter().enumerate())
            .filter(|(i, a)| !done[*i] && !a.label_text().trim().is_empty())
            .filter_map(|(i, a)| Some((i, a.geometry.bounding_rect()?.center())))
            .collect();
        let r_m = 0.12 * 2400.0 * u / t.px_per_m;
        let near = |c: geo::Coord| {
            let close = move |(_, d): &&(usize, geo::Coord)| (d.x - c.x).hypot(d.y - c.y) <= r_m;
            missed.iter().filter(close)
        };
        let centre = missed
            .iter()
            .map(|(_, c)| *c)
            .max_by_key(|c| near(*c).count())?;
        let members: Vec<usize> = near(centre).map(|(i, _)| *i).collect();
        let e = bbox(members.iter().map(|&i| &spec.areas[i].geometry))?;
        let mut title = TextBlock::default();
        let text = spec.lang.term(Term::InsetTitle);
        title.push(text, 21.0 * u, true, INK, legend.width(), 0.0);
        let title_y = legend.y1 + 30.0 * u;
        let aspect = (e.height() / e.width().max(1.0)).clamp(0.6, 1.3);
        let top = title_y + title.height() + 8.0 * u;
        let frame = PxRect::from_size(legend.x0, top, legend.width(), legend.width() * aspect);
        let ti = MapTransform::fit(e, frame, 14.0 * u).ok()?;
        if members.len() < 3 || ti.px_per_m < 2.0 * t.px_per_m {
            return None;
        }
        let ((x0, y0), (x1, y1)) = (t.to_px(e.min().x, e.max().y), t.to_px(e.max().x, e.min().y));
        let outline = PxRect::new(x0, y0, x1, y1).inflate(4.0 * u);
        let px = Px::new(spec, &ti);
        let labels = place_labels(spec, &ti, &px.areas, &px.points, frame, &[], u);
        Some(Inset {
            title,
            title_y,
            frame,
            outline,
            px,
            labels,
        })
    }
}

/// Paint the map layers of `px` and their `labels` into `frame` (the main
/// map or the inset), with its outline.
fn paint_frame(
    p: &mut SvgPainter,
    spec: &MapSpec,
    frame: PxRect,
    px: &Px,
    labels: &[Placed],
    u: f64,
) {
    p.rect(frame, Some(OUTSIDE.into()), None);
    p.push_clip(&[frame.ring()]);
    p.begin_layer("areas", "Areas");
    let no_data = cap(spec.lang.term(Term::NoData));
    for (a, rings) in spec.areas.iter().zip(&px.areas) {
        let class = a.class_value().and_then(|v| spec.classes.class_of(v));
        let class = class.map_or(no_data.as_str(), |c| spec.classes.labels[c].as_str());
        let mut title = format!("{} — {class}", a.name);
        if a.flagged && !spec.flag_label.is_empty() {
            title = format!("{title} ({})", spec.flag_label);
        }
        p.begin_feature(&format!("area-{}", a.code), &title);
        let fill = spec.classes.colour_of_opt(a.class_value());
        p.fill(rings, &Fill::Solid(fill.into()));
        p.end();
    }
    p.end();

    if let Some(r) = spec.raster.as_ref().filter(|_| !px.raster.is_empty()) {
        p.begin_layer("raster", &r.name);
        p.push_clip(&px.areas.concat());
        for (class, rings) in &px.raster {
            p.fill(rings, &raster_fill(*class, &r.ramp.colours, u));
        }
        p.end();
        p.end();
    }

    p.begin_layer("flagged", "Flagged areas");
    let hatch = hatch_fill(u);
    let flagged = spec.areas.iter().zip(&px.areas).filter(|(a, _)| a.flagged);
    flagged.for_each(|(_, rings)| p.fill(rings, &hatch));
    p.end();

    if !px.wedges.is_empty() {
        p.begin_layer("wedges", "Sectors");
        for (layer, rings) in spec.wedges.iter().zip(&px.wedges) {
            let draw = |r: &Vec<Pt>| draw_wedge(p, r, layer.colour, layer.opacity, 1.2 * u);
            rings.iter().for_each(draw);
        }
        p.end();
    }

    let boundaries = [
        ("area-boundaries", &px.areas, AREA_BOUNDARY, 1.2),
        ("parent-boundaries", &px.parents, PARENT_BOUNDARY, 3.2),
    ];
    for (id, shapes, colour, width) in boundaries.into_iter().filter(|b| !b.1.is_empty()) {
        p.begin_layer(id, id);
        let stroke = Stroke::solid(colour, width * u);
        let rings = shapes.iter().flatten();
        rings.for_each(|ring| p.stroke(ring, true, &stroke));
        p.end();
    }

    for (i, (layer, lines)) in spec.lines.iter().zip(&px.lines).enumerate() {
        p.begin_layer(&format!("lines-{i}"), &layer.name);
        let stroke = line_stroke(layer, u);
        if let Some(c) = layer.casing {
            let casing = Stroke::solid(c, stroke.width + 3.0 * u);
            lines.iter().for_each(|l| p.stroke(l, false, &casing));
        }
        lines.iter().for_each(|l| p.stroke(l, false, &stroke));
        p.end();
    }

    for (i, (l, pts)) in spec.points.iter().zip(&px.points).enumerate() {
        p.begin_layer(&format!("points-{i}"), &l.name);
        for &pt in pts {
            draw_marker(p, l.marker, pt, l.size * u, l.colour, l.outline, 1.5 * u);
        }
        p.end();
    }

    labels::draw(p, labels, spec.style.label_size * u, u);
    p.end();
    let stroke = Stroke::solid(Rgb(0x55, 0x55, 0x55), 1.5 * u);
    p.rect(frame, None, Some(&stroke));
}

/// Layers projected to pixels.
struct Px {
    areas: Vec<Rings>,
    parents: Vec<Rings>,
    lines: Vec<Rings>,
    points: Vec<Vec<Pt>>,
    wedges: Vec<Rings>,
    /// The grid's cells of each class, as rectangles (runs of a row).
    raster: Vec<(usize, Rings)>,
}

type Rings = Vec<Vec<Pt>>;

impl Px {
    fn new(spec: &MapSpec, t: &MapTransform) -> Self {
        let rings = |mp: &MultiPolygon<f64>| multipolygon_rings_px(mp, t);
        let areas: Vec<Rings> = spec.areas.iter().map(|a| rings(&a.geometry)).collect();
        let line = |ls: &LineString<f64>| line_px(ls, t, false);
        let lines = spec
            .lines
            .iter()
            .map(|l| l.lines.iter().map(line).collect());
        let pt = |p: &Point<f64>| t.to_px(p.x(), p.y());
        let points = spec
            .points
            .iter()
            .map(|l| l.points.iter().map(pt).collect());
        let wedge = |w: &Wedge| w.ring_m().into_iter().map(|(x, y)| t.to_px(x, y)).collect();
        let wedges = spec
            .wedges
            .iter()
            .map(|l| l.wedges.iter().map(wedge).collect());
        let raster = spec.raster.as_ref().map_or_else(Vec::new, |r| {
            let px = |(x0, y0, x1, y1)| {
                let ((a, b), (c, d)) = (t.to_px(x0, y0), t.to_px(x1, y1));
                PxRect::new(a, b, c, d).ring()
            };
            let runs = r.class_runs().into_iter().enumerate();
            runs.map(|(c, rects)| (c, rects.into_iter().map(px).collect()))
                .filter(|(_, rings): &(usize, Rings)| !rings.is_empty())
                .collect()
        });
        Px {
            parents: spec.parents.iter().map(rings).collect(),
            lines: lines.collect(),
            points: points.collect(),
            wedges: wedges.collect(),
            raster,
            areas,
        }
    }
}

/// Diagonal lines 2 px wide every 11 px (at 2400 px).
fn hatch_fill(u: f64) -> Fill {
    Fill::Hatch(HATCH, 11.0 * u, 2.0 * u, 45.0)
}

/// Raster class `class` as lines leaning the other way from the flag
/// hatch, in the class colour itself (so the legend shows what the map
/// shows, over any area colour); the lowest classes densest.
fn raster_fill(class: usize, colours: &[Rgb], u: f64) -> Fill {
    Fill::Hatch(
        colours[class],
        (9.0 + 5.0 * class as f64) * u,
        1.8 * u,
        -45.0,
    )
}

fn line_stroke(l: &LineLayer, u: f64) -> Stroke {
    let dash = l.dash.as_ref().map(|d| d.iter().map(|v| v * u).collect());
    Stroke {
        colour: l.colour.into(),
        width: l.width * u,
        dash,
    }
}

/// Place the area labels around the reserved boxes, avoiding the point
/// markers where possible.
fn place_labels(
    spec: &MapSpec,
    t: &MapTransform,
    areas: &[Vec<Vec<Pt>>],
    points: &[Vec<Pt>],
    frame: PxRect,
    reserved: &[PxRect],
    u: f64,
) -> Vec<Placed> {
    let labelled = spec.areas.iter().enumerate();
    let labelled = labelled.filter(|(_, a)| !a.label_text().trim().is_empty());
    let mut candidates: Vec<Candidate> = labelled
        .filter_map(|(i, a)| {
            let area_px: f64 = areas[i].iter().map(|r| signed_area2(r) / 2.0).sum();
            let lines = a.label_text().split('\n').map(|s| s.trim().to_string());
            Some(Candidate {
                area: i,
                anchor: label_anchor_px(&a.geometry, t)?,
                lines: lines.collect(),
                area_px: area_px.max(0.0),
            })
        })
        .collect();
    if spec.style.label_order == LabelOrder::LargestFirst {
        candidates.sort_by(|a, b| b.area_px.total_cmp(&a.area_px));
    }
    let marker = |(l, pts): (&PointLayer, &Vec<Pt>)| {
        let r = (l.size / 2.0 + 2.0) * u;
        let square = |&(x, y): &Pt| PxRect::new(x - r, y - r, x + r, y + r);
        pts.iter().map(square).collect::<Vec<_>>()
    };
    let markers: Vec<PxRect> = spec.points.iter().zip(points).flat_map(marker).collect();
    let inside = |i: usize, (px, py): Pt| {
        let (x, y) = t.to_m(px, py);
        geo::Contains::contains(&spec.areas[i].geometry, &geo::Coord { x, y })
    };
    let em = spec.style.label_size * u;
    labels::place(&candidates, em, frame, reserved, &markers, 3.0, inside)
}

/// The label anchor of a multipolygon in pixels: the pole of
/// inaccessibility (polylabel) of its largest part, computed on the pixel
/// rings (thinned to the pixel grid, so detailed coastlines stay cheap) to
/// half a pixel.
fn label_anchor_px(mp: &MultiPolygon<f64>, t: &MapTransform) -> Option<Pt> {
    let mut best: Option<(f64, Vec<Vec<Pt>>)> = None;
    for part in &mp.0 {
        let mut rings = Vec::new();
        polygon_rings_px(part, t, &mut rings);
        let area: f64 = rings.iter().map(|r| signed_area2(r) / 2.0).sum();
        if !rings.is_empty() && best.as_ref().is_none_or(|(a, _)| area > *a) {
            best = Some((area, rings));
        }
    }
    let rings = best?.1;
    let ring = |r: &Vec<Pt>| geo::LineString::from(r.clone());
    let poly = geo::Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect());
    polylabel::polylabel(&poly, &0.5)
        .ok()
        .map(|p| (p.x(), p.y()))
}

fn build_legend(
    spec: &MapSpec,
    counts: &[usize],
    no_data: usize,
    flagged: usize,
    u: f64,
) -> Legend {
    let (c, lang) = (&spec.classes, spec.lang);
    let n = |v: usize| Some(lang.count(v as u64));
    let term = |t: Term| cap(lang.term(t));
    let mut classes = Section {
        title: (!spec.legend_title.trim().is_empty()).then(|| spec.legend_title.clone()),
        count_header: Some(term(Term::Communes)),
        rows: Vec::new(),
    };
    // Highest class first.
    for i in (0..c.len()).rev() {
        let count = n(counts.get(i).copied().unwrap_or(0));
        let mut row = Row::new(Swatch::Fill(c.colours[i]), &c.labels[i], count);
        row.note = (i == c.target_class).then(|| format!("✓ {}", lang.term(Term::MeetsTarget)));
        classes.rows.push(row);
    }
    if no_data > 0 {
        let swatch = Swatch::Fill(c.no_data_colour);
        classes
            .rows
            .push(Row::new(swatch, term(Term::NoData), n(no_data)));
    }
    if flagged > 0 || !spec.flag_label.trim().is_empty() {
        let label = Some(spec.flag_label.as_str()).filter(|l| !l.trim().is_empty());
        let swatch = Swatch::Hatch(hatch_fill(u));
        classes.rows.push(Row::new(
            swatch,
            label.map_or_else(|| term(Term::Flagged), String::from),
            n(flagged),
        ));
    }
    let hatch_only = |r: &Row| r.count.is_none() || matches!(r.swatch, Swatch::Hatch(_));
    if classes.rows.iter().all(hatch_only) {
        // Only the flag row is left: no class heading or count header.
        (classes.title, classes.count_header) = (None, None);
    }

    let mut layers = Vec::new();
    let boundary = |colour, width: f64| Swatch::Line(Stroke::solid(colour, width * u));
    if !spec.parents.is_empty() {
        let swatch = boundary(PARENT_BOUNDARY, 3.2);
        let label = match spec.parents_label.trim() {
            "" => term(Term::DistrictBoundary),
            p => cap(&crate::lang::fill(
                lang.term(Term::ParentBoundary),
                &[("parent", p.to_string())],
            )),
        };
        layers.push(Row::new(swatch, label, None));
    }
    if !spec.areas.is_empty() {
        layers.push(Row::new(
            boundary(AREA_BOUNDARY, 1.2),
            term(Term::CommuneBoundary),
            None,
        ));
    }
    for l in &spec.lines {
        layers.push(Row::new(Swatch::Line(line_stroke(l, u)), &l.name, None));
    }
    for l in &spec.points {
        let swatch = Swatch::Marker(l.marker, l.colour, Rgb(0x55, 0x55, 0x55), l.size * u);
        layers.push(Row::new(swatch, &l.name, n(l.points.len())));
    }
    for l in &spec.wedges {
        let swatch = Swatch::Wedge(l.colour, l.opacity);
        layers.push(Row::new(swatch, &l.name, n(l.wedges.len())));
    }
    let layers = Section {
        rows: layers,
        ..Section::default()
    };
    let mut sections: Vec<Section> = [classes, layers]
        .into_iter()
        .filter(|s| !s.rows.is_empty())
        .collect();

    if let Some(r) = &spec.raster {
        let title = (!r.name.trim().is_empty()).then(|| r.name.clone());
        let rows = (0..r.ramp.colours.len()).rev().map(|i| {
            let swatch = Swatch::Hatch(raster_fill(i, &r.ramp.colours, u));
            Row::new(swatch, r.ramp.labels[i].clone(), None)
        });
        let rows = rows.collect();
        sections.push(Section {
            title,
            count_header: None,
            rows,
        });
    }
    Legend { sections }
}
