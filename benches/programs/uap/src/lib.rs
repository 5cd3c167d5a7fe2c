//! Benchmark program: every `user_agent_parsers` regex of uap-core in one
//! `RegexSet`, built at initialization (parsing the YAML and compiling the
//! set). `run` counts, over the lines of its input, how many patterns match.

use regex::{RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::sync::OnceLock;

static SET: OnceLock<RegexSet> = OnceLock::new();

const REGEXES: &str = include_str!(concat!(env!("OUT_DIR"), "/regexes.yaml"));

#[derive(Deserialize)]
struct Core {
    user_agent_parsers: Vec<Parser>,
}

#[derive(Deserialize)]
struct Parser {
    regex: String,
}

fn init() -> &'static RegexSet {
    SET.get_or_init(|| {
        let core: Core = serde_yaml::from_str(REGEXES).expect("regexes.yaml parses");
        RegexSetBuilder::new(core.user_agent_parsers.iter().map(|p| &p.regex))
            .size_limit(1 << 30)
            .build()
            .expect("the uap-core regexes compile")
    })
}

#[cfg(feature = "wizer")]
#[export_name = "wizer.initialize"]
pub extern "C" fn wizer_initialize() {
    init();
}

#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

#[no_mangle]
pub extern "C" fn run(ptr: *const u8, len: usize) -> i32 {
    #[cfg(feature = "wizer")]
    let set = SET.get().expect("wizer.initialize ran");
    #[cfg(not(feature = "wizer"))]
    let set = init();
    let input = unsafe { std::slice::from_raw_parts(ptr, len) };
    let text = std::str::from_utf8(input).expect("the input is UTF-8");
    text.lines().map(|ua| set.matches(ua).iter().count()).sum::<usize>() as i32
}
