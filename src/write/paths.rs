//! The files a build wrote, kept compactly: a country of a thousand municipalities
//! writes some sixty thousand, and a path each on the heap (with its hash-table
//! slot) cost about 11 KB per municipality that stayed to the end of the build,
//! scattered among the build's short-lived allocations.

use std::path::Path;

/// Relative paths, their bytes one after another in one buffer, in the order
/// pushed. [`PathList::sorted`] turns it into what can be asked what it holds.
#[derive(Debug, Default)]
pub struct PathList {
    bytes: Vec<u8>,
    /// Where each path ends in `bytes`; it starts where the one before ends.
    ends: Vec<usize>,
}

/// A [`PathList`] in byte order, each path once.
#[derive(Debug)]
pub struct SortedPaths(PathList);

impl PathList {
    pub fn push(&mut self, path: &Path) {
        self.bytes
            .extend_from_slice(path.as_os_str().as_encoded_bytes());
        self.ends.push(self.bytes.len());
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    /// The paths in byte order, each once.
    pub fn sorted(self) -> SortedPaths {
        let mut order: Vec<usize> = (0..self.ends.len()).collect();
        order.sort_by(|&a, &b| self.get(a).cmp(self.get(b)));
        order.dedup_by(|a, b| self.get(*a) == self.get(*b));
        let mut sorted = PathList {
            bytes: Vec::with_capacity(self.bytes.len()),
            ends: Vec::with_capacity(order.len()),
        };
        for i in order {
            sorted.bytes.extend_from_slice(self.get(i));
            sorted.ends.push(sorted.bytes.len());
        }
        SortedPaths(sorted)
    }
}

impl SortedPaths {
    /// The paths listed in `text`, one a line (`/`-separated), lines empty or
    /// starting with `#` left out: a manifest as [`super::MANIFEST`] holds it.
    pub fn of_lines(text: &str) -> SortedPaths {
        let mut list = PathList::default();
        for line in text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            list.push(Path::new(line));
        }
        list.sorted()
    }

    pub fn contains(&self, path: &Path) -> bool {
        let list = &self.0;
        let wanted = path.as_os_str().as_encoded_bytes();
        let (mut low, mut high) = (0, list.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match list.get(middle).cmp(wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Each path as text (as `Path::to_string_lossy` gives it), in order.
    #[cfg(test)]
    fn lossy(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        (0..self.0.ends.len()).map(|i| String::from_utf8_lossy(self.0.get(i)))
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.0.ends.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    #[test]
    fn holds_each_path_once_and_answers_as_a_set_would() {
        let paths = [
            "b/index.html",
            "a/skjema/x/x.pdf",
            "index.html",
            "a/index.html",
            "b/index.html",
            "a/skjema/x/x.odt",
            "æøå/side.html",
        ];
        let mut list = PathList::default();
        for p in paths {
            list.push(Path::new(p));
        }
        let list = list.sorted();
        let set: BTreeSet<PathBuf> = paths.iter().map(PathBuf::from).collect();
        assert_eq!(list.len(), set.len());
        for p in &set {
            assert!(list.contains(p), "{}", p.display());
        }
        for p in ["a", "b/index.htm", "b/index.html/x", "", "c/index.html"] {
            assert!(!list.contains(Path::new(p)), "{p}");
        }
        let lossy: Vec<String> = list.lossy().map(String::from).collect();
        let mut expected: Vec<String> = set.iter().map(|p| p.to_string_lossy().into()).collect();
        expected.sort();
        assert_eq!(lossy, expected);
    }

    #[test]
    fn a_manifest_s_lines_are_its_paths_in_any_order() {
        let list = SortedPaths::of_lines("# a comment\nb/index.html\n\na/x.pdf\nindex.html\n");
        assert_eq!(list.len(), 3);
        for p in ["a/x.pdf", "b/index.html", "index.html"] {
            assert!(list.contains(Path::new(p)), "{p}");
        }
        assert!(!list.contains(Path::new("# a comment")));
        assert!(!list.contains(Path::new("")));
    }

    #[test]
    fn an_empty_list_holds_nothing() {
        let list = PathList::default().sorted();
        assert_eq!(list.len(), 0);
        assert!(!list.contains(Path::new("index.html")));
    }
}
