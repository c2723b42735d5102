//! The saddle points of `certify --saddles` (Liu §V, Thm 2) in the human summary and in the
//! `certify --json` object: `"saddles": [{"chambers": [signs…], "witness": {"z", "w", "c"}}, …]`.

use crate::certificate::family::PointRecord;
use crate::certificate::saddle::{SaddleCellRecord, summary_json};
use crate::claims::point_text;
use relucert_exact::format_q;

/// How many combinations with a saddle point are listed (all are in the certificate).
const LISTED: usize = 60;

/// The lines of the human summary: the count, then each combination with its witness.
pub fn text(saddles: &[SaddleCellRecord]) -> Vec<String> {
    let with: Vec<_> = saddles.iter().filter(|s| s.saddle).collect();
    let mut out = vec![format!(
        "saddle points: {} of {} cell combinations have a differentiable saddle point",
        with.len(),
        saddles.len()
    )];
    for s in with.iter().take(LISTED) {
        if let Some(w) = &s.witness {
            let p = PointRecord {
                z: w.z.clone(),
                w: w.w.clone(),
                c: w.c.clone(),
            };
            out.push(format!(
                "  [{}]  at {}  fitted units {:?}  second-order change {}",
                s.chambers.join(","),
                point_text(&p),
                w.units,
                format_q(&w.descent.second_order)
            ));
        }
    }
    if with.len() > LISTED {
        out.push(format!("  … {} more in the certificate", with.len() - LISTED));
    }
    out
}

/// Add `"saddles"` to the JSON summary object when the certificate has the section.
pub fn add_to_summary(summary: &mut serde_json::Value, saddles: Option<&[SaddleCellRecord]>) {
    if let (Some(list), Some(map)) = (saddles, summary.as_object_mut()) {
        map.insert("saddles".into(), summary_json(list));
    }
}

/// The `saddles` section of a `relucert/1` document, read in one streaming pass that skips every
/// other field (`relucert show`); `None` for streams (format 2 has no saddle records) and for
/// documents without the section.
pub fn read_section(path: &std::path::Path) -> crate::error::Result<Option<Vec<SaddleCellRecord>>> {
    use crate::error::Error;
    if relucert_format::v2::detect(path).map_err(|e| Error::Input(e.to_string()))?
        == relucert_format::v2::Detected::Stream
    {
        return Ok(None);
    }
    #[derive(serde::Deserialize)]
    struct OnlySaddles {
        #[serde(default)]
        saddles: Option<Vec<SaddleCellRecord>>,
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Error::Input(format!("{}: cannot read: {e}", path.display())))?;
    let only: OnlySaddles = serde_json::from_reader(std::io::BufReader::with_capacity(1 << 20, file))
        .map_err(|e| Error::Input(format!("{}: saddles: {e}", path.display())))?;
    Ok(only.saddles)
}
