//! One reader's comment as it is stored, and the moderators' decisions on it.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Approved,
    Rejected,
    Spam,
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

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == text.trim().to_lowercase())
            .ok_or_else(|| {
                format!("'{text}' is not a status: use pending, approved, rejected or spam")
            })
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
        let word: String = crate::persian::normalize::standardize_letters(text.trim())
            .chars()
            .filter(|c| !crate::persian::normalize::is_zwnj_like(*c))
            .collect::<String>()
            .to_lowercase();
        Ok(Some(match word.as_str() {
            "" => return Ok(None),
            "approve" | "approved" | "تایید" | "تأیید" | "تاييد" => {
                Decision::Approve
            }
            "reject" | "rejected" | "رد" => Decision::Reject,
            "spam" | "هرزنامه" => Decision::Spam,
            _ => {
                return Err(format!(
                    "'{}' is not a decision: write approve/تایید, reject/رد or spam/هرزنامه, or leave it empty",
                    text.trim()
                ));
            }
        }))
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
    }
}
