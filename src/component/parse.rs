//! Component parse stage: component bytes -> [`ComponentInfo`], the facts
//! the other component stages need, with no engine in them.
//!
//! Only the outermost component's sections are walked (nested components
//! are opaque, and refused when they hold core modules). Each section is
//! kept as a byte range for the rewrite, and every index space the
//! instantiation and the rewrite read is built in order: core modules,
//! core instances, core functions and other core items, component
//! functions, component instances and component types.

use anyhow::{Context, Result, bail};
use std::ops::Range;
use wasmparser::{
    CanonicalFunction, Chunk, ComponentAlias, ComponentExternalKind, ComponentInstance,
    ComponentOuterAliasKind, ComponentType, ComponentTypeRef, ExternalKind, Instance, Parser,
    Payload,
};

/// One top-level section of the component, as bytes of the input.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section id.
    pub id: u8,
    /// Its contents (after the id and size).
    pub range: Range<usize>,
    /// The core module it defines, for a module section.
    pub module: Option<usize>,
}

/// Where a core item (function, table, memory, global, tag) comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreItem {
    /// An export of a core instance.
    Export { instance: u32, name: String },
    /// A function the component model makes: `canon lower` of the named
    /// import, or a resource built-in.
    Canon(Canon),
}

/// A core function the component model makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canon {
    /// What it is: the lowered function (`wasi:cli/stdout@0.2.6#get-stdout`),
    /// a resource drop (`wasi:io/streams@0.2.6#[resource-drop]input-stream`),
    /// or another built-in.
    pub what: String,
    /// The core memory and `realloc` function its options name.
    pub memory: Option<u32>,
    pub realloc: Option<u32>,
    /// Strings are UTF-8 (the default encoding).
    pub utf8: bool,
}

impl Canon {
    fn built_in(what: String) -> CoreItem {
        CoreItem::Canon(Canon {
            what,
            memory: None,
            realloc: None,
            utf8: true,
        })
    }
}

/// A core instance.
#[derive(Debug, Clone)]
pub enum CoreInstance {
    /// `instantiate` of a core module, with (import name, core instance)
    /// arguments.
    Module {
        module: usize,
        args: Vec<(String, u32)>,
    },
    /// An inline bundle of exports.
    Bundle(Vec<(String, ExternalKind, u32)>),
}

/// A core module of the component.
#[derive(Debug, Clone)]
pub struct CoreModule {
    /// Its bytes in the input.
    pub range: Range<usize>,
    /// Its name in the component's name section, if any.
    pub name: Option<String>,
}

/// Where a component function comes from.
#[derive(Debug, Clone)]
enum Func {
    /// `canon lift` of a core function, with its component type.
    Lift { core_func: u32, ty: u32 },
    /// An export of a component instance, or anything else, by a name
    /// for messages.
    Named(String),
}

/// The shape of a component function type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuncShape {
    pub params: usize,
    pub result: bool,
    pub is_async: bool,
}

/// A component export.
#[derive(Debug, Clone)]
pub struct Export {
    pub name: String,
    pub kind: ComponentExternalKind,
    /// The component function index the export defines, for a function.
    pub defines_func: Option<u32>,
}

/// What the component stages know about a component.
#[derive(Debug, Clone)]
pub struct ComponentInfo {
    pub sections: Vec<Section>,
    pub modules: Vec<CoreModule>,
    pub instances: Vec<CoreInstance>,
    pub core_funcs: Vec<CoreItem>,
    pub core_tables: Vec<CoreItem>,
    pub core_memories: Vec<CoreItem>,
    pub core_globals: Vec<CoreItem>,
    pub core_tags: Vec<CoreItem>,
    pub exports: Vec<Export>,
    funcs: Vec<Func>,
    /// Component types: the shape of function types, `None` for others.
    types: Vec<Option<FuncShape>>,
    /// Their names, for those taken from an instance (`iface#name`).
    type_names: Vec<Option<String>>,
    /// Component instances, by a name for messages.
    component_instances: Vec<String>,
}

/// The section ids of the component binary format.
pub mod id {
    pub const CUSTOM: u8 = 0;
    pub const MODULE: u8 = 1;
    pub const INSTANCE: u8 = 5;
    pub const CANONICAL: u8 = 8;
    pub const EXPORT: u8 = 11;
}

impl ComponentInfo {
    /// Reads a component that has been validated.
    pub fn parse(bytes: &[u8]) -> Result<ComponentInfo> {
        let mut info = ComponentInfo {
            sections: Vec::new(),
            modules: Vec::new(),
            instances: Vec::new(),
            core_funcs: Vec::new(),
            core_tables: Vec::new(),
            core_memories: Vec::new(),
            core_globals: Vec::new(),
            core_tags: Vec::new(),
            exports: Vec::new(),
            funcs: Vec::new(),
            types: Vec::new(),
            type_names: Vec::new(),
            component_instances: Vec::new(),
        };
        let mut parser = Parser::new(0);
        let mut offset = 0;
        loop {
            let (payload, consumed) = match parser.parse(&bytes[offset..], true)? {
                Chunk::Parsed { payload, consumed } => (payload, consumed),
                Chunk::NeedMoreData(_) => bail!("bug: a whole component needs more data"),
            };
            let section = payload
                .as_section()
                .map(|(id, range)| (id, usize_range(range)));
            let mut module = None;
            match payload {
                Payload::ModuleSection {
                    unchecked_range, ..
                } => {
                    let unchecked_range = usize_range(unchecked_range);
                    offset += unchecked_range.len();
                    module = Some(info.modules.len());
                    info.modules.push(CoreModule {
                        range: unchecked_range,
                        name: None,
                    });
                }
                Payload::ComponentSection {
                    unchecked_range, ..
                } => {
                    let unchecked_range = usize_range(unchecked_range);
                    offset += unchecked_range.len();
                    if holds_modules(&bytes[unchecked_range.clone()])? {
                        bail!(
                            "nested components that contain core modules are not supported: \
                             their instances' state would have to be snapshotted inside the \
                             nested component"
                        );
                    }
                }
                Payload::InstanceSection(reader) => {
                    for instance in reader {
                        info.instances.push(match instance? {
                            Instance::Instantiate { module_index, args } => CoreInstance::Module {
                                module: module_index as usize,
                                args: args.iter().map(|a| (a.name.to_string(), a.index)).collect(),
                            },
                            Instance::FromExports(exports) => CoreInstance::Bundle(
                                exports
                                    .iter()
                                    .map(|e| (e.name.to_string(), e.kind, e.index))
                                    .collect(),
                            ),
                        });
                    }
                }
                Payload::ComponentTypeSection(reader) => {
                    for ty in reader {
                        info.type_names.push(None);
                        info.types.push(match ty? {
                            ComponentType::Func(f) => Some(FuncShape {
                                params: f.params.len(),
                                result: f.result.is_some(),
                                is_async: f.async_,
                            }),
                            _ => None,
                        });
                    }
                }
                Payload::ComponentImportSection(reader) => {
                    for import in reader {
                        let import = import?;
                        let name = import.name.name.to_string();
                        match import.ty {
                            ComponentTypeRef::Func(_) => info.funcs.push(Func::Named(name)),
                            ComponentTypeRef::Instance(_) => info.component_instances.push(name),
                            ComponentTypeRef::Type(_) => info.push_type(None),
                            ComponentTypeRef::Module(_) => bail!(
                                "module imports are not supported: the component imports the \
                                 core module `{name}`, which wizer-lite cannot instantiate"
                            ),
                            ComponentTypeRef::Component(_) => bail!(
                                "component imports are not supported: the component imports \
                                 the component `{name}`, which wizer-lite cannot instantiate"
                            ),
                            ComponentTypeRef::Value(_) => {}
                        }
                    }
                }
                Payload::ComponentAliasSection(reader) => {
                    for alias in reader {
                        info.alias(alias?)?;
                    }
                }
                Payload::ComponentCanonicalSection(reader) => {
                    for canon in reader {
                        info.canon(canon?)?;
                    }
                }
                Payload::ComponentInstanceSection(reader) => {
                    for instance in reader {
                        let name = match instance? {
                            ComponentInstance::Instantiate {
                                component_index, ..
                            } => {
                                format!("component instance of component {component_index}")
                            }
                            ComponentInstance::FromExports(_) => "an instance of exports".into(),
                        };
                        info.component_instances.push(name);
                    }
                }
                Payload::ComponentExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        let defines_func =
                            (export.kind == ComponentExternalKind::Func).then(|| {
                                let index = info.funcs.len() as u32;
                                let source = info.funcs[export.index as usize].clone();
                                info.funcs.push(source);
                                index
                            });
                        match export.kind {
                            ComponentExternalKind::Instance => {
                                info.component_instances.push(export.name.name.to_string())
                            }
                            ComponentExternalKind::Type => info.push_type(None),
                            _ => {}
                        }
                        info.exports.push(Export {
                            name: export.name.name.to_string(),
                            kind: export.kind,
                            defines_func,
                        });
                    }
                }
                Payload::ComponentStartSection { .. } => bail!(
                    "a component `start` function is not supported: it runs at every \
                     instantiation, and its effects could not be told apart from init's"
                ),
                Payload::CustomSection(reader) => {
                    if let wasmparser::KnownCustom::ComponentName(names) = reader.as_known() {
                        info.read_module_names(names);
                    }
                }
                Payload::End(_) => break,
                _ => {}
            }
            if let Some((id, range)) = section {
                info.sections.push(Section { id, range, module });
            }
            offset += consumed;
        }
        Ok(info)
    }

    fn alias(&mut self, alias: ComponentAlias<'_>) -> Result<()> {
        match alias {
            ComponentAlias::CoreInstanceExport {
                kind,
                instance_index,
                name,
            } => {
                let item = CoreItem::Export {
                    instance: instance_index,
                    name: name.to_string(),
                };
                match kind {
                    ExternalKind::Func | ExternalKind::FuncExact => self.core_funcs.push(item),
                    ExternalKind::Table => self.core_tables.push(item),
                    ExternalKind::Memory => self.core_memories.push(item),
                    ExternalKind::Global => self.core_globals.push(item),
                    ExternalKind::Tag => self.core_tags.push(item),
                }
            }
            ComponentAlias::InstanceExport {
                kind,
                instance_index,
                name,
            } => {
                let instance = self
                    .component_instances
                    .get(instance_index as usize)
                    .map_or("?", |s| s.as_str());
                let full = format!("{instance}#{name}");
                match kind {
                    ComponentExternalKind::Func => self.funcs.push(Func::Named(full)),
                    ComponentExternalKind::Instance => self.component_instances.push(full),
                    ComponentExternalKind::Type => self.push_type(Some(full)),
                    ComponentExternalKind::Module => bail!(
                        "module imports are not supported: the component takes the core \
                         module `{full}` from an instance, which wizer-lite cannot instantiate"
                    ),
                    _ => {}
                }
            }
            ComponentAlias::Outer { kind, .. } => match kind {
                ComponentOuterAliasKind::Type => self.push_type(None),
                ComponentOuterAliasKind::CoreModule => {
                    bail!("bug: an outer alias of a core module in the outermost component")
                }
                _ => {}
            },
        }
        Ok(())
    }

    fn canon(&mut self, canon: CanonicalFunction) -> Result<()> {
        let lowered = |funcs: &[Func], index: u32| match funcs.get(index as usize) {
            Some(Func::Named(name)) => name.clone(),
            _ => format!("component function {index}"),
        };
        match canon {
            CanonicalFunction::Lift {
                core_func_index,
                type_index,
                ..
            } => self.funcs.push(Func::Lift {
                core_func: core_func_index,
                ty: type_index,
            }),
            CanonicalFunction::Lower {
                func_index,
                options,
            } => {
                let mut canon = Canon {
                    what: lowered(&self.funcs, func_index),
                    memory: None,
                    realloc: None,
                    utf8: true,
                };
                for option in options.iter() {
                    match option {
                        wasmparser::CanonicalOption::Async => {
                            bail!("{}", async_refusal("`canon lower async`"))
                        }
                        wasmparser::CanonicalOption::Memory(m) => canon.memory = Some(*m),
                        wasmparser::CanonicalOption::Realloc(f) => canon.realloc = Some(*f),
                        wasmparser::CanonicalOption::UTF16
                        | wasmparser::CanonicalOption::CompactUTF16 => canon.utf8 = false,
                        _ => {}
                    }
                }
                self.core_funcs.push(CoreItem::Canon(canon));
            }
            CanonicalFunction::ResourceNew { resource } => self
                .core_funcs
                .push(Canon::built_in(format!("resource.new of type {resource}"))),
            CanonicalFunction::ResourceDrop { resource } => {
                let what = match self.type_names.get(resource as usize).cloned().flatten() {
                    Some(name) => match name.split_once('#') {
                        Some((iface, ty)) => format!("{iface}#[resource-drop]{ty}"),
                        None => format!("resource.drop of `{name}`"),
                    },
                    None => format!("resource.drop of type {resource}"),
                };
                self.core_funcs.push(Canon::built_in(what));
            }
            CanonicalFunction::ResourceRep { resource } => self
                .core_funcs
                .push(Canon::built_in(format!("resource.rep of type {resource}"))),
            CanonicalFunction::ThreadSpawnRef { .. }
            | CanonicalFunction::ThreadSpawnIndirect { .. }
            | CanonicalFunction::ThreadAvailableParallelism => bail!(
                "thread built-ins (`thread.spawn`) are not supported: wizer-lite runs init on \
                 one thread and cannot snapshot shared memories"
            ),
            other => {
                let name = format!("{other:?}");
                let name = name.split([' ', '{', '(']).next().unwrap_or_default();
                bail!(
                    "{}",
                    async_refusal(&format!("the `{}` built-in", wat_name(name)))
                );
            }
        }
        Ok(())
    }

    fn push_type(&mut self, name: Option<String>) {
        self.types.push(None);
        self.type_names.push(name);
    }

    fn read_module_names(&mut self, names: wasmparser::ComponentNameSectionReader<'_>) {
        for subsection in names.into_iter().flatten() {
            if let wasmparser::ComponentName::CoreModules(map) = subsection {
                for naming in map.into_iter().flatten() {
                    if let Some(module) = self.modules.get_mut(naming.index as usize) {
                        module.name = Some(naming.name.to_string());
                    }
                }
            }
        }
    }

    /// The core function that the component function `index` lifts, with
    /// the shape of its component type.
    pub fn lifted(&self, index: u32) -> Option<(u32, Option<FuncShape>)> {
        match self.funcs.get(index as usize)? {
            Func::Lift { core_func, ty } => {
                Some((*core_func, self.types.get(*ty as usize).copied().flatten()))
            }
            Func::Named(_) => None,
        }
    }

    /// The module's bytes.
    pub fn module_bytes<'a>(&self, bytes: &'a [u8], module: usize) -> &'a [u8] {
        &bytes[self.modules[module].range.clone()]
    }

    /// A module's name for messages: `module 2 (\`main\`)`.
    pub fn module_label(&self, module: usize) -> String {
        match &self.modules[module].name {
            Some(name) => format!("core module {module} (`{name}`)"),
            None => format!("core module {module}"),
        }
    }
}

/// A canonical built-in's name as the text format spells it, from its
/// `CanonicalFunction` variant: `ContextGet` -> `context.get`,
/// `WaitableSetNew` -> `waitable-set.new`, `StreamCancelRead` ->
/// `stream.cancel-read`.
fn wat_name(variant: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for c in variant.chars() {
        if c.is_uppercase() || words.is_empty() {
            words.push(String::new());
        }
        words
            .last_mut()
            .expect("pushed")
            .push(c.to_ascii_lowercase());
    }
    let head = match words.as_slice() {
        [a, b, ..] if (a == "waitable" && b == "set") || (a == "error" && b == "context") => 2,
        _ => 1,
    };
    let (head, tail) = words.split_at(head.min(words.len()));
    format!("{}.{}", head.join("-"), tail.join("-"))
}

fn async_refusal(what: &str) -> String {
    format!(
        "component-model async is not supported: the component uses {what}, and wizer-lite \
         runs init synchronously with no async runtime to snapshot"
    )
}

/// Whether a nested component holds core modules, at any depth.
fn holds_modules(bytes: &[u8]) -> Result<bool> {
    for payload in Parser::new(0).parse_all(bytes) {
        if let Payload::ModuleSection { .. } =
            payload.context("failed to read a nested component")?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn usize_range(range: Range<u64>) -> Range<usize> {
    range.start as usize..range.end as usize
}
