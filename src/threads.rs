//! Threads: how many cores there are, work shared out over them, the deep
//! stack initialization runs on, and the verdict that host calls wait for.
//!
//! Every other module asks here; none spawns threads of its own but the
//! memory scan (`snapshot`), whose helpers hand their results over as they
//! go.

use anyhow::Result;

/// The cores this process may use: 1 without threads (wasm). Asked once:
/// the standard library reads the cgroup's CPU quota from files each time.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        if cfg!(target_family = "wasm") {
            return 1;
        }
        std::thread::available_parallelism().map_or(1, |n| n.get())
    })
}

/// The cores free beside the calling thread: none on a single core or
/// without threads.
pub fn spare() -> usize {
    cores() - 1
}

/// `work(job)` for every job, in order: the first on the calling thread,
/// each other one on a thread of its own, or on the calling thread when the
/// system will not start another (a panic in a job is resumed here).
pub fn on_threads<J: Send, T: Send>(jobs: Vec<J>, work: &(impl Fn(J) -> T + Sync)) -> Vec<T> {
    if jobs.len() <= 1 {
        return jobs.into_iter().map(work).collect();
    }
    // Each job waits in a slot, so that one whose thread did not start is
    // still there to run here.
    let slots: Vec<std::sync::Mutex<Option<J>>> = jobs
        .into_iter()
        .map(|job| std::sync::Mutex::new(Some(job)))
        .collect();
    let take = |slot: &std::sync::Mutex<Option<J>>| {
        slot.lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .expect("each job runs once")
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = slots[1..]
            .iter()
            .map(|slot| {
                std::thread::Builder::new()
                    .spawn_scoped(s, || work(take(slot)))
                    .ok()
            })
            .collect();
        let mut out = Vec::with_capacity(slots.len());
        out.push(work(take(&slots[0])));
        for (slot, handle) in slots[1..].iter().zip(handles) {
            out.push(match handle {
                Some(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => work(take(slot)),
            });
        }
        out
    })
}

/// Splits `items` into at most `parts` runs of similar size (`len` of
/// each), in order.
pub fn split_by_size<B>(items: Vec<B>, parts: usize, len: impl Fn(&B) -> usize) -> Vec<Vec<B>> {
    let total: usize = items.iter().map(&len).sum();
    let target = total.div_ceil(parts.max(1)).max(1);
    let mut chunks = vec![Vec::new()];
    let mut size = 0;
    for item in items {
        if size >= target && chunks.len() < parts {
            chunks.push(Vec::new());
            size = 0;
        }
        size += len(&item);
        chunks.last_mut().expect("starts non-empty").push(item);
    }
    chunks
}

/// Whether a module's deferred body validation succeeded, for whoever must
/// not act before it is known: host calls with effects outside the instance
/// wait for it, and metered runs stop early when it failed.
#[derive(Debug, Default)]
pub struct Verdict {
    valid: std::sync::Mutex<Option<bool>>,
    settled: std::sync::Condvar,
}

impl Verdict {
    pub fn settle(&self, valid: bool) {
        *self.valid.lock().unwrap_or_else(|e| e.into_inner()) = Some(valid);
        self.settled.notify_all();
    }

    /// Blocks until validation ends; whether the module is valid.
    #[cfg_attr(not(feature = "wasi"), allow(dead_code))]
    pub fn wait(&self) -> bool {
        let mut valid = self.valid.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match *valid {
                Some(v) => return v,
                None => valid = self.settled.wait(valid).unwrap_or_else(|e| e.into_inner()),
            }
        }
    }

    /// Whether validation has already failed (never blocks).
    pub fn failed(&self) -> bool {
        *self.valid.lock().unwrap_or_else(|e| e.into_inner()) == Some(false)
    }
}

/// `f()`, on a thread of its own if one can be started, else on this one.
fn on_own_thread<U: Send>(name: &str, f: impl FnOnce() -> U + Send) -> U {
    // `f` stays here until the thread takes it: a spawn that fails drops
    // its closure.
    let slot = std::sync::Mutex::new(Some(f));
    let take = || {
        slot.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .expect("`f` runs once")
    };
    let spawned = std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name(name.into())
            .spawn_scoped(scope, || take()())
            .ok()?;
        Some(
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    });
    match spawned {
        Some(result) => result,
        None => take()(),
    }
}

/// Runs `deep` on a thread whose stack is deep enough for `frames` wasm
/// call levels, and `meanwhile` beside it, on a thread of its own (on this
/// one, which would otherwise only wait, regex's snapshot measured 10%
/// slower: 58 against 52 ms), or here if none can be started (then before
/// `deep`, when `deep` runs here too); both results.
///
/// wasmi keeps wasm frames on its own heap stack, but in some paths it
/// re-enters its executor natively (found by fuzzing: `memory.grow`
/// between recursive calls), about 200 bytes of native stack per level
/// (measured: an 8 MiB main thread overflowed between 30,000 and 50,000
/// levels). 2 KiB per level, ten times that, is reserved; it is virtual
/// memory, committed only as far as it is used.
///
/// Where that much address space cannot be had (`ulimit -v`, a 32-bit
/// host) or no thread can be started at all (a thread limit), `deep` still
/// runs, told how many frames its stack has room for: on a thread with
/// half the stack, and so on down to 2 MiB, and then on this thread with
/// wasmi's own default of 1,000 frames, which wasmi deems safe on any
/// thread. A module that recurses no deeper still snapshots there.
pub fn deep_beside<T: Send, U: Send>(
    frames: usize,
    deep: impl FnOnce(Option<usize>) -> Result<T> + Send,
    meanwhile: impl FnOnce() -> U + Send,
) -> (Result<T>, U) {
    let meanwhile = || on_own_thread("wizer-lite-beside", meanwhile);
    #[cfg(not(target_family = "wasm"))]
    {
        const FRAME: usize = 2048;
        const MIN: usize = 64 << 20;
        const FLOOR: usize = 2 << 20;
        const ON_THIS_THREAD: usize = 1000;
        // Fewer frames than asked for, if the room is short of them.
        let room = |frames_there: usize| (frames_there < frames).then_some(frames_there);
        let wanted = frames.saturating_mul(FRAME).max(MIN);
        // `deep` stays here until a thread takes it: a spawn that fails
        // drops its closure.
        let slot = std::sync::Mutex::new(Some(deep));
        let take = || {
            slot.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
        };
        let mut meanwhile = Some(meanwhile);
        let mut side = None;
        let mut stack = wanted;
        loop {
            let bound = room(stack / FRAME);
            let joined = std::thread::scope(|scope| {
                let thread = std::thread::Builder::new()
                    .name("wizer-lite-init".into())
                    .stack_size(stack)
                    .spawn_scoped(scope, || take().map(|f| f(bound)))
                    .ok()?;
                if let Some(meanwhile) = meanwhile.take() {
                    side = Some(meanwhile());
                }
                Some(thread.join())
            });
            let result = match joined {
                Some(Ok(Some(result))) => result,
                Some(Ok(None)) => Err(anyhow::anyhow!(
                    "bug: the initialization thread found nothing to run"
                )),
                // A panic in wasmi or in our code: resume it here.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None if stack > FLOOR => {
                    stack = (stack / 2).max(FLOOR);
                    continue;
                }
                None => break,
            };
            let side = side.expect("`meanwhile` ran beside the thread");
            return (result, side);
        }
        let side = match meanwhile.take() {
            Some(meanwhile) => meanwhile(),
            None => side.expect("`meanwhile` ran once"),
        };
        let result = match take() {
            Some(deep) => deep(room(ON_THIS_THREAD)),
            None => Err(anyhow::anyhow!("bug: the initialization ran on no thread")),
        };
        (result, side)
    }
    #[cfg(target_family = "wasm")]
    {
        let _ = frames;
        let side = meanwhile();
        (deep(None), side)
    }
}
