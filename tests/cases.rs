//! The data-driven case suite: every `tests/cases/*.wat` is run through the
//! real `wizer-lite` binary and checked against its golden file and, when it
//! succeeds, against the differential oracle (original + init + call must
//! equal snapshot + call, with every exported global and memory equal).
//! `tests/cases/README.md` documents the directives. `BLESS=1 cargo test`
//! rewrites the goldens (`BLESS=1` only: any other value does not);
//! `cargo test --test cases -- NAME` runs the cases whose name contains
//! NAME.

mod common;

use common::files::{Fixture, tree};
use common::{diff_state, print_wat, validate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One parsed case file.
#[derive(Default)]
struct Case {
    name: String,
    source: String,
    args: Vec<String>,
    stdin: bool,
    error: bool,
    summary: bool,
    /// Why V8 (Node 20) cannot run this case's output, if it cannot.
    node_skip: Option<String>,
    input: Input,
    invokes: Vec<Invoke>,
    /// Files, directories and symlinks created in the run directory first.
    fixtures: Vec<Fixture>,
    /// Files init must have written (with this content) or must not have
    /// created (`None`).
    expect_files: Vec<(String, Option<String>)>,
    /// Why the differential oracle does not apply (it runs the original with
    /// stub imports, so a case whose init needs WASI cannot use it).
    no_oracle: Option<String>,
}

#[derive(Default)]
enum Input {
    /// The case compiled to a binary module.
    #[default]
    Binary,
    /// The `.wat` text itself.
    Text,
    /// The compiled module cut to its first N bytes.
    Truncated(usize),
    /// Raw bytes.
    Hex(Vec<u8>),
}

struct Invoke {
    func: String,
    args: Vec<String>,
    expect: Vec<String>,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn parse_case(path: &Path) -> Result<Case, String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut case = Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        ..Case::default()
    };
    for line in source.lines() {
        let Some(directive) = line.strip_prefix(";;") else {
            break;
        };
        let directive = directive.trim();
        let (key, value) = directive.split_once(':').unwrap_or((directive, ""));
        let value = value.trim();
        match key.trim() {
            "args" => case.args.extend(value.split_whitespace().map(String::from)),
            "stdin" => case.stdin = true,
            "error" => case.error = true,
            "golden" if value == "summary" => case.summary = true,
            "node" => {
                let reason = value.strip_prefix("skip").map(str::trim);
                match reason {
                    Some(r) if !r.is_empty() => case.node_skip = Some(r.to_string()),
                    _ => return Err("`node:` takes `skip REASON`".into()),
                }
            }
            "input" => {
                let mut words = value.split_whitespace();
                case.input = match words.next() {
                    Some("text") => Input::Text,
                    Some("truncated") => Input::Truncated(
                        words
                            .next()
                            .and_then(|n| n.parse().ok())
                            .ok_or("truncated N")?,
                    ),
                    Some("hex") => Input::Hex(
                        words
                            .map(|b| u8::from_str_radix(b, 16))
                            .collect::<Result<_, _>>()
                            .map_err(|e| e.to_string())?,
                    ),
                    other => return Err(format!("unknown input kind {other:?}")),
                };
            }
            "invoke" => case.invokes.push(parse_invoke(value)?),
            "file" => {
                let (path, content) = value.split_once(' ').unwrap_or((value, ""));
                case.fixtures
                    .push(Fixture::File(path.to_string(), unescape(content)));
            }
            "mkdir" => case.fixtures.push(Fixture::Dir(value.to_string())),
            "symlink" => {
                let (path, target) = value.split_once(' ').ok_or("symlink: PATH TARGET")?;
                case.fixtures
                    .push(Fixture::Symlink(path.to_string(), target.to_string()));
            }
            "expect-file" => {
                let (path, content) = value.split_once(' ').unwrap_or((value, ""));
                case.expect_files
                    .push((path.to_string(), Some(unescape(content))));
            }
            "expect-no-file" => case.expect_files.push((value.to_string(), None)),
            "no-oracle" if !value.is_empty() => case.no_oracle = Some(value.to_string()),
            // Free-form description lines.
            _ => {}
        }
    }
    case.source = source;
    Ok(case)
}

/// `\n` in directive text is a newline.
fn unescape(text: &str) -> String {
    text.replace("\\n", "\n")
}

/// `f(1, 2) -> 3, 4`, `f() -> trap`, `f()` (no results).
fn parse_invoke(text: &str) -> Result<Invoke, String> {
    let (call, expect) = text.split_once("->").unwrap_or((text, ""));
    let (func, args) = call
        .trim()
        .strip_suffix(')')
        .and_then(|c| c.split_once('('))
        .ok_or_else(|| format!("bad invoke `{text}`"))?;
    let list = |s: &str| -> Vec<String> {
        s.split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect()
    };
    Ok(Invoke {
        func: func.trim().to_string(),
        args: list(args),
        expect: list(expect),
    })
}

/// The renames a case passes, as (DST, SRC).
fn renames(args: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let spec = match arg.as_str() {
            "-r" | "--rename-func" | "--func-rename" => it.next().cloned(),
            a => ["--rename-func=", "--func-rename="]
                .iter()
                .find_map(|p| a.strip_prefix(p))
                .map(String::from),
        };
        if let Some((dst, src)) = spec.as_deref().and_then(|s| s.split_once('=')) {
            out.push((dst.to_string(), src.to_string()));
        }
    }
    out
}

fn init_func_arg(args: &[String]) -> Option<String> {
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-f" || arg == "--init-func" {
            return it.next().cloned();
        }
        if let Some(name) = arg.strip_prefix("--init-func=") {
            return Some(name.to_string());
        }
    }
    None
}

struct Outcome {
    /// Fixture expectations that failed, and stray files.
    problems: Vec<String>,
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    output_file: Option<Vec<u8>>,
    input_after: Vec<u8>,
}

/// Runs the binary on `input` in a fresh directory.
fn run_tool(case: &Case, input: &[u8], run: usize) -> Outcome {
    let dir = std::env::temp_dir().join(format!(
        "wizer-lite-case-{}-{}-{run}",
        case.name,
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input_name = if matches!(case.input, Input::Text) {
        "in.wat"
    } else {
        "in.wasm"
    };
    std::fs::write(dir.join(input_name), input).unwrap();
    for fixture in &case.fixtures {
        fixture.create(&dir);
    }
    let before = tree(&dir);

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wizer-lite"));
    // The first run of every case also checks that its output instantiates
    // to the captured state; the second runs without `--verify`, so that it
    // writes the module in pieces and validates it as a skeleton, and must
    // give the same bytes.
    cmd.current_dir(&dir);
    if run == 1 {
        cmd.arg("--verify");
    }
    cmd.args(&case.args);
    if case.stdin {
        cmd.stdin(Stdio::piped());
    } else {
        cmd.arg(input_name)
            .args(["-o", "out.wasm"])
            .stdin(Stdio::null());
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("failed to start wizer-lite");
    if case.stdin {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let out = child.wait_with_output().unwrap();
    let outcome = Outcome {
        problems: Vec::new(),
        status: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        output_file: std::fs::read(dir.join("out.wasm")).ok(),
        input_after: std::fs::read(dir.join(input_name)).unwrap(),
    };
    let mut problems = Vec::new();
    for (path, expected) in &case.expect_files {
        let actual = std::fs::read_to_string(dir.join(path)).ok();
        if actual != *expected {
            problems.push(format!(
                "file `{path}`: expected {expected:?}, found {actual:?}"
            ));
        }
    }
    let leftovers: Vec<String> = tree(&dir)
        .into_iter()
        .filter(|p| !before.contains(p) && p != "out.wasm")
        .filter(|p| !case.expect_files.iter().any(|(e, c)| e == p && c.is_some()))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("files left behind: {leftovers:?}"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    Outcome {
        problems,
        ..outcome
    }
}

/// What a passing case leaves for the final checks.
struct Checked {
    goldens: Vec<String>,
    node: Option<common::node::Job>,
}

/// Checks one case.
fn check_case(case: &Case, bless: bool) -> Result<Checked, String> {
    let compiled = match &case.input {
        Input::Text => None,
        _ => Some(wat::parse_str(&case.source).map_err(|e| format!("case does not compile: {e}"))?),
    };
    let input = match &case.input {
        Input::Binary => compiled.clone().unwrap(),
        Input::Text => case.source.clone().into_bytes(),
        Input::Truncated(n) => compiled.clone().unwrap()[..*n].to_vec(),
        Input::Hex(bytes) => bytes.clone(),
    };

    let first = run_tool(case, &input, 1);
    if !first.problems.is_empty() {
        return Err(first.problems.join("; "));
    }
    if first.input_after != input {
        return Err("the input file was modified".into());
    }
    let produced = if case.stdin {
        (first.status == Some(0)).then(|| first.stdout.clone())
    } else {
        first.output_file.clone()
    };

    if case.error {
        if first.status != Some(1) {
            return Err(format!(
                "expected exit status 1, got {:?}; stderr:\n{}",
                first.status, first.stderr
            ));
        }
        // Nothing on stdout either, where a module written there would go.
        if produced.is_some() || !first.stdout.is_empty() {
            return Err("a failed run left output behind".into());
        }
        if !first.stderr.starts_with("error: ") || first.stderr.contains("panicked") {
            return Err(format!("bad error report:\n{}", first.stderr));
        }
        let golden = format!("{}.err", case.name);
        compare_golden(&golden, &first.stderr, bless)?;
        return Ok(Checked {
            goldens: vec![golden],
            node: None,
        });
    }

    if first.status != Some(0) {
        return Err(format!(
            "expected success, got {:?}; stderr:\n{}",
            first.status, first.stderr
        ));
    }
    let output = produced.ok_or("no output module")?;
    validate(&output).map_err(|e| format!("the output does not validate: {e}"))?;

    let second = run_tool(case, &input, 2);
    let again = if case.stdin {
        second.stdout
    } else {
        second.output_file.unwrap_or_default()
    };
    if again != output {
        return Err(
            "snapshotting the same input twice (with `--verify`, then without) gave \
             different bytes"
                .into(),
        );
    }

    let (golden, text) = if case.summary {
        (format!("{}.summary", case.name), summarize(&output))
    } else {
        (format!("{}.out.wat", case.name), print_wat(&output))
    };
    compare_golden(&golden, &text, bless)?;
    let mut goldens = vec![golden];
    // What the tool and the guest printed: warnings, guest output.
    if !first.stderr.is_empty() {
        let golden = format!("{}.stderr", case.name);
        compare_golden(&golden, &first.stderr, bless)?;
        goldens.push(golden);
    }
    if !case.stdin && !first.stdout.is_empty() {
        let golden = format!("{}.stdout", case.name);
        compare_golden(&golden, &String::from_utf8_lossy(&first.stdout), bless)?;
        goldens.push(golden);
    }

    let job = oracle(case, compiled.as_deref(), &output)?;
    Ok(Checked {
        goldens,
        node: Some(job),
    })
}

/// The differential oracle. Returns the same calls as a job for V8.
fn oracle(
    case: &Case,
    original: Option<&[u8]>,
    output: &[u8],
) -> Result<common::node::Job, String> {
    let renames = renames(&case.args);
    let original = match original {
        Some(bytes) => bytes.to_vec(),
        None => wat::parse_str(&case.source).map_err(|e| e.to_string())?,
    };

    let mut reference = match &case.no_oracle {
        Some(_) => None,
        None => Some(reference_after_init(case, &original)?),
    };
    let mut snapshot = common::instantiate(output).map_err(|e| format!("snapshot: {e}"))?;
    let to_snapshot_name = |name: &str| -> Option<String> {
        if let Some((dst, _)) = renames.iter().find(|(_, src)| src == name) {
            return Some(dst.clone());
        }
        if renames.iter().any(|(dst, _)| dst == name) {
            return None;
        }
        Some(name.to_string())
    };
    if let Some(reference) = &reference {
        diff_state(&reference.state(), &snapshot.state(), &to_snapshot_name)
            .map_err(|e| format!("state right after init differs: {e}"))?;
    }

    let mut job = common::node::Job::new(&case.name, output);
    for invoke in &case.invokes {
        let original_name = renames
            .iter()
            .find(|(dst, _)| *dst == invoke.func)
            .map_or(invoke.func.clone(), |(_, src)| src.clone());
        let got = snapshot.invoke(&invoke.func, &invoke.args)?;
        job.call(&snapshot, &invoke.func, &invoke.args, &got);
        if let Some(reference) = &mut reference {
            let want = reference.invoke(&original_name, &invoke.args)?;
            if !same_results(&got, &want) {
                return Err(format!(
                    "{}: snapshot returned {got:?}, original returned {want:?}",
                    invoke.func
                ));
            }
        }
        if !same_results(&got, &invoke.expect) {
            return Err(format!(
                "{}({}): expected {:?}, got {got:?}",
                invoke.func,
                invoke.args.join(", "),
                invoke.expect
            ));
        }
        if let Some(reference) = &reference {
            diff_state(&reference.state(), &snapshot.state(), &to_snapshot_name)
                .map_err(|e| format!("state after {} differs: {e}", invoke.func))?;
        }
    }
    job.state(&snapshot);
    Ok(job)
}

/// The original module, instantiated, with `_initialize` and the init
/// function run as wizer-lite runs them.
fn reference_after_init(case: &Case, original: &[u8]) -> Result<common::Live, String> {
    let mut reference = common::instantiate(original).map_err(|e| format!("original: {e}"))?;
    let init = init_func_arg(&case.args).unwrap_or_else(|| {
        if reference
            .instance
            .get_func(&reference.store, "wizer.initialize")
            .is_some()
        {
            "wizer.initialize".into()
        } else {
            "wizer-initialize".into()
        }
    });
    let reactor = reference.has_nullary_func("_initialize");
    if reactor {
        expect_no_trap(
            reference.invoke("_initialize", &[])?,
            "original `_initialize`",
        )?;
    }
    if !(reactor && init == "_initialize") {
        expect_no_trap(reference.invoke(&init, &[])?, "original init")?;
    }
    Ok(reference)
}

/// Results are equal, or both are traps (`trap` in an expectation matches
/// any trap).
fn same_results(a: &[String], b: &[String]) -> bool {
    let is_trap = |v: &[String]| v.len() == 1 && v[0].starts_with("trap");
    if is_trap(a) || is_trap(b) {
        return is_trap(a) && is_trap(b);
    }
    a == b
}

fn expect_no_trap(results: Vec<String>, what: &str) -> Result<(), String> {
    match results.first() {
        Some(r) if r.starts_with("trap") => Err(format!("{what} trapped: {r}")),
        _ => Ok(()),
    }
}

/// A short, stable description of a large output module.
fn summarize(wasm: &[u8]) -> String {
    use wasmparser::{DataKind, Parser, Payload};
    let mut out = String::new();
    let mut active = 0usize;
    let mut passive = 0usize;
    let mut bytes = 0usize;
    let mut per_memory = std::collections::BTreeMap::<u32, usize>::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.unwrap() {
            Payload::MemorySection(r) => {
                for m in r {
                    let m = m.unwrap();
                    out.push_str(&format!(
                        "memory: min {} max {:?} memory64 {}\n",
                        m.initial, m.maximum, m.memory64
                    ));
                }
            }
            Payload::GlobalSection(r) => {
                for g in r {
                    let g = g.unwrap();
                    let ops: Vec<String> = g
                        .init_expr
                        .get_operators_reader()
                        .into_iter()
                        .map(|op| format!("{:?}", op.unwrap()))
                        .collect();
                    out.push_str(&format!("global: {}\n", ops.join(" ")));
                }
            }
            Payload::ExportSection(r) => {
                for e in r {
                    let e = e.unwrap();
                    out.push_str(&format!("export: {:?} {:?} {}\n", e.name, e.kind, e.index));
                }
            }
            Payload::DataSection(r) => {
                for d in r {
                    let d = d.unwrap();
                    match d.kind {
                        DataKind::Passive => passive += 1,
                        DataKind::Active { memory_index, .. } => {
                            active += 1;
                            bytes += d.data.len();
                            *per_memory.entry(memory_index).or_default() += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out.push_str(&format!(
        "data: {active} active segments ({bytes} bytes), {passive} passive\n"
    ));
    for (memory, n) in per_memory {
        out.push_str(&format!("data: memory {memory}: {n} segments\n"));
    }
    out
}

fn compare_golden(file: &str, actual: &str, bless: bool) -> Result<(), String> {
    let path = cases_dir().join(file);
    if bless {
        std::fs::write(&path, actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path)
        .map_err(|_| format!("missing golden `{file}` (run with BLESS=1)"))?;
    if expected != actual {
        return Err(format!(
            "golden `{file}` is stale (run with BLESS=1 after checking):\n--- expected\n{expected}\n--- actual\n{actual}"
        ));
    }
    Ok(())
}

/// Runs every case, or those whose name contains one of the arguments
/// (`cargo test --test cases -- NAME...`); options (`--nocapture`, ...)
/// are the test runner's and are ignored. A plain `main`
/// (`harness = false`), as the spec runner is, so that a name selects
/// cases.
fn main() {
    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat") && !is_golden(p))
        .filter(|p| {
            let name = p.file_stem().unwrap().to_string_lossy();
            filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
        })
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no cases{} found in {}",
        match filters.is_empty() {
            true => String::new(),
            false => format!(" named like {filters:?}"),
        },
        cases_dir().display()
    );

    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(path) = paths.get(i) else { break };
                    let result = parse_case(path).and_then(|case| check_case(&case, bless));
                    results.lock().unwrap().push((path.clone(), result));
                }
            });
        }
    });

    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut owned = BTreeSet::new();
    let mut failures = Vec::new();
    let mut jobs = Vec::new();
    let mut node_skips = Vec::new();
    for (path, result) in results.iter_mut() {
        let name = path.file_name().unwrap().to_string_lossy();
        match result {
            Ok(checked) => {
                owned.extend(checked.goldens.iter().cloned());
                if let Some(job) = checked.node.take() {
                    let case = parse_case(path).unwrap();
                    match case.node_skip {
                        Some(_) => node_skips.push(job),
                        None => jobs.push(job),
                    }
                }
            }
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    failures.extend(run_under_node(&jobs, &node_skips));
    // Orphan goldens are looked for only when every case ran.
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if filters.is_empty() && is_golden(&path) && !owned.contains(&file) && failures.is_empty() {
            if bless {
                std::fs::remove_file(&path).unwrap();
            } else {
                failures.push(format!("{file}: golden without a case (run with BLESS=1)"));
            }
        }
    }
    for (path, result) in &results {
        let name = path.file_stem().unwrap().to_string_lossy();
        let failed = result.is_err() || failures.iter().any(|f| f.starts_with(&*name));
        println!("case {name} ... {}", if failed { "FAILED" } else { "ok" });
    }
    println!("cases: {} run, {} failed", results.len(), failures.len());
    if !failures.is_empty() {
        eprintln!("{}", failures.join("\n\n"));
        std::process::exit(1);
    }
}

/// Runs every successful case's snapshot and calls under V8 too. A case
/// marked `node: skip` must really fail there, so that a skip cannot go
/// stale.
fn run_under_node(jobs: &[common::node::Job], skipped: &[common::node::Job]) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("wizer-lite-node-{}", std::process::id()));
    let mut failures = match common::node::run(jobs, &dir.join("run")) {
        Ok(f) => f,
        Err(e) => vec![e],
    };
    match common::node::run(skipped, &dir.join("skipped")) {
        Ok(mismatches) => {
            for job in skipped {
                if !mismatches
                    .iter()
                    .any(|m| m.starts_with(&format!("{}:", job.name)))
                {
                    failures.push(format!(
                        "{}: marked `node: skip` but V8 now runs it correctly; remove the skip",
                        job.name
                    ));
                }
            }
        }
        Err(e) => failures.push(e),
    }
    let _ = std::fs::remove_dir_all(&dir);
    failures
}

fn is_golden(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    [".out.wat", ".err", ".summary", ".stdout", ".stderr"]
        .iter()
        .any(|ext| name.ends_with(ext))
}
