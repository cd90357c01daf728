//! Stage 5, **write**: minify the HTML and put the files on disk. A new output folder
//! is written into a staging folder beside it and renamed into place; an existing one
//! is brought up to date in place (`update`), touching only the files that changed.
//! Either way a build that fails at any point leaves the previous output exactly as
//! it was.

mod update;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// minify-html's defaults drop `<html>`, `<head>` and closing tags; browsers cope,
/// but validators, screen-reader test tools and editors reading the source do not.
fn minify_config() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        // The stylesheet styles text inputs by their type.
        keep_input_type_text_attr: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    }
}

pub fn minify(files: &mut [OutputFile]) {
    let cfg = minify_config();
    files
        .par_iter_mut()
        .filter(|f| f.is_html())
        .for_each(|file| {
            file.bytes = minify_html::minify(&file.bytes, &cfg);
        });
}

/// Minified pages by path, with the HTML each came from. `serve` keeps one between
/// rebuilds: after an edit most pages render as before and need no minifying again.
#[derive(Default)]
pub struct MinifyStore {
    pages: std::collections::HashMap<PathBuf, (Vec<u8>, Vec<u8>)>,
}

/// [`minify`], taking the result from `store` for every page that rendered exactly
/// as when it was stored, and storing the others.
pub fn minify_reusing(files: &mut [OutputFile], store: &mut MinifyStore) {
    let cfg = minify_config();
    let fresh: Vec<(PathBuf, Vec<u8>, Vec<u8>)> = files
        .par_iter_mut()
        .filter(|f| f.is_html())
        .filter_map(|file| {
            if let Some((html, minified)) = store.pages.get(&file.path) {
                if *html == file.bytes {
                    file.bytes.clone_from(minified);
                    return None;
                }
            }
            let minified = minify_html::minify(&file.bytes, &cfg);
            let html = std::mem::replace(&mut file.bytes, minified.clone());
            Some((file.path.clone(), html, minified))
        })
        .collect();
    for (path, html, minified) in fresh {
        store.pages.insert(path, (html, minified));
    }
}

/// Write `files` so that `out` holds exactly them.
pub fn write(files: &[OutputFile], out: &Path) -> io::Result<()> {
    if out.is_dir() {
        match update::update(files, out)? {
            update::Outcome::Done => return Ok(()),
            // A file where a folder is now wanted, or the other way round: rare
            // enough to simply write the whole site anew.
            update::Outcome::Conflict => {}
        }
    }
    replace(files, out)
}

/// Write everything into a staging folder and swap it into place, atomically from a
/// reader's view as far as the file system allows (two renames).
fn replace(files: &[OutputFile], out: &Path) -> io::Result<()> {
    let (staging, old) = beside(out)?;
    remove_if_exists(&staging)?;
    remove_if_exists(&old)?;

    let all: Vec<&OutputFile> = files.iter().collect();
    if let Err(error) = write_all(&all, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }

    let had_output = out.exists();
    if had_output {
        fs::rename(out, &old)?;
    }
    if let Err(error) = fs::rename(&staging, out) {
        if had_output {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    if had_output {
        remove_if_exists(&old)?;
    }
    Ok(())
}

/// The staging folder and the folder for the old output, beside `out` (on the same
/// file system, so that renames between them are cheap and atomic).
fn beside(out: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the output folder has no name")
        })?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    Ok((
        parent.join(format!(".{name}.staging")),
        parent.join(format!(".{name}.old")),
    ))
}

fn write_all(files: &[&OutputFile], dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for folder in folders(files.iter().copied()) {
        fs::create_dir(dir.join(folder))?;
    }
    files
        .par_iter()
        .try_for_each(|file| fs::write(dir.join(&file.path), &file.bytes))
}

/// Every folder the files are in, parents before children (a path sorts before the
/// paths inside it): each is made once rather than asked for again for every file.
fn folders<'a>(
    files: impl IntoIterator<Item = &'a OutputFile>,
) -> std::collections::BTreeSet<&'a Path> {
    files
        .into_iter()
        .flat_map(|f| f.path.ancestors().skip(1))
        .filter(|p| !p.as_os_str().is_empty())
        .collect()
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_old_output_completely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[file("a/index.html", "1"), file("old.html", "x")], &out).unwrap();
        write(&[file("a/index.html", "2")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
    }

    /// Every file under `dir` with its bytes.
    fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    #[cfg(unix)]
    fn a_rebuild_touches_only_what_changed() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &[
                file("a/index.html", "same"),
                file("b/index.html", "old"),
                file("gone/deep/index.html", "x"),
            ],
            &out,
        )
        .unwrap();
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let same_before = inode("a/index.html");
        let changed_before = inode("b/index.html");
        write(
            &[
                file("a/index.html", "same"),
                file("b/index.html", "new"),
                file("c/d/index.html", "added"),
            ],
            &out,
        )
        .unwrap();
        assert_eq!(
            inode("a/index.html"),
            same_before,
            "an unchanged file is left alone"
        );
        assert_ne!(
            inode("b/index.html"),
            changed_before,
            "a changed file is replaced whole"
        );
        let names: Vec<_> = contents(&out).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a/index.html"),
                PathBuf::from("b/index.html"),
                PathBuf::from("c/d/index.html")
            ]
        );
        assert_eq!(fs::read_to_string(out.join("b/index.html")).unwrap(), "new");
        assert!(!out.join("gone").exists(), "stale folders go");
    }

    #[test]
    fn a_failed_update_leaves_the_output_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(
            &[file("a/index.html", "1"), file("b/index.html", "2")],
            &out,
        )
        .unwrap();
        let before = contents(&out);
        // A name no file system takes: writing it fails after the others are written.
        let too_long = format!("a/{}.html", "x".repeat(300));
        let result = write(
            &[
                file("a/index.html", "changed"),
                file("new/index.html", "new"),
                file(&too_long, "never"),
            ],
            &out,
        );
        assert!(result.is_err());
        assert_eq!(contents(&out), before, "no file changed, none left behind");
        assert!(
            !out.join("new").exists(),
            "folders made for the build are gone again"
        );
    }

    #[test]
    fn a_file_where_a_folder_was_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[file("a/index.html", "1"), file("b", "file")], &out).unwrap();
        write(
            &[
                file("a", "now a file"),
                file("b/index.html", "now a folder"),
            ],
            &out,
        )
        .unwrap();
        assert_eq!(
            contents(&out),
            [
                (PathBuf::from("a"), b"now a file".to_vec()),
                (PathBuf::from("b/index.html"), b"now a folder".to_vec())
            ]
        );
    }

    #[test]
    fn minifying_with_a_store_gives_the_same_bytes_and_reuses_them() {
        let page = "<!doctype html><html lang=nb><head><title>x</title></head><body><p>a  b</p></body></html>";
        let mut plain = vec![file("a/index.html", page), file("x.css", "a  b")];
        minify(&mut plain);
        let mut store = MinifyStore::default();
        for _ in 0..2 {
            let mut reused = vec![file("a/index.html", page), file("x.css", "a  b")];
            minify_reusing(&mut reused, &mut store);
            assert_eq!(reused, plain);
        }
        assert_eq!(store.pages.len(), 1, "only HTML is minified");
        // A changed page is minified again, not taken from the store.
        let mut changed = vec![file("a/index.html", &page.replace("a  b", "c  d"))];
        minify_reusing(&mut changed, &mut store);
        assert!(String::from_utf8_lossy(&changed[0].bytes).contains("<p>c d</p>"));
    }

    #[test]
    fn minify_keeps_closing_tags_and_head() {
        let mut files = vec![file(
            "index.html",
            "<!doctype html><html lang=nb><head><title>x</title></head><body><p>a  b</p></body></html>",
        )];
        minify(&mut files);
        let html = String::from_utf8(files[0].bytes.clone()).unwrap();
        assert!(html.contains("<html"), "{html}");
        assert!(html.contains("<head>"), "{html}");
        assert!(html.contains("</p>"), "{html}");
    }
}
