//! Paths: sandboxed resolution beneath a preopen, and the `path_*`
//! functions.
//!
//! [`resolve`] walks a guest path one component at a time, keeping the
//! components below the preopen's (canonical) root. `..` pops a component
//! and is refused at the root; an absolute path or an absolute symlink is
//! refused; a relative symlink is replaced by its target's components,
//! resolved by the same rules, so a link that climbs out is refused when its
//! `..` reaches the root; more than [`MAX_SYMLINKS`] links is `ELOOP`. The
//! host path handed to the OS is always `root/component/...` with every
//! component checked. (A host process that swaps a checked directory for a
//! symlink between the check and the use is outside this threat model: the
//! guest cannot do that itself.)

use super::fd::{file_times, write_filestat};
use super::{Errno, Mem, WasiCtx, WasiResult};
use crate::wasi::host::{Entry, OpenFile, Resolved, resolve};
use std::path::PathBuf;

const LOOKUP_SYMLINK_FOLLOW: u32 = 1;
const OFLAGS_CREAT: u32 = 1;
const OFLAGS_DIRECTORY: u32 = 2;
const OFLAGS_EXCL: u32 = 4;
const OFLAGS_TRUNC: u32 = 8;
const FDFLAGS_APPEND: u32 = 1;
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_WRITE: u64 = 1 << 6;

/// Reads the guest path and resolves it beneath descriptor `fd`.
fn lookup(
    ctx: &mut WasiCtx,
    mem: &Mem<'_>,
    fd: u32,
    ptr: u32,
    len: u32,
    follow: bool,
) -> Result<Resolved, Errno> {
    let path = mem.str(ptr, len)?;
    let dir = ctx.dir(fd)?;
    resolve(&dir, path, follow)
}

pub fn path_open(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    dirflags: u32,
    p: u32,
    p_len: u32,
    oflags: u32,
    base: u64,
    _inheriting: u64,
    fdflags: u32,
    out: u32,
) -> WasiResult {
    mem.slice(out, 4)?;
    let follow = dirflags & LOOKUP_SYMLINK_FOLLOW != 0;
    let target = lookup(ctx, mem, fd, p, p_len, follow)?;
    let host = target.host_path();
    let existing = std::fs::symlink_metadata(&host).ok();
    if existing
        .as_ref()
        .is_some_and(|m| m.file_type().is_symlink())
    {
        // Only reachable without SYMLINK_FOLLOW: O_NOFOLLOW semantics.
        return Err(Errno::LOOP.into());
    }
    let is_dir = existing.as_ref().is_some_and(|m| m.is_dir());
    let read = base & RIGHT_FD_READ != 0;
    let write = base & RIGHT_FD_WRITE != 0;
    let (create, excl, trunc) = (
        oflags & OFLAGS_CREAT != 0,
        oflags & OFLAGS_EXCL != 0,
        oflags & OFLAGS_TRUNC != 0,
    );
    if (write || create || trunc) && !target.dir.writable {
        return Err(Errno::ROFS.into());
    }
    if create && excl && existing.is_some() {
        return Err(Errno::EXIST.into());
    }
    if oflags & OFLAGS_DIRECTORY != 0 || target.must_be_dir || is_dir {
        if existing.is_none() {
            return Err(Errno::NOENT.into());
        }
        if !is_dir {
            return Err(Errno::NOTDIR.into());
        }
        if write || trunc {
            return Err(Errno::ISDIR.into());
        }
        record(ctx, &target, "directory");
        let new = ctx.insert(Entry::Dir(target.dir))?;
        mem.write_u32(out, new)?;
        return Ok(());
    }
    let append = fdflags & FDFLAGS_APPEND != 0;
    let mut options = std::fs::OpenOptions::new();
    // The host file is opened writable when creating or truncating even for
    // a read-only descriptor; the descriptor's own flags still refuse writes.
    options
        .read(read || !write)
        .write(write || create || trunc)
        .append(append && write)
        .create(create && !excl)
        .create_new(create && excl)
        .truncate(trunc);
    let file = options.open(&host)?;
    let mode = match (read || !write, write) {
        (true, true) => "read-write",
        (false, true) => "write",
        _ => "read",
    };
    record(ctx, &target, mode);
    let new = ctx.insert(Entry::File(OpenFile {
        file,
        read: read || !write,
        write,
        append,
    }))?;
    mem.write_u32(out, new)?;
    Ok(())
}

/// Notes an opened path in the activity record.
fn record(ctx: &mut WasiCtx, target: &Resolved, mode: &'static str) {
    ctx.activity.opened.push(super::Opened {
        guest_path: target.dir.guest_path(),
        host_path: target.host_path().to_string_lossy().into_owned(),
        mode,
    });
}

pub fn path_create_directory(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    p: u32,
    p_len: u32,
) -> WasiResult {
    change_directory(ctx, mem, (fd, p, p_len), Errno::EXIST, std::fs::create_dir)
}

/// Creates or removes (`change`) the directory at a path beneath a
/// writable preopen; the preopen itself is `at_root`.
fn change_directory(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    (fd, p, p_len): (u32, u32, u32),
    at_root: Errno,
    change: fn(PathBuf) -> std::io::Result<()>,
) -> WasiResult {
    let target = lookup(ctx, mem, fd, p, p_len, false)?.writable()?;
    if target.is_root() {
        return Err(at_root.into());
    }
    change(target.host_path())?;
    Ok(())
}

pub fn path_filestat_get(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    flags: u32,
    p: u32,
    p_len: u32,
    out: u32,
) -> WasiResult {
    let follow = flags & LOOKUP_SYMLINK_FOLLOW != 0;
    let target = lookup(ctx, mem, fd, p, p_len, follow)?;
    let meta = std::fs::symlink_metadata(target.host_path())?;
    write_filestat(mem, out, Some(&meta), ctx.deterministic)
}

pub fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    flags: u32,
    p: u32,
    p_len: u32,
    atim: u64,
    mtim: u64,
    fst: u32,
) -> WasiResult {
    ctx.dir(fd)?;
    let times = file_times(atim, mtim, fst)?;
    let follow = flags & LOOKUP_SYMLINK_FOLLOW != 0;
    let target = lookup(ctx, mem, fd, p, p_len, follow)?.writable()?;
    let host = target.host_path();
    if std::fs::symlink_metadata(&host)?.file_type().is_symlink() {
        // Setting a link's own times has no portable std API.
        return Err(Errno::NOTSUP.into());
    }
    std::fs::File::open(&host)?.set_times(times)?;
    Ok(())
}

pub fn path_link(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    old_fd: u32,
    flags: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let follow = flags & LOOKUP_SYMLINK_FOLLOW != 0;
    let from = lookup(ctx, mem, old_fd, old, old_len, follow)?;
    let to = lookup(ctx, mem, new_fd, new, new_len, false)?.writable()?;
    std::fs::hard_link(from.host_path(), to.host_path())?;
    Ok(())
}

pub fn path_readlink(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    p: u32,
    p_len: u32,
    buf: u32,
    buf_len: u32,
    out: u32,
) -> WasiResult {
    mem.slice_mut(buf, buf_len)?;
    mem.slice(out, 4)?;
    let target = lookup(ctx, mem, fd, p, p_len, false)?;
    let link = std::fs::read_link(target.host_path())?;
    let link = link.to_str().ok_or(Errno::INVAL)?.as_bytes().to_vec();
    let n = link.len().min(buf_len as usize);
    mem.write(buf, &link[..n])?;
    mem.write_u32(out, n as u32)?;
    Ok(())
}

pub fn path_remove_directory(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    p: u32,
    p_len: u32,
) -> WasiResult {
    change_directory(ctx, mem, (fd, p, p_len), Errno::INVAL, std::fs::remove_dir)
}

pub fn path_rename(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    old: u32,
    old_len: u32,
    new_fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let from = lookup(ctx, mem, fd, old, old_len, false)?.writable()?;
    let to = lookup(ctx, mem, new_fd, new, new_len, false)?.writable()?;
    if from.is_root() || to.is_root() {
        return Err(Errno::INVAL.into());
    }
    std::fs::rename(from.host_path(), to.host_path())?;
    Ok(())
}

/// Creates a symlink; its target is kept as text, and an absolute one is
/// refused (it could never be followed anyway).
pub fn path_symlink(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    old: u32,
    old_len: u32,
    fd: u32,
    new: u32,
    new_len: u32,
) -> WasiResult {
    let target = mem.str(old, old_len)?.to_string();
    if target.starts_with('/') {
        return Err(Errno::NOTCAPABLE.into());
    }
    let at = lookup(ctx, mem, fd, new, new_len, false)?.writable()?;
    symlink(&target, &at.host_path())?;
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &str, at: &std::path::Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn symlink(_: &str, _: &std::path::Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

pub fn path_unlink_file(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    fd: u32,
    p: u32,
    p_len: u32,
) -> WasiResult {
    let target = lookup(ctx, mem, fd, p, p_len, false)?.writable()?;
    let host = target.host_path();
    if std::fs::symlink_metadata(&host)?.is_dir() {
        return Err(Errno::ISDIR.into());
    }
    std::fs::remove_file(host)?;
    Ok(())
}
