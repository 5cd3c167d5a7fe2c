//! wizer-lite: a WebAssembly pre-initializer on the wasmi interpreter.
//!
//! [`Wizer::run`] takes a module, runs its initialization function once and
//! returns a new module whose globals and memories already hold the
//! initialized state. The pipeline, one stage per module:
//!
//! read (binary or WAT) -> validate -> `parse` -> `support` (refusals) ->
//! find the init function -> `instrument` -> `initialize` (wasmi, with the
//! `wasi` shim) -> `snapshot` -> `rewrite` -> validate the output ->
//! `verify` (optional) -> `report` (optional). The options live in
//! `options`, and `output` writes files atomically for the CLI.
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

mod features;
mod initialize;
mod instrument;
mod options;
mod output;
mod parse;
mod report;
mod rewrite;
mod snapshot;
mod support;
mod validate;
mod verify;
mod wasi;
mod wasmi_fix;

pub use features::{FEATURES, Features};
pub use initialize::{
    DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_TABLE_ELEMENTS, InitLinker, InitState, WasmiInstance,
};
pub use options::Wizer;
pub use output::{AtomicFile, write_atomically, write_atomically_with};
pub use report::Report;
pub use rewrite::Renames;
pub use snapshot::{FuncKey, GlobalValue, InstanceState, MAX_DATA_SEGMENTS, RefValue, Value};
/// The wasmi version wizer-lite runs initialization on, for embedders that
/// add host functions through [`Wizer::make_linker`].
pub use wasmi;

use anyhow::{Context, Result, bail};
use options::Preload;
use std::borrow::Cow;

/// The init function's export name when none is given.
pub const DEFAULT_INIT_FUNC: &str = "wizer.initialize";
/// The name the Wasmtime-maintained Wizer uses, tried when the module does
/// not export [`DEFAULT_INIT_FUNC`].
pub const FALLBACK_INIT_FUNC: &str = "wizer-initialize";
/// The context of every validation error.
const INVALID: &str = "the input is not a valid WebAssembly module";
/// The WASI reactor initialization function.
const REACTOR_INITIALIZE: &str = "_initialize";

impl Wizer {
    /// Pre-initializes `wasm` (a binary module or WAT text) and returns the
    /// new module.
    pub fn run(&self, wasm: &[u8]) -> Result<Vec<u8>> {
        self.run_detailed(wasm).map(|output| output.wasm)
    }

    /// Like [`Wizer::run`], also returning the warnings a user should see
    /// (state frozen into the snapshot that they may not expect).
    pub fn run_detailed(&self, input: &[u8]) -> Result<Output> {
        self.run_detailed_inner(input, None)
    }

    /// Like [`Wizer::run_detailed`], but the module is handed to `write` in
    /// chunks, in order, instead of being returned ([`Output::wasm`] is then
    /// empty). The snapshot's data goes to `write` straight from the
    /// instance's memory, never copied into one buffer with the rest: for
    /// a program with tens of megabytes of state, less time and peak memory.
    /// `write` is called only once nothing else can fail; if it fails, its
    /// error is returned as it is.
    pub fn run_detailed_into(&self, input: &[u8], write: &mut Sink<'_>) -> Result<Output> {
        self.run_detailed_inner(input, Some(write))
    }

    fn run_detailed_inner(&self, input: &[u8], sink: Option<&mut Sink<'_>>) -> Result<Output> {
        let laps = report::Laps::start();
        // 1-4. Options, read, validate, refuse.
        let renames = self.renames()?;
        let preloads = self.read_preloads()?;
        let wasm = parse::decode(input)?;
        self.validating(&wasm, |bodies, pending| {
            let job = Job {
                input,
                wasm: &wasm,
                renames: &renames,
                preloads: &preloads,
                sink,
            };
            self.run_checked(job, bodies, pending, laps)
        })
    }

    /// [`Wizer::run_detailed`] from step 4 on, for a module whose bodies
    /// are validated, or being validated beside it (`pending`).
    fn run_checked(
        &self,
        job: Job<'_, '_>,
        bodies: &[support::BodyFacts],
        pending: Option<&validate::Pending<'_>>,
        mut laps: report::Laps,
    ) -> Result<Output> {
        let Job {
            input,
            wasm,
            renames,
            preloads,
            mut sink,
        } = job;
        let info = parse::ModuleInfo::parse(wasm)?;
        let facts = support::check(&info, bodies)?;
        let (wasi, mut warnings) = self.wasi_config();

        // 5. The init function, and what happens to the exports.
        let init_func = self.find_init_func(&info)?;
        let changes = self.export_changes(&info, Some(init_func), renames)?;

        laps.lap("read");

        // 6-8. Instrument, run, capture.
        let instrument::Instrumented {
            wasm: instrumented_wasm,
            names,
            reads,
        } = instrument::instrument(&info, &facts, instrument::Start::Export);
        laps.lap("instrument");
        let plan = initialize::Plan {
            features: &self.features,
            names: &names,
            reads: &reads,
            has_start: info.start.is_some(),
            call_initialize: changes.removed.contains(&REACTOR_INITIALIZE),
            init_func,
            linker_hook: self.linker_hook.as_deref(),
            wasi: wasi.as_ref(),
            limits: self.limits,
            preloads,
            verdict: pending.map(|p| &p.verdict),
        };
        // The report's facts about the input: the features it needs and its
        // digest, on `threads` threads.
        let audit_input = |threads| {
            (
                self.needed_features(wasm, threads),
                report::Digest::of(input),
            )
        };
        let mut input_audit = None;
        // Validation runs beside initialization, on a thread of its own (on
        // this one, which only waits, it measured 10% slower on regex: 58
        // against 52 ms), or here if no thread can be started; then, for
        // the report, what needs only the input.
        let validate_meanwhile = || {
            let pending = pending?;
            let work = || {
                pending.run();
                (self.audit && pending.verdict.wait()).then(|| audit_input(1))
            };
            std::thread::scope(|scope| {
                let thread = std::thread::Builder::new()
                    .name("wizer-lite-validate".into())
                    .spawn_scoped(scope, work);
                match thread {
                    Ok(thread) => thread
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    Err(_) => work(),
                }
            })
        };
        // 9. Rewrite and check the result, while the instance is alive: the
        // snapshot's data is borrowed from its memories.
        let initialized = on_big_stack(
            self.limits.max_call_depth,
            |stack_frames| {
                let mut plan = plan;
                plan.limits.stack_frames = stack_frames;
                initialize::run(&info, instrumented_wasm, &plan, |snapshot, laps| {
                    let pieces = self.rewrite(&info, snapshot, &changes)?;
                    // In one buffer unless it is written out in pieces.
                    let whole = (sink.is_none() || self.verify).then(|| pieces.to_vec());
                    laps.lap("rewrite");
                    if let Some(output) = &whole
                        && self.verify
                    {
                        self.verify_output(output, snapshot)?;
                        laps.lap("verify");
                    }
                    let changed = self.audit.then(|| report::changes(&info, snapshot));
                    let digest = self
                        .audit
                        .then(|| report::Digest::of_chunks(pieces.chunks()));
                    if self.audit {
                        laps.lap("report");
                    }
                    let Some(sink) = sink.as_mut() else {
                        return Ok((whole.unwrap_or_default(), changed, digest));
                    };
                    // Nothing may fail after the module is written out, and an
                    // invalid module is not written (its error is reported).
                    if pending.is_some_and(|p| !p.verdict.wait()) {
                        bail!("the module is not valid");
                    }
                    match &whole {
                        Some(output) => sink(output)?,
                        None => {
                            for chunk in pieces.chunks() {
                                sink(chunk)?;
                            }
                        }
                    }
                    laps.lap("write");
                    Ok((Vec::new(), changed, digest))
                })
            },
            || input_audit = validate_meanwhile(),
        )?;
        laps.extend(&initialized.phases);
        let (output, changed, digest) = initialized.finished;
        if let Some(activity) = &initialized.wasi_activity {
            warnings.extend(report::frozen_state_warnings(activity, self.deterministic));
        }
        let report = changed.map(|(globals, memories, tables)| {
            let (features_used, input) =
                input_audit.unwrap_or_else(|| audit_input(spare_threads() + 1));
            report::Report {
                input,
                output: digest.expect("computed when auditing"),
                features_used,
                init_func: init_func.to_string(),
                ran_start: info.start.is_some(),
                called_initialize: plan.call_initialize,
                exports_removed: changes.removed.iter().map(|s| s.to_string()).collect(),
                exports_renamed: renames.pairs(),
                globals,
                memories,
                tables,
                wasi: initialized.wasi_activity.clone(),
                phases: laps.phases,
                fuel_used: initialized.fuel_used,
                warnings: warnings.clone(),
            }
        });
        Ok(Output {
            wasm: output,
            warnings,
            fuel_used: initialized.fuel_used,
            report,
        })
    }

    /// The enabled features the module cannot validate without.
    /// The enabled features `wasm` (a binary module or WAT text) does not
    /// validate without: `--report`'s `features_used`. An error if it does
    /// not validate with them all.
    pub fn features_used(&self, wasm: &[u8]) -> Result<Vec<&'static str>> {
        let wasm = parse::decode(wasm)?;
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(&wasm)
            .context(INVALID)?;
        let threads = spare_threads() + 1;
        Ok(self.needed_features(&wasm, threads))
    }

    /// [`Wizer::features_used`] of a module known to be valid, on up to
    /// `threads` threads.
    fn needed_features(&self, wasm: &[u8], threads: usize) -> Vec<&'static str> {
        let enabled = self.features.enabled();
        let needed = validate::needed_features(
            wasm,
            enabled.len(),
            |group| {
                let indices: Vec<usize> = group.iter().map(|&c| enabled[c]).collect();
                self.features.wasmparser_without(&indices)
            },
            |c| FEATURES[enabled[c]].flag,
            threads,
        );
        enabled
            .iter()
            .zip(needed)
            .filter(|(_, needed)| *needed)
            .map(|(&i, _)| FEATURES[i].name)
            .collect()
    }

    /// The first phase of the two-phase API: reads, validates and checks
    /// `wasm` as [`Wizer::run`] does, and returns the instrumented module for
    /// the embedder to instantiate and run in its own wasmi store (its start
    /// function runs at instantiation, as in the original). Then
    /// [`Instrumented::snapshot`] turns the instance's state into the
    /// pre-initialized module.
    pub fn instrument(&self, wasm: &[u8]) -> Result<Instrumented> {
        let renames = self.renames()?;
        let (wasm, bodies) = self.read(wasm)?;
        let wasm = wasm.into_owned();
        let info = parse::ModuleInfo::parse(&wasm)?;
        let facts = support::check(&info, &bodies)?;
        let init_func = self.find_init_func(&info).ok().map(str::to_string);
        self.export_changes(&info, init_func.as_deref(), &renames)?;
        let instrumented = instrument::instrument(&info, &facts, instrument::Start::Keep);
        Ok(Instrumented {
            reads: instrumented.reads,
            wizer: self.clone(),
            renames,
            init_func,
            module: instrumented.wasm,
            names: instrumented.names,
            original: wasm,
        })
    }

    /// Reads and validates the preloads, in order.
    fn read_preloads(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (name, source) in &self.preloads {
            if !seen.insert(name.as_str()) {
                bail!("the preload name `{name}` is given twice");
            }
            let bytes = match source {
                Preload::File(path) => std::fs::read(path).with_context(|| {
                    format!(
                        "failed to read the preload `{name}` from `{}`",
                        path.display()
                    )
                })?,
                Preload::Bytes(bytes) => bytes.clone(),
            };
            let (wasm, _) = self
                .read(&bytes)
                .with_context(|| format!("invalid preload `{name}`"))?;
            out.push((name.clone(), wasm.into_owned()));
        }
        Ok(out)
    }

    fn renames(&self) -> Result<Renames> {
        let mut renames = Renames::default();
        for (dst, src) in &self.renames {
            renames.add(dst, src)?;
        }
        Ok(renames)
    }

    /// Validates `wasm` (steps 3 and 4: the support stage's scan of the code
    /// is done in the same pass) and runs `rest` on the scan.
    ///
    /// Where another core is free, the function bodies, the bulk of the
    /// work, are validated while `rest` instruments, instantiates and
    /// initializes the module: on a thread started after the initialization
    /// thread ([`validate::Pending`]). The outcome is the same as validating
    /// first.
    /// wasmi validates each function itself before it first runs it, nothing
    /// with effects outside the instance happens before the verdict (WASI
    /// waits for it; embedders' host functions turn the overlap off), a
    /// metered run stops early on an invalid module, and a validation error
    /// wins over anything `rest` returned, as it would have come first.
    fn validating<R>(
        &self,
        wasm: &[u8],
        rest: impl FnOnce(&[support::BodyFacts], Option<&validate::Pending<'_>>) -> Result<R>,
    ) -> Result<R> {
        let spare = spare_threads();
        if spare == 0 || self.linker_hook.is_some() {
            return rest(&self.validate_now(wasm)?, None);
        }
        let deferred =
            validate::Deferred::new(wasm, self.features.wasmparser()).context(INVALID)?;
        // The scan is needed before instrumenting: on every core.
        let tables = deferred.tables;
        let scanned = deferred.scan(spare + 1, |index, body| {
            support::scan_body(index, body, tables)
        });
        let pending = validate::Pending::new(deferred, spare);
        let result = match &scanned {
            Ok(bodies) => Some(rest(bodies, Some(&pending))),
            Err(_) => None,
        };
        // Whatever `rest` did, the validation error comes first.
        pending.finish().context(INVALID)?;
        match result {
            Some(result) => result,
            None => Err(scanned.expect_err("the scan failed")).context(INVALID),
        }
    }

    /// Reads and validates the input, scanning its code for the support
    /// stage in the same pass.
    fn read<'a>(&self, wasm: &'a [u8]) -> Result<(Cow<'a, [u8]>, Vec<support::BodyFacts>)> {
        let wasm = parse::decode(wasm)?;
        let bodies = self.validate_now(&wasm)?;
        Ok((wasm, bodies))
    }

    /// Validates `wasm` and scans its code in one pass, before anything else.
    fn validate_now(&self, wasm: &[u8]) -> Result<Vec<support::BodyFacts>> {
        validate::validate_and_scan(wasm, self.features.wasmparser(), |index, body| {
            support::scan_body(index, body, u32::MAX)
        })
        .context(INVALID)
    }

    /// The exports the snapshot loses: the init function (unless kept) and
    /// `_initialize` (it has run). Renames are checked against them.
    fn export_changes<'a>(
        &self,
        info: &parse::ModuleInfo<'_>,
        init_func: Option<&'a str>,
        renames: &'a Renames,
    ) -> Result<rewrite::ExportChanges<'a>> {
        let mut removed = Vec::new();
        if let (Some(init), false) = (init_func, self.keep_init_func) {
            removed.push(init);
        }
        if is_nullary_func(info, REACTOR_INITIALIZE) {
            removed.push(REACTOR_INITIALIZE);
        }
        renames.check(info, &removed)?;
        Ok(rewrite::ExportChanges { removed, renames })
    }

    /// `--verify`: a fresh instance of `output` holds `captured`.
    fn verify_output(&self, output: &[u8], captured: &snapshot::Snapshot) -> Result<()> {
        let info = parse::ModuleInfo::parse(output)?;
        // Read the same state back: tables when they were captured. Dropped
        // segments are empty in the output, so there is nothing to probe.
        let facts = support::CodeFacts {
            mutates_tables: !captured.tables.is_empty(),
            dropped_elems: Default::default(),
            uses_memory_init: false,
        };
        let mut instrumented = instrument::instrument(&info, &facts, instrument::Start::Keep);
        // The same segment cap as the capture being checked.
        instrumented.reads.kept_data_segments = captured.kept_data_segments;
        initialize::capture_fresh(
            &info,
            &instrumented.wasm,
            &instrumented.names,
            &instrumented.reads,
            &self.features,
            |fresh| verify::compare(captured, fresh),
        )
    }

    /// Builds the output and refuses to return one that does not validate.
    fn rewrite<'m>(
        &self,
        info: &parse::ModuleInfo<'_>,
        snapshot: &snapshot::Snapshot<'m>,
        changes: &rewrite::ExportChanges<'_>,
    ) -> Result<rewrite::Pieces<'m>> {
        let output = rewrite::rewrite(info, snapshot, changes);
        // The code section is the input's, byte for byte, over the same
        // index spaces and types, so its bodies are valid as they were; all
        // the rest, where the rewrite made changes, is validated again, on
        // the module with empty segments (their bytes do not matter to
        // validation, and are not copied for it). `--verify` validates
        // everything.
        const BUG: &str = "bug: the pre-initialized module does not validate";
        if self.verify {
            wasmparser::Validator::new_with_features(self.features.wasmparser())
                .validate_all(&output.to_vec())
                .context(BUG)?;
        } else {
            validate::validate_except_bodies(&output.skeleton(), self.features.wasmparser())
                .context(BUG)?;
        }
        Ok(output)
    }

    /// Resolves the init function's export name and checks its type.
    fn find_init_func<'a>(&'a self, info: &parse::ModuleInfo<'a>) -> Result<&'a str> {
        let name = match &self.init_func {
            Some(name) => {
                if info.export(name).is_none() {
                    bail!("the module does not export `{name}`, the init function");
                }
                name.as_str()
            }
            None => [DEFAULT_INIT_FUNC, FALLBACK_INIT_FUNC]
                .into_iter()
                .find(|name| info.export(name).is_some())
                .with_context(|| {
                    format!(
                        "the module does not export `{DEFAULT_INIT_FUNC}` or \
                         `{FALLBACK_INIT_FUNC}`: export an init function or name one with \
                         `--init-func`"
                    )
                })?,
        };
        let export = info.export(name).expect("found above");
        if export.kind != wasmparser::ExternalKind::Func {
            bail!("the init function export `{name}` is not a function");
        }
        let ty = info
            .func_type(export.index)
            .context("bug: an exported function has no function type")?;
        if !ty.params().is_empty() || !ty.results().is_empty() {
            bail!("the init function `{name}` must have type `[] -> []`, but has type `{ty}`");
        }
        Ok(name)
    }
}

/// Runs `f` on a thread whose stack is deep enough for `frames` wasm call
/// levels. wasmi keeps wasm frames on its own heap stack, but in some paths
/// it re-enters its executor natively (found by fuzzing: `memory.grow`
/// between recursive calls), about 200 bytes of native stack per level
/// (measured: an 8 MiB main thread overflowed between 30,000 and 50,000
/// levels). 2 KiB per level, ten times that, is reserved; it is virtual
/// memory, committed only as far as it is used.
///
/// Where that much address space cannot be had (`ulimit -v`, a 32-bit
/// host) or no thread can be started at all (a thread limit), `f` still
/// runs, told how many frames its stack has room for: on a thread with
/// half the stack, and so on down to 2 MiB, and then on this thread with
/// wasmi's own default of 1,000 frames, which wasmi deems safe on any
/// thread. A module that recurses no deeper still snapshots there.
///
/// `meanwhile` runs on the calling thread while `f` runs, or before it
/// when `f` runs here.
fn on_big_stack<T: Send>(
    frames: usize,
    f: impl FnOnce(Option<usize>) -> Result<T> + Send,
    meanwhile: impl FnOnce(),
) -> Result<T> {
    #[cfg(not(target_family = "wasm"))]
    {
        const FRAME: usize = 2048;
        const MIN: usize = 64 << 20;
        const FLOOR: usize = 2 << 20;
        const ON_THIS_THREAD: usize = 1000;
        // Fewer frames than asked for, if the room is short of them.
        let room = |frames_there: usize| (frames_there < frames).then_some(frames_there);
        let wanted = frames.saturating_mul(FRAME).max(MIN);
        // `f` stays here until a thread takes it: a spawn that fails drops
        // its closure.
        let slot = std::sync::Mutex::new(Some(f));
        let take = || {
            slot.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
        };
        let mut meanwhile = Some(meanwhile);
        let mut stack = wanted;
        loop {
            let bound = room(stack / FRAME);
            let joined = std::thread::scope(|scope| {
                let thread = std::thread::Builder::new()
                    .name("wizer-lite-init".into())
                    .stack_size(stack)
                    .spawn_scoped(scope, || take().map(|f| f(bound)))
                    .ok()?;
                if let Some(meanwhile) = meanwhile.take() {
                    meanwhile();
                }
                Some(thread.join())
            });
            match joined {
                Some(Ok(Some(result))) => return result,
                Some(Ok(None)) => bail!("bug: the initialization thread found nothing to run"),
                // A panic in wasmi or in our code: resume it here.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None if stack > FLOOR => stack = (stack / 2).max(FLOOR),
                None => break,
            }
        }
        if let Some(meanwhile) = meanwhile.take() {
            meanwhile();
        }
        match take() {
            Some(f) => f(room(ON_THIS_THREAD)),
            None => bail!("bug: the initialization ran on no thread"),
        }
    }
    #[cfg(target_family = "wasm")]
    {
        let _ = frames;
        meanwhile();
        f(None)
    }
}

/// `wasm` as it should be given to wasmi 2.0.0, which miscompiles a
/// `select` whose condition is `i32.eqz`, `i32.eq _ 0` or `i32.ne _ 0` of a
/// local or spilled value (it tests a stale register instead): each such
/// `select` gets a `local.tee` of a fresh local before it, which changes
/// nothing else. wizer-lite does this to every module it runs; an embedder
/// running a snapshot (or anything else) under the re-exported [`wasmi`]
/// gets the same results as any other engine through this. Borrowed when
/// nothing needs guarding.
pub fn guard_for_wasmi(wasm: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match wasmi_fix::guard_module(wasm) {
        Some(guarded) => std::borrow::Cow::Owned(guarded),
        None => std::borrow::Cow::Borrowed(wasm),
    }
}

/// The cores free beside the calling thread, to validate function bodies
/// on while it goes on: none on a single core or without threads.
fn spare_threads() -> usize {
    if cfg!(target_family = "wasm") {
        return 0;
    }
    std::thread::available_parallelism().map_or(0, |n| n.get() - 1)
}

/// Whether the module exports a `[] -> []` function called `name`.
fn is_nullary_func(info: &parse::ModuleInfo<'_>, name: &str) -> bool {
    info.export(name).is_some_and(|export| {
        export.kind == wasmparser::ExternalKind::Func
            && info
                .func_type(export.index)
                .is_some_and(|ty| ty.params().is_empty() && ty.results().is_empty())
    })
}

/// Where [`Wizer::run_detailed_into`] writes the module, chunk by chunk.
pub type Sink<'a> = dyn FnMut(&[u8]) -> Result<()> + Send + 'a;

/// One run's input and where its output goes.
struct Job<'a, 's> {
    input: &'a [u8],
    wasm: &'a [u8],
    renames: &'a Renames,
    preloads: &'a [(String, Vec<u8>)],
    sink: Option<&'a mut Sink<'s>>,
}

/// The result of [`Wizer::run_detailed`].
#[derive(Debug, Clone)]
pub struct Output {
    /// The pre-initialized module (empty from [`Wizer::run_detailed_into`],
    /// which writes it out instead).
    pub wasm: Vec<u8>,
    /// Things the user should know, such as randomness frozen into the
    /// snapshot.
    pub warnings: Vec<String>,
    /// The fuel initialization consumed, when `fuel` or `timeout` metered
    /// it.
    pub fuel_used: Option<u64>,
    /// The audit report, when [`Wizer::audit`] asked for it.
    pub report: Option<Report>,
}

/// A module instrumented for the two-phase API (see [`Wizer::instrument`]).
pub struct Instrumented {
    wizer: Wizer,
    renames: Renames,
    init_func: Option<String>,
    module: Vec<u8>,
    names: instrument::PrivateNames,
    reads: instrument::Reads,
    original: Vec<u8>,
}

impl Instrumented {
    /// The module to instantiate: the original plus private exports.
    pub fn wasm(&self) -> &[u8] {
        &self.module
    }

    /// The second phase: reads the state of an instance of [`Self::wasm`]
    /// and returns the pre-initialized module, rewritten exactly as
    /// [`Wizer::run`] would (the init function's export is removed unless
    /// kept, and so is `_initialize`, which the embedder is expected to have
    /// called as `run` does).
    pub fn snapshot(&self, state: &mut dyn InstanceState) -> Result<Vec<u8>> {
        let info = parse::ModuleInfo::parse(&self.original)?;
        let changes = self
            .wizer
            .export_changes(&info, self.init_func.as_deref(), &self.renames)?;
        let snapshot = snapshot::capture(&info, &self.names, &self.reads, state)?;
        Ok(self.wizer.rewrite(&info, &snapshot, &changes)?.to_vec())
    }
}

/// Compiles the README's code examples as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
