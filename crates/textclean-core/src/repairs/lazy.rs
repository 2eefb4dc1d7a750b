//! Regexes of a finder's parameters, read when the finder is made and compiled when first used.
//!
//! Compiling is most of the cost of making a finder (a long look-around pattern takes tens of
//! milliseconds in `fancy-regex`), and a run whose documents never reach a pattern should not
//! pay for it. So a finder only parses its patterns when it is made: a pattern with a syntax
//! error, an unknown class or a construct neither engine runs is refused there, as before.
//! What parsing cannot rule out (a pattern past an engine's size limit, a look-behind of no
//! fixed length) shows when it is compiled: [`crate::finder::Finder::compile`] compiles every
//! pattern at once and names the first that fails, and the check of a rule at load calls it.
//! A pattern that still fails on first use matches nothing: the finder never panics mid-run.

use std::sync::OnceLock;

use regex_automata::{meta, util::syntax};

use crate::finder::FinderError;
use crate::linerules::BACKTRACK_LIMIT;

/// The error of a finder's pattern that neither engine can run (`param`: its parameter).
pub fn refused(finder: &str, param: &str, pattern: &str) -> FinderError {
    FinderError::BadParam(
        finder.into(),
        param.into(),
        format!("pattern {pattern:?} runs in neither of the core's regex engines"),
    )
}

/// A value compiled from a pattern on first use; `None` once compiling it failed.
pub struct Lazy<T> {
    text: String,
    compile: fn(&str) -> Option<T>,
    compiled: OnceLock<Option<T>>,
}

impl<T> Lazy<T> {
    /// The compiled value, made now if it is the first call; `None`: it cannot be compiled.
    pub fn get(&self) -> Option<&T> {
        self.compiled
            .get_or_init(|| (self.compile)(&self.text))
            .as_ref()
    }

    /// Whether it has been compiled (or tried).
    #[cfg(test)]
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

/// A pattern for the `regex` crate; `None` when it does not parse (nothing compiled yet).
pub fn rust(text: String) -> Option<Lazy<meta::Regex>> {
    syntax::parse(&text).ok()?;
    Some(Lazy {
        text,
        compile: |text| meta::Regex::new(text).ok(),
        compiled: OnceLock::new(),
    })
}

/// A look-around pattern for `fancy-regex`; `None` when it does not parse.
pub fn fancy(text: String) -> Option<Lazy<fancy_regex::Regex>> {
    fancy_regex::Expr::parse_tree(&text).ok()?;
    Some(Lazy {
        text,
        compile: compile_fancy,
        compiled: OnceLock::new(),
    })
}

/// `text` in `fancy-regex`, with the backtrack limit of every look-around pattern of the core.
pub fn compile_fancy(text: &str) -> Option<fancy_regex::Regex> {
    fancy_regex::RegexBuilder::new(text)
        .backtrack_limit(BACKTRACK_LIMIT)
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_when_made_compiled_when_used() {
        let re = rust(r"\A\p{Lu}\w+".into()).expect("it parses");
        assert!(!re.is_compiled());
        assert!(re.get().is_some_and(|re| re.is_match("Jane")));
        assert!(re.is_compiled());
        // An unknown class or a look-around is refused by the `regex` crate when made.
        assert!(rust(r"\p{Nope}".into()).is_none());
        assert!(rust(r"(?!a)b".into()).is_none());
        let re = fancy(r"\A(?!by\b)\w+".into()).expect("it parses");
        assert!(re.get().is_some_and(|re| re.is_match("Jane").unwrap()));
        assert!(fancy(r"(?!a".into()).is_none());
    }

    #[test]
    fn a_pattern_past_the_size_limit_parses_and_then_matches_nothing() {
        let re = rust(r"\w{1000}{1000}".into()).expect("it parses");
        assert!(re.get().is_none());
        let re = fancy(r"(?<=a+)b".into()).expect("it parses");
        assert!(re.get().is_none()); // a look-behind of no fixed length
    }
}
