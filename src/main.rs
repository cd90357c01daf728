use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use veiviser::build::{self, Report};
use veiviser::serve;

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
    },
    /// Report every error and warning without writing anything.
    Check,
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
        Command::Build { out } => {
            let report = build::build(&root, &out);
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
                "built {} municipalities, {} pages ({} files) into {} in {:.2} s",
                report.municipalities,
                report.pages,
                report.files,
                out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Command::Check => {
            let (report, _) = build::analyse(&root);
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

fn print_diagnostics(report: &Report) {
    let color = std::io::stderr().is_terminal();
    for diagnostic in &report.diagnostics.items {
        eprintln!("{}\n", report.sources.render(diagnostic, color));
    }
}
