//! The page chrome: what every page of a site repeats around its own content (the
//! exit button, the header and menu and the contact block above it, the footer
//! below). It is the larger part of a typical page and costs the most to render
//! (every number with its hours), yet it varies only with the way from the page to
//! the site root, the menu's current entry and whether the contact block is the
//! compact bar or the full list. So it is rendered once for each of those that a
//! site's pages need, not once per page.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tera::Context;

use super::{template_error, Theme};
use crate::diagnostic::Diagnostic;

/// The chrome above and below a page's `<main>`, as strings for the page's
/// template, shared by every page of the variant rather than copied into each.
pub(super) struct Chrome {
    pub top: Arc<Value>,
    pub bottom: Arc<Value>,
}

/// Everything a page's chrome depends on besides the site itself.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Variant {
    base: String,
    compact: bool,
    /// The menu entry that is the page itself, if any.
    current: Option<String>,
}

/// One site's chrome, rendered as pages ask for it. Pages render in parallel; two
/// workers that miss the same variant at once both render it, to the same bytes.
pub(super) struct ChromeCache {
    menu_paths: Vec<String>,
    rendered: Mutex<HashMap<Variant, Arc<Chrome>>>,
}

impl ChromeCache {
    /// A cache for a site whose menu leads to `menu_paths`.
    pub fn new(menu_paths: Vec<String>) -> ChromeCache {
        ChromeCache {
            menu_paths,
            rendered: Mutex::new(HashMap::new()),
        }
    }

    /// The chrome of the page whose values are in `context` (`base`, `assets`,
    /// `page_path`, `compact_contact` beside the site's shared values), rendered
    /// with that context the first time its variant is asked for.
    pub fn for_page(
        &self,
        theme: &Theme,
        context: &Context,
        base: &str,
        page_path: &str,
        compact: bool,
    ) -> Result<Arc<Chrome>, Diagnostic> {
        let variant = Variant {
            base: base.to_string(),
            compact,
            current: self
                .menu_paths
                .iter()
                .find(|path| *path == page_path)
                .cloned(),
        };
        if let Some(chrome) = self.lock().get(&variant) {
            return Ok(Arc::clone(chrome));
        }
        let render = |template: &str| {
            theme
                .tera
                .render(template, context)
                .map(|html| Arc::new(Value::String(html)))
                .map_err(|e| template_error(&e))
        };
        let chrome = Arc::new(Chrome {
            top: render("chrome_top.html")?,
            bottom: render("chrome_bottom.html")?,
        });
        self.lock().insert(variant, Arc::clone(&chrome));
        Ok(chrome)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Variant, Arc<Chrome>>> {
        // A worker that panicked while holding the lock left the map whole (inserts
        // are single calls), so its contents are still good.
        self.rendered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
