//! Content tests: the five real guides built whole and held to their sources (the
//! seeds in `tests/seeds/`), and the promises every real page and file keeps
//! (`every_page.rs`, `every_file.rs`; the generator keeps them on fixtures too).
//! They test the content, not the generator: when an editor changes a
//! municipality's guide, these are the tests to update, with the source in hand.
//! The generator's own tests run on small fixture sites (`tests/fixtures/`) and live
//! in the other files under `tests/`.
//!
//! `cargo test --test content` runs only these.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/form_checks.rs"]
mod form_checks;
#[path = "../common/nynorsk_words.rs"]
mod nynorsk_words;

mod every_file;
mod every_page;
mod features;
mod forms;
mod midt_telemark;
mod modum;
mod nesbyen;
mod ovre_eiker;
mod vest_telemark;
