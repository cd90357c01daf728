//! veiviser: a static site generator for Norwegian municipalities' guides for
//! children, youth and families at risk (samhandlingsmodell and handlingsveileder).
//!
//! The pipeline is `load → resolve → check → render → write`, one module each; the
//! resolved model (`model`) is plain data that render reads and nothing else.

pub mod build;
pub mod check;
pub mod diagnostic;
pub mod drafts;
pub mod format;
pub mod forms;
pub mod load;
pub mod memory;
pub mod model;
pub mod render;
pub mod report;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod write;
