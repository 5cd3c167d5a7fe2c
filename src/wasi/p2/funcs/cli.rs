//! `wasi:cli`: the environment, exit, stdio and (no) terminals.

use super::*;

pub(super) fn get_environment<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
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

pub(super) fn empty_list<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    let ret = arg32(p, 0);
    cx.u32(ret, 4)?;
    cx.u32(ret + 4, 0)
}

/// An `option` that is `none`.
pub(super) fn none<T>(cx: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    cx.u8(arg32(p, 0), 0)
}

pub(super) fn exit<T>(_: &mut Cx<'_, T>, p: &[Val], _: &mut [Val]) -> Outcome {
    // `result`: 0 is ok (exit code 0), 1 is err (exit code 1).
    Err(wasmi::Error::i32_exit(if arg32(p, 0) == 0 { 0 } else { 1 }))
}

pub(super) fn get_stdin<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    r[0] = Val::I32(cx.tables().insert(Resource::Stdin) as i32);
    Ok(())
}

pub(super) fn get_stdout<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    let handle = cx.tables().insert(Resource::Output {
        fd: 1,
        offset: None,
    });
    r[0] = Val::I32(handle as i32);
    Ok(())
}

pub(super) fn get_stderr<T>(cx: &mut Cx<'_, T>, _: &[Val], r: &mut [Val]) -> Outcome {
    let handle = cx.tables().insert(Resource::Output {
        fd: 2,
        offset: None,
    });
    r[0] = Val::I32(handle as i32);
    Ok(())
}
