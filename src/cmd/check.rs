//! `veiviser check`: every error and warning, for people or for tools and CI
//! platforms, without writing anything.

use std::path::Path;
use std::process::ExitCode;

use veiviser::{build, report};

#[derive(clap::Args)]
pub struct Args {
    /// `text` for people, `json` for tools, `github` for GitHub Actions (workflow
    /// commands, shown as annotations), `gitlab` for GitLab (a Code Quality report).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "github", "gitlab"])]
    format: String,
    /// Check only these municipalities (folder names under municipalities/), with
    /// the regions they extend and, for a region, its members. All when none given.
    #[arg(value_name = "SLUG")]
    only: Vec<String>,
}

pub fn run(root: &Path, Args { format, only }: Args) -> ExitCode {
    let read = if only.is_empty() {
        None
    } else {
        match build::select(root, &only) {
            Ok(selection) => Some(selection.read),
            Err(unknown) => return super::print_each(&unknown),
        }
    };
    let (report, _) = build::analyse_only(root, read.as_ref());
    let prefix = report::repository_prefix(root);
    match format.as_str() {
        "json" => println!("{}", report::to_json(&report)),
        "github" => print!("{}", report::to_github(&report, &prefix)),
        "gitlab" => {
            // The report goes to a file; the job's log shows the findings too.
            println!("{}", report::to_gitlab(&report, &prefix));
            super::print_diagnostics(&report);
        }
        _ => super::print_diagnostics(&report),
    }
    if format != "json" {
        eprintln!(
            "checked {} municipalities: {} error(s), {} warning(s)",
            report.municipalities,
            report.diagnostics.errors().count(),
            report.diagnostics.warnings().count()
        );
    }
    super::exit_code(report.ok())
}
