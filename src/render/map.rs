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

use geo::MultiPolygon;

use super::bitmap::BitmapPainter;
use super::canvas::{Extent, MapTransform, PxRect};
use super::classes::ClassScheme;
use super::font;
use super::geom::{
    add_multipolygon, line_px, multipolygon_contains, multipolygon_rings_px, polygon_rings_px,
    signed_area2,
};
use super::labels::{self, Candidate, Placed};
use super::layers::{draw_marker, draw_wedge, LineLayer, PointLayer, WedgeLayer};
use super::legend::{Legend, Row, Section, Swatch};
use super::locale::Locale;
use super::north_arrow::NorthArrow;
use super::page::{self, TextBlock};
use super::paint::{Fill, Painter, PainterExt, Pt, Rgba, RgbaImage, Stroke};
use super::palette::{LabelOrder, MapStyle, Rgb};
use super::polylabel::pole_of_inaccessibility;
use super::raster::RasterLayer;
use super::rendered::Rendered;
use super::scalebar::ScaleBar;
use super::svg::SvgPainter;
use crate::{Error, Result};

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
#[derive(Debug, Clone, PartialEq)]
pub struct MapSpec {
    /// Title, e.g. "Cà Mau — households with 4G coverage by commune".
    pub title: String,
    /// Subtitle, e.g. "Scenario: baseline · target 80% by 2025" (may be empty).
    pub subtitle: String,
    /// Footnote: data sources and run date (lines separated by `\n`).
    pub footnote: String,
    /// Page width in px (default 2400; at least 800).
    pub width_px: u32,
    /// Page height in px; `None` derives it from the map's shape.
    pub height_px: Option<u32>,
    /// Print resolution written into the PNG (default 200 dpi).
    pub dpi: f64,
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
    /// Fill areas with their class colours (default true). Turn off for a
    /// raster map where only the boundaries should show.
    pub fill_areas: bool,
    /// Draw area labels (default true).
    pub show_labels: bool,
    /// Show this extent instead of the areas' (metres).
    pub extent: Option<Extent>,
    /// Wording and number format of the legend and scale bar.
    pub locale: Locale,
    /// Colours and sizes of the map furniture.
    pub style: MapStyle,
}

impl Default for MapSpec {
    fn default() -> Self {
        MapSpec {
            title: String::new(),
            subtitle: String::new(),
            footnote: String::new(),
            width_px: 2400,
            height_px: None,
            dpi: 200.0,
            areas: Vec::new(),
            parents: Vec::new(),
            lines: Vec::new(),
            points: Vec::new(),
            wedges: Vec::new(),
            raster: None,
            classes: ClassScheme::default(),
            legend_title: String::new(),
            flag_label: String::new(),
            fill_areas: true,
            show_labels: true,
            extent: None,
            locale: Locale::default(),
            style: MapStyle::default(),
        }
    }
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
    font::init()?;
    let scene = Scene::build(spec)?;
    let mut bitmap = BitmapPainter::new(scene.width, scene.height, spec.style.background);
    scene.paint(&mut bitmap, spec)?;
    let mut svg = SvgPainter::new(scene.width, scene.height);
    scene.paint(&mut svg, spec)?;
    let rendered = Rendered {
        image: bitmap.finish(),
        svg: svg.finish(&spec.title),
        dpi: spec.dpi,
    };
    Ok((rendered, scene.report))
}

impl MapSpec {
    /// Check sizes, classes and layers before drawing.
    pub fn check(&self) -> Result<()> {
        if !(800..=16_000).contains(&self.width_px) {
            return Err(Error::Invalid(format!(
                "map: width {} px is outside 800..=16000",
                self.width_px
            )));
        }
        let c = &self.classes;
        if c.is_empty() || c.colours.len() != c.len() || c.labels.len() != c.len() {
            return Err(Error::Invalid(
                "map: the class scheme needs one colour and one label per class".into(),
            ));
        }
        if let Some(r) = &self.raster {
            r.check()?;
        }
        Ok(())
    }

    fn extent(&self) -> Extent {
        if let Some(e) = self.extent {
            return e;
        }
        let mut e = Extent::empty();
        for a in &self.areas {
            add_multipolygon(&mut e, &a.geometry);
        }
        for p in &self.parents {
            add_multipolygon(&mut e, p);
        }
        if e.is_empty() {
            for l in &self.lines {
                for ls in &l.lines {
                    for c in &ls.0 {
                        e.add(c.x, c.y);
                    }
                }
            }
            for l in &self.points {
                for p in &l.points {
                    e.add(p.x(), p.y());
                }
            }
            for l in &self.wedges {
                for w in &l.wedges {
                    for (x, y) in w.ring_m() {
                        e.add(x, y);
                    }
                }
            }
            if let Some(r) = &self.raster {
                let re = r.extent();
                e.add(re.min_x, re.min_y);
                e.add(re.max_x, re.max_y);
            }
        }
        e
    }
}

/// Everything laid out in pixels, ready to paint twice.
struct Scene {
    width: u32,
    height: u32,
    u: f64,
    margin: f64,
    header: TextBlock,
    frame: PxRect,
    legend: Legend,
    legend_rect: PxRect,
    footnote: TextBlock,
    footnote_y: f64,
    areas: Vec<Vec<Vec<Pt>>>,
    parents: Vec<Vec<Vec<Pt>>>,
    lines: Vec<Vec<Vec<Pt>>>,
    points: Vec<Vec<Pt>>,
    wedges: Vec<Vec<Vec<Pt>>>,
    raster: Option<(RgbaImage, PxRect, f64)>,
    raster_mask: Option<Vec<Vec<Pt>>>,
    labels: Vec<Placed>,
    scale_bar: ScaleBar,
    north: NorthArrow,
    report: MapReport,
}

impl Scene {
    fn build(spec: &MapSpec) -> Result<Self> {
        spec.check()?;
        let width = spec.width_px;
        let w = f64::from(width);
        let u = w / 2400.0;
        let margin = 46.0 * u;
        let gap = 34.0 * u;
        let content_w = w - 2.0 * margin;

        let extent = spec.extent();
        if extent.is_empty() {
            return Err(Error::Invalid("map: nothing to draw (no geometry)".into()));
        }

        // Title block.
        let header = page::header(&spec.title, &spec.subtitle, content_w, u);
        let frame_top = margin + header.height() + 26.0 * u;

        // Legend and counts.
        let (class_counts, no_data) = spec
            .classes
            .counts(spec.areas.iter().map(|a| a.class_value()));
        let flagged = spec.areas.iter().filter(|a| a.flagged).count();
        let legend = build_legend(spec, &class_counts, no_data, flagged, u);
        let legend_w = (600.0 * u).min(content_w * 0.4);
        let legend_h = legend.height(legend_w, u);

        // Map frame: as wide as the room left of the legend, as tall as the
        // extent's shape asks (within limits) and at least the legend.
        let frame_w = content_w - legend_w - gap;
        let footnote = page::footnote(&spec.footnote, content_w, u);
        let footnote_gap = 20.0 * u;
        let frame_h = match spec.height_px {
            Some(h) => {
                let avail = f64::from(h) - frame_top - footnote_gap - footnote.height() - margin;
                if avail < 200.0 * u {
                    return Err(Error::Invalid(format!(
                        "map: height {h} px leaves no room for the map"
                    )));
                }
                avail
            }
            None => {
                let aspect = (extent.height().max(1.0) / extent.width().max(1.0)).clamp(0.55, 1.6);
                (frame_w * aspect).max(legend_h)
            }
        };
        let frame = PxRect::from_size(margin, frame_top, frame_w, frame_h);
        let legend_rect = PxRect::from_size(frame.x1 + gap, frame_top, legend_w, legend_h);
        let footnote_y = frame.y1.max(legend_rect.y1) + footnote_gap;
        let height = match spec.height_px {
            Some(h) => h,
            None => (footnote_y + footnote.height() + margin).ceil() as u32,
        };

        let t = MapTransform::fit(extent, frame, 30.0 * u)?;

        // Geometry in pixels.
        let areas: Vec<Vec<Vec<Pt>>> = spec
            .areas
            .iter()
            .map(|a| multipolygon_rings_px(&a.geometry, &t))
            .collect();
        let parents = spec
            .parents
            .iter()
            .map(|p| multipolygon_rings_px(p, &t))
            .collect();
        let lines = spec
            .lines
            .iter()
            .map(|l| l.lines.iter().map(|ls| line_px(ls, &t)).collect())
            .collect();
        let points: Vec<Vec<Pt>> = spec
            .points
            .iter()
            .map(|l| l.points.iter().map(|p| t.to_px(p.x(), p.y())).collect())
            .collect();
        let wedges = spec
            .wedges
            .iter()
            .map(|l| {
                l.wedges
                    .iter()
                    .map(|wg| {
                        wg.ring_m()
                            .into_iter()
                            .map(|(x, y)| t.to_px(x, y))
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let raster = spec.raster.as_ref().map(|r| {
            let e = r.extent();
            let (x0, y0) = t.to_px(e.min_x, e.max_y);
            let (x1, y1) = t.to_px(e.max_x, e.min_y);
            (
                r.to_image(),
                PxRect::new(x0, y0, x1, y1),
                r.opacity.clamp(0.0, 1.0),
            )
        });

        let raster_mask = spec
            .raster
            .as_ref()
            .filter(|r| r.clip_to_areas && !spec.areas.is_empty())
            .map(|_| areas.iter().flatten().cloned().collect());

        // Furniture inside the frame, then labels around it.
        let scale_bar = ScaleBar::new(frame, t.px_per_m, 0.22, &spec.locale, u);
        let north = NorthArrow::new(frame, &spec.locale.north, u);
        let label_em = spec.style.label_size * u;
        let mut placed = Vec::new();
        let mut unlabelled = Vec::new();
        if spec.show_labels {
            let mut candidates: Vec<Candidate> = spec
                .areas
                .iter()
                .enumerate()
                .filter(|(_, a)| !a.label_text().trim().is_empty())
                .filter_map(|(i, a)| {
                    let anchor = label_anchor_px(&a.geometry, &t)?;
                    let area_px: f64 = areas[i].iter().map(|r| signed_area2(r) / 2.0).sum();
                    Some(Candidate {
                        area: i,
                        anchor,
                        lines: a
                            .label_text()
                            .split('\n')
                            .map(|s| s.trim().to_string())
                            .collect(),
                        area_px: area_px.max(0.0),
                    })
                })
                .collect();
            if spec.style.label_order == LabelOrder::LargestFirst {
                candidates.sort_by(|a, b| b.area_px.total_cmp(&a.area_px));
            }
            let markers: Vec<PxRect> = spec
                .points
                .iter()
                .zip(&points)
                .flat_map(|(layer, pts): (&PointLayer, &Vec<Pt>)| {
                    let r = layer.size * u / 2.0 + 2.0 * u;
                    pts.iter()
                        .map(move |&(x, y)| PxRect::new(x - r, y - r, x + r, y + r))
                })
                .collect();
            placed = labels::place(
                &candidates,
                label_em,
                frame,
                &[scale_bar.plate, north.bbox],
                &markers,
                spec.style.label_max_overflow,
                |i, (px, py)| {
                    let (x, y) = t.to_m(px, py);
                    multipolygon_contains(&spec.areas[i].geometry, x, y)
                },
            );
            let mut done = vec![false; spec.areas.len()];
            for p in &placed {
                done[p.area] = true;
            }
            unlabelled = spec
                .areas
                .iter()
                .enumerate()
                .filter(|(i, a)| !done[*i] && !a.label_text().trim().is_empty())
                .map(|(_, a)| a.code.clone())
                .collect();
        }

        let report = MapReport {
            width,
            height,
            frame,
            transform: t,
            class_counts,
            no_data,
            flagged,
            labels_placed: placed.len(),
            unlabelled,
            scale_bar_m: scale_bar.length_m,
        };
        Ok(Scene {
            width,
            height,
            u,
            margin,
            header,
            frame,
            legend,
            legend_rect,
            footnote,
            footnote_y,
            areas,
            parents,
            lines,
            points,
            wedges,
            raster,
            raster_mask,
            labels: placed,
            scale_bar,
            north,
            report,
        })
    }

    fn paint(&self, p: &mut dyn Painter, spec: &MapSpec) -> Result<()> {
        let u = self.u;
        let st = &spec.style;
        p.rect(
            PxRect::from_size(0.0, 0.0, f64::from(self.width), f64::from(self.height)),
            Some(Rgba::opaque(st.background)),
            None,
        );
        p.rect(self.frame, Some(Rgba::opaque(st.outside)), None);
        p.push_clip(self.frame);

        p.begin_layer("areas", "Areas");
        for (a, rings) in spec.areas.iter().zip(&self.areas) {
            let class = a.class_value().and_then(|v| spec.classes.class_of(v));
            let mut title = match class {
                Some(c) => format!("{} — {}", a.name, spec.classes.labels[c]),
                None => format!("{} — {}", a.name, spec.locale.no_data),
            };
            if a.flagged && !spec.flag_label.is_empty() {
                title = format!("{title} ({})", spec.flag_label);
            }
            p.begin_feature(&format!("area-{}", a.code), &title);
            let fill = if spec.fill_areas {
                Rgba::new(spec.classes.colour_of_opt(a.class_value()), st.fill_opacity)
            } else {
                Rgba::opaque(st.background)
            };
            p.fill(rings, &Fill::Solid(fill));
            p.end_feature();
        }
        p.end_layer();

        if let Some((img, dest, opacity)) = &self.raster {
            p.begin_layer("raster", "Raster");
            p.image(img, *dest, *opacity, self.raster_mask.as_deref());
            p.end_layer();
        }

        p.begin_layer("flagged", "Flagged areas");
        let hatch = Fill::Hatch {
            colour: Rgba::opaque(st.hatch),
            spacing: st.hatch_spacing * u,
            width: st.hatch_width * u,
        };
        for (a, rings) in spec.areas.iter().zip(&self.areas) {
            if a.flagged {
                p.fill(rings, &hatch);
            }
        }
        p.end_layer();

        if !self.wedges.is_empty() {
            p.begin_layer("wedges", "Sectors");
            for (layer, rings) in spec.wedges.iter().zip(&self.wedges) {
                for ring in rings {
                    draw_wedge(p, ring, layer.colour, layer.opacity, 1.2 * u);
                }
            }
            p.end_layer();
        }

        p.begin_layer("area-boundaries", "Area boundaries");
        let thin = Stroke::solid(st.area_boundary, st.area_boundary_width * u);
        for rings in &self.areas {
            for ring in rings {
                p.stroke(ring, true, &thin);
            }
        }
        p.end_layer();

        if !self.parents.is_empty() {
            p.begin_layer("parent-boundaries", "Parent boundaries");
            let thick = Stroke::solid(st.parent_boundary, st.parent_boundary_width * u);
            for rings in &self.parents {
                for ring in rings {
                    p.stroke(ring, true, &thick);
                }
            }
            p.end_layer();
        }

        for (i, (layer, lines)) in spec.lines.iter().zip(&self.lines).enumerate() {
            p.begin_layer(&format!("lines-{i}"), &layer.name);
            let width = layer.width * u;
            if let Some(c) = layer.casing {
                let casing = Stroke::solid(c, width + 3.0 * u);
                for l in lines {
                    p.stroke(l, false, &casing);
                }
            }
            let stroke = Stroke {
                colour: Rgba::opaque(layer.colour),
                width,
                dash: layer
                    .dash
                    .as_ref()
                    .map(|d| d.iter().map(|v| v * u).collect()),
            };
            for l in lines {
                p.stroke(l, false, &stroke);
            }
            p.end_layer();
        }

        for (i, (layer, pts)) in spec.points.iter().zip(&self.points).enumerate() {
            p.begin_layer(&format!("points-{i}"), &layer.name);
            for &pt in pts {
                draw_marker(
                    p,
                    layer.marker,
                    pt,
                    layer.size * u,
                    layer.colour,
                    layer.outline,
                    1.5 * u,
                );
            }
            p.end_layer();
        }

        labels::draw(p, &self.labels, st.label_size * u, u)?;
        p.pop_clip();

        p.rect(
            self.frame,
            None,
            Some(&Stroke::solid(Rgb(0x55, 0x55, 0x55), 1.5 * u)),
        );
        self.scale_bar.draw(p, u)?;
        self.north.draw(p, u)?;

        p.begin_layer("title", "Title");
        self.header.draw(p, self.margin, self.margin)?;
        p.end_layer();
        self.legend.draw(p, self.legend_rect, u)?;
        p.begin_layer("footnote", "Footnote");
        self.footnote.draw(p, self.margin, self.footnote_y)?;
        p.end_layer();
        Ok(())
    }
}

/// The label anchor of a multipolygon in pixels: the pole of
/// inaccessibility of its largest part, computed on the pixel rings (thinned
/// to the pixel grid, so detailed coastlines stay cheap) to half a pixel.
fn label_anchor_px(mp: &MultiPolygon<f64>, t: &MapTransform) -> Option<Pt> {
    let mut best: Option<(f64, geo::Polygon<f64>)> = None;
    for part in &mp.0 {
        let mut rings = Vec::new();
        polygon_rings_px(part, t, &mut rings);
        if rings.is_empty() {
            continue;
        }
        let area: f64 = rings.iter().map(|r| signed_area2(r) / 2.0).sum();
        if best.as_ref().is_some_and(|(a, _)| *a >= area) {
            continue;
        }
        let ring = |r: &Vec<Pt>| geo::LineString::from(r.clone());
        let poly = geo::Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect());
        best = Some((area, poly));
    }
    pole_of_inaccessibility(&best?.1, 0.5).map(|(p, _)| p)
}

fn build_legend(
    spec: &MapSpec,
    counts: &[usize],
    no_data: usize,
    flagged: usize,
    u: f64,
) -> Legend {
    let loc = &spec.locale;
    let st = &spec.style;
    let c = &spec.classes;
    let mut classes = Section {
        title: (!spec.legend_title.trim().is_empty()).then(|| spec.legend_title.clone()),
        count_header: Some(loc.count_header.clone()),
        rows: Vec::new(),
    };
    // Highest class first (only when the areas show their classes).
    for i in (0..c.len()).rev().filter(|_| spec.fill_areas) {
        classes.rows.push(Row {
            swatch: Swatch::Fill(c.colours[i]),
            label: c.labels[i].clone(),
            count: Some(loc.number(counts.get(i).copied().unwrap_or(0) as f64, 0)),
            note: (i == c.target_class && c.target_class < c.len())
                .then(|| format!("✓ {}", loc.meets_target)),
        });
    }
    if no_data > 0 && spec.fill_areas {
        classes.rows.push(Row {
            swatch: Swatch::Fill(c.no_data_colour),
            label: loc.no_data.clone(),
            count: Some(loc.number(no_data as f64, 0)),
            note: None,
        });
    }
    if flagged > 0 || !spec.flag_label.trim().is_empty() {
        classes.rows.push(Row {
            swatch: Swatch::Hatch {
                colour: st.hatch,
                spacing: st.hatch_spacing * u,
                width: st.hatch_width * u,
            },
            label: if spec.flag_label.trim().is_empty() {
                "Flagged".into()
            } else {
                spec.flag_label.clone()
            },
            count: Some(loc.number(flagged as f64, 0)),
            note: None,
        });
    }
    if classes
        .rows
        .iter()
        .all(|r| r.count.is_none() || matches!(r.swatch, Swatch::Hatch { .. }))
    {
        // Only the flag row is left: no class heading or count header.
        classes.title = None;
        classes.count_header = None;
    }
    let mut legend = Legend::default();
    if !classes.rows.is_empty() {
        legend.sections.push(classes);
    }

    let mut layers = Section::default();
    if !spec.parents.is_empty() {
        layers.rows.push(Row {
            swatch: Swatch::Line {
                colour: st.parent_boundary,
                width: st.parent_boundary_width * u,
                dash: None,
                casing: None,
            },
            label: loc.parent_boundary.clone(),
            count: None,
            note: None,
        });
    }
    if !spec.areas.is_empty() {
        layers.rows.push(Row {
            swatch: Swatch::Line {
                colour: st.area_boundary,
                width: st.area_boundary_width * u,
                dash: None,
                casing: None,
            },
            label: loc.area_boundary.clone(),
            count: None,
            note: None,
        });
    }
    for l in &spec.lines {
        layers.rows.push(Row {
            swatch: Swatch::Line {
                colour: l.colour,
                width: l.width * u,
                dash: l.dash.as_ref().map(|d| d.iter().map(|v| v * u).collect()),
                casing: None,
            },
            label: l.name.clone(),
            count: None,
            note: None,
        });
    }
    for l in &spec.points {
        layers.rows.push(Row {
            swatch: Swatch::Marker {
                marker: l.marker,
                colour: l.colour,
                outline: Rgb(0x55, 0x55, 0x55),
                size: l.size * u,
            },
            label: l.name.clone(),
            count: Some(loc.number(l.points.len() as f64, 0)),
            note: None,
        });
    }
    for l in &spec.wedges {
        layers.rows.push(Row {
            swatch: Swatch::Wedge {
                colour: l.colour,
                opacity: l.opacity,
            },
            label: l.name.clone(),
            count: Some(loc.number(l.wedges.len() as f64, 0)),
            note: None,
        });
    }
    if !layers.rows.is_empty() {
        legend.sections.push(layers);
    }

    if let Some(r) = &spec.raster {
        let mut section = Section {
            title: (!r.name.trim().is_empty()).then(|| r.name.clone()),
            count_header: None,
            rows: Vec::new(),
        };
        for i in (0..r.ramp.colours.len()).rev() {
            // Show the colour as it appears over white at the layer's opacity.
            let shown = Rgb(255, 255, 255).mix(r.ramp.colours[i], r.opacity);
            section.rows.push(Row {
                swatch: Swatch::Fill(shown),
                label: r.ramp.labels.get(i).cloned().unwrap_or_default(),
                count: None,
                note: None,
            });
        }
        legend.sections.push(section);
    }
    legend
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixtures::{self, cells, island_centre, lake_centre, province, share};
    use crate::render::png::decode_png;
    use crate::render::polylabel::pole_of_inaccessibility;
    use geo::polygon;

    /// A pixel well inside area `k`: below its label anchor by 60 % of the
    /// anchor's distance to the boundary.
    fn interior_px(spec: &MapSpec, report: &MapReport, k: usize) -> (u32, u32) {
        let part = &spec.areas[k].geometry.0[0];
        let ((x, y), d) = pole_of_inaccessibility(part, 1.0).unwrap();
        let (mx, my) = (x, y - 0.6 * d);
        assert!(multipolygon_contains(&spec.areas[k].geometry, mx, my));
        let (px, py) = report.transform.to_px(mx, my);
        (px as u32, py as u32)
    }

    #[test]
    fn synthetic_map_renders_with_embedded_font() {
        let spec = province(false);
        let (r, report) = draw_map(&spec).unwrap();
        let img = &r.image;
        assert_eq!(img.width, 2400);
        assert!(img.height > 1500, "{}", img.height);
        assert_eq!((report.width, report.height), (img.width, img.height));

        // Not blank: many colours, and text (dark ink) in the title area.
        let mut colours: Vec<Rgb> = (0..img.height)
            .step_by(7)
            .flat_map(|y| (0..img.width).step_by(7).map(move |x| (x, y)))
            .filter_map(|(x, y)| img.pixel(x, y))
            .collect();
        colours.sort_by_key(|c| (c.0, c.1, c.2));
        colours.dedup();
        assert!(colours.len() > 50, "only {} colours", colours.len());
        let title_ink = (40..110u32)
            .flat_map(|y| (40..900u32).map(move |x| (x, y)))
            .filter(|&(x, y)| img.pixel(x, y).is_some_and(|c| c.luminance() < 0.3))
            .count();
        assert!(title_ink > 500, "title has {title_ink} dark pixels");

        // A commune interior has exactly its class colour.
        let k = cells().iter().position(|&c| c == (4, 4)).unwrap();
        assert!(!spec.areas[k].flagged);
        let v = share(4, 4).unwrap();
        let (px, py) = interior_px(&spec, &report, k);
        assert_eq!(
            img.pixel(px, py),
            Some(spec.classes.colour_of(v)),
            "pixel {px},{py}"
        );

        // The lake (a hole) shows the outside colour.
        let (lx, ly) = lake_centre();
        let (px, py) = report.transform.to_px(lx, ly);
        assert_eq!(img.pixel(px as u32, py as u32), Some(spec.style.outside));

        // The island (second part of a multipolygon) is filled too.
        let k = cells().iter().position(|&c| c == fixtures::ISLAND).unwrap();
        let (ix, iy) = island_centre();
        let (px, py) = report.transform.to_px(ix, iy - 900.0);
        assert_eq!(
            img.pixel(px as u32, py as u32),
            Some(spec.classes.colour_of(spec.areas[k].value.unwrap()))
        );

        // Flagged communes carry the hatch colour.
        let k = cells().iter().position(|&c| c == (0, 3)).unwrap();
        let (cx, cy) = interior_px(&spec, &report, k);
        let hatch = (cx - 15..cx + 15)
            .flat_map(|x| (cy - 15..cy + 15).map(move |y| (x, y)))
            .filter(|&(x, y)| img.pixel(x, y) == Some(spec.style.hatch))
            .count();
        assert!(hatch > 20, "{hatch} hatch pixels");

        // Counts add up.
        assert_eq!(
            report.class_counts.iter().sum::<usize>() + report.no_data,
            spec.areas.len()
        );
        assert_eq!(report.no_data, 2);
        assert_eq!(report.flagged, 7);
        assert!(report.labels_placed > 20, "{} labels", report.labels_placed);
        assert_eq!(
            report.labels_placed + report.unlabelled.len(),
            spec.areas.len()
        );
        assert!(report.scale_bar_m >= 5_000.0);

        // The SVG has the legend text and Vietnamese labels.
        let svg = &r.svg;
        assert!(svg.contains(">Hộ có sóng 4G (tỷ lệ)</text>"));
        assert!(svg.contains(">≥ 80%</text>"));
        assert!(svg.contains(">✓ đạt mục tiêu</text>"));
        assert!(svg.contains(">Chưa có cáp quang</text>"));
        assert!(svg.contains(">Không có dữ liệu</text>"));
        assert!(svg.contains(" km</text>"));
        let placed_vietnamese = spec
            .areas
            .iter()
            .filter(|a| !report.unlabelled.contains(&a.code))
            .filter(|a| !a.name.is_ascii())
            .filter(|a| svg.contains(&format!(">{}</text>", a.name)))
            .count();
        assert!(placed_vietnamese > 10, "{placed_vietnamese}");
        assert!(svg.contains("<title>Tỉnh Cà Mau"));
        // Holes survive in the SVG: the holed commune's path has 2 rings.
        assert!(svg.contains("ZM"));
        // Areas carry their code and a hover title.
        assert!(svg.contains("<g id=\"area-32000\"><title>Xã Tân Hưng — "));
    }

    #[test]
    fn files_are_written_and_png_decodes() {
        let mut spec = province(false);
        spec.width_px = 2000;
        spec.areas.truncate(12);
        let dir = tempfile::tempdir().unwrap();
        let (png, svg) = (dir.path().join("m.png"), dir.path().join("m.svg"));
        let report = render_map(&spec, &png, &svg).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        let (w, h, ch, pixels) = decode_png(&bytes);
        assert_eq!((w, h, ch), (2000, report.height, 3));
        assert!(pixels.iter().any(|&b| b < 100), "not blank");
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<?xml") && text.trim_end().ends_with("</svg>"));
        // Only the two outputs in the folder (no temporary files left).
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn radio_map_with_raster_and_wedges() {
        let spec = province(true);
        let (r, report) = draw_map(&spec).unwrap();
        assert!(r.svg.contains("data:image/png;base64,"));
        assert!(r.svg.contains(">RSRP (dBm)</text>"));
        assert!(r.svg.contains(">Sector 4G</text>"));
        assert!(r.svg.contains("clip-path=\"url(#mask"));
        // The raster shows through: a pixel next to a site is tinted green.
        let site = spec.points[0].points[0];
        let (px, py) = report.transform.to_px(site.x() + 250.0, site.y() - 500.0);
        let c = r.image.pixel(px as u32, py as u32).unwrap();
        assert!(c.1 > c.0 && c.1 > c.2, "{c:?}");
        // Clipped to the areas: the lake (a hole) and the sea stay blank.
        let (lx, ly) = lake_centre();
        let (px, py) = report.transform.to_px(lx, ly);
        assert_eq!(
            r.image.pixel(px as u32, py as u32),
            Some(spec.style.outside)
        );
        let (px, py) = report
            .transform
            .to_px(fixtures::X0 - 1_700.0, fixtures::Y0 + 20_000.0);
        assert_eq!(
            r.image.pixel(px as u32, py as u32),
            Some(spec.style.outside)
        );
    }

    #[test]
    fn nfd_names_are_normalised() {
        let square = MultiPolygon(vec![
            polygon![(x: 0., y: 0.), (x: 9000., y: 0.), (x: 9000., y: 9000.), (x: 0., y: 9000.), (x: 0., y: 0.)],
        ]);
        let spec = MapSpec {
            title: "Test".into(),
            width_px: 1200,
            areas: vec![MapArea::new(
                "1",
                "Xa\u{303} Ngo\u{323}c Hie\u{302}\u{309}n",
                square,
                Some(0.5),
            )],
            ..MapSpec::default()
        };
        let (r, report) = draw_map(&spec).unwrap();
        assert_eq!(report.labels_placed, 1);
        assert!(r.svg.contains(">Xã Ngọc Hiển</text>"));
    }

    #[test]
    fn bad_specs_are_rejected() {
        assert!(draw_map(&MapSpec::default()).is_err(), "no geometry");
        let spec = MapSpec {
            width_px: 100,
            ..province(false)
        };
        assert!(draw_map(&spec).is_err());
    }

    /// Writes sample images for a visual check:
    /// `PHUSONG_RENDER_SAMPLES=/tmp cargo test --release --lib render -- --ignored`
    /// (without the variable: /tmp/render-sample.png only).
    #[test]
    #[ignore]
    fn sample_map_for_visual_check() {
        let dir = std::env::var("PHUSONG_RENDER_SAMPLES").unwrap_or_else(|_| "/tmp".into());
        let dir = Path::new(&dir);
        let t = std::time::Instant::now();
        let (r, report) = draw_map(&province(false)).unwrap();
        let drawn = t.elapsed();
        r.write_png(&dir.join("render-sample.png")).unwrap();
        r.write_svg(&dir.join("render-sample.svg")).unwrap();
        eprintln!(
            "choropleth: drawn in {drawn:?}, written after {:?}; {report:?}",
            t.elapsed()
        );
        let t = std::time::Instant::now();
        let (r, _) = draw_map(&province(true)).unwrap();
        r.write(
            &dir.join("render-sample-radio.png"),
            &dir.join("render-sample-radio.svg"),
        )
        .unwrap();
        eprintln!("radio map: {:?}", t.elapsed());

        // Timing of a 108-commune map at 2400 px.
        let areas = (0..108)
            .map(|k| {
                let (i, j) = (f64::from(k % 12), f64::from(k / 12));
                let sq = polygon![(x: i * 4000., y: j * 4000.), (x: i * 4000. + 4000., y: j * 4000.),
                    (x: i * 4000. + 4000., y: j * 4000. + 4000.), (x: i * 4000., y: j * 4000. + 4000.),
                    (x: i * 4000., y: j * 4000.)];
                let mut a = MapArea::new(k.to_string(), format!("Xã Số {k}"), MultiPolygon(vec![sq]), Some(f64::from(k % 10) / 10.0));
                a.label = Some(format!("Xã Số {k}\n\u{2212}{} hh", k * 37));
                a
            })
            .collect();
        let spec = MapSpec {
            title: "108 communes".into(),
            areas,
            ..MapSpec::default()
        };
        let t = std::time::Instant::now();
        let (r, report) = draw_map(&spec).unwrap();
        let drawn = t.elapsed();
        r.write(&dir.join("render-108.png"), &dir.join("render-108.svg"))
            .unwrap();
        eprintln!(
            "108 communes: drawn {drawn:?}, written {:?}, {} labels",
            t.elapsed(),
            report.labels_placed
        );
    }
}
