//! The replay option: init run once more, after it failed, on modules that
//! carry shadow stacks (`crate::backtrace`), by the same engine code as the
//! run itself, with every host answer taken from the failed run's log.
//!
//! Nothing reaches the host: WASI calls (preview1 and 0.2) get the answers
//! init's calls got and leave the bytes they left (`wasi::replay`), and
//! each memory and table growth gets the decision init's limiter took (the
//! machine's free memory may have changed since). wasmi is built
//! `deterministic`, so the same code fed the same answers reaches the same
//! stop; where it does not, the replayed [`Failure`] says why
//! ([`Failure::diverged`]).

use super::{Failure, Limits, Stop};
use crate::wasi::replay::Answers;

/// What a replay answers and bounds with, from the failure it replays.
#[derive(Debug, Clone)]
pub struct Replay {
    /// WASI's answers, when WASI was linked.
    pub(super) answers: Option<Answers>,
    pub(super) growth: Vec<super::Growth>,
    /// The size of each shadow stack's memory, and how many there are
    /// (one per module that carries one).
    pub(super) shadow_bytes: usize,
    pub(super) shadows: usize,
    /// For a run that ran out of fuel (or time): the phase call that did,
    /// by its place among the calls, and the fuel that call used. The
    /// replay's other phases run without a budget; that one gets the fuel
    /// it used, and with the shadow stacks' own instructions stops a
    /// little earlier, never later.
    pub(super) fuel: Option<(usize, u64)>,
    /// The frames init had room for, and no fuel or time budget.
    pub(super) limits: Limits,
}

impl Replay {
    /// The replay of `failure`, on modules whose `shadows` shadow stacks
    /// take `shadow_bytes` each; or why there can be none.
    pub fn of(failure: &Failure, shadow_bytes: usize, shadows: usize) -> Result<Replay, String> {
        let answers = match failure.wasi.as_ref().and_then(|w| w.log.as_ref()) {
            Some(log) if log.overflowed => {
                return Err(format!(
                    "init's WASI calls left more than {} MiB in memory, more than the replay \
                     log keeps",
                    crate::wasi::CallLog::MAX_BYTES >> 20
                ));
            }
            Some(log) => Some(Answers::of(log)),
            None => None,
        };
        let fuel = match failure.stop {
            Stop::OutOfFuel | Stop::Timeout => {
                Some((failure.call, failure.fuel_in_phase.unwrap_or(0)))
            }
            _ => None,
        };
        Ok(Replay {
            answers,
            growth: failure.growth.clone(),
            shadow_bytes,
            shadows,
            fuel,
            limits: Limits {
                fuel: None,
                timeout: None,
                max_call_depth: failure.limits.call_depth(),
                stack_frames: None,
                ..failure.limits
            },
        })
    }

    /// The deepest call stack the replay allows: init's.
    pub fn max_call_depth(&self) -> usize {
        self.limits.max_call_depth
    }
}
