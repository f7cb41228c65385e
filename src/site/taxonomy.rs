//! Categories, tags and sources: spellings that the matching rule calls equal (ي/ی, ZWNJ or
//! space, hamza seats, digits: `persian::normalize`) are one term, each with one displayed
//! spelling, a Persian-letter slug, the former addresses that redirect to it and its items, and
//! term lists in CLDR's Persian order.

use rustc_hash::FxHashMap as HashMap;

use crate::content::NewsItem;
use crate::diagnostic::{Diagnostic, quoted};
use crate::persian::collate;
use crate::persian::normalize::for_display;
use crate::persian::slug::{slugify, term_key};

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
    /// The spelling pages show: of the term's spellings (cleaned by [`for_display`]) the one
    /// most items use, ties to the one the oldest item uses. One new item with another
    /// spelling does not change it.
    pub name: String,
    /// The slug of `name`: the term's address is `/<kind>/<slug>/`.
    pub slug: String,
    pub items: Vec<&'c NewsItem>,
    /// The slugs of the term's other spellings, different from `slug`: each address keeps
    /// working as a redirect to the term's page, so a term whose displayed spelling changes
    /// never loses its former address while an item still spells it so. Sorted.
    pub redirects: Vec<String>,
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
    /// The position in `terms` of each term, by its key ([`term_key`]).
    by_key: HashMap<String, usize>,
    /// The same, by each spelling the items use as they wrote it: pages look their items'
    /// terms up without normalising them again.
    by_spelling: HashMap<&'c str, usize>,
}

/// How often one spelling of a term is used, and how old its oldest use is.
#[derive(Default)]
struct Spelling {
    uses: usize,
    /// The position of its oldest item in the site's news (newest first): larger is older.
    oldest: usize,
}

/// A term while its items are gathered.
#[derive(Default)]
struct Gathered<'c> {
    items: Vec<&'c NewsItem>,
    spellings: HashMap<String, Spelling>,
}

impl<'c> Gathered<'c> {
    fn add(&mut self, item: &'c NewsItem, position: usize, spelling: &str) {
        if self.items.last().is_none_or(|last| last.id != item.id) {
            self.items.push(item);
        }
        let counted = match self.spellings.get_mut(spelling) {
            Some(counted) => counted,
            None => (self.spellings).entry(spelling.to_string()).or_default(),
        };
        counted.uses += 1;
        counted.oldest = position;
    }

    /// The term with its displayed spelling chosen and its other spellings' slugs.
    fn into_term(self) -> Term<'c> {
        let (name, _) = self
            .spellings
            .iter()
            .max_by(|(a, x), (b, y)| (x.uses, x.oldest).cmp(&(y.uses, y.oldest)).then(b.cmp(a)))
            .expect("a gathered term has a spelling");
        let name = name.clone();
        let slug = slugify(&name).expect("a term with a key has a slug");
        let mut redirects: Vec<String> = self
            .spellings
            .keys()
            .filter_map(|spelling| slugify(spelling))
            .filter(|other| *other != slug)
            .collect();
        redirects.sort();
        redirects.dedup();
        Term {
            name,
            slug,
            items: self.items,
            redirects,
        }
    }
}

impl<'c> Taxonomy<'c> {
    /// Groups `news` (newest first) by their terms of `kind`, spellings that the matching rule
    /// calls equal as one term; reports terms with no letters or digits, which cannot have an
    /// address.
    pub fn collect(
        kind: TaxonomyKind,
        news: &[&'c NewsItem],
    ) -> Result<Taxonomy<'c>, Vec<Diagnostic>> {
        // Each term's items, in the order first met; its place there by key.
        let mut gathered: Vec<Gathered<'c>> = Vec::new();
        let mut met: HashMap<String, usize> = HashMap::default();
        // Items spell the same terms again and again: each spelling is normalised once, and
        // then leads straight to its term.
        let mut spellings: HashMap<&'c str, Option<(usize, String)>> = HashMap::default();
        let mut errors = Vec::new();
        for (position, item) in news.iter().enumerate() {
            for name in kind.terms_of(item) {
                let known = spellings.entry(name).or_insert_with(|| {
                    let shown = for_display(name);
                    let key = term_key(&shown)?;
                    let at = *met.entry(key).or_insert_with(|| {
                        gathered.push(Gathered::default());
                        gathered.len() - 1
                    });
                    Some((at, shown))
                });
                let Some((at, shown)) = known else {
                    errors.push(no_letters(kind, item, name));
                    continue;
                };
                gathered[*at].add(item, position, shown);
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(ToString::to_string);
            return Err(errors);
        }
        let mut terms: Vec<(usize, Term)> = (gathered.into_iter().enumerate())
            .map(|(at, gathered)| (at, gathered.into_term()))
            .collect();
        terms.sort_by(|(_, a), (_, b)| collate::compare(&a.name, &b.name));
        let mut place = vec![0; terms.len()];
        for (position, (at, _)) in terms.iter().enumerate() {
            place[*at] = position;
        }
        let by_key: HashMap<String, usize> = (met.into_iter())
            .map(|(key, at)| (key, place[at]))
            .collect();
        let by_spelling = spellings
            .into_iter()
            .filter_map(|(spelling, known)| Some((spelling, place[known?.0])))
            .collect();
        let terms = terms.into_iter().map(|(_, term)| term).collect();
        Ok(Taxonomy {
            kind,
            terms,
            by_key,
            by_spelling,
        })
    }

    /// The term spelled `name` (in any spelling the matching rule calls equal), if any.
    pub fn term_of(&self, name: &str) -> Option<&Term<'c>> {
        let position = match self.by_spelling.get(name) {
            Some(&position) => position,
            None => *self.by_key.get(&term_key(name)?)?,
        };
        Some(&self.terms[position])
    }

    /// The address of the term spelled `name`, if it has one.
    pub fn url_of(&self, name: &str) -> Option<String> {
        Some(self.term_of(name)?.url(self.kind))
    }
}

/// The error for a term with no letter or digit, which cannot have an address.
fn no_letters(kind: TaxonomyKind, item: &NewsItem, name: &str) -> Diagnostic {
    let message = format!("the {} '{name}' has no letters or digits", kind.field());
    let detail = format!(
        "{} {} هیچ حرف یا رقمی ندارد و نشانی‌ای برایش ساخته نمی‌شود: آن را با حرف بنویسید یا بردارید",
        kind.singular_fa(),
        quoted(name)
    );
    let what = format!("{} بی‌حرف", kind.singular_fa());
    Diagnostic::new(&item.path, None, message).with_persian(what, detail)
}
