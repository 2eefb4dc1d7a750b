//! The built-in finders the core implements, one module per family (as `textclean/repairs/`).

pub mod blocks;
pub mod checks;
pub mod comments;
pub mod compounds;
pub mod dropcaps;
pub mod duplicates;
pub mod encoding;
pub mod glued;
pub mod hyphens;
pub mod layout;
pub mod lazy;
pub mod markup;
pub mod paragraphs;
pub mod teasers;
