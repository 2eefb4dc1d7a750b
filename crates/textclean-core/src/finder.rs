//! The [`Finder`] trait and the registry of the finders the core implements.
//!
//! A finder is a built-in repair that a rule cites (`kind: repair`, `repair: <name>`): it reads
//! one text and reports [`Hit`]s, each with the edits that repair it (or none: report only).
//! Python's `textclean.repairs.REPAIRS` names the same repairs; for those listed in
//! [`FINDERS`] its entry calls the core.

use crate::lexicon::Lexicon;
use crate::model::Hit;
use crate::repairs::compounds::{self, CorpusCompounds};
use crate::repairs::{
    blocks, checks, comments, dropcaps, duplicates, glued, hyphens, layout, markup, teasers,
};

/// What a finder may weigh besides its text: the corpus vocabulary of the run and the lexicon
/// of the text's language (Python's `textclean.corpus.vocab` and `textclean.lexicon`; the
/// binding asks Python for them only when a finder does).
pub trait Evidence {
    /// How often the corpus vocabulary has `word` in any case (0: not at all, or there is no
    /// corpus vocabulary).
    fn corpus_count(&self, word: &str) -> u64;
    /// The lexicon of the text's language, or None (none told, or the lexicon is off). The
    /// first call may be costly (it tells the language); later ones give the same answer.
    fn lexicon(&self) -> Option<&Lexicon>;
    /// Whether [`Evidence::lexicon`] may give one (false: the lexicon is off), known without
    /// telling the language.
    fn may_have_lexicon(&self) -> bool {
        true
    }
    /// The compounds of the corpus vocabulary and whether it counted the documents being fixed
    /// (`Vocabulary.includes_documents`), or None: there is no corpus vocabulary.
    fn corpus_compounds(&self) -> Option<(&CorpusCompounds, bool)> {
        None
    }
}

/// No evidence besides the text: no corpus vocabulary, no lexicon.
pub struct NoEvidence;

impl Evidence for NoEvidence {
    fn corpus_count(&self, _word: &str) -> u64 {
        0
    }
    fn lexicon(&self) -> Option<&Lexicon> {
        None
    }
    fn may_have_lexicon(&self) -> bool {
        false
    }
}

/// Finds one kind of artifact in a text.
pub trait Finder: Send + Sync {
    /// Every hit on `text`, in order of position; byte offsets.
    fn find(&self, text: &str) -> Vec<Hit>;

    /// Every hit on `text` with `evidence` to weigh: the same as `find` for a finder that
    /// judges by the text alone.
    fn find_with(&self, text: &str, evidence: &dyn Evidence) -> Vec<Hit> {
        let _ = evidence;
        self.find(text)
    }

    /// The parameters it takes, in the order its documentation gives them, with the values it
    /// has (None: phrases or patterns, which it keeps only folded or compiled): made with no
    /// parameters, the defaults that [`finder_params`] reports.
    fn params(&self) -> Vec<Setting> {
        Vec::new()
    }

    /// Compile now the patterns it compiles on first use (`repairs::lazy`); an error names
    /// the first that neither engine can compile (the check of a rule calls this at load).
    fn compile(&self) -> Result<(), FinderError> {
        Ok(())
    }
}

/// A parameter and its value (None: a list, which has no default but none).
pub type Setting = (&'static str, Option<Value>);

/// A finder's [`Finder::params`], each named after the field that holds its value:
/// `settings![self; list markers, int min_lines, float min_share]` (a `list` is kept only
/// folded or compiled, so it has no value to show).
macro_rules! settings {
    ($finder:expr; $($kind:ident $name:ident),* $(,)?) => {
        vec![$($crate::finder::settings!(@one $finder, $kind, $name)),*]
    };
    (@one $finder:expr, list, $name:ident) => {
        (stringify!($name), None)
    };
    (@one $finder:expr, int, $name:ident) => {
        (stringify!($name), Some($crate::finder::Value::Int($finder.$name)))
    };
    (@one $finder:expr, float, $name:ident) => {
        (stringify!($name), Some($crate::finder::Value::Float($finder.$name)))
    };
}
pub(crate) use settings;

/// The parameters of the finder named `name`, with their defaults: the one place they are
/// stated (Python's `textclean.repairs` reads them from here).
pub fn finder_params(name: &str) -> Result<Vec<Setting>, FinderError> {
    Ok(make_finder_with(name, &[])?.params())
}

/// An integer parameter a rule sets under `params:` (all the core's finders take integers).
pub type Params<'a> = &'a [(&'a str, i64)];

/// A parameter value of any finder: the block finders take lists of phrases and patterns,
/// and shares, besides integers.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Strings(Vec<String>),
}

/// Why a finder cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinderError {
    UnknownFinder(String),
    UnknownParam(String, String),
    /// A parameter of the wrong type, or a value the core cannot use (finder, parameter, why).
    BadParam(String, String, String),
}

impl std::fmt::Display for FinderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FinderError::UnknownFinder(name) => write!(f, "no finder named {name:?} in the core"),
            FinderError::UnknownParam(name, param) => {
                write!(f, "finder {name:?} takes no parameter {param:?}")
            }
            FinderError::BadParam(name, param, why) => {
                write!(f, "parameter {param:?} of finder {name:?}: {why}")
            }
        }
    }
}

impl std::error::Error for FinderError {}

/// The names of the finders the core implements (`textclean.repairs` names).
pub const FINDERS: &[&str] = &[
    "rejoin_broken_url",
    "join_broken_paragraph",
    "move_slid_quote",
    "flag_unbalanced_quotes",
    "flag_repeated_lines",
    "flag_truncated_ending",
    "decode_html_entities",
    "strip_leftover_tags",
    "delete_teaser_list",
    "delete_navigation_block",
    "delete_page_chrome",
    "delete_comment_thread",
    "delete_nearby_duplicate_line",
    "join_hyphenated_line_break",
    "join_spaced_hyphenation",
    "join_drop_cap",
    "restore_compound_hyphen",
    "split_glued_words",
];

/// The finder named `name` with `params` of any type set (the others keep their defaults).
pub fn make_finder_with(
    name: &str,
    params: &[(&str, Value)],
) -> Result<Box<dyn Finder>, FinderError> {
    match name {
        "delete_teaser_list" => Ok(Box::new(teasers::TeaserList::new(params)?)),
        "delete_navigation_block" => Ok(Box::new(blocks::NavigationBlock::new(params)?)),
        "delete_page_chrome" => Ok(Box::new(blocks::PageChrome::new(params)?)),
        "delete_comment_thread" => Ok(Box::new(comments::CommentThread::new(params)?)),
        _ => {
            let mut ints = Vec::with_capacity(params.len());
            for (param, value) in params {
                match value {
                    Value::Int(v) => ints.push((*param, *v)),
                    _ => {
                        return Err(FinderError::BadParam(
                            name.to_owned(),
                            (*param).to_owned(),
                            "not an integer".into(),
                        ))
                    }
                }
            }
            make_finder(name, &ints)
        }
    }
}

/// The finder named `name` with `params` set (the others keep their defaults).
pub fn make_finder(name: &str, params: Params<'_>) -> Result<Box<dyn Finder>, FinderError> {
    let unknown = |param: &str| FinderError::UnknownParam(name.to_owned(), param.to_owned());
    let finder: Box<dyn Finder> = match name {
        "rejoin_broken_url" => {
            no_params(params, unknown)?;
            Box::new(layout::BrokenUrl)
        }
        "join_broken_paragraph" => {
            let mut f = layout::BrokenParagraph::default();
            for &(param, value) in params {
                match param {
                    "min_words_before" => f.min_words_before = value,
                    "min_words_after" => f.min_words_after = value,
                    _ => return Err(unknown(param)),
                }
            }
            Box::new(f)
        }
        "move_slid_quote" => {
            no_params(params, unknown)?;
            Box::new(layout::SlidQuote)
        }
        "flag_unbalanced_quotes" => {
            no_params(params, unknown)?;
            Box::new(layout::UnbalancedQuotes)
        }
        "flag_repeated_lines" => {
            let mut f = checks::RepeatedLines::default();
            for &(param, value) in params {
                match param {
                    "min_words" => f.min_words = value,
                    _ => return Err(unknown(param)),
                }
            }
            Box::new(f)
        }
        "delete_nearby_duplicate_line" => {
            let mut f = duplicates::NearbyDuplicateLines::default();
            for &(param, value) in params {
                match param {
                    "min_words" => f.min_words = value,
                    "window" => f.window = value,
                    _ => return Err(unknown(param)),
                }
            }
            Box::new(f)
        }
        "flag_truncated_ending" => {
            no_params(params, unknown)?;
            Box::new(checks::TruncatedEnding)
        }
        "join_hyphenated_line_break" => {
            no_params(params, unknown)?;
            Box::new(hyphens::LineEndHyphenation)
        }
        "join_spaced_hyphenation" => {
            no_params(params, unknown)?;
            Box::new(hyphens::SpacedHyphenation)
        }
        "restore_compound_hyphen" => {
            no_params(params, unknown)?;
            Box::new(compounds::UnhyphenatedCompound)
        }
        "split_glued_words" => {
            no_params(params, unknown)?;
            Box::new(glued::GluedWords)
        }
        "join_drop_cap" => {
            no_params(params, unknown)?;
            Box::new(dropcaps::DropCap)
        }
        "decode_html_entities" => {
            no_params(params, unknown)?;
            Box::new(markup::HtmlEntities)
        }
        "strip_leftover_tags" => {
            no_params(params, unknown)?;
            Box::new(markup::LeftoverTags)
        }
        _ => return Err(FinderError::UnknownFinder(name.to_owned())),
    };
    Ok(finder)
}

fn no_params(params: Params<'_>, unknown: impl Fn(&str) -> FinderError) -> Result<(), FinderError> {
    match params.first() {
        Some((param, _)) => Err(unknown(param)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_finder_is_made() {
        for name in FINDERS {
            assert!(make_finder_with(name, &[]).is_ok(), "{name}");
        }
        assert_eq!(
            make_finder("nope", &[]).err(),
            Some(FinderError::UnknownFinder("nope".into()))
        );
        assert!(make_finder("rejoin_broken_url", &[("x", 1)]).is_err());
        assert!(make_finder("join_broken_paragraph", &[("min_words_after", 1)]).is_ok());
    }

    #[test]
    fn every_param_a_finder_reports_is_one_it_takes() {
        for name in FINDERS {
            for (param, default) in finder_params(name).unwrap() {
                let value = default.unwrap_or(Value::Strings(Vec::new()));
                assert!(
                    make_finder_with(name, &[(param, value)]).is_ok(),
                    "{name} {param}"
                );
            }
        }
        let teasers = finder_params("delete_teaser_list").unwrap();
        assert_eq!(teasers[0], ("headings", None));
        assert_eq!(teasers[2], ("heading_words", Some(Value::Int(8))));
        assert!(finder_params("nope").is_err());
    }
}
