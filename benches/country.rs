//! A whole country of guides: the real municipalities plus clones of them up to the
//! number asked for (357 by default, as there are municipalities in Norway), built
//! with all their forms. Prints wall time (a first build into an empty folder, and a
//! rebuild over it), pages/s, forms/s, peak memory and the time of each stage.
//!
//! cargo bench --bench country -- [MUNICIPALITIES] [RUNS]
//!
//! Not a test: it measures, it does not pass or fail.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

// The same allocator as the `veiviser` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(std::io::Error::other)?;
        let rel = entry
            .path()
            .strip_prefix(from)
            .map_err(std::io::Error::other)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// A content root with the repository's theme, shared content and municipalities,
/// and clones of the municipalities (regions with their members) up to `count`.
fn country(repo: &Path, dir: &Path, count: usize) -> std::io::Result<usize> {
    for folder in ["themes", "content", "municipalities"] {
        copy_dir(&repo.join(folder), &dir.join(folder))?;
    }
    let originals: Vec<PathBuf> = fs::read_dir(repo.join("municipalities"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    // Whole rounds keep each region with its members; the rest is made up of
    // municipalities that stand alone.
    let standalone: Vec<PathBuf> = originals
        .iter()
        .filter(|p| {
            let text = fs::read_to_string(p.join("site.yaml")).unwrap_or_default();
            let slug = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let extended = originals.iter().any(|o| {
                fs::read_to_string(o.join("site.yaml"))
                    .unwrap_or_default()
                    .contains(&format!("extends: {slug}"))
            });
            !text.contains("extends:") && !extended
        })
        .cloned()
        .collect();
    let mut total = originals.len();
    let mut round = 1;
    while total < count {
        let whole = total + originals.len() <= count;
        let batch = if whole { &originals } else { &standalone };
        if batch.is_empty() {
            break;
        }
        for original in batch {
            if total >= count {
                break;
            }
            let slug = original
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let clone = dir.join("municipalities").join(format!("{slug}-{round}"));
            copy_dir(original, &clone)?;
            // A member keeps pointing at its region's clone of the same round.
            let site = clone.join("site.yaml");
            let text = fs::read_to_string(&site)?;
            if let Some(line) = text.lines().find(|l| l.starts_with("extends:")) {
                let region = line.trim_start_matches("extends:").trim();
                fs::write(
                    &site,
                    text.replace(line, &format!("extends: {region}-{round}")),
                )?;
            }
            total += 1;
        }
        round += 1;
    }
    Ok(total)
}

/// The process's peak resident memory so far, from /proc (Linux).
fn peak_memory_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

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
    let mut files = veiviser::render::render(&model, &theme)
        .map_err(|d| std::io::Error::other(d.to_string()))?;
    lap("render");
    veiviser::write::minify(&mut files);
    lap("minify");
    veiviser::write::write(&files, out)?;
    lap("write (over the same output)");
    drop(files);
    drop(model);
    lap("free");
    println!("  stages of a rebuild: {}", line.join(", "));
    Ok(())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let count: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(357);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir()?;
    let municipalities = country(&repo, dir.path(), count)?;
    let out = dir.path().join("public");
    let mut cold = Vec::new();
    let mut rebuild = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        // A first build into an empty folder, then the same build again over it, as
        // an editor's next build or a nightly job finds it.
        if out.exists() {
            fs::remove_dir_all(&out)?;
        }
        for times in [&mut cold, &mut rebuild] {
            let started = Instant::now();
            let report = veiviser::build::build(dir.path(), &out);
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
    for (name, mut times) in [("into an empty folder", cold), ("rebuild over it", rebuild)] {
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "  {name}: median {median:.2} s (min {:.2}, max {:.2}, {runs} runs), {:.0} pages/s, {:.0} forms/s",
            times[0],
            times[times.len() - 1],
            report.pages as f64 / median,
            report.forms as f64 / median,
        );
    }
    phases(dir.path(), &out)?;
    Ok(())
}
