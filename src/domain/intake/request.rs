//! What a machine sends to intake, and its parsed form. Every field is text, as channels give
//! it; parsing checks them all at once and decides the sender's handle: messenger channels
//! need one, the email and phone channels take the address or number as their handle.

use crate::domain::error::{DomainResult, Validator};
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::Unparsed;
use crate::domain::models::leads::input::{optional_email, phone_as_typed};
use crate::domain::values;
use crate::i18n::Msg;

/// One delivery as received (all strings; blank = not given).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(default)]
pub struct IntakeRequest {
    /// web, telegram, whatsapp, viber, vk, avito, email, phone or other.
    pub channel: String,
    /// The sender on that channel: a Telegram nickname, a WhatsApp number, an Avito name…
    pub handle: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// The text the customer wrote.
    pub message: String,
    /// A title for the lead (else one is made from the channel and the sender).
    pub title: String,
    pub company: String,
    /// The sender's id of this delivery: a retry with the same id changes nothing.
    pub delivery_id: String,
}

impl IntakeRequest {
    /// The keys a delivery may carry.
    pub const FIELDS: &'static [&'static str] = &[
        "channel",
        "handle",
        "name",
        "phone",
        "email",
        "message",
        "title",
        "company",
        "delivery_id",
    ];
}

/// A delivery whose fields passed their checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub channel: IdentityChannel,
    pub handle: Option<String>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub message: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub delivery_id: Option<String>,
}

/// Channels whose sender is only known by a handle.
fn needs_handle(channel: IdentityChannel) -> bool {
    use IdentityChannel::*;
    matches!(channel, Telegram | WhatsApp | Viber | Vk | Avito)
}

/// The channel as people name it.
pub fn channel_label(channel: IdentityChannel) -> &'static str {
    use IdentityChannel::*;
    match channel {
        Telegram => "Telegram",
        WhatsApp => "WhatsApp",
        Viber => "Viber",
        Vk => "VK",
        Avito => "Avito",
        Web => "Web form",
        Email => "Email",
        Phone => "Phone",
        Other => "Other channel",
    }
}

impl IntakeRequest {
    /// Checks every field; phone numbers without a country code are read with `country`.
    /// A phone number that does not parse is kept as typed (the lead shows it as not
    /// verified): a bot cannot be asked again, and a lead is never lost for a badly typed
    /// number.
    pub fn parse(&self, country: &str) -> DomainResult<Intake> {
        let mut v = Validator::new();
        let channel = v.check("channel", IdentityChannel::parse(&self.channel));
        let line = |v: &mut Validator, field: &'static str, raw: &str, what: &str| {
            v.check(field, values::optional_line(raw, what)).flatten()
        };
        let name = line(&mut v, "name", &self.name, "msg.label.intake_name");
        let title = line(&mut v, "title", &self.title, "msg.label.intake_title");
        let company = line(&mut v, "company", &self.company, "msg.label.intake_company");
        let delivery_id = line(
            &mut v,
            "delivery_id",
            &self.delivery_id,
            "msg.label.intake_delivery_id",
        );
        if delivery_id
            .as_ref()
            .is_some_and(|d| d.chars().count() > 200)
        {
            v.add("delivery_id", Msg::new("msg.intake.delivery_id_too_long"));
        }
        let email = v.check("email", optional_email(&self.email)).flatten();
        let phone = v
            .check(
                "phone",
                phone_as_typed(&self.phone, "lead.phone", country, Unparsed::Keep),
            )
            .flatten();
        let message = v
            .check(
                "message",
                values::optional_text(&self.message, "msg.label.intake_message"),
            )
            .flatten();
        let mut handle = line(&mut v, "handle", &self.handle, "msg.label.intake_handle");
        if let Some(channel) = channel {
            if handle.is_none() {
                handle = match channel {
                    IdentityChannel::Email => email.as_ref().map(|e| e.0.clone()),
                    IdentityChannel::Phone | IdentityChannel::WhatsApp | IdentityChannel::Viber => {
                        phone.as_ref().map(|p| p.0.clone())
                    }
                    _ => None,
                };
            }
            match &handle {
                Some(h) => {
                    if let Err(m) = identities::handle_norm(channel, h, country) {
                        v.add("handle", m);
                    }
                }
                None if needs_handle(channel) => v.add(
                    "handle",
                    Msg::new("msg.intake.needs_handle").text("channel", channel_label(channel)),
                ),
                None => {}
            }
        }
        if handle.is_none() && name.is_none() && email.is_none() && phone.is_none() {
            v.add("handle", Msg::new("msg.intake.needs_sender"));
        }
        v.finish()?;
        Ok(Intake {
            channel: channel.unwrap_or(IdentityChannel::Other),
            handle,
            name,
            phone: phone.map(|p| p.0),
            email: email.map(|e| e.0),
            message,
            title,
            company,
            delivery_id,
        })
    }
}

impl Intake {
    /// How the sender is called in titles and messages: name, handle, email or phone.
    pub fn sender(&self) -> String {
        [&self.name, &self.handle, &self.email, &self.phone]
            .into_iter()
            .flatten()
            .next()
            .cloned()
            .unwrap_or_default()
    }

    /// The chatter event: where it came from and what the channel gave (`fact:<field>`
    /// lines); the customer's own words are the message's body.
    pub fn chatter_event(&self) -> crate::i18n::Msg {
        let channel = format!("channel.{}", self.channel.as_str());
        let mut event = match &self.handle {
            Some(h) => crate::i18n::Msg::new("event.intake.from").text("handle", h.clone()),
            None => crate::i18n::Msg::new("event.intake.message"),
        }
        .label("channel", channel);
        for (field, value) in [
            ("contact_name", &self.name),
            ("phone", &self.phone),
            ("email", &self.email),
            ("company_name", &self.company),
        ] {
            if let Some(value) = value {
                event = event.text(&format!("fact:{field}"), value.clone());
            }
        }
        event
    }

    /// The chatter text: where it came from, what the channel gave, the message.
    pub fn chatter_body(&self) -> String {
        let mut lines = vec![match &self.handle {
            Some(h) => format!("{} message from {h}", channel_label(self.channel)),
            None => format!("{} message", channel_label(self.channel)),
        }];
        for (label, value) in [
            ("Name", &self.name),
            ("Phone", &self.phone),
            ("Email", &self.email),
            ("Company", &self.company),
        ] {
            if let Some(value) = value {
                lines.push(format!("{label}: {value}"));
            }
        }
        if let Some(message) = &self.message {
            lines.push(String::new());
            lines.push(message.clone());
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(channel: &str, handle: &str) -> IntakeRequest {
        IntakeRequest {
            channel: channel.into(),
            handle: handle.into(),
            ..IntakeRequest::default()
        }
    }

    #[test]
    fn a_telegram_delivery_needs_a_valid_nickname() {
        let missing = request("telegram", "").parse("IT").unwrap_err();
        assert!(missing.field("handle").is_some());
        let bad = request("telegram", "not a nick!").parse("IT").unwrap_err();
        assert!(bad.field("handle").is_some());
        let ok = request("telegram", "@Dmitry_Sokolov").parse("IT").unwrap();
        assert_eq!(ok.handle.as_deref(), Some("@Dmitry_Sokolov"));
    }

    #[test]
    fn the_email_and_phone_channels_take_their_address_as_handle() {
        let mail = IntakeRequest {
            email: "robin@example.com".into(),
            ..request("email", "")
        };
        assert_eq!(
            mail.parse("IT").unwrap().handle.as_deref(),
            Some("robin@example.com")
        );
        let wa = IntakeRequest {
            phone: "+7 916 482-17-35".into(),
            ..request("whatsapp", "")
        };
        assert_eq!(
            wa.parse("RU").unwrap().handle.as_deref(),
            Some("+7 916 482-17-35")
        );
    }

    #[test]
    fn a_number_that_does_not_parse_is_kept_as_typed_and_is_a_whatsapp_handle() {
        let wa = IntakeRequest {
            phone: "600-46-35".into(),
            name: "Robin Banks".into(),
            ..request("whatsapp", "")
        };
        let parsed = wa.parse("IT").unwrap();
        assert_eq!(parsed.phone.as_deref(), Some("600-46-35"));
        assert_eq!(parsed.handle.as_deref(), Some("600-46-35"));
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let e = IntakeRequest {
            channel: "pigeon".into(),
            email: "nope".into(),
            ..IntakeRequest::default()
        }
        .parse("IT")
        .unwrap_err();
        assert!(e.field("channel").is_some());
        assert!(e.field("email").is_some());
    }

    #[test]
    fn a_web_form_with_only_a_name_is_enough() {
        let form = IntakeRequest {
            name: "Robin Banks".into(),
            message: "Call me".into(),
            ..request("web", "")
        };
        let parsed = form.parse("IT").unwrap();
        assert_eq!(parsed.sender(), "Robin Banks");
        assert!(parsed.chatter_body().contains("Call me"));
    }
}
