//! The report as text: the cause line first, then the engine's message,
//! the backtrace innermost first, and the guest's last words.
//!
//! Short whatever the stack: runs of one frame and repeating cycles (up to
//! [`MAX_CYCLE`] frames) are shown once with their count, and a trace still
//! longer than [`MAX_LINES`] keeps its innermost and outermost frames and
//! elides the middle.

use super::{Frame, InitFailure, Location};
use std::fmt::Write;

/// The longest cycle of frames recognised as repeating.
pub const MAX_CYCLE: usize = 32;
/// About the most lines a backtrace takes.
pub const MAX_LINES: usize = 200;
/// Of which, when cut, the innermost and the outermost frames get these.
const HEAD_LINES: usize = 120;
const TAIL_LINES: usize = 70;

/// A piece of a collapsed stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `len` frames from depth `start`, repeated `times` times in a row.
    Frames {
        start: usize,
        len: usize,
        times: usize,
    },
    /// Frames left out.
    Elided { start: usize, count: usize },
}

/// `frames` (innermost first) with repeats and cycles collapsed, and the
/// middle elided past [`MAX_LINES`] lines (`lines` gives each frame's).
pub fn collapse<T: PartialEq>(frames: &[T], lines: impl Fn(usize) -> usize) -> Vec<Entry> {
    let n = frames.len();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < n {
        // The cycle length covering most frames from here (the shortest
        // of equals).
        let (mut len, mut times) = (1, 1);
        for p in 1..=MAX_CYCLE.min((n - i) / 2) {
            let mut t = 1;
            while i + (t + 1) * p <= n && frames[i + t * p..i + (t + 1) * p] == frames[i..i + p] {
                t += 1;
            }
            if t >= 2 && t * p > times * len {
                (len, times) = (p, t);
            }
        }
        entries.push(Entry::Frames {
            start: i,
            len,
            times,
        });
        i += len * times;
    }
    let cost = |e: &Entry| match e {
        Entry::Frames { start, len, .. } => (*start..start + len).map(&lines).sum::<usize>() + 1,
        Entry::Elided { .. } => 1,
    };
    if entries.iter().map(cost).sum::<usize>() <= MAX_LINES {
        return entries;
    }
    let (mut head, mut used) = (0, 0);
    while head < entries.len() && used + cost(&entries[head]) <= HEAD_LINES {
        used += cost(&entries[head]);
        head += 1;
    }
    let (mut tail, mut used) = (entries.len(), 0);
    while tail > head && used + cost(&entries[tail - 1]) <= TAIL_LINES {
        tail -= 1;
        used += cost(&entries[tail]);
    }
    let first = |e: &Entry| match e {
        Entry::Frames { start, .. } | Entry::Elided { start, .. } => *start,
    };
    let start = entries.get(head).map_or(n, first);
    let end = entries.get(tail).map_or(n, first);
    let mut kept: Vec<Entry> = entries[..head].to_vec();
    kept.push(Entry::Elided {
        start,
        count: end - start,
    });
    kept.extend_from_slice(&entries[tail..]);
    kept
}

/// `file:line:col`, as far as known.
pub fn location(l: &Location) -> Option<String> {
    let file = l.file.as_deref()?;
    Some(match (l.line, l.column) {
        (Some(line), Some(col)) if col > 0 => format!("{file}:{line}:{col}"),
        (Some(line), _) => format!("{file}:{line}"),
        _ => file.to_string(),
    })
}

/// The key frames are compared by when collapsing.
fn key(frame: &Frame) -> (u32, u64) {
    (frame.index, frame.offset)
}

/// Lines one frame takes.
fn frame_lines(frame: &Frame) -> usize {
    1 + frame.locations.len()
}

fn write_frame(out: &mut String, depth: usize, frame: &Frame, suffix: &str) {
    let _ = writeln!(
        out,
        "  {:>7}  {:#08x}  {}  [{}func {}]{suffix}",
        format!("#{depth}"),
        frame.offset,
        frame.display_name(),
        frame
            .module
            .map_or(String::new(), |m| format!("module {m}, ")),
        frame.index
    );
    let last = frame.locations.len().saturating_sub(1);
    for (i, l) in frame.locations.iter().enumerate() {
        let at = location(l).unwrap_or_else(|| "??".to_string());
        if i == last {
            let _ = writeln!(out, "                       at {at}");
        } else {
            let name = l.function.as_deref().unwrap_or("<inlined>");
            let _ = writeln!(out, "                       inlined {name} at {at}");
        }
    }
}

/// The whole report.
pub fn text(f: &InitFailure) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", f.cause);
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", f.message);
    match &f.backtrace_unavailable {
        Some(why) => {
            let _ = writeln!(out);
            let _ = writeln!(out, "backtrace unavailable: {why}");
        }
        None if !f.frames.is_empty() => {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "backtrace, innermost first ({} frame{}; offsets are in the input file{}):",
                thousands(f.frames.len()),
                if f.frames.len() == 1 { "" } else { "s" },
                if f.approximate {
                    "; the location is approximate"
                } else {
                    ""
                }
            );
            let keys: Vec<_> = f.frames.iter().map(key).collect();
            for entry in collapse(&keys, |i| frame_lines(&f.frames[i])) {
                match entry {
                    Entry::Frames {
                        start,
                        len: 1,
                        times,
                    } => {
                        let suffix = match times {
                            1 => String::new(),
                            n => format!("  (repeated {} times)", thousands(n)),
                        };
                        write_frame(&mut out, start, &f.frames[start], &suffix);
                    }
                    Entry::Frames { start, len, times } => {
                        let _ = writeln!(
                            out,
                            "  a cycle of {len} frames, repeated {} times:",
                            thousands(times)
                        );
                        for d in start..start + len {
                            write_frame(&mut out, d, &f.frames[d], "");
                        }
                    }
                    Entry::Elided { count, .. } => {
                        let _ = writeln!(out, "  ... {} frames elided ...", thousands(count));
                    }
                }
            }
        }
        None => {}
    }
    for output in &f.guest_output {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "the guest's last {} (not shown, `--inherit-stdio false`){}:",
            output.stream,
            if output.cut { ", its end" } else { "" }
        );
        for line in &output.lines {
            let _ = writeln!(out, "  | {line}");
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The report as JSON (`--report` on failure): the facts of the
/// [`InitFailure`], its frames collapsed as in the text (a repeated block
/// once, with `repeated`; elided frames left out, their depths missing),
/// one object per function, inlined ones first with `inlined: true`.
pub fn json(f: &InitFailure) -> serde_json::Value {
    let keys: Vec<_> = f.frames.iter().map(key).collect();
    let mut frames = Vec::new();
    let mut push = |depth: usize, repeated: usize| {
        let frame = &f.frames[depth];
        let last = frame.locations.len().saturating_sub(1);
        let own = [None];
        let locations: Vec<Option<&Location>> = match frame.locations.is_empty() {
            true => own.to_vec(),
            false => frame.locations.iter().map(Some).collect(),
        };
        for (i, l) in locations.into_iter().enumerate() {
            let inlined = i < last && l.is_some();
            let demangled = match inlined {
                true => l.and_then(|l| l.function.clone()),
                false => Some(frame.display_name()),
            };
            frames.push(serde_json::json!({
                "depth": depth,
                "index": frame.index,
                "module": frame.module,
                "name": if inlined { None } else { frame.raw_name.clone() },
                "demangled": demangled,
                "export": if inlined { None } else { frame.export.clone() },
                "offset": frame.offset,
                "file": l.and_then(|l| l.file.clone()),
                "line": l.and_then(|l| l.line),
                "column": l.and_then(|l| l.column),
                "inlined": inlined,
                "repeated": repeated,
            }));
        }
    };
    let mut elided = 0;
    for entry in collapse(&keys, |i| frame_lines(&f.frames[i])) {
        match entry {
            Entry::Frames { start, len, times } => {
                for depth in start..start + len {
                    push(depth, times);
                }
            }
            Entry::Elided { count, .. } => elided += count,
        }
    }
    serde_json::json!({
        "phase": f.phase,
        "kind": f.kind,
        "trap": f.trap,
        "exit_code": f.exit_code,
        "cause": f.cause,
        "message": f.message,
        "approximate": f.approximate,
        "backtrace_unavailable": f.backtrace_unavailable,
        "frames_total": f.frames.len(),
        "frames_elided": elided,
        "frames": frames,
        "guest_output": f.guest_output,
    })
}

/// `41664` as `41,664`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_one_frame_collapses() {
        let mut frames = vec![9];
        frames.extend(std::iter::repeat_n(1, 41_664));
        frames.push(0);
        let entries = collapse(&frames, |_| 1);
        assert_eq!(
            entries,
            vec![
                Entry::Frames {
                    start: 0,
                    len: 1,
                    times: 1
                },
                Entry::Frames {
                    start: 1,
                    len: 1,
                    times: 41_664
                },
                Entry::Frames {
                    start: 41_665,
                    len: 1,
                    times: 1
                },
            ]
        );
    }

    #[test]
    fn a_cycle_of_six_collapses() {
        let cycle = [1, 2, 3, 4, 5, 6];
        let mut frames = vec![7];
        for _ in 0..1000 {
            frames.extend(cycle);
        }
        frames.push(8);
        let entries = collapse(&frames, |_| 1);
        assert_eq!(
            entries[1],
            Entry::Frames {
                start: 1,
                len: 6,
                times: 1000
            }
        );
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn a_long_trace_keeps_both_ends() {
        let frames: Vec<u32> = (0..10_000).collect();
        let entries = collapse(&frames, |_| 1);
        let lines: usize = entries.len();
        assert!(lines <= MAX_LINES, "{lines} lines");
        assert_eq!(
            entries[0],
            Entry::Frames {
                start: 0,
                len: 1,
                times: 1
            }
        );
        assert_eq!(
            entries.last(),
            Some(&Entry::Frames {
                start: 9_999,
                len: 1,
                times: 1
            })
        );
        assert!(entries.iter().any(|e| matches!(e, Entry::Elided { .. })));
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(41_664), "41,664");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
