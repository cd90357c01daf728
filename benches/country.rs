//! A whole country of guides: the real municipalities plus clones of them up to the
//! number asked for (357 by default, as there are municipalities in Norway), built
//! with all their forms. Prints wall time (a first build into a new folder, and a
//! rebuild over it), pages/s, forms/s, peak memory and the time of each stage.
//!
//! cargo bench --bench country -- [MUNICIPALITIES] [RUNS]
//! cargo bench --bench country -- fullest [COPIES] [RUNS]
//!
//! `fullest` builds the fullest country instead: COPIES (357 by default) copies of
//! the fullest municipality (Øvre Eiker: its pages and all its forms each), each
//! build a run of the `veiviser` binary in a process of its own, so that its peak
//! memory (max RSS) and CPU time (user + system, less affected than wall time by
//! other work on the machine) are its own.
//!
//! Not a test: it measures, it does not pass or fail.

#[allow(dead_code)] // each benchmark uses its part
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{country, fullest_country, has_word, peak_memory_mb, two_numbers};

// The same allocator as the `veiviser` binary.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One more build, stage by stage, to show where the time goes.
fn phases(root: &Path, out: &Path) -> std::io::Result<()> {
    let mut line = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &str| {
        line.push(format!("{name} {:.2} s", clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };
    let (_, model) = veiviser::build::analyse(root);
    lap("load+resolve+check");
    let model = model.ok_or_else(|| std::io::Error::other("the country has errors"))?;
    let theme = veiviser::build::compile_theme(root)
        .map_err(|_| std::io::Error::other("the theme has errors"))?;
    lap("theme");
    let files = veiviser::render::render(&model, &theme)
        .map_err(|d| std::io::Error::other(d.to_string()))?;
    lap("render");
    veiviser::write::write(&files, out)?;
    lap("write (over the same output)");
    drop(files);
    drop(model);
    lap("free");
    println!("  stages of a rebuild: {}", line.join(", "));
    Ok(())
}

/// What one build in a process of its own took.
struct Measured {
    wall: f64,
    /// User + system CPU time.
    cpu: f64,
    /// Peak resident memory (max RSS), MB.
    memory: f64,
}

/// Run `veiviser build --out <out>` in `root` and wait for it, with its resource use.
#[cfg(unix)]
fn build_in_process(root: &Path, out: &Path) -> std::io::Result<Measured> {
    // The build's warnings (thousands for a large country) go to a file, shown only
    // when the build fails.
    let messages = root.join("build-messages.txt");
    let started = Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_veiviser"))
        .args(["build", "--out"])
        .arg(out)
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&messages)?)
        .spawn()?;
    let pid = i32::try_from(child.id()).map_err(std::io::Error::other)?;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child's; status and usage are valid for writes.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed().as_secs_f64();
    if waited != pid {
        return Err(std::io::Error::last_os_error());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let text = fs::read_to_string(&messages).unwrap_or_default();
        let errors: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("error"))
            .take(5)
            .collect();
        eprintln!("{}", errors.join("\n"));
        return Err(std::io::Error::other("the fullest country did not build"));
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Measured {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Linux gives ru_maxrss in KB.
        memory: usage.ru_maxrss as f64 / 1024.0,
    })
}

/// Median, fastest and slowest.
fn spread(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    (
        values[values.len() / 2],
        values[0],
        values[values.len() - 1],
    )
}

/// Pages (`index.html`), form PDFs and all files in a built site.
fn count_output(out: &Path) -> (usize, usize, usize) {
    let (mut pages, mut pdfs, mut files) = (0, 0, 0);
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name() == ".veiviser-manifest" {
            continue;
        }
        files += 1;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
        }
        if path.extension().is_some_and(|e| e == "pdf")
            && path.components().any(|c| c.as_os_str() == "skjema")
        {
            pdfs += 1;
        }
    }
    (pages, pdfs, files)
}

/// The fullest country: copies of the fullest municipality, each build the binary in
/// a process of its own.
#[cfg(unix)]
fn fullest(count: usize, runs: usize) -> std::io::Result<()> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir()?;
    let kept = std::env::var_os("VEIVISER_COUNTRY").map(PathBuf::from);
    let root = kept.as_deref().unwrap_or(dir.path());
    let slug = fullest_country(&repo, root, count)?;
    let mut cold = Vec::new();
    let mut rebuild = Vec::new();
    let mut outputs = Vec::new();
    for run in 0..runs {
        // As in the country below: a new folder per run, all removed at the end.
        let out = root.join(format!("public-{run}"));
        outputs.push(out.clone());
        cold.push(build_in_process(root, &out)?);
        rebuild.push(build_in_process(root, &out)?);
    }
    let (pages, pdfs, files) = outputs.last().map(|o| count_output(o)).unwrap_or_default();
    println!(
        "fullest country: {count} copies of {slug}, {pages} pages, {pdfs} forms, {files} files; one process per build"
    );
    for (name, measured) in [("into a new folder", cold), ("rebuild over it", rebuild)] {
        let (wall, wall_min, wall_max) = spread(measured.iter().map(|m| m.wall).collect());
        let (cpu, cpu_min, cpu_max) = spread(measured.iter().map(|m| m.cpu).collect());
        let (memory, memory_min, memory_max) = spread(measured.iter().map(|m| m.memory).collect());
        println!(
            "  {name}: median {wall:.3} s (min {wall_min:.3}, max {wall_max:.3}, {runs} runs), {:.0} pages/s, {:.0} forms/s; \
             CPU {cpu:.2} s ({cpu_min:.2}–{cpu_max:.2}); peak memory {memory:.0} MB ({memory_min:.0}–{memory_max:.0})",
            pages as f64 / wall,
            pdfs as f64 / wall,
        );
    }
    for out in outputs {
        fs::remove_dir_all(&out)?;
        // The spare folder the rebuild left beside it.
        if let Some(name) = out.file_name() {
            let spare = root.join(format!(".{}.prev", name.to_string_lossy()));
            if spare.exists() {
                fs::remove_dir_all(spare)?;
            }
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    if has_word("fullest") {
        let (count, runs) = two_numbers(357, 3);
        #[cfg(unix)]
        return fullest(count, runs);
        #[cfg(not(unix))]
        return Err(std::io::Error::other(
            "the fullest country is measured on Unix only",
        ));
    }
    let (count, runs) = two_numbers(357, 3);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir()?;
    // VEIVISER_COUNTRY=folder keeps the synthetic country there, to look at or to
    // build with the `veiviser` binary.
    let kept = std::env::var_os("VEIVISER_COUNTRY").map(PathBuf::from);
    let root = kept.as_deref().unwrap_or(dir.path());
    let municipalities = country(&repo, root, count)?;
    let mut cold = Vec::new();
    let mut rebuild = Vec::new();
    let mut last = None;
    let mut outputs = Vec::new();
    for run in 0..runs {
        // A first build into a new folder, then the same build again over it, as an
        // editor's next build or a nightly job finds it. Each run has its own folder,
        // all removed at the end: ext4 will not reuse an inode within 30 s of its
        // deletion, and creating files right after deleting thousands makes it skip
        // over every one of them; that cost (up to twice the write time here) is the
        // benchmark's doing, not the build's.
        let out = root.join(format!("public-{run}"));
        outputs.push(out.clone());
        for times in [&mut cold, &mut rebuild] {
            let started = Instant::now();
            let report = veiviser::build::build(root, &out);
            times.push(started.elapsed().as_secs_f64());
            if !report.ok() {
                for d in report.diagnostics.errors().take(5) {
                    eprintln!("{d}");
                }
                return Err(std::io::Error::other("the synthetic country did not build"));
            }
            last = Some(report);
        }
    }
    let report = last.ok_or_else(|| std::io::Error::other("no run"))?;
    let memory = peak_memory_mb().unwrap_or(f64::NAN);
    println!(
        "{municipalities} municipalities, {} pages, {} forms, {} files; {} threads; peak memory {memory:.0} MB",
        report.pages,
        report.forms,
        report.files,
        rayon::current_num_threads(),
    );
    for (name, mut times) in [("into a new folder", cold), ("rebuild over it", rebuild)] {
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "  {name}: median {median:.3} s (min {:.3}, max {:.3}, {runs} runs), {:.0} pages/s, {:.0} forms/s",
            times[0],
            times[times.len() - 1],
            report.pages as f64 / median,
            report.forms as f64 / median,
        );
    }
    if let Some(out) = outputs.last() {
        phases(root, out)?;
    }
    for out in outputs {
        fs::remove_dir_all(out)?;
    }
    Ok(())
}
