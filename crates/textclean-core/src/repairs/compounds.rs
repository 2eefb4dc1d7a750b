//! A compound written without its hyphen (`fivepoint` where the document writes `five-point`,
//! SW004 `restore_compound_hyphen`, `textclean/repairs/words.py`).
//!
//! The hyphen is restored on evidence: the document's own hyphenated spelling, or, when the
//! document never hyphenates the word, the corpus vocabulary's ([`CorpusCompounds`]). A closed
//! form that the lexicon of the document's language knows as a word (`startup`, `online`) is
//! never rewritten; the lexicon is asked only for a closed form that would be hyphenated.

use std::collections::HashMap;

use crate::finder::{Evidence, Finder, NoEvidence};
use crate::lexicon::{CentiZipf, Lexicon};
use crate::model::{Edit, Hit};
use crate::repairs::hyphens::{casefolded, py_islower};
use crate::words::{closed_compound_occurs, closed_compounds, ClosedCompound};

/// A compound written without the hyphen the document or the corpus gives it.
#[derive(Debug, Default, Clone, Copy)]
pub struct UnhyphenatedCompound;

/// A closed form at least this frequent (Zipf, in hundredths) is a word of the language: never
/// hyphenated.
const LEXICON_FREQUENT: CentiZipf = 250;

/// The compounds of a corpus vocabulary (`Vocabulary.closed_compounds` and `hyphenations` of
/// `textclean/corpus/vocab.py`): each closed form (casefolded, `fivepoint`) with the commonest
/// of its hyphenated spellings (`five-point`) and how often the corpus writes that one.
#[derive(Debug, Default)]
pub struct CorpusCompounds {
    forms: HashMap<Box<str>, (Box<str>, u64)>,
}

impl CorpusCompounds {
    /// The compounds of `rows`: (closed form, a hyphenated spelling of it, its count). Of the
    /// spellings of one closed form the commonest is kept, the first in code-point order among
    /// equals (as `hyphenations` sorts them).
    pub fn new(rows: impl IntoIterator<Item = (String, String, u64)>) -> Self {
        let mut forms: HashMap<Box<str>, (Box<str>, u64)> = HashMap::new();
        for (closed, spelling, count) in rows {
            match forms.get_mut(closed.as_str()) {
                Some(best) => {
                    // UTF-8 bytes sort as code points do.
                    if count > best.1 || (count == best.1 && *spelling < *best.0) {
                        *best = (spelling.into(), count);
                    }
                }
                None => {
                    forms.insert(closed.into(), (spelling.into(), count));
                }
            }
        }
        CorpusCompounds { forms }
    }

    /// How many closed forms it holds.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whether the casefolded `closed` is the closed form of a compound of the corpus.
    pub fn contains(&self, closed: &str) -> bool {
        self.forms.contains_key(closed)
    }

    /// The commonest hyphenated spelling of the casefolded `closed` with its count.
    pub fn commonest(&self, closed: &str) -> Option<(&str, u64)> {
        self.forms.get(closed).map(|(s, n)| (&**s, *n))
    }
}

/// Byte offset of the character `n` characters after byte `at` of `text` (None: the text ends
/// before).
fn chars_after(text: &str, at: usize, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(at);
    }
    match text[at..].char_indices().nth(n) {
        Some((i, _)) => Some(at + i),
        None => (text[at..].chars().count() == n).then_some(text.len()),
    }
}

/// `word` is a word of the language by `lexicon` (`startup`, `online`): never hyphenated,
/// whatever one page writes.
fn frequent_word(lexicon: Option<&Lexicon>, word: &str) -> bool {
    lexicon.is_some_and(|lex| lex.centizipf(word) >= LEXICON_FREQUENT)
}

/// The corpus's hyphenated spelling of the casefolded `closed`, when the corpus never writes
/// it closed ("never" allows the document's own `in_document` occurrences when the vocabulary
/// counted the documents being fixed). A weaker test (the hyphenated form merely more
/// frequent) turned `coworking` into `co-working` on pages that write it closed on purpose.
fn corpus_compound<'c>(
    evidence: &dyn Evidence,
    compounds: &'c CorpusCompounds,
    includes_documents: bool,
    closed: &str,
    in_document: usize,
) -> Option<&'c str> {
    let (spelling, count) = compounds.commonest(closed)?;
    if spelling
        .split('-')
        .any(|part| part.chars().nth(1).is_none())
    {
        return None; // `e-mail` and the like: one letter is too little to go on
    }
    let own = if includes_documents { in_document } else { 0 };
    if evidence.corpus_count(closed) > own as u64 || count < in_document as u64 {
        return None; // the closed form is written elsewhere too, or more often here
    }
    Some(spelling)
}

impl Finder for UnhyphenatedCompound {
    fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &NoEvidence)
    }

    /// `fivepoint` is repaired to `five-point` only when `five-point` itself occurs in the
    /// same document and `fivepoint` is not written more often. When the document never
    /// hyphenates the word, the corpus's commonest hyphenated spelling is restored when the
    /// corpus never writes the closed form outside this document, and the word is in lower
    /// case (not `WiFi`, not a heading's `Fallout`) and no part of a compound. Either way a
    /// closed form that the lexicon knows as a word is left.
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        // Without a closed form of the text's own compounds in it, only the corpus can say.
        let corpus = if closed_compound_occurs(text) {
            evidence.corpus_compounds()
        } else {
            match evidence.corpus_compounds() {
                Some(corpus) => Some(corpus),
                None => return Vec::new(),
            }
        };
        let found = match corpus {
            Some((compounds, _)) => {
                closed_compounds(text, |key| Ok::<bool, ()>(compounds.contains(key)))
            }
            None => closed_compounds(text, |_| Ok::<bool, ()>(false)),
        };
        let found: Vec<ClosedCompound> = found.unwrap_or_default();
        let mut lexicon: Option<Option<&Lexicon>> = None; // not looked up yet
        let mut hits = Vec::new();
        for c in found {
            let word = &text[c.start..c.end];
            if c.hyphenated > 0 {
                if c.closed > c.hyphenated {
                    continue; // the document prefers the closed form
                }
                if frequent_word(*lexicon.get_or_insert_with(|| evidence.lexicon()), word) {
                    continue;
                }
                // The cut falls where the first part of the hyphenated spelling ends, counted
                // in characters of this word; past its end (a casefolding that lengthens the
                // word: `ßßßß` for `ssssss-ss`) there is no seam to restore.
                let Some(at) = chars_after(text, c.start, c.first_part).filter(|&at| at <= c.end)
                else {
                    continue;
                };
                let (a, b) = (&text[c.start..at], &text[at..c.end]);
                hits.push(Hit {
                    unsafe_fix: false,
                    start: c.start,
                    end: c.end,
                    message: Some(format!(
                        "compound written without its hyphen: {word} (the document writes \
                         {a}-{b}; document)"
                    )),
                    edits: vec![Edit::new(at..at, "-")],
                });
                continue;
            }
            let Some((compounds, includes_documents)) = corpus else {
                continue;
            };
            let key = casefolded(word);
            if key.chars().count() != word.chars().count() {
                continue; // casefolding changed the length (`ß`): offsets would not line up
            }
            if !py_islower(word) {
                // `WiFi`, `PopUp`: a styled name; and every capitalised word the corpus alone
                // would have hyphenated (`Fallout`, `Signup` in headings) was closed on purpose.
                continue;
            }
            let bytes = text.as_bytes();
            if (c.start > 0 && bytes[c.start - 1] == b'-') || bytes.get(c.end) == Some(&b'-') {
                continue; // part of a compound (`inline-block`), which the vocabulary counts whole
            }
            let Some(spelling) =
                corpus_compound(evidence, compounds, includes_documents, &key, c.closed)
            else {
                continue;
            };
            if frequent_word(*lexicon.get_or_insert_with(|| evidence.lexicon()), word) {
                continue;
            }
            // Hyphens go where the corpus spelling has them; the word keeps its own letters.
            let mut cuts = Vec::new();
            let mut at = 0;
            let parts: Vec<&str> = spelling.split('-').collect();
            for part in &parts[..parts.len() - 1] {
                at += part.chars().count();
                cuts.push(at);
            }
            let Some(cuts) = cuts
                .iter()
                .map(|&n| chars_after(text, c.start, n).filter(|&at| at <= c.end))
                .collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            let mut rebuilt = String::with_capacity(word.len() + cuts.len());
            let mut from = c.start;
            for &cut in &cuts {
                rebuilt.push_str(&text[from..cut]);
                rebuilt.push('-');
                from = cut;
            }
            rebuilt.push_str(&text[from..c.end]);
            hits.push(Hit {
                unsafe_fix: false,
                start: c.start,
                end: c.end,
                message: Some(format!(
                    "compound written without its hyphen: {word} (the corpus writes {rebuilt}; \
                     corpus)"
                )),
                edits: cuts.iter().map(|&at| Edit::new(at..at, "-")).collect(),
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::pack;
    use std::cell::Cell;

    /// A corpus vocabulary (word counts and its compounds) and a lexicon, counting how often
    /// the lexicon is asked for.
    struct Given {
        counts: HashMap<String, u64>,
        compounds: Option<CorpusCompounds>,
        includes_documents: bool,
        lexicon: Option<Lexicon>,
        asked: Cell<usize>,
    }

    impl Evidence for Given {
        fn corpus_count(&self, word: &str) -> u64 {
            self.counts.get(&casefolded(word)).copied().unwrap_or(0)
        }
        fn lexicon(&self) -> Option<&Lexicon> {
            self.asked.set(self.asked.get() + 1);
            self.lexicon.as_ref()
        }
        fn corpus_compounds(&self) -> Option<(&CorpusCompounds, bool)> {
            self.compounds
                .as_ref()
                .map(|c| (c, self.includes_documents))
        }
    }

    fn given(corpus: Option<&[(&str, u64)]>, words: &[(&str, u16)]) -> Given {
        let counts: HashMap<String, u64> = corpus
            .unwrap_or_default()
            .iter()
            .map(|&(w, n)| (w.to_owned(), n))
            .collect();
        let compounds = corpus.map(|_| {
            CorpusCompounds::new(
                counts
                    .iter()
                    .filter(|(w, _)| w.contains('-'))
                    .map(|(w, &n)| (w.replace('-', ""), w.clone(), n)),
            )
        });
        Given {
            counts,
            compounds,
            includes_documents: false,
            lexicon: (!words.is_empty())
                .then(|| Lexicon::from_packed("en", "ai", Box::new(pack(words))).expect("packed")),
            asked: Cell::new(0),
        }
    }

    fn found(text: &str, evidence: &dyn Evidence) -> Vec<(String, Vec<usize>)> {
        UnhyphenatedCompound
            .find_with(text, evidence)
            .into_iter()
            .map(|h| {
                let at = h.edits.iter().map(|e| e.start).collect();
                (h.message.unwrap_or_default(), at)
            })
            .collect()
    }

    #[test]
    fn the_document_hyphenates_its_own_compound() {
        let none = given(None, &[]);
        let text = "A fivepoint plan. The five-point plan failed.";
        assert_eq!(
            found(text, &none),
            [(
                "compound written without its hyphen: fivepoint (the document writes \
                 five-point; document)"
                    .to_owned(),
                vec![6]
            )]
        );
        // Written closed more often than hyphenated: left.
        assert!(found("fivepoint, fivepoint and five-point", &none).is_empty());
        assert!(found("No compound here at all.", &none).is_empty());
        // Asked once, for the closed form it would hyphenate.
        assert_eq!(none.asked.get(), 1);
    }

    #[test]
    fn a_word_of_the_lexicon_stays() {
        let lex = given(None, &[("online", 480), ("fivepoint", 100)]);
        assert!(found("An online shop, an on-line form.", &lex).is_empty());
        assert_eq!(found("A fivepoint plan, five-point.", &lex).len(), 1);
        assert_eq!(lex.asked.get(), 2);
    }

    #[test]
    fn the_corpus_stands_in_for_a_silent_document() {
        let corpus = given(
            Some(&[
                ("five-point", 3),
                ("fivep-oint", 1),
                ("e-mail", 9),
                ("co-working", 2),
            ]),
            &[],
        );
        let text = "A fivepoint plan, an email, a Fivepoint, inline-fivepoint, coworking.";
        assert_eq!(
            found(text, &corpus),
            [
                (
                    "compound written without its hyphen: fivepoint (the corpus writes \
                     five-point; corpus)"
                        .to_owned(),
                    vec![6]
                ),
                (
                    "compound written without its hyphen: coworking (the corpus writes \
                     co-working; corpus)"
                        .to_owned(),
                    vec![61]
                ),
            ]
        );
        // The corpus writes the closed form too.
        let closed_too = given(Some(&[("five-point", 3), ("fivepoint", 1)]), &[]);
        assert!(found("A fivepoint plan.", &closed_too).is_empty());
    }

    #[test]
    fn the_commonest_spelling_first_in_code_point_order() {
        let compounds = CorpusCompounds::new([
            ("ab".to_owned(), "a-b".to_owned(), 2),
            ("ab".to_owned(), "ab-".to_owned(), 2),
            ("ab".to_owned(), "-ab".to_owned(), 1),
        ]);
        assert_eq!(compounds.commonest("ab"), Some(("a-b", 2)));
        assert_eq!(compounds.len(), 1);
        assert!(compounds.contains("ab") && !compounds.contains("a-b"));
    }

    #[test]
    fn a_cut_past_the_word_is_no_seam() {
        let none = given(None, &[]);
        assert!(found("ssssss-ss ßßßß", &none).is_empty());
        assert_eq!(
            found("Stra\u{df}e-ab strasseab", &none),
            [(
                "compound written without its hyphen: strasseab (the document writes \
                 strass-eab; document)"
                    .to_owned(),
                vec![17]
            )]
        );
    }
}
