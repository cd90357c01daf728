//! A finished file, as render hands it to write.

use std::path::PathBuf;

/// One file of the finished site, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    pub fn is_html(&self) -> bool {
        self.path.extension().is_some_and(|e| e == "html")
    }
}
