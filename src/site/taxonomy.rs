//! Categories, tags and sources: terms that differ only in spelling (ي/ی, ZWNJ, digits) are one
//! term, each with a Persian-letter slug and its items, and term lists in Persian order.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use crate::content::NewsItem;
use crate::diagnostic::{Diagnostic, quoted};
use crate::persian::bidi::isolate;
use crate::persian::collate;
use crate::persian::normalize::for_matching;
use crate::persian::slug::slugify;

/// A way of grouping news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaxonomyKind {
    Category,
    Tag,
    Source,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] = [
        TaxonomyKind::Category,
        TaxonomyKind::Tag,
        TaxonomyKind::Source,
    ];

    /// The first segment of its addresses: `/category/…/`.
    pub fn path(self) -> &'static str {
        match self {
            TaxonomyKind::Category => "category",
            TaxonomyKind::Tag => "tag",
            TaxonomyKind::Source => "source",
        }
    }

    /// Its front matter field.
    pub fn field(self) -> &'static str {
        match self {
            TaxonomyKind::Category => "category",
            TaxonomyKind::Tag => "tags",
            TaxonomyKind::Source => "source",
        }
    }

    /// One term's kind in Persian, for messages: «دسته», «برچسب», «منبع».
    pub fn singular_fa(self) -> &'static str {
        match self {
            TaxonomyKind::Category => "دسته",
            TaxonomyKind::Tag => "برچسب",
            TaxonomyKind::Source => "منبع",
        }
    }

    /// Its name on pages.
    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::Category => "دسته‌ها",
            TaxonomyKind::Tag => "برچسب‌ها",
            TaxonomyKind::Source => "منابع",
        }
    }

    /// The terms `item` has in this taxonomy.
    pub fn terms_of(self, item: &NewsItem) -> Vec<&str> {
        match self {
            TaxonomyKind::Category => item.category.as_deref().into_iter().collect(),
            TaxonomyKind::Tag => item.tags.iter().map(String::as_str).collect(),
            TaxonomyKind::Source => item.source.as_deref().into_iter().collect(),
        }
    }
}

/// One term and the items that have it, newest first.
#[derive(Debug)]
pub struct Term<'c> {
    /// The spelling of the newest item that uses it.
    pub name: String,
    pub slug: String,
    pub items: Vec<&'c NewsItem>,
}

impl Term<'_> {
    pub fn url(&self, kind: TaxonomyKind) -> String {
        term_url(kind, &self.slug)
    }
}

/// The address of the term with `slug`.
pub fn term_url(kind: TaxonomyKind, slug: &str) -> String {
    super::address::term(kind, slug)
}

/// The terms of one taxonomy in Persian alphabetical order.
#[derive(Debug)]
pub struct Taxonomy<'c> {
    pub kind: TaxonomyKind,
    pub terms: Vec<Term<'c>>,
    /// The slug of each term, by its matching key.
    slugs: HashMap<String, String>,
}

impl<'c> Taxonomy<'c> {
    /// Groups `news` (newest first) by their terms of `kind`; reports terms with no letters
    /// and different terms whose slugs collide.
    pub fn collect(
        kind: TaxonomyKind,
        news: &[&'c NewsItem],
    ) -> Result<Taxonomy<'c>, Vec<Diagnostic>> {
        let mut by_key: HashMap<String, Term<'c>> = HashMap::default();
        // Items spell the same terms again and again: each spelling is normalised once.
        let mut spellings: HashMap<&str, Option<(String, String)>> = HashMap::default();
        let mut errors = Vec::new();
        for item in news {
            for name in kind.terms_of(item) {
                let known = spellings
                    .entry(name)
                    .or_insert_with(|| Some((for_matching(name), slugify(name)?)));
                let Some((key, slug)) = known else {
                    let message = format!("the {} '{name}' has no letters or digits", kind.field());
                    let detail = format!(
                        "{} {} هیچ حرف یا رقمی ندارد و نشانی‌ای برایش ساخته نمی‌شود: آن را با حرف بنویسید یا بردارید",
                        kind.singular_fa(),
                        quoted(name)
                    );
                    let what = format!("{} بی‌حرف", kind.singular_fa());
                    errors.push(
                        Diagnostic::new(&item.path, None, message).with_persian(what, detail),
                    );
                    continue;
                };
                if !by_key.contains_key(key.as_str()) {
                    let term = Term {
                        name: name.to_string(),
                        slug: slug.clone(),
                        items: Vec::new(),
                    };
                    by_key.insert(key.clone(), term);
                }
                let term = by_key.get_mut(key.as_str()).expect("inserted above");
                if term.items.last().is_none_or(|last| last.id != item.id) {
                    term.items.push(item);
                }
            }
        }
        let mut slugs: HashMap<&str, &Term> = HashMap::default();
        for term in by_key.values() {
            match slugs.entry(term.slug.as_str()) {
                Entry::Vacant(entry) => {
                    entry.insert(term);
                }
                Entry::Occupied(other) => {
                    let message = format!(
                        "the {field} '{}' and the {field} '{}' (in {}) get the same address /{}/{}/: write them the same way, or make them differ in letters",
                        term.name,
                        other.get().name,
                        other.get().items[0].path.display(),
                        kind.path(),
                        term.slug,
                        field = kind.field(),
                    );
                    let detail = format!(
                        "{one} {} و {one} {} (در {}) هر دو نشانی /{}/{}/ را می‌گیرند: آن‌ها را یکسان بنویسید یا کاری کنید که در حرف‌ها فرق کنند",
                        quoted(&term.name),
                        quoted(&other.get().name),
                        isolate(&other.get().items[0].path.display().to_string()),
                        kind.path(),
                        term.slug,
                        one = kind.singular_fa(),
                    );
                    let what = format!("نشانی یکسان برای دو {}", kind.singular_fa());
                    errors.push(
                        Diagnostic::new(&term.items[0].path, None, message)
                            .with_persian(what, detail),
                    );
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(ToString::to_string);
            return Err(errors);
        }
        let slugs = by_key
            .iter()
            .map(|(key, term)| (key.clone(), term.slug.clone()))
            .collect();
        let mut terms: Vec<Term> = by_key.into_values().collect();
        terms.sort_by(|a, b| collate::compare(&a.name, &b.name));
        Ok(Taxonomy { kind, terms, slugs })
    }

    /// The address of the term spelled `name`, if it has one.
    pub fn url_of(&self, name: &str) -> Option<String> {
        let slug = self.slugs.get(&for_matching(name))?;
        Some(term_url(self.kind, slug))
    }
}
