//! The initialization's bounds and the runner that calls the phases
//! within them: fuel, the wall clock, the call depth, and the error each
//! failure is reported with.

use super::InitState;
use anyhow::{Context, Result, anyhow, bail};
use std::time::{Duration, Instant};
use wasmi::{Instance, ResumableCall, Store, TrapCode};

/// Bounds on initialization.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A deterministic budget of wasm instructions (wasmi fuel) for all
    /// phases together.
    pub fuel: Option<u64>,
    /// Wall-clock time for all phases together.
    pub timeout: Option<Duration>,
    /// The most bytes any one memory may grow to; beyond it `memory.grow`
    /// returns -1.
    pub max_memory: Option<u64>,
    /// The most elements any one table may grow to; beyond it
    /// `table.grow` returns -1.
    pub max_table_elements: u64,
    /// The deepest call stack, in frames.
    pub max_call_depth: usize,
    /// The frames the initialization thread's stack has room for, when
    /// fewer than `max_call_depth`: no thread with a stack for all of them
    /// could be started (an address-space or thread limit).
    pub stack_frames: Option<usize>,
}

/// Tables hold function references, and capturing them costs memory per
/// element: ten million elements (a few hundred MiB at most, far beyond any
/// real program's function table) keeps a hostile `table.grow` bounded.
pub const DEFAULT_MAX_TABLE_ELEMENTS: u64 = 10_000_000;

/// Real programs (recursive-descent parsers, interpreters) nest far deeper
/// than wasmi's default of 1,000 frames.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 100_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            fuel: None,
            timeout: None,
            max_memory: None,
            max_table_elements: DEFAULT_MAX_TABLE_ELEMENTS,
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            stack_frames: None,
        }
    }
}

impl Limits {
    /// The deepest call stack allowed: `max_call_depth`, or fewer if the
    /// thread's stack has no room for them.
    pub fn call_depth(&self) -> usize {
        self.stack_frames.map_or(self.max_call_depth, |frames| {
            frames.min(self.max_call_depth)
        })
    }

    /// Fuel is metered for `--fuel`, and for `--timeout`, whose clock is
    /// checked each time a slice of fuel runs out (so that a tight loop is
    /// stopped too). Without either, metering stays off: it costs 10-20%.
    pub(super) fn meters_fuel(&self) -> bool {
        self.fuel.is_some() || self.timeout.is_some()
    }
}

/// Fuel per slice when only the wall clock is limited: a few tens of
/// milliseconds of interpretation (wasmi runs roughly 2-3e8 simple
/// instructions per second here), so a timeout is noticed promptly.
const TIMEOUT_SLICE: u64 = 10_000_000;

/// Runs the phases within the limits.
pub(super) struct Runner {
    pub(super) store: Store<InitState>,
    limits: Limits,
    started: Instant,
    /// Fuel handed to the store so far.
    granted: u64,
}

impl Runner {
    pub(super) fn new(store: Store<InitState>, limits: Limits) -> Self {
        let mut runner = Runner {
            store,
            limits,
            started: Instant::now(),
            granted: 0,
        };
        runner.grant_fuel();
        runner
    }

    pub(super) fn fuel_used(&self) -> u64 {
        self.granted - self.store.get_fuel().unwrap_or(0)
    }

    /// Adds the next slice of fuel; false when the budget is spent.
    fn grant_fuel(&mut self) -> bool {
        if !self.limits.meters_fuel() {
            return true;
        }
        let left = self
            .limits
            .fuel
            .map_or(u64::MAX, |f| f - self.granted.min(f));
        // In slices when the clock or a pending validation must be checked.
        let slice = if self.limits.timeout.is_some() || self.store.data().verdict.is_some() {
            left.min(TIMEOUT_SLICE)
        } else {
            left
        };
        if slice == 0 {
            return false;
        }
        let now = self.store.get_fuel().unwrap_or(0);
        self.store
            .set_fuel(now + slice)
            .expect("fuel metering is on when limits meter fuel");
        self.granted += slice;
        true
    }

    fn timed_out(&self) -> bool {
        self.limits
            .timeout
            .is_some_and(|t| self.started.elapsed() >= t)
    }

    /// Calls the `[] -> []` export `name`, naming `phase` if it fails.
    pub(super) fn call(&mut self, instance: &Instance, name: &str, phase: &str) -> Result<()> {
        let func = instance
            .get_func(&self.store, name)
            .with_context(|| format!("bug: the export `{name}` of {phase} is missing"))?;
        if !self.limits.meters_fuel() {
            return func
                .call(&mut self.store, &[], &mut [])
                .map_err(|e| self.failure(phase, e));
        }
        let mut state = func
            .call_resumable(&mut self.store, &[], &mut [])
            .map_err(|e| self.failure(phase, e))?;
        loop {
            state = match state {
                ResumableCall::Finished => return Ok(()),
                ResumableCall::HostTrap(trap) => {
                    return Err(self.failure(phase, trap.into_host_error()));
                }
                ResumableCall::OutOfFuel(out) => {
                    let invalid = self
                        .store
                        .data()
                        .verdict
                        .as_ref()
                        .is_some_and(|v| v.failed());
                    if invalid {
                        // The validation error is reported instead.
                        bail!("{phase} was stopped: the module is not valid");
                    }
                    if self.timed_out() {
                        bail!(
                            "{phase} exceeded the time limit of {:?} (`--timeout`)",
                            self.limits.timeout.unwrap_or_default()
                        );
                    }
                    if !self.grant_fuel() {
                        bail!(
                            "{phase} ran out of fuel: the budget of {} instructions \
                             (`--fuel`) is spent",
                            self.limits.fuel.unwrap_or_default()
                        );
                    }
                    out.resume(&mut self.store, &mut [])
                        .map_err(|e| self.failure(phase, e))?
                }
            };
        }
    }

    /// The error for a phase that failed with `e`.
    fn failure(&self, phase: &str, e: wasmi::Error) -> anyhow::Error {
        // Why the guest may have given up: a `memory.grow` refused for want
        // of memory on this machine (the guest only saw -1).
        let refused = match self.store.data().memory_limits.refused {
            Some(grow) => match grow.shortage {
                Some(shortage) => format!(
                    " after a `memory.grow` to {} bytes was refused: {shortage}",
                    grow.desired
                ),
                None => format!(
                    " after a `memory.grow` to {} bytes failed: the system could not \
                     allocate it",
                    grow.desired
                ),
            },
            None => String::new(),
        };
        if let Some(code) = e.i32_exit_status() {
            return anyhow!("{phase} called `proc_exit` with exit code {code}{refused}");
        }
        match e.as_trap_code() {
            Some(TrapCode::OutOfFuel) if self.timed_out() => anyhow!(
                "{phase} exceeded the time limit of {:?} (`--timeout`)",
                self.limits.timeout.unwrap_or_default()
            ),
            Some(TrapCode::OutOfFuel) => anyhow!(
                "{phase} ran out of fuel: the budget of {} instructions (`--fuel`) is spent",
                self.limits.fuel.unwrap_or_default()
            ),
            Some(TrapCode::StackOverflow)
                if self.limits.call_depth() < self.limits.max_call_depth =>
            {
                anyhow!("{e}").context(format!(
                    "{phase} trapped: deeper than {} frames, all the initialization thread's \
                     stack has room for: no thread could be started with a stack for the {} \
                     frames of `--max-call-depth` (an address-space or thread limit)",
                    self.limits.call_depth(),
                    self.limits.max_call_depth
                ))
            }
            Some(TrapCode::StackOverflow) => anyhow!("{e}").context(format!(
                "{phase} trapped: deeper than {} frames (`--max-call-depth`)",
                self.limits.max_call_depth
            )),
            _ => anyhow!("{e}").context(format!("{phase} trapped{refused}")),
        }
    }
}
