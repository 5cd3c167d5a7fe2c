//! Initialize stage: instrumented module -> `Snapshot`. Everything that names
//! wasmi lives here; engine types never leave this file.
//!
//! Phases, each reported by name when it fails: instantiate (segment
//! initialization), the start function, `_initialize` (WASI reactors), the
//! init function. Every function import that nothing else provides gets a
//! stub that fails with an error naming the import, so modules instantiate
//! even when they import things initialization must not call.

use crate::instrument::PrivateNames;
use crate::parse::ModuleInfo;
use crate::snapshot::{self, FuncKey, GlobalValue, InstanceState, RefValue, Snapshot, Value};
use crate::validate::Verdict;
use anyhow::{Context, Result, anyhow, bail};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wasmi::{
    Config, Engine, Extern, Instance, Linker, Module, ResourceLimiter, ResumableCall, Store,
    StoreLimits, StoreLimitsBuilder, TrapCode, Val,
};

/// The store data of the initialization instance. Host functions added
/// through [`crate::Wizer::make_linker`] see it as their `Caller` data.
pub struct InitState {
    /// The WASI shim's state, with `--allow-wasi`.
    pub(crate) wasi: Option<crate::wasi::WasiCtx>,
    /// The private export of memory 0, for WASI when the module does not
    /// export its memory as `memory`.
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub(crate) wasi_memory_export: String,
    /// The verdict of function-body validation, when it runs beside
    /// initialization: host calls with effects outside the instance wait
    /// for it, so that an invalid module has none.
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub(crate) verdict: Option<Arc<Verdict>>,
    /// `--max-memory`, `--max-table-elements` and the machine's memory.
    memory_limits: Limiter,
}

impl std::fmt::Debug for InitState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitState")
            .field("wasi", &self.wasi.is_some())
            .finish()
    }
}

/// The linker used during initialization.
pub type InitLinker = Linker<InitState>;

/// A hook that adds host functions to the initialization linker.
pub type LinkerHook = dyn Fn(&mut InitLinker) -> Result<()> + Send + Sync;

/// The value-stack cap: 100,000 frames (the default call depth) at 256 MiB
/// leaves 2.6 KiB of registers per frame, far more than compiled code uses.
/// wasmi grows the stack on demand, so the cap costs nothing until used.
const MAX_STACK_HEIGHT: usize = 256 << 20;

/// What to run.
#[derive(Clone, Copy)]
pub struct Plan<'a> {
    pub features: &'a crate::features::Features,
    pub names: &'a PrivateNames,
    pub reads: &'a crate::instrument::Reads,
    /// Whether the instrumented module exports its start function.
    pub has_start: bool,
    /// Whether to call `_initialize` before the init function.
    pub call_initialize: bool,
    pub init_func: &'a str,
    pub linker_hook: Option<&'a LinkerHook>,
    /// WASI preview1, with `--allow-wasi`.
    pub wasi: Option<&'a crate::wasi::WasiConfig>,
    pub limits: Limits,
    /// (import module name, binary module) instantiated before the module,
    /// in order; their exports satisfy its imports.
    pub preloads: &'a [(String, Vec<u8>)],
    /// Body validation running beside initialization, if it is.
    pub verdict: Option<&'a Arc<Verdict>>,
}

/// What initialization produced.
pub struct Initialized<R> {
    /// What `finish` made of the snapshot.
    pub finished: R,
    /// What the guest learned from WASI (clocks, randomness, environment).
    pub wasi_activity: Option<crate::wasi::Activity>,
    /// Fuel consumed, when it was metered.
    pub fuel_used: Option<u64>,
    /// Wall-clock time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
}

/// The error a stubbed import returns when called.
#[derive(Debug)]
struct StubCalled {
    module: String,
    name: String,
}

impl fmt::Display for StubCalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (module, name) = (&self.module, &self.name);
        if module.starts_with("wasi") {
            write!(
                f,
                "cannot call WASI function `{module}`.`{name}` during initialization without \
                 `--allow-wasi`"
            )
        } else {
            write!(
                f,
                "cannot call imported function `{module}`.`{name}` during initialization: \
                 nothing provides it (`--preload {module}=FILE` can, or host functions added \
                 through the library's `make_linker`)"
            )
        }
    }
}

impl wasmi::errors::HostError for StubCalled {}

/// Instantiates `wasm` (dropped once compiled), runs its initialization
/// phases, captures its state and hands the snapshot to `finish` while the
/// instance is alive: the snapshot's data is borrowed from the instance's
/// memories.
pub fn run<R>(
    info: &ModuleInfo<'_>,
    wasm: Vec<u8>,
    plan: &Plan<'_>,
    finish: impl FnOnce(&Snapshot<'_>, &mut crate::report::Laps) -> Result<R>,
) -> Result<Initialized<R>> {
    let limits = plan.limits;
    let mut config = Config::default();
    plan.features.configure_wasmi(&mut config);
    config
        .set_max_recursion_depth(limits.call_depth())
        .set_max_stack_height(MAX_STACK_HEIGHT)
        .consume_fuel(limits.meters_fuel())
        .compilation_mode(compilation_mode(limits.meters_fuel()));
    let mut laps = crate::report::Laps::start();
    let engine = Engine::new(&config);
    let module = Module::new(&engine, &wasm).context("failed to compile the module")?;
    // wasmi keeps what it needs: the bytes need not stay resident.
    drop(wasm);
    laps.lap("compile");
    if let Some(max) = limits.max_memory {
        for (i, ty) in info.memories.iter().enumerate() {
            let bytes = ty.initial.saturating_mul(crate::parse::page_size(ty));
            if bytes > max {
                bail!(
                    "memory {} starts at {bytes} bytes, more than the memory limit of {max} \
                     bytes (`--max-memory`)",
                    info.memory_index(i)
                );
            }
        }
    }
    check_machine_memory(info)?;
    let mut memory_limits = StoreLimitsBuilder::new()
        .table_elements(usize::try_from(limits.max_table_elements).unwrap_or(usize::MAX));
    if let Some(bytes) = limits.max_memory {
        memory_limits = memory_limits.memory_size(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    let mut state = InitState {
        wasi: None,
        wasi_memory_export: plan.names.memory(0),
        verdict: plan.verdict.cloned(),
        memory_limits: Limiter::new(memory_limits.build()),
    };
    if let Some(config) = plan.wasi {
        state.wasi = Some(crate::wasi::WasiCtx::new(config).context("failed to set up WASI")?);
    }
    let mut store = Store::new(&engine, state);
    store.limiter(|state| &mut state.memory_limits);

    let mut linker = InitLinker::new(&engine);
    linker.allow_shadowing(true);
    define_stubs(&mut linker, &module)?;
    if plan.wasi.is_some() {
        crate::wasi::add_to_linker(&mut linker)?;
    }
    if let Some(hook) = plan.linker_hook {
        hook(&mut linker).context("failed to add host functions to the linker")?;
    }

    let mut runner = Runner {
        store,
        limits,
        started: Instant::now(),
        granted: 0,
    };
    runner.grant_fuel();
    for (name, bytes) in plan.preloads {
        let guarded = crate::wasmi_fix::guard_module(bytes);
        let preload = Module::new(&engine, guarded.as_deref().unwrap_or(bytes))
            .with_context(|| format!("failed to compile the preload `{name}`"))?;
        let instance = linker
            .instantiate_and_start(&mut runner.store, &preload)
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| format!("failed to instantiate the preload `{name}`"))?;
        linker
            .instance(&mut runner.store, name, instance)
            .map_err(|e| anyhow!("{e}"))?;
    }
    let instance = linker
        .instantiate_and_start(&mut runner.store, &module)
        .map_err(|e| anyhow!("{e}"))
        .context("failed to instantiate the module")?;
    laps.lap("instantiate");

    if plan.has_start {
        runner.call(&instance, &plan.names.start(), "the start function")?;
        laps.lap("start");
    }
    if plan.call_initialize {
        runner.call(&instance, "_initialize", "`_initialize`")?;
        laps.lap("_initialize");
    }
    if !(plan.call_initialize && plan.init_func == "_initialize") {
        let phase = format!("the init function `{}`", plan.init_func);
        runner.call(&instance, plan.init_func, &phase)?;
        laps.lap("init");
    }

    let fuel_used = limits.meters_fuel().then(|| runner.fuel_used());
    let mut store = runner.store;
    let wasi_activity = store.data().wasi.as_ref().map(|w| w.final_activity());
    let mut state = WasmiInstance::new(&mut store, instance);
    let snapshot = snapshot::capture(info, plan.names, plan.reads, &mut state)?;
    laps.lap("capture");
    let finished = finish(&snapshot, &mut laps)?;
    Ok(Initialized {
        finished,
        wasi_activity,
        fuel_used,
        phases: laps.phases,
    })
}

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
    fn meters_fuel(&self) -> bool {
        self.fuel.is_some() || self.timeout.is_some()
    }
}

/// Fuel per slice when only the wall clock is limited: a few tens of
/// milliseconds of interpretation (wasmi runs roughly 2-3e8 simple
/// instructions per second here), so a timeout is noticed promptly.
const TIMEOUT_SLICE: u64 = 10_000_000;

/// Runs the phases within the limits.
struct Runner {
    store: Store<InitState>,
    limits: Limits,
    started: Instant,
    /// Fuel handed to the store so far.
    granted: u64,
}

impl Runner {
    fn fuel_used(&self) -> u64 {
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
    fn call(&mut self, instance: &Instance, name: &str, phase: &str) -> Result<()> {
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

/// The resource limiter of initialization: `--max-memory` and
/// `--max-table-elements` (wasmi's [`StoreLimits`]), and no memory growth
/// beyond what the machine has left. wasmi writes every byte of a memory
/// when it allocates or grows it, so a memory larger than the free RAM
/// would not fail to allocate (Linux overcommits) but get the process
/// killed by the kernel while being zeroed. Refused, the guest's
/// `memory.grow` returns -1, as it may in any engine.
struct Limiter {
    limits: StoreLimits,
    /// The size the last `memory.grow` asked for.
    desired: usize,
    /// The last growth refused for want of memory, or that wasmi could not
    /// allocate.
    refused: Option<RefusedGrowth>,
}

#[derive(Clone, Copy)]
struct RefusedGrowth {
    desired: usize,
    /// `None` if the allocation itself failed.
    shortage: Option<Shortage>,
}

/// Growth below these sizes is not checked against the machine: reading
/// its free memory costs tens of microseconds, and programs grow their
/// memory in many small steps.
const CHECKED_GROWTH: usize = 64 << 20;
const CHECKED_SIZE: usize = 1 << 30;

impl Limiter {
    fn new(limits: StoreLimits) -> Self {
        Limiter {
            limits,
            desired: 0,
            refused: None,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        self.desired = desired;
        if !self.limits.memory_growing(current, desired, maximum)? {
            return Ok(false);
        }
        let added = desired.saturating_sub(current);
        if (added >= CHECKED_GROWTH || desired >= CHECKED_SIZE)
            && let Some(shortage) = Shortage::of(u64::try_from(added).unwrap_or(u64::MAX))
        {
            self.refused = Some(RefusedGrowth {
                desired,
                shortage: Some(shortage),
            });
            return Ok(false);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        self.limits.table_growing(current, desired, maximum)
    }

    fn memory_grow_failed(
        &mut self,
        error: &wasmi::errors::MemoryError,
    ) -> Result<(), wasmi_core::LimiterError> {
        if let wasmi::errors::MemoryError::OutOfSystemMemory = error {
            self.refused = Some(RefusedGrowth {
                desired: self.desired,
                shortage: None,
            });
        }
        self.limits.memory_grow_failed(error)
    }

    fn table_grow_failed(
        &mut self,
        error: &wasmi::errors::TableError,
    ) -> Result<(), wasmi_core::LimiterError> {
        self.limits.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// Refuses a module whose memories start larger, together, than the
/// machine's free memory: wasmi would zero them all before anything runs,
/// and the kernel would kill the process part way.
fn check_machine_memory(info: &ModuleInfo<'_>) -> Result<()> {
    let bytes = info.memories.iter().fold(0u64, |sum, ty| {
        sum.saturating_add(ty.initial.saturating_mul(crate::parse::page_size(ty)))
    });
    if bytes < CHECKED_SIZE as u64 {
        return Ok(());
    }
    match Shortage::of(bytes) {
        Some(shortage) => bail!(
            "the module's memories start at {bytes} bytes, which wasmi allocates and zeroes \
             whole, but {shortage}"
        ),
        None => Ok(()),
    }
}

/// How much memory the machine had left when `bytes` more were asked for.
#[derive(Debug, Clone, Copy)]
struct Shortage {
    available: u64,
    /// Whether a cgroup's memory limit, not the machine's RAM, is short.
    cgroup: bool,
}

impl Shortage {
    /// `None` if `bytes` fit, or if the free memory cannot be known (not
    /// Linux).
    fn of(bytes: u64) -> Option<Shortage> {
        let (available, cgroup) = available_memory()?;
        (bytes > available).then_some(Shortage { available, cgroup })
    }
}

/// The bytes the process may still allocate before the kernel reclaims by
/// killing: the machine's available RAM plus free swap (`/proc/meminfo`),
/// or less if a cgroup memory limit on the process or an ancestor leaves
/// less room (with `true`). `None` where this cannot be read (not Linux).
fn available_memory() -> Option<(u64, bool)> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib = |name: &str| {
        meminfo.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix(':')?;
            value.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
    };
    let machine = kib("MemAvailable")?
        .saturating_add(kib("SwapFree").unwrap_or(0))
        .saturating_mul(1024);
    match cgroup_room() {
        Some(room) if room < machine => Some((room, true)),
        _ => Some((machine, false)),
    }
}

/// The least room of the memory limits on this process's cgroup and its
/// ancestors (cgroup v2 or v1): the limit, less what is charged to the
/// cgroup, plus its file cache, which the kernel reclaims before it kills
/// (shared memory and tmpfs files are not file cache: they stay).
fn cgroup_room() -> Option<u64> {
    let membership = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    cgroup_room_under(std::path::Path::new("/sys/fs/cgroup"), &membership)
}

/// [`cgroup_room`] for the cgroup `membership` (the text of
/// `/proc/self/cgroup`), with the cgroup file systems mounted at `mount`.
fn cgroup_room_under(mount: &std::path::Path, membership: &str) -> Option<u64> {
    let number = |path: &std::path::Path| -> Option<u64> {
        std::fs::read_to_string(path).ok()?.trim().parse().ok()
    };
    let mut least: Option<u64> = None;
    for line in membership.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // v2 limits say "max" when there is none, which does not parse; v1
        // statistics of a level include its descendants under `total_`.
        let (root, limit, usage, stat_prefix) = if controllers.is_empty() {
            (mount.to_path_buf(), "memory.max", "memory.current", "")
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                mount.join("memory"),
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
                "total_",
            )
        } else {
            continue;
        };
        let mut dir = root.join(path.trim_start_matches('/'));
        loop {
            if let (Some(limit), Some(usage)) = (number(&dir.join(limit)), number(&dir.join(usage)))
            {
                let stat = std::fs::read_to_string(dir.join("memory.stat")).unwrap_or_default();
                let cache: u64 = ["active_file", "inactive_file"]
                    .iter()
                    .filter_map(|name| {
                        stat.lines().find_map(|line| {
                            let value = line.strip_prefix(stat_prefix)?.strip_prefix(name)?;
                            value.strip_prefix(' ')?.trim().parse::<u64>().ok()
                        })
                    })
                    .sum();
                let room = limit.saturating_sub(usage.saturating_sub(cache));
                least = Some(least.map_or(room, |least| least.min(room)));
            }
            if dir == root || !dir.pop() {
                break;
            }
        }
    }
    least
}

impl fmt::Display for Shortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let within = if self.cgroup {
            "within this process's cgroup memory limit"
        } else {
            "on this machine (free RAM and swap)"
        };
        write!(f, "only {} bytes are available {within}", self.available)
    }
}

/// Instantiates an instrumented pre-initialized module in a fresh store,
/// with trapping stubs for its function imports, and captures its state
/// right away (nothing runs: a snapshot has no start function), for `check`.
pub fn capture_fresh(
    info: &ModuleInfo<'_>,
    wasm: &[u8],
    names: &PrivateNames,
    reads: &crate::instrument::Reads,
    features: &crate::features::Features,
    check: impl FnOnce(&Snapshot<'_>) -> Result<()>,
) -> Result<()> {
    let mut config = Config::default();
    features.configure_wasmi(&mut config);
    config.compilation_mode(compilation_mode(false));
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).context("failed to compile the snapshot")?;
    check_machine_memory(info).context("verification failed")?;
    let mut store = Store::new(
        &engine,
        InitState {
            wasi: None,
            wasi_memory_export: String::new(),
            verdict: None,
            memory_limits: Limiter::new(StoreLimitsBuilder::new().build()),
        },
    );
    let mut linker = InitLinker::new(&engine);
    define_stubs(&mut linker, &module)?;
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| anyhow!("{e}"))
        .context("verification failed: the snapshot does not instantiate")?;
    let mut state = WasmiInstance::new(&mut store, instance);
    check(&snapshot::capture(info, names, reads, &mut state)?)
}

/// How wasmi compiles function bodies. Lazily: init usually runs a small
/// part of a large program, and the module was already validated by
/// wasmparser with the same features, so validating and translating every
/// body up front is wasted work (measured in BENCHMARKS.md). Eagerly when
/// fuel is metered, because wasmi charges lazy translation to the fuel
/// budget, and `--fuel` counts instructions executed, not compiled.
fn compilation_mode(meters_fuel: bool) -> wasmi::CompilationMode {
    if meters_fuel {
        wasmi::CompilationMode::Eager
    } else {
        wasmi::CompilationMode::Lazy
    }
}

/// Defines a trapping stub for every function import of `module`.
fn define_stubs(linker: &mut InitLinker, module: &Module) -> Result<()> {
    for import in module.imports() {
        if let wasmi::ExternType::Func(ty) = import.ty() {
            let stub = StubCalled {
                module: import.module().to_string(),
                name: import.name().to_string(),
            };
            linker
                .func_new(
                    import.module(),
                    import.name(),
                    ty.clone(),
                    move |_, _, _| {
                        Err(wasmi::Error::host(StubCalled {
                            module: stub.module.clone(),
                            name: stub.name.clone(),
                        }))
                    },
                )
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    Ok(())
}

/// An instance of an instrumented module living in a wasmi store: the
/// [`InstanceState`] to hand to [`crate::Instrumented::snapshot`] when the
/// embedder runs the module itself.
pub struct WasmiInstance<'a, T> {
    instance: Instance,
    store: &'a mut Store<T>,
}

impl<'a, T> WasmiInstance<'a, T> {
    pub fn new(store: &'a mut Store<T>, instance: Instance) -> Self {
        WasmiInstance { instance, store }
    }
}

/// The identity of a wasmi function reference.
///
/// wasmi 2.0's `Func` has no equality, no hash and no index accessor, and
/// its store is private, so there is no public way to tell which function a
/// reference found in a table or global is. Its `Debug` output, however,
/// prints the store-unique handle (`Func(Stored { store: StoreId(0), value:
/// RawHandle { key: 3, .. } })`): two references are the same function
/// exactly when these strings are equal. That is an implementation detail,
/// which is why wasmi is pinned to `=2.0.0` and why
/// `tests/library.rs::func_identity_maps_table_references_to_indices`
/// fails loudly if an upgrade changes it.
fn func_key(func: &wasmi::Func) -> FuncKey {
    FuncKey(format!("{func:?}"))
}

fn ref_value(r: &wasmi::Ref) -> RefValue {
    match r {
        wasmi::Ref::Func(f) => f
            .val()
            .map_or(RefValue::Null, |f| RefValue::Func(func_key(f))),
        wasmi::Ref::Extern(e) => {
            if e.is_null() {
                RefValue::Null
            } else {
                RefValue::Extern
            }
        }
    }
}

impl<T> InstanceState for WasmiInstance<'_, T> {
    fn global(&self, name: &str) -> Result<GlobalValue> {
        let global = self
            .instance
            .get_global(&*self.store, name)
            .with_context(|| format!("the instance has no exported global `{name}`"))?;
        Ok(match global.get(&*self.store) {
            Val::I32(v) => GlobalValue::Num(Value::I32(v)),
            Val::I64(v) => GlobalValue::Num(Value::I64(v)),
            Val::F32(v) => GlobalValue::Num(Value::F32(v.to_bits())),
            Val::F64(v) => GlobalValue::Num(Value::F64(v.to_bits())),
            Val::V128(v) => GlobalValue::Num(Value::V128(v.as_u128())),
            Val::FuncRef(f) => GlobalValue::Ref(ref_value(&wasmi::Ref::Func(f))),
            Val::ExternRef(e) => GlobalValue::Ref(ref_value(&wasmi::Ref::Extern(e))),
        })
    }

    fn memory(&self, name: &str) -> Result<&[u8]> {
        let memory = match self.instance.get_export(&*self.store, name) {
            Some(Extern::Memory(memory)) => memory,
            _ => bail!("the instance has no exported memory `{name}`"),
        };
        Ok(memory.data(&*self.store))
    }

    fn table(&self, name: &str) -> Result<Vec<RefValue>> {
        let table = self
            .instance
            .get_table(&*self.store, name)
            .with_context(|| format!("the instance has no exported table `{name}`"))?;
        (0..table.size(&*self.store))
            .map(|i| {
                table
                    .get(&*self.store, i)
                    .map(|r| ref_value(&r))
                    .with_context(|| format!("bug: element {i} of table `{name}` is missing"))
            })
            .collect()
    }

    fn func(&self, name: &str) -> Result<FuncKey> {
        let func = self
            .instance
            .get_func(&*self.store, name)
            .with_context(|| format!("the instance has no exported function `{name}`"))?;
        Ok(func_key(&func))
    }

    fn probe(&mut self, name: &str) -> Result<bool> {
        let func = self
            .instance
            .get_func(&*self.store, name)
            .with_context(|| format!("the instance has no exported function `{name}`"))?;
        if self.store.get_fuel().is_ok() {
            // A probe is a handful of instructions; never let a spent
            // budget turn into a wrong answer.
            let fuel = self.store.get_fuel().unwrap_or(0);
            let _ = self.store.set_fuel(fuel.saturating_add(1_000));
        }
        match func.call(&mut *self.store, &[], &mut []) {
            Ok(()) => Ok(true),
            Err(e) if e.as_trap_code() == Some(TrapCode::TableOutOfBounds) => Ok(false),
            Err(e) => Err(anyhow!("{e}").context(format!("the probe `{name}` failed"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake cgroup mount: v2 at the root, v1's memory controller under
    /// `memory/`, each level with a limit, a usage and file cache.
    #[test]
    fn cgroup_room_is_the_least_of_every_level_counting_file_cache_as_free() {
        let mount = std::env::temp_dir().join(format!("wizer-lite-cgroup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&mount);
        let level = |dir: &str, files: &[(&str, &str)]| {
            let dir = mount.join(dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in files {
                std::fs::write(dir.join(name), text).unwrap();
            }
        };
        // v2: the leaf has no limit ("max"), its parent 4 GiB with 3 GiB
        // charged of which 1 GiB is file cache (active + inactive), the root
        // no files at all.
        let gib = 1u64 << 30;
        level(
            "ci/job",
            &[("memory.max", "max\n"), ("memory.current", "100\n")],
        );
        level(
            "ci",
            &[
                ("memory.max", &format!("{}\n", 4 * gib)),
                ("memory.current", &format!("{}\n", 3 * gib)),
                (
                    "memory.stat",
                    &format!(
                        "anon 1\nfile {}\nactive_file {}\ninactive_file {}\nshmem 5\n",
                        gib,
                        gib / 4,
                        3 * gib / 4
                    ),
                ),
            ],
        );
        assert_eq!(cgroup_room_under(&mount, "0::/ci/job\n"), Some(2 * gib));
        // Without file cache the room is what the limit leaves.
        level(
            "tight",
            &[("memory.max", "1000"), ("memory.current", "1500")],
        );
        assert_eq!(cgroup_room_under(&mount, "0::/tight"), Some(0));
        // v1: the statistics that count are the hierarchical `total_` ones.
        level(
            "memory/pod/box",
            &[
                ("memory.limit_in_bytes", "9223372036854771712"),
                ("memory.usage_in_bytes", "10"),
            ],
        );
        level(
            "memory/pod",
            &[
                ("memory.limit_in_bytes", &(2 * gib).to_string()),
                ("memory.usage_in_bytes", &gib.to_string()),
                (
                    "memory.stat",
                    "active_file 7\ninactive_file 7\ntotal_active_file 100\n\
                     total_inactive_file 28\n",
                ),
            ],
        );
        let v1 = "12:pids:/pod/box\n4:memory:/pod/box\n1:name=systemd:/pod/box\n0::/\n";
        assert_eq!(cgroup_room_under(&mount, v1), Some(gib + 128));
        // No memory controller, or no limits anywhere: nothing to say.
        assert_eq!(cgroup_room_under(&mount, "4:cpu:/pod/box\n"), None);
        assert_eq!(cgroup_room_under(&mount, "0::/nowhere\n"), None);
        std::fs::remove_dir_all(&mount).unwrap();
    }

    /// Guards `func_key`, which relies on wasmi 2.0's `Debug` output: the
    /// same function reached through an export and through a table must
    /// have one key, and different functions different keys. If a wasmi
    /// upgrade breaks this, table snapshots would silently map references
    /// to the wrong functions: this test fails first.
    #[test]
    fn func_identity_maps_table_references_to_indices() {
        let wat = r#"(module
            (func $a (export "a")) (func $b (export "b")) (func $c (export "c"))
            (table (export "t") 4 funcref)
            (elem (i32.const 0) func $c $a $b $c))"#;
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .unwrap();
        let key = |name: &str| func_key(&instance.get_func(&store, name).unwrap());
        let (a, b, c) = (key("a"), key("b"), key("c"));
        assert!(
            a != b && b != c && a != c,
            "distinct functions share a key: {a:?}"
        );
        let table = instance.get_table(&store, "t").unwrap();
        let slots: Vec<RefValue> = (0..4)
            .map(|i| ref_value(&table.get(&store, i).unwrap()))
            .collect();
        assert_eq!(
            slots,
            [c.clone(), a, b, c].map(RefValue::Func),
            "a table reference does not have the key of the function it holds"
        );
    }
}
