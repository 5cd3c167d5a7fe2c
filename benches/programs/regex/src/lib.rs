//! Benchmark program: a log-line regex compiled at initialization.
//! `run` counts the lines of its input that the pattern matches with a
//! 2xx status.

use regex::Regex;

const PATTERN: &str = r#"(?m)^(\S+) \S+ (\S+) \[([\w:/]+\s[+\-]\d{4})\] "(GET|POST|PUT|DELETE|HEAD|PATCH) (\S+) HTTP/\d\.\d" (\d{3}) (\d+|-)(?: "([^"]*)" "([^"]*)")?$"#;

bench_glue::program! {
    Regex = || Regex::new(PATTERN).expect("the pattern compiles");
    run(re, input) {
        let text = std::str::from_utf8(input).expect("the input is UTF-8");
        re.captures_iter(text)
            .filter(|c| c[6].starts_with('2'))
            .count() as i32
    }
}
