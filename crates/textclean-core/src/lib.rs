//! textclean's per-document engine.
//!
//! Inside the core, text is UTF-8 and every offset is a byte offset ([`model`]). Offsets cross
//! the Python boundary as code points (Python `str` indices); the binding converts them with
//! [`offsets::CharIndex`].

pub mod chars;
pub mod edits;
pub mod finder;
pub mod lexicon;
pub mod lineclf;
pub mod linerules;
pub mod lines;
pub mod metrics;
pub mod model;
pub mod offsets;
pub mod patternrules;
pub mod phrase;
pub mod repairs;
pub mod scan;
#[rustfmt::skip]
pub mod tables;
pub mod words;
