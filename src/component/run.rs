//! The component pipeline: [`Wizer::run_detailed_into`] for a component,
//! each stage in `component` calling the core stages once per core module.
//! `lib.rs` branches here once, on the layer, right after reading.
//!
//! [`Wizer::run_detailed_into`]: crate::Wizer::run_detailed_into

use crate::laps::Laps;
use crate::options::Wizer;
use crate::output::{Output, Sink};
use crate::validate::INVALID;
use crate::{backtrace, component, initialize, report, threads};
use anyhow::{Context, Result};

impl Wizer {
    /// The component pipeline: [`Wizer::run_detailed_into`] for a
    /// component (`wasm`, binary), each stage in `component` calling the
    /// core stages once per core module.
    pub(crate) fn run_component_into(
        &self,
        input: &[u8],
        wasm: &[u8],
        mut laps: Laps,
        write: &mut Sink<'_>,
    ) -> Result<Output> {
        let features = self.features.wasmparser();

        // Read: refuse what has no meaning here, validate, and read the
        // index spaces.
        component::refuse_options(
            !self.renames.is_empty(),
            !self.preloads.is_empty(),
            self.linker_hook.is_some(),
        )?;
        component::validate(wasm, features).context(INVALID)?;
        let info = component::ComponentInfo::parse(wasm)?;
        laps.lap("read");

        // Plan: each module parsed, scanned and instrumented; its role;
        // the init function.
        let init_func = self
            .init_func
            .as_deref()
            .unwrap_or(component::DEFAULT_INIT_FUNC);
        let prepared = component::Prepared::new(wasm, &info, Some(init_func), self.keep_init_func)?;
        for module in &prepared.modules {
            initialize::check_memories(&module.info, &self.limits)?;
        }
        let (wasi, mut warnings) = self.wasi_config();
        laps.lap("instrument");

        // Initialize: the core instances in order, then init, on a deep
        // stack.
        let plan = prepared.plan(features, init_func, wasi.as_ref(), self.limits);
        let (live, ()) = threads::deep_beside(
            self.limits.max_call_depth,
            |room| initialize::component::run(&plan, room),
            || (),
        );
        // On failure only: replay init to find where, and say why.
        let mut live = live.map_err(|error| {
            let modules = prepared
                .modules
                .iter()
                .zip(&info.modules)
                .map(|(m, at)| (&m.info, &m.instrumented, at.range.start as u64, m.instance));
            let cx = backtrace::ComponentContext::new(&plan, modules);
            backtrace::explain_component(error, &cx)
        })?;
        laps.extend(&live.phases);
        let (wasi_activity, fuel_used) = (live.wasi.take(), live.fuel_used);
        let imports_called = std::mem::take(&mut live.imports_called);
        let live_handles = std::mem::take(&mut live.live_handles);

        // Capture each snapshotted module's state: probe the instances,
        // then read them all at once.
        let probed = component::probe(&prepared, &mut live)?;
        let views = live.views();
        let snapshots = component::capture(&prepared, probed, &views)?;
        laps.lap("capture");

        // Rewrite each snapshotted module, then the component, and refuse
        // an output that does not validate.
        let modules = component::rewrite_modules(&prepared, &snapshots);
        let output = component::rewrite(
            wasm,
            &info,
            &modules,
            prepared.removed,
            !self.omit_producers,
        )?;
        drop(modules);
        component::validate(&output, features)
            .context("bug: the pre-initialized component does not validate")?;
        laps.lap("rewrite");

        // Verify: a fresh instantiation holds the same state.
        if self.verify {
            component::verify(&output, &snapshots, features)?;
            laps.lap("verify");
        }
        let core_instances = component::core_instance_reports(&prepared, &info, &snapshots);
        drop(snapshots);
        drop(views);
        drop(live);

        // Report, then write: nothing can fail any more.
        if let Some(activity) = &wasi_activity {
            warnings.extend(report::frozen_state_warnings(activity, self.deterministic));
        }
        warnings.extend(report::live_handle_warnings(&live_handles));
        let report = self.audit.then(|| {
            let ran_start = prepared
                .modules
                .iter()
                .any(|m| m.info.start.is_some() && m.instance.is_some());
            report::Report::of_component(
                (input, &output),
                component::features_used(&self.features, wasm, &info),
                (init_func, ran_start, prepared.removed.is_some()),
                report::Ran {
                    wasi: wasi_activity,
                    fuel_used,
                    warnings: &warnings,
                },
                report::ComponentReport::new(core_instances, imports_called, &live_handles),
            )
        });
        write(&output)?;
        laps.lap("write");
        Ok(Output::written(warnings, fuel_used, report, laps.phases))
    }
}
