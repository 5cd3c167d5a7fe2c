//! Components, end to end, with oracles outside wizer-lite: every snapshot
//! must validate (wasmparser, as `wasm-tools validate`), export the input's
//! WIT minus `wizer-initialize` (jco's `component wit`), and, transpiled by
//! jco and run under Node with no preopen and no environment, return what
//! the original returns with init run first. The fixtures
//! (tests/components) count their init runs: a snapshot whose init ran
//! again says so.
//!
//! Needs Node and npm: jco is installed into tests/components/node_modules
//! on first use (see `common/jco.rs`).

#[path = "common/jco.rs"]
mod jco;

use std::path::{Path, PathBuf};
use std::process::Command;

const INIT: &str = "wizer-initialize";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/components")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "wizer-lite-component-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fixture's bytes: a built `.wasm`, or a `.wat` under `wat/`.
fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if name.ends_with(".wat") {
        wat::parse_bytes(&bytes).unwrap().into_owned()
    } else {
        bytes
    }
}

/// Validates `wasm` with wasmparser, every proposal on (what
/// `wasm-tools validate` runs).
fn validate(wasm: &[u8]) {
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(wasm)
        .unwrap_or_else(|e| panic!("the output does not validate: {e:#}"));
}

/// `wasm` as text (what `wasm-tools print` prints).
fn print(wasm: &[u8]) -> String {
    wasmprinter::print_bytes(wasm).unwrap()
}

/// The component's WIT, as `wasm-tools component wit` prints it (jco's
/// copy of it, under Node: `wit.mjs`).
fn wit(wasm: &[u8]) -> String {
    let dir = jco::installed();
    let file = scratch(&format!("wit-{:x}", fxhash(wasm))).join("component.wasm");
    std::fs::write(&file, wasm).unwrap();
    let out = Command::new("node")
        .arg(dir.join("wit.mjs"))
        .arg(&file)
        .current_dir(&dir)
        .output()
        .expect("this test needs Node.js (`node` on PATH)");
    assert!(
        out.status.success(),
        "printing the WIT failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(file.parent().unwrap()).unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `calls` ([export, args...]) on `wasm` under jco and Node, with the
/// optional preopen (as `/config`) and environment; the JSON printed.
fn jco_run(wasm: &[u8], calls: &str, preopen: Option<&Path>, env: &[(&str, &str)]) -> String {
    let jco = jco::installed().join("node_modules/.bin/jco");
    let dir = scratch(&format!("jco-{:x}", fxhash(wasm)));
    std::fs::write(dir.join("component.wasm"), wasm).unwrap();
    let out = Command::new(&jco)
        .args(["transpile", "component.wasm", "--instantiation", "async"])
        .args(["--name", "component", "-o", "out"])
        .current_dir(&dir)
        .output()
        .expect("failed to run jco");
    assert!(
        out.status.success(),
        "jco transpile failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.join("out/package.json"), r#"{"type":"module"}"#).unwrap();
    let env_json = serde_json::to_string(env).unwrap();
    let mut node = Command::new("node");
    node.arg(fixtures().join("run.mjs"))
        .arg(dir.join("out"))
        .arg(calls);
    if let Some(preopen) = preopen {
        node.arg(preopen).arg(&env_json);
    } else if !env.is_empty() {
        panic!("an environment needs a preopen in run.mjs's arguments");
    }
    let out = node
        .output()
        .expect("this test needs Node.js (`node` on PATH)");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // The last line: what the component printed comes before.
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.trim().lines().last().unwrap_or_default().to_string()
}

/// A cheap digest to name scratch directories.
fn fxhash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// The calls as JSON: `["run"]` -> `[["run"]]`.
fn calls_json(calls: &[&[&str]]) -> String {
    serde_json::to_string(calls).unwrap()
}

/// Every oracle on a snapshot of `input`: validates, exports the input's
/// WIT minus init, and returns under jco (no preopen, no environment) what
/// the original returns with init run first (with `init_preopen` and
/// `init_env`, which init used).
fn check_snapshot(
    input: &[u8],
    snapshot: &[u8],
    calls: &[&[&str]],
    init_preopen: Option<&Path>,
    init_env: &[(&str, &str)],
) -> String {
    validate(snapshot);
    let want_wit: String = wit(input)
        .lines()
        .filter(|line| line.trim() != format!("export {INIT}: func();"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(wit(snapshot), want_wit, "the snapshot's WIT differs");
    let mut with_init: Vec<&[&str]> = vec![&[INIT]];
    with_init.extend_from_slice(calls);
    let original = jco_run(input, &calls_json(&with_init), init_preopen, init_env);
    let got = jco_run(snapshot, &calls_json(calls), None, &[]);
    // The original's results, without init's `null`.
    let want = original.replacen("{\"results\":[null,", "{\"results\":[", 1);
    assert_eq!(
        got, want,
        "the snapshot does not behave as the original after init"
    );
    got
}

fn snapshot(input: &[u8]) -> Vec<u8> {
    wizer_lite::Wizer::new().run(input).unwrap()
}

#[test]
fn rust_wasip2_component_with_wit_bindgen() {
    let input = fixture("rust-wasip2.wasm");
    let detailed = wizer_lite::Wizer::new().run_detailed(&input).unwrap();
    // No handle is left open: no warning.
    assert!(detailed.warnings.is_empty(), "{:?}", detailed.warnings);
    let output = detailed.wasm;
    let got = check_snapshot(&input, &output, &[&["run"]], None, &[]);
    assert!(got.contains("runs=1 squares[999]=998001"), "{got}");
    // The module init never runs again: a fresh start is initialized.
    assert!(!got.contains("not initialized"), "{got}");
    // The component says what made it.
    let text = print(&output);
    let producer = format!(
        "(processed-by \"wizer-lite\" \"{}\")",
        env!("CARGO_PKG_VERSION")
    );
    assert!(text.contains(&producer), "no {producer}");
    // Init touched no file, so libc finds the run-time preopen itself.
    let read: &[&[&str]] = &[&["read-file", "/config/app.toml"]];
    let with = jco_run(
        &output,
        &calls_json(read),
        Some(&fixtures().join("config")),
        &[],
    );
    assert!(
        with.contains(r#"greeting = \"hello from init\"\n"#),
        "{with}"
    );
}

#[test]
fn c_reactor_component_runs_its_constructors_once() {
    // wit-component runs `_initialize` from a start function; the snapshot
    // has neither init nor that start: 5 from the constructor, +1 by init.
    let input = fixture("c-reactor.wasm");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["get"]], None, &[]);
    assert_eq!(got, r#"{"results":[6],"logged":[]}"#);
    assert!(!print(&output).contains("(start "));
}

#[test]
fn adapter_built_component_runs_preview1_on_the_shim() {
    let input = fixture("rust-adapter.wasm");
    let config = fixtures().join("config");
    let mapdir = format!("/config::{}", config.display());
    let dir = scratch("adapter");
    std::fs::write(dir.join("in.wasm"), &input).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .current_dir(&dir)
        .args([
            "in.wasm",
            "-o",
            "out.wasm",
            "--allow-wasi",
            "--mapdir",
            &mapdir,
        ])
        .args(["--env", "FIXTURE_MODE=snapshot", "--report", "report.json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = std::fs::read(dir.join("out.wasm")).unwrap();
    let env = [("FIXTURE_MODE", "snapshot")];
    let got = check_snapshot(&input, &output, &[&["run"]], Some(&config), &env);
    assert!(
        got.contains(r#"hello from init"#) && got.contains("mode=snapshot"),
        "{got}"
    );

    // The descriptors libc cached at init are the adapter's at run time:
    // the preopen is fd 3 in both, so a run-time read through it works,
    // and fails with no preopen.
    let read: &[&[&str]] = &[&["read-file", "/config/app.toml"]];
    let with = jco_run(&output, &calls_json(read), Some(&config), &[]);
    assert!(
        with.contains(r#"greeting = \"hello from init\"\n"#),
        "{with}"
    );
    let without = jco_run(&output, &calls_json(read), None, &[]);
    assert!(without.contains("error: Bad file descriptor"), "{without}");

    // The report: the adapter passed through, the calls init made.
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    let component = &report["component"];
    let roles: Vec<&str> = component["core_instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["role"].as_str().unwrap().split(':').next().unwrap())
        .collect();
    assert_eq!(
        roles,
        ["snapshot", "pass-through", "pass-through", "pass-through"]
    );
    assert!(
        component["core_instances"][1]["role"]
            .as_str()
            .unwrap()
            .contains("preview1 adapter")
    );
    let called: Vec<&str> = component["imports_called"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for call in ["path_open", "fd_read", "environ_get"] {
        assert!(
            called.contains(&format!("wasi_snapshot_preview1.{call}").as_str()),
            "{called:?}"
        );
    }
    assert_eq!(report["wasi"]["env_vars_read"][0], "FIXTURE_MODE");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn adapter_built_component_without_allow_wasi_names_the_call() {
    let err = wizer_lite::Wizer::new()
        .run(&fixture("rust-adapter.wasm"))
        .unwrap_err();
    let err = format!("{err:#}");
    assert!(
        err.contains("cannot call WASI function `wasi_snapshot_preview1`")
            && err.contains("without `--allow-wasi`"),
        "{err}"
    );
}

#[test]
fn wat_component_with_memory_and_globals() {
    let input = fixture("wat/memory-globals.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["run"], &["sum"]], None, &[]);
    // runs=1, squares[99] = 9801, memory[0] = 'U'.
    assert_eq!(got, r#"{"results":[100098095,"328350"],"logged":[]}"#);
}

#[test]
fn core_export_named_like_the_init_function_is_kept() {
    // wasmtime#13168: the core export `wizer-initialize` is what the
    // component's alias names; removing it makes the output invalid.
    let input = fixture("wat/same-name.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["get"], &["get-again"]], None, &[]);
    assert_eq!(got, r#"{"results":[42,42],"logged":[]}"#);
    let text = print(&output);
    assert!(
        text.contains(r#"(export "wizer-initialize" (func"#),
        "{text}"
    );
    // The component's own names follow the renumbering.
    assert!(
        text.contains("  (export $get-export (;2;) \"get\" (func $get))\n")
            && text.contains("  (export (;3;) \"get-again\" (func $get-export))\n"),
        "{text}"
    );
}

#[test]
fn state_in_two_core_instances() {
    let input = fixture("wat/two-instances.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["read"], &["count"]], None, &[]);
    // $b's data segment (1 at 32) is not applied again over init's 50.
    assert_eq!(got, r#"{"results":[4050,101],"logged":[]}"#);
}

#[test]
fn imports_init_never_calls_stay_wired() {
    let input = fixture("wat/unused-import.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["run"]], None, &[]);
    assert_eq!(got, r#"{"results":[42],"logged":[42]}"#);
}

#[test]
fn a_table_init_changes_keeps_the_lowered_functions_apart() {
    let input = fixture("wat/table-of-imports.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["run"]], None, &[]);
    assert_eq!(got, r#"{"results":[0],"logged":[1,2,1003]}"#);
    let text = print(&output);
    assert!(
        text.contains("(elem (;2;) (i32.const 0) func $b $a $local)"),
        "{text}"
    );
}

#[test]
fn wasi_0_2_during_init_is_named_without_allow_wasi() {
    let input = fixture("rust-wasip2-prints.wasm");
    let failure = init_failure(&wizer_lite::Wizer::new(), &input);
    assert_eq!(
        failure.message,
        "the init function `wizer-initialize` trapped: cannot call WASI 0.2 function \
         `wasi:cli/stdout@0.2.6#get-stdout` during initialization without `--allow-wasi`"
    );
    assert_eq!(failure.kind, "import");
    assert!(
        failure.cause.starts_with(
            "init: cannot call WASI 0.2 function `wasi:cli/stdout@0.2.6#get-stdout` during \
             initialization without `--allow-wasi`, from "
        ),
        "{}",
        failure.cause
    );
    // The backtrace, replayed: from the init export through `println!`
    // to the call of the import, all in the one module with code.
    let names: Vec<_> = failure.frames.iter().map(|f| f.display_name()).collect();
    assert_eq!(names.last().unwrap(), "wizer-initialize", "{names:?}");
    assert!(
        names.contains(&"std::io::stdio::_print".to_string()),
        "{names:?}"
    );
    assert!(failure.frames.iter().all(|f| f.module == Some(0)));
    assert_eq!(input[failure.frames[0].offset as usize], 0x10, "a `call`");
}

/// The failure report of a component's init run by `wizer`.
fn init_failure(wizer: &wizer_lite::Wizer, input: &[u8]) -> wizer_lite::InitFailure {
    let err = wizer.run(input).unwrap_err();
    match err.downcast_ref::<wizer_lite::InitFailure>() {
        Some(failure) => failure.clone(),
        None => panic!("not a failure report: {err:#}"),
    }
}

/// The frames of `failure`, innermost first: (core module, name, the
/// first byte of the instruction at its offset in `input`).
fn frames(failure: &wizer_lite::InitFailure, input: &[u8]) -> Vec<(u32, String, u8)> {
    failure
        .frames
        .iter()
        .map(|f| {
            let module = f.module.expect("a component's frame names its module");
            (module, f.display_name(), input[f.offset as usize])
        })
        .collect()
}

#[test]
fn a_failing_init_is_traced_across_core_instances() {
    let input = fixture("wat/fails-across-instances.wat");
    // `call` is 0x10, `call_indirect` 0x11, `i32.load` 0x28.
    for (init, through, opcode) in [
        ("wizer-initialize", "direct", 0x10),
        ("init-indirect", "indirect", 0x11),
    ] {
        let mut wizer = wizer_lite::Wizer::new();
        wizer.init_func(init);
        let failure = init_failure(&wizer, &input);
        assert_eq!(failure.trap, Some("memory out of bounds"));
        assert_eq!(
            failure.cause,
            "init: out of bounds memory access at 0x11170, 4 bytes (memory 0 is 0x10000 \
             bytes) in deep"
        );
        let export = if init == "wizer-initialize" {
            "init"
        } else {
            init
        };
        assert_eq!(
            frames(&failure, &input),
            [
                (0, "deep".to_string(), 0x28),
                (0, "boom".to_string(), 0x10),
                (1, through.to_string(), opcode),
                (1, export.to_string(), 0x10),
            ],
            "{failure}"
        );
    }
}

#[test]
fn a_component_init_under_fuel_is_traced() {
    let spins = wat::parse_str(
        r#"(component
            (core module $m
              (memory (export "memory") 1)
              (func $spin (loop $l (br $l)))
              (func (export "init") (call $spin)))
            (core instance $i (instantiate $m))
            (func (export "wizer-initialize") (canon lift (core func $i "init"))))"#,
    )
    .unwrap();
    let mut wizer = wizer_lite::Wizer::new();
    wizer.fuel(100_000);
    let failure = init_failure(&wizer, &spins);
    assert_eq!(failure.kind, "fuel");
    assert!(failure.approximate);
    assert_eq!(
        failure.cause,
        "init ran out of fuel (`--fuel 100000`) around spin, approximately"
    );
    // A trap just within the budget (20 instructions here) is located
    // exactly: the replay's shadow stack costs instructions, and it runs
    // without the budget.
    let input = fixture("wat/fails-across-instances.wat");
    wizer.fuel(20);
    let failure = init_failure(&wizer, &input);
    assert_eq!(failure.kind, "trap", "{failure}");
    assert!(!failure.approximate);
    assert_eq!(frames(&failure, &input).len(), 4, "{failure}");
}

#[test]
fn a_failing_start_function_is_traced() {
    let input = fixture("wat/fails-in-start.wat");
    let failure = init_failure(&wizer_lite::Wizer::new(), &input);
    assert_eq!(failure.phase, "start");
    assert_eq!(
        failure.cause,
        "the start function: wasm `unreachable` instruction executed in check"
    );
    assert_eq!(
        frames(&failure, &input),
        [
            (0, "check".to_string(), 0x00),
            (0, "setup".to_string(), 0x10)
        ]
    );
}

#[test]
fn a_failure_after_answered_wasi_0_2_calls_is_traced() {
    let input = fixture("wat/fails-after-wasi.wat");
    let mut wizer = wizer_lite::Wizer::new();
    wizer.allow_wasi(true).unwrap().env("A", "b");
    let failure = init_failure(&wizer, &input);
    assert_eq!(failure.trap, Some("unreachable"));
    assert_eq!(failure.backtrace_unavailable, None);
    // `unreachable` is 0x00.
    assert_eq!(frames(&failure, &input), [(1, "init".to_string(), 0x00)]);
    // Without WASI, the call itself is the failure, and it is traced.
    let failure = init_failure(&wizer_lite::Wizer::new(), &input);
    assert_eq!(failure.kind, "import");
    assert_eq!(frames(&failure, &input), [(1, "init".to_string(), 0x10)]);
}

#[test]
fn a_rust_panic_in_a_component_init_is_traced_with_its_message() {
    let input = fixture("rust-wasip2-panics.wasm");
    let dir = scratch("panics");
    let out = dir.join("out.wasm");
    // With WASI: the panic hook prints through WASI 0.2 (answered again
    // in the replay, not printed twice), then aborts.
    let run = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .arg(fixtures().join("rust-wasip2-panics.wasm"))
        .args(["--allow-wasi", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(!out.exists());
    assert_eq!(
        stderr.matches("panicked at src/lib.rs").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error: init panicked in component_fixture::check_words: too few distinct words: 8\n"
        ),
        "{stderr}"
    );
    let mut wizer = wizer_lite::Wizer::new();
    wizer.allow_wasi(true).unwrap().inherit_stdio(false);
    let failure = init_failure(&wizer, &input);
    assert_eq!(failure.backtrace_unavailable, None);
    let names: Vec<_> = failure.frames.iter().map(|f| f.display_name()).collect();
    let n = names.len();
    assert_eq!(
        names[n - 2..],
        ["component_fixture::check_words", "wizer-initialize"],
        "{names:?}"
    );
    assert!(
        names.contains(&"core::panicking::panic_fmt".to_string()),
        "{names:?}"
    );
    // The guest's last words, kept for the report.
    let stderr = &failure.guest_output[0];
    assert_eq!(stderr.stream, "stderr");
    assert!(
        stderr
            .lines
            .iter()
            .any(|l| l == "too few distinct words: 8")
    );

    // Without WASI: the hook's first WASI call fails, through the shim
    // module's trampoline (module 1) called from the program (module 0).
    let failure = init_failure(&wizer_lite::Wizer::new(), &input);
    assert!(
        failure.cause.starts_with(
            "init panicked in component_fixture::check_words; its message was lost: std's \
             panic hook needs WASI (`wasi:cli/environment@0.2.6#get-environment`"
        ),
        "{}",
        failure.cause
    );
    let modules: Vec<_> = failure.frames.iter().map(|f| f.module.unwrap()).collect();
    assert_eq!(modules[0], 1, "{failure}");
    assert!(modules[1..].iter().all(|m| *m == 0), "{failure}");
    assert_eq!(
        input[failure.frames[0].offset as usize], 0x11,
        "`call_indirect`"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_rust_panic_after_preview1_calls_in_an_adapter_built_component_is_traced() {
    // Init reads a preopened file and a variable through the preview1
    // shim, then panics: the replay hands back those answers.
    let input = fixture("rust-adapter-panics.wasm");
    let mut wizer = wizer_lite::Wizer::new();
    wizer
        .allow_wasi(true)
        .unwrap()
        .inherit_stdio(false)
        .map_dir_read_only("/config", fixtures().join("config"))
        .env("FIXTURE_MODE", "snapshot");
    let failure = init_failure(&wizer, &input);
    assert_eq!(
        failure.cause,
        "init panicked in component_fixture::check_words: too few distinct words: 8"
    );
    assert_eq!(failure.backtrace_unavailable, None);
    let names: Vec<_> = failure.frames.iter().map(|f| f.display_name()).collect();
    assert!(
        names.contains(&"component_fixture::check_words".to_string()),
        "{names:?}"
    );
    assert!(failure.frames.iter().all(|f| f.module == Some(0)));
}

#[test]
fn wasip2_init_prints_through_wasi_0_2() {
    let input = fixture("rust-wasip2-prints.wasm");
    let output = wizer_lite::Wizer::new()
        .allow_wasi(true)
        .unwrap()
        .inherit_stdio(false)
        .run_detailed(&input)
        .unwrap();
    check_snapshot(&input, &output.wasm, &[&["run"]], None, &[]);
    // Rust's std keeps its stdout and stderr streams: handles the snapshot
    // holds.
    assert!(
        output
            .warnings
            .iter()
            .any(|w| w.starts_with("init left 2 `wasi:io/streams.output-stream` handle(s) open")),
        "{:?}",
        output.warnings
    );
}

#[test]
fn wasip2_init_reads_a_file_the_environment_and_a_directory() {
    let input = fixture("rust-wasip2-wasi.wasm");
    let config = fixtures().join("config");
    let dir = scratch("wasip2-wasi");
    let run = |out: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
            .current_dir(&dir)
            .arg(fixtures().join("rust-wasip2-wasi.wasm"))
            .args([
                "-o",
                out,
                "--allow-wasi",
                "--deterministic",
                "--report",
                "report.json",
            ])
            .arg("--mapdir")
            .arg(format!("/config::{}", config.display()))
            .args(["--env", "FIXTURE_MODE=p2"])
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        String::from_utf8(status.stderr).unwrap()
    };
    let stderr = run("a.wasm");
    run("b.wasm");
    let output = std::fs::read(dir.join("a.wasm")).unwrap();
    assert_eq!(
        output,
        std::fs::read(dir.join("b.wasm")).unwrap(),
        "--deterministic differs"
    );
    let env = [("FIXTURE_MODE", "p2")];
    let got = check_snapshot(&input, &output, &[&["run"]], Some(&config), &env);
    assert!(
        got.contains(r#"mode=p2 dir=[\"app.toml\"] seeded=1"#),
        "{got}"
    );
    // wasi-libc cached the preopen's descriptor: named in a warning.
    assert!(
        stderr.contains("init left 1 `wasi:filesystem/types.descriptor` handle(s) open"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    let called: Vec<&str> = report["component"]["imports_called"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for call in [
        "wasi:filesystem/preopens#get-directories",
        "wasi:filesystem/types#[method]descriptor.open-at",
        "wasi:io/streams#[method]input-stream.blocking-read",
        "wasi:cli/environment#get-environment",
        "wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry",
        "wasi:random/insecure-seed#insecure-seed",
    ] {
        assert!(called.contains(&call), "{call} missing from {called:?}");
    }
    assert_eq!(
        report["wasi"]["files_opened"][0]["guest_path"],
        "/config/app.toml"
    );
    assert_eq!(report["wasi"]["env_vars_read"][0], "FIXTURE_MODE");
    assert_eq!(report["wasi"]["random_bytes"], 16);
    assert_eq!(
        report["component"]["live_handles"],
        serde_json::json!([{"type": "wasi:filesystem/types.descriptor", "count": 1}])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What init's read of `path` (`FIXTURE_EXTRA`) gave, under a preopen
/// `/config` of a directory holding `ok.txt` and a symlink `link` to the
/// directory above it.
fn extra_read(path: &str) -> String {
    let dir = scratch(&format!("escape-{:x}", fxhash(path.as_bytes())));
    let inside = dir.join("box");
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::write(inside.join("ok.txt"), "hi\n").unwrap();
    std::fs::write(dir.join("secret.txt"), "secret\n").unwrap();
    std::os::unix::fs::symlink(&dir, inside.join("link")).unwrap();
    let output = wizer_lite::Wizer::new()
        .allow_wasi(true)
        .unwrap()
        .map_dir("/config", &inside)
        .env("FIXTURE_EXTRA", path)
        .run(&fixture("rust-wasip2-wasi.wasm"))
        .unwrap();
    let got = jco_run(&output, &calls_json(&[&["run"]]), None, &[]);
    std::fs::remove_dir_all(&dir).unwrap();
    let at = got.find("extra=").expect("the run names the extra read");
    got[at..].to_string()
}

#[test]
fn wasi_0_2_paths_stay_in_the_sandbox() {
    assert!(extra_read("/config/ok.txt").starts_with(r#"extra=Some(\"3 bytes\")"#));
    for escape in [
        "/config/../secret.txt",
        "/config/link/secret.txt",
        "/config/link/../box/ok.txt",
    ] {
        let got = extra_read(escape);
        assert!(
            got.starts_with(r#"extra=Some(\"error: Operation not permitted"#),
            "{escape}: {got}"
        );
    }
    let got = extra_read("/secret.txt");
    assert!(
        got.starts_with(r#"extra=Some(\"error: No such file"#),
        "{got}"
    );
}

#[test]
fn init_writes_renames_and_removes_in_a_writable_preopen() {
    // The same program through WASI 0.2 and through preview1 + adapter.
    for name in ["rust-wasip2-wasi.wasm", "rust-adapter.wasm"] {
        for writable in [true, false] {
            let dir = scratch(&format!("writes-{name}-{writable}"));
            let mut wizer = wizer_lite::Wizer::new();
            wizer
                .allow_wasi(true)
                .unwrap()
                .deterministic(true)
                .map_dir("/config", fixtures().join("config"))
                .env("FIXTURE_SCRATCH", "/scratch");
            if writable {
                wizer.map_dir("/scratch", &dir);
            } else {
                wizer.map_dir_read_only("/scratch", &dir);
            }
            let output = wizer.run(&fixture(name)).unwrap();
            let got = jco_run(&output, &calls_json(&[&["run"]]), None, &[]);
            let want = if writable {
                r#"scratch=Some(\"size=12 dir=true text=first second renamed=true\") clocks=wall>=2000:true monotonic:true"#
            } else {
                r#"scratch=Some(\"error: "#
            };
            assert!(got.contains(want), "{name}, writable {writable}: {got}");
            let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
            assert!(left.is_empty(), "{name}: init left {left:?}");
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }
}

#[test]
fn a_string_encoding_the_host_lacks_is_named() {
    let utf16 = fixture("wat/wasi-utf16.wat");
    let wizer = || {
        let mut w = wizer_lite::Wizer::new();
        w.allow_wasi(true).unwrap().env("A", "b");
        w
    };
    let failure = init_failure(&wizer(), &utf16);
    assert!(
        failure.message.ends_with(
            "cannot call `wasi:cli/environment@0.2.0#get-environment` during initialization: its \
             `canon lower` asks for UTF-16 strings, and wizer-lite's WASI 0.2 host speaks UTF-8 only"
        ),
        "{}",
        failure.message
    );
    let text = String::from_utf8(std::fs::read(fixtures().join("wat/wasi-utf16.wat")).unwrap())
        .unwrap()
        .replace(" string-encoding=utf16", "");
    let output = wizer().run(text.as_bytes()).unwrap();
    validate(&output);
}

#[test]
fn nested_components_without_modules_pass_through() {
    let input = fixture("wat/nested-without-modules.wat");
    let output = snapshot(&input);
    let got = check_snapshot(&input, &output, &[&["run"]], None, &[]);
    assert_eq!(got, r#"{"results":[9],"logged":[9]}"#);
}

#[test]
fn an_import_init_calls_is_named() {
    let input = fixture("wat/calls-import.wat");
    let failure = init_failure(&wizer_lite::Wizer::new(), &input);
    assert_eq!(frames(&failure, &input), [(0, "init".to_string(), 0x10)]);
    assert_eq!(
        failure.message,
        "the init function `wizer-initialize` trapped: cannot call `host:api/log#log` during \
         initialization: it is a function the component imports (through `canon lower` or a \
         resource built-in), and wizer-lite provides none of those to init"
    );
}

#[test]
fn refused_shapes_say_why_and_leave_nothing() {
    let cases = [
        ("refuse-twice.wat", "is instantiated twice"),
        (
            "refuse-module-import.wat",
            "module imports are not supported",
        ),
        (
            "refuse-component-import.wat",
            "component imports are not supported",
        ),
        (
            "refuse-nested.wat",
            "nested components that contain core modules",
        ),
        (
            "refuse-start.wat",
            "a component `start` function is not supported",
        ),
        ("refuse-async.wat", "component-model async is not supported"),
        ("refuse-init-params.wat", "but it has 1 parameter"),
        ("refuse-init-result.wat", "but it has a result"),
    ];
    let dir = scratch("refused");
    for (file, reason) in cases {
        let input = fixtures().join("wat").join(file);
        let out = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
            .current_dir(&dir)
            .arg(&input)
            .args(["-o", "out.wasm"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{file} was snapshotted");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(reason),
            "{file}: {stderr}"
        );
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert!(left.is_empty(), "{file} left {left:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keep_init_func_keeps_the_export_and_the_wit() {
    let input = fixture("wat/memory-globals.wat");
    let output = wizer_lite::Wizer::new()
        .keep_init_func(true)
        .run(&input)
        .unwrap();
    validate(&output);
    assert_eq!(wit(&output), wit(&input));
}

#[test]
fn the_init_function_can_be_named() {
    let wat = r#"(component
      (core module $m (global $g (mut i32) (i32.const 0))
        (func (export "setup") (global.set $g (i32.const 5)))
        (func (export "get") (result i32) (global.get $g)))
      (core instance $i (instantiate $m))
      (func (export "setup") (canon lift (core func $i "setup")))
      (func (export "get") (result u32) (canon lift (core func $i "get"))))"#;
    let input = wat::parse_str(wat).unwrap();
    let err = wizer_lite::Wizer::new().run(&input).unwrap_err();
    assert!(
        format!("{err:#}").contains(
            "does not export `wizer-initialize` (its exported functions: `setup`, `get`)"
        ),
        "{err:#}"
    );
    let output = wizer_lite::Wizer::new()
        .init_func("setup")
        .run(&input)
        .unwrap();
    let text = print(&output);
    // The component's export is gone, the core module's stays.
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("  (export ") && l.contains("\"setup\"")),
        "{text}"
    );
    assert!(text.contains("\n    (export \"setup\" (func 0))"), "{text}");
    assert!(
        text.contains("(global $g (;0;) (mut i32) i32.const 5)"),
        "{text}"
    );
}

#[test]
fn outputs_are_deterministic_and_verified() {
    for name in [
        "rust-wasip2.wasm",
        "wat/two-instances.wat",
        "wat/same-name.wat",
    ] {
        let input = fixture(name);
        let run = || {
            wizer_lite::Wizer::new()
                .deterministic(true)
                .verify(true)
                .run(&input)
                .unwrap()
        };
        assert_eq!(run(), run(), "{name}: two runs differ");
    }
}

#[test]
fn the_limits_bound_a_component_init() {
    let input = fixture("wat/memory-globals.wat");
    let err = wizer_lite::Wizer::new()
        .max_memory(1000)
        .run(&input)
        .unwrap_err();
    assert!(
        format!("{err:#}").contains("more than the memory limit of 1000 bytes (`--max-memory`)"),
        "{err:#}"
    );
    let err = wizer_lite::Wizer::new().fuel(50).run(&input).unwrap_err();
    assert!(
        format!("{err:#}").contains("the init function `wizer-initialize` ran out of fuel"),
        "{err:#}"
    );
    let fueled = wizer_lite::Wizer::new()
        .fuel(1_000_000)
        .run_detailed(&input)
        .unwrap();
    assert!(
        fueled.fuel_used.is_some_and(|f| f > 100),
        "{:?}",
        fueled.fuel_used
    );
}

#[test]
fn options_without_meaning_for_components_are_refused() {
    let input = fixture("wat/memory-globals.wat");
    let err = wizer_lite::Wizer::new()
        .func_rename("run", "go")
        .run(&input)
        .unwrap_err();
    assert!(format!("{err:#}").contains("`--rename-func` is not supported for components"));
}

/// Damaged components are refused with an error, never a panic, and the
/// undamaged parts of the pipeline hold up: every byte of two small
/// components is changed in turn (a fixed pattern, so the test is
/// reproducible).
#[test]
fn damaged_components_are_errors_not_panics() {
    for name in [
        "c-reactor.wasm",
        "wat/two-instances.wat",
        "wat/unused-import.wat",
    ] {
        let input = fixture(name);
        for at in 8..input.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut damaged = input.clone();
                damaged[at] ^= flip;
                let result = std::panic::catch_unwind(|| wizer_lite::Wizer::new().run(&damaged));
                assert!(result.is_ok(), "{name}: byte {at} ^ {flip:#x} panicked");
            }
        }
    }
}
