//! The two-phase API, for embedders who instantiate and initialize the
//! module in their own wasmi store: [`Wizer::instrument`] runs the stages
//! before initialization, [`Instrumented::snapshot`] the ones after it.

use crate::exports::{self, ExportChanges, Renames};
use crate::options::Wizer;
use crate::snapshot::InstanceState;
use crate::validate::INVALID;
use crate::{instrument, parse, rewrite, snapshot, support, validate, wasmi_fix};
use anyhow::{Context, Result};

impl Wizer {
    /// The first phase of the two-phase API: reads, validates and checks
    /// `wasm` as [`Wizer::run`] does, and returns the instrumented module for
    /// the embedder to instantiate and run in its own wasmi store (its start
    /// function runs at instantiation, as in the original). Then
    /// [`Instrumented::snapshot`] turns the instance's state into the
    /// pre-initialized module.
    ///
    /// ```no_run
    /// # fn demo(input: &[u8]) -> anyhow::Result<Vec<u8>> {
    /// use wizer_lite::wasmi::{Engine, Linker, Module, Store};
    /// let instrumented = wizer_lite::Wizer::new().instrument(input)?;
    /// let engine = Engine::default();
    /// let module = Module::new(&engine, instrumented.wasm())?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Linker::new(&engine).instantiate_and_start(&mut store, &module)?;
    /// instance
    ///     .get_typed_func::<(), ()>(&store, "wizer.initialize")?
    ///     .call(&mut store, ())?;
    /// instrumented.snapshot(&mut wizer_lite::WasmiInstance::new(&mut store, instance))
    /// # }
    /// ```
    pub fn instrument(&self, wasm: &[u8]) -> Result<Instrumented> {
        let renames = self.renames()?;
        let wasm = parse::decode_module(wasm, "the two-phase API's input")?.into_owned();
        let scans = validate::validate_and_scan(&wasm, self.features.wasmparser(), |_, body| {
            support::scan_body(body, u32::MAX)
        })
        .context(INVALID)?;
        let info = parse::ModuleInfo::parse(&wasm)?;
        let facts = support::check(&info, &scans)?;
        let init_func = exports::find_init_func(&info, self.init_func.as_deref())
            .ok()
            .map(str::to_string);
        ExportChanges::plan(&info, init_func.as_deref(), self.keep_init_func, &renames)?;
        let instrumented = instrument::instrument(&info, &facts, instrument::Start::Keep)?;
        // The embedder runs it under wasmi 2.0.0: guarded as wizer-lite's
        // own runs are.
        let module = wasmi_fix::Guarded::new(instrumented.wasm).into_bytes();
        Ok(Instrumented {
            reads: instrumented.reads,
            wizer: self.clone(),
            renames,
            init_func,
            module,
            names: instrumented.names,
            original: wasm,
        })
    }
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
    /// The module to instantiate: the original plus private exports, with
    /// the `select`s that wasmi 2.0.0 miscompiles guarded (see the README).
    /// When the code has `data.drop`, it also has a scratch memory for the
    /// probes that read which segments were dropped: the engine must allow
    /// multi-memory (wasmi's default does).
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
        let changes = ExportChanges::plan(
            &info,
            self.init_func.as_deref(),
            self.wizer.keep_init_func,
            &self.renames,
        )?;
        let snapshot = snapshot::capture(&info, &self.names, &self.reads, state)?;
        let output = rewrite::rewrite(&info, &snapshot, &changes, !self.wizer.omit_producers);
        let features = self.wizer.features.wasmparser();
        validate::validate_except_bodies(&output.skeleton(), features)
            .context("bug: the pre-initialized module does not validate")?;
        Ok(output.to_vec())
    }
}
