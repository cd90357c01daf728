//! What the benchmarks share: a synthetic country of municipalities made from the
//! real ones, and the process's peak memory.

use std::fs;
use std::path::{Path, PathBuf};

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
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
/// Fewer than there are real ones: that many of those that stand alone (no region),
/// so that `1` is one real municipality.
pub fn country(repo: &Path, dir: &Path, count: usize) -> std::io::Result<usize> {
    for folder in ["themes", "content"] {
        copy_dir(&repo.join(folder), &dir.join(folder))?;
    }
    let mut originals: Vec<PathBuf> = fs::read_dir(repo.join("municipalities"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    originals.sort();
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
    // The fullest first, so that a country of one is a whole guide with forms.
    let size = |p: &PathBuf| -> u64 {
        walkdir::WalkDir::new(p)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    let mut standalone = standalone;
    standalone.sort_by_key(|p| std::cmp::Reverse(size(p)));
    let first: &[PathBuf] = if count < originals.len() && count <= standalone.len() {
        &standalone[..count]
    } else {
        &originals
    };
    for original in first {
        if let Some(name) = original.file_name() {
            copy_dir(original, &dir.join("municipalities").join(name))?;
        }
    }
    let mut total = first.len();
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
pub fn peak_memory_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The benchmark's two numbers from the command line (`cargo bench` adds flags of its
/// own, such as `--bench`, which are skipped), or the defaults.
pub fn two_numbers(first: usize, second: usize) -> (usize, usize) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    (number(0, first), number(1, second))
}
