//! `wasmtime wizer`'s spellings of the options wizer-lite has, read with
//! the same meaning (the names and value syntax of Wasmtime's
//! `crates/cli-flags`: `KEY[=VAL]`, comma-separated, booleans `y`/`n`,
//! `yes`/`no`, `true`/`false`, a bare key meaning yes).
//!
//! | `wasmtime wizer` | wizer-lite |
//! |---|---|
//! | `-S cli[=y\|n]` (and its old name `-S common`) | `--allow-wasi` |
//! | `-S inherit-env[=y\|n]` | `--inherit-env` |
//! | `-W <feature>=y\|n` | `--wasm-<feature>` |
//! | `-W relaxed-simd-deterministic` | always so |
//! | `-W nan-canonicalization` | always so |
//! | `-W fuel=N` | `--fuel N` |
//! | `-W timeout=DURATION` | `--timeout` |
//! | `-W max-memory-size=BYTES` | `--max-memory` |
//! | `-W max-table-elements=N` | `--max-table-elements` |
//!
//! Anything else of `-S` and `-W`, and every `-O`, `-C` and `-D` option
//! (Cranelift, Pulley and debug settings: wizer-lite compiles nothing), is
//! accepted with a one-line warning that it has no effect. `--dir` and
//! `--env` take Wasmtime's forms in `cli.rs` (`--dir HOST::GUEST`, a bare
//! `--env NAME`).

use anyhow::{Result, bail};
use std::time::Duration;
use wizer_lite::Wizer;

/// The WebAssembly features `-W` switches, under Wasmtime's names, which
/// are wizer-lite's too.
const FEATURES: &[&str] = &[
    "bulk-memory",
    "custom-page-sizes",
    "extended-const",
    "memory64",
    "multi-memory",
    "multi-value",
    "reference-types",
    "relaxed-simd",
    "simd",
    "tail-call",
    "wide-arithmetic",
];

/// Applies `-S` (`wasi`) and `-W` (`wasm`) options to `wizer`; the
/// warnings for what has no effect, `-O`/`-C`/`-D` (`ignored`) included.
pub fn apply(
    wizer: &mut Wizer,
    wasi: &[String],
    wasm: &[String],
    ignored: &[(&str, &[String])],
) -> Result<Vec<String>> {
    let mut warnings = Vec::new();
    for (key, value) in options(wasi) {
        match key {
            "cli" | "common" => {
                wizer.allow_wasi(boolean("-S", key, value)?)?;
            }
            "inherit-env" => {
                wizer.inherit_env(boolean("-S", key, value)?);
            }
            _ => warnings.push(format!(
                "`-S {}` has no effect: wizer-lite's WASI is preview1's CLI functions only",
                shown(key, value)
            )),
        }
    }
    for (key, value) in options(wasm) {
        match key {
            _ if FEATURES.contains(&key) => {
                wizer.wasm_feature(key, boolean("-W", key, value)?)?;
            }
            "relaxed-simd-deterministic" | "nan-canonicalization" => {
                if !boolean("-W", key, value)? {
                    warnings.push(format!(
                        "`-W {}` has no effect: wizer-lite's {} always deterministic",
                        shown(key, value),
                        if key == "nan-canonicalization" {
                            "NaNs are"
                        } else {
                            "relaxed SIMD is"
                        }
                    ));
                }
            }
            "fuel" => {
                wizer.fuel(number("-W", key, value)?);
            }
            "timeout" => {
                wizer.timeout(duration(key, value)?);
            }
            "max-memory-size" => {
                wizer.max_memory(number("-W", key, value)?);
            }
            "max-table-elements" => {
                wizer.max_table_elements(number("-W", key, value)?);
            }
            _ => warnings.push(format!(
                "`-W {}` has no effect in wizer-lite",
                shown(key, value)
            )),
        }
    }
    for (flag, values) in ignored {
        for value in *values {
            warnings.push(format!(
                "`{flag} {value}` has no effect: wizer-lite compiles nothing (it interprets \
                 with wasmi)"
            ));
        }
    }
    Ok(warnings)
}

/// The `KEY[=VAL]` items of comma-separated option lists.
fn options(lists: &[String]) -> impl Iterator<Item = (&str, Option<&str>)> {
    lists
        .iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| match item.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (item, None),
        })
}

fn shown(key: &str, value: Option<&str>) -> String {
    match value {
        Some(value) => format!("{key}={value}"),
        None => key.to_string(),
    }
}

/// A boolean as Wasmtime spells it; a bare key is yes.
fn boolean(flag: &str, key: &str, value: Option<&str>) -> Result<bool> {
    match value {
        None | Some("y" | "yes" | "true") => Ok(true),
        Some("n" | "no" | "false") => Ok(false),
        Some(other) => bail!("invalid `{flag} {key}={other}`: expected `y` or `n`"),
    }
}

fn number<T: std::str::FromStr>(flag: &str, key: &str, value: Option<&str>) -> Result<T> {
    match value.map(str::parse) {
        Some(Ok(n)) => Ok(n),
        _ => bail!("invalid `{flag} {}`: expected `{key}=N`", shown(key, value)),
    }
}

/// A duration as Wasmtime spells it: `2s`, `100ms`, `1m`, or seconds.
fn duration(key: &str, value: Option<&str>) -> Result<Duration> {
    let invalid = || {
        anyhow::anyhow!(
            "invalid `-W {}`: expected a duration such as `2s` or `100ms`",
            shown(key, value)
        )
    };
    let text = value.ok_or_else(invalid)?;
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().map_err(|_| invalid())?;
    Ok(match unit {
        "" | "s" => Duration::from_secs(n),
        "ms" => Duration::from_millis(n),
        "us" => Duration::from_micros(n),
        "ns" => Duration::from_nanos(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        "h" => Duration::from_secs(n.saturating_mul(3600)),
        _ => return Err(invalid()),
    })
}
