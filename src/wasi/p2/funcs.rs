//! The WASI 0.2 functions, each carried out by the preview1 shim (see the
//! parent module): `find` maps an unversioned name to its core signature
//! and body. One file per family, as the preview1 shim is split: `cli`,
//! `random`, `clocks`, `io`, `filesystem`; the helpers they share are here.

mod cli;
mod clocks;
mod filesystem;
mod io;
mod random;

use super::super::guest::{Errno, Mem, WasiResult};
use super::super::host::WasiCtx;
use super::super::shim::{env, fd, path};
use super::abi::{Cx, Outcome, arg32, arg64, trap};
use super::{Resource, Spec};
use cli::*;
use clocks::*;
use filesystem::*;
use io::*;
use random::*;
use wasmi::{Val, ValType};

pub type Body<T> = fn(&mut Cx<'_, T>, &[Val], &mut [Val]) -> Outcome;

const I: ValType = ValType::I32;
const J: ValType = ValType::I64;

/// Where the scratch buffer holds a path, after the output area.
const PATH_AT: u32 = 256;

/// The WASI 0.2 function named `name` (`package:interface#function`).
pub fn find<T>(name: &str) -> Option<Spec<T>> {
    let (params, results, run): (&'static [ValType], &'static [ValType], Body<T>) = match name {
        "wasi:cli/environment#get-environment" => (&[I], &[], get_environment),
        "wasi:cli/environment#get-arguments" => (&[I], &[], empty_list),
        "wasi:cli/environment#initial-cwd" => (&[I], &[], none),
        "wasi:cli/exit#exit" => (&[I], &[], exit),
        "wasi:cli/stdin#get-stdin" => (&[], &[I], get_stdin),
        "wasi:cli/stdout#get-stdout" => (&[], &[I], get_stdout),
        "wasi:cli/stderr#get-stderr" => (&[], &[I], get_stderr),
        "wasi:cli/terminal-stdin#get-terminal-stdin"
        | "wasi:cli/terminal-stdout#get-terminal-stdout"
        | "wasi:cli/terminal-stderr#get-terminal-stderr" => (&[I], &[], none),
        "wasi:cli/terminal-input#[resource-drop]terminal-input"
        | "wasi:cli/terminal-output#[resource-drop]terminal-output" => (&[I], &[], drop_handle),
        "wasi:random/random#get-random-bytes"
        | "wasi:random/insecure#get-insecure-random-bytes" => (&[J, I], &[], random_bytes),
        "wasi:random/random#get-random-u64" | "wasi:random/insecure#get-insecure-random-u64" => {
            (&[], &[J], random_u64)
        }
        "wasi:random/insecure-seed#insecure-seed" => (&[I], &[], insecure_seed),
        "wasi:clocks/wall-clock#now" => (&[I], &[], wall_now),
        "wasi:clocks/wall-clock#resolution" => (&[I], &[], wall_resolution),
        "wasi:clocks/monotonic-clock#now" => (&[], &[J], monotonic_now),
        "wasi:clocks/monotonic-clock#resolution" => (&[], &[J], monotonic_resolution),
        "wasi:clocks/monotonic-clock#subscribe-duration"
        | "wasi:clocks/monotonic-clock#subscribe-instant" => (&[J], &[I], pollable),
        "wasi:io/error#[method]error.to-debug-string" => (&[I, I], &[], error_string),
        "wasi:io/poll#[method]pollable.block" => (&[I], &[], ignore),
        "wasi:io/poll#[method]pollable.ready" => (&[I], &[I], ready),
        "wasi:io/poll#poll" => (&[I, I, I], &[], poll),
        "wasi:io/streams#[method]input-stream.read"
        | "wasi:io/streams#[method]input-stream.blocking-read" => (&[I, J, I], &[], stream_read),
        "wasi:io/streams#[method]input-stream.skip"
        | "wasi:io/streams#[method]input-stream.blocking-skip" => (&[I, J, I], &[], stream_skip),
        "wasi:io/streams#[method]input-stream.subscribe"
        | "wasi:io/streams#[method]output-stream.subscribe" => (&[I], &[I], pollable),
        "wasi:io/streams#[method]output-stream.check-write" => (&[I, I], &[], check_write),
        "wasi:io/streams#[method]output-stream.write"
        | "wasi:io/streams#[method]output-stream.blocking-write-and-flush" => {
            (&[I, I, I, I], &[], stream_write)
        }
        "wasi:io/streams#[method]output-stream.flush"
        | "wasi:io/streams#[method]output-stream.blocking-flush" => (&[I, I], &[], stream_flush),
        "wasi:filesystem/preopens#get-directories" => (&[I], &[], get_directories),
        "wasi:filesystem/types#[method]descriptor.read-via-stream" => {
            (&[I, J, I], &[], read_via_stream)
        }
        "wasi:filesystem/types#[method]descriptor.write-via-stream" => {
            (&[I, J, I], &[], write_via_stream)
        }
        "wasi:filesystem/types#[method]descriptor.append-via-stream" => {
            (&[I, I], &[], append_via_stream)
        }
        "wasi:filesystem/types#[method]descriptor.get-type" => (&[I, I], &[], get_type),
        "wasi:filesystem/types#[method]descriptor.get-flags" => (&[I, I], &[], get_flags),
        "wasi:filesystem/types#[method]descriptor.stat" => (&[I, I], &[], stat),
        "wasi:filesystem/types#[method]descriptor.stat-at" => (&[I, I, I, I, I], &[], stat_at),
        "wasi:filesystem/types#[method]descriptor.metadata-hash" => (&[I, I], &[], hash),
        "wasi:filesystem/types#[method]descriptor.metadata-hash-at" => {
            (&[I, I, I, I, I], &[], hash_at)
        }
        "wasi:filesystem/types#[method]descriptor.open-at" => {
            (&[I, I, I, I, I, I, I], &[], open_at)
        }
        "wasi:filesystem/types#[method]descriptor.read" => (&[I, J, J, I], &[], file_read),
        "wasi:filesystem/types#[method]descriptor.write" => (&[I, I, I, J, I], &[], file_write),
        "wasi:filesystem/types#[method]descriptor.read-directory" => (&[I, I], &[], read_dir),
        "wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry" => {
            (&[I, I], &[], read_dir_entry)
        }
        "wasi:filesystem/types#[method]descriptor.create-directory-at" => {
            (&[I, I, I, I], &[], create_dir)
        }
        "wasi:filesystem/types#[method]descriptor.remove-directory-at" => {
            (&[I, I, I, I], &[], remove_dir)
        }
        "wasi:filesystem/types#[method]descriptor.unlink-file-at" => (&[I, I, I, I], &[], unlink),
        "wasi:filesystem/types#[method]descriptor.rename-at" => {
            (&[I, I, I, I, I, I, I], &[], rename)
        }
        "wasi:filesystem/types#[method]descriptor.symlink-at" => {
            (&[I, I, I, I, I, I], &[], symlink_at)
        }
        "wasi:filesystem/types#[method]descriptor.link-at" => {
            (&[I, I, I, I, I, I, I, I], &[], link_at)
        }
        "wasi:filesystem/types#[method]descriptor.readlink-at" => (&[I, I, I, I], &[], readlink_at),
        "wasi:filesystem/types#[method]descriptor.set-size" => (&[I, J, I], &[], set_size),
        "wasi:filesystem/types#[method]descriptor.set-times" => {
            (&[I, I, J, I, I, J, I, I], &[], set_times)
        }
        "wasi:filesystem/types#[method]descriptor.set-times-at" => {
            (&[I, I, I, I, I, J, I, I, J, I, I], &[], set_times_at)
        }
        "wasi:filesystem/types#filesystem-error-code" => (&[I, I], &[], fs_error_code),
        "wasi:filesystem/types#[method]descriptor.sync"
        | "wasi:filesystem/types#[method]descriptor.sync-data" => (&[I, I], &[], ok_unit),
        "wasi:io/error#[resource-drop]error"
        | "wasi:io/poll#[resource-drop]pollable"
        | "wasi:io/streams#[resource-drop]input-stream"
        | "wasi:io/streams#[resource-drop]output-stream"
        | "wasi:filesystem/types#[resource-drop]directory-entry-stream"
        | "wasi:filesystem/types#[resource-drop]descriptor" => (&[I], &[], drop_handle),
        _ => return None,
    };
    Some(Spec {
        params,
        results,
        run,
    })
}

/// WASI 0.2's `filesystem/types.error-code` for a preview1 errno.
fn error_code(e: Errno) -> u8 {
    match e {
        Errno::ACCES => 0,
        Errno::BADF => 3,
        Errno::EXIST => 7,
        Errno::FBIG => 8,
        Errno::INVAL | Errno::FAULT => 12,
        Errno::ISDIR => 14,
        Errno::LOOP => 15,
        Errno::NAMETOOLONG => 18,
        Errno::NOENT => 20,
        Errno::MFILE => 22,
        Errno::NOSPC => 23,
        Errno::NOTDIR => 24,
        Errno::NOTEMPTY => 25,
        Errno::NOSYS | Errno::NOTSUP => 27,
        Errno::OVERFLOW => 30,
        Errno::NOTCAPABLE => 31,
        Errno::ROFS => 33,
        Errno::SPIPE => 34,
        Errno::XDEV => 36,
        _ => 13,
    }
}

/// Writes `result<_, error-code>`'s error (disc 1, code at `at`) at `ret`.
fn fail<T>(cx: &mut Cx<'_, T>, ret: u32, at: u32, e: Errno) -> Outcome {
    cx.u8(ret, 1)?;
    cx.u8(ret + at, error_code(e))
}

/// The preview1 fd behind descriptor handle `handle`.
fn descriptor<T>(cx: &mut Cx<'_, T>, handle: u32) -> Result<u32, Errno> {
    match cx.tables().get(handle) {
        Some(Resource::Descriptor(fd)) => Ok(*fd),
        _ => Err(Errno::BADF),
    }
}

/// A guest path's bytes and length, for a preview1 path function (which
/// checks it is UTF-8).
fn path_arg<T>(cx: &mut Cx<'_, T>, ptr: u32, len: u32) -> Result<(Vec<u8>, u32), wasmi::Error> {
    let path = cx.read(ptr, len)?;
    Ok((path, len))
}

fn with_path(path: &[u8], mem: &mut Mem<'_>) -> Result<(), Errno> {
    mem.write(PATH_AT, path)
}

fn drop_handle<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let handle = arg32(p, 0);
    match cx.tables().remove(handle) {
        // A descriptor's fd closes with it (never a preopen's: those stay
        // in the preview1 table, as libc keeps them).
        Some(Resource::Descriptor(fd)) if !is_preopen(cx.wasi(), fd) => {
            let _ = cx.preview1(0, |ctx, mem| fd::fd_close(ctx, mem, fd))?;
            Ok(())
        }
        Some(_) => Ok(()),
        // Terminals are never handed out.
        None => Ok(()),
    }
}

fn is_preopen(ctx: &WasiCtx, fd: u32) -> bool {
    matches!(ctx.fds.get(&fd), Some(crate::wasi::host::Entry::Dir(d)) if d.preopen.is_some())
}
