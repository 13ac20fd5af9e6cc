//! The command-line interface: parses arguments and calls the library.

mod check;
mod progress;
mod run;
mod synth;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// phusong ("phủ sóng": coverage) computes which households are within
/// reach of fibre and inside 4G/5G coverage, commune by commune, and checks
/// a province's digital-transformation targets.
#[derive(Debug, Parser)]
#[command(
    name = "phusong",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Start with `phusong run` (the demo province in data/), then open \
outputs/demo/communes.geojson in QGIS. See README.md for the input formats."
)]
pub struct Cli {
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, global = true, value_name = "N", env = "PHUSONG_THREADS")]
    pub threads: Option<usize>,
    /// No progress bars or summary on the terminal; errors still go to stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute coverage for a scenario and write results.
    #[command(long_about = run::RUN_LONG_ABOUT)]
    Run(run::RunArgs),
    /// Validate every layer of a scenario and report each problem.
    #[command(long_about = check::CHECK_LONG_ABOUT)]
    Check(check::CheckArgs),
    /// Generate a synthetic demo province (deterministic for a seed).
    Synth(synth::SynthArgs),
}

/// Parse arguments, run, and map the outcome to an exit code:
/// 0 success, 1 error in the data or the run, 2 usage error (from clap).
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("error: --threads must be at least 1");
            return ExitCode::from(2);
        }
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            eprintln!("error: cannot start {n} worker threads: {e}");
            return ExitCode::FAILURE;
        }
    }
    let outcome = match &cli.command {
        Command::Run(a) => run::run(a, cli.quiet),
        Command::Check(a) => match check::run(a, cli.quiet) {
            Ok(true) => return ExitCode::FAILURE,
            Ok(false) => Ok(()),
            Err(e) => Err(e),
        },
        Command::Synth(a) => synth::run(a, cli.quiet),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
