//! Charts for the province report: KPIs against their targets, and
//! communes ranked by a value (e.g. households still missing).
//!
//! Both are horizontal bar charts drawn with the same page furniture as
//! the maps (title, subtitle, footnote) and written as PNG and SVG.

use std::path::Path;

use super::bitmap::BitmapPainter;
use super::canvas::PxRect;
use super::font::{self, text_width, wrap, ASCENT, LINE_HEIGHT};
use super::locale::Locale;
use super::page::{self, TextBlock};
use super::paint::{Align, Painter, PainterExt, Rgba, Stroke, TextRun};
use super::palette::{Rgb, INK, MUTED, TARGET_MET, TARGET_MISSED, WHITE};
use super::rendered::Rendered;
use super::svg::SvgPainter;
use crate::{Error, Result};

/// One KPI: a share and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// Name, e.g. "Households with fixed broadband" (wrapped if long).
    pub name: String,
    /// The value as a share (0..=1 for percentages; see
    /// [`KpiChartSpec::axis_max`]).
    pub value: f64,
    /// The target, drawn as a marker; `None` for a KPI without target.
    pub target: Option<f64>,
    /// Text at the end of the bar; `None` formats the value as a percentage.
    pub value_label: Option<String>,
}

/// A KPI chart.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiChartSpec {
    /// Title.
    pub title: String,
    /// Subtitle (may be empty).
    pub subtitle: String,
    /// Footnote: sources and run date.
    pub footnote: String,
    /// Page width in px (default 2400, at least 800).
    pub width_px: u32,
    /// Print resolution written into the PNG.
    pub dpi: f64,
    /// The KPIs, top to bottom.
    pub kpis: Vec<Kpi>,
    /// Value at the right end of the axis (default 1.0 = 100 %).
    pub axis_max: f64,
    /// Wording and number format.
    pub locale: Locale,
}

impl Default for KpiChartSpec {
    fn default() -> Self {
        KpiChartSpec {
            title: String::new(),
            subtitle: String::new(),
            footnote: String::new(),
            width_px: 2400,
            dpi: 200.0,
            kpis: Vec::new(),
            axis_max: 1.0,
            locale: Locale::default(),
        }
    }
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
    /// Bar colour; `None` uses [`RankedBarsSpec::bar_colour`]. Pass e.g.
    /// the commune's class colour from [`ClassScheme::colour_of`](super::ClassScheme::colour_of).
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
    /// Page width in px (default 2400, at least 800).
    pub width_px: u32,
    /// Print resolution written into the PNG.
    pub dpi: f64,
    /// All items; they are sorted here (ties keep their order).
    pub items: Vec<RankedItem>,
    /// How many bars to show (default 30).
    pub top_n: usize,
    /// Axis title, e.g. "Households without 4G".
    pub value_title: String,
    /// Decimals of the value labels (default 0).
    pub value_decimals: usize,
    /// Default bar colour.
    pub bar_colour: Rgb,
    /// Legend entries for item colours (empty = no legend).
    pub legend: Vec<(Rgb, String)>,
    /// Number format.
    pub locale: Locale,
}

impl Default for RankedBarsSpec {
    fn default() -> Self {
        RankedBarsSpec {
            title: String::new(),
            subtitle: String::new(),
            footnote: String::new(),
            width_px: 2400,
            dpi: 200.0,
            items: Vec::new(),
            top_n: 30,
            value_title: String::new(),
            value_decimals: 0,
            bar_colour: Rgb(0x3B, 0x6E, 0xA8),
            legend: Vec::new(),
            locale: Locale::default(),
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

/// Render a KPI chart in memory.
pub fn draw_kpi_chart(spec: &KpiChartSpec) -> Result<Rendered> {
    check_width(spec.width_px)?;
    if spec.kpis.is_empty() {
        return Err(Error::Invalid("KPI chart: no KPI to show".into()));
    }
    if !(spec.axis_max.is_finite() && spec.axis_max > 0.0) {
        return Err(Error::Invalid(format!(
            "KPI chart: axis_max must be positive, got {}",
            spec.axis_max
        )));
    }
    font::init()?;
    let layout = KpiLayout::new(spec);
    render_both(layout.width, layout.height, spec.dpi, &spec.title, |p| {
        layout.paint(p, spec)
    })
}

/// Render a ranked bar chart in memory.
pub fn draw_ranked_bars(spec: &RankedBarsSpec) -> Result<Rendered> {
    check_width(spec.width_px)?;
    if spec.items.is_empty() || spec.top_n == 0 {
        return Err(Error::Invalid("ranked chart: no item to show".into()));
    }
    font::init()?;
    let layout = RankedLayout::new(spec);
    render_both(layout.width, layout.height, spec.dpi, &spec.title, |p| {
        layout.paint(p, spec)
    })
}

fn check_width(w: u32) -> Result<()> {
    if !(800..=16_000).contains(&w) {
        return Err(Error::Invalid(format!(
            "chart: width {w} px is outside 800..=16000"
        )));
    }
    Ok(())
}

fn render_both(
    width: u32,
    height: u32,
    dpi: f64,
    title: &str,
    paint: impl Fn(&mut dyn Painter) -> Result<()>,
) -> Result<Rendered> {
    let mut bitmap = BitmapPainter::new(width, height, WHITE);
    paint(&mut bitmap)?;
    let mut svg = SvgPainter::new(width, height);
    paint(&mut svg)?;
    Ok(Rendered {
        image: bitmap.finish(),
        svg: svg.finish(title),
        dpi,
    })
}

#[allow(clippy::too_many_arguments)]
fn text(
    p: &mut dyn Painter,
    s: &str,
    x: f64,
    baseline: f64,
    em: f64,
    bold: bool,
    colour: Rgb,
    align: Align,
) -> Result<()> {
    p.text(&TextRun {
        text: s,
        x,
        baseline,
        em,
        bold,
        colour: Rgba::opaque(colour),
        align,
        halo: None,
    })
}

/// Tick values 0, step, … up to at least `max`, with a round step (1, 2,
/// 2.5 or 5 × 10ⁿ) giving at most six intervals.
fn ticks(max: f64) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let mut p = 10f64.powf((max / 6.0).log10().floor());
    let step = 'found: loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let step = m * p;
            if (max / step - 1e-9).ceil() <= 6.0 {
                break 'found step;
            }
        }
        p *= 10.0;
    };
    let n = (max / step - 1e-9).ceil() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Cut `s` with "…" so that it fits `max_w` px.
fn ellipsize(s: &str, em: f64, bold: bool, max_w: f64) -> String {
    if text_width(s, em, bold) <= max_w {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    for n in (1..chars.len()).rev() {
        let t: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(&t, em, bold) <= max_w {
            return t;
        }
    }
    "…".into()
}

struct Common {
    u: f64,
    margin: f64,
    header: TextBlock,
    footnote: TextBlock,
}

impl Common {
    fn new(width: u32, title: &str, subtitle: &str, footnote: &str) -> Self {
        let u = f64::from(width) / 2400.0;
        let margin = 46.0 * u;
        let content_w = f64::from(width) - 2.0 * margin;
        Common {
            u,
            margin,
            header: page::header(title, subtitle, content_w, u),
            footnote: page::footnote(footnote, content_w, u),
        }
    }

    fn paint(&self, p: &mut dyn Painter, width: u32, height: u32, footnote_y: f64) -> Result<()> {
        p.rect(
            PxRect::from_size(0.0, 0.0, f64::from(width), f64::from(height)),
            Some(Rgba::opaque(WHITE)),
            None,
        );
        self.header.draw(p, self.margin, self.margin)?;
        self.footnote.draw(p, self.margin, footnote_y)
    }
}

/// A row of legend swatches at `(x, y)` (top); returns the height.
fn legend_row(
    p: Option<&mut dyn Painter>,
    entries: &[(LegendMark, String)],
    x: f64,
    y: f64,
    u: f64,
) -> Result<f64> {
    let em = 19.0 * u;
    let h = em * LINE_HEIGHT;
    if let Some(p) = p {
        let mut cx = x;
        for (mark, label) in entries {
            let mid = y + h / 2.0;
            match mark {
                LegendMark::Box(c) => p.rect(
                    PxRect::from_size(cx, mid - 10.0 * u, 34.0 * u, 20.0 * u),
                    Some(Rgba::opaque(*c)),
                    None,
                ),
                LegendMark::Target => p.line(
                    (cx + 17.0 * u, mid - 14.0 * u),
                    (cx + 17.0 * u, mid + 14.0 * u),
                    &Stroke::solid(INK, 3.5 * u),
                ),
            }
            cx += 34.0 * u + 10.0 * u;
            text(p, label, cx, y + em * ASCENT, em, false, INK, Align::Left)?;
            cx += text_width(label, em, false) + 34.0 * u;
        }
    }
    Ok(h)
}

enum LegendMark {
    Box(Rgb),
    Target,
}

struct KpiRow {
    name_lines: Vec<String>,
    top: f64,
    height: f64,
}

struct KpiLayout {
    c: Common,
    width: u32,
    height: u32,
    legend_y: f64,
    legend: Vec<(LegendMark, String)>,
    rows: Vec<KpiRow>,
    name_x: f64,
    bar_x0: f64,
    bar_w: f64,
    axis_y: f64,
    footnote_y: f64,
    em: f64,
}

impl KpiLayout {
    fn new(spec: &KpiChartSpec) -> Self {
        let c = Common::new(spec.width_px, &spec.title, &spec.subtitle, &spec.footnote);
        let u = c.u;
        let w = f64::from(spec.width_px);
        let content_w = w - 2.0 * c.margin;
        let em = 22.0 * u;
        let longest = spec
            .kpis
            .iter()
            .map(|k| text_width(&k.name, em, false))
            .fold(0.0, f64::max);
        let name_w = longest.clamp(content_w * 0.12, content_w * 0.34);
        let name_x = c.margin;
        let bar_x0 = name_x + name_w + 28.0 * u;
        let bar_w = w - c.margin - bar_x0 - 150.0 * u;
        let legend_y = c.margin + c.header.height() + 22.0 * u;
        let loc = &spec.locale;
        let mut legend = vec![
            (LegendMark::Box(TARGET_MET), loc.chart_meets.clone()),
            (LegendMark::Box(TARGET_MISSED), loc.chart_below.clone()),
        ];
        if spec.kpis.iter().any(|k| k.target.is_none()) {
            legend.push((LegendMark::Box(NO_TARGET), loc.chart_no_target.clone()));
        }
        legend.push((LegendMark::Target, capitalise(&loc.target)));
        let legend_h = legend_row(None, &legend, 0.0, 0.0, u).unwrap_or(0.0);
        let mut y = legend_y + legend_h + 30.0 * u;
        let mut rows = Vec::new();
        for k in &spec.kpis {
            let name_lines = wrap(&k.name, em, false, name_w);
            let text_h = name_lines.len() as f64 * em * LINE_HEIGHT;
            let height = text_h.max(34.0 * u) + 42.0 * u;
            rows.push(KpiRow {
                name_lines,
                top: y,
                height,
            });
            y += height;
        }
        let axis_y = y + 6.0 * u;
        let footnote_y = axis_y + 60.0 * u;
        let height = (footnote_y + c.footnote.height() + c.margin).ceil() as u32;
        KpiLayout {
            c,
            width: spec.width_px,
            height,
            legend_y,
            legend,
            rows,
            name_x,
            bar_x0,
            bar_w,
            axis_y,
            footnote_y,
            em,
        }
    }

    fn x_of(&self, v: f64, max: f64) -> f64 {
        self.bar_x0 + (v / max).clamp(0.0, 1.0) * self.bar_w
    }

    fn paint(&self, p: &mut dyn Painter, spec: &KpiChartSpec) -> Result<()> {
        let u = self.c.u;
        let loc = &spec.locale;
        self.c.paint(p, self.width, self.height, self.footnote_y)?;
        legend_row(Some(p), &self.legend, self.c.margin, self.legend_y, u)?;
        let max = spec.axis_max;
        let first = self.rows.first().map_or(self.axis_y, |r| r.top);
        // Grid and axis labels.
        for t in ticks(max) {
            if t > max * (1.0 + 1e-9) {
                break;
            }
            let x = self.x_of(t, max);
            p.line(
                (x, first),
                (x, self.axis_y),
                &Stroke::solid(Rgb(0xE2, 0xE2, 0xE2), 1.2 * u),
            );
            text(
                p,
                &loc.percent_short(t),
                x,
                self.axis_y + 26.0 * u,
                18.0 * u,
                false,
                MUTED,
                Align::Centre,
            )?;
        }
        p.line(
            (self.bar_x0, self.axis_y),
            (self.bar_x0 + self.bar_w, self.axis_y),
            &Stroke::solid(MUTED, 1.4 * u),
        );
        for (k, row) in spec.kpis.iter().zip(&self.rows) {
            let bar_h = 30.0 * u;
            let mid = row.top + row.height / 2.0 + 6.0 * u;
            let bar_y = mid - bar_h / 2.0;
            // Name, vertically centred on the bar.
            let text_h = row.name_lines.len() as f64 * self.em * LINE_HEIGHT;
            let mut ty = mid - text_h / 2.0;
            for line in &row.name_lines {
                text(
                    p,
                    line,
                    self.name_x,
                    ty + self.em * ASCENT,
                    self.em,
                    false,
                    INK,
                    Align::Left,
                )?;
                ty += self.em * LINE_HEIGHT;
            }
            // Track and bar.
            p.rect(
                PxRect::from_size(self.bar_x0, bar_y, self.bar_w, bar_h),
                Some(Rgba::opaque(Rgb(0xF0, 0xF0, 0xF0))),
                None,
            );
            let colour = match k.target {
                Some(t) if k.value >= t => TARGET_MET,
                Some(_) => TARGET_MISSED,
                None => NO_TARGET,
            };
            let value = if k.value.is_finite() { k.value } else { 0.0 };
            let x_end = self.x_of(value, max);
            p.rect(
                PxRect::new(self.bar_x0, bar_y, x_end, bar_y + bar_h),
                Some(Rgba::opaque(colour)),
                None,
            );
            // Value label: after the bar, unless the target marker is in
            // the way; then inside the bar or after the marker.
            let label = k
                .value_label
                .clone()
                .unwrap_or_else(|| loc.percent(k.value, 1));
            let vem = 21.0 * u;
            let lw = text_width(&label, vem, true);
            let baseline = mid + vem * 0.36;
            let target_x = k.target.map(|t| self.x_of(t, max));
            let after = x_end + 10.0 * u;
            let blocked =
                target_x.is_some_and(|tx| tx > x_end - 2.0 * u && tx < after + lw + 8.0 * u);
            if !blocked {
                text(p, &label, after, baseline, vem, true, INK, Align::Left)?;
            } else if x_end - self.bar_x0 > lw + 20.0 * u {
                text(
                    p,
                    &label,
                    x_end - 10.0 * u,
                    baseline,
                    vem,
                    true,
                    WHITE,
                    Align::Right,
                )?;
            } else {
                let tx = target_x.unwrap_or(after);
                text(
                    p,
                    &label,
                    tx + 12.0 * u,
                    baseline,
                    vem,
                    true,
                    INK,
                    Align::Left,
                )?;
            }
            // Target marker and its value above it.
            if let (Some(t), Some(tx)) = (k.target, target_x) {
                p.line(
                    (tx, bar_y - 9.0 * u),
                    (tx, bar_y + bar_h + 9.0 * u),
                    &Stroke::solid(INK, 3.5 * u),
                );
                text(
                    p,
                    &format!("{} {}", loc.target, loc.percent_short(t)),
                    tx,
                    bar_y - 15.0 * u,
                    16.0 * u,
                    false,
                    MUTED,
                    Align::Centre,
                )?;
            }
        }
        Ok(())
    }
}

/// Bar colour of a KPI without target.
const NO_TARGET: Rgb = Rgb(0x6B, 0x7F, 0x99);

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

struct RankedLayout {
    c: Common,
    width: u32,
    height: u32,
    items: Vec<usize>,
    legend_y: f64,
    legend: Vec<(LegendMark, String)>,
    rows_top: f64,
    row_h: f64,
    rank_x: f64,
    name_x: f64,
    name_w: f64,
    bar_x0: f64,
    bar_w: f64,
    axis_max: f64,
    ticks: Vec<f64>,
    axis_y: f64,
    footnote_y: f64,
    em: f64,
}

impl RankedLayout {
    fn new(spec: &RankedBarsSpec) -> Self {
        let c = Common::new(spec.width_px, &spec.title, &spec.subtitle, &spec.footnote);
        let u = c.u;
        let w = f64::from(spec.width_px);
        let content_w = w - 2.0 * c.margin;
        let em = 20.0 * u;
        let mut order: Vec<usize> = (0..spec.items.len())
            .filter(|&i| spec.items[i].value.is_finite())
            .collect();
        order.sort_by(|&a, &b| spec.items[b].value.total_cmp(&spec.items[a].value));
        order.truncate(spec.top_n);
        let max_v = order.first().map_or(1.0, |&i| spec.items[i].value).max(0.0);
        let tick_values = ticks(max_v);
        let axis_max = *tick_values.last().unwrap_or(&1.0);
        let legend_y = c.margin + c.header.height() + 22.0 * u;
        let legend: Vec<(LegendMark, String)> = spec
            .legend
            .iter()
            .map(|(c, l)| (LegendMark::Box(*c), l.clone()))
            .collect();
        let legend_h = if legend.is_empty() {
            0.0
        } else {
            legend_row(None, &legend, 0.0, 0.0, u).unwrap_or(0.0) + 16.0 * u
        };
        let rows_top = legend_y + legend_h + 14.0 * u;
        let row_h = 40.0 * u;
        let rank_w = text_width(&format!("{}.", order.len()), em, false);
        let rank_x = c.margin + rank_w;
        let name_x = rank_x + 14.0 * u;
        let longest = order
            .iter()
            .map(|&i| {
                let it = &spec.items[i];
                text_width(&it.name, em, false)
                    + it.detail
                        .as_ref()
                        .map_or(0.0, |d| 10.0 * u + text_width(d, em * 0.85, false))
            })
            .fold(0.0, f64::max);
        let name_w = longest.clamp(content_w * 0.12, content_w * 0.32);
        let bar_x0 = name_x + name_w + 20.0 * u;
        let bar_w = w - c.margin - bar_x0 - 140.0 * u;
        let axis_y = rows_top + row_h * order.len() as f64 + 4.0 * u;
        let footnote_y = axis_y + 92.0 * u;
        let height = (footnote_y + c.footnote.height() + c.margin).ceil() as u32;
        RankedLayout {
            c,
            width: spec.width_px,
            height,
            items: order,
            legend_y,
            legend,
            rows_top,
            row_h,
            rank_x,
            name_x,
            name_w,
            bar_x0,
            bar_w,
            axis_max,
            ticks: tick_values,
            axis_y,
            footnote_y,
            em,
        }
    }

    fn paint(&self, p: &mut dyn Painter, spec: &RankedBarsSpec) -> Result<()> {
        let u = self.c.u;
        let loc = &spec.locale;
        self.c.paint(p, self.width, self.height, self.footnote_y)?;
        if !self.legend.is_empty() {
            legend_row(Some(p), &self.legend, self.c.margin, self.legend_y, u)?;
        }
        let x_of = |v: f64| self.bar_x0 + (v / self.axis_max).clamp(0.0, 1.0) * self.bar_w;
        for &t in &self.ticks {
            let x = x_of(t);
            p.line(
                (x, self.rows_top),
                (x, self.axis_y),
                &Stroke::solid(Rgb(0xE2, 0xE2, 0xE2), 1.2 * u),
            );
            text(
                p,
                &loc.number(t, 0),
                x,
                self.axis_y + 26.0 * u,
                18.0 * u,
                false,
                MUTED,
                Align::Centre,
            )?;
        }
        p.line(
            (self.bar_x0, self.axis_y),
            (self.bar_x0 + self.bar_w, self.axis_y),
            &Stroke::solid(MUTED, 1.4 * u),
        );
        if !spec.value_title.is_empty() {
            text(
                p,
                &spec.value_title,
                self.bar_x0 + self.bar_w / 2.0,
                self.axis_y + 60.0 * u,
                19.0 * u,
                false,
                INK,
                Align::Centre,
            )?;
        }
        for (rank, &i) in self.items.iter().enumerate() {
            let item = &spec.items[i];
            let top = self.rows_top + rank as f64 * self.row_h;
            let mid = top + self.row_h / 2.0;
            let baseline = mid + self.em * 0.36;
            if rank % 2 == 1 {
                p.rect(
                    PxRect::new(
                        self.c.margin,
                        top,
                        f64::from(self.width) - self.c.margin,
                        top + self.row_h,
                    ),
                    Some(Rgba::opaque(Rgb(0xF7, 0xF7, 0xF7))),
                    None,
                );
            }
            text(
                p,
                &format!("{}.", rank + 1),
                self.rank_x,
                baseline,
                self.em,
                false,
                MUTED,
                Align::Right,
            )?;
            let name = ellipsize(&item.name, self.em, false, self.name_w);
            text(
                p,
                &name,
                self.name_x,
                baseline,
                self.em,
                false,
                INK,
                Align::Left,
            )?;
            if let Some(d) = &item.detail {
                let used = text_width(&name, self.em, false) + 10.0 * u;
                let room = self.name_w - used;
                if room > 60.0 * u {
                    let d = ellipsize(d, self.em * 0.85, false, room);
                    text(
                        p,
                        &d,
                        self.name_x + used,
                        baseline,
                        self.em * 0.85,
                        false,
                        MUTED,
                        Align::Left,
                    )?;
                }
            }
            let bar_h = 24.0 * u;
            let x_end = x_of(item.value.max(0.0));
            p.rect(
                PxRect::new(self.bar_x0, mid - bar_h / 2.0, x_end, mid + bar_h / 2.0),
                Some(Rgba::opaque(item.colour.unwrap_or(spec.bar_colour))),
                None,
            );
            text(
                p,
                &loc.number(item.value, spec.value_decimals),
                x_end + 10.0 * u,
                baseline,
                self.em,
                true,
                INK,
                Align::Left,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_steps() {
        let t = ticks(1.0);
        assert_eq!(t.len(), 6);
        assert!((t[5] - 1.0).abs() < 1e-12);
        assert_eq!(
            ticks(4321.0),
            vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(
            ticks(1480.0),
            vec![0.0, 250.0, 500.0, 750.0, 1000.0, 1250.0, 1500.0]
        );
        assert_eq!(*ticks(37.0).last().unwrap(), 40.0);
        assert_eq!(*ticks(0.0).last().unwrap(), 1.0);
    }

    #[test]
    fn ellipsis_fits() {
        let s = ellipsize("Phường Tân Xuyên rất dài", 20.0, false, 120.0);
        assert!(s.ends_with('…'));
        assert!(text_width(&s, 20.0, false) <= 120.0);
        assert_eq!(ellipsize("Cà Mau", 20.0, false, 500.0), "Cà Mau");
    }

    fn kpi_spec() -> KpiChartSpec {
        KpiChartSpec {
            title: "Cà Mau — chỉ tiêu chuyển đổi số".into(),
            subtitle: "Scenario: baseline".into(),
            footnote: "Sources: synthetic test data".into(),
            kpis: vec![
                Kpi {
                    name: "Households with 4G coverage".into(),
                    value: 0.912,
                    target: Some(0.95),
                    value_label: None,
                },
                Kpi {
                    name: "Households passed by fibre (FTTH)".into(),
                    value: 0.64,
                    target: Some(0.6),
                    value_label: None,
                },
                Kpi {
                    name: "Communes with 5G".into(),
                    value: 0.05,
                    target: None,
                    value_label: Some("5% (4 xã)".into()),
                },
            ],
            ..KpiChartSpec::default()
        }
    }

    #[test]
    fn kpi_chart_renders() {
        let r = draw_kpi_chart(&kpi_spec()).unwrap();
        assert_eq!(r.image.width, 2400);
        assert!(r.svg.contains("Households with 4G coverage"));
        assert!(r.svg.contains("Households passed by fibre (FTTH)"));
        assert!(r.svg.contains("Communes with 5G"));
        assert!(r.svg.contains("91.2%"));
        assert!(r.svg.contains("target 95%"));
        // Both bar colours appear in the image.
        let has = |c: Rgb| {
            (0..r.image.height).any(|y| (0..r.image.width).any(|x| r.image.pixel(x, y) == Some(c)))
        };
        assert!(has(TARGET_MET) && has(TARGET_MISSED));
        let dir = tempfile::tempdir().unwrap();
        let (png, svg) = (dir.path().join("kpi.png"), dir.path().join("kpi.svg"));
        render_kpi_chart(&kpi_spec(), &png, &svg).unwrap();
        assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
        assert!(std::fs::read_to_string(&svg)
            .unwrap()
            .contains("Communes with 5G"));
        if let Ok(path) = std::env::var("PHUSONG_RENDER_SAMPLES") {
            let dir = Path::new(&path);
            r.write(&dir.join("render-kpi.png"), &dir.join("render-kpi.svg"))
                .unwrap();
        }
    }

    #[test]
    fn ranked_bars_render_top_n() {
        let items: Vec<RankedItem> = (0..45)
            .map(|i| RankedItem {
                name: format!("Xã Số {i}"),
                detail: Some("Huyện Đầm Dơi".into()),
                value: f64::from(i * 37 % 1500),
                colour: None,
            })
            .collect();
        let spec = RankedBarsSpec {
            title: "Communes by households without 4G".into(),
            value_title: "Households without 4G".into(),
            items,
            ..RankedBarsSpec::default()
        };
        let r = draw_ranked_bars(&spec).unwrap();
        assert!(r.svg.contains(">30.</text>"));
        assert!(!r.svg.contains(">31.</text>"));
        // The largest value (i = 40: 1480) comes first.
        let first = r.svg.find("Xã Số 40").unwrap();
        assert!(r.svg.find("Xã Số 39").is_none_or(|p| p > first));
        assert!(r.svg.contains("1\u{A0}480"));
        if let Ok(path) = std::env::var("PHUSONG_RENDER_SAMPLES") {
            let dir = Path::new(&path);
            r.write(
                &dir.join("render-ranked.png"),
                &dir.join("render-ranked.svg"),
            )
            .unwrap();
        }
        assert!(draw_ranked_bars(&RankedBarsSpec::default()).is_err());
    }
}
