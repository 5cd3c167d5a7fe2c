//! Failure reports: real guest programs that fail during init (built from
//! `tests/failing/` by its `build.sh`), run through the `wizer-lite`
//! binary. Each report's cause line, frame names and lines are checked,
//! and every frame's input offset against the input file's own DWARF, read
//! here as `wasm-tools addr2line` reads it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/failing")
        .join(name)
}

/// What a failed run left: its stderr, stdout, the report's `failure`, and
/// the directory it ran in.
struct Failed {
    stderr: String,
    stdout: String,
    failure: Value,
    dir: tempfile::TempDir,
}

impl Failed {
    fn cause(&self) -> &str {
        self.failure["cause"].as_str().expect("a cause")
    }

    fn frames(&self) -> &Vec<Value> {
        self.failure["frames"].as_array().expect("frames")
    }

    /// The demangled names of the frames that are not inlined, innermost
    /// first.
    fn names(&self) -> Vec<String> {
        self.frames()
            .iter()
            .filter(|f| f["inlined"] == false)
            .map(|f| f["demangled"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

/// Runs wizer-lite on `input` with `args`, expecting failure.
fn fail(input: &Path, args: &[&str]) -> Failed {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .current_dir(dir.path())
        .args(args)
        .arg(input)
        .args(["-o", "snapshot.wasm", "--report", "report.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !dir.path().join("snapshot.wasm").exists(),
        "an output was written"
    );
    // Nothing but the report and what the guest wrote is left behind.
    let mut left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["out", "report.json"], "{stderr}");
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert!(report["input"]["sha256"].is_string());
    Failed {
        stderr,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        failure: report["failure"].clone(),
        dir,
    }
}

/// What `wasm-tools addr2line INPUT OFFSET` prints, found as it finds it
/// (wasmparser for the sections, `addr2line` on DWARF addresses counted
/// from the code section's payload), but read here, apart from
/// wizer-lite's own symbolization: (function, `file:line:col`) per frame,
/// innermost first.
fn addr2line(input: &Path, offset: u64) -> Vec<(String, String)> {
    type Reader<'a> = gimli::EndianSlice<'a, gimli::LittleEndian>;
    let wasm = std::fs::read(input).unwrap();
    let mut sections = std::collections::HashMap::new();
    let mut code_start = None;
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        match payload.unwrap() {
            wasmparser::Payload::CodeSectionStart {
                unchecked_range, ..
            } => {
                code_start = Some(unchecked_range.start);
            }
            wasmparser::Payload::CustomSection(reader) if reader.name().starts_with(".debug_") => {
                sections.insert(reader.name().to_string(), reader.data());
            }
            _ => {}
        }
    }
    let dwarf = gimli::Dwarf::load(|id| {
        Ok::<_, gimli::Error>(Reader::new(
            sections.get(id.name()).copied().unwrap_or_default(),
            gimli::LittleEndian,
        ))
    })
    .unwrap();
    let context = addr2line::Context::from_dwarf(dwarf).unwrap();
    let address = offset - code_start.expect("a code section");
    let mut frames = context.find_frames(address).skip_all_loads().unwrap();
    let mut out = Vec::new();
    while let Some(frame) = frames.next().unwrap() {
        let name = frame
            .function
            .as_ref()
            .and_then(|f| f.demangle().ok())
            .map(|n| n.into_owned())
            .unwrap_or_default();
        let at = match &frame.location {
            Some(loc) => match (loc.file, loc.line, loc.column) {
                (Some(file), Some(line), Some(col)) if col > 0 => format!("{file}:{line}:{col}"),
                (Some(file), Some(line), _) => format!("{file}:{line}"),
                (Some(file), None, _) => file.to_string(),
                _ => "??".to_string(),
            },
            None => "??".to_string(),
        };
        out.push((name, at));
    }
    out
}

/// Every frame's locations are what `addr2line` (above) finds at its
/// offset in the input file, and there is one at all when `dwarf`.
fn check_offsets(input: &Path, failed: &Failed, dwarf: bool) {
    let frames = failed.frames();
    assert!(!frames.is_empty(), "{}", failed.stderr);
    let mut depth = usize::MAX;
    let mut ours: Vec<String> = Vec::new();
    let check = |ours: &mut Vec<String>, offset: u64| {
        if ours.is_empty() {
            return;
        }
        let theirs: Vec<String> = addr2line(input, offset)
            .into_iter()
            .map(|(_, at)| at)
            .collect();
        assert_eq!(ours, &theirs, "locations at {offset:#x}");
        ours.clear();
    };
    let mut last_offset = 0;
    for frame in frames {
        let d = frame["depth"].as_u64().unwrap() as usize;
        if d != depth {
            check(&mut ours, last_offset);
            depth = d;
        }
        last_offset = frame["offset"].as_u64().unwrap();
        if let (Some(file), Some(line)) = (frame["file"].as_str(), frame["line"].as_u64()) {
            let at = match frame["column"].as_u64() {
                Some(col) if col > 0 => format!("{file}:{line}:{col}"),
                _ => format!("{file}:{line}"),
            };
            ours.push(at);
        } else if dwarf && frame["inlined"] == false {
            // A frame in code without line rows (a linker-made wrapper).
            assert!(
                addr2line(input, last_offset)
                    .iter()
                    .all(|(_, at)| !at.contains(':')),
                "the DWARF has a line at {last_offset:#x} that the report lacks"
            );
        }
    }
    check(&mut ours, last_offset);
}

#[test]
fn a_rust_panic_with_line_tables_names_the_panicking_function_and_line() {
    let input = fixture("rust-panic-dwarf.wasm");
    let failed = fail(&input, &[]);
    // Without WASI, std's panic hook fails reading RUST_BACKTRACE.
    assert_eq!(
        failed.cause(),
        "init panicked in rust_panic::cfg::parse_port (/src/src/lib.rs:8:22); its message was \
         lost: std's panic hook needs WASI (`environ_sizes_get`, for `RUST_BACKTRACE`): \
         `--allow-wasi` lets it through"
    );
    assert!(
        failed
            .stderr
            .starts_with("error: init panicked in rust_panic::cfg::parse_port")
    );
    let names = failed.names();
    let at = names
        .iter()
        .position(|n| n == "rust_panic::cfg::parse_port")
        .unwrap();
    assert_eq!(
        names[at..at + 4],
        [
            "rust_panic::cfg::parse_port",
            "rust_panic::cfg::load",
            "rust_panic::init",
            "wizer.initialize"
        ]
    );
    // The inlined `expect`, from core, is a frame of its own.
    assert!(
        failed.frames().iter().any(
            |f| f["inlined"] == true && f["demangled"].as_str().unwrap().starts_with("expect<")
        )
    );
    check_offsets(&input, &failed, true);

    // With WASI (and stdio not shown) the message comes through.
    let failed = fail(&input, &["--allow-wasi", "--inherit-stdio", "false"]);
    assert_eq!(
        failed.cause(),
        "init panicked in rust_panic::cfg::parse_port (/src/src/lib.rs:8:22): invalid port: \
         ParseIntError { kind: InvalidDigit }"
    );
    assert_eq!(failed.failure["trap"], "unreachable");
    assert!(
        failed.stderr.contains("the guest's last stderr"),
        "{}",
        failed.stderr
    );
    check_offsets(&input, &failed, true);
}

#[test]
fn a_rust_panic_with_names_only_names_the_panicking_function() {
    let failed = fail(&fixture("rust-panic-names.wasm"), &["--allow-wasi"]);
    assert!(
        failed
            .cause()
            .starts_with("init panicked in rust_panic::cfg::parse_port: invalid port"),
        "{}",
        failed.cause()
    );
    assert!(failed.frames().iter().all(|f| f["file"].is_null()));
    // Rust's legacy mangling, demangled without the hash.
    let parse_port = failed
        .frames()
        .iter()
        .find(|f| f["demangled"] == "rust_panic::cfg::parse_port")
        .unwrap();
    assert!(
        parse_port["name"]
            .as_str()
            .unwrap()
            .starts_with("_ZN10rust_panic3cfg10parse_port17h")
    );
}

#[test]
fn c_abort_names_its_caller() {
    let input = fixture("c-failing.wasm");
    let failed = fail(&input, &["--allow-wasi", "-f", "abort_init"]);
    assert_eq!(
        failed.cause(),
        "init called abort() from check_header (./failing.c:9:9)"
    );
    assert_eq!(
        failed.names(),
        ["abort", "check_header", "parse", "abort_init"]
    );
    check_offsets(&input, &failed, true);
    let text = &failed.stderr;
    assert!(text.contains("at ./failing.c:14:5"), "{text}");
}

#[test]
fn an_out_of_bounds_load_gives_the_address_and_the_memory_size() {
    // (And, far from address 0, no word of a stack overflow.)
    let input = fixture("c-failing.wasm");
    let failed = fail(&input, &["--allow-wasi", "-f", "oob_init"]);
    let cause = failed.cause();
    assert!(
        cause.starts_with("init: out of bounds memory access at 0x8"),
        "{cause}"
    );
    assert!(
        cause.ends_with(", 4 bytes (memory 0 is 0x20000 bytes) in read_table (./failing.c:23:12)"),
        "{cause}"
    );
    check_offsets(&input, &failed, true);
}

#[test]
fn unbounded_recursion_is_collapsed() {
    let failed = fail(
        &fixture("c-failing.wasm"),
        &["--allow-wasi", "-f", "recurse_init"],
    );
    let frames = failed.failure["frames_total"].as_u64().unwrap();
    assert!(frames > 1000, "{frames} frames");
    let visit = failed
        .frames()
        .iter()
        .find(|f| f["demangled"] == "visit" && f["repeated"].as_u64().unwrap() > 1)
        .unwrap();
    assert_eq!(visit["repeated"].as_u64().unwrap(), frames - 2);
    assert!(failed.stderr.lines().count() < 30, "{}", failed.stderr);
    assert!(failed.stderr.contains("(repeated "));
    // The C stack ran past address 0: the cause says so.
    assert!(
        failed.cause().contains("at 0xfffffffc, 4 bytes")
            && failed.cause().contains("probably a stack overflow"),
        "{}",
        failed.cause()
    );
}

#[test]
fn a_wrapped_address_is_called_a_stack_overflow_only_with_a_stack_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let module = |global: &str| {
        format!(
            r#"(module
                (memory 1)
                (global ${global} (mut i32) (i32.const 1024))
                (func $push (i32.store (i32.sub (i32.const 0) (i32.const 16)) (i32.const 1)))
                (func (export "wizer.initialize") (call $push)))"#
        )
    };
    for (global, hint) in [("__stack_pointer", true), ("counter", false)] {
        let wat = dir.path().join(format!("{global}.wat"));
        std::fs::write(&wat, module(global)).unwrap();
        let failed = fail(&wat, &[]);
        let cause = failed.cause();
        assert!(cause.contains("at 0xfffffff0, 4 bytes"), "{cause}");
        assert_eq!(cause.contains("probably a stack overflow"), hint, "{cause}");
    }
}

#[test]
fn the_call_depth_limit_shows_the_recursion_and_both_ends() {
    let dir = tempfile::tempdir().unwrap();
    let wat = dir.path().join("deep.wat");
    std::fs::write(
        &wat,
        r#"(module
            (func $a (param i32) (call $b (local.get 0)))
            (func $b (param i32) (call $c (local.get 0)))
            (func $c (param i32) (call $a (local.get 0)))
            (func $entry (call $a (i32.const 0)))
            (func (export "wizer.initialize") (call $entry)))"#,
    )
    .unwrap();
    let failed = fail(&wat, &["--max-call-depth", "3000"]);
    assert!(
        failed
            .cause()
            .starts_with("init exhausted the call stack (deeper than 3000 frames"),
        "{}",
        failed.cause()
    );
    assert!(
        failed.stderr.contains("a cycle of 3 frames, repeated"),
        "{}",
        failed.stderr
    );
    // The outermost frames, down to init, are there.
    let names = failed.names();
    assert_eq!(names[names.len() - 2..], ["entry", "wizer.initialize"]);
    assert_eq!(failed.failure["trap"], "call stack exhausted");
}

#[test]
fn an_endless_loop_is_located_under_fuel_and_timeout() {
    let input = fixture("c-failing.wasm");
    let failed = fail(
        &input,
        &["--allow-wasi", "-f", "loop_init", "--fuel", "2000000"],
    );
    assert_eq!(
        failed.cause(),
        "init ran out of fuel (`--fuel 2000000`) around spin (./failing.c:44:18), approximately"
    );
    assert_eq!(failed.failure["approximate"], true);
    let failed = fail(
        &input,
        &["--allow-wasi", "-f", "loop_init", "--timeout", "0.5"],
    );
    assert!(
        failed
            .cause()
            .starts_with("init exceeded the time limit of 500ms (`--timeout`) around spin"),
        "{}",
        failed.cause()
    );
    assert!(failed.stderr.contains("the location is approximate"));
    check_offsets(&input, &failed, true);
}

#[test]
fn exit_names_the_function_that_exited() {
    let failed = fail(
        &fixture("c-failing.wasm"),
        &["--allow-wasi", "-f", "exit_init"],
    );
    assert_eq!(
        failed.cause(),
        "init exited with code 3 through `exit` from give_up (./failing.c:55:5)"
    );
    assert_eq!(failed.failure["exit_code"], 3);
    assert_eq!(failed.failure["kind"], "exit");
}

#[test]
fn cpp_names_are_demangled() {
    let failed = fail(&fixture("cpp-mangled.wasm"), &[]);
    assert_eq!(
        failed.names(),
        [
            "config::Reader::field(int) const",
            "config::load(config::Reader const&, int)",
            "init"
        ]
    );
    assert_eq!(failed.frames()[0]["name"], "_ZNK6config6Reader5fieldEi");
    assert_eq!(
        failed.cause(),
        "init: wasm `unreachable` instruction executed in config::Reader::field(int) const"
    );
}

#[test]
fn a_module_without_names_shows_export_names_else_function_indices() {
    let failed = fail(
        &fixture("c-failing-stripped.wasm"),
        &["--allow-wasi", "-f", "abort_init"],
    );
    // The init function is known by its export; the rest by index.
    let names = failed.names();
    let (outermost, inner) = names.split_last().unwrap();
    assert_eq!(outermost, "abort_init");
    assert!(!inner.is_empty());
    assert!(inner.iter().all(|n| n.starts_with("<wasm function ")));
    assert!(failed.frames().iter().all(|f| f["name"].is_null()));
    let exports: Vec<_> = failed.frames().iter().map(|f| &f["export"]).collect();
    assert_eq!(exports.last().unwrap().as_str(), Some("abort_init"));
    assert!(exports[..exports.len() - 1].iter().all(|e| e.is_null()));
    assert!(
        failed.stderr.contains("abort_init  [func "),
        "{}",
        failed.stderr
    );
    assert!(
        failed
            .cause()
            .starts_with("init: wasm `unreachable` instruction executed in <wasm function ")
    );
}

#[test]
fn a_failing_constructor_is_a_failure_in_initialize() {
    let failed = fail(&fixture("c-ctor.wasm"), &["--allow-wasi"]);
    assert_eq!(failed.failure["phase"], "_initialize");
    assert_eq!(
        failed.cause(),
        "`_initialize` called abort() from setup_defaults (./ctor.c:7:5)"
    );
}

#[test]
fn the_replay_repeats_no_side_effect() {
    let failed = fail(
        &fixture("c-failing.wasm"),
        &["--allow-wasi", "--dir", ".", "-f", "io_init"],
    );
    let written = std::fs::read_to_string(failed.dir.path().join("out/written.txt")).unwrap();
    assert_eq!(written, "written once\n");
    assert_eq!(failed.stdout, "printed once\n");
    assert_eq!(failed.stderr.matches("the config is broken").count(), 1);
    assert_eq!(
        failed.cause(),
        "init: wasm `unreachable` instruction executed in fail_after_io (./failing.c:68:5)"
    );
}

#[test]
fn a_call_of_an_import_nothing_provides_names_it_and_its_caller() {
    let dir = tempfile::tempdir().unwrap();
    let wat = dir.path().join("stub.wat");
    std::fs::write(
        &wat,
        r#"(module
            (import "env" "log" (func $log (param i32)))
            (func $report (call $log (i32.const 1)))
            (func (export "wizer.initialize") (call $report)))"#,
    )
    .unwrap();
    let failed = fail(&wat, &[]);
    assert_eq!(
        failed.cause(),
        "init called `env`.`log`, which nothing provides, from report"
    );
    assert_eq!(failed.failure["kind"], "import");
    // The offset of the `call $log`, in the input.
    let wasm = wat::parse_file(&wat).unwrap();
    let offset = failed.frames()[0]["offset"].as_u64().unwrap() as usize;
    assert_eq!(wasm[offset], 0x10, "not a `call` at {offset:#x}");
}

#[test]
fn the_library_returns_the_failure_as_a_typed_error() {
    let wasm = std::fs::read(fixture("c-failing.wasm")).unwrap();
    let mut wizer = wizer_lite::Wizer::new();
    wizer.init_func("abort_init");
    wizer.allow_wasi(true).unwrap();
    let error = wizer.run(&wasm).unwrap_err();
    let failure = error
        .downcast_ref::<wizer_lite::InitFailure>()
        .expect("an InitFailure");
    assert_eq!(failure.kind, "trap");
    assert_eq!(failure.frames[1].name.as_deref(), Some("check_header"));
    assert_eq!(failure.frames[1].locations[0].line, Some(9));
    assert!(
        error
            .to_string()
            .starts_with("init called abort() from check_header")
    );
}

#[test]
fn a_host_function_of_the_embedder_is_not_replayed() {
    let wasm = wat::parse_str(
        r#"(module
            (import "host" "bump" (func $bump))
            (func (export "wizer.initialize") (call $bump) unreachable))"#,
    )
    .unwrap();
    let mut wizer = wizer_lite::Wizer::new();
    wizer.make_linker(|linker| {
        linker.func_wrap("host", "bump", || {})?;
        Ok(())
    });
    let error = wizer.run(&wasm).unwrap_err();
    let failure = error.downcast_ref::<wizer_lite::InitFailure>().unwrap();
    assert_eq!(
        failure.backtrace_unavailable.as_deref(),
        Some(
            "init called `host`.`bump`, a host function added through `make_linker`, whose \
             effects cannot be replayed"
        ),
    );
    assert!(failure.frames.is_empty());
    assert!(
        failure
            .cause
            .starts_with("init: wasm `unreachable` instruction executed")
    );
}
