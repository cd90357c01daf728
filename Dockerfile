# veiviser as a container image, so that CI needs no Rust toolchain: the binary, the
# default theme and the shared content (under /usr/share/veiviser), and
# `veiviser-shared`, which copies those two into a repository that holds only
# `municipalities/`. See docs/publisering.md ("Publisering med CI").
#
#   docker build -t veiviser:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work --user "$(id -u):$(id -g)" veiviser:0.1.0 \
#     sh -c 'veiviser-shared && veiviser check && veiviser build'

# Build: the Rust version pinned (at least the crate's rust-version), the
# dependencies exactly as in Cargo.lock.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
# Cargo reads the bench targets Cargo.toml declares; the build embeds
# content/national-numbers.yaml as the fallback for content roots without one.
COPY benches benches
COPY content content
COPY src src
RUN cargo build --release --locked && strip target/release/veiviser

# Run: a small Debian (glibc, and a shell for CI jobs), no compiler, not root.
FROM debian:bookworm-slim
COPY --from=build /src/target/release/veiviser /usr/local/bin/veiviser
COPY ci/veiviser-shared.sh /usr/local/bin/veiviser-shared
COPY themes /usr/share/veiviser/themes
COPY content /usr/share/veiviser/content
RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /work veiviser \
    && mkdir /work && chown veiviser:veiviser /work
USER veiviser
WORKDIR /work
CMD ["veiviser", "--help"]
