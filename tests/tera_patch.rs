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
fn small_and_large_objects_find_each_of_their_keys() {
    for size in [1, 39, 40, 41, 90] {
        let map: serde_json::Map<String, Value> = (0..size)
            .map(|i| (format!("k{i}"), json!({ "n": i })))
            .collect();
        let value = json!({ "m": map });
        for i in 0..size {
            assert_eq!(
                dotted_pointer(&value, &format!("m.k{i}.n")),
                Some(&json!(i)),
                "{size} keys, k{i}"
            );
        }
        assert_eq!(dotted_pointer(&value, "m.k"), None, "{size} keys");
        assert_eq!(dotted_pointer(&value, &format!("m.k{size}")), None);
    }
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
/// Objects of up to 48 keys: the patched lookup searches those of up to 40 in order
/// and hashes larger ones.
fn keyed_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(json!(1)), Just(json!("x")), Just(Value::Null)];
    leaf.prop_recursive(4, 120, 48, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[ab0-2~]{0,3}", inner, 0..48)
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

// The renderer's own patches (vendor/tera/VEIVISER.md): values a render makes are
// kept in an arena and lent out, a frame's names are a list, a macro call alone is
// rendered straight into the output, and a context's values are shared behind `Arc`s.
// What a template renders must not change; each test below fails if it does.

use std::sync::Arc;
use tera::{Context, Tera};

/// Renders `main` (with the macros of `macros` imported as `m`) with `context`.
fn render_with(macros: &str, main: &str, context: &Context) -> String {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![("macros.html", macros), ("main.html", main)])
        .expect("the test's templates parse");
    tera.render("main.html", context)
        .unwrap_or_else(|e| panic!("render failed: {e:?}"))
}

fn render(main: &str) -> String {
    render_with("", main, &steps_context())
}

fn steps_context() -> Context {
    let mut context = Context::new();
    context.insert(
        "steps",
        &json!([
            {"title": "A", "tools": [{"id": "a1"}, {"id": "a2"}]},
            {"title": "B", "tools": []},
            {"title": "C", "tools": [{"id": "c1"}]}
        ]),
    );
    context.insert("t", &json!({"or": "eller", "kind_form": "Skjema"}));
    context
}

#[test]
fn a_loop_over_an_owned_list_reads_its_items_and_their_fields() {
    // `slice` makes a new list: the loop walks an owned value.
    assert_eq!(
        render(
            "{% for s in steps | slice(start=1) %}{{ loop.index }}{{ loop.index0 }}\
             {{ loop.first }}{{ loop.last }}:{{ s.title }}/{{ s.tools | length }} {% endfor %}"
        ),
        "10truefalse:B/0 21falsetrue:C/1 "
    );
    // A whole owned item, and an item of a literal list.
    assert_eq!(
        render("{% for s in steps | slice(end=1) %}{{ s.tools.1.id }}{{ s | length }}{% endfor %}"),
        "a22"
    );
    assert_eq!(
        render("{% for x in [1, \"b\", steps.0.title] %}{{ x }},{% endfor %}"),
        "1,b,A,"
    );
    // A map made by the render, walked by key and value.
    assert_eq!(
        render(
            "{% for k, v in steps | group_by(attribute=\"title\") %}{{ k }}{{ v.0.tools | length }}\
             {% for tool in v.0.tools %}{{ tool.id }}{% endfor %}{% endfor %}"
        ),
        "A2a1a2B0C1c1"
    );
}

#[test]
fn nested_loops_over_owned_lists_keep_each_loop_apart() {
    assert_eq!(
        render(
            "{% for s in steps | reverse %}[{{ loop.index }}{% for tool in s.tools | reverse %}\
             {{ loop.index }}{{ tool.id }}{% if loop.last %}.{% endif %}{% endfor %}\
             {{ s.title }}{{ loop.last }}]{% endfor %}"
        ),
        "[11c1.Cfalse][2Bfalse][31a22a1.Atrue]"
    );
    // An outer name read inside the inner loop, and the inner loop's name shadowing.
    assert_eq!(
        render(
            "{% for s in steps | slice(end=2) %}{% for s2 in s.tools %}{{ s.title }}{{ s2.id }}\
             {% endfor %}{% for s in s.tools %}{{ s.id }}{% endfor %};{% endfor %}"
        ),
        "Aa1Aa2a1a2;;"
    );
}

#[test]
fn set_inside_loops_is_seen_where_it_was_before() {
    // A `set` in a loop body lasts one turn; `set_global` outlives the loop.
    assert_eq!(
        render(
            "{% set_global seen = [] %}{% for s in steps | slice(start=0) %}\
             {% if loop.first %}{% set first = s.title %}{% endif %}{{ first | default(value=\"-\") }}\
             {% set tools = s.tools | map(attribute=\"id\") %}{{ tools | join(sep=\"+\") }};\
             {% set_global seen = seen | concat(with=s.title) %}{% endfor %}{{ seen | join(sep=\"\") }}\
             {{ first | default(value=\"gone\") }}"
        ),
        "Aa1+a2;-;-c1;ABCgone"
    );
    // A value set twice in one frame takes the second.
    assert_eq!(
        render("{% set x = steps | first %}{% set x = steps | last %}{{ x.title }}"),
        "C"
    );
    // A key made by the render, then used as an index.
    assert_eq!(
        render("{% set key = \"kind_\" ~ \"form\" %}{{ t[key] }}"),
        "Skjema"
    );
}

#[test]
fn macro_arguments_made_by_the_render_are_read_as_before() {
    let macros = "{% macro list(items, t, sep=\", \") %}{% for i in items %}{{ i.id }}\
                  {% if not loop.last %}{{ sep }}{% endif %}{% endfor %}{% endmacro list %}\
                  {% macro step(s, t) %}{{ s.title }}: {{ self::list(items=s.tools, t=t, \
                  sep=\" \" ~ t.or ~ \" \") }}{% endmacro step %}";
    let context = steps_context();
    let main = "{% import \"macros.html\" as m %}\
                {% for s in steps | slice(start=0) %}{{ m::step(s=s, t=t) }}|{% endfor %}\
                {{ m::list(items=steps | map(attribute=\"tools\") | first, t=t) }}|\
                {{ m::list(items=steps.0.tools | reverse, t=t) | safe }}|\
                {{ m::step(s=steps.0, t=t) | upper }}|\
                {% set made = m::step(s=steps.2, t=t) %}{{ made }}|\
                {% if m::list(items=[], t=t) %}non-empty{% else %}empty{% endif %}";
    assert_eq!(
        render_with(macros, main, &context),
        "A: a1 eller a2|B: |C: c1|a1, a2|a2, a1|A: A1 ELLER A2|C: c1|empty"
    );
}

#[test]
fn a_macros_output_is_not_escaped_whether_written_or_filtered() {
    let macros = "{% macro tag(x) %}<b>{{ x }}</b>{% endmacro tag %}";
    let mut context = Context::new();
    context.insert("x", "<i>");
    let main = "{% import \"macros.html\" as m %}{{ m::tag(x=x) }} {{ m::tag(x=x) | safe }} \
                {{ m::tag(x=x) | default(value=\"\") }} {{ m::tag(x=x) | lower }} {{ x }}";
    assert_eq!(
        render_with(macros, main, &context),
        "<b>&lt;i&gt;</b> <b>&lt;i&gt;</b> <b>&lt;i&gt;</b> &lt;b&gt;&amp;lt;i&amp;gt;&lt;&#x2F;b&gt; &lt;i&gt;"
    );
}

#[test]
fn a_macro_that_fails_fails_the_render() {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        (
            "macros.html",
            "{% macro m(x) %}{{ x.missing }}{% endmacro m %}",
        ),
        (
            "main.html",
            "{% import \"macros.html\" as m %}a{{ m::m(x=1) }}b",
        ),
    ])
    .expect("the test's templates parse");
    assert!(tera.render("main.html", &Context::new()).is_err());
}

#[test]
fn values_moved_or_shared_into_a_context_render_as_inserted_ones() {
    let value = json!({"title": "Eiker", "levels": [{"steps": [{"id": "s1"}]}]});
    let main = "{{ site.title }} {% for l in site.levels %}{{ l.steps.0.id }}{% endfor %} {{ n }}";
    let mut inserted = Context::new();
    inserted.insert("site", &value);
    inserted.insert("n", &3);
    let mut moved = Context::new();
    moved.insert_value("site", value.clone());
    moved.insert_value("n", json!(3));
    let shared_value = Arc::new(value.clone());
    let mut shared = Context::new();
    shared.insert_shared("site", Arc::clone(&shared_value));
    shared.insert("n", &3);
    let expected = render_with("", main, &inserted);
    assert_eq!(expected, "Eiker s1 3");
    assert_eq!(render_with("", main, &moved), expected);
    assert_eq!(render_with("", main, &shared), expected);
    assert_eq!(inserted, moved);
    assert_eq!(inserted, shared);
    // A clone shares the values; taking one out of a context leaves the other's.
    let mut clone = shared.clone();
    assert!(std::ptr::eq(clone.get("site").unwrap(), &*shared_value));
    assert_eq!(clone.remove("site"), Some(value.clone()));
    assert_eq!(shared.get("site"), Some(&value));
    assert_eq!(clone.get("site"), None);
    assert_eq!(shared.clone().into_json()["site"], value);
    // Taken out as it was held, a shared value is the same one, not a copy.
    let mut again = shared.clone();
    let taken = again.remove_shared("site").expect("site was there");
    assert!(Arc::ptr_eq(&taken, &shared_value));
    assert_eq!(again.get("site"), None);
    assert_eq!(again.remove_shared("site"), None);
}
