//! What wizer-lite refuses to snapshot, and why: the one place a reviewer
//! reads to know which modules are out of scope.
//!
//! Input: the parsed module. Output: `Ok(())` or an error naming the
//! construct and the reason. The scan is static: every function body is read,
//! whether or not initialization would execute it, so the answer never
//! depends on the path init happens to take.

use crate::parse::ModuleInfo;
use anyhow::{Result, bail};
use wasmparser::{Operator, TypeRef};

/// Refuses modules whose initialized state cannot be captured and rebuilt.
pub fn check(info: &ModuleInfo<'_>) -> Result<()> {
    for import in &info.imports {
        let what = match import.ty {
            TypeRef::Memory(_) => "memories",
            TypeRef::Table(_) => "tables",
            TypeRef::Global(_) => "globals",
            TypeRef::Tag(_) => "tags",
            TypeRef::Func(_) | TypeRef::FuncExact(_) => continue,
        };
        bail!(
            "imported {what} are not supported: the module imports `{}`.`{}`, whose state \
             lives outside the module and cannot be snapshotted",
            import.module,
            import.name
        );
    }

    for (i, global) in info.globals.iter().enumerate() {
        if global.ty.mutable && global.ty.content_type.is_reference_type() {
            bail!(
                "unsupported mutable global {} of type `{}`: reference values cannot be \
                 written back as constants",
                info.global_index(i),
                global.ty.content_type
            );
        }
    }

    for (i, body) in info.bodies.iter().enumerate() {
        let func = info.imported_funcs as usize + i;
        let mut ops = body.get_operators_reader()?;
        while !ops.eof() {
            if let Some((name, why)) = refused(&ops.read()?) {
                let func = describe_function(info, func as u32);
                bail!("unsupported `{name}` instruction in {func}: {why}");
            }
        }
    }
    Ok(())
}

/// "function 3", or "function 3 (`$name`)" when the name section names it.
/// Only used on the error path, so the name section is parsed only then.
fn describe_function(info: &ModuleInfo<'_>, index: u32) -> String {
    let name = wasmparser::Parser::new(0)
        .parse_all(info.bytes)
        .filter_map(Result::ok)
        .find_map(|payload| match payload {
            wasmparser::Payload::CustomSection(reader) => match reader.as_known() {
                wasmparser::KnownCustom::Name(names) => Some(names),
                _ => None,
            },
            _ => None,
        })
        .and_then(|names| {
            names.into_iter().find_map(|sub| match sub {
                Ok(wasmparser::Name::Function(map)) => map
                    .into_iter()
                    .filter_map(Result::ok)
                    .find(|naming| naming.index == index)
                    .map(|naming| naming.name),
                _ => None,
            })
        });
    match name {
        Some(name) => format!("function {index} (`${name}`)"),
        None => format!("function {index}"),
    }
}

const TABLE_MUTATION: &str = "tables mutated during initialization cannot be snapshotted";

/// The instructions whose effect cannot be reconstructed from the final
/// state. `table.get`, `table.size`, `ref.*` and typed `select` only read.
fn refused(op: &Operator<'_>) -> Option<(&'static str, &'static str)> {
    Some(match op {
        Operator::TableSet { .. } => ("table.set", TABLE_MUTATION),
        Operator::TableGrow { .. } => ("table.grow", TABLE_MUTATION),
        Operator::TableFill { .. } => ("table.fill", TABLE_MUTATION),
        Operator::TableCopy { .. } => ("table.copy", TABLE_MUTATION),
        Operator::TableInit { .. } => ("table.init", TABLE_MUTATION),
        Operator::ElemDrop { .. } => (
            "elem.drop",
            "dropped element segments cannot be snapshotted",
        ),
        Operator::DataDrop { .. } => ("data.drop", "dropped data segments cannot be snapshotted"),
        _ => return None,
    })
}
