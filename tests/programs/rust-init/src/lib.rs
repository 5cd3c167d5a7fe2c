//! A Rust reactor whose initialization uses `std::fs`, `std::env` and a
//! `HashMap` (whose hasher is seeded through WASI `random_get`). The
//! exports report what init built, so a test can check the snapshot.

use std::collections::HashMap;
use std::sync::OnceLock;

struct State {
    /// word -> how many times it appears in data/words.txt
    counts: HashMap<String, u32>,
    greeting: String,
    files: Vec<String>,
}

static STATE: OnceLock<State> = OnceLock::new();

fn state() -> &'static State {
    STATE.get().expect("wizer.initialize ran")
}

#[export_name = "wizer.initialize"]
pub extern "C" fn init() {
    let text = std::fs::read_to_string("data/words.txt").unwrap_or_default();
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    let greeting = std::env::var("GREETING").unwrap_or_default();
    let mut files: Vec<String> = std::fs::read_dir("data")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let _ = STATE.set(State { counts, greeting, files });
}

/// How many distinct words.
#[no_mangle]
pub extern "C" fn distinct() -> i32 {
    state().counts.len() as i32
}

/// How often `the` appears: a lookup through the frozen hasher.
#[no_mangle]
pub extern "C" fn count_the() -> i32 {
    state().counts.get("the").copied().unwrap_or(0) as i32
}

/// The total of all counts.
#[no_mangle]
pub extern "C" fn total() -> i32 {
    state().counts.values().sum::<u32>() as i32
}

#[no_mangle]
pub extern "C" fn greeting_len() -> i32 {
    state().greeting.len() as i32
}

/// How many files init saw in `data`.
#[no_mangle]
pub extern "C" fn files() -> i32 {
    state().files.len() as i32
}
