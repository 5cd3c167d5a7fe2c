//! The component case suite: every `tests/components/cases/*.case` is run
//! through the real `wizer-lite` binary and checked against its goldens and
//! against oracles outside wizer-lite: every snapshot validates
//! (wasmparser), exports the input's WIT minus the init function (jco's
//! `component wit`) and, transpiled by jco and run under Node, returns
//! what the original returns with init run first. The fixtures count their
//! init runs: a snapshot whose init ran again says so in its results.
//! `tests/components/cases/README.md` documents the directives.
//!
//! `BLESS=1` (only) rewrites the goldens; `cargo test --test component --
//! NAME` runs the cases whose name contains NAME. Needs Node and npm: jco
//! is installed into tests/components/node_modules on first use (see
//! `common/jco.rs`).

#[path = "common/files.rs"]
mod files;
#[path = "common/jco.rs"]
mod jco;

use files::{Fixture, tree};

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEFAULT_INIT: &str = "wizer-initialize";

fn cases_dir() -> PathBuf {
    jco::components().join("cases")
}

/// One parsed case file.
#[derive(Default)]
struct Case {
    name: String,
    /// The component: a fixture's bytes, or the case's own WAT.
    input: Vec<u8>,
    args: Vec<String>,
    error: bool,
    /// Calls made on the snapshot and on the original after init.
    calls: Vec<Vec<String>>,
    /// The original's preopen (`/config`) and environment, for init.
    preopen: Option<PathBuf>,
    env: Vec<(String, String)>,
    /// More runs of the snapshot alone: its preopen, and the calls.
    runs: Vec<(Option<PathBuf>, Vec<Vec<String>>)>,
    print_has: Vec<String>,
    print_lacks: Vec<String>,
    /// (path, `=` or `~`, value): a field of the report.
    report: Vec<(String, bool, String)>,
    fixtures: Vec<Fixture>,
    /// The input is a core module with a `component-type` section: its
    /// original and its snapshot are made components for jco.
    componentize: bool,
}

/// `{components}` in a directive is tests/components; `{version}` the
/// crate's version.
fn expand(text: &str) -> String {
    text.replace("{components}", &jco::components().to_string_lossy())
        .replace("{version}", env!("CARGO_PKG_VERSION"))
}

/// `name arg...`: one call.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(String::from).collect()
}

fn parse_case(path: &Path) -> Result<Case, String> {
    let source = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let mut case = Case {
        name: path.file_stem().unwrap().to_string_lossy().into_owned(),
        ..Case::default()
    };
    let mut input = None;
    for line in source.lines() {
        let Some(directive) = line.strip_prefix(";;") else {
            break;
        };
        let directive = directive.trim();
        let (key, value) = directive.split_once(':').unwrap_or((directive, ""));
        let value = expand(value.trim());
        match key.trim() {
            "input" => input = Some(value),
            "args" => case.args.extend(words(&value)),
            "error" => case.error = true,
            "componentize" => case.componentize = true,
            "call" => case.calls.push(words(&value)),
            "preopen" => case.preopen = Some(jco::components().join(value)),
            "env" => {
                let (k, v) = value.split_once('=').ok_or("env: NAME=VALUE")?;
                case.env.push((k.to_string(), v.to_string()));
            }
            "run" => {
                let (preopen, calls) = match value.strip_prefix("preopen ") {
                    Some(rest) => {
                        let (dir, calls) = rest.split_once(' ').ok_or("run: preopen DIR CALL")?;
                        (Some(jco::components().join(dir)), calls)
                    }
                    None => (None, value.as_str()),
                };
                let calls = calls.split(';').map(words).collect();
                case.runs.push((preopen, calls));
            }
            "print-has" => case.print_has.push(value),
            "print-lacks" => case.print_lacks.push(value),
            "report" => {
                let (path, rest) = value.split_once(' ').ok_or("report: PATH = JSON")?;
                let (op, expected) = rest.split_once(' ').ok_or("report: PATH = JSON")?;
                let exact = match op {
                    "=" => true,
                    "~" => false,
                    _ => return Err(format!("report: `{op}` is neither `=` nor `~`")),
                };
                case.report
                    .push((path.to_string(), exact, expected.to_string()));
            }
            "file" => {
                let (path, content) = value.split_once(' ').unwrap_or((&value, ""));
                case.fixtures.push(Fixture::File(
                    path.to_string(),
                    content.replace("\\n", "\n"),
                ));
            }
            "mkdir" => case.fixtures.push(Fixture::Dir(value)),
            "symlink" => {
                let (path, target) = value.split_once(' ').ok_or("symlink: PATH TARGET")?;
                case.fixtures
                    .push(Fixture::Symlink(path.to_string(), target.to_string()));
            }
            // Free-form description lines.
            _ => {}
        }
    }
    case.input = match input {
        Some(file) => {
            let path = jco::components().join(&file);
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            match file.ends_with(".wat") {
                true => wat::parse_bytes(&bytes)
                    .map_err(|e| format!("{file}: {e}"))?
                    .into_owned(),
                false => bytes,
            }
        }
        None => wat::parse_str(&source)
            .map_err(|e| format!("the case's component does not parse: {e}"))?,
    };
    Ok(case)
}

/// The init function the case names, or the default.
fn init_func(args: &[String]) -> String {
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "-f" || arg == "--init-func" {
            return it.next().cloned().unwrap_or_default();
        }
        if let Some(name) = arg.strip_prefix("--init-func=") {
            return name.to_string();
        }
    }
    DEFAULT_INIT.to_string()
}

struct Outcome {
    status: Option<i32>,
    stderr: String,
    output: Option<Vec<u8>>,
    report: Option<Value>,
    /// Files left behind, and fixture changes.
    problems: Vec<String>,
}

/// Runs the binary on the case's input in a fresh directory, under
/// `scratch`.
fn run_tool(case: &Case, scratch: &Path, run: usize) -> Outcome {
    let dir = scratch.join(format!("{}-{run}", case.name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.wasm"), &case.input).unwrap();
    for fixture in &case.fixtures {
        fixture.create(&dir);
    }
    let before = tree(&dir);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wizer-lite"));
    cmd.current_dir(&dir);
    // The first run also checks that the output holds the captured state;
    // the second, without, must write the same bytes.
    if run == 1 {
        cmd.arg("--verify");
    }
    let out = cmd
        .args(["in.wasm", "-o", "out.wasm", "--report", "report.json"])
        .args(&case.args)
        .stdin(Stdio::null())
        .output()
        .expect("failed to start wizer-lite");
    let report = std::fs::read(dir.join("report.json"))
        .ok()
        .map(|r| serde_json::from_slice(&r).expect("the report is JSON"));
    let output = std::fs::read(dir.join("out.wasm")).ok();
    let left: Vec<String> = tree(&dir)
        .into_iter()
        .filter(|p| !before.contains(p) && p != "out.wasm" && p != "report.json")
        .collect();
    let mut problems = Vec::new();
    if !left.is_empty() {
        problems.push(format!("files left behind: {left:?}"));
    }
    if std::fs::read(dir.join("in.wasm")).ok().as_ref() != Some(&case.input) {
        problems.push("the input file was modified".into());
    }
    if run == 1 && output.is_some() {
        // Kept for the jco jobs.
        std::fs::rename(
            dir.join("out.wasm"),
            scratch.join(format!("{}.out.wasm", case.name)),
        )
        .unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
    Outcome {
        status: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        output,
        report,
        problems,
    }
}

/// The value at `path` (dot-separated keys; numbers index arrays).
fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    path.split('.')
        .fold(value, |v, key| match key.parse::<usize>() {
            Ok(i) if v.is_array() => &v[i],
            _ => &v[key],
        })
}

/// What a case left for the jco jobs and the final checks.
struct Checked {
    goldens: Vec<String>,
    /// The jobs to run under jco, and what to make of their lines.
    jobs: Vec<Value>,
    /// The line of the input's WIT that the snapshot's lacks (init's
    /// export), unless the export is kept.
    init_wit: Option<String>,
}

fn check_case(case: &Case, scratch: &Path, bless: bool) -> Result<Checked, String> {
    let first = run_tool(case, scratch, 1);
    if !first.problems.is_empty() {
        return Err(first.problems.join("; "));
    }
    let mut goldens = Vec::new();
    for (path, exact, expected) in &case.report {
        let report = first.report.as_ref().ok_or("no report was written")?;
        let got = at(report, path);
        let ok = match exact {
            true => {
                serde_json::from_str::<Value>(expected)
                    .map_err(|e| format!("report: {path}: bad JSON `{expected}`: {e}"))?
                    == *got
            }
            false => match got {
                Value::Array(items) => items.iter().any(|i| i.as_str() == Some(expected)),
                Value::String(s) => s.contains(expected.as_str()),
                _ => false,
            },
        };
        if !ok {
            return Err(format!(
                "report: {path} is {got}, expected {}{expected}",
                match exact {
                    true => "",
                    false => "to contain ",
                }
            ));
        }
    }

    if case.error {
        if first.status != Some(1) || first.output.is_some() {
            return Err(format!(
                "expected a failure with nothing written, got {:?}; stderr:\n{}",
                first.status, first.stderr
            ));
        }
        // The guest's inherited output may come first.
        if !first.stderr.lines().any(|l| l.starts_with("error: ")) {
            return Err(format!("bad error report:\n{}", first.stderr));
        }
        goldens.push(golden(case, "err", &first.stderr, bless)?);
        // A failure report's frames, each with the instruction at its
        // offset in the input: callers' frames must be at calls.
        if let Some(frames) = first
            .report
            .as_ref()
            .and_then(|r| r["failure"]["frames"].as_array())
            .filter(|f| !f.is_empty())
        {
            let mut text = String::new();
            for (i, frame) in frames.iter().enumerate() {
                let offset = frame["offset"].as_u64().ok_or("a frame without offset")?;
                let opcode = *case
                    .input
                    .get(offset as usize)
                    .ok_or(format!("frame {i}'s offset {offset:#x} is past the input"))?;
                let depth = frame["depth"].as_u64().unwrap_or(0);
                if depth > 0 && !(0x10..=0x15).contains(&opcode) {
                    return Err(format!(
                        "frame {i} (a caller) is at opcode {opcode:#04x}, not a call"
                    ));
                }
                text.push_str(&format!(
                    "#{depth} {offset:#08x} {opcode:#04x} module {} {}\n",
                    frame["module"],
                    frame["demangled"].as_str().unwrap_or("?")
                ));
            }
            goldens.push(golden(case, "frames", &text, bless)?);
        }
        return Ok(Checked {
            goldens,
            jobs: Vec::new(),
            init_wit: None,
        });
    }

    if first.status != Some(0) {
        return Err(format!(
            "expected success, got {:?}; stderr:\n{}",
            first.status, first.stderr
        ));
    }
    let output = first.output.ok_or("no output")?;
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&output)
        .map_err(|e| format!("the output does not validate: {e:#}"))?;
    let wasi = case.args.iter().any(|a| a == "--allow-wasi");
    let deterministic = case.args.iter().any(|a| a == "--deterministic");
    if !wasi || deterministic {
        let second = run_tool(case, scratch, 2);
        if second.output.as_ref() != Some(&output) {
            return Err("snapshotting again (without `--verify`) gave other bytes".into());
        }
    }
    if !first.stderr.is_empty() {
        goldens.push(golden(case, "stderr", &first.stderr, bless)?);
    }
    let text = wasmprinter::print_bytes(&output).map_err(|e| e.to_string())?;
    for want in &case.print_has {
        if !text.contains(want.as_str()) {
            return Err(format!("the printed output lacks `{want}`"));
        }
    }
    for unwanted in &case.print_lacks {
        if text.contains(unwanted.as_str()) {
            return Err(format!("the printed output has `{unwanted}`"));
        }
    }

    // The jobs: the input's WIT; the original (init first) and the
    // snapshot; the snapshot's other runs.
    let input_path = scratch.join(format!("{}.in.wasm", case.name));
    std::fs::write(&input_path, &case.input).unwrap();
    let output_path = scratch.join(format!("{}.out.wasm", case.name));
    let init = init_func(&case.args);
    let env: Vec<_> = case.env.iter().map(|(k, v)| json!([k, v])).collect();
    // Without calls to compare, the original only gives its WIT.
    let mut with_init = Vec::new();
    if !case.calls.is_empty() {
        with_init.push(vec![init.clone()]);
        with_init.extend(case.calls.iter().cloned());
    }
    let componentize = case.componentize;
    let mut jobs = vec![
        json!({"wasm": input_path, "calls": with_init, "preopen": case.preopen, "env": env, "wit": true, "componentize": componentize}),
        json!({"wasm": output_path, "calls": case.calls, "wit": true, "componentize": componentize}),
    ];
    for (preopen, calls) in &case.runs {
        jobs.push(json!({"wasm": output_path, "calls": calls, "preopen": preopen, "componentize": componentize}));
    }
    // A core module keeps the init export its world names: the same
    // component, the same WIT.
    let keeps_init = componentize || case.args.iter().any(|a| a == "--keep-init-func");
    Ok(Checked {
        goldens,
        jobs,
        init_wit: (!keeps_init).then(|| format!("export {init}: func();")),
    })
}

/// Checks (or, blessing, writes) golden `NAME.kind`; its file name.
fn golden(case: &Case, kind: &str, actual: &str, bless: bool) -> Result<String, String> {
    let file = format!("{}.{kind}", case.name);
    let path = cases_dir().join(&file);
    if bless {
        std::fs::write(&path, actual).map_err(|e| e.to_string())?;
        return Ok(file);
    }
    let expected = std::fs::read_to_string(&path)
        .map_err(|_| format!("missing golden `{file}` (run with BLESS=1)"))?;
    if expected != actual {
        return Err(format!(
            "golden `{file}` is stale (run with BLESS=1 after checking):\n--- expected\n{expected}\n--- actual\n{actual}"
        ));
    }
    Ok(file)
}

/// The jco lines of one case: same results from the original (after
/// init) and the snapshot, the same WIT but init, and the golden of what
/// the snapshot's calls and runs returned.
fn check_lines(
    case: &Case,
    checked: &mut Checked,
    lines: &[Value],
    bless: bool,
) -> Result<(), String> {
    let (original, snapshot) = (&lines[0], &lines[1]);
    for (what, line) in [("the original", original), ("the snapshot", snapshot)] {
        if let Some(error) = line.get("error") {
            return Err(format!("{what} does not run under jco: {error}"));
        }
    }
    // The WITs, blank lines aside (removing init's export can leave one).
    let wit = |line: &Value, without: Option<&str>| -> String {
        line["wit"]
            .as_str()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty() && Some(l.trim()) != without)
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let (want, got) = (
        wit(original, checked.init_wit.as_deref()),
        wit(snapshot, None),
    );
    if want != got {
        return Err(format!(
            "the snapshot's WIT differs:\n--- want\n{want}\n--- got\n{got}"
        ));
    }
    let original_results = original["results"].as_array().ok_or("no results")?;
    if !case.calls.is_empty() && original_results.first() != Some(&Value::Null) {
        return Err(format!("the original's init failed under jco: {original}"));
    }
    if !case.calls.is_empty()
        && (Some(&original_results[1..]) != snapshot["results"].as_array().map(Vec::as_slice)
            || original["logged"] != snapshot["logged"])
    {
        return Err(format!(
            "the snapshot does not behave as the original after init:\n original {original}\n snapshot {snapshot}"
        ));
    }
    let mut text = String::new();
    for line in std::iter::once(snapshot).chain(&lines[2..]) {
        let shown = json!({"results": line["results"], "logged": line["logged"]});
        text.push_str(&format!("{shown}\n"));
    }
    checked.goldens.push(golden(case, "results", &text, bless)?);
    Ok(())
}

/// Runs `jobs` under jco, in one Node process per core; one line each.
fn run_jobs(jobs: &[Value], scratch: &Path) -> Result<Vec<Value>, String> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let batch = jco::installed().join("batch.mjs");
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = jobs.len().div_ceil(workers);
    let outputs: Vec<_> = std::thread::scope(|scope| {
        let running: Vec<_> = jobs
            .chunks(chunk)
            .enumerate()
            .map(|(k, chunk)| {
                let file = scratch.join(format!("jobs-{k}.json"));
                let out = scratch.join(format!("lines-{k}.json"));
                std::fs::write(&file, serde_json::to_string(chunk).unwrap()).unwrap();
                let batch = &batch;
                scope.spawn(move || {
                    let run = Command::new("node")
                        .arg(batch)
                        .arg(&file)
                        .arg(&out)
                        .current_dir(jco::components())
                        .output()
                        .map_err(|e| format!("these tests need Node.js (`node` on PATH): {e}"))?;
                    if !run.status.success() {
                        return Err(format!(
                            "node failed: {}",
                            String::from_utf8_lossy(&run.stderr)
                        ));
                    }
                    std::fs::read_to_string(&out).map_err(|e| e.to_string())
                })
            })
            .collect();
        running.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let mut lines = Vec::new();
    for output in outputs {
        for line in output?.lines() {
            lines.push(serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?);
        }
    }
    match lines.len() == jobs.len() {
        true => Ok(lines),
        false => Err(format!("{} lines for {} jobs", lines.len(), jobs.len())),
    }
}

/// Runs every case, or those whose name contains one of the arguments.
fn main() {
    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
        .filter(|p| {
            let name = p.file_stem().unwrap().to_string_lossy();
            filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
        })
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "no component cases named like {filters:?}"
    );
    let scratch =
        std::env::temp_dir().join(format!("wizer-lite-components-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();

    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(path) = paths.get(i) else { break };
                    let result = parse_case(path).and_then(|case| {
                        let checked = check_case(&case, &scratch, bless)?;
                        Ok((case, checked))
                    });
                    results.lock().unwrap().push((path.clone(), result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));

    let jobs: Vec<Value> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .flat_map(|(_, checked)| checked.jobs.iter().cloned())
        .collect();
    let mut failures = Vec::new();
    match run_jobs(&jobs, &scratch) {
        Ok(lines) => {
            let mut lines = lines.as_slice();
            for (_, result) in results.iter_mut() {
                let Ok((case, checked)) = result else {
                    continue;
                };
                let (mine, rest) = lines.split_at(checked.jobs.len());
                lines = rest;
                if !mine.is_empty()
                    && let Err(e) = check_lines(case, checked, mine, bless)
                {
                    *result = Err(e);
                }
            }
        }
        Err(e) => failures.push(format!("jco: {e}")),
    }
    let _ = std::fs::remove_dir_all(&scratch);

    let mut owned = BTreeSet::new();
    for (path, result) in &results {
        let name = path.file_stem().unwrap().to_string_lossy();
        match result {
            Ok((_, checked)) => {
                owned.extend(checked.goldens.iter().cloned());
                println!("case {name} ... ok");
            }
            Err(e) => {
                println!("case {name} ... FAILED");
                failures.push(format!("{name}: {e}"));
            }
        }
    }
    // Goldens without a case, when every case ran and passed.
    if filters.is_empty() && failures.is_empty() {
        for entry in std::fs::read_dir(cases_dir()).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let is_golden = ["err", "frames", "stderr", "results"]
                .iter()
                .any(|ext| path.extension().is_some_and(|e| e == *ext));
            if is_golden && !owned.contains(&file) {
                match bless {
                    true => std::fs::remove_file(&path).unwrap(),
                    false => {
                        failures.push(format!("{file}: golden without a case (run with BLESS=1)"))
                    }
                }
            }
        }
    }
    println!(
        "component cases: {} run, {} failed",
        results.len(),
        failures.len()
    );
    if !failures.is_empty() {
        eprintln!("{}", failures.join("\n\n"));
        std::process::exit(1);
    }
}
