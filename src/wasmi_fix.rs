//! Work around a miscompilation in wasmi 2.0.0 (the latest release; the
//! code is unchanged upstream as of this writing) before wasmi sees the
//! code.
//!
//! wasmi fuses `select` with a condition computed by `i32.eqz`, `i32.eq _ 0`
//! or `i32.ne _ 0` (`try_fuse_select` in its translator): it drops the
//! comparison and lets `select` test the comparison's operand instead,
//! swapping the two values for `eqz`. That is right when the operand is in
//! wasmi's accumulator register, but when it is in a stack slot (a local, or
//! a spilled temporary), the fused `select` still tests the register, which
//! holds whatever was computed last. With `$zero` holding 0,
//!
//! ```wat
//! (i32.add (memory.size) (select (i32.const 1) (i32.const 0) (i32.eqz (local.get $zero))))
//! ```
//!
//! gives 1 instead of 2 in a one-page memory, and a division guarded by
//! such a `select` traps (found by comparing snapshots with Wizer's on
//! wasm-smith modules).
//!
//! The guard: a `local.tee` of a fresh i32 local right before each such
//! `select`. The comparison then writes a local, which wasmi never fuses
//! (a local is observable), and `select` tests that local. The code's
//! meaning is unchanged; only the module wasmi runs is guarded, never the
//! output.
//!
//! The comparison need not come right before the `select`: wasmi emits
//! nothing for some operators (a constant, a `local.get` dropped again or
//! stored back into its own local, a `select` between two equal values or
//! on a constant condition), and the comparison stays pending across them.
//! So in a body that is decoded, every `select` after the body's first
//! comparison is guarded.
//!
//! Which bodies are decoded: every body whose bytes hold a comparison
//! opcode byte and, after it, a `select` opcode byte, whatever the module's
//! size. A body without both cannot hold the form, so the guarantee is
//! unconditional; the cost is decoding 60-80% of a program's code (the
//! bytes also occur in immediates), on all cores: 4-7 ms on the 1 MB
//! benchmark programs, 28 ms on a 9 MB one (BENCHMARKS.md). An earlier
//! filter that only decoded the form compilers emit (a comparison right
//! before the `select`) in modules over 256 KiB missed the form reached
//! across no-code operators, and was dropped.
//!
//! `wasmi-select-fusion.md`, beside this file, describes the bug for
//! wasmi's maintainers.

use crate::parse::ModuleInfo;
use crate::threads;
use wasm_encoder::Encode;
use wasmparser::{FunctionBody, VisitOperator, VisitSimdOperator};

const I32_EQZ: u8 = 0x45;
const I32_EQ: u8 = 0x46;
const I32_NE: u8 = 0x47;
const SELECT: u8 = 0x1b;
const TYPED_SELECT: u8 = 0x1c;
const LOCAL_TEE: u8 = 0x22;
const I32: u8 = 0x7f;

/// wasmparser's (and so wasmi's) limit on a function's locals.
const MAX_LOCALS: u64 = 50_000;

/// A module fit to run under wasmi 2.0.0: every `select` it would
/// miscompile is guarded. Only [`Guarded::new`] makes one, so the engine,
/// which takes nothing else, cannot be handed an unguarded module.
pub struct Guarded(Vec<u8>);

impl Guarded {
    /// `wasm`, guarded where it needs it (on all cores).
    pub fn new(mut wasm: Vec<u8>) -> Self {
        guard_in_place(&mut wasm);
        Guarded(wasm)
    }

    /// The module's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// The module's bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// `wasm` with the guard applied, or `None` if nothing needs it (or it does
/// not parse: wasmi then reports why).
pub fn guard_module(wasm: &[u8]) -> Option<Vec<u8>> {
    let mut guarded = wasm.to_vec();
    guard_in_place(&mut guarded).then_some(guarded)
}

/// Guards `wasm` where it needs it, in its own buffer; whether it did.
///
/// The code section is replaced where it lies, which moves only the
/// sections after it: building a new module instead cost 1 ms on a 1.4 MB
/// module, a quarter of the guard, mostly in faulting in the new buffer.
fn guard_in_place(wasm: &mut Vec<u8>) -> bool {
    const CODE_SECTION: u8 = wasm_encoder::SectionId::Code as u8;
    let Ok(info) = ModuleInfo::parse(wasm) else {
        return false;
    };
    let Some(code) = guarded_code(&info) else {
        return false;
    };
    // Sections are contiguous: the code section's id byte is where the
    // section before it ends.
    let Some(at) = info.sections.iter().position(|s| s.id == CODE_SECTION) else {
        return false;
    };
    let start = match at {
        0 => wasm_encoder::Module::HEADER.len(),
        _ => info.sections[at - 1].range.end,
    };
    let end = info.sections[at].range.end;
    drop(info);
    // What follows the code section (data, custom sections) moves; the
    // code is copied once, not byte by byte.
    let tail = wasm.split_off(end);
    wasm.truncate(start);
    wasm.reserve(6 + code.len() + tail.len());
    wasm.push(CODE_SECTION);
    code.len().encode(wasm);
    wasm.extend_from_slice(&code);
    wasm.extend_from_slice(&tail);
    true
}

/// The bytes of `wasm`'s code and of the bodies the guard decodes (zero
/// and zero if it does not parse), for the benchmark.
pub fn stats(wasm: &[u8]) -> (usize, usize) {
    let Ok(info) = ModuleInfo::parse(wasm) else {
        return (0, 0);
    };
    let sizes = info.bodies.iter().map(|b| b.as_bytes());
    let code = sizes.clone().map(<[u8]>::len).sum();
    let decoded = sizes.filter(|b| may_hold_both(b)).map(<[u8]>::len).sum();
    (code, decoded)
}

/// The contents of the module's code section (count and bodies) with every
/// `select` wasmi would miscompile guarded, or `None` if no body needs it.
fn guarded_code(info: &ModuleInfo<'_>) -> Option<Vec<u8>> {
    let code_bytes: usize = info.bodies.iter().map(|b| b.as_bytes().len()).sum();
    let candidates: Vec<usize> = (0..info.bodies.len())
        .filter(|&i| may_hold_both(info.bodies[i].as_bytes()))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // Decoding is the cost: the candidates are shared out by size among
    // this thread and the spare cores.
    let len = |&i: &usize| info.bodies[i].as_bytes().len();
    let shares = threads::split_by_size(candidates, threads::cores(), len);
    let guarded_bodies = threads::on_threads(shares, &|share: Vec<usize>| {
        share
            .into_iter()
            .filter_map(|i| Some((i, guard_body(info, i, &info.bodies[i])?)))
            .collect::<Vec<_>>()
    });
    let mut guarded: Vec<Option<Vec<u8>>> = vec![None; info.bodies.len()];
    for (i, body) in guarded_bodies.into_iter().flatten() {
        guarded[i] = Some(body);
    }
    if guarded.iter().all(Option::is_none) {
        return None;
    }
    let mut out = Vec::with_capacity(code_bytes + 5 * (info.bodies.len() + 1));
    (info.bodies.len() as u32).encode(&mut out);
    for (body, new) in info.bodies.iter().zip(&guarded) {
        let bytes = new.as_deref().unwrap_or(body.as_bytes());
        bytes.len().encode(&mut out);
        out.extend_from_slice(bytes);
    }
    Some(out)
}

/// Whether `code` holds a comparison opcode byte and, after it, a `select`
/// opcode byte: true of every body with a `select` after a comparison (the
/// bytes may also be immediates, which only makes it say yes more often).
fn may_hold_both(code: &[u8]) -> bool {
    code.iter()
        .position(|&b| matches!(b, I32_EQZ | I32_EQ | I32_NE))
        .is_some_and(|first| {
            code[first..]
                .iter()
                .any(|&b| b == SELECT || b == TYPED_SELECT)
        })
}

/// Body `i` with a `local.tee` of a new i32 local before each `select`
/// after a comparison, or `None` if there is none (or the body
/// cannot take another local, or does not decode: validation reports that).
fn guard_body(info: &ModuleInfo<'_>, i: usize, body: &FunctionBody<'_>) -> Option<Vec<u8>> {
    let func = info.imported_funcs as usize + i;
    let params = info
        .func_types
        .get(func)
        .and_then(|&ty| info.types.get(ty as usize)?.as_ref())?
        .params()
        .len() as u64;
    let locals = body.get_locals_reader().ok()?;
    let groups = locals.get_count();
    let mut declared = 0u64;
    let mut reader = locals;
    for _ in 0..groups {
        declared += u64::from(reader.read().ok()?.0);
    }
    let ops_start = reader.original_position();
    if params + declared + 1 > MAX_LOCALS {
        return None;
    }
    let scratch = params + declared;

    // Offsets (in the module) of the `select`s to guard: all after the
    // first comparison.
    let mut at = Vec::new();
    let mut compared = false;
    let mut ops = body.get_operators_reader().ok()?;
    while !ops.eof() {
        let offset = ops.original_position();
        match ops.visit_operator(&mut Classify).ok()? {
            Kind::Cmp => compared = true,
            Kind::Select if compared => at.push(offset),
            Kind::Select | Kind::Other => {}
        }
    }
    if at.is_empty() {
        return None;
    }

    let code = body.as_bytes();
    // Module offsets to offsets in `code`.
    let base = body.range().start;
    let local = |offset: u64| usize::try_from(offset - base).ok();
    let mut tee = vec![LOCAL_TEE];
    (scratch as u32).encode(&mut tee);
    let mut out = Vec::with_capacity(code.len() + at.len() * tee.len() + 8);
    (groups + 1).encode(&mut out);
    // The original groups, after their count.
    let groups_start = local(body.get_locals_reader().ok()?.original_position())?;
    let ops_start = local(ops_start)?;
    out.extend_from_slice(code.get(groups_start..ops_start)?);
    out.extend_from_slice(&[1, I32]);
    let mut from = ops_start;
    for offset in at {
        let offset = local(offset)?;
        out.extend_from_slice(code.get(from..offset)?);
        out.extend_from_slice(&tee);
        from = offset;
    }
    out.extend_from_slice(code.get(from..)?);
    Some(out)
}

/// What matters of an operator here. Decoding through a visitor that
/// returns this is twice as fast as building wasmparser's `Operator`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `i32.eqz`, `i32.eq`, `i32.ne`.
    Cmp,
    /// `select`, typed or not.
    Select,
    Other,
}

macro_rules! kind {
    (I32Eqz) => {
        Kind::Cmp
    };
    (I32Eq) => {
        Kind::Cmp
    };
    (I32Ne) => {
        Kind::Cmp
    };
    (Select) => {
        Kind::Select
    };
    (TypedSelect) => {
        Kind::Select
    };
    (TypedSelectMulti) => {
        Kind::Select
    };
    ($other:ident) => {
        Kind::Other
    };
}

macro_rules! classify_each {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*))*) => {
        $(
            fn $visit(&mut self $($(, $arg: $argty)*)?) -> Kind {
                $($(let _ = $arg;)*)?
                kind!($op)
            }
        )*
    };
}

struct Classify;

impl<'a> VisitOperator<'a> for Classify {
    type Output = Kind;

    fn simd_visitor(&mut self) -> Option<&mut dyn VisitSimdOperator<'a, Output = Kind>> {
        Some(self)
    }

    wasmparser::for_each_visit_operator!(classify_each);
}

impl<'a> VisitSimdOperator<'a> for Classify {
    wasmparser::for_each_visit_simd_operator!(classify_each);
}

#[cfg(test)]
mod tests;
