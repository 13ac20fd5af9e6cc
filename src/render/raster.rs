//! A georeferenced grid layer (e.g. the best-server RSRP of a radio model)
//! drawn over the map as lines in the colours of a stepped ramp.
//!
//! The grid is north-up: `values[row * cols + col]`, row 0 is the northern
//! edge at `y_max`, column 0 the western edge at `x_min`, square cells of
//! `cell_size` metres. NaN means "no data" (not drawn). Each class is
//! drawn as one vector shape: the runs of its cells along the rows
//! ([`RasterLayer::class_runs`]).

use super::palette::Rgb;
use crate::{Error, Result};

/// Stepped colours for a raster: value `v` gets colour `i` where
/// `thresholds[i-1] <= v < thresholds[i]` (a value on a threshold goes to
/// the upper class, as in [`ClassScheme`](super::ClassScheme)).
#[derive(Debug, Clone, PartialEq)]
pub struct ColourRamp {
    /// Ascending class limits (`n - 1` for `n` colours).
    pub thresholds: Vec<f32>,
    /// Colours, lowest class first.
    pub colours: Vec<Rgb>,
    /// Legend labels, lowest class first.
    pub labels: Vec<String>,
}

impl ColourRamp {
    /// A checked ramp: thresholds finite and strictly ascending, one colour
    /// and one label per class.
    pub fn new(thresholds: Vec<f32>, colours: Vec<Rgb>, labels: Vec<String>) -> Result<Self> {
        if thresholds.iter().any(|t| !t.is_finite()) || thresholds.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(Error::Render(format!(
                "colour ramp: thresholds must be finite and ascending, got {thresholds:?}"
            )));
        }
        if colours.len() != thresholds.len() + 1 || labels.len() != colours.len() {
            return Err(Error::Render(format!(
                "colour ramp: {} thresholds need {} colours and labels, got {} and {}",
                thresholds.len(),
                thresholds.len() + 1,
                colours.len(),
                labels.len()
            )));
        }
        Ok(ColourRamp {
            thresholds,
            colours,
            labels,
        })
    }

    /// Best-server RSRP classes in dBm (3GPP-style drive-test colours):
    /// `< −110` red (no service), `−110 … −100` orange, `−100 … −90`
    /// yellow, `−90 … −80` light green, `≥ −80` dark green.
    pub fn rsrp() -> Self {
        ColourRamp {
            thresholds: vec![-110.0, -100.0, -90.0, -80.0],
            colours: vec![
                Rgb(0xD7, 0x30, 0x27),
                Rgb(0xFC, 0x8D, 0x59),
                Rgb(0xFE, 0xE0, 0x8B),
                Rgb(0x91, 0xCF, 0x60),
                Rgb(0x1A, 0x98, 0x50),
            ],
            labels: vec![
                "< \u{2212}110 dBm".into(),
                "\u{2212}110 … \u{2212}100".into(),
                "\u{2212}100 … \u{2212}90".into(),
                "\u{2212}90 … \u{2212}80".into(),
                "≥ \u{2212}80 dBm".into(),
            ],
        }
    }

    /// The class of `v`, `None` for NaN.
    pub fn class_of(&self, v: f32) -> Option<usize> {
        let class = self.thresholds.iter().take_while(|&&t| v >= t).count();
        (!v.is_nan()).then_some(class)
    }

    /// The colour of `v`, `None` for NaN.
    pub fn colour_of(&self, v: f32) -> Option<Rgb> {
        self.class_of(v).map(|c| self.colours[c])
    }
}

/// A north-up grid of `f32` values in local metres (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct RasterLayer {
    /// Legend title, e.g. "Best-server RSRP".
    pub name: String,
    /// West edge of column 0, metres.
    pub x_min: f64,
    /// North edge of row 0, metres.
    pub y_max: f64,
    /// Cell side, metres.
    pub cell_size: f64,
    /// Number of columns.
    pub cols: usize,
    /// Number of rows.
    pub rows: usize,
    /// `rows × cols` values, row-major from the north; NaN = no data.
    pub values: Vec<f32>,
    /// Classes and colours; each class is drawn as lines in its colour
    /// (see [`MapSpec::raster`](super::MapSpec::raster)), only inside
    /// the map's areas.
    pub ramp: ColourRamp,
}

impl RasterLayer {
    /// A checked raster with the RSRP ramp.
    pub fn new(
        name: impl Into<String>,
        x_min: f64,
        y_max: f64,
        cell_size: f64,
        cols: usize,
        rows: usize,
        values: Vec<f32>,
    ) -> Result<Self> {
        let r = RasterLayer {
            name: name.into(),
            x_min,
            y_max,
            cell_size,
            cols,
            rows,
            values,
            ramp: ColourRamp::rsrp(),
        };
        r.check()?;
        Ok(r)
    }

    /// Check the grid's shape and georeferencing.
    pub fn check(&self) -> Result<()> {
        if !(self.x_min.is_finite() && self.y_max.is_finite()) {
            return Err(Error::Render("raster: origin must be finite".into()));
        }
        if !(self.cell_size.is_finite() && self.cell_size > 0.0) {
            return Err(Error::Render(format!(
                "raster: cell size must be positive, got {}",
                self.cell_size
            )));
        }
        if self.cols == 0 || self.rows == 0 || self.values.len() != self.cols * self.rows {
            return Err(Error::Render(format!(
                "raster: {} values for {} × {} cells",
                self.values.len(),
                self.cols,
                self.rows
            )));
        }
        Ok(())
    }

    /// Per ramp class, the runs of cells of that class along each row,
    /// as rectangles in metres `(x0, y0, x1, y1)` (north-west, south-east
    /// corners). NaN cells are in none.
    pub fn class_runs(&self) -> Vec<Vec<(f64, f64, f64, f64)>> {
        let mut out = vec![Vec::new(); self.ramp.colours.len()];
        let s = self.cell_size;
        for (row, values) in self.values.chunks(self.cols).enumerate() {
            let y0 = self.y_max - row as f64 * s;
            let mut col = 0;
            while col < self.cols {
                let class = self.ramp.class_of(values[col]);
                let end = (col..self.cols)
                    .find(|&c| self.ramp.class_of(values[c]) != class)
                    .unwrap_or(self.cols);
                let x = |c: usize| self.x_min + c as f64 * s;
                if let Some(k) = class {
                    out[k].push((x(col), y0, x(end), y0 - s));
                }
                col = end;
            }
        }
        out
    }
}
