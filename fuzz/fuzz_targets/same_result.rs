//! Differential fuzzing: a wasm-smith module (bulk memory, SIMD, relaxed
//! SIMD, multi-memory, memory64, multi-value, reference types and tables,
//! tail calls; termination by fuel) is snapshotted, and "original + init +
//! call" must equal "snapshot + call" for every export, with all exported
//! globals and memories equal. The oracle is the one the seeded test
//! `tests/smith.rs` runs in `cargo test`.

#![no_main]

#[path = "../../tests/common/mod.rs"]
#[allow(dead_code)]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&variant, rest)) = data.split_first() else {
        return;
    };
    let mut u = arbitrary::Unstructured::new(rest);
    let Ok(mut module) = wasm_smith::Module::new(common::differential::config(variant as u64), &mut u)
    else {
        return;
    };
    if module.ensure_termination(1_000).is_err() {
        return;
    }
    let wasm = module.to_bytes();
    let mut tally = common::differential::Tally::default();
    if let Err(e) = common::differential::check(&wasm, &mut tally) {
        panic!("divergence: {e}\nmodule:\n{}", wasmprinter::print_bytes(&wasm).unwrap_or_default());
    }
});
