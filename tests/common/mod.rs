//! Shared test helpers: running modules under wasmi independently of the
//! snapshotter, and the differential oracle.

#![allow(dead_code)]

pub mod differential;
pub mod files;
pub mod node;

use std::collections::BTreeMap;
use wizer_lite::wasmi::{
    self, Config, Engine, Extern, ExternType, Instance, Linker, Module, Store, Val, ValType,
};

/// The features the tests run with: everything wizer-lite enables.
pub fn engine() -> Engine {
    let mut config = Config::default();
    config
        .wasm_wide_arithmetic(true)
        .wasm_custom_page_sizes(true)
        .set_max_recursion_depth(100_000)
        .set_max_stack_height(256 << 20);
    Engine::new(&config)
}

/// Validates `wasm` with wasmparser and every feature wizer-lite enables.
pub fn validate(wasm: &[u8]) -> Result<(), String> {
    let features = wizer_lite::Features::default().wasmparser();
    wasmparser::Validator::new_with_features(features)
        .validate_all(wasm)
        .map(|_| ())
        .map_err(|e| format!("{e:#}"))
}

/// A live instance.
pub struct Live {
    pub store: Store<wasmi::StoreLimits>,
    pub instance: Instance,
}

/// Instantiates `wasm` (start function included), with every function
/// import bound to a stub that traps, and the same table limit as
/// wizer-lite's initialization.
pub fn instantiate(wasm: &[u8]) -> Result<Live, String> {
    instantiate_limited(wasm, None)
}

/// Like [`instantiate`], with memories limited to `max_memory` bytes (as
/// `--max-memory` does).
pub fn instantiate_limited(wasm: &[u8], max_memory: Option<usize>) -> Result<Live, String> {
    let engine = engine();
    // The reference must not share wasmi's known miscompilation, which
    // wizer-lite works around.
    let module = Module::new(&engine, wizer_lite::testing::guard_for_wasmi(wasm))
        .map_err(|e| format!("compile: {e}"))?;
    let mut limits = wasmi::StoreLimitsBuilder::new()
        .table_elements(wizer_lite::DEFAULT_MAX_TABLE_ELEMENTS as usize);
    if let Some(bytes) = max_memory {
        limits = limits.memory_size(bytes);
    }
    let mut store = Store::new(&engine, limits.build());
    store.limiter(|limits| limits);
    let mut linker = Linker::<wasmi::StoreLimits>::new(&engine);
    for import in module.imports() {
        if let ExternType::Func(ty) = import.ty() {
            let name = format!("{}.{}", import.module(), import.name());
            linker
                .func_new(
                    import.module(),
                    import.name(),
                    ty.clone(),
                    move |_, _, _| Err(wasmi::Error::new(format!("stub `{name}` called"))),
                )
                .map_err(|e| e.to_string())?;
        }
    }
    let instance = linker
        .instantiate_and_start(&mut store, &module)
        .map_err(|e| format!("instantiate: {e}"))?;
    Ok(Live { store, instance })
}

impl Live {
    /// The export names of this instance, sorted.
    pub fn export_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .instance
            .exports(&self.store)
            .map(|e| e.name().to_string())
            .collect();
        names.sort();
        names
    }

    /// Whether `name` is an exported `[] -> []` function.
    pub fn has_nullary_func(&self, name: &str) -> bool {
        self.instance.get_func(&self.store, name).is_some_and(|f| {
            let ty = f.ty(&self.store);
            ty.params().is_empty() && ty.results().is_empty()
        })
    }

    /// Calls export `name` with `args` given as text literals, typed by the
    /// function's signature. Returns the results rendered by [`show`], or
    /// `trap: ...`.
    pub fn invoke(&mut self, name: &str, args: &[String]) -> Result<Vec<String>, String> {
        let func = self
            .instance
            .get_func(&self.store, name)
            .ok_or_else(|| format!("no exported function `{name}`"))?;
        let ty = func.ty(&self.store);
        if ty.params().len() != args.len() {
            return Err(format!(
                "`{name}` takes {} arguments, {} given",
                ty.params().len(),
                args.len()
            ));
        }
        let params = ty
            .params()
            .iter()
            .zip(args)
            .map(|(ty, arg)| parse_val(*ty, arg))
            .collect::<Result<Vec<_>, _>>()?;
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        match func.call(&mut self.store, &params, &mut results) {
            Ok(()) => Ok(results.iter().map(show).collect()),
            Err(e) => Ok(vec![format!("trap: {e}")]),
        }
    }

    /// Every exported global and memory: name -> rendered value (memories
    /// as their size and a hash of their bytes, with the first differing
    /// offset found by [`diff_state`]).
    pub fn state(&self) -> BTreeMap<String, StateItem> {
        let mut out = BTreeMap::new();
        for export in self.instance.exports(&self.store) {
            let name = export.name().to_string();
            match export.into_extern() {
                Extern::Global(g) => {
                    out.insert(name, StateItem::Global(show(&g.get(&self.store))));
                }
                Extern::Memory(m) => {
                    out.insert(name, StateItem::Memory(m.data(&self.store).to_vec()));
                }
                _ => {}
            }
        }
        out
    }
}

/// An exported global's value or an exported memory's bytes.
#[derive(PartialEq, Eq)]
pub enum StateItem {
    Global(String),
    Memory(Vec<u8>),
}

/// Compares two instance states. `renamed` maps export names of `a` to the
/// names they have in `b`; exports of `a` missing from `b` are skipped.
pub fn diff_state(
    a: &BTreeMap<String, StateItem>,
    b: &BTreeMap<String, StateItem>,
    renamed: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    for (name, item) in a {
        let Some(b_name) = renamed(name) else {
            continue;
        };
        let Some(other) = b.get(&b_name) else {
            continue;
        };
        match (item, other) {
            (StateItem::Global(x), StateItem::Global(y)) if x != y => {
                return Err(format!("global `{name}`: {x} vs {y}"));
            }
            (StateItem::Memory(x), StateItem::Memory(y)) if x != y => {
                if x.len() != y.len() {
                    return Err(format!("memory `{name}`: {} vs {} bytes", x.len(), y.len()));
                }
                let at = x.iter().zip(y).position(|(p, q)| p != q).unwrap();
                return Err(format!(
                    "memory `{name}` differs at offset {at}: {} vs {}",
                    x[at], y[at]
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Renders a value exactly: floats as bit patterns, so NaN payloads count.
pub fn show(val: &Val) -> String {
    match val {
        Val::I32(v) => format!("{v}"),
        Val::I64(v) => format!("{v}"),
        Val::F32(v) => format!("f32:{:#010x}", v.to_bits()),
        Val::F64(v) => format!("f64:{:#018x}", v.to_bits()),
        Val::V128(v) => format!("v128:{:#034x}", v.as_u128()),
        Val::FuncRef(r) => {
            if r.is_null() {
                "ref.null func".into()
            } else {
                "ref.func".into()
            }
        }
        Val::ExternRef(r) => {
            if r.is_null() {
                "ref.null extern".into()
            } else {
                "ref.extern".into()
            }
        }
    }
}

/// Parses an argument literal: decimal or `0x` hex integers (negative
/// allowed), floats as decimal literals or `f32:0x...`/`f64:0x...` bit
/// patterns, `v128:0x...`.
pub fn parse_val(ty: ValType, text: &str) -> Result<Val, String> {
    let bad = || format!("cannot parse `{text}` as {ty:?}");
    let int = |t: &str| -> Result<i128, String> {
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let v = match digits.strip_prefix("0x") {
            Some(hex) => i128::from_str_radix(hex, 16),
            None => digits.parse::<i128>(),
        }
        .map_err(|_| bad())?;
        Ok(if neg { -v } else { v })
    };
    Ok(match ty {
        ValType::I32 => Val::I32(int(text)? as i32),
        ValType::I64 => Val::I64(int(text)? as i64),
        ValType::F32 => match text.strip_prefix("f32:") {
            Some(bits) => Val::F32(wasmi::F32::from_bits(int(bits)? as u32)),
            None => Val::F32(text.parse::<f32>().map_err(|_| bad())?.into()),
        },
        ValType::F64 => match text.strip_prefix("f64:") {
            Some(bits) => Val::F64(wasmi::F64::from_bits(int(bits)? as u64)),
            None => Val::F64(text.parse::<f64>().map_err(|_| bad())?.into()),
        },
        ValType::V128 => {
            let bits = text.strip_prefix("v128:").ok_or_else(bad)?;
            Val::V128(wasmi::V128::from(int(bits)? as u128))
        }
        _ => return Err(bad()),
    })
}

/// Prints a module as WAT.
pub fn print_wat(wasm: &[u8]) -> String {
    wasmprinter::print_bytes(wasm).unwrap_or_else(|e| format!("<cannot print: {e}>"))
}
