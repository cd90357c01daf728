//! The files a build wrote, kept compactly: a country of a thousand municipalities
//! writes some sixty thousand, and a path each on the heap (with its hash-table
//! slot) cost about 11 KB per municipality that stayed to the end of the build,
//! scattered among the build's short-lived allocations.

use std::borrow::Cow;
use std::path::Path;

/// Relative paths, their bytes one after another in one buffer. Sorted (and without
/// repeats) by [`PathList::sort`] before it is asked what it holds.
#[derive(Debug, Default)]
pub struct PathList {
    bytes: Vec<u8>,
    /// Where each path ends in `bytes`; it starts where the one before ends.
    ends: Vec<usize>,
    sorted: bool,
}

impl PathList {
    pub fn push(&mut self, path: &Path) {
        self.bytes
            .extend_from_slice(path.as_os_str().as_encoded_bytes());
        self.ends.push(self.bytes.len());
        self.sorted = false;
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.bytes[start..self.ends[i]]
    }

    fn each(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len()).map(|i| self.get(i))
    }

    /// Put the paths in byte order, each once.
    pub fn sort(&mut self) {
        if self.sorted {
            return;
        }
        let mut order: Vec<usize> = (0..self.ends.len()).collect();
        order.sort_by(|&a, &b| self.get(a).cmp(self.get(b)));
        order.dedup_by(|a, b| self.get(*a) == self.get(*b));
        let mut sorted = PathList {
            bytes: Vec::with_capacity(self.bytes.len()),
            ends: Vec::with_capacity(order.len()),
            sorted: true,
        };
        for i in order {
            sorted.bytes.extend_from_slice(self.get(i));
            sorted.ends.push(sorted.bytes.len());
        }
        *self = sorted;
    }

    /// Whether `path` is in the list; after [`PathList::sort`] (before it, `false`).
    pub fn contains(&self, path: &Path) -> bool {
        if !self.sorted {
            return false;
        }
        let wanted = path.as_os_str().as_encoded_bytes();
        let (mut low, mut high) = (0, self.ends.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.get(middle).cmp(wanted) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    /// Each path as text (as `Path::to_string_lossy` gives it), in the list's order.
    pub fn lossy(&self) -> impl Iterator<Item = Cow<'_, str>> {
        self.each().map(String::from_utf8_lossy)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.ends.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.ends.is_empty()
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
        assert!(
            !list.contains(Path::new("index.html")),
            "not before sorting"
        );
        list.sort();
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
    fn an_empty_list_holds_nothing() {
        let mut list = PathList::default();
        list.sort();
        assert!(list.is_empty());
        assert!(!list.contains(Path::new("index.html")));
    }
}
