//! Hostile and broken inputs: never a panic, never a wrong or invalid
//! output, nothing left behind, bounded memory. The CLI-level behaviour of
//! each kind of failure (exit status 1, one `error:` report, no output
//! file, input untouched) is covered case by case in `tests/cases/`; these
//! tests push many inputs through the library with the CLI's limits.

mod common;

use std::path::Path;
use wasm_encoder::{
    CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction, Module,
    TypeSection,
};
use wizer_lite::Wizer;

/// The limits a build pipeline facing untrusted modules would set.
fn bounded() -> Wizer {
    let mut wizer = Wizer::new();
    wizer
        .fuel(1_000_000)
        .max_memory(16 << 20)
        .max_table_elements(100_000);
    wizer
}

/// Runs `input` through the snapshotter: an error is fine, a panic fails
/// the test, and an output must validate.
fn survive(input: &[u8], what: &str) -> bool {
    match bounded().run(input) {
        Ok(output) => {
            if let Err(e) = common::validate(&output) {
                panic!("{what}: the output does not validate: {e}");
            }
            true
        }
        Err(e) => {
            let message = format!("{e:#}");
            assert!(!message.is_empty(), "{what}: an empty error");
            assert!(!message.contains("panicked"), "{what}: {message}");
            false
        }
    }
}

fn program(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/programs/{name}/{name}.wasm")),
    )
    .unwrap()
}

#[test]
fn every_truncation_of_a_module_is_an_error_or_a_valid_snapshot() {
    let primes =
        wat::parse_file(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/primes.wat")).unwrap();
    for len in 0..primes.len() {
        survive(&primes[..len], &format!("primes cut at {len}"));
    }
    assert!(survive(&primes, "primes"));

    // A real C program: every cut in its first 8 KiB (header, types,
    // imports, functions, memory, globals, exports, the start of the code),
    // then every 61st byte through the rest of it.
    let c = program("c-init");
    let cuts = (0..8192).chain((8192..c.len()).step_by(61));
    let mut n = 0;
    for len in cuts {
        survive(&c[..len], &format!("c-init cut at {len}"));
        n += 1;
    }
    assert!(n > 10_000, "{n} cuts");
}

#[test]
fn huge_counts_and_sizes_are_errors() {
    let header = b"\0asm\x01\0\0\0".to_vec();
    let with = |tail: &[u8]| [&header[..], tail].concat();
    let inputs = [
        // A type section claiming 4 GiB of contents.
        with(&[1, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        // A type section claiming 2^32 - 1 types.
        with(&[1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        // A function section claiming a huge count in a tiny section.
        with(&[1, 4, 1, 0x60, 0, 0, 3, 5, 0xff, 0xff, 0xff, 0xff, 0x0f]),
        // An overlong LEB128.
        with(&[1, 7, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
        // A custom section whose name length runs past the end.
        with(&[0, 3, 0xff, 0xff, 0x03]),
        // A data segment claiming 4 GiB of bytes.
        with(&[
            5, 3, 1, 0, 1, 11, 9, 1, 0, 0x41, 0, 0x0b, 0xff, 0xff, 0xff, 0x0f,
        ]),
        // A wrong magic; an unknown version; a component; nothing.
        b"\0wsm\x01\0\0\0".to_vec(),
        b"\0asm\x02\0\0\0".to_vec(),
        b"\0asm\x0d\0\x01\0".to_vec(),
        Vec::new(),
    ];
    for (i, input) in inputs.iter().enumerate() {
        assert!(
            !survive(input, &format!("input {i}")),
            "input {i} was accepted"
        );
    }
}

#[test]
fn a_memory_of_the_maximum_page_count_is_snapshotted() {
    // 65,536 pages: the whole 32-bit space, 4 GiB, scanned without copying.
    let wat = r#"(module (memory (export "m") 65536)
        (func (export "wizer.initialize") (i32.store8 (i32.const -1) (i32.const 9))))"#;
    let out = Wizer::new().run(wat.as_bytes()).unwrap();
    let text = wasmprinter::print_bytes(&out).unwrap();
    assert!(text.contains("(memory (;0;) 65536)"), "{text}");
    assert!(
        text.contains("(data (;0;) (i32.const -1) \"\\09\")"),
        "{text}"
    );

    // Beyond what the machine can give: an error, not an abort, and before
    // wasmi allocates anything (zeroing it would get the process killed).
    let wat = r#"(module (memory i64 1000000000000) (func (export "wizer.initialize")))"#;
    let err = Wizer::new().run(wat.as_bytes()).unwrap_err();
    assert!(
        format!("{err:#}").starts_with(
            "the module's memories start at 65536000000000000 bytes, which wasmi allocates \
             and zeroes whole, but only "
        ),
        "{err:#}"
    );
}

#[test]
fn growth_beyond_the_machine_s_memory_is_refused_and_named() {
    // 2^24 pages: 1 TiB, more than any test machine has free. The guest
    // sees -1 and stores it; a guest that gives up says why.
    let grow = |then: &str| {
        format!(
            r#"(module (memory (export "m") i64 1)
                 (global (export "g") (mut i64) (i64.const 7))
                 (func (export "wizer.initialize")
                   (global.set 0 (memory.grow (i64.const 16777216)))
                   {then}))"#
        )
    };
    let out = Wizer::new().run(grow("").as_bytes()).unwrap();
    let text = wasmprinter::print_bytes(&out).unwrap();
    assert!(
        text.contains("(global (;0;) (mut i64) i64.const -1)"),
        "{text}"
    );
    assert!(text.contains("(memory (;0;) i64 1)"), "{text}");

    let gives_up = grow("(if (i64.lt_s (global.get 0) (i64.const 0)) (then unreachable))");
    let err = Wizer::new().run(gives_up.as_bytes()).unwrap_err();
    // The report's engine message; the replay of the failure got the same
    // refusal from the log, and its backtrace is there.
    let failure = err.downcast_ref::<wizer_lite::InitFailure>().unwrap();
    assert_eq!(failure.backtrace_unavailable, None);
    assert_eq!(failure.frames.len(), 1);
    let message = failure.message.clone();
    assert!(
        message.starts_with(
            "the init function `wizer.initialize` trapped after a `memory.grow` to \
             1099511693312 bytes was refused: only "
        ) && message.ends_with("wasm `unreachable` instruction executed"),
        "{message}"
    );
}

#[test]
fn deeply_nested_blocks() {
    let depth = 20_000;
    let mut f = Function::new([]);
    for _ in 0..depth {
        f.instruction(&Instruction::Block(wasm_encoder::BlockType::Empty));
    }
    for _ in 0..depth {
        f.instruction(&Instruction::End);
    }
    f.instruction(&Instruction::End);
    let wasm = nullary_functions([("wizer.initialize".to_string(), f)]);
    assert!(survive(&wasm, "nested blocks"));
}

/// A module of `[] -> []` functions, each exported under its name.
fn nullary_functions(functions: impl IntoIterator<Item = (String, Function)>) -> Vec<u8> {
    let mut types = TypeSection::new();
    types.ty().function([], []);
    let mut funcs = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    for (i, (name, f)) in functions.into_iter().enumerate() {
        funcs.function(0);
        exports.export(&name, ExportKind::Func, i as u32);
        code.function(&f);
    }
    let mut module = Module::new();
    module
        .section(&types)
        .section(&funcs)
        .section(&exports)
        .section(&code);
    module.finish()
}

#[test]
fn thousands_of_functions_and_exports() {
    let n = 20_000;
    let wasm = nullary_functions((0..n).map(|i| {
        let mut f = Function::new([]);
        if i == 0 {
            // Init calls the last function.
            f.instruction(&Instruction::Call(n - 1));
        }
        f.instruction(&Instruction::End);
        let name = if i == 0 {
            "wizer.initialize".to_string()
        } else {
            format!("f{i}")
        };
        (name, f)
    }));
    let out = Wizer::new().verify(true).run(&wasm).unwrap();
    let live = common::instantiate(&out).unwrap();
    assert_eq!(live.export_names().len(), n as usize - 1);
}

/// xorshift64*, for reproducible hostile bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The seeded counterpart of the `any_bytes` fuzz target: random bytes,
/// random bytes behind a valid header, and valid modules with random
/// mutations (bit flips, byte changes, insertions, deletions, splices).
#[test]
fn seeded_random_and_mutated_inputs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut valid: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().ends_with(".wat") && !p.to_string_lossy().ends_with(".out.wat")
        })
        .filter_map(|p| wat::parse_file(p).ok())
        .collect();
    valid.sort();
    assert!(valid.len() > 50);

    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut accepted = 0;
    for i in 0..600 {
        let input = match i % 3 {
            0 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
            1 => {
                let mut v = b"\0asm\x01\0\0\0".to_vec();
                v.extend((0..rng.below(200)).map(|_| rng.next() as u8));
                v
            }
            _ => {
                let mut v = valid[rng.below(valid.len())].clone();
                // Every other one unmutated, so that real snapshots are in
                // the mix too.
                for _ in 0..(i % 2) * (1 + rng.below(4)) {
                    let at = rng.below(v.len().max(1));
                    match rng.below(5) {
                        0 if !v.is_empty() => v[at] ^= 1 << rng.below(8),
                        1 if !v.is_empty() => v[at] = rng.next() as u8,
                        2 => v.insert(at.min(v.len()), rng.next() as u8),
                        3 if !v.is_empty() => {
                            v.remove(at);
                        }
                        _ => {
                            let other = &valid[rng.below(valid.len())];
                            let from = rng.below(other.len());
                            let end = (from + rng.below(32)).min(other.len());
                            let at = at.min(v.len());
                            v.splice(at..at, other[from..end].iter().copied());
                        }
                    }
                }
                v
            }
        };
        if survive(&input, &format!("input {i}")) {
            accepted += 1;
        }
    }
    // Some inputs snapshot: outputs were really checked.
    assert!(accepted > 10, "only {accepted} inputs produced a snapshot");
}

/// Damaged components are refused with an error, never a panic, and a
/// snapshot of one that still parses validates: every byte of three small
/// components is changed in turn (a fixed pattern, so the test is
/// reproducible).
#[test]
fn damaged_components_are_errors_not_panics() {
    let components = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/components");
    for name in [
        "c-reactor.wasm",
        "wat/two-instances.wat",
        "wat/unused-import.wat",
    ] {
        let bytes = std::fs::read(components.join(name)).unwrap();
        let input = match name.ends_with(".wat") {
            true => wat::parse_bytes(&bytes).unwrap().into_owned(),
            false => bytes,
        };
        for at in 8..input.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut damaged = input.clone();
                damaged[at] ^= flip;
                let what = format!("{name}: byte {at} ^ {flip:#x}");
                let result = std::panic::catch_unwind(|| Wizer::new().run(&damaged));
                let Ok(result) = result else {
                    panic!("{what} panicked");
                };
                if let Ok(output) = result {
                    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
                        .validate_all(&output)
                        .unwrap_or_else(|e| panic!("{what}: the output does not validate: {e}"));
                }
            }
        }
    }
}
