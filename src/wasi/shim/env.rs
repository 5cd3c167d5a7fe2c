//! Args, environment, clocks, randomness, polling, exit and sockets.
//!
//! Clocks and randomness are real by default, like Wizer's. In deterministic
//! mode the realtime clock starts at 2000-01-01, the monotonic clock at one
//! second (see `host::clocks`), both advance only when the guest sleeps through
//! `poll_oneoff`, and `random_get` draws from a generator seeded by the
//! user. Whatever the guest reads is recorded in [`Activity`], so that the
//! tool can say what was frozen into the snapshot.

use super::{Errno, Fail, Mem, WasiCtx, WasiResult};

/// Writes `strings` as C strings at `buf`, with their pointers at `ptrs`.
fn write_strings(mem: &mut Mem<'_>, strings: &[String], ptrs: u32, buf: u32) -> WasiResult {
    let mut at = buf;
    for (i, s) in strings.iter().enumerate() {
        mem.write_u32(ptrs.wrapping_add(i as u32 * 4), at)?;
        mem.write(at, s.as_bytes())?;
        at = at.checked_add(s.len() as u32).ok_or(Errno::FAULT)?;
        mem.write_u8(at, 0)?;
        at = at.checked_add(1).ok_or(Errno::FAULT)?;
    }
    Ok(())
}

fn sizes(mem: &mut Mem<'_>, strings: &[String], count: u32, size: u32) -> WasiResult {
    let total: usize = strings.iter().map(|s| s.len() + 1).sum();
    mem.write_u32(count, strings.len() as u32)?;
    mem.write_u32(size, u32::try_from(total).map_err(|_| Errno::OVERFLOW)?)?;
    Ok(())
}

/// Initialization gets no arguments.
pub fn args_get(_: &mut WasiCtx, mem: &mut Mem<'_>, argv: u32, buf: u32) -> WasiResult {
    write_strings(mem, &[], argv, buf)
}

pub fn args_sizes_get(_: &mut WasiCtx, mem: &mut Mem<'_>, argc: u32, size: u32) -> WasiResult {
    sizes(mem, &[], argc, size)
}

fn env_strings(ctx: &WasiCtx) -> Vec<String> {
    ctx.env.iter().map(|(n, v)| format!("{n}={v}")).collect()
}

pub fn environ_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, environ: u32, buf: u32) -> WasiResult {
    ctx.activity.env_reads += 1;
    write_strings(mem, &env_strings(ctx), environ, buf)
}

pub fn environ_sizes_get(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    count: u32,
    size: u32,
) -> WasiResult {
    sizes(mem, &env_strings(ctx), count, size)
}

pub fn clock_res_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, id: u32, out: u32) -> WasiResult {
    ctx.clocks.now(id)?;
    mem.write_u64(out, 1)?;
    Ok(())
}

pub fn clock_time_get(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    id: u32,
    _precision: u64,
    out: u32,
) -> WasiResult {
    let now = ctx.clocks.now(id)?;
    mem.write_u64(out, now)?;
    ctx.activity.clock_reads += 1;
    Ok(())
}

pub fn random_get(ctx: &mut WasiCtx, mem: &mut Mem<'_>, buf: u32, len: u32) -> WasiResult {
    let target = mem.slice_mut(buf, len)?;
    ctx.random.fill(target);
    ctx.activity.random_bytes += len as u64;
    Ok(())
}

const SUBSCRIPTION_SIZE: u32 = 48;
const EVENT_SIZE: u32 = 32;
const EVENTTYPE_CLOCK: u8 = 0;
const SUBCLOCKFLAGS_ABSTIME: u16 = 1;

/// Clock subscriptions sleep (virtually in deterministic mode) until the
/// earliest deadline; fd subscriptions are always ready.
pub fn poll_oneoff(
    ctx: &mut WasiCtx,
    mem: &mut Mem<'_>,
    input: u32,
    output: u32,
    n: u32,
    nevents: u32,
) -> WasiResult {
    if n == 0 {
        return Err(Errno::INVAL.into());
    }
    mem.slice(input, n.checked_mul(SUBSCRIPTION_SIZE).ok_or(Errno::FAULT)?)?;
    mem.slice_mut(output, n.checked_mul(EVENT_SIZE).ok_or(Errno::FAULT)?)?;
    let mut fd_events = Vec::new();
    let mut earliest: Option<(u64, u64, u8)> = None; // (wait ns, userdata, type)
    for i in 0..n {
        let sub = input + i * SUBSCRIPTION_SIZE;
        let userdata = mem.read_u64(sub)?;
        let tag = mem.read_u8(sub + 8)?;
        match tag {
            EVENTTYPE_CLOCK => {
                let id = mem.read_u32(sub + 16)?;
                let timeout = mem.read_u64(sub + 24)?;
                let flags = mem.read_u16(sub + 40)?;
                let now = ctx.clocks.now(id)?;
                let wait = if flags & SUBCLOCKFLAGS_ABSTIME != 0 {
                    timeout.saturating_sub(now)
                } else {
                    timeout
                };
                if earliest.is_none_or(|(w, _, _)| wait < w) {
                    earliest = Some((wait, userdata, tag));
                }
            }
            1 | 2 => {
                let fd = mem.read_u32(sub + 16)?;
                let error = if ctx.fds.contains_key(&fd) {
                    0
                } else {
                    Errno::BADF.0
                };
                fd_events.push((userdata, tag, error));
            }
            _ => return Err(Errno::INVAL.into()),
        }
    }
    let mut events = Vec::new();
    if fd_events.is_empty() {
        if let Some((wait, userdata, tag)) = earliest {
            ctx.clocks.sleep(wait);
            events.push((userdata, tag, 0u16));
        }
    } else {
        events = fd_events;
    }
    for (i, (userdata, tag, error)) in events.iter().enumerate() {
        let ev = output + i as u32 * EVENT_SIZE;
        mem.write(ev, &[0; EVENT_SIZE as usize])?;
        mem.write_u64(ev, *userdata)?;
        mem.write_u16(ev + 8, *error)?;
        mem.write_u8(ev + 10, *tag)?;
    }
    mem.write_u32(nevents, events.len() as u32)?;
    Ok(())
}

pub fn sched_yield(_: &mut WasiCtx, _: &mut Mem<'_>) -> WasiResult {
    Ok(())
}

/// Signals cannot be raised in a snapshot.
pub fn proc_raise(_: &mut WasiCtx, _: &mut Mem<'_>, _signal: u32) -> WasiResult {
    Err(Fail::Errno(Errno::NOSYS))
}

/// There are no sockets: a valid descriptor is not a socket.
fn not_a_socket(ctx: &WasiCtx, fd: u32) -> WasiResult {
    if ctx.fds.contains_key(&fd) {
        Err(Errno::NOTSOCK.into())
    } else {
        Err(Errno::BADF.into())
    }
}

pub fn sock_accept(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    _flags: u32,
    _out: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

pub fn sock_recv(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    _ri: u32,
    _ri_len: u32,
    _flags: u32,
    _out_len: u32,
    _out_flags: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

pub fn sock_send(
    ctx: &mut WasiCtx,
    _: &mut Mem<'_>,
    fd: u32,
    _si: u32,
    _si_len: u32,
    _flags: u32,
    _out_len: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

pub fn sock_shutdown(ctx: &mut WasiCtx, _: &mut Mem<'_>, fd: u32, _how: u32) -> WasiResult {
    not_a_socket(ctx, fd)
}
