//! A second, independent engine: Node.js (V8) runs snapshots and the same
//! calls as wasmi, so that outputs are known to work outside wasmi too.
//!
//! The Rust side writes a manifest (module path, calls with canonical
//! arguments and types, exported globals' types) and the lines it expects;
//! `runner.js` prints the lines V8 produces. Float results are compared by
//! bit pattern except NaNs (JS numbers do not keep NaN payloads), v128
//! values cannot cross into JS and are compared as `v128`.

use super::{Live, StateItem, show};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use wizer_lite::wasmi::{Extern, ValType};

/// V8 flags for proposals Node 20 ships behind flags.
const V8_FLAGS: [&str; 3] = [
    "--experimental-wasm-memory64",
    "--experimental-wasm-relaxed-simd",
    "--experimental-wasm-extended-const",
];

/// One module to run under Node, with the lines it must print.
pub struct Job {
    pub name: String,
    pub wasm: Vec<u8>,
    manifest_calls: Vec<String>,
    manifest_globals: Vec<String>,
    pub expected: Vec<String>,
}

impl Job {
    pub fn new(name: &str, wasm: &[u8]) -> Self {
        Job {
            name: name.to_string(),
            wasm: wasm.to_vec(),
            manifest_calls: Vec::new(),
            manifest_globals: Vec::new(),
            expected: Vec::new(),
        }
    }

    /// Records a call made on `live` with its result as wasmi rendered it.
    pub fn call(&mut self, live: &Live, func: &str, args: &[String], results: &[String]) {
        let f = live
            .instance
            .get_func(&live.store, func)
            .expect("called above");
        let ty = f.ty(&live.store);
        let canonical: Vec<String> = ty
            .params()
            .iter()
            .zip(args)
            .map(|(t, a)| show(&super::parse_val(*t, a).expect("parsed above")))
            .collect();
        self.manifest_calls.push(format!(
            "{{\"func\":{},\"params\":{},\"results\":{},\"args\":{}}}",
            json(func),
            json_list(ty.params().iter().map(type_name)),
            json_list(ty.results().iter().map(type_name)),
            json_list(canonical.iter().map(String::as_str)),
        ));
        let index = self.manifest_calls.len() - 1;
        let has_v128 = ty
            .params()
            .iter()
            .chain(ty.results())
            .any(|t| *t == ValType::V128);
        let rendered = if has_v128 {
            "v128".to_string()
        } else if results.len() == 1 && results[0].starts_with("trap") {
            "trap".to_string()
        } else {
            results
                .iter()
                .zip(ty.results())
                .map(|(r, t)| for_js(r, *t))
                .collect::<Vec<_>>()
                .join(",")
        };
        self.expected
            .push(format!("call {index} {func}: {rendered}"));
    }

    /// Records the final exported state of `live`.
    pub fn state(&mut self, live: &Live) {
        let state = live.state();
        for (name, item) in &state {
            match item {
                StateItem::Global(value) => {
                    let ty = match live.instance.get_export(&live.store, name) {
                        Some(Extern::Global(g)) => g.ty(&live.store).content(),
                        _ => unreachable!("listed as a global"),
                    };
                    self.manifest_globals.push(format!(
                        "[{},{}]",
                        json(name),
                        json(type_name(&ty))
                    ));
                    self.expected
                        .push(format!("global {name}: {}", for_js(value, ty)));
                }
                StateItem::Memory(bytes) => {
                    self.expected.push(format!(
                        "memory {name}: {} {:08x}",
                        bytes.len(),
                        fnv1a(bytes)
                    ));
                }
            }
        }
    }

    fn manifest(&self, path: &Path) -> String {
        format!(
            "{{\"name\":{},\"wasm\":{},\"calls\":[{}],\"globals\":[{}]}}",
            json(&self.name),
            json(&path.to_string_lossy()),
            self.manifest_calls.join(","),
            self.manifest_globals.join(",")
        )
    }
}

/// Runs every job under Node; returns one message per mismatch.
pub fn run(jobs: &[Job], dir: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut manifest = String::from("[");
    for (i, job) in jobs.iter().enumerate() {
        let path = dir.join(format!("{i}.wasm"));
        std::fs::write(&path, &job.wasm).map_err(|e| e.to_string())?;
        if i > 0 {
            manifest.push(',');
        }
        manifest.push_str(&job.manifest(&path));
    }
    manifest.push(']');
    let manifest_path = dir.join("manifest.json");
    std::fs::write(&manifest_path, manifest).map_err(|e| e.to_string())?;

    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/runner.js");
    let out = Command::new("node")
        .args(V8_FLAGS)
        .arg(&runner)
        .arg(&manifest_path)
        .output()
        .map_err(|e| format!("this test needs Node.js (`node` on PATH) as a second engine: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "node failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut failures = Vec::new();
    for job in jobs {
        let prefix = format!("{}\t", job.name);
        let actual: Vec<&str> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix(&prefix))
            .collect();
        if actual != job.expected {
            let mut msg = format!("{}: V8 disagrees with wasmi\n  wasmi:", job.name);
            for line in &job.expected {
                let _ = write!(msg, "\n    {line}");
            }
            msg.push_str("\n  V8:");
            for line in &actual {
                let _ = write!(msg, "\n    {line}");
            }
            failures.push(msg);
        }
    }
    Ok(failures)
}

fn type_name(ty: &ValType) -> &'static str {
    match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "funcref",
        ValType::ExternRef => "externref",
    }
}

/// A wasmi-rendered value as the JS runner renders it.
fn for_js(rendered: &str, ty: ValType) -> String {
    match ty {
        ValType::F32 | ValType::F64 => {
            let bits = rendered.split_once(":0x").map(|(_, b)| b).unwrap_or("");
            let bits = u64::from_str_radix(bits, 16).unwrap_or(0);
            let is_nan = match ty {
                ValType::F32 => f32::from_bits(bits as u32).is_nan(),
                _ => f64::from_bits(bits).is_nan(),
            };
            if is_nan {
                "nan".into()
            } else {
                rendered.into()
            }
        }
        ValType::V128 => "v128".into(),
        _ => rendered.into(),
    }
}

/// 32-bit FNV-1a, as `runner.js` computes it.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c9dc5u32, |h, &b| {
        (h ^ b as u32).wrapping_mul(0x01000193)
    })
}

fn json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    format!("[{}]", items.map(json).collect::<Vec<_>>().join(","))
}
