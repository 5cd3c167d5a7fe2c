//! What wizer-lite refuses to snapshot, and why: the one place a reviewer
//! reads to know which modules are out of scope.
//!
//! Input: the parsed module. Output: the facts about its code that the later
//! stages need ([`CodeFacts`]), or an error naming the construct and the
//! reason. The scan is static: every function body is read, whether or not
//! initialization would execute it, so the answer never depends on the path
//! init happens to take.
//!
//! Tables that init mutates and segments it drops are snapshotted (beyond
//! Wizer), so table instructions, `elem.drop` and `data.drop` are facts,
//! not refusals. What stays refused: imported memories, tables and globals
//! (their state lives outside the module).

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
    /// Data segments some `data.drop` names (their indices must stay as
    /// they are too).
    pub dropped_data: BTreeSet<u32>,
}

/// What one function body does, from [`scan_body`].
#[derive(Debug, Clone, Default)]
pub struct BodyFacts {
    dropped_data: Vec<u32>,
    mutates_tables: bool,
    dropped_elems: Vec<u32>,
    memory_init: bool,
}

/// Reads the instructions of a function body that matter here, in a module
/// with `tables` tables (imported ones included; `u32::MAX` when unknown).
/// Runs in the same pass as the body's validation, or, when validation is
/// deferred to run beside initialization, before it on a body not yet
/// validated (see [`crate::validate`]): malformed code is then an error here
/// too, and the validation error is what is reported.
pub fn scan_body(body: &FunctionBody<'_>, tables: u32) -> Result<BodyFacts, BinaryReaderError> {
    let mut facts = BodyFacts::default();
    if !may_hold_scanned_ops(body.as_bytes(), tables) {
        return Ok(facts);
    }
    let mut ops = body.get_operators_reader()?;
    while !ops.eof() {
        match ops.read()? {
            Operator::DataDrop { data_index } => facts.dropped_data.push(data_index),
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

/// Whether `code` may hold one of the instructions [`scan_body`] looks for,
/// judged from its bytes alone, without decoding (most bodies do not, and
/// decoding is the expensive part). Each is `table.set` (0x26) followed by
/// its table index, or has the 0xfc prefix followed by its sub-opcode, both
/// LEB128 u32s. A LEB's first byte holds the value's low 7 bits, and a value
/// below 128 has nothing in the later bytes (when there are any: a LEB may
/// be padded), so the byte after the opcode gives away the sub-opcode, and
/// the table index when there are at most 128 tables. Other bytes (an
/// immediate that happens to be 0x26, say) can only make this say yes.
fn may_hold_scanned_ops(code: &[u8], tables: u32) -> bool {
    code.windows(2).any(|pair| {
        let low = pair[1] & 0x7f;
        match pair[0] {
            // memory.init 8, data.drop 9, table.init 12, elem.drop 13,
            // table.copy 14, table.grow 15, table.fill 17.
            0xfc => matches!(low, 8 | 9 | 12..=15 | 17),
            0x26 => tables > 128 || u32::from(low) < tables,
            _ => false,
        }
    })
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

    Ok(facts(bodies))
}

/// What the bodies do, together (in a component, imported state is the
/// component's concern: see `crate::component`).
pub fn facts(bodies: &[BodyFacts]) -> CodeFacts {
    let mut facts = CodeFacts::default();
    for body in bodies {
        facts.mutates_tables |= body.mutates_tables;
        facts.dropped_data.extend(&body.dropped_data);
        facts.uses_memory_init |= body.memory_init;
        facts.dropped_elems.extend(&body.dropped_elems);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts `scan_body` finds in every body of `wat`, with the
    /// prefilter told the true number of tables.
    fn scan(wat: &str) -> Vec<BodyFacts> {
        let wasm = wat::parse_str(wat).unwrap();
        let mut tables = 0;
        let mut out = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
            match payload.unwrap() {
                wasmparser::Payload::TableSection(r) => tables += r.count(),
                wasmparser::Payload::CodeSectionEntry(body) => {
                    out.push(scan_body(&body, tables).unwrap());
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_scanned_instruction_passes_the_prefilter() {
        let tables = "(table $a 1 funcref) (table $b 1 funcref) (elem $e func) (data $d \"\")";
        for (op, table) in [
            ("(table.set $b (i32.const 0) (ref.null func))", true),
            ("(drop (table.grow $a (ref.null func) (i32.const 1)))", true),
            (
                "(table.fill $b (i32.const 0) (ref.null func) (i32.const 0))",
                true,
            ),
            (
                "(table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))",
                true,
            ),
            (
                "(table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0))",
                true,
            ),
            ("(elem.drop $e)", true),
        ] {
            let facts = scan(&format!("(module {tables} (memory 1) (func {op}))"));
            assert_eq!(facts[0].mutates_tables, table, "{op}");
        }
        let facts = scan(&format!(
            "(module {tables} (memory 1) (func (data.drop $d)) \
             (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 0))))"
        ));
        assert!(facts[0].dropped_data == [0] && facts[1].memory_init);
    }

    #[test]
    fn the_prefilter_reads_padded_lebs() {
        // `table.set 1` and `memory.init 0` (0xfc 8) with their index and
        // sub-opcode LEBs padded to five bytes.
        assert!(may_hold_scanned_ops(
            &[0x26, 0x81, 0x80, 0x80, 0x80, 0x00],
            2
        ));
        assert!(may_hold_scanned_ops(
            &[0xfc, 0x88, 0x80, 0x80, 0x80, 0x00],
            1
        ));
        // Table index 1 cannot be `table.set` in a module with one table,
        // nor sub-opcode 0x0a (memory.copy) a scanned instruction.
        assert!(!may_hold_scanned_ops(&[0x26, 0x01, 0xfc, 0x0a], 1));
        assert!(may_hold_scanned_ops(&[0x26, 0x01], 200));
    }
}
