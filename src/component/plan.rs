//! Component plan stage: [`ComponentInfo`] -> [`Prepared`]: each core
//! module parsed, scanned and instrumented by the core stages, its role
//! decided (snapshotted, passed through, or the preview1 adapter), the
//! init function found, and the engine's wiring; or a refusal that says
//! why.
//!
//! What is snapshotted: every instantiated module init could have left
//! state in: one that defines a memory or a mutable global, has a start
//! function, has active data segments (they wrote into a memory init may
//! have changed since, so they must not run again), has code that drops a
//! passive data segment, or reaches a table that is captured (see
//! `shared`: its active element segments must not run again either).
//! Everything else (wit-component's shim and fixup) passes through byte
//! for byte and is instantiated again at run time exactly as before.
//! The preview1 adapter passes through too: its callers' preview1 imports
//! run on wizer-lite's shim during init, so its code never runs and its
//! state is its initial state.

use super::parse::{ComponentInfo, CoreInstance, CoreItem, FuncShape};
use super::shared::Sharing;
use crate::initialize::component::{ComponentPlan, Made, ModuleToRun, Source, Step};
use crate::instrument::{self, Instrumented};
use crate::parse::ModuleInfo;
use crate::support::{self, CodeFacts};
use crate::wasmi_fix::Guarded;
use anyhow::{Context, Result, bail};
use std::collections::{BTreeSet, HashMap};
use wasmparser::{ComponentExternalKind, ExternalKind};

/// The import module of WASI preview1.
const PREVIEW1: &str = "wasi_snapshot_preview1";

/// What happens to a core module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Its state is captured and the module rewritten.
    Snapshot,
    /// Copied as it is, for this reason.
    PassThrough(&'static str),
}

impl Role {
    /// The role as the report says it, for a module instantiated as core
    /// instance `instance`, if at all.
    pub fn describe(&self, instance: Option<u32>) -> String {
        match (self, instance) {
            (Role::Snapshot, Some(_)) => "snapshot".to_string(),
            (Role::Snapshot, None) => "pass-through: never instantiated".to_string(),
            (Role::PassThrough(why), _) => format!("pass-through: {why}"),
        }
    }
}

/// A core module, ready for the engine and the snapshot.
pub struct PreparedModule<'a> {
    pub info: ModuleInfo<'a>,
    /// The core instance that instantiates it, if any.
    pub instance: Option<u32>,
    pub role: Role,
    pub instrumented: Instrumented,
    /// Its `wasi_snapshot_preview1` imports go to the shim.
    pub preview1: bool,
}

/// A core function: core instance and export name.
pub type CoreFunc = (u32, String);

/// The init export to remove: the component function index it defines,
/// and its position among the exports.
pub type Removed = (u32, usize);

/// The plan for a component.
pub struct Prepared<'a> {
    pub modules: Vec<PreparedModule<'a>>,
    /// What the core instances share, and which tables are captured.
    pub sharing: Sharing,
    pub steps: Vec<Step>,
    /// The init function: core instance and export name (none when a
    /// snapshot is verified).
    pub init: Option<CoreFunc>,
    /// The init export, when it is removed.
    pub removed: Option<Removed>,
}

impl<'a> Prepared<'a> {
    /// Plans the snapshot of the component `bytes` (read into `info`),
    /// whose init function is the export `init_func`.
    pub fn new(
        bytes: &'a [u8],
        info: &ComponentInfo,
        init_func: Option<&str>,
        keep_init_func: bool,
    ) -> Result<Self> {
        let (init, removed) = match init_func {
            Some(name) => {
                let (init, removed) = find_init(info, name, keep_init_func)?;
                (Some(init), removed)
            }
            None => (None, None),
        };
        let instances = instances_of_modules(info)?;
        let parsed = (0..info.modules.len())
            .map(|i| {
                ModuleInfo::parse(info.module_bytes(bytes, i))
                    .with_context(|| format!("failed to read {}", info.module_label(i)))
            })
            .collect::<Result<Vec<_>>>()?;
        let adapters = adapters(&parsed);
        let mut facts = parsed
            .iter()
            .map(|m| Ok(support::facts(&scan(m)?)))
            .collect::<Result<Vec<_>>>()?;
        // The adapter's code never runs during init (its callers run on
        // the shim), so it changes no table.
        let runs: Vec<CodeFacts> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| match adapters.contains(&i) {
                true => CodeFacts::default(),
                false => f.clone(),
            })
            .collect();
        let captures_own: Vec<bool> = (0..parsed.len())
            .map(|i| !adapters.contains(&i) && instrument::captures_tables(&parsed[i], &runs[i]))
            .collect();
        let sharing = Sharing::new(info, &parsed, &instances, &runs, &captures_own)?;
        let mut modules = Vec::new();
        for (i, (instance, module_info)) in instances.iter().zip(parsed).enumerate() {
            let facts = &mut facts[i];
            // A module that reaches a captured table reads its tables and
            // functions, and is snapshotted (see `shared`).
            facts.mutates_tables |= sharing.reads_tables(i);
            let adapter = adapters.contains(&i);
            if adapter {
                sharing.check_pass_through(i, &module_info)?;
            }
            let role = role(&module_info, facts, adapter);
            let instrumented =
                instrument::instrument(&module_info, facts, instrument::Start::Export)?;
            let preview1 = module_info.imports.iter().any(|imp| imp.module == PREVIEW1);
            modules.push(PreparedModule {
                info: module_info,
                instance: *instance,
                role,
                instrumented,
                preview1,
            });
        }
        Ok(Prepared {
            modules,
            sharing,
            steps: steps(info),
            init,
            removed,
        })
    }

    /// What the engine runs: every core instance in order, then the init
    /// function (none when a snapshot is verified: `init` is only its
    /// export name, for messages), with WASI when given.
    pub fn plan<'w>(
        &self,
        features: wasmparser::WasmFeatures,
        init: &str,
        wasi: Option<&'w crate::wasi::WasiConfig>,
        limits: crate::initialize::Limits,
    ) -> ComponentPlan<'w> {
        ComponentPlan {
            features: self.features(features),
            modules: self.to_run(),
            steps: self.steps.clone(),
            init: self
                .init
                .clone()
                .map(|(instance, name)| (init.to_string(), instance, name)),
            wasi,
            memory_export: self.memory_export(),
            limits,
            replay: None,
        }
    }

    /// The modules as the engine runs them, guarded; the names of their
    /// instrumented state stay here.
    pub fn to_run(&self) -> Vec<ModuleToRun> {
        self.modules
            .iter()
            .map(|m| ModuleToRun {
                wasm: Guarded::new(m.instrumented.wasm.clone()),
                start_export: m.info.start.map(|_| m.instrumented.names.start()),
                preview1: m.preview1,
            })
            .collect()
    }

    /// The features the instrumented modules need beyond the input's.
    pub fn features(&self, input: wasmparser::WasmFeatures) -> wasmparser::WasmFeatures {
        self.modules
            .iter()
            .fold(input, |f, m| m.instrumented.reads.features(f))
    }

    /// The private export through which the WASI shim reads memory: the
    /// first preview1 module's memory 0, if it defines one.
    pub fn memory_export(&self) -> String {
        self.modules
            .iter()
            .find(|m| m.preview1 && !m.info.memories.is_empty())
            .map(|m| m.instrumented.names.memory(m.info.memory_index(0)))
            .unwrap_or_default()
    }
}

/// The init function's core instance and export, and the export to
/// remove.
fn find_init(info: &ComponentInfo, name: &str, keep: bool) -> Result<(CoreFunc, Option<Removed>)> {
    let Some((position, export)) = info
        .exports
        .iter()
        .enumerate()
        .find(|(_, e)| e.name == name)
    else {
        let funcs: Vec<_> = info
            .exports
            .iter()
            .filter(|e| e.kind == ComponentExternalKind::Func)
            .map(|e| format!("`{}`", e.name))
            .collect();
        bail!(
            "the component does not export `{name}` (its exported functions: {}); name the \
             init function with `--init-func`",
            if funcs.is_empty() {
                "none".to_string()
            } else {
                funcs.join(", ")
            }
        );
    };
    let Some(func) = export.defines_func else {
        bail!("the component's export `{name}` is not a function");
    };
    let Some((core_func, shape)) = info.lifted(func) else {
        bail!(
            "the component's export `{name}` is not a function the component defines (`canon \
             lift`): it re-exports a function from elsewhere, so there is no init code to run"
        );
    };
    match shape {
        Some(FuncShape {
            params: 0,
            result: false,
            is_async: false,
        }) => {}
        Some(FuncShape {
            params,
            result,
            is_async,
        }) => {
            let mut has = Vec::new();
            match params {
                0 => {}
                1 => has.push("1 parameter".to_string()),
                n => has.push(format!("{n} parameters")),
            }
            if result {
                has.push("a result".to_string());
            }
            if is_async {
                has.push("`async`".to_string());
            }
            bail!(
                "the init function `{name}` must be a `func()` with no parameters and no \
                 results, but it has {}",
                has.join(" and ")
            )
        }
        None => bail!("the init function `{name}` must be a `func()`, but its type is not known"),
    }
    let init = match info.core_funcs.get(core_func as usize) {
        Some(CoreItem::Export { instance, name }) => (*instance, name.clone()),
        _ => bail!("the init function `{name}` does not lift a core module's function"),
    };
    Ok((init, (!keep).then_some((func, position))))
}

/// The core instance of each module; a refusal if one is instantiated
/// twice.
fn instances_of_modules(info: &ComponentInfo) -> Result<Vec<Option<u32>>> {
    let mut of = vec![None; info.modules.len()];
    for (i, instance) in info.instances.iter().enumerate() {
        if let CoreInstance::Module { module, .. } = instance {
            if let Some(first) = of[*module] {
                bail!(
                    "{} is instantiated twice (core instances {first} and {i}): a snapshot \
                     holds one state per module, and both instances would start from it",
                    info.module_label(*module)
                );
            }
            of[*module] = Some(i as u32);
        }
    }
    Ok(of)
}

/// The preview1 adapters: modules that export a function another module
/// imports from `wasi_snapshot_preview1`, and import none themselves.
fn adapters(parsed: &[ModuleInfo<'_>]) -> BTreeSet<usize> {
    let wanted: BTreeSet<&str> = parsed
        .iter()
        .flat_map(|m| &m.imports)
        .filter(|i| i.module == PREVIEW1)
        .map(|i| i.name)
        .collect();
    parsed
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            !m.imports.iter().any(|i| i.module == PREVIEW1)
                && m.exports
                    .iter()
                    .any(|e| e.kind == ExternalKind::Func && wanted.contains(e.name))
        })
        .map(|(i, _)| i)
        .collect()
}

/// What the bodies of `info` do.
fn scan(info: &ModuleInfo<'_>) -> Result<Vec<support::BodyFacts>> {
    let tables = info.imported_tables + info.tables.len() as u32;
    info.bodies
        .iter()
        .map(|body| support::scan_body(body, tables).map_err(Into::into))
        .collect()
}

/// Whether a module is snapshotted.
fn role(module: &ModuleInfo<'_>, facts: &CodeFacts, adapter: bool) -> Role {
    if adapter {
        return Role::PassThrough(
            "the preview1 adapter: its callers ran on wizer-lite's shim during init, and it \
             sets itself up again at run time",
        );
    }
    let stateful = !module.memories.is_empty()
        || module.globals.iter().any(|g| g.ty.mutable)
        || module.start.is_some()
        || module.data.iter().any(|d| !d.passive)
        || !facts.dropped_data.is_empty()
        || facts.mutates_tables;
    if stateful {
        Role::Snapshot
    } else {
        Role::PassThrough("no state: no memory, no mutable global, nothing init could change")
    }
}

/// The engine's wiring of the core instances.
fn steps(info: &ComponentInfo) -> Vec<Step> {
    let source = |kind: ExternalKind, index: u32| {
        let items = match kind {
            ExternalKind::Func | ExternalKind::FuncExact => &info.core_funcs,
            ExternalKind::Table => &info.core_tables,
            ExternalKind::Memory => &info.core_memories,
            ExternalKind::Global => &info.core_globals,
            ExternalKind::Tag => &info.core_tags,
        };
        match items.get(index as usize) {
            Some(CoreItem::Export { instance, name }) => Source::Export {
                instance: *instance,
                name: name.clone(),
            },
            Some(CoreItem::Canon(canon)) => {
                let export = |item: Option<&CoreItem>| match item {
                    Some(CoreItem::Export { instance, name }) => Some((*instance, name.clone())),
                    _ => None,
                };
                Source::Made(Made {
                    index,
                    what: canon.what.clone(),
                    memory: canon
                        .memory
                        .and_then(|m| export(info.core_memories.get(m as usize))),
                    realloc: canon
                        .realloc
                        .and_then(|f| export(info.core_funcs.get(f as usize))),
                    utf8: canon.utf8,
                })
            }
            None => Source::Made(Made {
                index,
                what: format!("core item {index}"),
                memory: None,
                realloc: None,
                utf8: true,
            }),
        }
    };
    info.instances
        .iter()
        .map(|instance| match instance {
            CoreInstance::Module { module, args } => Step::Module {
                module: *module,
                args: args.iter().cloned().collect::<HashMap<_, _>>(),
            },
            CoreInstance::Bundle(exports) => Step::Bundle(
                exports
                    .iter()
                    .map(|(name, kind, index)| (name.clone(), source(*kind, *index)))
                    .collect(),
            ),
        })
        .collect()
}
