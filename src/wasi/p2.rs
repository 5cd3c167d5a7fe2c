//! WASI 0.2 during a component's init, at the core ABI: the host function
//! for a `canon lower`ed WASI 0.2 import (or a resource drop) that a core
//! module calls.
//!
//! Every function is carried out by the preview1 shim's own functions on
//! the same [`WasiCtx`], run on a scratch buffer (`Scratch`) in place of
//! guest memory: one sandbox (preopens, `..` and symlink checks), one
//! deterministic clock and random source, one activity record for the
//! report. What is WASI 0.2's own is here: resource handles (one table, as
//! a component instance has, numbered from 1), the canonical ABI's
//! lowering into guest memory through `cabi_realloc` (`abi`), and the
//! functions' signatures, checked against the importing module's when it
//! is instantiated.
//!
//! Interfaces are matched by package and name, not version (`@0.2.0`,
//! `@0.2.6` and the adapter's `@0.2.12` are one interface). Sockets, HTTP
//! and anything not implemented stay stubs that fail naming the function.

mod abi;
mod funcs;

use super::shim::WasiCtx;
pub use abi::Cx;
use anyhow::{Result, bail};
use wasmi::{Caller, Func, FuncType, Memory, Store, Val, ValType};

/// A resource the guest holds a handle to.
#[derive(Debug, Clone)]
pub enum Resource {
    /// A descriptor: the preview1 fd it is.
    Descriptor(u32),
    /// A stream reading file `fd` from `offset`, or stdin.
    Input {
        fd: u32,
        offset: u64,
    },
    Stdin,
    /// A stream writing to stdout or stderr (fd 1 or 2), or to file `fd`
    /// at `offset` (at its end, with `None`).
    Output {
        fd: u32,
        offset: Option<u64>,
    },
    /// An `error`, with its debug string.
    Error(String),
    Pollable,
    /// A directory listing: (name, preview1 filetype), the next to give.
    Entries(Vec<(String, u8)>, usize),
}

impl Resource {
    /// The WASI 0.2 resource type, for warnings.
    fn kind(&self) -> &'static str {
        match self {
            Resource::Descriptor(_) => "wasi:filesystem/types.descriptor",
            Resource::Input { .. } | Resource::Stdin => "wasi:io/streams.input-stream",
            Resource::Output { .. } => "wasi:io/streams.output-stream",
            Resource::Error(_) => "wasi:io/error.error",
            Resource::Pollable => "wasi:io/poll.pollable",
            Resource::Entries(..) => "wasi:filesystem/types.directory-entry-stream",
        }
    }
}

/// The WASI 0.2 state of one initialization: the handle table, and the
/// functions called.
#[derive(Debug, Default)]
pub struct Tables {
    handles: Vec<Option<Resource>>,
    /// Each function called, once, in the order of the first call.
    pub called: Vec<String>,
}

impl Tables {
    fn insert(&mut self, resource: Resource) -> u32 {
        self.handles.push(Some(resource));
        self.handles.len() as u32
    }

    fn get(&self, handle: u32) -> Option<&Resource> {
        self.handles
            .get((handle as usize).wrapping_sub(1))?
            .as_ref()
    }

    fn get_mut(&mut self, handle: u32) -> Option<&mut Resource> {
        self.handles
            .get_mut((handle as usize).wrapping_sub(1))?
            .as_mut()
    }

    fn remove(&mut self, handle: u32) -> Option<Resource> {
        self.handles
            .get_mut((handle as usize).wrapping_sub(1))?
            .take()
    }

    /// The handles still open, counted by resource type.
    pub fn live(&self) -> Vec<(&'static str, usize)> {
        let mut live: Vec<(&'static str, usize)> = Vec::new();
        for resource in self.handles.iter().flatten() {
            match live.iter_mut().find(|(k, _)| *k == resource.kind()) {
                Some((_, n)) => *n += 1,
                None => live.push((resource.kind(), 1)),
            }
        }
        live
    }
}

/// A WASI 0.2 function: its core signature and its body.
pub struct Spec<T> {
    params: &'static [ValType],
    results: &'static [ValType],
    run: funcs::Body<T>,
}

/// `wasi:io/streams@0.2.6#[method]output-stream.write` ->
/// `wasi:io/streams#[method]output-stream.write`.
fn unversioned(name: &str) -> Option<String> {
    let (interface, func) = name.split_once('#')?;
    let interface = interface.split('@').next()?;
    Some(format!("{interface}#{func}"))
}

/// Whether `name` (as a component names its import) is a WASI 0.2
/// function this host implements.
pub fn implements(name: &str) -> bool {
    unversioned(name).is_some_and(|n| funcs::find::<()>(&n).is_some())
}

/// The host function for the WASI 0.2 function `name`, of core type `ty`
/// (refused if it is not the type the canonical ABI gives it), lowering
/// through `memory` and `realloc` when its `canon lower` names them.
pub fn host_func<T: 'static>(
    store: &mut Store<T>,
    name: &str,
    ty: &FuncType,
    memory: Option<Memory>,
    realloc: Option<Func>,
    ctx: fn(&mut T) -> &mut WasiCtx,
) -> Result<Func> {
    let key = unversioned(name).unwrap_or_default();
    let Some(spec) = funcs::find::<T>(&key) else {
        bail!("bug: `{name}` is not a WASI 0.2 function wizer-lite implements");
    };
    if ty.params() != spec.params || ty.results() != spec.results {
        bail!(
            "`{name}` is imported with the core type {ty:?}, not the one the canonical ABI \
             gives it ({:?} -> {:?})",
            spec.params,
            spec.results
        );
    }
    let run = spec.run;
    Ok(Func::new(
        store,
        ty.clone(),
        move |caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
            let mut cx = Cx::new(caller, ctx, memory, realloc);
            let tables = &mut cx.wasi().p2;
            if !tables.called.contains(&key) {
                tables.called.push(key.clone());
            }
            run(&mut cx, params, results)
        },
    ))
}
