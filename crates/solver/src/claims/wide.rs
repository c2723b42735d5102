//! "Wide networks have no spurious local minima": with at least as many hidden units as
//! samples (`K ≥ N`) every local minimum is global. The folklore reading of the
//! over-parameterisation results (Nguyen & Hein §3, Liu §I); false for ReLU because of dead
//! units, and the `-alive` variant asks whether it is *only* dead units.

use super::Refutation;
use super::evidence::{Evidence, families_of, family_lines, global_min};
use crate::error::Result;
use crate::instance::Instance;

/// Premise: `K ≥ N`.
pub fn wide(inst: &Instance) -> Option<String> {
    (inst.hidden < inst.n()).then(|| format!("K = {} < N = {}", inst.hidden, inst.n()))
}

fn refute(ev: &Evidence, alive_only: bool) -> Option<Refutation> {
    let cert = &ev.certificate;
    let (fam, shape) = families_of(cert)
        .into_iter()
        .find(|(f, s)| f.spurious && (!alive_only || s.units.iter().all(|u| u == "alive")))?;
    let mut details = vec![format!("K = {} ≥ N = {}", ev.instance.hidden, ev.instance.n())];
    details.extend(family_lines(cert, fam, shape));
    Some(Refutation {
        summary: format!(
            "a spurious local minimum{}: loss {} above the global minimum {}",
            if alive_only { " with every unit alive" } else { "" },
            relucert_exact::format_q(&fam.loss),
            relucert_exact::format_q(&global_min(cert))
        ),
        details,
        witness: Some(fam.witness.clone()),
    })
}

/// `wide-no-spurious`.
pub fn refute_any(ev: &Evidence) -> Result<Option<Refutation>> {
    Ok(refute(ev, false))
}

/// `wide-no-spurious-alive`.
pub fn refute_alive(ev: &Evidence) -> Result<Option<Refutation>> {
    Ok(refute(ev, true))
}
