//! What wizer-lite refuses to snapshot, and why: the one place a reviewer
//! reads to know which modules are out of scope.
//!
//! Input: the parsed module. Output: the facts about its code that the later
//! stages need ([`CodeFacts`]), or an error naming the construct and the
//! reason. The scan is static: every function body is read, whether or not
//! initialization would execute it, so the answer never depends on the path
//! init happens to take.
//!
//! Tables that init mutates are snapshotted (beyond Wizer), so table
//! instructions are facts, not refusals. What stays refused: imported
//! memories, tables and globals (their state lives outside the module) and
//! `data.drop` (whether a passive data segment was dropped cannot be read
//! back, and a dropped segment must not come back).

use crate::parse::ModuleInfo;
use anyhow::{Result, bail};
use std::collections::BTreeSet;
use wasmparser::{BinaryReaderError, FunctionBody, Operator, TypeRef};

/// What the code may do to tables and data segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeFacts {
    /// Some function mutates a table (`table.set`, `table.grow`,
    /// `table.fill`, `table.copy`, `table.init`, `elem.drop`), so tables must
    /// be captured.
    pub mutates_tables: bool,
    /// Element segments some `elem.drop` names.
    pub dropped_elems: BTreeSet<u32>,
    /// Some function uses `memory.init`, so data segment indices must stay
    /// as they are.
    pub uses_memory_init: bool,
}

/// What one function body does, from [`scan_body`].
#[derive(Debug, Clone, Default)]
pub struct BodyFacts {
    func: u32,
    data_drop: bool,
    mutates_tables: bool,
    dropped_elems: Vec<u32>,
    memory_init: bool,
}

/// Reads the instructions of function `func` that matter here. Runs while
/// the body is validated (see [`crate::validate`]).
pub fn scan_body(func: u32, body: &FunctionBody<'_>) -> Result<BodyFacts, BinaryReaderError> {
    let mut facts = BodyFacts {
        func,
        ..BodyFacts::default()
    };
    // Every instruction looked for is `table.set` (0x26) or has the 0xfc
    // prefix: a body without either byte anywhere (opcodes or immediates)
    // has none of them, and need not be decoded.
    let bytes = body.as_bytes();
    if !bytes.iter().any(|&b| b == 0xfc || b == 0x26) {
        return Ok(facts);
    }
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        match ops.read()? {
            Operator::DataDrop { .. } => facts.data_drop = true,
            Operator::MemoryInit { .. } => facts.memory_init = true,
            Operator::ElemDrop { elem_index } => {
                facts.mutates_tables = true;
                facts.dropped_elems.push(elem_index);
            }
            Operator::TableSet { .. }
            | Operator::TableGrow { .. }
            | Operator::TableFill { .. }
            | Operator::TableCopy { .. }
            | Operator::TableInit { .. } => facts.mutates_tables = true,
            _ => {}
        }
    }
    Ok(facts)
}

/// Refuses modules whose initialized state cannot be captured and rebuilt;
/// `bodies` are [`scan_body`]'s findings for every defined function.
pub fn check(info: &ModuleInfo<'_>, bodies: &[BodyFacts]) -> Result<CodeFacts> {
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

    let mut facts = CodeFacts::default();
    for body in bodies {
        if body.data_drop {
            let func = describe_function(info, body.func);
            bail!(
                "unsupported `data.drop` instruction in {func}: whether a data segment was \
                 dropped cannot be read back from the instance"
            );
        }
        facts.mutates_tables |= body.mutates_tables;
        facts.uses_memory_init |= body.memory_init;
        facts.dropped_elems.extend(&body.dropped_elems);
    }
    Ok(facts)
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
