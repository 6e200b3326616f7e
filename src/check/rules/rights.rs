//! (rules of this area: to be written)

use crate::check::rule::Rule;

pub static RULES: &[&Rule] = &[];
