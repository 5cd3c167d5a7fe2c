//! Failure reports for a component's init: where, across its core
//! instances.
//!
//! As for a module ([`super::locate`]), the location comes from a replay on
//! modules with a shadow stack, only once init has failed. Every core
//! module gets one, and the component's core instances are made and run
//! again in the same order by the same engine
//! ([`crate::initialize::component::run_to_end`]) with the same replay
//! option as a module's: WASI calls (preview1 and 0.2) get the answers
//! they got, growth gets the decisions it got, and nothing reaches the
//! host. Where the replay leaves the log, the report says that the
//! backtrace is unavailable, and why.
//!
//! Each instance's shadow stack holds the frames it has open. The chain
//! of calls is followed from the instance the failed phase called: the
//! innermost frame of each is at a call, of an import (resolved through
//! the component's wiring to the instance it calls) or through a table
//! (then the one instance left with open frames). The report shows the
//! chain innermost first, each frame with its core module; offsets are in
//! the component file.

use super::replay::{self, Replayed, Unavailable};
use super::{Frame, shadow, symbols};
use crate::initialize::component::{ComponentPlan, ModuleToRun, Source, Step, run_to_end};
use crate::initialize::{Failure, Phase, Replay};
use crate::instrument::{Instrumented, PrivateNames};
use crate::parse::ModuleInfo;
use crate::wasmi_fix::Guarded;
use std::collections::HashMap;
use wasmparser::{BinaryReader, Operator, OperatorsReader, TypeRef};

/// One of the component's core modules, as init ran it.
pub struct ComponentModule<'a> {
    /// The module as it is in the input.
    pub info: &'a ModuleInfo<'a>,
    /// The module init ran (instrumented) and its private names.
    pub wasm: &'a [u8],
    pub names: &'a PrivateNames,
    /// Where the module starts in the component file.
    pub offset: u64,
    /// The core instance that instantiates it.
    pub instance: Option<u32>,
}

/// What explaining a component's failure needs from the run.
pub struct ComponentContext<'a> {
    pub modules: Vec<ComponentModule<'a>>,
    pub plan: &'a ComponentPlan<'a>,
}

impl<'a> ComponentContext<'a> {
    /// The context of a run of `plan`: each core module as it is in the
    /// input (`info`), as init ran it (`instrumented`), where it starts
    /// in the component file, and the core instance that instantiates it.
    pub fn new(
        plan: &'a ComponentPlan<'a>,
        modules: impl IntoIterator<Item = (&'a ModuleInfo<'a>, &'a Instrumented, u64, Option<u32>)>,
    ) -> Self {
        ComponentContext {
            modules: modules
                .into_iter()
                .map(|(info, instrumented, offset, instance)| ComponentModule {
                    info,
                    wasm: &instrumented.wasm,
                    names: &instrumented.names,
                    offset,
                    instance,
                })
                .collect(),
            plan,
        }
    }
}

/// The failure report for `error`, if it is a failed init (or start
/// function) of the component; other errors come back as they are.
pub fn explain(error: anyhow::Error, cx: &ComponentContext<'_>) -> anyhow::Error {
    let failure = match error.downcast::<Failure>() {
        Ok(failure) => failure,
        Err(error) => return error,
    };
    let located = match locate(&failure, cx) {
        Ok(located) => located,
        Err(why) => {
            // The cause without a trace: the module is unknown, so no
            // names.
            let Some(first) = cx.modules.first() else {
                return anyhow::Error::new(failure);
            };
            return anyhow::Error::new(super::report(&failure, first.info, Err(why), Vec::new()));
        }
    };
    let mut chain = located.chain.into_iter();
    let (module, slots) = chain.next().expect("an instance that failed");
    // The callers' frames, in other modules, below the failing one's.
    let mut callers = Vec::new();
    for (caller, slots) in chain {
        let m = &cx.modules[caller];
        let mut frames = super::frames(&symbols::Symbols::of(m.info.bytes), &slots);
        in_component(&mut frames, caller, m.offset);
        callers.extend(frames);
    }
    let innermost = &cx.modules[module];
    let own = slots.len();
    let replayed = Replayed {
        slots,
        memory_bytes: located.memory_bytes,
    };
    let mut report = super::report(&failure, innermost.info, Ok(replayed), callers);
    // The failing module's frames were read with offsets in the module.
    in_component(&mut report.frames[..own], module, innermost.offset);
    anyhow::Error::new(report)
}

/// Marks `frames` as module `module`'s, their offsets counted from the
/// start of the component.
fn in_component(frames: &mut [Frame], module: usize, offset: u64) {
    for frame in frames {
        frame.module = u32::try_from(module).ok();
        frame.offset += offset;
    }
}

/// Where the replay stopped: the instances with open frames, innermost
/// first, each with its module and its slots (outermost first); the
/// innermost's memories' sizes.
struct Located {
    chain: Vec<(usize, Vec<replay::Slot>)>,
    memory_bytes: Vec<u64>,
}

fn locate(failure: &Failure, cx: &ComponentContext<'_>) -> Result<Located, Unavailable> {
    let unavailable = |why: String| Err(Unavailable(why));
    let frames = failure.limits.call_depth();
    // A module without code (wit-component's fixup) runs as it is.
    let shadowed = cx
        .modules
        .iter()
        .map(|m| match m.info.bodies.is_empty() {
            true => Ok(None),
            false => shadow::shadow(m.info, m.wasm, m.names, frames).map(Some),
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(|e| Unavailable(format!("{e:#}")))?;
    let modules = cx
        .plan
        .modules
        .iter()
        .zip(&cx.modules)
        .zip(&shadowed)
        .map(|((to_run, m), s)| ModuleToRun {
            wasm: Guarded::new(
                s.as_ref()
                    .map_or_else(|| m.wasm.to_vec(), |s| s.wasm.clone()),
            ),
            start_export: to_run.start_export.clone(),
            preview1: to_run.preview1,
        })
        .collect();
    let shadows = shadowed.iter().flatten().collect::<Vec<_>>();
    let stack_bytes = shadows.first().map_or(0, |s| s.stack_bytes);
    let replay = Replay::of(failure, stack_bytes, shadows.len()).map_err(Unavailable)?;
    let plan = cx.plan.replaying(modules, &replay);
    let (ended, ()) = crate::threads::deep_beside(
        replay.max_call_depth(),
        |room| run_to_end(&plan, room),
        || (),
    );
    let (live, stopped) = ended.map_err(|e| Unavailable(format!("{e:#}")))?;
    replay::stopped_as(failure, Ok(stopped))?;
    let views = live.views();

    // The instances with open frames, by core instance.
    let mut open = HashMap::new();
    for (i, (m, s)) in cx.modules.iter().zip(&shadowed).enumerate() {
        let (Some(instance), Some(s)) = (m.instance, s) else {
            continue;
        };
        let Some(Some(made)) = views.get(instance as usize) else {
            continue;
        };
        let read = replay::read(made, s, m.info, m.names)?;
        if !read.slots.is_empty() {
            open.insert(instance, (i, read));
        }
    }
    // The chain of calls, from the instance the failed phase called: each
    // next one is the instance its innermost frame calls.
    let steps = &cx.plan.steps;
    let root = match (&failure.phase, &cx.plan.init) {
        (Phase::Init(_), Some((_, instance, name))) => module_instance(steps, *instance, name),
        // A start function: of the last instance made.
        _ => open.keys().max().copied(),
    };
    let Some(mut at) = root.filter(|root| open.contains_key(root)) else {
        return unavailable("the replay has no open frame where the failed phase began".into());
    };
    let mut chain = vec![at];
    loop {
        let (module, read) = &open[&at];
        let top = read.slots.last().expect("open frames");
        let next = match call_at(cx.modules[*module].info, u64::from(top.position)) {
            Call::Import(import) => {
                callee(steps, at, cx.modules[*module].info, import).filter(|i| open.contains_key(i))
            }
            Call::Indirect => {
                let mut others = open.keys().filter(|i| !chain.contains(i));
                match (others.next(), others.next()) {
                    (next, None) => next.copied(),
                    _ => {
                        return unavailable(
                            "the failure is under indirect calls across core instances, whose \
                             order the replay cannot tell"
                                .into(),
                        );
                    }
                }
            }
            Call::None => None,
        };
        match next {
            Some(next) if !chain.contains(&next) => {
                chain.push(next);
                at = next;
            }
            _ => break,
        }
    }
    if chain.len() != open.len() {
        return unavailable(
            "core instances outside the chain of calls have open frames in the replay".into(),
        );
    }
    let mut chain: Vec<_> = chain
        .iter()
        .rev()
        .map(|i| open.remove(i).expect("open"))
        .collect();
    let memory_bytes = std::mem::take(&mut chain[0].1.memory_bytes);
    Ok(Located {
        chain: chain.into_iter().map(|(m, read)| (m, read.slots)).collect(),
        memory_bytes,
    })
}

/// The core instance of a module that export `name` of core instance
/// `instance` comes from, through bundles; none for a function the
/// component model makes.
fn module_instance(steps: &[Step], instance: u32, name: &str) -> Option<u32> {
    match steps.get(instance as usize)? {
        Step::Module { .. } => Some(instance),
        Step::Bundle(bundle) => match bundle.get(name)? {
            Source::Export { instance, name } => module_instance(steps, *instance, name),
            Source::Made(_) => None,
        },
    }
}

/// The module instance that function import `import` of core instance
/// `instance` (of module `info`) comes from.
fn callee(steps: &[Step], instance: u32, info: &ModuleInfo<'_>, import: u32) -> Option<u32> {
    let Step::Module { args, .. } = steps.get(instance as usize)? else {
        return None;
    };
    let import = info
        .imports
        .iter()
        .filter(|i| matches!(i.ty, TypeRef::Func(_)))
        .nth(import as usize)?;
    module_instance(steps, *args.get(import.module)?, import.name)
}

/// What the instruction at an offset of a module calls.
enum Call {
    /// Function import N.
    Import(u32),
    /// Through a table or a reference: anything.
    Indirect,
    /// Nothing outside the instance.
    None,
}

fn call_at(info: &ModuleInfo<'_>, offset: u64) -> Call {
    let Some(bytes) = usize::try_from(offset)
        .ok()
        .and_then(|at| info.bytes.get(at..))
    else {
        return Call::None;
    };
    let mut reader = OperatorsReader::new(BinaryReader::new(bytes, 0));
    match reader.read() {
        Ok(Operator::Call { function_index } | Operator::ReturnCall { function_index })
            if function_index < info.imported_funcs =>
        {
            Call::Import(function_index)
        }
        Ok(
            Operator::CallIndirect { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::CallRef { .. }
            | Operator::ReturnCallRef { .. },
        ) => Call::Indirect,
        _ => Call::None,
    }
}
