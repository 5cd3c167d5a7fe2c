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
use wasm_encoder::{
    CodeSection, ExportKind, ExportSection, Function, FunctionSection, Instruction, Module,
    RawSection, RefType, TableSection, TableType, TypeSection,
};

const TYPE_SECTION: u8 = 1;
const FUNCTION_SECTION: u8 = 3;
const TABLE_SECTION: u8 = 4;
const EXPORT_SECTION: u8 = 7;
const START_SECTION: u8 = 8;
const CODE_SECTION: u8 = 10;

/// The canonical position of each known section id, for inserting a
/// section the module lacks.
fn order(id: u8) -> u8 {
    match id {
        1..=5 => id,
        13 => 6, // tag: after memory, before global
        6..=9 => id + 1,
        12 => 11, // data count: before code
        10 | 11 => id + 2,
        _ => 0,
    }
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

    pub fn start(&self) -> String {
        format!("{}start", self.prefix)
    }
}

/// What the instrumented module lets the snapshot read.
#[derive(Debug, Clone, Default)]
pub struct Reads {
    /// Tables (and function identities) are exported.
    pub tables: bool,
    /// Passive element segments with a drop probe.
    pub probed_elems: Vec<u32>,
    /// Original data segments the output keeps at their indices: all of
    /// them when the code uses `memory.init`, else none. They count against
    /// the segment cap.
    pub kept_data_segments: usize,
}

/// The module to instantiate, and the names under which its state is found.
pub struct Instrumented {
    pub wasm: Vec<u8>,
    pub names: PrivateNames,
    pub reads: Reads,
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

pub fn instrument(info: &ModuleInfo<'_>, facts: &CodeFacts, start_section: Start) -> Instrumented {
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
        kept_data_segments: if facts.uses_memory_init {
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
    let probes = Probes::new(info, &reads.probed_elems);
    if let Some(p) = &probes {
        for (k, &segment) in reads.probed_elems.iter().enumerate() {
            exports.export(
                &names.elem_probe(segment),
                ExportKind::Func,
                p.first_func + k as u32,
            );
        }
    }

    let mut module = Module::new();
    let mut pending: Vec<(u8, Vec<u8>)> = vec![(EXPORT_SECTION, encode(&exports))];
    if let Some(p) = &probes {
        pending.extend([
            (TYPE_SECTION, p.types(info)),
            (FUNCTION_SECTION, p.functions(info)),
            (TABLE_SECTION, p.tables(info)),
            (CODE_SECTION, p.code(info)),
        ]);
    }
    for section in &info.sections {
        // Sections the module lacks go where they belong.
        if section.id != 0 {
            let here = order(section.id);
            pending.retain(|(id, bytes)| {
                if order(*id) < here {
                    module.section(&RawSection {
                        id: *id,
                        data: bytes,
                    });
                    false
                } else {
                    true
                }
            });
        }
        if section.id == START_SECTION && start_section == Start::Export {
            continue;
        }
        if let Some(at) = pending.iter().position(|(id, _)| *id == section.id) {
            let (id, bytes) = pending.remove(at);
            module.section(&RawSection { id, data: &bytes });
            continue;
        }
        module.section(&RawSection {
            id: section.id,
            data: info.section_bytes(section),
        });
    }
    for (id, bytes) in &pending {
        module.section(&RawSection {
            id: *id,
            data: bytes,
        });
    }
    Instrumented {
        wasm: module.finish(),
        names,
        reads,
    }
}

/// The contents of an encoded section (without its id and size).
fn encode(section: &impl wasm_encoder::Encode) -> Vec<u8> {
    let mut bytes = Vec::new();
    section.encode(&mut bytes);
    // Skip the size LEB.
    let size_len = bytes
        .iter()
        .position(|b| b & 0x80 == 0)
        .map_or(0, |n| n + 1);
    bytes.split_off(size_len)
}

/// The `elem.drop` probes: one `[] -> []` type, a scratch table per
/// reference type, and a function per probed segment.
struct Probes {
    segments: Vec<(u32, wasmparser::RefType)>,
    ty: u32,
    first_table: u32,
    first_func: u32,
}

impl Probes {
    fn new(info: &ModuleInfo<'_>, probed: &[u32]) -> Option<Self> {
        if probed.is_empty() {
            return None;
        }
        Some(Probes {
            segments: probed
                .iter()
                .map(|&i| (i, info.elements[i as usize].ty))
                .collect(),
            ty: info.types.len() as u32,
            first_table: info.imported_tables + info.tables.len() as u32,
            first_func: info.func_types.len() as u32,
        })
    }

    /// The scratch table for a segment type: 0 for funcref, 1 for externref.
    fn scratch(ty: wasmparser::RefType) -> u32 {
        u32::from(!ty.is_func_ref())
    }

    fn original<'a>(info: &'a ModuleInfo<'_>, id: u8) -> Option<&'a [u8]> {
        info.sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| info.section_bytes(s))
    }

    /// The original section's items, raw, after its count.
    fn items<'a>(info: &'a ModuleInfo<'_>, id: u8) -> (u32, &'a [u8]) {
        Self::original(info, id).map_or((0, &[]), Self::items_of)
    }

    /// Appends `new` items to an original section of `count` items.
    fn append(count: u32, items: &[u8], added: u32, new: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        wasm_encoder::Encode::encode(&(count + added), &mut out);
        out.extend_from_slice(items);
        out.extend_from_slice(new);
        out
    }

    fn types(&self, info: &ModuleInfo<'_>) -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let new = encode(&types);
        let (_, new_items) = Self::items_of(&new);
        let (count, items) = Self::items(info, TYPE_SECTION);
        Self::append(count, items, 1, new_items)
    }

    fn functions(&self, info: &ModuleInfo<'_>) -> Vec<u8> {
        let mut functions = FunctionSection::new();
        for _ in &self.segments {
            functions.function(self.ty);
        }
        let new = encode(&functions);
        let (added, new_items) = Self::items_of(&new);
        let (count, items) = Self::items(info, FUNCTION_SECTION);
        Self::append(count, items, added, new_items)
    }

    fn tables(&self, info: &ModuleInfo<'_>) -> Vec<u8> {
        let mut tables = TableSection::new();
        for element_type in [RefType::FUNCREF, RefType::EXTERNREF] {
            tables.table(TableType {
                element_type,
                table64: false,
                minimum: 1,
                maximum: None,
                shared: false,
            });
        }
        let new = encode(&tables);
        let (added, new_items) = Self::items_of(&new);
        let (count, items) = Self::items(info, TABLE_SECTION);
        Self::append(count, items, added, new_items)
    }

    /// The code section with the probes appended.
    fn code(&self, info: &ModuleInfo<'_>) -> Vec<u8> {
        let mut code = CodeSection::new();
        for &(segment, ty) in &self.segments {
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
        let new = encode(&code);
        let (added, new_items) = Self::items_of(&new);
        let (count, items) = Self::items(info, CODE_SECTION);
        Self::append(count, items, added, new_items)
    }

    fn items_of(section: &[u8]) -> (u32, &[u8]) {
        let mut reader = wasmparser::BinaryReader::new(section, 0);
        let count = reader.read_var_u32().unwrap_or(0);
        (count, &section[reader.original_position() as usize..])
    }
}
