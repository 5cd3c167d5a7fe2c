//! Failure reports: when init fails, say where and why.
//!
//! wasmi gives a trap its kind and nothing else: no frame, no offset. So
//! the location comes from our side, and only when init has failed (a
//! successful run is untouched: same bytes, fuel and speed):
//!
//! 1. init runs as always, uninstrumented, while the WASI shim logs every
//!    call's answer and the limiter every growth decision;
//! 2. on failure, [`shadow`] rewrites the module init ran with a shadow
//!    call stack that records, per frame, the function and the **input
//!    file** offset of the instruction it is at (and the last address it
//!    touched);
//! 3. `initialize` runs init again on it with its replay option
//!    ([`crate::initialize::Replay`]), fed the logged answers instead of
//!    the host; [`replay`] checks that it reached the same stop and reads
//!    the shadow stack through the engine-free `InstanceState` seam;
//! 4. [`symbols`] names the frames (name section, demangled; DWARF lines
//!    and inlined frames), [`cause`] says why in the guest's terms, and
//!    [`render`] writes the report: short (repeats and cycles collapsed,
//!    long traces cut in the middle), and as JSON for `--report`.
//!
//! The result is an [`InitFailure`], the error the run returns. A
//! component's init is replayed across its core instances
//! ([`component`]).

mod cause;
mod component;
mod render;
mod replay;
mod shadow;
mod symbols;

use crate::initialize::{self, Failure, Plan as InitPlan, Replay, Stop};
use crate::instrument::{self, Start};
use crate::parse::ModuleInfo;
use crate::support::CodeFacts;
use crate::wasmi_fix::Guarded;
use serde::Serialize;
use std::fmt;

/// A failed initialization, explained: the error that [`crate::Wizer::run`]
/// returns when the module's start function, `_initialize` or init
/// function fails. Its `Display` is the whole report (the cause line
/// first); its fields are the same facts for programs.
///
/// ```no_run
/// # let input = Vec::new();
/// match wizer_lite::Wizer::new().run(&input) {
///     Ok(output) => { /* ... */ }
///     Err(error) => match error.downcast_ref::<wizer_lite::InitFailure>() {
///         Some(failure) => {
///             eprintln!("{}", failure.cause);
///             for frame in &failure.frames {
///                 eprintln!("{:#x} {}", frame.offset, frame.display_name());
///             }
///         }
///         None => eprintln!("{error:?}"),
///     },
/// }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct InitFailure {
    /// What failed: `start`, `_initialize` or `init`.
    pub phase: &'static str,
    /// How it stopped: `trap`, `exit`, `import`, `host`, `fuel` or
    /// `timeout`.
    pub kind: &'static str,
    /// For a trap, its kind (`unreachable`, `memory out of bounds`, ...).
    pub trap: Option<&'static str>,
    /// For `proc_exit`, the exit code.
    pub exit_code: Option<i32>,
    /// Why, in one line, in the guest's terms.
    pub cause: String,
    /// The engine's error, on one line.
    pub message: String,
    /// The call stack when it stopped, innermost first (every frame; the
    /// report collapses repeats).
    pub frames: Vec<Frame>,
    /// The location is approximate (out of fuel, timeout): the replay
    /// stopped where its own budget ran out.
    pub approximate: bool,
    /// Why there is no backtrace, when there is none.
    pub backtrace_unavailable: Option<String>,
    /// The last lines the guest wrote to streams the user did not see
    /// (`--inherit-stdio false`).
    pub guest_output: Vec<GuestOutput>,
}

/// One frame of an [`InitFailure`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Frame {
    /// The function index.
    pub index: u32,
    /// In a component, the core module the function is in (its index among
    /// the component's core modules).
    pub module: Option<u32>,
    /// Its name in the name section, as written there.
    pub raw_name: Option<String>,
    /// That name demangled.
    pub name: Option<String>,
    /// The name the function is exported under (its first export), if it
    /// is exported.
    pub export: Option<String>,
    /// The byte offset of the instruction, in the input file.
    pub offset: u64,
    /// Source locations from DWARF: inlined functions first, the frame's
    /// own function last. Empty without DWARF.
    pub locations: Vec<symbols::Location>,
}

pub use component::{ComponentContext, explain as explain_component};
pub use symbols::Location;

impl Frame {
    /// The name to show: demangled, else DWARF's, else its export name,
    /// else `<wasm function N>`.
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.locations.last().and_then(|l| l.function.clone()))
            .or_else(|| self.export.clone())
            .unwrap_or_else(|| format!("<wasm function {}>", self.index))
    }
}

/// Whether the module keeps its C or Rust stack in linear memory, below a
/// global stack pointer, as LLVM's wasm targets do: a global named
/// `__stack_pointer`, or, when the names were stripped, a mutable `i32`
/// global 0 (where wasm-ld puts it).
fn has_shadow_stack(info: &ModuleInfo<'_>, symbols: &symbols::Symbols<'_>) -> bool {
    use wasmparser::{TypeRef, ValType};
    match symbols.global("__stack_pointer") {
        (Some(_), _) => return true,
        (None, true) => return false,
        (None, false) => {}
    }
    let first_import = info.imports.iter().find_map(|i| match i.ty {
        TypeRef::Global(ty) => Some((i.name, ty)),
        _ => None,
    });
    match first_import {
        Some((name, _)) => name == "__stack_pointer",
        None => info
            .globals
            .first()
            .is_some_and(|g| g.ty.mutable && g.ty.content_type == ValType::I32),
    }
}

/// What the guest last wrote to one stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuestOutput {
    /// `stdout` or `stderr`.
    pub stream: &'static str,
    /// Its last lines.
    pub lines: Vec<String>,
    /// Whether earlier output was left out.
    pub cut: bool,
}

impl fmt::Display for InitFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render::text(self))
    }
}

impl std::error::Error for InitFailure {}

impl InitFailure {
    /// The report as JSON, as `--report` writes it on failure: these
    /// fields, with `frames` collapsed as in the text (each shown frame
    /// once, with its `depth`, and `repeated` for a repeating block), one
    /// object per function with inlined ones first.
    pub fn to_json(&self) -> serde_json::Value {
        render::json(self)
    }
}

/// What explaining a failure needs from the run.
pub struct Context<'a> {
    pub info: &'a ModuleInfo<'a>,
    pub facts: &'a CodeFacts,
    pub plan: &'a InitPlan<'a>,
}

/// The failure report for `error`, if it is a failed init; other errors
/// come back as they are.
pub fn explain(error: anyhow::Error, cx: &Context<'_>) -> anyhow::Error {
    let failure = match error.downcast::<Failure>() {
        Ok(failure) => failure,
        Err(error) => return error,
    };
    let located = locate(&failure, cx);
    anyhow::Error::new(report(&failure, cx.info, located, Vec::new()))
}

/// The replay's stack, or why there is none.
fn locate(failure: &Failure, cx: &Context<'_>) -> Result<replay::Replayed, replay::Unavailable> {
    let unavailable = |e: anyhow::Error| replay::Unavailable(format!("{e:#}"));
    let run = instrument::instrument(cx.info, cx.facts, Start::Export).map_err(unavailable)?;
    let frames = failure.limits.call_depth();
    let shadowed = shadow::shadow(cx.info, &run.wasm, &run.names, frames).map_err(unavailable)?;
    let replay = Replay::of(failure, shadowed.stack_bytes, 1).map_err(replay::Unavailable)?;
    let plan = cx.plan.replaying(&replay);
    let (ended, ()) = crate::threads::deep_beside(
        replay.max_call_depth(),
        |room| {
            let to_run = Guarded::new(shadowed.wasm.clone());
            initialize::run_to_end(cx.info, to_run, &plan.on_stack(room))
        },
        || (),
    );
    let (live, stopped) = ended.map_err(unavailable)?;
    replay::stopped_as(failure, Ok(stopped))?;
    replay::read(&live, &shadowed, cx.info, &run.names)
}

/// The frames of a shadow stack's `slots` (outermost first), innermost
/// first, named from `symbols`.
fn frames(symbols: &symbols::Symbols<'_>, slots: &[replay::Slot]) -> Vec<Frame> {
    slots
        .iter()
        .rev()
        .map(|slot| {
            let raw = symbols.raw_name(slot.func);
            Frame {
                index: slot.func,
                module: None,
                raw_name: raw.map(str::to_string),
                name: raw.map(symbols::demangle),
                export: symbols.export_name(slot.func).map(str::to_string),
                offset: u64::from(slot.position),
                locations: symbols.locate(u64::from(slot.position)),
            }
        })
        .collect()
}

/// The report: frames symbolized, the cause, the guest's last words.
/// `located` is the stack in `info`'s module; `callers` are the frames
/// below it in other modules (a component's), already symbolized.
fn report(
    failure: &Failure,
    info: &ModuleInfo<'_>,
    located: Result<replay::Replayed, replay::Unavailable>,
    callers: Vec<Frame>,
) -> InitFailure {
    let symbols = symbols::Symbols::of(info.bytes);
    let (frames, memory_bytes, address, unavailable) = match located {
        Ok(replayed) => {
            let address = replayed.slots.last().map(|s| s.address);
            let mut frames = frames(&symbols, &replayed.slots);
            frames.extend(callers);
            (frames, replayed.memory_bytes, address, None)
        }
        Err(why) => (Vec::new(), Vec::new(), None, Some(why.0)),
    };
    let approximate =
        matches!(failure.stop, Stop::OutOfFuel | Stop::Timeout) && unavailable.is_none();
    let leftovers = failure.wasi.as_ref();
    let guest_output = match leftovers {
        Some(l) if !l.inherited => [("stdout", &l.stdout), ("stderr", &l.stderr)]
            .into_iter()
            .filter(|(_, tail)| !tail.bytes.is_empty())
            .map(|(stream, tail)| {
                let mut lines = tail.lines();
                let cut = tail.cut || lines.len() > GUEST_LINES;
                lines.drain(..lines.len().saturating_sub(GUEST_LINES));
                GuestOutput { stream, lines, cut }
            })
            .collect(),
        _ => Vec::new(),
    };
    let why = cause::Why {
        failure,
        frames: &frames,
        info,
        address,
        memory_bytes: &memory_bytes,
        stderr: leftovers.map(|l| &l.stderr),
        approximate,
        shadow_stack: has_shadow_stack(info, &symbols),
    };
    InitFailure {
        phase: failure.phase.name(),
        kind: match failure.stop {
            Stop::Trap(..) => "trap",
            Stop::Exit(_) => "exit",
            Stop::Import { .. } | Stop::Lowered { .. } => "import",
            Stop::Host(_) => "host",
            Stop::OutOfFuel => "fuel",
            Stop::Timeout => "timeout",
        },
        trap: match &failure.stop {
            Stop::Trap(trap, _) => Some(cause::trap_name(*trap)),
            _ => None,
        },
        exit_code: match failure.stop {
            Stop::Exit(code) => Some(code),
            _ => None,
        },
        cause: why.line(),
        message: failure.message.clone(),
        frames,
        approximate,
        backtrace_unavailable: unavailable,
        guest_output,
    }
}

/// How many of the guest's last lines a report shows, per stream.
const GUEST_LINES: usize = 10;
