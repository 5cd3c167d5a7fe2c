//! Components: the second pipeline, run when the input's layer says
//! component (see `Wizer::run_component_into` in `lib.rs`).
//!
//! Each stage calls the core ones once per core module:
//!
//! | stage | module | in -> out |
//! |---|---|---|
//! | validate | here | component -> valid, or the validator's error |
//! | parse | `parse` | component -> [`ComponentInfo`]: sections, index spaces; structural refusals |
//! | plan | `plan` | -> [`Prepared`]: each module parsed, scanned, instrumented, its role; init found |
//! | | `shared` | who defines each shared table, which are captured; where each slot is written back |
//! | initialize | `crate::initialize::component` (wasmi) | core instances in order, stubs, init |
//! | capture | `snapshot` | live instances -> each snapshotted module's `Snapshot` |
//! | rewrite | `rewrite` | each snapshot -> its module (the core rewrite); component + modules -> output, init export removed |
//! | verify | here | output -> the same state, module by module (`verify::compare`), or an error |

mod parse;
mod plan;
mod rewrite;
mod run;
mod shared;
mod snapshot;

use crate::initialize;
use crate::snapshot::Snapshot;
use anyhow::{Context, Result, bail};
pub use parse::ComponentInfo;
pub use plan::Prepared;
pub use rewrite::{rewrite, rewrite_modules};
pub use snapshot::{capture, probe};
use wasmparser::WasmFeatures;

/// The init function of a component unless `--init-func` names another:
/// the WIT name wit-bindgen exports (`wizer.initialize` is not a valid
/// component export name).
pub const DEFAULT_INIT_FUNC: &str = "wizer-initialize";

/// Whether `wasm` (binary) is a component.
pub fn is_component(wasm: &[u8]) -> bool {
    wasmparser::Parser::is_component(wasm)
}

/// Validates a component, its core modules with the `features` the user
/// enabled. The component model's async and threading proposals are
/// accepted here only to be refused, with their reason, by `parse`, and
/// so are values (which a `start` function needs).
pub fn validate(wasm: &[u8], features: WasmFeatures) -> Result<()> {
    let features = features
        | WasmFeatures::COMPONENT_MODEL
        | WasmFeatures::CM_ASYNC
        | WasmFeatures::CM_MORE_ASYNC_BUILTINS
        | WasmFeatures::CM_ASYNC_STACKFUL
        | WasmFeatures::CM_THREADING
        | WasmFeatures::CM_ERROR_CONTEXT
        | WasmFeatures::CM_VALUES;
    wasmparser::Validator::new_with_features(features).validate_all(wasm)?;
    Ok(())
}

/// Refuses the options that have no meaning for a component.
pub fn refuse_options(renames: bool, preloads: bool, linker_hook: bool) -> Result<()> {
    if renames {
        bail!(
            "`--rename-func` is not supported for components: a component's exports are its \
             WIT interface, which the snapshot keeps"
        );
    }
    if preloads {
        bail!(
            "`--preload` is not supported for components: a component's imports are wired \
             inside it"
        );
    }
    if linker_hook {
        bail!("host functions (`make_linker`) are not supported for components");
    }
    Ok(())
}

/// Checks that a fresh instantiation of `output` (nothing called) holds,
/// in every snapshotted module, the state init left (`want`, by module):
/// the core comparison, module by module.
pub fn verify(output: &[u8], want: &[Option<Snapshot<'_>>], features: WasmFeatures) -> Result<()> {
    let info = ComponentInfo::parse(output)?;
    let mut prepared = Prepared::new(output, &info, None, true)?;
    // The same modules are read back, as they were captured (a module
    // snapshotted for its active data segments has none left).
    for (module, want) in prepared.modules.iter_mut().zip(want) {
        if let Some(want) = want {
            module.instrumented.reads.kept_data_segments = want.kept_data_segments;
            module.role = plan::Role::Snapshot;
        }
    }
    let plan = prepared.plan(features, "", None, initialize::Limits::default());
    let mut fresh = initialize::component::run(&plan, None)
        .map_err(|e| e.context("verification failed: the snapshot does not instantiate"))?;
    let probed = probe(&prepared, &mut fresh)?;
    let views = fresh.views();
    let got = capture(&prepared, probed, &views)?;
    for (i, (want, got)) in want.iter().zip(&got).enumerate() {
        let Some(want) = want else { continue };
        let label = prepared.sharing.label(i);
        match got {
            Some(got) => {
                crate::verify::compare(want, got).with_context(|| format!("in {label}"))?
            }
            None => bail!("verification failed: {label} of the snapshot was not instantiated"),
        }
    }
    Ok(())
}

/// What became of every core module, for the report.
pub fn core_instance_reports(
    prepared: &Prepared<'_>,
    info: &ComponentInfo,
    snapshots: &[Option<Snapshot<'_>>],
) -> Vec<crate::report::CoreInstanceReport> {
    prepared
        .modules
        .iter()
        .zip(snapshots)
        .enumerate()
        .map(|(i, (module, snapshot))| {
            crate::report::CoreInstanceReport::of(
                i,
                info.modules[i].name.clone(),
                module.instance,
                module.role.describe(module.instance),
                &module.info,
                snapshot.as_ref(),
            )
        })
        .collect()
}

/// The enabled features the component's core modules need, together.
pub fn features_used(
    features: &crate::features::Features,
    wasm: &[u8],
    info: &ComponentInfo,
) -> Vec<&'static str> {
    let threads = crate::threads::spare().max(1);
    let mut used = Vec::new();
    for i in 0..info.modules.len() {
        for feature in crate::report::features_used(features, info.module_bytes(wasm, i), threads) {
            if !used.contains(&feature) {
                used.push(feature);
            }
        }
    }
    used
}
