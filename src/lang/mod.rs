//! The language of text for people: map titles and legends, the Markdown
//! and HTML reports, the console. Machine-readable outputs (CSV and
//! GeoJSON field names, `summary.json` keys) never change with it.
//!
//! Every term comes from one [glossary](glossary) so that a native speaker
//! can review them in one place (the README shows the table), and numbers
//! and dates follow the language's conventions ([`Lang::number`],
//! [`Lang::percent`], [`Lang::date`]).
//!
//! ```
//! use phusong::lang::{Lang, Term};
//! let vi: Lang = "vi".parse().unwrap();
//! assert_eq!(vi.term(Term::Households), "hộ gia đình");
//! assert_eq!(vi.count(1_234_567), "1.234.567");
//! assert_eq!(Lang::En.percent(0.666, 1), "66.6%");
//! ```

mod format;
pub mod glossary;
mod language;

pub use format::fill;
pub use glossary::Term;
pub use language::{Lang, UnknownLang};
