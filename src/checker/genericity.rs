//! Checker rules for genericity certificates: substitution of dependencies and rare-data witnesses.
