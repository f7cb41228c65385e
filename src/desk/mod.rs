//! The newsroom desk (issue 18): editors write, preview and publish news items, and moderators
//! clear the comments, in the browser and in Persian, while the Markdown files stay the one
//! source of truth. This first part is the desk's hold on an item's file: the item opened
//! into a form and the form saved back, changing only what the editor changed
//! ([`item_form`]).

pub mod item_form;
