//! End-to-end snapshot benchmark over real programs (`cargo bench`).
//!
//! For each program in `benches/programs/wasm/` it measures, over several
//! runs (median): the wall time and peak RSS of `wizer-lite` snapshotting it,
//! the time spent inside the init call against everything else (from the
//! `--report` phases), the output's size and data-segment count, and the
//! start-up time the snapshot saves under wasmi (compile + instantiate + the
//! first `run`, control build against snapshot). When a `wizer` binary is
//! found (`$WIZER`, or `wizer` on `PATH`), it snapshots the same inputs in
//! the same loop, alternating with wizer-lite, each run with a fresh
//! `XDG_CACHE_HOME` so that Wasmtime's compilation cache cannot help it, and
//! the ratios are printed.
//!
//! It asserts nothing about time. It does check that every snapshot (ours
//! and Wizer's) still gives each program's known answer, since a fast wrong
//! snapshot is worth nothing.
//!
//! The component fixtures (`tests/components`) are timed too, beside
//! `wasmtime wizer` when `$WASMTIME` names a Wasmtime CLI with its `wizer`
//! subcommand (run with a warm and with a cold compilation cache), with
//! each output's size and whether it validates.
//!
//! Arguments: program names to run a subset (`scan`, `guard` and
//! `components` for those parts). Environment: `WIZER_LITE_BENCH_RUNS`
//! (default 5), `WIZER` (path to wizer), `WASMTIME` (path to wasmtime).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wizer_lite::wasmi::{self, Engine, Linker, Module, Store, Val};

/// A benchmark program: its name and the answer `run` gives on its input.
struct Program {
    name: String,
    input: PathBuf,
    expected: i32,
}

/// One process run: wall time and peak resident set size.
///
/// Peak RSS is `wait4`'s `ru_maxrss`, which Linux carries over `exec` from
/// the process that spawned the child: so the benchmark process itself
/// stays small, and everything that loads modules or runs wasmi happens in
/// a child (`--probe`).
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    max_rss: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--probe") {
        // A child of the benchmark: see `probe`.
        return probe(&args[2..]);
    }
    if args.get(1).map(String::as_str) == Some("--probe-guard") {
        // A child of the benchmark: see `probe_guard`.
        return probe_guard(&args[2..]);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/programs");
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs: usize = std::env::var("WIZER_LITE_BENCH_RUNS")
        .ok()
        .map(|r| r.parse().expect("WIZER_LITE_BENCH_RUNS is a number"))
        .unwrap_or(5);
    let wizer = find_wizer();
    let programs = load_programs(&root);
    let work = std::env::temp_dir().join(format!("wizer-lite-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();

    println!("wizer-lite benchmark: {runs} runs per program, median");
    match &wizer {
        Some(w) => println!("wizer: {} ({})", w.display(), version(w)),
        None => println!("wizer: not found (set WIZER or put wizer on PATH to compare)"),
    }
    println!("machine: {}", machine());
    println!();

    let mut rows = Vec::new();
    for program in programs
        .iter()
        .filter(|p| filter.is_empty() || filter.contains(&p.name))
    {
        eprintln!("bench: {}", program.name);
        rows.push(bench_program(&root, &work, program, runs, wizer.as_deref()));
    }
    print_table(&rows, wizer.is_some());
    if filter.is_empty() || filter.iter().any(|f| f == "scan") {
        scan_throughput(&work);
    }
    if filter.is_empty() || filter.iter().any(|f| f == "guard") {
        guard_cost(&root, &programs);
    }
    if filter.is_empty() || filter.iter().any(|f| f == "components") {
        components(&work, runs);
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// The memory scan on a 256 MiB memory, sparse (one byte per 64 KiB) and
/// dense (every byte set): the `capture` phase, which scans every byte and
/// copies the non-zero runs out, against the memory's size.
fn scan_throughput(work: &Path) {
    const PAGES: u64 = 4096;
    println!();
    for (kind, init) in [
        (
            "sparse",
            "(local $i i32)
             (loop $l
               (i32.store8 (local.get $i) (i32.const 7))
               (local.set $i (i32.add (local.get $i) (i32.const 65536)))
               (br_if $l (i32.lt_u (local.get $i) (i32.const 0x10000000))))",
        ),
        (
            "dense",
            "(memory.fill (i32.const 0) (i32.const 0x5a) (i32.const 0x10000000))",
        ),
    ] {
        let wat = format!(
            "(module (memory (export \"memory\") {PAGES})
               (func (export \"wizer.initialize\") {init}))"
        );
        let input = work.join(format!("scan-{kind}.wasm"));
        std::fs::write(&input, wat::parse_str(&wat).unwrap()).unwrap();
        let report = work.join("scan.json");
        let mut captures = Vec::new();
        for _ in 0..3 {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_wizer-lite"));
            cmd.arg("--report")
                .arg(&report)
                .arg(&input)
                .arg("-o")
                .arg(work.join("scan-out.wasm"));
            measure(&mut cmd, "wizer-lite (scan)");
            let ms = read_phases(&report)
                .into_iter()
                .find(|(name, _)| name == "capture")
                .expect("a capture phase")
                .1;
            captures.push(Duration::from_secs_f64(ms / 1000.0));
        }
        let capture = median(captures);
        let bytes = PAGES * 65536;
        println!(
            "scan: {kind} {} MiB memory captured in {:.1} ms: {:.1} GB/s",
            bytes >> 20,
            capture.as_secs_f64() * 1000.0,
            bytes as f64 / capture.as_secs_f64() / 1e9
        );
    }
}

/// The guard against wasmi's `select` miscompilation on each program's
/// module and on the modules listed in `WIZER_LITE_BENCH_GUARD` (paths
/// separated by `:`, such as ComponentizeJS's 10 MB SpiderMonkey embedding,
/// `lib/starlingmonkey_embedding.wasm` in the
/// `@bytecodealliance/componentize-js` npm package): the median time of
/// the whole guard (filter, decode, rewrite of the code section) in a
/// child process.
fn guard_cost(root: &Path, programs: &[Program]) {
    let mut modules: Vec<(String, PathBuf)> = programs
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                root.join("wasm").join(format!("{}.wasm", p.name)),
            )
        })
        .collect();
    if let Ok(extra) = std::env::var("WIZER_LITE_BENCH_GUARD") {
        for path in extra.split(':').filter(|p| !p.is_empty()) {
            let name = Path::new(path).file_stem().unwrap().to_string_lossy();
            modules.push((name.into_owned(), PathBuf::from(path)));
        }
    }
    println!();
    for (name, path) in modules {
        let out = Command::new(std::env::current_exe().unwrap())
            .arg("--probe-guard")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "guard probe on {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let line = String::from_utf8(out.stdout).unwrap();
        let [code, decoded, ms] = line.split_whitespace().collect::<Vec<_>>()[..] else {
            panic!("guard probe printed {line:?}");
        };
        let code: f64 = code.parse().unwrap();
        let decoded: f64 = decoded.parse().unwrap();
        println!(
            "guard: {name:<26} {:6.2} MB of code, {:5.1}% in bodies decoded, {ms} ms",
            code / 1e6,
            100.0 * decoded / code.max(1.0),
        );
    }
}

/// A child: the guard's median time on one module (`testing::guard_stats`).
fn probe_guard(args: &[String]) {
    let [wasm] = args else {
        panic!("usage: --probe-guard WASM");
    };
    let wasm = std::fs::read(wasm).unwrap();
    let mut times = Vec::new();
    let mut stats = (0, 0);
    for _ in 0..5 {
        let start = Instant::now();
        let guarded = wizer_lite::testing::guard_for_wasmi(&wasm);
        times.push(start.elapsed());
        std::hint::black_box(guarded);
        stats = wizer_lite::testing::guard_stats(&wasm);
    }
    println!(
        "{} {} {:.1}",
        stats.0,
        stats.1,
        median(times).as_secs_f64() * 1000.0
    );
}

/// What was measured for one program.
struct Row {
    name: String,
    ours: Run,
    init: Duration,
    phases: Vec<(String, f64)>,
    out_size: u64,
    segments: usize,
    largest_memory: u64,
    startup_control: Duration,
    startup_snapshot: Duration,
    wizer: Option<(Run, u64, usize)>,
}

fn bench_program(
    root: &Path,
    work: &Path,
    program: &Program,
    runs: usize,
    wizer: Option<&Path>,
) -> Row {
    let input = root.join(format!("wasm/{}.wasm", program.name));
    let control = root.join(format!("wasm/{}-control.wasm", program.name));
    let ours_out = work.join(format!("{}.lite.wasm", program.name));
    let wizer_out = work.join(format!("{}.wizer.wasm", program.name));
    let report = work.join(format!("{}.report.json", program.name));

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut inits = Vec::new();
    let mut phase_runs = Vec::new();
    for _ in 0..runs {
        // Timed as a build pipeline runs it.
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wizer-lite"));
        cmd.arg("--allow-wasi").arg(&input).arg("-o").arg(&ours_out);
        ours.push(measure(&mut cmd, "wizer-lite"));
        // Once more with `--report`, for the time of each phase (the report
        // itself costs time: digests and per-feature validation).
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_wizer-lite"));
        cmd.args(["--allow-wasi", "--report"])
            .arg(&report)
            .arg(&input)
            .arg("-o")
            .arg(&ours_out);
        measure(&mut cmd, "wizer-lite --report");
        let phases = read_phases(&report);
        let init: f64 = phases
            .iter()
            .filter(|(name, _)| name == "init" || name == "_initialize")
            .map(|(_, ms)| ms)
            .sum();
        inits.push(Duration::from_secs_f64(init / 1000.0));
        phase_runs.push(phases);

        if let Some(wizer) = wizer {
            let cache = work.join("xdg-cache");
            let _ = std::fs::remove_dir_all(&cache);
            let mut cmd = Command::new(wizer);
            cmd.env("XDG_CACHE_HOME", &cache)
                .arg("--allow-wasi")
                .arg(&input)
                .arg("-o")
                .arg(&wizer_out);
            theirs.push(measure(&mut cmd, "wizer"));
        }
    }

    let ours_probe = run_probe(&ours_out, program, "snapshot", runs);
    let wizer = wizer.map(|_| {
        let probe = run_probe(&wizer_out, program, "snapshot", 1);
        (median_run(&theirs), probe.size, probe.segments)
    });
    let control_probe = run_probe(&control, program, "control", runs);

    // The median run's phases.
    let mid = median_index(&inits);
    Row {
        name: program.name.clone(),
        ours: median_run(&ours),
        init: inits[mid],
        phases: phase_runs.swap_remove(mid),
        out_size: ours_probe.size,
        segments: ours_probe.segments,
        largest_memory: ours_probe.largest_memory,
        startup_control: control_probe.startup,
        startup_snapshot: ours_probe.startup,
        wizer,
    }
}

fn print_table(rows: &[Row], with_wizer: bool) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "{:<9} {:>9} {:>9} {:>9} {:>6} {:>9} {:>9} {:>6} {:>9} {:>9} {:>8}",
        "program",
        "total ms",
        "init ms",
        "other ms",
        "other",
        "RSS MiB",
        "mem MiB",
        "RSS/",
        "out KiB",
        "segments",
        "startup"
    );
    for r in rows {
        let other = ms(r.ours.wall) - ms(r.init);
        println!(
            "{:<9} {:>9.1} {:>9.1} {:>9.1} {:>5.1}% {:>9.1} {:>9.1} {:>6.2} {:>9.1} {:>9} {:>7.1}x",
            r.name,
            ms(r.ours.wall),
            ms(r.init),
            other,
            100.0 * other / ms(r.ours.wall),
            mib(r.ours.max_rss),
            mib(r.largest_memory),
            r.ours.max_rss as f64 / (r.largest_memory + r.out_size) as f64,
            r.out_size as f64 / 1024.0,
            r.segments,
            ms(r.startup_control) / ms(r.startup_snapshot),
        );
    }
    println!();
    println!(
        "other = everything outside the init call (read, parse, validate, instrument, compile,"
    );
    println!("scan, rewrite, validate, write); RSS/ = peak RSS / (largest memory + output size);");
    println!(
        "startup = (compile + instantiate + first run) of the control build / of the snapshot, under wasmi."
    );
    println!();
    println!("phases of the median run (ms, from --report):");
    for r in rows {
        let phases: Vec<String> = r
            .phases
            .iter()
            .map(|(n, t)| format!("{n} {t:.1}"))
            .collect();
        println!("  {:<9} {}", r.name, phases.join(", "));
    }
    println!("startup (ms): control / snapshot");
    for r in rows {
        println!(
            "  {:<9} {:.1} / {:.1}",
            r.name,
            ms(r.startup_control),
            ms(r.startup_snapshot)
        );
    }
    if !with_wizer {
        return;
    }
    println!();
    println!(
        "{:<9} {:>11} {:>9} {:>10} {:>9} {:>10} {:>9} {:>14}",
        "program", "wizer ms", "time", "wizer MiB", "RSS", "wizer KiB", "size", "segments"
    );
    let mut log_sum = 0.0;
    for r in rows {
        let (run, size, segments) = r.wizer.unwrap();
        let ratio = ms(r.ours.wall) / ms(run.wall);
        log_sum += ratio.ln();
        println!(
            "{:<9} {:>11.1} {:>8.3}x {:>10.1} {:>8.2}x {:>10.1} {:>8.3}x {:>6} vs {:>4}",
            r.name,
            ms(run.wall),
            ratio,
            mib(run.max_rss),
            r.ours.max_rss as f64 / run.max_rss as f64,
            size as f64 / 1024.0,
            r.out_size as f64 / size as f64,
            r.segments,
            segments,
        );
    }
    println!(
        "geometric mean of time ratios (wizer-lite / wizer): {:.3}x",
        (log_sum / rows.len() as f64).exp()
    );
    println!(
        "ratios are wizer-lite / wizer: below 1 means wizer-lite is faster, smaller or leaner."
    );
}

/// What a probe child reports about one module.
struct Probe {
    size: u64,
    segments: usize,
    largest_memory: u64,
    /// Median start-up time.
    startup: Duration,
}

/// Runs a probe child on `wasm` (`kind` is `control` or `snapshot`).
fn run_probe(wasm: &Path, program: &Program, kind: &str, runs: usize) -> Probe {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--probe")
        .arg(wasm)
        .arg(&program.input)
        .arg(program.expected.to_string())
        .arg(kind)
        .arg(runs.to_string())
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: the probe of {} failed",
        program.name,
        wasm.display()
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let fields: Vec<u64> = text
        .split_whitespace()
        .map(|f| f.parse().unwrap())
        .collect();
    let [size, segments, largest_memory, startup_ns] = fields[..] else {
        panic!("probe output {text:?}");
    };
    Probe {
        size,
        segments: segments as usize,
        largest_memory,
        startup: Duration::from_nanos(startup_ns),
    }
}

/// The probe child: checks that `wasm` gives the expected answer, and
/// prints its size, data-segment count, largest memory and median start-up
/// time in nanoseconds.
fn probe(args: &[String]) {
    let [wasm, input, expected, kind, runs] = args else {
        panic!("usage: --probe WASM INPUT EXPECTED control|snapshot RUNS");
    };
    let wasm = std::fs::read(wasm).unwrap();
    let program = Program {
        name: kind.clone(),
        input: PathBuf::from(input),
        expected: expected.parse().unwrap(),
    };
    let control = kind == "control";
    let runs: usize = runs.parse().unwrap();
    let mut times = Vec::new();
    for _ in 0..runs {
        let (answer, time) = startup(&wasm, &program, control);
        assert_eq!(
            answer, program.expected,
            "the {kind} module answers {answer}, expected {}",
            program.expected
        );
        times.push(time);
    }
    let (segments, largest_memory) = shape(&wasm);
    println!(
        "{} {segments} {largest_memory} {}",
        wasm.len(),
        median(times).as_nanos()
    );
}

/// Runs `cmd` to completion and measures it; panics if it fails.
#[allow(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also gives its rusage"
)]
fn measure(cmd: &mut Command, what: &str) -> Run {
    cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("{what}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: plain wait4 on our own child, with valid out-pointers.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(waited, pid, "{what}: wait4 failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut stderr);
        }
        panic!("{what} failed ({status}): {stderr}");
    }
    Run {
        wall,
        max_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// Instantiates `wasm` under wasmi and calls `run` on the program's input,
/// timing compile + instantiate (+ `_initialize` for the control build) +
/// the first `run`. Returns the answer and the time.
fn startup(wasm: &[u8], program: &Program, control: bool) -> (i32, Duration) {
    let input = std::fs::read(&program.input).unwrap();
    let start = Instant::now();
    let engine = Engine::default();
    let module = Module::new(&engine, wasm).unwrap();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    mini_wasi(&mut linker, &module);
    let instance = linker.instantiate_and_start(&mut store, &module).unwrap();
    if control && let Ok(f) = instance.get_typed_func::<(), ()>(&store, "_initialize") {
        f.call(&mut store, ()).unwrap();
    }
    let alloc = instance
        .get_typed_func::<i32, i32>(&store, "alloc")
        .unwrap();
    let ptr = alloc.call(&mut store, input.len() as i32).unwrap();
    let memory = instance.get_memory(&store, "memory").unwrap();
    memory.write(&mut store, ptr as usize, &input).unwrap();
    let run = instance
        .get_typed_func::<(i32, i32), i32>(&store, "run")
        .unwrap();
    let answer = run
        .call(&mut store, (ptr, input.len() as i32))
        .unwrap_or_else(|e| panic!("{}: run trapped: {e}", program.name));
    (answer, start.elapsed())
}

/// Just enough WASI to run the programs after initialization: deterministic
/// randomness, a zero clock, empty args and environment, writes discarded.
/// no preopens; anything else returns ENOSYS (52).
fn mini_wasi(linker: &mut Linker<()>, module: &Module) {
    const ENOSYS: i32 = 52;
    for import in module.imports() {
        let wasmi::ExternType::Func(ty) = import.ty() else {
            continue;
        };
        let name = import.name().to_string();
        linker
            .func_new(
                import.module(),
                import.name(),
                ty.clone(),
                move |mut caller, args, results| {
                    let memory = caller
                        .get_export("memory")
                        .and_then(|e| e.into_memory())
                        .expect("the program exports its memory");
                    let arg = |i: usize| args[i].i32().unwrap() as usize;
                    let put = |caller: &mut wasmi::Caller<'_, ()>, at: usize, bytes: &[u8]| {
                        memory.write(caller, at, bytes).is_ok()
                    };
                    let errno = match name.as_str() {
                        "random_get" => {
                            let bytes: Vec<u8> = (0..arg(1)).map(|i| (i * 131 + 7) as u8).collect();
                            put(&mut caller, arg(0), &bytes);
                            0
                        }
                        "clock_time_get" => {
                            put(&mut caller, arg(2), &0u64.to_le_bytes());
                            0
                        }
                        "args_sizes_get" | "environ_sizes_get" => {
                            put(&mut caller, arg(0), &0u32.to_le_bytes());
                            put(&mut caller, arg(1), &0u32.to_le_bytes());
                            0
                        }
                        "args_get" | "environ_get" => 0,
                        "fd_write" => {
                            let mut total = 0u32;
                            for i in 0..arg(2) {
                                let mut iov = [0u8; 8];
                                memory.read(&caller, arg(1) + 8 * i, &mut iov).unwrap();
                                total += u32::from_le_bytes(iov[4..].try_into().unwrap());
                            }
                            put(&mut caller, arg(3), &total.to_le_bytes());
                            0
                        }
                        // No preopens: wasi-libc stops listing them at EBADF.
                        "fd_prestat_get" => 8,
                        "proc_exit" => {
                            return Err(wasmi::Error::i32_exit(args[0].i32().unwrap()));
                        }
                        _ => ENOSYS,
                    };
                    if let Some(result) = results.first_mut() {
                        *result = Val::I32(errno);
                    }
                    Ok(())
                },
            )
            .unwrap();
    }
}

/// (data segments, largest memory in bytes) of a module.
fn shape(wasm: &[u8]) -> (usize, u64) {
    let mut segments = 0;
    let mut largest = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.unwrap() {
            wasmparser::Payload::DataSection(reader) => segments = reader.count() as usize,
            wasmparser::Payload::MemorySection(reader) => {
                for memory in reader {
                    let memory = memory.unwrap();
                    let page = 1u64 << memory.page_size_log2.unwrap_or(16);
                    largest = largest.max(memory.initial * page);
                }
            }
            _ => {}
        }
    }
    (segments, largest)
}

/// `phases_ms` of a report, in order, without a JSON library: the object
/// holds only `"name": number` pairs.
fn read_phases(report: &Path) -> Vec<(String, f64)> {
    let json = std::fs::read_to_string(report).unwrap();
    let start = json
        .find("\"phases_ms\"")
        .expect("the report has phases_ms");
    let body = &json[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (name, ms) = pair.split_once(':').unwrap();
            (
                name.trim().trim_matches('"').to_string(),
                ms.trim().parse().unwrap(),
            )
        })
        .collect()
}

/// `benches/programs/programs.txt`: `name expected-answer input-file`.
fn load_programs(root: &Path) -> Vec<Program> {
    let list = std::fs::read_to_string(root.join("programs.txt")).unwrap();
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [name, expected, input] = fields[..] else {
                panic!("programs.txt: bad line {line:?}");
            };
            Program {
                name: name.to_string(),
                expected: expected.parse().unwrap(),
                input: root.join("inputs").join(input),
            }
        })
        .collect()
}

fn find_wizer() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("WIZER") {
        return Some(PathBuf::from(path));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("wizer"))
        .find(|p| p.is_file())
}

fn version(wizer: &Path) -> String {
    Command::new(wizer)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{model}, {cores} cores")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn median_index(times: &[Duration]) -> usize {
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by_key(|&i| times[i]);
    order[order.len() / 2]
}

fn median_run(runs: &[Run]) -> Run {
    let mut walls: Vec<Run> = runs.to_vec();
    walls.sort_by_key(|r| r.wall);
    let mut rss: Vec<u64> = runs.iter().map(|r| r.max_rss).collect();
    rss.sort();
    Run {
        wall: walls[walls.len() / 2].wall,
        max_rss: rss[rss.len() / 2],
    }
}

/// wizer-lite and `wasmtime wizer` on the component fixtures: median wall
/// time, output size, and whether the output validates.
fn components(work: &Path, runs: usize) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/components");
    let config = fixtures.join("config");
    let mapdir = format!("/config::{}", config.display());
    let wt_dir = format!("{}::/config", config.display());
    let wasmtime = std::env::var_os("WASMTIME").map(PathBuf::from);
    println!();
    match &wasmtime {
        Some(w) => println!("components, beside {} ({})", w.display(), version(w)),
        None => println!("components (set WASMTIME to compare with `wasmtime wizer`)"),
    }
    let cases: [(&str, &[&str], &[&str]); 5] = [
        ("rust-wasip2", &[], &["-S", "cli"]),
        (
            "rust-wasip2-wasi",
            &[
                "--allow-wasi",
                "--env",
                "FIXTURE_MODE=bench",
                "--mapdir",
                &mapdir,
            ],
            &["-S", "cli", "--env", "FIXTURE_MODE=bench", "--dir", &wt_dir],
        ),
        (
            "rust-wasip2-prints",
            &["--allow-wasi", "--inherit-stdio", "false"],
            &["-S", "cli"],
        ),
        (
            "rust-adapter",
            &[
                "--allow-wasi",
                "--env",
                "FIXTURE_MODE=bench",
                "--mapdir",
                &mapdir,
            ],
            &["-S", "cli", "--env", "FIXTURE_MODE=bench", "--dir", &wt_dir],
        ),
        ("c-reactor", &[], &["-S", "cli"]),
    ];
    println!(
        "{:<18} {:>9} {:>10} {:>11} {:>11} {:>10}  wasmtime's output",
        "component", "lite ms", "lite bytes", "wt warm ms", "wt cold ms", "wt bytes"
    );
    for (name, ours, theirs) in cases {
        let input = fixtures.join(format!("{name}.wasm"));
        let out = work.join(format!("{name}.lite.wasm"));
        let lite = median_run(
            &(0..runs)
                .map(|_| {
                    measure(
                        Command::new(env!("CARGO_BIN_EXE_wizer-lite"))
                            .args(ours)
                            .arg(&input)
                            .arg("-o")
                            .arg(&out),
                        name,
                    )
                })
                .collect::<Vec<_>>(),
        );
        let lite_bytes = std::fs::metadata(&out).unwrap().len();
        let mut row = format!(
            "{name:<18} {:>9.1} {lite_bytes:>10}",
            lite.wall.as_secs_f64() * 1e3
        );
        if let Some(wasmtime) = &wasmtime {
            let wt_out = work.join(format!("{name}.wt.wasm"));
            let time = |cache: &[&str]| {
                let times: Vec<Run> = (0..runs)
                    .map(|_| {
                        measure(
                            Command::new(wasmtime)
                                .arg("wizer")
                                .args(cache)
                                .args(theirs)
                                .arg(&input)
                                .arg("-o")
                                .arg(&wt_out),
                            "wasmtime wizer",
                        )
                    })
                    .collect();
                median_run(&times).wall.as_secs_f64() * 1e3
            };
            let warm = time(&[]);
            let cold = time(&["-C", "cache=n"]);
            let bytes = std::fs::read(&wt_out).unwrap();
            let features = wasmparser::WasmFeatures::default();
            let valid =
                match wasmparser::Validator::new_with_features(features).validate_all(&bytes) {
                    Ok(_) => "valid".to_string(),
                    Err(e) => format!("INVALID: {}", e.message()),
                };
            row += &format!(" {warm:>11.1} {cold:>11.1} {:>10}  {valid}", bytes.len());
        }
        println!("{row}");
    }
}
