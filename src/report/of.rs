//! The report of a run, built from what the run's stages hand over: a
//! module's ([`Report::of_module`]) or a component's
//! ([`Report::of_component`]).

use super::{ComponentReport, CoreInstanceReport, Digest, LiveHandles, OutputAudit, Report};
use crate::exports::{ExportChanges, Renames};
use crate::parse::ModuleInfo;
use crate::wasi::Activity;

/// What init learned and cost, and what the user was warned of: the same
/// for a module and a component.
pub struct Ran<'a> {
    pub wasi: Option<Activity>,
    pub fuel_used: Option<u64>,
    pub warnings: &'a [String],
}

impl Report {
    /// The report of a module's run: the input's audit (features used and
    /// digest), the output's, the module, its init function, the export
    /// changes and renames, and what init did. The phases are the
    /// caller's to add, once the output is written.
    pub fn of_module(
        (features_used, input): (Vec<&'static str>, Digest),
        output: OutputAudit,
        info: &ModuleInfo<'_>,
        init_func: &str,
        changes: &ExportChanges<'_>,
        renames: &Renames,
        ran: Ran<'_>,
    ) -> Report {
        Report {
            input,
            output: output.digest,
            features_used,
            init_func: init_func.to_string(),
            ran_start: info.start.is_some(),
            called_initialize: changes.calls_initialize(),
            exports_removed: changes.removed.iter().map(|s| s.to_string()).collect(),
            exports_renamed: renames.pairs(),
            globals: output.globals,
            memories: output.memories,
            tables: output.tables,
            wasi: ran.wasi,
            phases: Vec::new(),
            fuel_used: ran.fuel_used,
            warnings: ran.warnings.to_vec(),
            component: None,
        }
    }

    /// The report of a component's run: `input` and `output`, the
    /// features its modules need, its init function (whether a start
    /// function ran, whether its export was removed), what init did, and
    /// what became of each core module. The phases are the caller's to
    /// add.
    pub fn of_component(
        (input, output): (&[u8], &[u8]),
        features_used: Vec<&'static str>,
        (init_func, ran_start, init_removed): (&str, bool, bool),
        ran: Ran<'_>,
        component: ComponentReport,
    ) -> Report {
        Report {
            input: Digest::of(input),
            output: Digest::of(output),
            features_used,
            init_func: init_func.to_string(),
            ran_start,
            called_initialize: false,
            exports_removed: init_removed
                .then(|| init_func.to_string())
                .into_iter()
                .collect(),
            exports_renamed: Vec::new(),
            globals: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            wasi: ran.wasi,
            phases: Vec::new(),
            fuel_used: ran.fuel_used,
            warnings: ran.warnings.to_vec(),
            component: Some(component),
        }
    }
}

impl ComponentReport {
    /// What the report says of a component: each core module's report, the
    /// imports init called, and the WASI 0.2 handles it left open (by
    /// resource type).
    pub fn new(
        core_instances: Vec<CoreInstanceReport>,
        imports_called: Vec<String>,
        live_handles: &[(&str, usize)],
    ) -> Self {
        ComponentReport {
            core_instances,
            imports_called,
            live_handles: live_handles
                .iter()
                .map(|(kind, count)| LiveHandles {
                    kind: kind.to_string(),
                    count: *count,
                })
                .collect(),
        }
    }
}
