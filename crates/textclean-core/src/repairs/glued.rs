//! Two words glued together by a lost space (`year.The`, `SquishedThere`, SW006
//! `split_glued_words`, `textclean/repairs/words.py`).
//!
//! The pairs come from the scan of [`crate::words::glued_to_judge`] (which leaves out code,
//! addresses, names' prefixes and pairs the text writes again); only the lexicon of the
//! document's language can tell `SquishedThere` from `YouTube`, so nothing is split without
//! one. The lexicon is asked only for a pair that the corpus vocabulary and the domain names
//! leave: telling a document's language costs more than the rest.

use crate::finder::{Evidence, Finder, NoEvidence};
use crate::lexicon::{CentiZipf, Lexicon};
use crate::model::{Edit, Hit};
use crate::repairs::hyphens::py_islower;
use crate::tables;
use crate::words::{glued_to_judge, script};

/// Two words glued together, split by the lexicon.
#[derive(Debug, Default, Clone, Copy)]
pub struct GluedWords;

/// After a stop these are domain names (`Amazon.Com`, `Hill.TV`), not the next sentence.
const DOMAIN_ENDS: &[&str] = &[
    "com", "net", "org", "gov", "edu", "info", "biz", "co", "io", "tv",
];
/// Both parts of a split must be at least this frequent (Zipf, in hundredths, as every
/// threshold here).
const GLUED_PART: CentiZipf = 250;
/// A glued form this frequent is a word (`youtube` 4.7, `mcdonald` 3.8); below it, the list
/// also holds hashtag-like joins (`dejusticia` 1.8) that are no words.
const GLUED_WORD: CentiZipf = 250;
/// A word of the language of at least `MIN_WORD_BEFORE_NAME` letters may come before a name
/// the lexicon lacks, and a name has at least `MIN_NAME` letters. The word may be rare:
/// inflected forms (`gezieltemWildfang`, `kuscheligeKnitwear`, `пирогу!Неспелых`) are rare in
/// the lists.
const GLUED_WORD_BEFORE_NAME: CentiZipf = 200;
const MIN_WORD_BEFORE_NAME: usize = 3;
const MIN_NAME: usize = 4;
/// After a very frequent word (`GLUED_FUNCTION_WORD`), a name may be this short (`заЗою`).
const MIN_NAME_AFTER_FUNCTION_WORD: usize = 3;
/// In a camel-case join, a lower-case first part of this many letters or more may be missing
/// from the list when the second part is a word.
const GLUED_UNLISTED_LOWER: usize = 7;
/// A lower-case word this frequent (`the`, `der`, `au`) may be followed by any capitalised one.
const GLUED_FUNCTION_WORD: CentiZipf = 450;
/// After a capitalised first part, the second must be this frequent (`The`, `There`, `Get`):
/// on the article benchmark every capitalised pair with a rarer second part was a name.
const GLUED_CAPITAL_NEXT: CentiZipf = 580;
/// Said after the message of a camel-case join: it may be a brand the lexicon lacks (`mySimon`,
/// `AddThis`), so the split is never a safe fix.
const CAMEL_NOTE: &str = " (camel-case join: unsafe fix)";

/// The titlecase letters (`\p{Lt}`), which Python's `str.isupper` and `str.islower` count as
/// neither.
fn is_title(c: char) -> bool {
    matches!(c, '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}' | '\u{1f88}'..='\u{1f8f}'
        | '\u{1f98}'..='\u{1f9f}' | '\u{1fa8}'..='\u{1faf}' | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

/// Python's `str.isupper` of one character.
fn py_char_isupper(c: char) -> bool {
    tables::PY_TITLE.contains(c) && !is_title(c)
}

/// Python's `str.isupper`: no lower- or title-case character and at least one upper-case one.
fn py_isupper(text: &str) -> bool {
    let mut cased = false;
    for c in text.chars() {
        if tables::PY_LOWER.contains(c) || is_title(c) {
            return false;
        }
        cased |= tables::PY_TITLE.contains(c);
    }
    cased
}

/// `text.lower() in DOMAIN_ENDS`: only ASCII letters lower to those (the Kelvin sign, the one
/// other letter that lowers to ASCII, lowers to a `k`, which none of them has).
fn is_domain_end(text: &str) -> bool {
    text.is_ascii() && DOMAIN_ENDS.contains(&text.to_ascii_lowercase().as_str())
}

fn letters(text: &str) -> usize {
    text.chars().count()
}

/// Whether the lexicon splits the pair `a`, `stop`, `b`.
fn splits(lexicon: &Lexicon, a: &str, stop: &str, b: &str) -> bool {
    let a_first = a.chars().next().expect("a first part");
    let a_lower = tables::PY_LOWER.contains(a_first);
    // A lower-case first part of the language before a name the lexicon lacks.
    let a_before_name = |min_name: usize| {
        a_lower
            && letters(b) >= min_name
            && letters(a) >= MIN_WORD_BEFORE_NAME
            && lexicon.centizipf(a) >= GLUED_WORD_BEFORE_NAME
    };
    if !stop.is_empty() {
        // A stop between two runs of letters is the lost space itself: the next word must be
        // a word, or a name (`Division.Boudreau`) after a word of the language long enough not
        // to be an abbreviation (`St.Magdalener` stays). An acronym (`beschlossen.EU-Mittel`)
        // counts as a name.
        let name = letters(a) >= MIN_WORD_BEFORE_NAME
            && (letters(b) >= MIN_NAME || py_isupper(b))
            && lexicon.is_word(a, GLUED_WORD_BEFORE_NAME);
        if !(lexicon.is_word(b, GLUED_PART) || name) {
            return false;
        }
    } else if a_lower
        && script(a.chars().next_back().expect("a last letter"))
            != script(b.chars().next().expect("a capital"))
    {
        // A lower-case word run into a capitalised one of another script (`конкурсаEurovision`,
        // `сайтаExample.ru`): the change of script is the lost space.
    } else if !(lexicon.is_word(a, GLUED_PART)
        || a_before_name(0)
        || (py_islower(a) && letters(a) >= GLUED_UNLISTED_LOWER && lexicon.is_word(b, GLUED_PART)))
    {
        // A lower-case first part may be rarer: inflected forms (`ungefährlichen`) are rare in
        // the lists; a long one before a word may be missing from the list altogether
        // (`unausweichlicherBestandteil`: inflected compounds).
        return false;
    } else if !(lexicon.is_word(b, GLUED_PART)
        || (a_lower
            && letters(b) >= MIN_NAME_AFTER_FUNCTION_WORD
            && lexicon.centizipf(a) >= GLUED_FUNCTION_WORD)
        || a_before_name(MIN_NAME))
    {
        // A capitalised word the lexicon lacks (a name, a rare noun) is split off only after a
        // lower-case word of the language: a very frequent one (`auMoustoir`, `заЗою`) or one
        // of three letters or more (`spokesmanZabihullah`).
        return false;
    }
    if stop.is_empty() {
        if lexicon.centizipf(&format!("{a}{b}")) >= GLUED_WORD {
            return false; // `YouTube`, `iPhone`, `PayPal`: the glued form is a word itself
        }
        if py_char_isupper(a_first) && lexicon.centizipf(b) < GLUED_CAPITAL_NEXT {
            // Two capitalised words glued are mostly a name (`StackAdapt`, `SunExpress`)
            // unless the second is a word that starts sentences (`SquishedThere`).
            return false;
        }
    }
    true
}

impl Finder for GluedWords {
    fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &NoEvidence)
    }

    /// Both parts must be frequent words and the glued form no word at all (`iphone`,
    /// `youtube` are words of the English list); two capitalised parts are split only when
    /// the second starts sentences (`There`): otherwise they are a name. A camel-case join the
    /// corpus vocabulary writes is left, and so is one after a domain's stop (`Amazon.Com`).
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        let mut hits = Vec::new();
        let pairs = glued_to_judge(text);
        if pairs.is_empty() || !evidence.may_have_lexicon() {
            return hits;
        }
        let mut told: Option<Option<&Lexicon>> = None; // the lexicon, not looked up yet
        let mut last_end = 0;
        for g in pairs {
            if g.start < last_end {
                continue;
            }
            let (a, stop, b) = (
                &text[g.start..g.a_end],
                &text[g.a_end..g.b_start],
                &text[g.b_start..g.end],
            );
            let glued = &text[g.start..g.end];
            if stop.is_empty() && evidence.corpus_count(glued) > 0 {
                continue; // so does the corpus
            }
            if !stop.is_empty() && is_domain_end(b) {
                continue; // before the lexicon: telling the language costs more than this
            }
            let Some(lexicon) = *told.get_or_insert_with(|| evidence.lexicon()) else {
                return hits;
            };
            if !splits(lexicon, a, stop, b) {
                continue;
            }
            last_end = g.end;
            let camel = stop.is_empty();
            let note = if camel { CAMEL_NOTE } else { "" };
            hits.push(Hit {
                unsafe_fix: camel,
                start: g.start,
                end: g.end,
                message: Some(format!(
                    "words glued together: {glued} ({}){note}",
                    lexicon.evidence()
                )),
                edits: vec![Edit::new(g.b_start..g.b_start, " ")],
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
    use std::collections::HashMap;

    struct Given {
        corpus: HashMap<String, u64>,
        lexicon: Option<Lexicon>,
        off: bool,
        asked: Cell<usize>,
    }

    impl Evidence for Given {
        fn corpus_count(&self, word: &str) -> u64 {
            self.corpus.get(&word.to_lowercase()).copied().unwrap_or(0)
        }
        fn lexicon(&self) -> Option<&Lexicon> {
            self.asked.set(self.asked.get() + 1);
            self.lexicon.as_ref()
        }
        fn may_have_lexicon(&self) -> bool {
            !self.off
        }
    }

    const ENGLISH: &[(&str, u16)] = &[
        ("year", 560),
        ("the", 773),
        ("harvest", 390),
        ("there", 660),
        ("squished", 300),
        ("youtube", 470),
        ("you", 720),
        ("tube", 380),
        ("stack", 400),
        ("adapt", 380),
        ("said", 620),
        ("zabihullah", 0),
        ("spokesman", 400),
    ];

    fn given(corpus: &[(&str, u64)], words: &[(&str, u16)]) -> Given {
        Given {
            corpus: corpus.iter().map(|&(w, n)| (w.to_owned(), n)).collect(),
            lexicon: (!words.is_empty())
                .then(|| Lexicon::from_packed("en", "ai", Box::new(pack(words))).expect("packed")),
            off: false,
            asked: Cell::new(0),
        }
    }

    fn found(text: &str, evidence: &dyn Evidence) -> Vec<(String, usize)> {
        GluedWords
            .find_with(text, evidence)
            .into_iter()
            .map(|h| (h.message.unwrap_or_default(), h.edits[0].start))
            .collect()
    }

    #[test]
    fn a_stop_or_a_camel_join_split_by_the_lexicon() {
        let en = given(&[], ENGLISH);
        assert_eq!(
            found("It rained all year.The harvest failed.", &en),
            [("words glued together: year.The (lexicon:en)".to_owned(), 19)]
        );
        assert_eq!(
            found("He was SquishedThere now", &en),
            [(
                "words glued together: SquishedThere (lexicon:en) (camel-case join: unsafe fix)"
                    .to_owned(),
                15
            )]
        );
        // The glued form is a word; two capitalised parts with a rare second are a name.
        assert!(found("She watched YouTube and StackAdapt.", &en).is_empty());
        // A name after a lower-case word of three letters or more.
        assert_eq!(found("the spokesmanZabihullah said", &en).len(), 1);
        assert_eq!(en.asked.get(), 4);
    }

    #[test]
    fn the_lexicon_is_asked_only_when_it_can_decide() {
        let en = given(&[("squishedthere", 1)], ENGLISH);
        assert!(found("All at Amazon.Com and SquishedThere", &en).is_empty());
        assert_eq!(en.asked.get(), 0);
        let mut off = given(&[], ENGLISH);
        off.off = true;
        assert!(found("It rained all year.The harvest failed.", &off).is_empty());
        assert_eq!(off.asked.get(), 0);
        let none = given(&[], &[]);
        assert!(found("It rained all year.The end. And year.There", &none).is_empty());
        assert_eq!(none.asked.get(), 1);
    }

    #[test]
    fn python_case_tests() {
        assert!(py_isupper("EU") && py_isupper("A") && !py_isupper("Eu") && !py_isupper(""));
        assert!(!py_isupper("\u{1c5}A") && !py_isupper("1"));
        assert!(py_char_isupper('A') && !py_char_isupper('\u{1c5}') && !py_char_isupper('a'));
        assert!(is_domain_end("Com") && is_domain_end("TV") && !is_domain_end("Cöm"));
    }
}
