//! Real guest programs (C with wasi-libc, Rust for wasm32-wasip1, a Go
//! wasip1 reactor) whose initialization uses WASI: files, directories,
//! environment, clock, randomness, `HashMap`. Sources and the built `.wasm` are in
//! `tests/programs/` (`build.sh` rebuilds them). Each is snapshotted through
//! the CLI and then checked by calling its exports on the snapshot.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn program(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/programs/{name}/{name}.wasm"))
}

/// A directory with the fixture the programs read as `data`.
fn fixture(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("wizer-lite-program-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data/sub")).unwrap();
    std::fs::write(dir.join("data/config.txt"), "max_items=42\n").unwrap();
    std::fs::write(
        dir.join("data/words.txt"),
        "the cat and the dog and THE bird\n",
    )
    .unwrap();
    dir
}

/// Snapshots `wasm` in `dir` with `args`; returns the output module.
fn snapshot(dir: &Path, wasm: &Path, args: &[&str]) -> Vec<u8> {
    snapshot_with_env(dir, wasm, args, &[])
}

/// [`snapshot`] with extra environment variables for wizer-lite itself.
fn snapshot_with_env(dir: &Path, wasm: &Path, args: &[&str], env: &[(&str, &str)]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .arg(wasm)
        .args(["-o", "out.wasm"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "wizer-lite failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(dir.join("out.wasm")).unwrap();
    common::validate(&bytes).unwrap();
    bytes
}

fn call(live: &mut common::Live, name: &str, args: &[i64]) -> i64 {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let result = live.invoke(name, &args).unwrap();
    assert_eq!(result.len(), 1, "{name}: {result:?}");
    result[0]
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {result:?}"))
}

fn string(live: &mut common::Live, len: &str, byte: &str) -> String {
    let n = call(live, len, &[]);
    (0..n)
        .map(|i| call(live, byte, &[i]) as u8 as char)
        .collect()
}

const WASI_ARGS: [&str; 5] = [
    "--allow-wasi",
    "--mapdir",
    "data::data",
    "--env",
    "GREETING=hello",
];

#[test]
fn c_program_initializes_from_files_env_clock_and_randomness() {
    let dir = fixture("c");
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let out = snapshot(&dir, &program("c-init"), &WASI_ARGS);
    let after = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;

    let mut live = common::instantiate(&out).unwrap();
    assert_eq!(
        string(&mut live, "config_len", "config_byte"),
        "max_items=42\n"
    );
    // config.txt, sub, words.txt; listed in name order.
    assert_eq!(call(&mut live, "entries", &[]), 3);
    assert_eq!(call(&mut live, "first_entry_byte", &[0]), b'c' as i64);
    assert_eq!(string(&mut live, "greeting_len", "greeting_byte"), "hello");
    let seconds = call(&mut live, "seconds", &[]);
    assert!(
        (before..=after).contains(&seconds),
        "{before} <= {seconds} <= {after}"
    );
    let random: Vec<i64> = (0..16)
        .map(|i| call(&mut live, "random_byte", &[i]))
        .collect();
    assert!(random.iter().any(|&b| b != 0), "{random:?}");
    // `_initialize` ran and is gone; the init function is gone.
    let names = live.export_names();
    assert!(!names.contains(&"_initialize".to_string()), "{names:?}");
    assert!(
        !names.contains(&"wizer.initialize".to_string()),
        "{names:?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn c_program_snapshots_are_byte_identical_in_deterministic_mode() {
    let dir = fixture("c-det");
    let args = [&WASI_ARGS[..], &["--deterministic", "--random-seed", "5"]].concat();
    let first = snapshot(&dir, &program("c-init"), &args);
    // Let the real clock move on by more than a second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = snapshot(&dir, &program("c-init"), &args);
    assert!(first == second, "deterministic snapshots differ");

    let mut live = common::instantiate(&first).unwrap();
    assert_eq!(call(&mut live, "seconds", &[]), 946_684_800);
    let random: Vec<i64> = (0..16)
        .map(|i| call(&mut live, "random_byte", &[i]))
        .collect();

    // Another seed, other bytes.
    let args = [&WASI_ARGS[..], &["--deterministic", "--random-seed", "6"]].concat();
    let other = snapshot(&dir, &program("c-init"), &args);
    let mut live = common::instantiate(&other).unwrap();
    let other_random: Vec<i64> = (0..16)
        .map(|i| call(&mut live, "random_byte", &[i]))
        .collect();
    assert_ne!(random, other_random);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rust_program_initializes_with_std_fs_env_and_hashmap() {
    let dir = fixture("rust");
    let out = snapshot(&dir, &program("rust-init"), &WASI_ARGS);
    let mut live = common::instantiate(&out).unwrap();
    // "the cat and the dog and THE bird", lowercased.
    assert_eq!(call(&mut live, "distinct", &[]), 5);
    assert_eq!(call(&mut live, "count_the", &[]), 3);
    assert_eq!(call(&mut live, "total", &[]), 8);
    assert_eq!(call(&mut live, "greeting_len", &[]), 5);
    assert_eq!(call(&mut live, "files", &[]), 3);

    let args = [&WASI_ARGS[..], &["--deterministic"]].concat();
    let a = snapshot(&dir, &program("rust-init"), &args);
    let b = snapshot(&dir, &program("rust-init"), &args);
    assert!(a == b, "deterministic snapshots differ");
    let mut live = common::instantiate(&a).unwrap();
    assert_eq!(call(&mut live, "count_the", &[]), 3);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_program_that_needs_wasi_fails_clearly_without_it() {
    let dir = fixture("no-wasi");
    let out = Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
        .current_dir(&dir)
        .arg(program("rust-init"))
        .args(["-o", "out.wasm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot call WASI function `wasi_snapshot_preview1`."),
        "{stderr}"
    );
    assert!(stderr.contains("without `--allow-wasi`"), "{stderr}");
    assert!(!dir.join("out.wasm").exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn inherit_env_passes_the_host_environment() {
    let dir = fixture("inherit-env");
    let host_env = [("GREETING", "from-the-host")];
    let args = ["--allow-wasi", "--inherit-env", "--mapdir", "data::data"];
    let out = snapshot_with_env(&dir, &program("c-init"), &args, &host_env);
    let mut live = common::instantiate(&out).unwrap();
    assert_eq!(
        string(&mut live, "greeting_len", "greeting_byte"),
        "from-the-host"
    );

    // Without it (the default), the host's variable is not visible.
    let args = ["--allow-wasi", "--mapdir", "data::data"];
    let out = snapshot_with_env(&dir, &program("c-init"), &args, &host_env);
    let mut live = common::instantiate(&out).unwrap();
    assert_eq!(call(&mut live, "greeting_len", &[]), -1);
    std::fs::remove_dir_all(dir).unwrap();
}

/// The benchmark programs (`benches/programs/`): each is snapshotted by the
/// CLI, and the snapshot must give the program's known answer under wasmi
/// and under Node (V8). The answers in `programs.txt` come from the control
/// builds, which initialize inside `run`.
#[test]
fn benchmark_programs_snapshot_and_answer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/programs");
    let list = std::fs::read_to_string(root.join("programs.txt")).unwrap();
    let dir =
        std::env::temp_dir().join(format!("wizer-lite-bench-programs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for line in list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let [name, expected, input] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            panic!("programs.txt: bad line {line:?}");
        };
        let expected: i32 = expected.parse().unwrap();
        let input = root.join("inputs").join(input);
        let out = snapshot(
            &dir,
            &root.join(format!("wasm/{name}.wasm")),
            &["--allow-wasi"],
        );
        let snapshot_path = dir.join(format!("{name}.snapshot.wasm"));
        std::fs::write(&snapshot_path, &out).unwrap();

        // wasmi, with every import a trapping stub: after initialization
        // the programs' `run` needs no WASI.
        let mut live = common::instantiate(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let bytes = std::fs::read(&input).unwrap();
        let ptr = call(&mut live, "alloc", &[bytes.len() as i64]);
        let memory = live.instance.get_memory(&live.store, "memory").unwrap();
        memory.write(&mut live.store, ptr as usize, &bytes).unwrap();
        let answer = call(&mut live, "run", &[ptr, bytes.len() as i64]);
        assert_eq!(answer, expected as i64, "{name} under wasmi");

        // V8.
        let node = Command::new("node")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/program.mjs"))
            .arg(&snapshot_path)
            .arg(&input)
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run node (Node.js 20+ is needed for this test): {e}")
            });
        assert!(
            node.status.success(),
            "{name} under node: {}",
            String::from_utf8_lossy(&node.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&node.stdout).trim(),
            expected.to_string(),
            "{name} under node"
        );
        checked += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(checked, 5, "programs.txt lists the five benchmark programs");
}

/// A Go `wasip1` reactor (`-buildmode=c-shared`): Go's runtime stops with
/// `fatal error: nanotime returning zero` on a monotonic clock that reads
/// zero, so `--deterministic` starts it at one second. Its snapshot is the
/// same on every run, holds what init read, and init does not run again.
#[test]
fn go_reactor_snapshots_in_deterministic_mode() {
    let dir = fixture("go");
    // Go resolves relative paths against `/`: the preopen is `/data`.
    let args = [
        "--allow-wasi",
        "--mapdir",
        "/data::data",
        "--env",
        "GREETING=hello",
        "--deterministic",
        "-f",
        "init",
    ];
    let first = snapshot(&dir, &program("go-init"), &args);
    let second = snapshot(&dir, &program("go-init"), &args);
    assert!(first == second, "deterministic snapshots differ");

    let mut live = common::instantiate(&first).unwrap();
    assert_eq!(call(&mut live, "init_runs", &[]), 1);
    assert_eq!(call(&mut live, "wall_year", &[]), 2000);
    assert_eq!(
        call(&mut live, "mono_ok", &[]),
        1,
        "time.Since after a sleep"
    );
    assert_eq!(call(&mut live, "greeting_len", &[]), 5);
    assert_eq!(
        string(&mut live, "config_len", "config_byte"),
        "max_items=42"
    );
    // "the cat and the dog and THE bird": and, bird, cat, dog, the.
    assert_eq!(call(&mut live, "distinct_words", &[]), 5);
    let counts: Vec<i64> = (0..6)
        .map(|i| call(&mut live, "word_count", &[i]))
        .collect();
    assert_eq!(counts, [2, 1, 1, 1, 3, -1]);
    let names = live.export_names();
    assert!(!names.contains(&"init".to_string()), "{names:?}");
    assert!(!names.contains(&"_initialize".to_string()), "{names:?}");
    std::fs::remove_dir_all(dir).unwrap();
}
