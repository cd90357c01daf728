//! `veiviser serve`: pages from memory with the reload script, no way out of the
//! site, and live reload (or the build's errors) after an edit.
//!
//! The requests are written by hand on a TCP socket, so that paths like `/../x` reach
//! the server exactly as written (an HTTP client library would tidy them up).

mod common;

use std::fs;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::Fixture;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use veiviser::serve::{self, site::RELOAD_TAG, RunningServer};

/// Generous, so that a slow machine cannot fail the tests; nothing waits this long
/// when things work.
const PATIENCE: Duration = Duration::from_secs(10);

/// A copy of the serve-deps fixture: three sites (alfa, beta, gamma) that show
/// different parts of its shared content.
fn serve_deps() -> Fixture {
    let fixture = Fixture::empty();
    common::copy_dir(
        &common::repo().join("tests/fixtures/serve-deps"),
        fixture.root(),
    );
    fixture
}

async fn start(fixture: &Fixture) -> RunningServer {
    let bind = SocketAddr::from(([127, 0, 0, 1], 0));
    let server = timeout(Duration::from_secs(60), serve::start(fixture.root(), bind))
        .await
        .expect("the server starts in time")
        .expect("the server starts");
    assert!(server.addr().ip().is_loopback());
    assert_ne!(server.addr().port(), 0, "port 0 becomes a real port");
    server
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// Send `request_line` (e.g. `GET /x HTTP/1.1`) as it is; `None` when the server
/// closed the connection without an answer.
async fn raw_request(addr: SocketAddr, request_line: &[u8]) -> Option<Response> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut request = request_line.to_vec();
    request.extend_from_slice(b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).await.expect("send");
    let mut raw = Vec::new();
    timeout(PATIENCE, stream.read_to_end(&mut raw))
        .await
        .expect("the server answers in time")
        .ok()?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut decoder = Dechunker::default();
        body = decoder.push(&body);
    }
    Some(Response { status, head, body })
}

async fn get(addr: SocketAddr, path: &str) -> Response {
    raw_request(addr, format!("GET {path} HTTP/1.1").as_bytes())
        .await
        .unwrap_or_else(|| panic!("no answer to GET {path}"))
}

/// Decodes `Transfer-Encoding: chunked` as the bytes come in.
#[derive(Default)]
struct Dechunker {
    pending: Vec<u8>,
}

impl Dechunker {
    fn push(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(end) = self.pending.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&self.pending[..end]).into_owned();
            let size_text = size_text.split(';').next().unwrap_or_default().trim();
            let Ok(size) = usize::from_str_radix(size_text, 16) else {
                break;
            };
            if self.pending.len() < end + 2 + size + 2 {
                break;
            }
            out.extend_from_slice(&self.pending[end + 2..end + 2 + size]);
            self.pending.drain(..end + 2 + size + 2);
            if size == 0 {
                break;
            }
        }
        out
    }
}

/// A subscription to `/__veiviser/events`, read as raw server-sent events.
struct Events {
    stream: TcpStream,
    chunks: Dechunker,
    text: String,
}

impl Events {
    async fn subscribe(addr: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(b"GET /__veiviser/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .await
            .expect("send");
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            let n = timeout(PATIENCE, stream.read(&mut byte))
                .await
                .expect("headers in time")
                .expect("read");
            assert_eq!(n, 1, "the event stream closed");
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
        assert!(head.starts_with("http/1.1 200"), "{head}");
        assert!(head.contains("content-type: text/event-stream"), "{head}");
        let mut events = Events {
            stream,
            chunks: Dechunker::default(),
            text: String::new(),
        };
        // The server's greeting: from here on, every change is seen.
        events.next_block().await;
        events
    }

    /// The next block of the stream (an event, a comment or a keep-alive).
    async fn next_block(&mut self) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(end) = self.text.find("\n\n") {
                let block = self.text[..end].to_string();
                self.text.drain(..end + 2);
                return block;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let mut buffer = [0u8; 4096];
            let n = timeout(left, self.stream.read(&mut buffer))
                .await
                .expect("an event in time")
                .expect("read");
            assert!(n > 0, "the event stream closed");
            let decoded = self.chunks.push(&buffer[..n]);
            self.text.push_str(&String::from_utf8_lossy(&decoded));
        }
    }

    /// The data of the next event called `name` (or of `error`, which fails the
    /// test when a `reload` was expected), and when it arrived.
    async fn next(&mut self, name: &str) -> (String, Instant) {
        loop {
            let block = self.next_block().await;
            let mut event = "message";
            let mut data = String::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    event = value.trim();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                }
            }
            if event == name {
                return (data, Instant::now());
            }
            assert!(
                !(name == "reload" && event == "error"),
                "expected a reload, got an error: {data}"
            );
        }
    }
}

/// The sites the next reload says were rebuilt (`null`: all of them).
async fn rebuilt(events: &mut Events) -> serde_json::Value {
    let (data, _) = events.next("reload").await;
    let value: serde_json::Value = serde_json::from_str(&data).expect("JSON");
    value["slugs"].clone()
}

/// Save like an editor: write a temporary file beside it and rename it over.
fn save(fixture: &Fixture, rel: &str, text: &str) {
    let path = fixture.root().join(rel);
    let temp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().expect("name").to_string_lossy()
    ));
    fs::write(&temp, text).expect("write");
    fs::rename(&temp, &path).expect("rename");
}

fn page(text: &str) -> String {
    format!("---\ntitle: Om veilederen\ntier: municipality\n---\n{text} Se [steget](step:0.1).\n")
}

fn number(data: &str, field: &str) -> Option<u64> {
    let value: serde_json::Value = serde_json::from_str(data).ok()?;
    value.get(field)?.as_u64()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_every_page_from_memory_with_the_reload_script() {
    let fixture = Fixture::valid();
    let server = start(&fixture).await;
    assert_eq!(server.municipalities(), 1);
    let addr = server.addr();

    for path in [
        "/",
        "/index.html",
        "/test/",
        "/test/index.html",
        "/test/om/",
    ] {
        let response = get(addr, path).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type").as_deref(),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert_eq!(
            response.header("cache-control").as_deref(),
            Some("no-store")
        );
        let html = response.text();
        assert_eq!(html.matches(RELOAD_TAG).count(), 1, "{path}");
        assert!(
            html.find(RELOAD_TAG) < html.rfind("</body>"),
            "{path}: before </body>"
        );
    }
    assert!(get(addr, "/test/om/")
        .await
        .text()
        .contains("Om veilederen"));

    // A folder without its slash is redirected, so that relative links work.
    let response = get(addr, "/test").await;
    assert_eq!(response.status, 308);
    assert_eq!(response.header("location").as_deref(), Some("/test/"));

    let script = get(addr, "/__veiviser/reload.js").await;
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/javascript")));
    assert!(script
        .text()
        .contains("new EventSource('/__veiviser/events')"));

    let css = get(addr, "/assets/style.css").await;
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.text().contains(RELOAD_TAG));

    let missing = get(addr, "/test/finnes-ikke/").await;
    assert_eq!(missing.status, 404);
    assert!(missing
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    assert!(missing.text().contains(RELOAD_TAG));
    let missing = get(addr, "/finnes-ikke.html").await;
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(RELOAD_TAG));

    let post = raw_request(addr, b"POST /test/ HTTP/1.1\r\nContent-Length: 0").await;
    assert_eq!(post.map(|r| r.status), Some(405));

    // Serving wrote nothing: no output folder, and `build` output has no script.
    assert!(!fixture.out().exists(), "serve writes no files");
    server.shutdown().await;
    common::assert_ok(&fixture.build());
    for (path, bytes) in common::files(&fixture.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__veiviser"),
            "{}: the reload script is only added when serving",
            path.display()
        );
    }
}

/// Every file `build` would write is served, byte for byte (pages with the reload
/// script added), after the first build and after a rebuild of one site.
/// Every file a fresh build of `root` makes is served with the same bytes (pages
/// with the reload script). Returns the number of files.
async fn assert_serves_a_fresh_build(
    addr: SocketAddr,
    root: &std::path::Path,
    round: &str,
) -> usize {
    let (report, files) = veiviser::build::build_in_memory(root, None);
    common::assert_ok(&report);
    let files = files.expect("files");
    assert!(files.len() > 10);
    for file in &files {
        let path = file.path.to_string_lossy().replace('\\', "/");
        let response = get(addr, &format!("/{path}")).await;
        assert_eq!(response.status, 200, "{round}: /{path}");
        let expected = if file.is_html() {
            serve::site::inject_reload(&file.bytes)
        } else {
            file.bytes.to_vec()
        };
        assert!(response.body == expected, "{round}: /{path} differs");
    }
    files.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_exactly_what_build_renders() {
    let fixture = Fixture::valid();
    fixture.write(
        "municipalities/andre/site.yaml",
        "name: Andre kommune\nlanguage: nn\ntitle: Rettleiar\n",
    );
    fixture.write(
        "municipalities/andre/pages/om.md",
        "---\ntitle: Om rettleiaren\n---\nTekst.\n",
    );
    // A fillable form, to see that an edited definition gets new PDF and ODT files
    // (serve keeps the documents of unchanged definitions between builds).
    let form = |label: &str| {
        format!("title: Referat\nsections:\n  - fields:\n      - id: dato\n        type: date\n        label: {label}\n")
    };
    fixture.write("municipalities/andre/forms/referat.yaml", &form("Dato"));
    fixture.write(
        "municipalities/andre/toolbox.yaml",
        "items:\n  - id: referat\n    form: referat\n    title: Referat\n    kind: form\n",
    );
    let server = start(&fixture).await;
    let addr = server.addr();
    let count = assert_serves_a_fresh_build(addr, fixture.root(), "first build").await;
    assert_eq!(server.files(), count, "nothing more is served");

    let mut events = Events::subscribe(addr).await;
    save(
        &fixture,
        "municipalities/test/pages/om.md",
        &page("Ny tekst."),
    );
    events.next("reload").await;
    fixture.write(
        "municipalities/andre/pages/ny.md",
        "---\ntitle: Ny side\n---\nNy.\n",
    );
    events.next("reload").await;
    let pdf_before = get(addr, "/andre/skjema/referat/referat.pdf").await;
    assert_eq!(pdf_before.status, 200);
    save(
        &fixture,
        "municipalities/andre/forms/referat.yaml",
        &form("Dato for møtet"),
    );
    events.next("reload").await;
    let pdf_after = get(addr, "/andre/skjema/referat/referat.pdf").await;
    assert!(
        pdf_after.body != pdf_before.body,
        "the edited form's PDF is new"
    );
    let count = assert_serves_a_fresh_build(addr, fixture.root(), "after rebuilds").await;
    assert_eq!(server.files(), count, "nothing more is served");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_outside_the_site_is_served() {
    let fixture = Fixture::valid();
    // Secrets beside the content, reachable through symlinks inside it.
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = "TOP-SECRET-not-for-the-web";
    fs::write(outside.path().join("secret.txt"), secret).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(outside.path(), fixture.root().join("leak")).expect("symlink");
        symlink(
            outside.path(),
            fixture.root().join("municipalities/test/leak"),
        )
        .expect("symlink");
        // A link inside the theme makes the build fail (tests/hardening.rs,
        // `no_file_is_read_through_a_link`), so it is not planted here.
    }
    let server = start(&fixture).await;
    let addr = server.addr();
    let cargo_toml = fs::read_to_string(common::repo().join("Cargo.toml")).expect("Cargo.toml");
    let leaked = |body: &str| {
        body.contains(secret)
            || body.contains("[package]")
            || body.contains("root:x:0:0")
            || body.contains(&cargo_toml)
    };

    let paths = [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/x",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/test/%2E%2E/%2E%2E/etc/passwd",
        "/test/..%2fx",
        "/test/..%2f..%2fCargo.toml",
        "/test/%252e%252e/%252e%252e/Cargo.toml",
        "/test/%2e%2e%5c%2e%2e%5cCargo.toml",
        "//etc/passwd",
        "///etc/passwd",
        "/test/./index.html",
        "/test%00.html",
        "/test/index.html%00",
        "/C:/Windows/win.ini",
        "/leak/secret.txt",
        "/test/leak/secret.txt",
        "/assets/leak.txt",
        "/Cargo.toml",
        "/municipalities/test/site.yaml",
        "/themes/default/templates/base.html",
    ];
    for path in paths {
        let response = get(addr, path).await;
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        assert!(!leaked(&response.text()), "{path} leaked a file");
    }
    // Requests a parser may refuse before they reach the site: a backslash, a raw
    // NUL, an absolute URL for a file. No answer at all is fine; a file is not.
    for line in [
        &b"GET /test\\..\\..\\Cargo.toml HTTP/1.1"[..],
        b"GET /test/\0/x HTTP/1.1",
        b"GET file:///etc/passwd HTTP/1.1",
        b"GET http://127.0.0.1/../Cargo.toml HTTP/1.1",
        b"GET ../Cargo.toml HTTP/1.1",
    ] {
        let shown = String::from_utf8_lossy(line).into_owned();
        if let Some(response) = raw_request(addr, line).await {
            assert!(
                matches!(response.status, 400 | 404),
                "{shown}: {}",
                response.status
            );
            assert!(!leaked(&response.text()), "{shown} leaked a file");
        }
    }

    // A client that never finishes its request holds up no one.
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    slow.write_all(b"GET /test/ HTTP/1.1\r\nHost: 127.0")
        .await
        .expect("send");
    let started = Instant::now();
    assert_eq!(get(addr, "/test/").await.status, 200);
    println!(
        "a request beside a stalled one took {} ms",
        started.elapsed().as_millis()
    );
    drop(slow);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_reloads_the_browser_and_an_error_shows_until_fixed() {
    let fixture = Fixture::valid();
    let server = start(&fixture).await;
    let addr = server.addr();
    let mut events = Events::subscribe(addr).await;

    // Edits to one page, saved as editors do; each one is built and announced.
    let mut latencies = Vec::new();
    for round in 1..=5 {
        let text = format!("Endret tekst nummer {round}.");
        let saved = Instant::now();
        save(&fixture, "municipalities/test/pages/om.md", &page(&text));
        let (data, arrived) = events.next("reload").await;
        let latency = arrived.duration_since(saved);
        latencies.push(latency);
        println!(
            "edit {round}: reload event {} ms after the save (server: build {:?} ms, {:?} ms after the file event)",
            latency.as_millis(),
            number(&data, "build_ms"),
            number(&data, "since_edit_ms"),
        );
        assert!(data.contains("\"test\""), "{data}");
        let html = get(addr, "/test/om/").await.text();
        assert!(html.contains(&text), "the new text is served");
        assert!(html.contains(RELOAD_TAG));
    }
    latencies.sort();
    println!(
        "edit → reload event: min {} ms, median {} ms, max {} ms",
        latencies[0].as_millis(),
        latencies[latencies.len() / 2].as_millis(),
        latencies[latencies.len() - 1].as_millis()
    );

    // Broken YAML: an error event naming the file and line; the last good site stays.
    let broken = "items:\n  - id: skjema\n    number: 1\n    title: [Undringsskjema\n";
    save(&fixture, "municipalities/test/toolbox.yaml", broken);
    let (data, _) = events.next("error").await;
    println!("error event: {data}");
    let error: serde_json::Value = serde_json::from_str(&data).expect("JSON");
    let errors = error["errors"].as_array().expect("a list of errors");
    assert!(!errors.is_empty());
    let first = &errors[0];
    assert!(
        first["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("toolbox.yaml")),
        "{data}"
    );
    assert!(first["line"].as_u64().is_some_and(|l| l > 0), "{data}");
    assert!(first["location"]
        .as_str()
        .is_some_and(|l| l.contains("toolbox.yaml:")));
    assert!(first["message"].as_str().is_some_and(|m| !m.is_empty()));
    let response = get(addr, "/test/om/").await;
    assert_eq!(response.status, 200, "the last good page is still served");
    assert!(response.text().contains("Endret tekst nummer 5."));

    // A page opened (or reloaded) while the build is broken is told at once.
    let mut late = Events::subscribe(addr).await;
    let (late_data, _) = late.next("error").await;
    assert_eq!(late_data, data);

    // An edit elsewhere while it is broken does not hide the error.
    save(
        &fixture,
        "municipalities/test/pages/om.md",
        &page("Mens feilen står."),
    );
    let (data, _) = events.next("error").await;
    assert!(data.contains("toolbox.yaml"), "{data}");

    // Fixed: a reload, with both changes built.
    let fixed =
        "items:\n  - id: skjema\n    number: 1\n    title: Undringsskjema\n    kind: form\n";
    save(&fixture, "municipalities/test/toolbox.yaml", fixed);
    let (data, _) = events.next("reload").await;
    assert!(data.contains("\"test\""), "{data}");
    assert!(get(addr, "/test/om/")
        .await
        .text()
        .contains("Mens feilen står."));

    // A deleted page disappears.
    fs::remove_file(fixture.root().join("municipalities/test/pages/om.md")).expect("remove");
    events.next("reload").await;
    assert_eq!(get(addr, "/test/om/").await.status, 404);
    assert_eq!(get(addr, "/test/").await.status, 200);

    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_to_a_region_rebuilds_its_members_only() {
    let fixture = Fixture::region();
    fixture.write(
        "municipalities/eiga/site.yaml",
        "name: Eiga kommune\nlanguage: nn\ntitle: Eigen plan\n",
    );
    fixture.write(
        "municipalities/eiga/pages/eigen.md",
        "---\ntitle: Eigen side\n---\nBerre her.\n",
    );
    fixture.write(
        "municipalities/medlem/pages/eigen.md",
        "---\ntitle: Medlemmets side\n---\nFørst.\n",
    );
    let server = start(&fixture).await;
    let addr = server.addr();
    assert_eq!(server.municipalities(), 3);
    let mut events = Events::subscribe(addr).await;

    save(
        &fixture,
        "municipalities/region/pages/felles.md",
        "---\ntitle: Felles kapittel\n---\nNy felles tekst.\n",
    );
    assert_eq!(
        rebuilt(&mut events).await,
        serde_json::json!(["medlem", "region"])
    );
    assert!(get(addr, "/medlem/felles/")
        .await
        .text()
        .contains("Ny felles tekst."));
    assert_eq!(get(addr, "/eiga/eigen/").await.status, 200, "untouched");

    save(
        &fixture,
        "municipalities/eiga/pages/eigen.md",
        "---\ntitle: Eigen side\n---\nEndra.\n",
    );
    assert_eq!(rebuilt(&mut events).await, serde_json::json!(["eiga"]));

    // A member's own page: only the member is rebuilt, read with its region (whose
    // chapters it inherits); the front page listing all sites stays as it was.
    save(
        &fixture,
        "municipalities/medlem/pages/eigen.md",
        "---\ntitle: Medlemmets side\n---\nBerre medlemmet.\n",
    );
    assert_eq!(rebuilt(&mut events).await, serde_json::json!(["medlem"]));
    let count = assert_serves_a_fresh_build(addr, fixture.root(), "after member edits").await;
    assert_eq!(server.files(), count, "nothing more is served");

    // The theme is shared: everything is rebuilt.
    let css = fixture.root().join("themes/default/static/style.css");
    let mut style = fs::read_to_string(&css).expect("style.css");
    style.push_str("\n.serve-test{color:red}\n");
    save(&fixture, "themes/default/static/style.css", &style);
    assert!(rebuilt(&mut events).await.is_null(), "all sites");
    assert!(get(addr, "/assets/style.css")
        .await
        .text()
        .contains(".serve-test"));
    assert_eq!(get(addr, "/medlem/felles/").await.status, 200);
    assert_eq!(get(addr, "/eiga/").await.status, 200);

    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_clients_are_cut_off_and_others_still_served() {
    let fixture = Fixture::valid();
    let server = start(&fixture).await;
    let addr = server.addr();
    // 200 clients that start a request and never finish its headers.
    let mut stalled = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(b"GET /test/ HTTP/1.1\r\nHost: 127.0")
            .await
            .expect("send");
        stalled.push(stream);
    }
    let started = Instant::now();
    assert_eq!(get(addr, "/test/").await.status, 200);
    println!(
        "beside 200 stalled clients a request took {} ms",
        started.elapsed().as_millis()
    );
    // After the header-read timeout the server has closed every stalled connection.
    tokio::time::sleep(serve::HEADER_READ_TIMEOUT + Duration::from_secs(1)).await;
    let mut closed = 0;
    for stream in &mut stalled {
        let mut buffer = [0u8; 512];
        match timeout(Duration::from_secs(2), stream.read(&mut buffer)).await {
            // Closed (0 bytes, after an optional 408 answer) or reset.
            Ok(Ok(0)) | Ok(Err(_)) => closed += 1,
            Ok(Ok(_)) => {
                let rest = timeout(Duration::from_secs(2), stream.read(&mut buffer)).await;
                if matches!(rest, Ok(Ok(0)) | Ok(Err(_))) {
                    closed += 1;
                }
            }
            Err(_) => {}
        }
    }
    assert_eq!(closed, 200, "stalled connections still open");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_requests_to_this_machine_are_answered() {
    let fixture = Fixture::valid();
    let server = start(&fixture).await;
    let addr = server.addr();
    let port = addr.port();
    for (host, status) in [
        (format!("127.0.0.1:{port}"), 200),
        (format!("localhost:{port}"), 200),
        ("127.0.0.1".to_string(), 200),
        (format!("evil.example:{port}"), 421),
        ("evil.example".to_string(), 421),
        (format!("127.0.0.1:{}", port.wrapping_add(1)), 421),
    ] {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(
                format!("GET /test/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            )
            .await
            .expect("send");
        let mut raw = Vec::new();
        timeout(PATIENCE, stream.read_to_end(&mut raw))
            .await
            .expect("an answer in time")
            .expect("read");
        let head = String::from_utf8_lossy(&raw);
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status}")),
            "Host: {host}: {}",
            head.lines().next().unwrap_or_default()
        );
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_survives_a_deep_page_and_a_fifo_and_recovers_when_fixed() {
    let fixture = Fixture::valid();
    let server = start(&fixture).await;
    let addr = server.addr();
    let mut events = Events::subscribe(addr).await;

    // 3,000 nested <b>: once a stack overflow that ended the server.
    save(
        &fixture,
        "municipalities/test/pages/om.md",
        &page(&"<b>".repeat(3000)),
    );
    let (data, _) = events.next("error").await;
    assert!(data.contains("levels deep"), "{data}");
    assert_eq!(
        get(addr, "/test/").await.status,
        200,
        "the last good site is served"
    );

    // A FIFO among the pages: refused, and later edits are still built.
    #[cfg(unix)]
    {
        let fifo = fixture.root().join("municipalities/test/pages/ror.md");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let (data, _) = events.next("error").await;
        assert!(
            data.contains("not a regular file") || data.contains("levels deep"),
            "{data}"
        );
        fs::remove_file(&fifo).expect("remove fifo");
        let _ = events.next("error").await;
    }

    save(
        &fixture,
        "municipalities/test/pages/om.md",
        &page("Rettet tekst."),
    );
    events.next("reload").await;
    let response = get(addr, "/test/om/").await;
    assert_eq!(response.status, 200);
    assert!(response.text().contains("Rettet tekst."));
    server.shutdown().await;
}

/// Every file a fresh build of `root` makes, as served now: each must be served with
/// the same bytes as the build's (pages with the reload script), and nothing else.
async fn served_files(
    server: &RunningServer,
    root: &std::path::Path,
    round: &str,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (report, files) = veiviser::build::build_in_memory(root, None);
    common::assert_ok(&report);
    let files = files.expect("files");
    let mut served = std::collections::BTreeMap::new();
    for file in &files {
        let path = file.path.to_string_lossy().replace('\\', "/");
        let response = get(server.addr(), &format!("/{path}")).await;
        assert_eq!(response.status, 200, "{round}: /{path}");
        let expected = if file.is_html() {
            serve::site::inject_reload(&file.bytes)
        } else {
            file.bytes.to_vec()
        };
        assert!(
            response.body == expected,
            "{round}: /{path} is not what a full build makes of it"
        );
        served.insert(path, response.body);
    }
    assert_eq!(
        server.files(),
        files.len(),
        "{round}: nothing more is served"
    );
    served
}

/// The files whose bytes differ between two snapshots.
fn changed(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut keys: Vec<String> = before
        .iter()
        .filter(|(path, bytes)| after.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect();
    keys.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    keys.sort();
    keys
}

/// The sites (first folders) of `paths`.
fn sites_of(paths: &[String]) -> Vec<&str> {
    let mut sites: Vec<&str> = paths
        .iter()
        .map(|p| p.split('/').next().unwrap_or_default())
        .collect();
    sites.dedup();
    sites
}

/// An edit to a shared file (the guidance catalogue, a library form, the glossary)
/// renders again only the sites whose pages show it: the reload names exactly them,
/// the pages that changed are theirs, and every file served, changed or not, is the
/// one a full build makes of the edited content.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_edit_renders_again_only_the_sites_that_show_it() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    assert_eq!(server.municipalities(), 3);
    let mut events = Events::subscribe(server.addr()).await;
    let root = fixture.root();
    let mut before = served_files(&server, root, "first build").await;
    let edit = |rel: &str, from: &str, to: &str| {
        let text = fs::read_to_string(root.join(rel)).expect("read");
        assert!(text.contains(from), "{rel} holds {from:?}");
        save(&fixture, rel, &text.replacen(from, to, 1));
    };

    // The title of an entry only `alfa` lists.
    edit(
        "content/guidance.yaml",
        "Lov om barnevern (barnevernsloven)",
        "Lov om barnevern (barnevernsloven, endret)",
    );
    assert_eq!(rebuilt(&mut events).await, serde_json::json!(["alfa"]));
    let after = served_files(&server, root, "guidance entry").await;
    let diff = changed(&before, &after);
    assert!(
        diff.contains(&"alfa/foringer/index.html".to_string()),
        "{diff:?}"
    );
    assert_eq!(sites_of(&diff), ["alfa"], "{diff:?}");
    before = after;

    // A field of the library form only `alfa` offers: its page, PDF and ODT.
    edit(
        "content/forms/nb/referat.yaml",
        "label: Tema for møtet",
        "label: Tema for møtet i dag",
    );
    assert_eq!(rebuilt(&mut events).await, serde_json::json!(["alfa"]));
    let after = served_files(&server, root, "library form").await;
    let diff = changed(&before, &after);
    for file in ["index.html", "referat.pdf", "referat.odt"] {
        let path = format!("alfa/skjema/referat/{file}");
        assert!(diff.contains(&path), "{path} changed: {diff:?}");
    }
    assert_eq!(sites_of(&diff), ["alfa"], "{diff:?}");
    before = after;

    // A definition in the national glossary: a site's glossary page lists the terms
    // its pages use. `beta` uses this one; `alfa` does not (its model changes, but
    // in a term no file of it shows: it is not rendered, nor its browsers
    // reloaded); the nynorsk site shows the nynorsk definition, which did not
    // change.
    edit(
        "content/ordliste.yaml",
        "nb: Plikten til å tie.",
        "nb: Plikten til å tie om det man får vite.",
    );
    let (data, _) = events.next("reload").await;
    let data: serde_json::Value = serde_json::from_str(&data).expect("JSON");
    assert_eq!(data["slugs"], serde_json::json!(["beta"]), "{data}");
    assert_eq!(data["rendered"], serde_json::json!(1), "beta only: {data}");
    let after = served_files(&server, root, "glossary").await;
    let diff = changed(&before, &after);
    assert!(
        diff.contains(&"beta/ordliste/index.html".to_string()),
        "{diff:?}"
    );
    assert_eq!(sites_of(&diff), ["beta"], "{diff:?}");
    before = after;

    // A comment changes no page: nothing is rendered, every browser stays.
    let guidance = fs::read_to_string(root.join("content/guidance.yaml")).expect("read");
    save(
        &fixture,
        "content/guidance.yaml",
        &format!("{guidance}# En kommentar.\n"),
    );
    assert_eq!(rebuilt(&mut events).await, serde_json::json!([]));
    let after = served_files(&server, root, "comment").await;
    assert_eq!(changed(&before, &after), Vec::<String>::new());

    server.shutdown().await;
}

/// Text is kept compressed in memory: a browser that takes gzip gets it so, anything
/// else the same bytes plain; PDFs and the search index are sent as they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_is_sent_gzipped_to_browsers_that_take_it() {
    use std::io::Read;
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let addr = server.addr();
    for path in [
        "/alfa/om/",
        "/assets/style.css",
        "/alfa/sok/indeks.js",
        "/alfa/skjema/referat/referat.pdf",
    ] {
        let plain = get(addr, path).await;
        assert_eq!(plain.status, 200, "{path}");
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        let request = format!("GET {path} HTTP/1.1\r\nAccept-Encoding: br, gzip;q=0.8");
        let zipped = raw_request(addr, request.as_bytes())
            .await
            .expect("an answer");
        assert_eq!(zipped.status, 200, "{path}");
        assert_eq!(zipped.header("content-type"), plain.header("content-type"));
        // PDFs, and the search index, which serve keeps as it is (a rebuild
        // patches it), are sent as they are.
        if path.ends_with(".pdf") || path.ends_with("/sok/indeks.js") {
            assert_eq!(zipped.header("content-encoding"), None, "{path}");
            assert!(zipped.body == plain.body, "{path}");
            continue;
        }
        assert_eq!(zipped.header("content-encoding").as_deref(), Some("gzip"));
        assert_eq!(
            zipped.header("vary").as_deref(),
            Some("accept-encoding"),
            "{path}"
        );
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&zipped.body[..])
            .read_to_end(&mut unzipped)
            .expect("gzip");
        assert!(unzipped == plain.body, "{path}: the same bytes");
        assert!(zipped.body.len() < plain.body.len(), "{path}: smaller");
    }
    server.shutdown().await;
}

/// A new theme makes every served site out of date, also when the build with it
/// fails: after the content is fixed, every site is rendered with the new theme,
/// not only the one whose content changed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_theme_renders_everything_even_after_a_failed_build() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let mut events = Events::subscribe(server.addr()).await;
    let root = fixture.root();
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTekst.\n");
    save(&fixture, "municipalities/alfa/pages/om.md", &page("Feil"));
    events.next("reload").await;

    // A template every site's pages use, changed so that it shows something new on
    // every page and fails on a page called "Feil": the build with it fails.
    let rel = "themes/default/templates/page.html";
    let template = fs::read_to_string(root.join(rel)).expect("page.html");
    let changed = template.replacen(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1><p class=\"ny-mal\">Ny mal</p>{% if page.title == \"Feil\" %}{{ finnes_ikke }}{% endif %}",
        1,
    );
    assert_ne!(changed, template);
    save(&fixture, rel, &changed);
    events.next("error").await;

    // Fixed in the content, not in the theme: every site now shows the new template.
    save(&fixture, "municipalities/alfa/pages/om.md", &page("Riktig"));
    assert!(rebuilt(&mut events).await.is_null(), "all sites");
    let served = served_files(&server, root, "after the fix").await;
    for site in ["alfa", "beta", "gamma"] {
        let om = String::from_utf8_lossy(&served[&format!("{site}/om/index.html")]).into_owned();
        assert!(om.contains("Ny mal"), "{site}: {om}");
    }
    server.shutdown().await;
}

/// The errors a full analysis of `root` finds, as the error event lists them.
fn full_build_errors(root: &std::path::Path) -> Vec<serde_json::Value> {
    let (report, _) = veiviser::build::analyse(root);
    report
        .diagnostics
        .errors()
        .map(|d| {
            serde_json::json!({
                "location": d.loc.to_string(),
                "message": d.message,
                "help": d.help,
            })
        })
        .collect()
}

/// The errors of an error event, with the fields `full_build_errors` gives.
fn event_errors(data: &str) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(data).expect("JSON");
    value["errors"]
        .as_array()
        .expect("a list of errors")
        .iter()
        .map(|e| {
            serde_json::json!({
                "location": e["location"],
                "message": e["message"],
                "help": e["help"],
            })
        })
        .collect()
}

/// `serve` reads again only the files that changed, and keeps what it read of the
/// rest: after every kind of edit, what it serves is what a full build makes of the
/// content, and when the content is broken, its errors are those of a full build —
/// also errors in a municipality's unchanged files that an edit to a shared file
/// causes, and their fix.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_each_edit_serve_shows_what_a_full_build_shows() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let mut events = Events::subscribe(server.addr()).await;
    let root = fixture.root();
    served_files(&server, root, "first build").await;
    let read = |rel: &str| fs::read_to_string(root.join(rel)).expect("read");
    let catalogue = read("content/guidance.yaml");

    // A shared edit that breaks a municipality nobody edited: alfa's guidance list
    // names an entry that is no longer in the catalogue.
    save(
        &fixture,
        "content/guidance.yaml",
        &catalogue.replace("id: barnevernsloven", "id: barnevernsloven-ny"),
    );
    let (data, _) = events.next("error").await;
    let errors = event_errors(&data);
    assert!(
        errors
            .iter()
            .any(|e| e["location"].as_str().is_some_and(|l| l.contains("alfa"))),
        "{data}"
    );
    assert_eq!(errors, full_build_errors(root), "a shared edit's errors");

    // Broken YAML in a municipality on top of it: both errors, as a full build.
    let page_text = read("municipalities/beta/pages/om.md");
    save(
        &fixture,
        "municipalities/beta/pages/om.md",
        "---\ntitle: [Om\n---\nTekst.\n",
    );
    let (data, _) = events.next("error").await;
    assert_eq!(event_errors(&data), full_build_errors(root), "two errors");
    assert!(data.contains("beta/pages/om.md"), "{data}");

    // Fixed one at a time: the remaining error, then a reload of what a full
    // build makes.
    save(&fixture, "municipalities/beta/pages/om.md", &page_text);
    let (data, _) = events.next("error").await;
    assert_eq!(
        event_errors(&data),
        full_build_errors(root),
        "one error left"
    );
    assert!(!data.contains("beta/pages/om.md"), "{data}");
    save(&fixture, "content/guidance.yaml", &catalogue);
    events.next("reload").await;
    assert!(full_build_errors(root).is_empty());
    served_files(&server, root, "fixed").await;

    // A file added, and deleted again.
    fixture.write(
        "municipalities/gamma/pages/ny.md",
        "---\ntitle: Ny side\n---\nNy tekst.\n",
    );
    events.next("reload").await;
    let served = served_files(&server, root, "page added").await;
    assert!(served.contains_key("gamma/ny/index.html"));
    fs::remove_file(root.join("municipalities/gamma/pages/ny.md")).expect("remove");
    events.next("reload").await;
    let served = served_files(&server, root, "page deleted").await;
    assert!(!served.contains_key("gamma/ny/index.html"));

    // A `site.yaml`: the site's name, shown on the front page too.
    let site = read("municipalities/beta/site.yaml");
    save(
        &fixture,
        "municipalities/beta/site.yaml",
        &site.replace("name: Beta kommune", "name: Beta herad"),
    );
    events.next("reload").await;
    let served = served_files(&server, root, "site.yaml").await;
    let front = String::from_utf8_lossy(&served["index.html"]).into_owned();
    assert!(
        front.contains("Beta herad"),
        "the front page lists the new name"
    );

    // A whole municipality added, then removed (moved in and out whole, so that
    // no build sees it half-copied).
    common::copy_dir(&root.join("municipalities/gamma"), &root.join("delta"));
    fs::rename(root.join("delta"), root.join("municipalities/delta")).expect("move in");
    events.next("reload").await;
    let served = served_files(&server, root, "municipality added").await;
    assert!(served.contains_key("delta/index.html"));
    fs::rename(root.join("municipalities/delta"), root.join("delta")).expect("move out");
    events.next("reload").await;
    served_files(&server, root, "municipality removed").await;

    server.shutdown().await;
}

/// After an edit to the shared content, `serve` resolves again only the
/// municipalities that read what changed (`resolved` in the reload event) and keeps
/// the others as they were: edits that would show a missed dependency (an entry one
/// site lists renamed, an id or a form added that resolves another site's broken
/// reference and changes its help, glossary terms added and removed, a national
/// number) each give what a full build gives, files and errors alike.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_edit_resolves_only_what_reads_it_and_serves_a_full_build() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let mut events = Events::subscribe(server.addr()).await;
    let root = fixture.root();
    served_files(&server, root, "first build").await;
    let read = |rel: &str| fs::read_to_string(root.join(rel)).expect("read");
    let edit = |rel: &str, from: &str, to: &str| {
        let text = read(rel);
        assert!(text.contains(from), "{rel} holds {from:?}");
        save(&fixture, rel, &text.replacen(from, to, 1));
    };
    let resolved = |data: &str| number(data, "resolved");

    // An entry alfa lists and beta does not: alfa is resolved again.
    let catalogue = "content/guidance.yaml";
    edit(catalogue, "(barnevernsloven)", "(barnevernsloven, ny)");
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(1), "{data}");
    let served = served_files(&server, root, "entry renamed").await;
    let alfa = String::from_utf8_lossy(&served["alfa/foringer/index.html"]).into_owned();
    assert!(alfa.contains("(barnevernsloven, ny)"), "{alfa}");

    // Its id renamed: alfa's reference is broken. Added back under the old id
    // (a new entry): resolved, as a full build has it.
    edit(
        catalogue,
        "id: barnevernsloven",
        "id: barnevernsloven-gammel",
    );
    let (data, _) = events.next("error").await;
    assert_eq!(
        event_errors(&data),
        full_build_errors(root),
        "an id renamed"
    );
    let text = read(catalogue);
    save(
        &fixture,
        catalogue,
        &format!("{text}  - id: barnevernsloven\n    category: law\n    title: {{nb: Barnevernloven i ny utgave}}\n"),
    );
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(1), "{data}");
    let served = served_files(&server, root, "id added").await;
    let page = String::from_utf8_lossy(&served["alfa/om/index.html"]).into_owned();
    assert!(
        page.contains("foringer/index.html#barnevernsloven"),
        "{page}"
    );

    // alfa offers a form the library lacks; the error's help lists the library's
    // forms, so a form added under another id changes alfa's error, and one
    // added under its id resolves it.
    edit(
        "municipalities/alfa/toolbox.yaml",
        "form: referat",
        "form: samtale",
    );
    let (data, _) = events.next("error").await;
    assert_eq!(event_errors(&data), full_build_errors(root), "no form");
    let form = |title: &str| {
        format!("title: {title}\nsections:\n  - title: Om samtalen\n    fields:\n      - id: tema\n        type: text\n        label: Tema\n")
    };
    save(&fixture, "content/forms/nb/plan.yaml", &form("Plan"));
    let (data, _) = events.next("error").await;
    assert!(data.contains("plan, referat"), "{data}");
    assert_eq!(
        event_errors(&data),
        full_build_errors(root),
        "the help's list"
    );
    save(&fixture, "content/forms/nb/samtale.yaml", &form("Samtale"));
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(1), "{data}");
    let served = served_files(&server, root, "form added").await;
    assert!(served.contains_key("alfa/skjema/samtale/samtale.pdf"));

    // A glossary term added and removed: every site lists the national terms.
    let glossary = read("content/ordliste.yaml");
    save(
        &fixture,
        "content/ordliste.yaml",
        &format!("{glossary}  - id: tema\n    word: {{nb: Tema, nn: Tema}}\n    definition: {{nb: Det det er snakk om., nn: Det det er snakk om.}}\n    source: Testkilde\n"),
    );
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(3), "{data}");
    served_files(&server, root, "term added").await;
    save(&fixture, "content/ordliste.yaml", &glossary);
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(3), "{data}");
    served_files(&server, root, "term removed").await;

    // The national numbers, now in the content, with a label changed: every site.
    let national = fs::read_to_string(common::repo().join("content/national-numbers.yaml"))
        .expect("national numbers");
    let changed = national.replacen(
        "label: {nb: Politi, nn: Politi}",
        "label: {nb: Politiet, nn: Politiet}",
        1,
    );
    assert_ne!(changed, national);
    save(&fixture, "content/national-numbers.yaml", &changed);
    let (data, _) = events.next("reload").await;
    assert_eq!(resolved(&data), Some(3), "{data}");
    let served = served_files(&server, root, "national number").await;
    for site in ["alfa", "beta", "gamma"] {
        let page = String::from_utf8_lossy(&served[&format!("{site}/index.html")]).into_owned();
        assert!(page.contains("Politiet"), "{site}");
    }
    server.shutdown().await;
}

/// An edit to a region's file forgets what was analysed of the region and of its
/// members: a shared edit after it that reaches neither keeps what the region's
/// edit made, and serves what a full build makes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_edit_after_a_region_edit_keeps_what_that_edit_made() {
    let fixture = Fixture::region();
    let server = start(&fixture).await;
    let addr = server.addr();
    let mut events = Events::subscribe(addr).await;
    save(
        &fixture,
        "municipalities/region/pages/felles.md",
        "---\ntitle: Felles kapittel\n---\nNy felles tekst.\n",
    );
    assert_eq!(
        rebuilt(&mut events).await,
        serde_json::json!(["medlem", "region"])
    );

    // A library form no site offers: nothing reads it; only the region and its
    // member, forgotten by the region's edit (which resolved them from a partial
    // read), are resolved again.
    fs::create_dir_all(fixture.root().join("content/forms/nn")).expect("mkdir");
    save(
        &fixture,
        "content/forms/nn/plan.yaml",
        "title: Plan\nsections:\n  - title: Om planen\n    fields:\n      - id: mal\n        type: text\n        label: Mål\n",
    );
    let (data, _) = events.next("reload").await;
    assert_eq!(number(&data, "resolved"), Some(2), "{data}");
    assert_serves_a_fresh_build(addr, fixture.root(), "after a shared edit").await;
    assert!(get(addr, "/medlem/felles/")
        .await
        .text()
        .contains("Ny felles tekst."));
    server.shutdown().await;
}

/// The data of the next reload, and every file served after it, each held to what a
/// full build makes of the content as it is now.
async fn reloaded(
    events: &mut Events,
    server: &RunningServer,
    root: &std::path::Path,
    round: &str,
) -> (
    serde_json::Value,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let (data, _) = events.next("reload").await;
    let data: serde_json::Value = serde_json::from_str(&data).expect("JSON");
    (data, served_files(server, root, round).await)
}

/// Edits to a library form and to the glossary render only the outputs that read
/// what changed, and after each, every file served is the one a full build makes:
/// a field's label, the form's title, a field added, a definition one site lists
/// and the others do not, a term's forms changed so that a site starts to link it,
/// and a term hidden by a site.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_or_glossary_edit_renders_only_what_reads_it_and_serves_a_full_build() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let mut events = Events::subscribe(server.addr()).await;
    let root = fixture.root();
    let mut before = served_files(&server, root, "first build").await;
    let edit = |rel: &str, from: &str, to: &str| {
        let text = fs::read_to_string(root.join(rel)).expect("read");
        assert!(text.contains(from), "{rel} holds {from:?}");
        save(&fixture, rel, &text.replacen(from, to, 1));
    };
    let form = "content/forms/nb/referat.yaml";
    let form_files = [
        "alfa/skjema/referat/index.html",
        "alfa/skjema/referat/referat.pdf",
        "alfa/skjema/referat/referat.odt",
    ];

    // A field's label: alfa's form page, PDF and ODT and its search index; of its
    // pages only those that read the forms (or their sizes) are rendered.
    edit(form, "label: Tema for møtet", "label: Tema for dagens møte");
    let (data, after) = reloaded(&mut events, &server, root, "a field's label").await;
    assert_eq!(data["slugs"], serde_json::json!(["alfa"]), "{data}");
    let pages = data["pages"].as_u64().expect("pages rendered");
    assert!(
        (1..=3).contains(&pages),
        "the form's page, maybe the toolbox: {data}"
    );
    let diff = changed(&before, &after);
    for file in form_files {
        assert!(diff.contains(&file.to_string()), "{file}: {diff:?}");
    }
    assert!(diff.contains(&"alfa/sok/indeks.js".to_string()), "{diff:?}");
    assert_eq!(sites_of(&diff), ["alfa"], "{diff:?}");
    before = after;

    // The form's title, and a field added.
    edit(form, "title: Møtereferat", "title: Referat fra møtet");
    let (data, after) = reloaded(&mut events, &server, root, "the form's title").await;
    assert_eq!(data["slugs"], serde_json::json!(["alfa"]), "{data}");
    let page = String::from_utf8_lossy(&after["alfa/skjema/referat/index.html"]).into_owned();
    assert!(page.contains("Referat fra møtet"), "{page}");
    assert_eq!(sites_of(&changed(&before, &after)), ["alfa"]);
    before = after;
    edit(
        form,
        "        label: Tema for dagens møte\n",
        "        label: Tema for dagens møte\n      - id: sted\n        type: text\n        label: Møtested\n",
    );
    let (data, after) = reloaded(&mut events, &server, root, "a field added").await;
    assert_eq!(data["slugs"], serde_json::json!(["alfa"]), "{data}");
    let page = String::from_utf8_lossy(&after["alfa/skjema/referat/index.html"]).into_owned();
    assert!(page.contains("Møtested"), "{page}");
    assert_eq!(sites_of(&changed(&before, &after)), ["alfa"]);
    before = after;

    // A definition beta lists and alfa does not: only beta is rendered, and of it
    // only the glossary page and the search (no page of the model).
    let glossary = "content/ordliste.yaml";
    edit(
        glossary,
        "nb: Plikten til å tie.",
        "nb: Plikten til å tie om det du får vite.",
    );
    let (data, after) = reloaded(&mut events, &server, root, "a listed definition").await;
    assert_eq!(data["slugs"], serde_json::json!(["beta"]), "{data}");
    assert_eq!(data["rendered"], serde_json::json!(1), "{data}");
    assert_eq!(data["pages"], serde_json::json!(0), "{data}");
    let diff = changed(&before, &after);
    assert!(
        diff.contains(&"beta/ordliste/index.html".to_string()),
        "{diff:?}"
    );
    assert_eq!(sites_of(&diff), ["beta"], "{diff:?}");
    before = after;

    // The term's forms changed so that alfa's page now uses it: alfa links it and
    // lists it.
    edit(
        glossary,
        "forms: [taushetsplikten, teieplikta]",
        "forms: [taushetsplikten, teieplikta, kjenner]",
    );
    let (_, after) = reloaded(&mut events, &server, root, "a term's forms").await;
    let om = String::from_utf8_lossy(&after["alfa/om/index.html"]).into_owned();
    assert!(om.contains("#term-taushetsplikt"), "{om}");
    let listed = String::from_utf8_lossy(&after["alfa/ordliste/index.html"]).into_owned();
    assert!(
        listed.contains("Plikten til å tie om det du får vite."),
        "{listed}"
    );
    assert_eq!(sites_of(&changed(&before, &after)), ["alfa"]);
    before = after;

    // Its definition again: now alfa lists it too.
    edit(
        glossary,
        "nb: Plikten til å tie om det du får vite.",
        "nb: Plikten til å tie.",
    );
    let (data, after) = reloaded(&mut events, &server, root, "a definition two list").await;
    assert_eq!(data["slugs"], serde_json::json!(["alfa", "beta"]), "{data}");
    assert_eq!(data["pages"], serde_json::json!(0), "{data}");
    assert_eq!(sites_of(&changed(&before, &after)), ["alfa", "beta"]);
    before = after;

    // alfa hides the term it linked first: its own file, the whole site again.
    save(
        &fixture,
        "municipalities/alfa/ordliste.yaml",
        "hide: [undring]\n",
    );
    let (data, after) = reloaded(&mut events, &server, root, "a term hidden").await;
    assert_eq!(data["slugs"], serde_json::json!(["alfa"]), "{data}");
    let om = String::from_utf8_lossy(&after["alfa/om/index.html"]).into_owned();
    assert!(!om.contains("#term-undring"), "{om}");
    assert_eq!(sites_of(&changed(&before, &after)), ["alfa"]);

    server.shutdown().await;
}

/// The forms' PDFs and ODTs are made when asked for, not held: each is what a full
/// build writes (the tests above fetch every file), a `HEAD` request says its size
/// without a body, and the bytes held in memory are fewer than those served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_files_are_made_when_asked_and_head_says_their_size() {
    let fixture = serve_deps();
    let server = start(&fixture).await;
    let addr = server.addr();
    let (report, files) = veiviser::build::build_in_memory(fixture.root(), None);
    common::assert_ok(&report);
    let files = files.expect("files");
    let forms: Vec<&veiviser::model::OutputFile> = files
        .iter()
        .filter(|f| {
            let path = f.path.to_string_lossy();
            path.contains("/skjema/") && (path.ends_with(".pdf") || path.ends_with(".odt"))
        })
        .collect();
    assert!(
        forms.len() >= 2,
        "the fixture offers forms: {}",
        forms.len()
    );
    let mut form_bytes = 0;
    for file in &forms {
        let path = format!("/{}", file.path.to_string_lossy());
        let got = get(addr, &path).await;
        assert!(got.body == file.bytes.as_ref(), "{path} is the build's");
        let head = raw_request(addr, format!("HEAD {path} HTTP/1.1").as_bytes())
            .await
            .expect("an answer");
        assert_eq!(head.status, 200, "{path}");
        assert!(head.body.is_empty(), "{path}: no body for HEAD");
        assert_eq!(head.header("content-type"), got.header("content-type"));
        assert_eq!(
            head.header("content-length"),
            Some(file.bytes.len().to_string()),
            "{path}"
        );
        form_bytes += file.bytes.len();
    }
    let all: usize = files.iter().map(|f| f.bytes.len()).sum();
    assert!(
        server.bytes() + form_bytes <= all,
        "the forms' files are not held ({} held, {form_bytes} of forms, {all} built)",
        server.bytes()
    );
    // A page's HEAD says what its GET sends, without a body.
    let page = get(addr, "/alfa/om/").await;
    let head = raw_request(addr, b"HEAD /alfa/om/ HTTP/1.1")
        .await
        .expect("an answer");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), page.header("content-type"));
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string())
    );
    server.shutdown().await;
}
