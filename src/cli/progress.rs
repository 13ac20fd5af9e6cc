//! Progress bars on stderr (hidden with `--quiet` or when stderr is not a
//! terminal).

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use phusong::engine::Progress;

/// Draws one bar per stage.
pub struct Bars {
    quiet: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    /// Bars, or nothing when `quiet`.
    pub fn new(quiet: bool) -> Self {
        Bars {
            quiet,
            current: Mutex::new(None),
        }
    }
}

impl Progress for Bars {
    fn start(&self, stage: &str, total: u64) {
        if self.quiet {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{prefix:>12.bold} [{bar:30}] {human_pos}/{human_len} {elapsed_precise}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(stage.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        if let Ok(mut c) = self.current.lock() {
            *c = Some(bar);
        }
    }

    fn inc(&self, n: u64) {
        if let Ok(c) = self.current.lock() {
            if let Some(b) = c.as_ref() {
                b.inc(n);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut c) = self.current.lock() {
            if let Some(b) = c.take() {
                b.finish_and_clear();
            }
        }
    }
}
