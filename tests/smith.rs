//! Seeded differential testing on generated modules (wasm-smith): for each
//! module, "original + init + call" must equal "snapshot + call" for every
//! export, with all exported globals and memories equal after each call.
//! Then V8 (Node.js), an engine independent of wasmi, runs both the
//! original (doing init itself) and the snapshot, and must give the same
//! results: a wasmi miscompilation during init would show there (it did:
//! see `src/wasmi_fix.rs`). Deterministic: the same seeds every run.

mod common;

use arbitrary::Unstructured;
use common::differential::{Tally, UnderV8, check_collecting, config};

const SEEDS: u64 = 400;

/// xorshift64*, enough to feed wasm-smith reproducible bytes.
fn bytes_for(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn snapshots_of_generated_modules_behave_like_the_originals() {
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut under_v8: Vec<(u64, UnderV8)> = Vec::new();
    for seed in 0..SEEDS {
        let data = bytes_for(seed, 8192);
        let mut u = Unstructured::new(&data);
        let Ok(mut module) = wasm_smith::Module::new(config(seed), &mut u) else {
            continue;
        };
        if module.ensure_termination(1_000).is_err() {
            continue;
        }
        let wasm = module.to_bytes();
        tally.generated += 1;
        let mut jobs = Vec::new();
        if let Err(e) = check_collecting(&wasm, &mut tally, Some(&mut jobs)) {
            failures.push(format!("seed {seed}: {e}"));
        }
        under_v8.extend(jobs.into_iter().map(|job| (seed, job)));
    }
    println!("smith: {tally:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Under V8. A difference in a module with float arithmetic may be NaN
    // bits (V8 keeps the hardware's, wasmi makes them canonical) and is
    // counted, not failed; any other is a finding.
    let mut jobs = Vec::new();
    let mut ambiguous = std::collections::BTreeSet::new();
    for (seed, mut job) in under_v8 {
        job.original.name = format!("seed {seed} original");
        job.snapshot.name = format!("seed {seed} snapshot");
        if job.nan_ambiguous {
            ambiguous.insert(job.original.name.clone());
            ambiguous.insert(job.snapshot.name.clone());
        }
        jobs.extend([job.original, job.snapshot]);
    }
    let dir = std::env::temp_dir().join(format!("wizer-lite-smith-{}", std::process::id()));
    let differences = common::node::run(&jobs, &dir).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(&dir);
    // Node 20 lacks some proposals wasm-smith uses (table64, say): a seed
    // whose original V8 cannot instantiate is not compared. Its snapshot
    // must then fail alike; where the original instantiates, so must the
    // snapshot.
    let uninstantiable = |message: &str| message.contains("\n  V8:\n    cannot instantiate:");
    let unsupported: std::collections::BTreeSet<String> = differences
        .iter()
        .filter(|m| uninstantiable(m))
        .filter_map(|m| m.split_once(" original:").map(|(seed, _)| seed.to_string()))
        .collect();
    let (skipped, differences): (Vec<_>, Vec<_>) = differences.into_iter().partition(|m| {
        unsupported
            .iter()
            .any(|seed| m.starts_with(&format!("{seed} ")) && uninstantiable(m))
    });
    let (nan, findings): (Vec<_>, Vec<_>) = differences.into_iter().partition(|message| {
        ambiguous
            .iter()
            .any(|name| message.starts_with(&format!("{name}:")))
    });
    let compared = jobs.len() / 2 - unsupported.len();
    println!(
        "under V8: {compared} modules compared ({} V8 cannot run), {} differ in modules \
         with float arithmetic",
        unsupported.len(),
        nan.len()
    );
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    assert!(skipped.len() <= 2 * unsupported.len());
    assert!(
        compared >= SEEDS as usize / 16,
        "only {compared} compared under V8"
    );
    assert!(
        nan.len() * 4 <= compared * 2,
        "too many NaN-ambiguous differences: {}\n{}",
        nan.len(),
        nan[..3.min(nan.len())].join("\n")
    );
}
