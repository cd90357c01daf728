//! Reading a theme: Tera templates, interface strings per language, static files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Loc};
use crate::load::{safe, yaml};
use crate::model::RawTheme;

pub const THEMES_DIR: &str = "themes";
pub const DEFAULT_THEME: &str = "default";

/// No template, script or stylesheet of a theme comes near this.
const MAX_THEME_FILE_BYTES: u64 = 10_000_000;

/// A theme file as text, read without following links.
fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    let refused = |refused: safe::Refused| {
        let (message, help) = refused.explain(&path.to_string_lossy());
        Diagnostic::error(Loc::file(path), message).help(help)
    };
    let bytes = safe::read(root, path, MAX_THEME_FILE_BYTES).map_err(refused)?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(Loc::file(path), "the file is not valid UTF-8 text")
            .help("save the file with the encoding UTF-8")
    })
}

pub fn load_theme(root: &Path, name: &str) -> Result<RawTheme, Diagnostics> {
    let rel = PathBuf::from(THEMES_DIR).join(name);
    let dir = root.join(&rel);
    let mut diagnostics = Diagnostics::default();
    let mut theme = RawTheme::default();

    let templates_dir = rel.join("templates");
    match safe::entries(root, &templates_dir) {
        Ok(names) => {
            for name in names.into_iter().filter(|n| n.ends_with(".html")) {
                let path = templates_dir.join(&name);
                match read_text(root, &path) {
                    Ok(text) => theme.templates.push((name, text)),
                    Err(d) => diagnostics.push(d),
                }
            }
        }
        Err(refused) => {
            let (message, help) = match refused {
                safe::Refused::Io(e) => (
                    format!("cannot read the theme `{name}`: {e}"),
                    "run veiviser in the content root, which holds `themes/default/`".to_string(),
                ),
                other => other.explain(&templates_dir.to_string_lossy()),
            };
            diagnostics.push(Diagnostic::error(Loc::file(&rel), message).help(help));
            return Err(diagnostics);
        }
    }

    for lang in ["nb", "nn"] {
        let path = rel.join("i18n").join(format!("{lang}.yaml"));
        match read_text(root, &path) {
            Ok(text) => match yaml::parse::<BTreeMap<String, String>>(&path, &text, 0) {
                Ok(strings) => {
                    theme.strings.insert(lang.to_string(), strings);
                }
                Err(d) => diagnostics.push(d),
            },
            Err(d) => diagnostics.push(d),
        }
    }

    let static_dir = dir.join("static");
    if safe::kind(root, &rel.join("static")) == safe::Kind::Link {
        let (message, help) = safe::Refused::Link.explain("static");
        diagnostics.push(Diagnostic::error(Loc::file(rel.join("static")), message).help(help));
    } else {
        // WalkDir does not follow links: a linked file or folder is seen as a link.
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&static_dir) else {
                continue;
            };
            let path = rel.join("static").join(relative);
            match safe::read(root, &path, MAX_THEME_FILE_BYTES) {
                Ok(bytes) => theme.static_files.push((relative.to_path_buf(), bytes)),
                Err(refused) => {
                    let (message, help) = refused.explain(&path.to_string_lossy());
                    diagnostics.push(Diagnostic::error(Loc::file(&path), message).help(help));
                }
            }
        }
    }

    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(theme)
    }
}
