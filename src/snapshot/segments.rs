//! Segment synthesis: a memory's bytes -> the runs that become data
//! segments. Each memory is scanned for maximal runs of non-zero bytes;
//! neighbouring runs are merged when encoding the zero gap between them
//! costs no more bytes than the header of a separate segment would (the
//! exact encoded size at that offset), and at most a cap of runs is kept,
//! by merging the neighbours with the smallest gaps first.

/// A byte range of one memory that becomes one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub(super) memory: u32,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Zero gaps this short are always merged by [`push_run`]: a
/// segment header costs at least 5 bytes (flags, `i32.const`, offset,
/// `end`, length), more than the gap, and merging adds at most the one
/// length byte that the smaller segment's header no longer pays.
const ALWAYS_MERGED_GAP: usize = 4;

/// Calls `emit(start, end)` for each run of `data` that starts and ends with
/// a non-zero byte and is separated from the next by more than
/// [`ALWAYS_MERGED_GAP`] zero bytes; returns how many bytes are non-zero.
///
/// This is the scan of every byte of every memory, so it works on 64-byte
/// blocks: an all-zero block (the common case in a sparse heap) costs one
/// vectorized OR, and any other block a 64-bit mask of its zero bytes. Only
/// the gaps that end a run (more than [`ALWAYS_MERGED_GAP`] zeros) are
/// looked at one by one, found with bit operations on the mask, so a block
/// of dense data with short gaps (a heap of pointers and small integers)
/// costs the same as one without any.
fn nonzero_runs(data: &[u8], mut emit: impl FnMut(usize, usize)) -> u64 {
    let mut scan = Scan {
        run_start: None,
        last_end: 0,
        nonzero: 0,
    };
    let mut blocks = data.chunks_exact(64);
    let mut base = 0;
    for block in &mut blocks {
        let block: &[u8; 64] = block.try_into().expect("chunks_exact(64)");
        if block.iter().fold(0, |acc, &b| acc | b) != 0 {
            scan.block(base, zero_mask(block), &mut emit);
        }
        base += 64;
    }
    let rest = blocks.remainder();
    if !rest.is_empty() {
        // Zero padding past the end can only trail the last non-zero byte.
        let mut block = [0u8; 64];
        block[..rest.len()].copy_from_slice(rest);
        scan.block(base, zero_mask(&block), &mut emit);
    }
    if let Some(start) = scan.run_start {
        emit(start, scan.last_end);
    }
    scan.nonzero
}

/// Memories at least this big are scanned on all cores: a sparse one is
/// read at the speed of memory, and one core does not reach it.
const PARALLEL_SCAN_BYTES: usize = 32 << 20;

/// [`nonzero_runs`] on up to `threads` threads: the same runs, in order.
pub(super) fn nonzero_runs_on(data: &[u8], threads: usize, emit: impl FnMut(usize, usize)) -> u64 {
    if data.len() < PARALLEL_SCAN_BYTES || threads <= 1 {
        return nonzero_runs(data, emit);
    }
    nonzero_runs_in_parts(data, threads, 1 << 20, 1 << 14, emit)
}

/// The memory in `threads` parts: the first scanned here, the others by
/// helper threads in pieces of `piece` bytes. A helper stops after the
/// piece in which it came to hold `max_held` runs and leaves the rest of
/// its part to this thread: in a dense memory the sequential work on each
/// run is most of the cost, and a helper would only hold its runs in
/// memory. Scans of neighbouring ranges are joined where a boundary split
/// a run.
fn nonzero_runs_in_parts(
    data: &[u8],
    threads: usize,
    piece: usize,
    max_held: usize,
    emit: impl FnMut(usize, usize),
) -> u64 {
    let part = data.len().div_ceil(threads).max(1);
    let parts: Vec<std::ops::Range<usize>> = (0..data.len())
        .step_by(part)
        .map(|start| start..(start + part).min(data.len()))
        .collect();
    let Some((first, others)) = parts.split_first() else {
        return 0;
    };
    let held = |range: std::ops::Range<usize>| {
        let mut runs = Vec::new();
        let mut nonzero = 0;
        let mut at = range.start;
        while at < range.end && runs.len() < max_held.max(1) {
            let end = (at + piece.max(1)).min(range.end);
            nonzero += nonzero_runs(&data[at..end], |s, e| runs.push((at + s, at + e)));
            at = end;
        }
        (runs, nonzero, at)
    };
    let mut joined = Joined { open: None, emit };
    let mut nonzero = 0;
    std::thread::scope(|scope| {
        let helpers: Vec<_> = others
            .iter()
            .map(|range| {
                let range = range.clone();
                std::thread::Builder::new()
                    .name("wizer-lite-scan".into())
                    .spawn_scoped(scope, move || held(range))
                    .ok()
            })
            .collect();
        let scan_here = |range: std::ops::Range<usize>, joined: &mut Joined<_>| {
            let base = range.start;
            nonzero_runs(&data[range], |s, e| joined.push(base + s, base + e))
        };
        nonzero += scan_here(first.clone(), &mut joined);
        for (range, helper) in others.iter().zip(helpers) {
            let (runs, count, scanned_to) = match helper {
                Some(helper) => helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => (Vec::new(), 0, range.start),
            };
            nonzero += count;
            for (start, end) in runs {
                joined.push(start, end);
            }
            nonzero += scan_here(scanned_to..range.end, &mut joined);
        }
    });
    joined.finish();
    nonzero
}

/// The runs of scans of consecutive ranges, joined where a range boundary
/// split one: the runs of one scan of the whole.
struct Joined<F: FnMut(usize, usize)> {
    open: Option<(usize, usize)>,
    emit: F,
}

impl<F: FnMut(usize, usize)> Joined<F> {
    fn push(&mut self, start: usize, end: usize) {
        if let Some((_, last_end)) = &mut self.open
            && start - *last_end <= ALWAYS_MERGED_GAP
        {
            *last_end = end;
            return;
        }
        if let Some((s, e)) = self.open.replace((start, end)) {
            (self.emit)(s, e);
        }
    }

    fn finish(mut self) {
        if let Some((s, e)) = self.open.take() {
            (self.emit)(s, e);
        }
    }
}

/// The state of [`nonzero_runs`] between blocks.
struct Scan {
    /// Where the open run began (none before the first non-zero byte).
    run_start: Option<usize>,
    /// Just past the last non-zero byte seen.
    last_end: usize,
    nonzero: u64,
}

impl Scan {
    /// A block at `base`; bit `i` of `mask` is set when byte `i` is 0.
    fn block(&mut self, base: usize, mask: u64, emit: &mut impl FnMut(usize, usize)) {
        let nonzero = !mask;
        if nonzero == 0 {
            return;
        }
        self.nonzero += u64::from(nonzero.count_ones());
        let first = nonzero.trailing_zeros() as usize;
        let last = 63 - nonzero.leading_zeros() as usize;
        // The gap before the block's first non-zero byte, which may have
        // begun in an earlier block.
        let mut start = match self.run_start {
            Some(start) if base + first - self.last_end <= ALWAYS_MERGED_GAP => start,
            Some(start) => {
                emit(start, self.last_end);
                base + first
            }
            None => base + first,
        };
        // Long gaps between the first and the last non-zero byte: each
        // starts a window of zeros that lies wholly inside the block.
        let mut windows = long_zero_windows(mask) & (u64::MAX << first) & (u64::MAX >> (63 - last));
        while windows != 0 {
            let at = windows.trailing_zeros();
            // Non-zero bytes exist on both sides: `first` below, `last` above.
            let gap_start = 64 - (nonzero & ((1u64 << at) - 1)).leading_zeros() as usize;
            let next = (nonzero & (u64::MAX << at)).trailing_zeros() as usize;
            emit(start, base + gap_start);
            start = base + next;
            windows &= u64::MAX << next;
        }
        self.run_start = Some(start);
        self.last_end = base + last + 1;
    }
}

/// Bit `i` set when bytes `i..=i + ALWAYS_MERGED_GAP` of the block are all
/// zero (`mask` has bit `i` set when byte `i` is); windows that would run
/// past the block's end are not counted.
fn long_zero_windows(mask: u64) -> u64 {
    let mut windows = mask;
    for shift in 1..=ALWAYS_MERGED_GAP {
        windows &= mask >> shift;
    }
    windows
}

/// Bit `i` set when `block[i]` is zero.
fn zero_mask(block: &[u8; 64]) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut mask = 0;
    for (i, word) in block.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("chunks_exact(8)"));
        // The high bit of each byte is set exactly when that byte is zero
        // (no carries cross bytes: each lane adds at most 0x7f + 0x7f).
        let zero_high = !(((word & LOW7) + LOW7) | word) & HIGH;
        // Gather the 8 high bits, byte k's into bit k.
        let bits = ((zero_high >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        mask |= bits << (8 * i);
    }
    mask
}

/// Appends a run of one memory to `out`, whose runs from `first` on are
/// that memory's, merging it into its predecessor whenever the merged
/// segment encodes to no more bytes than the two separate ones.
pub(super) fn push_run(
    memory: u32,
    memory64: bool,
    first: usize,
    start: usize,
    end: usize,
    out: &mut Vec<Run>,
) {
    if out.len() > first {
        let prev = out.last_mut().expect("checked non-empty above");
        let separate = segment_size(memory, memory64, prev.start, prev.end)
            + segment_size(memory, memory64, start, end);
        let merged = segment_size(memory, memory64, prev.start, end);
        if merged <= separate {
            prev.end = end;
            return;
        }
    }
    out.push(Run { memory, start, end });
}

/// The exact encoded size of an active data segment holding `start..end`.
pub(crate) fn segment_size(memory: u32, memory64: bool, start: usize, end: usize) -> usize {
    // Flags: 0x00 for memory 0, else 0x02 followed by the memory index.
    let flags = if memory == 0 {
        1
    } else {
        1 + uleb_len(memory as u64)
    };
    // Offset expression: `i32.const`/`i64.const`, a signed LEB, `end`. A
    // 32-bit offset is encoded as the i32 with the same bits.
    let offset = if memory64 {
        sleb_len(start as i64)
    } else {
        sleb_len(start as u32 as i32 as i64)
    };
    let len = end - start;
    flags + 1 + offset + 1 + uleb_len(len as u64) + len
}

fn uleb_len(value: u64) -> usize {
    (64 - (value | 1).leading_zeros() as usize).div_ceil(7)
}

fn sleb_len(value: i64) -> usize {
    // Bits needed including the sign bit, in 7-bit groups.
    let magnitude = if value < 0 { !value } else { value };
    (64 - magnitude.leading_zeros() as usize + 1).div_ceil(7)
}

/// Merges neighbours in the same memory, smallest gap first, until at most
/// `max` runs remain. Merging across one gap never changes another gap, so
/// merging across the `excess` smallest gaps at once is the same as merging
/// them one by one. Ties go to the lower (memory, offset), keeping the result
/// deterministic.
pub(super) fn cap_segment_count(runs: &mut Vec<Run>, max: usize) {
    if runs.len() <= max {
        return;
    }
    let excess = runs.len() - max;
    // (gap, index of the run after the gap)
    let mut gaps: Vec<(usize, usize)> = (1..runs.len())
        .filter(|&i| runs[i].memory == runs[i - 1].memory)
        .map(|i| (runs[i].start - runs[i - 1].end, i))
        .collect();
    // The `excess` smallest, in linear time (a full sort of a big
    // program's hundreds of thousands of gaps was most of the capture).
    // The pairs are distinct, so which ones are selected is determined.
    if excess < gaps.len() {
        gaps.select_nth_unstable(excess);
    }
    let mut merge_into_prev = vec![false; runs.len()];
    for &(_, i) in gaps.iter().take(excess) {
        merge_into_prev[i] = true;
    }
    let mut merged: Vec<Run> = Vec::with_capacity(max);
    for (run, merge) in runs.iter().zip(merge_into_prev) {
        match merged.last_mut() {
            Some(prev) if merge => prev.end = run.end,
            _ => merged.push(*run),
        }
    }
    *runs = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_of(data: &[u8]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let nonzero = nonzero_runs(data, |s, e| runs.push((s, e)));
        assert_eq!(nonzero, data.iter().filter(|&&b| b != 0).count() as u64);
        runs
    }

    /// The scan, byte by byte: maximal non-zero runs, then gaps of at most
    /// `ALWAYS_MERGED_GAP` zeros joined.
    fn runs_slowly(data: &[u8]) -> Vec<(usize, usize)> {
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < data.len() {
            if data[i] == 0 {
                i += 1;
                continue;
            }
            let start = i;
            while i < data.len() && data[i] != 0 {
                i += 1;
            }
            match runs.last_mut() {
                Some(last) if start - last.1 <= ALWAYS_MERGED_GAP => last.1 = i,
                _ => runs.push((start, i)),
            }
        }
        runs
    }

    #[test]
    fn runs_cover_exactly_the_nonzero_bytes() {
        let mut data = vec![0u8; 300];
        data[0] = 1;
        data[63] = 2;
        data[64] = 3;
        data[200..210].fill(9);
        data[213] = 1; // a 3-byte gap: always merged
        data[299] = 4;
        assert_eq!(
            runs_of(&data),
            vec![(0, 1), (63, 65), (200, 214), (299, 300)]
        );
        assert_eq!(runs_of(&[0; 1000]), vec![]);
        assert_eq!(runs_of(&[5; 130]), vec![(0, 130)]);
        assert_eq!(runs_of(&[]), vec![]);
    }

    /// Pseudo-random numbers below `n` (xorshift64 from `seed`).
    fn below(mut state: u64) -> impl FnMut(u64) -> u64 {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        }
    }

    #[test]
    fn a_scan_in_parts_finds_the_same_runs() {
        let mut next = below(0x9e37_79b9_7f4a_7c15);
        for round in 0..400 {
            // Runs and gaps around ALWAYS_MERGED_GAP and longer, so that
            // part and piece boundaries fall inside runs and short gaps.
            let len = next(3000) as usize;
            let mut data = Vec::with_capacity(len);
            while data.len() < len {
                let gap = match next(4) {
                    0 => next(200) as usize,
                    _ => next(ALWAYS_MERGED_GAP as u64 + 3) as usize,
                };
                data.extend(std::iter::repeat_n(0u8, gap));
                data.extend((0..next(40)).map(|_| next(255) as u8 + 1));
            }
            data.truncate(len);
            let whole = runs_of(&data);
            for threads in 1..=4 {
                let piece = 1 + next(400) as usize;
                let max_held = next(6) as usize;
                let mut runs = Vec::new();
                let nonzero = nonzero_runs_in_parts(&data, threads, piece, max_held, |s, e| {
                    runs.push((s, e))
                });
                let what = format!("round {round}: {threads} threads, pieces of {piece}");
                assert_eq!(runs, whole, "{what}");
                assert_eq!(
                    nonzero,
                    data.iter().filter(|&&b| b != 0).count() as u64,
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn block_scan_matches_the_byte_scan() {
        // Pseudo-random memories of every density and length around the
        // block size, so that runs and gaps cross block edges everywhere.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..3000 {
            let len = round % 300;
            let density = (round / 300) as u64; // 0..=9 in 10ths
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if state % 10 < density {
                        (state >> 32) as u8 | 1
                    } else {
                        0
                    }
                })
                .collect();
            assert_eq!(runs_of(&data), runs_slowly(&data), "{data:?}");
        }
    }

    #[test]
    fn block_scan_matches_the_byte_scan_on_short_and_long_gaps() {
        // Runs and gaps of random lengths around ALWAYS_MERGED_GAP, as in
        // a heap of small integers, with a long gap now and then: blocks
        // that only extend a run, and blocks where it ends, at every offset.
        let mut next = below(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            let mut data = Vec::new();
            let len = 64 + next(700) as usize;
            while data.len() < len {
                let gap = match next(20) {
                    0 => 5 + next(130) as usize,
                    _ => next(ALWAYS_MERGED_GAP as u64 + 2) as usize,
                };
                data.extend(std::iter::repeat_n(0, gap));
                let run = 1 + next(6) as usize;
                data.extend((0..run).map(|_| next(255) as u8 + 1));
            }
            data.truncate(len);
            assert_eq!(runs_of(&data), runs_slowly(&data), "{data:?}");
            let nonzero = data.iter().filter(|&&b| b != 0).count() as u64;
            assert_eq!(nonzero_runs(&data, |_, _| {}), nonzero);
        }
    }

    #[test]
    fn zero_mask_marks_exactly_the_zero_bytes() {
        let mut block = [0u8; 64];
        for (i, b) in block.iter_mut().enumerate() {
            *b = if i % 3 == 0 { 0 } else { (i * 37) as u8 | 0x80 };
        }
        block[5] = 1;
        block[6] = 0x7f;
        block[7] = 0x80;
        let expected = (0..64)
            .filter(|&i| block[i] == 0)
            .fold(0u64, |m, i| m | 1 << i);
        assert_eq!(zero_mask(&block), expected);
        assert_eq!(zero_mask(&[0; 64]), u64::MAX);
        assert_eq!(zero_mask(&[0xff; 64]), 0);
    }

    #[test]
    fn leb_lengths_match_the_encoder() {
        for v in [
            0u64,
            1,
            63,
            64,
            127,
            128,
            16383,
            16384,
            u32::MAX as u64,
            u64::MAX,
        ] {
            let mut buf = Vec::new();
            wasm_encoder::Encode::encode(&v, &mut buf);
            assert_eq!(uleb_len(v), buf.len(), "uleb {v}");
        }
        for v in [
            0i64,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            8191,
            8192,
            i32::MIN as i64,
            i64::MAX,
            i64::MIN,
        ] {
            let mut buf = Vec::new();
            wasm_encoder::Encode::encode(&v, &mut buf);
            assert_eq!(sleb_len(v), buf.len(), "sleb {v}");
        }
    }

    #[test]
    fn segment_size_matches_the_encoder() {
        for (memory, memory64, start, len) in [
            (0, false, 0, 1),
            (0, false, 70000, 300),
            (3, true, 1 << 40, 5),
            (200, false, 0x8000_0000, 2),
        ] {
            let mut section = wasm_encoder::DataSection::new();
            let offset = if memory64 {
                wasm_encoder::ConstExpr::i64_const(start as i64)
            } else {
                wasm_encoder::ConstExpr::i32_const(start as u32 as i32)
            };
            section.active(memory, &offset, vec![1u8; len]);
            let mut encoded = Vec::new();
            wasm_encoder::Encode::encode(&section, &mut encoded);
            // The encoding is: section size (a LEB), segment count (1), segment.
            let size_len = encoded.iter().position(|b| b & 0x80 == 0).unwrap() + 1;
            assert_eq!(
                segment_size(memory, memory64, start, start + len),
                encoded.len() - size_len - 1
            );
        }
    }

    #[test]
    fn gaps_merge_only_when_cheaper() {
        let mut out = Vec::new();
        // A 2-byte gap is cheaper than a 5-byte header; a 100-byte gap is not.
        for (start, end) in [(0, 4), (6, 8), (108, 110)] {
            push_run(0, false, 0, start, end, &mut out);
        }
        assert_eq!(
            out,
            vec![
                Run {
                    memory: 0,
                    start: 0,
                    end: 8
                },
                Run {
                    memory: 0,
                    start: 108,
                    end: 110
                }
            ]
        );
    }

    #[test]
    fn cap_merges_smallest_gaps_first_within_a_memory() {
        let mut runs = vec![
            Run {
                memory: 0,
                start: 0,
                end: 1,
            },
            Run {
                memory: 0,
                start: 50,
                end: 51,
            },
            Run {
                memory: 0,
                start: 60,
                end: 61,
            },
            Run {
                memory: 1,
                start: 62,
                end: 63,
            },
            Run {
                memory: 1,
                start: 70,
                end: 71,
            },
        ];
        cap_segment_count(&mut runs, 3);
        assert_eq!(
            runs,
            vec![
                Run {
                    memory: 0,
                    start: 0,
                    end: 1
                },
                Run {
                    memory: 0,
                    start: 50,
                    end: 61
                },
                Run {
                    memory: 1,
                    start: 62,
                    end: 71
                },
            ]
        );
    }
}
