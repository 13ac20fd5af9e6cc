//! The library's error type.

use std::path::PathBuf;

/// Everything that can go wrong in the library. Each variant names the file
/// (and where possible the row or feature) so that a user can fix the input.
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
        /// What is wrong and, where possible, what to do.
        message: String,
    },
    /// A problem in the scenario's values that is not tied to one file line.
    #[error("{0}")]
    Invalid(String),
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

    /// Bad input in `path` at `location` (may be empty).
    pub fn input(
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
            message: message.into(),
        }
    }
}
