//! The WASI preview1 shim used during initialization (`--allow-wasi`).
//!
//! Written here rather than taken from a crate, so that it is small enough to
//! audit. Every preview1 function is linked; what a sandboxed snapshot cannot
//! offer (sockets, signals) returns the proper errno.
//!
//! Sandbox: files are reached only through preopened directories, and every
//! path is resolved component by component beneath its preopen (see
//! [`path::resolve`]): `..` above the root, absolute paths, absolute
//! symlinks, relative symlinks that climb out, and symlink loops are refused
//! with `ENOTCAPABLE` / `ELOOP` and never followed. Guest memory is only
//! touched through [`Mem`], whose every access is bounds-checked: a bad
//! pointer is `EFAULT`, never a host panic.
//!
//! Families, one file each: [`fd`] (descriptors), [`path`] (paths), [`env`]
//! (args, environment, clocks, randomness, polling, exit, sockets).

#[cfg(feature = "wasi")]
mod shim;
#[cfg(feature = "wasi")]
pub use shim::{WasiCtx, add_to_linker};

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

/// The fixed start of the realtime clock in deterministic mode:
/// 2000-01-01T00:00:00Z, in nanoseconds since the Unix epoch.
#[cfg_attr(not(feature = "wasi"), allow(dead_code))]
pub const DETERMINISTIC_EPOCH_NS: u64 = 946_684_800 * 1_000_000_000;

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

    pub fn with_memory_export(self, _: &str) -> Self {
        self
    }

    pub fn gated_by(self, _: Option<std::sync::Arc<crate::threads::Verdict>>) -> Self {
        self
    }
}

#[cfg(not(feature = "wasi"))]
pub fn add_to_linker<T>(
    _: &mut wasmi::Linker<T>,
    _: impl Fn(&mut T) -> &mut WasiCtx,
) -> anyhow::Result<()> {
    Ok(())
}
