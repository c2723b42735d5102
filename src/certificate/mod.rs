//! The certificate format `relucert/1` (SPEC §6): serde types, rationals as strings.

pub mod family;
