//! The audit report (`--report FILE.json`, and `-v` on stderr): what went
//! in, what came out, what changed, and what initialization learned from
//! the host. Plain data, serialized by hand (field names are a documented,
//! stable schema: see the README).

pub mod sha256;

use crate::parse::ModuleInfo;
use crate::snapshot::{Snapshot, Value};
use crate::wasi::Activity;
use std::fmt::Write as _;
use std::time::Duration;

/// Wall-clock time per phase.
#[derive(Debug, Clone)]
pub struct Laps {
    clock: std::time::Instant,
    pub phases: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn start() -> Self {
        Laps {
            clock: std::time::Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Records the time since the last lap as phase `name`.
    pub fn lap(&mut self, name: &'static str) {
        self.phases.push((name, self.clock.elapsed()));
        self.clock = std::time::Instant::now();
    }

    /// Appends phases timed elsewhere and restarts the clock.
    pub fn extend(&mut self, phases: &[(&'static str, Duration)]) {
        self.phases.extend_from_slice(phases);
        self.clock = std::time::Instant::now();
    }
}

/// Size and SHA-256 of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub size: u64,
    pub sha256: String,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Self {
        Digest {
            size: bytes.len() as u64,
            sha256: sha256::hex_digest(bytes),
        }
    }

    /// The digest of the concatenation of `chunks`.
    pub fn of_chunks<'a>(chunks: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut sha = sha256::Sha256::default();
        let mut size = 0;
        for chunk in chunks {
            sha.update(chunk);
            size += chunk.len() as u64;
        }
        Digest {
            size,
            sha256: sha.hex(),
        }
    }
}

/// A mutable global whose value init changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalChange {
    pub index: u32,
    pub export: Option<String>,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryReport {
    pub index: u32,
    pub export: Option<String>,
    pub pages_before: u64,
    pub pages_after: u64,
    pub nonzero_bytes: u64,
    pub segments: u64,
    pub data_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableReport {
    pub index: u32,
    pub size_before: u64,
    pub size_after: u64,
    pub non_null: u64,
}

/// Everything the report says.
#[derive(Debug, Clone)]
pub struct Report {
    pub input: Digest,
    pub output: Digest,
    /// Enabled features the input cannot do without.
    pub features_used: Vec<&'static str>,
    pub init_func: String,
    pub ran_start: bool,
    pub called_initialize: bool,
    pub exports_removed: Vec<String>,
    /// (from, to)
    pub exports_renamed: Vec<(String, String)>,
    pub globals: Vec<GlobalChange>,
    pub memories: Vec<MemoryReport>,
    pub tables: Vec<TableReport>,
    pub wasi: Option<Activity>,
    pub phases: Vec<(&'static str, Duration)>,
    pub fuel_used: Option<u64>,
    pub warnings: Vec<String>,
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

/// What changed between the module and its snapshot.
pub fn changes(
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
    let tables = info
        .tables
        .iter()
        .zip(&snapshot.tables)
        .map(|(ty, state)| TableReport {
            index: state.index,
            size_before: ty.initial,
            size_after: state.elements.len() as u64,
            non_null: state.elements.iter().filter(|e| e.is_some()).count() as u64,
        })
        .collect();
    (globals, memories, tables)
}

impl Report {
    /// The report as JSON (schema in the README).
    pub fn to_json(&self) -> String {
        let mut j = Json::default();
        j.open('{');
        j.key("schema").num(1);
        j.key("input").digest(&self.input);
        j.key("output").digest(&self.output);
        j.key("features_used")
            .list(self.features_used.iter().map(|f| f.to_string()));
        j.key("init_function").str(&self.init_func);
        j.key("start_function_ran").bool(self.ran_start);
        j.key("initialize_called").bool(self.called_initialize);
        j.key("exports").open('{');
        j.key("removed").list(self.exports_removed.iter().cloned());
        j.key("renamed").open('[');
        for (from, to) in &self.exports_renamed {
            j.item().open('{');
            j.key("from").str(from);
            j.key("to").str(to);
            j.close('}');
        }
        j.close(']');
        j.close('}');
        j.key("globals").open('[');
        for g in &self.globals {
            j.item().open('{');
            j.key("index").num(g.index as u64);
            j.key("export").opt_str(g.export.as_deref());
            j.key("before").str(&g.before);
            j.key("after").str(&g.after);
            j.close('}');
        }
        j.close(']');
        j.key("memories").open('[');
        for m in &self.memories {
            j.item().open('{');
            j.key("index").num(m.index as u64);
            j.key("export").opt_str(m.export.as_deref());
            j.key("pages_before").num(m.pages_before);
            j.key("pages_after").num(m.pages_after);
            j.key("nonzero_bytes").num(m.nonzero_bytes);
            j.key("segments").num(m.segments);
            j.key("data_bytes").num(m.data_bytes);
            j.close('}');
        }
        j.close(']');
        j.key("tables").open('[');
        for t in &self.tables {
            j.item().open('{');
            j.key("index").num(t.index as u64);
            j.key("size_before").num(t.size_before);
            j.key("size_after").num(t.size_after);
            j.key("non_null").num(t.non_null);
            j.close('}');
        }
        j.close(']');
        j.key("wasi");
        match &self.wasi {
            None => j.null(),
            Some(w) => {
                j.open('{');
                j.key("files_opened").open('[');
                for o in &w.opened {
                    j.item().open('{');
                    j.key("guest_path").str(&o.guest_path);
                    j.key("host_path").str(&o.host_path);
                    j.key("mode").str(o.mode);
                    j.close('}');
                }
                j.close(']');
                j.key("env_vars_read").list(w.env_names.iter().cloned());
                j.key("clock_reads").num(w.clock_reads);
                j.key("random_bytes").num(w.random_bytes);
                j.key("stdout_bytes").num(w.stdout_bytes);
                j.key("stderr_bytes").num(w.stderr_bytes);
                j.key("open_fds_at_end").num(w.open_fds);
                j.close('}');
            }
        }
        j.key("phases_ms").open('{');
        for (name, time) in &self.phases {
            j.key(name).float(time.as_secs_f64() * 1000.0);
        }
        j.close('}');
        j.key("fuel_used");
        match self.fuel_used {
            Some(f) => j.num(f),
            None => j.null(),
        }
        j.key("warnings").list(self.warnings.iter().cloned());
        j.close('}');
        j.out.push('\n');
        j.out
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

/// A minimal JSON writer: commas and escaping, nothing more.
#[derive(Default)]
struct Json {
    out: String,
    /// Per open container: whether it has an item yet.
    first: Vec<bool>,
}

impl Json {
    fn sep(&mut self) {
        if let Some(first) = self.first.last_mut() {
            if !*first {
                self.out.push(',');
            }
            *first = false;
        }
    }

    fn open(&mut self, c: char) -> &mut Self {
        self.out.push(c);
        self.first.push(true);
        self
    }

    fn close(&mut self, c: char) {
        self.first.pop();
        self.out.push(c);
    }

    fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        self.raw_str(k);
        self.out.push(':');
        self
    }

    fn item(&mut self) -> &mut Self {
        self.sep();
        self
    }

    fn raw_str(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(self.out, "\\u{:04x}", c as u32);
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn str(&mut self, s: &str) {
        self.raw_str(s);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.raw_str(s),
            None => self.null(),
        }
    }

    fn num(&mut self, n: u64) {
        let _ = write!(self.out, "{n}");
    }

    fn float(&mut self, f: f64) {
        let _ = write!(self.out, "{f:.3}");
    }

    fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    fn null(&mut self) {
        self.out.push_str("null");
    }

    fn digest(&mut self, d: &Digest) {
        self.open('{');
        self.key("size").num(d.size);
        self.key("sha256").str(&d.sha256);
        self.close('}');
    }

    fn list(&mut self, items: impl Iterator<Item = String>) {
        self.open('[');
        for item in items {
            self.item().raw_str(&item);
        }
        self.close(']');
    }
}
