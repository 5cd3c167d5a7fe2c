//! WASI preview1 (the `wasi` cargo feature): linking, and the functions,
//! one file per family, over the host's state ([`super::host`]).

// Each function takes the parameters its preview1 signature gives.
#![allow(clippy::too_many_arguments)]

pub(super) mod env;
pub(super) mod fd;
pub(super) mod path;

use anyhow::Result;
use wasmi::{Caller, Extern, Linker};

pub use super::host::WasiCtx;
pub use super::{LoggedCall, Opened};

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

pub use super::guest::{Errno, Fail, Mem, WasiResult};

/// Functions without effects outside the instance: they may run before the
/// module's function bodies have validated (see `validate::Verdict`).
/// Everything else (writes, opens, reads of stdin or files, sleeps) waits.
const NO_OUTSIDE_EFFECTS: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "clock_res_get",
    "clock_time_get",
    "random_get",
    "sched_yield",
    "fd_fdstat_get",
    "fd_prestat_get",
    "fd_prestat_dir_name",
];

/// Runs `f` with the WASI context (`ctx` of the store's data) and the
/// guest's memory 0 (exported as `memory`, or under the context's
/// `memory_export`), and turns its result into the errno the guest sees, or
/// a trap for `proc_exit`. When `gated`, it first waits for the context's
/// gate, and traps if the module is invalid (the validation error is what
/// the user sees).
fn with_ctx<T>(
    caller: &mut Caller<'_, T>,
    ctx: impl Fn(&mut T) -> &mut WasiCtx,
    name: &'static str,
    gated: bool,
    f: impl FnOnce(&mut WasiCtx, &mut Mem<'_>) -> WasiResult,
) -> std::result::Result<i32, wasmi::Error> {
    let wasi = ctx(caller.data_mut());
    if gated && wasi.gate.as_ref().is_some_and(|v| !v.wait()) {
        return Err(wasmi::Error::new(
            "initialization was stopped: the module is not valid",
        ));
    }
    let private = wasi.memory_export.clone();
    let memory = std::iter::once("memory")
        .chain(private.as_deref())
        .find_map(|name| match caller.get_export(name) {
            Some(Extern::Memory(m)) => Some(m),
            _ => None,
        });
    let mut empty = [];
    let (bytes, state) = match memory {
        Some(m) => m.data_and_store_mut(&mut *caller),
        None => (&mut empty[..], caller.data_mut()),
    };
    let mut mem = Mem::new(bytes);
    if ctx(state).log.is_some() {
        mem = mem.logged();
    }
    let result = match f(ctx(state), &mut mem) {
        Ok(()) => Ok(0),
        Err(Fail::Errno(e)) => Ok(e.0 as i32),
        Err(Fail::Exit(code)) => Err(code),
    };
    if let Some(log) = &mut ctx(state).log {
        log.record(LoggedCall {
            name,
            result,
            writes: mem.writes(),
        });
    }
    result.map_err(wasmi::Error::i32_exit)
}

/// Defines `$name` in the linker: wasm parameters `$arg: $ty` (i32 or i64,
/// reinterpreted as unsigned), returning the errno of `$imp`.
macro_rules! link {
    ($linker:expr, $ctx:expr, $name:literal, $imp:path, ($($arg:ident: $ty:ty),*)) => {
        $linker
            .func_wrap(
                MODULE,
                $name,
                {
                    // Decided once, when linking, not on every call.
                    let gated = !NO_OUTSIDE_EFFECTS.contains(&$name);
                    move |mut caller: Caller<'_, T>, $($arg: $ty),*| {
                        with_ctx(&mut caller, $ctx, $name, gated, |ctx, mem| $imp(ctx, mem, $($arg as _),*))
                    }
                },
            )
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    };
}

/// Links every preview1 function; each finds its context in the store's
/// data through `ctx`, as wasmtime-wasi's `add_to_linker` does:
///
/// ```text
/// add_to_linker(&mut linker, |state: &mut MyState| &mut state.wasi)?;
/// ```
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    ctx: impl Fn(&mut T) -> &mut WasiCtx + Copy + Send + Sync + 'static,
) -> Result<()> {
    link!(linker, ctx, "args_get", env::args_get, (argv: i32, buf: i32));
    link!(linker, ctx, "args_sizes_get", env::args_sizes_get, (argc: i32, size: i32));
    link!(linker, ctx, "environ_get", env::environ_get, (environ: i32, buf: i32));
    link!(linker, ctx, "environ_sizes_get", env::environ_sizes_get, (count: i32, size: i32));
    link!(linker, ctx, "clock_res_get", env::clock_res_get, (id: i32, out: i32));
    link!(linker, ctx, "clock_time_get", env::clock_time_get, (id: i32, precision: i64, out: i32));
    link!(linker, ctx, "random_get", env::random_get, (buf: i32, len: i32));
    link!(linker, ctx, "poll_oneoff", env::poll_oneoff, (input: i32, output: i32, n: i32, nevents: i32));
    link!(linker, ctx, "sched_yield", env::sched_yield, ());
    link!(linker, ctx, "proc_raise", env::proc_raise, (signal: i32));
    link!(linker, ctx, "sock_accept", env::sock_accept, (fd: i32, flags: i32, out: i32));
    link!(linker, ctx, "sock_recv", env::sock_recv, (fd: i32, ri: i32, ri_len: i32, flags: i32, out_len: i32, out_flags: i32));
    link!(linker, ctx, "sock_send", env::sock_send, (fd: i32, si: i32, si_len: i32, flags: i32, out_len: i32));
    link!(linker, ctx, "sock_shutdown", env::sock_shutdown, (fd: i32, how: i32));
    linker
        .func_wrap(
            MODULE,
            "proc_exit",
            move |mut caller: Caller<'_, T>, code: i32| {
                with_ctx(&mut caller, ctx, "proc_exit", false, |_, _| {
                    Err(Fail::Exit(code))
                })
                .map(|_| ())
            },
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    link!(linker, ctx, "fd_advise", fd::fd_advise, (fd: i32, offset: i64, len: i64, advice: i32));
    link!(linker, ctx, "fd_allocate", fd::fd_allocate, (fd: i32, offset: i64, len: i64));
    link!(linker, ctx, "fd_close", fd::fd_close, (fd: i32));
    link!(linker, ctx, "fd_datasync", fd::fd_datasync, (fd: i32));
    link!(linker, ctx, "fd_fdstat_get", fd::fd_fdstat_get, (fd: i32, out: i32));
    link!(linker, ctx, "fd_fdstat_set_flags", fd::fd_fdstat_set_flags, (fd: i32, flags: i32));
    link!(linker, ctx, "fd_fdstat_set_rights", fd::fd_fdstat_set_rights, (fd: i32, base: i64, inheriting: i64));
    link!(linker, ctx, "fd_filestat_get", fd::fd_filestat_get, (fd: i32, out: i32));
    link!(linker, ctx, "fd_filestat_set_size", fd::fd_filestat_set_size, (fd: i32, size: i64));
    link!(linker, ctx, "fd_filestat_set_times", fd::fd_filestat_set_times, (fd: i32, atim: i64, mtim: i64, flags: i32));
    link!(linker, ctx, "fd_pread", fd::fd_pread, (fd: i32, iovs: i32, iovs_len: i32, offset: i64, out: i32));
    link!(linker, ctx, "fd_prestat_get", fd::fd_prestat_get, (fd: i32, out: i32));
    link!(linker, ctx, "fd_prestat_dir_name", fd::fd_prestat_dir_name, (fd: i32, buf: i32, len: i32));
    link!(linker, ctx, "fd_pwrite", fd::fd_pwrite, (fd: i32, iovs: i32, iovs_len: i32, offset: i64, out: i32));
    link!(linker, ctx, "fd_read", fd::fd_read, (fd: i32, iovs: i32, iovs_len: i32, out: i32));
    link!(linker, ctx, "fd_readdir", fd::fd_readdir, (fd: i32, buf: i32, len: i32, cookie: i64, out: i32));
    link!(linker, ctx, "fd_renumber", fd::fd_renumber, (fd: i32, to: i32));
    link!(linker, ctx, "fd_seek", fd::fd_seek, (fd: i32, offset: i64, whence: i32, out: i32));
    link!(linker, ctx, "fd_sync", fd::fd_sync, (fd: i32));
    link!(linker, ctx, "fd_tell", fd::fd_tell, (fd: i32, out: i32));
    link!(linker, ctx, "fd_write", fd::fd_write, (fd: i32, iovs: i32, iovs_len: i32, out: i32));

    link!(linker, ctx, "path_create_directory", path::path_create_directory, (fd: i32, p: i32, p_len: i32));
    link!(linker, ctx, "path_filestat_get", path::path_filestat_get, (fd: i32, flags: i32, p: i32, p_len: i32, out: i32));
    link!(linker, ctx, "path_filestat_set_times", path::path_filestat_set_times, (fd: i32, flags: i32, p: i32, p_len: i32, atim: i64, mtim: i64, fst: i32));
    link!(linker, ctx, "path_link", path::path_link, (old_fd: i32, flags: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32));
    link!(linker, ctx, "path_open", path::path_open, (fd: i32, dirflags: i32, p: i32, p_len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, out: i32));
    link!(linker, ctx, "path_readlink", path::path_readlink, (fd: i32, p: i32, p_len: i32, buf: i32, buf_len: i32, out: i32));
    link!(linker, ctx, "path_remove_directory", path::path_remove_directory, (fd: i32, p: i32, p_len: i32));
    link!(linker, ctx, "path_rename", path::path_rename, (fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32));
    link!(linker, ctx, "path_symlink", path::path_symlink, (old: i32, old_len: i32, fd: i32, new: i32, new_len: i32));
    link!(linker, ctx, "path_unlink_file", path::path_unlink_file, (fd: i32, p: i32, p_len: i32));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::threads::Verdict;
    use crate::wasi::WasiConfig;
    use std::sync::Arc;
    use wasmi::{Engine, Module, Store};

    /// An embedder's own store data: the shim reaches its context only
    /// through the accessor given at link time.
    struct Host {
        wasi: WasiCtx,
        calls: u32,
    }

    const GUEST: &str = r#"(module
        (import "wasi_snapshot_preview1" "environ_sizes_get"
            (func $environ_sizes_get (param i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "fd_write"
            (func $fd_write (param i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (data (i32.const 100) "hello")
        (func (export "env") (result i32 i32 i32)
            (call $environ_sizes_get (i32.const 0) (i32.const 4))
            (i32.load (i32.const 0))
            (i32.load (i32.const 4)))
        (func (export "write") (result i32 i32)
            ;; one iovec at 16: (100, 5)
            (i32.store (i32.const 16) (i32.const 100))
            (i32.store (i32.const 20) (i32.const 5))
            (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))
            (i32.load (i32.const 24))))"#;

    fn guest(config: &WasiConfig, gate: Option<Arc<Verdict>>) -> (Store<Host>, wasmi::Instance) {
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(GUEST).unwrap()).unwrap();
        let wasi = WasiCtx::new(config).unwrap().gated_by(gate);
        let mut store = Store::new(&engine, Host { wasi, calls: 0 });
        let mut linker = Linker::new(&engine);
        add_to_linker(&mut linker, |host: &mut Host| {
            host.calls += 1;
            &mut host.wasi
        })
        .unwrap();
        let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
        (store, instance)
    }

    #[test]
    fn the_shim_runs_in_any_store_through_its_accessor() {
        let config = WasiConfig {
            envs: vec![("A".into(), "1".into()), ("BB".into(), "22".into())],
            ..WasiConfig::default()
        };
        let (mut store, instance) = guest(&config, None);
        let env = instance
            .get_typed_func::<(), (i32, i32, i32)>(&store, "env")
            .unwrap();
        // Two variables, "A=1\0BB=22\0" is 10 bytes.
        assert_eq!(env.call(&mut store, ()).unwrap(), (0, 2, 10));
        let write = instance
            .get_typed_func::<(), (i32, i32)>(&store, "write")
            .unwrap();
        assert_eq!(write.call(&mut store, ()).unwrap(), (0, 5));
        assert_eq!(store.data().wasi.final_activity().stdout_bytes, 5);
        assert!(store.data().calls >= 2, "the accessor was not used");
    }

    #[test]
    fn calls_reaching_outside_wait_for_the_gate() {
        let invalid = Arc::new(Verdict::default());
        invalid.settle(false);
        let (mut store, instance) = guest(&WasiConfig::default(), Some(invalid));
        // The environment has no effect outside: it runs.
        let env = instance
            .get_typed_func::<(), (i32, i32, i32)>(&store, "env")
            .unwrap();
        assert_eq!(env.call(&mut store, ()).unwrap(), (0, 0, 0));
        // A write does not, once the module is known to be invalid.
        let write = instance
            .get_typed_func::<(), (i32, i32)>(&store, "write")
            .unwrap();
        let err = write.call(&mut store, ()).unwrap_err();
        assert!(err.to_string().contains("the module is not valid"), "{err}");
        assert_eq!(store.data().wasi.final_activity().stdout_bytes, 0);
    }
}
