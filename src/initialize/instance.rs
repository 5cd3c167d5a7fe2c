//! Reading an instance's state through wasmi: the [`InstanceState`] seam for
//! a live instance the pipeline owns ([`super::Live`]) and for one in an
//! embedder's store ([`WasmiInstance`]).

use crate::snapshot::{FuncKey, GlobalValue, InstanceState, RefValue, Value};
use anyhow::{Context, Result, anyhow, bail};
use wasmi::{AsContext, AsContextMut, Extern, Instance, Store, TrapCode, Val};

/// An instance of an instrumented module living in an embedder's wasmi
/// store: the [`InstanceState`] to hand to [`crate::Instrumented::snapshot`]
/// when the embedder runs the module itself.
///
/// ```no_run
/// # fn demo(instrumented: &wizer_lite::Instrumented) -> anyhow::Result<Vec<u8>> {
/// use wizer_lite::wasmi::{Engine, Linker, Module, Store};
/// let engine = Engine::default();
/// let module = Module::new(&engine, instrumented.wasm())?;
/// let mut store = Store::new(&engine, ());
/// let instance = Linker::new(&engine).instantiate_and_start(&mut store, &module)?;
/// // ... call the init function ...
/// instrumented.snapshot(&mut wizer_lite::WasmiInstance::new(&mut store, instance))
/// # }
/// ```
pub struct WasmiInstance<'a, T> {
    instance: Instance,
    store: &'a mut Store<T>,
}

impl<'a, T> WasmiInstance<'a, T> {
    /// The state of `instance`, which lives in `store`.
    pub fn new(store: &'a mut Store<T>, instance: Instance) -> Self {
        WasmiInstance { instance, store }
    }
}

impl<T> InstanceState for WasmiInstance<'_, T> {
    fn global(&self, name: &str) -> Result<GlobalValue> {
        global(&*self.store, self.instance, name)
    }

    fn memory(&self, name: &str) -> Result<&[u8]> {
        memory(&*self.store, self.instance, name)
    }

    fn table(&self, name: &str) -> Result<Vec<RefValue>> {
        table(&*self.store, self.instance, name)
    }

    fn func(&self, name: &str) -> Result<FuncKey> {
        func(&*self.store, self.instance, name)
    }

    fn probe(&mut self, name: &str) -> Result<bool> {
        probe(&mut *self.store, self.instance, name)
    }
}

/// An instance read through a shared borrow of its store, so that a
/// component's core instances can all be read at once (their snapshots
/// borrow the store together). Its probes were called before: calling
/// one here is a bug.
pub struct SharedInstance<'a, T> {
    instance: Instance,
    store: &'a Store<T>,
}

impl<'a, T> SharedInstance<'a, T> {
    /// The state of `instance`, which lives in `store`.
    pub fn new(store: &'a Store<T>, instance: Instance) -> Self {
        SharedInstance { instance, store }
    }
}

impl<T> InstanceState for SharedInstance<'_, T> {
    fn global(&self, name: &str) -> Result<GlobalValue> {
        global(self.store, self.instance, name)
    }

    fn memory(&self, name: &str) -> Result<&[u8]> {
        memory(self.store, self.instance, name)
    }

    fn table(&self, name: &str) -> Result<Vec<RefValue>> {
        table(self.store, self.instance, name)
    }

    fn func(&self, name: &str) -> Result<FuncKey> {
        func(self.store, self.instance, name)
    }

    fn probe(&mut self, name: &str) -> Result<bool> {
        bail!("bug: probe `{name}` called through a shared view of the instance")
    }
}

impl InstanceState for super::Live {
    fn global(&self, name: &str) -> Result<GlobalValue> {
        global(&self.store, self.instance, name)
    }

    fn memory(&self, name: &str) -> Result<&[u8]> {
        memory(&self.store, self.instance, name)
    }

    fn table(&self, name: &str) -> Result<Vec<RefValue>> {
        table(&self.store, self.instance, name)
    }

    fn func(&self, name: &str) -> Result<FuncKey> {
        func(&self.store, self.instance, name)
    }

    fn probe(&mut self, name: &str) -> Result<bool> {
        probe(&mut self.store, self.instance, name)
    }
}

fn global(store: impl AsContext, instance: Instance, name: &str) -> Result<GlobalValue> {
    let global = instance
        .get_global(&store, name)
        .with_context(|| format!("the instance has no exported global `{name}`"))?;
    Ok(match global.get(&store) {
        Val::I32(v) => GlobalValue::Num(Value::I32(v)),
        Val::I64(v) => GlobalValue::Num(Value::I64(v)),
        Val::F32(v) => GlobalValue::Num(Value::F32(v.to_bits())),
        Val::F64(v) => GlobalValue::Num(Value::F64(v.to_bits())),
        Val::V128(v) => GlobalValue::Num(Value::V128(v.as_u128())),
        Val::FuncRef(f) => GlobalValue::Ref(ref_value(&wasmi::Ref::Func(f))),
        Val::ExternRef(e) => GlobalValue::Ref(ref_value(&wasmi::Ref::Extern(e))),
    })
}

fn memory<'s, T: 's>(store: &'s Store<T>, instance: Instance, name: &str) -> Result<&'s [u8]> {
    let memory = match instance.get_export(store, name) {
        Some(Extern::Memory(memory)) => memory,
        _ => bail!("the instance has no exported memory `{name}`"),
    };
    Ok(memory.data(store))
}

fn table(store: impl AsContext, instance: Instance, name: &str) -> Result<Vec<RefValue>> {
    let table = instance
        .get_table(&store, name)
        .with_context(|| format!("the instance has no exported table `{name}`"))?;
    (0..table.size(&store))
        .map(|i| {
            table
                .get(&store, i)
                .map(|r| ref_value(&r))
                .with_context(|| format!("bug: element {i} of table `{name}` is missing"))
        })
        .collect()
}

fn func(store: impl AsContext, instance: Instance, name: &str) -> Result<FuncKey> {
    let func = instance
        .get_func(&store, name)
        .with_context(|| format!("the instance has no exported function `{name}`"))?;
    Ok(func_key(&func))
}

fn probe(mut store: impl AsContextMut, instance: Instance, name: &str) -> Result<bool> {
    let func = instance
        .get_func(&store, name)
        .with_context(|| format!("the instance has no exported function `{name}`"))?;
    let mut ctx = store.as_context_mut();
    if let Ok(fuel) = ctx.get_fuel() {
        // A probe is a handful of instructions; never let a spent budget
        // turn into a wrong answer.
        let _ = ctx.set_fuel(fuel.saturating_add(1_000));
    }
    match func.call(&mut store, &[], &mut []) {
        Ok(()) => Ok(true),
        Err(e)
            if matches!(
                e.as_trap_code(),
                Some(TrapCode::TableOutOfBounds | TrapCode::MemoryOutOfBounds)
            ) =>
        {
            Ok(false)
        }
        Err(e) => Err(anyhow!("{e}").context(format!("the probe `{name}` failed"))),
    }
}

/// The identity of a wasmi function reference.
///
/// wasmi 2.0's `Func` has no equality, no hash and no index accessor, and
/// its store is private, so there is no public way to tell which function a
/// reference found in a table or global is. Its `Debug` output, however,
/// prints the store-unique handle (`Func(Stored { store: StoreId(0), value:
/// RawHandle { key: 3, .. } })`): two references are the same function
/// exactly when these strings are equal. That is an implementation detail,
/// which is why wasmi is pinned to `=2.0.0` and why
/// `func_identity_maps_table_references_to_indices` below fails loudly if
/// an upgrade changes it.
fn func_key(func: &wasmi::Func) -> FuncKey {
    FuncKey::new(format!("{func:?}"))
}

fn ref_value(r: &wasmi::Ref) -> RefValue {
    match r {
        wasmi::Ref::Func(f) => f
            .val()
            .map_or(RefValue::Null, |f| RefValue::Func(func_key(f))),
        wasmi::Ref::Extern(e) => {
            if e.is_null() {
                RefValue::Null
            } else {
                RefValue::Extern
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmi::{Engine, Linker, Module};

    /// Guards `func_key`, which relies on wasmi 2.0's `Debug` output: the
    /// same function reached through an export and through a table must
    /// have one key, and different functions different keys. If a wasmi
    /// upgrade breaks this, table snapshots would silently map references
    /// to the wrong functions: this test fails first.
    #[test]
    fn func_identity_maps_table_references_to_indices() {
        let wat = r#"(module
            (func $a (export "a")) (func $b (export "b")) (func $c (export "c"))
            (table (export "t") 4 funcref)
            (elem (i32.const 0) func $c $a $b $c))"#;
        let engine = Engine::default();
        let module = Module::new(&engine, wat::parse_str(wat).unwrap()).unwrap();
        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .unwrap();
        let key = |name: &str| func_key(&instance.get_func(&store, name).unwrap());
        let (a, b, c) = (key("a"), key("b"), key("c"));
        assert!(
            a != b && b != c && a != c,
            "distinct functions share a key: {a:?}"
        );
        let table = instance.get_table(&store, "t").unwrap();
        let slots: Vec<RefValue> = (0..4)
            .map(|i| ref_value(&table.get(&store, i).unwrap()))
            .collect();
        assert_eq!(
            slots,
            [c.clone(), a, b, c].map(RefValue::Func),
            "a table reference does not have the key of the function it holds"
        );
    }
}
