//! Writing a site file by file as it is rendered, instead of all at once at the end.
//!
//! The files go into the spare folder beside the output (as `write_with` does), and
//! the spare and the output change places only in [`Stream::finish`], once every
//! file is written and the build knows it has no errors. A build that fails after
//! the first file was written, or is killed, leaves the published output exactly as
//! it was: only the spare, which nobody reads, is half-updated, and the next build
//! corrects it. A spare this build made itself is removed again if the build is
//! abandoned, so a failed first build leaves nothing behind.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::paths::PathList;
use super::WriteError;
use super::{output_folder, owned, prepare_spare, read_manifest, spare_of, swap, update};
use crate::model::OutputFile;

/// An output folder being written: files go into its spare folder one by one.
pub struct Stream {
    out: PathBuf,
    spare: PathBuf,
    /// The spare did not exist before this build (it is removed if the build is
    /// abandoned).
    made_spare: bool,
    /// Folders made (or found) in the spare, relative to it.
    folders: BTreeSet<PathBuf>,
    /// Files written, relative to the spare.
    written: PathList,
    /// Folders this build made, relative to the spare: nothing was in them before.
    fresh: HashSet<PathBuf>,
    finished: bool,
}

impl Stream {
    /// Start writing into `out`: refuse it (before anything is touched) if it is a
    /// file or a folder veiviser did not write (unless `force`), and make the spare
    /// folder ready.
    pub fn begin(out: &Path, force: bool) -> Result<Stream, WriteError> {
        let out = output_folder(out)?;
        if out.exists() && !force {
            owned(&out)?;
        }
        let spare = spare_of(&out)?;
        let existed = fs::symlink_metadata(&spare).is_ok();
        prepare_spare(&spare, &out, force)?;
        let made_spare = !existed;
        fs::create_dir_all(&spare)?;
        // Known as veiviser's from the first file on, so that a spare a killed build
        // leaves behind is taken up by the next build rather than refused.
        if read_manifest(&spare).is_none() {
            update::write_manifest(&spare, std::iter::empty())?;
        }
        Ok(Stream {
            out,
            spare,
            made_spare,
            folders: BTreeSet::new(),
            written: PathList::default(),
            fresh: HashSet::new(),
            finished: false,
        })
    }

    /// Write one file of the new site (into the spare; a file that holds the same
    /// bytes already is left alone).
    pub fn put(&mut self, file: &OutputFile) -> io::Result<()> {
        let mut missing: Vec<&Path> = file
            .path
            .ancestors()
            .skip(1)
            .filter(|p| !p.as_os_str().is_empty())
            .take_while(|p| !self.folders.contains(*p))
            .collect();
        // Parents first.
        missing.reverse();
        for folder in missing {
            if update::make_folder(&self.spare.join(folder))? {
                self.fresh.insert(folder.to_path_buf());
            }
            self.folders.insert(folder.to_path_buf());
        }
        let target = self.spare.join(&file.path);
        if file.path.parent().is_some_and(|p| self.fresh.contains(p)) {
            update::put_new(&target, &file.bytes)?;
        } else {
            update::put(&target, &file.bytes)?;
        }
        self.written.push(&file.path);
        Ok(())
    }

    /// The new site is complete: remove what it no longer has, write the manifest,
    /// and exchange the spare with the output in one step.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let written = std::mem::take(&mut self.written).sorted();
        update::remove_stale(
            |file| written.contains(file),
            |folder| self.folders.contains(folder),
            &self.spare,
        )?;
        update::write_manifest_of(&self.spare, written.lossy())?;
        if self.out.exists() {
            swap::exchange(&self.spare, &self.out)?;
        } else {
            fs::rename(&self.spare, &self.out)?;
        }
        self.finished = true;
        Ok(())
    }
}

impl Drop for Stream {
    /// A build that ends without [`Stream::finish`] (an error, a panic) leaves the
    /// output untouched; a spare folder it made itself goes again.
    fn drop(&mut self) {
        if !self.finished && self.made_spare {
            let _ = fs::remove_dir_all(&self.spare);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.to_owned())
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    #[test]
    fn files_written_one_by_one_make_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/b/index.html", "1")).unwrap();
        assert!(!out.exists(), "nothing is published before the end");
        stream.put(&file("index.html", "0")).unwrap();
        stream.finish().unwrap();
        assert_eq!(read(&out.join("a/b/index.html")), "1");
        assert_eq!(read(&out.join("index.html")), "0");
        assert_eq!(
            read(&out.join(super::super::MANIFEST))
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>(),
            ["a/b/index.html", "index.html"]
        );
    }

    #[test]
    fn files_in_folders_made_by_the_build_are_written_at_once_and_stay_right() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/b/index.html", "1")).unwrap();
        assert!(stream.fresh.contains(Path::new("a/b")));
        // The same path twice in one build: the last bytes win, as in `put`.
        stream.put(&file("a/b/index.html", "2")).unwrap();
        stream.finish().unwrap();
        assert_eq!(read(&out.join("a/b/index.html")), "2");
        // A rebuild finds the folders there (the spare holds links to the site):
        // none is fresh, and an unchanged file is left alone.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/b/index.html", "2")).unwrap();
        stream.put(&file("a/c/index.html", "3")).unwrap();
        assert!(!stream.fresh.contains(Path::new("a/b")));
        assert!(stream.fresh.contains(Path::new("a/c")));
        stream.finish().unwrap();
        assert_eq!(read(&out.join("a/b/index.html")), "2");
        assert_eq!(read(&out.join("a/c/index.html")), "3");
        // A folder where a file was is made anew, and fresh.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("x", "file")).unwrap();
        stream.finish().unwrap();
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/b/index.html", "2")).unwrap();
        stream.put(&file("x/index.html", "now a folder")).unwrap();
        stream.finish().unwrap();
        assert_eq!(read(&out.join("x/index.html")), "now a folder");
    }

    #[test]
    fn an_abandoned_build_leaves_the_output_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A first build abandoned half-way leaves nothing at all.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/index.html", "1")).unwrap();
        drop(stream);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        // A published site stays as it was when the next build is abandoned.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/index.html", "1")).unwrap();
        stream.put(&file("b/index.html", "2")).unwrap();
        stream.finish().unwrap();
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/index.html", "changed")).unwrap();
        stream.put(&file("c/index.html", "new")).unwrap();
        drop(stream);
        assert_eq!(read(&out.join("a/index.html")), "1");
        assert_eq!(read(&out.join("b/index.html")), "2");
        assert!(!out.join("c").exists());
        // The half-updated spare is taken up and corrected by the next build.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put(&file("a/index.html", "3")).unwrap();
        stream.finish().unwrap();
        assert_eq!(read(&out.join("a/index.html")), "3");
        assert!(!out.join("b").exists() && !out.join("c").exists());
    }

    #[test]
    fn a_folder_veiviser_did_not_write_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("innhold.md"), "mine").unwrap();
        let refused = Stream::begin(&out, false);
        assert!(matches!(refused, Err(WriteError::Refused { .. })));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
