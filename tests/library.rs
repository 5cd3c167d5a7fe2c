//! The library API: the builder, the linker hook, and determinism.

mod common;

use wizer_lite::Wizer;
use wizer_lite::wasmi::Caller;

const USES_HOST: &str = r#"(module
  (import "host" "seed" (func $seed (result i32)))
  (import "host" "unused" (func $unused))
  (global $v (export "v") (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $v (call $seed))))"#;

fn global(wasm: &[u8], name: &str) -> String {
    let live = common::instantiate(wasm).unwrap();
    match &live.state()[name] {
        common::StateItem::Global(v) => v.clone(),
        common::StateItem::Memory(_) => panic!("`{name}` is a memory"),
    }
}

#[test]
fn linker_hook_provides_host_functions_and_results_are_frozen() {
    let mut wizer = Wizer::new();
    wizer.make_linker(|linker| {
        linker.func_wrap("host", "seed", |_: Caller<'_, wizer_lite::InitState>| 1234)?;
        Ok(())
    });
    let out = wizer.run(USES_HOST.as_bytes()).unwrap();
    common::validate(&out).unwrap();
    assert_eq!(global(&out, "v"), "1234");
    // Both imports stay: the module still needs them at run time.
    let imports = wasmparser::Parser::new(0)
        .parse_all(&out)
        .filter_map(|p| match p.unwrap() {
            wasmparser::Payload::ImportSection(r) => Some(r.into_imports().count()),
            _ => None,
        })
        .sum::<usize>();
    assert_eq!(imports, 2);
}

#[test]
fn without_the_hook_the_host_import_is_a_stub() {
    let err = Wizer::new().run(USES_HOST.as_bytes()).unwrap_err();
    let chain = format!("{err:#}");
    assert!(chain.contains("`host`.`seed`"), "{chain}");
}

#[test]
fn a_failing_hook_is_reported() {
    let mut wizer = Wizer::new();
    wizer.make_linker(|_| anyhow::bail!("no host today"));
    let err = wizer.run(USES_HOST.as_bytes()).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "failed to add host functions to the linker: no host today"
    );
}

#[test]
fn builder_options_match_the_cli() {
    let wat = r#"(module
      (global $v (export "v") (mut i32) (i32.const 0))
      (func (export "setup") (global.set $v (i32.const 5)))
      (func (export "old") (result i32) (i32.const 1)))"#;
    let out = Wizer::new()
        .init_func("setup")
        .keep_init_func(true)
        .func_rename("new", "old")
        .run(wat.as_bytes())
        .unwrap();
    let live = common::instantiate(&out).unwrap();
    assert_eq!(live.export_names(), ["new", "setup", "v"]);
    assert_eq!(global(&out, "v"), "5");
}

#[test]
fn features_can_be_switched_off_by_name() {
    let wat = r#"(module (memory i64 1) (func (export "wizer.initialize")))"#;
    assert!(Wizer::new().run(wat.as_bytes()).is_ok());
    let mut wizer = Wizer::new();
    wizer.wasm_feature("memory64", false).unwrap();
    let err = wizer.run(wat.as_bytes()).unwrap_err();
    assert!(format!("{err:#}").contains("memory64"), "{err:#}");
    assert!(Wizer::new().wasm_feature("threads", true).is_err());
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let wat = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/primes.wat"))
        .unwrap();
    let a = Wizer::new().run(wat.as_bytes()).unwrap();
    let b = Wizer::new().run(wat.as_bytes()).unwrap();
    assert_eq!(a, b);
    // Snapshotting the binary form gives the same module as the text form.
    let binary = wat::parse_str(&wat).unwrap();
    assert_eq!(Wizer::new().run(&binary).unwrap(), a);
}

#[test]
fn the_bundled_example_is_snapshotted() {
    let wat = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/primes.wat"))
        .unwrap();
    let out = Wizer::new().run(wat.as_bytes()).unwrap();
    let mut live = common::instantiate(&out).unwrap();
    assert_eq!(live.invoke("nth_prime", &["0".into()]).unwrap(), ["2"]);
    assert_eq!(live.invoke("nth_prime", &["31".into()]).unwrap(), ["131"]);
    assert_eq!(live.invoke("nth_prime", &["32".into()]).unwrap(), ["0"]);
    // The init export is gone: the work is done.
    assert!(
        !live
            .export_names()
            .contains(&"wizer.initialize".to_string())
    );
}

#[test]
fn wasmi_is_reexported() {
    // Embedders name the exact wasmi version wizer-lite links.
    let engine = wizer_lite::wasmi::Engine::default();
    let _linker = wizer_lite::InitLinker::new(&engine);
}

#[test]
fn two_phase_api_snapshots_an_instance_the_embedder_ran() {
    use wizer_lite::wasmi::{Engine, Linker, Module, Store};
    let wat = r#"(module
      (memory (export "mem") 1)
      (global $n (mut i32) (i32.const 0))
      (func $start (global.set $n (i32.const 100)))
      (start $start)
      (func (export "add") (param i32)
        (global.set $n (i32.add (global.get $n) (local.get 0)))
        (i32.store (i32.const 8) (global.get $n)))
      (func (export "n") (result i32) (global.get $n)))"#;
    let instrumented = Wizer::new().instrument(wat.as_bytes()).unwrap();

    // The embedder runs the module its own way: here, two calls of `add`.
    let engine = Engine::default();
    let module = Module::new(&engine, instrumented.wasm()).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .unwrap();
    let add = instance.get_typed_func::<i32, ()>(&store, "add").unwrap();
    add.call(&mut store, 5).unwrap();
    add.call(&mut store, 6).unwrap();

    let mut state = wizer_lite::WasmiInstance::new(&mut store, instance);
    let out = instrumented.snapshot(&mut state).unwrap();
    common::validate(&out).unwrap();
    let mut live = common::instantiate(&out).unwrap();
    // The start function already ran: it must not run again.
    assert_eq!(live.invoke("n", &[]).unwrap(), ["111"]);
    assert_eq!(live.export_names(), ["add", "mem", "n"]);
    match &live.state()["mem"] {
        common::StateItem::Memory(bytes) => assert_eq!(bytes[8], 111),
        common::StateItem::Global(_) => unreachable!(),
    }
}

#[test]
fn two_phase_module_is_guarded_against_the_wasmi_select_miscompilation() {
    use wizer_lite::wasmi::{Engine, Linker, Module, Store};
    // With $z = 0 in a one-page memory, `memory.size + select(1, 0, eqz $z)`
    // is 2; wasmi 2.0.0 unguarded tests the stale `memory.size` register
    // and gives 1.
    let wat = r#"(module
      (memory 1)
      (global $g (export "g") (mut i32) (i32.const 0))
      (func (export "init") (local $z i32)
        (global.set $g
          (i32.add (memory.size)
            (select (i32.const 1) (i32.const 0) (i32.eqz (local.get $z)))))))"#;
    let run = |wasm: &[u8]| {
        let engine = Engine::default();
        let module = Module::new(&engine, wasm).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .unwrap();
        let init = instance.get_typed_func::<(), ()>(&store, "init").unwrap();
        init.call(&mut store, ()).unwrap();
        let g = instance.get_global(&store, "g").unwrap();
        g.get(&store).i32().unwrap()
    };
    // The canary: wasmi itself still gets it wrong.
    assert_eq!(run(&wat::parse_str(wat).unwrap()), 1);
    let instrumented = Wizer::new()
        .init_func("init")
        .instrument(wat.as_bytes())
        .unwrap();
    assert_eq!(run(instrumented.wasm()), 2);
}

#[test]
fn two_phase_api_refuses_what_run_refuses() {
    let wat = r#"(module (import "env" "m" (memory 1)))"#;
    let err = Wizer::new().instrument(wat.as_bytes()).err().unwrap();
    assert!(format!("{err:#}").starts_with("imported memories are not supported"));
}

#[test]
fn preload_bytes_provide_imports_during_init() {
    let helper = r#"(module (func (export "seed") (result i32) (i32.const 99)))"#;
    let out = Wizer::new()
        .preload_bytes("host", helper.as_bytes())
        .run(USES_HOST.as_bytes())
        .unwrap();
    assert_eq!(global(&out, "v"), "99");
}

#[test]
fn fuel_is_reported_and_bounded() {
    let wat = r#"(module (func (export "wizer.initialize") (loop $l (br $l))))"#;
    let err = Wizer::new().fuel(10_000).run(wat.as_bytes()).unwrap_err();
    assert!(format!("{err:#}").contains("ran out of fuel"), "{err:#}");

    let wat = r#"(module (global (export "g") (mut i32) (i32.const 0))
      (func (export "wizer.initialize") (global.set 0 (i32.const 1))))"#;
    let output = Wizer::new()
        .fuel(10_000)
        .run_detailed(wat.as_bytes())
        .unwrap();
    let used = output.fuel_used.unwrap();
    assert!(used > 0 && used < 10_000, "{used}");
    assert_eq!(
        Wizer::new().run_detailed(wat.as_bytes()).unwrap().fuel_used,
        None
    );
}

#[test]
fn a_non_null_externref_is_refused_naming_the_global() {
    use wizer_lite::wasmi::{ExternRef, Nullable};
    let wat = r#"(module
      (import "host" "make" (func $make (result externref)))
      (global $e (mut externref) (ref.null extern))
      (func (export "wizer.initialize") (global.set $e (call $make))))"#;
    let mut wizer = Wizer::new();
    wizer.make_linker(|linker| {
        linker.func_wrap(
            "host",
            "make",
            |mut caller: Caller<'_, wizer_lite::InitState>| {
                Nullable::Val(ExternRef::new(&mut caller, 7u32))
            },
        )?;
        Ok(())
    });
    let err = wizer.run(wat.as_bytes()).unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("global 0 holds a non-null `externref`"),
        "{message}"
    );
}

#[test]
fn a_reference_to_an_imported_function_maps_to_its_import() {
    let helper = r#"(module (func (export "f") (result i32) (i32.const 5)))"#;
    let wat = r#"(module
      (import "helper" "f" (func $f (result i32)))
      (table (export "t") 2 funcref)
      (elem declare func $f)
      (func (export "wizer.initialize") (table.set (i32.const 1) (ref.func $f))))"#;
    let out = Wizer::new()
        .preload_bytes("helper", helper.as_bytes())
        .verify(true)
        .run(wat.as_bytes())
        .unwrap();
    // Slot 1 holds the import (function 0): calling through the table
    // reaches the stub that stands in for it.
    let text = wasmprinter::print_bytes(&out).unwrap();
    assert!(
        text.contains("(elem (;1;) (i32.const 1) func $f)"),
        "{text}"
    );
}

/// A module whose snapshot has several data segments, among other sections.
const SEGMENTS: &str = r#"(module
  (memory (export "memory") 2)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "wizer.initialize")
    (i32.store (i32.const 16) (i32.const 0x01020304))
    (i32.store (i32.const 4096) (i32.const 0x05060708))
    (i32.store (i32.const 70000) (i32.const 0x090a0b0c))
    (global.set $g (i32.const 9)))
  (func (export "f") (result i32) (global.get $g))
  (@custom "trailer" "after the data"))"#;

#[test]
fn writing_in_chunks_gives_the_same_module() {
    for verify in [false, true] {
        let mut wizer = Wizer::new();
        wizer.verify(verify);
        let whole = wizer.run(SEGMENTS.as_bytes()).unwrap();
        let mut chunks = Vec::new();
        let output = wizer
            .run_detailed_into(SEGMENTS.as_bytes(), &mut |chunk| {
                chunks.push(chunk.to_vec());
                Ok(())
            })
            .unwrap();
        assert!(output.wasm.is_empty());
        assert!(chunks.len() > 1 || verify, "{} chunks", chunks.len());
        assert_eq!(chunks.concat(), whole, "verify: {verify}");
    }
}

#[test]
fn a_failing_writer_is_reported_and_nothing_is_written_for_a_failing_run() {
    let wizer = Wizer::new();
    let err = wizer
        .run_detailed_into(SEGMENTS.as_bytes(), &mut |_| anyhow::bail!("disk full"))
        .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    // A run that fails never calls the writer.
    let mut called = false;
    let traps = r#"(module (func (export "wizer.initialize") unreachable))"#;
    let err = wizer
        .run_detailed_into(traps.as_bytes(), &mut |_| {
            called = true;
            Ok(())
        })
        .unwrap_err();
    assert!(format!("{err:#}").contains("trapped"), "{err:#}");
    assert!(!called);
}

/// The ids of the output's non-custom sections, in order.
fn section_ids(wasm: &[u8]) -> Vec<u8> {
    wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(|payload| match payload.unwrap() {
            wasmparser::Payload::CustomSection(_) => None,
            other => other.as_section().map(|(id, _)| id),
        })
        .collect()
}

#[test]
fn no_segment_left_means_no_data_section() {
    // Init clears the only initialized bytes; an empty data section would
    // cost 3 bytes that Wizer's output does not have.
    let wasm = wat::parse_str(
        r#"(module
             (memory (export "m") 1)
             (data (i32.const 16) "\01\02")
             (data (i32.const 9000) "")
             (func (export "wizer.initialize")
               (memory.fill (i32.const 16) (i32.const 0) (i32.const 2))))"#,
    )
    .unwrap();
    assert!(section_ids(&wasm).contains(&11));
    let out = Wizer::new().run(&wasm).unwrap();
    common::validate(&out).unwrap();
    let ids = section_ids(&out);
    assert!(!ids.contains(&11), "{ids:?}");
    let live = common::instantiate(&out).unwrap();
    assert!(
        matches!(&live.state()["m"], common::StateItem::Memory(m) if m.iter().all(|&b| b == 0))
    );

    // With a segment left, the section is there.
    let wasm = wat::parse_str(
        r#"(module (memory 1) (func (export "wizer.initialize")
             (i32.store8 (i32.const 3) (i32.const 9))))"#,
    )
    .unwrap();
    let out = Wizer::new().run(&wasm).unwrap();
    assert!(section_ids(&out).contains(&11));
}

/// wasmi 2.0.0 miscompiles a `select` on `i32.eqz` of a local even when
/// operators it emits no code for stand between them (here a local stored
/// back into itself), in a module of any size: the snapshot of a module
/// with 300 KiB of code (past the size at which an earlier guard stopped
/// looking for this form) holds what V8 computes, running the original's
/// init itself.
#[test]
fn a_large_module_snapshots_right_across_no_code_operators() {
    let filler = "i32.const 1 drop ".repeat(100 << 10);
    let wat = format!(
        r#"(module (memory 1)
             (global $g (export "g") (mut i32) (i32.const 0))
             (func $filler {filler})
             (func (export "wizer.initialize") (local $z i32) (local $y i32)
               memory.size
               i32.const 1
               i32.const 0
               local.get $z
               i32.eqz
               local.get $y
               local.set $y
               select
               i32.add
               global.set $g))"#
    );
    let wasm = wat::parse_str(&wat).unwrap();
    assert!(wasm.len() > 300 << 10);
    let snapshot = Wizer::new().run(&wasm).unwrap();
    let live = common::instantiate(&snapshot).unwrap();
    // One page, plus 1 for `$z` = 0.
    match &live.state()["g"] {
        common::StateItem::Global(v) => assert_eq!(v, "2"),
        common::StateItem::Memory(_) => unreachable!(),
    }
    // V8: the original, initialized by V8, and the snapshot hold it too.
    let before_init = common::instantiate(&wasm).unwrap();
    let mut original = common::node::Job::new("original", &wasm);
    original.call(&before_init, "wizer.initialize", &[], &[]);
    original.state(&live);
    let mut snapshotted = common::node::Job::new("snapshot", &snapshot);
    snapshotted.state(&live);
    let dir = std::env::temp_dir().join(format!("wizer-lite-large-select-{}", std::process::id()));
    let differences = common::node::run(&[original, snapshotted], &dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(differences.is_empty(), "{differences:#?}");
}
