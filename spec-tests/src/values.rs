//! Script values: `wast` arguments to wasmi values, and wasmi results
//! checked against `wast` expectations (NaN patterns, v128 lanes, refs).

use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::{WastArg, WastRet};
use wizer_lite::wasmi::{ExternRef, Nullable, Store, Val};

/// The host data behind `ref.extern N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostRef(pub u32);

pub fn arg(store: &mut Store<()>, arg: &WastArg<'_>) -> Result<Val, String> {
    let WastArg::Core(core) = arg else {
        return Err("component arguments are not supported".into());
    };
    Ok(match core {
        WastArgCore::I32(v) => Val::I32(*v),
        WastArgCore::I64(v) => Val::I64(*v),
        WastArgCore::F32(v) => Val::F32(wizer_lite::wasmi::F32::from_bits(v.bits)),
        WastArgCore::F64(v) => Val::F64(wizer_lite::wasmi::F64::from_bits(v.bits)),
        WastArgCore::V128(v) => Val::V128(u128::from_le_bytes(v.to_le_bytes()).into()),
        WastArgCore::RefNull(HeapType::Abstract { ty, .. }) => match ty {
            AbstractHeapType::Func | AbstractHeapType::NoFunc => Val::FuncRef(Nullable::Null),
            AbstractHeapType::Extern | AbstractHeapType::NoExtern => Val::ExternRef(Nullable::Null),
            other => return Err(format!("unsupported null reference type {other:?}")),
        },
        WastArgCore::RefExtern(n) => {
            Val::ExternRef(Nullable::Val(ExternRef::new(&mut *store, HostRef(*n))))
        }
        other => return Err(format!("unsupported argument {other:?}")),
    })
}

/// Checks `val` against an expectation.
pub fn check(store: &Store<()>, val: &Val, expected: &WastRet<'_>) -> Result<(), String> {
    let WastRet::Core(core) = expected else {
        return Err("component results are not supported".into());
    };
    if matches(store, val, core) {
        Ok(())
    } else {
        Err(format!("got {}, expected {core:?}", show(store, val)))
    }
}

fn matches(store: &Store<()>, val: &Val, expected: &WastRetCore<'_>) -> bool {
    match (expected, val) {
        (WastRetCore::I32(e), Val::I32(v)) => e == v,
        (WastRetCore::I64(e), Val::I64(v)) => e == v,
        (WastRetCore::F32(e), Val::F32(v)) => f32_matches(e, v.to_bits()),
        (WastRetCore::F64(e), Val::F64(v)) => f64_matches(e, v.to_bits()),
        (WastRetCore::V128(e), Val::V128(v)) => v128_matches(e, v.as_u128()),
        (WastRetCore::RefNull(_), Val::FuncRef(r)) => r.is_null(),
        (WastRetCore::RefNull(_), Val::ExternRef(r)) => r.is_null(),
        (WastRetCore::RefFunc(_), Val::FuncRef(r)) => !r.is_null(),
        (WastRetCore::RefExtern(e), Val::ExternRef(r)) => match (e, r.val()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(n), Some(r)) => r.data(store).downcast_ref::<HostRef>() == Some(&HostRef(*n)),
        },
        (WastRetCore::Either(options), _) => options.iter().any(|o| matches(store, val, o)),
        _ => false,
    }
}

fn f32_matches(expected: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn f64_matches(expected: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match expected {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn v128_matches(expected: &V128Pattern, bits: u128) -> bool {
    let bytes = bits.to_le_bytes();
    let lane = |i: usize, n: usize| -> u64 {
        let mut v = 0u64;
        for b in (0..n).rev() {
            v = (v << 8) | bytes[i * n + b] as u64;
        }
        v
    };
    match expected {
        V128Pattern::I8x16(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 1) == *e as u8 as u64),
        V128Pattern::I16x8(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 2) == *e as u16 as u64),
        V128Pattern::I32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| lane(i, 4) == *e as u32 as u64),
        V128Pattern::I64x2(l) => l.iter().enumerate().all(|(i, e)| lane(i, 8) == *e as u64),
        V128Pattern::F32x4(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f32_matches(e, lane(i, 4) as u32)),
        V128Pattern::F64x2(l) => l
            .iter()
            .enumerate()
            .all(|(i, e)| f64_matches(e, lane(i, 8))),
    }
}

/// A value rendered exactly, for messages and state comparison.
pub fn show(store: &Store<()>, val: &Val) -> String {
    match val {
        Val::I32(v) => format!("i32:{v}"),
        Val::I64(v) => format!("i64:{v}"),
        Val::F32(v) => format!("f32:{:#010x}", v.to_bits()),
        Val::F64(v) => format!("f64:{:#018x}", v.to_bits()),
        Val::V128(v) => format!("v128:{:#034x}", v.as_u128()),
        Val::FuncRef(r) => match r.val() {
            None => "ref.null func".into(),
            Some(_) => "ref.func".into(),
        },
        Val::ExternRef(r) => match r.val() {
            None => "ref.null extern".into(),
            Some(r) => format!("ref.extern {:?}", r.data(store).downcast_ref::<HostRef>()),
        },
    }
}
