//! Component capture stage: the live core instances -> each snapshotted
//! module's [`Snapshot`], as the core capture makes it.
//!
//! Two steps, as the engine allows: [`probe`] calls into the instances
//! (the drop probes) and reads every function identity and table, so that
//! shared tables' slots are placed (see `shared`); then [`capture`] reads
//! every instance at once through shared views of the store, each
//! snapshot borrowing its memories from there, never copied.

use super::plan::{Prepared, Role};
use crate::initialize::SharedInstance;
use crate::initialize::component::LiveComponent;
use crate::snapshot::{self, Drops, FuncKey, Functions, Snapshot, TableState};
use anyhow::{Context, Result};

/// What the probing step found, for [`capture`].
pub struct Probed {
    /// Each module's dropped segments (`None`: not snapshotted).
    drops: Vec<Option<Drops>>,
    /// Each module's functions, by the engine's identity.
    funcs: Vec<Functions>,
    /// Each module's placed tables.
    tables: Vec<Vec<TableState>>,
}

/// Calls every snapshotted module's drop probes, reads its functions and
/// tables, and places every captured table's slots.
pub fn probe(prepared: &Prepared<'_>, live: &mut LiveComponent) -> Result<Probed> {
    let count = prepared.modules.len();
    let mut drops = vec![None; count];
    let mut funcs = vec![Functions::new(); count];
    let mut raw = vec![Vec::new(); count];
    for (i, module) in prepared.modules.iter().enumerate() {
        if let (Role::Snapshot, Some(instance)) = (&module.role, module.instance) {
            let mut state = live.instance(instance as usize)?;
            let (info, names, reads) = (
                &module.info,
                &module.instrumented.names,
                &module.instrumented.reads,
            );
            drops[i] = Some(snapshot::probe_drops(names, reads, &mut state)?);
            funcs[i] = snapshot::functions(info, names, reads, &state)?;
            raw[i] = snapshot::read_tables(info, names, reads, &state)?;
        }
    }
    let tables = prepared.sharing.place(&funcs, &raw)?;
    Ok(Probed {
        drops,
        funcs,
        tables,
    })
}

/// Every snapshotted module's state (`None`: passed through, or never
/// instantiated), read through `views` (from [`LiveComponent::views`],
/// after [`probe`]).
pub fn capture<'v, T>(
    prepared: &Prepared<'_>,
    probed: Probed,
    views: &'v [Option<SharedInstance<'_, T>>],
) -> Result<Vec<Option<Snapshot<'v>>>> {
    let outside = |key: &FuncKey| prepared.sharing.describe(&probed.funcs, key);
    let mut snapshots = Vec::new();
    let placed = probed.tables.into_iter();
    for (((i, module), drops), tables) in prepared
        .modules
        .iter()
        .enumerate()
        .zip(probed.drops)
        .zip(placed)
    {
        let view = module
            .instance
            .and_then(|instance| views.get(instance as usize)?.as_ref());
        let (Some(drops), Some(view)) = (drops, view) else {
            snapshots.push(None);
            continue;
        };
        let snapshot = snapshot::read(
            &module.info,
            &module.instrumented.names,
            &module.instrumented.reads,
            view,
            &probed.funcs[i],
            tables,
            drops,
            &outside,
        )
        .with_context(|| format!("failed to snapshot {}", prepared.sharing.label(i)))?;
        snapshots.push(Some(snapshot));
    }
    Ok(snapshots)
}
