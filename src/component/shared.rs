//! What core instances share: every table, memory and global a core module
//! imports is defined by one module instantiated before it, its owner.
//! [`Sharing`] names the owner of each, decides which tables are captured,
//! and places each captured slot's function in a module that can name it.
//!
//! The rule: instantiating the output in the component's order re-applies
//! nothing over captured state, whatever that order is.
//! - A memory or mutable global is captured from its owner, which is
//!   snapshotted (it defines state). Every snapshotted module's active data
//!   segments are dropped from its rewrite, so an importer's segments do
//!   not run again over captured bytes. An importer cannot re-initialize
//!   an imported global.
//! - A table is captured when a module that reaches it (its owner or an
//!   importer) has code that may change tables, or when its owner captures
//!   its tables anyway (a global holding a reference). Every module that
//!   reaches a captured table is snapshotted, and its active element
//!   segments into that table become empty passive ones. Each non-null slot
//!   is then written back by exactly one new active segment: in the owner
//!   when the owner can name the function, otherwise in the first module,
//!   in instantiation order, that reaches the table and can (a function of
//!   its own, or one it imports). No code runs while a component is
//!   instantiated (start functions ran already and are removed), so only
//!   the state after the last instance is seen, and it is init's.
//! - The preview1 adapter passes through untouched: it must not reach a
//!   captured table, nor write an imported memory with an active segment.
//!
//! ```wat
//! ;; before: $b's segment would overwrite what init stored in slot 0
//! (core module $a (table (export "t") 1 funcref) (func $two ...)
//!   (func (export "init") (table.set (i32.const 0) (ref.func $two))))
//! (core module $b (import "a" "t" (table 1 funcref)) (func $one ...)
//!   (elem (i32.const 0) func $one))
//! ;; after: $a writes slot 0 back; $b's segment is empty and passive
//! (core module $a ... (elem (i32.const 0) func $two))
//! (core module $b ... (elem func))
//! ```

use super::parse::{ComponentInfo, CoreInstance, CoreItem};
use crate::parse::ModuleInfo;
use crate::snapshot::{FuncKey, Functions, RefValue, TableState};
use crate::support::CodeFacts;
use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use wasmparser::{ExternalKind, TypeRef};

/// A table, memory, global or function where it is defined: the module,
/// and its index in that module's index space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Owned {
    pub module: usize,
    pub index: u32,
}

/// Where a module's imported function comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// A function some module defines.
    Defined(Owned),
    /// A function the component model makes (`canon lower`, a built-in).
    Made(String),
    /// Not found (the import is not wired to a module's function).
    Unknown,
}

/// The owners of every module's tables, and the captured ones.
pub struct Sharing {
    /// Each module's label, for messages: its core instance and module.
    labels: Vec<String>,
    /// The core instance of each module, if it is instantiated.
    instances: Vec<Option<u32>>,
    /// For each module, the owner of each table in its index space
    /// (empty for a module not instantiated).
    tables: Vec<Vec<Owned>>,
    /// For each module, where each imported function comes from.
    imported_funcs: Vec<Vec<Origin>>,
    /// The tables the snapshot captures.
    captured: BTreeSet<Owned>,
    /// The modules that reach a captured table, or capture their own.
    reads_tables: Vec<bool>,
}

impl Sharing {
    /// Resolves every module's imports through the component's wiring, and
    /// decides which tables are captured: `facts` are each module's code
    /// facts, `captures_own[m]` whether module `m` captures its own tables
    /// whatever others do.
    pub fn new(
        info: &ComponentInfo,
        parsed: &[ModuleInfo<'_>],
        instances: &[Option<u32>],
        facts: &[CodeFacts],
        captures_own: &[bool],
    ) -> Result<Sharing> {
        let wiring = Wiring { info, parsed };
        let mut tables = Vec::new();
        let mut imported_funcs = Vec::new();
        for (m, module) in parsed.iter().enumerate() {
            let Some(instance) = instances[m] else {
                tables.push(Vec::new());
                imported_funcs.push(Vec::new());
                continue;
            };
            let mut owners = Vec::new();
            for index in 0..module.imported_tables + module.tables.len() as u32 {
                match wiring.item(ExternalKind::Table, instance, m, index) {
                    Some(Resolved::Owned(owned)) => owners.push(owned),
                    _ => bail!(
                        "cannot tell which core instance defines table {index} of {}",
                        info.module_label(m)
                    ),
                }
            }
            tables.push(owners);
            imported_funcs.push(
                (0..module.imported_funcs)
                    .map(
                        |index| match wiring.item(ExternalKind::Func, instance, m, index) {
                            Some(Resolved::Owned(owned)) => Origin::Defined(owned),
                            Some(Resolved::Made(what)) => Origin::Made(what),
                            None => Origin::Unknown,
                        },
                    )
                    .collect(),
            );
        }
        let mut sharing = Sharing {
            labels: (0..parsed.len())
                .map(|m| {
                    let module = match &info.modules[m].name {
                        Some(name) => format!("module {m}, `{name}`"),
                        None => format!("module {m}"),
                    };
                    match instances[m] {
                        Some(i) => format!("core instance {i} ({module})"),
                        None => format!("core {module}"),
                    }
                })
                .collect(),
            instances: instances.to_vec(),
            tables,
            imported_funcs,
            captured: BTreeSet::new(),
            reads_tables: (0..parsed.len())
                .map(|m| instances[m].is_some() && captures_own[m])
                .collect(),
        };
        // Capturing a table makes every module that reaches it read its
        // tables, which captures that module's own tables too: repeat until
        // nothing changes (each round adds a module, so at most one round
        // per module).
        loop {
            for (m, owners) in sharing.tables.iter().enumerate() {
                for owned in owners {
                    let own = owned.module == m;
                    if (own && sharing.reads_tables[m]) || facts[m].mutates_tables {
                        sharing.captured.insert(*owned);
                    }
                }
            }
            let mut changed = false;
            for m in 0..parsed.len() {
                if !sharing.reads_tables[m] && sharing.reaches_captured(m) {
                    sharing.reads_tables[m] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Ok(sharing)
    }

    /// Module `m` in component terms: its core instance and module.
    pub fn label(&self, m: usize) -> &str {
        &self.labels[m]
    }

    /// Whether module `m` reaches a captured table.
    pub fn reaches_captured(&self, m: usize) -> bool {
        self.tables[m].iter().any(|t| self.captured.contains(t))
    }

    /// Whether module `m` must read its tables and functions: it reaches a
    /// captured table, or captures its own.
    pub fn reads_tables(&self, m: usize) -> bool {
        self.reads_tables[m]
    }

    /// Refuses a module that passes through untouched (the preview1
    /// adapter) but would re-apply something over captured state: an
    /// active element segment into a captured table (or any access to one,
    /// as its code may change it), or an active data segment into an
    /// imported memory.
    pub fn check_pass_through(&self, m: usize, module: &ModuleInfo<'_>) -> Result<()> {
        let label = &self.labels[m];
        if self.reaches_captured(m) {
            bail!(
                "{label}, the preview1 adapter, reaches a table whose state init changed: it \
                 passes through untouched, so its state cannot be rewritten"
            );
        }
        if let Some(segment) = module
            .data
            .iter()
            .position(|d| !d.passive && d.memory < module.imported_memories)
        {
            bail!(
                "{label}, the preview1 adapter, has an active data segment ({segment}) into \
                 another instance's memory: it passes through untouched, so the segment would \
                 overwrite the captured memory"
            );
        }
        Ok(())
    }

    /// Places every captured table's slots: `funcs[m]` and `raw[m]` are
    /// what module `m` read (its functions and its own tables' references;
    /// empty unless it reads tables). Returns, for each module, the table
    /// states its rewrite writes back, in index order.
    pub fn place(
        &self,
        funcs: &[Functions],
        raw: &[Vec<(u32, Vec<RefValue>)>],
    ) -> Result<Vec<Vec<TableState>>> {
        let mut states: Vec<BTreeMap<u32, TableState>> = vec![BTreeMap::new(); self.labels.len()];
        for (owner, tables) in raw.iter().enumerate() {
            for (index, refs) in tables {
                let owned = Owned {
                    module: owner,
                    index: *index,
                };
                if !self.captured.contains(&owned) {
                    continue;
                }
                // The modules that reach the table, owner first (it is
                // instantiated before its importers), each with the first
                // of its indices for it; every index gets a state, so that
                // no active segment into the table is applied again.
                let mut reachers = Vec::new();
                for (m, owners) in self.tables.iter().enumerate() {
                    let mut first = true;
                    for (position, _) in owners.iter().enumerate().filter(|(_, o)| **o == owned) {
                        states[m].insert(
                            position as u32,
                            TableState {
                                index: position as u32,
                                elements: vec![None; refs.len()],
                                written_elsewhere: 0,
                            },
                        );
                        if std::mem::take(&mut first) {
                            reachers.push((m, position as u32));
                        }
                    }
                }
                reachers.sort_by_key(|&(m, _)| (m != owner, self.instances[m]));
                for (slot, r) in refs.iter().enumerate() {
                    let key = match r {
                        RefValue::Null => continue,
                        RefValue::Func(key) => key,
                        RefValue::Extern => bail!(
                            "slot {slot} of table {index} of {} holds a non-null `externref`: \
                             host references cannot be written into the snapshot",
                            self.labels[owner]
                        ),
                    };
                    let Some((writer, position, func)) = reachers
                        .iter()
                        .find_map(|&(m, p)| funcs[m].get(key).map(|f| (m, p, *f)))
                    else {
                        bail!(
                            "slot {slot} of table {index} of {} holds {}, which no core \
                             instance that reaches the table can name (it is neither defined \
                             nor imported by one): the snapshot cannot write it back",
                            self.labels[owner],
                            self.describe(funcs, key)
                        );
                    };
                    let state = states[writer].get_mut(&position).expect("placed above");
                    state.elements[slot] = Some(func);
                    if writer != owner {
                        let own = states[owner].get_mut(index).expect("the owner reaches it");
                        own.written_elsewhere += 1;
                    }
                }
            }
        }
        Ok(states
            .into_iter()
            .map(|tables| tables.into_values().collect())
            .collect())
    }

    /// Where function `key` comes from, in component terms (its
    /// definition, or what the component model made it from), found among
    /// the functions the modules read (`funcs`). Only a refusal needs it,
    /// so it is looked up then, never on the way to a snapshot.
    pub fn describe(&self, funcs: &[Functions], key: &FuncKey) -> String {
        let mut unknown = None;
        for (m, keys) in funcs.iter().enumerate() {
            let Some(&index) = keys.get(key) else {
                continue;
            };
            match self.imported_funcs[m].get(index as usize) {
                None => return self.function_of(Owned { module: m, index }),
                Some(Origin::Defined(owned)) => return self.function_of(*owned),
                Some(Origin::Made(what)) => {
                    return format!("`{what}`, a function the component makes (`canon lower`)");
                }
                Some(Origin::Unknown) => {
                    unknown
                        .get_or_insert_with(|| format!("function {index} of {}", self.labels[m]));
                }
            }
        }
        unknown.unwrap_or_else(|| {
            "a function of a core instance that does not reach the table".to_string()
        })
    }

    fn function_of(&self, owned: Owned) -> String {
        format!("function {} of {}", owned.index, self.labels[owned.module])
    }
}

/// What an item resolves to.
enum Resolved {
    Owned(Owned),
    Made(String),
}

/// The component's core wiring, followed from an import to its definition.
struct Wiring<'a, 'm> {
    info: &'a ComponentInfo,
    parsed: &'a [ModuleInfo<'m>],
}

impl Wiring<'_, '_> {
    /// Item `index` of `kind` in the index space of module `module`,
    /// instantiated as core instance `instance`.
    fn item(
        &self,
        kind: ExternalKind,
        instance: u32,
        module: usize,
        index: u32,
    ) -> Option<Resolved> {
        let (mut instance, mut module, mut index) = (instance, module, index);
        // Each step goes to an earlier core instance, so this ends.
        loop {
            let m = &self.parsed[module];
            let Some(import) = m
                .imports
                .iter()
                .filter(|i| same_kind(kind, i.ty))
                .nth(index as usize)
            else {
                return Some(Resolved::Owned(Owned { module, index }));
            };
            let CoreInstance::Module { args, .. } = self.info.instances.get(instance as usize)?
            else {
                return None;
            };
            let (_, from) = args.iter().find(|(name, _)| name == import.module)?;
            let mut name = import.name.to_string();
            let mut from = *from;
            // Follow export bundles to a module's instance.
            loop {
                match self.info.instances.get(from as usize)? {
                    CoreInstance::Module { module: next, .. } => {
                        let export = self.parsed[*next]
                            .exports
                            .iter()
                            .find(|e| e.name == name && same_export_kind(kind, e.kind))?;
                        (instance, module, index) = (from, *next, export.index);
                        break;
                    }
                    CoreInstance::Bundle(exports) => {
                        let (_, _, item) = exports
                            .iter()
                            .find(|(n, k, _)| *n == name && same_export_kind(kind, *k))?;
                        let items = match kind {
                            ExternalKind::Table => &self.info.core_tables,
                            ExternalKind::Memory => &self.info.core_memories,
                            ExternalKind::Global => &self.info.core_globals,
                            ExternalKind::Tag => &self.info.core_tags,
                            ExternalKind::Func | ExternalKind::FuncExact => &self.info.core_funcs,
                        };
                        match items.get(*item as usize)? {
                            CoreItem::Export {
                                instance: next,
                                name: next_name,
                            } => {
                                from = *next;
                                name = next_name.clone();
                            }
                            CoreItem::Canon(canon) => {
                                return Some(Resolved::Made(canon.what.clone()));
                            }
                        }
                    }
                }
            }
        }
    }
}

fn same_kind(kind: ExternalKind, ty: TypeRef) -> bool {
    matches!(
        (kind, ty),
        (
            ExternalKind::Func | ExternalKind::FuncExact,
            TypeRef::Func(_) | TypeRef::FuncExact(_)
        ) | (ExternalKind::Table, TypeRef::Table(_))
            | (ExternalKind::Memory, TypeRef::Memory(_))
            | (ExternalKind::Global, TypeRef::Global(_))
            | (ExternalKind::Tag, TypeRef::Tag(_))
    )
}

fn same_export_kind(kind: ExternalKind, other: ExternalKind) -> bool {
    let func = |k| matches!(k, ExternalKind::Func | ExternalKind::FuncExact);
    kind == other || (func(kind) && func(other))
}
