//! One placed household, as written to the households CSV.

/// One placed household.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedHousehold {
    /// Unique id: `<source area>-<n>` (from counts) or `g<row>_<col>_<n>`
    /// (from a grid).
    pub id: String,
    /// Longitude, WGS 84 degrees, rounded to [`super::sampling::DECIMALS`].
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// Wants fixed broadband.
    pub demand: bool,
    /// Persons in the household, when known.
    pub persons: Option<u32>,
    /// The area it was placed in (empty for a grid without areas).
    pub source_area: String,
}
