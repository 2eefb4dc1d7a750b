//! textclean's per-document engine.
//!
//! Offsets cross the Python boundary as code points (Python `str` indices); inside the core
//! text is UTF-8 and offsets are bytes. [`offsets::CharIndex`] converts between the two.

pub mod edits;
pub mod offsets;
