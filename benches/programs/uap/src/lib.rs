//! Benchmark program: every `user_agent_parsers` regex of uap-core in one
//! `RegexSet`, built at initialization (parsing the YAML and compiling the
//! set). `run` counts, over the lines of its input, how many patterns match.

use regex::{RegexSet, RegexSetBuilder};
use serde::Deserialize;
const REGEXES: &str = include_str!(concat!(env!("OUT_DIR"), "/regexes.yaml"));

#[derive(Deserialize)]
struct Core {
    user_agent_parsers: Vec<Parser>,
}

#[derive(Deserialize)]
struct Parser {
    regex: String,
}

fn build() -> RegexSet {
    let core: Core = serde_yaml::from_str(REGEXES).expect("regexes.yaml parses");
    RegexSetBuilder::new(core.user_agent_parsers.iter().map(|p| &p.regex))
        .size_limit(1 << 30)
        .build()
        .expect("the uap-core regexes compile")
}

bench_glue::program! {
    RegexSet = build;
    run(set, input) {
        let text = std::str::from_utf8(input).expect("the input is UTF-8");
        text.lines().map(|ua| set.matches(ua).iter().count()).sum::<usize>() as i32
    }
}
