//! Charts for the province report: KPIs against their targets, and
//! communes ranked by a value (e.g. households still missing).
//!
//! Both are horizontal bar charts built with plotters' [`ChartBuilder`]
//! (axis, grid, tick and row labels, bars, markers, value labels) drawing
//! through plotters' own SVG backend (rasterised by resvg for the PNG),
//! inside the same page furniture as the maps (title, subtitle, legend
//! row, footnote).

use std::path::Path;

use plotters::chart::ChartContext;
use plotters::coord::{cartesian::Cartesian2d, types::RangedCoordf64, Shift};
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::{ChartBuilder, Color, DrawingArea, EmptyElement, FontStyle};
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use plotters::prelude::{
    IntoFont, PathElement, RGBColor, Rectangle, ShapeStyle, Text, TextStyle, TRANSPARENT,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::PxRect;
use super::font::{self, nfc, text_width, wrap, ASCENT, FAMILY, LINE_HEIGHT};
use super::page::{self, cap, TextBlock};
use super::paint::{Align, Font, Stroke};
use super::palette::{Rgb, INK, MUTED, TARGET_MET, TARGET_MISSED, WHITE};
use super::rendered::Rendered;
use super::svg::SvgPainter;
use crate::lang::{Lang, Term};
use crate::{Error, Result};

/// One KPI: a share and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// Name, e.g. "Households with fixed broadband" (wrapped if long).
    pub name: String,
    /// The value as a share (0..=1).
    pub value: f64,
    /// The target, drawn as a marker; `None` for a KPI without target.
    pub target: Option<f64>,
    /// Text at the end of the bar; `None` formats the value as a percentage.
    pub value_label: Option<String>,
}

/// A KPI chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct KpiChartSpec {
    /// Title.
    pub title: String,
    /// Subtitle (may be empty).
    pub subtitle: String,
    /// Footnote: sources and run date.
    pub footnote: String,
    /// The KPIs, top to bottom.
    pub kpis: Vec<Kpi>,
    /// Language of the chart's own text (legend, axis) and numbers.
    pub lang: Lang,
}

/// One bar of a ranked chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedItem {
    /// Name, e.g. "Xã Tân Hưng".
    pub name: String,
    /// Muted text after the name, e.g. the district.
    pub detail: Option<String>,
    /// The ranked value (e.g. households missing).
    pub value: f64,
    /// Bar colour (e.g. the commune's class colour); `None` uses a blue.
    pub colour: Option<Rgb>,
}

/// A ranked bar chart: the `top_n` largest values, largest first.
#[derive(Debug, Clone, PartialEq)]
pub struct RankedBarsSpec {
    /// Title.
    pub title: String,
    /// Subtitle (may be empty).
    pub subtitle: String,
    /// Footnote.
    pub footnote: String,
    /// All items; they are sorted here (ties keep their order).
    pub items: Vec<RankedItem>,
    /// How many bars to show (default 30).
    pub top_n: usize,
    /// Axis title, e.g. "Households without 4G".
    pub value_title: String,
    /// Legend entries for item colours (empty = no legend).
    pub legend: Vec<(Rgb, String)>,
    /// Language of the numbers.
    pub lang: Lang,
}

impl Default for RankedBarsSpec {
    fn default() -> Self {
        RankedBarsSpec {
            title: String::new(),
            subtitle: String::new(),
            footnote: String::new(),
            items: Vec::new(),
            top_n: 30,
            value_title: String::new(),
            legend: Vec::new(),
            lang: Lang::En,
        }
    }
}

/// Render a KPI chart to PNG and SVG files.
pub fn render_kpi_chart(spec: &KpiChartSpec, png: &Path, svg: &Path) -> Result<()> {
    draw_kpi_chart(spec)?.write(png, svg)
}

/// Render a ranked bar chart to PNG and SVG files.
pub fn render_ranked_bars(spec: &RankedBarsSpec, png: &Path, svg: &Path) -> Result<()> {
    draw_ranked_bars(spec)?.write(png, svg)
}

/// Bar colour of a KPI without target, and of a ranked item without colour.
const NO_TARGET: Rgb = Rgb(0x6B, 0x7F, 0x99);
const BAR: Rgb = Rgb(0x3B, 0x6E, 0xA8);
/// Page width in px.
const WIDTH: u32 = 2400;

type Axis = RangedCoordf64;
type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Axis, Axis>>;
type Drawn<T = ()> = std::result::Result<T, DrawingAreaErrorKind<std::io::Error>>;

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// A plotters text style in our font: `em` px, anchored at `(h, v)`.
fn style(em: f64, bold: bool, c: Rgb, h: HPos, v: VPos) -> TextStyle<'static> {
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    // plotters' SVG backend writes a font-size of size / 1.24.
    (FAMILY, em * 1.24)
        .into_font()
        .style(weight)
        .color(&rgb(c))
        .pos(Pos::new(h, v))
}

fn line_style(c: Rgb, width: f64) -> ShapeStyle {
    let stroke_width = width.round().max(1.0) as u32;
    ShapeStyle {
        color: rgb(c).to_rgba(),
        filled: false,
        stroke_width,
    }
}

/// Row `r` (from the top) of `n` in chart units: its centre.
fn row_y(r: usize, n: usize) -> f64 {
    (n - r) as f64 - 0.5
}

/// The page around a chart: title block, legend row, footnote; and the
/// chart's frame (x axis from 0 to the last tick, one row per label).
struct Page {
    width: u32,
    u: f64,
    margin: f64,
    header: TextBlock,
    footnote: TextBlock,
    legend: Vec<(LegendMark, String)>,
}

enum LegendMark {
    Box(Rgb),
    Target,
}

/// What the chart frame shows.
struct Frame<'s> {
    /// Row labels, top to bottom (may hold `\n`).
    rows: Vec<String>,
    /// x grid values, from 0 to the axis end.
    ticks: Vec<f64>,
    x_label: &'s dyn Fn(&f64) -> String,
    x_title: String,
    /// Widths of the row-label column and the room right of the plot, the
    /// height of a row and below the plot, and the row-label size (px).
    label_w: f64,
    right: f64,
    row_h: f64,
    axis_h: f64,
    em: f64,
    /// Shade every other row.
    shade: bool,
}

impl Page {
    fn new(texts: [&str; 3], legend: Vec<(LegendMark, String)>) -> Result<Self> {
        let width = WIDTH;
        font::init()?;
        let u = f64::from(width) / 2400.0;
        let margin = 46.0 * u;
        let content_w = f64::from(width) - 2.0 * margin;
        let header = page::header(texts[0], texts[1], content_w, u);
        let footnote = page::footnote(texts[2], content_w, u);
        Ok(Page {
            width,
            u,
            margin,
            header,
            footnote,
            legend,
        })
    }

    fn legend_y(&self) -> f64 {
        self.margin + self.header.height() + 22.0 * self.u
    }

    /// Top of the chart.
    fn body_top(&self) -> f64 {
        let legend_h = if self.legend.is_empty() {
            0.0
        } else {
            (19.0 * LINE_HEIGHT + 16.0) * self.u
        };
        self.legend_y() + legend_h + 14.0 * self.u
    }

    /// Paint the page as SVG (and rasterise it): the furniture with our
    /// painter, the chart frame `f` filled by `bars` with plotters' own SVG
    /// backend, its markup set into the page (text NFC-normalised; edges
    /// crisp, as plotters works in whole pixels).
    fn render<F>(&self, f: &Frame, title: &str, bars: F) -> Result<Rendered>
    where
        F: Fn(&Area, &mut Chart) -> Drawn,
    {
        let plot_h = f.row_h * f.rows.len() as f64;
        let (u, w) = (self.u, f64::from(self.width));
        let foot_h = self.footnote.height();
        let height = (self.body_top() + plot_h + f.axis_h + 20.0 * u + foot_h + self.margin).ceil();
        let mut p = SvgPainter::new(self.width, height as u32);
        p.rect(PxRect::new(0.0, 0.0, w, height), Some(WHITE.into()), None);
        self.header.draw(&mut p, self.margin, self.margin);
        let foot_y = height - self.margin - foot_h;
        self.footnote.draw(&mut p, self.margin, foot_y);
        self.legend_row(&mut p);
        // Every other row shaded across the page, under the chart.
        let top = self.body_top();
        for r in (1..f.rows.len()).step_by(2).filter(|_| f.shade) {
            let y = |r: usize| top + r as f64 * f.row_h;
            let band = PxRect::new(self.margin, y(r), w - self.margin, y(r + 1));
            p.rect(band, Some(Rgb(0xF7, 0xF7, 0xF7).into()), None);
        }
        let mut plot = String::new();
        {
            let root = SVGBackend::with_string(&mut plot, (self.width, height as u32));
            let root = root.into_drawing_area();
            let plot_w = w - 2.0 * self.margin - f.right;
            let area = root.clone().shrink(
                (self.margin as i32, top as i32),
                (plot_w as u32, (plot_h + f.axis_h) as u32),
            );
            let mut chart = self.frame(&area, f)?;
            let err = |e: DrawingAreaErrorKind<_>| Error::Render(format!("chart: {e}"));
            bars(&root, &mut chart).map_err(err)?;
            root.present().map_err(err)?;
        }
        // Drop plotters' own <svg> element around the markup.
        let body = plot.split_once('\n').map_or("", |(_, b)| b).trim_end();
        let body = body.strip_suffix("</svg>").unwrap_or(body);
        p.raw(&format!(
            "<g id=\"chart\" shape-rendering=\"crispEdges\">\n{}</g>\n",
            nfc(body)
        ));
        Rendered::from_svg(p.finish(title))
    }

    /// The axis, grid, tick labels and row labels (left-aligned).
    fn frame<'a, 'b>(&self, area: &'a Area<'b>, f: &Frame) -> Result<Chart<'a, 'b>> {
        let (u, n) = (self.u, f.rows.len());
        let err = |e: DrawingAreaErrorKind<_>| Error::Render(format!("chart: {e}"));
        let x_max = *f.ticks.last().unwrap_or(&1.0);
        let mut chart = ChartBuilder::on(area)
            .y_label_area_size(f.label_w as u32)
            .x_label_area_size(f.axis_h as u32)
            .build_cartesian_2d(0.0..x_max, 0.0..n as f64)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_labels(f.ticks.len())
            .y_labels(0)
            .bold_line_style(line_style(Rgb(0xE2, 0xE2, 0xE2), 1.2 * u))
            .light_line_style(TRANSPARENT)
            .axis_style(line_style(MUTED, 1.4 * u))
            .x_label_formatter(f.x_label)
            .x_label_style(style(18.0 * u, false, MUTED, HPos::Center, VPos::Top))
            .x_desc(f.x_title.clone())
            .axis_desc_style(style(19.0 * u, false, INK, HPos::Center, VPos::Top))
            .draw()
            .map_err(err)?;
        // Row labels, left-aligned in the label column, one text per line.
        let (dx, st) = (
            2 - f.label_w as i32,
            style(f.em, false, INK, HPos::Left, VPos::Center),
        );
        let labels = f.rows.iter().enumerate().flat_map(|(r, l)| {
            let (k, st) = (l.lines().count() as f64, &st);
            l.lines().enumerate().map(move |(i, line)| {
                let dy = ((i as f64 - (k - 1.0) / 2.0) * f.em * LINE_HEIGHT) as i32;
                let text = Text::new(line.to_string(), (dx, dy), st.clone());
                EmptyElement::at((0.0, row_y(r, n))) + text
            })
        });
        chart.draw_series(labels).map_err(err)?;
        Ok(chart)
    }

    /// The legend: swatches and labels in one row.
    fn legend_row(&self, p: &mut SvgPainter) {
        let (u, em) = (self.u, 19.0 * self.u);
        let (mut x, y) = (self.margin, self.legend_y());
        let mid = y + em * LINE_HEIGHT / 2.0;
        for (mark, label) in &self.legend {
            let swatch = PxRect::from_size(x, mid - 10.0 * u, 34.0 * u, 20.0 * u);
            let tick = |dy: f64| (x + 17.0 * u, mid + dy * u);
            match mark {
                LegendMark::Box(c) => p.rect(swatch, Some((*c).into()), None),
                LegendMark::Target => p.line(tick(-14.0), tick(14.0), &Stroke::solid(INK, 3.5 * u)),
            }
            x += 44.0 * u;
            p.text(
                label,
                x,
                y + em * ASCENT,
                Font::new(em, false, INK),
                Align::Left,
            );
            x += text_width(label, em, false) + 34.0 * u;
        }
    }
}

/// Tick values 0, step, … up to at least `max`, with a round step (1, 2,
/// 2.5 or 5 × 10ⁿ) giving at most six intervals.
fn ticks(max: f64) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let p = 10f64.powf((max / 6.0).log10().floor());
    let steps = [1.0, 2.0, 2.5, 5.0, 10.0].map(|m| m * p);
    let step = steps
        .into_iter()
        .find(|s| (max / s - 1e-9).ceil() <= 6.0)
        .unwrap_or(10.0 * p);
    (0..=(max / step - 1e-9).ceil() as usize)
        .map(|i| i as f64 * step)
        .collect()
}

/// Cut `s` with "…" so that it fits `max_w` px.
fn ellipsize(s: &str, em: f64, max_w: f64) -> String {
    let chars: Vec<char> = s.chars().collect();
    let cut = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
    let fits = |t: &String| text_width(t, em, false) <= max_w;
    Some(s.to_string())
        .filter(fits)
        .or_else(|| (1..chars.len()).rev().map(cut).find(fits))
        .unwrap_or_else(|| "…".into())
}

/// Render a KPI chart in memory.
pub fn draw_kpi_chart(spec: &KpiChartSpec) -> Result<Rendered> {
    if spec.kpis.is_empty() {
        return Err(Error::Render("KPI chart: no KPI to show".into()));
    }
    let (max, lang) = (1.0, spec.lang);
    let term = |t: Term| cap(lang.term(t));
    let mut legend = vec![
        (LegendMark::Box(TARGET_MET), term(Term::MeetsTarget)),
        (LegendMark::Box(TARGET_MISSED), term(Term::BelowTarget)),
    ];
    if spec.kpis.iter().any(|k| k.target.is_none()) {
        legend.push((LegendMark::Box(NO_TARGET), term(Term::NoTarget)));
    }
    legend.push((LegendMark::Target, term(Term::Target)));
    let page = Page::new([&spec.title, &spec.subtitle, &spec.footnote], legend)?;
    let (u, em) = (page.u, 22.0 * page.u);
    let content_w = f64::from(WIDTH) - 2.0 * page.margin;
    let longest = spec
        .kpis
        .iter()
        .map(|k| text_width(&k.name, em, false))
        .fold(0.0, f64::max);
    let name_w = longest.clamp(content_w * 0.12, content_w * 0.34);
    let rows: Vec<String> = spec
        .kpis
        .iter()
        .map(|k| wrap(&k.name, em, false, name_w).join("\n"))
        .collect();
    let lines = rows.iter().map(|n| n.lines().count()).max().unwrap_or(1) as f64;
    let row_h = (lines * em * LINE_HEIGHT).max(34.0 * u) + 42.0 * u;
    let ticks = ticks(max);
    let x_label = |v: &f64| lang.percent_short(*v);
    let frame = Frame {
        rows,
        ticks,
        x_label: &x_label,
        x_title: String::new(),
        label_w: name_w + 28.0 * u,
        right: 150.0 * u,
        row_h,
        axis_h: 50.0 * u,
        em,
        shade: false,
    };
    page.render(&frame, &spec.title, |_, chart| {
        let px = chart.plotting_area().dim_in_pixel().0 as f64 / max; // px per unit
        for (r, k) in spec.kpis.iter().enumerate() {
            let y = row_y(r, spec.kpis.len()) - 6.0 * u / row_h;
            kpi_bar(chart, k, y, lang, (u, u / px, u / row_h))?;
        }
        Ok(())
    })
}

/// One KPI's track, bar, value label and target marker, centred on `y`;
/// `u` is the page unit in px, `(ux, uy)` the same in chart units.
fn kpi_bar(chart: &mut Chart, k: &Kpi, y: f64, lang: Lang, (u, ux, uy): (f64, f64, f64)) -> Drawn {
    let max = 1.0;
    let (y0, y1) = (y - 15.0 * uy, y + 15.0 * uy);
    let value = if k.value.is_finite() {
        k.value.clamp(0.0, max)
    } else {
        0.0
    };
    let colour = match k.target {
        Some(t) if k.value >= t => TARGET_MET,
        Some(_) => TARGET_MISSED,
        None => NO_TARGET,
    };
    let track = Rectangle::new([(0.0, y0), (max, y1)], rgb(Rgb(0xF0, 0xF0, 0xF0)).filled());
    chart.draw_series([
        track,
        Rectangle::new([(0.0, y0), (value, y1)], rgb(colour).filled()),
    ])?;
    // Value label: after the bar, unless the target marker is in the way;
    // then inside the bar or after the marker.
    let label = k
        .value_label
        .clone()
        .unwrap_or_else(|| lang.percent(k.value, 1));
    let lw = text_width(&label, 21.0 * u, true) / u * ux;
    let target = k.target.map(|t| t.clamp(0.0, max));
    let after = value + 10.0 * ux;
    let blocked = target.is_some_and(|t| t > value - 2.0 * ux && t < after + lw + 8.0 * ux);
    let (x, dx, h, ink) = match target {
        _ if !blocked => (value, 10.0, HPos::Left, INK),
        _ if value > lw + 20.0 * ux => (value, -10.0, HPos::Right, WHITE),
        t => (t.unwrap_or(value), 12.0, HPos::Left, INK),
    };
    let text = Text::new(
        label,
        ((dx * u) as i32, 0),
        style(21.0 * u, true, ink, h, VPos::Center),
    );
    chart.draw_series([EmptyElement::at((x, y)) + text])?;
    if let (Some(t), Some(goal)) = (target, k.target) {
        let marker = PathElement::new(
            vec![(t, y0 - 9.0 * uy), (t, y1 + 9.0 * uy)],
            line_style(INK, 3.5 * u),
        );
        let note = format!("{} {}", lang.term(Term::Target), lang.percent_short(goal));
        let note_style = style(16.0 * u, false, MUTED, HPos::Center, VPos::Bottom);
        chart.draw_series([marker])?;
        chart.draw_series([Text::new(note, (t, y1 + 15.0 * uy), note_style)])?;
    }
    Ok(())
}

/// Render a ranked bar chart in memory.
pub fn draw_ranked_bars(spec: &RankedBarsSpec) -> Result<Rendered> {
    if spec.items.is_empty() || spec.top_n == 0 {
        return Err(Error::Render("ranked chart: no item to show".into()));
    }
    let legend = spec
        .legend
        .iter()
        .map(|(c, l)| (LegendMark::Box(*c), l.clone()))
        .collect();
    let page = Page::new([&spec.title, &spec.subtitle, &spec.footnote], legend)?;
    let u = page.u;
    let (em, row_h, content_w) = (20.0 * u, 40.0 * u, f64::from(WIDTH) - 2.0 * page.margin);
    let mut order: Vec<&RankedItem> = spec.items.iter().filter(|i| i.value.is_finite()).collect();
    order.sort_by(|a, b| b.value.total_cmp(&a.value));
    order.truncate(spec.top_n);
    // Row labels "rank. name"; the detail follows, muted, where it fits.
    let names: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(r, i)| format!("{}. {}", r + 1, i.name))
        .collect();
    let detail_w = |i: &RankedItem| {
        i.detail
            .as_ref()
            .map_or(0.0, |d| 10.0 * u + text_width(d, em * 0.85, false))
    };
    let widths = names
        .iter()
        .zip(&order)
        .map(|(s, i)| text_width(s, em, false) + detail_w(i));
    let name_w = widths
        .fold(0.0, f64::max)
        .clamp(content_w * 0.12, content_w * 0.32);
    let rows = names.iter().map(|s| ellipsize(s, em, name_w)).collect();
    let ticks = ticks(order.first().map_or(1.0, |i| i.value).max(0.0));
    let lang = spec.lang;
    let x_label = |v: &f64| lang.number(*v, 0);
    let x_title = spec.value_title.clone();
    let frame = Frame {
        rows,
        ticks,
        x_label: &x_label,
        x_title,
        label_w: name_w + 20.0 * u,
        right: 140.0 * u,
        row_h,
        axis_h: 92.0 * u,
        em,
        shade: true,
    };
    page.render(&frame, &spec.title, |root, chart| {
        let n = order.len();
        let x0 = page.margin as i32;
        for (r, item) in order.iter().enumerate() {
            let (y, half) = (row_y(r, n), 12.0 * u / row_h);
            let (_, py) = chart.backend_coord(&(0.0, y));
            let v = item.value.max(0.0);
            let fill = rgb(item.colour.unwrap_or(BAR)).filled();
            let value = lang.number(item.value, 0);
            let label = Text::new(
                value,
                ((10.0 * u) as i32, 0),
                style(em, true, INK, HPos::Left, VPos::Center),
            );
            chart.draw_series([Rectangle::new([(0.0, y - half), (v, y + half)], fill)])?;
            chart.draw_series([EmptyElement::at((v, y)) + label])?;
            let used = text_width(&frame.rows[r], em, false) + 12.0 * u;
            if let Some(d) = item.detail.as_ref().filter(|_| name_w - used > 60.0 * u) {
                let d = ellipsize(d, em * 0.85, name_w - used);
                let muted = style(em * 0.85, false, MUTED, HPos::Left, VPos::Center);
                root.draw(&Text::new(d, (x0 + used as i32, py), muted))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_and_ellipsis() {
        let t = ticks(1.0);
        assert!(t.len() == 6 && (t[5] - 1.0).abs() < 1e-12);
        assert_eq!(ticks(4321.0), [0.0, 1e3, 2e3, 3e3, 4e3, 5e3]);
        assert_eq!(
            ticks(1480.0),
            [0.0, 250.0, 500.0, 750.0, 1e3, 1250.0, 1500.0]
        );
        assert_eq!([37.0, 0.0].map(|m| *ticks(m).last().unwrap()), [40.0, 1.0]);
        let s = ellipsize("Phường Tân Xuyên rất dài", 20.0, 120.0);
        assert!(s.ends_with('…') && text_width(&s, 20.0, false) <= 120.0);
        assert_eq!(ellipsize("Cà Mau", 20.0, 500.0), "Cà Mau");
    }
}
