//! Tests of the `select` guard: random code checked against a Rust
//! evaluation of it, the guard's shape, and the large-module path.

use super::*;
use wasmparser::{Operator, Parser, Payload};

/// The operators of every function body.
fn bodies(wasm: &[u8]) -> Vec<Vec<Operator<'_>>> {
    Parser::new(0)
        .parse_all(wasm)
        .filter_map(|payload| match payload.unwrap() {
            Payload::CodeSectionEntry(body) => Some(
                body.get_operators_reader()
                    .unwrap()
                    .into_iter()
                    .map(Result::unwrap)
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

/// Whether the operators hold a comparison and, after it, a `select`:
/// what the byte filter must never miss.
fn has_select_after_cmp(ops: &[Operator<'_>]) -> bool {
    let mut after_cmp = false;
    for op in ops {
        match op {
            Operator::Select | Operator::TypedSelect { .. } if after_cmp => return true,
            Operator::I32Eqz | Operator::I32Eq | Operator::I32Ne => after_cmp = true,
            _ => {}
        }
    }
    false
}

/// A random function `(param i32 i32 i32) (result i32)` with two more
/// i32 locals, over a small alphabet that makes the miscompiled form
/// common, and the result a Rust evaluation of it gives for `args`.
struct Generated {
    wasm: Vec<u8>,
    expect: Vec<([i32; 3], i32)>,
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Local(u32),
    Const(i32),
    Global,
    Add,
    Eqz,
    Eq,
    Ne,
    Select,
    Nop,
    Drop,
    Set(u32),
    Tee(u32),
}

fn generate(seed: u64) -> Generated {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut ops = Vec::new();
    let mut depth = 0usize;
    for _ in 0..40 {
        let op = match next(12) {
            0 | 1 => Op::Local(next(5) as u32),
            2 => Op::Const([0, 1, 2, -1, 7][next(5) as usize]),
            3 => Op::Global,
            4 if depth >= 2 => Op::Add,
            5 if depth >= 1 => Op::Eqz,
            6 if depth >= 2 => [Op::Eq, Op::Ne][next(2) as usize],
            7 | 8 if depth >= 3 => Op::Select,
            9 => Op::Nop,
            10 if depth >= 1 => [Op::Drop, Op::Set(next(5) as u32)][next(2) as usize],
            11 if depth >= 1 => Op::Tee(next(5) as u32),
            _ => Op::Local(next(5) as u32),
        };
        depth = match op {
            Op::Local(_) | Op::Const(_) | Op::Global => depth + 1,
            Op::Add | Op::Eq | Op::Ne | Op::Drop | Op::Set(_) => depth - 1,
            Op::Select => depth - 2,
            Op::Eqz | Op::Nop | Op::Tee(_) => depth,
        };
        ops.push(op);
    }
    if depth == 0 {
        ops.push(Op::Const(3));
        depth = 1;
    }
    ops.extend(std::iter::repeat_n(Op::Drop, depth - 1));
    let text: Vec<String> = ops
        .iter()
        .map(|op| match op {
            Op::Local(k) => format!("local.get {k}"),
            Op::Const(c) => format!("i32.const {c}"),
            Op::Global => "global.get 0".into(),
            Op::Add => "i32.add".into(),
            Op::Eqz => "i32.eqz".into(),
            Op::Eq => "i32.eq".into(),
            Op::Ne => "i32.ne".into(),
            Op::Select => "select".into(),
            Op::Nop => "nop".into(),
            Op::Drop => "drop".into(),
            Op::Set(k) => format!("local.set {k}"),
            Op::Tee(k) => format!("local.tee {k}"),
        })
        .collect();
    let wat = format!(
        "(module (global (mut i32) (i32.const -9))
           (func (export \"f\") (param i32 i32 i32) (result i32) (local i32 i32)
             {}))",
        text.join("\n")
    );
    let eval = |args: [i32; 3]| {
        let mut locals = [args[0], args[1], args[2], 0, 0];
        let mut stack: Vec<i32> = Vec::new();
        for op in &ops {
            match *op {
                Op::Local(k) => stack.push(locals[k as usize]),
                Op::Const(c) => stack.push(c),
                Op::Global => stack.push(-9),
                Op::Add => {
                    let (b, a) = (stack.pop().unwrap(), stack.pop().unwrap());
                    stack.push(a.wrapping_add(b));
                }
                Op::Eqz => {
                    let a = stack.pop().unwrap();
                    stack.push(i32::from(a == 0));
                }
                Op::Eq | Op::Ne => {
                    let (b, a) = (stack.pop().unwrap(), stack.pop().unwrap());
                    stack.push(i32::from((a == b) == matches!(op, Op::Eq)));
                }
                Op::Select => {
                    let (c, b, a) = (
                        stack.pop().unwrap(),
                        stack.pop().unwrap(),
                        stack.pop().unwrap(),
                    );
                    stack.push(if c != 0 { a } else { b });
                }
                Op::Nop => {}
                Op::Drop => {
                    stack.pop();
                }
                Op::Set(k) => locals[k as usize] = stack.pop().unwrap(),
                Op::Tee(k) => locals[k as usize] = *stack.last().unwrap(),
            }
        }
        stack[0]
    };
    let inputs = [[0, 0, 0], [1, 0, 5], [0, 3, 0], [-1, 0, 0], [2, 2, 0]];
    Generated {
        wasm: wat::parse_str(&wat).unwrap(),
        expect: inputs.iter().map(|&args| (args, eval(args))).collect(),
    }
}

fn run_in_wasmi(wasm: &[u8], args: [i32; 3]) -> i32 {
    let engine = wasmi::Engine::default();
    let module = wasmi::Module::new(&engine, wasm).unwrap();
    let mut store = wasmi::Store::new(&engine, ());
    let instance = wasmi::Linker::new(&engine)
        .instantiate_and_start(&mut store, &module)
        .unwrap();
    instance
        .get_typed_func::<(i32, i32, i32), i32>(&store, "f")
        .unwrap()
        .call(&mut store, (args[0], args[1], args[2]))
        .unwrap()
}

/// Random code dense in the miscompiled form, run in wasmi guarded and
/// checked against a Rust evaluation of it; the guarded body is the
/// original with a `local.tee` before every `select` after a comparison
/// and nothing else, and the byte filter for large modules finds every
/// body with the form compilers emit. Unguarded, wasmi gets some of
/// them wrong: the test has teeth.
#[test]
fn guarded_code_computes_what_the_wasm_means() {
    let (mut wrong_unguarded, mut tees) = (0, 0);
    for seed in 0..500 {
        let generated = generate(seed);
        let wasm = &generated.wasm;
        let info = ModuleInfo::parse(wasm).unwrap();
        let original = bodies(wasm);
        if has_select_after_cmp(&original[0]) {
            assert!(may_hold_both(info.bodies[0].as_bytes()), "seed {seed}");
        }
        let guarded = guard_module(wasm);
        let to_run = guarded.as_deref().unwrap_or(wasm);
        wasmparser::Validator::new()
            .validate_all(to_run)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for &(args, want) in &generated.expect {
            assert_eq!(run_in_wasmi(to_run, args), want, "seed {seed}, {args:?}");
            if run_in_wasmi(wasm, args) != want {
                wrong_unguarded += 1;
            }
        }
        let after = bodies(to_run);
        let mut after = after[0].iter().peekable();
        let mut compared = false;
        for op in &original[0] {
            let is_select = matches!(op, Operator::Select | Operator::TypedSelect { .. });
            if is_select && compared {
                assert_eq!(
                    after.next(),
                    Some(&Operator::LocalTee { local_index: 5 }),
                    "seed {seed}: an unguarded select"
                );
                tees += 1;
            }
            assert_eq!(after.next(), Some(op), "seed {seed}");
            compared |= matches!(op, Operator::I32Eqz | Operator::I32Eq | Operator::I32Ne);
        }
        assert_eq!(after.next(), None, "seed {seed}");
    }
    assert!(tees >= 100, "{tees} tees");
    assert!(
        wrong_unguarded >= 10,
        "wasmi got only {wrong_unguarded} wrong unguarded"
    );
}

/// A large module whose only miscompiled `select` is reached across
/// operators wasmi emits no code for (a local stored back into itself) is
/// guarded too, whatever its size (an earlier filter decoded only the
/// adjacent form in modules over 256 KiB). The canary: unguarded, wasmi
/// still gets it wrong.
#[test]
fn a_large_module_is_guarded_across_no_code_operators() {
    // 300 KiB of filler: `i32.const 1` and `drop`, three bytes a pair.
    let filler = "i32.const 1 drop ".repeat(100 << 10);
    let wat = format!(
        r#"(module (memory 1)
             (func $filler {filler})
             (func (export "f") (param i32 i32 i32) (result i32) (local i32 i32)
               memory.size
               i32.const 1
               i32.const 0
               local.get 0
               i32.eqz
               local.get 1
               local.set 1
               select
               i32.add))"#
    );
    let wasm = wat::parse_str(&wat).unwrap();
    let info = ModuleInfo::parse(&wasm).unwrap();
    let code: usize = info.bodies.iter().map(|b| b.as_bytes().len()).sum();
    assert!(code > 256 << 10, "{code}");
    // One page, plus 1 when the first argument is 0.
    assert_eq!(run_in_wasmi(&wasm, [0, 0, 0]), 1, "wasmi's bug is gone?");
    let guarded = guard_module(&wasm).unwrap();
    assert_eq!(run_in_wasmi(&guarded, [0, 0, 0]), 2);
    assert_eq!(run_in_wasmi(&guarded, [1, 0, 0]), 1);
    assert_eq!(run_in_wasmi(&guarded, [0, 5, 1]), 2);
}

#[test]
fn a_body_without_the_form_is_left_alone() {
    let wasm = wat::parse_str(
        r#"(module (func (param i32) (result i32)
             (select (i32.const 1) (i32.const 2) (local.get 0))))"#,
    )
    .unwrap();
    assert!(guard_module(&wasm).is_none());
}

#[test]
fn the_code_section_is_replaced_where_it_lies() {
    // Custom sections before and after the code, and a data section after
    // it: all kept in order, byte for byte; only the code changes.
    let module = wat::parse_str(
        r#"(module (memory 1)
             (func (export "f") (param i32) (result i32)
               (select (i32.const 1) (i32.const 0) (i32.eqz (local.get 0))))
             (data (i32.const 8) "kept"))"#,
    )
    .unwrap();
    let info = ModuleInfo::parse(&module).unwrap();
    let mut with_customs = wasm_encoder::Module::new();
    let custom = |name: &'static str| wasm_encoder::CustomSection {
        name: name.into(),
        data: std::borrow::Cow::Borrowed(b"payload"),
    };
    for section in &info.sections {
        if section.id == 10 {
            with_customs.section(&custom("before-code"));
        }
        with_customs.section(&wasm_encoder::RawSection {
            id: section.id,
            data: info.section_bytes(section),
        });
    }
    with_customs.section(&custom("last"));
    let wasm = with_customs.finish();
    let guarded = guard_module(&wasm).unwrap();
    wasmparser::Validator::new().validate_all(&guarded).unwrap();
    let sections = |wasm: &[u8]| -> Vec<(u8, Vec<u8>)> {
        let info = ModuleInfo::parse(wasm).unwrap();
        info.sections
            .iter()
            .map(|s| (s.id, info.section_bytes(s).to_vec()))
            .collect()
    };
    let (before, after) = (sections(&wasm), sections(&guarded));
    assert_eq!(before.len(), after.len());
    for ((id, old), (new_id, new)) in before.iter().zip(&after) {
        assert_eq!(id, new_id);
        assert_eq!(old == new, *id != 10, "section {id}");
    }
    assert_eq!(bodies(&guarded)[0].len(), bodies(&wasm)[0].len() + 1);
}
