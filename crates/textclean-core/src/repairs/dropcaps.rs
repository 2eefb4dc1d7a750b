//! A drop cap split from its word (`T he harbour`, SW001 `join_drop_cap`,
//! `textclean/repairs/words.py`): a styled first letter that the scraper kept as its own
//! element, a space, and the rest of the word at a line start.
//!
//! Joined on evidence, as the hyphen repairs ([`super::hyphens`]): the joined word elsewhere
//! in the document or in the corpus vocabulary, else the lexicon of the document's language;
//! at a line that continues the sentence of a hard-wrapped line above, a split that may be two
//! words is left.

use crate::finder::{Evidence, Finder, NoEvidence};
use crate::lexicon::{CentiZipf, Lexicon};
use crate::lines::split_lines;
use crate::model::{Edit, Hit};
use crate::repairs::hyphens::{casefolded, Document, LEXICON_WORD};
use crate::repairs::paragraphs::ParagraphView;
use crate::tables;
use crate::words::drop_caps;

/// A drop cap split from its word, joined by evidence.
#[derive(Debug, Default, Clone, Copy)]
pub struct DropCap;

/// Capitals that are one-letter words themselves (`A`, `I`, `O`): never joined on the
/// document's or the corpus's word alone.
const ONE_LETTER_WORDS: &[char] = &['A', 'I', 'O'];
/// A drop cap whose joined form is no word of the list is still joined when the rest has this
/// many letters and is no word either (`E rpressungsmethoden`, `T rulk`; `E coli` stays).
const UNLISTED_REST: usize = 4;
/// A one-letter word before a word (`A gent`, `U na`) is a drop cap when the joined word is
/// this much more frequent (Zipf: 1.5 is thirty times) than the rest alone. On every text of
/// the shared corpora, a line that starts with a one-letter word and a word (`A new`, `I can`,
/// `A cross`) has a joined form rarer than the rest, or at most 0.25 above it; `A bout`
/// (2.35) and `A gent` (1.66) would be joined.
const JOINED_MARGIN: f64 = 1.5;
/// At a line that continues a hard-wrapped sentence, a drop cap whose rest is a word of the
/// list is joined only when the joined form is this much more frequent (Zipf) than the rest:
/// `D er` (German `Der` 7.46, `er` 6.71) joins, `C ones` (`cones` 3.39, `ones` 5.07) stays.
const WRAPPED_MARGIN: f64 = 0.5;
/// A rest counts as a word of the language from this frequency (`Lexicon.is_word`'s default).
const REST_WORD: CentiZipf = 300;
/// Said after the message of a join that may be prose (`A bout of flu`): an unsafe fix.
pub const ONE_LETTER_NOTE: &str = " (a one-letter word before a word: unsafe fix)";

/// Languages whose words of two letters or more all have a vowel: there a listed run of
/// consonants is an abbreviation or a piece of a word (English `nd`, `dd`, `ll`: `2nd`,
/// `we'll`), so `A nd`, `A dd`, `A ll` are no one-letter word before a word.
const VOWEL_LANGUAGES: &[&str] = &[
    "ca", "da", "de", "en", "es", "fi", "fr", "it", "nb", "nl", "pt", "ro", "sv",
];

/// `word` has no vowel (`aeiouyæøœ`, accents aside) in a language whose words all have one.
fn vowelless(lang: &str, word: &str) -> bool {
    VOWEL_LANGUAGES.contains(&lang) && !word.chars().any(|c| tables::VOWEL_BASED.contains(c))
}

/// The Russian endings of an infinitive (`-ть`, `-ться`, `-чь`, `-чься`): the prepositions
/// `с`, `к`, `у`, `о` govern a noun, never an infinitive, so `С лить`, `У брать`, `О чистить`
/// are drop caps of `Слить`, `Убрать`, `Очистить` (`в` is left out: `в путь`, `в часть`).
const RU_INFINITIVE: &[&str] = &["ть", "ться", "чь", "чься"];

/// Whether the capital `cap` is a word of the lexicon's language when `word` (in lower case)
/// follows it: a one-letter word of the language, and one that may stand before this word
/// (Spanish `e` only before an /i/: `e Inés`, `e hijos`, `u` only before an /o/; Russian
/// prepositions never before an infinitive).
fn one_letter_word_before(lexicon: &Lexicon, cap: char, word: &str) -> bool {
    let mut lower = cap.to_lowercase();
    let letter = match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => return false,
    };
    if !lexicon.is_one_letter_word(letter) {
        return false;
    }
    match (lexicon.lang(), letter) {
        ("ru", 'с' | 'к' | 'у' | 'о') => !RU_INFINITIVE.iter().any(|end| word.ends_with(end)),
        ("es", 'e') => ["i", "hi", "í", "hí"].iter().any(|s| word.starts_with(s)),
        ("es", 'u') => ["o", "ho", "ó", "hó"].iter().any(|s| word.starts_with(s)),
        _ => true,
    }
}

/// Zipf as Python computes it: centi-Zipf / 100.
fn zipf(c: CentiZipf) -> f64 {
    f64::from(c) / 100.0
}

/// Whether the capital and the rest of a drop cap (`C ones`) may be two words of a sentence,
/// as the lexicon and the document tell: when the rest is a word of the list and either the
/// joined form is not more frequent than the rest by [`WRAPPED_MARGIN`] (`cones` is rarer than
/// `ones`), or the document writes the rest elsewhere as a word of its own (the rest of the
/// drop cap counts once). `Der` is far more frequent than `er`, and `ekämpfung` of
/// `B ekämpfung` is no word at all.
fn two_words(lexicon: &Lexicon, doc: &Document<'_>, joined: &str, rest: &str) -> bool {
    let rest_zipf = lexicon.centizipf(rest);
    if rest_zipf == 0 {
        return false;
    }
    zipf(lexicon.centizipf(joined)) < zipf(rest_zipf) + WRAPPED_MARGIN
        || doc.words(&casefolded(rest)) > 1
}

impl Finder for DropCap {
    fn find(&self, text: &str) -> Vec<Hit> {
        self.find_with(text, &NoEvidence)
    }

    /// Joined when the joined word occurs elsewhere in the document, or in the corpus
    /// vocabulary, and the capital is not a one-letter word itself (`A`, `I`, `O`). When both
    /// are silent, the lexicon of the document's language decides: the joined form is a word
    /// (`Worried` for `W orried`) and the split is not two words of the language (`A rose`
    /// stays, `A pple` joins; a rest with no vowel in a language whose words have one is no
    /// word: `A nd` joins), unless the joined word is far more frequent than the rest (`A
    /// gent`: an unsafe fix, as `A bout of flu` is prose); a joined form the list lacks (a
    /// name, a long compound) is joined when the capital is no word and the rest, four letters
    /// or more, is no word either.
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        let mut hits = Vec::new();
        let doc = Document::new(text);
        let mut view: Option<(Vec<usize>, Vec<bool>)> = None;
        for (start, end) in drop_caps(text) {
            let cap = text[start..].chars().next().expect("a capital");
            let gap = start + cap.len_utf8();
            let rest = &text[gap + 1..end];
            let whole = format!("{cap}{rest}");
            let joined = casefolded(&whole);
            let mut by: Option<String> = None;
            let mut unsafe_fix = false;
            if !ONE_LETTER_WORDS.contains(&cap) {
                if doc.words(&joined) > 0 {
                    by = Some("document".into());
                } else if evidence.corpus_count(&joined) > 0 {
                    by = Some("corpus".into());
                }
            }
            if by.is_none() {
                let rest_letters = rest.chars().count();
                if rest_letters < 2 {
                    continue; // before the lexicon: telling the language costs more than this
                }
                let Some(lexicon) = evidence.lexicon() else {
                    continue;
                };
                let joined_zipf = lexicon.centizipf(&whole);
                if joined_zipf >= LEXICON_WORD {
                    if one_letter_word_before(lexicon, cap, rest)
                        && lexicon.is_word(rest, REST_WORD)
                        && !vowelless(lexicon.lang(), rest)
                    {
                        if zipf(joined_zipf) - zipf(lexicon.centizipf(rest)) < JOINED_MARGIN {
                            continue; // `A rose`, `A cross`: two words either way
                        }
                        // Far more frequent joined than the rest alone (`U na`, `A gent`), but
                        // a one-letter word before a word may be prose: an unsafe fix.
                        unsafe_fix = true;
                    }
                } else if one_letter_word_before(lexicon, cap, rest)
                    || rest_letters < UNLISTED_REST
                    || lexicon.centizipf(rest) >= LEXICON_WORD
                    || joined_zipf < lexicon.centizipf(rest)
                {
                    // The joined form is no word of the list: joined only when the capital is
                    // no word and the rest, four letters or more, is no word either and no
                    // more frequent than the joined form (`E coli`, `X rays` stay).
                    continue;
                }
                by = Some(lexicon.evidence());
            }
            if start > 0 {
                // At a line that continues a hard-wrapped sentence (`... the USB type` / `C
                // ones can be had ...`) the capital may be a word of the sentence above and
                // the rest the word after it: joined there only when the split is no two
                // words. The paragraph view is built only for a split that may be two words.
                let may_be_two = match evidence.lexicon() {
                    None => true,
                    Some(lexicon) => two_words(lexicon, &doc, &whole, rest),
                };
                if may_be_two {
                    let (starts, continues) = view.get_or_insert_with(|| {
                        let lines = split_lines(text);
                        let continues = ParagraphView::new(text, &lines).continues;
                        (lines.iter().map(|l| l.start).collect(), continues)
                    });
                    let line = starts.partition_point(|&s| s <= start) - 1;
                    if continues[line] {
                        continue;
                    }
                }
            }
            let by = by.expect("decided above");
            let note = if unsafe_fix { ONE_LETTER_NOTE } else { "" };
            hits.push(Hit {
                unsafe_fix,
                start,
                end,
                message: Some(format!(
                    "drop cap split from its word: {} ({by}){note}",
                    &text[start..end]
                )),
                edits: vec![Edit::new(gap..gap + 1, "")],
            });
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::pack;

    struct Given(Option<Lexicon>, u64);

    impl Evidence for Given {
        fn corpus_count(&self, _word: &str) -> u64 {
            self.1
        }
        fn lexicon(&self) -> Option<&Lexicon> {
            self.0.as_ref()
        }
    }

    fn lexicon(lang: &str, one_letter: &str, words: &[(&str, u16)]) -> Given {
        let lex = Lexicon::from_packed(lang, one_letter, Box::new(pack(words))).expect("packed");
        Given(Some(lex), 0)
    }

    fn messages(text: &str, evidence: &dyn Evidence) -> Vec<String> {
        DropCap
            .find_with(text, evidence)
            .into_iter()
            .map(|h| h.message.unwrap_or_default())
            .collect()
    }

    #[test]
    fn the_document_and_the_corpus_decide_first() {
        let text = "T he ferry left. Then the ferry came back.";
        assert_eq!(
            messages(text, &NoEvidence),
            ["drop cap split from its word: T he (document)"]
        );
        let hits = DropCap.find(text);
        assert_eq!(hits[0].edits, [Edit::new(1..2, "")]);
        assert_eq!(
            messages("W orried.", &Given(None, 1)),
            ["drop cap split from its word: W orried (corpus)"]
        );
        // A capital that is a word itself needs the lexicon.
        assert!(messages("A ship came. A ship left. Aship.", &NoEvidence).is_empty());
    }

    #[test]
    fn the_lexicon_tells_one_letter_words_before_words() {
        let en = lexicon(
            "en",
            "ai",
            &[
                ("worried", 420),
                ("rose", 450),
                ("arose", 330),
                ("gent", 310),
                ("agent", 480),
                ("nd", 400),
                ("and", 770),
                ("coli", 300),
            ],
        );
        assert_eq!(
            messages("W orried.", &en),
            ["drop cap split from its word: W orried (lexicon:en)"]
        );
        assert!(messages("A rose.", &en).is_empty());
        assert_eq!(
            messages("A gent.", &en),
            [format!(
                "drop cap split from its word: A gent (lexicon:en){ONE_LETTER_NOTE}"
            )]
        );
        assert_eq!(
            messages("A nd.", &en),
            ["drop cap split from its word: A nd (lexicon:en)"]
        );
        // Unlisted joined forms: a rest of four letters or more that is no word.
        assert_eq!(
            messages("T rulk.", &en),
            ["drop cap split from its word: T rulk (lexicon:en)"]
        );
        assert!(messages("E coli.", &en).is_empty());
    }

    #[test]
    fn spanish_and_russian_one_letter_words() {
        let es = lexicon("es", "aeouy", &[("ese", 500), ("se", 700), ("hijos", 450)]);
        assert_eq!(
            messages("E se.", &es),
            ["drop cap split from its word: E se (lexicon:es)"]
        );
        let ru = lexicon("ru", "авикосуя", &[("слить", 300), ("лить", 320)]);
        assert_eq!(
            messages("С лить.", &ru),
            ["drop cap split from its word: С лить (lexicon:ru)"]
        );
        assert!(vowelless("en", "nd") && !vowelless("en", "bout"));
        assert!(!vowelless("fr", "çà") && !vowelless("cs", "vlk") && !vowelless("en", "ÿ"));
    }

    #[test]
    fn under_an_open_wrapped_line_two_words_stay() {
        let para = "The charger fits every phone that has a port of the USB type\n";
        let text = format!("{para}C ones can be had for little money at any shop in town.");
        let en = lexicon("en", "ai", &[("cones", 339), ("ones", 507), ("c", 500)]);
        assert!(messages(&text, &en).is_empty());
        assert!(messages(&text, &NoEvidence).is_empty());
        assert_eq!(messages("Text.\n\nC ones.", &en).len(), 1);
    }
}
