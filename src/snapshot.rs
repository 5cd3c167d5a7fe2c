//! Snapshot stage: the live instance's state -> `Snapshot`, plain owned data
//! with no engine types in it.
//!
//! The engine side only has to implement [`InstanceState`] (read one global,
//! view one memory). Memory is scanned in place and only the non-zero runs
//! that end up in data segments are copied.
//!
//! Segment synthesis: each memory is scanned for maximal runs of non-zero
//! bytes. Neighbouring runs are merged when encoding the zero gap between
//! them costs no more bytes than the header of a separate segment would (the
//! exact encoded size at that offset, not an estimate). At most
//! [`MAX_DATA_SEGMENTS`] segments are emitted: beyond that, the neighbours
//! with the smallest gaps are merged first. Segments are ordered by (memory,
//! offset), so the output is a pure function of the memory contents.

use crate::instrument::{PrivateNames, Reads};
use crate::parse::{ModuleInfo, page_size};
use anyhow::{Result, bail};

/// The most data segments a snapshot emits. Engines cap the number of data
/// segments (the JS API and V8 allow 100,000 per module); Wizer emits at most
/// 10,000 so that the original module's own segments still fit under such
/// caps with a wide margin, and we keep its number.
pub const MAX_DATA_SEGMENTS: usize = 10_000;

/// A global's value, bit-exact (floats as their bit patterns, NaN payloads
/// included; references as function indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
    V128(u128),
    /// `ref.func N`, or `ref.null func`.
    FuncRef(Option<u32>),
    /// `ref.null extern` (non-null externrefs cannot be written back).
    NullExternRef,
}

/// An engine's identity for a function: two references to the same
/// function have equal keys. Opaque to the snapshot, which maps keys back
/// to function indices through the instrument stage's function exports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FuncKey(pub String);

/// A reference as the engine reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefValue {
    Null,
    Func(FuncKey),
    /// A non-null externref.
    Extern,
}

/// A global's value as the engine reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalValue {
    Num(Value),
    Ref(RefValue),
}

/// Read access to an initialized instance, through the private exports that
/// the instrument stage added. This is the seam between the engine and the
/// engine-free snapshot: an embedder running the instrumented module in its
/// own store implements these two reads.
pub trait InstanceState {
    /// The current value of the exported global `export`.
    fn global(&self, export: &str) -> Result<GlobalValue>;
    /// The current contents of the exported memory `export`: all of it, so
    /// the length is the current size in pages times the page size.
    fn memory(&self, export: &str) -> Result<&[u8]>;
    /// The current elements of the exported table `export`.
    fn table(&self, export: &str) -> Result<Vec<RefValue>>;
    /// The identity of the exported function `export`.
    fn func(&self, export: &str) -> Result<FuncKey>;
    /// Calls the exported `[] -> []` probe `export`: `true` if it returned,
    /// `false` if it trapped with an out-of-bounds table access.
    fn probe(&mut self, export: &str) -> Result<bool>;
}

/// One active data segment of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub memory: u32,
    pub offset: u64,
    pub data: Vec<u8>,
}

/// One defined memory at snapshot time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemoryState {
    /// The memory index.
    pub index: u32,
    /// The current size in pages (of this memory's page size).
    pub pages: u64,
    /// How many of its bytes are non-zero.
    pub nonzero_bytes: u64,
}

/// One defined table at snapshot time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableState {
    /// The table index.
    pub index: u32,
    /// Every element (the table's size is their number): a function index,
    /// or null.
    pub elements: Vec<Option<u32>>,
}

/// The captured state of an initialized instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Every defined table, when tables are captured (the code mutates them
    /// or a global holds a reference); empty otherwise.
    pub tables: Vec<TableState>,
    /// Passive element segments that init dropped.
    pub dropped_elems: std::collections::BTreeSet<u32>,
    /// (global index, value) for every mutable defined global, in index order.
    pub globals: Vec<(u32, Value)>,
    /// Every defined memory, in index order.
    pub memories: Vec<MemoryState>,
    /// Data segments recreating every memory's non-zero bytes, ordered by
    /// (memory, offset).
    pub segments: Vec<Segment>,
}

/// Reads every mutable defined global, every defined memory and, when the
/// instrument stage made them readable, every defined table and the state
/// of droppable element segments.
pub fn capture(
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
    reads: &Reads,
    state: &mut dyn InstanceState,
) -> Result<Snapshot> {
    let mut dropped_elems = std::collections::BTreeSet::new();
    for &segment in &reads.probed_elems {
        if !state.probe(&names.elem_probe(segment))? {
            dropped_elems.insert(segment);
        }
    }
    let state: &dyn InstanceState = state;

    // Function identities, to map references back to indices. When one
    // function has several indices (an import listed twice), the lowest.
    let mut funcs = std::collections::BTreeMap::new();
    if reads.tables {
        for index in 0..info.func_types.len() as u32 {
            funcs
                .entry(state.func(&names.func(index))?)
                .or_insert(index);
        }
    }
    let resolve = |r: RefValue, what: &dyn Fn() -> String| -> Result<Option<u32>> {
        match r {
            RefValue::Null => Ok(None),
            RefValue::Func(key) => match funcs.get(&key) {
                Some(index) => Ok(Some(*index)),
                None => bail!(
                    "{} holds a reference to a function from outside the module (a preload \
                     or the host): it cannot be written into the snapshot",
                    what()
                ),
            },
            RefValue::Extern => bail!(
                "{} holds a non-null `externref`: host references cannot be written into \
                 the snapshot",
                what()
            ),
        }
    };

    let mut globals = Vec::new();
    for (i, global) in info.globals.iter().enumerate() {
        if !global.ty.mutable {
            continue;
        }
        let index = info.global_index(i);
        let value = match state.global(&names.global(index))? {
            GlobalValue::Num(v) => v,
            GlobalValue::Ref(r) => {
                let what = || format!("global {index}");
                let is_func = matches!(global.ty.content_type, wasmparser::ValType::Ref(t) if t.is_func_ref());
                match (resolve(r, &what)?, is_func) {
                    (f, true) => Value::FuncRef(f),
                    (_, false) => Value::NullExternRef,
                }
            }
        };
        globals.push((index, value));
    }

    let mut tables = Vec::new();
    if reads.tables {
        for i in 0..info.tables.len() {
            let index = info.table_index(i);
            let mut elements = Vec::new();
            for (slot, r) in state.table(&names.table(index))?.into_iter().enumerate() {
                let what = || format!("element {slot} of table {index}");
                elements.push(resolve(r, &what)?);
            }
            tables.push(TableState { index, elements });
        }
    }

    let mut memories = Vec::new();
    let mut runs = Vec::new();
    for (i, ty) in info.memories.iter().enumerate() {
        let index = info.memory_index(i);
        let data = state.memory(&names.memory(index))?;
        let mut nonzero_bytes = 0;
        let counted =
            nonzero_runs(data).inspect(|(start, end)| nonzero_bytes += (end - start) as u64);
        merge_cheap_gaps(index, ty.memory64, counted, &mut runs);
        memories.push(MemoryState {
            index,
            pages: data.len() as u64 / page_size(ty),
            nonzero_bytes,
        });
    }
    cap_segment_count(&mut runs, MAX_DATA_SEGMENTS);

    let mut segments = Vec::with_capacity(runs.len());
    for run in &runs {
        let data = state.memory(&names.memory(run.memory))?;
        segments.push(Segment {
            memory: run.memory,
            offset: run.start as u64,
            data: data[run.start..run.end].to_vec(),
        });
    }
    Ok(Snapshot {
        tables,
        dropped_elems,
        globals,
        memories,
        segments,
    })
}

/// A byte range of one memory that becomes one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    memory: u32,
    start: usize,
    end: usize,
}

/// Maximal runs of non-zero bytes, as `start..end` pairs.
fn nonzero_runs(data: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let start = next_nonzero(data, pos)?;
        let end = data[start..]
            .iter()
            .position(|&b| b == 0)
            .map_or(data.len(), |n| start + n);
        pos = end;
        Some((start, end))
    })
}

/// The position of the first non-zero byte at or after `from`. Zero memory is
/// skipped a 64-byte block at a time (the OR over a block vectorizes), which
/// keeps scanning a sparse multi-GiB memory fast.
fn next_nonzero(data: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let mut i = from;
    while i + BLOCK <= data.len() && data[i..i + BLOCK].iter().fold(0, |acc, &b| acc | b) == 0 {
        i += BLOCK;
    }
    data[i..].iter().position(|&b| b != 0).map(|n| i + n)
}

/// Appends the runs of one memory to `out`, merging a run into its
/// predecessor whenever the merged segment encodes to no more bytes than the
/// two separate ones.
fn merge_cheap_gaps(
    memory: u32,
    memory64: bool,
    runs: impl Iterator<Item = (usize, usize)>,
    out: &mut Vec<Run>,
) {
    let first = out.len();
    for (start, end) in runs {
        if out.len() > first {
            let prev = out.last_mut().expect("checked non-empty above");
            let separate = segment_size(memory, memory64, prev.start, prev.end)
                + segment_size(memory, memory64, start, end);
            let merged = segment_size(memory, memory64, prev.start, end);
            if merged <= separate {
                prev.end = end;
                continue;
            }
        }
        out.push(Run { memory, start, end });
    }
}

/// The exact encoded size of an active data segment holding `start..end`.
fn segment_size(memory: u32, memory64: bool, start: usize, end: usize) -> usize {
    // Flags: 0x00 for memory 0, else 0x02 followed by the memory index.
    let flags = if memory == 0 {
        1
    } else {
        1 + uleb_len(memory as u64)
    };
    // Offset expression: `i32.const`/`i64.const`, a signed LEB, `end`. A
    // 32-bit offset is encoded as the i32 with the same bits.
    let offset = if memory64 {
        sleb_len(start as i64)
    } else {
        sleb_len(start as u32 as i32 as i64)
    };
    let len = end - start;
    flags + 1 + offset + 1 + uleb_len(len as u64) + len
}

fn uleb_len(value: u64) -> usize {
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

fn sleb_len(value: i64) -> usize {
    // Bits needed including the sign bit, in 7-bit groups.
    let magnitude = if value < 0 { !value } else { value };
    (64 - magnitude.leading_zeros() as usize + 1).div_ceil(7)
}

/// Merges neighbours in the same memory, smallest gap first, until at most
/// `max` runs remain. Merging across one gap never changes another gap, so
/// merging across the `excess` smallest gaps at once is the same as merging
/// them one by one. Ties go to the lower (memory, offset), keeping the result
/// deterministic.
fn cap_segment_count(runs: &mut Vec<Run>, max: usize) {
    if runs.len() <= max {
        return;
    }
    let excess = runs.len() - max;
    // (gap, index of the run after the gap)
    let mut gaps: Vec<(usize, usize)> = (1..runs.len())
        .filter(|&i| runs[i].memory == runs[i - 1].memory)
        .map(|i| (runs[i].start - runs[i - 1].end, i))
        .collect();
    gaps.sort_unstable();
    let mut merge_into_prev = vec![false; runs.len()];
    for &(_, i) in gaps.iter().take(excess) {
        merge_into_prev[i] = true;
    }
    let mut merged: Vec<Run> = Vec::with_capacity(max);
    for (run, merge) in runs.iter().zip(merge_into_prev) {
        match merged.last_mut() {
            Some(prev) if merge => prev.end = run.end,
            _ => merged.push(*run),
        }
    }
    *runs = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_of(data: &[u8]) -> Vec<(usize, usize)> {
        nonzero_runs(data).collect()
    }

    #[test]
    fn runs_cover_exactly_the_nonzero_bytes() {
        let mut data = vec![0u8; 300];
        data[0] = 1;
        data[63] = 2;
        data[64] = 3;
        data[200..210].fill(9);
        data[299] = 4;
        assert_eq!(
            runs_of(&data),
            vec![(0, 1), (63, 65), (200, 210), (299, 300)]
        );
        assert_eq!(runs_of(&[0; 1000]), vec![]);
        assert_eq!(runs_of(&[5; 130]), vec![(0, 130)]);
    }

    #[test]
    fn leb_lengths_match_the_encoder() {
        for v in [
            0u64,
            1,
            63,
            64,
            127,
            128,
            16383,
            16384,
            u32::MAX as u64,
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            wasm_encoder::Encode::encode(&v, &mut buf);
            assert_eq!(uleb_len(v), buf.len(), "uleb {v}");
        }
        for v in [
            0i64,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            8191,
            8192,
            i32::MIN as i64,
            i64::MAX,
            i64::MIN,
        ] {
            let mut buf = Vec::new();
            wasm_encoder::Encode::encode(&v, &mut buf);
            assert_eq!(sleb_len(v), buf.len(), "sleb {v}");
        }
    }

    #[test]
    fn segment_size_matches_the_encoder() {
        for (memory, memory64, start, len) in [
            (0, false, 0, 1),
            (0, false, 70000, 300),
            (3, true, 1 << 40, 5),
            (200, false, 0x8000_0000, 2),
        ] {
            let mut section = wasm_encoder::DataSection::new();
            let offset = if memory64 {
                wasm_encoder::ConstExpr::i64_const(start as i64)
            } else {
                wasm_encoder::ConstExpr::i32_const(start as u32 as i32)
            };
            section.active(memory, &offset, vec![1u8; len]);
            let mut encoded = Vec::new();
            wasm_encoder::Encode::encode(&section, &mut encoded);
            // The encoding is: section size (a LEB), segment count (1), segment.
            let size_len = encoded.iter().position(|b| b & 0x80 == 0).unwrap() + 1;
            assert_eq!(
                segment_size(memory, memory64, start, start + len),
                encoded.len() - size_len - 1
            );
        }
    }

    #[test]
    fn gaps_merge_only_when_cheaper() {
        let mut out = Vec::new();
        // A 2-byte gap is cheaper than a 5-byte header; a 100-byte gap is not.
        merge_cheap_gaps(0, false, [(0, 4), (6, 8), (108, 110)].into_iter(), &mut out);
        assert_eq!(
            out,
            vec![
                Run {
                    memory: 0,
                    start: 0,
                    end: 8
                },
                Run {
                    memory: 0,
                    start: 108,
                    end: 110
                }
            ]
        );
    }

    #[test]
    fn cap_merges_smallest_gaps_first_within_a_memory() {
        let mut runs = vec![
            Run {
                memory: 0,
                start: 0,
                end: 1,
            },
            Run {
                memory: 0,
                start: 50,
                end: 51,
            },
            Run {
                memory: 0,
                start: 60,
                end: 61,
            },
            Run {
                memory: 1,
                start: 62,
                end: 63,
            },
            Run {
                memory: 1,
                start: 70,
                end: 71,
            },
        ];
        cap_segment_count(&mut runs, 3);
        assert_eq!(
            runs,
            vec![
                Run {
                    memory: 0,
                    start: 0,
                    end: 1
                },
                Run {
                    memory: 0,
                    start: 50,
                    end: 61
                },
                Run {
                    memory: 1,
                    start: 62,
                    end: 71
                },
            ]
        );
    }
}
