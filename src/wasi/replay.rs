//! Answers from the log: host functions for a failure's replay
//! (`backtrace`) that hand back what init's WASI calls answered and do to
//! the guest what they did, without touching the host: no file is opened,
//! nothing is printed, no clock, random source or environment is read.
//!
//! A replayed call that finds another call next in the log, or none, fails
//! with [`Diverged`]: the replay is not faithful from there.

use super::{CallLog, Effect, LoggedCall, LoggedP2Call, P2End};
use std::collections::VecDeque;
use std::fmt;
use wasmi::{AsContextMut, Caller, Extern, Func, FuncType, Linker, Module, Val};

/// The answers still to hand back, each kind in the order init got them.
#[derive(Debug, Clone, Default)]
pub struct Answers {
    pub preview1: VecDeque<LoggedCall>,
    pub p2: VecDeque<LoggedP2Call>,
}

impl Answers {
    pub fn of(log: &CallLog) -> Self {
        Answers {
            preview1: log.calls.iter().cloned().collect(),
            p2: log.p2.iter().cloned().collect(),
        }
    }
}

/// The error of a replayed host call that finds another call logged.
#[derive(Debug)]
pub struct Diverged(pub String);

impl fmt::Display for Diverged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl wasmi::errors::HostError for Diverged {}

fn diverged(why: String) -> wasmi::Error {
    wasmi::Error::host(Diverged(why))
}

/// The next logged call, which must be one of `name` (`kind` names the
/// interface in the error).
fn next<C>(
    queue: &mut VecDeque<C>,
    kind: &str,
    name: &str,
    name_of: impl Fn(&C) -> &str,
) -> Result<C, wasmi::Error> {
    match queue.pop_front() {
        Some(call) if name_of(&call) == name => Ok(call),
        Some(call) => Err(diverged(format!(
            "the replay called {kind} `{name}` where init called `{}`",
            name_of(&call)
        ))),
        None => Err(diverged(format!(
            "the replay called {kind} `{name}` after the last call init made"
        ))),
    }
}

/// Defines, for every preview1 import of `module`, a function that hands
/// back the next logged answer, its memory writes made through the export
/// `memory` or `memory_export`.
pub fn define_preview1<T: 'static>(
    linker: &mut Linker<T>,
    module: &Module,
    memory_export: &str,
    answers: fn(&mut T) -> &mut Answers,
) -> Result<(), wasmi::errors::LinkerError> {
    for import in module.imports() {
        let wasmi::ExternType::Func(ty) = import.ty() else {
            continue;
        };
        if import.module() != super::MODULE {
            continue;
        }
        let name = import.name().to_string();
        let memory_export = memory_export.to_string();
        linker.func_new(
            import.module(),
            import.name(),
            ty.clone(),
            move |mut caller, _params, results| {
                let queue = &mut answers(caller.data_mut()).preview1;
                let call = next(queue, "WASI", &name, |c| c.name)?;
                let memory = ["memory", memory_export.as_str()]
                    .into_iter()
                    .find_map(|n| caller.get_export(n).and_then(Extern::into_memory));
                if let Some(memory) = memory {
                    for (at, bytes) in &call.writes {
                        memory
                            .write(&mut caller, *at as usize, bytes)
                            .map_err(|_| {
                                diverged(format!(
                                    "the replay of WASI `{name}` writes out of bounds"
                                ))
                            })?;
                    }
                }
                match call.result {
                    Ok(errno) => {
                        if let Some(result) = results.first_mut() {
                            *result = Val::I32(errno);
                        }
                        Ok(())
                    }
                    Err(code) => Err(wasmi::Error::i32_exit(code)),
                }
            },
        )?;
    }
    Ok(())
}

/// Defines, for each WASI 0.2 import of the core module `module`, a
/// function that hands back the next logged answer (see [`p2_func`]),
/// lowering through the calling instance's own exports.
pub fn define_p2_core<T: 'static>(
    linker: &mut Linker<T>,
    mut store: impl AsContextMut<Data = T>,
    module: &Module,
    memory_export: &str,
    answers: fn(&mut T) -> &mut Answers,
) -> Result<(), wasmi::errors::LinkerError> {
    for import in module.imports() {
        let wasmi::ExternType::Func(ty) = import.ty() else {
            continue;
        };
        let Some(what) = super::p2_import(import.module(), import.name()) else {
            continue;
        };
        if !super::p2::implements(&what) {
            continue;
        }
        let lowering = super::Lowering::Caller {
            memory_export: memory_export.to_string(),
        };
        let func = p2_func(&mut store, &what, ty, lowering, answers);
        linker.define(import.module(), import.name(), func)?;
    }
    Ok(())
}

/// The WASI 0.2 function `what` (of core type `ty`, lowering through
/// `lowering`'s memory and `realloc`) handing back the next logged answer: it
/// calls `realloc` as init's call did (the guest's allocator runs again),
/// writes what it wrote, and returns what it returned.
pub fn p2_func<T: 'static>(
    store: impl AsContextMut<Data = T>,
    what: &str,
    ty: &FuncType,
    lowering: super::Lowering,
    answers: fn(&mut T) -> &mut Answers,
) -> Func {
    let what = what.to_string();
    Func::new(
        store,
        ty.clone(),
        move |mut caller: Caller<'_, T>, _params: &[Val], results: &mut [Val]| {
            let (memory, realloc) = lowering.resolve(&caller);
            let queue = &mut answers(caller.data_mut()).p2;
            let call = next(queue, "WASI 0.2", &what, |c| &c.what)?;
            for effect in &call.effects {
                match effect {
                    Effect::Alloc { align, size, ptr } => {
                        let realloc = realloc
                            .ok_or_else(|| diverged(format!("`{what}` has no `realloc`")))?;
                        let args = [0, 0, *align as i32, *size as i32].map(Val::I32);
                        let mut got = [Val::I32(0)];
                        // A trap in `realloc` is the failure, as it was.
                        realloc.call(&mut caller, &args, &mut got)?;
                        match (ptr, &got[0]) {
                            (Some(ptr), Val::I32(got)) if *got as u32 == *ptr => {}
                            _ => {
                                return Err(diverged(format!(
                                    "`realloc` gave the replay of `{what}` another pointer"
                                )));
                            }
                        }
                    }
                    Effect::Write { at, bytes } => {
                        let written = memory.map(|m| m.write(&mut caller, *at as usize, bytes));
                        if !matches!(written, Some(Ok(()))) {
                            return Err(diverged(format!(
                                "the replay of `{what}` cannot write where init's call did"
                            )));
                        }
                    }
                }
            }
            match &call.outcome {
                Ok(values) => {
                    for (result, value) in results.iter_mut().zip(values) {
                        *result = value.clone();
                    }
                    Ok(())
                }
                Err(P2End::Exit(code)) => Err(wasmi::Error::i32_exit(*code)),
                Err(P2End::Trap(message)) => Err(wasmi::Error::new(message.clone())),
            }
        },
    )
}
