//! Benchmark program: a log-line regex compiled at initialization.
//! `run` counts the lines of its input that the pattern matches with a
//! 2xx status.

use regex::Regex;
use std::sync::OnceLock;

static RE: OnceLock<Regex> = OnceLock::new();

const PATTERN: &str = r#"(?m)^(\S+) \S+ (\S+) \[([\w:/]+\s[+\-]\d{4})\] "(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP/\d\.\d" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?$"#;

fn init() -> &'static Regex {
    RE.get_or_init(|| Regex::new(PATTERN).expect("the pattern compiles"))
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
    let re = RE.get().expect("wizer.initialize ran");
    #[cfg(not(feature = "wizer"))]
    let re = init();
    let input = unsafe { std::slice::from_raw_parts(ptr, len) };
    let text = std::str::from_utf8(input).expect("the input is UTF-8");
    re.captures_iter(text)
        .filter(|c| c[6].starts_with('2'))
        .count() as i32
}
