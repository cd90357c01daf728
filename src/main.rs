use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use veiviser::build::{self, Report};
use veiviser::model::Lang;
use veiviser::{report, scaffold, serve};

/// The build allocates many small values (template data, parsed HTML) on every
/// thread; glibc's malloc and free were a quarter of a profile, mimalloc halves that.
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
    /// Build every municipality under municipalities/ into the output folder.
    Build {
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
    },
    /// Report every error and warning, grouped per municipality, without writing
    /// anything. Exits non-zero when there is an error.
    Check {
        /// `text` for people, `json` for tools.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Start a new municipality from a model: standard levels and steps, a toolbox
    /// with the shared forms, and placeholders marked as to-dos.
    New {
        /// The folder name under municipalities/: a–z, 0–9 and hyphens.
        slug: String,
        /// The model the guide follows.
        #[arg(long, value_parser = ["bti", "bts", "se-meg", "trygg-oppvekst", "plan"])]
        model: String,
        /// `nb` (bokmål) or `nn` (nynorsk).
        #[arg(long, default_value = "nb", value_parser = ["nb", "nn"])]
        lang: String,
    },
    /// Serve the sites from memory on this machine, rebuild on every edit and reload
    /// the browser; build errors show in the terminal and over the page.
    Serve {
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on. Only this machine by default; another address
        /// makes the unfinished sites reachable from the network.
        #[arg(long, default_value_t = IpAddr::from(serve::DEFAULT_BIND))]
        bind: IpAddr,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = PathBuf::from(".");
    let started = Instant::now();
    match cli.command {
        Command::Build { out, drafts, force } => {
            let spinner = progress("building");
            let report = build::build_with(&root, &out, build::Options { drafts, force });
            spinner.finish_and_clear();
            print_diagnostics(&report);
            if !report.ok() {
                eprintln!(
                    "build failed: {} error(s); the previous output in {} is unchanged",
                    report.diagnostics.errors().count(),
                    out.display()
                );
                return ExitCode::FAILURE;
            }
            eprintln!(
                "built {} municipalities, {} pages and {} forms ({} files) into {} in {:.2} s",
                report.municipalities,
                report.pages,
                report.forms,
                report.files,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Command::Check { format } => {
            let (report, _) = build::analyse(&root);
            if format == "json" {
                println!("{}", report::to_json(&report));
                return if report.ok() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                };
            }
            print_diagnostics(&report);
            let errors = report.diagnostics.errors().count();
            let warnings = report.diagnostics.warnings().count();
            eprintln!(
                "checked {} municipalities: {errors} error(s), {warnings} warning(s)",
                report.municipalities
            );
            if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New { slug, model, lang } => {
            let lang = if lang == "nn" { Lang::Nn } else { Lang::Nb };
            let Some(model) = scaffold::Model::parse(&model) else {
                eprintln!("unknown model `{model}`");
                return ExitCode::FAILURE;
            };
            match scaffold::create(&root, &slug, model, lang) {
                Ok(files) => {
                    for file in &files {
                        eprintln!("wrote {}", file.display());
                    }
                    eprintln!(
                        "created municipalities/{slug}/: write its texts where `veiviser check` reports a to-do, then `veiviser build`"
                    );
                    ExitCode::SUCCESS
                }
                Err(diagnostic) => {
                    eprintln!("{diagnostic}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { port, bind } => {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => {
                    eprintln!("cannot serve: {error}");
                    return ExitCode::FAILURE;
                }
            };
            let result = runtime.block_on(serve::run(&root, SocketAddr::new(bind, port)));
            // A rebuild still running on a blocking thread is not waited for.
            runtime.shutdown_timeout(Duration::from_millis(200));
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("cannot serve: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Every diagnostic, grouped per municipality, with the source line it points at.
fn print_diagnostics(report: &Report) {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", report::to_text(report, color));
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
