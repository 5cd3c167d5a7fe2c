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

mod segments;

use crate::instrument::{PrivateNames, Reads};
use crate::parse::{ModuleInfo, page_size};
use anyhow::{Result, bail};
pub(crate) use segments::segment_size;
use segments::{cap_segment_count, nonzero_runs_on, push_run};

/// The most data segments a snapshot emits. Engines cap the number of data
/// segments (the JS API and V8 allow 100,000 per module); Wizer emits at most
/// 10,000 so that the original module's own segments still fit under such
/// caps with a wide margin, and we keep its number.
pub const MAX_DATA_SEGMENTS: usize = 10_000;

/// A global's value, bit-exact (floats as their bit patterns, NaN payloads
/// included; references as function indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// An `i32`.
    I32(i32),
    /// An `i64`.
    I64(i64),
    /// An `f32`'s bits.
    F32(u32),
    /// An `f64`'s bits.
    F64(u64),
    /// A `v128`'s bits, lane 0 lowest.
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
pub struct FuncKey(String);

impl FuncKey {
    /// The key of a function the engine identifies by `identity`: equal
    /// for two references exactly when they are the same function.
    pub fn new(identity: impl Into<String>) -> Self {
        FuncKey(identity.into())
    }
}

/// A reference as the engine reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefValue {
    /// A null reference of either type.
    Null,
    /// A function, by the engine's identity for it.
    Func(FuncKey),
    /// A non-null externref.
    Extern,
}

/// A global's value as the engine reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlobalValue {
    /// A number or vector.
    Num(Value),
    /// A reference.
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
    /// `false` if it trapped with an out-of-bounds table or memory access.
    fn probe(&mut self, export: &str) -> Result<bool>;
}

/// One active data segment of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment<'m> {
    pub memory: u32,
    pub offset: u64,
    /// The bytes, borrowed from the instance's memory: a snapshot's data
    /// is written into the output straight from there, never copied.
    pub data: &'m [u8],
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

/// One captured table, as one module writes it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableState {
    /// The table index: a defined table, or in a component an imported
    /// one (a table shared between core instances).
    pub index: u32,
    /// Every element (the table's size is their number): a function index,
    /// or null. A slot another core instance writes back is null here.
    pub elements: Vec<Option<u32>>,
    /// How many non-null slots other core instances write back: those
    /// holding functions this module cannot name (a component's shared
    /// table).
    pub written_elsewhere: u64,
}

/// A module's functions by the engine's identity for them: for each, its
/// lowest index (an import listed twice has two).
pub type Functions = std::collections::BTreeMap<FuncKey, u32>;

/// The captured state of an initialized instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot<'m> {
    /// Every defined table, when tables are captured (the code mutates them
    /// or a global holds a reference); empty otherwise. In a component,
    /// also the imported tables the module writes back slots of, and in
    /// which its own active segments are not applied again.
    pub tables: Vec<TableState>,
    /// Passive element segments that init dropped.
    pub dropped_elems: std::collections::BTreeSet<u32>,
    /// Passive data segments that init dropped.
    pub dropped_data: std::collections::BTreeSet<u32>,
    /// (global index, value) for every mutable defined global, in index order.
    pub globals: Vec<(u32, Value)>,
    /// Every defined memory, in index order.
    pub memories: Vec<MemoryState>,
    /// Data segments recreating every memory's non-zero bytes, ordered by
    /// (memory, offset).
    pub segments: Vec<Segment<'m>>,
    /// How many original data segments the output keeps before `segments`
    /// ([`Reads::kept_data_segments`]).
    pub kept_data_segments: usize,
}

/// Reads every mutable defined global, every defined memory and, when the
/// instrument stage made them readable, every defined table and the state
/// of droppable element segments.
pub fn capture<'m>(
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
    reads: &Reads,
    state: &'m mut dyn InstanceState,
) -> Result<Snapshot<'m>> {
    let funcs = functions(info, names, reads, state)?;
    let mut tables = Vec::new();
    for (index, refs) in read_tables(info, names, reads, state)? {
        let mut elements = Vec::with_capacity(refs.len());
        for (slot, r) in refs.into_iter().enumerate() {
            let what = || format!("element {slot} of table {index}");
            elements.push(resolve(&funcs, r, &what, &outside_the_module)?);
        }
        tables.push(TableState {
            index,
            elements,
            written_elsewhere: 0,
        });
    }
    let drops = probe_drops(names, reads, state)?;
    read(
        info,
        names,
        reads,
        state,
        &funcs,
        tables,
        drops,
        &outside_the_module,
    )
}

/// A function a core module's capture cannot name, described.
fn outside_the_module(_: &FuncKey) -> String {
    "a function from outside the module (a preload or the host)".to_string()
}

/// The module's functions (when `reads.tables`; none otherwise), to map
/// references back to indices.
pub fn functions(
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
    reads: &Reads,
    state: &dyn InstanceState,
) -> Result<Functions> {
    let mut funcs = Functions::new();
    if reads.tables {
        for index in 0..info.func_types.len() as u32 {
            funcs
                .entry(state.func(&names.func(index))?)
                .or_insert(index);
        }
    }
    Ok(funcs)
}

/// Every defined table's references as the engine reports them (when
/// `reads.tables`; none otherwise): (table index, elements).
pub fn read_tables(
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
    reads: &Reads,
    state: &dyn InstanceState,
) -> Result<Vec<(u32, Vec<RefValue>)>> {
    if !reads.tables {
        return Ok(Vec::new());
    }
    (0..info.tables.len())
        .map(|i| {
            let index = info.table_index(i);
            Ok((index, state.table(&names.table(index))?))
        })
        .collect()
}

/// A reference as a function index of the module (`funcs`), or null; an
/// error for what cannot be written back, `outside` describing a function
/// the module cannot name.
fn resolve(
    funcs: &Functions,
    r: RefValue,
    what: &dyn Fn() -> String,
    outside: &dyn Fn(&FuncKey) -> String,
) -> Result<Option<u32>> {
    match r {
        RefValue::Null => Ok(None),
        RefValue::Func(key) => match funcs.get(&key) {
            Some(index) => Ok(Some(*index)),
            None => bail!(
                "{} holds a reference to {}: it cannot be written into the snapshot",
                what(),
                outside(&key)
            ),
        },
        RefValue::Extern => bail!(
            "{} holds a non-null `externref`: host references cannot be written into \
             the snapshot",
            what()
        ),
    }
}

/// Which passive segments init dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drops {
    pub elems: std::collections::BTreeSet<u32>,
    pub data: std::collections::BTreeSet<u32>,
}

/// Finds the passive segments init dropped, by calling the instrument
/// stage's probes: the one step of a capture that calls into the instance.
pub fn probe_drops(
    names: &PrivateNames,
    reads: &Reads,
    state: &mut dyn InstanceState,
) -> Result<Drops> {
    let mut drops = Drops::default();
    for &segment in &reads.probed_elems {
        if !state.probe(&names.elem_probe(segment))? {
            drops.elems.insert(segment);
        }
    }
    for &segment in &reads.probed_data {
        if !state.probe(&names.data_probe(segment))? {
            drops.data.insert(segment);
        }
    }
    Ok(drops)
}

/// [`capture`] after the probes (`drops`), with the module's `funcs` read
/// and its tables read and placed (`tables`): a component places its
/// shared tables' slots across its core instances, and reads every
/// instance at once. `outside` describes a function a global holds that
/// the module cannot name.
#[allow(clippy::too_many_arguments)]
pub fn read<'m>(
    info: &ModuleInfo<'_>,
    names: &PrivateNames,
    reads: &Reads,
    state: &'m dyn InstanceState,
    funcs: &Functions,
    tables: Vec<TableState>,
    drops: Drops,
    outside: &dyn Fn(&FuncKey) -> String,
) -> Result<Snapshot<'m>> {
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
                match (resolve(funcs, r, &what, outside)?, is_func) {
                    (f, true) => Value::FuncRef(f),
                    (_, false) => Value::NullExternRef,
                }
            }
        };
        globals.push((index, value));
    }

    let mut memories = Vec::new();
    let mut runs = Vec::new();
    let threads = crate::threads::cores();
    for (i, ty) in info.memories.iter().enumerate() {
        let index = info.memory_index(i);
        let data = state.memory(&names.memory(index))?;
        let first = runs.len();
        let nonzero_bytes = nonzero_runs_on(data, threads, |start, end| {
            push_run(index, ty.memory64, first, start, end, &mut runs)
        });
        memories.push(MemoryState {
            index,
            pages: data.len() as u64 / page_size(ty),
            nonzero_bytes,
        });
    }
    // The cap is on the whole data section, kept segments included.
    let cap = MAX_DATA_SEGMENTS
        .saturating_sub(reads.kept_data_segments)
        .max(1);
    cap_segment_count(&mut runs, cap);

    let mut segments = Vec::with_capacity(runs.len());
    for run in &runs {
        let data = state.memory(&names.memory(run.memory))?;
        segments.push(Segment {
            memory: run.memory,
            offset: run.start as u64,
            data: &data[run.start..run.end],
        });
    }
    Ok(Snapshot {
        tables,
        dropped_elems: drops.elems,
        dropped_data: drops.data,
        globals,
        memories,
        segments,
        kept_data_segments: reads.kept_data_segments,
    })
}
