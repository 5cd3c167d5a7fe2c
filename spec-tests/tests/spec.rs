//! `cargo test -p wizer-lite-spec-tests`: the whole spec suite, snapshotted
//! and replayed. Prints `spec: N passed, N failed, N skipped`.
//!
//! `BLESS=1` rewrites `skip.txt` with the current failures (keeping the
//! reasons of entries that still fail): review every new line.

use std::path::Path;
use wizer_lite_spec_tests::runner::{Failure, Mode};
use wizer_lite_spec_tests::{judge, parse_skip_list, run_all, scripts};

fn main() {
    let skip_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("skip.txt");
    let skip_text = std::fs::read_to_string(&skip_path).unwrap_or_default();
    let skips = parse_skip_list(&skip_text).unwrap();

    let scripts = scripts();
    assert!(scripts.len() > 200, "only {} scripts found", scripts.len());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let outcomes = run_all(&scripts, threads);

    if std::env::var("BLESS").is_ok_and(|v| v == "1") {
        let header = skip_text.lines().take_while(|l| l.starts_with('#'));
        let mut lines: Vec<String> = header.map(String::from).collect();
        let mut seen = std::collections::BTreeSet::new();
        for outcome in &outcomes {
            if let Err(Failure::Failed(e)) = &outcome.result
                && seen.insert(outcome.key.clone())
            {
                let reason = skips
                    .get(&outcome.key)
                    .cloned()
                    .unwrap_or_else(|| e.lines().next().unwrap_or("").to_string());
                lines.push(format!("{} {}", outcome.key, reason));
            }
        }
        std::fs::write(&skip_path, lines.join("\n") + "\n").unwrap();
        println!("spec: skip.txt rewritten; review the diff");
        return;
    }

    let summary = judge(&outcomes, &skips);
    for failure in &summary.failed {
        eprintln!("FAIL {failure}");
    }
    for (suite, [passed, failed, skipped]) in &summary.per_suite {
        println!("  {suite}: {passed} passed, {failed} failed, {skipped} skipped");
    }
    let snapshots = outcomes
        .iter()
        .filter(|o| o.mode != Mode::Plain && o.result.is_ok())
        .count();
    println!("  modules snapshotted and replayed (all three points): {snapshots}");
    println!(
        "spec: {} passed, {} failed, {} skipped",
        summary.passed,
        summary.failed.len(),
        summary.skipped
    );
    if !summary.failed.is_empty() {
        std::process::exit(1);
    }
}
