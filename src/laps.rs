//! Wall-clock time per phase of a run, for the report and `-v`.

use std::time::Duration;

/// Wall-clock time per phase.
#[derive(Debug, Clone)]
pub struct Laps {
    clock: std::time::Instant,
    pub phases: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn start() -> Self {
        Laps {
            clock: std::time::Instant::now(),
            phases: Vec::new(),
        }
    }

    /// Records the time since the last lap as phase `name`.
    pub fn lap(&mut self, name: &'static str) {
        self.phases.push((name, self.clock.elapsed()));
        self.clock = std::time::Instant::now();
    }

    /// Appends phases timed elsewhere and restarts the clock.
    pub fn extend(&mut self, phases: &[(&'static str, Duration)]) {
        self.phases.extend_from_slice(phases);
        self.clock = std::time::Instant::now();
    }
}
