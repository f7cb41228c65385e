//! Every term's postings as the index keeps them from one build to the next: in *segments*,
//! the runs of terms (in byte order) that start at a cut of the dictionary
//! ([`tree::is_cut`]), each kept encoded and read only when a build changes one of its terms.
//! A build that changes a few documents reads, patches and writes again the segments of
//! their terms, not every term; a segment unchanged since its dictionary files were made
//! keeps them ([`Made`]). The first segment starts at the first term, cut or not.
//!
//! A segment's terms are encoded as the dictionary's blocks are (`encode.rs`): the number of
//! terms, then each term after the one before it, its document and title counts, and both
//! lists as gaps.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::encode::{Reader, push_gaps, push_key, push_varint};
use super::terms::ItemTerms;
use super::tree::{self, DictionaryFile, Postings};

/// A term with its postings.
pub type Entry = (String, Postings);

/// A dictionary file made by this build: its path and its bytes before gzip.
type MadeFile = (PathBuf, Vec<u8>);

/// Every term's postings, segment by segment, in byte order of their first terms.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    segments: Vec<Segment>,
}

/// One segment: its first term, its terms encoded, and its dictionary files when they were
/// made from these very terms.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub first: String,
    pub terms: Vec<u8>,
    pub made: Option<Made>,
}

/// The dictionary's files of one segment as a build made them: its blocks' first keys, and
/// the paths of its blocks' and postings' files.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    pub blocks: Vec<String>,
    pub files: Vec<PathBuf>,
}

impl Table {
    /// The table of `entries`, in byte order of their terms, without repeats.
    pub fn from_sorted(entries: &[Entry]) -> Table {
        Table::from_lookup(entries.len(), |at| (entries[at].0.as_str(), &entries[at].1))
    }

    /// The table of `count` terms in byte order, without repeats: `term(at)` gives the one at
    /// `at` with its postings (so that a build's gathered postings need not be moved first).
    pub fn from_lookup<'a>(
        count: usize,
        term: impl Fn(usize) -> (&'a str, &'a Postings) + Sync,
    ) -> Table {
        let starts: Vec<usize> = (0..count)
            .filter(|&at| at == 0 || tree::is_cut(term(at).0))
            .collect();
        let segments = (0..starts.len())
            .into_par_iter()
            .map(|n| {
                let end = starts.get(n + 1).copied().unwrap_or(count);
                Segment {
                    first: term(starts[n]).0.to_string(),
                    terms: encode((starts[n]..end).map(&term)),
                    made: None,
                }
            })
            .collect();
        Table { segments }
    }

    /// The table made of `segments` as a previous build saved them; none when they are not
    /// in order.
    pub fn from_segments(segments: Vec<Segment>) -> Option<Table> {
        let ordered = segments
            .windows(2)
            .all(|pair| pair[0].first < pair[1].first);
        ordered.then_some(Table { segments })
    }

    /// The segments, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Every term with its postings, in byte order.
    #[cfg(test)]
    pub fn entries(&self) -> Vec<Entry> {
        let opened = self.segments.par_iter().map(|segment| segment.entries());
        opened.flatten_iter().collect()
    }

    /// Takes the documents `numbers` (ascending) out of every term, and puts in each of
    /// `added` (a document's number and terms): only the segments that had one of `numbers`
    /// or get a term are read and encoded again (and their files made again), with their
    /// neighbours when a cut comes or goes; and of those, not one whose terms keep the very
    /// documents they had (an edit leaves most of an item's words where they were).
    pub fn patch(&mut self, numbers: &[u32], added: &[(u32, ItemTerms)]) {
        if self.segments.is_empty() {
            let terms = |t: &ItemTerms| t.words.len() + t.pairs.len() + t.title.len();
            if added.iter().all(|(_, t)| terms(t) == 0) {
                return;
            }
            // A first segment for the terms to come, made again with them.
            self.segments.push(Segment {
                first: String::new(),
                terms: encode(std::iter::empty()),
                made: None,
            });
        }
        let mut puts: BTreeMap<usize, Vec<Put>> = BTreeMap::new();
        for (number, terms) in added {
            let docs = terms.words.iter().chain(&terms.pairs).map(|t| (*t, false));
            for (term, in_title) in docs.chain(terms.title.iter().map(|t| (*t, true))) {
                let at = self.segment_of(term);
                puts.entry(at).or_default().push((term, *number, in_title));
            }
        }
        let mut had: BTreeMap<usize, Option<Vec<Had>>> = BTreeMap::new();
        if !numbers.is_empty() {
            let found = self.segments.par_iter().enumerate();
            let found = found.map(|(at, segment)| (at, mentioned(&segment.terms, numbers)));
            let found = found.filter(|(_, terms)| terms.as_ref().is_none_or(|t| !t.is_empty()));
            had.extend(found.collect::<Vec<_>>());
        }
        let opened: BTreeSet<usize> = (puts.keys().chain(had.keys()).copied())
            .filter(|at| {
                let had = had.get(at).map_or(Some(&[][..]), |had| had.as_deref());
                let put = puts.get(at).map_or(&[][..], Vec::as_slice);
                had.is_none_or(|had| !same_puts(had, put))
            })
            .collect();
        let patched: BTreeMap<usize, Vec<Entry>> = opened
            .into_par_iter()
            .map(|at| {
                let entries = self.segments[at].entries();
                let puts = puts.get(&at).map_or(&[][..], Vec::as_slice);
                (at, patched(entries, numbers, puts))
            })
            .collect();
        let patched = self.with_neighbours(patched);
        self.segments = rebuilt(std::mem::take(&mut self.segments), patched);
    }

    /// `patched` with the segments before those that lost their first term (a cut) opened
    /// too: what is left of such a segment joins the one before it.
    fn with_neighbours(
        &self,
        mut patched: BTreeMap<usize, Vec<Entry>>,
    ) -> BTreeMap<usize, Vec<Entry>> {
        loop {
            let mut needed = Vec::new();
            for (&at, entries) in &patched {
                let Some((first, _)) = entries.first() else {
                    continue;
                };
                if at == 0 || tree::is_cut(first) {
                    continue;
                }
                let mut before = at - 1;
                while before > 0 && patched.get(&before).is_some_and(Vec::is_empty) {
                    before -= 1;
                }
                if !patched.contains_key(&before) {
                    needed.push(before);
                }
            }
            if needed.is_empty() {
                return patched;
            }
            for at in needed {
                patched.insert(at, self.segments[at].entries());
            }
        }
    }

    /// The segment `term` is in, or would be put in.
    fn segment_of(&self, term: &str) -> usize {
        let after = self.segments.partition_point(|s| s.first.as_str() <= term);
        after.saturating_sub(1)
    }

    /// The dictionary's files: each segment's made anew unless they were made from its very
    /// terms (then they come without bytes), then the directory; and the directory's name, for
    /// `meta.json`.
    pub fn files(&mut self) -> (Vec<DictionaryFile>, String) {
        let made: Vec<Option<Vec<MadeFile>>> = self
            .segments
            .par_iter_mut()
            .map(|segment| {
                if segment.made.is_some() {
                    return None;
                }
                let (blocks, files) = tree::segment(&segment.entries());
                let paths = files.iter().map(|(path, _)| path.clone()).collect();
                segment.made = Some(Made {
                    blocks,
                    files: paths,
                });
                Some(files)
            })
            .collect();
        let mut out: Vec<DictionaryFile> = Vec::new();
        let mut block_keys = Vec::new();
        for (segment, files) in self.segments.iter().zip(made) {
            let made = segment.made.as_ref().expect("made above");
            block_keys.extend(made.blocks.iter().cloned());
            match files {
                Some(files) => out.extend(files.into_iter().map(|(path, b)| (path, Some(b)))),
                None => out.extend(made.files.iter().map(|path| (path.clone(), None))),
            }
        }
        let (directory, bytes) = tree::directory_file(&block_keys);
        let name = directory
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned());
        out.push((directory, Some(bytes)));
        (out, name.expect("the directory's file has a name"))
    }

    /// Forgets which files each segment made: the next [`Table::files`] makes them all.
    pub fn forget_files(&mut self) {
        for segment in &mut self.segments {
            segment.made = None;
        }
    }
}

impl Segment {
    /// Its terms with their postings, in order.
    fn entries(&self) -> Vec<Entry> {
        decode(&self.terms).expect("a segment's terms are encoded by this table")
    }
}

/// `entries` without the documents `numbers` and with `puts` (term, document, whether in the
/// title) put in; a term left with no document is dropped.
fn patched(entries: Vec<Entry>, numbers: &[u32], puts: &[(&str, u32, bool)]) -> Vec<Entry> {
    let mut terms: BTreeMap<String, Postings> = entries.into_iter().collect();
    let stays = |n: &u32| numbers.binary_search(n).is_err();
    for postings in terms.values_mut() {
        postings.docs.retain(stays);
        postings.title.retain(stays);
    }
    for &(term, number, in_title) in puts {
        if !terms.contains_key(term) {
            terms.insert(term.to_string(), Postings::default());
        }
        let postings = terms.get_mut(term).expect("there now");
        let list = match in_title {
            true => &mut postings.title,
            false => &mut postings.docs,
        };
        if let Err(at) = list.binary_search(&number) {
            list.insert(at, number);
        }
    }
    terms.retain(|_, postings| !postings.docs.is_empty());
    terms.into_iter().collect()
}

/// The segments of `old` with those `patched` (by place) replaced: runs of patched segments
/// side by side are joined and cut again where their terms say, and encoded.
fn rebuilt(old: Vec<Segment>, mut patched: BTreeMap<usize, Vec<Entry>>) -> Vec<Segment> {
    let mut runs: Vec<Result<Segment, Vec<Entry>>> = Vec::new();
    for (at, segment) in old.into_iter().enumerate() {
        match (patched.remove(&at), runs.last_mut()) {
            (None, _) => runs.push(Ok(segment)),
            (Some(entries), Some(Err(run))) => run.extend(entries),
            (Some(entries), _) => runs.push(Err(entries)),
        }
    }
    let pieces = runs.into_par_iter().map(|run| match run {
        Ok(segment) => vec![segment],
        Err(entries) => Table::from_sorted(&entries).segments,
    });
    pieces.flatten_iter().collect()
}

/// `entries` encoded, as in the module's comment.
fn encode<'a>(entries: impl ExactSizeIterator<Item = (&'a str, &'a Postings)>) -> Vec<u8> {
    let mut out = Vec::new();
    push_varint(&mut out, entries.len() as u32);
    let mut previous = "";
    for (term, postings) in entries {
        push_key(&mut out, previous, term);
        push_varint(&mut out, postings.docs.len() as u32);
        push_varint(&mut out, postings.title.len() as u32);
        push_gaps(&mut out, &postings.docs);
        push_gaps(&mut out, &postings.title);
        previous = term;
    }
    out
}

/// The entries [`encode`] gave; none when `bytes` are not such.
pub fn decode(bytes: &[u8]) -> Option<Vec<Entry>> {
    let mut reader = Reader::new(bytes);
    let count = reader.varint()?;
    let mut entries = Vec::with_capacity(count as usize);
    let mut key = Vec::new();
    for _ in 0..count {
        reader.key(&mut key)?;
        let (docs, title) = (reader.varint()?, reader.varint()?);
        let postings = Postings {
            docs: reader.gaps(docs)?,
            title: reader.gaps(title)?,
        };
        entries.push((String::from_utf8(key.clone()).ok()?, postings));
    }
    reader.is_done().then_some(entries)
}

/// A term put into a document: the term, the document's number, and whether in its title.
type Put<'t> = (&'t str, u32, bool);

/// A term found with a document taken out, as [`Put`].
type Had = (String, u32, bool);

/// Each term of the encoded `bytes` that has one of the documents `numbers` (ascending), with
/// the document and whether in its title list, read without making a list; none when the
/// bytes cannot be read (the segment is then read whole).
fn mentioned(bytes: &[u8], numbers: &[u32]) -> Option<Vec<Had>> {
    let (Some(&lowest), Some(&highest)) = (numbers.first(), numbers.last()) else {
        return Some(Vec::new());
    };
    let mut reader = Reader::new(bytes);
    let mut found = Vec::new();
    let mut key = Vec::new();
    for _ in 0..reader.varint()? {
        reader.key(&mut key)?;
        let lists = [(reader.varint()?, false), (reader.varint()?, true)];
        for (length, in_title) in lists {
            let mut number = 0u32;
            for _ in 0..length {
                number = number.checked_add(reader.varint()?)?;
                if (lowest..=highest).contains(&number) && numbers.binary_search(&number).is_ok() {
                    let term = String::from_utf8(key.clone()).ok()?;
                    found.push((term, number, in_title));
                }
            }
        }
    }
    reader.is_done().then_some(found)
}

/// Whether putting `put` into a segment whose terms `had` the documents taken out gives each
/// term back the very documents it had: then the segment stays as it is.
fn same_puts(had: &[Had], put: &[Put]) -> bool {
    let mut had: Vec<Put> = had
        .iter()
        .map(|(t, n, in_title)| (t.as_str(), *n, *in_title))
        .collect();
    let mut put = put.to_vec();
    had.sort_unstable();
    put.sort_unstable();
    put.dedup();
    had == put
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    type Model = BTreeMap<String, Vec<u32>>;

    fn entries(model: &Model) -> Vec<Entry> {
        let postings = |docs: &Vec<u32>| Postings {
            docs: docs.clone(),
            title: Vec::new(),
        };
        model
            .iter()
            .map(|(k, d)| (k.clone(), postings(d)))
            .collect()
    }

    /// Every file with its bytes: those a kept segment left without bytes are taken from
    /// `before`.
    fn whole(files: Vec<DictionaryFile>, before: &[(PathBuf, Vec<u8>)]) -> Vec<(PathBuf, Vec<u8>)> {
        let mut whole: Vec<(PathBuf, Vec<u8>)> = files
            .into_iter()
            .map(|(path, bytes)| {
                let bytes = bytes.unwrap_or_else(|| {
                    let kept = before.iter().find(|(p, _)| *p == path);
                    kept.expect("kept from before").1.clone()
                });
                (path, bytes)
            })
            .collect();
        whole.sort();
        whole
    }

    /// Short keys, a fifth of them cuts, so that cuts come and go often.
    fn key() -> impl Strategy<Value = String> {
        let cuts: Vec<String> = (0..20_000u32)
            .map(|n| format!("{}{n}", ["a", "b", "c"][n as usize % 3]))
            .filter(|key| tree::is_cut(key))
            .take(40)
            .collect();
        prop_oneof![
            4 => "[a-c][0-9]{1,3}( [a-c])?",
            1 => prop::sample::select(cuts),
        ]
    }

    fn model() -> impl Strategy<Value = Model> {
        let docs =
            prop::collection::btree_set(0u32..40, 1..4).prop_map(|s| s.into_iter().collect());
        prop::collection::btree_map(key(), docs, 0..400)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn a_patched_table_is_the_table_made_anew_and_gives_its_files(
            before in model(),
            removed in prop::collection::btree_set(0u32..40, 0..4),
            added in prop::collection::vec((40u32..45, prop::collection::vec(key(), 0..6)), 0..3),
        ) {
            let mut table = Table::from_sorted(&entries(&before));
            let (first, _) = table.files();
            let first = whole(first, &[]);
            let numbers: Vec<u32> = removed.iter().copied().collect();
            let mut after = before.clone();
            for docs in after.values_mut() {
                docs.retain(|n| !removed.contains(n));
            }
            let mut puts = Vec::new();
            for (number, terms) in &added {
                let mut words: Vec<&str> = terms.iter().map(String::as_str).collect();
                words.sort_unstable();
                words.dedup();
                for word in &words {
                    let docs = after.entry(word.to_string()).or_default();
                    if let Err(at) = docs.binary_search(number) {
                        docs.insert(at, *number);
                    }
                }
                puts.push((*number, ItemTerms { words, ..ItemTerms::default() }));
            }
            after.retain(|_, docs| !docs.is_empty());

            table.patch(&numbers, &puts);
            let mut anew = Table::from_sorted(&entries(&after));
            prop_assert_eq!(table.entries(), entries(&after));
            let firsts = |t: &Table| t.segments.iter().map(|s| s.first.clone()).collect::<Vec<_>>();
            prop_assert_eq!(firsts(&table), firsts(&anew));
            let (patched_files, patched_directories) = table.files();
            let (anew_files, anew_directories) = anew.files();
            prop_assert_eq!(patched_directories, anew_directories);
            prop_assert_eq!(whole(patched_files, &first), whole(anew_files, &[]));
        }
    }

    #[test]
    fn only_the_segments_of_a_changed_document_are_made_again() {
        let mut model = Model::new();
        for n in 0..3000u32 {
            model.insert(format!("w{n:05}"), vec![n % 50]);
        }
        let mut table = Table::from_sorted(&entries(&model));
        assert!(
            table.segments.len() > 10,
            "{} segments",
            table.segments.len()
        );
        table.files();
        let terms = ItemTerms {
            words: vec!["w00007"],
            ..ItemTerms::default()
        };
        table.patch(&[], &[(60, terms)]);
        let (files, _) = table.files();
        let made: Vec<&PathBuf> = files
            .iter()
            .filter(|(path, bytes)| bytes.is_some() && !path.starts_with("search/d"))
            .map(|(path, _)| path)
            .collect();
        assert_eq!(made.len(), 1, "one block made again: {made:?}");
        let segment = &table.segments[table.segment_of("w00007")];
        let had = |n: u32| !mentioned(&segment.terms, &[n]).unwrap().is_empty();
        assert!(had(60) && had(7) && !had(61));
    }

    #[test]
    fn a_document_given_back_its_very_terms_makes_nothing_again() {
        let mut model = Model::new();
        for n in 0..3000u32 {
            model.insert(format!("w{n:05}"), vec![n % 50]);
        }
        let mut table = Table::from_sorted(&entries(&model));
        table.files();
        let before = table.entries();
        // Document 7 has every term whose number ends as 7 does, modulo 50.
        let own: Vec<String> = (0..3000u32)
            .filter(|n| n % 50 == 7)
            .map(|n| format!("w{n:05}"))
            .collect();
        fn terms(words: &[String]) -> ItemTerms<'_> {
            ItemTerms {
                words: words.iter().map(String::as_str).collect(),
                ..ItemTerms::default()
            }
        }
        let made = |table: &mut Table| {
            let (files, _) = table.files();
            let made = files
                .iter()
                .filter(|(path, bytes)| bytes.is_some() && !path.starts_with("search/d"));
            made.count()
        };
        table.patch(&[7], &[(7, terms(&own))]);
        assert_eq!(table.entries(), before);
        assert_eq!(made(&mut table), 0, "every segment kept, files and all");

        let mut edited = own.clone();
        edited[0] = "w99999".to_string();
        table.patch(&[7], &[(7, terms(&edited))]);
        assert!(made(&mut table) >= 1, "a term gone and one come are made");
        let mut expected = model.clone();
        expected.remove(&own[0]);
        expected.insert("w99999".into(), vec![7]);
        assert_eq!(table.entries(), entries(&expected));
    }

    #[test]
    fn encoded_terms_read_back_and_a_cut_one_is_refused() {
        let mut model = Model::new();
        model.insert("کارت".into(), vec![0, 5, 900]);
        model.insert("کارت هوشمند".into(), vec![5]);
        let entries = entries(&model);
        let bytes = encode(entries.iter().map(|(t, p)| (t.as_str(), p)));
        assert_eq!(decode(&bytes).unwrap(), entries);
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
        assert_eq!(
            mentioned(&bytes, &[5, 900]).unwrap(),
            [
                ("کارت".to_string(), 5, false),
                ("کارت".to_string(), 900, false),
                ("کارت هوشمند".to_string(), 5, false)
            ]
        );
        assert!(mentioned(&bytes, &[6]).unwrap().is_empty());
        assert!(mentioned(&bytes[..bytes.len() - 1], &[6]).is_none());
    }
}
