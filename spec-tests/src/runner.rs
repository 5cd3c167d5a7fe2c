//! Runs one `.wast` script over wasmi, in one of four modes.
//!
//! `Plain` runs the script as written: every directive is a unit of its own.
//! The snapshot modes instrument every module with [`Wizer::instrument`],
//! run the script, and at the module's snapshot point (right after
//! instantiation, after the first half of the actions that target it, or
//! after all of them) call [`Instrumented::snapshot`] on the live instance,
//! instantiate the snapshot as a new instance, check that its exported
//! globals and memories equal the live instance's, and let it take the
//! original's place (and its registered names) for the rest of the script.
//! There, each module is a unit: it passes when it was snapshotted and
//! every directive that targeted it passed.
//!
//! All instances of a script share one store, so that registered modules
//! can be linked; the snapshot is a new instance built from the snapshot's
//! bytes alone; exported globals, memories and tables (by the nullness of
//! each element) must equal the live instance's. A module whose exports
//! another module imported before the
//! snapshot point cannot be swapped without splitting its state, so it is
//! not snapshotted after that (reported as skipped, with that reason).

use crate::values;
use std::collections::HashMap;
use wast::token::{Id, Span};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet};
use wizer_lite::wasmi::{
    self, Config, Engine, Extern, Global, Instance, Linker, Memory, MemoryType, Module, Mutability,
    Ref, Store, Table, TableType, Val, ValType,
};
use wizer_lite::{Instrumented, WasmiInstance, Wizer};

/// Fuel per action: far more than any spec action needs, and a bound on a
/// looping one.
const FUEL: u64 = 1_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plain,
    AtInstantiation,
    Halfway,
    AtEnd,
}

impl Mode {
    pub const ALL: [Mode; 4] = [
        Mode::Plain,
        Mode::AtInstantiation,
        Mode::Halfway,
        Mode::AtEnd,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Plain => "plain",
            Mode::AtInstantiation => "at-instantiation",
            Mode::Halfway => "halfway",
            Mode::AtEnd => "at-end",
        }
    }
}

/// The result of one unit.
#[derive(Debug)]
pub struct Outcome {
    /// `suite/file.wast:line` of the directive or module.
    pub key: String,
    pub mode: Mode,
    pub result: Result<(), Failure>,
}

#[derive(Debug)]
pub enum Failure {
    /// A real failure.
    Failed(String),
    /// Not applicable, for the reason given (never a skip-list entry).
    NotApplicable(String),
}

/// One module instance of the script.
struct Slot {
    line: usize,
    instance: Instance,
    instrumented: Option<Instrumented>,
    refusal: Option<String>,
    actions_done: usize,
    threshold: usize,
    snapshotted: bool,
    shared: bool,
    registered: Vec<String>,
    failure: Option<String>,
}

struct Runner<'a> {
    key_prefix: &'a str,
    text: &'a str,
    mode: Mode,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    slots: Vec<Slot>,
    by_id: HashMap<String, usize>,
    current: Option<usize>,
    definitions: HashMap<String, Vec<u8>>,
    counts: Vec<usize>,
    outcomes: Vec<Outcome>,
}

pub fn engine() -> Engine {
    let mut config = Config::default();
    config
        .consume_fuel(true)
        .wasm_wide_arithmetic(true)
        .wasm_custom_page_sizes(true);
    Engine::new(&config)
}

/// Runs `text` (the script at `key_prefix`) in `mode`.
pub fn run(key_prefix: &str, text: &str, mode: Mode) -> Vec<Outcome> {
    let mut lexer = wast::lexer::Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let parsed = wast::parser::ParseBuffer::new_with_lexer(lexer);
    let buf = match parsed {
        Ok(buf) => buf,
        Err(e) => return script_failure(key_prefix, mode, e),
    };
    let mut wast = match wast::parser::parse::<Wast<'_>>(&buf) {
        Ok(wast) => wast,
        Err(e) => return script_failure(key_prefix, mode, e),
    };

    let engine = engine();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.allow_shadowing(true);
    define_spectest(&mut store, &mut linker);
    let mut runner = Runner {
        key_prefix,
        text,
        mode,
        counts: count_actions(&wast.directives),
        engine,
        store,
        linker,
        slots: Vec::new(),
        by_id: HashMap::new(),
        current: None,
        definitions: HashMap::new(),
        outcomes: Vec::new(),
    };
    for directive in wast.directives.iter_mut() {
        runner.directive(directive);
    }
    runner.finish()
}

fn script_failure(key_prefix: &str, mode: Mode, e: wast::Error) -> Vec<Outcome> {
    vec![Outcome {
        key: key_prefix.to_string(),
        mode,
        result: Err(Failure::Failed(format!("the script does not parse: {e}"))),
    }]
}

/// How many actions target each module instance, in instantiation order.
fn count_actions(directives: &[WastDirective<'_>]) -> Vec<usize> {
    let mut counts: Vec<usize> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut current = None;
    for directive in directives {
        match directive {
            WastDirective::Module(QuoteWat::Wat(wast::Wat::Module(m))) => {
                counts.push(0);
                current = Some(counts.len() - 1);
                if let Some(id) = m.id {
                    by_id.insert(id.name().to_string(), counts.len() - 1);
                }
            }
            WastDirective::Module(_) | WastDirective::ModuleInstance { .. } => {
                counts.push(0);
                current = Some(counts.len() - 1);
                if let WastDirective::ModuleInstance {
                    instance: Some(id), ..
                } = directive
                {
                    by_id.insert(id.name().to_string(), counts.len() - 1);
                }
            }
            _ => {
                if let Some(target) = action_target(directive) {
                    let slot = match target {
                        Some(id) => by_id.get(id.name()).copied(),
                        None => current,
                    };
                    if let Some(slot) = slot {
                        counts[slot] += 1;
                    }
                }
            }
        }
    }
    counts
}

/// For an action directive, the module it targets (`None` = the current one).
fn action_target<'a>(directive: &WastDirective<'a>) -> Option<Option<Id<'a>>> {
    match directive {
        WastDirective::Invoke(invoke) => Some(invoke.module),
        WastDirective::AssertExhaustion { call, .. } => Some(call.module),
        WastDirective::AssertReturn { exec, .. } | WastDirective::AssertTrap { exec, .. } => {
            match exec {
                WastExecute::Invoke(invoke) => Some(invoke.module),
                WastExecute::Get { module, .. } => Some(*module),
                WastExecute::Wat(_) => None,
            }
        }
        _ => None,
    }
}

fn define_spectest(store: &mut Store<()>, linker: &mut Linker<()>) {
    let print = |linker: &mut Linker<()>, name: &str, params: &[ValType]| {
        let ty = wasmi::FuncType::new(params.to_vec(), []);
        linker
            .func_new("spectest", name, ty, |_, _, _| Ok(()))
            .expect("spectest names are distinct");
    };
    print(linker, "print", &[]);
    print(linker, "print_i32", &[ValType::I32]);
    print(linker, "print_i64", &[ValType::I64]);
    print(linker, "print_f32", &[ValType::F32]);
    print(linker, "print_f64", &[ValType::F64]);
    print(linker, "print_i32_f32", &[ValType::I32, ValType::F32]);
    print(linker, "print_f64_f64", &[ValType::F64, ValType::F64]);
    let globals = [
        ("global_i32", Val::I32(666)),
        ("global_i64", Val::I64(666)),
        ("global_f32", Val::F32(666.6f32.into())),
        ("global_f64", Val::F64(666.6f64.into())),
    ];
    for (name, value) in globals {
        let global = Global::new(&mut *store, value, Mutability::Const);
        linker.define("spectest", name, global).unwrap();
    }
    let table = Table::new(
        &mut *store,
        TableType::new(wasmi::RefType::Func, 10, Some(20)),
        Ref::Func(wasmi::Nullable::Null),
    )
    .unwrap();
    linker.define("spectest", "table", table).unwrap();
    let memory = Memory::new(&mut *store, MemoryType::new(1, Some(2))).unwrap();
    linker.define("spectest", "memory", memory).unwrap();
}

impl Runner<'_> {
    fn key(&self, span: Span) -> String {
        let (line, _) = span.linecol_in(self.text);
        format!("{}:{}", self.key_prefix, line + 1)
    }

    fn line(&self, span: Span) -> usize {
        span.linecol_in(self.text).0 + 1
    }

    /// Records a plain-mode unit.
    fn unit(&mut self, span: Span, result: Result<(), String>) {
        if self.mode == Mode::Plain {
            let key = self.key(span);
            self.outcomes.push(Outcome {
                key,
                mode: self.mode,
                result: result.map_err(Failure::Failed),
            });
        }
    }

    fn directive(&mut self, directive: &mut WastDirective<'_>) {
        let span = directive.span();
        match directive {
            WastDirective::Module(module) => {
                let result = self.module(module, span);
                self.unit(span, result);
            }
            WastDirective::ModuleDefinition(module) => {
                let result = match (module.name(), module.encode()) {
                    (Some(id), Ok(bytes)) => {
                        self.definitions.insert(id.name().to_string(), bytes);
                        Ok(())
                    }
                    (None, Ok(_)) => Ok(()),
                    (_, Err(e)) => Err(format!("cannot encode: {e}")),
                };
                self.unit(span, result);
            }
            WastDirective::ModuleInstance {
                instance, module, ..
            } => {
                let bytes = module.and_then(|m| self.definitions.get(m.name()).cloned());
                let result = match bytes {
                    Some(bytes) => self.instantiate(bytes, *instance, span),
                    None => Err("unknown module definition".into()),
                };
                self.unit(span, result);
            }
            WastDirective::Register { name, module, .. } => {
                let result = self.register(name, *module);
                self.unit(span, result);
            }
            WastDirective::Invoke(invoke) => {
                let result = self.invoke(invoke).map(|_| ());
                self.action_done(invoke.module, span, result);
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                let (target, result) = match exec {
                    WastExecute::Invoke(invoke) => (invoke.module, {
                        let got = self.invoke(invoke);
                        self.check_results(got, results)
                    }),
                    WastExecute::Get { module, global, .. } => (*module, {
                        let got = self.get(*module, global);
                        self.check_results(got, results)
                    }),
                    WastExecute::Wat(_) => {
                        self.unit(span, Err("assert_return of a module".into()));
                        return;
                    }
                };
                self.action_done(target, span, result);
            }
            WastDirective::AssertTrap { exec, .. } => match exec {
                WastExecute::Invoke(invoke) => {
                    let result = match self.invoke(invoke) {
                        Ok(Err(_trap)) => Ok(()),
                        Ok(Ok(values)) => {
                            Err(format!("expected a trap, got {} values", values.len()))
                        }
                        Err(e) => Err(e),
                    };
                    self.action_done(invoke.module, span, result);
                }
                WastExecute::Get { module, .. } => {
                    self.action_done(*module, span, Err("assert_trap of a get".into()));
                }
                WastExecute::Wat(wat) => {
                    let result = match wat.encode() {
                        Ok(bytes) => self.expect_instantiation_failure(&bytes),
                        Err(e) => Err(format!("cannot encode: {e}")),
                    };
                    self.unit(span, result);
                }
            },
            WastDirective::AssertExhaustion { call, .. } => {
                let result = match self.invoke(call) {
                    Ok(Err(e)) if e.as_trap_code() == Some(wasmi::TrapCode::StackOverflow) => {
                        Ok(())
                    }
                    Ok(Err(e)) => Err(format!("expected stack exhaustion, got {e}")),
                    Ok(Ok(_)) => Err("expected stack exhaustion, got values".into()),
                    Err(e) => Err(e),
                };
                self.action_done(call.module, span, result);
            }
            WastDirective::AssertInvalid { module, .. }
            | WastDirective::AssertMalformed { module, .. } => {
                if self.mode == Mode::Plain {
                    let result = self.expect_rejection(module);
                    self.unit(span, result);
                }
            }
            WastDirective::AssertUnlinkable { module, .. } => {
                let result = match module.encode() {
                    Ok(bytes) => self.expect_instantiation_failure(&bytes),
                    Err(e) => Err(format!("cannot encode: {e}")),
                };
                self.unit(span, result);
            }
            WastDirective::AssertInvalidCustom { .. }
            | WastDirective::AssertMalformedCustom { .. } => {
                if self.mode == Mode::Plain {
                    let key = self.key(span);
                    self.outcomes.push(Outcome {
                        key,
                        mode: self.mode,
                        result: Err(Failure::NotApplicable(
                            "custom-section checks are outside a core engine".into(),
                        )),
                    });
                }
            }
            other => {
                let what = format!("{other:?}");
                let what = what
                    .split([' ', '{', '('])
                    .next()
                    .unwrap_or("?")
                    .to_string();
                self.unit(span, Err(format!("unsupported directive `{what}`")));
            }
        }
    }

    fn module(&mut self, module: &mut QuoteWat<'_>, span: Span) -> Result<(), String> {
        let id = module.name();
        let bytes = module.encode().map_err(|e| format!("cannot encode: {e}"))?;
        self.instantiate(bytes, id, span)
    }

    fn instantiate(
        &mut self,
        bytes: Vec<u8>,
        id: Option<Id<'_>>,
        span: Span,
    ) -> Result<(), String> {
        let line = self.line(span);
        let (instrumented, refusal) = if self.mode == Mode::Plain {
            (None, None)
        } else {
            match Wizer::new().instrument(&bytes) {
                Ok(i) => (Some(i), None),
                Err(e) => (None, Some(format!("{e:#}"))),
            }
        };
        let to_run = instrumented.as_ref().map_or(&bytes[..], |i| i.wasm());
        // wizer-lite guards what it runs against wasmi's `select`
        // miscompilation; so must the replay.
        let module = Module::new(&self.engine, wizer_lite::testing::guard_for_wasmi(to_run))
            .map_err(|e| format!("compile: {e}"))?;
        self.mark_providers_shared(&module);
        self.store.set_fuel(FUEL).unwrap();
        let instance = self
            .linker
            .instantiate_and_start(&mut self.store, &module)
            .map_err(|e| format!("instantiate: {e}"))?;
        let index = self.slots.len();
        let threshold = match self.mode {
            Mode::Plain | Mode::AtInstantiation => 0,
            Mode::Halfway => self.counts.get(index).copied().unwrap_or(0) / 2,
            Mode::AtEnd => self.counts.get(index).copied().unwrap_or(0),
        };
        self.slots.push(Slot {
            line,
            instance,
            instrumented,
            refusal,
            actions_done: 0,
            threshold,
            snapshotted: false,
            shared: false,
            registered: Vec::new(),
            failure: None,
        });
        if let Some(id) = id {
            self.by_id.insert(id.name().to_string(), index);
        }
        self.current = Some(index);
        self.maybe_snapshot(index);
        Ok(())
    }

    /// A module that imports from a registered module links to its current
    /// instance (and may write into its tables and memories): from then on
    /// that instance must stay the one in use.
    fn mark_providers_shared(&mut self, module: &Module) {
        for import in module.imports() {
            for slot in &mut self.slots {
                if slot.registered.iter().any(|r| r == import.module()) {
                    slot.shared = true;
                }
            }
        }
    }

    fn slot_index(&self, id: Option<Id<'_>>) -> Result<usize, String> {
        match id {
            Some(id) => self
                .by_id
                .get(id.name())
                .copied()
                .ok_or_else(|| format!("unknown module `${}`", id.name())),
            None => self.current.ok_or_else(|| "no current module".to_string()),
        }
    }

    fn register(&mut self, name: &str, module: Option<Id<'_>>) -> Result<(), String> {
        let index = self.slot_index(module)?;
        let instance = self.slots[index].instance;
        self.linker
            .instance(&mut self.store, name, instance)
            .map_err(|e| format!("register: {e}"))?;
        self.slots[index].registered.push(name.to_string());
        Ok(())
    }

    /// Calls an export. The outer error is a harness failure, the inner one
    /// a trap.
    fn invoke(
        &mut self,
        invoke: &WastInvoke<'_>,
    ) -> Result<Result<Vec<Val>, wasmi::Error>, String> {
        let index = self.slot_index(invoke.module)?;
        let instance = self.slots[index].instance;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| format!("no exported function `{}`", invoke.name))?;
        let args = invoke
            .args
            .iter()
            .map(|a| values::arg(&mut self.store, a))
            .collect::<Result<Vec<_>, _>>()?;
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty
            .results()
            .iter()
            .map(|t| Val::default_for_ty(*t))
            .collect();
        self.store.set_fuel(FUEL).unwrap();
        Ok(match func.call(&mut self.store, &args, &mut results) {
            Ok(()) => Ok(results),
            Err(e) if e.as_trap_code() == Some(wasmi::TrapCode::OutOfFuel) => {
                return Err("ran out of fuel".into());
            }
            Err(e) => Err(e),
        })
    }

    fn get(
        &mut self,
        module: Option<Id<'_>>,
        name: &str,
    ) -> Result<Result<Val, wasmi::Error>, String> {
        let index = self.slot_index(module)?;
        let global = self.slots[index]
            .instance
            .get_global(&self.store, name)
            .ok_or_else(|| format!("no exported global `{name}`"))?;
        Ok(Ok(global.get(&self.store)))
    }

    fn check_results<T>(
        &self,
        got: Result<Result<T, wasmi::Error>, String>,
        expected: &[WastRet<'_>],
    ) -> Result<(), String>
    where
        T: AsValues,
    {
        let values = match got? {
            Ok(values) => values.into_values(),
            Err(trap) => return Err(format!("unexpected trap: {trap}")),
        };
        if values.len() != expected.len() {
            return Err(format!(
                "expected {} results, got {}",
                expected.len(),
                values.len()
            ));
        }
        for (value, expected) in values.iter().zip(expected) {
            values::check(&self.store, value, expected)?;
        }
        Ok(())
    }

    /// After an action on a module: record its result and take the
    /// snapshot if this was the snapshot point.
    fn action_done(&mut self, target: Option<Id<'_>>, span: Span, result: Result<(), String>) {
        let index = self.slot_index(target).ok();
        if let (Err(e), Some(i)) = (&result, index) {
            let line = self.line(span);
            let slot = &mut self.slots[i];
            if slot.failure.is_none() {
                slot.failure = Some(format!("line {line}: {e}"));
            }
        }
        self.unit(span, result);
        if let Some(i) = index {
            self.slots[i].actions_done += 1;
            self.maybe_snapshot(i);
        }
    }

    fn maybe_snapshot(&mut self, index: usize) {
        let slot = &self.slots[index];
        if self.mode == Mode::Plain
            || slot.snapshotted
            || slot.shared
            || slot.instrumented.is_none()
            || slot.actions_done < slot.threshold
        {
            return;
        }
        let result = self.snapshot(index);
        let slot = &mut self.slots[index];
        slot.snapshotted = true;
        if let Err(e) = result {
            slot.failure.get_or_insert(format!("snapshot: {e}"));
        }
    }

    fn snapshot(&mut self, index: usize) -> Result<(), String> {
        let live = self.slots[index].instance;
        let instrumented = self.slots[index]
            .instrumented
            .as_ref()
            .expect("checked by the caller");
        let bytes = instrumented
            .snapshot(&mut WasmiInstance::new(&mut self.store, live))
            .map_err(|e| format!("{e:#}"))?;
        let module = Module::new(&self.engine, wizer_lite::testing::guard_for_wasmi(&bytes))
            .map_err(|e| format!("compile: {e}"))?;
        self.store.set_fuel(FUEL).unwrap();
        let fresh = self
            .linker
            .instantiate_and_start(&mut self.store, &module)
            .map_err(|e| format!("instantiate: {e}"))?;
        self.compare_state(live, fresh)?;
        self.slots[index].instance = fresh;
        for name in self.slots[index].registered.clone() {
            self.linker
                .instance(&mut self.store, &name, fresh)
                .map_err(|e| format!("re-register: {e}"))?;
        }
        Ok(())
    }

    /// Every exported global and memory of the snapshot instance equals the
    /// live instance's.
    fn compare_state(&self, live: Instance, fresh: Instance) -> Result<(), String> {
        for export in fresh.exports(&self.store) {
            let name = export.name();
            match (export.into_extern(), live.get_export(&self.store, name)) {
                (Extern::Global(a), Some(Extern::Global(b))) => {
                    let (a, b) = (a.get(&self.store), b.get(&self.store));
                    let (a, b) = (values::show(&self.store, &a), values::show(&self.store, &b));
                    if a != b {
                        return Err(format!("global `{name}`: snapshot {a}, live {b}"));
                    }
                }
                (Extern::Memory(a), Some(Extern::Memory(b))) => {
                    let (a, b) = (a.data(&self.store), b.data(&self.store));
                    if a.len() != b.len() {
                        return Err(format!(
                            "memory `{name}`: snapshot {} bytes, live {}",
                            a.len(),
                            b.len()
                        ));
                    }
                    if let Some(at) = a.iter().zip(b).position(|(x, y)| x != y) {
                        return Err(format!("memory `{name}` differs at {at}"));
                    }
                }
                (Extern::Table(a), Some(Extern::Table(b))) => {
                    let (n, m) = (a.size(&self.store), b.size(&self.store));
                    if n != m {
                        return Err(format!("table `{name}`: snapshot {n} elements, live {m}"));
                    }
                    // Function references are compared by nullness: identity
                    // across two instances is what the replayed calls check.
                    for i in 0..n {
                        let null = |r: Option<Ref>| match r {
                            Some(Ref::Func(f)) => f.is_null(),
                            Some(Ref::Extern(e)) => e.is_null(),
                            None => true,
                        };
                        if null(a.get(&self.store, i)) != null(b.get(&self.store, i)) {
                            return Err(format!("table `{name}` differs at element {i}"));
                        }
                    }
                }
                (_, None) => return Err(format!("the live instance has no export `{name}`")),
                _ => {}
            }
        }
        Ok(())
    }

    fn expect_instantiation_failure(&mut self, bytes: &[u8]) -> Result<(), String> {
        let Ok(module) = Module::new(&self.engine, bytes) else {
            return Err("the module does not compile".into());
        };
        // A failed instantiation may still have written into the tables and
        // memories it imported (Wasm 2.0 keeps partial segment writes).
        self.mark_providers_shared(&module);
        self.store.set_fuel(FUEL).unwrap();
        match self.linker.instantiate_and_start(&mut self.store, &module) {
            Ok(_) => Err("expected instantiation to fail".into()),
            Err(_) => Ok(()),
        }
    }

    /// `assert_invalid` / `assert_malformed`: wasmi and wizer-lite's own
    /// reading and validation must both reject the module.
    fn expect_rejection(&mut self, module: &mut QuoteWat<'_>) -> Result<(), String> {
        let input = match module.to_test() {
            Ok(wast::QuoteWatTest::Binary(bytes)) => bytes,
            Ok(wast::QuoteWatTest::Text(text)) => text,
            // The text does not even parse: rejected.
            Err(_) => return Ok(()),
        };
        let wasmi_accepts =
            input.starts_with(b"\0asm") && Module::new(&self.engine, &input).is_ok();
        let ours = match Wizer::new().instrument(&input) {
            Ok(_) => Err("wizer-lite accepts it".to_string()),
            Err(e) => {
                let top = e.to_string();
                let rejected_as_input = [
                    "the input is not a valid WebAssembly module",
                    "failed to parse the input as WAT",
                    "the input is not a WebAssembly module",
                    "the input is empty",
                    "components are not supported",
                ]
                .iter()
                .any(|m| top.starts_with(m));
                if rejected_as_input {
                    Ok(())
                } else {
                    Err(format!("wizer-lite rejects it, but not as invalid: {top}"))
                }
            }
        };
        match (ours, wasmi_accepts) {
            (Ok(()), false) => Ok(()),
            (Ok(()), true) => Err("wasmi accepts it (wizer-lite rejects it)".into()),
            (Err(e), false) => Err(e),
            (Err(e), true) => Err(format!("{e}, and so does wasmi")),
        }
    }

    /// The snapshot-mode units, one per module.
    fn finish(mut self) -> Vec<Outcome> {
        if self.mode != Mode::Plain {
            for slot in &self.slots {
                let result = if let Some(refusal) = &slot.refusal {
                    Err(Failure::Failed(format!("refused: {refusal}")))
                } else if let Some(failure) = &slot.failure {
                    Err(Failure::Failed(failure.clone()))
                } else if !slot.snapshotted && slot.shared {
                    Err(Failure::NotApplicable(
                        "imported by another module before its snapshot point".into(),
                    ))
                } else if !slot.snapshotted {
                    Err(Failure::Failed(
                        "the snapshot point was never reached".into(),
                    ))
                } else {
                    Ok(())
                };
                self.outcomes.push(Outcome {
                    key: format!("{}:{}", self.key_prefix, slot.line),
                    mode: self.mode,
                    result,
                });
            }
        }
        self.outcomes
    }
}

/// Results of an invoke (several values) or a get (one).
trait AsValues {
    fn into_values(self) -> Vec<Val>;
}

impl AsValues for Vec<Val> {
    fn into_values(self) -> Vec<Val> {
        self
    }
}

impl AsValues for Val {
    fn into_values(self) -> Vec<Val> {
        vec![self]
    }
}
