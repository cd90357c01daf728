//! The page chrome: what every page of a site repeats around its own content (the
//! exit button, the header and menu and the contact block above it, the footer
//! below). It is the larger part of a typical page and costs the most to render
//! (every number with its hours), yet it varies only with the way from the page to
//! the site root, the menu's current entry and whether the contact block is the
//! compact bar or the full list. So it is rendered once for each of those that a
//! site's pages need, not once per page; and each part only for what it varies
//! with: the header (`chrome_top.html`) with the way to the root and the menu's
//! current entry, the contact block (`chrome_contact.html`) with its form, the
//! footer (`chrome_bottom.html`) with the way to the root.

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
    rendered: Mutex<Rendered>,
}

/// The variants rendered so far, and the parts they are made of.
#[derive(Default)]
struct Rendered {
    chrome: HashMap<Variant, Arc<Chrome>>,
    /// By the way to the root and the menu's current entry.
    headers: HashMap<(String, Option<String>), Arc<str>>,
    /// By whether the block is the compact bar.
    contacts: HashMap<bool, Arc<str>>,
    /// By the way to the root.
    footers: HashMap<String, Arc<Value>>,
}

impl ChromeCache {
    /// A cache for a site whose menu leads to `menu_paths`.
    pub fn new(menu_paths: Vec<String>) -> ChromeCache {
        ChromeCache {
            menu_paths,
            rendered: Mutex::new(Rendered::default()),
        }
    }

    /// The chrome of the page whose values are in `context` (`base`, `assets`,
    /// `page_path`, `compact_contact` beside the site's shared values), rendered
    /// with that context the first time its variant is asked for; of its parts, only
    /// those no page rendered yet.
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
        let header_key = (variant.base.clone(), variant.current.clone());
        let (header, contact, footer) = {
            let rendered = self.lock();
            if let Some(chrome) = rendered.chrome.get(&variant) {
                return Ok(Arc::clone(chrome));
            }
            (
                rendered.headers.get(&header_key).cloned(),
                rendered.contacts.get(&compact).cloned(),
                rendered.footers.get(base).cloned(),
            )
        };
        let render = |template: &str| {
            theme
                .tera
                .render(template, context)
                .map_err(|e| template_error(&e))
        };
        let header = match header {
            Some(header) => header,
            None => Arc::from(render("chrome_top.html")?),
        };
        let contact = match contact {
            Some(contact) => contact,
            None => Arc::from(render("chrome_contact.html")?),
        };
        let footer = match footer {
            Some(footer) => footer,
            None => Arc::new(Value::String(render("chrome_bottom.html")?)),
        };
        let chrome = Arc::new(Chrome {
            top: Arc::new(Value::String(format!("{header}{contact}"))),
            bottom: Arc::clone(&footer),
        });
        let mut rendered = self.lock();
        rendered.headers.insert(header_key, header);
        rendered.contacts.insert(compact, contact);
        rendered.footers.insert(variant.base.clone(), footer);
        rendered.chrome.insert(variant, Arc::clone(&chrome));
        Ok(chrome)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Rendered> {
        // A worker that panicked while holding the lock left the map whole (inserts
        // are single calls), so its contents are still good.
        self.rendered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
