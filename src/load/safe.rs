//! Reading the content tree without ever leaving it.
//!
//! A symbolic link under `municipalities/`, `content/` or `themes/` could make the
//! build publish any file on the machine (`home.md → /proc/self/environ`), and a FIFO
//! or device would make a read wait forever. So every path is looked at with
//! `symlink_metadata`, component by component from the content root, before it is
//! opened, and files are opened with `O_NOFOLLOW | O_NONBLOCK` and checked again on
//! the open handle: a link or special file swapped in between is still refused.

use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path};

/// What a path under the content root is, seen without following links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File {
        len: u64,
    },
    Dir,
    Missing,
    /// The path, or a folder on the way to it, is a symbolic link.
    Link,
    /// A FIFO, socket or device: never opened.
    Special,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    Link,
    Special,
    Folder,
    TooLarge(u64),
    Io(io::Error),
}

/// What `rel` (relative to `root`) is. Every component of `rel` is looked at, so a
/// file inside a linked folder counts as a link too.
pub fn kind(root: &Path, rel: &Path) -> Kind {
    let mut path = root.to_path_buf();
    let mut components = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .peekable();
    while let Some(component) = components.next() {
        path.push(component);
        let metadata = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(_) => return Kind::Missing,
        };
        let file_type = metadata.file_type();
        if file_type.is_symlink() {
            return Kind::Link;
        }
        let last = components.peek().is_none();
        if !last {
            if !file_type.is_dir() {
                return Kind::Missing;
            }
            continue;
        }
        return if file_type.is_dir() {
            Kind::Dir
        } else if file_type.is_file() {
            Kind::File {
                len: metadata.len(),
            }
        } else {
            Kind::Special
        };
    }
    // `rel` is empty: the root itself.
    Kind::Dir
}

/// The bytes of the regular file `rel`, at most `max_bytes` of them.
pub fn read(root: &Path, rel: &Path, max_bytes: u64) -> Result<Vec<u8>, Refused> {
    match kind(root, rel) {
        Kind::File { len } if len > max_bytes => return Err(Refused::TooLarge(len)),
        Kind::File { .. } => {}
        Kind::Dir => return Err(Refused::Folder),
        Kind::Link => return Err(Refused::Link),
        Kind::Special => return Err(Refused::Special),
        Kind::Missing => {
            return Err(Refused::Io(io::Error::new(
                io::ErrorKind::NotFound,
                "no such file",
            )))
        }
    }
    let mut file = open_no_follow(&root.join(rel)).map_err(|e| {
        if is_link_error(&e) {
            Refused::Link
        } else {
            Refused::Io(e)
        }
    })?;
    let metadata = file.metadata().map_err(Refused::Io)?;
    if !metadata.is_file() {
        return Err(Refused::Special);
    }
    if metadata.len() > max_bytes {
        return Err(Refused::TooLarge(metadata.len()));
    }
    // Read one byte more than allowed: a file that grew since it was looked at is
    // still caught.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.by_ref()
        .take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The entries of the folder `rel`, sorted by name, when it is a real folder (not a
/// link to one).
pub fn entries(root: &Path, rel: &Path) -> Result<Vec<String>, Refused> {
    match kind(root, rel) {
        Kind::Dir => {}
        Kind::Link => return Err(Refused::Link),
        Kind::Special => return Err(Refused::Special),
        Kind::File { .. } => {
            return Err(Refused::Io(io::Error::new(
                io::ErrorKind::NotADirectory,
                "not a folder",
            )))
        }
        Kind::Missing => {
            return Err(Refused::Io(io::Error::new(
                io::ErrorKind::NotFound,
                "no such folder",
            )))
        }
    }
    let mut names: Vec<String> = fs::read_dir(root.join(rel))
        .map_err(Refused::Io)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO swapped in after the check returns at once instead
    // of waiting for a writer; the handle is then refused as not a regular file.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(unix)]
fn is_link_error(error: &io::Error) -> bool {
    error.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_link_error(_: &io::Error) -> bool {
    false
}

impl Refused {
    /// The message and help for an editor, about the file or folder `name`.
    pub fn explain(&self, name: &str) -> (String, String) {
        match self {
            Refused::Link => (
                format!("`{name}` is a symbolic link; veiviser reads nothing through a link"),
                "a link could publish a file from elsewhere on the machine: replace it by the file or folder itself".into(),
            ),
            Refused::Special => (
                format!("`{name}` is not a regular file (a pipe, socket or device) and is not read"),
                "remove it, or replace it by an ordinary file".into(),
            ),
            Refused::Folder => (
                format!("`{name}` is a folder where a file was expected"),
                "put a file here, or remove the folder".into(),
            ),
            Refused::TooLarge(len) => (
                format!("`{name}` is too large ({})", crate::format::size_in_words(*len as usize)),
                "make the file smaller".into(),
            ),
            Refused::Io(error) => (
                format!("cannot read `{name}`: {error}"),
                "check that the file exists and can be read".into(),
            ),
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_anywhere_on_the_way_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("m/real")).unwrap();
        fs::write(root.join("m/real/a.md"), "a").unwrap();
        symlink(root.join("m/real"), root.join("m/linked")).unwrap();
        symlink(root.join("m/real/a.md"), root.join("m/real/b.md")).unwrap();
        assert_eq!(kind(root, Path::new("m/real/a.md")), Kind::File { len: 1 });
        assert_eq!(kind(root, Path::new("m/linked/a.md")), Kind::Link);
        assert_eq!(kind(root, Path::new("m/linked")), Kind::Link);
        assert_eq!(kind(root, Path::new("m/real/b.md")), Kind::Link);
        assert_eq!(kind(root, Path::new("m/real/c.md")), Kind::Missing);
        assert!(matches!(
            read(root, Path::new("m/real/b.md"), 10),
            Err(Refused::Link)
        ));
        assert!(matches!(
            entries(root, Path::new("m/linked")),
            Err(Refused::Link)
        ));
        assert_eq!(read(root, Path::new("m/real/a.md"), 10).unwrap(), b"a");
        assert!(matches!(
            read(root, Path::new("m/real/a.md"), 0),
            Err(Refused::TooLarge(1))
        ));
    }

    #[test]
    fn a_fifo_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("p.md");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(kind(dir.path(), Path::new("p.md")), Kind::Special);
        assert!(matches!(
            read(dir.path(), Path::new("p.md"), 10),
            Err(Refused::Special)
        ));
        // Opened directly (as if swapped in after the check), it does not block.
        let file = open_no_follow(&fifo).unwrap();
        assert!(!file.metadata().unwrap().is_file());
    }
}
