//! The kinds editors choose between in their files (a tool's kind, a page's audience,
//! a form field's type…): read by load, shown by render, compared by check. They live
//! here, on the ground floor, so no stage has to import another to name them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Hvordan tjenesten nås: `phone` (standard) eller `chat`.")]
pub enum Channel {
    #[schemars(description = "Telefon.")]
    #[default]
    Phone,
    #[schemars(description = "Chat eller annen nettjeneste (med `url`).")]
    Chat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Hva slags verktøy det er.")]
pub enum ToolKind {
    #[schemars(description = "Skjema: skjemaer som skal fylles ut.")]
    /// A form to fill in (skjema).
    Form,
    #[schemars(
        description = "Kartleggingsverktøy: kartleggings- og vurderingsverktøy, bekymringsskala."
    )]
    /// A mapping or assessment tool (kartleggingsverktøy, bekymringsskala).
    Assessment,
    #[schemars(description = "Veiledning.")]
    /// Guidance (veiledning).
    Guide,
    #[schemars(description = "Rutine: rutiner og prosedyrer.")]
    /// Routines and procedures (rutiner).
    Routine,
    #[schemars(description = "Oversikt: tiltaksoversikt, tjenesteoversikt, kontaktliste.")]
    /// An overview (tiltaksoversikt, tjenesteoversikt, kontaktliste).
    Overview,
    #[schemars(description = "Plan og strategi: planer og strategidokumenter.")]
    /// A plan or strategy document.
    Plan,
    #[schemars(description = "Dokument: andre dokumenter.")]
    /// Any other document.
    Document,
    #[schemars(
        description = "Tjeneste: en tjeneste man tar kontakt med, ikke et dokument (for eksempel Familiens hus)."
    )]
    /// A service to contact rather than a document (Familiens hus).
    Service,
    #[schemars(
        description = "Digitalt system: et digitalt system kommunen bruker (for eksempel Compilo eller Visma Flyt Samspill)."
    )]
    /// A digital system the municipality uses (Compilo, Visma Flyt Samspill).
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Nivåets farge i pyramiden.")]
pub enum TrafficLight {
    #[schemars(description = "Grønn.")]
    Green,
    #[schemars(description = "Gul.")]
    Yellow,
    #[schemars(description = "Oransje.")]
    Orange,
    #[schemars(description = "Rød.")]
    Red,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Hvilket nivå siden hører til.")]
pub enum Tier {
    #[schemars(description = "Kommunenivå.")]
    Municipality,
    #[schemars(description = "Tjenestenivå.")]
    Service,
    #[schemars(description = "Individnivå.")]
    Individual,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Hvem siden er skrevet for.")]
pub enum Audience {
    #[schemars(description = "Barn og unge.")]
    ChildYouth,
    #[schemars(description = "Voksne: foreldre og andre voksne.")]
    Adult,
    #[schemars(description = "Ansatte.")]
    Employee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "Hva slags felt.")]
pub enum FieldType {
    #[schemars(description = "Én linje tekst.")]
    /// One line of text.
    Text,
    #[schemars(description = "Et tekstfelt med flere linjer (`lines`).")]
    /// Several lines of text.
    LongText,
    #[schemars(description = "En dato.")]
    Date,
    #[schemars(description = "Fødselsnummer, 11 siffer.")]
    /// Fødselsnummer: 11 digits, both control digits checked.
    Fnr,
    #[schemars(description = "Ja eller nei.")]
    /// Ja / nei.
    YesNo,
    #[schemars(description = "Valg det kan krysses av for (`options`, og eventuelt `other`).")]
    Checkboxes,
    #[schemars(description = "En tabell med tomme rader (`columns`, `rows`).")]
    Table,
    #[schemars(description = "Sted, dato og underskrift for hver i `signers`.")]
    Signature,
    #[schemars(description = "Tekst som skal leses, ikke fylles ut; teksten står i `label`.")]
    /// Text to read, not to fill in: law references, consent statements.
    Fixed,
}
