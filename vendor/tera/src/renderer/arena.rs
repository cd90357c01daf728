//! veiviser: values a render makes itself (a filter's result that a `for` loop walks,
//! a macro's argument, a `set`), kept for the whole render so the renderer can lend
//! them out like the context's values instead of copying them at every use.
//!
//! Before this, every `{{ item.title }}` in a loop over an owned list copied the whole
//! current item, then the title; every use of a macro argument that was not the
//! context's own copied the whole argument.

use std::cell::RefCell;
use std::ptr::NonNull;

use serde_json::Value;

/// Values kept until the render ends. They are never changed or removed before then.
#[derive(Debug, Default)]
pub struct ValueArena {
    values: RefCell<Vec<NonNull<Value>>>,
}

impl ValueArena {
    /// Keeps `value` for as long as the arena lives and lends it out.
    pub fn alloc(&self, value: Value) -> &Value {
        let value = NonNull::from(Box::leak(Box::new(value)));
        self.values.borrow_mut().push(value);
        // SAFETY: the value is a heap allocation of its own, owned by the arena from
        // here on; it is neither moved, changed nor freed until the arena is dropped
        // (`Drop` below), and the returned reference cannot outlive `&self`.
        unsafe { value.as_ref() }
    }
}

impl Drop for ValueArena {
    fn drop(&mut self) {
        for value in self.values.get_mut().drain(..) {
            // SAFETY: every pointer came from `Box::leak` in `alloc` and is freed once,
            // here; no reference handed out by `alloc` outlives the arena.
            drop(unsafe { Box::from_raw(value.as_ptr()) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lends_each_value_as_it_was_given() {
        let arena = ValueArena::default();
        let a = arena.alloc(json!({"a": [1, 2, 3]}));
        let b = arena.alloc(json!("b"));
        let many: Vec<&Value> = (0..1000).map(|i| arena.alloc(json!(i))).collect();
        assert_eq!(a, &json!({"a": [1, 2, 3]}));
        assert_eq!(b, &json!("b"));
        assert!(many.iter().enumerate().all(|(i, v)| **v == json!(i)));
    }
}
