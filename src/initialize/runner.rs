//! The initialization's bounds and the runner that calls the phases
//! within them: fuel, the wall clock, the call depth, and the error each
//! failure is reported with.

use super::{InitState, StubCalled};
use crate::wasi::Leftovers;
use crate::wasi::replay::Diverged;
use anyhow::{Context, Result, bail};
use std::fmt;
use std::time::{Duration, Instant};
use wasmi::{Instance, ResumableCall, Store, TrapCode};

pub use super::machine::Growth;

/// A phase of initialization that runs guest code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The start function.
    Start,
    /// `_initialize`, a WASI reactor's.
    Initialize,
    /// The init function, by its export name.
    Init(String),
}

impl Phase {
    /// Its short name: `start`, `_initialize` or `init`.
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Initialize => "_initialize",
            Phase::Init(_) => "init",
        }
    }

    /// The export the phase calls, in an instrumented module whose start
    /// function is exported as `start`.
    pub(crate) fn export<'a>(&'a self, start: &'a str) -> &'a str {
        match self {
            Phase::Start => start,
            Phase::Initialize => "_initialize",
            Phase::Init(name) => name,
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phase::Start => f.write_str("the start function"),
            Phase::Initialize => f.write_str("`_initialize`"),
            Phase::Init(name) => write!(f, "the init function `{name}`"),
        }
    }
}

/// How guest code stopped, in the engine's terms without its types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// A trap, by its kind, with wasmi's message.
    Trap(Trap, String),
    /// `proc_exit` with this code.
    Exit(i32),
    /// A call of an import that nothing provides (a WASI one without
    /// `--allow-wasi`).
    Import { module: String, name: String },
    /// A call of a function a component makes (`canon lower` of an
    /// import): `what` it is, the stub's message, and whether it is a
    /// WASI 0.2 function called without `--allow-wasi`.
    Lowered {
        what: String,
        message: String,
        wasi_refused: bool,
    },
    /// Another host function failed with this message.
    Host(String),
    /// `--fuel` ran out.
    OutOfFuel,
    /// `--timeout` passed.
    Timeout,
}

/// The kinds of trap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trap {
    Unreachable,
    MemoryOutOfBounds,
    TableOutOfBounds,
    IndirectCallToNull,
    IntegerDivisionByZero,
    IntegerOverflow,
    BadConversionToInteger,
    StackOverflow,
    BadSignature,
    GrowthOperationLimited,
    OutOfSystemMemory,
    Other,
}

impl Trap {
    fn of(code: TrapCode) -> Trap {
        match code {
            TrapCode::UnreachableCodeReached => Trap::Unreachable,
            TrapCode::MemoryOutOfBounds => Trap::MemoryOutOfBounds,
            TrapCode::TableOutOfBounds => Trap::TableOutOfBounds,
            TrapCode::IndirectCallToNull => Trap::IndirectCallToNull,
            TrapCode::IntegerDivisionByZero => Trap::IntegerDivisionByZero,
            TrapCode::IntegerOverflow => Trap::IntegerOverflow,
            TrapCode::BadConversionToInteger => Trap::BadConversionToInteger,
            TrapCode::StackOverflow => Trap::StackOverflow,
            TrapCode::BadSignature => Trap::BadSignature,
            TrapCode::GrowthOperationLimited => Trap::GrowthOperationLimited,
            TrapCode::OutOfSystemMemory => Trap::OutOfSystemMemory,
            _ => Trap::Other,
        }
    }
}

impl Stop {
    /// How `e`, an error of a wasm call, stopped it.
    pub(crate) fn of(e: &wasmi::Error) -> Stop {
        if let Some(code) = e.i32_exit_status() {
            return Stop::Exit(code);
        }
        if let Some(stub) = e.downcast_ref::<StubCalled>() {
            if stub.component {
                return Stop::Lowered {
                    what: stub.module.clone(),
                    message: stub.to_string(),
                    wasi_refused: stub.module.starts_with("wasi:") && !stub.wasi_allowed,
                };
            }
            return Stop::Import {
                module: stub.module.clone(),
                name: stub.name.clone(),
            };
        }
        match e.as_trap_code() {
            Some(TrapCode::OutOfFuel) => Stop::OutOfFuel,
            Some(code) => Stop::Trap(Trap::of(code), e.to_string()),
            None => Stop::Host(e.to_string()),
        }
    }
}

/// Guest code failed during initialization: the error as it was always
/// reported ([`fmt::Display`]), and what a failure report needs to find
/// where (see `crate::backtrace`).
#[derive(Debug)]
pub struct Failure {
    pub phase: Phase,
    pub stop: Stop,
    /// The error, with its causes, on one line.
    pub message: String,
    /// The WASI shim's call log and discarded output, when it was linked.
    pub wasi: Option<Leftovers>,
    /// Every memory and table growth decision, in order.
    pub growth: Vec<Growth>,
    /// Fuel the failed phase consumed, when it was metered.
    pub fuel_in_phase: Option<u64>,
    /// The limits init ran under.
    pub limits: Limits,
    /// The failed phase's call, by its place among the phases called (a
    /// component calls a start function per core instance).
    pub call: usize,
    /// In a replay: why it is not faithful from here, when it left the
    /// log (a host call or a growth init did not make).
    pub diverged: Option<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

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
    /// Fuel used when the current phase began.
    phase_began: u64,
    /// The phases called so far.
    calls: usize,
    /// In the replay of a run that ran out of fuel: the call that did, and
    /// the fuel it used (see [`super::Replay`]).
    replay_fuel: Option<(usize, u64)>,
}

impl Runner {
    pub(super) fn new(
        store: Store<InitState>,
        limits: Limits,
        replay_fuel: Option<(usize, u64)>,
    ) -> Self {
        let mut runner = Runner {
            store,
            limits,
            started: Instant::now(),
            granted: 0,
            phase_began: 0,
            calls: 0,
            replay_fuel,
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

    /// Calls the `[] -> []` export `name` that runs `phase`, naming the
    /// phase if it fails.
    pub(super) fn call(&mut self, instance: &Instance, phase: &Phase, name: &str) -> Result<()> {
        if self.limits.meters_fuel() {
            self.phase_began = self.fuel_used();
        }
        let func = instance
            .get_func(&self.store, name)
            .with_context(|| format!("bug: the export `{name}` of {phase} is missing"))?;
        self.calls += 1;
        if let Some((call, fuel)) = self.replay_fuel {
            let fuel = if call + 1 == self.calls {
                fuel
            } else {
                u64::MAX / 2
            };
            self.store
                .set_fuel(fuel)
                .expect("a replay with fuel meters it");
        }
        if !self.limits.meters_fuel() {
            let result = func.call(&mut self.store, &[], &mut []);
            return match (result, self.diverged()) {
                (Err(e), _) => Err(self.failure(phase, e)),
                (Ok(()), Some(why)) => Err(self.stopped(phase, Stop::Host(why.clone()), why)),
                (Ok(()), None) => Ok(()),
            };
        }
        let mut state = func
            .call_resumable(&mut self.store, &[], &mut [])
            .map_err(|e| self.failure(phase, e))?;
        loop {
            state = match state {
                ResumableCall::Finished => match self.diverged() {
                    Some(why) => return Err(self.stopped(phase, Stop::Host(why.clone()), why)),
                    None => return Ok(()),
                },
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
                        let message = self.timeout_message(phase);
                        return Err(self.stopped(phase, Stop::Timeout, message));
                    }
                    if !self.grant_fuel() {
                        let message = self.fuel_message(phase);
                        return Err(self.stopped(phase, Stop::OutOfFuel, message));
                    }
                    out.resume(&mut self.store, &mut [])
                        .map_err(|e| self.failure(phase, e))?
                }
            };
        }
    }

    fn timeout_message(&self, phase: &Phase) -> String {
        format!(
            "{phase} exceeded the time limit of {:?} (`--timeout`)",
            self.limits.timeout.unwrap_or_default()
        )
    }

    fn fuel_message(&self, phase: &Phase) -> String {
        format!(
            "{phase} ran out of fuel: the budget of {} instructions (`--fuel`) is spent",
            self.limits.fuel.unwrap_or_default()
        )
    }

    /// In a replay, why it left init's growth decisions.
    fn diverged(&self) -> Option<String> {
        let replaying = self.store.data().memory_limits.replaying.as_ref()?;
        replaying
            .diverged
            .then(|| "the replay grew a memory or table in another way than init did".into())
    }

    /// The [`Failure`] of `phase`, stopped by `stop`.
    fn stopped(&mut self, phase: &Phase, stop: Stop, message: String) -> anyhow::Error {
        self.stopped_diverged(phase, stop, message, None)
    }

    fn stopped_diverged(
        &mut self,
        phase: &Phase,
        stop: Stop,
        message: String,
        diverged: Option<String>,
    ) -> anyhow::Error {
        let fuel_used = self.limits.meters_fuel().then(|| self.fuel_used());
        let fuel_in_phase = fuel_used.map(|used| used - self.phase_began);
        let diverged = diverged.or_else(|| self.diverged());
        let state = self.store.data_mut();
        anyhow::Error::new(Failure {
            phase: phase.clone(),
            stop,
            message,
            wasi: state.wasi.as_mut().map(|w| w.take_leftovers()),
            growth: std::mem::take(&mut state.memory_limits.growth),
            fuel_in_phase,
            limits: self.limits,
            call: self.calls.saturating_sub(1),
            diverged,
        })
    }

    /// The error for a phase that failed with `e`.
    fn failure(&mut self, phase: &Phase, e: wasmi::Error) -> anyhow::Error {
        let stop = Stop::of(&e);
        let diverged = e.downcast_ref::<Diverged>().map(|d| d.0.clone());
        let message = self.message(phase, e);
        let stop = match stop {
            Stop::OutOfFuel if self.timed_out() => Stop::Timeout,
            stop => stop,
        };
        self.stopped_diverged(phase, stop, message, diverged)
    }

    /// What went wrong, on one line, as it was always reported.
    fn message(&self, phase: &Phase, e: wasmi::Error) -> String {
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
            return format!("{phase} called `proc_exit` with exit code {code}{refused}");
        }
        match e.as_trap_code() {
            Some(TrapCode::OutOfFuel) if self.timed_out() => self.timeout_message(phase),
            Some(TrapCode::OutOfFuel) => self.fuel_message(phase),
            Some(TrapCode::StackOverflow)
                if self.limits.call_depth() < self.limits.max_call_depth =>
            {
                format!(
                    "{phase} trapped: deeper than {} frames, all the initialization thread's \
                     stack has room for: no thread could be started with a stack for the {} \
                     frames of `--max-call-depth` (an address-space or thread limit): {e}",
                    self.limits.call_depth(),
                    self.limits.max_call_depth
                )
            }
            Some(TrapCode::StackOverflow) => format!(
                "{phase} trapped: deeper than {} frames (`--max-call-depth`): {e}",
                self.limits.max_call_depth
            ),
            _ => format!("{phase} trapped{refused}: {e}"),
        }
    }
}
