//! The HTTP side: files from the in-memory site, the reload script and the event
//! stream. No request ever reaches the file system.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;

use super::site::{content_type, inject_reload, request_key};
use super::{Message, Shared};

/// The path of the live-reload script.
pub const RELOAD_JS_PATH: &str = "/__veiviser/reload.js";
/// The path of the server-sent event stream.
pub const EVENTS_PATH: &str = "/__veiviser/events";

const RELOAD_JS: &str = include_str!("reload.js");

/// The routes, answering only requests whose `Host` is this machine (see
/// [`host_allowed`]); `port` is the port listened on.
pub fn router(shared: Arc<Shared>, port: u16) -> Router {
    Router::new()
        .route(RELOAD_JS_PATH, get(reload_js))
        .route(EVENTS_PATH, get(events))
        .route("/admin", get(admin_redirect))
        .route("/admin/", get(admin_index))
        .route(
            super::admin::API_PATH,
            axum::routing::post(admin_api)
                .layer(axum::extract::DefaultBodyLimit::max(30_000_000)),
        )
        .route("/admin/{*rest}", get(admin_file))
        .fallback(file)
        .with_state(shared)
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| async move {
                let host = request
                    .headers()
                    .get(header::HOST)
                    .map(|h| h.to_str().unwrap_or("\u{0}"));
                if host_allowed(host, port) {
                    next.run(request).await
                } else {
                    no_store(
                        (
                            StatusCode::MISDIRECTED_REQUEST,
                            "veiviser serve answers only requests to this machine by address (127.0.0.1, [::1], localhost)\n",
                        )
                            .into_response(),
                    )
                }
            },
        ))
}

/// Whether a request's `Host` may be answered. A web page elsewhere can point a DNS
/// name of its own at 127.0.0.1 (DNS rebinding) and read the unfinished sites; its
/// requests then carry that name. So the host must be an IP address or `localhost`,
/// with the port listened on when a port is given. A request without `Host` (HTTP/1.0)
/// comes from no browser and is answered.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim();
    // `[::1]:8080`, `127.0.0.1:8080`, `localhost`.
    let (name, given_port) = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, tail)) => (ip, tail.strip_prefix(':')),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, p)) => (name, Some(p)),
            None => (host, None),
        }
    };
    let port_ok = given_port.is_none_or(|p| p.parse::<u16>() == Ok(port));
    let name_ok =
        name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok();
    port_ok && name_ok
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn reload_js() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            RELOAD_JS,
        )
            .into_response(),
    )
}

async fn admin_redirect() -> Response {
    no_store(
        (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, "/admin/")],
        )
            .into_response(),
    )
}

async fn admin_index(State(shared): State<Arc<Shared>>) -> Response {
    let root = shared.root.clone();
    let page = tokio::task::spawn_blocking(move || super::admin::index_page(&root))
        .await
        .unwrap_or_default();
    no_store(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}

/// The web editor's files: the Decap bundle, and per municipality its page and
/// `config.yml`.
async fn admin_file(
    State(shared): State<Arc<Shared>>,
    axum::extract::Path(rest): axum::extract::Path<String>,
) -> Response {
    use super::admin;
    if let Some(bytes) = admin::bundle_file(&rest) {
        let kind = if rest.ends_with(".wasm") {
            "application/wasm"
        } else {
            "text/javascript; charset=utf-8"
        };
        return no_store(([(header::CONTENT_TYPE, kind)], bytes).into_response());
    }
    let (slug, file) = rest.split_once('/').unwrap_or((rest.as_str(), ""));
    let known = {
        let root = shared.root.clone();
        let slug = slug.to_string();
        tokio::task::spawn_blocking(move || admin::config::municipalities(&root).contains(&slug))
            .await
            .unwrap_or(false)
    };
    if !known {
        return not_found(None);
    }
    match file {
        "" => no_store(
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                admin::editor_page(slug),
            )
                .into_response(),
        ),
        "config.yml" => {
            let root = shared.root.clone();
            let slug = slug.to_string();
            let text = tokio::task::spawn_blocking(move || admin::config_yml(&root, &slug))
                .await
                .unwrap_or_default();
            no_store(([(header::CONTENT_TYPE, "text/yaml; charset=utf-8")], text).into_response())
        }
        _ => not_found(None),
    }
}

/// The editor's API (Decap's proxy protocol); see `admin::api`.
async fn admin_api(
    State(shared): State<Arc<Shared>>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Response {
    if !super::admin::same_origin(&headers) {
        return no_store(
            (
                StatusCode::FORBIDDEN,
                "the editor's API answers only the editor served here\n",
            )
                .into_response(),
        );
    }
    let root = shared.root.clone();
    let response =
        tokio::task::spawn_blocking(move || super::admin::api_response(&root, &body)).await;
    no_store(response.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()))
}

/// A file of the site: `/` and `/<folder>/` serve that folder's `index.html`.
async fn file(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return no_store(
            (
                StatusCode::METHOD_NOT_ALLOWED,
                [(header::ALLOW, "GET, HEAD")],
                "only GET and HEAD\n",
            )
                .into_response(),
        );
    }
    let Ok(key) = request_key(uri.path()) else {
        return no_store((StatusCode::BAD_REQUEST, "bad request path\n").into_response());
    };
    let wanted = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key
    };
    let gzip = accepts_gzip(&headers);
    // A form's file is made now, on a blocking thread, without holding the site.
    let form = shared.site().form_file(&wanted);
    if let Some(form) = form {
        let mut response = if method == Method::HEAD {
            // Its size is known without making it.
            let mut response = Body::empty().into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(form.len));
            response
        } else {
            match tokio::task::spawn_blocking(move || form.make()).await {
                Ok(bytes) => Body::from(bytes).into_response(),
                Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            }
        };
        if response.status() == StatusCode::OK {
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&wanted)),
            );
        }
        return no_store(response);
    }
    let (found, is_folder, site_not_found) = {
        let site = shared.site();
        // Text is kept compressed: sent so to a browser that takes it.
        let found = match site.get_gzip(&wanted).filter(|_| gzip) {
            Some(compressed) => Some((compressed, true)),
            None => site.get(&wanted).map(|bytes| (bytes, false)),
        };
        let is_folder = found.is_none() && site.contains(&format!("{wanted}/index.html"));
        // The site's own page for missing addresses, as a web host would show it: the
        // municipality's, or the root's.
        let site_not_found = if found.is_none() && !is_folder {
            wanted
                .split_once('/')
                .and_then(|(first, _)| site.get(&format!("{first}/404.html")))
                .or_else(|| site.get("404.html"))
        } else {
            None
        };
        (found, is_folder, site_not_found)
    };
    if let Some((bytes, compressed)) = found {
        // HEAD: what GET would send, without it (its length too).
        let length = bytes.len();
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        let mut response =
            no_store(([(header::CONTENT_TYPE, content_type(&wanted))], body).into_response());
        if method == Method::HEAD {
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        }
        if compressed {
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        return response;
    }
    if is_folder {
        // `/ovre-eiker` → `/ovre-eiker/`, so that the page's relative links work. The
        // path was checked above: it has no `//` and cannot name another host.
        let location = format!("{}/", uri.path());
        if let Ok(location) = HeaderValue::from_str(&location) {
            return no_store(
                (
                    StatusCode::PERMANENT_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
            );
        }
    }
    not_found(site_not_found)
}

/// Whether the request's `Accept-Encoding` takes gzip (and does not refuse it with
/// `q=0`).
fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            name.eq_ignore_ascii_case("gzip") && !refused
        })
}

fn not_found(page: Option<Bytes>) -> Response {
    let page = page.unwrap_or_else(|| {
        Bytes::from(inject_reload(
            b"<!doctype html><html lang=\"nb\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Fant ikke siden</title></head><body><main><h1>Fant ikke siden</h1>\
<p>Denne adressen finnes ikke i nettstedet som bygges.</p>\
<p><a href=\"/\">Til oversikten over kommunene</a></p></main></body></html>",
        ))
    });
    no_store(
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
    )
}

fn sse_event(message: &Message) -> Event {
    match message {
        Message::Reload(data) => Event::default().event("reload").data(data),
        Message::Error(data) => Event::default().event("error").data(data),
    }
}

/// Server-sent events: `reload` after each good build, `error` after a failed one
/// (and at once on connecting while the last build failed).
async fn events(State(shared): State<Arc<Shared>>) -> Response {
    // Subscribe before reading the current error, so that no change is missed.
    let receiver = shared.events.subscribe();
    let mut pending = VecDeque::new();
    // Tells the browser to reconnect quickly after a restart, and lets a client know
    // it is subscribed.
    pending.push_back(
        Event::default()
            .retry(Duration::from_millis(500))
            .comment("veiviser"),
    );
    if let Some(error) = shared.current_error() {
        pending.push_back(sse_event(&Message::Error(error)));
    }
    let shutdown = shared.shutdown.clone();
    let stream = event_stream(pending, receiver, shutdown);
    no_store(
        Sse::new(stream)
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
            .into_response(),
    )
}

fn event_stream(
    pending: VecDeque<Event>,
    receiver: tokio::sync::broadcast::Receiver<Message>,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(
        (pending, receiver, shutdown),
        |(mut pending, mut receiver, mut shutdown)| async move {
            if let Some(event) = pending.pop_front() {
                return Some((Ok(event), (pending, receiver, shutdown)));
            }
            loop {
                if *shutdown.borrow() {
                    return None;
                }
                tokio::select! {
                    message = receiver.recv() => match message {
                        Ok(message) => {
                            let event = sse_event(&message);
                            return Some((Ok(event), (pending, receiver, shutdown)));
                        }
                        // Missed some: the newest state follows.
                        Err(RecvError::Lagged(_)) => continue,
                        Err(RecvError::Closed) => return None,
                    },
                    changed = shutdown.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::{accepts_gzip, host_allowed};

    #[test]
    fn gzip_only_when_the_browser_takes_it() {
        let with = |value: &str| {
            let mut headers = axum::http::HeaderMap::new();
            if let Ok(value) = axum::http::HeaderValue::from_str(value) {
                headers.insert(axum::http::header::ACCEPT_ENCODING, value);
            }
            accepts_gzip(&headers)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(!with(""));
        assert!(!with("br, deflate"));
        assert!(!with("gzip;q=0, br"));
        assert!(!with("x-gzip2"));
        assert!(!accepts_gzip(&axum::http::HeaderMap::new()));
    }

    #[test]
    fn only_addresses_and_localhost_are_answered() {
        for ok in [
            None,
            Some("127.0.0.1"),
            Some("127.0.0.1:8080"),
            Some("localhost:8080"),
            Some("LOCALHOST"),
            Some("[::1]:8080"),
            Some("192.168.1.20:8080"),
        ] {
            assert!(host_allowed(ok, 8080), "{ok:?}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example:8080",
            "127.0.0.1:9999",
            "[::1",
            "",
            "\u{0}",
        ] {
            assert!(!host_allowed(Some(bad), 8080), "{bad:?}");
        }
    }
}
