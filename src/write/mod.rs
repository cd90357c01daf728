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

/// How deep a rendered page may nest elements before it is minified. minify-html
/// parses recursively: thousands of levels overflow a thread's stack, which aborts
/// the process (a `serve` too) and cannot be caught. `check` holds every text to
/// `render::markdown::MAX_NESTING`; this is the last guard, on the whole page.
pub const MAX_PAGE_NESTING: usize = 400;
/// The largest page written. The whole guide on one page is well under 2 MB for the
/// largest real guide.
pub const MAX_PAGE_BYTES: usize = 32_000_000;

/// The first page that is nested too deep or is too large to minify and publish,
/// with what is wrong.
pub fn too_costly(files: &[OutputFile]) -> Option<(&OutputFile, String)> {
    files.iter().filter(|f| f.is_html()).find_map(|file| {
        if file.bytes.len() > MAX_PAGE_BYTES {
            return Some((
                file,
                format!(
                    "is {} large; a page may be at most {}",
                    crate::format::size_in_words(file.bytes.len()),
                    crate::format::size_in_words(MAX_PAGE_BYTES)
                ),
            ));
        }
        let depth = nesting(&file.bytes);
        (depth > MAX_PAGE_NESTING).then(|| {
            (
                file,
                format!("nests elements {depth} levels deep; at most {MAX_PAGE_NESTING} are allowed"),
            )
        })
    })
}

/// The deepest nesting of elements in well-formed HTML (as rendered: every element
/// but the void ones closed), in one pass.
fn nesting(html: &[u8]) -> usize {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = html[i..].iter().position(|&b| b == b'<') {
        i += at + 1;
        let rest = &html[i..];
        if rest.starts_with(b"!--") {
            i += find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        // Skip the attributes, quoted values included.
        let mut quote = None;
        let mut end = rest.len();
        for (j, &b) in rest.iter().enumerate() {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    end = j + 1;
                    break;
                }
                None => {}
            }
        }
        i += end;
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID.contains(&name.as_slice()) {
            depth += 1;
            deepest = deepest.max(depth);
            if name == b"script" || name == b"style" {
                // Raw text up to the closing tag.
                let closer = [b"</".as_slice(), &name].concat();
                i += find(&html[i..], &closer).unwrap_or(html.len() - i);
            }
        }
    }
    deepest
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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

    #[test]
    fn nesting_is_measured_on_the_page() {
        assert_eq!(nesting(b"<html><body><p>a<br>b</p><img src=x></body></html>"), 3);
        assert_eq!(nesting(b"<p title=\"<b><b>\">x</p><!-- <i><i><i> -->"), 1);
        assert_eq!(nesting(b"<script>if (a<b && c<d) {}</script><p></p>"), 1);
        let deep = format!("{}x{}", "<b>".repeat(3000), "</b>".repeat(3000));
        let page = file("a/index.html", &deep);
        let (found, why) = too_costly(std::slice::from_ref(&page)).unwrap();
        assert_eq!(found.path, page.path);
        assert!(why.contains("3000 levels"), "{why}");
    }

    #[test]
    fn a_page_at_the_nesting_limit_minifies_on_a_small_stack() {
        let depth = MAX_PAGE_NESTING;
        let html = format!(
            "<!doctype html><html><body>{}x{}</body></html>",
            "<div><b>".repeat(depth / 2),
            "</b></div>".repeat(depth / 2)
        );
        // rayon's and tokio's worker threads have 2 MiB stacks.
        let minified = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let mut files = vec![file("index.html", &html)];
                minify(&mut files);
                files[0].bytes.len()
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(minified > depth);
    }
}
