//! The library's error type.
//!
//! A closed set of variants, each saying what went wrong in terms a user
//! can act on. Input errors carry the [`Kind`] of problem they are, set
//! where they are made (so `phusong check` never guesses a kind from a
//! message):
//!
//! ```
//! use phusong::{problem::Kind, Error};
//! let e = Error::coordinate_out_of_range("h.csv", "line 3", "latitude 105 is outside [-90, 90]");
//! assert_eq!(e.kind(), Some(Kind::CoordinateOutOfRange));
//! assert_eq!(e.to_string(), "h.csv: line 3: latitude 105 is outside [-90, 90]");
//! ```

use std::path::PathBuf;

use crate::problem::Kind;

/// Everything that can go wrong in the library. Each variant names the file
/// (and where possible the row or feature) or the setting, so that a user
/// can fix the input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        /// The file being read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Bad content in an input file, located as precisely as possible.
    #[error("{path}: {location}{message}")]
    Input {
        /// The input file.
        path: PathBuf,
        /// "line 12: ", "feature 3 (code 32003): " or empty.
        location: String,
        /// What kind of problem it is (its severity in `phusong check`).
        kind: Kind,
        /// What is wrong and, where possible, what to do.
        message: String,
    },
    /// A problem in the scenario's values that is not tied to one file line.
    #[error("{0}")]
    Invalid(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A problem of `kind` in `path` at `location` (may be empty).
    pub fn located(
        kind: Kind,
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let mut location = location.into();
        if !location.is_empty() && !location.ends_with(": ") {
            location.push_str(": ");
        }
        Error::Input {
            path: path.into(),
            location,
            kind,
            message: message.into(),
        }
    }

    /// A layer that cannot be read at all (not GeoJSON, no header, a
    /// missing column, a CRS that cannot be used…):
    /// [`Kind::UnreadableLayer`].
    pub fn unreadable_layer(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::UnreadableLayer, path, location, message)
    }

    /// A value that cannot be used (not a number, an unknown technology,
    /// no geometry…): [`Kind::InvalidValue`].
    pub fn invalid_value(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::InvalidValue, path, location, message)
    }

    /// A coordinate that is not a valid WGS 84 position, as read or after
    /// conversion from the layer's CRS: [`Kind::CoordinateOutOfRange`].
    pub fn coordinate_out_of_range(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::CoordinateOutOfRange, path, location, message)
    }

    /// A polygon or ring that is not usable (unclosed, too short, not a
    /// polygon at all): [`Kind::InvalidPolygon`].
    pub fn invalid_polygon(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::InvalidPolygon, path, location, message)
    }

    /// An id used twice: [`Kind::DuplicateId`].
    pub fn duplicate_id(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::DuplicateId, path, location, message)
    }

    /// A site value outside its plausible range (height, power, azimuth,
    /// radius…): [`Kind::ImplausibleSite`].
    pub fn implausible_site(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::ImplausibleSite, path, location, message)
    }

    /// Bad input in `path` at `location`, of kind [`Kind::InvalidValue`].
    /// To be removed: its remaining callers (the scenario file, plans,
    /// maps, gaps) move to the kind-named constructors.
    pub fn input(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::invalid_value(path, location, message)
    }

    /// The kind of problem of an input error; `None` for the other
    /// variants (not tied to a row or feature of a layer).
    pub fn kind(&self) -> Option<Kind> {
        match self {
            Error::Input { kind, .. } => Some(*kind),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Constructor = fn(PathBuf, String, String) -> Error;

    #[test]
    fn each_reader_kind_has_a_typed_constructor() {
        let cases: [(Constructor, Kind); 6] = [
            (
                |p, l, m| Error::unreadable_layer(p, l, m),
                Kind::UnreadableLayer,
            ),
            (|p, l, m| Error::invalid_value(p, l, m), Kind::InvalidValue),
            (
                |p, l, m| Error::coordinate_out_of_range(p, l, m),
                Kind::CoordinateOutOfRange,
            ),
            (
                |p, l, m| Error::invalid_polygon(p, l, m),
                Kind::InvalidPolygon,
            ),
            (|p, l, m| Error::duplicate_id(p, l, m), Kind::DuplicateId),
            (
                |p, l, m| Error::implausible_site(p, l, m),
                Kind::ImplausibleSite,
            ),
        ];
        for (make, kind) in cases {
            // The kind does not depend on the words of the message.
            for message in ["a ring occurs more than once", "is outside [-90, 90]", "x"] {
                let e = make("f.csv".into(), "line 2".into(), message.into());
                assert_eq!(e.kind(), Some(kind), "{e}");
                assert_eq!(e.to_string(), format!("f.csv: line 2: {message}"));
            }
        }
        for kind in Kind::ALL {
            assert_eq!(Error::located(kind, "a", "", "m").kind(), Some(kind));
        }
        assert_eq!(Error::input("a", "", "m").kind(), Some(Kind::InvalidValue));
    }

    #[test]
    fn location_gets_its_separator_once() {
        let a = Error::invalid_value("h.csv", "line 4", "bad").to_string();
        let b = Error::invalid_value("h.csv", "line 4: ", "bad").to_string();
        let c = Error::invalid_value("h.csv", "", "bad").to_string();
        assert_eq!(
            (a.as_str(), b.as_str()),
            ("h.csv: line 4: bad", "h.csv: line 4: bad")
        );
        assert_eq!(c, "h.csv: bad");
    }
}
