//! `wasi:random`: random, insecure and insecure-seed, from the shim's source.

use super::*;

pub(super) fn random_bytes<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let (len, ret) = (arg64(p, 0), arg32(p, 1));
    let len = u32::try_from(len).map_err(|_| trap("too many random bytes asked for"))?;
    let bytes = cx.preview1(len as usize, |ctx, mem| env::random_get(ctx, mem, 0, len))?;
    let bytes = bytes.map_err(|_| trap("random_get failed"))?;
    let (ptr, len) = cx.bytes(&bytes, 1)?;
    cx.u32(ret, ptr)?;
    cx.u32(ret + 4, len)
}

pub(super) fn random64<T>(cx: &mut Cx<'_, T>) -> Result<u64, wasmi::Error> {
    let bytes = cx.preview1(8, |ctx, mem| env::random_get(ctx, mem, 0, 8))?;
    let bytes = bytes.map_err(|_| trap("random_get failed"))?;
    Ok(u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")))
}

pub(super) fn random_u64<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I64(random64(cx)? as i64);
    Ok(())
}

pub(super) fn insecure_seed<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    let (a, b) = (random64(cx)?, random64(cx)?);
    cx.u64(ret, a)?;
    cx.u64(ret + 8, b)
}
