//! The lexicon of one language (`textclean/lexicon.py`): wordfreq's words with their
//! frequencies, read from the packed form that `pack_lexicon` writes, without copying it.
//!
//! The packed form: a header (8 bytes of magic, `TCLEX1` and the byte order `LE` or `BE`; the
//! number of words n and the bytes of all words, each a `u32` in that byte order), n + 1 `u32`
//! start offsets into the words, n `u16` centi-Zipf frequencies (two more bytes when n is odd),
//! then the words' casefolded UTF-8 spellings, sorted, back to back. A word is looked up by
//! bisection over the sorted spellings, as `Lexicon._lookup` does.

use crate::chars;

/// Where the packed bytes of a lexicon live (a `Vec<u8>`, or a buffer another owner keeps
/// still, such as a memory map held by Python).
pub type Packed = Box<dyn AsRef<[u8]> + Send + Sync>;

/// The magic of a packed lexicon of this machine's byte order.
const MAGIC: &[u8; 8] = if cfg!(target_endian = "little") {
    b"TCLEX1LE"
} else {
    b"TCLEX1BE"
};
const HEADER: usize = 16;

/// Zipf frequencies are kept in hundredths (`centi-Zipf`): 300 is once per million words.
pub type CentiZipf = u32;

/// The words of one language with their frequencies.
pub struct Lexicon {
    lang: String,
    /// The letters that are words on their own (lower case; `one_letter_words` in Python).
    one_letter: Vec<char>,
    data: Packed,
    n: usize,
    /// Byte offsets in `data` of the start offsets, the frequencies and the words.
    starts: usize,
    zipfs: usize,
    words: usize,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({}, {} words)", self.lang, self.n)
    }
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(data[at..at + 4].try_into().expect("four bytes"))
}

impl Lexicon {
    /// The lexicon of `lang` packed in `data`, with its one-letter words; an error when `data`
    /// is not a whole packed lexicon of this byte order (as `_unpack` checks it).
    pub fn from_packed(lang: &str, one_letter: &str, data: Packed) -> Result<Lexicon, String> {
        let bytes = (*data).as_ref();
        if bytes.len() < HEADER {
            return Err("too short".into());
        }
        if &bytes[..8] != MAGIC {
            return Err("not a packed lexicon of this byte order".into());
        }
        let n = u32_at(bytes, 8) as usize;
        let size = u32_at(bytes, 12) as usize;
        let starts = HEADER;
        let zipfs = starts + 4 * (n + 1);
        let words = zipfs + 2 * n + n % 2 * 2;
        if bytes.len() != words + size || u32_at(bytes, starts + 4 * n) as usize != size {
            return Err("cut or inconsistent".into());
        }
        Ok(Lexicon {
            lang: lang.to_owned(),
            one_letter: one_letter.chars().collect(),
            data,
            n,
            starts,
            zipfs,
            words,
        })
    }

    /// The language's code (`en`).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// How many words it holds.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    fn key(&self, i: usize) -> &[u8] {
        let data = (*self.data).as_ref();
        let from = u32_at(data, self.starts + 4 * i) as usize;
        let to = u32_at(data, self.starts + 4 * (i + 1)) as usize;
        &data[self.words + from..self.words + to]
    }

    /// The centi-Zipf frequency of the casefolded spelling `key`, 0 when the list lacks it.
    pub fn lookup_folded(&self, key: &[u8]) -> CentiZipf {
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.key(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.n && self.key(lo) == key {
            let data = (*self.data).as_ref();
            let at = self.zipfs + 2 * lo;
            return u16::from_ne_bytes([data[at], data[at + 1]]) as CentiZipf;
        }
        0
    }

    /// The centi-Zipf frequency of `word` in any case (`Lexicon._lookup`: wordfreq casefolds
    /// every word it counts, `Straße` is listed as `strasse`), 0 when the list lacks it.
    pub fn centizipf(&self, word: &str) -> CentiZipf {
        let mut key = String::with_capacity(word.len());
        chars::push_casefold(&mut key, word);
        self.lookup_folded(key.as_bytes())
    }

    /// `Lexicon.zipf`: the Zipf frequency as Python computes it (centi-Zipf / 100).
    pub fn zipf(&self, word: &str) -> f64 {
        f64::from(self.centizipf(word)) / 100.0
    }

    /// `Lexicon.is_word(word, min_zipf)` with the threshold in centi-Zipf (Python compares
    /// `centi / 100 >= min_zipf`, which for a threshold of whole hundredths is this). One
    /// letter is a word only when the language has it as one.
    pub fn is_word(&self, word: &str, min_centizipf: CentiZipf) -> bool {
        let mut letters = word.chars();
        if let (Some(c), None) = (letters.next(), letters.next()) {
            return self.is_one_letter_word(c);
        }
        self.centizipf(word) >= min_centizipf
    }

    /// Whether `c` in lower case is a one-letter word of the language (`word.lower() in
    /// one_letter_words(lang)`: a lower-case `c` is its own `str.lower`, which is all the
    /// finders ask about; others are lowered by Rust's mapping, which agrees for the letters
    /// of the lists).
    pub fn is_one_letter_word(&self, c: char) -> bool {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => self.one_letter.contains(&l),
            _ => false,
        }
    }

    /// How a finding names this lexicon as its evidence: `lexicon:en`.
    pub fn evidence(&self) -> String {
        format!("lexicon:{}", self.lang)
    }
}

/// The packed form of `words` (casefolded spelling, centi-Zipf), as `pack_lexicon` writes it:
/// for tests.
pub fn pack(words: &[(&str, u16)]) -> Vec<u8> {
    let mut sorted: Vec<(&[u8], u16)> = words.iter().map(|&(w, z)| (w.as_bytes(), z)).collect();
    sorted.sort();
    let size: usize = sorted.iter().map(|(w, _)| w.len()).sum();
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(sorted.len() as u32).to_ne_bytes());
    out.extend_from_slice(&(size as u32).to_ne_bytes());
    let mut at = 0u32;
    out.extend_from_slice(&at.to_ne_bytes());
    for (w, _) in &sorted {
        at += w.len() as u32;
        out.extend_from_slice(&at.to_ne_bytes());
    }
    for (_, z) in &sorted {
        out.extend_from_slice(&z.to_ne_bytes());
    }
    out.extend_from_slice(&vec![0u8; sorted.len() % 2 * 2]);
    for (w, _) in &sorted {
        out.extend_from_slice(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Lexicon {
        let data = pack(&[
            ("the", 773),
            ("community", 502),
            ("strasse", 210),
            ("a", 730),
            ("été", 400),
            ("zz", 150),
        ]);
        Lexicon::from_packed("en", "ai", Box::new(data)).expect("a whole lexicon")
    }

    #[test]
    fn words_are_looked_up_casefolded() {
        let lex = english();
        assert_eq!(lex.len(), 6);
        assert_eq!(lex.centizipf("The"), 773);
        assert_eq!(lex.centizipf("COMMUNITY"), 502);
        assert_eq!(lex.centizipf("Straße"), 210);
        assert_eq!(lex.centizipf("ÉTÉ"), 400);
        assert_eq!(lex.centizipf("munity"), 0);
        assert_eq!(lex.centizipf(""), 0);
        assert_eq!(lex.centizipf("zzz"), 0);
        assert_eq!(lex.zipf("the"), 7.73);
        assert_eq!(lex.evidence(), "lexicon:en");
    }

    #[test]
    fn one_letter_is_a_word_only_when_the_language_has_it() {
        let lex = english();
        assert!(lex.is_word("A", 300) && lex.is_word("i", 300));
        assert!(!lex.is_word("b", 0));
        assert!(lex.is_word("community", 300) && !lex.is_word("community", 503));
        assert!(lex.is_word("zz", 150) && !lex.is_word("zz", 151));
    }

    #[test]
    fn a_cut_or_foreign_pack_is_refused() {
        let mut data = pack(&[("the", 773), ("of", 740)]);
        assert!(Lexicon::from_packed("en", "", Box::new(data.clone())).is_ok());
        data.pop();
        assert!(Lexicon::from_packed("en", "", Box::new(data.clone())).is_err());
        data[0] = b'X';
        assert!(Lexicon::from_packed("en", "", Box::new(data)).is_err());
        assert!(Lexicon::from_packed("en", "", Box::new(vec![0u8; 4])).is_err());
        let empty = Lexicon::from_packed("en", "", Box::new(pack(&[]))).expect("empty");
        assert!(empty.is_empty() && empty.centizipf("the") == 0);
    }
}
