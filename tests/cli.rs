//! Command-line behaviour that the case suite cannot express: output paths,
//! atomic writes, terminals, help and usage errors.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const COUNTER: &str = r#"(module
  (global $n (export "n") (mut i32) (i32.const 0))
  (func (export "wizer.initialize") (global.set $n (i32.const 7))))"#;

const TRAPS: &str = r#"(module (func (export "wizer.initialize") unreachable))"#;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wizer-lite-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn wizer(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn global_n(wasm: &[u8]) -> String {
    let live = common::instantiate(wasm).unwrap();
    match &live.state()["n"] {
        common::StateItem::Global(v) => v.clone(),
        common::StateItem::Memory(_) => unreachable!(),
    }
}

#[test]
fn output_may_be_the_input_file() {
    let dir = scratch("in-place");
    std::fs::write(dir.join("m.wasm"), wat::parse_str(COUNTER).unwrap()).unwrap();
    let out = wizer(&dir, &["m.wasm", "-o", "m.wasm"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snapshot = std::fs::read(dir.join("m.wasm")).unwrap();
    common::validate(&snapshot).unwrap();
    assert_eq!(global_n(&snapshot), "7");
    assert_eq!(files_in(&dir), ["m.wasm"]);
}

#[test]
fn failure_in_place_leaves_the_input_untouched() {
    let dir = scratch("in-place-fail");
    let original = wat::parse_str(TRAPS).unwrap();
    std::fs::write(dir.join("m.wasm"), &original).unwrap();
    let out = wizer(&dir, &["m.wasm", "-o", "m.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("m.wasm")).unwrap(), original);
    assert_eq!(files_in(&dir), ["m.wasm"]);
}

#[test]
fn failure_leaves_no_output_file() {
    let dir = scratch("no-output");
    std::fs::write(dir.join("m.wat"), TRAPS).unwrap();
    let out = wizer(&dir, &["m.wat", "-o", "out.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: init: "), "{stderr}");
    assert!(
        stderr.contains("\nthe init function `wizer.initialize` trapped"),
        "{stderr}"
    );
    assert_eq!(files_in(&dir), ["m.wat"]);
}

#[test]
fn existing_output_survives_a_failure() {
    let dir = scratch("keep-old-output");
    std::fs::write(dir.join("m.wat"), TRAPS).unwrap();
    std::fs::write(dir.join("out.wasm"), b"previous").unwrap();
    let out = wizer(&dir, &["m.wat", "-o", "out.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(dir.join("out.wasm")).unwrap(), b"previous");
    assert_eq!(files_in(&dir), ["m.wat", "out.wasm"]);
}

#[test]
fn output_in_a_missing_directory_is_an_error() {
    let dir = scratch("missing-dir");
    std::fs::write(dir.join("m.wat"), COUNTER).unwrap();
    let out = wizer(&dir, &["m.wat", "-o", "nope/out.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: failed to write `nope/out.wasm`"),
        "{stderr}"
    );
    assert_eq!(files_in(&dir), ["m.wat"]);
}

#[test]
fn output_onto_a_directory_is_an_error_and_cleans_up() {
    let dir = scratch("onto-dir");
    std::fs::write(dir.join("m.wat"), COUNTER).unwrap();
    std::fs::create_dir(dir.join("taken")).unwrap();
    std::fs::write(dir.join("taken/keep"), b"x").unwrap();
    let out = wizer(&dir, &["m.wat", "-o", "taken"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: failed to write `taken`"),
        "{stderr}"
    );
    assert_eq!(files_in(&dir), ["m.wat", "taken"]);
    assert_eq!(files_in(&dir.join("taken")), ["keep"]);
}

#[test]
fn missing_input_is_an_error() {
    let dir = scratch("missing-input");
    let out = wizer(&dir, &["absent.wasm", "-o", "out.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: failed to read `absent.wasm`"),
        "{stderr}"
    );
    assert_eq!(files_in(&dir), Vec::<String>::new());
}

#[test]
fn options_may_follow_the_input() {
    let dir = scratch("options-after");
    std::fs::write(dir.join("m.wat"), COUNTER).unwrap();
    let out = wizer(
        &dir,
        &["m.wat", "--keep-init-func", "-o", "out.wasm", "--dir", "."],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snapshot = std::fs::read(dir.join("out.wasm")).unwrap();
    let live = common::instantiate(&snapshot).unwrap();
    assert!(
        live.export_names()
            .contains(&"wizer.initialize".to_string())
    );
}

#[test]
fn usage_errors_exit_with_status_1() {
    let dir = scratch("usage");
    for args in [
        &["--no-such-flag"][..],
        &["--wasm-simd", "maybe", "m.wasm"],
        &["a.wasm", "b.wasm"],
    ] {
        let out = wizer(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error:"), "{args:?}: {stderr}");
    }
}

#[test]
fn help_lists_every_flag() {
    let out = wizer(&std::env::temp_dir(), &["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--output",
        "--init-func",
        "--rename-func",
        "--func-rename",
        "--keep-init-func",
        "--allow-wasi",
        "--inherit-stdio",
        "--inherit-env",
        "--env",
        "--dir",
        "--mapdir",
        "--preload",
        "--features",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    for feature in wizer_lite::FEATURES {
        let flag = format!("--wasm-{}", feature.name);
        assert!(help.contains(&flag), "--help lacks {flag}");
    }
    let out = wizer(&std::env::temp_dir(), &["--version"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("wizer-lite "));
}

/// Writing a binary module to a terminal is refused. `script` (util-linux)
/// gives the command a pseudo-terminal as stdout.
#[test]
fn refuses_to_write_binary_to_a_terminal() {
    let dir = scratch("tty");
    std::fs::write(dir.join("m.wat"), COUNTER).unwrap();
    let bin = env!("CARGO_BIN_EXE_wizer-lite");
    let out = Command::new("script")
        .current_dir(&dir)
        .args(["-qec", &format!("{bin} m.wat"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("this test needs `script` from util-linux to provide a terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error: refusing to write a binary module to a terminal"),
        "{text}"
    );
}

const REPORTED: &str = r#"(module
  (memory (export "memory") 1 4)
  (global $n (export "n") (mut i32) (i32.const 0))
  (global $quiet (mut i64) (i64.const 5))
  (table 2 funcref)
  (elem declare func $f)
  (func $f)
  (func (export "setup")
    (global.set $n (i32.const 7))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 70000) (i32.const 0x01020304))
    (table.set (i32.const 1) (ref.func $f)))
  (func (export "keep") (result i32) (i32.const 1)))"#;

/// Reads one field of a JSON document with Node (the suite's second engine
/// is also its JSON parser).
fn json_field(path: &Path, expr: &str) -> String {
    let script = format!(
        "const r = JSON.parse(require('fs').readFileSync({:?}, 'utf8')); console.log(JSON.stringify({expr}))",
        path.to_str().unwrap()
    );
    let out = Command::new("node")
        .args(["-e", &script])
        .output()
        .expect("this test needs Node.js to parse the report");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn report_describes_the_snapshot() {
    let dir = scratch("report");
    std::fs::write(dir.join("m.wat"), REPORTED).unwrap();
    let out = wizer(
        &dir,
        &[
            "m.wat", "-f", "setup", "-r", "go=keep", "--report", "r.json", "-o", "out.wasm",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = dir.join("r.json");
    let field = |e: &str| json_field(&r, e);
    assert_eq!(field("r.schema"), "1");
    let input = std::fs::read(dir.join("m.wat")).unwrap();
    let output = std::fs::read(dir.join("out.wasm")).unwrap();
    assert_eq!(field("r.input.size"), input.len().to_string());
    assert_eq!(field("r.output.size"), output.len().to_string());
    let sha = Command::new("sha256sum")
        .arg(dir.join("out.wasm"))
        .output()
        .unwrap();
    let sha = String::from_utf8(sha.stdout).unwrap();
    assert_eq!(field("r.output.sha256"), format!("{:?}", &sha[..64]));
    assert_eq!(field("r.init_function"), "\"setup\"");
    assert_eq!(field("r.exports.removed"), "[\"setup\"]");
    assert_eq!(
        field("r.exports.renamed"),
        "[{\"from\":\"keep\",\"to\":\"go\"}]"
    );
    assert_eq!(
        field("r.globals"),
        "[{\"index\":0,\"export\":\"n\",\"before\":\"i32:0\",\"after\":\"i32:7\"}]"
    );
    assert_eq!(
        field("r.memories"),
        "[{\"index\":0,\"export\":\"memory\",\"pages_before\":1,\"pages_after\":2,\
         \"nonzero_bytes\":4,\"segments\":1,\"data_bytes\":4}]"
    );
    assert_eq!(
        field("r.tables"),
        "[{\"index\":0,\"size_before\":2,\"size_after\":2,\"non_null\":1}]"
    );
    // `elem declare` is bulk memory; an exported mutable global is
    // mutable-global.
    assert_eq!(
        field("r.features_used"),
        "[\"bulk-memory\",\"reference-types\",\"mutable-global\"]"
    );
    assert_eq!(field("r.wasi"), "null");
    assert_eq!(field("r.fuel_used"), "null");
    assert_eq!(field("typeof r.phases_ms.init"), "\"number\"");
    assert_eq!(field("r.warnings"), "[]");
}

#[test]
fn report_lists_wasi_activity() {
    let dir = scratch("report-wasi");
    std::fs::create_dir(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/config.txt"), "x").unwrap();
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/c-init/c-init.wasm");
    let out = wizer(
        &dir,
        &[
            "--allow-wasi",
            "--mapdir",
            "data::data",
            "--env",
            "GREETING=hi",
            "--fuel",
            "100000000",
            "--report",
            "r.json",
            c.to_str().unwrap(),
            "-o",
            "out.wasm",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = dir.join("r.json");
    assert_eq!(
        json_field(&r, "r.wasi.files_opened.map(f => [f.guest_path, f.mode])"),
        "[[\"data/config.txt\",\"read\"],[\"data\",\"directory\"]]"
    );
    assert_eq!(json_field(&r, "r.wasi.env_vars_read"), "[\"GREETING\"]");
    assert_eq!(json_field(&r, "r.wasi.random_bytes"), "16");
    assert_eq!(json_field(&r, "r.wasi.clock_reads"), "1");
    assert_eq!(json_field(&r, "r.initialize_called"), "true");
    assert_eq!(json_field(&r, "r.fuel_used > 0"), "true");
    assert_eq!(json_field(&r, "r.warnings.length"), "3");
}

#[test]
fn verbose_prints_a_summary() {
    let dir = scratch("verbose");
    std::fs::write(dir.join("m.wat"), REPORTED).unwrap();
    let out = wizer(
        &dir,
        &[
            "m.wat", "-f", "setup", "-v", "--fuel", "100000", "-o", "out.wasm",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "wizer-lite: phases (ms): read",
        "wizer-lite: initialization used ",
        "wizer-lite: 1 globals changed",
        "wizer-lite: memory 0: 1 -> 2 pages, 4 non-zero bytes in 1 segments",
        "wizer-lite: table 0: 2 -> 2 elements, 1 non-null",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
}

#[test]
fn a_huge_line_in_a_wat_error_is_shortened() {
    let dir = scratch("long-line");
    std::fs::write(dir.join("m.wat"), "(".repeat(100_000)).unwrap();
    let out = wizer(&dir, &["m.wat", "-o", "out.wasm"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: failed to parse the input as WAT"),
        "{stderr}"
    );
    assert!(stderr.len() < 2_000, "{} bytes of error", stderr.len());
    assert!(stderr.contains("[...]"), "{stderr}");
}

/// A module whose init, first thing, creates `made.txt` in its preopened
/// directory and writes "hello" to stdout, then does `init_tail`; `extra`
/// is appended to the module. Hundreds of kilobytes of valid code come
/// before `extra`, so that validating the bodies takes a while.
fn effects_first(init_tail: &str, extra: &str) -> Vec<u8> {
    wat::parse_str(effects_first_wat(init_tail, extra)).unwrap()
}

/// The text of [`effects_first`].
fn effects_first_wat(init_tail: &str, extra: &str) -> String {
    let mut wat = String::from(
        r#"(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\05\00\00\00")
  (data (i32.const 16) "hello")
  (data (i32.const 32) "made.txt")
  (func (export "wizer.initialize")
    (drop (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 8)
      (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 64)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
"#,
    );
    wat.push_str(init_tail);
    wat.push_str(")\n");
    for i in 0..2000 {
        wat.push_str(&format!("  (func $filler{i} (result i32) (i32.const {i})"));
        for _ in 0..40 {
            wat.push_str(" (i32.add (i32.const 3))");
        }
        wat.push_str(")\n");
    }
    wat.push_str(extra);
    wat.push(')');
    wat
}

/// The module is invalid: `(result i32)` but an i64 left on the stack.
const INVALID_BODY: &str = "(func (result i32) (i64.const 0))";

/// Snapshot `m.wasm` with WASI, the guest's stdout and the directory.
const WITH_EFFECTS: [&str; 7] = [
    "m.wasm",
    "-o",
    "out.wasm",
    "--allow-wasi",
    "--inherit-stdio",
    "--dir",
    ".",
];

fn assert_refused_as_invalid(out: &Output, dir: &Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("not a valid WebAssembly module") && stderr.contains("type mismatch"),
        "{stderr}"
    );
    // Nothing the init function would have done outside the instance
    // happened: the check order is validation first.
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!dir.join("made.txt").exists(), "init created a file");
    assert!(!dir.join("out.wasm").exists());
}

#[test]
fn an_invalid_module_has_no_effects_and_is_refused_as_invalid() {
    let dir = scratch("invalid-effects");
    std::fs::write(dir.join("m.wasm"), effects_first("", INVALID_BODY)).unwrap();
    let out = wizer(&dir, &WITH_EFFECTS);
    assert_refused_as_invalid(&out, &dir);

    // The same module made valid does create the file and print.
    let dir = scratch("valid-effects");
    std::fs::write(dir.join("m.wasm"), effects_first("", "")).unwrap();
    let out = wizer(&dir, &WITH_EFFECTS);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"hello");
    assert!(dir.join("made.txt").exists());
}

#[test]
fn a_validation_error_wins_over_what_init_did() {
    // Init traps, or never returns (under a fuel budget), after its
    // effects: each time, the error is the module's invalidity, as when
    // validation runs first.
    let tails = ["unreachable", "(loop (br 0))"];
    for (i, tail) in tails.iter().enumerate() {
        let dir = scratch(&format!("invalid-wins-{i}"));
        std::fs::write(dir.join("m.wasm"), effects_first(tail, INVALID_BODY)).unwrap();
        let out = wizer(
            &dir,
            &[&WITH_EFFECTS[..], &["--fuel", "100000000000"]].concat(),
        );
        assert_refused_as_invalid(&out, &dir);
    }
    // Refusals (step 4) and a missing init function (step 5) come after
    // validation too.
    let dir = scratch("invalid-wins-refusal");
    // An imported global is refused.
    let refused = effects_first_wat("", INVALID_BODY).replacen(
        "(module",
        r#"(module (import "env" "g" (global i32))"#,
        1,
    );
    std::fs::write(dir.join("m.wasm"), wat::parse_str(refused).unwrap()).unwrap();
    let out = wizer(
        &dir,
        &["m.wasm", "-o", "out.wasm", "--allow-wasi", "--dir", "."],
    );
    assert_refused_as_invalid(&out, &dir);
    let out = wizer(&dir, &["m.wasm", "-o", "out.wasm", "-f", "missing"]);
    assert_refused_as_invalid(&out, &dir);
}

/// A module whose init recurses `depth` calls deep and counts them in the
/// exported global `n`.
fn recursing(depth: u32) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
             (global $n (export "n") (mut i32) (i32.const 0))
             (func $rec (param i32)
               (global.set $n (i32.add (global.get $n) (i32.const 1)))
               (if (local.get 0)
                 (then (call $rec (i32.sub (local.get 0) (i32.const 1))))))
             (func (export "wizer.initialize") (call $rec (i32.const {depth}))))"#
    ))
    .unwrap()
}

/// Runs the binary under `ulimit -v` (KiB of address space): too little
/// for the initialization thread's stack of 100,000 frames (200 MiB).
fn wizer_in_address_space(dir: &Path, kib: u32, args: &[&str]) -> Output {
    let out = Command::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("ulimit -v {kib} || exit 99; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_wizer-lite"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(99),
        "this machine's sh cannot set `ulimit -v`"
    );
    out
}

#[test]
fn snapshots_where_no_deep_stack_can_be_reserved() {
    let dir = scratch("small-address-space");
    // Shallow: snapshots on a smaller stack (it failed with "failed to start
    // the initialization thread" before any wasm ran).
    std::fs::write(dir.join("shallow.wasm"), recursing(500)).unwrap();
    let out = wizer_in_address_space(&dir, 100_000, &["shallow.wasm", "-o", "shallow.out.wasm"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let snapshot = std::fs::read(dir.join("shallow.out.wasm")).unwrap();
    assert_eq!(global_n(&snapshot), "501");

    // Deeper than the smaller stack holds: a clear error naming both depths,
    // not a crash; and without the limit, the usual one.
    std::fs::write(dir.join("deep.wasm"), recursing(200_000)).unwrap();
    let out = wizer_in_address_space(&dir, 100_000, &["deep.wasm", "-o", "deep.out.wasm"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("all the initialization thread's stack has room for")
            && stderr.contains("the 100000 frames of `--max-call-depth`")
            && stderr.contains("call stack exhausted"),
        "{stderr}"
    );
    assert!(!dir.join("deep.out.wasm").exists());
    let out = wizer(&dir, &["deep.wasm", "-o", "deep.out.wasm"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("deeper than 100000 frames (`--max-call-depth`)"),
        "{stderr}"
    );
}

/// Everything in `dir`, recursively: (path, what it is, its contents or
/// link target).
#[cfg(unix)]
fn tree(dir: &Path) -> Vec<(PathBuf, String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path).unwrap();
            out.push((
                path,
                "link".into(),
                target.into_os_string().into_encoded_bytes(),
            ));
        } else if meta.is_dir() {
            out.extend(tree(&path));
        } else {
            use std::os::unix::fs::PermissionsExt;
            let kind = format!("file {:o}", meta.permissions().mode());
            out.push((path.clone(), kind, std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
#[test]
fn writing_never_touches_a_file_or_symlink_it_did_not_create() {
    let dir = scratch("planted");
    let (out, victims) = (dir.join("out"), dir.join("victims"));
    std::fs::create_dir_all(&out).unwrap();
    std::fs::create_dir_all(&victims).unwrap();
    std::fs::write(dir.join("m.wat"), COUNTER).unwrap();
    std::fs::write(dir.join("traps.wat"), TRAPS).unwrap();
    // Files and symlinks to files elsewhere under every name a writer of
    // `out.wasm` or `r.json` might pick for its temporary file: the names
    // wizer-lite used before (pid, time, counter), and common patterns.
    let mut planted = 0;
    for target in ["out.wasm", "r.json"] {
        let names = [
            format!(".{target}.wizer-lite-0-0-0.tmp"),
            format!(".{target}.wizer-lite.tmp"),
            format!(".{target}.tmp"),
            format!("{target}.tmp"),
            format!("{target}~"),
            format!(".{target}.swp"),
        ];
        for (i, name) in names.iter().enumerate() {
            let victim = victims.join(format!("{target}-{i}"));
            std::fs::write(&victim, format!("victim {i}")).unwrap();
            if i % 2 == 0 {
                std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
            } else {
                std::fs::write(out.join(name), format!("planted {i}")).unwrap();
            }
            planted += 1;
        }
    }
    // A dangling symlink, which `O_CREAT` without `O_EXCL` would create
    // the target of.
    std::os::unix::fs::symlink(dir.join("nowhere"), out.join(".out.wasm.new")).unwrap();
    let before = tree(&dir);
    assert!(before.len() > planted);

    // A failing run changes nothing at all.
    let run = wizer(
        &dir,
        &["traps.wat", "-o", "out/out.wasm", "--report", "out/r.json"],
    );
    assert!(!run.status.success());
    // It writes its report, and changes nothing else.
    let mut after = tree(&dir);
    let report = after
        .iter()
        .position(|(path, ..)| path.ends_with("out/r.json"))
        .expect("the failure's report");
    let (_, kind, bytes) = after.remove(report);
    assert_eq!(kind, "file 100644");
    assert!(String::from_utf8_lossy(&bytes).contains("\"failure\""));
    assert_eq!(after, before, "a failing run changed the directory");
    std::fs::remove_file(out.join("r.json")).unwrap();

    // A run that succeeds adds its two files and nothing else.
    let run = wizer(
        &dir,
        &["m.wat", "-o", "out/out.wasm", "--report", "out/r.json"],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let after: Vec<_> = tree(&dir)
        .into_iter()
        .filter(|(path, _, _)| ![out.join("out.wasm"), out.join("r.json")].contains(path))
        .collect();
    assert_eq!(
        after, before,
        "the run changed something besides its output"
    );
    assert!(!dir.join("nowhere").exists());
    assert_eq!(global_n(&std::fs::read(out.join("out.wasm")).unwrap()), "7");

    // The output path itself may be a symlink: it is replaced by the new
    // module, and what it pointed to is left alone.
    let victim = victims.join("linked");
    std::fs::write(&victim, b"victim").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("linked.wasm")).unwrap();
    let run = wizer(&dir, &["m.wat", "-o", "out/linked.wasm"]);
    assert!(run.status.success());
    assert_eq!(std::fs::read(&victim).unwrap(), b"victim");
    let linked = out.join("linked.wasm");
    assert!(std::fs::symlink_metadata(&linked).unwrap().is_file());
    assert_eq!(global_n(&std::fs::read(linked).unwrap()), "7");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `wasmtime wizer`'s spellings mean what Wizer 10's do: each pair of
/// command lines gives byte-identical output (or the same error), and the
/// options that cannot apply are accepted with a warning.
#[test]
fn wasmtime_wizer_spellings_mean_what_wizer_10s_do() {
    let dir = scratch("wasmtime-spellings");
    std::fs::create_dir(dir.join("data")).unwrap();
    std::fs::write(dir.join("data/config.txt"), "x").unwrap();
    let c = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/c-init/c-init.wasm");
    std::fs::copy(&c, dir.join("c.wasm")).unwrap();
    std::fs::write(dir.join("counter.wat"), COUNTER).unwrap();
    std::fs::write(
        dir.join("grows.wat"),
        r#"(module (memory (export "memory") 1)
             (global (export "got") (mut i32) (i32.const 0))
             (func (export "wizer.initialize") (global.set 0 (memory.grow (i32.const 2)))))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("loops.wat"),
        r#"(module (func (export "wizer.initialize") (loop (br 0))))"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("simd.wat"),
        r#"(module (func (export "wizer.initialize") (drop (v128.const i64x2 0 0))))"#,
    )
    .unwrap();
    let wasi = "c.wasm --deterministic";
    let pairs: &[(&str, &str)] = &[
        (
            "-S cli --dir data::data --env GREETING=hi",
            "--allow-wasi --mapdir data::data --env GREETING=hi",
        ),
        (
            "-S cli=y,inherit-env=n --dir data --env GREETING",
            "--allow-wasi --inherit-env false --dir data --env GREETING=from-the-host",
        ),
        ("-S common -S inherit-env", "--allow-wasi --inherit-env"),
        (
            "--wasi cli=yes --dir data::guest",
            "--allow-wasi --mapdir guest::data",
        ),
    ];
    let run = |args: &str| {
        let args: Vec<&str> = args.split_whitespace().collect();
        Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
            .current_dir(&dir)
            .args(&args)
            .env("GREETING", "from-the-host")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let same = |wasmtime: &str, wizer10: &str| {
        let ours = run(&format!("{wasmtime} -o a.wasm"));
        let theirs = run(&format!("{wizer10} -o b.wasm"));
        assert_eq!(
            ours.status.success(),
            theirs.status.success(),
            "`{wasmtime}` against `{wizer10}`:\n{}\n{}",
            String::from_utf8_lossy(&ours.stderr),
            String::from_utf8_lossy(&theirs.stderr)
        );
        if ours.status.success() {
            let (a, b) = (dir.join("a.wasm"), dir.join("b.wasm"));
            assert_eq!(
                std::fs::read(&a).unwrap(),
                std::fs::read(&b).unwrap(),
                "`{wasmtime}` and `{wizer10}` differ"
            );
            std::fs::remove_file(a).unwrap();
            std::fs::remove_file(b).unwrap();
        } else {
            assert_eq!(
                ours.stderr, theirs.stderr,
                "`{wasmtime}` against `{wizer10}`"
            );
        }
        String::from_utf8(ours.stderr).unwrap()
    };
    for (wasmtime, wizer10) in pairs {
        same(&format!("{wasi} {wasmtime}"), &format!("{wasi} {wizer10}"));
    }
    // The environment variable the bare `--env` passed on was read.
    let out = run(&format!(
        "{wasi} -S cli --dir data --env GREETING -o a.wasm"
    ));
    assert!(out.status.success());
    let from_host = std::fs::read(dir.join("a.wasm")).unwrap();
    assert!(from_host.windows(13).any(|w| w == b"from-the-host"));
    std::fs::remove_file(dir.join("a.wasm")).unwrap();

    same(
        "counter.wat -W simd=n,tail-call=y",
        "counter.wat --wasm-simd false --wasm-tail-call true",
    );
    same("simd.wat -W simd=n", "simd.wat --wasm-simd false");
    same(
        "grows.wat -W max-memory-size=131072",
        "grows.wat --max-memory 131072",
    );
    same("loops.wat -W fuel=100000", "loops.wat --fuel 100000");
    same("loops.wat -W timeout=200ms", "loops.wat --timeout 0.2");
    same(
        "counter.wat -W max-table-elements=5",
        "counter.wat --max-table-elements 5",
    );
    // Always so in wizer-lite: no warning when asked for.
    let quiet = same(
        "counter.wat -W relaxed-simd-deterministic,nan-canonicalization=y",
        "counter.wat",
    );
    assert_eq!(quiet, "");

    // What cannot apply is accepted, with one warning each.
    let warned = same(
        "counter.wat -O opt-level=2 -C cache=n,cranelift-opt-level=speed -D debug-info \
         -S tcp=y -W threads=y,relaxed-simd-deterministic=n",
        "counter.wat",
    );
    for expected in [
        "warning: `-O opt-level=2` has no effect",
        "warning: `-C cache=n,cranelift-opt-level=speed` has no effect",
        "warning: `-D debug-info` has no effect",
        "warning: `-S tcp=y` has no effect",
        "warning: `-W threads=y` has no effect",
        "warning: `-W relaxed-simd-deterministic=n` has no effect",
    ] {
        assert!(warned.contains(expected), "no `{expected}` in:\n{warned}");
    }
    assert_eq!(warned.lines().count(), 6, "{warned}");

    // A value that is not a boolean is an error.
    let out = run("counter.wat -S cli=maybe -o a.wasm");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("invalid `-S cli=maybe`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The output says what made it: `processed-by` `wizer-lite <version>` in
/// the `producers` section, merged into the input's; and nothing is added
/// with `--producers-section false`.
#[test]
fn outputs_name_wizer_lite_in_their_producers_section() {
    let dir = scratch("producers");
    let wat = r#"(module
      (@producers (language "C" "") (processed-by "clang" "14"))
      (global $n (export "n") (mut i32) (i32.const 0))
      (func (export "wizer.initialize") (global.set $n (i32.const 7))))"#;
    std::fs::write(dir.join("m.wat"), wat).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    for (args, want) in [
        (
            &[][..],
            format!(
                "(@producers\n    (language \"C\" \"\")\n    (processed-by \"clang\" \"14\")\n    \
                 (processed-by \"wizer-lite\" \"{version}\")\n  )"
            ),
        ),
        (
            &["--producers-section", "false"][..],
            "(@producers\n    (language \"C\" \"\")\n    (processed-by \"clang\" \"14\")\n  )"
                .to_string(),
        ),
    ] {
        let mut all = vec!["m.wat", "-o", "out.wasm"];
        all.extend_from_slice(args);
        let out = wizer(&dir, &all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = common::print_wat(&std::fs::read(dir.join("out.wasm")).unwrap());
        assert!(text.contains(&want), "{args:?}:\n{text}");
    }
    // Without an input section, one is added; the same bytes every run.
    let out = wizer(&dir, &["m.wat", "-o", "a.wasm"]);
    assert!(out.status.success());
    let out = wizer(&dir, &["m.wat", "-o", "b.wasm"]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(dir.join("a.wasm")).unwrap(),
        std::fs::read(dir.join("b.wasm")).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
