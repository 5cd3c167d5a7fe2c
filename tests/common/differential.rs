//! The differential oracle on generated modules, shared by the seeded
//! test (`tests/smith.rs`) and the coverage-guided fuzzer
//! (`fuzz/fuzz_targets/same_result.rs`): "original + init + call" must
//! equal "snapshot + call" for every export, with all exported globals and
//! memories equal after each call, and the snapshot must validate and pass
//! `--verify`.

use super::{Live, diff_state};
use wizer_lite::Wizer;

/// The exports every generated module has: an init function, functions of
/// assorted types to call afterwards, a memory and globals to compare.
pub const SHAPE: &str = r#"(module
  (func (export "wizer.initialize"))
  (func (export "f0") (result i32) i32.const 0)
  (func (export "f1") (param i32) (result i64) i64.const 0)
  (func (export "f2") (param i64 f32) (result f64) f64.const 0)
  (func (export "f3"))
  (func (export "f4") (result v128) v128.const i64x2 0 0)
  (memory (export "memory") 1)
  (global (export "g0") (mut i32) (i32.const 0))
  (global (export "g1") (mut i64) (i64.const 0))
  (global (export "g2") (mut f32) (f32.const 0))
  (global (export "g3") (mut v128) (v128.const i64x2 0 0)))"#;

pub fn config(seed: u64) -> wasm_smith::Config {
    use wasm_smith::InstructionKind as K;
    wasm_smith::Config {
        // Every kind but GC aggregates: table mutation is snapshotted.
        allowed_instructions: wasm_smith::InstructionKinds::new(&[
            K::Numeric,
            K::Vector,
            K::Reference,
            K::Parametric,
            K::Variable,
            K::Table,
            K::Memory,
            K::Control,
        ]),
        // Half the seeds may trap anywhere (both sides must then agree);
        // the other half reach further.
        disallow_traps: seed.is_multiple_of(2),
        // Bulk memory fully on: data segments (passive ones with them) on
        // every seed, so `memory.init` and `data.drop` are drawn often.
        max_data_segments: 8,
        max_tables: 3,
        max_table_elements: 1_000,
        exports: Some(wat::parse_str(SHAPE).unwrap()),
        max_imports: 0,
        min_funcs: 2,
        max_funcs: 8,
        max_memories: 2,
        max_memory32_bytes: 1 << 20,
        max_memory64_bytes: 1 << 20,
        max_instructions: 200,
        memory64_enabled: true,
        multi_value_enabled: true,
        bulk_memory_enabled: true,
        simd_enabled: true,
        relaxed_simd_enabled: true,
        tail_call_enabled: true,
        extended_const_enabled: true,
        saturating_float_to_int_enabled: true,
        sign_extension_ops_enabled: true,
        reference_types_enabled: true,
        gc_enabled: false,
        exceptions_enabled: false,
        threads_enabled: false,
        wide_arithmetic_enabled: false,
        custom_page_sizes_enabled: false,
        ..wasm_smith::Config::default()
    }
}

/// Zero arguments of the right types for `name`.
fn zeros(live: &Live, name: &str) -> Vec<String> {
    let func = live.instance.get_func(&live.store, name).unwrap();
    let ty = func.ty(&live.store);
    ty.params()
        .iter()
        .map(|t| match t {
            wizer_lite::wasmi::ValType::V128 => "v128:0".to_string(),
            _ => "0".to_string(),
        })
        .collect()
}

/// Calls `name` with zero arguments of the right types.
fn call_with_zeros(live: &mut Live, name: &str) -> Vec<String> {
    let args = zeros(live, name);
    live.invoke(name, &args).unwrap()
}

#[derive(Default, Debug)]
pub struct Tally {
    pub generated: usize,
    pub refused: usize,
    pub init_failed: usize,
    pub compared: usize,
    pub calls: usize,
}

/// Memory growth is bounded on both sides alike, so that a module growing
/// to 4 GiB does not make every scan slow.
pub const MAX_MEMORY: usize = 16 << 20;

/// What V8 must reproduce for one compared module: the original with the
/// init call first, and the snapshot, each followed by the calls wasmi made
/// on the snapshot, ending in the state wasmi ended in. V8 computes init
/// itself in the first, so a wasmi miscompilation during init shows.
pub struct UnderV8 {
    pub original: super::node::Job,
    pub snapshot: super::node::Job,
    /// The code has float arithmetic: V8's NaN bits (the hardware's) may
    /// differ from wasmi's canonical ones and flow into integers, so a
    /// difference is not a finding.
    pub nan_ambiguous: bool,
}

/// Whether Node 20's V8 runs `wasm` (one memory at most: it has no
/// multi-memory), and whether its code has float arithmetic.
pub fn v8_fit(wasm: &[u8]) -> (bool, bool) {
    let (mut memories, mut floats) = (0, false);
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(wasmparser::Payload::MemorySection(reader)) => memories += reader.count(),
            Ok(wasmparser::Payload::ImportSection(reader)) => {
                for import in reader.into_imports().flatten() {
                    memories += u32::from(matches!(import.ty, wasmparser::TypeRef::Memory(_)));
                }
            }
            Ok(wasmparser::Payload::CodeSectionEntry(body)) => {
                let Ok(ops) = body.get_operators_reader() else {
                    return (false, true);
                };
                for op in ops.into_iter().flatten() {
                    let name = format!("{op:?}");
                    let float = name.starts_with("F32") || name.starts_with("F64");
                    let exact = [
                        "Const",
                        "Load",
                        "Store",
                        "ReplaceLane",
                        "ExtractLane",
                        "Splat",
                    ]
                    .iter()
                    .any(|k| name.contains(k));
                    floats |= float && !exact;
                }
            }
            Err(_) => return (false, true),
            _ => {}
        }
    }
    (memories <= 1, floats)
}

pub fn check(wasm: &[u8], tally: &mut Tally) -> Result<(), String> {
    check_collecting(wasm, tally, None)
}

/// [`check`], and for a compared module that V8 can run, the jobs for it.
pub fn check_collecting(
    wasm: &[u8],
    tally: &mut Tally,
    v8: Option<&mut Vec<UnderV8>>,
) -> Result<(), String> {
    // The reference: the original, instantiated (start runs), then init.
    let mut reference = match super::instantiate_limited(wasm, Some(MAX_MEMORY)) {
        Ok(live) => live,
        Err(_) => {
            // Instantiation fails (a trapping start or segment): so must we.
            return match Wizer::new().max_memory(MAX_MEMORY as u64).run(wasm) {
                Ok(_) => Err("the original fails to instantiate, the snapshot succeeded".into()),
                Err(_) => {
                    tally.init_failed += 1;
                    Ok(())
                }
            };
        }
    };
    let init = "wizer.initialize";
    let init_result = reference.invoke(init, &[]).unwrap();
    let init_trapped = init_result.first().is_some_and(|r| r.starts_with("trap"));

    let snapshot = match Wizer::new()
        .verify(true)
        .max_memory(MAX_MEMORY as u64)
        .run(wasm)
    {
        Ok(out) => out,
        Err(e) => {
            let message = format!("{e:#}");
            if message.starts_with("unsupported") || message.starts_with("imported") {
                tally.refused += 1;
                return Ok(());
            }
            if init_trapped {
                tally.init_failed += 1;
                return Ok(());
            }
            return Err(format!(
                "wizer-lite failed but the original init did not: {message}"
            ));
        }
    };
    if init_trapped {
        return Err(format!(
            "the original init trapped ({init_result:?}) but wizer-lite succeeded"
        ));
    }
    super::validate(&snapshot).map_err(|e| format!("invalid snapshot: {e}"))?;
    let mut snap = super::instantiate_limited(&snapshot, Some(MAX_MEMORY))
        .map_err(|e| format!("snapshot: {e}"))?;
    let same = |name: &str| Some(name.to_string());
    diff_state(&reference.state(), &snap.state(), &same).map_err(|e| format!("after init: {e}"))?;
    tally.compared += 1;
    let (v8_runs, nan_ambiguous) = v8_fit(wasm);
    let mut jobs = (v8.is_some() && v8_runs).then(|| {
        let mut original = super::node::Job::new("original", wasm);
        original.call(&reference, init, &[], &[]);
        (original, super::node::Job::new("snapshot", &snapshot))
    });

    for name in snap.export_names() {
        if snap.instance.get_func(&snap.store, &name).is_none() {
            continue;
        }
        let want = call_with_zeros(&mut reference, &name);
        let got = call_with_zeros(&mut snap, &name);
        if let Some((original, snapshot)) = &mut jobs {
            let args = zeros(&snap, &name);
            original.call(&snap, &name, &args, &got);
            snapshot.call(&snap, &name, &args, &got);
        }
        tally.calls += 1;
        let trap = |v: &[String]| v.first().is_some_and(|r| r.starts_with("trap"));
        if got != want && !(trap(&got) && trap(&want)) {
            return Err(format!("`{name}`: snapshot {got:?}, original {want:?}"));
        }
        diff_state(&reference.state(), &snap.state(), &same)
            .map_err(|e| format!("after `{name}`: {e}"))?;
    }
    if let (Some(v8), Some((mut original, mut snapshot))) = (v8, jobs) {
        original.state(&snap);
        snapshot.state(&snap);
        v8.push(UnderV8 {
            original,
            snapshot,
            nan_ambiguous,
        });
    }
    Ok(())
}
