//! Checker rules for families of local minima.
//! (Being written by the families helper.)
