//! A finished file, as render hands it to write.

use std::path::PathBuf;

use bytes::Bytes;

/// One file of the finished site, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    /// Shared bytes: a form's PDF or a published document is one copy in memory
    /// however many hold it (`serve` keeps both the forms it made and the files it
    /// serves).
    pub bytes: Bytes,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Bytes>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }

    pub fn is_html(&self) -> bool {
        self.path.extension().is_some_and(|e| e == "html")
    }
}
