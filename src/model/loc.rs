//! Where a value came from in an editor's file, kept on everything in the model so
//! check can point at it.

use std::fmt;
use std::path::PathBuf;

/// A place in a source file. Lines and columns count from 1; 0 means "unknown"
/// (the whole file is meant).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Loc {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Loc {
    pub fn new(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Loc {
            file: file.into(),
            line,
            column,
        }
    }

    /// The whole file, no particular line.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Loc::new(file, 0, 0)
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        Ok(())
    }
}
