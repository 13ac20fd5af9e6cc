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
    /// A scenario or parameter value that cannot be used.
    #[error("{message}")]
    Config {
        /// The key (or table) at fault, e.g. `reliability`,
        /// `freq_mhz`, `indoor_loss.sigma_db`.
        key: String,
        /// What is wrong, naming the key, and what to do.
        message: String,
    },
    /// One site whose radio values make its link budget meaningless.
    #[error("{site}: {source}")]
    Site {
        /// The site, as named in messages (`site "S1" (line 4)`).
        site: String,
        /// What is wrong with its values.
        source: Box<Error>,
    },
    /// The data as a whole cannot give a result (no valid coordinate, a
    /// commune without interior…), though no single row is at fault.
    #[error("{0}")]
    Data(String),
    /// An output that cannot be produced (too large a grid, a band with
    /// no range…).
    #[error("{0}")]
    Output(String),
    /// A map or chart that cannot be drawn.
    #[error("{0}")]
    Render(String),
    /// Building or reading a result table failed.
    #[error("{doing}: {source}")]
    Table {
        /// What was being done ("adding indicators").
        doing: String,
        /// The table library's error.
        source: polars::error::PolarsError,
    },
    /// The data checks found errors, and the run was not told to skip bad
    /// rows ([`crate::pipeline::Options::allow_invalid`]).
    #[error("{first}{}", more_errors(*more, scenario))]
    Rejected {
        /// The first error, as `phusong check` prints it.
        first: String,
        /// How many more errors the checks found.
        more: usize,
        /// The scenario file.
        scenario: PathBuf,
    },
    /// A layer cannot be read at all, so even skipping bad rows leaves
    /// nothing to compute on.
    #[error("a layer cannot be read, even with --allow-invalid (see the errors above)")]
    Unreadable,
}

fn more_errors(more: usize, scenario: &std::path::Path) -> String {
    if more == 0 {
        return String::new();
    }
    format!(
        " (and {more} more errors: `phusong check {}` lists them; --allow-invalid runs anyway)",
        scenario.display()
    )
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

    /// A geometry of the wrong type for its layer (a LineString commune or
    /// household): [`Kind::WrongGeometryType`].
    pub fn wrong_geometry_type(
        path: impl Into<PathBuf>,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::located(Kind::WrongGeometryType, path, location, message)
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

    /// A scenario or parameter value that cannot be used: `key` names it,
    /// `message` says what is wrong (and is the whole text shown).
    pub fn config(key: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Config {
            key: key.into(),
            message: message.into(),
        }
    }

    /// A result table that could not be built or read while `doing`.
    pub fn table(doing: impl Into<String>, source: polars::error::PolarsError) -> Self {
        Error::Table {
            doing: doing.into(),
            source,
        }
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
        let cases: [(Constructor, Kind); 7] = [
            (
                |p, l, m| Error::wrong_geometry_type(p, l, m),
                Kind::WrongGeometryType,
            ),
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

    #[test]
    fn typed_variants_show_their_message() {
        let e = Error::config(
            "reliability",
            "reliability must be strictly between 0 and 1",
        );
        assert_eq!(
            e.to_string(),
            "reliability must be strictly between 0 and 1"
        );
        assert_eq!(e.kind(), None);
        let s = Error::Site {
            site: "site \"S1\"".into(),
            source: Box::new(Error::config("freq_mhz", "freq_mhz must be positive")),
        };
        assert_eq!(s.to_string(), "site \"S1\": freq_mhz must be positive");
    }
}
