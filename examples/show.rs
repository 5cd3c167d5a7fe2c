//! Prints a module as WAT: `cargo run --example show -- primes.wasm`.
//!
//! Used by the README to show what a snapshot looks like: the init export is
//! gone, the globals hold their initialized values and the data segments
//! hold what init computed.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: show MODULE.wasm");
        std::process::exit(2);
    };
    let wasm = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: failed to read `{path}`: {e}");
            std::process::exit(1);
        }
    };
    match wasmprinter::print_bytes(&wasm) {
        Ok(text) => println!("{text}"),
        Err(e) => {
            eprintln!("error: `{path}` is not a valid module: {e:#}");
            std::process::exit(1);
        }
    }
}
