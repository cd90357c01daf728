//! Diagnostics an editor can act on: what is wrong, where (file:line:column), and how
//! to fix it. Every stage reports through this one type so the CLI, `check` and the
//! tests see the same messages.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

pub use crate::model::Loc;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub loc: Loc,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            loc,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            loc,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `file:line:col: error: message (help: ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {kind}: {}", self.loc, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// The text of every source file read, kept so diagnostics can show the offending line.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: BTreeMap<PathBuf, String>,
    /// Single lines (file, line from 1) kept of files whose whole text was let go.
    lines: BTreeMap<(PathBuf, usize), String>,
}

impl SourceMap {
    pub fn insert(&mut self, path: &Path, text: &str) {
        self.files.insert(path.to_path_buf(), text.to_string());
    }

    /// Add every file of `other`.
    pub fn append(&mut self, mut other: SourceMap) {
        self.files.append(&mut other.files);
        self.lines.append(&mut other.lines);
    }

    /// Keep only the lines that `diagnostics` point at, and let go of the rest of
    /// every file: a large build keeps a line per diagnostic instead of every file.
    pub fn keep_lines_of(&mut self, diagnostics: &Diagnostics) {
        for d in &diagnostics.items {
            if d.loc.line == 0 {
                continue;
            }
            if let Some(line) = self
                .files
                .get(&d.loc.file)
                .and_then(|text| text.lines().nth(d.loc.line - 1))
            {
                self.lines
                    .insert((d.loc.file.clone(), d.loc.line), line.to_string());
            }
        }
        self.files.clear();
    }

    /// Take out the kept lines `diagnostics` point at (and the whole files they
    /// point into), as a map of their own.
    pub fn take_lines_of(&mut self, diagnostics: &Diagnostics) -> SourceMap {
        let mut taken = SourceMap::default();
        for d in &diagnostics.items {
            if let Some(text) = self.files.remove(&d.loc.file) {
                taken.files.insert(d.loc.file.clone(), text);
            }
            let key = (d.loc.file.clone(), d.loc.line);
            if let Some(line) = self.lines.remove(&key) {
                taken.lines.insert(key, line);
            }
        }
        taken
    }

    /// Let go of the files and lines of the paths `keep` says no to.
    pub fn retain_paths(&mut self, keep: impl Fn(&Path) -> bool) {
        self.files.retain(|path, _| keep(path));
        self.lines.retain(|(path, _), _| keep(path));
    }

    /// Line `line` (from 1) of `path`, if it was kept.
    fn line(&self, path: &Path, line: usize) -> Option<&str> {
        if line == 0 {
            return None;
        }
        match self.files.get(path) {
            Some(text) => text.lines().nth(line - 1),
            None => self
                .lines
                .get(&(path.to_path_buf(), line))
                .map(String::as_str),
        }
    }

    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Render a diagnostic with the source line it points at, as rustc does.
    pub fn render(&self, diagnostic: &Diagnostic, color: bool) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = diagnostic.loc.file.display().to_string();
        let location = diagnostic.loc.to_string();
        let line_text = self.line(&diagnostic.loc.file, diagnostic.loc.line);
        let title = level.primary_title(diagnostic.message.as_str());
        let mut groups = Vec::new();
        match line_text {
            Some(line) => {
                // Column counts characters; the snippet wants a byte range.
                let start = line
                    .char_indices()
                    .nth(diagnostic.loc.column.saturating_sub(1))
                    .map(|(i, _)| i)
                    .unwrap_or(line.len());
                let end = line[start..]
                    .char_indices()
                    .find(|(_, c)| c.is_whitespace() || *c == ':' || *c == ',')
                    .map(|(i, _)| start + i)
                    .filter(|end| *end > start)
                    .unwrap_or_else(|| (start + 1).min(line.len()));
                groups.push(
                    Group::with_title(title).element(
                        Snippet::source(line)
                            .line_start(diagnostic.loc.line)
                            .path(path.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                );
            }
            None => {
                groups.push(
                    Group::with_title(title).element(Level::NOTE.message(format!("in {location}"))),
                );
            }
        }
        if let Some(help) = &diagnostic.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&groups)
    }
}

/// Everything found wrong with the input. An error stops the build; warnings do not.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Stable order: by file, then line, then column, so output never depends on
    /// the order threads finished in.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.loc, a.severity, &a.message).cmp(&(&b.loc, b.severity, &b.message))
        });
        self.items.dedup();
    }
}

/// Line and column (both from 1, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, byte_offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "a: 1\nbø: ×\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 5), (2, 1));
        // 'ø' is two bytes; the column after "bø: " is 5.
        assert_eq!(line_col(text, "a: 1\nbø: ".len()), (2, 5));
        // Offsets past the end or inside a character are clamped, never panic.
        assert_eq!(line_col(text, 1000), (3, 1));
        assert_eq!(line_col(text, 7), (2, 2));
    }

    #[test]
    fn rendered_diagnostic_names_file_line_and_help() {
        let mut sources = SourceMap::default();
        let path = PathBuf::from("municipalities/x/site.yaml");
        sources.insert(&path, "name: X\ntitel: Y\n");
        let d = Diagnostic::error(Loc::new(&path, 2, 1), "unknown key `titel`")
            .help("did you mean `title`?");
        let out = sources.render(&d, false);
        assert!(out.contains("municipalities/x/site.yaml:2:1"), "{out}");
        assert!(out.contains("titel: Y"), "{out}");
        assert!(out.contains("did you mean `title`?"), "{out}");
        assert_eq!(
            d.to_string(),
            "municipalities/x/site.yaml:2:1: error: unknown key `titel` (help: did you mean `title`?)"
        );
    }
}
