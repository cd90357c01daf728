//! The editor's API: the protocol of Decap CMS's proxy backend (`decap-server`: POST
//! JSON `{action, params}`), answered from the content folder. Only the files a form
//! edits can be read or written (see [`data_file`], [`media_file`]); every path is
//! looked at component by component without following links (`load::safe`), and a
//! file is replaced by writing a new one beside it and renaming it over.
//!
//! What the form writes is compared with the file on disk as parsed data: a save that
//! changes nothing leaves the file as it is (its comments too). A save that changes a
//! value rewrites the file from the form's data, with the schema line first; comments
//! in that file are then lost (docs/kom-i-gang.md says so).

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use base64::Engine;
use serde_json::{json, Value};

use crate::load::{front_matter, is_slug, safe};
use crate::schema::{self, Kind};

/// The largest file the editor reads or writes: a Markdown page or a document.
const MAX_BYTES: u64 = 20_000_000;

/// An answer: HTTP status and JSON body.
pub type Answer = (u16, Value);

fn error(status: u16, message: impl Into<String>) -> Answer {
    (status, json!({ "error": message.into() }))
}

/// Answer one request body.
pub fn handle(root: &Path, body: &[u8]) -> Answer {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return error(400, "the request is not JSON");
    };
    let params = &request["params"];
    let result = match request["action"].as_str().unwrap_or("") {
        "info" => Ok(json!({ "repo": "veiviser", "publish_modes": ["simple"], "type": "local_fs" })),
        "entriesByFolder" => entries_by_folder(root, params),
        "entriesByFiles" => entries_by_files(root, params),
        "getEntry" => str_param(params, "path").and_then(|p| entry(root, p)),
        "persistEntry" => persist_entry(root, params),
        "getMedia" => get_media(root, params),
        "getMediaFile" => str_param(params, "path").and_then(|p| media(root, p)),
        "persistMedia" => persist_media(root, params),
        "deleteFile" => str_param(params, "path").and_then(|p| delete_media(root, p)),
        "deleteFiles" => params["paths"]
            .as_array()
            .ok_or_else(|| error(422, "`paths` is missing"))
            .and_then(|paths| {
                for path in paths {
                    delete_media(root, path.as_str().unwrap_or(""))?;
                }
                Ok(json!({ "message": "deleted" }))
            }),
        "getNotes" => Ok(json!({ "notes": [] })),
        other => Err(error(
            422,
            format!("`{other}` is not supported: veiviser's editor saves directly, without an editorial workflow"),
        )),
    };
    match result {
        Ok(value) => (200, value),
        Err(answer) => answer,
    }
}

fn str_param<'a>(params: &'a Value, key: &str) -> Result<&'a str, Answer> {
    params[key]
        .as_str()
        .ok_or_else(|| error(422, format!("`{key}` is missing")))
}

/// `rel` as plain parts: no `..`, no root, no empty or hidden part.
fn parts(rel: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = rel.split('/').collect();
    let ok = parts.iter().all(|p| {
        !p.is_empty()
            && !p.starts_with('.')
            && p.len() <= 200
            && !p.chars().any(|c| c.is_control() || c == '\\' || c == ':')
    });
    let normal = Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (ok && normal).then_some(parts)
}

/// A content file the forms edit: its kind (`None` for `home.md`).
pub fn data_file(rel: &str) -> Result<Option<Kind>, Answer> {
    let refused = || error(403, format!("`{rel}` is not a file the editor may change"));
    let parts = parts(rel).ok_or_else(refused)?;
    if let ["municipalities", slug, "home.md"] = parts.as_slice() {
        return if is_slug(slug) {
            Ok(None)
        } else {
            Err(refused())
        };
    }
    let kind = Kind::of_path(Path::new(rel)).ok_or_else(refused)?;
    let stem = parts
        .last()
        .and_then(|f| f.rsplit_once('.'))
        .map(|(s, _)| s)
        .unwrap_or("");
    let slug_ok = parts
        .get(1)
        .is_none_or(|s| parts[0] != "municipalities" || is_slug(s));
    if slug_ok && (is_slug(stem) || parts.len() <= 3) {
        Ok(Some(kind))
    } else {
        Err(refused())
    }
}

/// A document in a municipality's `files/`.
fn media_file(rel: &str) -> Result<(), Answer> {
    match parts(rel).as_deref() {
        Some(["municipalities", slug, "files", _]) if is_slug(slug) => Ok(()),
        _ => Err(error(
            403,
            format!("`{rel}` is not in a municipality's files/ folder"),
        )),
    }
}

/// A folder the forms list: a municipality's guides, pages, forms or files.
fn folder(rel: &str) -> Result<(), Answer> {
    match parts(rel.trim_end_matches('/')).as_deref() {
        Some(["municipalities", slug, "guides" | "pages" | "forms" | "files"]) if is_slug(slug) => {
            Ok(())
        }
        _ => Err(error(
            403,
            format!("`{rel}` is not a folder the editor lists"),
        )),
    }
}

fn read_text(root: &Path, rel: &str) -> Result<String, Answer> {
    let bytes = safe::read(root, Path::new(rel), MAX_BYTES)
        .map_err(|e| error(404, format!("cannot read `{rel}`: {e:?}")))?;
    String::from_utf8(bytes).map_err(|_| error(422, format!("`{rel}` is not UTF-8 text")))
}

fn file_id(text: &[u8]) -> String {
    // FNV-1a: an id that changes when the file does, which is all Decap needs.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn entry(root: &Path, rel: &str) -> Result<Value, Answer> {
    let kind = data_file(rel)?;
    let text = read_text(root, rel)?;
    Ok(json!({
        "data": to_form(kind, &text),
        "file": { "path": rel, "id": file_id(text.as_bytes()) },
    }))
}

fn entries_by_folder(root: &Path, params: &Value) -> Result<Value, Answer> {
    let dir = str_param(params, "folder")?.trim_end_matches('/');
    folder(dir)?;
    let extension = params["extension"].as_str().unwrap_or("");
    let names = safe::entries(root, Path::new(dir)).unwrap_or_default();
    let mut entries = Vec::new();
    for name in names {
        if !name.ends_with(&format!(".{extension}")) {
            continue;
        }
        let rel = format!("{dir}/{name}");
        if data_file(&rel).is_err() {
            continue;
        }
        if let Ok(value) = entry(root, &rel) {
            entries.push(value);
        }
    }
    Ok(Value::Array(entries))
}

fn entries_by_files(root: &Path, params: &Value) -> Result<Value, Answer> {
    let files = params["files"].as_array().cloned().unwrap_or_default();
    let mut entries = Vec::new();
    for file in files {
        let rel = file["path"].as_str().unwrap_or("");
        let mut value = entry(root, rel)?;
        if let Some(label) = file.get("label") {
            value["file"]["label"] = label.clone();
        }
        entries.push(value);
    }
    Ok(Value::Array(entries))
}

/// YAML text as data, read as the loader reads it (YAML 1.2: `no` is a string).
pub fn parse_yaml(text: &str) -> Option<Value> {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Value>(text, options).ok()
}

/// A file's text as the form is given it. Tools written as a bare id become `{id}`,
/// the one shape a form can show; [`from_form`] turns them back.
pub fn to_form(kind: Option<Kind>, text: &str) -> String {
    if kind != Some(Kind::Guide) {
        return text.to_string();
    }
    let Some(mut value) = parse_yaml(text) else {
        return text.to_string();
    };
    for_each_tool(&mut value, |tool| {
        if let Value::String(id) = tool {
            *tool = json!({ "id": id.clone() });
        }
    });
    // JSON is YAML: Decap reads it as it reads any YAML file.
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| text.to_string())
}

fn for_each_tool(guide: &mut Value, mut f: impl FnMut(&mut Value)) {
    let Some(levels) = guide["levels"].as_array_mut() else {
        return;
    };
    for level in levels {
        let Some(steps) = level["steps"].as_array_mut() else {
            continue;
        };
        for step in steps {
            for key in ["tools", "guides"] {
                if let Some(tools) = step.get_mut(key).and_then(Value::as_array_mut) {
                    tools.iter_mut().for_each(&mut f);
                }
            }
        }
    }
}

/// Data from a form as the file's own data: `{id}` alone back to a bare id, and the
/// empty values a form leaves for fields not filled in (`""`, `null`) left out, so
/// that the loader's defaults apply as before.
fn from_form(kind: Option<Kind>, value: &mut Value) {
    if kind == Some(Kind::Guide) {
        for_each_tool(value, |tool| {
            if let Some(map) = tool.as_object() {
                if map.len() == 1 {
                    if let Some(Value::String(id)) = map.get("id") {
                        *tool = Value::String(id.clone());
                    }
                }
            }
        });
    }
    drop_empty(value);
}

fn drop_empty(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !(v.is_null() || v.as_str() == Some("")));
            map.values_mut().for_each(drop_empty);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_empty),
        _ => {}
    }
}

/// A Markdown file's front matter (as data) and body.
fn split_markdown(text: &str) -> (Option<Value>, String) {
    match front_matter::split(text) {
        Some(split) => (parse_yaml(split.front_matter), split.body.to_string()),
        None => (None, text.to_string()),
    }
}

/// The new text of `rel` from what the form sent, or `None` when it says what the
/// file says already (the file is then left as it is).
pub fn merged(
    rel: &str,
    kind: Option<Kind>,
    original: Option<&str>,
    raw: &str,
) -> Result<Option<String>, Answer> {
    let invalid = || {
        error(
            422,
            format!("the form sent text for `{rel}` that is not YAML"),
        )
    };
    let is_markdown = rel.ends_with(".md");
    if is_markdown {
        let (front, body) = split_markdown(raw);
        let mut front = front.unwrap_or(Value::Null);
        from_form(kind, &mut front);
        let front = match front {
            Value::Object(map) if map.is_empty() => Value::Null,
            other => other,
        };
        if let Some(original) = original {
            let (old_front, old_body) = split_markdown(original);
            if old_front.unwrap_or(Value::Null) == front && old_body.trim_end() == body.trim_end() {
                return Ok(None);
            }
        }
        let mut body = body;
        if !body.ends_with('\n') {
            body.push('\n');
        }
        if front.is_null() {
            // `home.md` has no front matter.
            return Ok(Some(body));
        }
        let yaml = serde_saphyr::to_string(&front).map_err(|_| invalid())?;
        return Ok(Some(format!("---\n{yaml}---\n{body}")));
    }
    let mut value = parse_yaml(raw).ok_or_else(invalid)?;
    from_form(kind, &mut value);
    if let Some(original) = original {
        if parse_yaml(original).as_ref() == Some(&value) {
            return Ok(None);
        }
    }
    let yaml = serde_saphyr::to_string(&value).map_err(|_| invalid())?;
    Ok(Some(match kind {
        Some(kind) => schema::with_modeline(Path::new(rel), kind, &yaml),
        None => yaml,
    }))
}

fn persist_entry(root: &Path, params: &Value) -> Result<Value, Answer> {
    let mut files: Vec<(String, String)> = Vec::new();
    if let Some(data_files) = params["dataFiles"].as_array() {
        for file in data_files {
            files.push((
                file["path"].as_str().unwrap_or("").to_string(),
                file["raw"].as_str().unwrap_or("").to_string(),
            ));
        }
    } else if let Some(entry) = params.get("entry") {
        files.push((
            entry["path"].as_str().unwrap_or("").to_string(),
            entry["raw"].as_str().unwrap_or("").to_string(),
        ));
    }
    if files.is_empty() {
        return Err(error(422, "nothing to save"));
    }
    // Check everything before writing anything.
    let mut writes = Vec::new();
    for (rel, raw) in &files {
        let kind = data_file(rel)?;
        let original = match safe::kind(root, Path::new(rel)) {
            safe::Kind::Missing => None,
            _ => Some(read_text(root, rel)?),
        };
        if let Some(text) = merged(rel, kind, original.as_deref(), raw)? {
            writes.push((rel.clone(), text.into_bytes()));
        }
    }
    let assets = params["assets"].as_array().cloned().unwrap_or_default();
    for asset in &assets {
        let (rel, bytes) = decode_asset(asset)?;
        writes.push((rel, bytes));
    }
    for (rel, bytes) in writes {
        write_file(root, &rel, &bytes)?;
    }
    Ok(json!({ "message": "entry persisted" }))
}

fn decode_asset(asset: &Value) -> Result<(String, Vec<u8>), Answer> {
    let rel = asset["path"].as_str().unwrap_or("").to_string();
    media_file(&rel)?;
    if asset["encoding"].as_str() != Some("base64") {
        return Err(error(422, "only base64-encoded files can be uploaded"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(asset["content"].as_str().unwrap_or(""))
        .map_err(|_| error(422, "the uploaded file is not valid base64"))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(error(413, "the file is larger than 20 MB"));
    }
    Ok((rel, bytes))
}

fn media(root: &Path, rel: &str) -> Result<Value, Answer> {
    media_file(rel)?;
    let bytes = safe::read(root, Path::new(rel), MAX_BYTES)
        .map_err(|e| error(404, format!("cannot read `{rel}`: {e:?}")))?;
    Ok(media_value(rel, &bytes))
}

fn media_value(rel: &str, bytes: &[u8]) -> Value {
    json!({
        "id": file_id(bytes),
        "name": rel.rsplit('/').next().unwrap_or(rel),
        "path": rel,
        "content": base64::engine::general_purpose::STANDARD.encode(bytes),
        "encoding": "base64",
    })
}

fn get_media(root: &Path, params: &Value) -> Result<Value, Answer> {
    let dir = str_param(params, "mediaFolder")?.trim_end_matches('/');
    folder(dir)?;
    let names = safe::entries(root, Path::new(dir)).unwrap_or_default();
    let files = names
        .into_iter()
        .filter_map(|name| media(root, &format!("{dir}/{name}")).ok())
        .collect();
    Ok(Value::Array(files))
}

fn persist_media(root: &Path, params: &Value) -> Result<Value, Answer> {
    let (rel, bytes) = decode_asset(&params["asset"])?;
    write_file(root, &rel, &bytes)?;
    Ok(media_value(&rel, &bytes))
}

fn delete_media(root: &Path, rel: &str) -> Result<Value, Answer> {
    media_file(rel)?;
    match safe::kind(root, Path::new(rel)) {
        safe::Kind::File { .. } => fs::remove_file(root.join(rel))
            .map_err(|e| error(500, format!("cannot delete `{rel}`: {e}")))?,
        safe::Kind::Missing => {}
        _ => return Err(error(403, format!("`{rel}` is not a plain file"))),
    }
    Ok(json!({ "message": format!("deleted {rel}") }))
}

/// Write `rel` under `root`: its folder must be a real folder inside a municipality
/// (or `content/`), reached without links (a municipality's `files/`, `pages/`,
/// `guides/` or `forms/` is made when missing); the file is written beside its name
/// and renamed over it, so a link in its place is replaced, never followed.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Answer> {
    let path = PathBuf::from(rel);
    let parent = path.parent().unwrap_or(Path::new(""));
    let refused = |why: &str| error(403, format!("cannot write `{rel}`: {why}"));
    match safe::kind(root, parent) {
        safe::Kind::Dir => {}
        safe::Kind::Missing => {
            // Only the last folder may be made, inside a municipality that exists.
            let grand = parent.parent().unwrap_or(Path::new(""));
            if !matches!(safe::kind(root, grand), safe::Kind::Dir)
                || grand.components().count() != 2
            {
                return Err(refused("its folder does not exist"));
            }
            fs::create_dir(root.join(parent)).map_err(|e| refused(&e.to_string()))?;
        }
        _ => return Err(refused("its folder is a link or not a folder")),
    }
    match safe::kind(root, &path) {
        safe::Kind::File { .. } | safe::Kind::Missing | safe::Kind::Link => {}
        _ => return Err(refused("it is a folder or a special file")),
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = root.join(parent).join(format!(".{name}.veiviser-save"));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, root.join(&path))
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(error(500, format!("cannot write `{rel}`: {e}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_content_files_are_data_files() {
        for ok in [
            "municipalities/modum/site.yaml",
            "municipalities/modum/home.md",
            "municipalities/modum/pages/ny-side.md",
            "municipalities/modum/guides/handlingsveileder.yaml",
            "content/national-numbers.yaml",
            "content/ordliste.yaml",
            "municipalities/modum/ordliste.yaml",
        ] {
            assert!(data_file(ok).is_ok(), "{ok}");
        }
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "municipalities/modum/../../x/site.yaml",
            "municipalities/modum/pages/Ny side.md",
            "municipalities/modum/pages/.skjult.md",
            "municipalities/Modum/site.yaml",
            "municipalities/modum/files/a.yaml",
            "themes/default/templates/base.html",
            "municipalities/modum/site.yml",
            "municipalities//site.yaml",
        ] {
            assert!(data_file(bad).is_err(), "{bad}");
        }
        assert!(media_file("municipalities/modum/files/Samtykke 2023.pdf").is_ok());
        assert!(media_file("municipalities/modum/files/../site.yaml").is_err());
        assert!(media_file("municipalities/modum/files/sub/a.pdf").is_err());
    }

    #[test]
    fn tools_round_trip_through_the_form() {
        let text = "title: V\nlevels:\n  - level: 1\n    title: N\n    steps:\n      - id: \"1.1\"\n        title: S\n        tools: [a, {id: b, note: N}, {id: c}]\n";
        let form = to_form(Some(Kind::Guide), text);
        let mut value = parse_yaml(&form).unwrap();
        assert_eq!(
            value["levels"][0]["steps"][0]["tools"][0],
            json!({"id": "a"})
        );
        from_form(Some(Kind::Guide), &mut value);
        assert_eq!(value["levels"][0]["steps"][0]["tools"][0], json!("a"));
        assert_eq!(
            value["levels"][0]["steps"][0]["tools"][1],
            json!({"id": "b", "note": "N"})
        );
    }

    #[test]
    fn strings_that_look_like_other_things_stay_strings() {
        let value = json!({
            "number": "47692099", "police": "02800", "id": "1.1", "from": "08:00",
            "to": "24:00", "language": "no", "yes": "true", "empty": "null", "date": "2023-11-07",
            "unfilled": true, "level": 2,
        });
        let rel = "municipalities/a/site.yaml";
        let text = merged(
            rel,
            Some(Kind::Site),
            None,
            &serde_json::to_string(&value).unwrap(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(parse_yaml(&text).unwrap(), value, "{text}");
    }

    #[test]
    fn an_unchanged_save_leaves_the_file_alone() {
        let original = "# yaml-language-server: $schema=../../schemas/site.schema.json\n# a comment\nname: A\nlanguage: nb\ntitle: T\n";
        let rel = "municipalities/a/site.yaml";
        assert_eq!(
            merged(
                rel,
                Some(Kind::Site),
                Some(original),
                "name: A\nlanguage: nb\ntitle: T\ntagline: ''\n"
            )
            .unwrap(),
            None
        );
        let changed = merged(
            rel,
            Some(Kind::Site),
            Some(original),
            "name: B\nlanguage: nb\ntitle: T\n",
        )
        .unwrap()
        .unwrap();
        assert!(
            changed.starts_with("# yaml-language-server: $schema=../../schemas/site.schema.json\n")
        );
        assert_eq!(parse_yaml(&changed).unwrap()["name"], "B");
    }
}
