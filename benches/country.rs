//! A whole country of guides: the real municipalities plus clones of them up to the
//! number asked for (357 by default, as there are municipalities in Norway), built
//! with all their forms. Prints wall time (a first build into a new folder, and a
//! rebuild over it), pages/s, forms/s, peak memory and the time of each stage.
//!
//! cargo bench --bench country -- [MUNICIPALITIES] [RUNS]
//!
//! Not a test: it measures, it does not pass or fail.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::{country, peak_memory_mb, two_numbers};

// The same allocator as the `veiviser` binary.
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
