//! The WASI hosts used during initialization (`--allow-wasi`): the
//! preview1 shim (`shim`), and WASI 0.2 at the core ABI level for a
//! component's core modules (`p2`), which runs its calls on the shim's
//! functions. Both work on the state in `host`, which neither owns: the
//! sandbox and its descriptors, the environment, the clocks and the random
//! source, the guest's output, the activity record and the call log; and
//! on guest memory and errors through `guest`. Each host's state is
//! reached through an accessor given at link time: the `host` context,
//! and WASI 0.2's handle table that sits beside it in the store's data
//! ([`p2::Host`]). `replay` answers a failure's replay from the log.
//!
//! Written here rather than taken from a crate, so that it is small enough to
//! audit. Every preview1 function is linked; what a sandboxed snapshot cannot
//! offer (sockets, signals) returns the proper errno.
//!
//! Sandbox: files are reached only through preopened directories, and every
//! path is resolved component by component beneath its preopen (see
//! `host::sandbox`): `..` above the root, absolute paths, absolute
//! symlinks, relative symlinks that climb out, and symlink loops are refused
//! with `ENOTCAPABLE` / `ELOOP` and never followed. Guest memory is only
//! touched through `guest::Mem`, whose every access is bounds-checked: a
//! bad pointer is `EFAULT`, never a host panic.
//!
//! Families, one file each: the shim's `fd` (descriptors), `path` (paths)
//! and `env` (args, environment, clocks, randomness, polling, exit,
//! sockets); WASI 0.2's `cli`, `random`, `clocks`, `io` and `filesystem`.

#[cfg(feature = "wasi")]
mod guest;
#[cfg(feature = "wasi")]
mod host;
#[cfg(feature = "wasi")]
pub mod p2;
pub mod replay;
#[cfg(feature = "wasi")]
mod shim;
#[cfg(feature = "wasi")]
pub use shim::{MODULE, WasiCtx, add_to_linker};

/// The import module name of WASI preview1.
#[cfg(not(feature = "wasi"))]
pub const MODULE: &str = "wasi_snapshot_preview1";

use std::path::PathBuf;

/// The WASI configuration chosen by the user.
#[derive(Debug, Clone, Default)]
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub struct WasiConfig {
    pub inherit_stdio: bool,
    /// Send the guest's stdout to our stderr (when the snapshot itself goes
    /// to stdout).
    pub stdout_to_stderr: bool,
    pub inherit_env: bool,
    pub envs: Vec<(String, String)>,
    /// (guest name, host directory, writable)
    pub preopens: Vec<(String, PathBuf, bool)>,
    /// `Some(seed)`: fixed clocks and seeded randomness.
    pub deterministic: Option<u64>,
}

/// The WASI 0.2 function a core module's import `module`.`name` is
/// (`wasi:cli/environment@0.2.3#get-environment`), if it is one: an
/// interface of a `wasi:` package at a 0.2 version.
pub fn p2_import(module: &str, name: &str) -> Option<String> {
    let (package, version) = module.split_once('@')?;
    (package.starts_with("wasi:") && (version == "0.2" || version.starts_with("0.2.")))
        .then(|| format!("{module}#{name}"))
}

/// Where a WASI 0.2 function lowers its values through: the memory and
/// `realloc` a component's `canon lower` names, or, for a core module that
/// imports WASI 0.2 itself, the calling module's own exports (its memory,
/// as `memory` or under `memory_export`, and its `cabi_realloc`), found at
/// each call.
#[derive(Debug, Clone)]
pub enum Lowering {
    Given {
        memory: Option<wasmi::Memory>,
        realloc: Option<wasmi::Func>,
    },
    Caller {
        memory_export: String,
    },
}

impl Lowering {
    /// The memory and `realloc` of a call from `caller`.
    pub fn resolve<T>(
        &self,
        caller: &wasmi::Caller<'_, T>,
    ) -> (Option<wasmi::Memory>, Option<wasmi::Func>) {
        match self {
            Lowering::Given { memory, realloc } => (*memory, *realloc),
            Lowering::Caller { memory_export } => (
                ["memory", memory_export.as_str()]
                    .into_iter()
                    .find_map(|n| caller.get_export(n).and_then(wasmi::Extern::into_memory)),
                caller
                    .get_export("cabi_realloc")
                    .and_then(wasmi::Extern::into_func),
            ),
        }
    }
}

/// The fixed start of the realtime clock in deterministic mode:
/// 2000-01-01T00:00:00Z, in nanoseconds since the Unix epoch.
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub const DETERMINISTIC_EPOCH_NS: u64 = 946_684_800 * 1_000_000_000;

/// The fixed start of the monotonic (and CPU-time) clocks in deterministic
/// mode: one second, in nanoseconds. Not zero: a runtime may take a zero
/// reading for a broken clock (Go's stops with `fatal error: nanotime
/// returning zero`), as no host's monotonic clock reads zero.
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub const DETERMINISTIC_MONOTONIC_NS: u64 = 1_000_000_000;

/// What the guest learned from the host during initialization.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity {
    /// Calls of `clock_time_get`.
    pub clock_reads: u64,
    /// Bytes drawn from `random_get`.
    pub random_bytes: u64,
    /// Calls of `environ_get`.
    pub env_reads: u64,
    /// The number of environment variables the guest could see.
    pub env_vars: u64,
    /// Descriptors the guest opened and had not closed when init ended.
    pub open_fds: u64,
    /// Every successful `path_open`, in order.
    pub opened: Vec<Opened>,
    /// Names of the environment variables the guest could read.
    pub env_names: Vec<String>,
    /// Bytes the guest wrote to its stdout.
    pub stdout_bytes: u64,
    /// Bytes the guest wrote to its stderr.
    pub stderr_bytes: u64,
}

/// A file or directory the guest opened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Opened {
    /// The path as the guest sees it (preopen name, then the path below).
    pub guest_path: String,
    /// The file on the host.
    pub host_path: String,
    /// `read`, `write`, `read-write` or `directory`.
    pub mode: &'static str,
}

/// Every WASI call the shim answered during one initialization, as the
/// guest saw it: enough for a replay to hand the same answers back without
/// touching the host (see `backtrace::replay`). The shim's one hook for
/// failure reports: it records, never reads back.
#[derive(Debug, Clone, Default)]
pub struct CallLog {
    /// The calls, in order.
    pub calls: Vec<LoggedCall>,
    /// The WASI 0.2 calls (a component's init), in order.
    pub p2: Vec<LoggedP2Call>,
    /// Bytes held by `calls`' memory writes.
    pub bytes: usize,
    /// The log outgrew [`CallLog::MAX_BYTES`] and stopped: it cannot be
    /// replayed.
    pub overflowed: bool,
}

/// One WASI call: its name, what it returned, and the bytes it left in the
/// guest's memory.
#[derive(Debug, Clone)]
pub struct LoggedCall {
    pub name: &'static str,
    /// The errno returned, or `Err(code)` for `proc_exit`.
    pub result: Result<i32, i32>,
    /// (address in memory 0, the bytes written there), in order.
    pub writes: Vec<(u32, Vec<u8>)>,
}

/// One WASI 0.2 call: the function, what it did to the guest, in order,
/// and how it ended.
#[derive(Debug, Clone)]
pub struct LoggedP2Call {
    /// The function (`wasi:cli/stdout@0.2.6#get-stdout`).
    pub what: String,
    pub effects: Vec<Effect>,
    /// Its results, or how it ended init.
    pub outcome: Result<Vec<wasmi::Val>, P2End>,
}

/// What a WASI 0.2 call did to the guest.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub enum Effect {
    /// Called the guest's `realloc(0, 0, align, size)`, which returned
    /// `ptr` (none: it failed).
    Alloc {
        align: u32,
        size: u32,
        ptr: Option<u32>,
    },
    /// Wrote `bytes` at `at` in the memory its `canon lower` names.
    Write { at: u32, bytes: Vec<u8> },
}

/// How a WASI 0.2 call ended init.
#[derive(Debug, Clone)]
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub enum P2End {
    /// `exit`: the code.
    Exit(i32),
    /// A trap of the host (a guest that broke the ABI): its message.
    Trap(String),
}

impl CallLog {
    /// What the log keeps at most: file reads during init are copied into
    /// it, and a replay is not worth more memory than this.
    pub const MAX_BYTES: usize = 256 << 20;

    /// Records a call, unless the log has overflowed.
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub fn record(&mut self, call: LoggedCall) {
        if self.overflowed {
            return;
        }
        self.bytes += call.writes.iter().map(|(_, b)| b.len()).sum::<usize>();
        if self.bytes > Self::MAX_BYTES {
            self.overflowed = true;
            self.calls = Vec::new();
            return;
        }
        self.calls.push(call);
    }

    /// Records a WASI 0.2 call, unless the log has overflowed.
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub fn record_p2(&mut self, call: LoggedP2Call) {
        if self.overflowed {
            return;
        }
        self.bytes += call
            .effects
            .iter()
            .map(|e| match e {
                Effect::Write { bytes, .. } => bytes.len(),
                Effect::Alloc { .. } => 0,
            })
            .sum::<usize>();
        if self.bytes > Self::MAX_BYTES {
            self.overflowed = true;
            self.calls = Vec::new();
            self.p2 = Vec::new();
            return;
        }
        self.p2.push(call);
    }
}

/// The last bytes the guest wrote to stdout or stderr: a failure report
/// quotes a panic message from it, and shows it when the stream was not
/// inherited (`--inherit-stdio false`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tail {
    /// The most recent bytes: the last [`Tail::MAX`] at least (all of
    /// them if fewer were written), never more than twice that.
    pub bytes: Vec<u8>,
    /// Whether older bytes were dropped.
    pub cut: bool,
}

impl Tail {
    /// Enough for the last lines of a panic message or a JS stack.
    pub const MAX: usize = 8 << 10;

    /// Appends `data`, dropping the oldest bytes in batches (so that many
    /// small writes cost no more than one copy each).
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub fn push(&mut self, data: &[u8]) {
        let data = &data[data.len().saturating_sub(Self::MAX)..];
        self.bytes.extend_from_slice(data);
        if self.bytes.len() > 2 * Self::MAX {
            let cut = self.bytes.len() - Self::MAX;
            self.bytes.drain(..cut);
            self.cut = true;
        }
    }

    /// Its non-blank lines (each at most 300 characters).
    pub fn lines(&self) -> Vec<String> {
        String::from_utf8_lossy(&self.bytes)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.char_indices().nth(300) {
                Some((at, _)) => format!("{} [...]", &l[..at]),
                None => l.to_string(),
            })
            .collect()
    }
}

/// What the shim leaves for a failure report: the call log and the last
/// of what the guest wrote.
#[derive(Debug, Clone, Default)]
pub struct Leftovers {
    pub log: Option<CallLog>,
    pub stdout: Tail,
    pub stderr: Tail,
    /// Whether the user saw stdout and stderr as they were written.
    pub inherited: bool,
}

/// Without the `wasi` feature, there is no shim: asking for WASI is an
/// error that says so.
#[cfg(not(feature = "wasi"))]
pub struct WasiCtx {
    activity: Activity,
}

#[cfg(not(feature = "wasi"))]
impl WasiCtx {
    pub fn new(_: &WasiConfig) -> anyhow::Result<Self> {
        anyhow::bail!(
            "this build of wizer-lite has no WASI support (it was built without the `wasi` \
             cargo feature)"
        )
    }

    pub fn final_activity(&self) -> Activity {
        self.activity.clone()
    }

    pub fn with_log(self) -> Self {
        self
    }

    pub fn take_leftovers(&mut self) -> Leftovers {
        Leftovers::default()
    }

    pub fn with_memory_export(self, _: &str) -> Self {
        self
    }

    pub fn gated_by(self, _: Option<std::sync::Arc<crate::threads::Verdict>>) -> Self {
        self
    }
}

/// Without the `wasi` feature, no WASI 0.2 function is implemented.
#[cfg(not(feature = "wasi"))]
pub mod p2 {
    /// No handles: nothing is linked.
    #[derive(Debug, Default)]
    pub struct Tables {
        pub called: Vec<String>,
    }

    impl Tables {
        pub fn live(&self) -> Vec<(&'static str, usize)> {
            Vec::new()
        }
    }

    /// The accessor's result, as with the `wasi` feature (never made).
    #[allow(dead_code)]
    pub struct Host<'a> {
        pub wasi: &'a mut super::WasiCtx,
        pub tables: &'a mut Tables,
    }

    pub fn implements(_: &str) -> bool {
        false
    }

    pub fn host_func<T>(
        _: &mut wasmi::Store<T>,
        name: &str,
        _: &wasmi::FuncType,
        _: super::Lowering,
        _: fn(&mut T) -> Host<'_>,
    ) -> anyhow::Result<wasmi::Func> {
        anyhow::bail!("bug: `{name}` linked without the `wasi` feature")
    }

    pub fn add_to_linker_core<T>(
        _: &mut wasmi::Linker<T>,
        _: &mut wasmi::Store<T>,
        _: &wasmi::Module,
        _: &str,
        _: fn(&mut T) -> Host<'_>,
    ) -> anyhow::Result<()> {
        Ok(())
    }
}

#[cfg(not(feature = "wasi"))]
pub fn add_to_linker<T>(
    _: &mut wasmi::Linker<T>,
    _: impl Fn(&mut T) -> &mut WasiCtx,
) -> anyhow::Result<()> {
    Ok(())
}
