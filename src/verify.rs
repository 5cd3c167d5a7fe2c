//! Verify stage (`--verify`): the pre-initialized module, instantiated
//! afresh, must hold exactly the captured state.
//!
//! Input: the output module and the snapshot captured from the initialized
//! instance. The output is instrumented like the input was, instantiated
//! by the engine (nothing runs: it has no start function), and captured
//! the same way. Output: `Ok(())` or an error naming the first mismatch.
//! Both captures go through the same segment synthesis, a pure function of
//! memory contents, so equal memories give equal segments.

use crate::parse::ModuleInfo;
use crate::snapshot::{Segment, Snapshot};
use crate::wasmi_fix::Guarded;
use crate::{initialize, instrument, snapshot, support};
use anyhow::{Result, bail};

/// Checks that a fresh instance of `output` holds `captured`.
pub fn verify(
    output: &[u8],
    captured: &Snapshot<'_>,
    features: wasmparser::WasmFeatures,
) -> Result<()> {
    let info = ModuleInfo::parse(output)?;
    // Read the same state back: tables when they were captured. Dropped
    // segments are empty in the output, so there is nothing to probe.
    let facts = support::CodeFacts {
        mutates_tables: !captured.tables.is_empty(),
        dropped_elems: Default::default(),
        uses_memory_init: false,
        dropped_data: Default::default(),
    };
    let mut instrumented = instrument::instrument(&info, &facts, instrument::Start::Keep)?;
    // The same segment cap as the capture being checked.
    instrumented.reads.kept_data_segments = captured.kept_data_segments;
    let guarded = Guarded::new(instrumented.wasm);
    let mut fresh = initialize::instantiate(&info, &guarded, features)?;
    let fresh = snapshot::capture(&info, &instrumented.names, &instrumented.reads, &mut fresh)?;
    compare(captured, &fresh)
}

/// Checks that `fresh`, read back from a fresh instance of the output,
/// holds what `captured` holds (dropped segments aside: the output holds
/// them empty, so there is nothing to drop).
pub fn compare(captured: &Snapshot, fresh: &Snapshot) -> Result<()> {
    for ((index, want), (_, got)) in captured.globals.iter().zip(&fresh.globals) {
        if want != got {
            bail!(
                "verification failed: global {index} is {got:?} in the snapshot, but was \
                 {want:?} after initialization"
            );
        }
    }
    for (want, got) in captured.memories.iter().zip(&fresh.memories) {
        if want.pages != got.pages {
            bail!(
                "verification failed: memory {} has {} pages in the snapshot, but had {} after \
                 initialization",
                want.index,
                got.pages,
                want.pages
            );
        }
    }
    for (want, got) in captured.tables.iter().zip(&fresh.tables) {
        if want.elements.len() != got.elements.len() {
            bail!(
                "verification failed: table {} has {} elements in the snapshot, but had {} \
                 after initialization",
                want.index,
                got.elements.len(),
                want.elements.len()
            );
        }
        if let Some(slot) = (0..want.elements.len()).find(|&i| want.elements[i] != got.elements[i])
        {
            bail!(
                "verification failed: element {slot} of table {} is {:?} in the snapshot, but \
                 was {:?} after initialization",
                want.index,
                got.elements[slot],
                want.elements[slot]
            );
        }
    }
    if captured.segments != fresh.segments {
        let (memory, offset) = first_difference(&captured.segments, &fresh.segments);
        bail!(
            "verification failed: memory {memory} differs from the state after initialization \
             at offset {offset}"
        );
    }
    if captured.globals.len() != fresh.globals.len()
        || captured.memories.len() != fresh.memories.len()
        || captured.tables.len() != fresh.tables.len()
    {
        bail!("verification failed: the snapshot has a different set of globals or memories");
    }
    Ok(())
}

/// The (memory, offset) of the first byte on which two segment lists
/// disagree.
fn first_difference(a: &[Segment], b: &[Segment]) -> (u32, u64) {
    for (x, y) in a.iter().zip(b) {
        if x == y {
            continue;
        }
        if (x.memory, x.offset) != (y.memory, y.offset) {
            return std::cmp::min((x.memory, x.offset), (y.memory, y.offset));
        }
        let at = x
            .data
            .iter()
            .zip(y.data)
            .position(|(p, q)| p != q)
            .unwrap_or(x.data.len().min(y.data.len()));
        return (x.memory, x.offset + at as u64);
    }
    let extra = if a.len() > b.len() {
        &a[b.len()]
    } else {
        &b[a.len()]
    };
    (extra.memory, extra.offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{MemoryState, Value};

    fn snapshot(global: i32, data: &[u8]) -> Snapshot<'_> {
        Snapshot {
            tables: Vec::new(),
            dropped_elems: Default::default(),
            dropped_data: Default::default(),
            globals: vec![(0, Value::I32(global))],
            memories: vec![MemoryState {
                index: 0,
                pages: 1,
                nonzero_bytes: 3,
            }],
            segments: vec![Segment {
                memory: 0,
                offset: 16,
                data,
            }],
            kept_data_segments: 0,
        }
    }

    #[test]
    fn equal_snapshots_verify() {
        assert!(compare(&snapshot(1, &[1, 2, 3]), &snapshot(1, &[1, 2, 3])).is_ok());
    }

    #[test]
    fn mismatches_are_named() {
        let err = compare(&snapshot(1, &[1, 2, 3]), &snapshot(2, &[1, 2, 3])).unwrap_err();
        assert!(err.to_string().contains("global 0"), "{err}");
        let err = compare(&snapshot(1, &[1, 2, 3]), &snapshot(1, &[1, 2, 4])).unwrap_err();
        assert!(err.to_string().contains("memory 0 differs"), "{err}");
        assert!(err.to_string().contains("offset 18"), "{err}");
    }
}
