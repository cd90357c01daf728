//! Bring an existing output folder up to date in place.
//!
//! On a rebuild most files come out byte for byte as they were. Writing the whole
//! site anew and deleting the old one costs two file-system entries per file and per
//! folder, and on a busy disk that metadata work, not the bytes, is most of a build.
//! So unchanged files are left alone; changed and new files are first written into
//! a staging folder beside the output, under the same relative paths, and only when
//! every one of them is on disk are they renamed over the old ones and stale files
//! removed. If writing fails (a full disk, a name the file system refuses), the
//! staging folder and any new folders go again and the old output is exactly as it
//! was.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use rayon::prelude::*;

use crate::render::OutputFile;

pub enum Outcome {
    Done,
    /// The new files need a folder where the old output has a file, or a file where
    /// it has a folder; nothing was changed.
    Conflict,
}

pub fn update(files: &[OutputFile], out: &Path) -> io::Result<Outcome> {
    let folders = super::folders(files);
    // The folders the new site needs that the old output lacks: looked at once here,
    // made below.
    let mut missing = Vec::new();
    for folder in &folders {
        let path = out.join(folder);
        match path.symlink_metadata() {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Ok(Outcome::Conflict),
            Err(_) => missing.push(path),
        }
    }
    let changed: Vec<&OutputFile> = files
        .par_iter()
        .filter(|file| !unchanged(&out.join(&file.path), &file.bytes))
        .collect();
    if changed.iter().any(|file| out.join(&file.path).is_dir()) {
        return Ok(Outcome::Conflict);
    }
    let (staging, _) = super::beside(out)?;
    super::remove_if_exists(&staging)?;

    // Write: nothing a reader of the output sees changes yet.
    let mut created = Vec::new();
    let written = (|| {
        // Parents before children: `folders` is sorted.
        for path in missing {
            fs::create_dir(&path)?;
            created.push(path);
        }
        super::write_all(&changed, &staging)
    })();
    if let Err(error) = written {
        let _ = fs::remove_dir_all(&staging);
        for folder in created.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
        return Err(error);
    }

    // Commit: one rename per changed file, then what the new site no longer has.
    changed
        .par_iter()
        .try_for_each(|file| fs::rename(staging.join(&file.path), out.join(&file.path)))?;
    super::remove_if_exists(&staging)?;
    remove_stale(files, &folders, out)?;
    Ok(Outcome::Done)
}

/// Whether the file at `path` holds exactly `bytes`.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
}

/// Remove the files and folders in `out` that are not part of the new site
/// (including temporary files a killed build left behind).
fn remove_stale(files: &[OutputFile], folders: &BTreeSet<&Path>, out: &Path) -> io::Result<()> {
    let wanted: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    let mut stale_folders = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).contents_first(true) {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(out).map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            if !folders.contains(relative) {
                stale_folders.push(entry.path().to_path_buf());
            }
        } else if !wanted.contains(relative) {
            fs::remove_file(entry.path())?;
        }
    }
    // Contents first: each folder comes after what it holds, so it is empty by now.
    for folder in stale_folders {
        fs::remove_dir(folder)?;
    }
    Ok(())
}
