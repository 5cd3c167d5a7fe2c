//! Component rewrite stage: the original component + the rewritten
//! modules -> the pre-initialized component.
//!
//! Every section is copied byte for byte, in its order, but three kinds:
//! a snapshotted module's section holds its rewritten module; the export
//! of the init function is removed (unless kept); and the sections after
//! it that name component functions (instances, `canon lower`s, exports,
//! the `component-name` section) are re-encoded with every later function
//! index one lower. Core exports are never removed: an alias may name one
//! (the init function's own core export among them, wasmtime#13168).
//!
//! ```wat
//! ;; before                                      ;; after
//! (core module $m (memory 1) ...)               (core module $m (memory 1) (data ...) ...)
//! (func $init (canon lift (core func $i)))      (func $init (canon lift (core func $i)))
//! (export "wizer-initialize" (func $init))      (export "run" (func 1))
//! (func $run (canon lift (core func $r)))
//! (export "run" (func 2))
//! ```

use super::parse::{ComponentInfo, id};
use super::plan::Prepared;
use crate::exports::{ExportChanges, Renames};
use crate::snapshot::Snapshot;
use anyhow::{Result, bail};
use wasm_encoder::reencode::{Error, Reencode, ReencodeComponent, component_utils as utils};
use wasm_encoder::{Component, ComponentNameSection, NameMap, RawSection};
use wasmparser::{BinaryReader, ComponentName, FromReader, SectionLimited};

/// Each snapshotted module rewritten by the core rewrite (`None`: passed
/// through). No core export is removed: the component's aliases name
/// them, the init function's among them. The component says who made it;
/// its modules keep theirs.
pub fn rewrite_modules(
    prepared: &Prepared<'_>,
    snapshots: &[Option<Snapshot<'_>>],
) -> Vec<Option<Vec<u8>>> {
    let no_renames = Renames::default();
    let changes = ExportChanges {
        removed: Vec::new(),
        renames: &no_renames,
    };
    prepared
        .modules
        .iter()
        .zip(snapshots)
        .map(|(module, snapshot)| {
            let snapshot = snapshot.as_ref()?;
            Some(crate::rewrite::rewrite(&module.info, snapshot, &changes, false).to_vec())
        })
        .collect()
}

/// Builds the pre-initialized component: `modules[i]` replaces core module
/// `i` where it is `Some`; `removed` is the init export's component
/// function index and its position among the exports; with `producers`,
/// the component's `producers` section names wizer-lite.
pub fn rewrite(
    bytes: &[u8],
    info: &ComponentInfo,
    modules: &[Option<Vec<u8>>],
    removed: Option<(u32, usize)>,
    producers: bool,
) -> Result<Vec<u8>> {
    let mut component = Component::new();
    let mut producers_pending = producers;
    let mut renumber = Renumber {
        removed: removed.map(|(func, _)| func),
        referenced: false,
    };
    let mut exports_seen = 0;
    let mut after_removed = false;
    for section in &info.sections {
        let data = &bytes[section.range.clone()];
        let raw = RawSection {
            id: section.id,
            data,
        };
        if let Some(module) = section.module {
            match &modules[module] {
                Some(rewritten) => component.section(&RawSection {
                    id: id::MODULE,
                    data: rewritten,
                }),
                None => component.section(&raw),
            };
            continue;
        }
        if producers
            && section.id == id::CUSTOM
            && let Some(existing) = crate::producers::payload(data)
        {
            component.section(&crate::producers::merged(Some(existing)));
            producers_pending = false;
            continue;
        }
        let Some((_, position)) = removed else {
            component.section(&raw);
            continue;
        };
        match section.id {
            id::EXPORT => {
                let reader =
                    SectionLimited::new(BinaryReader::new(data, section.range.start as u64))?;
                let count = reader.count() as usize;
                let mut out = wasm_encoder::ComponentExportSection::new();
                for (k, export) in reader.into_iter().enumerate() {
                    if exports_seen + k == position {
                        after_removed = true;
                        continue;
                    }
                    renumber.parse_component_export(&mut out, export?)?;
                }
                exports_seen += count;
                component.section(&out);
            }
            id::INSTANCE if after_removed => {
                let mut out = wasm_encoder::ComponentInstanceSection::new();
                let reader =
                    SectionLimited::new(BinaryReader::new(data, section.range.start as u64))?;
                utils::parse_component_instance_section(&mut renumber, &mut out, reader)?;
                component.section(&out);
            }
            id::CANONICAL if after_removed => {
                let mut out = wasm_encoder::CanonicalFunctionSection::new();
                let reader =
                    SectionLimited::new(BinaryReader::new(data, section.range.start as u64))?;
                utils::parse_component_canonical_section(&mut renumber, &mut out, reader)?;
                component.section(&out);
            }
            id::CUSTOM if is_component_name(data) => {
                let reader = wasmparser::CustomSectionReader::new(BinaryReader::new(
                    data,
                    section.range.start as u64,
                ))?;
                match reader.as_known() {
                    wasmparser::KnownCustom::ComponentName(names) => {
                        let names = renumber.custom_component_name_section(names)?;
                        component.section(&names);
                    }
                    _ => {
                        component.section(&raw);
                    }
                }
            }
            _ => {
                component.section(&raw);
            }
        }
    }
    if producers_pending {
        component.section(&crate::producers::merged(None));
    }
    if renumber.referenced {
        bail!(
            "the init function's export is used inside the component (another export or an \
             instance names the function it defines), so it cannot be removed: keep it with \
             `--keep-init-func`"
        );
    }
    Ok(component.finish())
}

/// Whether a custom section's contents are the `component-name` section.
fn is_component_name(data: &[u8]) -> bool {
    let mut reader = BinaryReader::new(data, 0);
    <&str>::from_reader(&mut reader).is_ok_and(|name| name == "component-name")
}

/// Lowers every component function index above the removed one.
struct Renumber {
    removed: Option<u32>,
    /// Whether something named the removed function.
    referenced: bool,
}

impl Reencode for Renumber {
    type Error = std::convert::Infallible;
}

impl ReencodeComponent for Renumber {
    fn component_func_index(&mut self, index: u32) -> u32 {
        match self.removed {
            Some(removed) if index == removed => {
                self.referenced = true;
                index
            }
            Some(removed) if index > removed => index - 1,
            _ => index,
        }
    }

    fn parse_custom_component_name_subsection(
        &mut self,
        names: &mut ComponentNameSection,
        section: ComponentName<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let ComponentName::Funcs(map) = section else {
            return utils::parse_custom_component_name_subsection(self, names, section);
        };
        let mut funcs = NameMap::new();
        for naming in map {
            let naming = naming?;
            if Some(naming.index) != self.removed {
                funcs.append(self.component_func_index(naming.index), naming.name);
            }
        }
        names.funcs(&funcs);
        Ok(())
    }
}
