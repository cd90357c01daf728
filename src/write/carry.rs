//! Publishing some municipalities anew while others keep the output they have
//! (`build --only`, `build --keep-going`): their folders are carried from the
//! published output into the new one unchanged, as hard links, before the one
//! atomic switch.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{output_folder, owned, prepare_spare, spare_of, swap, update, WriteError, MANIFEST};
use crate::model::OutputFile;

/// [`super::write_with`], and the folders `out/<slug>` of the municipalities in
/// `carried` kept as they are (listed in the new manifest). A carried municipality
/// without a folder in `out` stays absent.
pub fn write_carrying(
    files: &[OutputFile],
    out: &Path,
    force: bool,
    carried: &BTreeSet<String>,
) -> Result<(), WriteError> {
    let out = output_folder(out)?;
    if out.exists() && !force {
        owned(&out)?;
    }
    let spare = spare_of(&out)?;
    prepare_spare(&spare, &out, force)?;
    update::fill(files, &spare)?;
    let mut kept = Vec::new();
    for slug in carried {
        kept.extend(carry_folder(&out, &spare, Path::new(slug))?);
    }
    add_to_manifest(&spare, &kept)?;
    if out.exists() {
        swap::exchange(&spare, &out)?;
    } else {
        fs::rename(&spare, &out)?;
    }
    Ok(())
}

/// Make `to/<folder>` a copy of `from/<folder>` (hard links where the file system
/// allows, else copies). Returns the files carried, relative to `to`.
fn carry_folder(from: &Path, to: &Path, folder: &Path) -> io::Result<Vec<PathBuf>> {
    let source = from.join(folder);
    if !fs::symlink_metadata(&source).is_ok_and(|m| m.is_dir()) {
        return Ok(Vec::new());
    }
    let target = to.join(folder);
    match fs::symlink_metadata(&target) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(&target)?,
        Ok(_) => fs::remove_file(&target)?,
        Err(_) => {}
    }
    let mut carried = Vec::new();
    for entry in walkdir::WalkDir::new(&source).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let path = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir(&path)?;
        } else if entry.file_type().is_file() {
            if fs::hard_link(entry.path(), &path).is_err() {
                fs::copy(entry.path(), &path)?;
            }
            carried.push(relative.to_path_buf());
        }
    }
    Ok(carried)
}

/// List `paths` too in the manifest `update::fill` wrote, kept sorted.
fn add_to_manifest(dir: &Path, paths: &[PathBuf]) -> io::Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let manifest = dir.join(MANIFEST);
    let text = fs::read_to_string(&manifest)?;
    let (header, listed): (Vec<&str>, Vec<&str>) =
        text.lines().partition(|line| line.starts_with('#'));
    let mut lines: BTreeSet<String> = listed
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    lines.extend(paths.iter().map(|p| p.to_string_lossy().replace('\\', "/")));
    let mut text = header.join("\n");
    text.push('\n');
    for line in lines {
        text.push_str(&line);
        text.push('\n');
    }
    // Written anew, never into: the old file may be a hard link to the published one.
    fs::remove_file(&manifest)?;
    fs::write(manifest, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.to_owned())
    }

    #[test]
    fn carried_folders_stay_and_are_listed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        super::super::write_with(
            &[
                file("index.html", "a b"),
                file("a/index.html", "a 1"),
                file("b/index.html", "b 1"),
                file("b/x/y.pdf", "pdf 1"),
            ],
            &out,
            false,
        )
        .unwrap();
        let carried: BTreeSet<String> = ["b".to_string(), "gone".to_string()].into();
        write_carrying(
            &[file("index.html", "a b 2"), file("a/index.html", "a 2")],
            &out,
            false,
            &carried,
        )
        .unwrap();
        let read = |p: &str| fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(read("a/index.html"), "a 2");
        assert_eq!(read("b/index.html"), "b 1");
        assert_eq!(read("b/x/y.pdf"), "pdf 1");
        assert!(!out.join("gone").exists());
        let manifest = read(MANIFEST);
        assert!(manifest.starts_with("# Written by veiviser"), "{manifest}");
        assert!(
            manifest.ends_with("a/index.html\nb/index.html\nb/x/y.pdf\nindex.html\n"),
            "{manifest}"
        );
        // The next build may replace what was carried: it is veiviser's.
        super::super::write_with(&[file("index.html", "c")], &out, false).unwrap();
        assert!(!out.join("b").exists());
    }
}
