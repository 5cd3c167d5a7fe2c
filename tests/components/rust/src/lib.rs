//! The component fixture of `tests/component.rs`: init builds real state
//! (a table of squares, a map with a fixed hasher, a counter of init runs),
//! and `run` prints it. A snapshot whose init runs again says `runs=2`.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Mutex;

wit_bindgen::generate!({ path: "wit", world: "fixture" });

/// SipHash with fixed keys: the same map layout on every build and run.
type Fixed = BuildHasherDefault<std::collections::hash_map::DefaultHasher>;

struct State {
    runs: u32,
    squares: Vec<u64>,
    words: HashMap<String, usize, Fixed>,
    config: String,
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

struct Fixture;

impl Guest for Fixture {
    fn wizer_initialize() {
        if cfg!(feature = "print-init") {
            println!("init: building the tables");
            eprintln!("init: (on stderr)");
        }
        let mut state = STATE.lock().unwrap();
        let runs = state.as_ref().map_or(0, |s| s.runs) + 1;
        let squares = (0..1000u64).map(|i| i * i).collect();
        let mut words = HashMap::with_hasher(Fixed::default());
        for (i, word) in "the quick brown fox jumps over the lazy dog".split(' ').enumerate() {
            *words.entry(word.to_string()).or_insert(0) += i;
        }
        #[cfg(feature = "panic-init")] check_words(&words); *state = Some(State { runs, squares, words, config: config() });
    }

    fn run() -> String {
        let state = STATE.lock().unwrap();
        let Some(state) = state.as_ref() else {
            return "not initialized".to_string();
        };
        let mut words: Vec<_> = state.words.iter().collect();
        words.sort();
        format!(
            "runs={} squares[999]={} sum={} words={:?} buckets={} config={}",
            state.runs,
            state.squares[999],
            state.squares.iter().sum::<u64>(),
            words,
            state.words.capacity(),
            state.config,
        )
    }

    fn read_file(path: String) -> String {
        std::fs::read_to_string(&path).unwrap_or_else(|e| format!("error: {e}"))
    }
}

/// What init reads through WASI: a preopened file, a variable, the
/// preopen's listing, and a map seeded by the host (`RandomState`).
#[cfg(feature = "wasi-init")]
fn config() -> String {
    let file = std::fs::read_to_string("/config/app.toml").unwrap_or_else(|e| format!("error: {e}"));
    let var = std::env::var("FIXTURE_MODE").unwrap_or_else(|e| format!("error: {e}"));
    let mut listing: Vec<String> = match std::fs::read_dir("/config") {
        Ok(entries) => entries
            .map(|e| e.map_or_else(|e| format!("error: {e}"), |e| e.file_name().to_string_lossy().into_owned()))
            .collect(),
        Err(e) => vec![format!("error: {e}")],
    };
    listing.sort();
    let seeded: HashMap<&str, usize> = file.lines().map(|l| (l, l.len())).collect();
    // One more file, named by a variable: what the sandbox lets through.
    let extra = std::env::var("FIXTURE_EXTRA").ok().map(|path| {
        std::fs::read(&path).map_or_else(|e| format!("error: {e}"), |b| format!("{} bytes", b.len()))
    });
    format!(
        "{:?} mode={var} dir={listing:?} seeded={} extra={extra:?} scratch={:?} clocks={}",
        file.trim(),
        seeded.len(),
        scratch(),
        clocks(),
    )
}

/// With a writable preopen named by `FIXTURE_SCRATCH`: make a directory,
/// write, append, stat, read back, rename and remove.
#[cfg(feature = "wasi-init")]
fn scratch() -> Option<String> {
    use std::io::Write;
    let root = std::env::var("FIXTURE_SCRATCH").ok()?;
    let run = || -> std::io::Result<String> {
        let dir = format!("{root}/made");
        std::fs::create_dir(&dir)?;
        std::fs::write(format!("{dir}/a.txt"), "first ")?;
        let mut file = std::fs::OpenOptions::new().append(true).open(format!("{dir}/a.txt"))?;
        file.write_all(b"second")?;
        drop(file);
        let size = std::fs::metadata(format!("{dir}/a.txt"))?.len();
        let is_dir = std::fs::metadata(&dir)?.is_dir();
        std::fs::rename(format!("{dir}/a.txt"), format!("{dir}/b.txt"))?;
        let text = std::fs::read_to_string(format!("{dir}/b.txt"))?;
        let gone = std::fs::metadata(format!("{dir}/a.txt")).is_err();
        std::fs::remove_file(format!("{dir}/b.txt"))?;
        std::fs::remove_dir(&dir)?;
        Ok(format!("size={size} dir={is_dir} text={text} renamed={gone}"))
    };
    Some(run().unwrap_or_else(|e| format!("error: {e}")))
}

/// The clocks: the wall clock is after 2000, the monotonic one moves on.
#[cfg(feature = "wasi-init")]
fn clocks() -> String {
    let wall = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let start = std::time::Instant::now();
    let later = std::time::Instant::now();
    format!("wall>=2000:{} monotonic:{}", wall >= 946_684_800, later >= start)
}

#[cfg(not(feature = "wasi-init"))]
fn config() -> String {
    "none".to_string()
}

export!(Fixture);

/// Refuses the words: the panic of the `panic-init` build. (Its call
/// shares a line with the next statement, and this is last in the file, so
/// that the other builds stay byte for byte as they were.)
#[cfg(feature = "panic-init")]
#[inline(never)]
fn check_words(words: &HashMap<String, usize, Fixed>) {
    let distinct = words.len();
    if distinct < 100 {
        panic!("too few distinct words: {distinct}");
    }
}
