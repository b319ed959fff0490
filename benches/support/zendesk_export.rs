//! A seeded generator of Zendesk macro exports for the benchmark and for size tests: realistic
//! HTML and plain bodies with placeholders, conditionals, escapes (`\n`, `\"`, `\u00e9`) and
//! some findings.

/// A small deterministic generator (xorshift64*), so every run lints the same export.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const GREETINGS: &[&str] = &[
    "Hi {{ticket.requester.first_name}},",
    "Hello {{ticket.requester.first_name | default: \"there\"}},",
    "Dear customer,",
    "Hi there,",
];
const SENTENCES: &[&str] = &[
    "Thanks for getting in touch about order {{ticket.id}}.",
    "Your parcel left our warehouse on Monday and should arrive by Friday.",
    "Obviously, the courier is responsible for the delay.",
    "We have issued a refund of XXX to your card.",
    "Our café team in Zürich checked the \"express\" option for you.",
    "{% if ticket.priority == 'urgent' %}We are working on it right now.{% else %}We will reply within one business day.{% endif %}",
    "You can track the parcel at https://example.com/track/{{ticket.id}}.",
    "Please reply with [[the tracking number]] so we can check.",
    "As I already said, the settings are under Account.",
    "We will update you by Thursday 17:00 UTC.",
    "The fix ships in release 4.2; {{ticket.requestor.name}} can update then.",
    "Let us know if anything else comes up.",
];
const SIGNOFFS: &[&str] = &[
    "Best,\n{{current_user.first_name}}",
    "Thanks,\nThe support team",
    "Kind regards,\n{{current_user.name}}",
];

/// A Zendesk macros export (`{"macros": [...]}`) of `count` macros.
pub fn generate(count: usize, seed: u64) -> String {
    let mut rng = Rng(seed.max(1));
    let mut macros = Vec::with_capacity(count);
    for i in 0..count {
        let mut body = vec![rng.pick(GREETINGS).to_owned()];
        for _ in 0..2 + rng.next() % 5 {
            body.push(rng.pick(SENTENCES).to_owned());
        }
        body.push(rng.pick(SIGNOFFS).to_owned());
        let html = rng.next().is_multiple_of(2);
        let (field, value) = if html {
            let paragraphs: Vec<String> = body
                .iter()
                .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
                .collect();
            ("comment_value_html", paragraphs.join(""))
        } else {
            ("comment_value", body.join("\n\n"))
        };
        let public = if rng.next().is_multiple_of(10) {
            "false"
        } else {
            "true"
        };
        macros.push(serde_json::json!({
            "id": 360_000_000 + i,
            "title": format!("Category {}::Macro {i}", rng.next() % 20),
            "active": !rng.next().is_multiple_of(20),
            "description": "Generated for benchmarks",
            "position": i,
            "restriction": null,
            "actions": [
                {"field": field, "value": value},
                {"field": "comment_mode_is_public", "value": public},
                {"field": "status", "value": "pending"}
            ],
            "created_at": "2025-01-02T10:00:00Z",
            "updated_at": "2025-03-04T09:30:00Z"
        }));
    }
    let export = serde_json::json!({"macros": macros, "next_page": null, "count": count});
    // Non-ASCII only occurs inside strings: write it as `\u` escapes, as some exporters do.
    serde_json::to_string_pretty(&export)
        .expect("a JSON value serializes")
        .replace('é', "\\u00e9")
        .replace('ü', "\\u00fc")
}
