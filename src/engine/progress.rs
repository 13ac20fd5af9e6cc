//! Progress reporting, decoupled from any terminal library: the engine
//! reports stages and work done; the CLI draws bars.

/// Receives progress for the stages of a run.
pub trait Progress: Sync {
    /// A stage starts; `total` is the amount of work (0 when unknown).
    fn start(&self, stage: &str, total: u64);
    /// `n` more units of the current stage are done. Called from many
    /// threads.
    fn inc(&self, n: u64);
    /// The current stage is finished.
    fn finish(&self);
}

/// Discards all progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &str, _: u64) {}
    fn inc(&self, _: u64) {}
    fn finish(&self) {}
}
