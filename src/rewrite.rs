//! Rewrite stage: original module + `Snapshot` -> the pre-initialized module.
//!
//! Built from the original sections, in their original order. Types,
//! imports, functions, tables, elements, code and tags are copied verbatim.
//! Memories get their snapshot size as minimum; mutable globals become
//! constants of their snapshot value; the start section is dropped; the init
//! function's export (and `_initialize`, once called) is removed and renames
//! are applied. Data: the snapshot's segments replace the original ones,
//! which were applied already and which nothing else can reach, unless some
//! function uses `memory.init` or `data.drop`: then the originals stay
//! first, at their indices, active ones emptied and made passive, passive
//! ones verbatim unless init dropped them (then empty: `memory.init` from
//! one behaves as after the drop).
//! The data section goes before the `name` section. The `producers`
//! section names wizer-lite (see `crate::producers`), unless asked not to.
//!
//! ```wat
//! ;; before                                 ;; after init stored 42 at 8
//! (memory 1)                                (memory 1)
//! (global $n (mut i32) (i32.const 0))       (global $n (mut i32) (i32.const 1))
//! (export "wizer.initialize" (func $init))  (data (i32.const 0) "hi")
//! (data (i32.const 0) "hi")                 (data (i32.const 8) "\2a")
//! ```

use crate::exports::ExportChanges;
use crate::parse::{ElemMode, ModuleInfo};
use crate::snapshot::{Snapshot, Value};
use std::borrow::Cow;
use wasm_encoder::{
    AbstractHeapType, ConstExpr, DataCountSection, ElementSection, Elements, ExportSection,
    GlobalSection, HeapType, Ieee32, Ieee64, MemorySection, Module, RawSection, SectionId,
    TableSection,
};

const TABLE_SECTION: u8 = SectionId::Table as u8;
const MEMORY_SECTION: u8 = SectionId::Memory as u8;
const GLOBAL_SECTION: u8 = SectionId::Global as u8;
const EXPORT_SECTION: u8 = SectionId::Export as u8;
const START_SECTION: u8 = SectionId::Start as u8;
const ELEMENT_SECTION: u8 = SectionId::Element as u8;
const CODE_SECTION: u8 = SectionId::Code as u8;
const DATA_SECTION: u8 = SectionId::Data as u8;
const DATA_COUNT_SECTION: u8 = SectionId::DataCount as u8;

/// The pre-initialized module in pieces: the bytes the rewrite encoded, with
/// the snapshot's segment payloads, borrowed from the instance's memories,
/// in between. A big program's payloads are tens of megabytes that are
/// written out from where they are rather than copied into one buffer.
#[derive(Debug, Default)]
pub struct Pieces<'m> {
    bytes: Vec<u8>,
    /// Each payload, after `bytes[..at]` and the payloads before it.
    payloads: Vec<(usize, &'m [u8])>,
    /// Where the data section's encoded bytes are in `bytes`, and the same
    /// section with every snapshot segment empty.
    data: Option<(std::ops::Range<usize>, Vec<u8>)>,
}

impl<'m> Pieces<'m> {
    /// The module's bytes, in order.
    pub fn chunks(&self) -> impl Iterator<Item = &[u8]> {
        let mut from = 0;
        self.payloads
            .iter()
            .flat_map(move |&(at, payload)| {
                let encoded = &self.bytes[from..at];
                from = at;
                [encoded, payload]
            })
            .chain(std::iter::once(
                &self.bytes[self.payloads.last().map_or(0, |p| p.0)..],
            ))
            .filter(|chunk| !chunk.is_empty())
    }

    pub fn len(&self) -> usize {
        self.bytes.len() + self.payloads.iter().map(|p| p.1.len()).sum::<usize>()
    }

    /// The module with every snapshot segment empty, in chunks that each
    /// hold whole sections: it validates exactly when the module does, as
    /// validation never looks at a segment's bytes.
    pub fn skeleton(&self) -> Vec<&[u8]> {
        match &self.data {
            Some((range, section)) => vec![
                &self.bytes[..range.start],
                section,
                &self.bytes[range.end..],
            ],
            None => vec![&self.bytes],
        }
    }

    /// The module as one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len());
        for chunk in self.chunks() {
            out.extend_from_slice(chunk);
        }
        out
    }
}

/// Builds the pre-initialized module.
pub fn rewrite<'m>(
    info: &ModuleInfo<'_>,
    snapshot: &Snapshot<'m>,
    exports: &ExportChanges<'_>,
    producers: bool,
) -> Pieces<'m> {
    let mut producers_pending = producers;
    let data_count = (snapshot.kept_data_segments + snapshot.segments.len()) as u32;
    let has_code = info.sections.iter().any(|s| s.id == CODE_SECTION);
    let has_data = info.sections.iter().any(|s| s.id == DATA_SECTION);
    // No data section at all when no segment is left (as Wizer does).
    let mut data_pending = data_count > 0;
    // Captured tables replace the table and element sections; the element
    // section may be new, and goes before data count, code and data.
    let own_tables_captured = snapshot
        .tables
        .iter()
        .any(|t| t.index >= info.imported_tables);
    let rewrite_elements = !snapshot.tables.is_empty() || !snapshot.dropped_elems.is_empty();
    let mut elements_pending = rewrite_elements;

    let mut module = Module::new();
    // The output up to and including the data section, which is encoded
    // straight into it (for a big program, tens of megabytes that are then
    // not copied again); `module` continues with the sections after it.
    let mut head: Option<Pieces<'m>> = None;
    let mut emit_data = |module: &mut Module| {
        if std::mem::take(&mut data_pending) {
            let mut pieces = Pieces {
                bytes: std::mem::replace(module, Module::new()).finish(),
                ..Pieces::default()
            };
            let start = pieces.bytes.len();
            append_data_section(&mut pieces, info, snapshot, true);
            let mut skeleton = Pieces::default();
            append_data_section(&mut skeleton, info, snapshot, false);
            pieces.data = Some((start..pieces.bytes.len(), skeleton.bytes));
            head = Some(pieces);
        }
    };
    for section in &info.sections {
        if elements_pending
            && matches!(section.id, DATA_COUNT_SECTION | CODE_SECTION | DATA_SECTION)
        {
            module.section(&element_section(info, snapshot));
            elements_pending = false;
        }
        match section.id {
            TABLE_SECTION if own_tables_captured => {
                let mut tables = TableSection::new();
                for (i, ty) in info.tables.iter().enumerate() {
                    let mut ty = wasm_encoder::TableType::try_from(*ty)
                        .expect("funcref and externref tables always convert");
                    let index = info.table_index(i);
                    if let Some(state) = snapshot.tables.iter().find(|t| t.index == index) {
                        ty.minimum = state.elements.len() as u64;
                    }
                    tables.table(ty);
                }
                module.section(&tables);
            }
            ELEMENT_SECTION if rewrite_elements => {
                module.section(&element_section(info, snapshot));
                elements_pending = false;
            }
            MEMORY_SECTION => {
                let mut memories = MemorySection::new();
                for (ty, state) in info.memories.iter().zip(&snapshot.memories) {
                    let mut ty = wasm_encoder::MemoryType::from(*ty);
                    ty.minimum = state.pages;
                    memories.memory(ty);
                }
                module.section(&memories);
            }
            GLOBAL_SECTION => {
                module.section(&global_section(info, snapshot));
            }
            EXPORT_SECTION => {
                let mut section = ExportSection::new();
                for export in &info.exports {
                    if exports.removed.contains(&export.name) {
                        continue;
                    }
                    if let Some(name) = exports.renames.apply(export.name) {
                        section.export(name, export.kind.into(), export.index);
                    }
                }
                module.section(&section);
            }
            START_SECTION => {}
            DATA_COUNT_SECTION => {
                module.section(&DataCountSection { count: data_count });
            }
            DATA_SECTION => emit_data(&mut module),
            0 if producers && section.custom_name == Some(crate::producers::SECTION) => {
                let existing = crate::producers::payload(info.section_bytes(section));
                module.section(&crate::producers::merged(existing));
                producers_pending = false;
            }
            _ => {
                let mut data = Cow::Borrowed(info.section_bytes(section));
                if section.custom_name == Some("name") {
                    emit_data(&mut module);
                    // Data names name the original segments' indices.
                    if snapshot.kept_data_segments < info.data.len() {
                        data = without_name_subsection(&data, DATA_NAMES).map_or(data, Cow::Owned);
                    }
                }
                module.section(&RawSection {
                    id: section.id,
                    data: &data,
                });
                if section.id == CODE_SECTION && !has_data {
                    emit_data(&mut module);
                }
            }
        }
    }
    if elements_pending {
        module.section(&element_section(info, snapshot));
    }
    if !has_code {
        emit_data(&mut module);
    }
    if producers_pending {
        module.section(&crate::producers::merged(None));
    }
    let tail = module.finish();
    match head {
        Some(mut head) => {
            // Without its 8-byte preamble (magic and version).
            head.bytes.extend_from_slice(&tail[8..]);
            head
        }
        None => Pieces {
            bytes: tail,
            ..Pieces::default()
        },
    }
}

/// The `name` section's subsection of data segment names.
const DATA_NAMES: u8 = 9;

/// The contents of a `name` custom section (its name included) without
/// subsection `id`; `None` if it cannot be read, and is then kept as it is
/// (names only serve debugging; a malformed section is not ours to fix).
fn without_name_subsection(contents: &[u8], id: u8) -> Option<Vec<u8>> {
    let mut reader = wasmparser::BinaryReader::new(contents, 0);
    reader.read_string().ok()?;
    let mut out = contents[..reader.current_position()].to_vec();
    while !reader.eof() {
        let start = reader.current_position();
        let sub = reader.read_u8().ok()?;
        let len = reader.read_var_u32().ok()?;
        reader.read_bytes(len as usize).ok()?;
        if sub != id {
            out.extend_from_slice(&contents[start..reader.current_position()]);
        }
    }
    Some(out)
}

fn global_section(info: &ModuleInfo<'_>, snapshot: &Snapshot) -> GlobalSection {
    let mut globals = GlobalSection::new();
    let mut values = snapshot.globals.iter().peekable();
    for (i, global) in info.globals.iter().enumerate() {
        let index = info.global_index(i);
        match values.next_if(|(g, _)| *g == index) {
            Some((_, value)) => {
                let ty = wasm_encoder::GlobalType::try_from(global.ty)
                    .expect("numeric, vector, funcref and externref globals always convert");
                globals.global(ty, &const_expr(*value));
            }
            None => {
                globals.raw(&info.bytes[global.entry.clone()]);
            }
        }
    }
    globals
}

fn const_expr(value: Value) -> ConstExpr {
    match value {
        Value::I32(v) => ConstExpr::i32_const(v),
        Value::I64(v) => ConstExpr::i64_const(v),
        Value::F32(bits) => ConstExpr::f32_const(Ieee32::new(bits)),
        Value::F64(bits) => ConstExpr::f64_const(Ieee64::new(bits)),
        Value::V128(bits) => ConstExpr::v128_const(bits as i128),
        Value::FuncRef(Some(index)) => ConstExpr::ref_func(index),
        Value::FuncRef(None) => ConstExpr::ref_null(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Func,
        }),
        Value::NullExternRef => ConstExpr::ref_null(HeapType::Abstract {
            shared: false,
            ty: AbstractHeapType::Extern,
        }),
    }
}

/// The element section for captured tables: original active segments into
/// them become empty passive ones (they were applied, and keep their
/// indices for `table.init`/`elem.drop`), those into other tables (a
/// component's shared table nothing changed) are kept, passive ones are
/// kept unless init dropped them, declarative ones are kept, and each
/// captured table's non-null runs are appended as active segments that
/// recreate its contents.
fn element_section(info: &ModuleInfo<'_>, snapshot: &Snapshot) -> ElementSection {
    let mut section = ElementSection::new();
    let empty = |section: &mut ElementSection, ty: wasmparser::RefType| {
        let elements = if ty.is_func_ref() {
            Elements::Functions(Cow::Borrowed(&[]))
        } else {
            let ty = wasm_encoder::RefType::try_from(ty).expect("funcref and externref convert");
            Elements::Expressions(ty, Cow::Borrowed(&[]))
        };
        section.passive(elements);
    };
    for (i, segment) in info.elements.iter().enumerate() {
        let dropped = snapshot.dropped_elems.contains(&(i as u32));
        match segment.mode {
            ElemMode::Active { table } if snapshot.tables.iter().any(|t| t.index == table) => {
                empty(&mut section, segment.ty)
            }
            ElemMode::Active { .. } => {
                section.raw(&info.bytes[segment.entry.clone()]);
            }
            ElemMode::Passive if dropped => empty(&mut section, segment.ty),
            ElemMode::Passive | ElemMode::Declared => {
                section.raw(&info.bytes[segment.entry.clone()]);
            }
        }
    }
    for table in &snapshot.tables {
        let table64 = info.table_type(table.index).is_some_and(|ty| ty.table64);
        let mut at = 0;
        while at < table.elements.len() {
            if table.elements[at].is_none() {
                at += 1;
                continue;
            }
            let run: Vec<u32> = table.elements[at..].iter().map_while(|e| *e).collect();
            let offset = if table64 {
                ConstExpr::i64_const(at as i64)
            } else {
                ConstExpr::i32_const(at as u32 as i32)
            };
            let table_index = (table.index != 0).then_some(table.index);
            section.active(
                table_index,
                &offset,
                Elements::Functions(Cow::Owned(run.clone())),
            );
            at += run.len();
        }
    }
    section
}

/// Appends the data section (id, size, contents) to `out`: the snapshot's
/// segments with their payloads when `payloads`, else empty.
fn append_data_section<'m>(
    pieces: &mut Pieces<'m>,
    info: &ModuleInfo<'_>,
    snapshot: &Snapshot<'m>,
    payloads: bool,
) {
    use wasm_encoder::Encode;
    let kept = &info.data[..snapshot.kept_data_segments];
    let count = (kept.len() + snapshot.segments.len()) as u32;
    let memory64 = |memory: u32| info.memories[(memory - info.imported_memories) as usize].memory64;
    let payload = |data: &'m [u8]| if payloads { data } else { &[] };
    // A kept segment keeps its bytes if it is passive and was not dropped;
    // active ones were applied and dropped at instantiation.
    let kept_bytes = |i: usize, s: &crate::parse::DataSegment| {
        s.passive && !snapshot.dropped_data.contains(&(i as u32))
    };
    let mut count_bytes = Vec::new();
    count.encode(&mut count_bytes);
    let size = count_bytes.len()
        + kept
            .iter()
            .enumerate()
            .map(|(i, s)| if kept_bytes(i, s) { s.entry.len() } else { 2 })
            .sum::<usize>()
        + snapshot
            .segments
            .iter()
            .map(|s| {
                let start = s.offset as usize;
                crate::snapshot::segment_size(
                    s.memory,
                    memory64(s.memory),
                    start,
                    start + payload(s.data).len(),
                )
            })
            .sum::<usize>();
    let out = &mut pieces.bytes;
    let payload_bytes: usize = snapshot
        .segments
        .iter()
        .map(|s| payload(s.data).len())
        .sum();
    out.reserve(1 + 5 + size - payload_bytes);
    pieces.payloads.reserve(snapshot.segments.len());
    out.push(DATA_SECTION);
    size.encode(out);
    let contents_start = out.len();
    out.extend_from_slice(&count_bytes);
    for (i, segment) in kept.iter().enumerate() {
        if kept_bytes(i, segment) {
            out.extend_from_slice(&info.bytes[segment.entry.clone()]);
        } else {
            // An empty passive segment: flags 1, length 0.
            out.extend_from_slice(&[0x01, 0x00]);
        }
    }
    for segment in &snapshot.segments {
        if segment.memory == 0 {
            out.push(0x00);
        } else {
            out.push(0x02);
            segment.memory.encode(out);
        }
        let offset = if memory64(segment.memory) {
            ConstExpr::i64_const(segment.offset as i64)
        } else {
            ConstExpr::i32_const(segment.offset as u32 as i32)
        };
        offset.encode(out);
        let data = payload(segment.data);
        data.len().encode(out);
        if !data.is_empty() {
            pieces.payloads.push((out.len(), data));
        }
    }
    debug_assert_eq!(
        out.len() - contents_start + payload_bytes,
        size,
        "segment_size is exact"
    );
}
