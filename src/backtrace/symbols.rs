//! Symbolization: function names from the input's `name` section,
//! demangled (Rust legacy and v0 without the hash, C++ Itanium), else
//! from its exports, and
//! `file:line:col` with inlined frames from its DWARF, when it has some.
//!
//! DWARF is read with `gimli` from the `.debug_*` custom sections, as
//! Wasmtime does, and looked up with `addr2line`: its addresses are
//! offsets from the start of the code section's payload.

use addr2line::demangle_auto;
use gimli::{EndianSlice, LittleEndian};
use std::borrow::Cow;
use std::collections::BTreeMap;
use wasmparser::{KnownCustom, Name, Parser, Payload};

type Reader<'a> = EndianSlice<'a, LittleEndian>;

/// What the input says about its functions.
pub struct Symbols<'a> {
    /// Function index -> name (raw, as in the name section).
    names: BTreeMap<u32, &'a str>,
    /// Global index -> name (raw, as in the name section).
    globals: BTreeMap<u32, &'a str>,
    /// Function index -> its first export's name.
    exports: BTreeMap<u32, &'a str>,
    dwarf: Option<addr2line::Context<Reader<'a>>>,
    /// The input offset DWARF addresses count from.
    code_start: u64,
}

/// A source location, a function's or an inlined one's.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The function it is in, demangled.
    pub function: Option<String>,
    /// The source file, as the compiler wrote it.
    pub file: Option<String>,
    /// The line, from 1.
    pub line: Option<u32>,
    /// The column, from 1 (0: the whole line).
    pub column: Option<u32>,
}

impl<'a> Symbols<'a> {
    /// Reads the names and the debug information of `wasm`; what cannot be
    /// read is left out.
    pub fn of(wasm: &'a [u8]) -> Self {
        let mut names = BTreeMap::new();
        let mut exports = BTreeMap::new();
        let mut globals = BTreeMap::new();
        let mut debug: BTreeMap<&'a str, &'a [u8]> = BTreeMap::new();
        let mut code_start = 0;
        for payload in Parser::new(0).parse_all(wasm) {
            let Ok(payload) = payload else { break };
            match payload {
                Payload::CodeSectionStart {
                    unchecked_range, ..
                } => code_start = unchecked_range.start,
                Payload::ExportSection(reader) => {
                    for export in reader.into_iter().flatten() {
                        if export.kind == wasmparser::ExternalKind::Func {
                            exports.entry(export.index).or_insert(export.name);
                        }
                    }
                }
                Payload::CustomSection(reader) => match reader.as_known() {
                    KnownCustom::Name(section) => {
                        for name in section.into_iter().flatten() {
                            let (map, into) = match name {
                                Name::Function(map) => (map, &mut names),
                                Name::Global(map) => (map, &mut globals),
                                _ => continue,
                            };
                            for naming in map.into_iter().flatten() {
                                into.insert(naming.index, naming.name);
                            }
                        }
                    }
                    _ if reader.name().starts_with(".debug_") => {
                        debug.insert(reader.name(), reader.data());
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        let dwarf = (!debug.is_empty())
            .then(|| {
                let dwarf = gimli::Dwarf::load(|id| {
                    Ok::<_, gimli::Error>(Reader::new(
                        debug.get(id.name()).copied().unwrap_or_default(),
                        LittleEndian,
                    ))
                })
                .ok()?;
                addr2line::Context::from_dwarf(dwarf).ok()
            })
            .flatten();
        Symbols {
            names,
            globals,
            exports,
            dwarf,
            code_start,
        }
    }

    /// The raw name of function `index`, if the name section gives one.
    pub fn raw_name(&self, index: u32) -> Option<&'a str> {
        self.names.get(&index).copied()
    }

    /// The index of the global the name section calls `name`, and whether
    /// the name section names globals at all.
    pub fn global(&self, name: &str) -> (Option<u32>, bool) {
        let index = self.globals.iter().find(|(_, n)| **n == name);
        (index.map(|(i, _)| *i), !self.globals.is_empty())
    }

    /// The name function `index` is exported under (its first export), if
    /// it is exported.
    pub fn export_name(&self, index: u32) -> Option<&'a str> {
        self.exports.get(&index).copied()
    }

    /// The source locations at input offset `offset`, innermost (most
    /// inlined) first, the function's own last; empty without DWARF.
    pub fn locate(&self, offset: u64) -> Vec<Location> {
        let Some(dwarf) = &self.dwarf else {
            return Vec::new();
        };
        let Some(address) = offset.checked_sub(self.code_start) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let Ok(mut frames) = dwarf.find_frames(address).skip_all_loads() else {
            return out;
        };
        while let Ok(Some(frame)) = frames.next() {
            let function = frame
                .function
                .as_ref()
                .and_then(|f| f.demangle().ok())
                .map(|name| name.into_owned());
            let location = frame.location.as_ref();
            out.push(Location {
                function,
                file: location.and_then(|l| l.file).map(str::to_string),
                line: location.and_then(|l| l.line),
                column: location.and_then(|l| l.column),
            });
        }
        // Code without a function entry in DWARF still has line rows.
        if out.is_empty()
            && let Ok(Some(l)) = dwarf.find_location(address)
        {
            out.push(Location {
                function: None,
                file: l.file.map(str::to_string),
                line: l.line,
                column: l.column,
            });
        }
        out
    }
}

/// `name` demangled (Rust legacy and v0 without the hash, C++ Itanium),
/// or as it is.
pub fn demangle(name: &str) -> String {
    demangle_auto(Cow::Borrowed(name), None).into_owned()
}
