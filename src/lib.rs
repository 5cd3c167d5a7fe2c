//! wizer-lite: a WebAssembly pre-initializer on the wasmi interpreter.
//!
//! [`Wizer::run`] takes a module, runs its initialization function once and
//! returns a new module whose globals and memories already hold the
//! initialized state. It takes a component the same way (its export
//! `wizer-initialize`, or [`Wizer::init_func`]) and returns a component
//! whose core modules hold it.
//!
//! ```no_run
//! let input = std::fs::read("in.wasm")?;
//! let output = wizer_lite::Wizer::new()
//!     .init_func("wizer.initialize")
//!     .func_rename("_start", "resume")
//!     .run(&input)?;
//! std::fs::write("out.wasm", output)?;
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! The bytes pass these stages, in this order, one module each; the
//! pipeline is [`Wizer::run_detailed_into`]'s body, and nothing else here:
//!
//! | stage | module | in -> out |
//! |---|---|---|
//! | read | `parse` | binary or WAT -> binary |
//! | validate | `validate` | sections now; bodies now or beside init |
//! | refuse | `support` | module facts -> what the code does, or a refusal |
//! | plan exports | `exports` | init function, removed and renamed exports |
//! | instrument | `instrument` | module -> module with private exports |
//! | guard | `wasmi_fix` | -> the same with wasmi's miscompiled `select`s guarded |
//! | initialize | `initialize` (wasmi, `wasi`, `wasmi_fix`) | module -> live instance |
//! | explain (on failure only) | `backtrace` (its replay run by `initialize`) | failure -> [`InitFailure`]: replay, backtrace, cause |
//! | capture | `snapshot` | live instance -> `Snapshot` (plain data) |
//! | rewrite | `rewrite` | original + snapshot -> output, in pieces |
//! | verify | `verify` (wasmi) | output -> same state, or an error |
//! | report | `report` | digests, changes, features used |
//! | write | the caller's sink | pieces -> bytes |
//!
//! A component takes the second pipeline, in `component::run`, right
//! after reading: `component`'s stages (validate, parse, plan, capture,
//! rewrite, verify) call the core ones once per core module, and
//! `initialize::component` runs the core instances on wasmi.
//!
//! A failure's replay is the same engine run with a replay option
//! (`initialize::Replay`: the logged WASI answers and growth decisions,
//! on modules with shadow stacks), for modules and components alike;
//! `backtrace` makes the shadow stacks, reads them through the
//! engine-free [`InstanceState`] seam and names no wasmi type. The WASI
//! hosts (`wasi`: preview1 in `shim`, WASI 0.2 in `p2`) share `host`, the
//! state neither owns (sandbox, clocks, random, activity, call log).
//!
//! `options` holds the [`Wizer`] builder, `output` what a run returns,
//! `features` the feature table, `threads` the cores, the deep stack and
//! the validation verdict, and `two_phase` the API for embedders who run
//! the module themselves.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod backtrace;
mod component;
mod exports;
mod features;
mod initialize;
mod instrument;
mod laps;
mod options;
mod output;
mod parse;
mod producers;
mod report;
mod rewrite;
mod snapshot;
mod support;
mod threads;
mod two_phase;
mod validate;
mod verify;
mod wasi;
mod wasmi_fix;

pub use backtrace::{Frame, GuestOutput, InitFailure, Location};
pub use exports::{DEFAULT_INIT_FUNC, FALLBACK_INIT_FUNC};
pub use features::{FEATURES, Feature, Features};
pub use initialize::{
    DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_TABLE_ELEMENTS, InitLinker, InitState, WasmiInstance,
};
pub use options::Wizer;
pub use output::{Output, Sink};
pub use report::{Digest, GlobalChange, MemoryReport, Report, TableReport};
pub use snapshot::{FuncKey, GlobalValue, InstanceState, MAX_DATA_SEGMENTS, RefValue, Value};
pub use two_phase::Instrumented;
pub use wasi::{Activity as WasiActivity, Opened};
/// The wasmi version wizer-lite runs initialization on, for embedders that
/// add host functions through [`Wizer::make_linker`].
pub use wasmi;

use anyhow::{Context, Result};
use laps::Laps;
use validate::INVALID;

impl Wizer {
    /// Pre-initializes `wasm` (a binary module or component, or WAT text)
    /// and returns the new module or component.
    pub fn run(&self, wasm: &[u8]) -> Result<Vec<u8>> {
        self.run_detailed(wasm).map(|output| output.wasm)
    }

    /// Like [`Wizer::run`], also returning the warnings a user should see
    /// (state frozen into the snapshot that they may not expect).
    pub fn run_detailed(&self, input: &[u8]) -> Result<Output> {
        let mut wasm = Vec::new();
        let mut output = self.run_detailed_into(input, &mut |chunk| {
            wasm.extend_from_slice(chunk);
            Ok(())
        })?;
        output.wasm = wasm;
        Ok(output)
    }

    /// Like [`Wizer::run_detailed`], but the module is handed to `write` in
    /// chunks, in order, instead of being returned ([`Output::wasm`] is then
    /// empty). The snapshot's data goes to `write` straight from the
    /// instance's memory, never copied into one buffer with the rest: for
    /// a program with tens of megabytes of state, less time and peak memory.
    /// `write` is called only once nothing else can fail; if it fails, its
    /// error is returned as it is.
    ///
    /// ```no_run
    /// # let input = Vec::new();
    /// let mut file = std::fs::File::create("out.wasm")?;
    /// wizer_lite::Wizer::new().run_detailed_into(&input, &mut |chunk| {
    ///     Ok(std::io::Write::write_all(&mut file, chunk)?)
    /// })?;
    /// # Ok::<(), anyhow::Error>(())
    /// ```
    pub fn run_detailed_into(&self, input: &[u8], write: &mut Sink<'_>) -> Result<Output> {
        let mut laps = Laps::start();
        let features = self.features.wasmparser();

        // Read: the renames, the preloads and the module.
        let renames = self.renames()?;
        let preloads = self.load_preloads()?;
        let wasm = parse::decode(input)?;
        if component::is_component(&wasm) {
            return self.run_component_into(input, &wasm, laps, write);
        }

        // Validate the sections and scan the code; the function bodies are
        // validated now, or beside initialization where a core is spare
        // (not when the embedder's host functions could act on an invalid
        // module first).
        let spare = if self.linker_hook.is_some() {
            0
        } else {
            threads::spare()
        };
        let mut validation =
            validate::Validation::begin(&wasm, features, spare, support::scan_body)
                .context(INVALID)?;
        // From here on, the error of a step that fails gives way to a
        // validation error, as if the bodies had been validated first.
        let info = validation.first(parse::ModuleInfo::parse(&wasm))?;

        // Refuse what cannot be snapshotted.
        let facts = validation.first(support::check(&info, &validation.scans))?;

        // Plan the exports: the init function, and what the output loses.
        let init_func =
            validation.first(exports::find_init_func(&info, self.init_func.as_deref()))?;
        let keep_for_world = !self.keep_init_func && exports::world_exports(&info, init_func);
        let changes = validation.first(exports::ExportChanges::plan(
            &info,
            Some(init_func),
            self.keep_init_func || keep_for_world,
            &renames,
        ))?;
        let (wasi, mut warnings) = self.wasi_config();
        if keep_for_world {
            warnings.push(exports::kept_for_world(init_func));
        }
        laps.lap("read");

        // Instrument: private exports to read the state through; and guard
        // the `select`s wasmi 2.0.0 would miscompile, in the module it runs
        // (never in the output), on all cores before validation shares them.
        let instrumented = instrument::instrument(&info, &facts, instrument::Start::Export)?;
        let to_run = wasmi_fix::Guarded::new(instrumented.wasm);
        let preloads: Vec<_> = preloads
            .into_iter()
            .map(|(name, wasm)| (name, wasmi_fix::Guarded::new(wasm)))
            .collect();
        laps.lap("instrument");

        // Initialize, on a deep stack, while this thread validates the
        // bodies and then, for the report, audits the input.
        let plan = initialize::Plan {
            features: instrumented.reads.features(features),
            memory_export: instrumented.names.memory(0),
            start_export: info.start.map(|_| instrumented.names.start()),
            call_initialize: changes.calls_initialize(),
            init_func,
            linker_hook: self.linker_hook.as_deref(),
            wasi: wasi.as_ref(),
            limits: self.limits,
            preloads: &preloads,
            verdict: validation.verdict().cloned(),
            replay: None,
        };
        let (live, input_audit) = threads::deep_beside(
            self.limits.max_call_depth,
            |room| initialize::run(&info, to_run, &plan.on_stack(room)),
            || (validation.run() && self.audit).then(|| self.audit_input(input, &wasm)),
        );
        // Validation has ended: its error comes first.
        validation.finish().context(INVALID)?;
        // On failure only: replay init to find where, and say why.
        let mut live = live.map_err(|error| {
            let cx = backtrace::Context {
                info: &info,
                facts: &facts,
                plan: &plan,
            };
            backtrace::explain(error, &cx)
        })?;
        laps.extend(&live.phases);
        let (wasi_activity, fuel_used) = (live.wasi.take(), live.fuel_used);
        let live_handles = std::mem::take(&mut live.live_handles);

        // Capture the state.
        let snapshot =
            snapshot::capture(&info, &instrumented.names, &instrumented.reads, &mut live)?;
        laps.lap("capture");

        // Rewrite, and refuse an output that does not validate.
        let pieces = rewrite::rewrite(&info, &snapshot, &changes, !self.omit_producers);
        let whole = self.verify.then(|| pieces.to_vec());
        match &whole {
            Some(whole) => validate::validate_all(whole, features),
            None => validate::validate_except_bodies(&pieces.skeleton(), features),
        }
        .context("bug: the pre-initialized module does not validate")?;
        laps.lap("rewrite");

        // Verify: a fresh instance of the output holds the same state.
        if let Some(whole) = &whole {
            verify::verify(whole, &snapshot, features)?;
            laps.lap("verify");
        }

        // Report: what changed, and the output's digest.
        if let Some(activity) = &wasi_activity {
            warnings.extend(report::frozen_state_warnings(activity, self.deterministic));
        }
        warnings.extend(report::live_handle_warnings(&live_handles));
        let output_audit = self
            .audit
            .then(|| report::OutputAudit::of(&info, &snapshot, pieces.chunks()));
        if self.audit {
            laps.lap("report");
        }

        // Write: nothing can fail any more.
        match &whole {
            Some(whole) => write(whole)?,
            None => {
                for chunk in pieces.chunks() {
                    write(chunk)?;
                }
            }
        }
        laps.lap("write");

        let report = output_audit.map(|output| {
            let input = input_audit.unwrap_or_else(|| self.audit_input(input, &wasm));
            let ran = report::Ran {
                wasi: wasi_activity,
                fuel_used,
                warnings: &warnings,
            };
            report::Report::of_module(input, output, &info, init_func, &changes, &renames, ran)
        });
        Ok(Output::written(warnings, fuel_used, report, laps.phases))
    }

    /// The enabled features `wasm` (a binary module or WAT text) does not
    /// validate without: `--report`'s `features_used`. An error if it does
    /// not validate with them all.
    pub fn features_used(&self, wasm: &[u8]) -> Result<Vec<&'static str>> {
        let wasm = parse::decode(wasm)?;
        validate::validate_all(&wasm, self.features.wasmparser()).context(INVALID)?;
        Ok(report::features_used(
            &self.features,
            &wasm,
            threads::cores(),
        ))
    }

    /// The report's facts about the input: the features it needs and its
    /// digest.
    fn audit_input(&self, input: &[u8], wasm: &[u8]) -> (Vec<&'static str>, Digest) {
        let threads = threads::spare().max(1);
        (
            report::features_used(&self.features, wasm, threads),
            Digest::of(input),
        )
    }
}

/// For wizer-lite's own tests and tools, not part of its API: these may
/// change in any release.
#[doc(hidden)]
pub mod testing {
    /// `wasm` as wizer-lite gives it to wasmi 2.0.0, which miscompiles a
    /// `select` whose condition is `i32.eqz`, `i32.eq _ 0` or `i32.ne _ 0`
    /// of a local or spilled value: each such `select` gets a `local.tee`
    /// of a fresh local before it, which changes nothing else. Borrowed
    /// when nothing needs guarding.
    pub fn guard_for_wasmi(wasm: &[u8]) -> std::borrow::Cow<'_, [u8]> {
        match crate::wasmi_fix::guard_module(wasm) {
            Some(guarded) => std::borrow::Cow::Owned(guarded),
            None => std::borrow::Cow::Borrowed(wasm),
        }
    }

    /// The bytes of `wasm`'s code, and of the function bodies the guard
    /// decodes, for the benchmark.
    pub fn guard_stats(wasm: &[u8]) -> (usize, usize) {
        crate::wasmi_fix::stats(wasm)
    }
}

/// Compiles the README's code examples as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
