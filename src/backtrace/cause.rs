//! The cause line: why init failed, in one line and in the guest's terms:
//! a Rust panic and where, `abort()` and its caller, the address of an
//! out-of-bounds access and the memory's size, the import refused and who
//! called it, the exit code and who exited.

use super::Frame;
use super::shadow::memory_op;
use crate::initialize::{Failure, Phase, Stop, Trap};
use crate::parse::ModuleInfo;
use crate::wasi::Tail;
use wasmparser::{BinaryReader, Operator, OperatorsReader};

/// The facts the cause line is made from.
pub struct Why<'a> {
    pub failure: &'a Failure,
    /// Innermost first; empty when the backtrace is unavailable.
    pub frames: &'a [Frame],
    pub info: &'a ModuleInfo<'a>,
    /// The last address the innermost frame accessed.
    pub address: Option<u64>,
    /// Each defined memory's size when it stopped.
    pub memory_bytes: &'a [u64],
    /// What the guest last wrote to stderr.
    pub stderr: Option<&'a Tail>,
    pub approximate: bool,
    /// The module keeps a stack in linear memory (`__stack_pointer`).
    pub shadow_stack: bool,
}

/// How far below address 0 (wrapped, in a 32-bit memory) an access may be
/// and still be read as a stack that ran past the bottom of memory.
const BELOW_ZERO: u64 = 16 << 20;

/// A function on the stack, inlined or not: its name and where in it.
struct Logical {
    name: String,
    location: Option<String>,
    /// Part of Rust's standard library or the C library, by name or by
    /// source file.
    library: bool,
}

impl Logical {
    fn label(&self) -> String {
        match &self.location {
            Some(at) => format!("{} ({at})", self.name),
            None => self.name.clone(),
        }
    }
}

/// The frames with inlined functions as frames of their own, innermost
/// first.
fn logical(frames: &[Frame]) -> Vec<Logical> {
    let mut out = Vec::new();
    for frame in frames {
        if frame.locations.is_empty() {
            let name = frame.display_name();
            out.push(Logical {
                library: is_library(&name),
                name,
                location: None,
            });
            continue;
        }
        let last = frame.locations.len() - 1;
        for (i, l) in frame.locations.iter().enumerate() {
            let name = match (i == last, &l.function) {
                (true, _) => frame.display_name(),
                (false, Some(f)) => f.clone(),
                (false, None) => "<inlined>".to_string(),
            };
            let file = l.file.as_deref().unwrap_or_default();
            out.push(Logical {
                library: is_library(&name)
                    || file.starts_with("/rustc/")
                    || file.contains("wasi-libc"),
                name,
                location: super::render::location(l),
            });
        }
    }
    out
}

/// Frames of Rust's panic machinery: where a panic is seen to start.
fn starts_panic(name: &str) -> bool {
    ["core::panicking::", "std::panicking::", "__rustc::"]
        .iter()
        .any(|p| name.starts_with(p))
        || ["rust_begin_unwind", "rust_panic", "__rust_start_panic"].contains(&name)
}

/// Frames of the standard libraries (Rust's and the C library's wrappers)
/// that a cause line looks past, to the guest's own code.
fn is_library(name: &str) -> bool {
    [
        "core::",
        "std::",
        "alloc::",
        "<core::",
        "<std::",
        "<alloc::",
        "__rust",
        "__rustc::",
        "__wasi_",
        "__imported_wasi",
        "__wasilibc",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || [
            "abort",
            "exit",
            "_Exit",
            "_exit",
            "__assert_fail",
            "rust_begin_unwind",
            "rust_panic",
        ]
        .contains(&name)
}

pub fn trap_name(trap: Trap) -> &'static str {
    match trap {
        Trap::Unreachable => "unreachable",
        Trap::MemoryOutOfBounds => "memory out of bounds",
        Trap::TableOutOfBounds => "table out of bounds",
        Trap::IndirectCallToNull => "indirect call to null",
        Trap::IntegerDivisionByZero => "integer divide by zero",
        Trap::IntegerOverflow => "integer overflow",
        Trap::BadConversionToInteger => "invalid conversion to integer",
        Trap::StackOverflow => "call stack exhausted",
        Trap::BadSignature => "indirect call type mismatch",
        Trap::GrowthOperationLimited => "growth limited",
        Trap::OutOfSystemMemory => "out of system memory",
        Trap::Other => "other",
    }
}

impl Why<'_> {
    /// Who failed: `init`, `` `_initialize` `` or `the start function`.
    fn who(&self) -> &'static str {
        match self.failure.phase {
            Phase::Start => "the start function",
            Phase::Initialize => "`_initialize`",
            Phase::Init(_) => "init",
        }
    }

    pub fn line(&self) -> String {
        let who = self.who();
        let frames = logical(self.frames);
        let at = |word: &str, f: Option<&Logical>| match f {
            Some(f) => format!("{word}{}", f.label()),
            None => String::new(),
        };
        let in_ = |f| at(" in ", f);
        let from = |f| at(" from ", f);
        let first_own = |from: usize| frames.iter().skip(from).find(|f| !f.library);
        if let Some(at) = frames.iter().position(|f| starts_panic(&f.name)) {
            return self.panicked(who, first_own(at));
        }
        match &self.failure.stop {
            Stop::Trap(Trap::Unreachable, _)
                if frames.first().is_some_and(|f| f.name == "abort") =>
            {
                let assert = frames.iter().position(|f| f.name == "__assert_fail");
                match assert {
                    Some(at) => format!("{who} failed an assertion{}", in_(first_own(at + 1))),
                    None => format!("{who} called abort(){}", from(first_own(1))),
                }
            }
            Stop::Trap(Trap::MemoryOutOfBounds, _) => {
                let (what, below_zero) = self.out_of_bounds();
                let hint = match below_zero && self.shadow_stack {
                    true => {
                        "; the address is just below 0: probably a stack overflow, the \
                         stack in linear memory (`__stack_pointer`) having grown past its \
                         bottom (its size is set when linking: `-z stack-size=N`)"
                    }
                    false => "",
                };
                format!("{who}: {what}{}{hint}", in_(frames.first()))
            }
            Stop::Trap(Trap::StackOverflow, _) => format!(
                "{who} exhausted the call stack (deeper than {} frames, `--max-call-depth`){}",
                self.failure.limits.call_depth(),
                in_(frames.first())
            ),
            Stop::Trap(_, message) => format!("{who}: {message}{}", in_(frames.first())),
            Stop::Exit(code) => {
                let exit = frames
                    .iter()
                    .position(|f| !f.library)
                    .map_or(frames.len().checked_sub(1), |own| own.checked_sub(1));
                let via = exit.map(|i| format!(" through `{}`", frames[i].name));
                format!(
                    "{who} exited with code {code}{}{}",
                    via.unwrap_or_default(),
                    from(first_own(0))
                )
            }
            Stop::Import { module, name } => {
                let what = if module.starts_with("wasi") {
                    format!("WASI `{module}`.`{name}` without `--allow-wasi`")
                } else {
                    format!("`{module}`.`{name}`, which nothing provides")
                };
                format!("{who} called {what}{}", at(", from ", first_own(0)))
            }
            Stop::Lowered { message, .. } => {
                format!("{who}: {message}{}", at(", from ", first_own(0)))
            }
            Stop::Host(message) => format!("{who} failed in a host function: {message}"),
            Stop::OutOfFuel => format!(
                "{who} ran out of fuel (`--fuel {}`){}",
                self.failure.limits.fuel.unwrap_or_default(),
                self.around(frames.first())
            ),
            Stop::Timeout => format!(
                "{who} exceeded the time limit of {:?} (`--timeout`){}",
                self.failure.limits.timeout.unwrap_or_default(),
                self.around(frames.first())
            ),
        }
    }

    /// ` around f (file:line), approximately`.
    fn around(&self, frame: Option<&Logical>) -> String {
        match frame {
            Some(f) if self.approximate => format!(" around {}, approximately", f.label()),
            Some(f) => format!(" in {}", f.label()),
            None => String::new(),
        }
    }

    /// The cause line of a Rust panic, whose first own frame is `at`.
    fn panicked(&self, who: &str, at: Option<&Logical>) -> String {
        let place = match at {
            Some(f) => format!(" in {}", f.label()),
            None => " in the standard library".to_string(),
        };
        let lost = match &self.failure.stop {
            Stop::Import { module, name } if module.starts_with("wasi") => Some(name),
            Stop::Lowered {
                what,
                wasi_refused: true,
                ..
            } => Some(what),
            _ => None,
        };
        if let Some(name) = lost {
            return format!(
                "{who} panicked{place}; its message was lost: std's panic hook needs WASI \
                 (`{name}`, for `RUST_BACKTRACE`): `--allow-wasi` lets it through"
            );
        }
        match self.stderr.and_then(panic_message) {
            Some(message) => format!("{who} panicked{place}: {message}"),
            None => format!("{who} panicked{place}"),
        }
    }

    /// `out of bounds memory access at 0x.. (memory 0 is 0x.. bytes)`, as
    /// far as the faulting instruction says, and whether the address is
    /// just below 0 in a 32-bit memory (a wrapped negative address).
    fn out_of_bounds(&self) -> (String, bool) {
        let access = self
            .frames
            .first()
            .and_then(|f| memory_access(self.info, f.offset));
        match (access, self.address) {
            (
                Some(Access::Direct {
                    memory,
                    offset,
                    size,
                }),
                Some(address),
            ) => {
                let at = address.wrapping_add(offset);
                let defined = memory.checked_sub(self.info.imported_memories);
                let bytes = defined.and_then(|i| self.memory_bytes.get(i as usize));
                let memory32 = defined
                    .and_then(|i| self.info.memories.get(i as usize))
                    .is_some_and(|m| !m.memory64);
                let below_zero = memory32 && (1u64 << 32).abs_diff(at) <= BELOW_ZERO;
                let size_note = match bytes {
                    Some(bytes) => format!(" (memory {memory} is {bytes:#x} bytes)"),
                    None => String::new(),
                };
                let what =
                    format!("out of bounds memory access at {at:#x}, {size} bytes{size_note}");
                (what, below_zero)
            }
            (Some(Access::Bulk(op)), _) => {
                (format!("out of bounds memory access by `{op}`"), false)
            }
            _ => ("out of bounds memory access".to_string(), false),
        }
    }
}

/// The panic message the standard library's hook wrote to stderr:
/// `thread '...' panicked at FILE:LINE:COL:` and the lines after it.
fn panic_message(stderr: &Tail) -> Option<String> {
    let text = String::from_utf8_lossy(&stderr.bytes);
    let at = text.rfind("panicked at ")?;
    let rest = &text[at..];
    let message: Vec<&str> = rest
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("note: "))
        .collect();
    let message = message.join(" ");
    let message = message.trim();
    (!message.is_empty()).then(|| match message.char_indices().nth(200) {
        Some((cut, _)) => format!("{} [...]", &message[..cut]),
        None => message.to_string(),
    })
}

/// What the instruction at an input offset does with memory.
enum Access {
    /// A load or store: its memory, static offset and width.
    Direct { memory: u32, offset: u64, size: u32 },
    /// `memory.fill`, `memory.copy` or `memory.init`.
    Bulk(&'static str),
}

fn memory_access(info: &ModuleInfo<'_>, offset: u64) -> Option<Access> {
    let at = usize::try_from(offset).ok()?;
    let mut reader = OperatorsReader::new(BinaryReader::new(info.bytes.get(at..)?, offset));
    let op = reader.read().ok()?;
    if let Some(op) = memory_op(&op) {
        return Some(Access::Direct {
            memory: op.memory,
            offset: op.offset,
            size: op.width,
        });
    }
    match op {
        Operator::MemoryFill { .. } => Some(Access::Bulk("memory.fill")),
        Operator::MemoryCopy { .. } => Some(Access::Bulk("memory.copy")),
        Operator::MemoryInit { .. } => Some(Access::Bulk("memory.init")),
        _ => None,
    }
}
