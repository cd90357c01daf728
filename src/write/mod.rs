//! Stage 5, **write**: put the files on disk. The new site is
//! made in a spare folder beside the output, touching only the files that changed
//! there (`update`), and switched with the output in one atomic exchange (`swap`). A
//! build that fails or is killed at any point leaves the previous output exactly as
//! it was; a folder veiviser did not write is never replaced unless forced.

mod carry;
mod paths;
mod stream;
mod swap;
mod update;

pub use carry::write_carrying;
pub use stream::Stream;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::OutputFile;

/// How deep a rendered page may nest elements. Browsers stop nesting where their
/// parser's limit is reached (512 levels in Chromium) and put deeper elements beside
/// their parents instead: the page would show its text out of place. `check` holds
/// every text to `render::markdown::MAX_NESTING`; this is the last guard, on the
/// whole page.
pub const MAX_PAGE_NESTING: usize = 400;
/// The largest page written. The whole guide on one page is well under 2 MB for the
/// largest real guide.
pub const MAX_PAGE_BYTES: usize = 32_000_000;

/// The first page that is nested too deep or is too large to publish,
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
        // Most pages have fewer elements than the limit: they cannot nest deeper,
        // and counting is far cheaper than following the tags.
        if opening_bound(&file.bytes) <= MAX_PAGE_NESTING {
            return None;
        }
        let depth = nesting(&file.bytes);
        (depth > MAX_PAGE_NESTING).then(|| {
            (
                file,
                format!(
                    "nests elements {depth} levels deep; at most {MAX_PAGE_NESTING} are allowed"
                ),
            )
        })
    })
}

/// At least as many as the opening tags in `html`: the `<` not followed by `/`.
/// [`nesting`] counts a level only for an opening tag, each at a `<` of its own, so
/// no page nests deeper than this. Counted in blocks of fixed width without
/// branches, which the compiler turns into vector instructions: a fraction of the
/// cost of following the tags.
fn opening_bound(html: &[u8]) -> usize {
    const LANES: usize = 32;
    let pairs = html.len().saturating_sub(1);
    let (mut count, mut at) = (0usize, 0usize);
    while at + LANES <= pairs {
        let now = &html[at..at + LANES];
        let next = &html[at + 1..at + 1 + LANES];
        let block: u8 = now
            .iter()
            .zip(next)
            .map(|(&a, &b)| u8::from(a == b'<') & u8::from(b != b'/'))
            .sum();
        count += usize::from(block);
        at += LANES;
    }
    let rest = html.get(at..).unwrap_or_default();
    let rest_next = html.get(at + 1..).unwrap_or_default();
    count += rest
        .iter()
        .zip(rest_next)
        .filter(|&(&a, &b)| a == b'<' && b != b'/')
        .count();
    count + usize::from(html.last() == Some(&b'<'))
}

/// The deepest nesting of elements in well-formed HTML (as rendered: every element
/// but the void ones closed), in one pass.
fn nesting(html: &[u8]) -> usize {
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr::memchr(b'<', &html[i..]) {
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
        let name = &rest[name_start..name_start + name_len];
        if name.is_empty() || !name[0].is_ascii_alphabetic() {
            continue;
        }
        i += tag_end(rest);
        if closing {
            depth = depth.saturating_sub(1);
        } else if !crate::format::is_void_element(name) {
            depth += 1;
            deepest = deepest.max(depth);
            for raw in [b"script".as_slice(), b"style"] {
                if raw.eq_ignore_ascii_case(name) {
                    // Raw text up to the closing tag.
                    let closer = [b"</".as_slice(), raw].concat();
                    i += find(&html[i..], &closer).unwrap_or(html.len() - i);
                }
            }
        }
    }
    deepest
}

/// The length of a tag up to and with its `>` (`tag` starts after the `<`),
/// skipping `>` inside quoted attribute values; all of `tag` if it does not end.
fn tag_end(tag: &[u8]) -> usize {
    let mut j = 0;
    while let Some(at) = memchr::memchr3(b'>', b'"', b'\'', &tag[j..]) {
        let b = tag[j + at];
        j += at + 1;
        if b == b'>' {
            return j;
        }
        match memchr::memchr(b, &tag[j..]) {
            Some(close) => j += close + 1,
            None => return tag.len(),
        }
    }
    tag.len()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The list of files veiviser wrote, kept in the output folder. A folder without it
/// is not veiviser's to replace (unless forced), and no file missing from it is ever
/// deleted without `--force`.
pub const MANIFEST: &str = ".veiviser-manifest";

/// Why the output folder was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The output is not veiviser's to replace: what, and how to go on.
    Refused {
        message: String,
        help: String,
    },
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        WriteError::Io(error)
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused { message, .. } => f.write_str(message),
            WriteError::Io(error) => write!(f, "{error}"),
        }
    }
}

/// Write `files` so that `out` holds exactly them, refusing a folder veiviser did
/// not write.
pub fn write(files: &[OutputFile], out: &Path) -> io::Result<()> {
    write_with(files, out, false).map_err(|e| match e {
        WriteError::Io(error) => error,
        refused => io::Error::other(refused.to_string()),
    })
}

/// Write `files` so that `out` holds exactly them, switching from the old site to the
/// new one in one step: a reader (a web server, a copy being made) sees either the
/// whole old site or the whole new one, also when the build is killed half-way.
///
/// The new site is made in a spare folder beside `out` (`.<out>.prev`: the site
/// before the current one, brought up to date in place, or on the first rebuild hard
/// links to the current one), then the two folders are exchanged with one
/// `renameat2(RENAME_EXCHANGE)`. The spare keeps the old site for the next build.
/// `force` replaces a folder veiviser did not write (or files in it it did not write).
pub fn write_with(files: &[OutputFile], out: &Path, force: bool) -> Result<(), WriteError> {
    let out = output_folder(out)?;
    if out.exists() && !force {
        owned(&out)?;
    }
    let spare = spare_of(&out)?;
    prepare_spare(&spare, &out, force)?;
    update::fill(files, &spare)?;
    if out.exists() {
        swap::exchange(&spare, &out)?;
    } else {
        fs::rename(&spare, &out)?;
    }
    Ok(())
}

/// Why `out` would be refused as the output folder, as a diagnostic; checked before
/// a build so that a mistaken `--out` costs nothing.
pub fn refusal(out: &Path, force: bool) -> Option<crate::diagnostic::Diagnostic> {
    let refused = output_folder(out).and_then(|out| {
        if out.exists() && !force {
            owned(&out)?;
        }
        Ok(())
    });
    match refused {
        Err(WriteError::Refused { message, help }) => Some(
            crate::diagnostic::Diagnostic::error(crate::diagnostic::Loc::file(out), message)
                .help(help),
        ),
        _ => None,
    }
}

/// The manifest's first line.
const MANIFEST_HEADER: &str =
    "# Written by veiviser. Every file listed here is replaced by the next build.\n";

/// The files a manifest lists, or `None` when there is none. Kept as one sorted
/// buffer, not a set of paths: a country's manifest lists tens of thousands.
fn read_manifest(dir: &Path) -> Option<paths::SortedPaths> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    Some(paths::SortedPaths::of_lines(&text))
}

/// Whether `dir` holds a manifest (without reading it).
fn has_manifest(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MANIFEST)).is_ok_and(|m| m.is_file())
}

/// The folder to write: `out` itself, or the folder a link named `out` points to
/// (the link is left as it is). Anything else that is not a folder is refused before
/// anything is touched.
fn output_folder(out: &Path) -> Result<PathBuf, WriteError> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(out.to_path_buf()),
        Err(e) => Err(e.into()),
        Ok(m) if m.is_dir() => Ok(out.to_path_buf()),
        Ok(m) if m.file_type().is_symlink() && out.is_dir() => Ok(out.canonicalize()?),
        Ok(_) => Err(WriteError::Refused {
            message: format!(
                "`{}` is a file, not a folder; nothing was written",
                out.display()
            ),
            help: "name a folder with `--out`, e.g. `--out public`".into(),
        }),
    }
}

/// Refuse a folder veiviser did not write, or one holding files it did not write.
fn owned(out: &Path) -> Result<(), WriteError> {
    let listed = read_manifest(out);
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = entry.path().strip_prefix(out).map_err(io::Error::other)?;
        if relative == Path::new(MANIFEST) {
            continue;
        }
        let ours = listed.as_ref().is_some_and(|l| l.contains(relative));
        if !ours {
            let message = if listed.is_some() {
                format!(
                    "`{}` in the output folder was not written by veiviser; a build would delete it",
                    entry.path().display()
                )
            } else {
                format!(
                    "the output folder `{}` is not empty and was not written by veiviser; a build would delete what is in it",
                    out.display()
                )
            };
            return Err(WriteError::Refused {
                message,
                help: "choose an empty or new folder with `--out`, move the file out, or build with `--force` to replace the folder anyway".into(),
            });
        }
    }
    Ok(())
}

/// Make sure the spare folder is veiviser's and holds something close to the new
/// site: the site before the current one, or hard links to the current one.
fn prepare_spare(spare: &Path, out: &Path, force: bool) -> Result<(), WriteError> {
    match fs::symlink_metadata(spare) {
        Ok(m) if m.is_dir() => {
            let ours = has_manifest(spare)
                || fs::read_dir(spare)
                    .map(|mut d| d.next().is_none())
                    .unwrap_or(false);
            if ours {
                return Ok(());
            }
            if !force {
                return Err(WriteError::Refused {
                    message: format!(
                        "`{}` is in the way: veiviser keeps the previous site there, but this folder was not written by it",
                        spare.display()
                    ),
                    help: "move or delete that folder, or build with `--force`".into(),
                });
            }
            fs::remove_dir_all(spare)?;
        }
        Ok(_) => {
            if !force {
                return Err(WriteError::Refused {
                    message: format!(
                        "`{}` is in the way: veiviser keeps the previous site there",
                        spare.display()
                    ),
                    help: "move or delete it, or build with `--force`".into(),
                });
            }
            fs::remove_file(spare)?;
        }
        Err(_) => {}
    }
    if !spare.exists() && out.is_dir() {
        link_tree(out, spare)?;
    }
    Ok(())
}

/// A copy of `from` made of hard links (no bytes copied), so that filling it touches
/// only what changed. Where a link cannot be made, the file is left out: `fill`
/// writes it.
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            fs::create_dir(&target)?;
        } else if entry.file_type().is_file() {
            let _ = fs::hard_link(entry.path(), &target);
        }
    }
    Ok(())
}

/// The spare folder beside `out` (on the same file system, so the exchange is one
/// rename).
fn spare_of(out: &Path) -> io::Result<PathBuf> {
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
    Ok(parent.join(format!(".{name}.prev")))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.to_owned())
    }

    #[test]
    fn replaces_old_output_completely() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[file("a/index.html", "1"), file("old.html", "x")], &out).unwrap();
        write(&[file("a/index.html", "2")], &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("old.html").exists());
        let mut beside: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        beside.sort();
        assert_eq!(beside, [".public.prev", "public"], "only the spare is kept");
        assert_eq!(
            fs::read_to_string(dir.path().join(".public.prev/a/index.html")).unwrap(),
            "1",
            "the spare holds the site before"
        );
    }

    #[test]
    fn a_folder_veiviser_did_not_write_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("innhold.md"), "mine").unwrap();
        let err = write(&[file("a/index.html", "1")], &out).unwrap_err();
        assert!(err.to_string().contains("not written by veiviser"), "{err}");
        assert_eq!(
            contents(&out),
            [(PathBuf::from("innhold.md"), b"mine".to_vec())]
        );
        assert!(!dir.path().join(".docs.prev").exists());
        // Forced, it is replaced.
        write_with(&[file("a/index.html", "1")], &out, true).unwrap();
        assert_eq!(
            contents(&out),
            [(PathBuf::from("a/index.html"), b"1".to_vec())]
        );
    }

    #[test]
    fn a_file_added_to_a_built_folder_is_not_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[file("a/index.html", "1")], &out).unwrap();
        fs::write(out.join("CNAME"), "veileder.kommune.no").unwrap();
        let err = write(&[file("a/index.html", "2")], &out).unwrap_err();
        assert!(err.to_string().contains("CNAME"), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "veileder.kommune.no"
        );
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
    }

    #[test]
    fn an_output_that_is_a_file_is_refused_before_anything_is_touched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("notes.txt");
        fs::write(&out, "mine").unwrap();
        let err = write(&[file("a/index.html", "1")], &out).unwrap_err();
        assert!(err.to_string().contains("is a file"), "{err}");
        assert_eq!(fs::read_to_string(&out).unwrap(), "mine");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "nothing beside it"
        );
    }

    #[test]
    fn an_empty_folder_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("empty");
        fs::create_dir(&out).unwrap();
        write(&[file("a/index.html", "1")], &out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
    }

    /// Every file under `dir` with its bytes.
    fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file() && e.file_name() != MANIFEST)
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
        let first = [
            file("a/index.html", "same"),
            file("b/index.html", "old"),
            file("gone/deep/index.html", "x"),
        ];
        write(&first, &out).unwrap();
        let inode = |p: &str| fs::metadata(out.join(p)).unwrap().ino();
        let same_before = inode("a/index.html");
        let changed_before = inode("b/index.html");
        let second = [
            file("a/index.html", "same"),
            file("b/index.html", "new"),
            file("c/d/index.html", "added"),
        ];
        write(&second, &out).unwrap();
        assert_eq!(
            inode("a/index.html"),
            same_before,
            "an unchanged file is a link to the one before, not written again"
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
        // The spare still holds the first site, untouched by the second build.
        let spare = dir.path().join(".public.prev");
        assert_eq!(
            fs::read_to_string(spare.join("b/index.html")).unwrap(),
            "old"
        );
        assert!(spare.join("gone/deep/index.html").exists());
        // A third build updates the spare in place and switches again.
        write(&second, &out).unwrap();
        assert_eq!(inode("a/index.html"), same_before);
        assert_eq!(contents(&out), contents(&spare));
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
    fn nesting_is_measured_on_the_page() {
        assert_eq!(
            nesting(b"<html><body><p>a<br>b</p><img src=x></body></html>"),
            3
        );
        assert_eq!(nesting(b"<p title=\"<b><b>\">x</p><!-- <i><i><i> -->"), 1);
        assert_eq!(
            nesting(b"<DIV><IMG src=x><Br><input><sourcex></sourcex></DIV>"),
            2
        );
        assert_eq!(nesting(b"<script>if (a<b && c<d) {}</script><p></p>"), 1);
        let deep = format!("{}x{}", "<b>".repeat(3000), "</b>".repeat(3000));
        let page = file("a/index.html", &deep);
        let (found, why) = too_costly(std::slice::from_ref(&page)).unwrap();
        assert_eq!(found.path, page.path);
        assert!(why.contains("3000 levels"), "{why}");
    }

    fn page(html: &str) -> OutputFile {
        file("a/index.html", html)
    }

    /// The depth `too_costly` finds, or `None` for a page it lets through.
    fn refused_depth(html: &str) -> Option<String> {
        too_costly(&[page(html)]).map(|(_, why)| why)
    }

    #[test]
    fn the_limit_holds_whether_or_not_the_page_is_followed_tag_by_tag() {
        let nested = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        // Fewer opening tags than the limit: let through after counting.
        assert_eq!(opening_bound(nested(MAX_PAGE_NESTING).as_bytes()), 400);
        assert_eq!(refused_depth(&nested(MAX_PAGE_NESTING)), None);
        let deeper = refused_depth(&nested(MAX_PAGE_NESTING + 1));
        assert!(deeper.is_some_and(|why| why.contains("401 levels")));
        // More opening tags than the limit, but shallow: followed, and let through.
        let wide = "<p>a<br>b</p>".repeat(MAX_PAGE_NESTING);
        assert!(opening_bound(wide.as_bytes()) > MAX_PAGE_NESTING);
        assert_eq!(refused_depth(&wide), None);
        // `<` that open nothing (in attributes, comments, scripts, text) count
        // towards the bound, never towards the depth.
        let not_tags = format!(
            "<p title=\"{b}\"><!-- {b} --><script>{b}</script>{lt}</p>",
            b = "<b>".repeat(MAX_PAGE_NESTING),
            lt = "a < b ".repeat(MAX_PAGE_NESTING)
        );
        assert!(opening_bound(not_tags.as_bytes()) > MAX_PAGE_NESTING);
        assert_eq!(refused_depth(&not_tags), None);
        // A deep page among shallow ones is found.
        let files = [page("<p>x</p>"), file("b/index.html", &nested(500))];
        let (found, _) = too_costly(&files).unwrap();
        assert_eq!(found.path, PathBuf::from("b/index.html"));
        assert_eq!(opening_bound(b""), 0);
        assert_eq!(opening_bound(b"<"), 1);
        assert_eq!(opening_bound(b"</"), 0);
    }

    const PIECES: &[&str] = &[
        "<",
        "</",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<br>",
        "<img src=x>",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<STYLE>",
        "</style>",
        "\"",
        "'",
        ">",
        "x",
        " ",
        "<p title=\"<b>\">",
        "<a href='</b>'>",
        "</a>",
        "/",
        "<1>",
        "</ p>",
    ];

    proptest::proptest! {
        /// Whatever the page, the count bounds the depth from above: a page let
        /// through on the count alone never nests deeper than the count.
        #[test]
        fn the_count_bounds_the_depth(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
        ) {
            let html = pieces.concat();
            proptest::prop_assert!(
                nesting(html.as_bytes()) <= opening_bound(html.as_bytes()),
                "{:?}",
                html
            );
        }
    }
}
