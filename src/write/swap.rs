//! Exchanging the new site with the published one in one step.

use std::io;
use std::path::Path;

/// Exchange the folders `new` and `out`: afterwards `out` holds what `new` held and
/// `new` the old site. On Linux one `renameat2(RENAME_EXCHANGE)`, atomic: a reader
/// of `out` sees the old site or the new one, never a mix, and a build killed at any
/// moment leaves one of them. Where the system or file system cannot exchange, three
/// renames (with a moment in which `out` does not exist).
pub fn exchange(new: &Path, out: &Path) -> io::Result<()> {
    match exchange_atomically(new, out) {
        Ok(()) => Ok(()),
        Err(error) if unsupported(&error) => exchange_by_renames(new, out),
        Err(error) => Err(error),
    }
}

#[cfg(target_os = "linux")]
fn exchange_atomically(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths, relative to the working folder.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomically(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

fn unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        error.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    ) {
        return true;
    }
    error.kind() == io::ErrorKind::Unsupported
}

fn exchange_by_renames(new: &Path, out: &Path) -> io::Result<()> {
    let mut old = new.as_os_str().to_owned();
    old.push(".swap");
    let old = Path::new(&old);
    std::fs::rename(out, old)?;
    if let Err(error) = std::fs::rename(new, out) {
        let _ = std::fs::rename(old, out);
        return Err(error);
    }
    std::fs::rename(old, new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn the_two_folders_change_places() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "new").unwrap();
        fs::write(b.join("x"), "old").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "new");
        assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "old");
        exchange_by_renames(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(b.join("x")).unwrap(), "old");
        assert_eq!(fs::read_to_string(a.join("x")).unwrap(), "new");
    }
}
