//! A component's core instances on wasmi: the engine side of
//! `crate::component`.
//!
//! The component model is not run here; its core wiring is. Each core
//! instance is made in the component's order: a module is instantiated
//! with its imports looked up in the instances its `instantiate` names
//! (export bundles are followed to the item they name), and runs its
//! start function as a phase; a function the component model would make
//! (`canon lower` of an import, a resource built-in) is a stub that fails
//! naming it. With `--allow-wasi`, the `wasi_snapshot_preview1` imports of
//! the modules that the preview1 adapter serves go to wizer-lite's own
//! shim instead. Then the init function is called through the core
//! function its `canon lift` names.

use super::instance::SharedInstance;
use super::runner::{Phase, Runner};
use super::{
    InitLinker, InitState, Limits, Replay, StubCalled, config_for, define_stubs, new_store,
};
use crate::laps::Laps;
use crate::wasmi_fix::Guarded;
use anyhow::{Context, Result, anyhow, bail};
use std::collections::HashMap;
use std::time::Duration;
use wasmi::{Engine, Extern, ExternType, Func, Instance, Module, Store};
use wasmparser::WasmFeatures;

/// Where a core item comes from, for the engine.
#[derive(Debug, Clone)]
pub enum Source {
    /// The export `name` of core instance `instance`.
    Export { instance: u32, name: String },
    /// A function the component model makes.
    Made(Made),
}

/// A function the component model makes: `canon lower` of an import, or a
/// resource built-in. A WASI 0.2 one runs on the host with `--allow-wasi`;
/// every other is a stub that fails naming it.
#[derive(Debug, Clone)]
pub struct Made {
    /// Its core function index.
    pub index: u32,
    /// What it is (`wasi:cli/stdout@0.2.6#get-stdout`).
    pub what: String,
    /// The memory and `realloc` its options name: (core instance, export).
    pub memory: Option<(u32, String)>,
    pub realloc: Option<(u32, String)>,
    /// Its strings are UTF-8.
    pub utf8: bool,
}

/// How a core instance is made.
#[derive(Debug, Clone)]
pub enum Step {
    /// Instantiate module `module`, taking import module `name` from core
    /// instance `args[name]`.
    Module {
        module: usize,
        args: HashMap<String, u32>,
    },
    /// A bundle of exports.
    Bundle(HashMap<String, Source>),
}

/// A core module, instrumented and guarded, ready to run.
pub struct ModuleToRun {
    pub wasm: Guarded,
    /// The export of its start function, when it has one.
    pub start_export: Option<String>,
    /// Its `wasi_snapshot_preview1` imports go to the shim (with WASI) or
    /// to stubs.
    pub preview1: bool,
}

/// What to run.
pub struct ComponentPlan<'a> {
    pub features: WasmFeatures,
    pub modules: Vec<ModuleToRun>,
    pub steps: Vec<Step>,
    /// The init function: its component export name, and the core
    /// instance and export it lifts (none to only instantiate).
    pub init: Option<(String, u32, String)>,
    /// WASI preview1, with `--allow-wasi`.
    pub wasi: Option<&'a crate::wasi::WasiConfig>,
    /// The memory export the shim reads the guest's memory through.
    pub memory_export: String,
    pub limits: Limits,
    /// A failure's replay, on modules that carry shadow stacks.
    pub replay: Option<&'a Replay>,
}

impl<'a> ComponentPlan<'a> {
    /// The replay of this run that failed (see [`Replay`]), on `modules`
    /// that carry shadow stacks: a shadow stack's memory needs
    /// multi-memory, and WASI and growth are answered from the log.
    pub fn replaying<'r>(
        &self,
        modules: Vec<ModuleToRun>,
        replay: &'r Replay,
    ) -> ComponentPlan<'r> {
        ComponentPlan {
            features: self.features | WasmFeatures::MULTI_MEMORY,
            modules,
            steps: self.steps.clone(),
            init: self.init.clone(),
            wasi: None,
            memory_export: self.memory_export.clone(),
            limits: replay.limits,
            replay: Some(replay),
        }
    }
}

/// The core instances after init, with their store.
pub struct LiveComponent {
    store: Store<InitState>,
    /// The instance of each core instance that instantiates a module.
    instances: Vec<Option<Instance>>,
    /// What the guest learned through WASI, when WASI was linked.
    pub wasi: Option<crate::wasi::Activity>,
    pub fuel_used: Option<u64>,
    pub phases: Vec<(&'static str, Duration)>,
    /// The WASI functions init called, each once, in the order of their
    /// first call: preview1, then WASI 0.2.
    pub imports_called: Vec<String>,
    /// The WASI 0.2 handles still open after init, by resource type.
    pub live_handles: Vec<(&'static str, usize)>,
}

impl LiveComponent {
    /// Every core instance that instantiates a module, to read at once
    /// (their probes called already), by core instance index.
    pub fn views(&self) -> Vec<Option<SharedInstance<'_, InitState>>> {
        self.instances
            .iter()
            .map(|i| i.map(|i| SharedInstance::new(&self.store, i)))
            .collect()
    }

    /// The state of core instance `index` (a module's).
    pub fn instance(&mut self, index: usize) -> Result<super::WasmiInstance<'_, InitState>> {
        let instance = self
            .instances
            .get(index)
            .copied()
            .flatten()
            .with_context(|| format!("bug: core instance {index} is not a module's"))?;
        Ok(super::WasmiInstance::new(&mut self.store, instance))
    }
}

/// Instantiates the core instances, runs their start functions, then init,
/// on a thread whose stack has room for `frames` frames (`None`: as many
/// as the limits allow).
pub fn run(plan: &ComponentPlan<'_>, frames: Option<usize>) -> Result<LiveComponent> {
    let (live, failure) = run_to_end(plan, frames)?;
    match failure {
        Some(failure) => Err(failure),
        None => Ok(live),
    }
}

/// [`run`], keeping the core instances when a phase fails: with that
/// failure. Other errors (a module that does not compile or link) end it.
pub fn run_to_end(
    plan: &ComponentPlan<'_>,
    frames: Option<usize>,
) -> Result<(LiveComponent, Option<anyhow::Error>)> {
    let limits = Limits {
        stack_frames: frames,
        ..plan.limits
    };
    let mut laps = Laps::start();
    let engine = Engine::new(&config_for(plan.features, &limits, plan.replay));
    let modules = plan
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Module::new(&engine, m.wasm.bytes())
                .with_context(|| format!("failed to compile core module {i}"))
        })
        .collect::<Result<Vec<_>>>()?;
    laps.lap("compile");
    let store = new_store(
        &engine,
        &limits,
        plan.wasi,
        &plan.memory_export,
        None,
        plan.replay,
    )?;
    let mut wiring = Wiring {
        runner: Runner::new(store, limits, plan.replay.and_then(|r| r.fuel)),
        instances: Vec::new(),
        bundles: Vec::new(),
        stubs: HashMap::new(),
        wasi: plan.wasi.is_some(),
        replay: plan.replay.is_some_and(|r| r.answers.is_some()),
        memory_export: &plan.memory_export,
    };
    let mut failure = None;
    for step in &plan.steps {
        let (instance, bundle) = match step {
            Step::Bundle(bundle) => (None, Some(bundle)),
            Step::Module { module, args } => {
                let to_run = &plan.modules[*module];
                let instance = wiring
                    .instantiate(
                        &engine,
                        &modules[*module],
                        args,
                        to_run.preview1,
                        plan.wasi.is_some(),
                    )
                    .with_context(|| format!("failed to instantiate core module {module}"))?;
                if let Some(start) = &to_run.start_export {
                    failure = wiring.runner.call(&instance, &Phase::Start, start).err();
                }
                (Some(instance), None)
            }
        };
        wiring.instances.push(instance);
        wiring.bundles.push(bundle);
        if failure.is_some() {
            break;
        }
    }
    laps.lap("instantiate");

    if let Some((component_name, instance, name)) = plan.init.as_ref().filter(|_| failure.is_none())
    {
        let (instance, name) = wiring.find_func(*instance, name)?;
        let phase = Phase::Init(component_name.clone());
        failure = wiring.runner.call(&instance, &phase, &name).err();
        laps.lap("init");
    }

    let fuel_used = limits.meters_fuel().then(|| wiring.runner.fuel_used());
    let mut store = wiring.runner.store;
    let mut imports_called = Vec::new();
    if let Some(log) = store
        .data_mut()
        .wasi
        .as_mut()
        .and_then(|w| w.take_leftovers().log)
    {
        for call in log.calls {
            let name = format!("{}.{}", crate::wasi::MODULE, call.name);
            if !imports_called.contains(&name) {
                imports_called.push(name);
            }
        }
    }
    let live_handles = store.data().p2().live();
    imports_called.extend(store.data().p2().called.iter().cloned());
    let live = LiveComponent {
        imports_called,
        live_handles,
        wasi: store.data().wasi.as_ref().map(|w| w.final_activity()),
        store,
        instances: wiring.instances,
        fuel_used,
        phases: laps.phases,
    };
    Ok((live, failure))
}

/// The core instances made so far.
struct Wiring<'p> {
    runner: Runner,
    instances: Vec<Option<Instance>>,
    bundles: Vec<Option<&'p HashMap<String, Source>>>,
    /// The functions made so far, by core function index.
    stubs: HashMap<u32, Func>,
    /// WASI is allowed: WASI 0.2 functions run on the host.
    wasi: bool,
    /// WASI calls are answered from the log instead (a failure's replay).
    replay: bool,
    /// The memory export the preview1 shim reads the guest's memory
    /// through.
    memory_export: &'p str,
}

impl Wiring<'_> {
    /// Instantiates `module`, its imports taken from `args`; or, for a
    /// `preview1` module, its preview1 imports from the WASI shim (with
    /// `shim`) or stubs: never from the component, whose adapter must not
    /// run during init.
    fn instantiate(
        &mut self,
        engine: &Engine,
        module: &Module,
        args: &HashMap<String, u32>,
        preview1: bool,
        shim: bool,
    ) -> Result<Instance> {
        let mut linker = InitLinker::new(engine);
        linker.allow_shadowing(true);
        if preview1 {
            // Stubs first: for every preview1 function without WASI, and
            // for those the shim lacks with it.
            define_stubs(&mut linker, module, shim)?;
        }
        if preview1 && self.replay {
            crate::wasi::replay::define_preview1(
                &mut linker,
                module,
                self.memory_export,
                InitState::answers,
            )
            .map_err(|e| anyhow!("{e}"))?;
        } else if preview1 && shim {
            crate::wasi::add_to_linker(&mut linker, InitState::wasi_ctx)?;
        }
        for import in module.imports() {
            let (from, name) = (import.module(), import.name());
            if preview1 && from == crate::wasi::MODULE {
                continue;
            }
            let instance = *args
                .get(from)
                .with_context(|| format!("bug: no argument provides the import module `{from}`"))?;
            let item = self
                .resolve(instance, name, import.ty())
                .with_context(|| format!("failed to provide the import `{from}`.`{name}`"))?;
            linker
                .define(from, name, item)
                .map_err(|e| anyhow!("{e}"))?;
        }
        linker
            .instantiate_and_start(&mut self.runner.store, module)
            .map_err(|e| anyhow!("{e}"))
    }

    /// The item `name` of core instance `instance`, of type `ty`.
    fn resolve(&mut self, instance: u32, name: &str, ty: &ExternType) -> Result<Extern> {
        let index = instance as usize;
        if let Some(Some(instance)) = self.instances.get(index) {
            return instance
                .get_export(&self.runner.store, name)
                .with_context(|| format!("bug: core instance {index} exports no `{name}`"));
        }
        let bundle = self
            .bundles
            .get(index)
            .copied()
            .flatten()
            .with_context(|| format!("bug: core instance {index} does not exist yet"))?;
        match bundle.get(name) {
            Some(Source::Export { instance, name }) => self.resolve(*instance, name, ty),
            Some(Source::Made(made)) => self.made(made, ty),
            None => bail!("bug: the bundle {index} has no `{name}`"),
        }
    }

    /// The function `made` stands for, of function type `ty`: the WASI 0.2
    /// host's (with `--allow-wasi`) or a stub; one per core function, so
    /// that references to it compare equal.
    fn made(&mut self, made: &Made, ty: &ExternType) -> Result<Extern> {
        let ExternType::Func(ty) = ty else {
            bail!(
                "bug: `{}` is a function, but is imported as something else",
                made.what
            );
        };
        if let Some(func) = self.stubs.get(&made.index) {
            return Ok(Extern::Func(*func));
        }
        let host = (self.wasi || self.replay) && made.utf8;
        let func = if host && crate::wasi::p2::implements(&made.what) {
            let memory = match &made.memory {
                Some((instance, name)) => match self.export(*instance, name) {
                    Some(Extern::Memory(memory)) => Some(memory),
                    _ => bail!("bug: the memory of `{}` is not there", made.what),
                },
                None => None,
            };
            let realloc = match &made.realloc {
                Some((instance, name)) => match self.export(*instance, name) {
                    Some(Extern::Func(func)) => Some(func),
                    _ => bail!("bug: the `realloc` of `{}` is not there", made.what),
                },
                None => None,
            };
            let lowering = crate::wasi::Lowering::Given { memory, realloc };
            match self.replay {
                true => crate::wasi::replay::p2_func(
                    &mut self.runner.store,
                    &made.what,
                    ty,
                    lowering,
                    InitState::answers,
                ),
                false => crate::wasi::p2::host_func(
                    &mut self.runner.store,
                    &made.what,
                    ty,
                    lowering,
                    InitState::wasi_p2,
                )?,
            }
        } else {
            let why = if self.wasi && !made.utf8 && crate::wasi::p2::implements(&made.what) {
                "its `canon lower` asks for UTF-16 strings, and wizer-lite's WASI 0.2 host \
                 speaks UTF-8 only"
            } else {
                ""
            };
            let stub = StubCalled {
                module: made.what.clone(),
                name: why.to_string(),
                component: true,
                wasi_allowed: self.wasi,
            };
            Func::new(&mut self.runner.store, ty.clone(), move |_, _, _| {
                Err(wasmi::Error::host(stub.clone()))
            })
        };
        self.stubs.insert(made.index, func);
        Ok(Extern::Func(func))
    }

    /// The export `name` of core instance `instance`, through bundles,
    /// if it exists yet.
    fn export(&self, instance: u32, name: &str) -> Option<Extern> {
        let index = instance as usize;
        if let Some(Some(instance)) = self.instances.get(index) {
            return instance.get_export(&self.runner.store, name);
        }
        match self.bundles.get(index).copied().flatten()?.get(name)? {
            Source::Export { instance, name } => self.export(*instance, name),
            Source::Made(_) => None,
        }
    }

    /// The module instance and export that function `name` of core
    /// instance `instance` is, through bundles.
    fn find_func(&self, instance: u32, name: &str) -> Result<(Instance, String)> {
        let index = instance as usize;
        if let Some(Some(instance)) = self.instances.get(index) {
            return Ok((*instance, name.to_string()));
        }
        match self
            .bundles
            .get(index)
            .copied()
            .flatten()
            .and_then(|b| b.get(name))
        {
            Some(Source::Export { instance, name }) => self.find_func(*instance, name),
            _ => bail!("the init function is not a core module's export"),
        }
    }
}
