//! File descriptors: the table and the `fd_*` functions.

use super::{Errno, Fail, Mem, WasiCtx, WasiResult};
use crate::wasi::host::{Dir, Entry};
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom, Write};
use std::time::{Duration, SystemTime};

pub const FILETYPE_UNKNOWN: u8 = 0;
pub const FILETYPE_CHARACTER_DEVICE: u8 = 2;
pub const FILETYPE_DIRECTORY: u8 = 3;
pub const FILETYPE_REGULAR_FILE: u8 = 4;
pub const FILETYPE_SYMBOLIC_LINK: u8 = 7;

const FDFLAGS_APPEND: u16 = 1;
/// Every right preview1 defines (bits 0 to 29): descriptors are limited by
/// how their host file was opened, not by rights bookkeeping.
const ALL_RIGHTS: u64 = (1 << 30) - 1;

pub fn fd_advise(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    _offset: u64,
    _len: u64,
    advice: u32,
) -> WasiResult {
    ctx.file(fd)?;
    if advice > 5 {
        return Err(Errno::INVAL.into());
    }
    Ok(())
}

pub fn fd_allocate(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    offset: u64,
    len: u64,
) -> WasiResult {
    let f = ctx.file(fd)?;
    if !f.write {
        return Err(Errno::BADF.into());
    }
    let end = offset.checked_add(len).ok_or(Errno::FBIG)?;
    if end > f.file.metadata()?.len() {
        f.file.set_len(end)?;
    }
    Ok(())
}

pub fn fd_close(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32) -> WasiResult {
    ctx.fds.remove(&fd).ok_or(Errno::BADF)?;
    Ok(())
}

pub fn fd_datasync(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32) -> WasiResult {
    match ctx.entry(fd)? {
        Entry::File(f) => Ok(f.file.sync_data()?),
        _ => Ok(()),
    }
}

pub fn fd_sync(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32) -> WasiResult {
    match ctx.entry(fd)? {
        Entry::File(f) => Ok(f.file.sync_all()?),
        _ => Ok(()),
    }
}

pub fn fd_fdstat_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, fd: u32, out: u32) -> WasiResult {
    let (filetype, flags) = match ctx.entry(fd)? {
        Entry::Stdin | Entry::Stdout | Entry::Stderr => (FILETYPE_CHARACTER_DEVICE, 0),
        Entry::Dir(_) => (FILETYPE_DIRECTORY, 0),
        Entry::File(f) => (
            FILETYPE_REGULAR_FILE,
            if f.append { FDFLAGS_APPEND } else { 0 },
        ),
    };
    mem.write(out, &[0; 24])?;
    mem.write_u8(out, filetype)?;
    mem.write_u16(out + 2, flags)?;
    mem.write_u64(out + 8, ALL_RIGHTS)?;
    mem.write_u64(out + 16, ALL_RIGHTS)?;
    Ok(())
}

/// Only the flags a descriptor already has can be "set".
pub fn fd_fdstat_set_flags(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32, flags: u32) -> WasiResult {
    let current = match ctx.entry(fd)? {
        Entry::File(f) if f.append => FDFLAGS_APPEND as u32,
        _ => 0,
    };
    if flags == current {
        Ok(())
    } else {
        Err(Errno::NOTSUP.into())
    }
}

pub fn fd_fdstat_set_rights(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    _base: u64,
    _inheriting: u64,
) -> WasiResult {
    ctx.entry(fd)?;
    Ok(())
}

/// Writes a 64-byte `filestat`.
/// Writes a 64-byte `filestat`. In deterministic mode, the host-specific
/// parts (device, inode, timestamps) are fixed, so that the snapshot does
/// not depend on the machine or on when the files were touched.
pub fn write_filestat(
    mem: &mut Mem<'_>,
    out: u32,
    meta: Option<&Metadata>,
    deterministic: bool,
) -> WasiResult {
    mem.write(out, &[0; 64])?;
    let Some(meta) = meta else {
        mem.write_u8(out + 16, FILETYPE_CHARACTER_DEVICE)?;
        return Ok(());
    };
    let ft = meta.file_type();
    let filetype = if ft.is_symlink() {
        FILETYPE_SYMBOLIC_LINK
    } else if ft.is_dir() {
        FILETYPE_DIRECTORY
    } else if ft.is_file() {
        FILETYPE_REGULAR_FILE
    } else {
        FILETYPE_UNKNOWN
    };
    let nanos = |t: std::io::Result<SystemTime>| {
        t.ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64)
    };
    let (dev, ino, nlink) = unix_ids(meta);
    let (atim, mtim) = (nanos(meta.accessed()), nanos(meta.modified()));
    let (dev, ino, atim, mtim) = if deterministic {
        let t = crate::wasi::DETERMINISTIC_EPOCH_NS;
        (0, 0, t, t)
    } else {
        (dev, ino, atim, mtim)
    };
    mem.write_u64(out, dev)?;
    mem.write_u64(out + 8, ino)?;
    mem.write_u8(out + 16, filetype)?;
    mem.write_u64(out + 24, nlink)?;
    mem.write_u64(out + 32, meta.len())?;
    mem.write_u64(out + 40, atim)?;
    mem.write_u64(out + 48, mtim)?;
    mem.write_u64(out + 56, mtim)?;
    Ok(())
}

#[cfg(unix)]
fn unix_ids(meta: &Metadata) -> (u64, u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino(), meta.nlink())
}

#[cfg(not(unix))]
fn unix_ids(_: &Metadata) -> (u64, u64, u64) {
    (0, 0, 1)
}

pub fn fd_filestat_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, fd: u32, out: u32) -> WasiResult {
    let meta = match ctx.entry(fd)? {
        Entry::File(f) => Some(f.file.metadata()?),
        Entry::Dir(d) => Some(std::fs::metadata(d.host_path())?),
        _ => None,
    };
    write_filestat(mem, out, meta.as_ref(), ctx.deterministic)
}

pub fn fd_filestat_set_size(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32, size: u64) -> WasiResult {
    let f = ctx.file(fd)?;
    if !f.write {
        return Err(Errno::BADF.into());
    }
    f.file.set_len(size)?;
    Ok(())
}

const FSTFLAGS_ATIM: u32 = 1;
const FSTFLAGS_ATIM_NOW: u32 = 2;
const FSTFLAGS_MTIM: u32 = 4;
const FSTFLAGS_MTIM_NOW: u32 = 8;

/// The `FileTimes` that `fst_flags` asks for.
pub fn file_times(atim: u64, mtim: u64, flags: u32) -> Result<std::fs::FileTimes, Errno> {
    if (flags & FSTFLAGS_ATIM != 0 && flags & FSTFLAGS_ATIM_NOW != 0)
        || (flags & FSTFLAGS_MTIM != 0 && flags & FSTFLAGS_MTIM_NOW != 0)
        || flags > 15
    {
        return Err(Errno::INVAL);
    }
    let at = |ns: u64| SystemTime::UNIX_EPOCH + Duration::from_nanos(ns);
    let mut times = std::fs::FileTimes::new();
    if flags & FSTFLAGS_ATIM != 0 {
        times = times.set_accessed(at(atim));
    }
    if flags & FSTFLAGS_ATIM_NOW != 0 {
        times = times.set_accessed(SystemTime::now());
    }
    if flags & FSTFLAGS_MTIM != 0 {
        times = times.set_modified(at(mtim));
    }
    if flags & FSTFLAGS_MTIM_NOW != 0 {
        times = times.set_modified(SystemTime::now());
    }
    Ok(times)
}

pub fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    ctx.entry(fd)?;
    let times = file_times(atim, mtim, flags)?;
    match ctx.entry(fd)? {
        Entry::File(f) if f.write => f.file.set_times(times)?,
        Entry::File(_) => return Err(Errno::BADF.into()),
        Entry::Dir(d) if d.writable => File::open(d.host_path())?.set_times(times)?,
        Entry::Dir(_) => return Err(Errno::ROFS.into()),
        _ => return Err(Errno::BADF.into()),
    }
    Ok(())
}

pub fn fd_prestat_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, fd: u32, out: u32) -> WasiResult {
    match ctx.entry(fd)? {
        Entry::Dir(Dir {
            preopen: Some(name),
            ..
        }) => {
            let len = name.len() as u32;
            mem.write(out, &[0; 8])?;
            mem.write_u32(out + 4, len)?;
            Ok(())
        }
        _ => Err(Errno::BADF.into()),
    }
}

pub fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    buf: u32,
    len: u32,
) -> WasiResult {
    match ctx.entry(fd)? {
        Entry::Dir(Dir {
            preopen: Some(name),
            ..
        }) => {
            if (len as usize) < name.len() {
                return Err(Errno::NAMETOOLONG.into());
            }
            let name = name.clone();
            mem.write(buf, name.as_bytes())?;
            Ok(())
        }
        _ => Err(Errno::BADF.into()),
    }
}

/// Reads into the iovecs with `read(buf)` until one comes back short.
fn read_into(
    mem: &mut Mem<'_>,
    iovs: u32,
    count: u32,
    mut read: impl FnMut(&mut [u8]) -> std::io::Result<usize>,
) -> Result<u32, Fail> {
    let mut total = 0u32;
    for (ptr, len) in mem.iovecs(iovs, count)? {
        let buf = mem.slice_mut(ptr, len)?;
        let n = read(buf)?;
        total = total.saturating_add(n as u32);
        if n < len as usize {
            break;
        }
    }
    Ok(total)
}

/// The bytes the iovecs point at, concatenated.
fn gather(mem: &Mem<'_>, iovs: u32, count: u32) -> Result<Vec<u8>, Errno> {
    let mut data = Vec::new();
    for (ptr, len) in mem.iovecs(iovs, count)? {
        data.extend_from_slice(mem.slice(ptr, len)?);
    }
    Ok(data)
}

pub fn fd_read(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    out: u32,
) -> WasiResult {
    let stdin = ctx.stdin;
    transfer(mem, out, |mem| match ctx.entry(fd)? {
        Entry::Stdin if stdin => read_into(mem, iovs, count, |b| std::io::stdin().read(b)),
        Entry::Stdin => read_into(mem, iovs, count, |_| Ok(0)),
        Entry::File(f) if f.read => read_into(mem, iovs, count, |b| f.file.read(b)),
        Entry::Dir(_) => Err(Errno::ISDIR.into()),
        _ => Err(Errno::BADF.into()),
    })
}

pub fn fd_pread(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    out: u32,
) -> WasiResult {
    transfer(mem, out, |mem| {
        let file = ctx.file_for(fd, |f| f.read)?;
        let mut at = offset;
        read_into(mem, iovs, count, |b| {
            let n = read_at(file, b, at)?;
            at += n as u64;
            Ok(n)
        })
    })
}

pub fn fd_write(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    out: u32,
) -> WasiResult {
    transfer(mem, out, |mem| {
        let data = gather(mem, iovs, count)?;
        match ctx.entry(fd)? {
            Entry::Stdout => {
                ctx.write_output(1, &data)?;
                ctx.activity.stdout_bytes += data.len() as u64;
            }
            Entry::Stderr => {
                ctx.write_output(2, &data)?;
                ctx.activity.stderr_bytes += data.len() as u64;
            }
            Entry::File(f) if f.write => f.file.write_all(&data)?,
            Entry::Dir(_) => return Err(Errno::ISDIR.into()),
            _ => return Err(Errno::BADF.into()),
        }
        Ok(data.len() as u32)
    })
}

pub fn fd_pwrite(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    iovs: u32,
    count: u32,
    offset: u64,
    out: u32,
) -> WasiResult {
    transfer(mem, out, |mem| {
        let data = gather(mem, iovs, count)?;
        write_at(ctx.file_for(fd, |f| f.write)?, &data, offset)?;
        Ok(data.len() as u32)
    })
}

/// The plumbing of the four transfers: `out` must be writable before
/// anything moves, then gets the number of bytes `transfer` moved.
fn transfer(
    mem: &mut Mem<'_>,
    out: u32,
    transfer: impl FnOnce(&mut Mem<'_>) -> Result<u32, Fail>,
) -> WasiResult {
    mem.slice(out, 4)?;
    let n = transfer(mem)?;
    mem.write_u32(out, n)?;
    Ok(())
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

#[cfg(unix)]
fn write_at(file: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

/// Elsewhere (Windows, and WASI, where wizer-lite may itself run): seek,
/// transfer, and seek back, which has the same effect for a descriptor no
/// one else is using at the same time.
#[cfg(not(unix))]
fn read_at(mut file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let saved = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let n = file.read(buf);
    file.seek(SeekFrom::Start(saved))?;
    n
}

#[cfg(not(unix))]
fn write_at(mut file: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    let saved = file.stream_position()?;
    file.seek(SeekFrom::Start(offset))?;
    let result = file.write_all(buf);
    file.seek(SeekFrom::Start(saved))?;
    result
}

const DIRENT_SIZE: usize = 24;

pub fn fd_readdir(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    buf: u32,
    len: u32,
    cookie: u64,
    out: u32,
) -> WasiResult {
    mem.slice_mut(buf, len)?;
    mem.slice(out, 4)?;
    let dir = ctx
        .dir(fd)
        .map_err(|e| if e == Errno::NOTDIR { Errno::BADF } else { e })?;
    let host = dir.host_path();
    // ".", "..", then the entries by name: a stable order, so that the
    // snapshot does not depend on the host file system's.
    let mut entries: Vec<(String, u8, u64)> = vec![
        (".".into(), FILETYPE_DIRECTORY, 0),
        ("..".into(), FILETYPE_DIRECTORY, 0),
    ];
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&host)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let meta = entry.metadata().ok();
        let filetype = match meta.as_ref().map(|m| m.file_type()) {
            Some(t) if t.is_symlink() => FILETYPE_SYMBOLIC_LINK,
            Some(t) if t.is_dir() => FILETYPE_DIRECTORY,
            Some(t) if t.is_file() => FILETYPE_REGULAR_FILE,
            _ => FILETYPE_UNKNOWN,
        };
        let ino = match &meta {
            Some(m) if !ctx.deterministic => unix_ids(m).1,
            _ => 0,
        };
        names.push((name, filetype, ino));
    }
    names.sort();
    entries.extend(names);

    let mut used = 0usize;
    let capacity = len as usize;
    for (i, (name, filetype, ino)) in entries.iter().enumerate().skip(cookie as usize) {
        let mut record = vec![0u8; DIRENT_SIZE];
        record[0..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
        record[8..16].copy_from_slice(&ino.to_le_bytes());
        record[16..20].copy_from_slice(&(name.len() as u32).to_le_bytes());
        record[20] = *filetype;
        record.extend_from_slice(name.as_bytes());
        let room = capacity - used;
        let n = record.len().min(room);
        mem.write(buf + used as u32, &record[..n])?;
        used += n;
        if used == capacity {
            break;
        }
    }
    mem.write_u32(out, used as u32)?;
    Ok(())
}

pub fn fd_renumber(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32, to: u32) -> WasiResult {
    if !ctx.fds.contains_key(&to) {
        return Err(Errno::BADF.into());
    }
    let entry = ctx.fds.remove(&fd).ok_or(Errno::BADF)?;
    ctx.fds.insert(to, entry);
    Ok(())
}

pub fn fd_seek(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    offset: u64,
    whence: u32,
    out: u32,
) -> WasiResult {
    mem.slice(out, 8)?;
    let f = ctx.file(fd)?;
    let offset = offset as i64;
    let pos = match whence {
        0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::INVAL)?),
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return Err(Errno::INVAL.into()),
    };
    let at = f.file.seek(pos)?;
    mem.write_u64(out, at)?;
    Ok(())
}

pub fn fd_tell(ctx: &mut WasiCtx, mem: &mut Mem<'_>, fd: u32, out: u32) -> WasiResult {
    mem.slice(out, 8)?;
    let at = ctx.file(fd)?.file.stream_position()?;
    mem.write_u64(out, at)?;
    Ok(())
}
