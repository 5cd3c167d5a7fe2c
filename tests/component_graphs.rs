//! Generated component graphs (see `component_graphs/generate.rs`),
//! differential against jco and Node: for each graph, every query of the
//! snapshot must return what the original returns once init has run, and
//! the snapshot must not be refused where the state it would write is
//! expressible.
//!
//! `cargo test` runs a few hundred seeded graphs; more with
//! `GRAPHS=5000 GRAPH_SEED=1000 cargo test --release --test component_graphs`
//! (`tests/components/graphs.sh`). A graph that goes wrong is written to
//! `target/component-graphs/`, to be kept in `tests/components/graphs/`,
//! whose components run here too.

#[path = "component_graphs/generate.rs"]
mod generate;
#[path = "common/jco.rs"]
mod jco;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const INIT: &str = "wizer-initialize";

/// Jobs (an original and its snapshot each make two) per Node process.
const JOBS_PER_NODE: usize = 400;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A component to check: its text, and its queries.
struct Case {
    name: String,
    wat: String,
    queries: Vec<String>,
}

/// What became of a checked set of cases.
#[derive(Default)]
struct Outcome {
    snapshotted: usize,
    /// Refusals and init failures, by the error's first line.
    refused: BTreeMap<String, Vec<String>>,
    /// (case, what differs).
    wrong: Vec<(String, String)>,
}

/// Snapshots every case and runs original (init, then the queries) and
/// snapshot (the queries) under jco, in one Node process.
fn check(cases: &[Case], dir: &Path) -> Outcome {
    let batch = jco::installed().join("batch.mjs");
    let mut outcome = Outcome::default();
    let mut jobs = Vec::new();
    let mut checked = Vec::new();
    for case in cases {
        std::fs::write(dir.join(format!("{}.wat", case.name)), &case.wat).unwrap();
        let input = wat::parse_str(&case.wat).unwrap_or_else(|e| {
            panic!(
                "{}: the generated text does not parse: {e}\n{}",
                case.name, case.wat
            )
        });
        match wizer_lite::Wizer::new().verify(true).run(&input) {
            Ok(output) => {
                let original = dir.join(format!("{}.wasm", case.name));
                let snapshot = dir.join(format!("{}.out.wasm", case.name));
                std::fs::write(&original, &input).unwrap();
                std::fs::write(&snapshot, &output).unwrap();
                let queries: Vec<Vec<String>> =
                    case.queries.iter().map(|q| vec![q.clone()]).collect();
                let mut with_init = vec![vec![INIT.to_string()]];
                with_init.extend(queries.iter().cloned());
                jobs.push(serde_json::json!({ "wasm": original, "calls": with_init }));
                jobs.push(serde_json::json!({ "wasm": snapshot, "calls": queries }));
                checked.push(case);
                outcome.snapshotted += 1;
            }
            Err(e) => {
                let reason = format!("{e:#}");
                let first = reason.lines().next().unwrap_or_default().to_string();
                outcome
                    .refused
                    .entry(first)
                    .or_default()
                    .push(case.name.clone());
            }
        }
    }
    // Node keeps every module it imported: a fresh process per chunk of
    // jobs bounds its memory, and the chunks run side by side.
    let chunks: Vec<&[serde_json::Value]> = jobs.chunks(JOBS_PER_NODE).collect();
    let width = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut lines: Vec<serde_json::Value> = Vec::new();
    for (wave, group) in chunks.chunks(width).enumerate() {
        let outputs: Vec<_> = std::thread::scope(|scope| {
            let running: Vec<_> = group
                .iter()
                .enumerate()
                .map(|(k, chunk)| {
                    let file = dir.join(format!("jobs-{wave}-{k}.json"));
                    std::fs::write(&file, serde_json::to_string(chunk).unwrap()).unwrap();
                    let batch = &batch;
                    scope.spawn(move || {
                        Command::new("node")
                            .arg(batch)
                            .arg(&file)
                            .current_dir(jco::components())
                            .output()
                            .expect("these tests need Node.js (`node` on PATH)")
                    })
                })
                .collect();
            running.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for out in outputs {
            assert!(
                out.status.success(),
                "node failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            lines.extend(
                String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()),
            );
        }
    }
    assert_eq!(lines.len(), jobs.len(), "one line per job");
    for (case, pair) in checked.iter().zip(lines.chunks(2)) {
        let (original, snapshot) = (&pair[0], &pair[1]);
        let Some(results) = original["results"].as_array() else {
            panic!(
                "{}: the original does not run under jco: {original}\n{}",
                case.name, case.wat
            );
        };
        assert_eq!(
            results[0],
            serde_json::Value::Null,
            "{}: init failed under jco, but wizer-lite snapshotted it\n{}",
            case.name,
            case.wat
        );
        let want = serde_json::Value::Array(results[1..].to_vec());
        let got = &snapshot["results"];
        if *got != want {
            let differs = match got.as_array() {
                Some(got) => case
                    .queries
                    .iter()
                    .zip(got.iter().zip(&results[1..]))
                    .filter(|(_, (g, w))| g != w)
                    .map(|(q, (g, w))| format!("{q}: {g} instead of {w}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => format!("the snapshot does not run: {snapshot}"),
            };
            outcome.wrong.push((case.name.clone(), differs));
        }
    }
    outcome
}

/// The refusals a generated graph may get, for states no instance can
/// express: a slot holding a function no instance that reaches the table
/// can name (`table.copy` moved it there from a table its writer
/// reaches), and a funcref global holding a function the module that
/// defines it cannot name (an importer set it). Every other refusal is a
/// bug.
fn expected_refusal(reason: &str) -> bool {
    reason.contains("which no core instance that reaches the table can name")
        || (reason.contains("global") && reason.contains("holds a reference to function"))
}

#[test]
fn generated_component_graphs_snapshot_as_init_left_them() {
    let count: u64 = std::env::var("GRAPHS").map_or(300, |n| n.parse().unwrap());
    let first: u64 = std::env::var("GRAPH_SEED").map_or(0, |n| n.parse().unwrap());
    let dir = scratch("component-graphs");
    let cases: Vec<Case> = (first..first + count)
        .map(|seed| {
            let graph = generate::generate(seed);
            Case {
                name: format!("graph-{seed}"),
                wat: graph.wat,
                queries: graph.queries,
            }
        })
        .collect();
    let outcome = check(&cases, &dir);
    eprintln!(
        "{count} graphs (seeds {first}..{}): {} snapshotted, {} wrong, {} refused",
        first + count,
        outcome.snapshotted,
        outcome.wrong.len(),
        outcome.refused.values().map(Vec::len).sum::<usize>()
    );
    for (reason, names) in &outcome.refused {
        eprintln!("  refused {}x: {reason} ({})", names.len(), names[0]);
    }
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/component-graphs");
    let mut failures = Vec::new();
    let by_name: BTreeMap<&str, &Case> = cases.iter().map(|c| (c.name.as_str(), c)).collect();
    for (name, differs) in &outcome.wrong {
        failures.push(format!("{name}: wrong snapshot: {differs}"));
    }
    for (reason, names) in &outcome.refused {
        if !expected_refusal(reason) {
            for name in names {
                failures.push(format!("{name}: refused: {reason}"));
            }
        }
    }
    if !failures.is_empty() {
        std::fs::create_dir_all(&keep).unwrap();
        for failure in &failures {
            let name = failure.split(':').next().unwrap();
            std::fs::write(keep.join(format!("{name}.wat")), &by_name[name].wat).unwrap();
        }
        panic!(
            "{} of {count} graphs failed (their text is in {}):\n{}",
            failures.len(),
            keep.display(),
            failures.join("\n")
        );
    }
    // Refusals stay rare: most graphs share tables without needing one.
    let refused: usize = outcome.refused.values().map(Vec::len).sum();
    assert!(
        refused * 20 <= count as usize,
        "{refused} of {count} graphs refused"
    );
}

/// The graphs kept in `tests/components/graphs/`: each once went wrong.
/// Every exported function but init is a query `func() -> u32`.
#[test]
fn kept_component_graphs_snapshot_as_init_left_them() {
    let dir = scratch("kept-component-graphs");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(jco::components().join("graphs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wat") {
            let wat = std::fs::read_to_string(&path).unwrap();
            let queries = query_exports(&wat);
            assert!(!queries.is_empty(), "{}: no queries", path.display());
            cases.push(Case {
                name: path.file_stem().unwrap().to_string_lossy().into_owned(),
                wat,
                queries,
            });
        }
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() >= 3, "the kept graphs are missing");
    let outcome = check(&cases, &dir);
    assert!(outcome.refused.is_empty(), "refused: {:?}", outcome.refused);
    assert!(
        outcome.wrong.is_empty(),
        "wrong snapshots: {:?}",
        outcome.wrong
    );
    assert_eq!(outcome.snapshotted, cases.len());
}

/// The component's exported functions but init, from its text.
fn query_exports(wat: &str) -> Vec<String> {
    let bytes = wat::parse_str(wat).unwrap();
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&bytes) {
        if let Ok(wasmparser::Payload::ComponentExportSection(reader)) = payload {
            for export in reader {
                let export = export.unwrap();
                if export.kind == wasmparser::ComponentExternalKind::Func
                    && export.name.name != INIT
                {
                    names.push(export.name.name.to_string());
                }
            }
        }
    }
    names
}
