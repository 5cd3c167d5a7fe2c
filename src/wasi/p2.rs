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

use super::Lowering;
use super::host::WasiCtx;
use super::{LoggedP2Call, P2End};
pub use abi::Cx;
use anyhow::{Result, bail};
use wasmi::{Caller, Func, FuncType, Linker, Module, Store, Val, ValType};

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

/// What a WASI 0.2 host function works on, from the store's data (its
/// accessor is given at link time, as `fn(&mut T) -> Host<'_>`): the
/// preview1 context it shares (environment, clocks, random, preopens,
/// stdio) and WASI 0.2's own handle table, which sits beside it.
pub struct Host<'a> {
    pub wasi: &'a mut WasiCtx,
    pub tables: &'a mut Tables,
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

/// Defines, for each WASI 0.2 import of the core module `module` that this
/// host implements, its host function, lowering through the calling
/// instance's own memory (`memory`, or `memory_export`) and `cabi_realloc`.
/// The others are left to the stubs, which say so when called.
pub fn add_to_linker_core<T: 'static>(
    linker: &mut Linker<T>,
    store: &mut Store<T>,
    module: &Module,
    memory_export: &str,
    ctx: fn(&mut T) -> Host<'_>,
) -> Result<()> {
    for import in module.imports() {
        let wasmi::ExternType::Func(ty) = import.ty() else {
            continue;
        };
        let Some(what) = super::p2_import(import.module(), import.name()) else {
            continue;
        };
        if !implements(&what) {
            continue;
        }
        let lowering = Lowering::Caller {
            memory_export: memory_export.to_string(),
        };
        let func = host_func(store, &what, ty, lowering, ctx)?;
        linker
            .define(import.module(), import.name(), func)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    Ok(())
}

/// Whether `name` (as a component names its import) is a WASI 0.2
/// function this host implements.
pub fn implements(name: &str) -> bool {
    unversioned(name).is_some_and(|n| funcs::find::<()>(&n).is_some())
}

/// The host function for the WASI 0.2 function `name`, of core type `ty`
/// (refused if it is not the type the canonical ABI gives it), lowering
/// through the memory and `realloc` of `lowering`.
pub fn host_func<T: 'static>(
    store: &mut Store<T>,
    name: &str,
    ty: &FuncType,
    lowering: Lowering,
    ctx: fn(&mut T) -> Host<'_>,
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
    let name = name.to_string();
    Ok(Func::new(
        store,
        ty.clone(),
        move |caller: Caller<'_, T>, params: &[Val], results: &mut [Val]| {
            let (memory, realloc) = lowering.resolve(&caller);
            let mut cx = Cx::new(caller, ctx, memory, realloc).named(&name);
            if cx.wasi().log().is_some() {
                cx = cx.logged();
            }
            let tables = cx.tables();
            if !tables.called.contains(&key) {
                tables.called.push(key.clone());
            }
            let outcome = run(&mut cx, params, results);
            if let Some(effects) = cx.effects() {
                let end = match &outcome {
                    Ok(()) => Ok(results.to_vec()),
                    Err(e) => Err(match e.i32_exit_status() {
                        Some(code) => P2End::Exit(code),
                        None => P2End::Trap(e.to_string()),
                    }),
                };
                if let Some(log) = cx.wasi().log() {
                    log.record_p2(LoggedP2Call {
                        what: name.clone(),
                        effects,
                        outcome: end,
                    });
                }
            }
            outcome
        },
    ))
}

#[cfg(test)]
mod tests {
    //! The layouts of the functions the Rust fixtures (tests/components/)
    //! do not reach, called from a core module as a component's lowered
    //! imports would be: results through a return pointer at 1024, lists
    //! and strings through a bump `realloc` from 4096.
    use super::*;
    use crate::wasi::WasiConfig;
    use wasmi::{Engine, Extern, Instance, Linker, Module};

    const GUEST: &str = r#"(module
        (memory (export "memory") 1)
        (global $next (mut i32) (i32.const 4096))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32)
            (local $at i32)
            (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                (i32.sub (i32.const 0) (local.get 2))))
            (global.set $next (i32.add (local.get $at) (local.get 3)))
            (local.get $at))
        (data (i32.const 200) "app.toml")
        (data (i32.const 300) "missing"))"#;

    struct State {
        wasi: WasiCtx,
        tables: Tables,
    }

    /// The accessor the host functions are linked with.
    fn host(state: &mut State) -> Host<'_> {
        Host {
            wasi: &mut state.wasi,
            tables: &mut state.tables,
        }
    }

    /// The guest, with the WASI context of `/config` preopened read-only.
    fn guest() -> (Store<State>, Instance) {
        let config =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/components/config");
        guest_with(config, false)
    }

    fn guest_with(preopen: std::path::PathBuf, writable: bool) -> (Store<State>, Instance) {
        let config = WasiConfig {
            preopens: vec![("/config".into(), preopen, writable)],
            deterministic: Some(7),
            ..WasiConfig::default()
        };
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(GUEST).unwrap()).unwrap();
        let mut store = Store::new(
            &engine,
            State {
                wasi: WasiCtx::new(&config).unwrap(),
                tables: Tables::default(),
            },
        );
        let instance = Linker::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .unwrap();
        (store, instance)
    }

    fn call(
        store: &mut Store<State>,
        instance: Instance,
        name: &str,
        params: &[Val],
        results: usize,
    ) -> Vec<Val> {
        let spec = funcs::find::<State>(&unversioned(name).unwrap()).expect(name);
        let ty = FuncType::new(spec.params.to_vec(), spec.results.to_vec());
        let memory = match instance.get_export(&*store, "memory") {
            Some(Extern::Memory(m)) => m,
            _ => unreachable!(),
        };
        let realloc = instance.get_func(&*store, "realloc").unwrap();
        let lowering = Lowering::Given {
            memory: Some(memory),
            realloc: Some(realloc),
        };
        let func = host_func(store, name, &ty, lowering, host).unwrap();
        let mut out = vec![Val::I32(0); results];
        func.call(&mut *store, params, &mut out).unwrap();
        out
    }

    fn bytes(store: &Store<State>, instance: Instance, at: u32, len: u32) -> Vec<u8> {
        let memory = match instance.get_export(store, "memory") {
            Some(Extern::Memory(m)) => m,
            _ => unreachable!(),
        };
        memory.data(store)[at as usize..(at + len) as usize].to_vec()
    }

    fn u32_at(store: &Store<State>, instance: Instance, at: u32) -> u32 {
        u32::from_le_bytes(bytes(store, instance, at, 4).try_into().unwrap())
    }

    const RET: i32 = 1024;
    const TYPES: &str = "wasi:filesystem/types@0.2.0#[method]descriptor.";

    /// The preopen's descriptor handle, from `get-directories`.
    fn preopen(store: &mut Store<State>, instance: Instance) -> i32 {
        call(
            store,
            instance,
            "wasi:filesystem/preopens@0.2.6#get-directories",
            &[Val::I32(RET)],
            0,
        );
        assert_eq!(u32_at(store, instance, RET as u32 + 4), 1, "one preopen");
        let list = u32_at(store, instance, RET as u32);
        let name = (
            u32_at(store, instance, list + 4),
            u32_at(store, instance, list + 8),
        );
        assert_eq!(bytes(store, instance, name.0, name.1), b"/config");
        u32_at(store, instance, list) as i32
    }

    #[test]
    fn descriptor_layouts() {
        let (mut store, instance) = guest();
        let dir = preopen(&mut store, instance);
        // get-type: ok (0), directory (3) at 1.
        call(
            &mut store,
            instance,
            &format!("{TYPES}get-type"),
            &[Val::I32(dir), Val::I32(RET)],
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 2), [0, 3]);
        // get-flags of a read-only preopen: read only.
        call(
            &mut store,
            instance,
            &format!("{TYPES}get-flags"),
            &[Val::I32(dir), Val::I32(RET)],
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 2), [0, 1]);
        // stat-at of app.toml: ok, regular file (6) at 8, size at 24.
        let size = std::fs::metadata(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/components/config/app.toml"),
        )
        .unwrap()
        .len();
        let stat_at = [
            Val::I32(dir),
            Val::I32(0),
            Val::I32(200),
            Val::I32(8),
            Val::I32(RET),
        ];
        call(
            &mut store,
            instance,
            &format!("{TYPES}stat-at"),
            &stat_at,
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0]);
        assert_eq!(bytes(&store, instance, RET as u32 + 8, 1), [6]);
        assert_eq!(
            bytes(&store, instance, RET as u32 + 24, 8),
            size.to_le_bytes()
        );
        // stat-at of a missing file: error, no-entry (20) at 8.
        let missing = [
            Val::I32(dir),
            Val::I32(0),
            Val::I32(300),
            Val::I32(7),
            Val::I32(RET),
        ];
        call(
            &mut store,
            instance,
            &format!("{TYPES}stat-at"),
            &missing,
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 1), [1]);
        assert_eq!(bytes(&store, instance, RET as u32 + 8, 1), [20]);
        // open-at app.toml for reading; read 5 bytes at offset 2.
        let open = [
            Val::I32(dir),
            Val::I32(0),
            Val::I32(200),
            Val::I32(8),
            Val::I32(0),
            Val::I32(1),
            Val::I32(RET),
        ];
        call(&mut store, instance, &format!("{TYPES}open-at"), &open, 0);
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0]);
        let file = u32_at(&store, instance, RET as u32 + 4) as i32;
        let read = [Val::I32(file), Val::I64(5), Val::I64(2), Val::I32(RET)];
        call(&mut store, instance, &format!("{TYPES}read"), &read, 0);
        let (ptr, len) = (
            u32_at(&store, instance, 1028),
            u32_at(&store, instance, 1032),
        );
        assert_eq!(bytes(&store, instance, ptr, len), b"eetin");
        assert_eq!(bytes(&store, instance, 1036, 1), [0], "not at the end");
        // Opening for writing in a read-only preopen: read-only (33), as
        // the WIT says, the payload at 4.
        let write = [
            Val::I32(dir),
            Val::I32(0),
            Val::I32(200),
            Val::I32(8),
            Val::I32(0),
            Val::I32(2),
            Val::I32(RET),
        ];
        call(&mut store, instance, &format!("{TYPES}open-at"), &write, 0);
        assert_eq!(bytes(&store, instance, RET as u32, 1), [1]);
        assert_eq!(bytes(&store, instance, RET as u32 + 4, 1), [33]);
        // A stream over the file: skip 2, then read to the end, then closed.
        call(
            &mut store,
            instance,
            &format!("{TYPES}read-via-stream"),
            &[Val::I32(file), Val::I64(0), Val::I32(RET)],
            0,
        );
        let stream = u32_at(&store, instance, RET as u32 + 4) as i32;
        let streams = "wasi:io/streams@0.2.0#[method]input-stream.";
        call(
            &mut store,
            instance,
            &format!("{streams}skip"),
            &[Val::I32(stream), Val::I64(2), Val::I32(RET)],
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0]);
        assert_eq!(
            bytes(&store, instance, RET as u32 + 8, 8),
            2u64.to_le_bytes()
        );
        call(
            &mut store,
            instance,
            &format!("{streams}read"),
            &[Val::I32(stream), Val::I64(1000), Val::I32(RET)],
            0,
        );
        let len = u32_at(&store, instance, RET as u32 + 8) as u64;
        assert_eq!(len, size - 2);
        call(
            &mut store,
            instance,
            &format!("{streams}read"),
            &[Val::I32(stream), Val::I64(1000), Val::I32(RET)],
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 1), [1], "an error");
        assert_eq!(bytes(&store, instance, RET as u32 + 4, 1), [1], "closed");
        // Handles are counted until dropped.
        assert_eq!(
            store.data().tables.live(),
            [
                ("wasi:filesystem/types.descriptor", 2),
                ("wasi:io/streams.input-stream", 1)
            ]
        );
        for handle in [stream, file] {
            call(
                &mut store,
                instance,
                "wasi:io/streams@0.2.0#[resource-drop]input-stream",
                &[Val::I32(handle)],
                0,
            );
        }
        assert_eq!(
            store.data().tables.live(),
            [("wasi:filesystem/types.descriptor", 1)]
        );
    }

    #[test]
    fn descriptor_write_at_an_offset() {
        let dir = std::env::temp_dir().join(format!("wizer-lite-p2-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("app.toml"), "0123456789").unwrap();
        let (mut store, instance) = guest_with(dir.clone(), true);
        let root = preopen(&mut store, instance);
        // open-at app.toml with read and write (flags 3).
        let open = [
            Val::I32(root),
            Val::I32(0),
            Val::I32(200),
            Val::I32(8),
            Val::I32(0),
            Val::I32(3),
            Val::I32(RET),
        ];
        call(&mut store, instance, &format!("{TYPES}open-at"), &open, 0);
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0]);
        let file = u32_at(&store, instance, RET as u32 + 4) as i32;
        // write "missing" (at 300) at offset 2: 7 bytes written, at 8.
        let write = [
            Val::I32(file),
            Val::I32(300),
            Val::I32(7),
            Val::I64(2),
            Val::I32(RET),
        ];
        call(&mut store, instance, &format!("{TYPES}write"), &write, 0);
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0]);
        assert_eq!(
            bytes(&store, instance, RET as u32 + 8, 8),
            7u64.to_le_bytes()
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("app.toml")).unwrap(),
            "01missing9"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn random_clocks_poll_and_errors() {
        let (mut store, instance) = guest();
        // 3 random bytes, counted in the activity record.
        call(
            &mut store,
            instance,
            "wasi:random/random@0.2.0#get-random-bytes",
            &[Val::I64(3), Val::I32(RET)],
            0,
        );
        assert_eq!(u32_at(&store, instance, RET as u32 + 4), 3);
        assert_eq!(store.data().wasi.activity.random_bytes, 3);
        // The deterministic wall clock: 2000-01-01, seconds then nanoseconds.
        call(
            &mut store,
            instance,
            "wasi:clocks/wall-clock@0.2.0#now",
            &[Val::I32(RET)],
            0,
        );
        assert_eq!(
            bytes(&store, instance, RET as u32, 8),
            946_684_800u64.to_le_bytes()
        );
        // poll: every pollable is ready, so every index comes back.
        call(
            &mut store,
            instance,
            "wasi:io/poll@0.2.0#poll",
            &[Val::I32(0), Val::I32(3), Val::I32(RET)],
            0,
        );
        let list = u32_at(&store, instance, RET as u32);
        assert_eq!(u32_at(&store, instance, RET as u32 + 4), 3);
        assert_eq!(
            bytes(&store, instance, list, 12),
            [0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]
        );
        // An error resource's debug string, and no filesystem code.
        let error = store
            .data_mut()
            .tables
            .insert(Resource::Error("broken".into())) as i32;
        call(
            &mut store,
            instance,
            "wasi:io/error@0.2.0#[method]error.to-debug-string",
            &[Val::I32(error), Val::I32(RET)],
            0,
        );
        let (ptr, len) = (
            u32_at(&store, instance, 1024),
            u32_at(&store, instance, 1028),
        );
        assert_eq!(bytes(&store, instance, ptr, len), b"broken");
        call(
            &mut store,
            instance,
            "wasi:filesystem/types@0.2.0#filesystem-error-code",
            &[Val::I32(error), Val::I32(RET)],
            0,
        );
        assert_eq!(bytes(&store, instance, RET as u32, 1), [0], "none");
    }

    #[test]
    fn a_core_type_that_breaks_the_abi_is_refused() {
        let (mut store, _) = guest();
        let ty = FuncType::new([ValType::I32], [ValType::I32]);
        let err = host_func(
            &mut store,
            "wasi:cli/stdout@0.2.6#get-stdout",
            &ty,
            Lowering::Given {
                memory: None,
                realloc: None,
            },
            host,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .contains("not the one the canonical ABI gives it"),
            "{err}"
        );
        assert!(implements("wasi:cli/stdout@0.2.12#get-stdout"));
        assert!(!implements(
            "wasi:sockets/tcp@0.2.0#[method]tcp-socket.connect"
        ));
    }
}
