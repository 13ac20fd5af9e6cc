//! A georeferenced grid layer (e.g. the best-server RSRP of a radio model)
//! drawn translucent over the map, with a stepped colour ramp.
//!
//! The grid is north-up: `values[row * cols + col]`, row 0 is the northern
//! edge at `y_max`, column 0 the western edge at `x_min`, square cells of
//! `cell_size` metres. NaN means "no data" (transparent). Cells are drawn
//! unsmoothed (nearest neighbour) in both PNG and SVG; in the SVG the grid
//! is embedded once as a PNG at cell resolution.

use super::canvas::Extent;
use super::paint::RgbaImage;
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
    /// Colours.
    pub ramp: ColourRamp,
    /// Opacity of the drawn layer (0..=1), e.g. 0.65. The grid is drawn
    /// only inside the map's areas, so cells over the sea stay blank.
    pub opacity: f64,
}

impl RasterLayer {
    /// A checked raster with the RSRP ramp, opacity 0.65.
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
            opacity: 0.65,
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

    /// The area covered, in metres.
    pub fn extent(&self) -> Extent {
        Extent {
            min_x: self.x_min,
            min_y: self.y_max - self.rows as f64 * self.cell_size,
            max_x: self.x_min + self.cols as f64 * self.cell_size,
            max_y: self.y_max,
        }
    }

    /// The grid coloured by the ramp, one pixel per cell, NaN transparent.
    pub(crate) fn to_image(&self) -> RgbaImage {
        let mut data = Vec::with_capacity(self.values.len() * 4);
        for &v in &self.values {
            match self.ramp.colour_of(v) {
                Some(c) => data.extend_from_slice(&[c.0, c.1, c.2, 255]),
                None => data.extend_from_slice(&[0, 0, 0, 0]),
            }
        }
        RgbaImage {
            width: self.cols as u32,
            height: self.rows as u32,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_classes_and_georeferencing() {
        let r = ColourRamp::rsrp();
        // On a threshold: the upper class.
        let want = [0, 1, 4].map(|i| Some(r.colours[i]));
        assert_eq!([-120.0, -110.0, -79.0].map(|v| r.colour_of(v)), want);
        assert_eq!(r.colour_of(f32::NAN), None);
        let (black, empty) = (vec![Rgb(0, 0, 0); 3], vec![String::new(); 3]);
        assert!(ColourRamp::new(vec![1.0, 0.0], black, empty).is_err());
        let values = vec![1.0, 2.0, 3.0, 4.0, f32::NAN, 6.0];
        let r = RasterLayer::new("x", 1000.0, 2000.0, 100.0, 3, 2, values).unwrap();
        let e = r.extent();
        assert_eq!(
            [e.min_x, e.min_y, e.max_x, e.max_y],
            [1e3, 1.8e3, 1.3e3, 2e3]
        );
        let img = r.to_image();
        let nan_alpha = img.data[4 * 4 + 3];
        assert_eq!(
            (img.width, img.height, nan_alpha),
            (3, 2, 0),
            "NaN is transparent"
        );
        assert!(RasterLayer::new("x", 0.0, 0.0, 100.0, 3, 2, vec![0.0; 5]).is_err());
    }
}
