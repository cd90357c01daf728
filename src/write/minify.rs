//! Minifying the pages. A page's chrome (header, contact block, footer) is most of
//! its bytes and the same on many pages of a site; render marks it as a shared
//! fragment (`model::SHARED_START` … `SHARED_END`), and each distinct fragment is
//! minified once per call instead of once per page. The rest of the page is
//! minified with a placeholder where the fragment stood, and the minified fragment
//! is put back in its place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::model::{OutputFile, SHARED_END, SHARED_START};

/// minify-html's defaults drop `<html>`, `<head>` and closing tags; browsers cope,
/// but validators, screen-reader test tools and editors reading the source do not.
fn minify_config() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        // The placeholders where shared fragments go back in (`<!--#…-->`).
        keep_ssi_comments: true,
        // The stylesheet styles text inputs by their type.
        keep_input_type_text_attr: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    }
}

/// The placeholder for a page's `n`th shared fragment while the rest is minified.
fn placeholder(n: usize) -> String {
    format!("<!--#veiviser-shared-{n}-->")
}

/// Shared fragments minified so far, by their text.
#[derive(Default)]
struct Fragments {
    minified: Mutex<HashMap<Vec<u8>, Arc<Vec<u8>>>>,
}

impl Fragments {
    fn minify(&self, fragment: &[u8], cfg: &minify_html::Cfg) -> Arc<Vec<u8>> {
        let lock = || self.minified.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(done) = lock().get(fragment) {
            return Arc::clone(done);
        }
        // Two workers may minify the same fragment at once; both get the same bytes.
        let done = Arc::new(minify_html::minify(fragment, cfg));
        lock().insert(fragment.to_vec(), Arc::clone(&done));
        done
    }
}

/// One page, minified. Shared fragments come from (and go into) `fragments`.
fn minify_page(page: &[u8], cfg: &minify_html::Cfg, fragments: &Fragments) -> Vec<u8> {
    let (skeleton, parts) = split(page);
    if parts.is_empty() {
        return match find(page, SHARED_START.as_bytes()) {
            Some(_) => minify_html::minify(&strip_marks(page), cfg),
            None => minify_html::minify(page, cfg),
        };
    }
    let mut out = minify_html::minify(&skeleton, cfg);
    for (n, part) in parts.iter().enumerate() {
        let minified = fragments.minify(part, cfg);
        let mark = placeholder(n);
        match find(&out, mark.as_bytes()) {
            Some(at) => {
                out.splice(at..at + mark.len(), minified.iter().copied());
            }
            // minify-html keeps `<!--#…-->` comments as they are, so this does not
            // happen; if it did, the whole page is minified the plain way.
            None => return minify_html::minify(&strip_marks(page), cfg),
        }
    }
    out
}

/// The page with each shared fragment replaced by a placeholder, and the fragments
/// (without their marks), in order.
fn split(page: &[u8]) -> (Vec<u8>, Vec<&[u8]>) {
    let (start, end) = (SHARED_START.as_bytes(), SHARED_END.as_bytes());
    let mut skeleton = Vec::with_capacity(page.len());
    let mut parts = Vec::new();
    let mut rest = page;
    while let Some(at) = find(rest, start) {
        let inside = &rest[at + start.len()..];
        let Some(len) = find(inside, end) else { break };
        skeleton.extend_from_slice(&rest[..at]);
        skeleton.extend_from_slice(placeholder(parts.len()).as_bytes());
        parts.push(&inside[..len]);
        rest = &inside[len + end.len()..];
    }
    if parts.is_empty() {
        return (Vec::new(), parts);
    }
    skeleton.extend_from_slice(rest);
    (skeleton, parts)
}

/// The page without the shared-fragment marks.
fn strip_marks(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    text.replace(SHARED_START, "")
        .replace(SHARED_END, "")
        .into_bytes()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Minify every HTML page in `files` (a site's, or a few sites').
pub fn minify(files: &mut [OutputFile]) {
    let cfg = minify_config();
    let fragments = Fragments::default();
    files
        .par_iter_mut()
        .filter(|f| f.is_html())
        .for_each(|file| {
            file.bytes = minify_page(&file.bytes, &cfg, &fragments);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(chrome: &str, main: &str) -> Vec<u8> {
        format!(
            "<!doctype html>\n<html lang=\"nb\">\n<head>\n<title>T</title>\n</head>\n<body>\n{SHARED_START}{chrome}{SHARED_END}\n<main id=\"innhold\">\n  <p>  {main}  </p>\n</main>\n{SHARED_START}<footer>\n  <p>Fot</p>\n</footer>{SHARED_END}\n</body>\n</html>\n"
        )
        .into_bytes()
    }

    #[test]
    fn shared_fragments_are_minified_once_and_put_back_in_place() {
        let cfg = minify_config();
        let chrome =
            "<header class=\"site-header\">\n  <a href=\"../index.html\">  Hjem  </a>\n</header>";
        let fragments = Fragments::default();
        let one = minify_page(&page(chrome, "Første"), &cfg, &fragments);
        let two = minify_page(&page(chrome, "Andre"), &cfg, &fragments);
        let text = String::from_utf8_lossy(&one);
        assert!(!text.contains("veiviser-shared"), "{text}");
        assert!(
            text.contains("<header class=site-header><a href=../index.html> Hjem </a></header>"),
            "{text}"
        );
        // The same bytes as minifying the whole page in one piece.
        let whole = minify_html::minify(&strip_marks(&page(chrome, "Første")), &cfg);
        assert_eq!(text, String::from_utf8_lossy(&whole));
        assert!(text.contains("<footer><p>Fot</p></footer>"), "{text}");
        assert!(text.find("<header").unwrap_or(0) < text.find("<main").unwrap_or(0));
        assert!(text.find("<main").unwrap_or(0) < text.find("<footer").unwrap_or(0));
        assert!(String::from_utf8_lossy(&two).contains("Andre"));
        // The header and the footer, each minified once for both pages.
        assert_eq!(fragments.minified.lock().map(|m| m.len()).ok(), Some(2));
    }

    #[test]
    fn a_page_without_marks_is_minified_whole() {
        let cfg = minify_config();
        let html = b"<!doctype html><html><head><title>x</title></head><body>\n<p>  a  </p>\n</body></html>";
        assert_eq!(
            minify_page(html, &cfg, &Fragments::default()),
            minify_html::minify(html, &cfg)
        );
    }

    #[test]
    fn an_unclosed_mark_is_left_to_the_minifier() {
        let cfg = minify_config();
        let html = format!("<body>{SHARED_START}<p>a</p></body>").into_bytes();
        let out = minify_page(&html, &cfg, &Fragments::default());
        assert!(!String::from_utf8_lossy(&out).contains("veiviser-shared"));
    }
}
