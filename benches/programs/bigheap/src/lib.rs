//! Benchmark program: a large, mostly empty memory. Initialization reserves
//! a 256 MiB zeroed arena (as runtimes with a preallocated heap do), writes a
//! 64-byte record header at the start of every 64 KiB block, and fills a
//! dense 4 MiB lookup table. It stresses what the other programs do not: the
//! scan of a big memory for non-zero bytes, data-segment synthesis over
//! thousands of runs, and peak memory. `run` folds its input through both.

const ARENA: usize = 256 << 20;
const BLOCK: usize = 64 << 10;
const TABLE: usize = 1 << 20; // u32 entries: 4 MiB

struct Heap {
    arena: Vec<u8>,
    table: Vec<u32>,
}

fn build() -> Heap {
    let mut arena = vec![0u8; ARENA];
    for (n, block) in arena.chunks_mut(BLOCK).enumerate() {
        let header = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        for (i, byte) in block[..64].iter_mut().enumerate() {
            *byte = (header >> ((i % 8) * 8)) as u8 | 1;
        }
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let table = (0..TABLE)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u32
        })
        .collect();
    Heap { arena, table }
}

bench_glue::program! {
    Heap = build;
    run(heap, input) {
        let mut acc = 0u32;
        for (i, &b) in input.iter().enumerate() {
            let block = (b as usize * 16 + i) % (ARENA / BLOCK);
            let header = heap.arena[block * BLOCK + (i % 64)] as u32;
            let entry = heap.table[(acc as usize ^ (b as usize) << 12) % TABLE];
            acc = acc.rotate_left(5) ^ header ^ entry;
        }
        (acc & 0x7fff_ffff) as i32
    }
}
