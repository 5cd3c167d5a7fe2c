//! Component snapshot stage: the live core instances -> the rewritten
//! bytes of every snapshotted module, and what was captured from each.
//!
//! Each snapshotted module goes through the core capture and the core
//! rewrite, one at a time (a module's data is borrowed from its instance's
//! memory only until its rewrite is encoded). No core export is removed:
//! the component's aliases name them, the init function's among them.

use super::plan::{Prepared, Role};
use crate::exports::{ExportChanges, Renames};
use crate::initialize::component::LiveComponent;
use crate::report::{CoreInstanceReport, Digest, OutputAudit};
use crate::{rewrite, snapshot};
use anyhow::{Context, Result};

/// The rewritten modules (`None`: passed through), and their reports.
pub struct Captured {
    pub modules: Vec<Option<Vec<u8>>>,
    pub reports: Vec<CoreInstanceReport>,
    /// The digest of each snapshotted module's state, for `--verify`.
    pub digests: super::StateDigests,
    /// The original data segments each module's rewrite kept.
    pub kept_data_segments: Vec<usize>,
}

/// Captures every snapshotted module's instance and rewrites the module.
pub fn capture(
    prepared: &Prepared<'_>,
    names: &[Option<String>],
    live: &mut LiveComponent,
) -> Result<Captured> {
    let no_renames = Renames::default();
    let changes = ExportChanges {
        removed: Vec::new(),
        renames: &no_renames,
    };
    let mut captured = Captured {
        modules: Vec::new(),
        reports: Vec::new(),
        digests: Vec::new(),
        kept_data_segments: Vec::new(),
    };
    // Shared tables first: every module that reads tables gives its
    // functions and its own tables, then each captured slot is placed in a
    // module that can name its function (see `shared`).
    let mut funcs = vec![snapshot::Functions::new(); prepared.modules.len()];
    let mut raw = vec![Vec::new(); prepared.modules.len()];
    for (i, module) in prepared.modules.iter().enumerate() {
        if let (Role::Snapshot, Some(instance)) = (&module.role, module.instance) {
            let state = live.instance(instance as usize)?;
            let (info, names, reads) = (
                &module.info,
                &module.instrumented.names,
                &module.instrumented.reads,
            );
            funcs[i] = snapshot::functions(info, names, reads, &state)?;
            raw[i] = snapshot::read_tables(info, names, reads, &state)?;
        }
    }
    let mut placed = prepared.sharing.place(&funcs, &raw)?.into_iter();
    let describe = prepared.sharing.describe(&funcs);
    let outside = |key: &snapshot::FuncKey| describe(key);
    for (i, module) in prepared.modules.iter().enumerate() {
        let tables = placed.next().unwrap_or_default();
        let mut report = CoreInstanceReport {
            module: i,
            name: names.get(i).cloned().flatten(),
            instance: module.instance,
            role: match &module.role {
                Role::Snapshot => "snapshot".to_string(),
                Role::PassThrough(why) => format!("pass-through: {why}"),
            },
            globals: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
        };
        let rewritten = match (&module.role, module.instance) {
            (Role::Snapshot, Some(instance)) => {
                let mut state = live.instance(instance as usize)?;
                let names = &module.instrumented.names;
                let snapshot = snapshot::capture_with_tables(
                    &module.info,
                    names,
                    &module.instrumented.reads,
                    &mut state,
                    &funcs[i],
                    tables,
                    &outside,
                )
                .with_context(|| format!("failed to snapshot {}", prepared.sharing.label(i)))?;
                captured.digests.push((i, state_digest(&snapshot)));
                // The component says who made it; its modules keep theirs.
                let pieces = rewrite::rewrite(&module.info, &snapshot, &changes, false);
                let audit = OutputAudit::of(&module.info, &snapshot, pieces.chunks());
                report.globals = audit.globals;
                report.memories = audit.memories;
                report.tables = audit.tables;
                Some(pieces.to_vec())
            }
            (Role::Snapshot, None) => {
                report.role = "pass-through: never instantiated".to_string();
                None
            }
            (Role::PassThrough(_), _) => None,
        };
        captured
            .kept_data_segments
            .push(module.instrumented.reads.kept_data_segments);
        captured.modules.push(rewritten);
        captured.reports.push(report);
    }
    Ok(captured)
}

/// A digest of everything a snapshot holds: equal exactly when two
/// captures of one module hold the same state. Dropped segments are left
/// out: the output holds them empty, so a capture of it finds none to
/// drop (as `verify::compare` does for a module).
fn state_digest(snapshot: &snapshot::Snapshot<'_>) -> Digest {
    let header = format!(
        "{:?}\n{:?}\n{:?}\n",
        snapshot.tables, snapshot.globals, snapshot.memories,
    );
    let places: Vec<String> = snapshot
        .segments
        .iter()
        .map(|s| format!("{} {} {}\n", s.memory, s.offset, s.data.len()))
        .collect();
    let segments = places
        .iter()
        .zip(&snapshot.segments)
        .flat_map(|(place, segment)| [place.as_bytes(), segment.data]);
    Digest::of_chunks(std::iter::once(header.as_bytes()).chain(segments))
}
