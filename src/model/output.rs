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

/// Render marks a fragment of a page that many pages of a site repeat word for word
/// (the header, the contact block, the footer) by putting it between these two
/// comments; write minifies each distinct fragment once instead of once per page,
/// and the comments are gone from the finished page. Editors' texts cannot make
/// them: Markdown's HTML is sanitised (comments removed) and values are escaped.
pub const SHARED_START: &str = "<!--#veiviser-shared-->";
pub const SHARED_END: &str = "<!--#/veiviser-shared-->";
