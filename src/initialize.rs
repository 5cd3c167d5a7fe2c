//! Initialize stage, the engine: instrumented module -> [`Live`], an
//! instance after its initialization phases, owned and ready to be read.
//!
//! Everything that runs code under wasmi is here (the `wasi` shim and the
//! `select` guard aside); wasmi types never leave it but through
//! [`InitLinker`] and [`WasmiInstance`] for embedders. The state is read
//! through the engine-free [`InstanceState`](crate::InstanceState) seam,
//! which [`Live`] implements.
//!
//! Phases, each reported by name when it fails: instantiate (segment
//! initialization), the start function, `_initialize` (WASI reactors), the
//! init function. Every function import that nothing else provides gets a
//! stub that fails with an error naming the import, so modules instantiate
//! even when they import things initialization must not call.

use crate::laps::Laps;
use crate::parse::ModuleInfo;
use crate::threads::Verdict;
use crate::wasmi_fix::Guarded;
use anyhow::{Context, Result, anyhow, bail};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use wasmi::{Config, Engine, Instance, Linker, Module, Store, StoreLimitsBuilder};
use wasmparser::WasmFeatures;

pub mod component;
mod instance;
mod machine;
mod replay;
mod runner;

pub use instance::{SharedInstance, WasmiInstance};
use machine::{Limiter, Replaying, check_machine_memory};
pub use replay::Replay;
use runner::Runner;
pub use runner::{
    DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_TABLE_ELEMENTS, Failure, Growth, Limits, Phase, Stop, Trap,
};

/// The store data of the initialization instance. Host functions added
/// through [`crate::Wizer::make_linker`] see it as their `Caller` data.
pub struct InitState {
    /// The WASI shim's state, with `--allow-wasi`.
    wasi: Option<crate::wasi::WasiCtx>,
    /// WASI 0.2's handle table and the functions called, beside it.
    p2: crate::wasi::p2::Tables,
    /// The verdict of function-body validation, when it runs beside
    /// initialization: metered runs stop early when it failed.
    verdict: Option<Arc<Verdict>>,
    /// `--max-memory`, `--max-table-elements` and the machine's memory.
    memory_limits: Limiter,
    /// In a failure's replay, WASI's answers from the failed run's log.
    answers: crate::wasi::replay::Answers,
}

impl InitState {
    /// The answers a failure's replay hands back for WASI calls.
    pub(crate) fn answers(&mut self) -> &mut crate::wasi::replay::Answers {
        &mut self.answers
    }

    /// The WASI shim's context: the accessor its host functions are linked
    /// with (they are linked only when there is one).
    pub(crate) fn wasi_ctx(&mut self) -> &mut crate::wasi::WasiCtx {
        self.wasi
            .as_mut()
            .expect("WASI is linked only with a context")
    }

    /// What WASI 0.2's host functions work on: the shim's context and the
    /// handle table beside it (the accessor they are linked with).
    pub(crate) fn wasi_p2(&mut self) -> crate::wasi::p2::Host<'_> {
        crate::wasi::p2::Host {
            wasi: self
                .wasi
                .as_mut()
                .expect("WASI 0.2 is linked only with a context"),
            tables: &mut self.p2,
        }
    }

    /// WASI 0.2's handle table and the functions called.
    pub(crate) fn p2(&self) -> &crate::wasi::p2::Tables {
        &self.p2
    }
}

impl fmt::Debug for InitState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
pub(crate) const MAX_STACK_HEIGHT: usize = 256 << 20;

/// What to run.
#[derive(Clone)]
pub struct Plan<'a> {
    pub features: WasmFeatures,
    /// The export of memory 0, for WASI when the module does not export
    /// its memory as `memory`.
    pub memory_export: String,
    /// The export of the start function, if the module has one.
    pub start_export: Option<String>,
    /// Whether to call `_initialize` before the init function.
    pub call_initialize: bool,
    pub init_func: &'a str,
    pub linker_hook: Option<&'a LinkerHook>,
    /// WASI preview1, with `--allow-wasi`.
    pub wasi: Option<&'a crate::wasi::WasiConfig>,
    pub limits: Limits,
    /// (import module name, binary module) instantiated before the module,
    /// in order; their exports satisfy its imports.
    pub preloads: &'a [(String, Guarded)],
    /// Body validation running beside initialization, if it is.
    pub verdict: Option<Arc<Verdict>>,
    /// A failure's replay, on the module with a shadow stack.
    pub replay: Option<&'a Replay>,
}

impl<'a> Plan<'a> {
    /// The replay of this run that failed (see [`Replay`]): on a module
    /// with a shadow stack, whose memory needs multi-memory; WASI and
    /// growth answered from the log; the embedder's host functions stubs
    /// (their effects cannot be replayed).
    pub fn replaying<'r>(&self, replay: &'r Replay) -> Plan<'r>
    where
        'a: 'r,
    {
        Plan {
            features: self.features | WasmFeatures::MULTI_MEMORY,
            linker_hook: None,
            wasi: None,
            limits: replay.limits,
            verdict: None,
            replay: Some(replay),
            ..self.clone()
        }
    }

    /// The phases that run guest code after instantiation, in order.
    pub fn phases(&self) -> Vec<Phase> {
        let mut phases = Vec::new();
        if self.start_export.is_some() {
            phases.push(Phase::Start);
        }
        if self.call_initialize {
            phases.push(Phase::Initialize);
        }
        if !(self.call_initialize && self.init_func == "_initialize") {
            phases.push(Phase::Init(self.init_func.to_string()));
        }
        phases
    }

    /// The plan for a thread whose stack has room for `frames` frames
    /// (`None`: as many as the limits allow).
    pub fn on_stack(&self, frames: Option<usize>) -> Self {
        let mut plan = self.clone();
        plan.limits.stack_frames = frames;
        plan
    }
}

/// An instance after its initialization phases, with its store: the state
/// the snapshot is read from (it implements
/// [`InstanceState`](crate::InstanceState)).
pub struct Live {
    store: Store<InitState>,
    instance: Instance,
    /// What the guest learned through WASI (clocks, randomness, the
    /// environment), when WASI was linked.
    pub wasi: Option<crate::wasi::Activity>,
    /// Fuel consumed, when it was metered.
    pub fuel_used: Option<u64>,
    /// Wall-clock time of each phase, in order.
    pub phases: Vec<(&'static str, Duration)>,
    /// The WASI 0.2 handles still open after init, by resource type.
    pub live_handles: Vec<(&'static str, usize)>,
}

/// The error a stubbed import returns when called.
#[derive(Debug, Clone)]
pub(crate) struct StubCalled {
    module: String,
    name: String,
    /// A function a component's `canon lower` (or a resource built-in)
    /// makes, named by `module`; `name` is then empty, or why it cannot
    /// run.
    component: bool,
    /// WASI was allowed (`--allow-wasi`).
    wasi_allowed: bool,
}

impl fmt::Display for StubCalled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (module, name) = (&self.module, &self.name);
        if self.component && !name.is_empty() {
            write!(f, "cannot call `{module}` during initialization: {name}")
        } else if self.component && module.starts_with("wasi:") {
            match self.wasi_allowed {
                false => write!(
                    f,
                    "cannot call WASI 0.2 function `{module}` during initialization without \
                     `--allow-wasi`"
                ),
                true => write!(
                    f,
                    "cannot call WASI 0.2 function `{module}` during initialization: \
                     wizer-lite's host does not implement it (sockets and HTTP are refused)"
                ),
            }
        } else if self.component {
            write!(
                f,
                "cannot call `{module}` during initialization: it is a function the \
                 component imports (through `canon lower` or a resource built-in), and \
                 wizer-lite provides none of those to init"
            )
        } else if module.starts_with("wasi") {
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

/// Compiles `wasm` (dropped once compiled), instantiates it and runs its
/// initialization phases; the live instance.
pub fn run(info: &ModuleInfo<'_>, wasm: Guarded, plan: &Plan<'_>) -> Result<Live> {
    let (live, failure) = run_to_end(info, wasm, plan)?;
    match failure {
        Some(failure) => Err(failure),
        None => Ok(live),
    }
}

/// [`run`], keeping the instance when a phase fails: with that failure.
/// Other errors (a module that does not compile or link) end it.
pub fn run_to_end(
    info: &ModuleInfo<'_>,
    wasm: Guarded,
    plan: &Plan<'_>,
) -> Result<(Live, Option<anyhow::Error>)> {
    let limits = plan.limits;
    let mut laps = Laps::start();
    let engine = Engine::new(&config_for(plan.features, &limits, plan.replay));
    let module = Module::new(&engine, wasm.bytes()).context("failed to compile the module")?;
    // wasmi keeps what it needs: the bytes need not stay resident.
    drop(wasm);
    laps.lap("compile");
    check_memories(info, &limits)?;
    let store = new_store(
        &engine,
        &limits,
        plan.wasi,
        &plan.memory_export,
        plan.verdict.clone(),
        plan.replay,
    )?;
    let answers = plan.replay.is_some_and(|r| r.answers.is_some());

    let mut linker = InitLinker::new(&engine);
    linker.allow_shadowing(true);
    define_stubs(&mut linker, &module, plan.wasi.is_some())?;
    if plan.wasi.is_some() {
        crate::wasi::add_to_linker(&mut linker, InitState::wasi_ctx)?;
    }
    if let Some(hook) = plan.linker_hook {
        hook(&mut linker).context("failed to add host functions to the linker")?;
    }
    // WASI for a module (a preload or the module itself): preview1 is
    // linked by name above; WASI 0.2's functions are made per module, as
    // they lower through its own memory and `cabi_realloc`. In a replay,
    // both hand back the logged answers.
    let wasi_for = |linker: &mut InitLinker, store: &mut Store<InitState>, module: &Module| {
        let export = &plan.memory_export;
        if answers {
            crate::wasi::replay::define_preview1(linker, module, export, InitState::answers)
                .map_err(|e| anyhow!("{e}"))?;
            crate::wasi::replay::define_p2_core(linker, store, module, export, InitState::answers)
                .map_err(|e| anyhow!("{e}"))?;
        } else if plan.wasi.is_some() {
            crate::wasi::p2::add_to_linker_core(linker, store, module, export, InitState::wasi_p2)?;
        }
        Ok::<_, anyhow::Error>(())
    };

    let mut runner = Runner::new(store, limits, plan.replay.and_then(|r| r.fuel));
    for (name, wasm) in plan.preloads {
        let preload = Module::new(&engine, wasm.bytes())
            .with_context(|| format!("failed to compile the preload `{name}`"))?;
        wasi_for(&mut linker, &mut runner.store, &preload)?;
        let instance = linker
            .instantiate_and_start(&mut runner.store, &preload)
            .map_err(|e| anyhow!("{e}"))
            .with_context(|| format!("failed to instantiate the preload `{name}`"))?;
        linker
            .instance(&mut runner.store, name, instance)
            .map_err(|e| anyhow!("{e}"))?;
    }
    wasi_for(&mut linker, &mut runner.store, &module)?;
    let instance = linker
        .instantiate_and_start(&mut runner.store, &module)
        .map_err(|e| anyhow!("{e}"))
        .context("failed to instantiate the module")?;
    laps.lap("instantiate");

    let start = plan.start_export.as_deref().unwrap_or_default();
    let mut failure = None;
    for phase in plan.phases() {
        if let Err(e) = runner.call(&instance, &phase, phase.export(start)) {
            failure = Some(e);
            break;
        }
        laps.lap(phase.name());
    }

    let fuel_used = limits.meters_fuel().then(|| runner.fuel_used());
    let store = runner.store;
    let live = Live {
        live_handles: store.data().p2().live(),
        wasi: store.data().wasi.as_ref().map(|w| w.final_activity()),
        store,
        instance,
        fuel_used,
        phases: laps.phases,
    };
    Ok((live, failure))
}

/// Refuses a module whose memories start beyond `--max-memory`, or beyond
/// what the machine has free (wasmi allocates and zeroes them whole).
pub fn check_memories(info: &ModuleInfo<'_>, limits: &Limits) -> Result<()> {
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
    check_machine_memory(info)
}

/// A store for initialization: the limits, and the WASI shim's context
/// (reading memory through `memory_export`) with `--allow-wasi`.
pub(crate) fn new_store(
    engine: &Engine,
    limits: &Limits,
    wasi: Option<&crate::wasi::WasiConfig>,
    memory_export: &str,
    verdict: Option<Arc<Verdict>>,
    replay: Option<&Replay>,
) -> Result<Store<InitState>> {
    let mut memory_limits = StoreLimitsBuilder::new()
        .table_elements(usize::try_from(limits.max_table_elements).unwrap_or(usize::MAX));
    if let Some(bytes) = limits.max_memory {
        memory_limits = memory_limits.memory_size(usize::try_from(bytes).unwrap_or(usize::MAX));
    }
    let wasi = match wasi {
        Some(config) => Some(
            crate::wasi::WasiCtx::new(config)
                .context("failed to set up WASI")?
                .with_memory_export(memory_export)
                .with_log()
                .gated_by(verdict.clone()),
        ),
        None => None,
    };
    let mut memory_limits = Limiter::new(memory_limits.build());
    memory_limits.replaying = replay.map(|r| Replaying::new(&r.growth, r.shadow_bytes, r.shadows));
    let state = InitState {
        wasi,
        p2: Default::default(),
        verdict,
        memory_limits,
        answers: replay.and_then(|r| r.answers.clone()).unwrap_or_default(),
    };
    let mut store = Store::new(engine, state);
    store.limiter(|state| &mut state.memory_limits);
    Ok(store)
}

/// Instantiates a pre-initialized module (instrumented, so that its state
/// can be read) in a fresh store, with trapping stubs for its function
/// imports: nothing runs, as a snapshot has no start function. For
/// `--verify`.
pub fn instantiate(info: &ModuleInfo<'_>, wasm: &Guarded, features: WasmFeatures) -> Result<Live> {
    let engine = Engine::new(&config(features, false, None));
    let module = Module::new(&engine, wasm.bytes()).context("failed to compile the snapshot")?;
    check_machine_memory(info).context("verification failed")?;
    let state = InitState {
        wasi: None,
        p2: Default::default(),
        verdict: None,
        memory_limits: Limiter::new(StoreLimitsBuilder::new().build()),
        answers: Default::default(),
    };
    let mut store = Store::new(&engine, state);
    let mut linker = InitLinker::new(&engine);
    define_stubs(&mut linker, &module, false)?;
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| anyhow!("{e}"))
        .context("verification failed: the snapshot does not instantiate")?;
    Ok(Live {
        store,
        instance,
        wasi: None,
        fuel_used: None,
        phases: Vec::new(),
        live_handles: Vec::new(),
    })
}

/// A `wasmi::Config` method that switches one proposal.
type WasmiSetter = fn(&mut Config, bool) -> &mut Config;

/// Each feature's wasmi setting, keyed by its validator flag: the engine's
/// side of [`crate::FEATURES`] (a test checks that they match one to one).
const WASMI_FEATURES: &[(WasmFeatures, WasmiSetter)] = &[
    (WasmFeatures::MULTI_VALUE, Config::wasm_multi_value),
    (WasmFeatures::BULK_MEMORY, Config::wasm_bulk_memory),
    (WasmFeatures::REFERENCE_TYPES, Config::wasm_reference_types),
    (WasmFeatures::SIMD, Config::wasm_simd),
    (WasmFeatures::RELAXED_SIMD, Config::wasm_relaxed_simd),
    (WasmFeatures::TAIL_CALL, Config::wasm_tail_call),
    (WasmFeatures::EXTENDED_CONST, Config::wasm_extended_const),
    (WasmFeatures::MULTI_MEMORY, Config::wasm_multi_memory),
    (WasmFeatures::MEMORY64, Config::wasm_memory64),
    (WasmFeatures::MUTABLE_GLOBAL, Config::wasm_mutable_global),
    (WasmFeatures::SIGN_EXTENSION, Config::wasm_sign_extension),
    (
        WasmFeatures::SATURATING_FLOAT_TO_INT,
        Config::wasm_saturating_float_to_int,
    ),
    (WasmFeatures::WIDE_ARITHMETIC, Config::wasm_wide_arithmetic),
    (
        WasmFeatures::CUSTOM_PAGE_SIZES,
        Config::wasm_custom_page_sizes,
    ),
];

/// The wasmi configuration: the features validated with, fuel metering,
/// and the call depth (wasmi's default when `None`).
pub(crate) fn config(
    features: WasmFeatures,
    meters_fuel: bool,
    call_depth: Option<usize>,
) -> Config {
    let mut config = Config::default();
    for (flag, set) in WASMI_FEATURES {
        set(&mut config, features.contains(*flag));
    }
    if let Some(depth) = call_depth {
        config
            .set_max_recursion_depth(depth)
            .set_max_stack_height(MAX_STACK_HEIGHT);
    }
    config
        .consume_fuel(meters_fuel)
        .compilation_mode(compilation_mode(meters_fuel));
    config
}

/// The configuration of a run under `limits`: metered for a fuel or time
/// budget, and for a replay's; a replay's frames are larger (they carry a
/// shadow stack's slot).
pub(crate) fn config_for(
    features: WasmFeatures,
    limits: &Limits,
    replay: Option<&Replay>,
) -> Config {
    let metered = limits.meters_fuel() || replay.is_some_and(|r| r.fuel.is_some());
    let mut config = config(features, metered, Some(limits.call_depth()));
    if replay.is_some() {
        config.set_max_stack_height(2 * MAX_STACK_HEIGHT);
    }
    config
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

/// Defines a trapping stub for every function import of `module`. A WASI
/// 0.2 import's stub says whether `--allow-wasi` (`wasi_allowed`) would
/// let it through, as a component's does.
pub(crate) fn define_stubs<T>(
    linker: &mut Linker<T>,
    module: &Module,
    wasi_allowed: bool,
) -> Result<()> {
    for import in module.imports() {
        if let wasmi::ExternType::Func(ty) = import.ty() {
            let stub = match crate::wasi::p2_import(import.module(), import.name()) {
                Some(what) => StubCalled {
                    module: what,
                    name: String::new(),
                    component: true,
                    wasi_allowed,
                },
                None => StubCalled {
                    module: import.module().to_string(),
                    name: import.name().to_string(),
                    component: false,
                    wasi_allowed,
                },
            };
            linker
                .func_new(
                    import.module(),
                    import.name(),
                    ty.clone(),
                    move |_, _, _| Err(wasmi::Error::host(stub.clone())),
                )
                .map_err(|e| anyhow!("{e}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_one_wasmi_setting() {
        for feature in crate::features::FEATURES {
            let settings = WASMI_FEATURES
                .iter()
                .filter(|(flag, _)| *flag == feature.flag)
                .count();
            assert_eq!(
                settings, 1,
                "`{}` has {settings} wasmi settings",
                feature.name
            );
        }
        assert_eq!(WASMI_FEATURES.len(), crate::features::FEATURES.len());
    }
}
