//! One file per subcommand: its arguments and what it does with them.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;

use std::io::IsTerminal;
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use veiviser::build::Report;
use veiviser::report;

/// Every diagnostic, grouped per municipality, with the source line it points at.
fn print_diagnostics(report: &Report) {
    let color = std::io::stderr().is_terminal();
    // Set out first, then written: the diagnostics are drawn on the render threads'
    // pool, and the printer thread must not hold the terminal while it waits for
    // them (a render thread that wrote to it would wait for the printer in turn).
    let mut text = Vec::new();
    let _ = report::write_text(report, color, &mut text);
    // A terminal that went away cannot be told anything more.
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(&text).and_then(|()| stderr.flush());
}

/// Each diagnostic on its own, without source lines: for errors found before any
/// file was read (an unknown municipality).
fn print_each(diagnostics: &[veiviser::diagnostic::Diagnostic]) -> ExitCode {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
    ExitCode::FAILURE
}

/// A spinner while a build runs, only when a person watches the terminal.
fn progress(message: &'static str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner().with_message(message);
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
