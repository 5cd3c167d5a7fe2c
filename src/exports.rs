//! Plan exports stage: which function initializes, and which exports the
//! snapshot loses or renames.
//!
//! Input: the module's facts and the user's choices (`--init-func`,
//! `--keep-init-func`, `-r DST=SRC`). Output: the init function's export
//! name and the [`ExportChanges`] the rewrite applies. Everything is
//! checked here, before anything runs.

use crate::parse::ModuleInfo;
use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;

/// The init function's export name when none is given.
pub const DEFAULT_INIT_FUNC: &str = "wizer.initialize";
/// The name the Wasmtime-maintained Wizer uses, tried when the module does
/// not export [`DEFAULT_INIT_FUNC`].
pub const FALLBACK_INIT_FUNC: &str = "wizer-initialize";
/// The WASI reactor initialization function.
pub const REACTOR_INITIALIZE: &str = "_initialize";

/// Whether the module carries a `component-type` custom section (a world
/// wit-component reads when it makes the module a component, as Rust's
/// `wasm32-wasip2` links with `--skip-wit-component` leave it) whose world
/// exports `name`: then `wasm-tools component new` needs the core export
/// `name`, and the snapshot keeps it.
pub fn world_exports(info: &ModuleInfo<'_>, name: &str) -> bool {
    info.sections
        .iter()
        .filter(|s| {
            s.custom_name
                .is_some_and(|n| n.starts_with("component-type"))
        })
        .any(|s| {
            let reader = wasmparser::BinaryReader::new(&info.bytes[s.range.clone()], 0);
            wasmparser::CustomSectionReader::new(reader)
                .is_ok_and(|custom| component_exports(custom.data(), name))
        })
}

/// The warning for an init export kept for the module's world.
pub fn kept_for_world(name: &str) -> String {
    format!(
        "the init function `{name}` stays exported: the module's `component-type` section \
         (its WIT world) exports it, and `wasm-tools component new` needs it to make the \
         same component; calling it runs init again"
    )
}

/// Whether the component binary `data` declares an export `name` in any
/// of its (nested) component or instance types.
fn component_exports(data: &[u8], name: &str) -> bool {
    use wasmparser::{ComponentType, ComponentTypeDeclaration, InstanceTypeDeclaration, Payload};
    fn in_component(decls: &[ComponentTypeDeclaration<'_>], name: &str) -> bool {
        decls.iter().any(|d| match d {
            ComponentTypeDeclaration::Export { name: n, .. } => n.name == name,
            ComponentTypeDeclaration::Type(t) => in_type(t, name),
            _ => false,
        })
    }
    fn in_type(ty: &ComponentType<'_>, name: &str) -> bool {
        match ty {
            ComponentType::Component(decls) => in_component(decls, name),
            ComponentType::Instance(decls) => decls.iter().any(|d| match d {
                InstanceTypeDeclaration::Type(t) => in_type(t, name),
                _ => false,
            }),
            _ => false,
        }
    }
    wasmparser::Parser::new(0)
        .parse_all(data)
        .map_while(Result::ok)
        .any(|payload| match payload {
            Payload::ComponentTypeSection(types) => types
                .into_iter()
                .map_while(Result::ok)
                .any(|t| in_type(&t, name)),
            _ => false,
        })
}

/// Resolves the init function's export name (`chosen`, or the default
/// names) and checks its type.
pub fn find_init_func<'a>(info: &ModuleInfo<'_>, chosen: Option<&'a str>) -> Result<&'a str> {
    let name = match chosen {
        Some(name) => {
            if info.export(name).is_none() {
                bail!("the module does not export `{name}`, the init function");
            }
            name
        }
        None => [DEFAULT_INIT_FUNC, FALLBACK_INIT_FUNC]
            .into_iter()
            .find(|name| info.export(name).is_some())
            .with_context(|| {
                format!(
                    "the module does not export `{DEFAULT_INIT_FUNC}` or \
                     `{FALLBACK_INIT_FUNC}`: export an init function or name one with \
                     `--init-func`"
                )
            })?,
    };
    let export = info.export(name).expect("found above");
    if export.kind != wasmparser::ExternalKind::Func {
        bail!("the init function export `{name}` is not a function");
    }
    let ty = info
        .func_type(export.index)
        .context("bug: an exported function has no function type")?;
    if !ty.params().is_empty() || !ty.results().is_empty() {
        bail!("the init function `{name}` must have type `[] -> []`, but has type `{ty}`");
    }
    Ok(name)
}

/// How the exports change.
pub struct ExportChanges<'a> {
    /// Export names removed from the output.
    pub removed: Vec<&'a str>,
    pub renames: &'a Renames,
}

impl<'a> ExportChanges<'a> {
    /// The exports the snapshot loses: the init function (unless kept) and
    /// `_initialize` (it has run). Renames are checked against them.
    pub fn plan(
        info: &ModuleInfo<'_>,
        init_func: Option<&'a str>,
        keep_init_func: bool,
        renames: &'a Renames,
    ) -> Result<Self> {
        let mut removed = Vec::new();
        if let (Some(init), false) = (init_func, keep_init_func) {
            removed.push(init);
        }
        if is_nullary_func(info, REACTOR_INITIALIZE) {
            removed.push(REACTOR_INITIALIZE);
        }
        renames.check(info, &removed)?;
        Ok(ExportChanges { removed, renames })
    }

    /// Whether `_initialize` is to be called (and so removed).
    pub fn calls_initialize(&self) -> bool {
        self.removed.contains(&REACTOR_INITIALIZE)
    }
}

/// Whether the module exports a `[] -> []` function called `name`.
fn is_nullary_func(info: &ModuleInfo<'_>, name: &str) -> bool {
    info.export(name).is_some_and(|export| {
        export.kind == wasmparser::ExternalKind::Func
            && info
                .func_type(export.index)
                .is_some_and(|ty| ty.params().is_empty() && ty.results().is_empty())
    })
}

/// Export renames, `DST=SRC` pairs with unique DSTs and unique SRCs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Renames {
    /// SRC -> DST.
    src_to_dst: BTreeMap<String, String>,
}

impl Renames {
    /// Adds `dst=src`; a second rename to the same DST or from the same SRC
    /// is an error.
    pub fn add(&mut self, dst: &str, src: &str) -> Result<()> {
        if self.src_to_dst.values().any(|d| d == dst) {
            bail!("more than one rename to `{dst}`");
        }
        if self.src_to_dst.contains_key(src) {
            bail!("more than one rename of `{src}`");
        }
        self.src_to_dst.insert(src.to_string(), dst.to_string());
        Ok(())
    }

    /// The renames as (SRC, DST) pairs, in SRC order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.src_to_dst
            .iter()
            .map(|(s, d)| (s.clone(), d.clone()))
            .collect()
    }

    /// Every SRC must be an export that survives into the output.
    pub fn check(&self, info: &ModuleInfo<'_>, removed: &[&str]) -> Result<()> {
        for src in self.src_to_dst.keys() {
            if info.export(src).is_none() {
                bail!("cannot rename `{src}`: the module does not export it");
            }
            if removed.contains(&src.as_str()) {
                bail!(
                    "cannot rename `{src}`: its export is removed from the snapshot \
                     (pass `--keep-init-func` to keep the init function)"
                );
            }
        }
        Ok(())
    }

    /// The name `name` is emitted under, or `None` if it is dropped because
    /// a rename takes its place.
    pub(crate) fn apply<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if let Some(dst) = self.src_to_dst.get(name) {
            return Some(dst);
        }
        if self.src_to_dst.values().any(|d| d == name) {
            return None;
        }
        Some(name)
    }
}
