//! The WASI 0.2 functions, each carried out by the preview1 shim (see the
//! parent module): `find` maps an unversioned name to its core signature
//! and body.

use super::super::shim::{Errno, Mem, WasiCtx, env, fd, path};
use super::abi::{Cx, Outcome, arg32, arg64, trap};
use super::{Resource, Spec};
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

fn get_environment<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    // Through environ_sizes_get/environ_get, so the report counts it.
    let sizes = cx.preview1(8, |ctx, mem| env::environ_sizes_get(ctx, mem, 0, 4))?;
    let sizes = sizes.map_err(|_| trap("environ_sizes_get failed"))?;
    let count = u32::from_le_bytes(sizes[0..4].try_into().expect("4 bytes"));
    let size = u32::from_le_bytes(sizes[4..8].try_into().expect("4 bytes"));
    let table = count * 4;
    let strings = cx.preview1((table + size) as usize, |ctx, mem| {
        env::environ_get(ctx, mem, 0, table)
    })?;
    let strings = strings.map_err(|_| trap("environ_get failed"))?;
    let pairs: Vec<(String, String)> = strings[table as usize..]
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = String::from_utf8_lossy(s);
            match s.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (s.to_string(), String::new()),
            }
        })
        .collect();
    let (list, len) = cx.records(pairs.len(), 16, |cx, at, i| {
        let (name, value) = pairs[i].clone();
        let (np, nl) = cx.bytes(name.as_bytes(), 1)?;
        let (vp, vl) = cx.bytes(value.as_bytes(), 1)?;
        cx.u32(at, np)?;
        cx.u32(at + 4, nl)?;
        cx.u32(at + 8, vp)?;
        cx.u32(at + 12, vl)
    })?;
    cx.u32(ret, list)?;
    cx.u32(ret + 4, len)
}

fn empty_list<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    cx.u32(ret, 4)?;
    cx.u32(ret + 4, 0)
}

/// An `option` that is `none`.
fn none<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 0), 0)
}

fn exit<T>(_: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    // `result`: 0 is ok (exit code 0), 1 is err (exit code 1).
    Err(wasmi::Error::i32_exit(if arg32(p, 0) == 0 { 0 } else { 1 }))
}

fn get_stdin<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(cx.tables().insert(Resource::Stdin) as i32);
    Ok(())
}

fn get_stdout<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    let handle = cx.tables().insert(Resource::Output {
        fd: 1,
        offset: None,
    });
    r[0] = Val::I32(handle as i32);
    Ok(())
}

fn get_stderr<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    let handle = cx.tables().insert(Resource::Output {
        fd: 2,
        offset: None,
    });
    r[0] = Val::I32(handle as i32);
    Ok(())
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
    matches!(ctx.fds.get(&fd), Some(fd::Entry::Dir(d)) if d.preopen.is_some())
}

fn random_bytes<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (len, ret) = (arg64(p, 0), arg32(p, 1));
    let len = u32::try_from(len).map_err(|_| trap("too many random bytes asked for"))?;
    let bytes = cx.preview1(len as usize, |ctx, mem| env::random_get(ctx, mem, 0, len))?;
    let bytes = bytes.map_err(|_| trap("random_get failed"))?;
    let (ptr, len) = cx.bytes(&bytes, 1)?;
    cx.u32(ret, ptr)?;
    cx.u32(ret + 4, len)
}

fn random64<T>(cx: &mut Cx<'_, T>) -> Result<u64, wasmi::Error> {
    let bytes = cx.preview1(8, |ctx, mem| env::random_get(ctx, mem, 0, 8))?;
    let bytes = bytes.map_err(|_| trap("random_get failed"))?;
    Ok(u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")))
}

fn random_u64<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(random64(cx)? as i64);
    Ok(())
}

fn insecure_seed<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    let (a, b) = (random64(cx)?, random64(cx)?);
    cx.u64(ret, a)?;
    cx.u64(ret + 8, b)
}

/// Preview1 clock `id` (0 realtime, 1 monotonic), in nanoseconds.
fn clock<T>(cx: &mut Cx<'_, T>, id: u32) -> Result<u64, wasmi::Error> {
    let out = cx.preview1(8, |ctx, mem| env::clock_time_get(ctx, mem, id, 0, 0))?;
    let out = out.map_err(|_| trap("clock_time_get failed"))?;
    Ok(u64::from_le_bytes(out[..8].try_into().expect("8 bytes")))
}

fn datetime<T>(cx: &mut Cx<'_, T>, at: u32, ns: u64) -> Outcome {
    cx.u64(at, ns / 1_000_000_000)?;
    cx.u32(at + 8, (ns % 1_000_000_000) as u32)
}

fn wall_now<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ns = clock(cx, 0)?;
    datetime(cx, arg32(p, 0), ns)
}

fn wall_resolution<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    datetime(cx, arg32(p, 0), 1)
}

fn monotonic_now<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(clock(cx, 1)? as i64);
    Ok(())
}

fn monotonic_resolution<T>(_: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(1);
    Ok(())
}

/// A pollable that is always ready: init never waits on anything but
/// files and stdio, which are.
fn pollable<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(cx.tables().insert(Resource::Pollable) as i32);
    Ok(())
}

fn ignore<T>(_: &mut Cx<'_, T>, _: &[Val], _: &mut [Val]) -> Outcome {
    Ok(())
}

fn ready<T>(_: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(1);
    Ok(())
}

fn poll<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (count, ret) = (arg32(p, 1) as usize, arg32(p, 2));
    let (list, len) = cx.records(count, 4, |cx, at, i| cx.u32(at, i as u32))?;
    cx.u32(ret, list)?;
    cx.u32(ret + 4, len)
}

fn error_string<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (handle, ret) = (arg32(p, 0), arg32(p, 1));
    let text = match cx.tables().get(handle) {
        Some(Resource::Error(text)) => text.clone(),
        _ => String::from("unknown error"),
    };
    let (ptr, len) = cx.bytes(text.as_bytes(), 1)?;
    cx.u32(ret, ptr)?;
    cx.u32(ret + 4, len)
}

/// `stream-error` as the error of a result whose payload is at `at`:
/// `last-operation-failed` with an `error` resource saying `e`.
fn stream_failed<T>(cx: &mut Cx<'_, T>, ret: u32, at: u32, e: Errno) -> Outcome {
    let error = cx
        .tables()
        .insert(Resource::Error(format!("WASI errno {}", e.0)));
    cx.u8(ret, 1)?;
    cx.u8(ret + at, 0)?;
    cx.u32(ret + at + 4, error)
}

/// `stream-error::closed` as the error of a result whose payload is at
/// `at`.
fn stream_closed<T>(cx: &mut Cx<'_, T>, ret: u32, at: u32) -> Outcome {
    cx.u8(ret, 1)?;
    cx.u8(ret + at, 1)
}

/// Reads up to `len` bytes from input stream `handle`: the bytes, `None`
/// at the end, or the errno.
fn read_stream<T>(
    cx: &mut Cx<'_, T>,
    handle: u32,
    len: u64,
) -> Result<Result<Option<Vec<u8>>, Errno>, wasmi::Error> {
    let len = len.min(1 << 20) as u32;
    let (fd, offset) = match cx.tables().get(handle) {
        Some(Resource::Input { fd, offset }) => (*fd, Some(*offset)),
        Some(Resource::Stdin) => (0, None),
        _ => return Err(trap("an input-stream handle that does not exist")),
    };
    let iov = 16u32;
    let out = cx.preview1((iov + len) as usize, |ctx, mem| {
        mem.write_u32(0, iov)?;
        mem.write_u32(4, len)?;
        match offset {
            Some(offset) => fd::fd_pread(ctx, mem, fd, 0, 1, offset, 8),
            None => fd::fd_read(ctx, mem, fd, 0, 1, 8),
        }
    })?;
    let out = match out {
        Ok(out) => out,
        Err(e) => return Ok(Err(e)),
    };
    let n = u32::from_le_bytes(out[8..12].try_into().expect("4 bytes"));
    if n == 0 && len > 0 {
        return Ok(Ok(None));
    }
    if let Some(Resource::Input { offset, .. }) = cx.tables().get_mut(handle) {
        *offset += u64::from(n);
    }
    Ok(Ok(Some(out[iov as usize..(iov + n) as usize].to_vec())))
}

fn stream_read<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (handle, len, ret) = (arg32(p, 0), arg64(p, 1), arg32(p, 2));
    match read_stream(cx, handle, len)? {
        Ok(Some(bytes)) => {
            let (ptr, len) = cx.bytes(&bytes, 1)?;
            cx.u8(ret, 0)?;
            cx.u32(ret + 4, ptr)?;
            cx.u32(ret + 8, len)
        }
        Ok(None) => stream_closed(cx, ret, 4),
        Err(e) => stream_failed(cx, ret, 4, e),
    }
}

fn stream_skip<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (handle, len, ret) = (arg32(p, 0), arg64(p, 1), arg32(p, 2));
    match read_stream(cx, handle, len)? {
        Ok(Some(bytes)) => {
            cx.u8(ret, 0)?;
            cx.u64(ret + 8, bytes.len() as u64)
        }
        Ok(None) => stream_closed(cx, ret, 8),
        Err(e) => stream_failed(cx, ret, 8, e),
    }
}

fn check_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    cx.u8(ret, 0)?;
    cx.u64(ret + 8, 1 << 20)
}

fn stream_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (handle, ptr, len, ret) = (arg32(p, 0), arg32(p, 1), arg32(p, 2), arg32(p, 3));
    let data = cx.read(ptr, len)?;
    let (fd, mut offset) = match cx.tables().get(handle) {
        Some(Resource::Output { fd, offset }) => (*fd, *offset),
        _ => return Err(trap("an output-stream handle that does not exist")),
    };
    // Appending to a file: at its end, as it is now.
    if offset.is_none() && fd > 2 {
        match filestat(cx, fd, None)? {
            Ok(stat) => {
                offset = Some(u64::from_le_bytes(
                    stat[32..40].try_into().expect("8 bytes"),
                ))
            }
            Err(e) => return stream_failed(cx, ret, 4, e),
        }
    }
    let iov = 16u32;
    let out = cx.preview1(iov as usize + data.len(), |ctx, mem| {
        mem.write(iov, &data)?;
        mem.write_u32(0, iov)?;
        mem.write_u32(4, len)?;
        match offset {
            Some(offset) => fd::fd_pwrite(ctx, mem, fd, 0, 1, offset, 8),
            None => fd::fd_write(ctx, mem, fd, 0, 1, 8),
        }
    })?;
    match out {
        Ok(_) => {
            // A stream at an offset moves on (an appending one stays at
            // the end, wherever that is next).
            if let Some(Resource::Output {
                offset: Some(at), ..
            }) = cx.tables().get_mut(handle)
            {
                *at += u64::from(len);
            }
            cx.u8(ret, 0)
        }
        Err(e) => stream_failed(cx, ret, 4, e),
    }
}

fn stream_flush<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}

fn get_directories<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    let preopens: Vec<(u32, String)> = cx
        .wasi()
        .fds
        .iter()
        .filter_map(|(fd, e)| match e {
            fd::Entry::Dir(d) => d.preopen.clone().map(|name| (*fd, name)),
            _ => None,
        })
        .collect();
    let handles: Vec<u32> = preopens
        .iter()
        .map(|(fd, _)| cx.tables().insert(Resource::Descriptor(*fd)))
        .collect();
    let (list, len) = cx.records(preopens.len(), 12, |cx, at, i| {
        let (ptr, len) = cx.bytes(preopens[i].1.as_bytes(), 1)?;
        cx.u32(at, handles[i])?;
        cx.u32(at + 4, ptr)?;
        cx.u32(at + 8, len)
    })?;
    cx.u32(ret, list)?;
    cx.u32(ret + 4, len)
}

/// `result<own<...>, error-code>` with `resource` if `fd` is a file.
fn stream_of<T>(
    cx: &mut Cx<'_, T>,
    p: &[Val],
    ret: u32,
    resource: impl FnOnce(u32) -> Resource,
) -> Outcome {
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    if !matches!(cx.wasi().fds.get(&fd), Some(fd::Entry::File(_))) {
        return fail(cx, ret, 4, Errno::ISDIR);
    }
    let handle = cx.tables().insert(resource(fd));
    cx.u8(ret, 0)?;
    cx.u32(ret + 4, handle)
}

fn read_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let offset = arg64(p, 1);
    stream_of(cx, p, arg32(p, 2), |fd| Resource::Input { fd, offset })
}

fn write_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let offset = arg64(p, 1);
    stream_of(cx, p, arg32(p, 2), |fd| Resource::Output {
        fd,
        offset: Some(offset),
    })
}

fn append_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    stream_of(cx, p, arg32(p, 1), |fd| Resource::Output {
        fd,
        offset: None,
    })
}

/// WASI 0.2's `descriptor-type` for a preview1 filetype.
fn descriptor_type(filetype: u8) -> u8 {
    match filetype {
        2 => 2, // character-device
        3 => 3, // directory
        4 => 6, // regular-file
        7 => 7, // symbolic-link
        _ => 0, // unknown
    }
}

/// The preview1 filestat of descriptor `fd` (or of `path` under it).
fn filestat<T>(
    cx: &mut Cx<'_, T>,
    fd: u32,
    path: Option<(&[u8], u32, u32)>,
) -> Result<Result<Vec<u8>, Errno>, wasmi::Error> {
    match path {
        None => cx.preview1(64, |ctx, mem| fd::fd_filestat_get(ctx, mem, fd, 0)),
        Some((bytes, len, flags)) => {
            let bytes = bytes.to_vec();
            cx.preview1((PATH_AT + len) as usize, move |ctx, mem| {
                with_path(&bytes, mem)?;
                path::path_filestat_get(ctx, mem, fd, flags, PATH_AT, len, 0)
            })
        }
    }
}

fn get_type<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    let stat = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => filestat(cx, fd, None)?,
        Err(e) => Err(e),
    };
    match stat {
        Ok(stat) => {
            cx.u8(ret, 0)?;
            cx.u8(ret + 1, descriptor_type(stat[16]))
        }
        Err(e) => fail(cx, ret, 1, e),
    }
}

fn get_flags<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 1, e),
    };
    let flags = match cx.wasi().fds.get(&fd) {
        Some(fd::Entry::File(f)) => u8::from(f.read) | (u8::from(f.write) << 1),
        Some(fd::Entry::Dir(d)) => 1 | if d.writable { 2 | 32 } else { 0 },
        _ => 0,
    };
    cx.u8(ret, 0)?;
    cx.u8(ret + 1, flags)
}

/// Writes `result<descriptor-stat, error-code>` from a preview1 filestat.
fn write_stat<T>(cx: &mut Cx<'_, T>, ret: u32, stat: Result<Vec<u8>, Errno>) -> Outcome {
    let stat = match stat {
        Ok(stat) => stat,
        Err(e) => return fail(cx, ret, 8, e),
    };
    let u64_at = |i: usize| u64::from_le_bytes(stat[i..i + 8].try_into().expect("8 bytes"));
    cx.u8(ret, 0)?;
    cx.u8(ret + 8, descriptor_type(stat[16]))?;
    cx.u64(ret + 16, u64_at(24))?;
    cx.u64(ret + 24, u64_at(32))?;
    for (i, ns) in [(0, u64_at(40)), (1, u64_at(48)), (2, u64_at(56))] {
        let at = ret + 32 + i * 24;
        cx.u8(at, 1)?;
        datetime(cx, at + 8, ns)?;
    }
    Ok(())
}

/// The preview1 filestat of descriptor `p[0]`, or, `at` a path, of
/// `p[1]` (path flags) `p[2..4]` (the path) under it.
fn stat_of<T>(
    cx: &mut Cx<'_, T>,
    p: &[Val],
    at: bool,
) -> Result<Result<Vec<u8>, Errno>, wasmi::Error> {
    let path = match at {
        true => Some(path_arg(cx, arg32(p, 2), arg32(p, 3))?),
        false => None,
    };
    match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => {
            let path = path
                .as_ref()
                .map(|(bytes, len)| (&bytes[..], *len, arg32(p, 1)));
            filestat(cx, fd, path)
        }
        Err(e) => Ok(Err(e)),
    }
}

fn stat<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, false)?;
    write_stat(cx, arg32(p, 1), stat)
}

fn stat_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, true)?;
    write_stat(cx, arg32(p, 4), stat)
}

/// `result<metadata-hash-value, error-code>` from a filestat: a hash of
/// the device, inode, size and times (all that identifies a version).
fn write_hash<T>(cx: &mut Cx<'_, T>, ret: u32, stat: Result<Vec<u8>, Errno>) -> Outcome {
    let stat = match stat {
        Ok(stat) => stat,
        Err(e) => return fail(cx, ret, 8, e),
    };
    use sha2::Digest;
    let digest = sha2::Sha256::digest(&stat[..64]);
    let half =
        |from: usize| u64::from_le_bytes(digest[from..from + 8].try_into().expect("8 bytes"));
    cx.u8(ret, 0)?;
    cx.u64(ret + 8, half(0))?;
    cx.u64(ret + 16, half(8))
}

fn hash<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, false)?;
    write_hash(cx, arg32(p, 1), stat)
}

fn hash_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, true)?;
    write_hash(cx, arg32(p, 4), stat)
}

fn open_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (path_flags, open_flags, flags, ret) = (arg32(p, 1), arg32(p, 4), arg32(p, 5), arg32(p, 6));
    let (path, len) = path_arg(cx, arg32(p, 2), arg32(p, 3))?;
    let dir = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    // Preview1 rights from the descriptor flags: read (bit 0) is
    // fd_read, write (bit 1) fd_write. The open flags have the same bits.
    let rights = (u64::from(flags & 1) << 1) | (u64::from(flags & 2) << 5);
    let opened = cx.preview1((PATH_AT + len) as usize, move |ctx, mem| {
        with_path(&path, mem)?;
        path::path_open(
            ctx, mem, dir, path_flags, PATH_AT, len, open_flags, rights, 0, 0, 0,
        )
    })?;
    match opened {
        Ok(out) => {
            let fd = u32::from_le_bytes(out[0..4].try_into().expect("4 bytes"));
            let handle = cx.tables().insert(Resource::Descriptor(fd));
            cx.u8(ret, 0)?;
            cx.u32(ret + 4, handle)
        }
        Err(e) => fail(cx, ret, 4, e),
    }
}

fn file_read<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (len, offset, ret) = (arg64(p, 1), arg64(p, 2), arg32(p, 3));
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    let len = len.min(1 << 24) as u32;
    let iov = 16u32;
    let out = cx.preview1((iov + len) as usize, |ctx, mem| {
        mem.write_u32(0, iov)?;
        mem.write_u32(4, len)?;
        fd::fd_pread(ctx, mem, fd, 0, 1, offset, 8)
    })?;
    match out {
        Ok(out) => {
            let n = u32::from_le_bytes(out[8..12].try_into().expect("4 bytes"));
            let (ptr, n) = cx.bytes(&out[iov as usize..(iov + n) as usize], 1)?;
            cx.u8(ret, 0)?;
            cx.u32(ret + 4, ptr)?;
            cx.u32(ret + 8, n)?;
            cx.u8(ret + 12, u8::from(n == 0 && len > 0))
        }
        Err(e) => fail(cx, ret, 4, e),
    }
}

fn file_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (ptr, len, offset, ret) = (arg32(p, 1), arg32(p, 2), arg64(p, 3), arg32(p, 4));
    let data = cx.read(ptr, len)?;
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 8, e),
    };
    let iov = 16u32;
    let out = cx.preview1(iov as usize + data.len(), |ctx, mem| {
        mem.write(iov, &data)?;
        mem.write_u32(0, iov)?;
        mem.write_u32(4, len)?;
        fd::fd_pwrite(ctx, mem, fd, 0, 1, offset, 8)
    })?;
    match out {
        Ok(out) => {
            let n = u32::from_le_bytes(out[8..12].try_into().expect("4 bytes"));
            cx.u8(ret, 0)?;
            cx.u64(ret + 8, u64::from(n))
        }
        Err(e) => fail(cx, ret, 8, e),
    }
}

fn read_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    // The whole listing at once, through fd_readdir with a buffer grown
    // until it holds every entry.
    let mut size = 4096u32;
    let listing = loop {
        let out = cx.preview1((16 + size) as usize, |ctx, mem| {
            fd::fd_readdir(ctx, mem, fd, 16, size, 0, 0)
        })?;
        match out {
            Ok(out) => {
                let used = u32::from_le_bytes(out[0..4].try_into().expect("4 bytes"));
                if used < size {
                    break out[16..16 + used as usize].to_vec();
                }
                size = size
                    .checked_mul(4)
                    .ok_or_else(|| trap("a directory too large"))?;
            }
            Err(e) => return fail(cx, ret, 4, e),
        }
    };
    let mut entries = Vec::new();
    let mut at = 0;
    while at + 24 <= listing.len() {
        let len = u32::from_le_bytes(listing[at + 16..at + 20].try_into().expect("4 bytes"));
        let filetype = listing[at + 20];
        let name = &listing[at + 24..(at + 24 + len as usize).min(listing.len())];
        let name = String::from_utf8_lossy(name).into_owned();
        if name != "." && name != ".." {
            entries.push((name, filetype));
        }
        at += 24 + len as usize;
    }
    let handle = cx.tables().insert(Resource::Entries(entries, 0));
    cx.u8(ret, 0)?;
    cx.u32(ret + 4, handle)
}

fn read_dir_entry<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (handle, ret) = (arg32(p, 0), arg32(p, 1));
    let next = match cx.tables().get_mut(handle) {
        Some(Resource::Entries(entries, next)) => {
            let entry = entries.get(*next).cloned();
            *next += 1;
            entry
        }
        _ => return fail(cx, ret, 4, Errno::BADF),
    };
    cx.u8(ret, 0)?;
    match next {
        Some((name, filetype)) => {
            let (ptr, len) = cx.bytes(name.as_bytes(), 1)?;
            cx.u8(ret + 4, 1)?;
            cx.u8(ret + 8, descriptor_type(filetype))?;
            cx.u32(ret + 12, ptr)?;
            cx.u32(ret + 16, len)
        }
        None => cx.u8(ret + 4, 0),
    }
}

/// A preview1 path function of (fd, path, path_len) for `result<_,
/// error-code>`.
fn path_op<T>(
    cx: &mut Cx<'_, T>,
    p: &[Val],
    op: fn(&mut WasiCtx, &mut Mem<'_>, u32, u32, u32) -> super::super::shim::WasiResult,
) -> Outcome {
    let ret = arg32(p, 3);
    let (path, len) = path_arg(cx, arg32(p, 1), arg32(p, 2))?;
    let result = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => cx.preview1((PATH_AT + len) as usize, move |ctx, mem| {
            with_path(&path, mem)?;
            op(ctx, mem, fd, PATH_AT, len)
        })?,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => cx.u8(ret, 0),
        Err(e) => fail(cx, ret, 1, e),
    }
}

fn create_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_create_directory)
}

fn remove_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_remove_directory)
}

fn unlink<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_unlink_file)
}

fn rename<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 6);
    let (old, old_len) = path_arg(cx, arg32(p, 1), arg32(p, 2))?;
    let (new, new_len) = path_arg(cx, arg32(p, 4), arg32(p, 5))?;
    let fds = descriptor(cx, arg32(p, 0)).and_then(|from| Ok((from, descriptor(cx, arg32(p, 3))?)));
    let result = match fds {
        Ok((from, to)) => {
            let new_at = PATH_AT + old_len;
            cx.preview1((new_at + new_len) as usize, move |ctx, mem| {
                mem.write(PATH_AT, &old)?;
                mem.write(new_at, &new)?;
                path::path_rename(ctx, mem, from, PATH_AT, old_len, to, new_at, new_len)
            })?
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => cx.u8(ret, 0),
        Err(e) => fail(cx, ret, 1, e),
    }
}

/// `filesystem-error-code`: our `error` resources carry no code.
fn fs_error_code<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}

fn ok_unit<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}
