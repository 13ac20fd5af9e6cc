//! Area labels: greedy placement without overlaps.
//!
//! Each area offers a label anchored at its pole of inaccessibility. In
//! priority order, a label is placed at the first of a few candidate
//! positions (centred on the anchor, then nudged up, down, left or right)
//! whose box lies inside the map frame, does not overlap an already placed
//! label or a reserved box (scale bar, north arrow), and whose centre lies
//! inside the area. A multi-line label that does not fit is retried with
//! its first line only (the name); a label much larger than its area is
//! skipped. Labels are drawn with a white halo.

use super::canvas::PxRect;
use super::font::{text_width, ASCENT, LINE_HEIGHT};
use super::paint::{Align, Font, Pt};
use super::palette::{Rgb, INK, WHITE};
use super::svg::SvgPainter;

/// One label offered for placement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate {
    /// Index of the area (returned in [`Placed`]).
    pub area: usize,
    /// Anchor in px.
    pub anchor: Pt,
    /// Text lines (first = name).
    pub lines: Vec<String>,
    /// Area of the polygon in px², to skip labels that would bury it.
    pub area_px: f64,
}

/// A placed label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    pub area: usize,
    pub lines: Vec<String>,
    /// The text box.
    pub rect: PxRect,
}

/// Size of the text block of `lines` (first line at `em`, others smaller).
fn block_size(lines: &[String], em: f64) -> (f64, f64, Vec<f64>) {
    let mut w: f64 = 0.0;
    let mut ems = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let e = if i == 0 { em } else { em * 0.88 };
        w = w.max(text_width(l, e, false));
        ems.push(e);
    }
    let h = ems.iter().map(|e| e * LINE_HEIGHT).sum();
    (w, h, ems)
}

/// Place labels greedily in the order given. `inside(area, point_px)` tells
/// whether a pixel lies inside the area. `max_overflow` limits the label
/// box to that many times the area's pixel area. `soft` boxes (point
/// markers) are avoided when another candidate position allows it.
pub(crate) fn place(
    candidates: &[Candidate],
    em: f64,
    frame: PxRect,
    reserved: &[PxRect],
    soft: &[PxRect],
    max_overflow: f64,
    inside: impl Fn(usize, Pt) -> bool,
) -> Vec<Placed> {
    let gap = em * 0.25;
    let mut placed: Vec<Placed> = Vec::new();
    // Boxes to avoid, inflated by the gap.
    let mut taken: Vec<PxRect> = reserved.iter().map(|r| r.inflate(gap)).collect();
    for c in candidates {
        let mut options = vec![c.lines.clone()];
        if c.lines.len() > 1 {
            options.push(vec![c.lines[0].clone()]);
        }
        'option: for lines in options {
            if lines.iter().all(|l| l.trim().is_empty()) {
                break;
            }
            let (w, h, _) = block_size(&lines, em);
            if w * h > max_overflow * c.area_px {
                continue;
            }
            let (dw, dh) = (0.35 * w, h);
            let offsets = [
                (0.0, 0.0),
                (0.0, -0.75 * dh),
                (0.0, 0.75 * dh),
                (0.0, -1.1 * dh),
                (0.0, 1.1 * dh),
                (-dw, 0.0),
                (dw, 0.0),
            ];
            let tries = [true, false]
                .into_iter()
                .flat_map(|strict| offsets.into_iter().map(move |o| (strict, o)));
            for (strict, (dx, dy)) in tries {
                let cx = c.anchor.0 + dx;
                let cy = c.anchor.1 + dy;
                let rect = PxRect::from_size(cx - w / 2.0, cy - h / 2.0, w, h);
                let free = frame.contains_rect(&rect.inflate(2.0))
                    && !taken.iter().any(|t| t.intersects(&rect))
                    && !(strict && soft.iter().any(|t| t.intersects(&rect)));
                if !free || !inside(c.area, (cx, cy)) {
                    continue;
                }
                taken.push(rect.inflate(gap));
                placed.push(Placed {
                    area: c.area,
                    lines,
                    rect,
                });
                break 'option;
            }
        }
    }
    placed
}

/// Draw placed labels: centred lines, dark text on a white halo.
pub(crate) fn draw(p: &mut SvgPainter, placed: &[Placed], em: f64, u: f64) {
    p.begin_layer("labels", "Labels");
    for l in placed {
        let (_, _, ems) = block_size(&l.lines, em);
        let cx = (l.rect.x0 + l.rect.x1) / 2.0;
        let mut top = l.rect.y0;
        for (i, (line, e)) in l.lines.iter().zip(&ems).enumerate() {
            let colour = if i == 0 { INK } else { Rgb(0x3A, 0x3A, 0x3A) };
            let font = Font {
                halo: Some((WHITE, 3.6 * u)),
                ..Font::new(*e, false, colour)
            };
            p.text(line, cx, top + e * ASCENT, font, Align::Centre);
            top += e * LINE_HEIGHT;
        }
    }
    p.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(area: usize, x: f64, y: f64, text: &str) -> Candidate {
        let lines = text.split('\n').map(String::from).collect();
        let (anchor, area_px) = ((x, y), 1e6);
        Candidate {
            area,
            anchor,
            lines,
            area_px,
        }
    }

    #[test]
    fn placement_rules() {
        let frame = PxRect::from_size(0.0, 0.0, 1000.0, 1000.0);
        let all = |_: usize, _: Pt| true;
        let cands = [
            cand(0, 500.0, 500.0, "Xã Tân Hưng"),
            cand(1, 505.0, 505.0, "Xã Tân Lộc"), // same spot: must move or drop
            cand(2, 100.0, 100.0, "Thới Bình"),
            cand(3, 2.0, 500.0, "Cà Mau"), // would cross the frame edge
        ];
        let placed = place(&cands, 17.0, frame, &[], &[], 3.0, all);
        for (i, a) in placed.iter().enumerate() {
            assert!(frame.contains_rect(&a.rect));
            assert!(placed[i + 1..].iter().all(|b| !a.rect.intersects(&b.rect)));
        }
        let areas: Vec<usize> = placed.iter().map(|p| p.area).collect();
        assert!(areas.contains(&0) && areas.contains(&2));
        // Reserved boxes and the area's inside are respected.
        let reserved = [PxRect::from_size(400.0, 400.0, 200.0, 200.0)];
        let one = [cand(0, 500.0, 500.0, "A")];
        assert!(place(&one, 17.0, frame, &reserved, &[], 3.0, all).is_empty());
        assert!(place(&one, 17.0, frame, &[], &[], 3.0, |_, _| false).is_empty());
        // The two-line label is too big for a small area; the name fits.
        let mut c = cand(0, 500.0, 500.0, "Xã Tân Hưng\n\u{2212}1 234 hh");
        c.area_px = 120.0 * 22.0;
        let placed = place(&[c], 17.0, frame, &[], &[], 1.0, all);
        assert_eq!(placed[0].lines, ["Xã Tân Hưng"]);
        // A marker under the anchor moves the label when there is room.
        let marker = [PxRect::from_size(495.0, 495.0, 10.0, 10.0)];
        let one = [cand(0, 500.0, 500.0, "Xã")];
        let placed = place(&one, 17.0, frame, &[], &marker, 3.0, all);
        assert!(!placed[0].rect.intersects(&marker[0]));
    }
}
