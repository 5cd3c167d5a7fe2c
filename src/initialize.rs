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
    Config, Engine, Extern, Instance, Linker, Module, ResumableCall, Store, StoreLimitsBuilder,
    TrapCode, Val,
};

mod machine;
use machine::{Limiter, check_machine_memory};

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
