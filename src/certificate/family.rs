//! Certificate records for families of local minima (SPEC §4, §6 `minima`).
//! (Being written by the families helper.)
