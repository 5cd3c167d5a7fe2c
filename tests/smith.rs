//! Seeded differential testing on generated modules (wasm-smith): for each
//! module, "original + init + call" must equal "snapshot + call" for every
//! export, with all exported globals and memories equal after each call.
//! Deterministic: the same seeds every run.

mod common;

use arbitrary::Unstructured;
use common::differential::{Tally, check, config};

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
        if let Err(e) = check(&wasm, &mut tally) {
            failures.push(format!("seed {seed}: {e}"));
        }
    }
    println!("smith: {tally:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The oracle must really have been exercised.
    assert!(tally.compared >= SEEDS as usize / 4, "{tally:?}");
    assert!(tally.calls >= SEEDS as usize, "{tally:?}");
}
