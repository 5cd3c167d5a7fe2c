//! The command line: clap arguments, their conversion into a [`Wizer`], and
//! the input/output handling around [`Wizer::run`] (stdin/stdout, atomic
//! writes).

use anyhow::{Context, Result, bail};
use clap::Parser;
use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use wizer_lite::Wizer;

mod output;
mod wasmtime;

/// Pre-initialize a WebAssembly module: run its init function once and write
/// a module whose memories and globals already hold the initialized state.
/// Components are taken too, and written as components.
///
/// A drop-in for Wizer's command line, running initialization on the wasmi
/// interpreter.
#[derive(Parser, Debug)]
#[command(name = "wizer-lite", version, max_term_width = 100)]
pub struct Args {
    /// The input module or component (binary or WAT); `-` or absent reads
    /// stdin.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,

    /// Where to write the pre-initialized module; stdout when absent. May be
    /// the input file itself.
    #[arg(short = 'o', long = "output", value_name = "OUTPUT")]
    output: Option<PathBuf>,

    /// The export name of the init function [default: `wizer.initialize`,
    /// else `wizer-initialize`; for a component, `wizer-initialize`].
    #[arg(short = 'f', long = "init-func", value_name = "NAME")]
    init_func: Option<String>,

    /// Rename export SRC to DST in the output (repeatable); an existing DST
    /// export is replaced.
    #[arg(
        short = 'r',
        long = "rename-func",
        visible_alias = "func-rename",
        value_name = "DST=SRC",
        action = clap::ArgAction::Append
    )]
    rename_func: Vec<String>,

    /// Keep exporting the init function from the output.
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true")]
    keep_init_func: Option<bool>,

    /// Name wizer-lite in the output's `producers` section (`processed-by`)
    /// [default: true].
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true")]
    producers_section: Option<bool>,

    /// Allow initialization to call WASI preview1 functions.
    #[arg(long)]
    allow_wasi: bool,

    /// With WASI, inherit stdin, stdout and stderr [default: true].
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true")]
    inherit_stdio: Option<bool>,

    /// With WASI, inherit the environment [default: false].
    #[arg(long, value_name = "true|false", num_args = 0..=1, default_missing_value = "true")]
    inherit_env: Option<bool>,

    /// With WASI, make the snapshot reproducible: fixed clocks that advance
    /// only when the guest sleeps, seeded `random_get`, and an environment
    /// that is empty unless given explicitly.
    #[arg(long)]
    deterministic: bool,

    /// The seed of `random_get` with `--deterministic` [default: 0].
    #[arg(long, value_name = "N", requires = "deterministic")]
    random_seed: Option<u64>,

    /// With WASI, set an environment variable for the guest (repeatable).
    /// A bare `NAME` passes the variable on from this environment, if set
    /// (as `wasmtime` does).
    #[arg(long, value_name = "NAME[=VALUE]", action = clap::ArgAction::Append)]
    env: Vec<String>,

    /// With WASI, preopen a host directory under the same name, or HOST as
    /// the guest directory GUEST (`wasmtime`'s spelling), read-write
    /// (repeatable).
    #[arg(long, value_name = "DIR|HOST::GUEST", action = clap::ArgAction::Append)]
    dir: Vec<PathBuf>,

    /// With WASI, preopen HOST as the guest directory GUEST (repeatable).
    #[arg(long, value_name = "GUEST::HOST", action = clap::ArgAction::Append)]
    mapdir: Vec<String>,

    /// With WASI, preopen a host directory for reading only (repeatable):
    /// `DIR` under its own name, or `GUEST::HOST`.
    #[arg(long, value_name = "DIR|GUEST::HOST", action = clap::ArgAction::Append)]
    dir_read_only: Vec<String>,

    /// Stop initialization after N wasm instructions (deterministic).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,

    /// Stop initialization after this many seconds of wall-clock time (also
    /// a tight loop).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    timeout: Option<std::time::Duration>,

    /// Let no memory grow beyond this size during initialization:
    /// `memory.grow` returns -1 instead, and a memory that starts larger is
    /// refused. Suffixes K, M, G (powers of 1024).
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_memory: Option<u64>,

    /// Let no table grow beyond this many elements during initialization:
    /// `table.grow` returns -1 instead.
    #[arg(long, value_name = "N", default_value_t = wizer_lite::DEFAULT_MAX_TABLE_ELEMENTS)]
    max_table_elements: u64,

    /// The deepest call stack initialization may use, in frames.
    #[arg(long, value_name = "FRAMES", default_value_t = wizer_lite::DEFAULT_MAX_CALL_DEPTH)]
    max_call_depth: usize,

    /// Instantiate the output afresh and check that it holds exactly the
    /// state captured after initialization.
    #[arg(long)]
    verify: bool,

    /// Write an audit report (JSON, schema in the README): digests, features
    /// used, what changed, what init read from the host, time per phase;
    /// on failure, the failure's cause and backtrace.
    #[arg(long, value_name = "FILE.json")]
    report: Option<PathBuf>,

    /// Print a short summary of what initialization did on stderr.
    #[arg(short, long)]
    verbose: bool,

    /// Instantiate the module in FILE as import module NAME (repeatable).
    #[arg(long, value_name = "NAME=FILE", action = clap::ArgAction::Append)]
    preload: Vec<String>,

    /// Enable or disable WebAssembly features, wasm-tools style: a
    /// comma-separated list of names, each optionally prefixed with `-` to
    /// disable it (e.g. `--features=-simd,-memory64`).
    #[arg(long, value_name = "LIST", allow_hyphen_values = true, action = clap::ArgAction::Append)]
    features: Vec<String>,

    #[command(flatten)]
    wasm: WasmFeatureFlags,

    /// `wasmtime wizer`'s WASI options: `cli[=y|n]` (allow WASI),
    /// `inherit-env[=y|n]`; others are accepted with a warning that they have
    /// no effect (repeatable, comma-separated).
    #[arg(short = 'S', long = "wasi", value_name = "KEY[=VAL[,..]]", action = clap::ArgAction::Append)]
    wasi_options: Vec<String>,

    /// `wasmtime wizer`'s wasm options: `<feature>=y|n`, `fuel=N`,
    /// `timeout=DURATION`, `max-memory-size=BYTES`, `max-table-elements=N`,
    /// `relaxed-simd-deterministic`; others are accepted with a warning
    /// that they have no effect (repeatable, comma-separated).
    #[arg(short = 'W', long = "wasm", value_name = "KEY[=VAL[,..]]", action = clap::ArgAction::Append)]
    wasm_options: Vec<String>,

    /// `wasmtime`'s optimization options: accepted with a warning, no effect
    /// (nothing is compiled).
    #[arg(short = 'O', long = "optimize", value_name = "KEY[=VAL[,..]]", action = clap::ArgAction::Append)]
    optimize: Vec<String>,

    /// `wasmtime`'s code generation options (Cranelift, Pulley): accepted
    /// with a warning, no effect.
    #[arg(short = 'C', long = "codegen", value_name = "KEY[=VAL[,..]]", action = clap::ArgAction::Append)]
    codegen: Vec<String>,

    /// `wasmtime`'s debug options: accepted with a warning, no effect.
    #[arg(short = 'D', long = "debug", value_name = "KEY[=VAL[,..]]", action = clap::ArgAction::Append)]
    debug: Vec<String>,
}

/// Wizer's `--wasm-<feature> <true|false>` flags, one per row of the
/// feature table.
#[derive(clap::Args, Debug)]
struct WasmFeatureFlags {
    /// Enable or disable the multi-value proposal [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_multi_value: Option<bool>,
    /// Enable or disable bulk memory operations [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_bulk_memory: Option<bool>,
    /// Enable or disable reference types [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_reference_types: Option<bool>,
    /// Enable or disable SIMD [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_simd: Option<bool>,
    /// Enable or disable relaxed SIMD, deterministic profile [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_relaxed_simd: Option<bool>,
    /// Enable or disable tail calls [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_tail_call: Option<bool>,
    /// Enable or disable extended constant expressions [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_extended_const: Option<bool>,
    /// Enable or disable the multi-memory proposal [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_multi_memory: Option<bool>,
    /// Enable or disable the memory64 proposal [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_memory64: Option<bool>,
    /// Enable or disable mutable globals [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_mutable_global: Option<bool>,
    /// Enable or disable sign-extension operators [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_sign_extension: Option<bool>,
    /// Enable or disable saturating float-to-int conversions [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_saturating_float_to_int: Option<bool>,
    /// Enable or disable wide arithmetic [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_wide_arithmetic: Option<bool>,
    /// Enable or disable custom page sizes [default: true].
    #[arg(long, value_name = "true|false")]
    wasm_custom_page_sizes: Option<bool>,
}

impl WasmFeatureFlags {
    fn choices(&self) -> [(&'static str, Option<bool>); 14] {
        [
            ("multi-value", self.wasm_multi_value),
            ("bulk-memory", self.wasm_bulk_memory),
            ("reference-types", self.wasm_reference_types),
            ("simd", self.wasm_simd),
            ("relaxed-simd", self.wasm_relaxed_simd),
            ("tail-call", self.wasm_tail_call),
            ("extended-const", self.wasm_extended_const),
            ("multi-memory", self.wasm_multi_memory),
            ("memory64", self.wasm_memory64),
            ("mutable-global", self.wasm_mutable_global),
            ("sign-extension", self.wasm_sign_extension),
            ("saturating-float-to-int", self.wasm_saturating_float_to_int),
            ("wide-arithmetic", self.wasm_wide_arithmetic),
            ("custom-page-sizes", self.wasm_custom_page_sizes),
        ]
    }
}

/// Flags whose value is optional. Clap would take the next word as their
/// value even when it is the input path (`--keep-init-func in.wasm`), so a
/// following word that is not a boolean is left alone.
const OPTIONAL_BOOL_FLAGS: [&str; 4] = [
    "--keep-init-func",
    "--inherit-stdio",
    "--inherit-env",
    "--producers-section",
];

/// Parses the command line.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Args {
    let mut out: Vec<OsString> = Vec::new();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let takes_optional_bool = arg
            .to_str()
            .is_some_and(|a| OPTIONAL_BOOL_FLAGS.contains(&a));
        let next_is_bool = args
            .peek()
            .and_then(|a| a.to_str())
            .is_some_and(|a| a == "true" || a == "false");
        if takes_optional_bool && !next_is_bool {
            let mut with_value = arg;
            with_value.push("=true");
            out.push(with_value);
        } else {
            out.push(arg);
        }
    }
    Args::try_parse_from(out).unwrap_or_else(|error| {
        // `--help` and `--version` print to stdout and succeed; a usage
        // error is an error like any other: exit status 1.
        let code = if error.use_stderr() { 1 } else { 0 };
        let _ = error.print();
        std::process::exit(code);
    })
}

impl Args {
    /// The library options these arguments ask for, and warnings about
    /// options that have no effect here.
    pub fn wizer(&self) -> Result<(Wizer, Vec<String>)> {
        let mut wizer = Wizer::new();
        if let Some(name) = &self.init_func {
            wizer.init_func(name);
        }
        for spec in &self.rename_func {
            match spec.split_once('=') {
                Some((dst, src)) if !dst.is_empty() && !src.is_empty() => {
                    wizer.func_rename(dst, src);
                }
                _ => bail!("invalid rename `{spec}`: expected `DST=SRC`"),
            }
        }
        if let Some(add) = self.producers_section {
            wizer.producers_section(add);
        }
        if let Some(keep) = self.keep_init_func {
            wizer.keep_init_func(keep);
        }
        wizer.allow_wasi(self.allow_wasi)?;
        wizer.deterministic(self.deterministic);
        if let Some(fuel) = self.fuel {
            wizer.fuel(fuel);
        }
        if let Some(timeout) = self.timeout {
            wizer.timeout(timeout);
        }
        if let Some(bytes) = self.max_memory {
            wizer.max_memory(bytes);
        }
        wizer.max_call_depth(self.max_call_depth);
        wizer.max_table_elements(self.max_table_elements);
        wizer.verify(self.verify);
        wizer.audit(self.report.is_some() || self.verbose);
        if let Some(seed) = self.random_seed {
            wizer.random_seed(seed);
        }
        if let Some(inherit) = self.inherit_stdio {
            wizer.inherit_stdio(inherit);
        }
        if let Some(inherit) = self.inherit_env {
            wizer.inherit_env(inherit);
        }
        for spec in &self.env {
            match spec.split_once('=') {
                Some((name, value)) => {
                    wizer.env(name, value);
                }
                None if spec.is_empty() => bail!("invalid `--env`: expected `NAME[=VALUE]`"),
                // A bare name passes the variable on, if it is set.
                None => {
                    if let Ok(value) = std::env::var(spec) {
                        wizer.env(spec, value);
                    }
                }
            }
        }
        for dir in &self.dir {
            match dir.to_str().and_then(|spec| spec.split_once("::")) {
                Some((host, guest)) => wizer.map_dir(guest, host),
                None => wizer.dir(dir),
            };
        }
        for spec in &self.mapdir {
            let (guest, host) = spec
                .split_once("::")
                .with_context(|| format!("invalid `--mapdir {spec}`: expected `GUEST::HOST`"))?;
            wizer.map_dir(guest, host);
        }
        for spec in &self.dir_read_only {
            match spec.split_once("::") {
                Some((guest, host)) => wizer.map_dir_read_only(guest, host),
                None => wizer.map_dir_read_only(spec.as_str(), spec.as_str()),
            };
        }
        for spec in &self.preload {
            let (name, file) = spec
                .split_once('=')
                .with_context(|| format!("invalid `--preload {spec}`: expected `NAME=FILE`"))?;
            wizer.preload(name, file);
        }
        for list in &self.features {
            for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                match item.strip_prefix('-') {
                    Some(name) => wizer.wasm_feature(name, false)?,
                    None => wizer.wasm_feature(item, true)?,
                };
            }
        }
        for (name, choice) in self.wasm.choices() {
            if let Some(enable) = choice {
                wizer.wasm_feature(name, enable)?;
            }
        }
        let warnings = wasmtime::apply(
            &mut wizer,
            &self.wasi_options,
            &self.wasm_options,
            &[
                ("-O", &self.optimize),
                ("-C", &self.codegen),
                ("-D", &self.debug),
            ],
        )?;
        Ok((wizer, warnings))
    }

    /// Reads the input, runs the snapshot, writes the output; on failure,
    /// writes the report of the failure to `--report`.
    pub fn run(&self) -> Result<()> {
        let mut input = None;
        let result = self.snapshot(&mut input);
        if let (Err(error), Some(path)) = (&result, &self.report) {
            let failure = match error.downcast_ref::<wizer_lite::InitFailure>() {
                Some(failure) => failure.to_json(),
                None => serde_json::json!({ "kind": "error", "message": format!("{error:#}") }),
            };
            let report = serde_json::json!({
                "schema": 1,
                "producer": { "name": "wizer-lite", "version": env!("CARGO_PKG_VERSION") },
                "input": input.as_deref().map(wizer_lite::Digest::of),
                "failure": failure,
            });
            let text = serde_json::to_string_pretty(&report).expect("JSON values serialize");
            if let Err(e) = output::write_atomically(path, format!("{text}\n").as_bytes()) {
                eprintln!("warning: failed to write the report: {e:#}");
            }
        }
        result
    }

    /// Reads the input (into `input`), runs the snapshot, writes the
    /// output.
    fn snapshot(&self, input: &mut Option<Vec<u8>>) -> Result<()> {
        let (mut wizer, warnings) = self.wizer()?;
        for warning in &warnings {
            eprintln!("warning: {warning}");
        }
        let to_stdout = self.output.as_deref().is_none_or(|p| p == Path::new("-"));
        // The guest must not write into the module we are writing.
        wizer.guest_stdout_to_stderr(to_stdout);
        if to_stdout && std::io::stdout().is_terminal() {
            bail!(
                "refusing to write a binary module to a terminal: pass `-o FILE` or redirect stdout"
            );
        }
        let input = input.insert(read_input(self.input.as_deref())?);
        // The module is written in pieces, the snapshot's data straight
        // from the instance's memory (see `run_detailed_into`): to a file,
        // renamed into place once the report is written too; to stdout
        // as it comes, unless a report file is to be written first.
        let mut file = match self.output.as_deref() {
            Some(path) if !to_stdout => Some(output::AtomicFile::new(path)),
            _ => None,
        };
        let stream_to_stdout = to_stdout && self.report.is_none();
        let output = match &mut file {
            Some(file) => wizer.run_detailed_into(input, &mut |chunk| file.write(chunk))?,
            None if stream_to_stdout => {
                let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
                let mut write = |chunk: &[u8]| {
                    stdout
                        .write_all(chunk)
                        .context("failed to write the module to stdout")
                };
                let output = wizer.run_detailed_into(input, &mut write)?;
                stdout
                    .flush()
                    .context("failed to write the module to stdout")?;
                output
            }
            None => wizer.run_detailed(input)?,
        };
        for warning in &output.warnings {
            eprintln!("warning: {warning}");
        }
        if let Some(report) = &output.report {
            if self.verbose {
                eprint!("{}", report.summary());
            }
            if let Some(path) = &self.report {
                output::write_atomically(path, report.to_json().as_bytes())?;
            }
        }
        let output = output.wasm;
        match file {
            Some(file) => file.commit(),
            None if stream_to_stdout => Ok(()),
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(&output)
                    .and_then(|()| stdout.flush())
                    .context("failed to write the module to stdout")
            }
        }
    }
}

/// `1.5` -> 1.5 s.
fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    std::time::Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{text}`: {e}"))
}

/// `65536`, `64K`, `512M`, `4G`.
fn parse_bytes(text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let shift = match unit.to_ascii_uppercase().as_str() {
        "" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("`{text}`: unknown unit `{unit}` (use K, M or G)")),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size in bytes"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

fn read_input(path: Option<&Path>) -> Result<Vec<u8>> {
    match path {
        None => read_stdin(),
        Some(p) if p == Path::new("-") => read_stdin(),
        Some(p) => std::fs::read(p).with_context(|| format!("failed to read `{}`", p.display())),
    }
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("failed to read the module from stdin")?;
    Ok(bytes)
}
