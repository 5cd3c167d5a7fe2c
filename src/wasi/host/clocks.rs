//! The clocks and the random source the guest sees, through either
//! interface: the host's, or with `--deterministic` fixed starts (the wall
//! clock at [`crate::wasi::DETERMINISTIC_EPOCH_NS`], 2000-01-01, the
//! monotonic clock at [`crate::wasi::DETERMINISTIC_MONOTONIC_NS`], one
//! second), virtual time that passes only when the guest sleeps, and a
//! seeded generator.

use crate::wasi::guest::Errno;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, Instant, SystemTime};

const CLOCK_REALTIME: u32 = 0;
const CLOCK_MONOTONIC: u32 = 1;
const CLOCK_PROCESS_CPUTIME: u32 = 2;
const CLOCK_THREAD_CPUTIME: u32 = 3;

/// The clocks the guest sees.
pub(crate) struct Clocks {
    deterministic: bool,
    start: Instant,
    /// Virtual time that passed in deterministic mode, in nanoseconds.
    slept_ns: u64,
}

impl Clocks {
    pub fn new(deterministic: bool) -> Self {
        Clocks {
            deterministic,
            start: Instant::now(),
            slept_ns: 0,
        }
    }

    pub(crate) fn now(&self, id: u32) -> Result<u64, Errno> {
        let elapsed = |c: &Clocks| c.start.elapsed().as_nanos() as u64;
        Ok(match (id, self.deterministic) {
            (CLOCK_REALTIME, true) => crate::wasi::DETERMINISTIC_EPOCH_NS + self.slept_ns,
            (CLOCK_REALTIME, false) => SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64),
            (CLOCK_MONOTONIC | CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME, true) => {
                crate::wasi::DETERMINISTIC_MONOTONIC_NS + self.slept_ns
            }
            (CLOCK_MONOTONIC | CLOCK_PROCESS_CPUTIME | CLOCK_THREAD_CPUTIME, false) => {
                elapsed(self)
            }
            _ => return Err(Errno::INVAL),
        })
    }

    /// Lets `ns` nanoseconds pass.
    pub(crate) fn sleep(&mut self, ns: u64) {
        if self.deterministic {
            self.slept_ns = self.slept_ns.saturating_add(ns);
        } else {
            std::thread::sleep(Duration::from_nanos(ns));
        }
    }
}

/// The source of `random_get`.
pub(crate) enum Random {
    /// SipHash keyed by the OS's randomness (through `RandomState`), over a
    /// counter: portable to every target std supports, wasm included.
    Os {
        keys: std::collections::hash_map::RandomState,
        counter: u64,
    },
    /// splitmix64 from the user's seed.
    Seeded(u64),
}

impl Random {
    pub fn new(seed: Option<u64>) -> Self {
        match seed {
            Some(seed) => Random::Seeded(seed),
            None => Random::Os {
                keys: std::collections::hash_map::RandomState::new(),
                counter: 0,
            },
        }
    }

    fn next(&mut self) -> u64 {
        match self {
            Random::Os { keys, counter } => {
                *counter += 1;
                let mut h = keys.build_hasher();
                h.write_u64(*counter);
                h.finish()
            }
            Random::Seeded(state) => {
                *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = *state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            }
        }
    }

    pub(crate) fn fill(&mut self, buf: &mut [u8]) {
        for chunk in buf.chunks_mut(8) {
            let bytes = self.next().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}
