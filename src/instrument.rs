//! Instrument stage: original module -> the module wasmi runs, with private
//! exports for every entity whose state must be read afterwards.
//!
//! wasmi 2.0 offers no access to non-exported globals or memories, so every
//! mutable defined global and every defined memory gets an export under a
//! prefix that no existing export starts with. For [`crate::Wizer::run`] the
//! start section is also replaced by an export of the start function, so
//! that it runs as a phase of its own (a trap there is then reported as a
//! start-function trap, not as an instantiation failure); the public
//! two-phase API keeps the start section, so the module instantiates as the
//! original does. Only exports change: no index space shifts and the code
//! section is copied byte for byte.
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
//! The rewrite stage works from the original module, so these exports never
//! reach the output.

use crate::parse::ModuleInfo;
use wasm_encoder::{ExportKind, ExportSection, Module, RawSection};

/// Section ids that must come after the export section.
const AFTER_EXPORTS: [u8; 5] = [8, 9, 10, 11, 12];
const EXPORT_SECTION: u8 = 7;
const START_SECTION: u8 = 8;

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

    pub fn start(&self) -> String {
        format!("{}start", self.prefix)
    }
}

/// The module to instantiate, and the names under which its state is found.
pub struct Instrumented {
    pub wasm: Vec<u8>,
    pub names: PrivateNames,
}

/// What to do with the start section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Keep it: instantiation runs the start function.
    Keep,
    /// Drop it and export the start function under [`PrivateNames::start`].
    Export,
}

pub fn instrument(info: &ModuleInfo<'_>, start_section: Start) -> Instrumented {
    let names = PrivateNames::choose(info);
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
    if let (Some(start), Start::Export) = (info.start, start_section) {
        exports.export(&names.start(), ExportKind::Func, start);
    }

    let mut module = Module::new();
    let mut exports_emitted = false;
    for section in &info.sections {
        let before_this = section.id == EXPORT_SECTION || AFTER_EXPORTS.contains(&section.id);
        if !exports_emitted && before_this {
            module.section(&exports);
            exports_emitted = true;
        }
        if section.id == EXPORT_SECTION
            || (section.id == START_SECTION && start_section == Start::Export)
        {
            continue;
        }
        module.section(&RawSection {
            id: section.id,
            data: info.section_bytes(section),
        });
    }
    if !exports_emitted {
        module.section(&exports);
    }
    Instrumented {
        wasm: module.finish(),
        names,
    }
}
