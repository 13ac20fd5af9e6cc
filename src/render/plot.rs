//! A plotters drawing backend over a [`SvgPainter`], so that charts built with
//! plotters' [`ChartBuilder`](plotters::chart::ChartBuilder) are painted by
//! our SVG writer with our fonts, exactly like the maps.
//!
//! plotters works in whole pixels; lines and outlines are drawn through
//! pixel centres so that one-pixel lines stay crisp. Text may contain `\n`
//! (a block of lines, anchored as a whole).

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_backend::{
    text_anchor::{HPos, VPos},
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
};

use super::canvas::PxRect;
use super::font::{text_width, ASCENT, LINE_HEIGHT};
use super::paint::{Align, Font, Pt, Rgba, Stroke};
use super::palette::Rgb;
use super::svg::SvgPainter;

/// A failure of the underlying painter (text drawing).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct PlotError(String);

type Res = Result<(), DrawingErrorKind<PlotError>>;

/// The backend: every plotters primitive becomes a [`SvgPainter`] call.
pub(crate) struct PainterBackend<'a> {
    painter: &'a mut SvgPainter,
    size: (u32, u32),
}

impl<'a> PainterBackend<'a> {
    /// A plotters drawing area covering the whole `width × height` page.
    pub fn area(painter: &'a mut SvgPainter, width: u32, height: u32) -> DrawingArea<Self, Shift> {
        PainterBackend {
            painter,
            size: (width, height),
        }
        .into_drawing_area()
    }
}

fn colour(c: BackendColor) -> Rgba {
    Rgba::new(Rgb(c.rgb.0, c.rgb.1, c.rgb.2), c.alpha)
}

fn centre(p: BackendCoord) -> Pt {
    (f64::from(p.0) + 0.5, f64::from(p.1) + 0.5)
}

fn stroke<S: BackendStyle>(s: &S) -> Stroke {
    Stroke {
        colour: colour(s.color()),
        width: f64::from(s.stroke_width().max(1)),
        dash: None,
    }
}

fn font<T: BackendTextStyle>(s: &T) -> Font {
    let c = s.color().rgb;
    Font::new(
        s.size(),
        matches!(s.style(), FontStyle::Bold),
        Rgb(c.0, c.1, c.2),
    )
}

impl DrawingBackend for PainterBackend<'_> {
    type ErrorType = PlotError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Res {
        Ok(())
    }

    fn present(&mut self) -> Res {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Res {
        let (x, y) = (f64::from(p.0), f64::from(p.1));
        self.painter
            .rect(PxRect::new(x, y, x + 1.0, y + 1.0), Some(colour(c)), None);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, s: &S) -> Res {
        self.painter.line(centre(from), centre(to), &stroke(s));
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Res {
        if fill {
            // plotters fills both corner pixels.
            let r = PxRect::new(
                f64::from(a.0),
                f64::from(a.1),
                f64::from(b.0 + 1),
                f64::from(b.1 + 1),
            );
            self.painter.rect(r, Some(colour(s.color())), None);
        } else {
            let ((x0, y0), (x1, y1)) = (centre(a), centre(b));
            self.painter
                .rect(PxRect::new(x0, y0, x1, y1), None, Some(&stroke(s)));
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Res {
        let pts: Vec<Pt> = path.into_iter().map(centre).collect();
        self.painter.stroke(&pts, false, &stroke(s));
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, s: &T, pos: BackendCoord) -> Res {
        let f = font(s);
        let lines: Vec<&str> = text.split('\n').collect();
        let h = lines.len() as f64 * f.em * LINE_HEIGHT;
        let (x, y) = (f64::from(pos.0), f64::from(pos.1));
        let top = match s.anchor().v_pos {
            VPos::Top => y,
            VPos::Center => y - h / 2.0,
            VPos::Bottom => y - h,
        };
        let align = match s.anchor().h_pos {
            HPos::Left => Align::Left,
            HPos::Center => Align::Centre,
            HPos::Right => Align::Right,
        };
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + (i as f64 * LINE_HEIGHT + ASCENT) * f.em;
            self.painter
                .write(line, x, baseline, f, align)
                .map_err(|e| DrawingErrorKind::DrawingError(PlotError(e.to_string())))?;
        }
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        s: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<PlotError>> {
        let f = font(s);
        let w = text
            .split('\n')
            .map(|l| text_width(l, f.em, f.bold))
            .fold(0.0, f64::max);
        let h = text.split('\n').count() as f64 * f.em * LINE_HEIGHT;
        Ok((w.ceil() as u32, h.ceil() as u32))
    }
}
