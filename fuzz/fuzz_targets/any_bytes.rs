//! Arbitrary bytes (and, through the seed corpus, mutated valid modules)
//! through the snapshotter with the CLI's limits: never a panic; either an
//! error or a module that validates.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A crash that kills the process before libFuzzer can save the input
    // (a native stack overflow) leaves it here, when asked for.
    if let Some(path) = std::env::var_os("WIZER_LITE_FUZZ_RECORD") {
        let _ = std::fs::write(path, data);
    }
    let result = wizer_lite::Wizer::new()
        .fuel(1_000_000)
        .max_memory(16 << 20)
        .max_table_elements(100_000)
        .verify(true)
        .run(data);
    if let Ok(output) = result {
        let features = wizer_lite::Features::default().wasmparser();
        wasmparser::Validator::new_with_features(features)
            .validate_all(&output)
            .expect("wizer-lite returned a module that does not validate");
    }
});
