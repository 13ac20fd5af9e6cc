//! Class breaks for a choropleth, built around a target.
//!
//! A scheme with breaks `[b0, b1, …, bn]` has `n` classes; class `i` holds
//! the values `b(i) <= v < b(i+1)`. **A value exactly on a break belongs to
//! the upper class**, so a commune at exactly the target (80 %) meets it.
//! The first and last classes are open-ended: values below `b0` fall in
//! class 0 and values at or above `b(n-1)` (including above `bn`) fall in
//! the last class. NaN (and `None`) is "no data".

use super::palette::{self, Rgb};
use crate::lang::Lang;
use crate::{Error, Result};

/// Choropleth classes: breaks, one colour and one legend label per class,
/// and the first class that meets the target.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScheme {
    /// `n + 1` ascending break values for `n` classes (see the module docs
    /// for the rule at a break).
    pub breaks: Vec<f64>,
    /// One colour per class.
    pub colours: Vec<Rgb>,
    /// One legend label per class.
    pub labels: Vec<String>,
    /// Index of the first class that meets the target; this class and all
    /// above it are drawn in greens and marked in the legend. Equal to the
    /// class count when no class meets a target.
    pub target_class: usize,
    /// Colour of areas without a value.
    pub no_data_colour: Rgb,
}

impl ClassScheme {
    /// Classes for shares (0..=1) around `target`: steps of 15 points below
    /// the target and one class at or above it. For a target of 0.8 the
    /// breaks are `[0, 0.5, 0.65, 0.8, 1]`, labelled `< 50%`, `50–65%`,
    /// `65–80%`, `≥ 80%`, coloured red, orange, peach and green.
    ///
    /// ```
    /// use phusong::render::ClassScheme;
    /// let c = ClassScheme::around_target(0.8);
    /// assert_eq!(c.breaks, vec![0.0, 0.5, 0.65, 0.8, 1.0]);
    /// assert_eq!(c.class_of(0.8), Some(3)); // on the target: meets it
    /// assert_eq!(c.class_of(0.7999), Some(2));
    /// ```
    pub fn around_target(target: f64) -> Self {
        Self::around_target_in(target, Lang::En)
    }

    /// [`around_target`](Self::around_target) with labels in `lang`.
    pub fn around_target_in(target: f64, lang: Lang) -> Self {
        let step = 0.15;
        let target = Some(target)
            .filter(|t| t.is_finite())
            .map_or(0.8, |t| t.clamp(0.01, 1.0));
        let mut breaks = vec![0.0];
        let mut below: Vec<f64> = (1..=2)
            .map(|k| target - step * k as f64)
            .filter(|&b| b > 1e-9)
            .collect();
        below.reverse();
        breaks.extend(below.into_iter().map(|b| (b * 1e6).round() / 1e6));
        breaks.push(target);
        let top = if target < 1.0 { 1.0 } else { target + step };
        breaks.push(top);
        let n_below = breaks.len() - 2;
        let mut colours = palette::below_target(n_below);
        colours.extend(palette::meets_target(1));
        let labels = percent_labels(&breaks, lang);
        ClassScheme {
            breaks,
            colours,
            labels,
            target_class: n_below,
            no_data_colour: Rgb(0xC4, 0xC4, 0xC4),
        }
    }

    /// Classes around `target` for these `values` (shares): the classes of
    /// [`around_target_in`](Self::around_target_in), unless every value
    /// falls into one of them; then that class is split at round steps
    /// (1, 2, 2.5, 5, 10 or 20 points) into up to five classes over the
    /// values' range, so that a province where every commune is below 50%
    /// still shows which communes are furthest behind.
    ///
    /// ```
    /// use phusong::{lang::Lang, render::ClassScheme};
    /// let values = [0.02, 0.1, 0.31, 0.44].map(Some);
    /// let c = ClassScheme::around_values(0.8, values, Lang::En);
    /// assert_eq!(c.breaks, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.8, 1.0]);
    /// assert_eq!(c.labels[0], "< 10%");
    /// ```
    pub fn around_values(
        target: f64,
        values: impl IntoIterator<Item = Option<f64>>,
        lang: Lang,
    ) -> Self {
        let base = Self::around_target_in(target, lang);
        let v: Vec<f64> = values
            .into_iter()
            .flatten()
            .filter(|v| v.is_finite())
            .collect();
        let (counts, _) = base.counts(v.iter().map(|&x| Some(x)));
        let (lo, hi) = v
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        if counts.iter().filter(|&&n| n > 0).count() != 1 || hi - lo < 1e-9 {
            return base;
        }
        let t = base.breaks[base.target_class];
        let top = *base.breaks.last().unwrap_or(&1.0);
        // Inner breaks: multiples of the smallest round step giving at
        // most four of them strictly inside (lo, hi].
        let inner = |s: f64| {
            let first = (lo / s + 1e-9).floor() as i64 + 1;
            let b = (first..).map(move |k| (k as f64 * s * 1e6).round() / 1e6);
            b.take_while(move |&b| b < hi - 1e-9).collect::<Vec<f64>>()
        };
        let steps = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2];
        let inner = steps.map(inner).into_iter().find(|b| b.len() <= 4);
        let Some(inner) = inner.filter(|b| !b.is_empty()) else {
            return base;
        };
        let (breaks, below, meets) = if hi < t {
            let mut b = vec![0.0];
            b.extend(inner.iter().filter(|&&x| x > 0.0));
            b.extend([t, top]);
            let n = b.len() - 2;
            (b, n, 1)
        } else if lo >= t {
            let mut b = vec![0.0, t];
            b.extend(inner.iter().filter(|&&x| x > t && x < top));
            b.push(top);
            let n = b.len() - 2;
            (b, 1, n)
        } else {
            return base;
        };
        let mut colours = palette::below_target(below);
        colours.extend(palette::meets_target(meets));
        let labels = percent_labels(&breaks, lang);
        let target_class = below;
        ClassScheme {
            breaks,
            colours,
            labels,
            target_class,
            ..base
        }
    }

    /// A scheme with explicit breaks, colours and labels (checked: breaks
    /// strictly ascending and finite, one colour and one label per class,
    /// `target_class <= class count`).
    pub fn new(
        breaks: Vec<f64>,
        colours: Vec<Rgb>,
        labels: Vec<String>,
        target_class: usize,
    ) -> Result<Self> {
        if breaks.len() < 2 {
            return Err(Error::Render(
                "class scheme: at least two breaks (one class) are needed".into(),
            ));
        }
        if breaks.iter().any(|b| !b.is_finite()) || breaks.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::Render(format!(
                "class scheme: breaks must be finite and strictly ascending, got {breaks:?}"
            )));
        }
        let n = breaks.len() - 1;
        if colours.len() != n || labels.len() != n {
            return Err(Error::Render(format!(
                "class scheme: {n} classes need {n} colours and {n} labels, got {} and {}",
                colours.len(),
                labels.len()
            )));
        }
        if target_class > n {
            return Err(Error::Render(format!(
                "class scheme: target class {target_class} is beyond the {n} classes"
            )));
        }
        Ok(ClassScheme {
            breaks,
            colours,
            labels,
            target_class,
            no_data_colour: Rgb(0xC4, 0xC4, 0xC4),
        })
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.breaks.len().saturating_sub(1)
    }

    /// True when the scheme has no class (never true for a checked scheme).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The class of `v`, or `None` for NaN. See the module docs for values
    /// on a break and outside the breaks.
    pub fn class_of(&self, v: f64) -> Option<usize> {
        if v.is_nan() || self.is_empty() {
            return None;
        }
        let inner = &self.breaks[1..self.len()];
        Some(inner.iter().take_while(|&&b| v >= b).count())
    }

    /// The fill colour of `v` (the no-data colour for NaN).
    pub fn colour_of(&self, v: f64) -> Rgb {
        self.class_of(v)
            .map_or(self.no_data_colour, |c| self.colours[c])
    }

    /// The fill colour of an optional value.
    pub fn colour_of_opt(&self, v: Option<f64>) -> Rgb {
        v.map_or(self.no_data_colour, |v| self.colour_of(v))
    }

    /// How many values fall in each class, and how many have no data.
    pub fn counts<I: IntoIterator<Item = Option<f64>>>(&self, values: I) -> (Vec<usize>, usize) {
        let mut counts = vec![0; self.len()];
        let mut no_data = 0;
        for v in values {
            match v.and_then(|v| self.class_of(v)) {
                Some(c) => counts[c] += 1,
                None => no_data += 1,
            }
        }
        (counts, no_data)
    }
}

impl Default for ClassScheme {
    /// [`ClassScheme::around_target(0.8)`](ClassScheme::around_target).
    fn default() -> Self {
        ClassScheme::around_target(0.8)
    }
}

/// Labels `< b1`, `b1–b2`, …, `≥ b(n-1)` for share breaks; a last class
/// from 100% up is just `100%` (no share is above it).
fn percent_labels(breaks: &[f64], lang: Lang) -> Vec<String> {
    let n = breaks.len().saturating_sub(1);
    let p = |v: f64| lang.percent_short(v);
    let num = |v: f64| {
        let s = p(v);
        s.trim_end_matches('%').to_string()
    };
    (0..n)
        .map(|i| {
            if n == 1 {
                format!("{}–{}", num(breaks[0]), p(breaks[1]))
            } else if i == 0 {
                format!("< {}", p(breaks[1]))
            } else if i == n - 1 && breaks[i] >= 1.0 - 1e-9 {
                p(1.0)
            } else if i == n - 1 {
                format!("≥ {}", p(breaks[i]))
            } else {
                format!("{}–{}", num(breaks[i]), p(breaks[i + 1]))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_labels_in_both_languages() {
        assert_eq!(
            percent_labels(&[0.0, 0.725, 1.0], Lang::En),
            ["< 72.5%", "≥ 72.5%"]
        );
        let vi = percent_labels(&[0.0, 0.725, 1.0], Lang::Vi);
        assert_eq!(vi, ["< 72,5%", "≥ 72,5%"]);
    }
}
