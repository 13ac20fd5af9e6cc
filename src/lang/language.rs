//! The languages of the text for people.

use super::glossary::Term;
use serde::{Deserialize, Serialize};

/// A language of the text for people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Vietnamese (tiếng Việt).
    Vi,
}

impl Lang {
    /// Every language, in the glossary's column order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The ISO 639-1 code: `"en"` or `"vi"` (also the HTML `lang` attribute).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Vi => "vi",
        }
    }

    /// The glossary's wording of `term` in this language.
    pub fn term(self, term: Term) -> &'static str {
        match self {
            Lang::En => term.en(),
            Lang::Vi => term.vi(),
        }
    }
}

/// A language code that is neither `en` nor `vi`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: use \"vi\" (tiếng Việt) or \"en\" (English)")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Lang::En),
            "vi" | "vietnamese" | "tiếng việt" => Ok(Lang::Vi),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
