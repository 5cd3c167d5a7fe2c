//! WebAssembly features: the table that maps each feature's name to its
//! validator flag.
//!
//! Input: the user's `--wasm-<feature> <bool>` choices. Output: the
//! `wasmparser::WasmFeatures` we validate with. The engine configures wasmi
//! from those flags (`initialize::WASMI_FEATURES`, one setting per row
//! here, checked by a test), so that nothing outside the engine names
//! wasmi. Threads, exceptions, GC and function references are not in the
//! table: wasmi cannot run them, so the validator rejects them with an
//! error that names the proposal.

use wasmparser::WasmFeatures;

/// One row of the feature table.
pub struct Feature {
    /// The name used in `--wasm-<name>` and in `Features::set`.
    pub name: &'static str,
    /// The validator flag (the engine keys its wasmi setting by it).
    pub flag: WasmFeatures,
}

/// Every feature wizer-lite knows, all enabled by default.
pub const FEATURES: &[Feature] = &[
    Feature {
        name: "multi-value",
        flag: WasmFeatures::MULTI_VALUE,
    },
    Feature {
        name: "bulk-memory",
        flag: WasmFeatures::BULK_MEMORY,
    },
    Feature {
        name: "reference-types",
        flag: WasmFeatures::REFERENCE_TYPES,
    },
    Feature {
        name: "simd",
        flag: WasmFeatures::SIMD,
    },
    Feature {
        name: "relaxed-simd",
        flag: WasmFeatures::RELAXED_SIMD,
    },
    Feature {
        name: "tail-call",
        flag: WasmFeatures::TAIL_CALL,
    },
    Feature {
        name: "extended-const",
        flag: WasmFeatures::EXTENDED_CONST,
    },
    Feature {
        name: "multi-memory",
        flag: WasmFeatures::MULTI_MEMORY,
    },
    Feature {
        name: "memory64",
        flag: WasmFeatures::MEMORY64,
    },
    Feature {
        name: "mutable-global",
        flag: WasmFeatures::MUTABLE_GLOBAL,
    },
    Feature {
        name: "sign-extension",
        flag: WasmFeatures::SIGN_EXTENSION,
    },
    Feature {
        name: "saturating-float-to-int",
        flag: WasmFeatures::SATURATING_FLOAT_TO_INT,
    },
    Feature {
        name: "wide-arithmetic",
        flag: WasmFeatures::WIDE_ARITHMETIC,
    },
    Feature {
        name: "custom-page-sizes",
        flag: WasmFeatures::CUSTOM_PAGE_SIZES,
    },
];

/// The set of enabled features.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Features {
    enabled: Vec<bool>,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            enabled: vec![true; FEATURES.len()],
        }
    }
}

impl Features {
    /// Enables or disables the feature called `name` (as in `--wasm-<name>`;
    /// `_` and `-` are interchangeable).
    pub fn set(&mut self, name: &str, enable: bool) -> anyhow::Result<()> {
        let wanted = name.replace('_', "-");
        let index = FEATURES
            .iter()
            .position(|f| f.name == wanted)
            .ok_or_else(|| {
                let known: Vec<&str> = FEATURES.iter().map(|f| f.name).collect();
                anyhow::anyhow!(
                    "unknown WebAssembly feature `{name}` (known: {})",
                    known.join(", ")
                )
            })?;
        self.enabled[index] = enable;
        Ok(())
    }

    /// Whether the feature called `name` is enabled.
    pub fn is_enabled(&self, name: &str) -> bool {
        FEATURES
            .iter()
            .zip(&self.enabled)
            .any(|(f, on)| f.name == name && *on)
    }

    /// The validator's feature set. Floats and the reference types that
    /// `funcref`/`externref` need (`GC_TYPES`) are part of every profile.
    pub fn wasmparser(&self) -> WasmFeatures {
        let mut flags = WasmFeatures::FLOATS | WasmFeatures::GC_TYPES;
        for (feature, on) in FEATURES.iter().zip(&self.enabled) {
            if *on {
                flags |= feature.flag;
            }
        }
        flags
    }

    /// The enabled features, as indices into [`FEATURES`].
    pub(crate) fn enabled(&self) -> Vec<usize> {
        (0..FEATURES.len()).filter(|&i| self.enabled[i]).collect()
    }

    /// The validator's feature set with the features at `indices` (into
    /// [`FEATURES`]) disabled.
    pub(crate) fn wasmparser_without(&self, indices: &[usize]) -> WasmFeatures {
        let mut without = self.clone();
        for &i in indices {
            without.enabled[i] = false;
        }
        without.wasmparser()
    }
}
