//! What a reader sends through the form, checked field by field with messages in Persian.

use serde::Deserialize;

use crate::comments::model::markup::is_reordering_control;

/// Longest name, in characters.
pub const MAX_NAME: usize = 80;
/// Longest comment, in characters.
pub const MAX_BODY: usize = 3000;
/// Longest email address (RFC 5321's path limit).
pub const MAX_EMAIL: usize = 254;

/// The form's fields as posted, form-encoded or JSON.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Submission {
    pub news_id: String,
    pub name: String,
    pub email: String,
    pub body: String,
    /// The security code as the service issued it.
    pub challenge: String,
    /// The number the page's script found for the proof of work.
    pub solution: String,
    /// The honeypot: hidden from people, filled by bots.
    pub website: String,
}

/// A submission that passed every check, cleaned for storing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanSubmission {
    pub news_id: u64,
    pub name: String,
    pub email: String,
    pub body: String,
}

/// A field with what is wrong in it, for the form to show beside the field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl Submission {
    /// The cleaned fields, or every problem found (the challenge is checked elsewhere).
    pub fn check(&self) -> Result<CleanSubmission, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: &str| {
            errors.push(FieldError {
                field,
                message: message.into(),
            })
        };
        let news_id = self.news_id.trim().parse::<u64>().ok();
        if news_id.is_none() {
            fail("news_id", "شماره خبر نامعتبر است.");
        }
        let name = one_line(&clean_text(&self.name));
        if name.is_empty() {
            fail("name", "نام را بنویسید.");
        } else if name.chars().count() > MAX_NAME {
            fail("name", "نام حداکثر ۸۰ نویسه است.");
        }
        let email = self.email.trim().to_string();
        if email.is_empty() {
            fail("email", "نشانی ایمیل را بنویسید.");
        } else if !is_valid_email(&email) {
            fail(
                "email",
                "نشانی ایمیل درست نیست؛ مانند name@example.com بنویسید.",
            );
        }
        let body = clean_text(&self.body).trim().to_string();
        if body.is_empty() {
            fail("body", "متن دیدگاه را بنویسید.");
        } else if body.chars().count() > MAX_BODY {
            fail("body", "متن دیدگاه حداکثر ۳۰۰۰ نویسه است.");
        }
        if has_forbidden_control(&self.name) || has_forbidden_control(&self.body) {
            fail("body", "متن نویسه‌های نامعتبر دارد؛ آن را دوباره تایپ کنید.");
        }
        match (errors.is_empty(), news_id) {
            (true, Some(news_id)) => Ok(CleanSubmission {
                news_id,
                name,
                email,
                body,
            }),
            _ => Err(errors),
        }
    }
}

/// `text` with line breaks as `\n` and the invisible controls that reorder text removed
/// (embeddings, overrides, isolates); ZWNJ and the direction marks stay.
pub fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !is_reordering_control(*c))
        .collect()
}

/// NUL and the other control characters a person does not type (tabs and line breaks are fine).
fn has_forbidden_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// `text` on one line, with runs of white space as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An address the HTML standard's email input accepts, with a dot in the domain.
pub fn is_valid_email(email: &str) -> bool {
    const LOCAL: &str = ".!#$%&'*+/=?^_`{|}~-";
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    email.len() <= MAX_EMAIL
        && !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LOCAL.contains(c))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(name: &str, email: &str, body: &str) -> Submission {
        Submission {
            news_id: "242513".into(),
            name: name.into(),
            email: email.into(),
            body: body.into(),
            ..Submission::default()
        }
    }

    #[test]
    fn a_good_comment_is_cleaned() {
        let clean = submission(
            "  علی   رضایی ",
            "ali@example.org",
            "سلام\r\nخبر خوبی بود.\r\n",
        )
        .check()
        .unwrap();
        assert_eq!(clean.news_id, 242513);
        assert_eq!(clean.name, "علی رضایی");
        assert_eq!(clean.body, "سلام\nخبر خوبی بود.");
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let errors = Submission::default().check().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["news_id", "name", "email", "body"]);
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let name = "ع".repeat(MAX_NAME);
        let body = "ب".repeat(MAX_BODY);
        assert!(submission(&name, "a@b.ir", &body).check().is_ok());
        let errors = submission(&(name + "ع"), "a@b.ir", &(body + "ب"))
            .check()
            .unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn reordering_controls_are_removed_and_nul_is_refused() {
        let clean = submission(
            "علی",
            "a@b.ir",
            "متن \u{202E}gnp.exe\u{202C} و نیم\u{200C}فاصله",
        )
        .check()
        .unwrap();
        assert_eq!(clean.body, "متن gnp.exe و نیم\u{200C}فاصله");
        let errors = submission("علی", "a@b.ir", "متن\0").check().unwrap_err();
        assert_eq!(errors[0].field, "body");
    }

    #[test]
    fn email_syntax() {
        for good in [
            "a@b.ir",
            "first.last+news@mail.example.org",
            "x_y@sub-domain.co",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "plain",
            "a@b",
            "@b.ir",
            "a@.ir",
            "a@b..ir",
            "a@-b.ir",
            "a b@c.ir",
            "a@b.ir\n",
            "علی@example.org",
            "a@b@c.ir",
        ] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
    }
}
