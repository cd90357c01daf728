//! Placeholder: being written. Do not commit.
use crate::model::Form;

pub fn write_pdf(_form: &Form) -> Vec<u8> {
    Vec::new()
}
