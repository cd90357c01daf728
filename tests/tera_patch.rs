//! The patched Tera (`vendor/tera`, see its VEIVISER.md, which changed how a dotted
//! path's segments are unescaped) finds a value by a dotted path as the published
//! one does: a plain path walks the JSON as a JSON pointer would, `~0` and `~1` read
//! as `~` and `/`, and a path with brackets or quotes still works.

use proptest::prelude::*;
use serde_json::{json, Value};
use tera::dotted_pointer;

/// The JSON pointer (`/a/b/0`) a plain dotted path stands for, with `~` and `/`
/// escaped as JSON pointers escape them.
fn json_pointer(path: &str) -> String {
    path.split('.')
        .filter(|segment| !segment.is_empty())
        .map(|segment| format!("/{}", segment.replace('~', "~0").replace('/', "~1")))
        .collect()
}

#[test]
fn plain_paths_find_what_a_json_pointer_finds() {
    let value = json!({
        "t": {"home": "Hjem", "step_of": "av"},
        "steps": [{"title": "Bekymring", "tools": [{"id": "duken"}]}],
        "a/b": {"c~d": 1},
        "": {"x": 2}
    });
    for path in [
        "t.home",
        "t.missing",
        "steps.0.title",
        "steps.0.tools.0.id",
        "steps.1",
        "steps.01",
        "steps.+0",
        "t..home",
        ".t.home",
        "t.home.",
        "a~1b.c~0d",
        "t.home.length",
    ] {
        let expected = value.pointer(&json_pointer(&path.replace("~1", "/").replace("~0", "~")));
        assert_eq!(dotted_pointer(&value, path), expected, "{path}");
    }
    assert_eq!(dotted_pointer(&value, ""), Some(&value));
}

#[test]
fn paths_with_brackets_and_quotes_still_work() {
    let value = json!({"t": {"kind_form": "Skjema", "a.b": 3}});
    assert_eq!(
        dotted_pointer(&value, r#"t["kind_form"]"#),
        Some(&json!("Skjema"))
    );
    assert_eq!(dotted_pointer(&value, r#"t["a.b"]"#), Some(&json!(3)));
}

/// A value from a small alphabet of keys, so that random paths often find something.
fn keyed_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(json!(1)), Just(json!("x")), Just(Value::Null)];
    leaf.prop_recursive(4, 40, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[ab0-2~]{0,2}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_plain_path_finds_what_a_json_pointer_finds(
        value in keyed_value(),
        path in "[ab0-2.~]{0,8}",
    ) {
        // Tera reads `~1` and `~0` in a segment as `/` and `~`.
        let unescaped: Vec<String> = path
            .split('.')
            .filter(|s| !s.is_empty())
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect();
        let expected = if unescaped.is_empty() {
            Some(&value)
        } else {
            value.pointer(&json_pointer(&unescaped.join(".")))
        };
        // A segment holding a `.` after unescaping cannot be written as a plain path.
        prop_assume!(unescaped.iter().all(|s| !s.contains('.')));
        prop_assert_eq!(dotted_pointer(&value, &path), expected);
    }
}
