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
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::paths::PathList;
use super::WriteError;
use super::{has_manifest, output_folder, owned, prepare_spare, spare_of, swap, update};
use crate::model::OutputFile;

/// An output folder being written: files go into its spare folder one by one.
///
/// A site's files, put together with [`Stream::put_site`], are settled at once: what
/// its folder in the spare held that the new site no longer has is removed there and
/// then, and nothing of the site is remembered but its folder's name. So what the
/// stream holds does not grow with the country; only the files put one by one (the
/// list of sites, the shared assets) are remembered to the end.
pub struct Stream {
    out: PathBuf,
    spare: PathBuf,
    /// The spare did not exist before this build (it is removed if the build is
    /// abandoned).
    made_spare: bool,
    /// Folders made (or found) in the spare for the files put one by one, relative
    /// to it.
    folders: BTreeSet<PathBuf>,
    /// Files put one by one, relative to the spare.
    written: PathList,
    /// Folders this build made for the files put one by one, relative to the spare:
    /// nothing was in them before.
    fresh: HashSet<PathBuf>,
    /// The top-level folders of the sites put whole: they hold exactly their site.
    settled: BTreeSet<OsString>,
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
        if !has_manifest(&spare) {
            update::write_empty_manifest(&spare)?;
        }
        Ok(Stream {
            out,
            spare,
            made_spare,
            folders: BTreeSet::new(),
            written: PathList::default(),
            fresh: HashSet::new(),
            settled: BTreeSet::new(),
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
            let parent_made_now = folder.parent().is_some_and(|p| self.fresh.contains(p));
            if update::make_folder_in(&self.spare.join(folder), parent_made_now)? {
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

    /// Write all the files of one site, which lie in one top-level folder, and make
    /// that folder hold exactly them: what else is in it goes now. Files that do not
    /// share one top-level folder, or a folder written into already, are put one by
    /// one instead.
    pub fn put_site(&mut self, files: &[OutputFile]) -> io::Result<()> {
        let top = match one_top_folder(files) {
            Some(top) if !self.settled.contains(top) && !self.folders.contains(Path::new(top)) => {
                top
            }
            _ => {
                for file in files {
                    self.put(file)?;
                }
                return Ok(());
            }
        };
        let folders = super::folders(files);
        let mut fresh: HashSet<&Path> = HashSet::new();
        // Parents first (a path sorts before the paths inside it).
        for folder in &folders {
            let parent_made_now = folder.parent().is_some_and(|p| fresh.contains(p));
            if update::make_folder_in(&self.spare.join(folder), parent_made_now)? {
                fresh.insert(folder);
            }
        }
        for file in files {
            let target = self.spare.join(&file.path);
            if file.path.parent().is_some_and(|p| fresh.contains(p)) {
                update::put_new(&target, &file.bytes)?;
            } else {
                update::put(&target, &file.bytes)?;
            }
        }
        // A folder made now held nothing before: nothing in it can be stale.
        if !fresh.contains(Path::new(top)) {
            let wanted: HashSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
            update::remove_stale_under(
                &self.spare,
                Path::new(top),
                |file| wanted.contains(file),
                |folder| folders.contains(folder),
            )?;
        }
        self.settled.insert(top.to_os_string());
        Ok(())
    }

    /// The new site is complete: remove what it no longer has, write the manifest,
    /// and exchange the spare with the output in one step.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let written = std::mem::take(&mut self.written).sorted();
        update::remove_stale_and_list(
            &self.spare,
            |top| self.settled.contains(top),
            |file| written.contains(file),
            |folder| self.folders.contains(folder),
        )?;
        if self.out.exists() {
            swap::exchange(&self.spare, &self.out)?;
        } else {
            fs::rename(&self.spare, &self.out)?;
        }
        self.finished = true;
        Ok(())
    }
}

/// The top-level folder every one of `files` lies in (below it, not the folder
/// itself), if they share one and there is at least one.
fn one_top_folder(files: &[OutputFile]) -> Option<&OsStr> {
    fn top_of(file: &OutputFile) -> Option<&OsStr> {
        let mut components = file.path.components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(top)), Some(Component::Normal(_))) => Some(top),
            _ => None,
        }
    }
    let top = top_of(files.first()?)?;
    files
        .iter()
        .all(|file| top_of(file) == Some(top))
        .then_some(top)
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

    /// The manifest's paths, in its order.
    fn manifest(out: &Path) -> Vec<String> {
        read(&out.join(super::super::MANIFEST))
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect()
    }

    /// Every file under `out` but the manifest, in byte order of the path.
    fn files_under(out: &Path) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(out).unwrap();
                relative.to_string_lossy().into_owned()
            })
            .filter(|p| p != super::super::MANIFEST)
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_site_put_whole_is_settled_at_once_and_listed_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Names whose order as paths differs from their order as names.
        let site_a = [
            file("a/index.html", "a"),
            file("a/side/index.html", "a side"),
            file("a/gammel/index.html", "old"),
        ];
        let mut stream = Stream::begin(&out, false).unwrap();
        stream.put_site(&site_a).unwrap();
        stream
            .put_site(&[file("a-b/index.html", "ab"), file("a-b/x/y.pdf", "pdf")])
            .unwrap();
        stream.put(&file("a.html", "root")).unwrap();
        stream.put(&file("index.html", "list")).unwrap();
        stream.finish().unwrap();
        let expected = [
            "a-b/index.html",
            "a-b/x/y.pdf",
            "a.html",
            "a/gammel/index.html",
            "a/index.html",
            "a/side/index.html",
            "index.html",
        ];
        assert_eq!(manifest(&out), expected);
        assert_eq!(files_under(&out), expected);

        // The next build no longer has a page of `a` nor the folder `a-b/x`: they go as
        // each site is put, before the build ends; the other site's files stay.
        let mut stream = Stream::begin(&out, false).unwrap();
        stream
            .put_site(&[
                file("a/index.html", "a2"),
                file("a/side/index.html", "a side"),
            ])
            .unwrap();
        assert!(
            !stream.spare.join("a/gammel").exists(),
            "settled when put, not at the end"
        );
        assert!(stream.spare.join("a-b/x/y.pdf").exists());
        stream.put_site(&[file("a-b/index.html", "ab")]).unwrap();
        assert!(!stream.spare.join("a-b/x").exists());
        stream.put(&file("index.html", "list")).unwrap();
        stream.finish().unwrap();
        let expected = [
            "a-b/index.html",
            "a/index.html",
            "a/side/index.html",
            "index.html",
        ];
        assert_eq!(manifest(&out), expected);
        assert_eq!(files_under(&out), expected);
        assert_eq!(read(&out.join("a/index.html")), "a2");
        // No draft of the manifest is left behind.
        assert_eq!(
            fs::read_dir(&out)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(".veiviser"))
                .count(),
            1
        );
    }

    #[test]
    fn files_that_are_not_one_site_are_put_one_by_one_and_nothing_written_is_lost() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut stream = Stream::begin(&out, false).unwrap();
        // Several top-level folders: not one site.
        stream
            .put_site(&[file("a/index.html", "a"), file("b/index.html", "b")])
            .unwrap();
        assert!(stream.settled.is_empty());
        // A folder written into one by one is not settled by a later lot into it,
        // which would remove what was put before.
        stream.put(&file("c/one.html", "1")).unwrap();
        stream.put_site(&[file("c/two.html", "2")]).unwrap();
        // Nor is a folder settled twice: the second lot adds to the first.
        stream.put_site(&[file("d/one.html", "1")]).unwrap();
        stream.put_site(&[file("d/two.html", "2")]).unwrap();
        // Files at the top are no site.
        stream.put_site(&[file("index.html", "0")]).unwrap();
        stream.finish().unwrap();
        let expected = [
            "a/index.html",
            "b/index.html",
            "c/one.html",
            "c/two.html",
            "d/one.html",
            "d/two.html",
            "index.html",
        ];
        assert_eq!(manifest(&out), expected);
        assert_eq!(files_under(&out), expected);
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
