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
    // municipalities that stand alone, the fullest first, so that a country of one is
    // a whole guide with forms.
    let standalone = standalone_by_size(&originals);
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

/// A content root with the repository's theme and shared content and `count` copies
/// of the fullest municipality that stands alone (the most content: Øvre Eiker, with
/// its pages and all its forms): the first under its own folder, the others
/// `<slug>-<n>`. Each copy gets a name of its own (`… (kopi n)`), as every
/// municipality in a real country has: a form names its municipality, so copies
/// with one name would let identical forms be shared in a way a real country's are
/// not. Returns the slug copied.
pub fn fullest_country(repo: &Path, dir: &Path, count: usize) -> std::io::Result<String> {
    for folder in ["themes", "content"] {
        copy_dir(&repo.join(folder), &dir.join(folder))?;
    }
    let fullest = fullest_standalone(repo)?;
    let slug = fullest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..=count {
        let folder = if n == 1 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        };
        let copy = dir.join("municipalities").join(folder);
        copy_dir(&fullest, &copy)?;
        if n > 1 {
            let site = copy.join("site.yaml");
            let text = fs::read_to_string(&site)?;
            let renamed: Vec<String> = text
                .lines()
                .map(|l| match l.strip_prefix("name:") {
                    Some(name) => format!("name: {} (kopi {n})", name.trim()),
                    None => l.to_string(),
                })
                .collect();
            fs::write(&site, renamed.join("\n") + "\n")?;
        }
    }
    Ok(slug)
}

/// The municipality with the most content of those that neither extend a region nor
/// are one.
fn fullest_standalone(repo: &Path) -> std::io::Result<PathBuf> {
    let mut originals: Vec<PathBuf> = fs::read_dir(repo.join("municipalities"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    originals.sort();
    standalone_by_size(&originals)
        .into_iter()
        .next()
        .ok_or_else(|| std::io::Error::other("no municipality stands alone"))
}

/// The municipalities that neither extend a region nor are one, the fullest (most
/// bytes of content) first.
fn standalone_by_size(originals: &[PathBuf]) -> Vec<PathBuf> {
    let mut standalone: Vec<PathBuf> = originals
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
    let size = |p: &PathBuf| -> u64 {
        walkdir::WalkDir::new(p)
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .map(|m| m.len())
            .sum()
    };
    standalone.sort_by_key(|p| std::cmp::Reverse(size(p)));
    standalone
}

/// The process's peak resident memory so far, from /proc (Linux).
pub fn peak_memory_mb() -> Option<f64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The benchmark's two numbers from the command line (`cargo bench` adds flags of its
/// own, such as `--bench`, and words such as `fullest` choose a mode: both are
/// skipped), or the defaults.
pub fn two_numbers(first: usize, second: usize) -> (usize, usize) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--") && !a.chars().all(char::is_alphabetic))
        .collect();
    let number =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    (number(0, first), number(1, second))
}

/// Whether `word` was given on the command line (a mode such as `fullest`).
pub fn has_word(word: &str) -> bool {
    std::env::args().skip(1).any(|a| a == word)
}
