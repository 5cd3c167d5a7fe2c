//! The pre-initializer's options: the [`Wizer`] builder, in the spirit of
//! Wizer's, and their conversion into what the stages take.

use crate::exports::Renames;
use crate::features::Features;
use crate::initialize::{self, InitLinker};
use crate::{parse, validate, wasi};
use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::sync::Arc;

/// The pre-initializer's options; a builder in the spirit of Wizer's.
#[derive(Clone, Default)]
pub struct Wizer {
    pub(crate) init_func: Option<String>,
    pub(crate) renames: Vec<(String, String)>,
    pub(crate) keep_init_func: bool,
    /// Leave the output's `producers` section as the input's.
    pub(crate) omit_producers: bool,
    pub(crate) allow_wasi: bool,
    pub(crate) inherit_stdio: Option<bool>,
    pub(crate) inherit_env: bool,
    /// (guest name, host directory, writable), in the order given.
    pub(crate) preopens: Vec<(String, PathBuf, bool)>,
    pub(crate) envs: Vec<(String, String)>,
    pub(crate) deterministic: bool,
    pub(crate) random_seed: u64,
    pub(crate) stdout_to_stderr: bool,
    pub(crate) preloads: Vec<(String, Preload)>,
    pub(crate) features: Features,
    pub(crate) limits: initialize::Limits,
    pub(crate) verify: bool,
    pub(crate) audit: bool,
    pub(crate) linker_hook: Option<Arc<initialize::LinkerHook>>,
}

impl std::fmt::Debug for Wizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wizer")
            .field("init_func", &self.init_func)
            .field("renames", &self.renames)
            .field("keep_init_func", &self.keep_init_func)
            .field("omit_producers", &self.omit_producers)
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

    /// The export name of the initialization function (for a component,
    /// the component export, a `func()`; `wizer-initialize` by default).
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
    /// Whether the output's `producers` section names wizer-lite
    /// (`processed-by`, merged into the input's section); on by default.
    /// Off, the input's custom sections reach the output as they were.
    pub fn producers_section(&mut self, add: bool) -> &mut Self {
        self.omit_producers = !add;
        self
    }

    /// Whether to keep the init function's export.
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
    /// `memory.grow` beyond it returns -1, and a memory that starts larger
    /// is an error (before anything is allocated).
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

    /// The deepest call stack, in frames (default 100,000). Initialization
    /// runs on a thread with 2 KiB of native stack per frame; where no such
    /// thread can be started (an address-space or thread limit), it runs on
    /// a smaller one with fewer frames, and an init that goes deeper fails
    /// with an error saying so.
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

    /// Build the audit report ([`crate::Output::report`]): digests, features used,
    /// what changed, what init learned through WASI, time per phase. Off by
    /// default: the digests and the feature probe cost time.
    pub fn audit(&mut self, enable: bool) -> &mut Self {
        self.audit = enable;
        self
    }

    /// Enables or disables a WebAssembly feature by name (see [`crate::FEATURES`]).
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

    /// The WASI configuration, and warnings about WASI options that have no
    /// effect.
    pub(crate) fn wasi_config(&self) -> (Option<wasi::WasiConfig>, Vec<String>) {
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
}

impl Wizer {
    /// The renames, checked for clashes.
    pub(crate) fn renames(&self) -> Result<Renames> {
        let mut renames = Renames::default();
        for (dst, src) in &self.renames {
            renames.add(dst, src)?;
        }
        Ok(renames)
    }

    /// The preloads' modules, read and validated, in order.
    pub(crate) fn load_preloads(&self) -> Result<Vec<(String, Vec<u8>)>> {
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
            let wasm = parse::decode_module(&bytes, "a preload")
                .and_then(|wasm| {
                    validate::validate_all(&wasm, self.features.wasmparser())
                        .context(validate::INVALID)?;
                    Ok(wasm.into_owned())
                })
                .with_context(|| format!("invalid preload `{name}`"))?;
            out.push((name.clone(), wasm));
        }
        Ok(out)
    }
}

/// Where a preloaded module comes from.
#[derive(Debug, Clone)]
pub(crate) enum Preload {
    File(PathBuf),
    Bytes(Vec<u8>),
}
