//! Instance files in TOML.
