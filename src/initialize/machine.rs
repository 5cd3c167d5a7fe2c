//! What the machine can hold, for initialization: wizer-lite's wasmi
//! resource limiter (`--max-memory`, `--max-table-elements`, and no memory
//! beyond the machine's free memory), and how that free memory is read
//! (`/proc/meminfo`, cgroup v1 and v2 limits).
//!
//! wasmi writes every byte of a memory when it allocates or grows it, so a
//! memory larger than free RAM is not refused by the allocator (Linux
//! overcommits) but gets the process killed by the kernel while it is
//! being zeroed. Here it is refused first, with an error that says why.

use crate::parse::ModuleInfo;
use anyhow::{Result, bail};
use std::collections::VecDeque;
use std::fmt;
use wasmi::{ResourceLimiter, StoreLimits};

/// The resource limiter of initialization: `--max-memory` and
/// `--max-table-elements` (wasmi's [`StoreLimits`]), and no memory growth
/// beyond what the machine has left. Refused, the guest's `memory.grow`
/// returns -1, as it may in any engine.
pub(super) struct Limiter {
    limits: StoreLimits,
    /// The size the last `memory.grow` asked for.
    desired: usize,
    /// The last growth refused for want of memory, or that wasmi could not
    /// allocate.
    pub(super) refused: Option<RefusedGrowth>,
    /// Every decision, in order: what a replay of a failed init answers
    /// (the machine's free memory may differ by then).
    pub(super) growth: Vec<Growth>,
    /// In a failure's replay: the decisions to answer instead.
    pub(super) replaying: Option<Replaying>,
}

/// A replay's growth: each decision init's limiter took, answered again in
/// order, and the shadow stacks' memories (made once per module, not in
/// the log). Anything else is a divergence: refused, and remembered.
pub(super) struct Replaying {
    memories: VecDeque<Growth>,
    tables: VecDeque<Growth>,
    shadow_bytes: usize,
    shadows_left: usize,
    /// A request the log does not answer came.
    pub(super) diverged: bool,
}

impl Replaying {
    pub(super) fn new(growth: &[Growth], shadow_bytes: usize, shadows: usize) -> Self {
        let (tables, memories) = growth.iter().partition(|g| g.table);
        Replaying {
            memories,
            tables,
            shadow_bytes,
            shadows_left: shadows,
            diverged: false,
        }
    }

    fn answer(&mut self, table: bool, current: usize, desired: usize) -> bool {
        let queue = match table {
            true => &mut self.tables,
            false => &mut self.memories,
        };
        match queue.front() {
            Some(g) if g.current == current && g.desired == desired => {
                return queue.pop_front().is_some_and(|g| g.allowed);
            }
            _ => {}
        }
        if !table && self.shadows_left > 0 && current == 0 && desired == self.shadow_bytes {
            self.shadows_left -= 1;
            return true;
        }
        self.diverged = true;
        false
    }
}

/// One growth (or creation) of a memory or table, and whether it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Growth {
    pub table: bool,
    pub current: usize,
    pub desired: usize,
    pub allowed: bool,
}

#[derive(Clone, Copy)]
pub(super) struct RefusedGrowth {
    pub(super) desired: usize,
    /// `None` if the allocation itself failed.
    pub(super) shortage: Option<Shortage>,
}

/// Growth below these sizes is not checked against the machine: reading
/// its free memory costs tens of microseconds, and programs grow their
/// memory in many small steps.
const CHECKED_GROWTH: usize = 64 << 20;
const CHECKED_SIZE: usize = 1 << 30;

impl Limiter {
    pub(super) fn new(limits: StoreLimits) -> Self {
        Limiter {
            limits,
            desired: 0,
            refused: None,
            growth: Vec::new(),
            replaying: None,
        }
    }

    fn decided(&mut self, table: bool, current: usize, desired: usize, allowed: bool) -> bool {
        self.growth.push(Growth {
            table,
            current,
            desired,
            allowed,
        });
        allowed
    }

    /// The last decision about a table (or a memory) was undone: the
    /// allocation failed.
    fn failed(&mut self, table: bool) {
        if let Some(last) = self.growth.iter_mut().rev().find(|g| g.table == table) {
            last.allowed = false;
        }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        if let Some(replaying) = &mut self.replaying {
            return Ok(replaying.answer(false, current, desired));
        }
        self.desired = desired;
        if !self.limits.memory_growing(current, desired, maximum)? {
            return Ok(self.decided(false, current, desired, false));
        }
        let added = desired.saturating_sub(current);
        if (added >= CHECKED_GROWTH || desired >= CHECKED_SIZE)
            && let Some(shortage) = Shortage::of(u64::try_from(added).unwrap_or(u64::MAX))
        {
            self.refused = Some(RefusedGrowth {
                desired,
                shortage: Some(shortage),
            });
            return Ok(self.decided(false, current, desired, false));
        }
        Ok(self.decided(false, current, desired, true))
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool, wasmi_core::LimiterError> {
        if let Some(replaying) = &mut self.replaying {
            return Ok(replaying.answer(true, current, desired));
        }
        let allowed = self.limits.table_growing(current, desired, maximum)?;
        Ok(self.decided(true, current, desired, allowed))
    }

    fn memory_grow_failed(
        &mut self,
        error: &wasmi::errors::MemoryError,
    ) -> Result<(), wasmi_core::LimiterError> {
        if let wasmi::errors::MemoryError::OutOfSystemMemory = error {
            self.failed(false);
            self.refused = Some(RefusedGrowth {
                desired: self.desired,
                shortage: None,
            });
        }
        self.limits.memory_grow_failed(error)
    }

    fn table_grow_failed(
        &mut self,
        error: &wasmi::errors::TableError,
    ) -> Result<(), wasmi_core::LimiterError> {
        if let wasmi::errors::TableError::OutOfSystemMemory = error {
            self.failed(true);
        }
        self.limits.table_grow_failed(error)
    }

    fn instances(&self) -> usize {
        self.limits.instances()
    }

    fn tables(&self) -> usize {
        self.limits.tables()
    }

    fn memories(&self) -> usize {
        self.limits.memories()
    }
}

/// Refuses a module whose memories start larger, together, than the
/// machine's free memory: wasmi would zero them all before anything runs,
/// and the kernel would kill the process part way.
pub(super) fn check_machine_memory(info: &ModuleInfo<'_>) -> Result<()> {
    let bytes = info.memories.iter().fold(0u64, |sum, ty| {
        sum.saturating_add(ty.initial.saturating_mul(crate::parse::page_size(ty)))
    });
    if bytes < CHECKED_SIZE as u64 {
        return Ok(());
    }
    match Shortage::of(bytes) {
        Some(shortage) => bail!(
            "the module's memories start at {bytes} bytes, which wasmi allocates and zeroes \
             whole, but {shortage}"
        ),
        None => Ok(()),
    }
}

/// How much memory the machine had left when `bytes` more were asked for.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shortage {
    available: u64,
    /// Whether a cgroup's memory limit, not the machine's RAM, is short.
    cgroup: bool,
}

impl Shortage {
    /// `None` if `bytes` fit, or if the free memory cannot be known (not
    /// Linux).
    fn of(bytes: u64) -> Option<Shortage> {
        let (available, cgroup) = available_memory()?;
        (bytes > available).then_some(Shortage { available, cgroup })
    }
}

/// The bytes the process may still allocate before the kernel reclaims by
/// killing: the machine's available RAM plus free swap (`/proc/meminfo`),
/// or less if a cgroup memory limit on the process or an ancestor leaves
/// less room (with `true`). `None` where this cannot be read (not Linux).
fn available_memory() -> Option<(u64, bool)> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib = |name: &str| {
        meminfo.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix(':')?;
            value.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
    };
    let machine = kib("MemAvailable")?
        .saturating_add(kib("SwapFree").unwrap_or(0))
        .saturating_mul(1024);
    match cgroup_room() {
        Some(room) if room < machine => Some((room, true)),
        _ => Some((machine, false)),
    }
}

/// The least room of the memory limits on this process's cgroup and its
/// ancestors (cgroup v2 or v1): the limit, less what is charged to the
/// cgroup, plus its file cache, which the kernel reclaims before it kills
/// (shared memory and tmpfs files are not file cache: they stay).
fn cgroup_room() -> Option<u64> {
    let membership = std::fs::read_to_string("/proc/self/cgroup").ok()?;
    cgroup_room_under(std::path::Path::new("/sys/fs/cgroup"), &membership)
}

/// [`cgroup_room`] for the cgroup `membership` (the text of
/// `/proc/self/cgroup`), with the cgroup file systems mounted at `mount`.
fn cgroup_room_under(mount: &std::path::Path, membership: &str) -> Option<u64> {
    let number = |path: &std::path::Path| -> Option<u64> {
        std::fs::read_to_string(path).ok()?.trim().parse().ok()
    };
    let mut least: Option<u64> = None;
    for line in membership.lines() {
        let mut fields = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) =
            (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // v2 limits say "max" when there is none, which does not parse; v1
        // statistics of a level include its descendants under `total_`.
        let (root, limit, usage, stat_prefix) = if controllers.is_empty() {
            (mount.to_path_buf(), "memory.max", "memory.current", "")
        } else if controllers.split(',').any(|c| c == "memory") {
            (
                mount.join("memory"),
                "memory.limit_in_bytes",
                "memory.usage_in_bytes",
                "total_",
            )
        } else {
            continue;
        };
        let mut dir = root.join(path.trim_start_matches('/'));
        loop {
            if let (Some(limit), Some(usage)) = (number(&dir.join(limit)), number(&dir.join(usage)))
            {
                let stat = std::fs::read_to_string(dir.join("memory.stat")).unwrap_or_default();
                let cache: u64 = ["active_file", "inactive_file"]
                    .iter()
                    .filter_map(|name| {
                        stat.lines().find_map(|line| {
                            let value = line.strip_prefix(stat_prefix)?.strip_prefix(name)?;
                            value.strip_prefix(' ')?.trim().parse::<u64>().ok()
                        })
                    })
                    .sum();
                let room = limit.saturating_sub(usage.saturating_sub(cache));
                least = Some(least.map_or(room, |least| least.min(room)));
            }
            if dir == root || !dir.pop() {
                break;
            }
        }
    }
    least
}

impl fmt::Display for Shortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let within = if self.cgroup {
            "within this process's cgroup memory limit"
        } else {
            "on this machine (free RAM and swap)"
        };
        write!(f, "only {} bytes are available {within}", self.available)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake cgroup mount: v2 at the root, v1's memory controller under
    /// `memory/`, each level with a limit, a usage and file cache.
    #[test]
    fn cgroup_room_is_the_least_of_every_level_counting_file_cache_as_free() {
        let mount = std::env::temp_dir().join(format!("wizer-lite-cgroup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&mount);
        let level = |dir: &str, files: &[(&str, &str)]| {
            let dir = mount.join(dir);
            std::fs::create_dir_all(&dir).unwrap();
            for (name, text) in files {
                std::fs::write(dir.join(name), text).unwrap();
            }
        };
        // v2: the leaf has no limit ("max"), its parent 4 GiB with 3 GiB
        // charged of which 1 GiB is file cache (active + inactive), the root
        // no files at all.
        let gib = 1u64 << 30;
        level(
            "ci/job",
            &[("memory.max", "max\n"), ("memory.current", "100\n")],
        );
        level(
            "ci",
            &[
                ("memory.max", &format!("{}\n", 4 * gib)),
                ("memory.current", &format!("{}\n", 3 * gib)),
                (
                    "memory.stat",
                    &format!(
                        "anon 1\nfile {}\nactive_file {}\ninactive_file {}\nshmem 5\n",
                        gib,
                        gib / 4,
                        3 * gib / 4
                    ),
                ),
            ],
        );
        assert_eq!(cgroup_room_under(&mount, "0::/ci/job\n"), Some(2 * gib));
        // Without file cache the room is what the limit leaves.
        level(
            "tight",
            &[("memory.max", "1000"), ("memory.current", "1500")],
        );
        assert_eq!(cgroup_room_under(&mount, "0::/tight"), Some(0));
        // v1: the statistics that count are the hierarchical `total_` ones.
        level(
            "memory/pod/box",
            &[
                ("memory.limit_in_bytes", "9223372036854771712"),
                ("memory.usage_in_bytes", "10"),
            ],
        );
        level(
            "memory/pod",
            &[
                ("memory.limit_in_bytes", &(2 * gib).to_string()),
                ("memory.usage_in_bytes", &gib.to_string()),
                (
                    "memory.stat",
                    "active_file 7\ninactive_file 7\ntotal_active_file 100\n\
                     total_inactive_file 28\n",
                ),
            ],
        );
        let v1 = "12:pids:/pod/box\n4:memory:/pod/box\n1:name=systemd:/pod/box\n0::/\n";
        assert_eq!(cgroup_room_under(&mount, v1), Some(gib + 128));
        // No memory controller, or no limits anywhere: nothing to say.
        assert_eq!(cgroup_room_under(&mount, "4:cpu:/pod/box\n"), None);
        assert_eq!(cgroup_room_under(&mount, "0::/nowhere\n"), None);
        std::fs::remove_dir_all(&mount).unwrap();
    }
}
