//! One reader's comment as it is stored, and the moderators' decisions on it.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::persian::normalize::{for_matching, keyword};

/// A comment with everything the newsroom knows of it. The email and the address hash are for
/// the moderators only: nothing under `public/` may show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    /// Time-ordered and unique: `<UTC received time>-<random>`, also the file's name.
    pub id: String,
    pub news_id: u64,
    pub name: String,
    pub email: String,
    pub body: String,
    pub received_at: Timestamp,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderated_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderated_by: Option<String>,
    /// The newsroom's answer, shown under the comment once it is approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<String>,
    /// A salted hash of the sender's IP address (never the address itself), to see repeats.
    #[serde(default)]
    pub ip_hash: String,
}

/// Where a comment stands in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Spam,
}

#[cfg(test)]
impl Comment {
    /// A pending comment `id` on news `news_id`, as the intake stores one, for tests.
    pub(crate) fn pending_sample(id: &str, news_id: u64) -> Comment {
        Comment {
            id: id.into(),
            news_id,
            name: "علی".into(),
            email: "ali@example.org".into(),
            body: "متن".into(),
            received_at: "2026-11-25T06:00:00Z".parse().unwrap(),
            status: Status::Pending,
            moderated_at: None,
            moderated_by: None,
            reply: None,
            ip_hash: String::new(),
        }
    }
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Approved,
        Status::Rejected,
        Status::Spam,
    ];

    /// The word stored in files and accepted on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Spam => "spam",
        }
    }

    /// The Persian word moderators read.
    pub fn persian(self) -> &'static str {
        match self {
            Status::Pending => "در انتظار بررسی",
            Status::Approved => "تایید شده",
            Status::Rejected => "رد شده",
            Status::Spam => "هرزنامه",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    /// Reads a status in English or Persian, in any spelling the matching rule calls equal.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let choices = Status::ALL
            .map(|status| [(status.as_str(), status), (status.persian(), status)])
            .concat();
        keyword(text, &choices).ok_or_else(|| {
            format!("'{text}' is not a status: use pending, approved, rejected or spam")
        })
    }
}

impl<'de> Deserialize<'de> for Status {
    /// A comment file's `status`, as [`Status::from_str`] reads it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a moderator decided, as written in the export's `decision` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
    Spam,
}

impl Decision {
    /// Reads a decision in English or Persian; blank is `None` (not decided yet).
    pub fn parse(text: &str) -> Result<Option<Decision>, String> {
        const CHOICES: [(&str, Decision); 9] = [
            ("approve", Decision::Approve),
            ("approved", Decision::Approve),
            ("تأیید", Decision::Approve),
            ("تأیید شده", Decision::Approve),
            ("reject", Decision::Reject),
            ("rejected", Decision::Reject),
            ("رد", Decision::Reject),
            ("spam", Decision::Spam),
            ("هرزنامه", Decision::Spam),
        ];
        if for_matching(text).is_empty() {
            return Ok(None);
        }
        match keyword(text, &CHOICES) {
            Some(decision) => Ok(Some(decision)),
            None => Err(format!(
                "'{}' is not a decision: write approve/تایید, reject/رد or spam/هرزنامه, or leave it empty",
                text.trim()
            )),
        }
    }

    /// The status a comment gets by this decision.
    pub fn status(self) -> Status {
        match self {
            Decision::Approve => Status::Approved,
            Decision::Reject => Status::Rejected,
            Decision::Spam => Status::Spam,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_read_in_english_and_persian() {
        for (text, decision) in [
            ("approve", Some(Decision::Approve)),
            (" Approve ", Some(Decision::Approve)),
            ("تایید", Some(Decision::Approve)),
            ("تأیید", Some(Decision::Approve)),
            ("تاييد", Some(Decision::Approve)),
            ("رد", Some(Decision::Reject)),
            ("REJECT", Some(Decision::Reject)),
            ("هرزنامه", Some(Decision::Spam)),
            ("هرز\u{200C}نامه", Some(Decision::Spam)),
            ("هرز نامه", Some(Decision::Spam)),
            ("\u{200F}Rejected", Some(Decision::Reject)),
            ("تأیید شده", Some(Decision::Approve)),
            ("spam", Some(Decision::Spam)),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(Decision::parse(text), Ok(decision), "{text:?}");
        }
        let error = Decision::parse("maybe").unwrap_err();
        assert!(error.contains("'maybe' is not a decision"), "{error}");
    }

    #[test]
    fn statuses_round_trip_through_their_words() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
        assert!("done".parse::<Status>().is_err());
        assert_eq!("Approved".parse::<Status>(), Ok(Status::Approved));
        assert_eq!("تأییدشده".parse::<Status>(), Ok(Status::Approved));
        assert_eq!("رد\u{200C}شده".parse::<Status>(), Ok(Status::Rejected));
        let comment: Status = serde_yaml::from_str("\"Spam\"").unwrap();
        assert_eq!(comment, Status::Spam);
    }
}
