//! Parse stage: validated module bytes -> `ModuleInfo`, the facts every later
//! stage reads (raw section ranges, index spaces, imports, exports, globals,
//! memories, data segments, function bodies).
//!
//! Nothing here copies section contents: the later stages re-emit untouched
//! sections straight from the original bytes through the recorded ranges.

use anyhow::{Context, Result, bail};
use std::borrow::Cow;
use std::ops::Range;
use wasmparser::{
    DataKind, Encoding, Export, FuncType, FunctionBody, GlobalType, Import, MemoryType, Parser,
    Payload, TypeRef,
};

/// One top-level section of the original module.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The section id (0 for custom sections).
    pub id: u8,
    /// The byte range of the section's contents (after the id and size).
    pub range: Range<usize>,
    /// For custom sections, their name.
    pub custom_name: Option<&'a str>,
}

/// A global defined by the module (not imported).
#[derive(Debug, Clone)]
pub struct DefinedGlobal {
    pub ty: GlobalType,
    /// The byte range of the whole entry (type and init expression).
    pub entry: Range<usize>,
}

/// How an element segment is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElemMode {
    /// Applied at instantiation to the table of this index.
    Active {
        table: u32,
    },
    Passive,
    Declared,
}

/// An element segment of the original module.
#[derive(Debug, Clone)]
pub struct ElemSegment {
    pub mode: ElemMode,
    /// The segment's reference type (`funcref` for function-index lists).
    pub ty: wasmparser::RefType,
    pub items: u32,
    /// The byte range of the whole encoded segment.
    pub entry: Range<usize>,
}

/// A data segment of the original module.
#[derive(Debug, Clone)]
pub struct DataSegment {
    pub passive: bool,
    /// The memory an active segment is applied to (0 for a passive one).
    pub memory: u32,
    /// How many bytes it holds.
    pub len: usize,
    /// The byte range of the whole encoded segment.
    pub entry: Range<usize>,
}

/// Everything the later stages need to know about the input module.
pub struct ModuleInfo<'a> {
    pub bytes: &'a [u8],
    pub sections: Vec<Section<'a>>,
    /// Function types by type index; `None` for non-function types.
    pub types: Vec<Option<FuncType>>,
    pub imports: Vec<Import<'a>>,
    /// Type index of every function, imported ones first.
    pub func_types: Vec<u32>,
    pub imported_funcs: u32,
    pub imported_globals: u32,
    pub imported_memories: u32,
    pub imported_tables: u32,
    /// Memories defined by the module, in index order after the imported ones.
    pub memories: Vec<MemoryType>,
    /// Tables defined by the module, in index order after the imported ones.
    pub tables: Vec<wasmparser::TableType>,
    pub elements: Vec<ElemSegment>,
    /// Globals defined by the module, in index order after the imported ones.
    pub globals: Vec<DefinedGlobal>,
    pub exports: Vec<Export<'a>>,
    pub start: Option<u32>,
    pub data: Vec<DataSegment>,
    pub data_count: Option<u32>,
    /// Bodies of the defined functions, in index order.
    pub bodies: Vec<FunctionBody<'a>>,
}

impl<'a> ModuleInfo<'a> {
    /// Parses an already validated core module.
    pub fn parse(bytes: &'a [u8]) -> Result<Self> {
        let mut info = ModuleInfo {
            bytes,
            sections: Vec::new(),
            types: Vec::new(),
            imports: Vec::new(),
            func_types: Vec::new(),
            imported_funcs: 0,
            imported_globals: 0,
            imported_memories: 0,
            imported_tables: 0,
            memories: Vec::new(),
            tables: Vec::new(),
            elements: Vec::new(),
            globals: Vec::new(),
            exports: Vec::new(),
            start: None,
            data: Vec::new(),
            data_count: None,
            bodies: Vec::new(),
        };
        for payload in Parser::new(0).parse_all(bytes) {
            let payload = payload.context("failed to parse the module")?;
            if let Some((id, range)) = payload.as_section() {
                let custom_name = match &payload {
                    Payload::CustomSection(reader) => Some(reader.name()),
                    _ => None,
                };
                info.sections.push(Section {
                    id,
                    range: usize_range(range),
                    custom_name,
                });
            }
            match payload {
                Payload::Version { encoding, .. } if encoding != Encoding::Module => {
                    bail!("expected a core module, found a component");
                }
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub in group?.into_types() {
                            info.types.push(match sub.composite_type.inner {
                                wasmparser::CompositeInnerType::Func(ft) => Some(ft),
                                _ => None,
                            });
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        match import.ty {
                            TypeRef::Func(ty) | TypeRef::FuncExact(ty) => {
                                info.imported_funcs += 1;
                                info.func_types.push(ty);
                            }
                            TypeRef::Global(_) => info.imported_globals += 1,
                            TypeRef::Memory(_) => info.imported_memories += 1,
                            TypeRef::Table(_) => info.imported_tables += 1,
                            TypeRef::Tag(_) => {}
                        }
                        info.imports.push(import);
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        info.func_types.push(ty?);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        info.memories.push(memory?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        info.tables.push(table?.ty);
                    }
                }
                Payload::ElementSection(reader) => {
                    for segment in reader {
                        let segment = segment?;
                        let mode = match segment.kind {
                            wasmparser::ElementKind::Active { table_index, .. } => {
                                ElemMode::Active {
                                    table: table_index.unwrap_or(0),
                                }
                            }
                            wasmparser::ElementKind::Passive => ElemMode::Passive,
                            wasmparser::ElementKind::Declared => ElemMode::Declared,
                        };
                        let (ty, items) = match &segment.items {
                            wasmparser::ElementItems::Functions(r) => {
                                (wasmparser::RefType::FUNCREF, r.count())
                            }
                            wasmparser::ElementItems::Expressions(ty, r) => (*ty, r.count()),
                        };
                        info.elements.push(ElemSegment {
                            mode,
                            ty,
                            items,
                            entry: usize_range(segment.range),
                        });
                    }
                }
                Payload::GlobalSection(reader) => {
                    let end = reader.range().end as usize;
                    let mut starts = Vec::new();
                    for item in reader.into_iter_with_offsets() {
                        let (offset, global) = item?;
                        starts.push((offset as usize, global.ty));
                    }
                    for (i, (start, ty)) in starts.iter().enumerate() {
                        let stop = starts.get(i + 1).map_or(end, |next| next.0);
                        info.globals.push(DefinedGlobal {
                            ty: *ty,
                            entry: *start..stop,
                        });
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        info.exports.push(export?);
                    }
                }
                Payload::StartSection { func, .. } => info.start = Some(func),
                Payload::DataCountSection { count, .. } => info.data_count = Some(count),
                Payload::DataSection(reader) => {
                    for segment in reader {
                        let segment = segment?;
                        info.data.push(DataSegment {
                            passive: matches!(segment.kind, DataKind::Passive),
                            memory: match segment.kind {
                                DataKind::Active { memory_index, .. } => memory_index,
                                DataKind::Passive => 0,
                            },
                            len: segment.data.len(),
                            entry: usize_range(segment.range),
                        });
                    }
                }
                Payload::CodeSectionEntry(body) => info.bodies.push(body),
                _ => {}
            }
        }
        Ok(info)
    }

    /// The type of function `index` (imported or defined).
    pub fn func_type(&self, index: u32) -> Option<&FuncType> {
        let ty = *self.func_types.get(index as usize)?;
        self.types.get(ty as usize)?.as_ref()
    }

    /// The export called `name`, if any.
    pub fn export(&self, name: &str) -> Option<&Export<'a>> {
        self.exports.iter().find(|e| e.name == name)
    }

    /// The global index space position of defined global `i`.
    pub fn global_index(&self, defined: usize) -> u32 {
        self.imported_globals + defined as u32
    }

    /// The table index space position of defined table `i`.
    pub fn table_index(&self, defined: usize) -> u32 {
        self.imported_tables + defined as u32
    }

    /// The type of table `index` (imported or defined), if it exists.
    pub fn table_type(&self, index: u32) -> Option<wasmparser::TableType> {
        let imported = self.imports.iter().filter_map(|i| match i.ty {
            TypeRef::Table(ty) => Some(ty),
            _ => None,
        });
        imported
            .chain(self.tables.iter().copied())
            .nth(index as usize)
    }

    /// The memory index space position of defined memory `i`.
    pub fn memory_index(&self, defined: usize) -> u32 {
        self.imported_memories + defined as u32
    }

    /// The original bytes of a section's contents.
    pub fn section_bytes(&self, section: &Section<'_>) -> &'a [u8] {
        &self.bytes[section.range.clone()]
    }
}

fn usize_range(range: Range<u64>) -> Range<usize> {
    range.start as usize..range.end as usize
}

/// The size in bytes of one page of `memory` (64 KiB unless the custom page
/// sizes proposal says otherwise).
pub fn page_size(memory: &MemoryType) -> u64 {
    1u64 << memory.page_size_log2.unwrap_or(16)
}

/// The WebAssembly magic number.
const MAGIC: &[u8; 4] = b"\0asm";

/// [`decode`], for where only a core module will do (preloads, the
/// two-phase API).
pub fn decode_module<'a>(input: &'a [u8], what: &str) -> Result<Cow<'a, [u8]>> {
    let wasm = decode(input)?;
    if wasmparser::Parser::is_component(&wasm) {
        bail!("{what} must be a core module, not a component");
    }
    Ok(wasm)
}

/// Accepts a binary module or component as is and compiles WAT text;
/// refuses anything else with an error that says what the input looked
/// like.
pub fn decode(input: &[u8]) -> Result<Cow<'_, [u8]>> {
    let wasm = if input.starts_with(MAGIC) {
        Cow::Borrowed(input)
    } else {
        let Ok(text) = std::str::from_utf8(input) else {
            bail!(
                "the input is not a WebAssembly module: it starts with neither the `\\0asm` \
                 magic number nor WAT text"
            );
        };
        if text.trim().is_empty() {
            bail!("the input is empty: expected a WebAssembly module");
        }
        Cow::Owned(wat::parse_str(text).context("failed to parse the input as WAT")?)
    };
    Ok(wasm)
}
