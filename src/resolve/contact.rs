//! Phone numbers and their opening hours.

use super::*;

impl Resolver<'_> {
    pub(super) fn phones(&mut self) -> Vec<Phone> {
        let site_file = self.raw.site;
        let Some(contact) = &site_file.value.contact else {
            return Vec::new();
        };
        let mut phones = Vec::new();
        for entry in &contact.phones {
            let number = entry.number.as_ref().map(|n| phone::parse(&n.value));
            let loc = entry
                .number
                .as_ref()
                .map(|n| at(site_file, n))
                .unwrap_or_else(|| Loc::file(&site_file.path));
            if number.is_none() && entry.url.is_none() && entry.channel == schema::Channel::Phone {
                self.diagnostics.push(
                    Diagnostic::error(
                        loc.clone(),
                        format!("`{}` has no phone number", entry.label),
                    )
                    .help("add `number: \"...\"`, or `channel: chat` for a chat service"),
                );
            }
            let mut hours = Vec::new();
            for rule in &entry.hours {
                if let Some(rule) = self.hours_rule(rule) {
                    hours.push(rule);
                }
            }
            phones.push(Phone {
                label: entry.label.clone(),
                channel: entry.channel,
                number_source: entry.number.as_ref().map(|n| n.value.clone()),
                valid: number.as_ref().is_none_or(|n| n.valid),
                display: number.as_ref().map(|n| n.display.clone()),
                tel: number.map(|n| n.tel),
                url: entry.url.as_ref().map(|u| u.value.trim().to_string()),
                emergency: entry.emergency,
                hours_text: hours::hours_in_words(&hours, self.lang),
                hours,
                note: entry.note.clone(),
                loc,
            });
        }
        phones
    }

    pub(super) fn hours_rule(&mut self, rule: &schema::HoursRule) -> Option<HoursRule> {
        let site = self.raw.site;
        let mut ok = true;
        let mut report = |diagnostics: &mut Diagnostics, loc: Loc, message: String, help: &str| {
            ok = false;
            diagnostics.push(Diagnostic::error(loc, message).help(help));
        };
        let days = match rule.days.as_ref().map(|d| (d, hours::parse_days(&d.value))) {
            None => Vec::new(),
            Some((_, Ok(days))) => days,
            Some((spanned, Err(message))) => {
                report(
                    self.diagnostics,
                    at(site, spanned),
                    format!("cannot read the opening days: {message}"),
                    "write `weekdays`, `weekend`, `every day`, a day such as `friday`, a range such as `monday-thursday`, or a list such as `weekdays, sunday`",
                );
                Vec::new()
            }
        };
        let mut time = |field: &Option<Spanned<String>>, diagnostics: &mut Diagnostics| {
            let field = field.as_ref()?;
            match hours::parse_time(&field.value) {
                Ok(minutes) => Some(minutes),
                Err(message) => {
                    report(
                        diagnostics,
                        at(site, field),
                        format!("cannot read the time: {message}"),
                        "write the time as HH:MM in quotes, e.g. `from: \"08:30\"`; use `24:00` for midnight",
                    );
                    None
                }
            }
        };
        let from = time(&rule.from, self.diagnostics);
        let to = time(&rule.to, self.diagnostics);
        let part = rule
            .part
            .as_ref()
            .and_then(|p| match hours::parse_part(&p.value) {
                Ok(part) => Some(part),
                Err(message) => {
                    report(
                        self.diagnostics,
                        at(site, p),
                        message,
                        "write `part: evening` or `part: night`, or give `from` and `to` times",
                    );
                    None
                }
            });
        if let (Some(f), Some(t)) = (from, to) {
            if f == t {
                let loc = rule
                    .from
                    .as_ref()
                    .map(|f| at(site, f))
                    .unwrap_or_else(|| Loc::file(&site.path));
                report(
                    self.diagnostics,
                    loc,
                    "the opening hours start and end at the same time".into(),
                    "for round the clock write `from: \"00:00\"` and `to: \"24:00\"`",
                );
            }
        }
        ok.then_some(HoursRule {
            days,
            from,
            to,
            part,
        })
    }
}
