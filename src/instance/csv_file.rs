//! Samples from CSV, network settings from flags.
