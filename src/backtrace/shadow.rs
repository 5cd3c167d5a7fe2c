//! The shadow call stack: the module init ran, rewritten so that every
//! frame writes down who it is and where it is, for the replay of a failed
//! init (never for a successful run, and never into an output).
//!
//! A memory of its own (appended: no memory index shifts) holds one
//! 16-byte slot per live frame, and a global (appended) the stack pointer.
//! Each original function gets five to eight locals (appended after its
//! own: no local index shifts) and:
//!
//! - a prologue that pushes its slot: its function index, and its body's
//!   input offset as the position;
//! - before every instruction that can trap, call or loop forever, that
//!   instruction's offset **in the input file** as the slot's position, and
//!   for a memory access also the address it touches;
//! - after every call, the stack pointer reset to just past its own slot
//!   (a trap needs no pop); before a tail call, its own slot popped, as the
//!   engine replaces the frame;
//! - its own slot popped on the way out: at its end, before `return`, and
//!   around a branch to its outermost label. Within a module the caller's
//!   reset would do, but a component's core instances each have a shadow
//!   stack, and a call from another instance leaves nothing to reset it.
//!
//! ```wat
//! ;; before                       ;; after (S: shadow memory, $sp, $fp)
//! (func $f (param i32)            (func $f (param i32) (local $fp i32) ...
//!   local.get 0                     global.get $sp  local.tee $fp
//!   i32.load offset=4                 i32.const 7 (; $f ;)  i32.store S
//!   call $g)                        local.get $fp  i32.const 0x2a  i32.store S offset=4
//!                                   local.get $fp  i32.const 16  i32.add  global.set $sp
//!                                   local.get 0
//!                                   local.tee $a  (; position, then the address: ;)
//!                                   local.get $fp  i32.const 0x31  i32.store S offset=4
//!                                   local.get $fp  local.get $a  i64.extend_i32_u
//!                                   i64.store S offset=8
//!                                   i32.load offset=4
//!                                   local.get $fp  i32.const 0x35  i32.store S offset=4
//!                                   call $g
//!                                   local.get $fp  i32.const 16  i32.add  global.set $sp)
//! ```
//!
//! Bodies are re-encoded; every other section of the module init ran is
//! copied, so the replay runs the same code with the same private exports.

use crate::instrument::{PrivateNames, position};
use crate::parse::ModuleInfo;
use anyhow::{Context, Result, bail};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ConstExpr, ExportKind, ExportSection, Function, GlobalSection, GlobalType,
    Instruction, MemArg, MemorySection, MemoryType, Module, RawSection, SectionId, ValType,
};
use wasmparser::{Operator, Payload};

/// Bytes per frame: function index (u32), position (u32), address (u64).
pub const SLOT: u32 = 16;

/// The rewritten module and where its shadow stack is read.
pub struct Shadowed {
    pub wasm: Vec<u8>,
    /// The export of the shadow memory.
    pub stack_export: String,
    /// The export of the stack pointer global.
    pub sp_export: String,
    /// The shadow memory's size in bytes (its minimum and maximum).
    pub stack_bytes: usize,
}

/// Adds the shadow stack to `run`, the module init ran (instrumented from
/// `info`'s module, same code), with room for `frames` frames.
pub fn shadow(
    info: &ModuleInfo<'_>,
    run: &[u8],
    names: &PrivateNames,
    frames: usize,
) -> Result<Shadowed> {
    // Room for every frame the engine allows, and a page to spare.
    let pages = (frames as u64 * u64::from(SLOT)).div_ceil(1 << 16) + 1;
    let stack_bytes = usize::try_from(pages << 16).context("the shadow stack is too large")?;
    let (stack_export, sp_export) = (names.shadow("stack"), names.shadow("sp"));

    let mut memories = 0u32;
    let mut globals = 0u32;
    let mut sections: Vec<(u8, Section)> = Vec::new();
    let mut code_done = false;
    for payload in wasmparser::Parser::new(0).parse_all(run) {
        let payload = payload.context("bug: the instrumented module does not parse")?;
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        let raw = || {
            Section::Raw(RawSection {
                id,
                data: &run[range.start as usize..range.end as usize],
            })
        };
        let section = match payload {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    match import?.ty {
                        wasmparser::TypeRef::Memory(_) => memories += 1,
                        wasmparser::TypeRef::Global(_) => globals += 1,
                        _ => {}
                    }
                }
                raw()
            }
            Payload::MemorySection(reader) => {
                let mut out = MemorySection::new();
                memories += reader.count();
                RoundtripReencoder.parse_memory_section(&mut out, reader)?;
                Section::Memory(out)
            }
            Payload::GlobalSection(reader) => {
                let mut out = GlobalSection::new();
                globals += reader.count();
                RoundtripReencoder.parse_global_section(&mut out, reader)?;
                Section::Global(out)
            }
            Payload::ExportSection(reader) => {
                let mut out = ExportSection::new();
                RoundtripReencoder.parse_export_section(&mut out, reader)?;
                Section::Export(out)
            }
            Payload::CodeSectionStart { .. } => {
                code_done = true;
                Section::Code
            }
            _ => raw(),
        };
        sections.push((id, section));
    }
    if !code_done {
        bail!("the module has no code")
    }
    let (stack, sp) = (memories, globals);

    // The shadow memory, global and exports, in the sections of their kind
    // (made where the module has none).
    for (id, make) in [
        (
            SectionId::Memory,
            Section::Memory(MemorySection::new()) as Section,
        ),
        (SectionId::Global, Section::Global(GlobalSection::new())),
    ] {
        if !sections.iter().any(|(i, _)| *i == u8::from(id)) {
            let at = sections
                .iter()
                .position(|(i, _)| position(*i) > position(id.into()))
                .unwrap_or(sections.len());
            sections.insert(at, (id.into(), make));
        }
    }
    let code = Bodies { info, stack, sp }.code()?;
    let mut module = Module::new();
    for (_, section) in &mut sections {
        match section {
            Section::Raw(raw) => {
                module.section(raw);
            }
            Section::Memory(s) => {
                s.memory(MemoryType {
                    minimum: pages,
                    maximum: Some(pages),
                    memory64: false,
                    shared: false,
                    page_size_log2: None,
                });
                module.section(s);
            }
            Section::Global(s) => {
                s.global(
                    GlobalType {
                        val_type: ValType::I32,
                        mutable: true,
                        shared: false,
                    },
                    &ConstExpr::i32_const(0),
                );
                module.section(s);
            }
            Section::Export(s) => {
                s.export(&stack_export, ExportKind::Memory, stack);
                s.export(&sp_export, ExportKind::Global, sp);
                module.section(s);
            }
            Section::Code => {
                module.section(&code);
            }
        }
    }
    Ok(Shadowed {
        wasm: module.finish(),
        stack_export,
        sp_export,
        stack_bytes,
    })
}

/// A section of the rewritten module.
enum Section<'a> {
    Raw(RawSection<'a>),
    Memory(MemorySection),
    Global(GlobalSection),
    Export(ExportSection),
    /// The code section, rewritten from the input's bodies.
    Code,
}

/// Rewrites function bodies.
struct Bodies<'i, 'a> {
    info: &'i ModuleInfo<'a>,
    /// The shadow memory's index.
    stack: u32,
    /// The stack pointer's global index.
    sp: u32,
}

/// The locals added to each function, after its own, in this order.
const FP: u32 = 0;
const ADDR32: u32 = 1;
const ADDR64: u32 = 2;
const VAL_I32: u32 = 3;
const VAL_I64: u32 = 4;
const VAL_F32: u32 = 5;
const VAL_F64: u32 = 6;
/// Declared only where a body stores a v128.
const VAL_V128: u32 = 7;

impl Bodies<'_, '_> {
    /// The code section: the input's bodies rewritten, then whatever the
    /// instrument stage appended (probes), which init never calls.
    fn code(&self) -> Result<CodeSection> {
        let mut code = CodeSection::new();
        for (i, body) in self.info.bodies.iter().enumerate() {
            let index = self.info.imported_funcs + i as u32;
            let f = self
                .body(index, body)
                .with_context(|| format!("failed to add the shadow stack to function {index}"))?;
            code.function(&f);
        }
        Ok(code)
    }

    fn memarg(&self, offset: u64, align: u32) -> MemArg {
        MemArg {
            offset,
            align,
            target: wasm_encoder::MemArgTarget::Memory(self.stack),
            ordering: None,
        }
    }

    /// Whether memory `index` is 64-bit.
    fn is_64(&self, index: u32) -> bool {
        index
            .checked_sub(self.info.imported_memories)
            .and_then(|i| self.info.memories.get(i as usize))
            .is_some_and(|m| m.memory64)
    }

    fn body<'b>(&self, index: u32, body: &wasmparser::FunctionBody<'b>) -> Result<Function> {
        let ty = self
            .info
            .func_type(index)
            .context("the function has no function type")?;
        let mut locals = Vec::new();
        let mut base = ty.params().len() as u32;
        for local in body.get_locals_reader()? {
            let (count, ty) = local?;
            base = base
                .checked_add(count)
                .context("too many locals for a shadow stack")?;
            locals.push((count, RoundtripReencoder.val_type(ty)?));
        }
        let local = |k: u32| base + k;
        let mut out: Vec<Instruction<'b>> = Vec::new();
        let mut v128 = false;
        let fp = local(FP);
        let record = |out: &mut Vec<Instruction<'b>>, offset: u64| {
            out.extend([
                Instruction::LocalGet(fp),
                Instruction::I32Const(offset as u32 as i32),
                Instruction::I32Store(self.memarg(4, 2)),
            ]);
        };
        let reset = |out: &mut Vec<Instruction<'b>>, past: bool| {
            out.push(Instruction::LocalGet(fp));
            if past {
                out.extend([Instruction::I32Const(SLOT as i32), Instruction::I32Add]);
            }
            out.push(Instruction::GlobalSet(self.sp));
        };

        // The prologue: push this frame's slot.
        let ops = body.get_operators_reader()?;
        out.extend([
            Instruction::GlobalGet(self.sp),
            Instruction::LocalTee(fp),
            Instruction::I32Const(index as i32),
            Instruction::I32Store(self.memarg(0, 2)),
        ]);
        record(&mut out, body.range().start);
        reset(&mut out, true);

        // Open blocks, the function's own not counted: a branch of this
        // depth leaves the function.
        let mut depth = 0u32;
        let mut reader = ops;
        while !reader.eof() {
            let (op, offset) = reader.read_with_offset()?;
            if let Some(access) = memory_op(&op) {
                // Keep the address (and the value above it), write the
                // position and the address, put them back.
                let memory = access.memory;
                let addr = local(if self.is_64(memory) { ADDR64 } else { ADDR32 });
                let value = access.value.map(|ty| {
                    local(match ty {
                        ValType::I32 => VAL_I32,
                        ValType::I64 => VAL_I64,
                        ValType::F32 => VAL_F32,
                        ValType::F64 => VAL_F64,
                        _ => {
                            v128 = true;
                            VAL_V128
                        }
                    })
                });
                if let Some(value) = value {
                    out.push(Instruction::LocalSet(value));
                }
                out.push(Instruction::LocalTee(addr));
                record(&mut out, offset);
                out.extend([Instruction::LocalGet(fp), Instruction::LocalGet(addr)]);
                if !self.is_64(memory) {
                    out.push(Instruction::I64ExtendI32U);
                }
                out.push(Instruction::I64Store(self.memarg(8, 3)));
                if let Some(value) = value {
                    out.push(Instruction::LocalGet(value));
                }
                out.push(RoundtripReencoder.instruction(op)?);
                continue;
            }
            match op {
                Operator::Call { .. }
                | Operator::CallIndirect { .. }
                | Operator::CallRef { .. } => {
                    record(&mut out, offset);
                    out.push(RoundtripReencoder.instruction(op)?);
                    reset(&mut out, true);
                }
                Operator::ReturnCall { .. }
                | Operator::ReturnCallIndirect { .. }
                | Operator::ReturnCallRef { .. } => {
                    record(&mut out, offset);
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::Loop { .. } => {
                    // Inside the loop: each turn records it.
                    depth += 1;
                    out.push(RoundtripReencoder.instruction(op)?);
                    record(&mut out, offset);
                }
                Operator::Block { .. }
                | Operator::If { .. }
                | Operator::TryTable { .. }
                | Operator::Try { .. } => {
                    depth += 1;
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::End if depth == 0 => {
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::End => {
                    depth -= 1;
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::Return => {
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::Br { relative_depth } if relative_depth == depth => {
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                Operator::BrIf { relative_depth }
                | Operator::BrOnNull { relative_depth }
                | Operator::BrOnNonNull { relative_depth }
                    if relative_depth == depth =>
                {
                    // Popped if it leaves; pushed back if it does not.
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                    reset(&mut out, true);
                }
                Operator::BrTable { ref targets }
                    if targets.default() == depth
                        && targets.targets().all(|t| t.is_ok_and(|t| t == depth)) =>
                {
                    reset(&mut out, false);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                _ if traps(&op) => {
                    record(&mut out, offset);
                    out.push(RoundtripReencoder.instruction(op)?);
                }
                _ => out.push(RoundtripReencoder.instruction(op)?),
            }
        }
        locals.extend([
            (1, ValType::I32),
            (1, ValType::I32),
            (1, ValType::I64),
            (1, ValType::I32),
            (1, ValType::I64),
            (1, ValType::F32),
            (1, ValType::F64),
        ]);
        if v128 {
            locals.push((1, ValType::V128));
        }
        let mut f = Function::new(locals);
        for i in &out {
            f.instruction(i);
        }
        Ok(f)
    }
}

/// A load or store (lane accesses included): the memory it touches, its
/// static offset and width, and the type of the value an instruction
/// takes above the address (stores and lane loads), if any.
pub struct MemoryOp {
    pub memory: u32,
    pub offset: u64,
    pub width: u32,
    pub value: Option<ValType>,
}

/// The [`MemoryOp`] `op` is, if it is one.
pub fn memory_op(op: &Operator<'_>) -> Option<MemoryOp> {
    use Operator as O;
    const I32: Option<ValType> = Some(ValType::I32);
    const I64: Option<ValType> = Some(ValType::I64);
    const V128: Option<ValType> = Some(ValType::V128);
    let (memarg, width, value) = match op {
        O::I32Load8S { memarg }
        | O::I32Load8U { memarg }
        | O::I64Load8S { memarg }
        | O::I64Load8U { memarg }
        | O::V128Load8Splat { memarg } => (memarg, 1, None),
        O::I32Load16S { memarg }
        | O::I32Load16U { memarg }
        | O::I64Load16S { memarg }
        | O::I64Load16U { memarg }
        | O::V128Load16Splat { memarg } => (memarg, 2, None),
        O::I32Load { memarg }
        | O::F32Load { memarg }
        | O::I64Load32S { memarg }
        | O::I64Load32U { memarg }
        | O::V128Load32Splat { memarg }
        | O::V128Load32Zero { memarg } => (memarg, 4, None),
        O::I64Load { memarg }
        | O::F64Load { memarg }
        | O::V128Load8x8S { memarg }
        | O::V128Load8x8U { memarg }
        | O::V128Load16x4S { memarg }
        | O::V128Load16x4U { memarg }
        | O::V128Load32x2S { memarg }
        | O::V128Load32x2U { memarg }
        | O::V128Load64Splat { memarg }
        | O::V128Load64Zero { memarg } => (memarg, 8, None),
        O::V128Load { memarg } => (memarg, 16, None),
        O::I32Store8 { memarg } => (memarg, 1, I32),
        O::I32Store16 { memarg } => (memarg, 2, I32),
        O::I32Store { memarg } => (memarg, 4, I32),
        O::I64Store8 { memarg } => (memarg, 1, I64),
        O::I64Store16 { memarg } => (memarg, 2, I64),
        O::I64Store32 { memarg } => (memarg, 4, I64),
        O::I64Store { memarg } => (memarg, 8, I64),
        O::F32Store { memarg } => (memarg, 4, Some(ValType::F32)),
        O::F64Store { memarg } => (memarg, 8, Some(ValType::F64)),
        O::V128Store { memarg } => (memarg, 16, V128),
        O::V128Load8Lane { memarg, .. } | O::V128Store8Lane { memarg, .. } => (memarg, 1, V128),
        O::V128Load16Lane { memarg, .. } | O::V128Store16Lane { memarg, .. } => (memarg, 2, V128),
        O::V128Load32Lane { memarg, .. } | O::V128Store32Lane { memarg, .. } => (memarg, 4, V128),
        O::V128Load64Lane { memarg, .. } | O::V128Store64Lane { memarg, .. } => (memarg, 8, V128),
        _ => return None,
    };
    match memarg.target {
        wasmparser::MemArgTarget::Memory(memory) => Some(MemoryOp {
            memory,
            offset: memarg.offset,
            width,
            value,
        }),
        wasmparser::MemArgTarget::Array(_) => None,
    }
}

/// Whether `op` (not a memory access, call or loop) can trap.
fn traps(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::Unreachable
            | O::I32DivS
            | O::I32DivU
            | O::I32RemS
            | O::I32RemU
            | O::I64DivS
            | O::I64DivU
            | O::I64RemS
            | O::I64RemU
            | O::I32TruncF32S
            | O::I32TruncF32U
            | O::I32TruncF64S
            | O::I32TruncF64U
            | O::I64TruncF32S
            | O::I64TruncF32U
            | O::I64TruncF64S
            | O::I64TruncF64U
            | O::TableGet { .. }
            | O::TableSet { .. }
            | O::TableFill { .. }
            | O::TableCopy { .. }
            | O::TableInit { .. }
            | O::MemoryFill { .. }
            | O::MemoryCopy { .. }
            | O::MemoryInit { .. }
            | O::MemoryGrow { .. }
            | O::TableGrow { .. }
    )
}
