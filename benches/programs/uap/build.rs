//! Copies uap-core's regexes.yaml out of the `uaparser` package in the cargo
//! registry (it ships it as src/core/regexes.yaml), so that the repository
//! does not vendor it.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let out = Command::new(std::env::var("CARGO").unwrap())
        .args(["metadata", "--format-version", "1"])
        .current_dir(std::env::var("CARGO_MANIFEST_DIR").unwrap())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed");
    let json = String::from_utf8(out.stdout).unwrap();
    // The manifest path of uaparser 0.6.4, without a JSON parser: it is the
    // `"manifest_path":"…/uaparser-0.6.4/Cargo.toml"` string.
    let end = json
        .find("uaparser-0.6.4/Cargo.toml\"")
        .expect("uaparser 0.6.4 is in the dependency graph");
    let start = json[..end].rfind('"').unwrap() + 1;
    let dir = PathBuf::from(&json[start..end]).join("uaparser-0.6.4");
    let yaml = dir.join("src/core/regexes.yaml");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("regexes.yaml");
    std::fs::copy(&yaml, &dest).unwrap_or_else(|e| panic!("copying {}: {e}", yaml.display()));
    println!("cargo:rerun-if-changed=build.rs");
}
