//! The `veiviser` command: parses the arguments and hands them to the subcommand's
//! own file in `cmd/` (one file per subcommand, as mdBook and Zola do).

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The build allocates many small values (template data, parsed HTML) on every
/// thread; glibc's malloc and free were a quarter of a profile, mimalloc halves that.
/// `--features system-alloc` leaves it out, for heap profilers that watch malloc
/// (heaptrack; see docs/performance.md).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build accessible static sites from municipalities' guides for children, youth and
/// families at risk. Run it in the folder that holds `municipalities/`.
#[derive(Parser)]
#[command(name = "veiviser", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build every municipality under municipalities/ (or those named with --only)
    /// into the output folder.
    Build(cmd::build::Args),
    /// Report every error and warning, grouped per municipality, without writing
    /// anything. Exits non-zero when there is an error.
    Check(cmd::check::Args),
    /// Start a new municipality from a model: standard levels and steps, a toolbox
    /// with the shared forms, and placeholders marked as to-dos.
    New(cmd::new::Args),
    /// Serve the sites from memory on this machine, rebuild on every edit and reload
    /// the browser; build errors show in the terminal and over the page.
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    // First thing, so that no page is faulted in huge before.
    veiviser::memory::without_huge_pages();
    let root = std::path::Path::new(".");
    match Cli::parse().command {
        Command::Build(args) => cmd::build::run(root, args),
        Command::Check(args) => cmd::check::run(root, args),
        Command::New(args) => cmd::new::run(root, args),
        Command::Serve(args) => cmd::serve::run(root, args),
    }
}
