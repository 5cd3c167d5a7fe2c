//! WebAssembly features: the one table that maps each feature's name to its
//! validator flag and its wasmi setting.
//!
//! Input: the user's `--wasm-<feature> <bool>` choices. Output: the
//! `wasmparser::WasmFeatures` we validate with and the matching
//! `wasmi::Config`. Threads, exceptions, GC and function references are not
//! in the table: wasmi cannot run them, so the validator rejects them with an
//! error that names the proposal.

use wasmparser::WasmFeatures;

/// One row of the feature table.
pub struct Feature {
    /// The name used in `--wasm-<name>` and in `Features::set`.
    pub name: &'static str,
    /// The validator flag.
    pub flag: WasmFeatures,
    /// The wasmi setter that switches the same proposal.
    pub wasmi: fn(&mut wasmi::Config, bool) -> &mut wasmi::Config,
}

/// Every feature wizer-lite knows, all enabled by default.
pub const FEATURES: &[Feature] = &[
    Feature {
        name: "multi-value",
        flag: WasmFeatures::MULTI_VALUE,
        wasmi: wasmi::Config::wasm_multi_value,
    },
    Feature {
        name: "bulk-memory",
        flag: WasmFeatures::BULK_MEMORY,
        wasmi: wasmi::Config::wasm_bulk_memory,
    },
    Feature {
        name: "reference-types",
        flag: WasmFeatures::REFERENCE_TYPES,
        wasmi: wasmi::Config::wasm_reference_types,
    },
    Feature {
        name: "simd",
        flag: WasmFeatures::SIMD,
        wasmi: wasmi::Config::wasm_simd,
    },
    Feature {
        name: "relaxed-simd",
        flag: WasmFeatures::RELAXED_SIMD,
        wasmi: wasmi::Config::wasm_relaxed_simd,
    },
    Feature {
        name: "tail-call",
        flag: WasmFeatures::TAIL_CALL,
        wasmi: wasmi::Config::wasm_tail_call,
    },
    Feature {
        name: "extended-const",
        flag: WasmFeatures::EXTENDED_CONST,
        wasmi: wasmi::Config::wasm_extended_const,
    },
    Feature {
        name: "multi-memory",
        flag: WasmFeatures::MULTI_MEMORY,
        wasmi: wasmi::Config::wasm_multi_memory,
    },
    Feature {
        name: "memory64",
        flag: WasmFeatures::MEMORY64,
        wasmi: wasmi::Config::wasm_memory64,
    },
    Feature {
        name: "mutable-global",
        flag: WasmFeatures::MUTABLE_GLOBAL,
        wasmi: wasmi::Config::wasm_mutable_global,
    },
    Feature {
        name: "sign-extension",
        flag: WasmFeatures::SIGN_EXTENSION,
        wasmi: wasmi::Config::wasm_sign_extension,
    },
    Feature {
        name: "saturating-float-to-int",
        flag: WasmFeatures::SATURATING_FLOAT_TO_INT,
        wasmi: wasmi::Config::wasm_saturating_float_to_int,
    },
    Feature {
        name: "wide-arithmetic",
        flag: WasmFeatures::WIDE_ARITHMETIC,
        wasmi: wasmi::Config::wasm_wide_arithmetic,
    },
    Feature {
        name: "custom-page-sizes",
        flag: WasmFeatures::CUSTOM_PAGE_SIZES,
        wasmi: wasmi::Config::wasm_custom_page_sizes,
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
    pub fn enabled(&self) -> Vec<usize> {
        (0..FEATURES.len()).filter(|&i| self.enabled[i]).collect()
    }

    /// The validator's feature set with the features at `indices` (into
    /// [`FEATURES`]) disabled.
    pub fn wasmparser_without(&self, indices: &[usize]) -> WasmFeatures {
        let mut without = self.clone();
        for &i in indices {
            without.enabled[i] = false;
        }
        without.wasmparser()
    }

    /// Applies the same choices to a wasmi configuration.
    pub fn configure_wasmi(&self, config: &mut wasmi::Config) {
        for (feature, on) in FEATURES.iter().zip(&self.enabled) {
            (feature.wasmi)(config, *on);
        }
    }
}
