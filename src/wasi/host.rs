//! The host's state during one initialization, which both interfaces
//! (preview1, `shim`; WASI 0.2, `p2`) work on and neither owns: the
//! sandbox and its descriptors, the environment, the clocks and the random
//! source, the guest's output, the activity record, and the call log a
//! failure's replay answers from.

mod clocks;
mod sandbox;

pub(crate) use clocks::{Clocks, Random};
pub use sandbox::{Dir, Entry, OpenFile, Resolved, resolve};

use super::{Activity, CallLog, Leftovers, Tail, WasiConfig};
use crate::threads::Verdict;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

/// What the guest's stdout and stderr are connected to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Stdout,
    Stderr,
    Discard,
}

/// The state of the shim during one initialization.
pub struct WasiCtx {
    pub(crate) fds: BTreeMap<u32, Entry>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) clocks: Clocks,
    pub(crate) random: Random,
    pub(crate) stdout: Output,
    pub(crate) stderr: Output,
    pub(crate) stdin: bool,
    /// `--deterministic`: also hides host-specific file metadata.
    pub(crate) deterministic: bool,
    pub activity: Activity,
    /// Another export of the guest's memory 0, used when it exports none
    /// as `memory`.
    pub(crate) memory_export: Option<String>,
    /// Calls with effects outside the instance wait for this verdict and
    /// trap if it is negative: the module's function bodies are still
    /// being validated (see [`Verdict`]).
    pub(crate) gate: Option<Arc<Verdict>>,
    /// Every call and its answer, for a replay when init fails.
    pub(crate) log: Option<CallLog>,
    /// The last of what the guest wrote to stdout and stderr.
    tails: [Tail; 2],
}

impl WasiCtx {
    pub fn new(config: &WasiConfig) -> Result<Self> {
        let (stdout, stderr) = match (config.inherit_stdio, config.stdout_to_stderr) {
            (false, _) => (Output::Discard, Output::Discard),
            (true, false) => (Output::Stdout, Output::Stderr),
            (true, true) => (Output::Stderr, Output::Stderr),
        };
        let mut fds = BTreeMap::new();
        fds.insert(0, Entry::Stdin);
        fds.insert(1, Entry::Stdout);
        fds.insert(2, Entry::Stderr);
        for (i, (guest, host, writable)) in config.preopens.iter().enumerate() {
            let meta = std::fs::metadata(host).with_context(|| {
                format!(
                    "failed to open the preopened directory `{}`",
                    host.display()
                )
            })?;
            if !meta.is_dir() {
                bail!("the preopened path `{}` is not a directory", host.display());
            }
            // Resolved once, up front, where the platform can (not under
            // WASI, where wizer-lite may itself run: there the launcher
            // already made the path absolute).
            let root = host
                .canonicalize()
                .or_else(|_| std::path::absolute(host))
                .unwrap_or_else(|_| host.clone());
            fds.insert(3 + i as u32, Entry::preopen(guest.clone(), root, *writable));
        }
        let mut env = Vec::new();
        if config.inherit_env {
            for (name, value) in std::env::vars_os() {
                if let (Some(n), Some(v)) = (name.to_str(), value.to_str()) {
                    env.push((n.to_string(), v.to_string()));
                }
            }
        }
        for (name, value) in &config.envs {
            env.retain(|(n, _)| n != name);
            env.push((name.clone(), value.clone()));
        }
        Ok(WasiCtx {
            fds,
            env,
            clocks: Clocks::new(config.deterministic.is_some()),
            random: Random::new(config.deterministic),
            stdout,
            stderr,
            stdin: config.inherit_stdio,
            deterministic: config.deterministic.is_some(),
            activity: Activity::default(),
            memory_export: None,
            gate: None,
            log: None,
            tails: Default::default(),
        })
    }

    /// Finds the guest's memory under `export` when it exports none as
    /// `memory` (the instrument stage exports every memory privately).
    pub fn with_memory_export(mut self, export: &str) -> Self {
        self.memory_export = Some(export.to_string());
        self
    }

    /// Makes calls with effects outside the instance (writes, opens, reads
    /// of stdin or files, sleeps) wait for `verdict`, and trap if the
    /// module turns out invalid.
    pub fn gated_by(mut self, verdict: Option<Arc<Verdict>>) -> Self {
        self.gate = verdict;
        self
    }

    /// Logs every call and its answer (see [`CallLog`]), so that a failed
    /// init can be replayed without touching the host.
    pub fn with_log(mut self) -> Self {
        self.log = Some(CallLog::default());
        self
    }

    /// The call log and the tails of discarded output, taken once init has
    /// failed.
    pub fn take_leftovers(&mut self) -> Leftovers {
        let [stdout, stderr] = std::mem::take(&mut self.tails);
        Leftovers {
            log: self.log.take(),
            stdout,
            stderr,
            inherited: self.stdout != Output::Discard,
        }
    }

    /// The log of calls, when calls are logged (for a failure's replay).
    pub(crate) fn log(&mut self) -> Option<&mut CallLog> {
        self.log.as_mut()
    }

    /// The activity record, completed with the state at the end of init.
    pub fn final_activity(&self) -> Activity {
        let mut activity = self.activity.clone();
        activity.env_vars = self.env.len() as u64;
        if activity.env_reads > 0 {
            activity.env_names = self.env.iter().map(|(n, _)| n.clone()).collect();
        }
        activity.open_fds = self
            .fds
            .iter()
            .filter(|(_, e)| match e {
                Entry::File(_) => true,
                Entry::Dir(d) => d.preopen.is_none(),
                _ => false,
            })
            .count() as u64;
        activity
    }

    /// Writes to the guest's stdout (`fd` 1) or stderr (2); discarded
    /// output is kept in a bounded tail.
    pub(crate) fn write_output(&mut self, fd: u32, data: &[u8]) -> std::io::Result<()> {
        let output = if fd == 1 { self.stdout } else { self.stderr };
        self.tails[usize::from(fd != 1)].push(data);
        match output {
            Output::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(data)?;
                out.flush()
            }
            Output::Stderr => {
                let mut err = std::io::stderr().lock();
                err.write_all(data)?;
                err.flush()
            }
            Output::Discard => Ok(()),
        }
    }
}
