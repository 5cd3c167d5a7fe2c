//! The replay's side of the backtrace: whether the replay (init run once
//! more by `initialize`, on modules with shadow stacks, fed the logged
//! answers: see [`crate::initialize::Replay`]) stopped where init did, and
//! the shadow stacks it left, read through the engine-free
//! [`InstanceState`] seam.

use super::shadow::{SLOT, Shadowed};
use crate::initialize::{Failure, Stop};
use crate::instrument::PrivateNames;
use crate::parse::ModuleInfo;
use crate::snapshot::{GlobalValue, InstanceState, Value};
use std::fmt;

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

/// Whether the replay of `failure` ended as init did: `ended` is the
/// replay's outcome (an error, or the failure it stopped with, if any).
pub fn stopped_as(
    failure: &Failure,
    ended: anyhow::Result<Option<anyhow::Error>>,
) -> Result<(), Unavailable> {
    let stopped = ended.map_err(|e| Unavailable(format!("{e:#}")))?;
    let Some(stopped) = stopped else {
        return unavailable(format!(
            "the replay of {} ended without failing",
            failure.phase
        ));
    };
    let stopped = match stopped.downcast::<Failure>() {
        Ok(stopped) => stopped,
        Err(e) => return unavailable(format!("the replay failed otherwise: {e:#}")),
    };
    if let Some(why) = stopped.diverged {
        return unavailable(why);
    }
    if stopped.call < failure.call {
        return unavailable(format!(
            "the replay of {} failed: {}",
            stopped.phase, stopped.message
        ));
    }
    if stopped.call > failure.call {
        return unavailable(format!(
            "the replay of {} ended without failing",
            failure.phase
        ));
    }
    check_same_stop(&failure.stop, &stopped.stop)
}

/// The shadow stack of `instance` (of `shadowed`, made from `info`'s
/// module), and its memories' sizes.
pub fn read(
    instance: &impl InstanceState,
    shadowed: &Shadowed,
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
) -> Result<Replayed, Unavailable> {
    let bug =
        |e: anyhow::Error| Unavailable(format!("bug: the shadow stack cannot be read: {e:#}"));
    let top = match instance.global(&shadowed.sp_export).map_err(bug)? {
        GlobalValue::Num(Value::I32(top)) => top as u32,
        _ => return unavailable("bug: the shadow stack pointer is not an i32"),
    };
    let bytes = instance.memory(&shadowed.stack_export).map_err(bug)?;
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
            instance.memory(&name).map_or(0, |m| m.len() as u64)
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
