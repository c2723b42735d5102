//! The colours of every picture. Tests and readers find elements by them (plotters writes
//! colours as `#RRGGBB`), so each role has its own colour and no role shares one.

use plotters::style::RGBColor;

/// Histogram bars of genuine cell combinations.
pub const GENUINE: RGBColor = RGBColor(0x2E, 0x7D, 0x32);
/// Histogram bars of cell combinations that are not genuine.
pub const NOT_GENUINE: RGBColor = RGBColor(0xB0, 0xBE, 0xC5);
/// Marks of local-minimum loss values above the global minimum (spurious).
pub const SPURIOUS: RGBColor = RGBColor(0xE6, 0x51, 0x00);
/// The mark of the global minimum.
pub const GLOBAL: RGBColor = RGBColor(0x15, 0x65, 0xC0);
/// Sample hyperplanes (lines, great circles).
pub const HYPERPLANE: RGBColor = RGBColor(0x21, 0x21, 0x21);
/// The loss curve.
pub const CURVE: RGBColor = RGBColor(0x37, 0x47, 0x4F);
/// Text.
pub const INK: RGBColor = RGBColor(0x10, 0x10, 0x10);

/// Chamber fills, cycled by chamber index (light, distinct from every colour above).
pub const CHAMBERS: [RGBColor; 8] = [
    RGBColor(0xFF, 0xE0, 0xB2),
    RGBColor(0xC8, 0xE6, 0xC9),
    RGBColor(0xBB, 0xDE, 0xFB),
    RGBColor(0xF8, 0xBB, 0xD0),
    RGBColor(0xD1, 0xC4, 0xE9),
    RGBColor(0xFF, 0xF9, 0xC4),
    RGBColor(0xB2, 0xEB, 0xF2),
    RGBColor(0xD7, 0xCC, 0xC8),
];

/// The fill of chamber `i`.
pub fn chamber(i: usize) -> RGBColor {
    CHAMBERS[i % CHAMBERS.len()]
}

/// `#RRGGBB` as plotters' SVG backend writes it.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}
