//! The scale bar: a round length (1, 2 or 5 × 10ⁿ m or km) in four
//! alternating black and white segments, labelled at 0, half and full
//! length, on a translucent white plate.

use super::canvas::PxRect;
use super::font::text_width;
use super::paint::{Align, Font, Rgba, Stroke};
use super::palette::{INK, WHITE};
use super::svg::SvgPainter;
use crate::lang::Lang;

/// The largest 1, 2 or 5 × 10ⁿ not above `max` (for `max > 0`).
fn nice_length(max: f64) -> f64 {
    if !(max.is_finite() && max > 0.0) {
        return 0.0;
    }
    let p = 10f64.powf(max.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v <= max * (1.0 + 1e-9))
        .unwrap_or(p)
}

/// A laid-out scale bar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScaleBar {
    /// Length in metres.
    pub length_m: f64,
    /// Bar length in px.
    pub length_px: f64,
    /// The plate (background box) in px.
    pub plate: PxRect,
    labels: [String; 3],
    em: f64,
    bar_h: f64,
    pad: f64,
}

impl ScaleBar {
    /// A scale bar about `max_fraction` of the frame wide at most, in the
    /// frame's bottom-left corner.
    pub fn new(frame: PxRect, px_per_m: f64, max_fraction: f64, u: f64, lang: Lang) -> Self {
        let length_m = nice_length(frame.width() * max_fraction / px_per_m);
        let length_px = length_m * px_per_m;
        let (unit, div) = if length_m >= 1000.0 {
            ("km", 1000.0)
        } else {
            ("m", 1.0)
        };
        let fmt = |v: f64| {
            let v = v / div;
            let decimals = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
            lang.number(v, decimals)
        };
        let labels = [
            fmt(0.0),
            fmt(length_m / 2.0),
            format!("{} {unit}", fmt(length_m)),
        ];
        let em = 18.0 * u;
        let bar_h = 9.0 * u;
        let pad = 12.0 * u;
        let last_w = text_width(&labels[2], em, false);
        let w = length_px + last_w / 2.0 + text_width(&labels[0], em, false) / 2.0 + 2.0 * pad;
        let h = em * 1.25 + 4.0 * u + bar_h + 2.0 * pad;
        let margin = 18.0 * u;
        let plate = PxRect::from_size(frame.x0 + margin, frame.y1 - margin - h, w, h);
        ScaleBar {
            length_m,
            length_px,
            plate,
            labels,
            em,
            bar_h,
            pad,
        }
    }

    /// Draw the plate, bar and labels.
    pub fn draw(&self, p: &mut SvgPainter, u: f64) {
        if self.length_m <= 0.0 {
            return;
        }
        p.begin_layer("scale-bar", "Scale bar");
        p.rect(self.plate, Some(Rgba::new(WHITE, 0.85)), None);
        let x0 = self.plate.x0 + self.pad + text_width(&self.labels[0], self.em, false) / 2.0;
        let y_bar = self.plate.y1 - self.pad - self.bar_h;
        let seg = self.length_px / 4.0;
        for i in 0..4 {
            let r = PxRect::from_size(x0 + seg * i as f64, y_bar, seg, self.bar_h);
            let fill = if i % 2 == 0 { INK } else { WHITE };
            p.rect(r, Some(Rgba::from(fill)), None);
        }
        p.rect(
            PxRect::from_size(x0, y_bar, self.length_px, self.bar_h),
            None,
            Some(&Stroke::solid(INK, 1.2 * u)),
        );
        let baseline = y_bar - 5.0 * u;
        for (i, label) in self.labels.iter().enumerate() {
            let lx = x0 + self.length_px * i as f64 / 2.0;
            // The unit follows the last number: centre the number only.
            let (x, align) = if i == 2 {
                let num_w = text_width(label.split(' ').next().unwrap_or(""), self.em, false);
                (lx - num_w / 2.0, Align::Left)
            } else {
                (lx, Align::Centre)
            };
            p.text(label, x, baseline, Font::new(self.em, false, INK), align);
        }
        p.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_lengths() {
        let lengths = [1.0, 19_999.0, 20_000.0, 49_000.0, 120.0, 0.0, 0.9];
        let want = [1.0, 10_000.0, 20_000.0, 20_000.0, 100.0, 0.0, 0.5];
        assert_eq!(lengths.map(nice_length), want);
    }

    #[test]
    fn bar_length_matches_scale() {
        let frame = PxRect::from_size(0.0, 0.0, 1600.0, 1600.0);
        // 0.016 px/m: 100 km across; 22 % = 22 km → 20 km bar = 320 px.
        let sb = ScaleBar::new(frame, 0.016, 0.22, 1.0, Lang::En);
        assert_eq!(sb.length_m, 20_000.0);
        assert!((sb.length_px - 320.0).abs() < 1e-9);
        assert_eq!(sb.labels, ["0", "10", "20 km"]);
        assert!(frame.contains_rect(&sb.plate));
        let sb = ScaleBar::new(frame, 2.0, 0.22, 1.0, Lang::En);
        assert_eq!(sb.labels, ["0", "50", "100 m"]);
        let sb = ScaleBar::new(frame, 0.016, 0.01, 1.0, Lang::En);
        assert_eq!(sb.labels, ["0", "0.5", "1 km"]);
    }
}
