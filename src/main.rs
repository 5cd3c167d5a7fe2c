//! The `wizer-lite` command: parse arguments, run, print `error: ...` with
//! the cause chain and exit 1 on failure.

mod cli;

fn main() {
    let args = cli::parse_args(std::env::args_os());
    if let Err(error) = args.run() {
        eprintln!("error: {error:?}");
        std::process::exit(1);
    }
}
