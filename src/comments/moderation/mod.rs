//! The moderators' side of the comments: the queue exported as a spreadsheet to fill in, as
//! data or as a page to read, with hints of spam beside each comment (`akhbar comments
//! export`); and their decisions read back from the edited spreadsheet and applied all
//! together (`akhbar comments apply`).

pub mod apply;
pub mod cell;
mod decisions_file;
pub mod export;
pub mod queue;
pub mod report;
pub mod signals;
