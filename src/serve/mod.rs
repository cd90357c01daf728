//! `veiviser serve`: build into memory, serve on this machine, watch the content and
//! rebuild what an edit affects, and reload the browser (or show the build's errors
//! over the page) through server-sent events.
//!
//! - [`site`]: the served files in memory, request paths, content types.
//! - [`watch`]: notify, and what a changed path means for the build.
//! - [`http`]: the axum routes.
//!
//! Rebuilds run one at a time on a blocking thread, so the last good site is served
//! while one runs; edits that arrive meanwhile are built together right after it.

pub mod admin;
mod analysis;
mod fingerprint;
pub mod http;
mod rebuild;
pub mod site;
pub mod watch;

use std::io::{self, IsTerminal};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock, RwLockReadGuard};
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, watch as channel};
use tokio::task::JoinHandle;

use rebuild::Rebuilder;
use site::Site;

/// The address `serve` listens on unless told otherwise: this machine only.
pub const DEFAULT_BIND: [u8; 4] = [127, 0, 0, 1];
pub const DEFAULT_PORT: u16 = 8080;

/// What the browser is told.
#[derive(Debug, Clone)]
pub enum Message {
    /// A build succeeded. JSON: `{"slugs": [...] | null, "rendered": n, "build_ms": n, "since_edit_ms": n | null}`
    /// (`slugs`: the sites whose files changed, null when everything was rebuilt;
    /// `rendered`: how many sites were rendered).
    Reload(String),
    /// A build failed. JSON: `{"errors": [{"location", "file", "line", "column", "message", "help"}]}`.
    Error(String),
}

/// State shared by the requests and the rebuilds.
pub struct Shared {
    site: RwLock<Site>,
    events: broadcast::Sender<Message>,
    /// The `error` event's data while the last build failed.
    error: Mutex<Option<String>>,
    shutdown: channel::Receiver<bool>,
    /// The content root, for the web editor's API (`admin`).
    root: PathBuf,
}

impl Shared {
    fn site(&self) -> RwLockReadGuard<'_, Site> {
        self.site.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn current_error(&self) -> Option<String> {
        self.error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_error(&self, error: Option<String>) {
        *self.error.lock().unwrap_or_else(PoisonError::into_inner) = error;
    }
}

/// A server started by [`start`].
pub struct RunningServer {
    addr: SocketAddr,
    municipalities: usize,
    shared: Arc<Shared>,
    shutdown: channel::Sender<bool>,
    server: JoinHandle<io::Result<()>>,
    rebuilds: JoinHandle<()>,
}

impl RunningServer {
    /// The address the server listens on (with the real port when asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Municipalities in the first build.
    pub fn municipalities(&self) -> usize {
        self.municipalities
    }

    /// The number of files served now.
    pub fn files(&self) -> usize {
        self.shared.site().len()
    }

    /// The bytes of the files served now, together.
    pub fn bytes(&self) -> usize {
        self.shared.site().bytes()
    }

    /// Stop serving and watching: open event streams end, requests in flight finish
    /// (for at most a few seconds).
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let mut server = self.server;
        if tokio::time::timeout(Duration::from_secs(3), &mut server)
            .await
            .is_err()
        {
            server.abort();
        }
        let mut rebuilds = self.rebuilds;
        if tokio::time::timeout(Duration::from_secs(1), &mut rebuilds)
            .await
            .is_err()
        {
            // A rebuild is running on a blocking thread; its result is dropped.
            rebuilds.abort();
        }
    }
}

/// Build the content under `root` into memory, start watching it and serve it on
/// `bind`. Prints the address, and each rebuild, to stderr.
pub async fn start(root: impl Into<PathBuf>, bind: SocketAddr) -> io::Result<RunningServer> {
    let root = root.into();
    let root = root.canonicalize().map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot open the content root {}: {e}", root.display()),
        )
    })?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {bind}: {e}")))?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "WARNING: listening on {addr}, which other machines can reach: anyone on the network can read the unfinished sites. Use the default (127.0.0.1) unless that is what you want."
        );
    }

    let (shutdown_tx, shutdown_rx) = channel::channel(false);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        site: RwLock::new(Site::default()),
        events,
        error: Mutex::new(None),
        shutdown: shutdown_rx.clone(),
        root: root.clone(),
    });

    // Watch before the first build, so that an edit made during it is not lost.
    let (tx, rx) = mpsc::unbounded_channel();
    let watcher = watch::watch(&root, tx)
        .map_err(|e| io::Error::other(format!("cannot watch {}: {e}", root.display())))?;

    let mut rebuilder = Rebuilder::new(root, Arc::clone(&shared), io::stderr().is_terminal());
    let municipalities = rebuilder.first_build().await;
    eprintln!(
        "serving {municipalities} municipalities at http://{addr}/ — watching {}",
        watch::WATCHED.map(|d| format!("{d}/")).join(", ")
    );

    let app = http::router(Arc::clone(&shared), addr.port());
    let server = tokio::spawn(accept(listener, app, shutdown_rx.clone()));
    let rebuilds = tokio::spawn(rebuilder.run(rx, watcher, shutdown_rx));
    Ok(RunningServer {
        addr,
        municipalities,
        shared,
        shutdown: shutdown_tx,
        server,
        rebuilds,
    })
}

/// How long a client may take to send a request's headers. A connection that
/// stalls longer is closed, so stalled clients cannot hold the server's connections.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Accept connections until `stop`, each served by hyper with a header-read timeout
/// (`axum::serve` sets none).
async fn accept(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    stop: channel::Receiver<bool>,
) -> io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let mut stopping = stop.clone();
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = async { let _ = stopping.wait_for(|stopped| *stopped).await; } => return Ok(()),
        };
        let service =
            app.clone()
                .map_request(|request: axum::http::Request<hyper::body::Incoming>| {
                    request.map(axum::body::Body::new)
                });
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = builder.serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(service),
            );
            let mut connection = std::pin::pin!(connection);
            let stopped = async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
            };
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stopped => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
}

/// `veiviser serve`: [`start`], then serve until Ctrl-C.
pub async fn run(root: &Path, bind: SocketAddr) -> io::Result<()> {
    let server = start(root, bind).await?;
    let result = tokio::signal::ctrl_c().await;
    eprintln!("stopping");
    server.shutdown().await;
    result
}
