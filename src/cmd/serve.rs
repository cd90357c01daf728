//! `veiviser serve`: the sites from memory, rebuilt on every edit.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use veiviser::serve;

#[derive(clap::Args)]
pub struct Args {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = serve::DEFAULT_PORT)]
    port: u16,
    /// The address to listen on. Only this machine by default; another address
    /// makes the unfinished sites reachable from the network.
    #[arg(long, default_value_t = IpAddr::from(serve::DEFAULT_BIND))]
    bind: IpAddr,
}

pub fn run(root: &Path, Args { port, bind }: Args) -> ExitCode {
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
    let result = runtime.block_on(serve::run(root, SocketAddr::new(bind, port)));
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
