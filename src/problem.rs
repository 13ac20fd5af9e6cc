//! The kinds of data problem and their severities: what a reader attaches
//! to each input error ([`crate::Error::Input`]) and what `phusong check`
//! reports. A low-level module (it depends on nothing in the crate) so
//! that the readers in [`crate::input`] type their errors without
//! importing [`crate::check`].
//!
//! ```
//! use phusong::problem::{Kind, Severity};
//! assert_eq!(Kind::DuplicateId.name(), "duplicate-id");
//! assert_eq!(Kind::Gap.default_severity(), Severity::Warning);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// A kind of data problem. The kebab-case name is what the scenario's
/// `[check.severity]` table and the report use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A layer cannot be read at all (missing file, not CSV/GeoJSON, no
    /// coordinate column…).
    UnreadableLayer,
    /// A row or feature with a value that cannot be used (not a number,
    /// unknown technology, no geometry…).
    InvalidValue,
    /// A coordinate outside [-180, 180] × [-90, 90] after conversion to
    /// WGS 84, often swapped lat/lon or projected metres.
    CoordinateOutOfRange,
    /// A polygon ring that is unclosed, too short, self-intersecting, or a
    /// hole outside its shell.
    InvalidPolygon,
    /// Two communes overlap (by more than `min_overlap_m2`).
    Overlap,
    /// A hole between communes (larger than `min_gap_m2`) that no commune
    /// covers.
    Gap,
    /// An id used twice (areas, households).
    DuplicateId,
    /// A household in no commune (counted as unassigned).
    OutsideCommunes,
    /// A household in no commune but within `[areas] snap_outside_m` of
    /// one, assigned to the nearest.
    Snapped,
    /// A household more than `far_outside_m` from every commune: likely
    /// swapped lat/lon or a wrong CRS.
    FarOutside,
    /// A site with an impossible height, power, azimuth, radius…
    ImplausibleSite,
    /// Rows of one site id at different positions.
    SitePositionConflict,
    /// A fibre line whose length is zero.
    ZeroLengthFibre,
    /// A layer that lies away from the communes: its CRS is probably not
    /// the one it was read with.
    CrsMismatch,
    /// Communes spanning so much of the globe (or crossing the
    /// antimeridian) that the run's outputs cannot be built; not skipped
    /// by `--allow-invalid`.
    ExtentTooLarge,
    /// Under `[fibre] distance = "network"`: households farther than the
    /// drop from every road or canal (per commune), or a network that comes
    /// near no household.
    FarFromNetwork,
    /// Households on a part of the road and canal network the fibre does
    /// not join (per commune; they keep the straight distance), or a
    /// network the fibre comes nowhere near.
    NetworkUnreachable,
    /// A geometry of the wrong type for its layer: a LineString or Point
    /// commune, a LineString household, a Polygon fibre line.
    WrongGeometryType,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 18] = [
        Kind::UnreadableLayer,
        Kind::InvalidValue,
        Kind::CoordinateOutOfRange,
        Kind::InvalidPolygon,
        Kind::Overlap,
        Kind::Gap,
        Kind::DuplicateId,
        Kind::OutsideCommunes,
        Kind::Snapped,
        Kind::FarOutside,
        Kind::ImplausibleSite,
        Kind::SitePositionConflict,
        Kind::ZeroLengthFibre,
        Kind::CrsMismatch,
        Kind::ExtentTooLarge,
        Kind::FarFromNetwork,
        Kind::NetworkUnreachable,
        Kind::WrongGeometryType,
    ];

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            Kind::UnreadableLayer => "unreadable-layer",
            Kind::InvalidValue => "invalid-value",
            Kind::CoordinateOutOfRange => "coordinate-out-of-range",
            Kind::InvalidPolygon => "invalid-polygon",
            Kind::Overlap => "overlap",
            Kind::Gap => "gap",
            Kind::DuplicateId => "duplicate-id",
            Kind::OutsideCommunes => "outside-communes",
            Kind::Snapped => "snapped",
            Kind::FarOutside => "far-outside",
            Kind::ImplausibleSite => "implausible-site",
            Kind::SitePositionConflict => "site-position-conflict",
            Kind::ZeroLengthFibre => "zero-length-fibre",
            Kind::CrsMismatch => "crs-mismatch",
            Kind::ExtentTooLarge => "extent-too-large",
            Kind::FarFromNetwork => "far-from-network",
            Kind::NetworkUnreachable => "network-unreachable",
            Kind::WrongGeometryType => "wrong-geometry-type",
        }
    }

    /// The default severity: problems that change the figures are errors;
    /// households outside the communes (reported as unassigned anyway),
    /// gaps and zero-length fibre are warnings.
    pub fn default_severity(self) -> Severity {
        match self {
            Kind::Gap
            | Kind::OutsideCommunes
            | Kind::Snapped
            | Kind::ZeroLengthFibre
            | Kind::FarFromNetwork
            | Kind::NetworkUnreachable => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a problem is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// `phusong check` exits with 1; `phusong run` refuses to run unless
    /// `--allow-invalid`.
    Error,
    /// Reported; does not stop a run.
    Warning,
    /// Not reported.
    Off,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Off => "off",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_serde_names() {
        for kind in Kind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
            let back: Kind = serde_json::from_str(&json).unwrap();
            assert_eq!(back, kind);
        }
    }
}
