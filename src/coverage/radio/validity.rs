//! Published validity ranges of the propagation models and the structured
//! warnings raised when a calculation falls outside them.
//!
//! A model evaluated outside its range still returns a number (the formula
//! extrapolated); the caller gets a [`ValidityWarning`] saying which
//! parameter, which value, which range and which source, so that results are
//! never silently extrapolated. Ranges are inclusive.

use std::fmt;

use serde::Serialize;

/// A parameter whose range a model restricts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parameter {
    /// Carrier frequency, MHz.
    FreqMhz,
    /// Base-station antenna height, metres.
    BsHeightM,
    /// User-equipment antenna height, metres.
    UeHeightM,
    /// Horizontal base-station → user distance, metres.
    Distance2dM,
    /// Average building height (TR 38.901 RMa `h`), metres.
    BuildingHeightM,
    /// Average street width (TR 38.901 RMa `W`), metres.
    StreetWidthM,
}

impl Parameter {
    /// The parameter's name with its unit, as used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Parameter::FreqMhz => "freq_mhz",
            Parameter::BsHeightM => "h_bs_m",
            Parameter::UeHeightM => "h_ut_m",
            Parameter::Distance2dM => "d_2d_m",
            Parameter::BuildingHeightM => "building_height_m",
            Parameter::StreetWidthM => "street_width_m",
        }
    }
}

impl fmt::Display for Parameter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An inclusive range `[min, max]` (a single published value has
/// `min == max`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ValidRange {
    /// Lower bound, inclusive.
    pub min: f64,
    /// Upper bound, inclusive.
    pub max: f64,
}

impl ValidRange {
    /// `[min, max]`.
    pub const fn new(min: f64, max: f64) -> Self {
        ValidRange { min, max }
    }

    /// Whether `value` lies in the range, allowing a relative rounding
    /// tolerance of 1e-9 (so 1500 MHz is inside both Hata and COST-231).
    /// Non-finite values are never inside.
    pub fn contains(&self, value: f64) -> bool {
        let tol = 1e-9 * value.abs().max(1.0);
        value.is_finite() && value >= self.min - tol && value <= self.max + tol
    }
}

impl fmt::Display for ValidRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min == self.max {
            write!(f, "= {}", self.min)
        } else {
            write!(f, "{}–{}", self.min, self.max)
        }
    }
}

/// One parameter of one calculation outside the model's published range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidityWarning {
    /// The model's scenario name, e.g. `"cost231_hata"`.
    pub model: &'static str,
    /// Which parameter is out of range.
    pub parameter: Parameter,
    /// The value used.
    pub value: f64,
    /// The published range.
    pub range: ValidRange,
    /// Where the range is published.
    pub source: &'static str,
}

impl fmt::Display for ValidityWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} = {} is outside the published range {} ({}); the result is an extrapolation",
            self.model, self.parameter, self.value, self.range, self.source
        )
    }
}

/// The published validity ranges of one model. `None` means the model
/// places no restriction on that parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelValidity {
    /// The model's scenario name.
    pub model: &'static str,
    /// Where the ranges are published.
    pub source: &'static str,
    /// Carrier frequency range, MHz.
    pub freq_mhz: Option<ValidRange>,
    /// Base-station height range, m.
    pub h_bs_m: Option<ValidRange>,
    /// User-equipment height range, m.
    pub h_ut_m: Option<ValidRange>,
    /// Horizontal distance range, m.
    pub d_2d_m: Option<ValidRange>,
    /// Average building height range, m (TR 38.901 RMa).
    pub building_height_m: Option<ValidRange>,
    /// Average street width range, m (TR 38.901 RMa).
    pub street_width_m: Option<ValidRange>,
}

impl ModelValidity {
    /// A model with no published restrictions.
    pub const fn unrestricted(model: &'static str, source: &'static str) -> Self {
        ModelValidity {
            model,
            source,
            freq_mhz: None,
            h_bs_m: None,
            h_ut_m: None,
            d_2d_m: None,
            building_height_m: None,
            street_width_m: None,
        }
    }

    /// The range of `parameter`, if the model restricts it.
    pub fn range(&self, parameter: Parameter) -> Option<ValidRange> {
        match parameter {
            Parameter::FreqMhz => self.freq_mhz,
            Parameter::BsHeightM => self.h_bs_m,
            Parameter::UeHeightM => self.h_ut_m,
            Parameter::Distance2dM => self.d_2d_m,
            Parameter::BuildingHeightM => self.building_height_m,
            Parameter::StreetWidthM => self.street_width_m,
        }
    }

    /// A warning if `value` of `parameter` is outside the published range.
    pub fn check(&self, parameter: Parameter, value: f64) -> Option<ValidityWarning> {
        let range = self.range(parameter)?;
        (!range.contains(value)).then_some(ValidityWarning {
            model: self.model,
            parameter,
            value,
            range,
            source: self.source,
        })
    }

    /// Warnings for the per-site parameters: frequency, the two heights and,
    /// when given, building height and street width. Call once per site and
    /// model.
    pub fn check_site(
        &self,
        freq_mhz: f64,
        h_bs_m: f64,
        h_ut_m: f64,
        building_height_m: Option<f64>,
        street_width_m: Option<f64>,
    ) -> Vec<ValidityWarning> {
        let mut checks = vec![
            (Parameter::FreqMhz, freq_mhz),
            (Parameter::BsHeightM, h_bs_m),
            (Parameter::UeHeightM, h_ut_m),
        ];
        if let Some(h) = building_height_m {
            checks.push((Parameter::BuildingHeightM, h));
        }
        if let Some(w) = street_width_m {
            checks.push((Parameter::StreetWidthM, w));
        }
        checks
            .into_iter()
            .filter_map(|(p, v)| self.check(p, v))
            .collect()
    }

    /// A warning if the horizontal distance is outside the published range.
    pub fn check_distance(&self, d_2d_m: f64) -> Option<ValidityWarning> {
        self.check(Parameter::Distance2dM, d_2d_m)
    }
}

/// How many users a model served at distances outside its published
/// range, counted per user (each household's distance to its best
/// server), to be reported as one line per model rather than one per user.
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceTally {
    /// The model's published validity (its `d_2d_m` range and source).
    pub validity: ModelValidity,
    /// Users counted.
    pub users: u64,
    /// Users nearer than the range's minimum.
    pub below: u64,
    /// Users beyond the range's maximum.
    pub above: u64,
}

impl DistanceTally {
    /// An empty tally for `validity`.
    pub fn new(validity: ModelValidity) -> Self {
        DistanceTally {
            validity,
            users: 0,
            below: 0,
            above: 0,
        }
    }

    /// Count one user served at `d_2d_m` metres.
    pub fn add(&mut self, d_2d_m: f64) {
        self.users += 1;
        if let Some(r) = self.validity.d_2d_m {
            if !r.contains(d_2d_m) {
                if d_2d_m < r.min {
                    self.below += 1;
                } else {
                    self.above += 1;
                }
            }
        }
    }

    /// The warning, when some users were outside the range: e.g. "hata:
    /// 12 of 500 households were served at a distance outside the
    /// published range 1000–20000 m (Hata 1980): 12 nearer than 1000 m, 0
    /// beyond 20000 m; their RSRP is an extrapolation".
    pub fn warning(&self, users: &str) -> Option<String> {
        let r = self.validity.d_2d_m?;
        let out = self.below + self.above;
        (out > 0).then(|| {
            format!(
                "{}: {out} of {} {users} were served at a distance outside the published range \
                 {r} m ({}): {} nearer than {} m, {} beyond {} m; their RSRP is an extrapolation",
                self.validity.model,
                self.users,
                self.validity.source,
                self.below,
                r.min,
                self.above,
                r.max
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_counted_per_user_below_and_above() {
        let mut t = DistanceTally::new(hata_like());
        for d in [5.0, 999.0, 1000.0, 5000.0, 20_000.0, 20_001.0] {
            t.add(d);
        }
        assert_eq!((t.users, t.below, t.above), (6, 2, 1));
        assert_eq!(
            t.warning("households").unwrap(),
            "hata: 3 of 6 households were served at a distance outside the published range \
             1000–20000 m (Hata 1980): 2 nearer than 1000 m, 1 beyond 20000 m; their RSRP is an \
             extrapolation"
        );
        let mut inside = DistanceTally::new(hata_like());
        inside.add(1500.0);
        assert_eq!(inside.warning("households"), None);
        let mut free = DistanceTally::new(ModelValidity::unrestricted("free_space", "P.525"));
        free.add(1.0);
        assert_eq!(free.warning("households"), None);
    }

    fn hata_like() -> ModelValidity {
        ModelValidity {
            freq_mhz: Some(ValidRange::new(150.0, 1500.0)),
            h_bs_m: Some(ValidRange::new(30.0, 200.0)),
            h_ut_m: Some(ValidRange::new(1.0, 10.0)),
            d_2d_m: Some(ValidRange::new(1000.0, 20_000.0)),
            ..ModelValidity::unrestricted("hata", "Hata 1980")
        }
    }

    #[test]
    fn inside_no_warning_outside_warning() {
        let v = hata_like();
        assert!(v.check_site(900.0, 30.0, 1.5, None, None).is_empty());
        assert!(v.check_site(1500.0, 200.0, 10.0, None, None).is_empty());
        let w = v.check_site(1800.0, 25.0, 1.5, None, None);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].parameter, Parameter::FreqMhz);
        assert_eq!(w[0].value, 1800.0);
        assert_eq!(w[0].range, ValidRange::new(150.0, 1500.0));
        assert_eq!(w[1].parameter, Parameter::BsHeightM);
        assert!(v.check_distance(5000.0).is_none());
        assert!(v.check_distance(500.0).is_some());
        assert!(v.check_distance(25_000.0).is_some());
        assert!(v.check_distance(f64::NAN).is_some());
        let text = v.check_distance(500.0).unwrap().to_string();
        assert!(text.contains("d_2d_m = 500"), "{text}");
        assert!(text.contains("1000–20000"), "{text}");
        assert!(text.contains("Hata 1980"), "{text}");
    }

    #[test]
    fn single_value_range() {
        let r = ValidRange::new(25.0, 25.0);
        assert!(r.contains(25.0));
        assert!(!r.contains(30.0));
        assert_eq!(r.to_string(), "= 25");
    }
}
