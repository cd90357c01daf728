//! The kinds editors choose between in their files (a tool's kind, a page's audience,
//! a form field's type…): read by load, shown by render, compared by check. They live
//! here, on the ground floor, so no stage has to import another to name them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    Phone,
    Chat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    /// A form to fill in (skjema).
    Form,
    /// A mapping or assessment tool (kartleggingsverktøy, bekymringsskala).
    Assessment,
    /// Guidance (veiledning).
    Guide,
    /// Routines and procedures (rutiner).
    Routine,
    /// An overview (tiltaksoversikt, tjenesteoversikt, kontaktliste).
    Overview,
    /// A plan or strategy document.
    Plan,
    /// Any other document.
    Document,
    /// A service to contact rather than a document (Familiens hus).
    Service,
    /// A digital system the municipality uses (Compilo, Visma Flyt Samspill).
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    Green,
    Yellow,
    Orange,
    Red,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Municipality,
    Service,
    Individual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    ChildYouth,
    Adult,
    Employee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    Date,
    /// Fødselsnummer: 11 digits, both control digits checked.
    Fnr,
    /// Ja / nei.
    YesNo,
    Checkboxes,
    Table,
    Signature,
    /// Text to read, not to fill in: law references, consent statements.
    Fixed,
}
