//! Bring the spare tree up to date in place.
//!
//! On a rebuild most files come out byte for byte as they were, and writing the
//! whole site anew costs two file-system entries per file and per folder: on a busy
//! disk that metadata work, not the bytes, is most of a build. So the spare tree
//! (the site before the one published, or hard links to the published one) is
//! updated: unchanged files are left alone, changed ones are replaced (removed and
//! written anew, never written into, since the old file may be a hard link shared
//! with the published tree), and what the new site no longer has is removed. Nobody
//! reads the spare tree, so this need not be atomic: a build killed half-way leaves a
//! half-updated spare tree that the next build corrects.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use rayon::prelude::*;

use super::MANIFEST;
use crate::model::OutputFile;

/// Make `dir` hold exactly `files` and the manifest.
pub fn fill(files: &[OutputFile], dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let folders = super::folders(files);
    for folder in &folders {
        make_folder(&dir.join(folder))?;
    }
    files
        .par_iter()
        .try_for_each(|file| put(&dir.join(&file.path), &file.bytes))?;
    let wanted: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    remove_stale_and_list(
        dir,
        |_| false,
        |file| wanted.contains(file),
        |folder| folders.contains(folder),
    )
}

/// Make the folder at `path`, whose parent exists; a file in its place goes.
/// `true` when the folder was made now (and so is empty), `false` when it was there.
pub fn make_folder(path: &Path) -> io::Result<bool> {
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => Ok(false),
        Ok(_) => {
            fs::remove_file(path)?;
            fs::create_dir(path).map(|()| true)
        }
        Err(_) => fs::create_dir(path).map(|()| true),
    }
}

/// Make the folder at `path` in a folder made by this build: nothing can be in its
/// place, so it is made at once (one fewer call to the file system than
/// [`make_folder`], for every folder of a first build). Should something be there
/// after all, it is left to [`make_folder`].
fn make_new_folder(path: &Path) -> io::Result<bool> {
    match fs::create_dir(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => make_folder(path),
        Err(e) => Err(e),
    }
}

/// Make the folder at `path`, at once when its parent was made by this build
/// (`parent_made_now`): `true` when it was made now.
pub fn make_folder_in(path: &Path, parent_made_now: bool) -> io::Result<bool> {
    if parent_made_now {
        make_new_folder(path)
    } else {
        make_folder(path)
    }
}

/// Put `bytes` at `path` in a folder made by this build: nothing is there to
/// compare with or remove, so the file is made at once (two fewer calls to the file
/// system than [`put`], for every file of a first build). Should something be there
/// after all, it is left to [`put`].
pub fn put_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => file.write_all(bytes),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => put(path, bytes),
        Err(e) => Err(e),
    }
}

/// Put `bytes` at `path` (whose folder exists): left alone when it holds them
/// already, otherwise whatever is there is removed and the file written anew.
pub fn put(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if unchanged(path, bytes) {
        return Ok(());
    }
    match path.symlink_metadata() {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path)?,
        Ok(_) => fs::remove_file(path)?,
        Err(_) => {}
    }
    fs::write(path, bytes)
}

/// Replace the manifest in `dir` with one listing nothing yet.
pub fn write_empty_manifest(dir: &Path) -> io::Result<()> {
    let manifest = dir.join(MANIFEST);
    let _ = fs::remove_file(&manifest);
    fs::write(manifest, super::MANIFEST_HEADER)
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

/// Remove the files and folders inside the folder `under` of `dir` that are not part
/// of the new site: not a file `wanted`, nor a folder of `folders` (both given, as
/// the paths here, relative to `dir`).
pub fn remove_stale_under(
    dir: &Path,
    under: &Path,
    wanted: impl Fn(&Path) -> bool,
    folders: impl Fn(&Path) -> bool,
) -> io::Result<()> {
    let mut stale_folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir.join(under))
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(dir).map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            if !folders(relative) {
                stale_folders.push(entry.path().to_path_buf());
            }
        } else if !wanted(relative) && relative != Path::new(MANIFEST) {
            // The manifest stays until the new one replaces it: a tree killed
            // half-way is still known as veiviser's own.
            fs::remove_file(entry.path())?;
        }
    }
    // Contents first: each folder comes after what it holds, so it is empty by now.
    for folder in stale_folders {
        fs::remove_dir(folder)?;
    }
    Ok(())
}

/// Where the manifest is written before it replaces the one there, so that a tree
/// always has a whole manifest, also when a build is killed while writing it.
const MANIFEST_DRAFT: &str = ".veiviser-manifest.new";

/// Bring `dir` to what the new site holds and write its manifest, in one walk of
/// the tree in the manifest's order: in a top-level folder `settled` (whose stale
/// files are gone already) every file belongs to the site; elsewhere a file not
/// `wanted` and a folder not of `folders` are removed. The manifest is written line
/// by line as the walk goes, never held whole.
pub fn remove_stale_and_list(
    dir: &Path,
    settled: impl Fn(&std::ffi::OsStr) -> bool,
    wanted: impl Fn(&Path) -> bool,
    folders: impl Fn(&Path) -> bool,
) -> io::Result<()> {
    use std::io::Write;
    let draft = dir.join(MANIFEST_DRAFT);
    let mut manifest = io::BufWriter::new(fs::File::create(&draft)?);
    manifest.write_all(super::MANIFEST_HEADER.as_bytes())?;
    let mut stale_folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .contents_first(true)
        .sort_by(in_path_order)
    {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(dir).map_err(io::Error::other)?;
        let in_settled = relative
            .components()
            .next()
            .is_some_and(|top| settled(top.as_os_str()));
        if entry.file_type().is_dir() {
            if !in_settled && !folders(relative) {
                stale_folders.push(entry.path().to_path_buf());
            }
        } else if relative == Path::new(MANIFEST) || relative == Path::new(MANIFEST_DRAFT) {
            // The old manifest stays until the draft replaces it; neither is listed.
            continue;
        } else if in_settled || wanted(relative) {
            let line = relative.to_string_lossy().replace('\\', "/");
            manifest.write_all(line.as_bytes())?;
            manifest.write_all(b"\n")?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    for folder in stale_folders {
        fs::remove_dir(folder)?;
    }
    manifest.into_inner().map_err(|e| e.into_error())?;
    fs::rename(draft, dir.join(MANIFEST))
}

/// The order of a folder's entries in which a walk meets the files in the byte
/// order of their whole paths, as the manifest lists them: a folder sorts as its
/// name with `/` after it (`a-b/`, `a.html`, `a/`).
fn in_path_order(a: &walkdir::DirEntry, b: &walkdir::DirEntry) -> std::cmp::Ordering {
    fn key(entry: &walkdir::DirEntry) -> impl Iterator<Item = &u8> {
        let slash: &[u8] = if entry.file_type().is_dir() {
            b"/"
        } else {
            b""
        };
        entry
            .file_name()
            .as_encoded_bytes()
            .iter()
            .chain(slash.iter())
    }
    key(a).cmp(key(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_is_made_or_found_and_a_file_in_its_place_goes() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("a");
        assert!(make_new_folder(&folder).unwrap(), "made now");
        assert!(folder.is_dir());
        fs::write(folder.join("kept.html"), "x").unwrap();
        assert!(!make_new_folder(&folder).unwrap(), "there already");
        assert!(folder.join("kept.html").is_file(), "what it holds stays");
        let file = dir.path().join("b");
        fs::write(&file, "a file where a folder goes").unwrap();
        assert!(make_new_folder(&file).unwrap(), "the file goes");
        assert!(file.is_dir());
    }
}
