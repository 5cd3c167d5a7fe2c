//! The `wizer-lite` command: parse arguments, run, print `error: ...` with
//! the cause chain and exit 1 on failure.

mod cli;

fn main() {
    let args = cli::parse_args(std::env::args_os());
    let code = match args.run() {
        Ok(()) => 0,
        Err(error) => {
            // The cause chain as anyhow prints it, but never a Rust
            // backtrace: users get the same report whatever
            // `RUST_BACKTRACE` says.
            let mut report = format!("error: {error}");
            let mut causes = error.chain().skip(1).peekable();
            if causes.peek().is_some() {
                report.push_str("\n\nCaused by:");
                for cause in causes {
                    report.push_str(&format!("\n    {cause}"));
                }
            }
            eprintln!("{}", shorten_lines(&report));
            1
        }
    };
    std::process::exit(code);
}

/// Error reports may quote the input (a WAT syntax error shows its line);
/// a hostile input's line can be megabytes long, so each line is cut.
fn shorten_lines(report: &str) -> String {
    const MAX: usize = 300;
    report
        .lines()
        .map(|line| match line.char_indices().nth(MAX) {
            Some((at, _)) => format!("{} [...]", &line[..at]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
