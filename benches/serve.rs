//! `veiviser serve`, edit to reload: the time from saving a file to the reload event
//! in the browser's event stream, and the server's own rebuild time, for
//!
//! - one Markdown page of one municipality, and
//! - shared files many sites use: an entry's title in the national guidance
//!   catalogue, a definition in the national glossary, a field's label in a form of
//!   the shared library, and a comment in the guidance catalogue (which changes no
//!   page).
//!
//! cargo bench --bench serve -- [MUNICIPALITIES] [EDITS]
//!
//! MUNICIPALITIES is the size of the content (the real ones, 11, by default; larger
//! numbers add clones as the country benchmark does). The time from save to event
//! includes the file watcher's debounce (`serve::watch::DEBOUNCE`), which waits for
//! an editor to finish writing.
//!
//! Not a test: it measures, it does not pass or fail.

#[allow(dead_code)] // each benchmark uses its part
mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{country, peak_memory_mb, two_numbers};
use veiviser::serve;

// The same allocator as the `veiviser` binary.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The server's event stream, read as raw server-sent events.
struct Events {
    stream: TcpStream,
    text: String,
}

impl Events {
    fn subscribe(addr: SocketAddr) -> std::io::Result<Events> {
        let mut stream = TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        stream.write_all(
            format!(
                "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
                serve::http::EVENTS_PATH
            )
            .as_bytes(),
        )?;
        let mut events = Events {
            stream,
            text: String::new(),
        };
        // Headers and the greeting: from here on every change is seen.
        events.read_until("retry:")?;
        Ok(events)
    }

    fn read_until(&mut self, needle: &str) -> std::io::Result<()> {
        let mut buffer = [0u8; 8192];
        while !self.text.contains(needle) {
            let n = self.stream.read(&mut buffer)?;
            if n == 0 {
                return Err(std::io::Error::other("the event stream closed"));
            }
            self.text.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        Ok(())
    }

    /// Wait for the next `reload` event; its data. Chunk framing is left in the
    /// text; only the JSON after `data:` is read.
    fn next_reload(&mut self) -> std::io::Result<String> {
        loop {
            self.read_until("\n\n")?;
            let at = self.text.find("\n\n").unwrap_or(0);
            let block: String = self.text.drain(..at + 2).collect();
            if block.contains("event: error") || block.contains("event:error") {
                return Err(std::io::Error::other(format!("the build failed: {block}")));
            }
            if block.contains("event: reload") || block.contains("event:reload") {
                let data = block
                    .lines()
                    .find_map(|l| l.strip_prefix("data:"))
                    .unwrap_or_default();
                return Ok(data.trim().to_string());
            }
        }
    }
}

/// The process's resident memory now (VmRSS), in MB.
fn resident_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// A number field of an event's JSON data.
fn field(data: &str, name: &str) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_str(data).ok()?;
    value.get(name)?.as_f64()
}

/// Save like an editor: a temporary file beside it, renamed over.
fn save(path: &Path, text: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("veiviser-bench-tmp");
    fs::write(&temporary, text)?;
    fs::rename(&temporary, path)
}

fn median(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

/// Edit `file` `edits` times (`edit` makes each version from the original, each
/// different) and report.
fn measure(
    events: &mut Events,
    root: &Path,
    what: &str,
    file: &str,
    edit: impl Fn(&str, usize) -> String,
    edits: usize,
) -> std::io::Result<()> {
    // `VEIVISER_BENCH_ONLY=form` measures only the edits whose description holds
    // `form` (to profile one kind of edit).
    if std::env::var("VEIVISER_BENCH_ONLY").is_ok_and(|only| !what.contains(only.as_str())) {
        return Ok(());
    }
    let path = root.join(file);
    let original = fs::read_to_string(&path)?;
    let mut to_event = Vec::new();
    let mut build = Vec::new();
    let mut analyse = Vec::new();
    let mut sites = String::new();
    for n in 0..edits {
        let text = edit(&original, n);
        if text == original {
            return Err(std::io::Error::other(format!(
                "the edit of {file} changes nothing: the text it replaces is gone"
            )));
        }
        let saved = Instant::now();
        save(&path, &text)?;
        let data = events.next_reload()?;
        to_event.push(saved.elapsed().as_secs_f64() * 1000.0);
        build.push(field(&data, "build_ms").unwrap_or(f64::NAN));
        analyse.push(field(&data, "analyse_ms").unwrap_or(f64::NAN));
        let value: serde_json::Value = serde_json::from_str(&data).unwrap_or_default();
        sites = match value["slugs"].as_array() {
            Some(slugs) => slugs.len().to_string(),
            None => "all".to_string(),
        };
        if let Some(rendered) = value["rendered"].as_u64() {
            sites = format!("{sites} (rendered {rendered})");
        }
        if let Some(pages) = value["pages"].as_u64() {
            sites = format!("{sites} (pages rendered {pages})");
        }
        if let Some(resolved) = value["resolved"].as_u64() {
            sites = format!("{sites} (resolved {resolved})");
        }
        // Let the machine settle between edits, as between an editor's saves.
        std::thread::sleep(Duration::from_millis(150));
    }
    save(&path, &original)?;
    events.next_reload()?;
    let (event, event_min, event_max) = median(to_event);
    let (built, built_min, built_max) = median(build);
    let (analysed, analysed_min, analysed_max) = median(analyse);
    println!(
        "  {what} ({file}), sites changed: {sites}: rebuild {built:.0} ms (min {built_min:.0}, max {built_max:.0}), of which read, resolve, check {analysed:.0} ms (min {analysed_min:.0}, max {analysed_max:.0}); save to reload event {event:.0} ms (min {event_min:.0}, max {event_max:.0}); {edits} edits; peak memory so far {:.0} MB, resident now {:.0} MB",
        peak_memory_mb().unwrap_or(f64::NAN),
        resident_mb().unwrap_or(f64::NAN)
    );
    Ok(())
}

fn main() -> std::io::Result<()> {
    // As the command line does first thing: memory is measured as `veiviser serve`
    // holds it.
    veiviser::memory::without_huge_pages();
    let (count, edits) = two_numbers(11, 7);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir()?;
    let municipalities = country(repo, dir.path(), count)?;
    let root = dir.path().to_path_buf();

    let runtime = tokio::runtime::Runtime::new()?;
    let started = Instant::now();
    let server = runtime.block_on(serve::start(
        root.clone(),
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ))?;
    println!(
        "serve: {municipalities} municipalities, {} files in memory ({:.0} MB), first build {:.2} s (peak memory {:.0} MB), debounce {} ms",
        server.files(),
        server.bytes() as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        peak_memory_mb().unwrap_or(f64::NAN),
        serve::watch::DEBOUNCE.as_millis(),
    );
    let mut events = Events::subscribe(server.addr())?;
    measure(
        &mut events,
        &root,
        "one page",
        "municipalities/ovre-eiker/pages/familiehjelpa.md",
        |text, n| format!("{text}\nEndring nummer {n}.\n"),
        edits,
    )?;
    measure(
        &mut events,
        &root,
        "an entry of the national guidance catalogue",
        "content/guidance.yaml",
        |text, n| {
            text.replace(
                "\"Mestre hele livet. ",
                &format!("\"Mestre hele livet ({n}). "),
            )
        },
        edits,
    )?;
    measure(
        &mut events,
        &root,
        "a definition in the national glossary",
        "content/ordliste.yaml",
        |text, n| {
            text.replace(
                "En person kommunen skal oppnevne",
                &format!("En person ({n}) kommunen skal oppnevne"),
            )
        },
        edits,
    )?;
    measure(
        &mut events,
        &root,
        "a field of a shared form",
        "content/forms/nb/samtykkeerklaering.yaml",
        |text, n| {
            text.replace(
                "label: Barnets navn\n",
                &format!("label: Barnets navn {n}\n"),
            )
        },
        edits,
    )?;
    measure(
        &mut events,
        &root,
        "a comment in the national guidance catalogue",
        "content/guidance.yaml",
        |text, n| format!("{text}# endring {n}\n"),
        edits,
    )?;
    println!(
        "  peak memory {:.0} MB, resident now {:.0} MB",
        peak_memory_mb().unwrap_or(f64::NAN),
        resident_mb().unwrap_or(f64::NAN)
    );
    runtime.block_on(server.shutdown());
    Ok(())
}
