//! `wasi:io`: errors, polling (always ready), and input and output streams.

use super::*;

/// A pollable that is always ready: init never waits on anything but
/// files and stdio, which are.
pub(super) fn pollable<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(cx.tables().insert(Resource::Pollable) as i32);
    Ok(())
}

pub(super) fn ignore<T>(_: &mut Cx<'_, T>, _: &[Val], _: &mut [Val]) -> Outcome {
    Ok(())
}

pub(super) fn ready<T>(_: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(1);
    Ok(())
}

pub(super) fn poll<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (count, ret) = (arg32(p, 1) as usize, arg32(p, 2));
    let (list, len) = cx.records(count, 4, |cx, at, i| cx.u32(at, i as u32))?;
    cx.u32(ret, list)?;
    cx.u32(ret + 4, len)
}

pub(super) fn error_string<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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
pub(super) fn stream_failed<T>(cx: &mut Cx<'_, T>, ret: u32, at: u32, e: Errno) -> Outcome {
    let error = cx
        .tables()
        .insert(Resource::Error(format!("WASI errno {}", e.0)));
    cx.u8(ret, 1)?;
    cx.u8(ret + at, 0)?;
    cx.u32(ret + at + 4, error)
}

/// `stream-error::closed` as the error of a result whose payload is at
/// `at`.
pub(super) fn stream_closed<T>(cx: &mut Cx<'_, T>, ret: u32, at: u32) -> Outcome {
    cx.u8(ret, 1)?;
    cx.u8(ret + at, 1)
}

/// Reads up to `len` bytes from input stream `handle`: the bytes, `None`
/// at the end, or the errno.
pub(super) fn read_stream<T>(
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

pub(super) fn stream_read<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn stream_skip<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn check_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    cx.u8(ret, 0)?;
    cx.u64(ret + 8, 1 << 20)
}

pub(super) fn stream_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn stream_flush<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}
