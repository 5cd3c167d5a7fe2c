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
use crate::snapshot::{self, InstanceState, Snapshot, Value};
use anyhow::{Context, Result, anyhow, bail};
use std::fmt;
use wasmi::{Config, Engine, Extern, Instance, Linker, Module, Store, Val};

/// The store data of the initialization instance. Host functions added
/// through [`crate::Wizer::make_linker`] see it as their `Caller` data.
#[derive(Default)]
pub struct InitState {
    /// The WASI shim's state, with `--allow-wasi`.
    pub(crate) wasi: Option<crate::wasi::WasiCtx>,
    /// The private export of memory 0, for WASI when the module does not
    /// export its memory as `memory`.
    pub(crate) wasi_memory_export: String,
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

/// Call-stack limits, deep enough for real programs (recursive-descent
/// parsers, interpreters): wasmi's default of 1,000 frames is not.
/// 100,000 frames at the value-stack cap of 256 MiB leaves 2.6 KiB of
/// registers per frame, far more than compiled code uses.
const MAX_RECURSION_DEPTH: usize = 100_000;
const MAX_STACK_HEIGHT: usize = 256 << 20;

/// What to run.
pub struct Plan<'a> {
    pub features: &'a crate::features::Features,
    pub names: &'a PrivateNames,
    /// Whether the instrumented module exports its start function.
    pub has_start: bool,
    /// Whether to call `_initialize` before the init function.
    pub call_initialize: bool,
    pub init_func: &'a str,
    pub linker_hook: Option<&'a LinkerHook>,
    /// WASI preview1, with `--allow-wasi`.
    pub wasi: Option<&'a crate::wasi::WasiConfig>,
}

/// What initialization produced.
pub struct Initialized {
    pub snapshot: Snapshot,
    /// What the guest learned from WASI (clocks, randomness, environment).
    pub wasi_activity: Option<crate::wasi::Activity>,
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
                 nothing provides it (initialization may only call host functions added \
                 through the library's `make_linker`)"
            )
        }
    }
}

impl wasmi::errors::HostError for StubCalled {}

/// Instantiates `wasm`, runs its initialization phases and captures its state.
pub fn run(info: &ModuleInfo<'_>, wasm: &[u8], plan: &Plan<'_>) -> Result<Initialized> {
    let mut config = Config::default();
    plan.features.configure_wasmi(&mut config);
    config
        .set_max_recursion_depth(MAX_RECURSION_DEPTH)
        .set_max_stack_height(MAX_STACK_HEIGHT);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, wasm).context("failed to compile the module")?;
    let mut state = InitState {
        wasi: None,
        wasi_memory_export: plan.names.memory(0),
    };
    if let Some(config) = plan.wasi {
        state.wasi = Some(crate::wasi::WasiCtx::new(config).context("failed to set up WASI")?);
    }
    let mut store = Store::new(&engine, state);

    let mut linker = InitLinker::new(&engine);
    linker.allow_shadowing(true);
    define_stubs(&mut linker, &module)?;
    if plan.wasi.is_some() {
        crate::wasi::add_to_linker(&mut linker)?;
    }
    if let Some(hook) = plan.linker_hook {
        hook(&mut linker).context("failed to add host functions to the linker")?;
    }

    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| anyhow!("{e}"))
        .context("failed to instantiate the module")?;

    if plan.has_start {
        call(
            &instance,
            &mut store,
            &plan.names.start(),
            "the start function",
        )?;
    }
    if plan.call_initialize {
        call(&instance, &mut store, "_initialize", "`_initialize`")?;
    }
    if !(plan.call_initialize && plan.init_func == "_initialize") {
        let phase = format!("the init function `{}`", plan.init_func);
        call(&instance, &mut store, plan.init_func, &phase)?;
    }

    let snapshot = snapshot::capture(info, plan.names, &WasmiInstance::new(&store, instance))?;
    Ok(Initialized {
        snapshot,
        wasi_activity: store.data().wasi.as_ref().map(|w| w.final_activity()),
    })
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

/// Calls the `[] -> []` export `name`, naming `phase` if it fails.
fn call(instance: &Instance, store: &mut Store<InitState>, name: &str, phase: &str) -> Result<()> {
    let func = instance
        .get_func(&*store, name)
        .with_context(|| format!("bug: the export `{name}` of {phase} is missing"))?;
    func.call(&mut *store, &[], &mut [])
        .map_err(|e| match e.i32_exit_status() {
            Some(code) => anyhow!("{phase} called `proc_exit` with exit code {code}"),
            None => anyhow!("{e}").context(format!("{phase} trapped")),
        })
}

/// An instance of an instrumented module living in a wasmi store: the
/// [`InstanceState`] to hand to [`crate::Instrumented::snapshot`] when the
/// embedder runs the module itself.
pub struct WasmiInstance<'a, T> {
    instance: Instance,
    store: &'a Store<T>,
}

impl<'a, T> WasmiInstance<'a, T> {
    pub fn new(store: &'a Store<T>, instance: Instance) -> Self {
        WasmiInstance { instance, store }
    }
}

impl<T> InstanceState for WasmiInstance<'_, T> {
    fn global(&self, name: &str) -> Result<Value> {
        let global = self
            .instance
            .get_global(self.store, name)
            .with_context(|| format!("the instance has no exported global `{name}`"))?;
        Ok(match global.get(self.store) {
            Val::I32(v) => Value::I32(v),
            Val::I64(v) => Value::I64(v),
            Val::F32(v) => Value::F32(v.to_bits()),
            Val::F64(v) => Value::F64(v.to_bits()),
            Val::V128(v) => Value::V128(v.as_u128()),
            Val::FuncRef(_) | Val::ExternRef(_) => {
                bail!("unsupported global `{name}` of reference type")
            }
        })
    }

    fn memory(&self, name: &str) -> Result<&[u8]> {
        let memory = match self.instance.get_export(self.store, name) {
            Some(Extern::Memory(memory)) => memory,
            _ => bail!("the instance has no exported memory `{name}`"),
        };
        Ok(memory.data(self.store))
    }
}
