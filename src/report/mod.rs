//! The audit report (`--report FILE.json`, and `-v` on stderr): what went
//! in, what came out, what changed, and what initialization learned from
//! the host. Plain data; the JSON's field names are a documented, stable
//! schema (see the README), written by `serde_json` from [`json::Schema`].

mod json;
mod of;

use crate::features::{FEATURES, Features};
use crate::parse::ModuleInfo;
use crate::snapshot::{Snapshot, Value};
use crate::wasi::Activity;
pub use of::Ran;
use sha2::{Digest as _, Sha256};
use std::fmt::Write as _;
use std::time::Duration;

/// Size and SHA-256 of a module.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Digest {
    /// In bytes.
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self::of_chunks([bytes])
    }

    /// The digest of the concatenation of `chunks`.
    pub fn of_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut sha = Sha256::new();
        let mut size = 0;
        for chunk in chunks {
            sha.update(chunk);
            size += chunk.len() as u64;
        }
        Digest {
            size,
            sha256: format!("{:x}", sha.finalize()),
        }
    }
}

/// A mutable global whose value init changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GlobalChange {
    /// The global's index.
    pub index: u32,
    /// The name it is exported under, if any.
    pub export: Option<String>,
    /// Its initial value (`i32:0`, `f64:0x3ff0000000000000`, `ref.func 3`, ...),
    /// or `expression` when its initializer is not one constant.
    pub before: String,
    /// Its value in the snapshot.
    pub after: String,
}

/// A defined memory, before init and in the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemoryReport {
    /// The memory's index.
    pub index: u32,
    /// The name it is exported under, if any.
    pub export: Option<String>,
    /// Its declared minimum size, in pages.
    pub pages_before: u64,
    /// Its size after init, the snapshot's minimum.
    pub pages_after: u64,
    /// Its non-zero bytes after init.
    pub nonzero_bytes: u64,
    /// The data segments that recreate them.
    pub segments: u64,
    /// The bytes those segments hold (gaps merged into them included).
    pub data_bytes: u64,
}

/// A defined table, before init and in the snapshot (when tables were
/// captured).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableReport {
    /// The table's index.
    pub index: u32,
    /// Its declared minimum size.
    pub size_before: u64,
    /// Its size after init, the snapshot's minimum.
    pub size_after: u64,
    /// Its non-null elements after init.
    pub non_null: u64,
}

/// What became of one core module.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoreInstanceReport {
    /// The core module's index in the component.
    pub module: usize,
    /// Its name in the component's name section.
    pub name: Option<String>,
    /// The core instance that instantiated it, if any.
    pub instance: Option<u32>,
    /// `snapshot`, or `pass-through` with the reason.
    pub role: String,
    /// Mutable globals whose value init changed.
    pub globals: Vec<GlobalChange>,
    /// Its defined memories.
    pub memories: Vec<MemoryReport>,
    /// Its defined tables, when they were captured.
    pub tables: Vec<TableReport>,
}

impl CoreInstanceReport {
    /// The report of core module `module` (`info`), made by core instance
    /// `instance` and named `name`, with its `role`, and what was
    /// captured from it when it was snapshotted.
    pub fn of(
        module: usize,
        name: Option<String>,
        instance: Option<u32>,
        role: String,
        info: &ModuleInfo<'_>,
        snapshot: Option<&Snapshot>,
    ) -> Self {
        let (globals, memories, tables) = match snapshot {
            Some(snapshot) => changes(info, snapshot),
            None => Default::default(),
        };
        CoreInstanceReport {
            module,
            name,
            instance,
            role,
            globals,
            memories,
            tables,
        }
    }
}

/// What the report says of a component.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ComponentReport {
    /// Every core module, in order, and what became of it.
    pub core_instances: Vec<CoreInstanceReport>,
    /// The imports init called (served by the WASI shim), in the order of
    /// their first call.
    pub imports_called: Vec<String>,
    /// WASI 0.2 handles init left open, by resource type.
    pub live_handles: Vec<LiveHandles>,
}

/// Handles of one WASI 0.2 resource type left open by init.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LiveHandles {
    #[serde(rename = "type")]
    pub kind: String,
    pub count: usize,
}

/// Everything the report says (`--report`, [`crate::Wizer::audit`]).
#[derive(Debug, Clone)]
pub struct Report {
    /// The input as given (WAT text is digested as text).
    pub input: Digest,
    /// The pre-initialized module.
    pub output: Digest,
    /// Enabled features the input cannot do without.
    pub features_used: Vec<&'static str>,
    /// The init function's export name.
    pub init_func: String,
    /// Whether the module's start function ran.
    pub ran_start: bool,
    /// Whether `_initialize` was called before the init function.
    pub called_initialize: bool,
    /// Exports the snapshot does not have.
    pub exports_removed: Vec<String>,
    /// (from, to)
    pub exports_renamed: Vec<(String, String)>,
    /// Mutable globals whose value init changed.
    pub globals: Vec<GlobalChange>,
    /// Every defined memory.
    pub memories: Vec<MemoryReport>,
    /// Every defined table, when tables were captured.
    pub tables: Vec<TableReport>,
    /// What init learned through WASI, when it was allowed.
    pub wasi: Option<Activity>,
    /// Wall-clock time per phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
    /// The fuel init consumed, when it was metered.
    pub fuel_used: Option<u64>,
    /// What the user was warned about.
    pub warnings: Vec<String>,
    /// For a component: its core instances and the imports init called.
    pub component: Option<ComponentReport>,
}

/// A value as the report prints it: `i32:5`, `f32:0x3f800000`,
/// `ref.func 3`, `ref.null func`.
pub fn show(value: &Value) -> String {
    match value {
        Value::I32(v) => format!("i32:{v}"),
        Value::I64(v) => format!("i64:{v}"),
        Value::F32(bits) => format!("f32:{bits:#010x}"),
        Value::F64(bits) => format!("f64:{bits:#018x}"),
        Value::V128(bits) => format!("v128:{bits:#034x}"),
        Value::FuncRef(Some(f)) => format!("ref.func {f}"),
        Value::FuncRef(None) => "ref.null func".into(),
        Value::NullExternRef => "ref.null extern".into(),
    }
}

/// A global's initial value from its init expression, when it is a single
/// constant; `expression` otherwise.
fn initial(info: &ModuleInfo<'_>, defined: usize) -> String {
    use wasmparser::Operator as Op;
    let entry = &info.globals[defined].entry;
    let mut reader = wasmparser::BinaryReader::new(&info.bytes[entry.clone()], entry.start as u64);
    let Ok(global) = reader.read::<wasmparser::Global<'_>>() else {
        return "expression".into();
    };
    let ops: Vec<Op<'_>> = global
        .init_expr
        .get_operators_reader()
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    let value = match ops.as_slice() {
        [op, Op::End] => match op {
            Op::I32Const { value } => Value::I32(*value),
            Op::I64Const { value } => Value::I64(*value),
            Op::F32Const { value } => Value::F32(value.bits()),
            Op::F64Const { value } => Value::F64(value.bits()),
            Op::V128Const { value } => Value::V128(value.i128() as u128),
            Op::RefFunc { function_index } => Value::FuncRef(Some(*function_index)),
            Op::RefNull {
                hty:
                    wasmparser::HeapType::Abstract {
                        ty: wasmparser::AbstractHeapType::Extern,
                        ..
                    },
            } => Value::NullExternRef,
            Op::RefNull { .. } => Value::FuncRef(None),
            _ => return "expression".into(),
        },
        _ => return "expression".into(),
    };
    show(&value)
}

fn export_name(
    info: &ModuleInfo<'_>,
    kind: wasmparser::ExternalKind,
    index: u32,
) -> Option<String> {
    info.exports
        .iter()
        .find(|e| e.kind == kind && e.index == index)
        .map(|e| e.name.to_string())
}

/// The report's facts about the output: its digest, and what changed
/// between the module and its snapshot.
pub struct OutputAudit {
    pub digest: Digest,
    pub globals: Vec<GlobalChange>,
    pub memories: Vec<MemoryReport>,
    pub tables: Vec<TableReport>,
}

impl OutputAudit {
    /// The audit of the output `chunks`, the snapshot of `info`.
    pub fn of<'a>(
        info: &ModuleInfo<'_>,
        snapshot: &Snapshot,
        chunks: impl IntoIterator<Item = &'a [u8]>,
    ) -> Self {
        let (globals, memories, tables) = changes(info, snapshot);
        OutputAudit {
            digest: Digest::of_chunks(chunks),
            globals,
            memories,
            tables,
        }
    }
}

/// The enabled features `wasm`, a valid module, does not validate without,
/// found on up to `threads` threads.
pub fn features_used(features: &Features, wasm: &[u8], threads: usize) -> Vec<&'static str> {
    let enabled = features.enabled();
    let needed = crate::validate::needed_features(
        wasm,
        enabled.len(),
        |group| {
            let indices: Vec<usize> = group.iter().map(|&c| enabled[c]).collect();
            features.wasmparser_without(&indices)
        },
        |c| FEATURES[enabled[c]].flag,
        threads,
    );
    enabled
        .iter()
        .zip(needed)
        .filter(|(_, needed)| *needed)
        .map(|(&i, _)| FEATURES[i].name)
        .collect()
}

/// What changed between the module and its snapshot.
fn changes(
    info: &ModuleInfo<'_>,
    snapshot: &Snapshot,
) -> (Vec<GlobalChange>, Vec<MemoryReport>, Vec<TableReport>) {
    use wasmparser::ExternalKind as K;
    let mut globals = Vec::new();
    for (index, value) in &snapshot.globals {
        let defined = (index - info.imported_globals) as usize;
        let (before, after) = (initial(info, defined), show(value));
        if before != after {
            globals.push(GlobalChange {
                index: *index,
                export: export_name(info, K::Global, *index),
                before,
                after,
            });
        }
    }
    let memories = info
        .memories
        .iter()
        .zip(&snapshot.memories)
        .map(|(ty, state)| {
            let mine = snapshot.segments.iter().filter(|s| s.memory == state.index);
            MemoryReport {
                index: state.index,
                export: export_name(info, K::Memory, state.index),
                pages_before: ty.initial,
                pages_after: state.pages,
                nonzero_bytes: state.nonzero_bytes,
                segments: mine.clone().count() as u64,
                data_bytes: mine.map(|s| s.data.len() as u64).sum(),
            }
        })
        .collect();
    // Defined tables only: an imported one is reported by its owner.
    let tables = snapshot
        .tables
        .iter()
        .filter_map(|state| {
            let defined = state.index.checked_sub(info.imported_tables)?;
            Some(TableReport {
                index: state.index,
                size_before: info.tables.get(defined as usize)?.initial,
                size_after: state.elements.len() as u64,
                non_null: state.elements.iter().filter(|e| e.is_some()).count() as u64
                    + state.written_elsewhere,
            })
        })
        .collect();
    (globals, memories, tables)
}

impl Report {
    /// The report as JSON (schema in the README), one line.
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string(&json::Schema::of(self))
            .expect("the report serializes: string keys, finite numbers");
        json.push('\n');
        json
    }

    /// A few lines for `-v`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let total: Duration = self.phases.iter().map(|(_, t)| *t).sum();
        let _ = writeln!(
            s,
            "wizer-lite: {} bytes in, {} bytes out, {:.1} ms",
            self.input.size,
            self.output.size,
            total.as_secs_f64() * 1000.0
        );
        let phases: Vec<String> = self
            .phases
            .iter()
            .map(|(n, t)| format!("{n} {:.1}", t.as_secs_f64() * 1000.0))
            .collect();
        let _ = writeln!(s, "wizer-lite: phases (ms): {}", phases.join(", "));
        if let Some(fuel) = self.fuel_used {
            let _ = writeln!(s, "wizer-lite: initialization used {fuel} fuel");
        }
        let _ = writeln!(s, "wizer-lite: {} globals changed", self.globals.len());
        for m in &self.memories {
            let _ = writeln!(
                s,
                "wizer-lite: memory {}: {} -> {} pages, {} non-zero bytes in {} segments",
                m.index, m.pages_before, m.pages_after, m.nonzero_bytes, m.segments
            );
        }
        for t in &self.tables {
            let _ = writeln!(
                s,
                "wizer-lite: table {}: {} -> {} elements, {} non-null",
                t.index, t.size_before, t.size_after, t.non_null
            );
        }
        if let Some(w) = &self.wasi {
            let _ = writeln!(
                s,
                "wizer-lite: WASI: {} paths opened, {} clock reads, {} random bytes, {} env vars",
                w.opened.len(),
                w.clock_reads,
                w.random_bytes,
                w.env_names.len()
            );
        }
        s
    }
}

/// The warnings for WASI 0.2 handles init left open: their numbers are in
/// the snapshot's memory (wasi-libc caches the stdout stream and the
/// preopened descriptors), but at run time the host's handle table starts
/// empty, so they name nothing, or other objects.
pub fn live_handle_warnings(live: &[(&str, usize)]) -> Vec<String> {
    live.iter()
        .map(|(kind, count)| {
            let what = match *kind {
                "wasi:filesystem/types.descriptor" => {
                    "the preopened directories (wasi-libc looks them up again only when it \
                     has none cached) and files"
                }
                "wasi:io/streams.output-stream" => "stdout or stderr streams, or file writes",
                "wasi:io/streams.input-stream" => "stdin or file reads",
                _ => "them",
            };
            format!(
                "init left {count} `{kind}` handle(s) open: the snapshot holds their numbers, \
                 which name nothing (or another object) when it runs; calls through {what} \
                 held in memory will fail there"
            )
        })
        .collect()
}

/// What the guest learned during init that every instance will share.
pub fn frozen_state_warnings(activity: &Activity, deterministic: bool) -> Vec<String> {
    let mut warnings = Vec::new();
    if activity.random_bytes > 0 && !deterministic {
        warnings.push(format!(
            "initialization drew {} bytes from `random_get`: they are frozen into the \
             snapshot, so every instance starts from the same random state (hash seeds, \
             RNG state); `--deterministic` at least makes them reproducible",
            activity.random_bytes
        ));
    }
    if activity.clock_reads > 0 && !deterministic {
        warnings.push(format!(
            "initialization read the clock {}: the times it saw are frozen into the snapshot",
            plural(activity.clock_reads, "time")
        ));
    }
    if activity.env_reads > 0 && activity.env_vars > 0 {
        warnings.push(format!(
            "initialization read the environment ({}): their values are frozen into the \
             snapshot",
            plural(activity.env_vars, "variable")
        ));
    }
    if activity.open_fds > 0 {
        warnings.push(format!(
            "{} opened during initialization {} still open: {} not exist when the \
             snapshot runs",
            plural(activity.open_fds, "file descriptor"),
            if activity.open_fds == 1 {
                "was"
            } else {
                "were"
            },
            if activity.open_fds == 1 {
                "it does"
            } else {
                "they do"
            },
        ));
    }
    warnings
}

/// "1 time", "3 times".
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
