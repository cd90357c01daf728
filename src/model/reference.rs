//! The reference grammar editors write links and outcomes in: `kind:id` (`step:1.2`,
//! `tool:duken`, `step:skole:1.2`) or a bare section name (`toolbox`). Resolve looks
//! references up; render needs only to tell one from an address.

pub const KINDS: &[&str] = &[
    "step", "level", "tool", "page", "arena", "guide", "pyramid", "guidance", "form", "file",
];
pub const BARE: &[&str] = &["home", "toolbox", "arenas", "pyramid", "guidance"];

/// Whether a link destination is one of our references rather than an address.
pub fn is_reference(destination: &str) -> bool {
    BARE.contains(&destination)
        || destination
            .split_once(':')
            .is_some_and(|(kind, _)| KINDS.contains(&kind))
}

/// How a guide numbers its steps.
#[derive(Debug, PartialEq, Eq)]
pub enum StepNumber {
    /// "1.2": level 1, step 2 (BTS, most guides).
    InLevel(u32, u32),
    /// "7": the seventh step of the whole guide (Modum's BTI guide).
    Running(u32),
}

impl StepNumber {
    pub fn parse(id: &str) -> Option<StepNumber> {
        match id.split_once('.') {
            Some((level, number)) => Some(StepNumber::InLevel(
                level.parse().ok()?,
                number.parse().ok()?,
            )),
            None => id.parse().ok().map(StepNumber::Running),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_addresses_apart() {
        assert!(is_reference("step:1.2"));
        assert!(is_reference("step:skole:1.2"));
        assert!(is_reference("toolbox"));
        assert!(!is_reference("https://lovdata.no"));
        assert!(!is_reference("mailto:post@kommune.no"));
        assert!(!is_reference("tel:112"));
        assert!(!is_reference("steps"));
    }
}
