//! The independent checker: exact arithmetic only, no LP, no floats.

pub mod family;
