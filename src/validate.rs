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

use anyhow::Result;
use wasmparser::{
    BinaryReaderError, FuncToValidate, FunctionBody, Parser, ValidPayload, Validator,
    ValidatorResources, WasmFeatures,
};

/// Below this many bytes of code, one thread is quicker than starting more.
const PARALLEL_CODE_BYTES: usize = 256 * 1024;

/// Validates `wasm` and returns `scan(function index, body)` for every
/// defined function, in order. `scan` runs only on bodies that validated.
pub fn validate_and_scan<T: Send>(
    wasm: &[u8],
    features: WasmFeatures,
    scan: impl Fn(u32, &FunctionBody<'_>) -> Result<T, BinaryReaderError> + Sync,
) -> Result<Vec<T>, BinaryReaderError> {
    let threads = if cfg!(target_family = "wasm") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    validate_and_scan_on(wasm, features, threads, PARALLEL_CODE_BYTES, scan)
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
    let mut validator = Validator::new_with_features(features);
    let mut bodies = Vec::new();
    let mut first_error: Option<BinaryReaderError> = None;
    for payload in Parser::new(0).parse_all(wasm) {
        let checked = payload.and_then(|payload| validator.payload(&payload));
        match checked {
            Ok(ValidPayload::Func(func, body)) => bodies.push((func, body)),
            Ok(ValidPayload::End(_)) => break,
            Ok(_) => {}
            Err(e) => {
                first_error = Some(e);
                break;
            }
        }
    }
    let code_bytes: usize = bodies.iter().map(|(_, b)| body_len(b)).sum();
    let threads = if code_bytes < parallel_bytes {
        1
    } else {
        threads
    };
    let chunks = split_by_size(bodies, threads);
    let results: Vec<Result<Vec<T>, BinaryReaderError>> = if chunks.len() <= 1 {
        chunks.into_iter().map(|c| check_bodies(c, &scan)).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|chunk| s.spawn(|| check_bodies(chunk, &scan)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a validation thread panicked"))
                .collect()
        })
    };
    let mut out = Vec::new();
    for result in results {
        match result {
            Ok(facts) => out.extend(facts),
            Err(e) => {
                if first_error.as_ref().is_none_or(|f| e.offset() < f.offset()) {
                    first_error = Some(e);
                }
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Validates `wasm` without its function bodies: for a module whose code
/// section is a byte-for-byte copy of a validated module's, over the same
/// types, functions, tables, memories, globals and segment indices.
pub fn validate_except_bodies(
    wasm: &[u8],
    features: WasmFeatures,
) -> Result<(), BinaryReaderError> {
    let mut validator = Validator::new_with_features(features);
    for payload in Parser::new(0).parse_all(wasm) {
        if let ValidPayload::End(_) = validator.payload(&payload?)? {
            break;
        }
    }
    Ok(())
}

fn body_len(body: &FunctionBody<'_>) -> usize {
    let range = body.range();
    (range.end - range.start) as usize
}

type Body<'a> = (FuncToValidate<ValidatorResources>, FunctionBody<'a>);

/// Splits the bodies into at most `parts` runs of similar code size, in
/// order.
fn split_by_size(bodies: Vec<Body<'_>>, parts: usize) -> Vec<Vec<Body<'_>>> {
    let total: usize = bodies.iter().map(|(_, b)| body_len(b)).sum();
    let target = total.div_ceil(parts.max(1)).max(1);
    let mut chunks = vec![Vec::new()];
    let mut size = 0;
    for body in bodies {
        if size >= target && chunks.len() < parts {
            chunks.push(Vec::new());
            size = 0;
        }
        size += body_len(&body.1);
        chunks.last_mut().expect("starts non-empty").push(body);
    }
    chunks
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
