//! The genericity certificate `relucert-generic/1`: general position and rare-data verdicts with witnesses.
