//! The learned line classifier's features and scoring (Python `textclean.rules.kinds.classifier`,
//! trained by `benchmarks/train_lines.py`).
//!
//! Every non-blank line of a text gets a sparse feature vector ([`features`]):
//!
//! - hashed word unigrams and bigrams (lower-cased, digits read as `0`, the first and the last
//!   word marked as such) and character 3- to 5-grams of the lower-cased line (its first
//!   [`MAX_CHARS`] characters), each group scaled to about unit length, in [`BUCKETS`] buckets;
//! - [`DENSE`] context features of the paragraph model at `BUCKETS + k` ([`Dense`]): length,
//!   sentence end, case pattern, digit and symbol share, links and handles, repetition in the
//!   document, position (head, tail, share of the document's words above the line), distance
//!   from the main prose (lines of at least ten words ending a sentence), whether the line is
//!   a piece of a hard-wrapped sentence.
//!
//! A logistic regression over those gives each line a first-stage logit; a second logistic
//! regression ([`stage2_features`], [`STAGE2`] features) reads the logits of the line, of its
//! neighbours and of the whole document, which is what tells a teaser list or a comment thread
//! from the article above it. [`LineModel`] holds both stages' weights and scores a text.
//!
//! The hashing is FNV-1a (32 bits), fixed here: training (which calls [`features`] through
//! the binding) and inference hash identically on every platform.

use crate::chars::{is_lower, is_number, is_py_space, is_upper, is_word};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lines::{line_place, split_lines, Line};
use crate::phrase::phrase_key;
use crate::repairs::paragraphs::{ends_sentence, ParagraphView};
use crate::scan::LinePlace;

/// Bits of the hashed n-gram space.
pub const HASH_BITS: u32 = 18;
/// Buckets of hashed n-grams; the dense features follow them.
pub const BUCKETS: usize = 1 << HASH_BITS;
/// Character n-grams are taken from this many first characters of a line.
pub const MAX_CHARS: usize = 100;
/// Word n-grams are taken from this many first words of a line.
pub const MAX_WORDS: usize = 40;
/// The version of the feature function; a model file names the version it was trained on.
pub const FEATURE_VERSION: u32 = 1;
/// The magic bytes a model file starts with.
pub const MAGIC: &[u8; 8] = b"TCLINES\x01";

/// The dense context features, at index `BUCKETS + feature as usize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Dense {
    Bias,
    Chars15,
    Chars40,
    Chars80,
    Chars160,
    CharsMore,
    Words1,
    Words2to4,
    Words5to9,
    Words10to19,
    EndsSentence,
    EndsColon,
    EndsDigit,
    EndsEllipsis,
    StartsUpper,
    StartsLower,
    StartsDigit,
    StartsSymbol,
    TitleCase,
    AllCaps,
    Digits,
    Symbols,
    Url,
    Handle,
    Separator,
    Copyright,
    Repeated,
    Head,
    Tail,
    Above10,
    Above30,
    Above70,
    Above90,
    AboveMore,
    BeforeProse,
    AfterProse,
    Prose,
    ProseNext,
    ProseNear,
    ProseFar,
    Alone,
    Wrapped,
    Continues,
    ShortNeighbours,
    ShortDocument,
    LittleProse,
    Longest,
    Bracketed,
}

/// Number of dense features.
pub const DENSE: usize = Dense::Bracketed as usize + 1;
/// Number of second-stage features.
pub const STAGE2: usize = 22;

/// The features of a text's non-blank lines, as a sparse row-major matrix (CSR).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineFeatures {
    /// The index (into `split_lines(text)`) of each row's line.
    pub lines: Vec<usize>,
    /// Row `r` is `index[indptr[r]..indptr[r + 1]]` with `value[...]`.
    pub indptr: Vec<u32>,
    pub index: Vec<u32>,
    pub value: Vec<f32>,
    /// Per row: the line is prose (10+ words ending a sentence), its share of the document's
    /// words above it, a short line (under 40 characters), in the head, in the tail.
    pub context: Vec<[f32; 5]>,
}

#[inline]
fn fnv(seed: u32, bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5 ^ seed.wrapping_mul(0x0100_0193);
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[inline]
fn bucket(h: u32) -> u32 {
    h & (BUCKETS as u32 - 1)
}

/// The line lower-cased, whitespace runs made one space, digits made `0`, framed by spaces.
fn normalise(body: &str, out: &mut String) {
    if body.is_ascii() {
        normalise_ascii(body.as_bytes(), out);
    } else {
        normalise_chars(body, out);
    }
}

/// [`normalise`] of an ASCII line, byte by byte.
fn normalise_ascii(body: &[u8], out: &mut String) {
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.clear();
    bytes.push(b' ');
    let mut in_space = true;
    let mut count = 0;
    for &b in body {
        if count >= MAX_CHARS {
            break;
        }
        if ASCII_CLASSES[b as usize] & SPACE != 0 {
            if !in_space {
                bytes.push(b' ');
                count += 1;
            }
            in_space = true;
            continue;
        }
        in_space = false;
        count += 1;
        bytes.push(if b.is_ascii_digit() {
            b'0'
        } else {
            b.to_ascii_lowercase()
        });
    }
    if !in_space {
        bytes.push(b' ');
    }
    *out = String::from_utf8(bytes).expect("ASCII in, ASCII out");
}

/// [`normalise`] of any line, character by character.
fn normalise_chars(body: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    let mut in_space = true;
    let mut count = 0;
    for c in body.chars() {
        if count >= MAX_CHARS {
            break;
        }
        if fast_space(c) {
            if !in_space {
                out.push(' ');
                count += 1;
            }
            in_space = true;
            continue;
        }
        in_space = false;
        count += 1;
        if c.is_ascii() {
            let c = c.to_ascii_lowercase();
            out.push(if c.is_ascii_digit() { '0' } else { c });
        } else if fast_number(c) {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    if !in_space {
        out.push(' ');
    }
}

// The character classes a line's features read, each a bit of `classes`.
const WORD: u8 = 1; // `is_word`
const UPPER: u8 = 2; // `is_upper`
const LOWER: u8 = 4; // `is_lower`
const NUMBER: u8 = 8; // `is_number`
const SPACE: u8 = 16; // `is_py_space`
const SEPARATOR: u8 = 32; // one of `|•·»` (`Dense::Separator`)
const COPYRIGHT: u8 = 64; // `©`

fn class_of(c: char) -> u8 {
    let mut bits = match c {
        '|' | '•' | '·' | '»' => SEPARATOR,
        '©' => COPYRIGHT,
        _ => 0,
    };
    for (on, bit) in [
        (is_word(c), WORD),
        (is_upper(c), UPPER),
        (is_lower(c), LOWER),
        (is_number(c), NUMBER),
        (is_py_space(c), SPACE),
    ] {
        if on {
            bits |= bit;
        }
    }
    bits
}

/// The classes of each ASCII character, as the `fast_` functions' ASCII paths have them.
const ASCII_CLASSES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let mut bits = 0;
        if c.is_ascii_alphanumeric() || c == b'_' {
            bits |= WORD;
        }
        if c.is_ascii_uppercase() {
            bits |= UPPER;
        }
        if c.is_ascii_lowercase() {
            bits |= LOWER;
        }
        if c.is_ascii_digit() {
            bits |= NUMBER;
        }
        if matches!(c, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f) {
            bits |= SPACE;
        }
        if c == b'|' {
            bits |= SEPARATOR;
        }
        table[b] = bits;
        b += 1;
    }
    table
};

/// The classes of any character.
#[inline]
fn class(c: char) -> u8 {
    if c.is_ascii() {
        ASCII_CLASSES[c as usize]
    } else {
        classes(c)
    }
}

/// The classes of a character beyond ASCII. Searching the tables costs a binary search per
/// class and character, most of the features' cost on a line in another script; so the
/// classes of each block of 256 code points of the Basic Multilingual Plane are looked up
/// once per process, when a character of the block is first seen.
#[inline]
fn classes(c: char) -> u8 {
    static BLOCKS: [std::sync::OnceLock<[u8; 256]>; 256] =
        [const { std::sync::OnceLock::new() }; 256];
    let cp = c as u32;
    if cp >= 0x1_0000 {
        return class_of(c);
    }
    let block = BLOCKS[(cp >> 8) as usize].get_or_init(|| {
        let base = cp & !0xff;
        std::array::from_fn(|k| char::from_u32(base + k as u32).map_or(0, class_of))
    });
    block[(cp & 0xff) as usize]
}

// The character classes with an ASCII fast path.
#[inline]
fn fast_upper(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        classes(c) & UPPER != 0
    }
}

#[inline]
fn fast_lower(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_lowercase()
    } else {
        classes(c) & LOWER != 0
    }
}

#[inline]
fn fast_number(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        classes(c) & NUMBER != 0
    }
}

#[inline]
fn fast_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t'..='\r' | '\x1c'..='\x1f')
    } else {
        classes(c) & SPACE != 0
    }
}

#[inline]
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        classes(c) & WORD != 0
    }
}

/// The bit of a dense feature in a row's mask of dense features (bit `f as u32`: ascending
/// bits are the features' order in a row).
#[inline]
fn bit(f: Dense) -> u64 {
    1 << f as u32
}

/// What one line's body alone decides, whatever the lines around it: counted once per body
/// (a [`Memo`] keeps it from one scoring to the next).
#[derive(Debug, Default, Clone, Copy)]
struct Own {
    chars: usize,
    words: usize,
    /// Ten words or more ending a sentence, or 25 words or more.
    prose: bool,
    /// The 64-bit hash (FNV-1a) of the line's phrase key; an empty key is none.
    key: Option<u64>,
    /// The dense features the body alone sets ([`bit`]).
    dense: u64,
}

fn own(body: &str, key: &mut String) -> Own {
    let mut chars = 0;
    let mut words = 0;
    let mut in_word = false;
    let (mut capitalised, mut upper, mut letters, mut digits, mut symbols) = (0, 0, 0, 0, 0);
    let mut any = 0u8; // every class seen
    for c in body.chars() {
        chars += 1;
        let k = class(c);
        any |= k;
        let w = k & WORD != 0;
        if w && !in_word {
            words += 1;
            if k & UPPER != 0 {
                capitalised += 1;
            }
        }
        in_word = w;
        if k & UPPER != 0 {
            upper += 1;
            letters += 1;
        } else if k & LOWER != 0 {
            letters += 1;
        } else if k & NUMBER != 0 {
            digits += 1;
        } else if !w && k & SPACE == 0 {
            symbols += 1;
        }
    }
    let ends = ends_sentence(body);
    let prose = (words >= 10 && ends) || words >= 25;
    let mut dense = bit(match chars {
        0..15 => Dense::Chars15,
        15..40 => Dense::Chars40,
        40..80 => Dense::Chars80,
        80..160 => Dense::Chars160,
        _ => Dense::CharsMore,
    });
    let mut set = |f: Dense| dense |= bit(f);
    match words {
        0 | 1 => set(Dense::Words1),
        2..5 => set(Dense::Words2to4),
        5..10 => set(Dense::Words5to9),
        10..20 => set(Dense::Words10to19),
        _ => {}
    }
    if ends {
        set(Dense::EndsSentence);
    }
    let last_char = body.chars().next_back().unwrap_or(' ');
    let first_char = body.chars().next().unwrap_or(' ');
    if last_char == ':' {
        set(Dense::EndsColon);
    }
    if last_char.is_ascii_digit() || fast_number(last_char) {
        set(Dense::EndsDigit);
    }
    if body.ends_with("...") || last_char == '…' {
        set(Dense::EndsEllipsis);
    }
    if fast_upper(first_char) {
        set(Dense::StartsUpper);
    } else if fast_lower(first_char) {
        set(Dense::StartsLower);
    } else if fast_number(first_char) {
        set(Dense::StartsDigit);
    } else if !word_char(first_char) {
        set(Dense::StartsSymbol);
    }
    if words >= 2 && capitalised * 10 >= words * 6 {
        set(Dense::TitleCase);
    }
    if letters >= 3 && upper == letters {
        set(Dense::AllCaps);
    }
    if digits * 5 > chars {
        set(Dense::Digits);
    }
    if symbols * 10 > chars {
        set(Dense::Symbols);
    }
    if has_url(body) {
        set(Dense::Url);
    }
    if has_handle(body) {
        set(Dense::Handle);
    }
    if any & SEPARATOR != 0 {
        set(Dense::Separator);
    }
    if any & COPYRIGHT != 0 || body.contains("(c)") || body.contains("(C)") {
        set(Dense::Copyright);
    }
    if (first_char == '[' && last_char == ']') || (first_char == '(' && last_char == ')') {
        set(Dense::Bracketed);
    }
    phrase_key(body, key);
    Own {
        chars,
        words,
        prose,
        key: (!key.is_empty()).then(|| fnv64(key.as_bytes())),
        dense,
    }
}

/// The hash of word n-grams: the word (`seed` 1: any; 3: the last) or the bigram of `prev`
/// (`^` for none) and `word` (seed 2).
#[inline]
fn bigram(prev: Option<&[u8]>, word: &[u8]) -> u32 {
    let mut h = fnv(2, prev.unwrap_or(b"^"));
    h ^= 0x20;
    h = h.wrapping_mul(0x0100_0193);
    for &b in word {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Pushes the bucket of each hashed n-gram of one normalised line ([`normalise`]), its word
/// n-grams first, and gives how many of them are word n-grams.
fn ngram_buckets(norm: &str, ends: &mut Vec<usize>, index: &mut Vec<u32>) -> usize {
    ngram_buckets_as(norm, ends, index, norm.is_ascii())
}

/// [`ngram_buckets`], byte by byte if `ascii` (`norm` must then be ASCII), character by
/// character otherwise.
fn ngram_buckets_as(norm: &str, ends: &mut Vec<usize>, index: &mut Vec<u32>, ascii: bool) -> usize {
    // Word unigrams and bigrams.
    let mut words: [&[u8]; MAX_WORDS] = [b""; MAX_WORDS];
    let mut count = 0;
    if ascii {
        let not_word = |b: &u8| ASCII_CLASSES[*b as usize] & WORD == 0;
        for w in norm.as_bytes().split(not_word).filter(|w| !w.is_empty()) {
            if count == MAX_WORDS {
                break;
            }
            words[count] = w;
            count += 1;
        }
    } else {
        for w in norm
            .split(|c: char| !word_char(c))
            .filter(|w| !w.is_empty())
        {
            if count == MAX_WORDS {
                break;
            }
            words[count] = w.as_bytes();
            count += 1;
        }
    }
    let words = &words[..count];
    let start = index.len();
    let mut prev: Option<&[u8]> = None;
    for (k, w) in words.iter().enumerate() {
        index.push(bucket(fnv(1, w)));
        index.push(bucket(bigram(prev, w)));
        if k + 1 == words.len() {
            index.push(bucket(fnv(3, w)));
        }
        prev = Some(w);
    }
    if words.is_empty() {
        index.push(bucket(fnv(4, b"")));
    }
    let word_grams = index.len() - start;
    // Character 3- to 5-grams (of code points).
    let bytes = norm.as_bytes();
    let seed = fnv(5, &[]);
    if ascii {
        // A code point is a byte.
        for a in 0..bytes.len() {
            let mut h = seed;
            for (n, &b) in (1..).zip(&bytes[a..bytes.len().min(a + 5)]) {
                h ^= b as u32;
                h = h.wrapping_mul(0x0100_0193);
                if n >= 3 {
                    index.push(bucket(h ^ n));
                }
            }
        }
    } else {
        ends.clear();
        ends.extend(norm.char_indices().map(|(i, _)| i));
        ends.push(norm.len());
        for a in 0..ends.len() {
            let mut h = seed;
            let mut from = ends[a];
            for (n, &to) in ends.iter().enumerate().skip(a + 1).take(5) {
                for &b in &bytes[from..to] {
                    h ^= b as u32;
                    h = h.wrapping_mul(0x0100_0193);
                }
                from = to;
                if n - a >= 3 {
                    index.push(bucket(h ^ (n - a) as u32));
                }
            }
        }
    }
    word_grams
}

/// The value of each of `n` n-grams of one group (words, characters): the group has about
/// unit length.
#[inline]
fn group_value(n: usize) -> f32 {
    1.0 / (n.max(1) as f32).sqrt()
}

/// Pushes the hashed n-grams of one line and their values.
fn push_ngrams(norm: &str, ends: &mut Vec<usize>, index: &mut Vec<u32>, value: &mut Vec<f32>) {
    let start = index.len();
    let words = ngram_buckets(norm, ends, index);
    let chars = index.len() - start - words;
    value.extend(std::iter::repeat_n(group_value(words), words));
    value.extend(std::iter::repeat_n(group_value(chars), chars));
}

fn has_url(body: &str) -> bool {
    body.contains("http://")
        || body.contains("https://")
        || body.contains("www.")
        || body.contains(".com/")
}

fn has_handle(body: &str) -> bool {
    let b = body.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'@'
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric())
            && b.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric())
    })
}

/// The non-blank lines of `text` (indexes into `lines`) and their bodies without the
/// whitespace around them.
fn rows<'t>(text: &'t str, lines: &[Line]) -> (Vec<usize>, Vec<&'t str>) {
    let rows: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank).collect();
    let bodies = rows
        .iter()
        .map(|&i| lines[i].body(text).trim_matches(fast_space))
        .collect();
    (rows, bodies)
}

/// Per row: the dense features ([`bit`]: its own and those the document around it sets)
/// and the row's [`LineFeatures::context`]. `rows` are the non-blank lines of `text` (whose
/// lines are `lines`) and `own` what each one's body alone decides.
fn dense_rows(
    text: &str,
    lines: &[Line],
    rows: &[usize],
    own: &[Own],
) -> (Vec<u64>, Vec<[f32; 5]>) {
    let view = ParagraphView::new(text, lines);
    let n = rows.len();
    let total_words: usize = own.iter().map(|s| s.words).sum();
    let longest = own.iter().map(|s| s.chars).max().unwrap_or(0);
    let prose_rows = own.iter().filter(|s| s.prose).count();
    let first_prose = own.iter().position(|s| s.prose);
    let last_prose = own.iter().rposition(|s| s.prose);
    // Repetition: lines whose phrase key occurs more than once.
    // Keys are compared by a 64-bit hash (FNV-1a); an empty key never repeats.
    let mut sorted: Vec<u64> = own.iter().filter_map(|s| s.key).collect();
    sorted.sort_unstable();
    let repeated = |k: Option<u64>| {
        k.is_some_and(|k| {
            let at = sorted.partition_point(|&x| x < k);
            sorted.get(at + 1) == Some(&k)
        })
    };
    // Distance (in non-blank lines) to the nearest prose line.
    let mut dist = vec![usize::MAX; n];
    let mut last = None;
    for (r, d) in dist.iter_mut().enumerate() {
        if own[r].prose {
            last = Some(r);
        }
        if let Some(p) = last {
            *d = r - p;
        }
    }
    let mut next = None;
    for r in (0..n).rev() {
        if own[r].prose {
            next = Some(r);
        }
        if let Some(p) = next {
            dist[r] = dist[r].min(p - r);
        }
    }

    let mut masks = Vec::with_capacity(n);
    let mut context = Vec::with_capacity(n);
    let mut words_above = 0usize;
    for r in 0..n {
        let s = own[r];
        let mut dense = s.dense | bit(Dense::Bias);
        let mut set = |f: Dense| dense |= bit(f);
        if repeated(s.key) {
            set(Dense::Repeated);
        }
        let head = r < 3;
        let tail = r + 3 >= n;
        if head {
            set(Dense::Head);
        }
        if tail {
            set(Dense::Tail);
        }
        let above = words_above as f32 / total_words.max(1) as f32;
        set(match above {
            a if a < 0.1 => Dense::Above10,
            a if a < 0.3 => Dense::Above30,
            a if a < 0.7 => Dense::Above70,
            a if a < 0.9 => Dense::Above90,
            _ => Dense::AboveMore,
        });
        words_above += s.words;
        if first_prose.is_some_and(|p| r < p) {
            set(Dense::BeforeProse);
        }
        if last_prose.is_some_and(|p| r > p) {
            set(Dense::AfterProse);
        }
        set(match dist[r] {
            0 => Dense::Prose,
            1 => Dense::ProseNext,
            2 | 3 => Dense::ProseNear,
            _ => Dense::ProseFar,
        });
        let i = rows[r];
        let blank_before = i == 0 || lines[i - 1].blank;
        let blank_after = i + 1 == lines.len() || lines[i + 1].blank;
        if blank_before && blank_after {
            set(Dense::Alone);
        }
        if view.wrapped[i] {
            set(Dense::Wrapped);
        }
        if view.continues[i] {
            set(Dense::Continues);
        }
        let short = |k: Option<usize>| k.is_none_or(|k| own[k].chars < 40);
        if short(r.checked_sub(1)) && short(Some(r + 1).filter(|&k| k < n)) {
            set(Dense::ShortNeighbours);
        }
        if total_words < 200 {
            set(Dense::ShortDocument);
        }
        if prose_rows <= 2 {
            set(Dense::LittleProse);
        }
        if s.chars == longest {
            set(Dense::Longest);
        }
        masks.push(dense);
        context.push([
            s.prose as u8 as f32,
            above,
            (s.chars < 40) as u8 as f32,
            head as u8 as f32,
            tail as u8 as f32,
        ]);
    }
    (masks, context)
}

/// The dense features of a row's mask ([`bit`]), in their order.
fn dense_indexes(mut mask: u64) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let k = mask.trailing_zeros();
            mask &= mask - 1;
            k
        })
    })
}

/// The sparse features of every non-blank line of `text` (whose lines are `lines`,
/// `split_lines(text)`).
pub fn features(text: &str, lines: &[Line]) -> LineFeatures {
    let (rows, bodies) = rows(text, lines);
    let mut key = String::new();
    let own: Vec<Own> = bodies.iter().map(|b| own(b, &mut key)).collect();
    let (masks, context) = dense_rows(text, lines, &rows, &own);
    let n = rows.len();
    let mut out = LineFeatures {
        lines: rows,
        indptr: Vec::with_capacity(n + 1),
        index: Vec::with_capacity(n * 300),
        value: Vec::with_capacity(n * 300),
        context,
    };
    out.indptr.push(0);
    let mut norm = String::new();
    let mut ends = Vec::new();
    for (body, mask) in bodies.iter().zip(masks) {
        normalise(body, &mut norm);
        push_ngrams(&norm, &mut ends, &mut out.index, &mut out.value);
        for k in dense_indexes(mask) {
            out.index.push(BUCKETS as u32 + k);
            out.value.push(1.0);
        }
        out.indptr.push(out.index.len() as u32);
    }
    out
}

/// The second-stage features of each row, from the rows' [`LineFeatures::context`] and
/// first-stage logits `z` (one per row), row-major, [`STAGE2`] per row.
pub fn stage2_features(context: &[[f32; 5]], z: &[f32]) -> Vec<f32> {
    let n = z.len();
    let c: Vec<f32> = z.iter().map(|&v| v.clamp(-8.0, 8.0) / 4.0).collect();
    let mut out = Vec::with_capacity(n * STAGE2);
    if n == 0 {
        return out;
    }
    let doc_mean = c.iter().sum::<f32>() / n as f32;
    let positive = c.iter().filter(|&&v| v > 0.0).count() as f32 / n as f32;
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0f32);
    for &v in &c {
        prefix.push(prefix.last().unwrap() + v);
    }
    for r in 0..n {
        let at = |k: isize| -> Option<f32> {
            let k = r as isize + k;
            (0..n as isize).contains(&k).then(|| c[k as usize])
        };
        let lo = r.saturating_sub(3);
        let hi = (r + 4).min(n);
        let mut around = [0.0f32; 6];
        let mut len = 0;
        for k in (lo..hi).filter(|&k| k != r) {
            around[len] = c[k];
            len += 1;
        }
        let window = &around[..len];
        let (wmean, wmax, wmin) = if window.is_empty() {
            (0.0, 0.0, 0.0)
        } else {
            (
                window.iter().sum::<f32>() / window.len() as f32,
                window.iter().copied().fold(f32::MIN, f32::max),
                window.iter().copied().fold(f32::MAX, f32::min),
            )
        };
        let before = if r == 0 { 0.0 } else { prefix[r] / r as f32 };
        let after = if r + 1 == n {
            0.0
        } else {
            (prefix[n] - prefix[r + 1]) / (n - r - 1) as f32
        };
        let [prose, above, short, head, tail] = context[r];
        out.extend([
            1.0,
            c[r],
            at(-1).unwrap_or(0.0),
            at(1).unwrap_or(0.0),
            at(-2).unwrap_or(0.0),
            at(2).unwrap_or(0.0),
            at(-1).is_some() as u8 as f32,
            at(1).is_some() as u8 as f32,
            wmean,
            wmax,
            wmin,
            doc_mean,
            positive,
            before,
            after,
            c[r] * short,
            head,
            tail,
            above,
            prose,
            c[r] * prose,
            c[r] * doc_mean,
        ]);
    }
    out
}

/// Why a model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A trained line classifier: both stages' weights.
///
/// File format (little-endian): the 8 bytes [`MAGIC`]; `u32` feature version, hash bits,
/// dense features, second-stage features; then `f32` weights: `BUCKETS + DENSE` of the
/// first stage (hashed buckets, then dense features, the bias being `Dense::Bias`), and
/// `STAGE2` of the second (the bias first).
#[derive(Debug, Clone, PartialEq)]
pub struct LineModel {
    pub stage1: Vec<f32>,
    pub stage2: Vec<f32>,
}

impl LineModel {
    /// Reads a model file's bytes.
    pub fn from_bytes(data: &[u8]) -> Result<LineModel, ModelError> {
        let err = |m: &str| Err(ModelError(m.to_owned()));
        if data.len() < 24 || &data[..8] != MAGIC {
            return err("not a textclean line-classifier model (bad magic bytes)");
        }
        let word = |k: usize| u32::from_le_bytes(data[8 + 4 * k..12 + 4 * k].try_into().unwrap());
        if word(0) != FEATURE_VERSION {
            return err(&format!(
                "model made for feature version {}, this build computes version {FEATURE_VERSION}",
                word(0)
            ));
        }
        if (word(1), word(2) as usize, word(3) as usize) != (HASH_BITS, DENSE, STAGE2) {
            return err("model shape does not match this build's features");
        }
        let n1 = BUCKETS + DENSE;
        let floats = &data[24..];
        if floats.len() != 4 * (n1 + STAGE2) {
            return err("model file has the wrong length");
        }
        let all: Vec<f32> = floats
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        Ok(LineModel {
            stage1: all[..n1].to_vec(),
            stage2: all[n1..].to_vec(),
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for w in [FEATURE_VERSION, HASH_BITS, DENSE as u32, STAGE2 as u32] {
            out.extend(w.to_le_bytes());
        }
        for w in self.stage1.iter().chain(&self.stage2) {
            out.extend(w.to_le_bytes());
        }
        out
    }

    /// First-stage logits of each row of `feats`.
    pub fn stage1_logits(&self, feats: &LineFeatures) -> Vec<f32> {
        (0..feats.lines.len())
            .map(|r| {
                let (a, b) = (feats.indptr[r] as usize, feats.indptr[r + 1] as usize);
                feats.index[a..b]
                    .iter()
                    .zip(&feats.value[a..b])
                    .map(|(&i, &v)| self.stage1[i as usize] * v)
                    .sum()
            })
            .collect()
    }

    /// What `body` gives the first stage on its own: its [`Own`] and the sum of its
    /// n-grams' weights, from `memo` if an earlier scoring saw the same body.
    fn seen(&self, body: &str, memo: &mut Memo) -> Seen {
        // The body is hashed once, for the look-up and the insertion alike; the body kept
        // with the entry tells a hit from another body of the same hash.
        let mut hasher = FxHasher::default();
        hasher.write(body.as_bytes());
        let hash = hasher.finish();
        if let Some((kept, seen)) = memo.seen.get(&hash) {
            if &memo.bodies[kept.clone()] == body {
                return *seen;
            }
        }
        normalise(body, &mut memo.norm);
        memo.index.clear();
        let words = ngram_buckets(&memo.norm, &mut memo.ends, &mut memo.index);
        let (words, chars) = memo.index.split_at(words);
        let (vw, vc) = (group_value(words.len()), group_value(chars.len()));
        // The same products in the same order as `stage1_logits`, whose sum goes on with the
        // dense features: the logits are the same to the bit.
        let weight = |i: &u32, v: f32| self.stage1[*i as usize] * v;
        let grams: f32 = (words.iter().map(|i| weight(i, vw)))
            .chain(chars.iter().map(|i| weight(i, vc)))
            .sum();
        let seen = Seen {
            own: own(body, &mut memo.key),
            grams,
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = memo.seen.entry(hash) {
            let at = memo.bodies.len();
            memo.bodies.push_str(body);
            slot.insert((at..memo.bodies.len(), seen));
        }
        seen
    }

    /// Each non-blank line of `text` but its lines of prose (ten words or more ending a
    /// sentence) with its probability of being boilerplate; nothing for a text without a line
    /// of prose: the model was trained on articles, and a list, a title or a record of a few
    /// words is none. Prose lines are left out so that deleting what it finds never moves the
    /// main prose the zones are measured against: fixing converges.
    pub fn score(&self, text: &str, lines: &[Line]) -> Vec<Scored> {
        self.score_with(text, lines, &mut Memo::default())
    }

    /// [`LineModel::score`], with what each line's body alone gives taken from `memo` when
    /// an earlier scoring saw the same body (and kept there for the next): the same scores,
    /// features ([`features`]) and logits ([`LineModel::stage1_logits`]) to the bit.
    pub fn score_with(&self, text: &str, lines: &[Line], memo: &mut Memo) -> Vec<Scored> {
        let (rows, bodies) = rows(text, lines);
        let seen: Vec<Seen> = bodies.iter().map(|b| self.seen(b, memo)).collect();
        self.score_seen(text, lines, &rows, &seen)
    }

    /// [`LineModel::score_with`] of the non-blank lines `rows` of `text` (whose lines are
    /// `lines`), given what each one's body alone gives (`seen`, one per row).
    fn score_seen(&self, text: &str, lines: &[Line], rows: &[usize], seen: &[Seen]) -> Vec<Scored> {
        let first = seen.iter().position(|s| s.own.prose);
        let last = seen.iter().rposition(|s| s.own.prose);
        if first.is_none() {
            return Vec::new();
        }
        let own: Vec<Own> = seen.iter().map(|s| s.own).collect();
        let (masks, context) = dense_rows(text, lines, rows, &own);
        let z: Vec<f32> = seen
            .iter()
            .zip(&masks)
            .map(|(s, &mask)| {
                dense_indexes(mask).fold(s.grams, |z, k| z + self.stage1[BUCKETS + k as usize])
            })
            .collect();
        let x = stage2_features(&context, &z);
        rows.iter()
            .zip(x.chunks_exact(STAGE2))
            .enumerate()
            .filter(|&(r, _)| !own[r].prose)
            .map(|(r, (&line, row))| {
                let s: f32 = row.iter().zip(&self.stage2).map(|(a, b)| a * b).sum();
                let zone = match (first, last) {
                    (Some(f), _) if r < f => Zone::Head,
                    (_, Some(l)) if r > l => Zone::Tail,
                    _ => Zone::Prose,
                };
                Scored {
                    line,
                    probability: 1.0 / (1.0 + (-s).exp()),
                    zone,
                }
            })
            .collect()
    }

    /// The lines of `text` (indexes into `split_lines(text)`) whose probability
    /// ([`LineModel::score`]) reaches `lowest`, the lines a fix would bring to it included,
    /// sorted, those before the first line of prose ([`Zone::Head`]) left out.
    ///
    /// Deleting lines changes what is around the others (the tail moves up, neighbours
    /// change), so a line judged article text may reach `lowest` once the lines below it are
    /// gone, and fixing would go on pass after pass. So the text is scored again without the
    /// lines a fix deletes, up to `rounds` times: first without those of the safe fixes (at
    /// `threshold` or above, in the tail), then without every line found. A line is given
    /// with the probability and zone it had when first found, a tail line first found in the
    /// second stage as [`Zone::Late`]: one fix pass takes them all. Each distinct body's own
    /// features are computed once (`memo`), and a text the same as the one scored last is
    /// not scored again (it would add nothing). The two stages are
    /// [`LineModel::closure_safe`] and [`LineModel::closure_finish`].
    pub fn closure(
        &self,
        text: &str,
        lowest: f32,
        threshold: f64,
        rounds: usize,
        memo: &mut Memo,
    ) -> Vec<Scored> {
        let lines = split_lines(text);
        let mut closure = self.closure_safe(text, &lines, lowest, threshold, rounds, memo);
        self.closure_finish(&mut closure, text, &lines, memo);
        closure.found()
    }

    /// The first stage of [`LineModel::closure`]: `text` scored again without the lines
    /// of the safe fixes (at `threshold` or above, in the tail), up to `rounds` times. The
    /// lines a safe fix deletes are all found by then (a line first found in the second stage
    /// is never one: [`Zone::Late`] or inside the prose), so a pass that applies only safe
    /// fixes needs no more ([`Closure::safe`]); [`LineModel::closure_finish`] goes on from
    /// here to every line found, with the same result as a closure run in one go.
    pub fn closure_safe(
        &self,
        text: &str,
        lines: &[Line],
        lowest: f32,
        threshold: f64,
        rounds: usize,
        memo: &mut Memo,
    ) -> Closure {
        // What each non-blank line's body alone gives (the first round fills it).
        let (all_rows, bodies) = rows(text, lines);
        let mut seen_of: Vec<Option<Seen>> = vec![None; lines.len()];
        for (&i, body) in all_rows.iter().zip(&bodies) {
            seen_of[i] = Some(self.seen(body, memo));
        }
        // Without a line after the last line of prose there is no safe line to take out,
        // and the first round of the second stage scores what the first stage would, with
        // the same zones (only a tail line's differs): so the first stage is left out.
        let last_prose = all_rows
            .iter()
            .rposition(|&i| seen_of[i].is_some_and(|s| s.own.prose));
        let tail = last_prose.is_some_and(|r| r + 1 < all_rows.len());
        let mut closure = Closure {
            found: vec![None; lines.len()],
            gone: vec![false; lines.len()],
            scored_alive: None,
            seen_of,
            lowest,
            threshold,
            rounds,
            finished: false,
        };
        if tail {
            self.closure_stage(&mut closure, text, lines, true, memo);
        }
        closure
    }

    /// The second stage of [`LineModel::closure`], on a `closure` that
    /// [`LineModel::closure_safe`] began on `text` (whose lines are `lines`): `text` scored
    /// again without every line found, up to its `rounds` times. Nothing more on a closure
    /// already finished.
    pub fn closure_finish(
        &self,
        closure: &mut Closure,
        text: &str,
        lines: &[Line],
        memo: &mut Memo,
    ) {
        if !closure.finished {
            self.closure_stage(closure, text, lines, false, memo);
            closure.finished = true;
        }
    }

    /// One stage of a closure ([`LineModel::closure`]): `safe_only`, the first.
    ///
    /// A later round scores the lines left as they are in `text`: the text they make
    /// joined has the same lines with the same bodies (a line ends at its own terminator),
    /// so what each body alone gives is taken from the first round, not from `memo` again.
    /// Only where a line ending in a lone `\r` would come to stand before one starting with
    /// `\n` (the two would make one terminator) is the joined text split and scored itself.
    fn closure_stage(
        &self,
        closure: &mut Closure,
        text: &str,
        lines: &[Line],
        safe_only: bool,
        memo: &mut Memo,
    ) {
        let Closure {
            found,
            gone,
            scored_alive,
            seen_of,
            ..
        } = closure;
        let (lowest, threshold, rounds) = (closure.lowest, closure.threshold, closure.rounds);
        let mut current = String::new();
        let mut kept: Vec<Line> = Vec::with_capacity(lines.len());
        let mut kept_rows: Vec<usize> = Vec::with_capacity(lines.len());
        let mut kept_seen: Vec<Seen> = Vec::with_capacity(lines.len());
        for _ in 0..rounds {
            let alive: Vec<usize> = (0..lines.len()).filter(|&i| !gone[i]).collect();
            if scored_alive.as_ref() != Some(&alive) {
                let scored = if joins_terminators(text, lines, &alive) {
                    current.clear();
                    for &i in &alive {
                        current.push_str(&text[lines[i].start..lines[i].end]);
                    }
                    self.score_with(&current, &split_lines(&current), memo)
                } else {
                    kept.clear();
                    kept_rows.clear();
                    kept_seen.clear();
                    for (k, &i) in alive.iter().enumerate() {
                        kept.push(lines[i]);
                        if let Some(seen) = seen_of[i] {
                            kept_rows.push(k);
                            kept_seen.push(seen);
                        }
                    }
                    self.score_seen(text, &kept, &kept_rows, &kept_seen)
                };
                for s in scored.into_iter().filter(|s| s.probability >= lowest) {
                    // A line first found once unsafe fixes are assumed applied never gets
                    // a safe fix: `fix` alone would not take the lines around it.
                    let zone = if safe_only || s.zone != Zone::Tail {
                        s.zone
                    } else {
                        Zone::Late
                    };
                    if let Some(slot) = alive.get(s.line).map(|&i| &mut found[i]) {
                        slot.get_or_insert((s.probability, zone));
                    }
                }
                *scored_alive = Some(alive);
            }
            let mut more = false;
            for (i, f) in found.iter().enumerate() {
                let drop = f.is_some_and(|(p, zone)| {
                    !safe_only || (p as f64 >= threshold && zone == Zone::Tail)
                });
                if drop && !gone[i] {
                    gone[i] = true;
                    more = true;
                }
            }
            if !more {
                break;
            }
        }
    }
}

/// A closure under way ([`LineModel::closure_safe`], [`LineModel::closure_finish`]): each
/// line's probability and zone when first found, the lines taken out, the lines last scored
/// and what each body alone gave.
#[derive(Debug, Clone)]
pub struct Closure {
    found: Vec<Option<(f32, Zone)>>,
    gone: Vec<bool>,
    scored_alive: Option<Vec<usize>>,
    seen_of: Vec<Option<Seen>>,
    lowest: f32,
    threshold: f64,
    rounds: usize,
    finished: bool,
}

impl Closure {
    /// The lines found so far, sorted, those before the first line of prose left out: once
    /// finished, what [`LineModel::closure`] gives.
    pub fn found(&self) -> Vec<Scored> {
        self.lines(|_, zone| zone != Zone::Head)
    }

    /// The lines a safe fix may delete: found in the first stage at the threshold or above,
    /// after the last line of prose. The same whether the closure is finished or not.
    pub fn safe(&self) -> Vec<Scored> {
        let threshold = self.threshold;
        self.lines(|p, zone| p as f64 >= threshold && zone == Zone::Tail)
    }

    /// Whether the second stage has run.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Whether the places of the [`Closure::safe`] lines (`lines` being the text's) are
    /// what they will be once the closure is finished. A deletion that overlaps the one of
    /// the line found before it starts where that one ends, and only the text's last line's
    /// deletion reaches back over another's ([`crate::lines::line_place`]: to the line
    /// before it): so they are unless the last line is a safe one and the line before it
    /// may yet be found (neither found nor blank nor prose, which is never found).
    pub fn places_settled(&self, lines: &[Line]) -> bool {
        let Some(last) = lines.len().checked_sub(1) else {
            return true;
        };
        let safe_last = self.found[last]
            .is_some_and(|(p, zone)| p as f64 >= self.threshold && zone == Zone::Tail);
        let before = (0..last).rev().find(|&j| !lines[j].blank);
        self.finished
            || !safe_last
            || before.is_none_or(|j| {
                self.found[j].is_some() || self.seen_of[j].is_none_or(|s| s.own.prose)
            })
    }

    fn lines(&self, keep: impl Fn(f32, Zone) -> bool) -> Vec<Scored> {
        self.found
            .iter()
            .enumerate()
            .filter_map(|(line, f)| {
                f.filter(|&(p, zone)| keep(p, zone))
                    .map(|(probability, zone)| Scored {
                        line,
                        probability,
                        zone,
                    })
            })
            .collect()
    }
}

/// The lines `found` of `text` (whose lines are `lines`) that `keep` keeps, each with its
/// place as [`crate::scan::line_places`] gives it, but a deletion that overlaps the one
/// before it (kept or not) starts where that one ends: neighbouring lines' deletions may
/// share a blank line, and a fix pass applies only edits that overlap nothing.
pub fn found_places(
    text: &str,
    lines: &[Line],
    found: Vec<Scored>,
    keep: impl Fn(&Scored) -> bool,
) -> (Vec<Scored>, Vec<LinePlace>) {
    let mut taken = 0;
    let (kept, mut places): (Vec<_>, Vec<_>) = found
        .into_iter()
        .filter_map(|s| {
            let (span, (mut from, to)) = line_place(text, lines, s.line);
            if taken > from && taken < to {
                from = taken;
            }
            taken = taken.max(to);
            let place = LinePlace {
                span,
                deletion: (from, to),
                wrapped: false,
            };
            keep(&s).then_some((s, place))
        })
        .unzip();
    if !kept.is_empty() {
        let wrapped = ParagraphView::new(text, lines).wrapped;
        for (s, p) in kept.iter().zip(&mut places) {
            p.wrapped = wrapped[s.line];
        }
    }
    (kept, places)
}

/// Whether the lines `alive` of `text` (whose lines are `lines`), joined, would not split
/// into the same lines: a line ending in a lone `\r` followed, once the lines between are
/// gone, by one starting with `\n`.
fn joins_terminators(text: &str, lines: &[Line], alive: &[usize]) -> bool {
    let bytes = text.as_bytes();
    alive.windows(2).any(|w| {
        let (a, b) = (lines[w[0]], lines[w[1]]);
        w[1] != w[0] + 1
            && a.end == a.body_end + 1
            && bytes[a.body_end] == b'\r'
            && bytes.get(b.start) == Some(&b'\n')
    })
}

/// What one line body gives the first stage on its own ([`LineModel::score_with`]).
#[derive(Debug, Clone, Copy)]
struct Seen {
    own: Own,
    /// The sum of the weights of its hashed n-grams (times their values).
    grams: f32,
}

/// The hasher of a [`Memo`]'s keys: FxHash (rustc's, 8 bytes at a time), several times
/// faster than the default on lines of text; not resistant to chosen collisions, which a
/// cache of the lines one process scores does not need.
#[derive(Debug, Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().unwrap()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(byte as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The table takes its index from the low bits: bring the well-mixed high ones down.
        self.0.rotate_left(26)
    }
}

/// The hasher of keys that are already hashes ([`FxHasher::finish`]): the key itself.
#[derive(Debug, Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = FxHasher(self.0);
        h.write(bytes);
        self.0 = h.finish();
    }

    #[inline]
    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the line bodies a model has scored gave it on their own, kept for the next scoring
/// (the lines of a text scored again without some of them, or fixed by other rules, are
/// mostly the same), and the buffers scoring reuses. Only for one model: the sums are its
/// weights'. Grows by one entry per distinct body; [`Memo::len`] tells when to clear it.
#[derive(Debug, Default)]
pub struct Memo {
    /// By the hash ([`FxHasher`]) of a body: where the body is in `bodies`, what it gives.
    seen: HashMap<u64, (std::ops::Range<usize>, Seen), BuildHasherDefault<KeyHasher>>,
    /// The bodies of `seen`, one after the other.
    bodies: String,
    norm: String,
    ends: Vec<usize>,
    index: Vec<u32>,
    key: String,
}

impl Memo {
    /// How many distinct line bodies it holds.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Forgets every body, and gives back the memory they took (keeps the other buffers):
    /// a table as large as the most it ever held would be looked up at random over all of it.
    pub fn clear(&mut self) {
        self.seen = HashMap::default();
        self.bodies = String::new();
    }
}

/// One line's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The line's index in `split_lines(text)`.
    pub line: usize,
    /// The probability that the line is boilerplate.
    pub probability: f32,
    /// Where the line is against the main prose (lines of ten words or more ending a
    /// sentence).
    pub zone: Zone,
}

/// Where a line is against the main prose of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Zone {
    /// Before the first line of prose: menus, but also the headline, byline and date.
    Head,
    /// From the first line of prose to the last, both included.
    Prose,
    /// After the last line of prose.
    Tail,
    /// After the last line of prose, found by [`LineModel::closure`] only once every line it
    /// found before is gone (what unsafe fixes delete); never given by [`LineModel::score`].
    Late,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split_lines;

    fn feats(text: &str) -> LineFeatures {
        features(text, &split_lines(text))
    }

    fn has(f: &LineFeatures, row: usize, d: Dense) -> bool {
        let (a, b) = (f.indptr[row] as usize, f.indptr[row + 1] as usize);
        f.index[a..b].contains(&(BUCKETS as u32 + d as u32))
    }

    #[test]
    fn rows_are_the_non_blank_lines() {
        let f = feats("Share this\n\nThe council met on Tuesday to decide about the harbour and the ferry.\n \nHome");
        assert_eq!(f.lines, [0, 2, 4]);
        assert_eq!(f.indptr.len(), 4);
        assert!(f.index.iter().all(|&i| (i as usize) < BUCKETS + DENSE));
        assert!(has(&f, 1, Dense::Prose));
        assert!(has(&f, 0, Dense::BeforeProse) && has(&f, 0, Dense::Head));
        assert!(has(&f, 2, Dense::AfterProse) && has(&f, 2, Dense::Words1));
    }

    #[test]
    fn case_and_digits_do_not_change_ngrams() {
        let a = feats("Read MORE 2024");
        let b = feats("read more 1999");
        let grams = |f: &LineFeatures| -> Vec<u32> {
            f.index
                .iter()
                .copied()
                .filter(|&i| (i as usize) < BUCKETS)
                .collect()
        };
        assert_eq!(grams(&a), grams(&b));
        assert_ne!(grams(&a), grams(&feats("read less 1999")));
    }

    #[test]
    fn repeated_lines_and_handles() {
        let f = feats("Follow @harbourtimes\nMenu\nSome text here.\nMenu");
        assert!(has(&f, 0, Dense::Handle));
        assert!(has(&f, 1, Dense::Repeated) && has(&f, 3, Dense::Repeated));
        assert!(!has(&f, 2, Dense::Repeated));
    }

    #[test]
    fn model_round_trip_and_scores() {
        let mut stage1 = vec![0.0; BUCKETS + DENSE];
        stage1[BUCKETS + Dense::Words1 as usize] = 3.0;
        let mut stage2 = vec![0.0; STAGE2];
        stage2[1] = 4.0; // the line's own logit
        let model = LineModel { stage1, stage2 };
        let bytes = model.to_bytes();
        assert_eq!(bytes.len(), 24 + 4 * (BUCKETS + DENSE + STAGE2));
        assert_eq!(LineModel::from_bytes(&bytes).unwrap(), model);
        assert!(LineModel::from_bytes(&bytes[..100]).is_err());
        let text = "Home\nThe council met on Tuesday to decide about the harbour and the ferry.";
        let scores = model.score(text, &split_lines(text));
        assert_eq!(scores.len(), 1); // the prose line is not scored
        assert!(scores[0].probability > 0.9 && scores[0].zone == Zone::Head);
    }

    #[test]
    fn a_text_without_prose_is_not_scored() {
        let model = LineModel {
            stage1: vec![1.0; BUCKETS + DENSE],
            stage2: vec![1.0; STAGE2],
        };
        let text = "Blue cotton shirt\nSize M\nIn stock.";
        assert!(model.score(text, &split_lines(text)).is_empty());
    }

    #[test]
    fn zones_against_the_prose() {
        let text = "Menu\nThe council met on Tuesday to decide about the harbour and its ferry.\n\
                    Subhead\nMembers agreed the early crossing should leave twenty minutes later.\nShare";
        let model = LineModel {
            stage1: vec![0.0; BUCKETS + DENSE],
            stage2: vec![0.0; STAGE2],
        };
        let zones: Vec<Zone> = model
            .score(text, &split_lines(text))
            .iter()
            .map(|s| s.zone)
            .collect();
        use Zone::*;
        assert_eq!(zones, [Head, Prose, Tail]);
    }

    /// A model whose weights all differ (a fixed pseudo-random sequence).
    fn busy_model(seed: u32) -> LineModel {
        let mut x: u32 = seed;
        let mut next = move || {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 8) as f32 / (1u32 << 24) as f32 - 0.5
        };
        let stage1 = (0..BUCKETS + DENSE).map(|_| 4.0 * next()).collect();
        // The line's own logit counts most, the rest a little.
        let mut stage2: Vec<f32> = (0..STAGE2).map(|_| next()).collect();
        stage2[1] = 6.0;
        LineModel { stage1, stage2 }
    }

    const PAGE: &str = "Menu | News | Sport\nHome\n\n\
        The council met on Tuesday to decide about the harbour and the ferry.\n\
        Members agreed the early crossing should leave twenty minutes later.\n\n\
        Share this\nFollow @harbourtimes\nMenu\nRead more: the ferry timetable\n\
        Traders asked for a longer market on Saturdays during the summer months.\n\
        Comments\n© 2024 Harbour Times";

    #[test]
    fn scores_with_a_memo_are_the_features_scores_to_the_bit() {
        let model = busy_model(12345);
        let lines = split_lines(PAGE);
        let f = features(PAGE, &lines);
        let z = model.stage1_logits(&f);
        let x = stage2_features(&f.context, &z);
        let expected: Vec<(usize, u32)> = (0..f.lines.len())
            .filter(|&r| f.context[r][0] == 0.0)
            .map(|r| {
                let row = &x[r * STAGE2..(r + 1) * STAGE2];
                let s: f32 = row.iter().zip(&model.stage2).map(|(a, b)| a * b).sum();
                (f.lines[r], (1.0 / (1.0 + (-s).exp())).to_bits())
            })
            .collect();
        let mut memo = Memo::default();
        // The second time, every body's own features come from the memo.
        for _ in 0..2 {
            let got: Vec<(usize, u32)> = model
                .score_with(PAGE, &lines, &mut memo)
                .iter()
                .map(|s| (s.line, s.probability.to_bits()))
                .collect();
            assert_eq!(got, expected);
        }
        assert_eq!(memo.len(), 11); // "Menu" twice
    }

    /// `closure` as the rule's Python did it: join the lines left, score, map back.
    fn closure_by_hand(model: &LineModel, text: &str, lowest: f32, threshold: f64) -> Vec<Scored> {
        let lines = split_lines(text);
        let mut found: std::collections::BTreeMap<usize, (f32, Zone)> = Default::default();
        let mut gone = std::collections::BTreeSet::new();
        for safe_only in [true, false] {
            for _ in 0..4 {
                let alive: Vec<usize> = (0..lines.len()).filter(|i| !gone.contains(i)).collect();
                let current: String = alive
                    .iter()
                    .map(|&i| &text[lines[i].start..lines[i].end])
                    .collect();
                for s in model.score(&current, &split_lines(&current)) {
                    if s.probability >= lowest {
                        let late = !safe_only && s.zone == Zone::Tail;
                        let zone = if late { Zone::Late } else { s.zone };
                        found.entry(alive[s.line]).or_insert((s.probability, zone));
                    }
                }
                let drop: Vec<usize> = found
                    .iter()
                    .filter(|(_, &(p, z))| !safe_only || (p as f64 >= threshold && z == Zone::Tail))
                    .map(|(&i, _)| i)
                    .collect();
                if drop.iter().all(|i| gone.contains(i)) {
                    break;
                }
                gone.extend(drop);
            }
        }
        found
            .into_iter()
            .filter(|(_, (_, zone))| *zone != Zone::Head)
            .map(|(line, (probability, zone))| Scored {
                line,
                probability,
                zone,
            })
            .collect()
    }

    #[test]
    fn the_closure_is_scoring_again_without_the_lines_found() {
        let mut memo = Memo::default();
        let mut seen = std::collections::BTreeSet::new();
        for seed in 1..=8 {
            let model = busy_model(seed);
            memo.clear(); // a memo holds one model's sums
            for lowest in [0.05, 0.2, 0.4, 0.6, 0.8] {
                for threshold in [0.3, 0.5, 0.9] {
                    let got = model.closure(PAGE, lowest, threshold, 4, &mut memo);
                    assert_eq!(got, closure_by_hand(&model, PAGE, lowest, threshold));
                    seen.extend(got.iter().map(|s| s.zone as u8));
                }
            }
        }
        // Lines of each zone a closure gives were found, and none before the prose.
        let zones = [Zone::Prose, Zone::Tail, Zone::Late].map(|z| z as u8);
        assert_eq!(seen, zones.into_iter().collect());
    }

    #[test]
    fn a_memo_entry_of_another_body_with_the_same_hash_is_not_taken() {
        let model = busy_model(7);
        let lines = split_lines(PAGE);
        let expected = model.score(PAGE, &lines);
        // "Home"'s hash made to point at the body "Menu" and at what "Menu" gives.
        let mut memo = Memo::default();
        let menu = model.seen("Menu", &mut memo);
        let mut hasher = FxHasher::default();
        hasher.write(b"Home");
        let (range, _) = memo.seen.values().next().unwrap().clone();
        memo.seen.insert(hasher.finish(), (range, menu));
        assert_eq!(model.score_with(PAGE, &lines, &mut memo), expected);
    }

    #[test]
    fn the_closure_is_the_same_whatever_ends_the_lines() {
        // Lines ended by `\r\n`, and lines ended by a lone `\r` before blank lines of a
        // lone `\n`: once the lines between are gone, the two make one terminator, and the
        // joined text is split again rather than scored line for line.
        let crlf = PAGE.replace('\n', "\r\n");
        let mixed = PAGE
            .replace("Share this\n", "Share this\r\n")
            .replace("Menu\nRead", "Menu\r\nRead")
            .replace("Follow @harbourtimes\n", "Follow @harbourtimes\rMore\r\n\n")
            .replace("Comments\n", "Comments\r");
        let lines = split_lines(&mixed);
        let n = lines.len();
        // "Follow" ends in a lone `\r`, "More" follows, then a blank `\n` line.
        let follow = (0..n)
            .find(|&i| lines[i].body(&mixed) == "Follow @harbourtimes")
            .unwrap();
        let joined: Vec<usize> = (0..n).filter(|&i| i != follow + 1).collect();
        assert!(joins_terminators(&mixed, &lines, &joined));
        assert!(!joins_terminators(
            &mixed,
            &lines,
            &(0..n).collect::<Vec<_>>()
        ));
        let mut memo = Memo::default();
        for seed in 1..=6 {
            let model = busy_model(seed);
            memo.clear();
            for text in [crlf.as_str(), mixed.as_str()] {
                for lowest in [0.05, 0.3, 0.6] {
                    for threshold in [0.3, 0.9] {
                        let got = model.closure(text, lowest, threshold, 4, &mut memo);
                        assert_eq!(got, closure_by_hand(&model, text, lowest, threshold));
                    }
                }
            }
        }
    }

    #[test]
    fn a_closure_stopped_after_its_first_stage_has_the_safe_lines_and_places() {
        // Pages whose last line may be found, after a line alone between blank lines or
        // right after another line, ended or not.
        let pages = [
            PAGE.to_owned(),
            format!("{PAGE}\n"),
            PAGE.replace("\nComments\n", "\n\nComments\n\n"),
            PAGE.replace("\nComments\n", "\n\nComments\n\n") + "\n",
            PAGE.replace("Comments\n", "Comments\n\nMenu\n"),
            // Nothing after the last line of prose: no first stage.
            PAGE.replace("\nComments\n© 2024 Harbour Times", ""),
        ];
        let safe = |threshold: f64| {
            move |s: &Scored| s.probability as f64 >= threshold && s.zone == Zone::Tail
        };
        let mut memo = Memo::default();
        let (mut stopped, mut went_on, mut unsettled) = (0, 0, 0);
        for seed in 1..=40 {
            let model = busy_model(seed);
            memo.clear();
            for page in &pages {
                let lines = split_lines(page);
                for lowest in [0.05, 0.3, 0.6] {
                    for threshold in [0.3, 0.6, 0.9] {
                        let all = model.closure(page, lowest, threshold, 4, &mut memo);
                        assert_eq!(all, closure_by_hand(&model, page, lowest, threshold));
                        let whole = found_places(page, &lines, all.clone(), safe(threshold));
                        let mut closure =
                            model.closure_safe(page, &lines, lowest, threshold, 4, &mut memo);
                        let first = closure.found();
                        assert_eq!(closure.safe(), whole.0);
                        if closure.places_settled(&lines) {
                            stopped += 1;
                            assert_eq!(found_places(page, &lines, first, safe(threshold)), whole);
                        } else {
                            unsettled += 1;
                            if found_places(page, &lines, first, safe(threshold)) != whole {
                                went_on += 1; // the second stage moved a safe line's deletion
                            }
                        }
                        // Going on gives what a closure run in one go gives.
                        model.closure_finish(&mut closure, page, &lines, &mut memo);
                        assert!(closure.finished() && closure.places_settled(&lines));
                        assert_eq!(closure.found(), all);
                        assert_eq!(closure.safe(), whole.0);
                    }
                }
            }
        }
        assert!(
            stopped > 0 && went_on > 0,
            "{stopped} stopped, {unsettled} unsettled, {went_on} went on"
        );
    }

    #[test]
    fn ascii_lines_hash_byte_by_byte_as_character_by_character() {
        let long = "Word ".repeat(60);
        let lines = [
            "",
            "   ",
            "Read MORE 2024",
            "a\tb\x0bc\x0cd\re\x1cf\x1fg  h",
            "...!!! --- ???",
            "x",
            "ab",
            "Follow @harbour_times | https://example.com/news?id=12",
            long.as_str(),
        ];
        for line in lines {
            let (mut a, mut b) = (String::new(), String::new());
            normalise_ascii(line.as_bytes(), &mut a);
            normalise_chars(line, &mut b);
            assert_eq!(a, b, "{line:?}");
            let (mut ends, mut x, mut y) = (Vec::new(), Vec::new(), Vec::new());
            let words = ngram_buckets_as(&a, &mut ends, &mut x, true);
            assert_eq!(words, ngram_buckets_as(&a, &mut ends, &mut y, false));
            assert_eq!(x, y, "{line:?}");
        }
    }

    #[test]
    fn the_class_blocks_are_the_tables() {
        let check = |c: char| {
            assert_eq!(word_char(c), is_word(c), "{c:?}");
            assert_eq!(fast_upper(c), is_upper(c), "{c:?}");
            assert_eq!(fast_lower(c), is_lower(c), "{c:?}");
            assert_eq!(fast_number(c), is_number(c), "{c:?}");
            assert_eq!(fast_space(c), is_py_space(c), "{c:?}");
            let k = class(c);
            assert_eq!(
                k & SEPARATOR != 0,
                ['|', '•', '·', '»'].contains(&c),
                "{c:?}"
            );
            assert_eq!(k & COPYRIGHT != 0, c == '©', "{c:?}");
            assert_eq!(k & WORD != 0, is_word(c), "{c:?}");
            assert_eq!(k & UPPER != 0, is_upper(c), "{c:?}");
            assert_eq!(k & LOWER != 0, is_lower(c), "{c:?}");
            assert_eq!(k & NUMBER != 0, is_number(c), "{c:?}");
            assert_eq!(k & SPACE != 0, is_py_space(c), "{c:?}");
        };
        (0..0x1_0000).filter_map(char::from_u32).for_each(check);
        (0x1_0000..0x11_0000)
            .step_by(97)
            .filter_map(char::from_u32)
            .for_each(check);
    }

    #[test]
    fn non_latin_lines_hash() {
        let f = feats("記事の本文はここにあります。\nПоделиться");
        assert_eq!(f.lines.len(), 2);
        assert!(f.indptr[1] > 10);
    }
}
