//! Phone numbers and their opening hours: the municipality's own (or its region's),
//! then the national numbers every site shows.

use super::*;

fn is_round_the_clock_every_day(rule: &HoursRule) -> bool {
    rule.from == Some(0) && rule.to == Some(1440) && rule.days.len() == 7
}

impl<'a> Resolver<'a> {
    /// The contact block this site shows: its own, or, for a member of a regional
    /// plan that has none, the region's; with the `site.yaml` it is written in.
    pub(super) fn contact(
        &self,
    ) -> Option<(&'a Sourced<schema::SiteFile>, &'a schema::ContactBlock)> {
        let own = self.raw.site;
        if let Some(contact) = &own.value.contact {
            return Some((own, contact));
        }
        let region = self.raw.region_site?;
        region.value.contact.as_ref().map(|c| (region, c))
    }

    /// The numbers on every page: the municipality's own, then the national numbers
    /// shown everywhere (112, 116 111) that it neither lists itself nor leaves out.
    /// Also the national numbers open round the clock that the site shows, to point
    /// to when an emergency line's own hours say it is closed.
    pub(super) fn phones(&mut self) -> (Vec<Phone>, Vec<SafetyNumber>) {
        let mut phones = Vec::new();
        let contact = self.contact();
        if let Some((file, contact)) = contact {
            for entry in &contact.phones {
                let phone = self.own_phone(file, entry);
                phones.push(phone);
            }
        }
        let omitted = self.omitted_national(contact);
        let mut safety_net = Vec::new();
        let Some(national) = self.shared.national_numbers() else {
            return (phones, safety_net);
        };
        for entry in &national.value.numbers {
            let number = phone::parse(&entry.number.value);
            let label = match self.lang {
                Lang::Nb => entry.label.nb.clone().or_else(|| entry.label.nn.clone()),
                Lang::Nn => entry.label.nn.clone().or_else(|| entry.label.nb.clone()),
            }
            .unwrap_or_default();
            if !entry.everywhere || omitted.contains(&number.tel) {
                continue;
            }
            let hours: Vec<HoursRule> = entry
                .hours
                .iter()
                .filter_map(|rule| self.hours_rule(national, rule))
                .collect();
            if hours.iter().any(is_round_the_clock_every_day) {
                safety_net.push(SafetyNumber {
                    label: label.clone(),
                    display: number.display.clone(),
                    tel: number.tel.clone(),
                });
            }
            // Not twice: Nesbyen lists 112 and 116 111 itself.
            if phones
                .iter()
                .any(|p: &Phone| p.tel.as_deref() == Some(number.tel.as_str()))
            {
                continue;
            }
            phones.push(Phone {
                label,
                channel: schema::Channel::Phone,
                number_source: Some(entry.number.value.clone()),
                valid: number.valid,
                display: Some(number.display),
                tel: Some(number.tel),
                url: None,
                emergency: entry.emergency,
                hours_text: hours::hours_in_words(
                    &hours,
                    &hours::HourWords::new(self.shared.words(), self.lang),
                ),
                hours,
                note: None,
                national: true,
                loc: at(national, &entry.number),
            });
        }
        (phones, safety_net)
    }

    fn own_phone(&mut self, file: &Sourced<schema::SiteFile>, entry: &schema::PhoneEntry) -> Phone {
        let number = entry.number.as_ref().map(|n| phone::parse(&n.value));
        let loc = entry
            .number
            .as_ref()
            .map(|n| at(file, n))
            .unwrap_or_else(|| at(file, &entry.label));
        if number.is_none() && entry.url.is_none() {
            let (message, help) = match entry.channel {
                schema::Channel::Phone => (
                    format!("`{}` has no phone number", entry.label.value),
                    "add `number: \"...\"`, or `channel: chat` and `url:` for a chat service",
                ),
                schema::Channel::Chat => (
                    format!("`{}` has neither a number nor an address", entry.label.value),
                    "add the chat's address (`url: https://...`) as the source gives it; without one, leave the service to the page text, where readers can see what the source says",
                ),
            };
            self.diagnostics
                .push(Diagnostic::error(loc.clone(), message).help(help));
        }
        // A line the national list knows is not for emergencies is never shown as
        // one, whatever the entry says: the page says less rather than mislead.
        let mut emergency = entry.emergency;
        if let (Some(number), Some(national)) = (&number, self.shared.national_numbers()) {
            let known = national
                .value
                .numbers
                .iter()
                .find(|n| !n.emergency && phone::parse(&n.number.value).tel == number.tel);
            if let (true, Some(known)) = (entry.emergency, known) {
                emergency = false;
                let name = known.label.nb.clone().unwrap_or_default();
                self.diagnostics.push(
                    Diagnostic::warning(
                        loc.clone(),
                        format!(
                            "`{}` ({name}) is not an emergency number, but it is marked `emergency: true`",
                            number.display
                        ),
                    )
                    .help("it is shown without \"Akutt\", which is for emergency lines only; remove `emergency: true` (every site shows 112 and 116 111 for emergencies)"),
                );
            }
        }
        let mut hours = Vec::new();
        for rule in &entry.hours {
            if let Some(rule) = self.hours_rule(file, rule) {
                hours.push(rule);
            }
        }
        Phone {
            label: entry.label.value.clone(),
            channel: entry.channel,
            number_source: entry.number.as_ref().map(|n| n.value.clone()),
            valid: number.as_ref().is_none_or(|n| n.valid),
            display: number.as_ref().map(|n| n.display.clone()),
            tel: number.map(|n| n.tel),
            url: entry
                .url
                .as_ref()
                .and_then(|u| self.url_field(file, u, super::url::Allowed::Link)),
            emergency,
            hours_text: hours::hours_in_words(
                &hours,
                &hours::HourWords::new(self.shared.words(), self.lang),
            ),
            hours,
            note: entry.note.clone(),
            national: false,
            loc,
        }
    }

    /// The `tel:` targets of the national numbers the site leaves out. Each one left
    /// out is a warning; a number that is not one of those shown everywhere, an error.
    fn omitted_national(
        &mut self,
        contact: Option<(&'a Sourced<schema::SiteFile>, &'a schema::ContactBlock)>,
    ) -> Vec<String> {
        let Some((file, contact)) = contact else {
            return Vec::new();
        };
        let everywhere: Vec<(String, String)> = self
            .shared
            .national_numbers()
            .map(|n| {
                n.value
                    .numbers
                    .iter()
                    .filter(|n| n.everywhere)
                    .map(|n| {
                        let parsed = phone::parse(&n.number.value);
                        (parsed.tel, parsed.display)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut omitted = Vec::new();
        for entry in &contact.omit_national {
            let tel = phone::parse(&entry.value).tel;
            let names: Vec<&str> = everywhere.iter().map(|(_, d)| d.as_str()).collect();
            if everywhere.iter().any(|(t, _)| *t == tel) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        at(file, entry),
                        format!(
                            "the site leaves out the national number {}",
                            entry.value.trim()
                        ),
                    )
                    .help(format!(
                        "every site shows {} so that a child or parent in crisis always finds them; remove it from `omit_national` unless the site must not show it",
                        names.join(" and ")
                    )),
                );
                omitted.push(tel);
            } else {
                self.diagnostics.push(
                    Diagnostic::error(
                        at(file, entry),
                        format!(
                            "`{}` is not a national number the sites show",
                            entry.value.trim()
                        ),
                    )
                    .help(format!("`omit_national` may name {}", names.join(" or "))),
                );
            }
        }
        omitted
    }

    pub(super) fn hours_rule<F>(
        &mut self,
        site: &Sourced<F>,
        rule: &schema::HoursRule,
    ) -> Option<HoursRule> {
        let mut ok = true;
        let mut report = |diagnostics: &mut Diagnostics, loc: Loc, message: String, help: &str| {
            ok = false;
            diagnostics.push(Diagnostic::error(loc, message).help(help));
        };
        let days = match rule.days.as_ref().map(|d| (d, hours::parse_days(&d.value))) {
            None => hours::Days::default(),
            Some((_, Ok(days))) => days,
            Some((spanned, Err(message))) => {
                report(
                    self.diagnostics,
                    at(site, spanned),
                    format!("cannot read the opening days: {message}"),
                    "write `weekdays`, `weekend`, `every day`, `helligdager`, a day such as `friday`, a range such as `monday-thursday`, or a list such as `weekdays, sunday`",
                );
                hours::Days::default()
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
            days: days.days,
            holidays: days.holidays,
            from,
            to,
            part,
        })
    }
}
