//! Stage 5, **write**: minify the HTML, write everything into a staging folder beside
//! the output folder, and only when all of it is written swap it into place. A build
//! that fails at any point leaves the previous output exactly as it was.

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

/// Write `files` so that `out` holds exactly them, atomically from a reader's view as
/// far as the file system allows (two renames).
pub fn write(files: &[OutputFile], out: &Path) -> io::Result<()> {
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
    let staging = parent.join(format!(".{name}.staging"));
    let old = parent.join(format!(".{name}.old"));
    remove_if_exists(&staging)?;
    remove_if_exists(&old)?;

    if let Err(error) = write_all(files, &staging) {
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

fn write_all(files: &[OutputFile], dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    files.par_iter().try_for_each(|file| {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.bytes)
    })
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
