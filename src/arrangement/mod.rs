//! The central hyperplane arrangement `{w : w·x_i = 0}` of the samples (SPEC §2): chambers,
//! faces with exact witnesses, and the Whitney/Zaslavsky counts that prove completeness.
//!
//! Sign strings have one character per sample, in sample order. A sample equal to 0 is left
//! out of the arrangement; its character is always `0`, and a *chamber* is a face whose
//! non-zero samples all have sign `+` or `-`.
