//! The reduced family search in `relucert/2` streams (`proofs/family-reductions.md`,
//! `docs/certificate-format.md`): a reduced stream is accepted and says the same as the
//! reduced `relucert/1` certificate, and every corruption of its reduction record, of its
//! reduced enumeration or of its levels is rejected by a named rule — also when the forger
//! rewrites the trailer to match (the trailer is recomputed after each mutation unless the
//! trailer itself is the mutation).

use std::path::Path;

use relucert::certificate::sink::VecSink;
use relucert::certificate::stream::{StreamOptions, certify_into, header};
use relucert::certificate::stream_tally::Tally;
use relucert::checker::stream::{StreamFailure, StreamReport, check_stream};
use relucert::families::{Plan, faces_of};
use relucert::feasibility::Route;
use relucert::instance::{Instance, toml_file};
use relucert_format::v2::Record;

fn load(name: &str, hidden: usize) -> Instance {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let mut inst = toml_file::read(&path).unwrap();
    inst.hidden = hidden;
    inst
}

/// Header, records, no trailer.
fn body(inst: &Instance, reduce: bool) -> Vec<Record> {
    let opts = StreamOptions {
        route: Route::ExactOnly,
        families: true,
        least_squares: false,
        progress: false,
        reduce,
        solution_set: reduce,
    };
    let mut sink = VecSink::default();
    certify_into(inst, &opts, &mut sink).unwrap();
    let mut all = vec![Record::Header(header(inst, &opts))];
    all.append(&mut sink.0);
    all
}

/// The records with a trailer recomputed from them.
fn sealed(mut recs: Vec<Record>) -> Vec<Record> {
    recs.retain(|r| !matches!(r, Record::Trailer(_)));
    let mut tally = Tally::default();
    for r in &recs {
        tally.add(r);
    }
    let t = tally.trailer(true).unwrap();
    recs.push(Record::Trailer(t));
    recs
}

fn check(recs: &[Record]) -> Result<StreamReport, StreamFailure> {
    check_stream(recs.iter().cloned().enumerate().map(|(i, r)| Ok((i + 1, r))))
}

fn rule(recs: &[Record]) -> String {
    match check(recs) {
        Ok(_) => "accepted".into(),
        Err(StreamFailure::Rejected(r)) => r.rule.to_string(),
        Err(StreamFailure::Format(e)) => format!("format: {e}"),
    }
}

/// Mutate the body, reseal the trailer, return the rule that rejects it.
fn forged(good: &[Record], f: impl FnOnce(&mut Vec<Record>)) -> String {
    let mut v: Vec<Record> = good
        .iter()
        .filter(|r| !matches!(r, Record::Trailer(_)))
        .cloned()
        .collect();
    f(&mut v);
    rule(&sealed(v))
}

fn position(v: &[Record], pred: impl Fn(&Record) -> bool) -> usize {
    v.iter().position(pred).expect("a record of that kind")
}

#[test]
fn reduced_streams_agree_with_reduced_relucert_1() {
    for (name, k) in [
        ("decomposition_fig3_h1.toml", 2),
        ("decomposition_fig3_h1.toml", 3),
        ("liu_fig2.toml", 2),
        ("fig3_bias.toml", 2),
    ] {
        let inst = load(name, k);
        let recs = sealed(body(&inst, true));
        let r = check(&recs).unwrap_or_else(|e| panic!("{name} K={k}: {e:?}"));
        assert!(r.reduced);
        let report = Plan::new(&inst, faces_of(&inst).unwrap(), true).decide(&inst, Route::ExactOnly, false);
        let levels = relucert::families::levels::levels(&report, k);
        let key = |l: &relucert::families::levels::Level| {
            (
                l.loss.clone(),
                l.spurious,
                l.families,
                l.differentiable,
                l.full_width,
            )
        };
        assert_eq!(
            r.levels
                .iter()
                .map(|l| (
                    l.loss.clone(),
                    l.spurious,
                    l.families,
                    l.differentiable,
                    l.full_width
                ))
                .collect::<Vec<_>>(),
            levels.iter().map(key).collect::<Vec<_>>(),
            "{name} K={k}"
        );
        assert_eq!(r.global_min, report.global_min, "{name} K={k}");
        let decided = recs.iter().filter(|r| r.family_key().is_some()).count();
        assert_eq!(decided as u128, report.results.len() as u128, "{name} K={k}");
    }
}

#[test]
fn reduction_record_mutations_are_rejected() {
    let inst = load("decomposition_fig3_h1.toml", 2);
    let good = sealed(body(&inst, true));
    assert_eq!(rule(&good), "accepted");
    let red = position(&good, |r| matches!(r, Record::Reduction(_)));
    let Record::Reduction(rec) = &good[red] else {
        unreachable!()
    };
    assert_eq!(rec.sizes, vec![39, 153], "13 faces, 18 non-inert items");

    // Removed: the first family record arrives without it.
    assert_eq!(forged(&good, |v| drop(v.remove(red))), "reduction-record");
    // Wrong rule name, a dropped or added inert item, wrong sizes.
    let edit = |f: &dyn Fn(&mut relucert_format::reduction::ReductionRecord)| {
        forged(&good, |v| {
            if let Record::Reduction(r) = &mut v[red] {
                f(r)
            }
        })
    };
    assert_eq!(edit(&|r| r.rule = "duplicates".into()), "reduction-record");
    assert_eq!(edit(&|r| drop(r.inert.pop())), "reduction-record");
    assert_eq!(edit(&|r| r.inert.insert(0, "+++:+".into())), "reduction-record");
    assert_eq!(edit(&|r| r.sizes[1] += 1), "reduction-record");
    assert_eq!(edit(&|r| r.sizes.push(0)), "reduction-record");
    // Twice, or not first in the families stream.
    assert_eq!(
        forged(&good, |v| {
            let r = v[red].clone();
            v.insert(red + 1, r)
        }),
        "reduction-record"
    );
    assert_eq!(
        forged(&good, |v| {
            let r = v.remove(red);
            v.insert(red + 1, r)
        }),
        "reduction-record"
    );
    // The header says the search was not reduced.
    let header_off = |v: &mut Vec<Record>| {
        if let Record::Header(h) = &mut v[0] {
            h.options.reduce = false;
        }
    };
    assert_eq!(forged(&good, header_off), "reduction-record");
    // … and without the reduction record, one-unit records are not a full search.
    assert_eq!(
        forged(&good, |v| {
            header_off(v);
            v.remove(red);
        }),
        "family-enumeration"
    );
    // A full stream that claims to be reduced.
    let full = body(&inst, false);
    assert_eq!(
        forged(&full, |v| if let Record::Header(h) = &mut v[0] {
            h.options.reduce = true
        }),
        "reduction-record"
    );
    // reduce without families.
    assert_eq!(
        forged(&good, |v| if let Record::Header(h) = &mut v[0] {
            h.options.families = false
        })
        .as_str(),
        "reduction-record"
    );
}

#[test]
fn reduced_enumeration_mutations_are_rejected() {
    let inst = load("decomposition_fig3_h1.toml", 3);
    let good = sealed(body(&inst, true));
    assert_eq!(rule(&good), "accepted");
    let fam = |v: &[Record], j: usize| position(v, |r| r.family_key().is_some_and(|(f, _)| f.len() == j));
    // A dropped combination (first, middle, last of the families stream).
    for pick in [
        fam(&good, 1),
        fam(&good, 2) + 7,
        good.len() - 2, // the record before the trailer
    ] {
        assert_eq!(
            forged(&good, |v| drop(v.remove(pick))),
            "reduction-enumeration",
            "dropping record {pick}"
        );
    }
    // Two records swapped: keys must strictly increase.
    let two = fam(&good, 2);
    assert_eq!(forged(&good, |v| v.swap(two, two + 1)), "family-enumeration");
    // A duplicated record.
    assert_eq!(
        forged(&good, |v| {
            let r = v[two].clone();
            v.insert(two, r)
        }),
        "family-enumeration"
    );
    // A core with a repeated item, or with an inert item (mode 0).
    let set = |v: &mut Vec<Record>, at: usize, faces: Vec<u64>, modes: &str| match &mut v[at] {
        Record::Family(f) => {
            f.f = faces;
            f.m = modes.into();
        }
        Record::FamilyRefutation(f) => {
            f.f = faces;
            f.m = modes.into();
        }
        _ => unreachable!(),
    };
    let last2 = good
        .iter()
        .rposition(|r| r.family_key().is_some_and(|(f, _)| f.len() == 2))
        .unwrap();
    let (f, m) = good[last2]
        .family_key()
        .map(|(f, m)| (f.to_vec(), m.to_string()))
        .unwrap();
    let m0 = m.chars().next().unwrap();
    assert_eq!(
        forged(&good, |v| set(v, last2, vec![f[0], f[0]], &format!("{m0}{m0}"))),
        "reduction-core"
    );
    assert_eq!(
        forged(&good, |v| set(v, last2, vec![f[0], f[1]], &format!("{m0}0"))),
        "reduction-core"
    );
    // Too many units.
    let last = good.len() - 2;
    let (f, m) = good[last]
        .family_key()
        .map(|(f, m)| (f.to_vec(), m.to_string()))
        .unwrap();
    assert_eq!(f.len(), 3);
    assert_eq!(
        forged(&good, |v| set(
            v,
            last,
            vec![f[0], f[1], f[2], f[2]],
            &format!("{m}{}", m.chars().last().unwrap())
        )),
        "reduction-core"
    );
    // A one-unit record after the two-unit ones (out of order by size).
    assert_eq!(
        forged(&good, |v| {
            let r = v.remove(fam(v, 1));
            v.insert(last - 1, r)
        }),
        "family-enumeration"
    );
}

#[test]
fn level_mutations_are_rejected() {
    let inst = load("decomposition_fig3_h1.toml", 3);
    let good = sealed(body(&inst, true));
    let with_level = |f: &dyn Fn(&mut relucert_format::v2::LevelLine)| {
        let mut v = good.clone();
        let Some(Record::Trailer(t)) = v.last_mut() else {
            unreachable!()
        };
        let levels = t.levels.as_mut().unwrap();
        let n = levels.len();
        f(&mut levels[n - 1]);
        rule(&v)
    };
    assert_eq!(with_level(&|l| l.cores = l.cores.map(|c| c + 1)), "levels");
    assert_eq!(
        with_level(&|l| l.differentiable = l.differentiable.map(|c| c ^ 1)),
        "levels"
    );
    assert_eq!(with_level(&|l| l.full_width = l.full_width.map(|b| !b)), "levels");
    assert_eq!(with_level(&|l| l.cores = None), "levels");
    assert_eq!(with_level(&|l| l.families += 1), "stream-trailer");
    assert_eq!(with_level(&|l| l.spurious = !l.spurious), "stream-trailer");
    // A family's differentiable flag flipped (trailer resealed): rejected by the record's rule.
    let at = position(&good, |r| matches!(r, Record::Family(f) if f.differentiable));
    assert_eq!(
        forged(&good, |v| if let Record::Family(f) = &mut v[at] {
            f.differentiable = false
        }),
        "family-differentiable"
    );
}
