//! `wasi:filesystem`: preopens, descriptors, directories and paths, each on the shim's preview1 code.

use super::*;

pub(super) fn get_directories<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    let preopens: Vec<(u32, String)> = cx
        .wasi()
        .fds
        .iter()
        .filter_map(|(fd, e)| match e {
            crate::wasi::host::Entry::Dir(d) => d.preopen.clone().map(|name| (*fd, name)),
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
pub(super) fn stream_of<T>(
    cx: &mut Cx<'_, T>,
    p: &[Val],
    ret: u32,
    resource: impl FnOnce(u32) -> Resource,
) -> Outcome {
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    if !matches!(
        cx.wasi().fds.get(&fd),
        Some(crate::wasi::host::Entry::File(_))
    ) {
        return fail(cx, ret, 4, Errno::ISDIR);
    }
    let handle = cx.tables().insert(resource(fd));
    cx.u8(ret, 0)?;
    cx.u32(ret + 4, handle)
}

pub(super) fn read_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let offset = arg64(p, 1);
    stream_of(cx, p, arg32(p, 2), |fd| Resource::Input { fd, offset })
}

pub(super) fn write_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let offset = arg64(p, 1);
    stream_of(cx, p, arg32(p, 2), |fd| Resource::Output {
        fd,
        offset: Some(offset),
    })
}

pub(super) fn append_via_stream<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    stream_of(cx, p, arg32(p, 1), |fd| Resource::Output {
        fd,
        offset: None,
    })
}

/// WASI 0.2's `descriptor-type` for a preview1 filetype.
pub(super) fn descriptor_type(filetype: u8) -> u8 {
    match filetype {
        2 => 2, // character-device
        3 => 3, // directory
        4 => 6, // regular-file
        7 => 7, // symbolic-link
        _ => 0, // unknown
    }
}

/// The preview1 filestat of descriptor `fd` (or of `path` under it).
pub(super) fn filestat<T>(
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

pub(super) fn get_type<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn get_flags<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 1);
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 1, e),
    };
    let flags = match cx.wasi().fds.get(&fd) {
        Some(crate::wasi::host::Entry::File(f)) => u8::from(f.read) | (u8::from(f.write) << 1),
        Some(crate::wasi::host::Entry::Dir(d)) => 1 | if d.writable { 2 | 32 } else { 0 },
        _ => 0,
    };
    cx.u8(ret, 0)?;
    cx.u8(ret + 1, flags)
}

/// Writes `result<descriptor-stat, error-code>` from a preview1 filestat.
pub(super) fn write_stat<T>(cx: &mut Cx<'_, T>, ret: u32, stat: Result<Vec<u8>, Errno>) -> Outcome {
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
pub(super) fn stat_of<T>(
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

pub(super) fn stat<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, false)?;
    write_stat(cx, arg32(p, 1), stat)
}

pub(super) fn stat_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, true)?;
    write_stat(cx, arg32(p, 4), stat)
}

/// `result<metadata-hash-value, error-code>` from a filestat: a hash of
/// the device, inode, size and times (all that identifies a version).
pub(super) fn write_hash<T>(cx: &mut Cx<'_, T>, ret: u32, stat: Result<Vec<u8>, Errno>) -> Outcome {
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

pub(super) fn hash<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, false)?;
    write_hash(cx, arg32(p, 1), stat)
}

pub(super) fn hash_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let stat = stat_of(cx, p, true)?;
    write_hash(cx, arg32(p, 4), stat)
}

pub(super) fn open_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn file_read<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn file_write<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn read_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn read_dir_entry<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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
pub(super) fn path_op<T>(
    cx: &mut Cx<'_, T>,
    p: &[Val],
    op: fn(&mut WasiCtx, &mut Mem<'_>, u32, u32, u32) -> WasiResult,
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

pub(super) fn create_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_create_directory)
}

pub(super) fn remove_dir<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_remove_directory)
}

pub(super) fn unlink<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    path_op(cx, p, path::path_unlink_file)
}

pub(super) fn rename<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 6);
    let old = path_arg(cx, arg32(p, 1), arg32(p, 2))?;
    let new = path_arg(cx, arg32(p, 4), arg32(p, 5))?;
    let old_len = old.1;
    let fds = descriptor(cx, arg32(p, 0)).and_then(|from| Ok((from, descriptor(cx, arg32(p, 3))?)));
    let result = match fds {
        Ok((from, to)) => two_paths(cx, old, new, move |ctx, mem, new_at, new_len| {
            path::path_rename(ctx, mem, from, PATH_AT, old_len, to, new_at, new_len)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// Writes `result<_, error-code>` at `ret` for a preview1 call's result.
fn unit_result<T>(cx: &mut Cx<'_, T>, ret: u32, result: Result<Vec<u8>, Errno>) -> Outcome {
    match result {
        Ok(_) => cx.u8(ret, 0),
        Err(e) => fail(cx, ret, 1, e),
    }
}

/// Runs `op` on two guest paths, written to the scratch memory at
/// `PATH_AT` and right after it.
fn two_paths<T>(
    cx: &mut Cx<'_, T>,
    (old, old_len): (Vec<u8>, u32),
    (new, new_len): (Vec<u8>, u32),
    op: impl FnOnce(&mut WasiCtx, &mut Mem<'_>, u32, u32) -> WasiResult,
) -> Result<Result<Vec<u8>, Errno>, wasmi::Error> {
    let new_at = PATH_AT + old_len;
    cx.preview1((new_at + new_len) as usize, move |ctx, mem| {
        mem.write(PATH_AT, &old)?;
        mem.write(new_at, &new)?;
        op(ctx, mem, new_at, new_len)
    })
}

/// `symlink-at(old-path, new-path)`: the preview1 shim's `path_symlink`,
/// with its rules (no absolute target; the link stays in the sandbox).
pub(super) fn symlink_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 5);
    let old = path_arg(cx, arg32(p, 1), arg32(p, 2))?;
    let new = path_arg(cx, arg32(p, 3), arg32(p, 4))?;
    let old_len = old.1;
    let result = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => two_paths(cx, old, new, move |ctx, mem, new_at, new_len| {
            path::path_symlink(ctx, mem, PATH_AT, old_len, fd, new_at, new_len)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// `link-at(old-path-flags, old-path, new-descriptor, new-path)`.
pub(super) fn link_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (flags, ret) = (arg32(p, 1), arg32(p, 7));
    let old = path_arg(cx, arg32(p, 2), arg32(p, 3))?;
    let new = path_arg(cx, arg32(p, 5), arg32(p, 6))?;
    let old_len = old.1;
    let fds = descriptor(cx, arg32(p, 0)).and_then(|from| Ok((from, descriptor(cx, arg32(p, 4))?)));
    let result = match fds {
        Ok((from, to)) => two_paths(cx, old, new, move |ctx, mem, new_at, new_len| {
            path::path_link(ctx, mem, from, flags, PATH_AT, old_len, to, new_at, new_len)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// `readlink-at(path) -> result<string, error-code>`, through a buffer
/// grown until the target fits.
pub(super) fn readlink_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 3);
    let (path, len) = path_arg(cx, arg32(p, 1), arg32(p, 2))?;
    let fd = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => fd,
        Err(e) => return fail(cx, ret, 4, e),
    };
    let buf_at = PATH_AT + len;
    let mut size = 4096u32;
    let target = loop {
        let path = path.clone();
        let out = cx.preview1((buf_at + size) as usize, move |ctx, mem| {
            with_path(&path, mem)?;
            path::path_readlink(ctx, mem, fd, PATH_AT, len, buf_at, size, 0)
        })?;
        match out {
            Ok(out) => {
                let used = u32::from_le_bytes(out[0..4].try_into().expect("4 bytes"));
                if used < size {
                    break out[buf_at as usize..(buf_at + used) as usize].to_vec();
                }
                size = size
                    .checked_mul(4)
                    .ok_or_else(|| trap("a symlink target too long"))?;
            }
            Err(e) => return fail(cx, ret, 4, e),
        }
    };
    let (ptr, len) = cx.bytes(&target, 1)?;
    cx.u8(ret, 0)?;
    cx.u32(ret + 4, ptr)?;
    cx.u32(ret + 8, len)
}

/// `set-size(size)`: the shim's `fd_filestat_set_size`.
pub(super) fn set_size<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (size, ret) = (arg64(p, 1), arg32(p, 2));
    let result = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => cx.preview1(0, move |ctx, mem| {
            fd::fd_filestat_set_size(ctx, mem, fd, size)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// Two `new-timestamp`s (each `no-change`, `now` or `timestamp(datetime)`,
/// flattened as disc, seconds, nanoseconds) from `p[at..]`, as preview1's
/// (atim, mtim, fst flags).
fn new_timestamps(p: &[Val], at: usize) -> (u64, u64, u32) {
    let one = |at: usize, set: u32, now: u32| -> (u64, u32) {
        let ns = arg64(p, at + 1)
            .saturating_mul(1_000_000_000)
            .saturating_add(u64::from(arg32(p, at + 2)));
        match arg32(p, at) {
            1 => (0, now),
            2 => (ns, set),
            _ => (0, 0),
        }
    };
    let (atim, a) = one(at, 1, 2);
    let (mtim, m) = one(at + 3, 4, 8);
    (atim, mtim, a | m)
}

/// `set-times(data-access, data-modification)`.
pub(super) fn set_times<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 7);
    let (atim, mtim, flags) = new_timestamps(p, 1);
    let result = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => cx.preview1(0, move |ctx, mem| {
            fd::fd_filestat_set_times(ctx, mem, fd, atim, mtim, flags)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// `set-times-at(path-flags, path, data-access, data-modification)`.
pub(super) fn set_times_at<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (path_flags, ret) = (arg32(p, 1), arg32(p, 10));
    let (path, len) = path_arg(cx, arg32(p, 2), arg32(p, 3))?;
    let (atim, mtim, flags) = new_timestamps(p, 4);
    let result = match descriptor(cx, arg32(p, 0)) {
        Ok(fd) => cx.preview1((PATH_AT + len) as usize, move |ctx, mem| {
            with_path(&path, mem)?;
            path::path_filestat_set_times(ctx, mem, fd, path_flags, PATH_AT, len, atim, mtim, flags)
        })?,
        Err(e) => Err(e),
    };
    unit_result(cx, ret, result)
}

/// `filesystem-error-code`: our `error` resources carry no code.
pub(super) fn fs_error_code<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}

pub(super) fn ok_unit<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 1), 0)
}
