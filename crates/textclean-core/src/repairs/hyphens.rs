//! Words split by a hyphen (`textclean/repairs/words.py`, the words pack): across a line break
//! (`inter-` / `national`, SW003 `join_hyphenated_line_break`) and before spaces inside a line
//! (`inter- national`, SW005 `join_spaced_hyphenation`).
//!
//! The spelling is decided by evidence, in order: the document's own words, then the corpus
//! vocabulary, then the lexicon of the document's language ([`Evidence`]); each finding names
//! what decided it. The document's words are counted only when a candidate needs them, and the
//! corpus and the lexicon are asked only when the document is silent (the lexicon at most once
//! per text: telling a document's language costs more than the rest).

use std::cell::OnceCell;
use std::collections::HashMap;

use crate::chars::{is_letter, push_casefold, runs_of};
use crate::finder::{Evidence, Finder, NoEvidence};
use crate::lexicon::{CentiZipf, Lexicon};
use crate::model::{Edit, Hit};
use crate::tables;
use crate::words::{line_end_hyphens, spaced_hyphens, SpacedHyphen};

/// A word split by a hyphen across a line break (`inter-\nnational`), rejoined by evidence.
#[derive(Debug, Default, Clone, Copy)]
pub struct LineEndHyphenation;

/// A word split by a hyphen and spaces inside a line (`inter- national`), rejoined by evidence.
#[derive(Debug, Default, Clone, Copy)]
pub struct SpacedHyphenation;

/// Coordinating conjunctions after a line-end hyphen mark a suspended compound (`pre- and
/// post-war`, `Haupt- und Nebensatz`, `pré- ou post-`): the hyphen and the break both belong
/// there.
const CONJUNCTIONS: &[&str] = &[
    "and", "or", "nor", "und", "oder", "bzw", "sowie", "et", "ou", "y", "o", "e", "u", "of", "i",
    "lub", "oraz", "dan", "atau", "и", "или", "ed",
];

/// Zipf frequency (in hundredths, as every threshold here) from which the lexicon takes a
/// joined form for a word: the closed form of a suspended compound must be this frequent.
pub(crate) const LEXICON_WORD: CentiZipf = 250;
/// A closed form whose parts are not both words is taken from this frequency: any word of the
/// list (its floor is 1.5). `benut-\nzter`, `prébiotiq-\nues`, `desplaz-\nará` are no
/// compounds, and their inflected closed forms are rare in the lists.
const LEXICON_SPLIT_WORD: CentiZipf = 150;
/// A part of a hyphenated word counts as a word from this frequency; a closed form of two such
/// parts is taken only from `LEXICON_COMPOUND` (`something`, `startup`), else the hyphen stays.
const LEXICON_PART: CentiZipf = 300;
const LEXICON_COMPOUND: CentiZipf = 350;
/// Or, when a closed form two words are part of is this much more frequent (Zipf) than the two
/// would be side by side if words followed each other at random (the sum of their Zipf values
/// less 9, the Zipf of one in a billion): `condados`, `amparó` are words cut in two, while
/// `self-esteem` (1.7), `co-founder` (1.9), `re-elect` (1.65) keep their hyphen.
const LEXICON_CLOSED_MARGIN: f64 = 2.5;
const ZIPF_PER_BILLION: f64 = 9.0;
/// Languages that write compounds closed (German `auslegen`, `Einsendung`, Dutch, the Nordic
/// languages): two lower-case words joined by a hyphen are rare there, so a line-end hyphen
/// between two words goes when the closed form is a word of the list at all (`aus-\nlegen`).
const CLOSED_COMPOUNDING: &[&str] = &["de", "nl", "sv", "da", "nb", "fi", "is"];

/// Python's `str.islower`: no upper- or title-case character and at least one lower-case one.
pub(crate) fn py_islower(text: &str) -> bool {
    let mut cased = false;
    for c in text.chars() {
        if tables::PY_TITLE.contains(c) {
            return false;
        }
        cased |= tables::PY_LOWER.contains(c);
    }
    cased
}

pub(crate) fn casefolded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_casefold(&mut out, text);
    out
}

/// What the document itself says of a spelling, counted on first need.
pub(crate) struct Document<'t> {
    text: &'t str,
    /// The casefolded text: a spelling missing from it occurs nowhere, without counting
    /// (casefolding works character by character, so a casefolded word is a piece of it).
    folded: OnceCell<String>,
    /// The words (runs of letters, `\p{L}+`), casefolded, with how often each occurs.
    words: OnceCell<HashMap<String, usize>>,
    /// The hyphenated words (`\p{L}+-\p{L}+`, as `finditer` gives them), casefolded, counted.
    hyphenated: OnceCell<HashMap<String, usize>>,
}

impl<'t> Document<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Document {
            text,
            folded: OnceCell::new(),
            words: OnceCell::new(),
            hyphenated: OnceCell::new(),
        }
    }

    fn occurs(&self, key: &str) -> bool {
        let folded = self.folded.get_or_init(|| casefolded(self.text));
        memchr::memmem::find(folded.as_bytes(), key.as_bytes()).is_some()
    }

    /// How often the casefolded word `key` occurs as a word of the text.
    pub(crate) fn words(&self, key: &str) -> usize {
        if !self.occurs(key) {
            return 0;
        }
        let words = self.words.get_or_init(|| {
            let mut counts = HashMap::new();
            for (start, end) in letter_runs(self.text) {
                *counts
                    .entry(casefolded(&self.text[start..end]))
                    .or_insert(0) += 1;
            }
            counts
        });
        words.get(key).copied().unwrap_or(0)
    }

    /// How often the casefolded hyphenated word `key` occurs in the text.
    fn hyphenated(&self, key: &str) -> usize {
        if !self.occurs(key) {
            return 0;
        }
        let hyphenated = self.hyphenated.get_or_init(|| {
            let text = self.text;
            let runs = letter_runs(text);
            let mut counts = HashMap::new();
            let mut resume = 0;
            for (k, &(start, end)) in runs.iter().enumerate() {
                if start < resume || text.as_bytes().get(end) != Some(&b'-') {
                    continue;
                }
                let Some(&(b_start, b_end)) = runs.get(k + 1) else {
                    continue;
                };
                if b_start != end + 1 {
                    continue;
                }
                *counts.entry(casefolded(&text[start..b_end])).or_insert(0) += 1;
                resume = b_end;
            }
            counts
        });
        hyphenated.get(key).copied().unwrap_or(0)
    }
}

/// The maximal runs of letters (`\p{L}+`) of `text`, as byte ranges.
fn letter_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    runs_of(text, is_letter, &mut runs);
    runs
}

/// What goes between two halves of a word by how often each spelling was seen: "" (closed)
/// when the closed word was, at least as often as the hyphenated one; else "-" when the
/// hyphenated one was; None when neither (no evidence).
fn spelling_by_counts(closed: u64, hyphenated: u64) -> Option<&'static str> {
    if closed > 0 && closed >= hyphenated {
        Some("")
    } else if hyphenated > 0 {
        Some("-")
    } else {
        None
    }
}

/// What goes between `a` and `b` by the corpus: "" (closed), "-" or None (no evidence).
fn corpus_spelling(evidence: &dyn Evidence, a: &str, b: &str) -> Option<&'static str> {
    let closed = evidence.corpus_count(&format!("{a}{b}"));
    let hyphenated = evidence.corpus_count(&format!("{a}-{b}"));
    spelling_by_counts(closed, hyphenated)
}

/// What goes between `a` and `b` by the lexicon: "" (closed), "-" or None (no evidence).
///
/// Closed when `ab` is a word, unless both parts are words and `ab` is rare (`well-known`:
/// `wellknown` is in the list, far below `well` and `known`) and not far more frequent than
/// the two parts side by side would be (`con-dados`, `gas-taba`: short words cut out of a
/// longer one); the hyphen stays when both parts are words; otherwise the lexicon cannot say.
/// At a line end (`line_end`), a closed form the list lacks is taken too when a part is no
/// word (`unaus-\nweichlicher`: inflected and compound words the list lacks, split where a
/// compound has no seam), and the first part is in lower case or the language writes its
/// compounds closed (`Kasparov-\nstyle` stays); in those languages, also after a first part of
/// two letters (`üb-\nerstellte`).
fn lexicon_spelling(lexicon: &Lexicon, a: &str, b: &str, line_end: bool) -> Option<&'static str> {
    let a_letters = a.chars().count();
    if a_letters < 2 {
        return None; // `T-shirt`, `x-ray`: `tshirt` may be listed, the hyphen is still right
    }
    let closed = lexicon.centizipf(&format!("{a}{b}"));
    let parts_are_words = lexicon.is_word(a, LEXICON_PART) && lexicon.is_word(b, LEXICON_PART);
    let closed_compounding = CLOSED_COMPOUNDING.contains(&lexicon.lang());
    if parts_are_words && !closed_compounding {
        // As Python computes it, in floating point: Zipf = centi-Zipf / 100.
        let zipf = |c: CentiZipf| f64::from(c) / 100.0;
        let random = zipf(lexicon.centizipf(a)) + zipf(lexicon.centizipf(b)) - ZIPF_PER_BILLION
            + LEXICON_CLOSED_MARGIN;
        if closed >= LEXICON_COMPOUND || (closed >= LEXICON_SPLIT_WORD && zipf(closed) >= random) {
            return Some("");
        }
        return Some("-");
    }
    if closed >= LEXICON_SPLIT_WORD {
        return Some("");
    }
    if line_end
        && (py_islower(a) || closed_compounding)
        && (!parts_are_words || (closed_compounding && a_letters < 3))
    {
        return Some("");
    }
    if parts_are_words {
        return Some("-");
    }
    None
}

fn hit(word: (usize, usize), message: String, edit: Option<(&SpacedHyphen, &str)>) -> Hit {
    Hit {
        unsafe_fix: false,
        start: word.0,
        end: word.1,
        message: Some(message),
        edits: edit
            .map(|(m, new)| vec![Edit::new(m.hyphen..m.gap_end, new)])
            .unwrap_or_default(),
    }
}

impl Finder for LineEndHyphenation {
    fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &NoEvidence)
    }

    /// The document decides the spelling: if `international` occurs elsewhere the hyphen goes;
    /// if `inter-national` does, it stays. When the document is silent, the corpus vocabulary
    /// decides the same way (the more frequent spelling wins), and when that is silent too,
    /// the lexicon ([`lexicon_spelling`]). With no evidence the break is reported and left.
    /// Before a conjunction the hyphen is suspended (`local-` / `and cloud-based`), unless the
    /// closed form is a word (`thous-\nand`, `complet-\ned`, `th-\ne`).
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        let mut hits = Vec::new();
        let doc = Document::new(text);
        for m in line_end_hyphens(text) {
            let (a, b) = (&text[m.start..m.hyphen], &text[m.gap_end..m.end]);
            let word = (m.start, m.end);
            let suspended = CONJUNCTIONS.contains(&casefolded(b).as_str());
            let closed = casefolded(&format!("{a}{b}"));
            let has_closed = doc.words(&closed) > 0;
            let has_joined = !has_closed && doc.hyphenated(&casefolded(&format!("{a}-{b}"))) > 0;
            let message = format!("word hyphenated across a line break: {a}-/{b}");
            if has_closed {
                hits.push(hit(word, format!("{message} (document)"), Some((&m, ""))));
            } else if suspended {
                match corpus_spelling(evidence, a, b) {
                    Some("") => hits.push(hit(
                        word,
                        format!("{message} (the corpus writes {a}{b})"),
                        Some((&m, "")),
                    )),
                    Some(_) => {} // the corpus hyphenates it
                    None => {
                        if let Some(lexicon) = evidence.lexicon() {
                            if lexicon.is_word(&format!("{a}{b}"), LEXICON_WORD)
                                && lexicon_spelling(lexicon, a, b, false) == Some("")
                            {
                                let message = format!("{message} ({})", lexicon.evidence());
                                hits.push(hit(word, message, Some((&m, ""))));
                            }
                        }
                    }
                }
            } else if has_joined {
                hits.push(hit(word, format!("{message} (document)"), Some((&m, "-"))));
            } else if let Some(spelling) = corpus_spelling(evidence, a, b) {
                let message = format!("{message} (the corpus writes {a}{spelling}{b})");
                hits.push(hit(word, message, Some((&m, spelling))));
            } else {
                let by_lexicon = evidence
                    .lexicon()
                    .and_then(|lex| Some((lex, lexicon_spelling(lex, a, b, true)?)));
                match by_lexicon {
                    Some((lex, spelling)) => {
                        let message = format!("{message} ({})", lex.evidence());
                        hits.push(hit(word, message, Some((&m, spelling))));
                    }
                    None => hits.push(hit(word, format!("possible {message}"), None)),
                }
            }
        }
        hits
    }
}

impl Finder for SpacedHyphenation {
    fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &NoEvidence)
    }

    /// Only with evidence: the joined word (`international`) or the hyphenated one
    /// (`well-known`) occurs in the document or, when the document is silent, in the corpus
    /// vocabulary; when both are silent, the lexicon may close the gap (never keep a hyphen:
    /// `long- term` may be the first half of `long- and short-term`). Without evidence nothing
    /// is reported: a hyphen before a space is also how suspended compounds are written.
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        let mut hits = Vec::new();
        let doc = Document::new(text);
        for m in spaced_hyphens(text) {
            let (a, b) = (&text[m.start..m.hyphen], &text[m.gap_end..m.end]);
            let closed = doc.words(&casefolded(&format!("{a}{b}")));
            let joined = doc.hyphenated(&casefolded(&format!("{a}-{b}")));
            let found = match spelling_by_counts(closed as u64, joined as u64) {
                Some(spelling) => Some((spelling, "document".to_owned())),
                None => match corpus_spelling(evidence, a, b) {
                    Some(spelling) => Some((spelling, "corpus".to_owned())),
                    None => evidence.lexicon().and_then(|lex| {
                        (lexicon_spelling(lex, a, b, false) == Some(""))
                            .then(|| ("", lex.evidence()))
                    }),
                },
            };
            if let Some((spelling, by)) = found {
                let message = format!("word split by a hyphen and a space: {a}- {b} ({by})");
                hits.push(hit((m.start, m.end), message, Some((&m, spelling))));
            }
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::pack;
    use std::cell::Cell;
    use std::collections::HashMap;

    /// A corpus of word counts and a lexicon, counting how often the lexicon is asked for.
    struct Given {
        corpus: HashMap<String, u64>,
        lexicon: Option<Lexicon>,
        asked: Cell<usize>,
    }

    impl Evidence for Given {
        fn corpus_count(&self, word: &str) -> u64 {
            self.corpus.get(&casefolded(word)).copied().unwrap_or(0)
        }
        fn lexicon(&self) -> Option<&Lexicon> {
            self.asked.set(self.asked.get() + 1);
            self.lexicon.as_ref()
        }
    }

    fn given(corpus: &[(&str, u64)], lang: &str, words: &[(&str, u16)]) -> Given {
        let one_letter = if lang == "en" { "ai" } else { "" };
        Given {
            corpus: corpus.iter().map(|&(w, n)| (w.to_owned(), n)).collect(),
            lexicon: (!words.is_empty()).then(|| {
                Lexicon::from_packed(lang, one_letter, Box::new(pack(words))).expect("packed")
            }),
            asked: Cell::new(0),
        }
    }

    fn found(finder: &dyn Finder, text: &str, evidence: &dyn Evidence) -> Vec<(String, String)> {
        finder
            .find_with(text, evidence)
            .into_iter()
            .map(|h| {
                let edit = h.edits.first().map(|e| e.replacement.clone());
                (h.message.unwrap_or_default(), edit.unwrap_or("none".into()))
            })
            .collect()
    }

    fn pair(message: &str, edit: &str) -> (String, String) {
        (message.to_owned(), edit.to_owned())
    }

    const ENGLISH: &[(&str, u16)] = &[
        ("well", 560),
        ("known", 520),
        ("wellknown", 160),
        ("community", 502),
        ("com", 450),
        ("and", 750),
        ("thousand", 480),
        ("thous", 160),
        ("harbour", 380),
        ("master", 470),
    ];

    #[test]
    fn the_document_decides_first() {
        let text = "An inter-\nnational fair. The international guests came. A well-\nknown chef, well-known.";
        let none = given(&[], "en", &[]);
        assert_eq!(
            found(&LineEndHyphenation, text, &none),
            [
                pair(
                    "word hyphenated across a line break: inter-/national (document)",
                    ""
                ),
                pair(
                    "word hyphenated across a line break: well-/known (document)",
                    "-"
                ),
            ]
        );
        assert_eq!(none.asked.get(), 0);
        let spaced =
            "An inter- national fair. The INTERNATIONAL guests. A well- known chef, Well-Known.";
        assert_eq!(
            found(&SpacedHyphenation, spaced, &none),
            [
                pair(
                    "word split by a hyphen and a space: inter- national (document)",
                    ""
                ),
                pair(
                    "word split by a hyphen and a space: well- known (document)",
                    "-"
                ),
            ]
        );
    }

    #[test]
    fn then_the_corpus_then_the_lexicon() {
        let corpus = given(
            &[("harbourmaster", 2), ("harbour-master", 3)],
            "en",
            ENGLISH,
        );
        let text = "The harbour-\nmaster waved. A com-\nmunity. Ferry-\nboat.";
        assert_eq!(
            found(&LineEndHyphenation, text, &corpus),
            [
                pair(
                    "word hyphenated across a line break: harbour-/master (the corpus writes harbour-master)",
                    "-"
                ),
                pair("word hyphenated across a line break: com-/munity (lexicon:en)", ""),
                pair("possible word hyphenated across a line break: Ferry-/boat", "none"),
            ]
        );
        let spaced = "The harbour- master, a com- munity, a well- known chef, a ferry- boat.";
        assert_eq!(
            found(&SpacedHyphenation, spaced, &corpus),
            [
                pair(
                    "word split by a hyphen and a space: harbour- master (corpus)",
                    "-"
                ),
                pair(
                    "word split by a hyphen and a space: com- munity (lexicon:en)",
                    ""
                ),
            ]
        );
    }

    #[test]
    fn a_suspended_compound_stays_unless_the_closed_form_is_a_word() {
        let lexicon = given(&[], "en", ENGLISH);
        let text = "Both local-\nand cloud-based. Three thous-\nand men.";
        assert_eq!(
            found(&LineEndHyphenation, text, &lexicon),
            [pair(
                "word hyphenated across a line break: thous-/and (lexicon:en)",
                ""
            )]
        );
        assert_eq!(
            found(&SpacedHyphenation, "Pre- and post-war prices.", &lexicon),
            []
        );
    }

    #[test]
    fn the_lexicon_is_asked_only_when_the_rest_is_silent() {
        let lexicon = given(&[], "en", ENGLISH);
        found(
            &LineEndHyphenation,
            "An inter-\nnational fair, international.",
            &lexicon,
        );
        found(&SpacedHyphenation, "A- b x", &lexicon);
        assert_eq!(lexicon.asked.get(), 1);
    }

    #[test]
    fn lexicon_spelling_of_parts_and_closed_forms() {
        let en = given(&[], "en", ENGLISH);
        let en = en.lexicon.as_ref().expect("a lexicon");
        assert_eq!(lexicon_spelling(en, "com", "munity", false), Some(""));
        assert_eq!(lexicon_spelling(en, "well", "known", false), Some("-"));
        assert_eq!(lexicon_spelling(en, "qx", "zz", false), None);
        assert_eq!(lexicon_spelling(en, "x", "ray", false), None);
        assert_eq!(lexicon_spelling(en, "unbudge", "ably", false), None);
        assert_eq!(lexicon_spelling(en, "unbudge", "ably", true), Some(""));
        assert_eq!(lexicon_spelling(en, "Unbudge", "ably", true), None);
        // Both parts words and the closed form listed, far above the two side by side.
        let margin = given(
            &[],
            "es",
            &[("con", 650), ("dados", 300), ("condados", 300)],
        );
        let es = margin.lexicon.as_ref().expect("a lexicon");
        assert_eq!(lexicon_spelling(es, "con", "dados", false), Some(""));
        let de = given(
            &[],
            "de",
            &[("aus", 600), ("legen", 400), ("auslegen", 200)],
        );
        let de = de.lexicon.as_ref().expect("a lexicon");
        assert_eq!(lexicon_spelling(de, "aus", "legen", true), Some(""));
        assert_eq!(lexicon_spelling(de, "Üb", "erstellte", true), Some(""));
    }

    #[test]
    fn python_islower() {
        assert!(py_islower("abc") && py_islower("ªb") && !py_islower("aBc"));
        assert!(!py_islower("\u{1c5}a") && !py_islower("") && !py_islower("\u{5d0}"));
    }

    #[test]
    fn hyphenated_words_as_finditer_finds_them() {
        let doc = Document::new("ab-cd-ef-gh x-AB- cd Stra-ße");
        assert_eq!(doc.hyphenated("ab-cd"), 1);
        assert_eq!(doc.hyphenated("cd-ef"), 0);
        assert_eq!(doc.hyphenated("ef-gh"), 1);
        assert_eq!(doc.hyphenated("x-ab"), 1);
        assert_eq!(doc.hyphenated("stra-sse"), 1);
        assert_eq!(doc.words("cd"), 2);
    }
}
