//! Instrument stage: original module -> the module wasmi runs, with private
//! exports for every entity whose state must be read afterwards.
//!
//! wasmi 2.0 offers no access to non-exported globals, memories or tables,
//! so every mutable defined global and every defined memory gets an export
//! under a prefix that no existing export starts with. When tables must be
//! captured (the code mutates them, or a mutable global holds a reference),
//! every defined table and every function is exported too: the functions'
//! exports are how a reference found in a table is mapped back to its
//! function index (see `initialize::func_key`).
//!
//! For [`crate::Wizer::run`] the start section is replaced by an export of
//! the start function, so that it runs as a phase of its own (a trap there
//! is then reported as a start-function trap, not as an instantiation
//! failure); the public two-phase API keeps the start section, so the module
//! instantiates as the original does.
//!
//! No index space shifts, and every original function body is copied byte
//! for byte (the engine then guards the `select`s wasmi 2.0 would
//! miscompile: see [`crate::wasmi_fix`]). The one addition beyond exports:
//! when the code has `elem.drop`, whether a passive segment was dropped
//! cannot be read through any wasmi API, so a probe is appended *after* every existing type, table and
//! function (renumbering nothing): a scratch table and, per droppable
//! segment, a function doing `table.init` of one element from it, which
//! traps exactly when the segment was dropped.
//!
//! ```wat
//! ;; before                              ;; after
//! (global $g (mut i32) (i32.const 0))    (global $g (mut i32) (i32.const 0))
//! (memory 1)                             (memory 1)
//! (start $init)                          (export "__wizer_lite_global_0" (global $g))
//!                                        (export "__wizer_lite_memory_0" (memory 0))
//!                                        (export "__wizer_lite_start" (func $init))
//! ```
//!
//! The rewrite stage works from the original module, so none of this
//! reaches the output.

use crate::parse::{ElemMode, ModuleInfo};
use crate::support::CodeFacts;
use anyhow::{Context, Result};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction, MemorySection,
    MemoryType, Module, RawSection, RefType, SectionId, TableSection, TableType, TypeSection,
};

/// The order the spec gives non-custom sections, for inserting a section
/// the module lacks where it belongs.
const SECTION_ORDER: [SectionId; 13] = [
    SectionId::Type,
    SectionId::Import,
    SectionId::Function,
    SectionId::Table,
    SectionId::Memory,
    SectionId::Tag,
    SectionId::Global,
    SectionId::Export,
    SectionId::Start,
    SectionId::Element,
    SectionId::DataCount,
    SectionId::Code,
    SectionId::Data,
];

/// Where section `id` goes among [`SECTION_ORDER`] (custom sections stay
/// where they are; `None` compares before all).
pub(crate) fn position(id: u8) -> Option<usize> {
    SECTION_ORDER.iter().position(|s| u8::from(*s) == id)
}

/// The names of the private exports.
#[derive(Debug, Clone)]
pub struct PrivateNames {
    prefix: String,
}

impl PrivateNames {
    /// A prefix that no export of the module starts with.
    fn choose(info: &ModuleInfo<'_>) -> Self {
        let mut prefix = String::from("__wizer_lite_");
        while info.exports.iter().any(|e| e.name.starts_with(&prefix)) {
            prefix.push('_');
        }
        PrivateNames { prefix }
    }

    pub fn global(&self, index: u32) -> String {
        format!("{}global_{index}", self.prefix)
    }

    pub fn memory(&self, index: u32) -> String {
        format!("{}memory_{index}", self.prefix)
    }

    pub fn table(&self, index: u32) -> String {
        format!("{}table_{index}", self.prefix)
    }

    pub fn func(&self, index: u32) -> String {
        format!("{}func_{index}", self.prefix)
    }

    /// The probe telling whether element segment `index` was dropped.
    pub fn elem_probe(&self, index: u32) -> String {
        format!("{}elem_probe_{index}", self.prefix)
    }

    /// The probe telling whether data segment `index` was dropped.
    pub fn data_probe(&self, index: u32) -> String {
        format!("{}data_probe_{index}", self.prefix)
    }

    pub fn start(&self) -> String {
        format!("{}start", self.prefix)
    }

    /// A part of the shadow call stack a failed init's replay adds (see
    /// `backtrace::shadow`).
    pub fn shadow(&self, what: &str) -> String {
        format!("{}shadow_{what}", self.prefix)
    }
}

/// What the instrumented module lets the snapshot read.
#[derive(Debug, Clone, Default)]
pub struct Reads {
    /// Tables (and function identities) are exported.
    pub tables: bool,
    /// Passive element segments with a drop probe.
    pub probed_elems: Vec<u32>,
    /// Passive data segments with a drop probe.
    pub probed_data: Vec<u32>,
    /// Original data segments the output keeps at their indices: all of
    /// them when the code uses `memory.init` or `data.drop`, else none.
    /// They count against the segment cap.
    pub kept_data_segments: usize,
}

/// The module to instantiate, and the names under which its state is found.
pub struct Instrumented {
    pub wasm: Vec<u8>,
    pub names: PrivateNames,
    pub reads: Reads,
}

impl Reads {
    /// The features the instrumented module needs, given the input's: a
    /// data segment probe adds a memory, so multi-memory too.
    pub fn features(&self, input: wasmparser::WasmFeatures) -> wasmparser::WasmFeatures {
        match self.probed_data.is_empty() {
            true => input,
            false => input | wasmparser::WasmFeatures::MULTI_MEMORY,
        }
    }
}

/// What to do with the start section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Keep it: instantiation runs the start function.
    Keep,
    /// Drop it and export the start function under [`PrivateNames::start`].
    Export,
}

/// Whether the snapshot must capture tables (and so map references back to
/// functions).
pub fn captures_tables(info: &ModuleInfo<'_>, facts: &CodeFacts) -> bool {
    facts.mutates_tables
        || info
            .globals
            .iter()
            .any(|g| g.ty.mutable && g.ty.content_type.is_reference_type())
}

pub fn instrument(
    info: &ModuleInfo<'_>,
    facts: &CodeFacts,
    start_section: Start,
) -> Result<Instrumented> {
    let names = PrivateNames::choose(info);
    let reads = Reads {
        tables: captures_tables(info, facts),
        probed_elems: facts
            .dropped_elems
            .iter()
            .copied()
            .filter(|&i| {
                info.elements
                    .get(i as usize)
                    .is_some_and(|e| e.mode == ElemMode::Passive && e.items > 0)
            })
            .collect(),
        // A drop is seen only through `memory.init`, which needs a memory.
        probed_data: facts
            .dropped_data
            .iter()
            .copied()
            .filter(|&i| {
                info.imported_memories + info.memories.len() as u32 > 0
                    && info
                        .data
                        .get(i as usize)
                        .is_some_and(|d| d.passive && d.len > 0)
            })
            .collect(),
        kept_data_segments: if facts.uses_memory_init || !facts.dropped_data.is_empty() {
            info.data.len()
        } else {
            0
        },
    };

    let mut exports = ExportSection::new();
    for export in &info.exports {
        exports.export(export.name, export.kind.into(), export.index);
    }
    for (i, global) in info.globals.iter().enumerate() {
        if global.ty.mutable {
            let index = info.global_index(i);
            exports.export(&names.global(index), ExportKind::Global, index);
        }
    }
    for i in 0..info.memories.len() {
        let index = info.memory_index(i);
        exports.export(&names.memory(index), ExportKind::Memory, index);
    }
    if reads.tables {
        for i in 0..info.tables.len() {
            let index = info.table_index(i);
            exports.export(&names.table(index), ExportKind::Table, index);
        }
        for index in 0..info.func_types.len() as u32 {
            exports.export(&names.func(index), ExportKind::Func, index);
        }
    }
    if let (Some(start), Start::Export) = (info.start, start_section) {
        exports.export(&names.start(), ExportKind::Func, start);
    }
    let probes = Probes::new(info, &reads.probed_elems, &reads.probed_data);
    if let Some(p) = &probes {
        for (k, &segment) in reads.probed_elems.iter().enumerate() {
            let probe = p.first_func + k as u32;
            exports.export(&names.elem_probe(segment), ExportKind::Func, probe);
        }
        for (k, &segment) in reads.probed_data.iter().enumerate() {
            let probe = p.first_func + (p.elems.len() + k) as u32;
            exports.export(&names.data_probe(segment), ExportKind::Func, probe);
        }
    }
    let mut added = vec![Added::Exports(exports)];
    if let Some(p) = &probes {
        added.extend([
            Added::Types(p.types(info)?),
            Added::Functions(p.functions(info)?),
            Added::Code(p.code(info)),
        ]);
        if !p.elems.is_empty() {
            added.push(Added::Tables(p.tables(info)?));
        }
        if !p.data.is_empty() {
            added.push(Added::Memories(p.memories(info)?));
        }
    }

    // The original sections in order, each added section in place of the
    // original of its kind, or where it belongs if there is none.
    added.sort_by_key(|a| position(a.id().into()));
    let mut module = Module::new();
    for section in &info.sections {
        if let Some(here) = position(section.id) {
            added.retain(|a| {
                let before = position(a.id().into()) < Some(here);
                if before {
                    a.emit(&mut module);
                }
                !before
            });
        }
        if section.id == u8::from(SectionId::Start) && start_section == Start::Export {
            continue;
        }
        if let Some(at) = added.iter().position(|a| u8::from(a.id()) == section.id) {
            added.remove(at).emit(&mut module);
            continue;
        }
        module.section(&RawSection {
            id: section.id,
            data: info.section_bytes(section),
        });
    }
    for a in &added {
        a.emit(&mut module);
    }
    Ok(Instrumented {
        wasm: module.finish(),
        names,
        reads,
    })
}

/// A `Reencode` method that copies a section of `T`s into an `S`.
type Parse<'a, S, T> = fn(
    &mut RoundtripReencoder,
    &mut S,
    wasmparser::SectionLimited<'a, T>,
) -> Result<(), wasm_encoder::reencode::Error>;

/// A section the instrumented module has that the original lacks or has
/// less of.
enum Added {
    Types(TypeSection),
    Functions(FunctionSection),
    Tables(TableSection),
    Memories(MemorySection),
    Exports(ExportSection),
    Code(CodeSection),
}

impl Added {
    fn id(&self) -> SectionId {
        match self {
            Added::Types(_) => SectionId::Type,
            Added::Functions(_) => SectionId::Function,
            Added::Tables(_) => SectionId::Table,
            Added::Memories(_) => SectionId::Memory,
            Added::Exports(_) => SectionId::Export,
            Added::Code(_) => SectionId::Code,
        }
    }

    fn emit(&self, module: &mut Module) {
        match self {
            Added::Types(s) => module.section(s),
            Added::Functions(s) => module.section(s),
            Added::Tables(s) => module.section(s),
            Added::Memories(s) => module.section(s),
            Added::Exports(s) => module.section(s),
            Added::Code(s) => module.section(s),
        };
    }
}

/// The drop probes: one `[] -> []` type and a function per probed segment;
/// for element segments a scratch table per reference type, for data
/// segments a scratch memory of one page. Each probe copies one item of its
/// segment into the scratch space (`table.init`, `memory.init`), which
/// traps, out of bounds, exactly when the segment was dropped, and changes
/// nothing the snapshot reads.
struct Probes {
    elems: Vec<(u32, wasmparser::RefType)>,
    data: Vec<u32>,
    ty: u32,
    first_table: u32,
    scratch_memory: u32,
    first_func: u32,
}

impl Probes {
    fn new(info: &ModuleInfo<'_>, elems: &[u32], data: &[u32]) -> Option<Self> {
        if elems.is_empty() && data.is_empty() {
            return None;
        }
        Some(Probes {
            elems: elems
                .iter()
                .map(|&i| (i, info.elements[i as usize].ty))
                .collect(),
            data: data.to_vec(),
            ty: info.types.len() as u32,
            first_table: info.imported_tables + info.tables.len() as u32,
            scratch_memory: info.imported_memories + info.memories.len() as u32,
            first_func: info.func_types.len() as u32,
        })
    }

    /// The scratch table for a segment type: 0 for funcref, 1 for externref.
    fn scratch(ty: wasmparser::RefType) -> u32 {
        u32::from(!ty.is_func_ref())
    }

    /// The module's section `id` copied into a new section by `parse` (a
    /// `Reencode` method), or an empty one if the module has none.
    fn copy<'a, S: Default, T: wasmparser::FromReader<'a>>(
        info: &ModuleInfo<'a>,
        id: SectionId,
        parse: Parse<'a, S, T>,
    ) -> Result<S> {
        let mut copy = S::default();
        if let Some(section) = info.sections.iter().find(|s| s.id == u8::from(id)) {
            let reader = wasmparser::BinaryReader::new(
                info.section_bytes(section),
                section.range.start as u64,
            );
            parse(
                &mut RoundtripReencoder,
                &mut copy,
                wasmparser::SectionLimited::new(reader)?,
            )
            .with_context(|| format!("bug: failed to copy the {id:?} section"))?;
        }
        Ok(copy)
    }

    /// The module's types and the probes' `[] -> []`, at index `self.ty`.
    fn types(&self, info: &ModuleInfo<'_>) -> Result<TypeSection> {
        let mut types: TypeSection = Self::copy(
            info,
            SectionId::Type,
            RoundtripReencoder::parse_type_section,
        )?;
        types.ty().function([], []);
        Ok(types)
    }

    /// The module's functions and a probe per segment.
    fn functions(&self, info: &ModuleInfo<'_>) -> Result<FunctionSection> {
        let mut functions: FunctionSection = Self::copy(
            info,
            SectionId::Function,
            RoundtripReencoder::parse_function_section,
        )?;
        for _ in 0..self.elems.len() + self.data.len() {
            functions.function(self.ty);
        }
        Ok(functions)
    }

    /// The module's tables and the two scratch tables.
    fn tables(&self, info: &ModuleInfo<'_>) -> Result<TableSection> {
        let mut tables: TableSection = Self::copy(
            info,
            SectionId::Table,
            RoundtripReencoder::parse_table_section,
        )?;
        for element_type in [RefType::FUNCREF, RefType::EXTERNREF] {
            tables.table(TableType {
                element_type,
                table64: false,
                minimum: 1,
                maximum: None,
                shared: false,
            });
        }
        Ok(tables)
    }

    /// The module's memories and the scratch memory.
    fn memories(&self, info: &ModuleInfo<'_>) -> Result<MemorySection> {
        let mut memories: MemorySection = Self::copy(
            info,
            SectionId::Memory,
            RoundtripReencoder::parse_memory_section,
        )?;
        memories.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        Ok(memories)
    }

    /// The module's function bodies, byte for byte, and the probes'.
    fn code(&self, info: &ModuleInfo<'_>) -> CodeSection {
        let mut code = CodeSection::new();
        for body in &info.bodies {
            code.raw(body.as_bytes());
        }
        for &(segment, ty) in &self.elems {
            let mut f = Function::new([]);
            f.instruction(&Instruction::I32Const(0))
                .instruction(&Instruction::I32Const(0))
                .instruction(&Instruction::I32Const(1))
                .instruction(&Instruction::TableInit {
                    elem_index: segment,
                    table: self.first_table + Self::scratch(ty),
                })
                .instruction(&Instruction::End);
            code.function(&f);
        }
        for &segment in &self.data {
            let mut f = Function::new([]);
            f.instruction(&Instruction::I32Const(0))
                .instruction(&Instruction::I32Const(0))
                .instruction(&Instruction::I32Const(1))
                .instruction(&Instruction::MemoryInit {
                    mem: self.scratch_memory,
                    data_index: segment,
                })
                .instruction(&Instruction::End);
            code.function(&f);
        }
        code
    }
}
