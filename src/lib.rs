//! wizer-lite: a WebAssembly pre-initializer on the wasmi interpreter.
//!
//! [`Wizer::run`] takes a module, runs its initialization function once and
//! returns a new module whose globals and memories already hold the
//! initialized state. The pipeline, one stage per module:
//!
//! read (binary or WAT) -> validate -> [`parse`] -> [`support`] (refusals)
//! -> find the init function -> [`instrument`] -> [`initialize`] (wasmi) ->
//! [`snapshot`] -> [`rewrite`] -> validate the output.
//!
//! ```no_run
//! let input = std::fs::read("in.wasm")?;
//! let output = wizer_lite::Wizer::new()
//!     .init_func("wizer.initialize")
//!     .func_rename("_start", "wizer.resume")
//!     .run(&input)?;
//! std::fs::write("out.wasm", output)?;
//! # Ok::<(), anyhow::Error>(())
//! ```

mod features;
mod initialize;
mod instrument;
mod parse;
mod report;
mod rewrite;
mod snapshot;
mod support;
mod verify;
mod wasi;

pub use features::{FEATURES, Features};
pub use initialize::{
    DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_TABLE_ELEMENTS, InitLinker, InitState, WasmiInstance,
};
pub use report::Report;
pub use rewrite::Renames;
pub use snapshot::{FuncKey, GlobalValue, InstanceState, MAX_DATA_SEGMENTS, RefValue, Value};
/// The wasmi version wizer-lite runs initialization on, for embedders that
/// add host functions through [`Wizer::make_linker`].
pub use wasmi;

use anyhow::{Context, Result, bail};
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

/// The init function's export name when none is given.
pub const DEFAULT_INIT_FUNC: &str = "wizer.initialize";
/// The name the Wasmtime-maintained Wizer uses, tried when the module does
/// not export [`DEFAULT_INIT_FUNC`].
pub const FALLBACK_INIT_FUNC: &str = "wizer-initialize";
/// The WASI reactor initialization function.
const REACTOR_INITIALIZE: &str = "_initialize";

/// The pre-initializer's options; a builder in the spirit of Wizer's.
#[derive(Clone, Default)]
pub struct Wizer {
    init_func: Option<String>,
    renames: Vec<(String, String)>,
    keep_init_func: bool,
    allow_wasi: bool,
    inherit_stdio: Option<bool>,
    inherit_env: bool,
    /// (guest name, host directory, writable), in the order given.
    preopens: Vec<(String, PathBuf, bool)>,
    envs: Vec<(String, String)>,
    deterministic: bool,
    random_seed: u64,
    stdout_to_stderr: bool,
    preloads: Vec<(String, Preload)>,
    features: Features,
    limits: initialize::Limits,
    verify: bool,
    audit: bool,
    linker_hook: Option<Arc<initialize::LinkerHook>>,
}

impl std::fmt::Debug for Wizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wizer")
            .field("init_func", &self.init_func)
            .field("renames", &self.renames)
            .field("keep_init_func", &self.keep_init_func)
            .field("allow_wasi", &self.allow_wasi)
            .field("inherit_stdio", &self.inherit_stdio)
            .field("inherit_env", &self.inherit_env)
            .field("preopens", &self.preopens)
            .field("envs", &self.envs)
            .field("deterministic", &self.deterministic)
            .field("random_seed", &self.random_seed)
            .field("stdout_to_stderr", &self.stdout_to_stderr)
            .field("preloads", &self.preloads)
            .field("features", &self.features)
            .field("limits", &self.limits)
            .field("verify", &self.verify)
            .field("audit", &self.audit)
            .field("make_linker", &self.linker_hook.as_ref().map(|_| ".."))
            .finish()
    }
}

impl Wizer {
    /// A builder with the defaults: init function `wizer.initialize` (or
    /// `wizer-initialize`), every supported feature enabled, no WASI.
    pub fn new() -> Self {
        Self::default()
    }

    /// The export name of the initialization function.
    pub fn init_func(&mut self, name: impl Into<String>) -> &mut Self {
        self.init_func = Some(name.into());
        self
    }

    /// Emits the export `old_name` as `new_name` (`-r new_name=old_name`);
    /// an existing export called `new_name` that is not itself renamed is
    /// dropped. Checked when [`Wizer::run`] starts.
    pub fn func_rename(
        &mut self,
        new_name: impl Into<String>,
        old_name: impl Into<String>,
    ) -> &mut Self {
        self.renames.push((new_name.into(), old_name.into()));
        self
    }

    /// Keep exporting the init function from the snapshot (default `false`).
    pub fn keep_init_func(&mut self, keep: bool) -> &mut Self {
        self.keep_init_func = keep;
        self
    }

    /// Let initialization call WASI preview1 (wizer-lite's own sandboxed
    /// shim). Whatever init learns through it (clocks, randomness, the
    /// environment) is frozen into the snapshot.
    pub fn allow_wasi(&mut self, allow: bool) -> Result<&mut Self> {
        self.allow_wasi = allow;
        Ok(self)
    }

    /// With WASI, whether the guest's stdio is the host's (default `true`).
    pub fn inherit_stdio(&mut self, inherit: bool) -> &mut Self {
        self.inherit_stdio = Some(inherit);
        self
    }

    /// With WASI, whether the host environment is visible (default `false`).
    pub fn inherit_env(&mut self, inherit: bool) -> &mut Self {
        self.inherit_env = inherit;
        self
    }

    /// With WASI, preopen `dir` under its own name, read-write (as Wizer
    /// does).
    pub fn dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        let dir = dir.into();
        self.preopens
            .push((dir.to_string_lossy().into_owned(), dir, true));
        self
    }

    /// With WASI, preopen `host_dir` as `guest_dir`, read-write.
    pub fn map_dir(
        &mut self,
        guest_dir: impl Into<String>,
        host_dir: impl Into<PathBuf>,
    ) -> &mut Self {
        self.preopens
            .push((guest_dir.into(), host_dir.into(), true));
        self
    }

    /// With WASI, preopen `host_dir` as `guest_dir` for reading only:
    /// creating, writing, renaming or removing anything beneath it is
    /// refused with `ENOTCAPABLE`.
    pub fn map_dir_read_only(
        &mut self,
        guest_dir: impl Into<String>,
        host_dir: impl Into<PathBuf>,
    ) -> &mut Self {
        self.preopens
            .push((guest_dir.into(), host_dir.into(), false));
        self
    }

    /// With WASI, set the environment variable `name` for the guest.
    pub fn env(&mut self, name: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.envs.push((name.into(), value.into()));
        self
    }

    /// With WASI, make the snapshot reproducible: clocks start at a fixed
    /// time (2000-01-01) and advance only when the guest sleeps,
    /// `random_get` is seeded (see [`Wizer::random_seed`]), and the
    /// environment is empty unless given explicitly.
    pub fn deterministic(&mut self, enable: bool) -> &mut Self {
        self.deterministic = enable;
        self
    }

    /// The seed of `random_get` in deterministic mode (default 0).
    pub fn random_seed(&mut self, seed: u64) -> &mut Self {
        self.random_seed = seed;
        self
    }

    /// Send the guest's stdout to our stderr (the CLI does this when the
    /// snapshot itself goes to stdout).
    pub fn guest_stdout_to_stderr(&mut self, enable: bool) -> &mut Self {
        self.stdout_to_stderr = enable;
        self
    }

    /// Instantiate the module in `file` (binary or WAT) before the module
    /// being initialized, under the import module name `name`, so that
    /// initialization can call its exports. It is not part of the output:
    /// the imports stay, to be satisfied at run time.
    pub fn preload(&mut self, name: impl Into<String>, file: impl Into<PathBuf>) -> &mut Self {
        self.preloads
            .push((name.into(), Preload::File(file.into())));
        self
    }

    /// Like [`Wizer::preload`], with the module's bytes.
    pub fn preload_bytes(
        &mut self,
        name: impl Into<String>,
        wasm: impl Into<Vec<u8>>,
    ) -> &mut Self {
        self.preloads
            .push((name.into(), Preload::Bytes(wasm.into())));
        self
    }

    /// A deterministic budget of wasm instructions (wasmi fuel) for the
    /// whole initialization; running out is an error.
    pub fn fuel(&mut self, fuel: u64) -> &mut Self {
        self.limits.fuel = Some(fuel);
        self
    }

    /// A wall-clock limit for the whole initialization; it also stops a
    /// tight loop.
    pub fn timeout(&mut self, timeout: std::time::Duration) -> &mut Self {
        self.limits.timeout = Some(timeout);
        self
    }

    /// The most bytes any one memory may grow to during initialization:
    /// `memory.grow` beyond it returns -1.
    pub fn max_memory(&mut self, bytes: u64) -> &mut Self {
        self.limits.max_memory = Some(bytes);
        self
    }

    /// The most elements any one table may grow to during initialization
    /// (default 10,000,000): `table.grow` beyond it returns -1.
    pub fn max_table_elements(&mut self, elements: u64) -> &mut Self {
        self.limits.max_table_elements = elements;
        self
    }

    /// The deepest call stack, in frames (default 100,000).
    pub fn max_call_depth(&mut self, frames: usize) -> &mut Self {
        self.limits.max_call_depth = frames;
        self
    }

    /// After rewriting, instantiate the output afresh and check that every
    /// global and memory (size and every byte) equals the state captured
    /// after initialization; a difference is an error naming the first
    /// mismatch.
    pub fn verify(&mut self, enable: bool) -> &mut Self {
        self.verify = enable;
        self
    }

    /// Build the audit report ([`Output::report`]): digests, features used,
    /// what changed, what init learned through WASI, time per phase. Off by
    /// default: the digests and the feature probe cost time.
    pub fn audit(&mut self, enable: bool) -> &mut Self {
        self.audit = enable;
        self
    }

    /// Enables or disables a WebAssembly feature by name (see [`FEATURES`]).
    pub fn wasm_feature(&mut self, name: &str, enable: bool) -> Result<&mut Self> {
        self.features.set(name, enable)?;
        Ok(self)
    }

    /// Enables or disables the multi-memory proposal (default on).
    pub fn wasm_multi_memory(&mut self, enable: bool) -> &mut Self {
        self.feature("multi-memory", enable)
    }

    /// Enables or disables the multi-value proposal (default on).
    pub fn wasm_multi_value(&mut self, enable: bool) -> &mut Self {
        self.feature("multi-value", enable)
    }

    /// Enables or disables bulk memory operations (default on).
    pub fn wasm_bulk_memory(&mut self, enable: bool) -> &mut Self {
        self.feature("bulk-memory", enable)
    }

    /// Enables or disables SIMD (default on).
    pub fn wasm_simd(&mut self, enable: bool) -> &mut Self {
        self.feature("simd", enable)
    }

    /// Enables or disables relaxed SIMD, deterministic profile (default on).
    pub fn wasm_relaxed_simd(&mut self, enable: bool) -> &mut Self {
        self.feature("relaxed-simd", enable)
    }

    /// Enables or disables reference types (default on).
    pub fn wasm_reference_types(&mut self, enable: bool) -> &mut Self {
        self.feature("reference-types", enable)
    }

    fn feature(&mut self, name: &str, enable: bool) -> &mut Self {
        self.features
            .set(name, enable)
            .expect("the named feature is in the feature table");
        self
    }

    /// Adds host functions to the linker used during initialization (the
    /// counterpart of Wizer's `make_linker`). What they define takes the
    /// place of the trapping stubs; anything they return is frozen into the
    /// snapshot, like WASI's results.
    pub fn make_linker(
        &mut self,
        hook: impl Fn(&mut InitLinker) -> Result<()> + Send + Sync + 'static,
    ) -> &mut Self {
        self.linker_hook = Some(Arc::new(hook));
        self
    }

    /// Pre-initializes `wasm` (a binary module or WAT text) and returns the
    /// new module.
    pub fn run(&self, wasm: &[u8]) -> Result<Vec<u8>> {
        self.run_detailed(wasm).map(|output| output.wasm)
    }

    /// Like [`Wizer::run`], also returning the warnings a user should see
    /// (state frozen into the snapshot that they may not expect).
    pub fn run_detailed(&self, input: &[u8]) -> Result<Output> {
        let mut laps = report::Laps::start();
        // 1-4. Options, read, validate, refuse.
        let renames = self.renames()?;
        let preloads = self.read_preloads()?;
        let wasm = self.read(input)?;
        let info = parse::ModuleInfo::parse(&wasm)?;
        let facts = support::check(&info)?;
        let (wasi, mut warnings) = self.wasi_config();

        // 5. The init function, and what happens to the exports.
        let init_func = self.find_init_func(&info)?;
        let changes = self.export_changes(&info, Some(init_func), &renames)?;

        laps.lap("read");

        // 6-8. Instrument, run, capture.
        let instrumented = instrument::instrument(&info, &facts, instrument::Start::Export);
        laps.lap("instrument");
        let plan = initialize::Plan {
            features: &self.features,
            names: &instrumented.names,
            reads: &instrumented.reads,
            has_start: info.start.is_some(),
            call_initialize: changes.removed.contains(&REACTOR_INITIALIZE),
            init_func,
            linker_hook: self.linker_hook.as_deref(),
            wasi: wasi.as_ref(),
            limits: self.limits,
            preloads: &preloads,
        };
        let initialized = initialize::run(&info, &instrumented.wasm, &plan)?;
        laps.extend(&initialized.phases);

        // 9. Rewrite and check the result.
        let output = self.rewrite(&info, &initialized.snapshot, &changes)?;
        laps.lap("rewrite");
        if self.verify {
            self.verify_output(&output, &initialized.snapshot)?;
            laps.lap("verify");
        }
        if let Some(activity) = &initialized.wasi_activity {
            warnings.extend(self.frozen_state_warnings(activity));
        }
        let report = self.audit.then(|| {
            let (globals, memories, tables) = report::changes(&info, &initialized.snapshot);
            report::Report {
                input: report::Digest::of(input),
                output: report::Digest::of(&output),
                features_used: self.features_used(&wasm),
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
    fn features_used(&self, wasm: &[u8]) -> Vec<&'static str> {
        FEATURES
            .iter()
            .filter(|f| self.features.is_enabled(f.name))
            .filter(|f| {
                let mut without = self.features.clone();
                let _ = without.set(f.name, false);
                wasmparser::Validator::new_with_features(without.wasmparser())
                    .validate_all(wasm)
                    .is_err()
            })
            .map(|f| f.name)
            .collect()
    }

    /// The WASI configuration, and warnings about WASI options that have no
    /// effect.
    fn wasi_config(&self) -> (Option<wasi::WasiConfig>, Vec<String>) {
        let mut warnings = Vec::new();
        if !self.allow_wasi {
            let unused = [
                (!self.preopens.is_empty(), "--dir"),
                (!self.envs.is_empty(), "--env"),
                (self.inherit_env, "--inherit-env"),
                (self.deterministic, "--deterministic"),
            ];
            for (_, flag) in unused.iter().filter(|(used, _)| *used) {
                warnings.push(format!("`{flag}` has no effect without `--allow-wasi`"));
            }
            return (None, warnings);
        }
        let preopens = self.preopens.clone();
        let config = wasi::WasiConfig {
            inherit_stdio: self.inherit_stdio.unwrap_or(true),
            stdout_to_stderr: self.stdout_to_stderr,
            // Deterministic mode: the environment only when asked for.
            inherit_env: self.inherit_env,
            envs: self.envs.clone(),
            preopens,
            deterministic: self.deterministic.then_some(self.random_seed),
        };
        (Some(config), warnings)
    }

    /// What the guest learned during init that every instance will share.
    fn frozen_state_warnings(&self, activity: &wasi::Activity) -> Vec<String> {
        let mut warnings = Vec::new();
        if activity.random_bytes > 0 && !self.deterministic {
            warnings.push(format!(
                "initialization drew {} bytes from `random_get`: they are frozen into the \
                 snapshot, so every instance starts from the same random state (hash seeds, \
                 RNG state); `--deterministic` at least makes them reproducible",
                activity.random_bytes
            ));
        }
        if activity.clock_reads > 0 && !self.deterministic {
            warnings.push(format!(
                "initialization read the clock {}: the times it saw are frozen into the snapshot",
                plural(activity.clock_reads, "time")
            ));
        }
        if activity.env_reads > 0 && activity.env_vars > 0 {
            warnings.push(format!(
                "initialization read the environment ({}): their values are frozen into the \
                 snapshot",
                plural(activity.env_vars, "variable")
            ));
        }
        if activity.open_fds > 0 {
            warnings.push(format!(
                "{} opened during initialization {} still open: {} not exist when the \
                 snapshot runs",
                plural(activity.open_fds, "file descriptor"),
                if activity.open_fds == 1 {
                    "was"
                } else {
                    "were"
                },
                if activity.open_fds == 1 {
                    "it does"
                } else {
                    "they do"
                },
            ));
        }
        warnings
    }

    /// The first phase of the two-phase API: reads, validates and checks
    /// `wasm` as [`Wizer::run`] does, and returns the instrumented module for
    /// the embedder to instantiate and run in its own wasmi store (its start
    /// function runs at instantiation, as in the original). Then
    /// [`Instrumented::snapshot`] turns the instance's state into the
    /// pre-initialized module.
    pub fn instrument(&self, wasm: &[u8]) -> Result<Instrumented> {
        let renames = self.renames()?;
        let wasm = self.read(wasm)?.into_owned();
        let info = parse::ModuleInfo::parse(&wasm)?;
        let facts = support::check(&info)?;
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
            let wasm = self
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

    /// Reads and validates the input.
    fn read<'a>(&self, wasm: &'a [u8]) -> Result<Cow<'a, [u8]>> {
        let wasm = decode(wasm)?;
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(&wasm)
            .context("the input is not a valid WebAssembly module")?;
        Ok(wasm)
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
        };
        let instrumented = instrument::instrument(&info, &facts, instrument::Start::Keep);
        let fresh = initialize::capture_fresh(
            &info,
            &instrumented.wasm,
            &instrumented.names,
            &instrumented.reads,
            &self.features,
        )?;
        verify::compare(captured, &fresh)
    }

    /// Builds the output and refuses to return one that does not validate.
    fn rewrite(
        &self,
        info: &parse::ModuleInfo<'_>,
        snapshot: &snapshot::Snapshot,
        changes: &rewrite::ExportChanges<'_>,
    ) -> Result<Vec<u8>> {
        let output = rewrite::rewrite(info, snapshot, changes);
        wasmparser::Validator::new_with_features(self.features.wasmparser())
            .validate_all(&output)
            .context("bug: the pre-initialized module does not validate")?;
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

/// "1 time", "3 times".
fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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

/// Where a preloaded module comes from.
#[derive(Debug, Clone)]
enum Preload {
    File(PathBuf),
    Bytes(Vec<u8>),
}

/// The result of [`Wizer::run_detailed`].
#[derive(Debug, Clone)]
pub struct Output {
    /// The pre-initialized module.
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
        self.wizer.rewrite(&info, &snapshot, &changes)
    }
}

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then
/// renamed over it. Readers never see a partial module, a failure leaves no
/// file behind (and an existing `path` untouched), and `path` may be the
/// input file.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, bytes, |file, bytes| {
        use std::io::Write;
        file.write_all(bytes)
    })
}

/// [`write_atomically`], with the bytes written by `write` (so that a test
/// can make the write fail, as a full disk would).
pub fn write_atomically_with(
    path: &std::path::Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let file_name = path
        .file_name()
        .with_context(|| format!("invalid output path `{}`", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".wizer-lite-{}.tmp", unique_suffix()));
    let tmp = dir.join(tmp_name);

    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        write(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("failed to write `{}`", path.display()));
    }
    Ok(())
}

/// A suffix no other writer uses at the same time: the process id where
/// there is one (not on WASI, where wizer-lite may itself run), then the
/// time and a counter.
fn unique_suffix() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    #[cfg(not(target_os = "wasi"))]
    let pid = std::process::id();
    #[cfg(target_os = "wasi")]
    let pid = 0;
    format!("{pid}-{nanos}-{n}")
}

/// The WebAssembly magic number.
const MAGIC: &[u8; 4] = b"\0asm";

/// Accepts a binary module as is and compiles WAT text; refuses components
/// and anything else with an error that says what the input looked like.
fn decode(input: &[u8]) -> Result<Cow<'_, [u8]>> {
    let wasm = if input.starts_with(MAGIC) {
        Cow::Borrowed(input)
    } else {
        let Ok(text) = std::str::from_utf8(input) else {
            bail!(
                "the input is not a WebAssembly module: it starts with neither the `\\0asm` \
                 magic number nor WAT text"
            );
        };
        if text.trim().is_empty() {
            bail!("the input is empty: expected a WebAssembly module");
        }
        Cow::Owned(wat::parse_str(text).context("failed to parse the input as WAT")?)
    };
    // Layer 1 in the version field marks a component.
    if wasm.len() >= 8 && wasm[6..8] == [1, 0] {
        bail!("components are not supported: only core modules can be pre-initialized");
    }
    Ok(wasm)
}

/// Compiles the README's code examples as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
