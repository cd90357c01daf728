//! A theme as read from `themes/<name>/`: templates, interface words and static
//! files. Load reads it; render compiles it.

use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default)]
pub struct RawTheme {
    /// Template name (file name) → source.
    pub templates: Vec<(String, String)>,
    /// Language code → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Path under `static/` → bytes, copied into every site's `assets/`.
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}
