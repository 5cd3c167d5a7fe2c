//! The replay: init run once more, on the module with the shadow stack,
//! from the start, with every host answer taken from the log of the run
//! that failed. Nothing reaches the host: no file is opened, nothing is
//! printed, no clock, random source or environment is read. wasmi is built
//! `deterministic`, so the same code fed the same answers reaches the same
//! stop; when it does not, the replay says why, and no trace is shown.
//!
//! The answers replayed: each WASI call's errno (or `proc_exit`) and the
//! bytes it left in memory (`wasi::CallLog`), and each memory and table
//! growth decision (`initialize::Growth`: the machine's free memory may
//! have changed since). Imports nothing provided trap as they did.

use super::shadow::{SLOT, Shadowed};
use crate::initialize::{Failure, Growth, Phase, Stop};
use crate::instrument::PrivateNames;
use crate::parse::ModuleInfo;
use crate::wasi::replay::{Answers, Diverged, define_preview1};
use crate::wasmi_fix::Guarded;
use std::collections::VecDeque;
use std::fmt;
use wasmi::{Engine, Linker, Module, ResourceLimiter, Store, Val};
use wasmparser::WasmFeatures;

/// What the replay needs beyond the failure.
pub struct Plan<'a> {
    pub info: &'a ModuleInfo<'a>,
    pub names: &'a PrivateNames,
    pub features: WasmFeatures,
    pub preloads: &'a [(String, Guarded)],
    /// The phases that ran, the failed one last.
    pub phases: Vec<Phase>,
    /// The export of the start function, if any.
    pub start_export: String,
}

/// One frame's slot of the shadow stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub func: u32,
    /// The input offset of the instruction it was at.
    pub position: u32,
    /// The last address it accessed in memory.
    pub address: u64,
}

/// Where the replay stopped.
pub struct Replayed {
    /// Outermost first.
    pub slots: Vec<Slot>,
    /// Each defined memory's size in bytes when it stopped.
    pub memory_bytes: Vec<u64>,
}

/// Why there is no trace.
#[derive(Debug)]
pub struct Unavailable(pub String);

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn unavailable<T>(why: impl Into<String>) -> Result<T, Unavailable> {
    Err(Unavailable(why.into()))
}

/// The replay's store data.
struct State {
    answers: Answers,
    limiter: Limiter,
}

/// Runs `shadowed` as init ran, up to where `failure` stopped it.
pub fn replay(
    plan: &Plan<'_>,
    shadowed: &Shadowed,
    failure: &Failure,
    frames: usize,
) -> Result<Replayed, Unavailable> {
    let log = match failure.wasi.as_ref().map(|w| &w.log) {
        Some(Some(log)) if log.overflowed => {
            return unavailable(format!(
                "init's WASI calls left more than {} MiB in memory, more than the replay log \
                 keeps",
                crate::wasi::CallLog::MAX_BYTES >> 20
            ));
        }
        Some(Some(log)) => Some(Answers::of(log)),
        _ => None,
    };
    let metered = failure.fuel_used.is_some();
    let mut config = crate::initialize::config(
        plan.features | WasmFeatures::MULTI_MEMORY,
        metered,
        Some(frames),
    );
    // Its frames have a few more locals than the original's.
    config.set_max_stack_height(2 * crate::initialize::MAX_STACK_HEIGHT);
    let engine = Engine::new(&config);
    let guarded = Guarded::new(shadowed.wasm.clone());
    let module = Module::new(&engine, guarded.bytes()).map_err(|e| {
        Unavailable(format!(
            "the module with a shadow stack does not compile: {e}"
        ))
    })?;
    let (memory_growth, table_growth) = failure.growth.iter().partition(|g| !g.table);
    let state = State {
        answers: log.clone().unwrap_or_default(),
        limiter: Limiter {
            memories: memory_growth,
            tables: table_growth,
            shadow_bytes: shadowed.stack_bytes,
            shadow_made: false,
            diverged: false,
        },
    };
    let mut store = Store::new(&engine, state);
    store.limiter(|state| &mut state.limiter);

    let mut linker = Linker::<State>::new(&engine);
    linker.allow_shadowing(true);
    let engine_error = |e: anyhow::Error| Unavailable(format!("{e:#}"));
    crate::initialize::define_stubs(&mut linker, &module).map_err(engine_error)?;
    let mut preloads = Vec::new();
    for (name, wasm) in plan.preloads {
        let preload = Module::new(&engine, wasm.bytes())
            .map_err(|e| Unavailable(format!("the preload `{name}` does not compile: {e}")))?;
        crate::initialize::define_stubs(&mut linker, &preload).map_err(engine_error)?;
        preloads.push((name, preload));
    }
    if log.is_some() {
        let memory_export = plan.names.memory(plan.info.imported_memories);
        for module in preloads.iter().map(|(_, m)| m).chain([&module]) {
            define_preview1(&mut linker, module, &memory_export, |s: &mut State| {
                &mut s.answers
            })
            .map_err(|e| Unavailable(e.to_string()))?;
        }
    }
    for (name, preload) in &preloads {
        let instance = linker
            .instantiate_and_start(&mut store, preload)
            .map_err(|e| Unavailable(format!("the preload `{name}` does not instantiate: {e}")))?;
        linker
            .instance(&mut store, name, instance)
            .map_err(|e| Unavailable(e.to_string()))?;
    }
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| Unavailable(format!("the module does not instantiate: {e}")))?;
    let sp = instance
        .get_global(&store, &shadowed.sp_export)
        .ok_or_else(|| Unavailable("bug: the shadow stack pointer is not exported".into()))?;

    let Some((failed, before)) = plan.phases.split_last() else {
        return unavailable("bug: no phase failed");
    };
    for phase in before.iter().chain([failed]) {
        let is_failed = phase == failed;
        if metered {
            // Phases that ended run to their end, and so does one that
            // failed otherwise; one that ran out of fuel (or time) gets the
            // fuel it used: with the shadow stack's own instructions it
            // stops a little earlier, never later.
            let out_of_fuel = matches!(failure.stop, Stop::OutOfFuel | Stop::Timeout);
            let fuel = match is_failed && out_of_fuel {
                true => failure.fuel_in_phase.unwrap_or(0),
                false => u64::MAX / 2,
            };
            store
                .set_fuel(fuel)
                .map_err(|e| Unavailable(e.to_string()))?;
        }
        sp.set(&mut store, Val::I32(0))
            .map_err(|e| Unavailable(e.to_string()))?;
        let func = instance
            .get_func(&store, phase.export(&plan.start_export))
            .ok_or_else(|| Unavailable(format!("bug: {phase} is not exported")))?;
        let result = func.call(&mut store, &[], &mut []);
        if store.data().limiter.diverged {
            return unavailable("the replay grew a memory or table in another way than init did");
        }
        match result {
            Ok(()) if is_failed => {
                return unavailable(format!("the replay of {phase} ended without failing"));
            }
            Ok(()) => {}
            Err(e) => {
                if let Some(diverged) = e.downcast_ref::<Diverged>() {
                    return unavailable(diverged.0.clone());
                }
                let stop = Stop::of(&e);
                if !is_failed {
                    return unavailable(format!("the replay of {phase} failed: {e}"));
                }
                check_same_stop(&failure.stop, &stop)?;
                break;
            }
        }
    }

    read(&store, &instance, shadowed, plan.info, plan.names)
}

/// The shadow stack of `instance` (of `shadowed`, made from `info`'s
/// module), and its memories' sizes.
pub fn read<T>(
    store: &Store<T>,
    instance: &wasmi::Instance,
    shadowed: &Shadowed,
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
) -> Result<Replayed, Unavailable> {
    let sp = instance
        .get_global(store, &shadowed.sp_export)
        .ok_or_else(|| Unavailable("bug: the shadow stack pointer is not exported".into()))?;
    let top = match sp.get(store) {
        Val::I32(top) => top as u32,
        _ => return unavailable("bug: the shadow stack pointer is not an i32"),
    };
    let stack = instance
        .get_memory(store, &shadowed.stack_export)
        .ok_or_else(|| Unavailable("bug: the shadow stack is not exported".into()))?;
    let bytes = stack.data(store);
    let slots = bytes
        .get(..top as usize)
        .ok_or_else(|| Unavailable("bug: the shadow stack pointer is past its memory".into()))?
        .chunks_exact(SLOT as usize)
        .map(|slot| Slot {
            func: u32::from_le_bytes(slot[0..4].try_into().expect("4 bytes")),
            position: u32::from_le_bytes(slot[4..8].try_into().expect("4 bytes")),
            address: u64::from_le_bytes(slot[8..16].try_into().expect("8 bytes")),
        })
        .collect();
    let memory_bytes = (0..info.memories.len())
        .map(|i| {
            let name = names.memory(info.memory_index(i));
            instance
                .get_memory(store, &name)
                .map_or(0, |m| m.data(store).len() as u64)
        })
        .collect();
    Ok(Replayed {
        slots,
        memory_bytes,
    })
}

/// The replay must stop as init did (out of fuel: anywhere).
pub fn check_same_stop(original: &Stop, replayed: &Stop) -> Result<(), Unavailable> {
    match (original, replayed) {
        (Stop::OutOfFuel | Stop::Timeout, Stop::OutOfFuel) => Ok(()),
        // A function a component makes that failed as a stub fails as one
        // in the replay too, its message perhaps another (WASI is not
        // linked there): the same function is the same stop.
        (Stop::Lowered { what: a, .. }, Stop::Lowered { what: b, .. }) if a == b => Ok(()),
        // Where the replay has a stub, init had a function of the embedder.
        (a, Stop::Import { module, name }) if a != replayed => unavailable(format!(
            "init called `{module}`.`{name}`, a host function added through `make_linker`, \
             whose effects cannot be replayed"
        )),
        (a, b) if a == b => Ok(()),
        (_, b) => unavailable(format!("the replay stopped otherwise: {b:?}")),
    }
}

/// Answers growth as init's limiter did.
struct Limiter {
    memories: VecDeque<Growth>,
    tables: VecDeque<Growth>,
    /// The shadow memory, made once, is not in the log.
    shadow_bytes: usize,
    shadow_made: bool,
    diverged: bool,
}

impl Limiter {
    fn answer(queue: &mut VecDeque<Growth>, current: usize, desired: usize) -> Option<bool> {
        match queue.front() {
            Some(g) if g.current == current && g.desired == desired => {
                queue.pop_front().map(|g| g.allowed)
            }
            _ => None,
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        if let Some(allowed) = Self::answer(&mut self.memories, current, desired) {
            return Ok(allowed);
        }
        if !self.shadow_made && current == 0 && desired == self.shadow_bytes {
            self.shadow_made = true;
            return Ok(true);
        }
        self.diverged = true;
        Ok(false)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        match Self::answer(&mut self.tables, current, desired) {
            Some(allowed) => Ok(allowed),
            None => {
                self.diverged = true;
                Ok(false)
            }
        }
    }

    fn instances(&self) -> usize {
        usize::MAX
    }

    fn tables(&self) -> usize {
        usize::MAX
    }

    fn memories(&self) -> usize {
        usize::MAX
    }
}
