//! `wasi:clocks`: the wall and monotonic clocks, the shim's.

use super::*;

/// Preview1 clock `id` (0 realtime, 1 monotonic), in nanoseconds.
pub(super) fn clock<T>(cx: &mut Cx<'_, T>, id: u32) -> Result<u64, wasmi::Error> {
    let out = cx.preview1(8, |ctx, mem| env::clock_time_get(ctx, mem, id, 0, 0))?;
    let out = out.map_err(|_| trap("clock_time_get failed"))?;
    Ok(u64::from_le_bytes(out[..8].try_into().expect("8 bytes")))
}

pub(super) fn datetime<T>(cx: &mut Cx<'_, T>, at: u32, ns: u64) -> Outcome {
    cx.u64(at, ns / 1_000_000_000)?;
    cx.u32(at + 8, (ns % 1_000_000_000) as u32)
}

pub(super) fn wall_now<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ns = clock(cx, 0)?;
    datetime(cx, arg32(p, 0), ns)
}

pub(super) fn wall_resolution<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    datetime(cx, arg32(p, 0), 1)
}

pub(super) fn monotonic_now<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(clock(cx, 1)? as i64);
    Ok(())
}

pub(super) fn monotonic_resolution<T>(_: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(1);
    Ok(())
}
