//! The newsroom desk (issue 18): editors write, preview and publish news items in the browser
//! and in Persian, while the Markdown files stay the one source of truth. Served by `akhbar
//! desk` beside the preview of the site with its drafts, on this machine only: the list of
//! items with their states ([`list`]), an item's form saved back changing only what the editor
//! changed ([`item_form`]), a new item, the publish button ([`publish`]) and the moderation
//! queue of readers' comments ([`moderation`]).

mod access;
pub mod accounts;
pub mod date_picker;
mod html;
pub mod item_form;
mod item_routes;
pub mod list;
mod list_page;
mod login;
pub mod moderation;
mod moderation_page;
mod moderation_routes;
pub mod publish;
mod publish_route;
mod server;
mod sessions;
mod state;
pub mod upload;
mod upload_route;

pub use server::{beside, router};

/// The desk's list of items; its other addresses are under it, out of any site's way.
pub const HOME: &str = "/_desk/";
/// An item's form (`?path=content/news/…`), and where it is saved.
pub const ITEM: &str = "/_desk/item";
/// Where a new item is made.
pub const NEW: &str = "/_desk/new";
/// Where the publish button posts.
pub const PUBLISH: &str = "/_desk/publish";
/// The desk's style sheet.
pub const STYLE: &str = "/_desk/desk.css";
/// The desk's script: keyboard shortcuts, the Jalali date picker, the Markdown toolbar.
pub const SCRIPT: &str = "/_desk/desk.js";
/// The moderation queue, and where decisions on it are posted.
pub const COMMENTS: &str = "/_desk/comments";
/// Where the undo of the last decision on comments is posted.
pub const UNDO: &str = "/_desk/comments/undo";
/// The login form, and where it is posted.
pub const LOGIN: &str = "/_desk/login";
/// Where a person logs out.
pub const LOGOUT: &str = "/_desk/logout";
/// One Jalali month for the date picker, as JSON (`?month=1404-09`).
pub const CALENDAR: &str = "/_desk/calendar";
/// Where a picture for an item is uploaded.
pub const PICTURE: &str = "/_desk/picture";
/// Where an item's form is posted to see its page before it is saved.
pub const PREVIEW: &str = "/_desk/preview";
