//! Validation, with function bodies spread over the machine's cores.
//!
//! Validating every body is the largest cost outside the init call on big
//! programs (a 1.5 MB module's code takes about 10 ms on one core), and the
//! bodies are independent once the module-level sections are validated, as
//! wasmparser's `FuncToValidate` is designed for. While a body's bytes are
//! hot, the caller's scan runs over it too, so the support stage does not
//! decode the code a second time.
//!
//! The error reported is the one with the lowest offset, so it does not
//! depend on how the work was split: the same as validating in order.
//!
//! Where a core is spare, the bodies are validated while the module is
//! initialized instead ([`Deferred`], [`Pending`]), and host calls with
//! effects outside the instance wait for the [`Verdict`].

use crate::threads::{Verdict, on_threads, split_by_size};
use anyhow::{Context, Result};
use std::sync::Arc;
use wasmparser::{
    BinaryReaderError, FuncToValidate, FunctionBody, Parser, ValidPayload, Validator,
    ValidatorResources, WasmFeatures,
};

/// The context of every validation error.
pub const INVALID: &str = "the input is not a valid WebAssembly module";

/// Below this many bytes of code, one thread is quicker than starting more.
const PARALLEL_CODE_BYTES: usize = 256 * 1024;

/// Validates `wasm` and returns `scan(function index, body)` for every
/// defined function, in order. `scan` runs only on bodies that validated.
pub fn validate_and_scan<T: Send>(
    wasm: &[u8],
    features: WasmFeatures,
    scan: impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync,
) -> Result<Vec<T>, BinaryReaderError> {
    validate_and_scan_on(
        wasm,
        features,
        crate::threads::cores(),
        PARALLEL_CODE_BYTES,
        scan,
    )
}

/// [`validate_and_scan`] on at most `threads` threads, when the code has at
/// least `parallel_bytes` bytes.
fn validate_and_scan_on<T: Send>(
    wasm: &[u8],
    features: WasmFeatures,
    threads: usize,
    parallel_bytes: usize,
    scan: impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync,
) -> Result<Vec<T>, BinaryReaderError> {
    let (bodies, module_error, _) = validate_module_level(wasm, features);
    let (out, body_error) = check_all_bodies(bodies, threads, parallel_bytes, &scan);
    match earliest(module_error, body_error) {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// A module under validation: its sections validated and its code scanned,
/// its function bodies validated already or, where a core is spare,
/// pending ([`Validation::run`] beside initialization).
///
/// The outcome is the same as validating first: the earliest error, which
/// wins over anything that ran in the meantime ([`Validation::finish`]
/// comes first). wasmi validates each function itself before it first
/// runs it, and host calls with effects outside the instance wait for the
/// [`Verdict`].
pub struct Validation<'a, T> {
    /// The scan of every defined function's body, in order.
    pub scans: Vec<T>,
    pending: Option<Pending<'a>>,
}

impl<'a, T: Send> Validation<'a, T> {
    /// Validates `wasm`'s sections and scans its code (`scan(body, number
    /// of tables or u32::MAX)` of each function body, in order); its bodies
    /// too, unless `spare` cores can validate them later.
    pub fn begin(
        wasm: &'a [u8],
        features: WasmFeatures,
        spare: usize,
        scan: impl Fn(&FunctionBody<'_>, u32) -> Result<T, BinaryReaderError> + Sync,
    ) -> Result<Self, BinaryReaderError> {
        if spare == 0 {
            let scans = validate_and_scan(wasm, features, |_, body| scan(body, u32::MAX))?;
            return Ok(Validation {
                scans,
                pending: None,
            });
        }
        let deferred = Deferred::new(wasm, features)?;
        // The scan is needed before instrumenting: on every core.
        let tables = deferred.tables;
        let scanned = deferred.scan(spare + 1, |_, body| scan(body, tables));
        let pending = Pending::new(deferred, spare);
        match scanned {
            Ok(scans) => Ok(Validation {
                scans,
                pending: Some(pending),
            }),
            // A validation error comes first.
            Err(e) => Err(pending.finish().err().unwrap_or(e)),
        }
    }

    /// The verdict host calls wait for, while bodies are pending.
    pub fn verdict(&self) -> Option<&Arc<Verdict>> {
        self.pending.as_ref().map(|p| &p.verdict)
    }

    /// Validates the pending bodies, if any (on this thread and the spare
    /// cores), and says whether the module is valid.
    pub fn run(&self) -> bool {
        match &self.pending {
            Some(pending) => {
                pending.run();
                pending.verdict.wait()
            }
            None => true,
        }
    }

    /// `result`, of a step taken while the bodies may still be pending,
    /// unless it failed and so does validation: then the validation error,
    /// which would have come first had the bodies been validated before.
    pub fn first<R>(&mut self, result: anyhow::Result<R>) -> anyhow::Result<R> {
        if result.is_err() {
            self.finish()
                .map_err(anyhow::Error::from)
                .context(INVALID)?;
        }
        result
    }

    /// The earliest error of the whole module, if any.
    pub fn finish(&mut self) -> Result<(), BinaryReaderError> {
        match self.pending.take() {
            Some(pending) => pending.finish(),
            None => Ok(()),
        }
    }
}

/// A module whose sections validated, with its function bodies still to
/// check: [`Deferred::validate`] can run on another thread while the module
/// is instantiated and initialized (see `Verdict`).
pub struct Deferred<'a> {
    bodies: Vec<Body<'a>>,
    /// Tables in the module, imported ones included.
    pub tables: u32,
}

impl<'a> Deferred<'a> {
    /// Validates everything in `wasm` but the function bodies. On an error,
    /// the bodies are validated too, so that the error is the earliest in
    /// the module, as [`validate_and_scan`] reports it.
    pub fn new(wasm: &'a [u8], features: WasmFeatures) -> Result<Self, BinaryReaderError> {
        let (bodies, module_error, tables) = validate_module_level(wasm, features);
        match module_error {
            None => Ok(Deferred { bodies, tables }),
            Some(e) => {
                let (_, body_error) = check_all_bodies(bodies, 1, usize::MAX, &|_, _| Ok(()));
                Err(earliest(Some(e), body_error).expect("an error was found"))
            }
        }
    }

    /// `scan(index, body)` for every body, in order, on up to `threads`
    /// threads; the error of the earliest body that fails.
    pub fn scan<T: Send>(
        &self,
        threads: usize,
        scan: impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync,
    ) -> Result<Vec<T>, BinaryReaderError> {
        let bodies: Vec<(u32, &FunctionBody<'a>)> = self
            .bodies
            .iter()
            .map(|(func, body)| (func.index, body))
            .collect();
        let code_bytes = bodies.iter().map(|(_, b)| body_len(b)).sum();
        let threads = threads_for(code_bytes, threads, PARALLEL_CODE_BYTES);
        let chunks = split_by_size(bodies, threads, |(_, b)| body_len(b));
        let results = on_threads(chunks, &|chunk: Vec<(u32, &FunctionBody<'a>)>| {
            chunk
                .into_iter()
                .map(|(index, body)| scan(index, body))
                .collect::<Result<Vec<T>, _>>()
        });
        // In order: the first error met is the earliest body's.
        let mut out = Vec::new();
        for result in results {
            out.extend(result?);
        }
        Ok(out)
    }

    /// Validates the bodies on `threads` threads; the earliest error.
    pub fn validate(self, threads: usize) -> Result<(), BinaryReaderError> {
        match check_all_bodies(self.bodies, threads, PARALLEL_CODE_BYTES, &|_, _| Ok(())).1 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// Body validation that runs while the module is initialized
/// ([`Pending::run`], on another thread), settling the [`Verdict`] that the
/// initialization thread's host calls wait for.
pub struct Pending<'a> {
    deferred: std::sync::Mutex<Option<Deferred<'a>>>,
    outcome: std::sync::Mutex<Option<std::thread::Result<Result<(), BinaryReaderError>>>>,
    threads: usize,
    pub verdict: Arc<Verdict>,
}

impl<'a> Pending<'a> {
    /// Validation of `deferred`'s bodies on `threads` threads, not started.
    pub fn new(deferred: Deferred<'a>, threads: usize) -> Self {
        Pending {
            deferred: std::sync::Mutex::new(Some(deferred)),
            outcome: std::sync::Mutex::new(None),
            threads,
            verdict: Default::default(),
        }
    }

    /// Validates the bodies, unless that was done already, and settles the
    /// verdict (also when validation panics, so that nothing waits forever).
    pub fn run(&self) {
        let deferred = self
            .deferred
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let Some(deferred) = deferred else {
            return;
        };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            deferred.validate(self.threads)
        }));
        self.verdict.settle(matches!(outcome, Ok(Ok(()))));
        *self.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome);
    }

    /// Runs the validation if it has not run, and returns its result (a
    /// panic in it is resumed here).
    pub fn finish(self) -> Result<(), BinaryReaderError> {
        self.run();
        let outcome = self.outcome.into_inner().unwrap_or_else(|e| e.into_inner());
        match outcome.expect("run stores the outcome") {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Validates the module's sections, collecting the bodies; stops at the
/// first error. Also returns the number of tables.
fn validate_module_level(
    wasm: &[u8],
    features: WasmFeatures,
) -> (Vec<Body<'_>>, Option<BinaryReaderError>, u32) {
    let mut validator = Validator::new_with_features(features);
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let checked = payload.and_then(|payload| validator.payload(&payload));
        match checked {
            Ok(ValidPayload::Func(func, body)) => bodies.push((func, body)),
            Ok(ValidPayload::End(types)) => return (bodies, None, types.as_ref().table_count()),
            Ok(_) => {}
            Err(e) => return (bodies, Some(e), 0),
        }
    }
    (bodies, None, u32::MAX)
}

/// Validates and scans `bodies` on up to `threads` threads (one below
/// `parallel_bytes` of code): the scans in order, and the earliest error.
fn check_all_bodies<T: Send>(
    bodies: Vec<Body<'_>>,
    threads: usize,
    parallel_bytes: usize,
    scan: &(impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync),
) -> (Vec<T>, Option<BinaryReaderError>) {
    let code_bytes = bodies.iter().map(|(_, b)| body_len(b)).sum();
    let threads = threads_for(code_bytes, threads, parallel_bytes);
    let chunks = split_by_size(bodies, threads, |(_, b)| body_len(b));
    let results = on_threads(chunks, &|chunk| check_bodies(chunk, scan));
    let mut out = Vec::new();
    let mut first_error = None;
    for result in results {
        match result {
            Ok(facts) => out.extend(facts),
            Err(e) => first_error = earliest(first_error, Some(e)),
        }
    }
    (out, first_error)
}

/// The error at the lower offset.
fn earliest(
    a: Option<BinaryReaderError>,
    b: Option<BinaryReaderError>,
) -> Option<BinaryReaderError> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.offset() < a.offset() { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// Validates the whole of `wasm`, on every core if it is large.
pub fn validate_all(wasm: &[u8], features: WasmFeatures) -> anyhow::Result<()> {
    validate_and_scan(wasm, features, |_, _| Ok(()))?;
    Ok(())
}

/// Validates a module without its function bodies: for a module whose code
/// section is a byte-for-byte copy of a validated module's, over the same
/// types, functions, tables, memories, globals and segment indices. The
/// module comes in `chunks` that each hold whole sections (or the preamble).
pub fn validate_except_bodies(chunks: &[&[u8]], features: WasmFeatures) -> anyhow::Result<()> {
    let mut validator = Validator::new_with_features(features);
    let mut parser = Parser::new(0);
    for (i, chunk) in chunks.iter().enumerate() {
        let eof = i + 1 == chunks.len();
        let mut data = *chunk;
        loop {
            let (payload, consumed) = match parser.parse(data, eof)? {
                wasmparser::Chunk::Parsed { payload, consumed } => (payload, consumed),
                wasmparser::Chunk::NeedMoreData(_) if data.is_empty() => break,
                wasmparser::Chunk::NeedMoreData(_) => {
                    anyhow::bail!("a section is split between the chunks of the module")
                }
            };
            data = &data[consumed..];
            if let ValidPayload::End(_) = validator.payload(&payload)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Which of `candidates` (indices into a caller's list of features) a
/// module that validates with every feature does not validate without:
/// the answer of validating it once without each candidate, from fewer
/// validations. `without(group)` is the feature set less that group;
/// `flag(candidate)` its validator flags, to recognise it in an error.
///
/// Dropping features never makes a module valid, so if it validates
/// without a whole group of candidates it needs none of them: the unneeded
/// ones, usually most, are settled together by one validation. A group that
/// fails is split, around the feature its error names if it names one of
/// them (checked alone first), else in halves, down to single candidates,
/// which are exactly the one-at-a-time check. Candidates that the sections
/// outside the code need are found first, without validating any body, and
/// a failing validation stops at the first error any thread meets.
pub fn needed_features(
    wasm: &[u8],
    candidates: usize,
    without: impl Fn(&[usize]) -> WasmFeatures,
    flag: impl Fn(usize) -> WasmFeatures,
    threads: usize,
) -> Vec<bool> {
    let mut needed: Vec<bool> = (0..candidates)
        .map(|c| validate_module_level(wasm, without(&[c])).1.is_some())
        .collect();
    let mut groups = vec![(0..candidates).filter(|&c| !needed[c]).collect::<Vec<_>>()];
    while let Some(group) = groups.pop() {
        if group.is_empty() {
            continue;
        }
        let Err(error) = validate_until_error(wasm, without(&group), threads) else {
            continue;
        };
        if let [only] = group[..] {
            needed[only] = true;
            continue;
        }
        let named = error
            .missing_wasm_feature()
            .and_then(|missing| group.iter().position(|&c| flag(c).intersects(missing)));
        match named {
            Some(at) => {
                let mut rest = group;
                let suspect = rest.remove(at);
                groups.push(rest);
                groups.push(vec![suspect]);
            }
            None => {
                let (first, second) = group.split_at(group.len() / 2);
                groups.push(second.to_vec());
                groups.push(first.to_vec());
            }
        }
    }
    needed
}

/// Validates `wasm` on up to `threads` threads; the first error any thread
/// meets, which need not be the earliest in the module, and which stops
/// the others.
fn validate_until_error(
    wasm: &[u8],
    features: WasmFeatures,
    threads: usize,
) -> Result<(), BinaryReaderError> {
    let (bodies, module_error, _) = validate_module_level(wasm, features);
    if let Some(error) = module_error {
        return Err(error);
    }
    let code_bytes = bodies.iter().map(|(_, b)| body_len(b)).sum();
    let threads = threads_for(code_bytes, threads, PARALLEL_CODE_BYTES);
    let chunks = split_by_size(bodies, threads, |(_, b)| body_len(b));
    let failed = std::sync::atomic::AtomicBool::new(false);
    let results = on_threads(chunks, &|chunk: Vec<Body<'_>>| {
        let mut allocations = Default::default();
        for (func, body) in chunk {
            if failed.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            let mut validator = func.into_validator(allocations);
            if let Err(error) = validator.validate(&body) {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                return Err(error);
            }
            allocations = validator.into_allocations();
        }
        Ok(())
    });
    results.into_iter().collect()
}

fn body_len(body: &FunctionBody<'_>) -> usize {
    let range = body.range();
    (range.end - range.start) as usize
}

type Body<'a> = (FuncToValidate<ValidatorResources>, FunctionBody<'a>);

/// Below `parallel_bytes` of code, one thread; else `threads`.
fn threads_for(code_bytes: usize, threads: usize, parallel_bytes: usize) -> usize {
    if code_bytes < parallel_bytes {
        1
    } else {
        threads.max(1)
    }
}

/// Validates and scans one run of bodies; stops at the first error.
fn check_bodies<T>(
    bodies: Vec<Body<'_>>,
    scan: &(impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync),
) -> Result<Vec<T>, BinaryReaderError> {
    let mut allocations = Default::default();
    let mut out = Vec::with_capacity(bodies.len());
    for (func, body) in bodies {
        let index = func.index;
        let mut validator = func.into_validator(allocations);
        validator.validate(&body)?;
        out.push(scan(index, &body)?);
        allocations = validator.into_allocations();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(funcs: usize) -> Vec<u8> {
        let mut wat = String::from("(module");
        for i in 0..funcs {
            wat.push_str(&format!(
                " (func (export \"f{i}\") (result i32) i32.const {i} i32.const 1 i32.add)"
            ));
        }
        wat.push(')');
        wat::parse_str(&wat).unwrap()
    }

    #[test]
    fn scans_every_body_in_order_however_split() {
        let wasm = module(50);
        for threads in 1..=12 {
            let indices =
                validate_and_scan_on(&wasm, WasmFeatures::default(), threads, 0, |i, _| Ok(i))
                    .unwrap();
            assert_eq!(indices, (0..50).collect::<Vec<u32>>(), "{threads} threads");
        }
    }

    #[test]
    fn validates_a_module_in_chunks_of_whole_sections() {
        let wasm = wat::parse_str(
            r#"(module (memory 1) (func (export "f") (result i32) i32.const 1)
                (data (i32.const 0) "abc"))"#,
        )
        .unwrap();
        // Split after the preamble and at every section boundary.
        let mut cuts = vec![0, 8];
        for payload in Parser::new(0).parse_all(&wasm) {
            if let Some((_, range)) = payload.unwrap().as_section() {
                cuts.push(range.end as usize);
            }
        }
        cuts.dedup();
        let chunks: Vec<&[u8]> = cuts.windows(2).map(|w| &wasm[w[0]..w[1]]).collect();
        assert!(chunks.len() > 3);
        validate_except_bodies(&chunks, WasmFeatures::default()).unwrap();
        validate_except_bodies(&[&wasm], WasmFeatures::default()).unwrap();
        // A section cut in two is refused rather than misread.
        let split = validate_except_bodies(&[&wasm[..12], &wasm[12..]], WasmFeatures::default());
        assert!(split.is_err());
        // Bodies are not validated: a wrong result type passes; an export of
        // a missing function does not.
        let wrong_body = wat::parse_str("(module (func (result i32) i64.const 0))").unwrap();
        validate_except_bodies(&[&wrong_body], WasmFeatures::default()).unwrap();
        let mut bad_export = wat::parse_str(r#"(module (func (export "f")))"#).unwrap();
        // The export entry: name "f", kind func, index 0 -> 5.
        let at = bad_export
            .windows(4)
            .position(|w| w == [1, b'f', 0, 0])
            .unwrap();
        bad_export[at + 3] = 5;
        assert!(validate_except_bodies(&[&bad_export], WasmFeatures::default()).is_err());
    }

    #[test]
    fn needed_features_are_those_it_does_not_validate_without() {
        // Enough code to be validated on several threads; sign extension
        // used in the last body, bulk memory in the first, a multi-value
        // block type in the middle, and tail calls nowhere.
        let filler = " i32.const 1 i32.const 2 i32.add drop".repeat(16);
        let mut wat = String::from("(module (memory 1)");
        for i in 0..3000 {
            let used = match i {
                0 => "i32.const 0 i32.const 0 i32.const 0 memory.fill",
                1500 => "i32.const 1 (block (param i32) drop)",
                2999 => "i32.const 1 i32.extend8_s drop",
                _ => "",
            };
            wat.push_str(&format!(" (func {used}{filler})"));
        }
        wat.push(')');
        let wasm = wat::parse_str(&wat).unwrap();
        assert!(wasm.len() > PARALLEL_CODE_BYTES);
        let candidates = [
            WasmFeatures::SIGN_EXTENSION,
            WasmFeatures::TAIL_CALL,
            WasmFeatures::BULK_MEMORY,
            WasmFeatures::SIMD,
            WasmFeatures::MULTI_VALUE,
        ];
        let all = WasmFeatures::default();
        let without = |group: &[usize]| group.iter().fold(all, |f, &c| f - candidates[c]);
        let one_at_a_time: Vec<bool> = (0..candidates.len())
            .map(|c| {
                Validator::new_with_features(without(&[c]))
                    .validate_all(&wasm)
                    .is_err()
            })
            .collect();
        assert_eq!(one_at_a_time, [true, false, true, false, true]);
        for threads in 1..=4 {
            let found =
                needed_features(&wasm, candidates.len(), without, |c| candidates[c], threads);
            assert_eq!(found, one_at_a_time, "{threads} threads");
        }
    }

    #[test]
    fn reports_the_earliest_invalid_body() {
        // Bodies 3 and 40 are invalid; 3 comes first whatever the split.
        let mut wat = String::from("(module");
        for i in 0..60 {
            let body = if i == 3 || i == 40 {
                "i64.const 0"
            } else {
                "i32.const 0"
            };
            wat.push_str(&format!(" (func (result i32) {body})"));
        }
        wat.push(')');
        let wasm = wat::parse_str(&wat).unwrap();
        let sequential = Validator::new().validate_all(&wasm).err().expect("invalid");
        for threads in 1..=8 {
            let ours =
                validate_and_scan_on(&wasm, WasmFeatures::default(), threads, 0, |_, _| Ok(()))
                    .unwrap_err();
            assert_eq!(ours.offset(), sequential.offset(), "{threads} threads");
            assert_eq!(ours.message(), sequential.message());
        }
    }
}
