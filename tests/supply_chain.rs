//! The dependency budget: the crates in the normal dependency tree of the
//! binary (default features) and of the library (`--no-default-features`),
//! counted with `cargo tree`, must not exceed the committed budgets below,
//! and none may be Wasmtime's or Cranelift's. Raising a budget is a
//! reviewed change: say which crate came in and why.
//!
//! The licence, ban and source policy is `deny.toml`, checked by
//! `cargo deny check bans licenses sources` in `.ci/run`.

use std::process::Command;

/// Crates in the normal tree with default features (the binary), without
/// wizer-lite itself. 66 on 2026-12-04; Wizer 10's is about 205.
const BUDGET_DEFAULT: usize = 66;

/// The same for the library without the WASI shim.
const BUDGET_NO_DEFAULT: usize = 66;

/// The crates (`name vX.Y.Z`) in wizer-lite's normal dependency tree.
fn crates(extra: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "-p",
            "wizer-lite",
            "-e",
            "normal",
            "--prefix",
            "none",
        ])
        .args(["--locked", "--offline", "-f", "{p}"])
        .args(extra)
        .output()
        .expect("failed to run `cargo tree`");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut crates: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            line.trim_end_matches(" (*)")
                .trim_end_matches(" (proc-macro)")
                .to_string()
        })
        .filter(|line| !line.is_empty() && !line.starts_with("wizer-lite "))
        .collect();
    crates.sort();
    crates.dedup();
    crates
}

/// Checks one tree against its budget and the no-JIT promise.
fn check(what: &str, crates: &[String], budget: usize) {
    let jit: Vec<_> = crates
        .iter()
        .filter(|c| c.starts_with("wasmtime") || c.starts_with("cranelift"))
        .collect();
    assert!(
        jit.is_empty(),
        "{what}: a JIT crate is in the tree: {jit:?}"
    );
    assert!(
        crates.len() <= budget,
        "{what}: {} crates in the normal dependency tree, over the budget of {budget} \
         (tests/supply_chain.rs): {crates:#?}",
        crates.len()
    );
    println!("{what}: {} crates (budget {budget})", crates.len());
}

#[test]
fn the_binary_stays_within_its_dependency_budget() {
    check("default features", &crates(&[]), BUDGET_DEFAULT);
}

#[test]
fn the_library_without_wasi_stays_within_its_dependency_budget() {
    check(
        "--no-default-features",
        &crates(&["--no-default-features"]),
        BUDGET_NO_DEFAULT,
    );
}

/// The check itself fails: over budget, and on a JIT crate.
#[test]
fn the_budget_check_refuses_what_it_should() {
    let some = vec!["a v1.0.0".to_string(), "b v1.0.0".to_string()];
    assert!(std::panic::catch_unwind(|| check("test", &some, 1)).is_err());
    assert!(std::panic::catch_unwind(|| check("test", &some, 2)).is_ok());
    let jit = vec!["cranelift-codegen v0.1.0".to_string()];
    assert!(std::panic::catch_unwind(|| check("test", &jit, 10)).is_err());
}
