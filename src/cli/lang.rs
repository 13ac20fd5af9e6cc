//! The `--lang` of this invocation: set once by `main`, applied to every
//! scenario a command loads (over its `[outputs] language`).

use std::sync::OnceLock;

use phusong::lang::Lang;

static LANG: OnceLock<Lang> = OnceLock::new();

/// Remember `--lang` (the first call wins).
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language `--lang` asked for, if any.
pub fn lang_override() -> Option<Lang> {
    LANG.get().copied()
}
