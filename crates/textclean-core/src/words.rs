//! The scans of the split-word repairs (`textclean/repairs/words.py`) that need no lexicon.
//!
//! Each repair decides from the document, the corpus vocabulary and the lexicon of the
//! document's language; before any of that it looks for candidates over the whole text, and
//! that scan is what runs here. The finders that judge the candidates are in `repairs/`
//! (`dropcaps.rs`, `hyphens.rs`, `compounds.rs`, `glued.rs`). Each function has the Python
//! reference it replaces named in its documentation (kept in `tests/core/reference/`), and
//! `tests/repairs/test_fast_paths.py` checks the finders built on them against it.

use crate::chars::{self, char_at, char_before, is_letter, is_lower, is_number, is_upper, is_word};
use crate::tables;

/// A glued pair (`year.The`, `SquishedThere`, `a.m.Friday`): byte offsets of its start, the
/// end of its first part, the start of its second part and its end. A stop lies between the
/// two parts, or nothing (a camel-case join).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Glued {
    pub start: usize,
    pub a_end: usize,
    pub b_start: usize,
    pub end: usize,
}

/// A lower-case letter before a hump, as `_LOWER` of the Python scan has it: the cased scripts of the
/// lexicon's languages.
fn is_hump_lower(c: char) -> bool {
    matches!(c, 'a'..='z' | '\u{b5}' | '\u{df}'..='\u{ff}' | '\u{100}'..='\u{24f}'
        | '\u{370}'..='\u{3ff}' | '\u{430}'..='\u{4ff}' | '\u{1e00}'..='\u{1fff}')
}

/// A capital of a hump, as `_UPPER` of the Python scan has it.
fn is_hump_upper(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{c0}'..='\u{de}' | '\u{100}'..='\u{24f}' | '\u{370}'..='\u{3ff}'
        | '\u{400}'..='\u{42f}' | '\u{460}'..='\u{4ff}' | '\u{1e00}'..='\u{1fff}')
}

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// `[\p{L}\p{N}_]`: what may not touch a glued pair on either side.
fn is_word_char(c: char) -> bool {
    is_letter(c) || is_number(c) || c == '_'
}

/// The titlecase letters (`\p{Lt}`: `ǅ`, `ᾈ` ...): cased, but neither upper nor lower case
/// to Python's `str.isupper` and `str.islower`.
fn is_title(c: char) -> bool {
    matches!(c, '\u{1c5}' | '\u{1c8}' | '\u{1cb}' | '\u{1f2}' | '\u{1f88}'..='\u{1f8f}'
        | '\u{1f98}'..='\u{1f9f}' | '\u{1fa8}'..='\u{1faf}' | '\u{1fbc}' | '\u{1fcc}' | '\u{1ffc}')
}

/// Start of the run of letters that ends at byte `at` (`at` itself when there is none).
fn letters_before(text: &str, at: usize) -> usize {
    let mut start = at;
    while let Some(c) = char_before(text, start) {
        if !is_letter(c) {
            break;
        }
        start -= c.len_utf8();
    }
    start
}

/// End of the run of characters matching `class` from byte `at`.
fn run_after(text: &str, at: usize, class: impl Fn(char) -> bool) -> usize {
    let mut end = at;
    while let Some(c) = char_at(text, end) {
        if !class(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

/// A capital at byte `at` and the lower-case letters after it (`min_lower` of them at least),
/// with no letter, digit or `_` after: the end of that second part, or None.
fn second_part(text: &str, at: usize, min_lower: usize) -> Option<usize> {
    let c = char_at(text, at)?;
    if !is_upper(c) {
        return None;
    }
    let start = at + c.len_utf8();
    let end = run_after(text, start, is_lower);
    if text[start..end].chars().count() < min_lower {
        return None;
    }
    match char_at(text, end) {
        Some(c) if is_word_char(c) => None,
        _ => Some(end),
    }
}

/// An acronym at byte `at` after a stop (`beschlossen.EU-Mittel`, `year.NATO`): two capitals or
/// more with no letter, digit or `_` after: the end of that second part, or None.
fn acronym_part(text: &str, at: usize) -> Option<usize> {
    let end = run_after(text, at, is_upper);
    if text[at..end].chars().count() < 2 {
        return None;
    }
    match char_at(text, end) {
        Some(c) if is_word_char(c) => None,
        _ => Some(end),
    }
}

/// The bytes of `word` (eight, little-endian) that are an ASCII capital or not ASCII, each
/// as its high bit set in the result: per byte, with no carry from one byte into the next
/// (the low seven bits plus 0x3f or 0x25 stay below 0x100).
fn may_be_capital(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = word & LOW7;
    let from_a = low + 0x3f3f_3f3f_3f3f_3f3f; // high bit: 0x41 (`A`) or more
    let past_z = low + 0x2525_2525_2525_2525; // high bit: 0x5b (past `Z`) or more
    ((from_a & !past_z) | word) & HIGH
}

/// The characters of `text` that may be a hump's capital (`is_hump_upper`) with their byte
/// offsets: found byte by byte, decoding only where a character is not ASCII.
fn capitals(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            // Eight bytes at a time past those that are ASCII and no capital, the most of a
            // text: to the first that is an ASCII capital or not ASCII.
            while let Some(chunk) = bytes.get(i..i + 8) {
                let flagged =
                    may_be_capital(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
                if flagged != 0 {
                    i += (flagged.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            if i >= bytes.len() {
                break;
            }
            let x = bytes[i];
            if x < 0x80 {
                i += 1;
                if x.is_ascii_uppercase() {
                    return Some((i - 1, x as char));
                }
            } else if x < 0xc0 {
                i += 1; // inside a character
            } else {
                let c = text[i..].chars().next().expect("a character starts here");
                i += c.len_utf8();
                if is_hump_upper(c) {
                    return Some((i - c.len_utf8(), c));
                }
            }
        }
        None
    })
}

/// The candidates of `_glued_candidates` of the Python scan (tests/core/reference/words.py), in order of their spans, and how many
/// different lower-case runs into capitals (`mergeAccounts`) the text has.
///
/// Found from the humps (a lower-case letter, maybe a stop, a capital): each candidate is the
/// run of letters that ends at its hump's lower-case letter, a stop or nothing, and a capital
/// with lower-case letters after it, with no letter, digit or `_` on either side. After a
/// stop, the first part is two letters or more ending in lower case (`year.The`) or an
/// abbreviation of single lower-case letters (`a.m.Friday`, whose second part then has two
/// letters or more); without one, it is a letter and lower-case letters (`SquishedThere`).
/// After a stop and a first part of two letters or more, the second may be an acronym of two
/// capitals or more (`beschlossen.EU-Mittel`).
pub fn glued_candidates(text: &str) -> (Vec<Glued>, usize) {
    let mut out: Vec<Glued> = Vec::new();
    let mut lower_camel: Vec<&str> = Vec::new();
    for (at, c) in capitals(text) {
        // The hint: a hump's capital after a lower-case letter, or after one and a stop.
        let p1 = char_before(text, at);
        let turn = match p1 {
            Some(l) if is_hump_lower(l) => at,
            Some(s) if is_stop(s) && char_before(text, at - 1).is_some_and(is_hump_lower) => at - 1,
            _ => continue,
        };
        // The hump itself: `\p{Ll}[.!?]?\p{Lu}` from the letter before the turn.
        let Some(lower) = char_before(text, turn) else {
            continue;
        };
        if !is_lower(lower) || !is_upper(c) {
            continue;
        }
        let before = letters_before(text, turn);
        // Nothing glued on the left: `letters_before` stopped at a character that is no
        // letter; it may not be a digit or `_` either.
        let clear = !matches!(char_before(text, before), Some(p) if is_number(p) || p == '_');
        let run = &text[before..turn];
        let run_chars = run.chars().count();
        if turn != at {
            if run_chars >= 2 {
                let second = second_part(text, at, 0).or_else(|| acronym_part(text, at));
                if let Some(end) = second.filter(|_| clear) {
                    out.push(Glued {
                        start: before,
                        a_end: turn,
                        b_start: at,
                        end,
                    });
                }
            } else if text.as_bytes()[turn] == b'.'
                && char_before(text, turn - lower.len_utf8()) == Some('.')
            {
                // An abbreviation of single lower-case letters and stops ending at the turn,
                // followed by a full stop (`a.m.Friday`; not `a.m!Friday`).
                let mut start = turn - lower.len_utf8();
                while char_before(text, start) == Some('.') {
                    match char_before(text, start - 1) {
                        Some(l) if is_lower(l) => start -= 1 + l.len_utf8(),
                        _ => break,
                    }
                }
                let free = match char_before(text, start) {
                    Some(p) => !is_word_char(p) && p != '.',
                    None => true,
                };
                if free && start < turn - lower.len_utf8() {
                    if let Some(end) = second_part(text, at, 1) {
                        out.push(Glued {
                            start,
                            a_end: turn,
                            b_start: at,
                            end,
                        });
                    }
                }
            }
        } else {
            let mut letters = run.chars();
            letters.next();
            if clear && run_chars >= 2 && letters.all(is_lower) {
                if let Some(end) = second_part(text, at, 1) {
                    out.push(Glued {
                        start: before,
                        a_end: at,
                        b_start: at,
                        end,
                    });
                }
            }
            if run_chars >= 2 && !run.chars().any(|c| is_upper(c) || is_title(c)) {
                let end = run_after(text, at, is_letter);
                let word = &text[before..end];
                if !lower_camel.contains(&word) {
                    lower_camel.push(word);
                }
            }
        }
    }
    out.sort_unstable_by_key(|g| (g.start, g.end));
    out.dedup();
    (out, lower_camel.len())
}

/// Inside a token with one of these, a glued pair is code, a URL, a path or an address
/// (`_CODE_CHARS` of the Python scan).
fn is_code_char(c: char) -> bool {
    c.is_ascii_digit() || "/\\@_=#<>{}[]|~$%^&*+:;()".contains(c)
}

/// The run of characters that are not Python whitespace around `text[start..end]`.
fn token(text: &str, start: usize, end: usize) -> &str {
    let right = run_after(text, end, |c| !chars::is_py_space(c));
    &text[token_start(text, start)..right]
}

/// Start of the run of characters that are not Python whitespace that ends at byte `at`.
fn token_start(text: &str, at: usize) -> usize {
    let mut left = at;
    while let Some(c) = char_before(text, left) {
        if chars::is_py_space(c) {
            break;
        }
        left -= c.len_utf8();
    }
    left
}

/// The punctuation of prose that may end a token (`year.The,`); a colon too where
/// `colon_of_prose` says so.
const PROSE_ENDS: [char; 5] = [',', ';', '.', '!', '?'];
const PROSE_ENDS_COLON: [char; 6] = [',', ';', '.', '!', '?', ':'];

/// A colon that ends the token ending at or after byte `end` is prose: before a capital or the
/// end of the line (`rabbitCredit: Getty`), where the key of code or data has a value in
/// lower case (`pageType: stories`). After a pair glued at a stop it is prose anyway
/// (`вкусу.Приготовление: желтки`): a sentence ends there.
fn colon_of_prose(text: &str, end: usize) -> bool {
    let right = run_after(text, end, |c| !chars::is_py_space(c));
    let next = run_after(text, right, |c| c == ' ' || c == '\t');
    match char_at(text, next) {
        None => true,
        Some(c) => c == '\n' || c == '\r' || is_upper(c),
    }
}

/// `token` without the punctuation of prose around it: the commas, semicolons and stops that
/// end it (and colons, with `colon`), and a parenthesis that opens or closes it when it has no
/// other (`(saidThe)`, `onMaster),`; not `call(fooBar)`).
fn prose_token(token: &str, colon: bool) -> &str {
    let ends: &[char] = if colon {
        &PROSE_ENDS_COLON
    } else {
        &PROSE_ENDS
    };
    let trimmed = token.trim_end_matches(ends);
    let inner = trimmed.strip_prefix('(').unwrap_or(trimmed);
    let inner = inner.strip_suffix(')').unwrap_or(inner);
    if inner.contains(['(', ')']) {
        trimmed
    } else {
        inner.trim_end_matches(ends)
    }
}

/// The script of a letter of a hump: Greek (1), Cyrillic (2) or Latin (0, and the others).
pub fn script(c: char) -> u8 {
    match c {
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => 1,
        '\u{400}'..='\u{52f}' => 2,
        _ => 0,
    }
}

/// `_looks_like_code` of the Python scan: `token` is a URL, path, address, identifier or code.
fn looks_like_code(token: &str, glued: &str) -> bool {
    if token.chars().any(is_code_char) {
        return true;
    }
    // Another dot between letters besides the glued one (`System.Out.println`).
    let rest = token.replacen(glued, "x", 1);
    let mut prev: [Option<char>; 2] = [None, None];
    for c in rest.chars() {
        if let [Some(l), Some('.')] = prev {
            if is_letter(l) && is_letter(c) {
                return true;
            }
        }
        prev = [prev[1], Some(c)];
    }
    false
}

/// The candidates of `glued_candidates` that SW006 (`repairs/glued.rs`) judges on the
/// lexicon: the others it leaves whatever the lexicon says. Left are a
/// camel-case join after a capitalised part of fewer than three letters (`McDonald`), one
/// after a lower-case part in a text with three or more lower-case runs into capitals
/// (`mergeAccounts`: a page quoting code), a pair in a token that looks like code, a URL, a
/// path or an address (a comma, semicolon or stop that ends the token, a colon after a stop
/// pair or before a capital, and a parenthesis around
/// it are prose: `prose_token`; for a camel-case
/// join of two scripts, only the token up to the join counts), and a pair the text writes
/// again elsewhere.
pub fn glued_to_judge(text: &str) -> Vec<Glued> {
    let (candidates, lower_camel) = glued_candidates(text);
    candidates
        .into_iter()
        .filter(|g| {
            if g.a_end == g.b_start {
                let first = char_at(text, g.start).expect("a letter starts the pair");
                if is_upper(first) && text[g.start..g.a_end].chars().count() < 3 {
                    return false;
                }
                if tables::PY_LOWER.contains(first) && lower_camel >= 3 {
                    return false;
                }
            }
            let glued = &text[g.start..g.end];
            let a_last = char_before(text, g.a_end).expect("a letter ends the first part");
            let b_first = char_at(text, g.b_start).expect("a capital starts the second part");
            if g.a_end == g.b_start && script(a_last) != script(b_first) {
                // A word run into one of another script (`сайтаExample.ru`): only the token up
                // to the join tells code, the rest may be a name or an address.
                let first = &text[g.start..g.a_end];
                if looks_like_code(&text[token_start(text, g.start)..g.a_end], first) {
                    return false;
                }
            } else if looks_like_code(
                prose_token(
                    token(text, g.start, g.end),
                    g.a_end != g.b_start || colon_of_prose(text, g.end),
                ),
                glued,
            ) {
                return false;
            }
            !(text[..g.start].contains(glued) || text[g.end..].contains(glued))
        })
        .collect()
}

/// `fold` of the Python reference (tests/core/reference/compounds.py): `str.casefold`, then (in a text that is not
/// ASCII) `i` + U+0307 and `ı` made a plain `i`.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    chars::push_casefold(&mut out, text);
    // Copied again only when there is something to replace (most texts have neither).
    if memchr::memmem::find(out.as_bytes(), "i\u{307}".as_bytes()).is_some() {
        out = out.replace("i\u{307}", "i");
    }
    if memchr::memmem::find(out.as_bytes(), "\u{131}".as_bytes()).is_some() {
        out = out.replace('\u{131}', "i");
    }
    out
}

/// Whether some hyphen with two letters or more on each side joins two runs of letters whose
/// closed form, folded, occurs in the folded text: the first test of SW004 (the Python gate
/// `may_have_unhyphenated_compound`; each run is the whole run of letters before or after
/// the hyphen).
pub fn closed_compound_occurs(text: &str) -> bool {
    let mut forms: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('-') {
        let start = letters_before(text, at);
        let end = run_after(text, at + 1, is_letter);
        if text[start..at].chars().nth(1).is_none() || text[at + 1..end].chars().nth(1).is_none() {
            continue;
        }
        let mut closed = String::with_capacity(end - start);
        closed.push_str(&text[start..at]);
        closed.push_str(&text[at + 1..end]);
        let form = fold(&closed);
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    if forms.is_empty() {
        return false;
    }
    let folded = fold(text);
    // memchr's substring search (a byte match of UTF-8 text starts and ends on characters).
    forms
        .iter()
        .any(|form| memchr::memmem::find(folded.as_bytes(), form.as_bytes()).is_some())
}

/// A drop cap split from its word at a line start (`T he harbour`): byte offsets of the
/// match of `_DROP_CAP` in the tests of words.py (`(?m)^(\p{Lu})( )(\p{Ll}+)\b`), the capital
/// at its start and the one-space gap after it. Lines start at the text's start and after
/// each `\n` only, as the `regex` module's `(?m)^` has it.
pub fn drop_caps(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let starts =
        std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    for start in starts {
        let Some(cap) = char_at(text, start) else {
            continue;
        };
        if !is_upper(cap) {
            continue;
        }
        let gap = start + cap.len_utf8();
        if text.as_bytes().get(gap) != Some(&b' ') {
            continue;
        }
        let end = run_after(text, gap + 1, is_lower);
        if end == gap + 1 {
            continue;
        }
        // `\b` after the lower-case run: no word character may follow it.
        if char_at(text, end).is_some_and(is_word) {
            continue;
        }
        found.push((start, end));
    }
    found
}

/// The matches of `(\p{L}+)(-[ \t]*\r?\n[ \t]*)(\p{Ll}+)` over `text` as the `regex`
/// module's `finditer` gives them (`LINE_END_HYPHEN` of words.py before the core's SW003): a
/// hyphen, spaces or tabs, a line break (`\n` or `\r\n`), spaces or tabs and lower-case
/// letters. The first part is the run of letters before the hyphen, from no further back than
/// the end of the previous match; `hyphen..gap_end` is the gap.
pub fn line_end_hyphens(text: &str) -> Vec<SpacedHyphen> {
    let bytes = text.as_bytes();
    let blank = |c: char| c == ' ' || c == '\t';
    let mut found = Vec::new();
    let mut last_end = 0;
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'-', &bytes[pos..]) {
        let hyphen = pos + i;
        pos = hyphen + 1;
        let mut at = run_after(text, hyphen + 1, blank);
        if bytes.get(at) == Some(&b'\r') {
            at += 1;
        }
        if bytes.get(at) != Some(&b'\n') {
            continue;
        }
        let gap_end = run_after(text, at + 1, blank);
        if !char_at(text, gap_end).is_some_and(is_lower) {
            continue;
        }
        let start = letters_before(text, hyphen).max(last_end);
        if start >= hyphen {
            continue;
        }
        let end = run_after(text, gap_end, is_lower);
        found.push(SpacedHyphen {
            start,
            hyphen,
            gap_end,
            end,
        });
        last_end = end;
        pos = end;
    }
    found
}

/// A word split by a hyphen and spaces inside a line (`inter- national`): byte offsets of
/// its start, the hyphen, the end of the gap and its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpacedHyphen {
    pub start: usize,
    pub hyphen: usize,
    pub gap_end: usize,
    pub end: usize,
}

/// The matches of `(\p{L}+)(-[ \t]+)(\p{Ll}+)` over `text` as the `regex` module's `finditer`
/// gives them: found from each hyphen followed by spaces or tabs and a lower-case letter. The
/// first part is the run of letters before the hyphen, from no further back than the end of
/// the previous match (where `finditer` resumes); the second the lower-case run after the gap.
pub fn spaced_hyphens(text: &str) -> Vec<SpacedHyphen> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut last_end = 0;
    let mut pos = 0;
    while let Some(i) = memchr::memchr(b'-', &bytes[pos..]) {
        let hyphen = pos + i;
        pos = hyphen + 1;
        let gap_end = run_after(text, hyphen + 1, |c| c == ' ' || c == '\t');
        if gap_end == hyphen + 1 || !char_at(text, gap_end).is_some_and(is_lower) {
            continue;
        }
        let start = letters_before(text, hyphen).max(last_end);
        if start >= hyphen {
            continue;
        }
        let end = run_after(text, gap_end, is_lower);
        found.push(SpacedHyphen {
            start,
            hyphen,
            gap_end,
            end,
        });
        last_end = end;
        pos = end;
    }
    found
}

/// A closed word (`fivepoint`) that may be a compound written without its hyphen: byte
/// offsets, how often the text hyphenates it (`five-point`: 0 when it is only a closed form
/// of the corpus), the code points of the first part of the last such hyphenated word, and
/// how often such closed words occur in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedCompound {
    pub start: usize,
    pub end: usize,
    pub hyphenated: usize,
    pub first_part: usize,
    pub closed: usize,
}

/// A maximal run of letters: byte offsets, its code points, and whether no word character
/// (`\w`) touches it before and after (a `\b` on each side).
struct LetterRun {
    start: usize,
    end: usize,
    chars: usize,
    bounded_before: bool,
    bounded_after: bool,
}

fn letter_runs(text: &str) -> Vec<LetterRun> {
    let mut runs: Vec<LetterRun> = Vec::new();
    let mut current: Option<LetterRun> = None;
    let mut prev_word = false;
    for (at, c) in text.char_indices() {
        if is_letter(c) {
            match current.as_mut() {
                Some(run) => run.chars += 1,
                None => {
                    current = Some(LetterRun {
                        start: at,
                        end: at,
                        chars: 1,
                        bounded_before: !prev_word,
                        bounded_after: true,
                    })
                }
            }
            prev_word = true;
        } else {
            let word = is_word(c);
            if let Some(mut run) = current.take() {
                run.end = at;
                run.bounded_after = !word;
                runs.push(run);
            }
            prev_word = word;
        }
    }
    if let Some(mut run) = current.take() {
        run.end = text.len();
        runs.push(run);
    }
    runs
}

fn casefolded(piece: &str) -> String {
    let mut out = String::with_capacity(piece.len());
    chars::push_casefold(&mut out, piece);
    out
}

/// The scans of SW004 (`repairs/compounds.rs`): the hyphenated words of the text (matches of
/// `\b(\p{L}{2,})-(\p{L}{2,})\b`, as `finditer` gives them) by casefolded closed form, then
/// every word of four letters or more (`\b\p{L}{4,}\b`) whose casefolded form is one of those
/// or a closed form of the corpus (`corpus_form`), in text order.
pub fn closed_compounds<E>(
    text: &str,
    mut corpus_form: impl FnMut(&str) -> Result<bool, E>,
) -> Result<Vec<ClosedCompound>, E> {
    let runs = letter_runs(text);
    // Closed form -> (how often hyphenated, code points of the last first part).
    let mut hyphenated: std::collections::HashMap<String, (usize, usize)> =
        std::collections::HashMap::new();
    let mut resume = 0;
    for (k, a) in runs.iter().enumerate() {
        if a.start < resume || !a.bounded_before || a.chars < 2 {
            continue;
        }
        if text.as_bytes().get(a.end) != Some(&b'-') {
            continue;
        }
        let Some(b) = runs.get(k + 1) else {
            continue;
        };
        if b.start != a.end + 1 || b.chars < 2 || !b.bounded_after {
            continue;
        }
        let mut key = casefolded(&text[a.start..a.end]);
        chars::push_casefold(&mut key, &text[b.start..b.end]);
        let entry = hyphenated.entry(key).or_insert((0, 0));
        *entry = (entry.0 + 1, a.chars);
        resume = b.end;
    }
    let mut found: Vec<(ClosedCompound, String)> = Vec::new();
    for run in &runs {
        if run.chars < 4 || !run.bounded_before || !run.bounded_after {
            continue;
        }
        let key = casefolded(&text[run.start..run.end]);
        let (count, first_part) = match hyphenated.get(&key) {
            Some(&known) => known,
            None if corpus_form(&key)? => (0, 0),
            None => continue,
        };
        found.push((
            ClosedCompound {
                start: run.start,
                end: run.end,
                hyphenated: count,
                first_part,
                closed: 0,
            },
            key,
        ));
    }
    let mut closed: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, key) in &found {
        *closed.entry(key.as_str()).or_insert(0) += 1;
    }
    Ok(found
        .iter()
        .map(|(c, key)| ClosedCompound {
            closed: closed[key.as_str()],
            ..*c
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_form_of_a_compound_in_the_text() {
        assert!(closed_compound_occurs(
            "A fivepoint plan. The five-point plan."
        ));
        assert!(closed_compound_occurs("FIVEPOINT and five-point"));
        assert!(!closed_compound_occurs("The five-point plan."));
        // Two letters at least on each side, the whole runs.
        assert!(!closed_compound_occurs("ab x-ray xray"));
        assert!(closed_compound_occurs("Straße-ab strasseab"));
        assert!(closed_compound_occurs("İstan-bul istanbul"));
    }

    fn pairs(text: &str) -> Vec<(&str, &str, &str)> {
        glued_to_judge(text)
            .iter()
            .map(|g| {
                (
                    &text[g.start..g.a_end],
                    &text[g.a_end..g.b_start],
                    &text[g.b_start..g.end],
                )
            })
            .collect()
    }

    #[test]
    fn stops_camels_and_abbreviations() {
        assert_eq!(pairs("all year.The end"), [("year", ".", "The")]);
        assert_eq!(pairs("was SquishedThere now"), [("Squished", "", "There")]);
        assert_eq!(pairs("at 9 a.m.Friday"), [("a.m", ".", "Friday")]);
        // After an abbreviation only a full stop: `a.m!Friday` is no glued pair.
        assert!(pairs("at 9 a.m!Friday").is_empty());
        assert_eq!(pairs("Über Straße.Öffnung"), [("Straße", ".", "Öffnung")]);
        assert_eq!(pairs("сказалОн"), [("сказал", "", "Он")]);
        assert_eq!(
            pairs("wurde beschlossen.EU-Mittel fließen"),
            [("beschlossen", ".", "EU")]
        );
        assert_eq!(pairs("the year.NATO said"), [("year", ".", "NATO")]);
        // Not an acronym: capitals run into lower case, or into a digit.
        assert!(pairs("the year.NATOs said").is_empty());
        assert!(pairs("the year.AB1 said").is_empty());
    }

    #[test]
    fn names_code_and_repeats_stay() {
        assert!(pairs("McDonald and LeBron").is_empty());
        assert!(pairs("see getElementById here").is_empty());
        assert!(pairs("open https://x.org/a.Html now").is_empty());
        assert!(pairs("call System.Out.println").is_empty());
        assert!(pairs("fooBar and fooBar").is_empty());
        assert!(pairs("mergeAccounts, welcomeName, likelyHungarian").is_empty());
        assert!(pairs("x1year.The").is_empty());
        assert_eq!(pairs("Art derAufnahme; Foto"), [("der", "", "Aufnahme")]);
        assert!(pairs("pageType: stories").is_empty());
        // Before a capital or a line end, a colon is prose.
        assert_eq!(pairs("went home.Eugenio: Then"), [("home", ".", "Eugenio")]);
        assert_eq!(pairs("a rabbitCredit:\nGetty"), [("rabbit", "", "Credit")]);
        assert_eq!(pairs("to taste.Method: mix"), [("taste", ".", "Method")]);
        assert!(pairs("call config.Load(); now").is_empty());
        // A parenthesis of prose around the pair is no code; one inside the token is.
        assert_eq!(pairs("(it was onMaster), they"), [("on", "", "Master")]);
        assert_eq!(pairs("(saidThe)."), [("said", "", "The")]);
        assert!(pairs("call(fooBar) now").is_empty());
        assert!(pairs("(fooBar(x)) now").is_empty());
        // Two scripts: the address after the join is no code of the first part.
        assert_eq!(
            pairs("для сайтаExample.ru. Тут"),
            [("сайта", "", "Example")]
        );
        assert!(pairs("для x.сайтаExample.ru. Тут").is_empty());
    }

    #[test]
    fn eight_bytes_at_a_time_flag_capitals_and_non_ascii() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'x'; 8];
                word[at] = b;
                let flagged = may_be_capital(u64::from_le_bytes(word));
                let want = b.is_ascii_uppercase() || b >= 0x80;
                assert_eq!(flagged != 0, want, "byte {b:#x} at {at}");
                if want {
                    assert_eq!(flagged.trailing_zeros() / 8, at as u32);
                }
            }
        }
        let text = "ab cd ef gh ij kl Ém nop qrstuvwxyz xyzA. wordWord";
        let found: Vec<(usize, char)> = capitals(text).collect();
        let slow: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| c.is_ascii_uppercase() || (!c.is_ascii() && is_hump_upper(c)))
            .collect();
        assert_eq!(found, slow);
    }

    #[test]
    fn lower_camel_runs_are_counted_once_each() {
        let (_, n) = glued_candidates("fooBar fooBar bazQux iPhone");
        assert_eq!(n, 2);
    }

    #[test]
    fn drop_caps_at_line_starts() {
        let text = "T he ferry.\nA b1 c\nW orried\n É té\nÉ té";
        let found: Vec<&str> = drop_caps(text).iter().map(|&(s, e)| &text[s..e]).collect();
        // `A b1`: a digit after the rest; ` É té`: not at the line start.
        assert_eq!(found, ["T he", "W orried", "É té"]);
        // Only `\n` starts a line, and the gap is one space.
        assert!(drop_caps("x\rT he\u{2028}T he").is_empty());
        assert!(drop_caps("T  he").is_empty());
        assert!(drop_caps("T heX").is_empty());
    }

    fn spaced(text: &str) -> Vec<(&str, &str, &str)> {
        spaced_hyphens(text)
            .iter()
            .map(|h| {
                (
                    &text[h.start..h.hyphen],
                    &text[h.hyphen..h.gap_end],
                    &text[h.gap_end..h.end],
                )
            })
            .collect()
    }

    #[test]
    fn spaced_hyphens_as_finditer_finds_them() {
        assert_eq!(
            spaced("An inter- national fair"),
            [("inter", "- ", "national")]
        );
        // The second match starts no further back than the end of the first.
        assert_eq!(spaced("a- b- c"), [("a", "- ", "b")]);
        assert_eq!(
            spaced("foo- barBaz- qux"),
            [("foo", "- ", "bar"), ("Baz", "- ", "qux")]
        );
        assert_eq!(spaced("é-\t ß"), [("é", "-\t ", "ß")]);
        // No letters before the hyphen, or no lower-case letter after the gap.
        assert!(spaced("x - foo -- a").is_empty());
        assert!(spaced("pre- And post").is_empty());
    }

    fn closed(text: &str, corpus: &[&str]) -> Vec<(String, usize, usize, usize)> {
        closed_compounds(text, |key| Ok::<bool, ()>(corpus.contains(&key)))
            .unwrap()
            .iter()
            .map(|c| {
                (
                    text[c.start..c.end].to_string(),
                    c.hyphenated,
                    c.first_part,
                    c.closed,
                )
            })
            .collect()
    }

    #[test]
    fn closed_forms_of_the_texts_compounds() {
        assert_eq!(
            closed("A fivepoint plan. The five-point plan, FivePoint.", &[]),
            [
                ("fivepoint".to_string(), 1, 4, 2),
                ("FivePoint".to_string(), 1, 4, 2)
            ]
        );
        // `finditer` resumes after `ab-cd`: `cd-ef` is no hyphenated word of the text.
        assert_eq!(
            closed("ab-cd-ef abcd cdef", &[]),
            [("abcd".to_string(), 1, 2, 1)]
        );
        // A word character other than a letter next to either part: no compound.
        assert!(closed("ab-cd1 abcd _ab-cd abcd", &[]).is_empty());
        // Casefolded: `Straße-ab` is the compound of `strasseab`; the last first part counts.
        assert_eq!(
            closed("Straße-ab strasseab", &[]),
            [("strasseab".to_string(), 1, 6, 1)]
        );
        assert_eq!(
            closed("ab-abcd abab-cd ababcd", &[]),
            [("ababcd".to_string(), 2, 4, 1)]
        );
        // The corpus's closed forms, the text hyphenating none.
        assert_eq!(
            closed("An inline form, inline.", &["inline"]),
            [
                ("inline".to_string(), 0, 0, 2),
                ("inline".to_string(), 0, 0, 2)
            ]
        );
        assert!(closed("no compounds here", &[]).is_empty());
    }

    fn line_ends(text: &str) -> Vec<(&str, &str, &str)> {
        line_end_hyphens(text)
            .iter()
            .map(|h| {
                (
                    &text[h.start..h.hyphen],
                    &text[h.hyphen..h.gap_end],
                    &text[h.gap_end..h.end],
                )
            })
            .collect()
    }

    #[test]
    fn line_end_hyphens_as_finditer_finds_them() {
        assert_eq!(
            line_ends("inter-\nnational"),
            [("inter", "-\n", "national")]
        );
        assert_eq!(
            line_ends("inter- \t\r\n  national"),
            [("inter", "- \t\r\n  ", "national")]
        );
        assert_eq!(
            line_ends("x-y inter-\n\u{e9}t\u{e9}"),
            [("inter", "-\n", "\u{e9}t\u{e9}")]
        );
        // The next match starts no further back than where the last one ended.
        assert_eq!(
            line_ends("ab-\ncdEf-\ngh"),
            [("ab", "-\n", "cd"), ("Ef", "-\n", "gh")]
        );
        // A capital after the break, two breaks, a lone `\r`, nothing after, no letter before.
        for text in [
            "inter-\nNational",
            "inter-\n\nnational",
            "inter-\rnational",
            "inter-\r\n",
            "1-\nnational",
            "- \nx",
        ] {
            assert!(line_ends(text).is_empty(), "{text:?}");
        }
    }
}
