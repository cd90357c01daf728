//! Reading a theme: Tera templates, interface strings per language, static files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::yaml;

pub const THEMES_DIR: &str = "themes";
pub const DEFAULT_THEME: &str = "default";

#[derive(Debug, Default)]
pub struct RawTheme {
    /// Template name (file name) → source.
    pub templates: Vec<(String, String)>,
    /// Language code → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// Path under `static/` → bytes, copied into every site's `assets/`.
    pub static_files: Vec<(PathBuf, Vec<u8>)>,
}

pub fn load_theme(root: &Path, name: &str) -> Result<RawTheme, Diagnostics> {
    let rel = PathBuf::from(THEMES_DIR).join(name);
    let dir = root.join(&rel);
    let mut diagnostics = Diagnostics::default();
    let mut theme = RawTheme::default();

    let templates_dir = dir.join("templates");
    match fs::read_dir(&templates_dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "html"))
            {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match fs::read_to_string(&path) {
                    Ok(text) => theme.templates.push((name, text)),
                    Err(e) => diagnostics.push(Diagnostic::error(
                        Loc::file(rel.join("templates").join(&name)),
                        format!("cannot read the template: {e}"),
                    )),
                }
            }
        }
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    Loc::file(&rel),
                    format!("cannot read the theme `{name}`: {e}"),
                )
                .help("run veiviser in the content root, which holds `themes/default/`"),
            );
            return Err(diagnostics);
        }
    }

    for lang in ["nb", "nn"] {
        let path = rel.join("i18n").join(format!("{lang}.yaml"));
        match fs::read_to_string(root.join(&path)) {
            Ok(text) => match yaml::parse::<BTreeMap<String, String>>(&path, &text, 0) {
                Ok(strings) => {
                    theme.strings.insert(lang.to_string(), strings);
                }
                Err(d) => diagnostics.push(d),
            },
            Err(e) => diagnostics.push(Diagnostic::error(
                Loc::file(&path),
                format!("cannot read the interface texts: {e}"),
            )),
        }
    }

    let static_dir = dir.join("static");
    for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(&static_dir) else {
            continue;
        };
        match fs::read(entry.path()) {
            Ok(bytes) => theme.static_files.push((relative.to_path_buf(), bytes)),
            Err(e) => diagnostics.push(Diagnostic::error(
                Loc::file(rel.join("static").join(relative)),
                format!("cannot read the file: {e}"),
            )),
        }
    }

    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(theme)
    }
}
