//! `veiviser build`: write the sites, all or some, all-or-nothing or as many as
//! build.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use veiviser::build::{self, Published, Report};

#[derive(clap::Args)]
pub struct Args {
    /// The output folder; it is replaced only when the whole build succeeds.
    #[arg(long, default_value = "public")]
    out: PathBuf,
    /// Publish drafts too (chapters and steps marked `unfilled: true`), marked as
    /// drafts: for reviewing them, not for citizens.
    #[arg(long)]
    drafts: bool,
    /// Replace the output folder even if veiviser did not write it (or files in
    /// it that veiviser did not write): they are deleted.
    #[arg(long)]
    force: bool,
    /// Build only these municipalities (folder names; a region brings its members);
    /// the others keep the output they have in the output folder.
    #[arg(long, value_name = "SLUG", num_args = 1..)]
    only: Vec<String>,
    /// Publish every municipality that builds; one with errors keeps its current
    /// output (or stays out if it has none). Exits non-zero naming those not built.
    #[arg(long)]
    keep_going: bool,
    /// How many municipalities to read, check and render at a time (the output is
    /// the same whatever it is); for tests of a large country on a small one.
    #[arg(long, hide = true, value_name = "N")]
    sites_at_once: Option<usize>,
}

pub fn run(root: &Path, args: Args) -> ExitCode {
    veiviser::memory::purge_promptly();
    let started = Instant::now();
    let options = build::Options {
        drafts: args.drafts,
        force: args.force,
        sites_at_once: args.sites_at_once,
    };
    if args.only.is_empty() && !args.keep_going {
        let spinner = super::progress("building");
        // A large country's diagnostics are written as each group of sites is
        // checked, not held to the end, by a thread of their own: the build goes on
        // while they are set out (30 000 warnings, a third of a second's work). At
        // most two groups' wait to be printed, so they are not held either.
        let (parts, printed) = std::sync::mpsc::sync_channel::<Report>(2);
        let printer = {
            let spinner = spinner.clone();
            std::thread::spawn(move || {
                for part in printed {
                    spinner.suspend(|| super::print_diagnostics(&part));
                }
            })
        };
        let report = build::build_streaming(root, &args.out, options, &mut |part| {
            // The printer only stops when this sender is gone.
            let _ = parts.send(part);
        });
        drop(parts);
        // Printed in order: what was streamed, then what the report kept.
        let _ = printer.join();
        spinner.finish_and_clear();
        super::print_diagnostics(&report);
        if !report.ok() {
            return failed(&report, &args.out);
        }
        built(&report, report.municipalities, &args.out, started);
        return ExitCode::SUCCESS;
    }
    let selection = if args.only.is_empty() {
        None
    } else {
        match build::select(root, &args.only) {
            Ok(selection) => Some(selection),
            Err(unknown) => return super::print_each(&unknown),
        }
    };
    let spinner = super::progress("building");
    let published = build::build_partial(
        root,
        &args.out,
        options,
        selection.as_ref(),
        args.keep_going,
    );
    spinner.finish_and_clear();
    super::print_diagnostics(&published.report);
    if !published.written {
        return failed(&published.report, &args.out);
    }
    built(&published.report, published.built.len(), &args.out, started);
    if !published.kept.is_empty() {
        eprintln!(
            "kept the output as it was for: {}",
            build::names(&published.kept)
        );
    }
    report_failed(&published)
}

/// Name the municipalities `--keep-going` left unpublished, and what became of each.
fn report_failed(published: &Published) -> ExitCode {
    if published.failed.is_empty() {
        return ExitCode::SUCCESS;
    }
    let (kept, absent): (Vec<&String>, Vec<&String>) = published
        .failed
        .iter()
        .partition(|slug| published.kept.contains(*slug));
    let join = |names: Vec<&String>| names.into_iter().cloned().collect::<Vec<_>>().join(", ");
    eprintln!(
        "not built because of errors (their own or their region's): {}",
        build::names(&published.failed)
    );
    if !kept.is_empty() {
        eprintln!("  still published from the last good build: {}", join(kept));
    }
    if !absent.is_empty() {
        eprintln!(
            "  not published (no earlier output) and left out of the list of sites: {}",
            join(absent)
        );
    }
    ExitCode::FAILURE
}

fn failed(report: &Report, out: &Path) -> ExitCode {
    eprintln!(
        "build failed: {} error(s); the previous output in {} is unchanged",
        report.errors(),
        out.display()
    );
    ExitCode::FAILURE
}

fn built(report: &Report, municipalities: usize, out: &Path, started: Instant) {
    eprintln!(
        "built {} municipalities, {} pages and {} forms ({} files) into {} in {:.2} s",
        municipalities,
        report.pages,
        report.forms,
        report.files,
        out.display(),
        started.elapsed().as_secs_f64()
    );
}
