//! jco and its WASI shim for the component tests: installed on first use
//! into `tests/components/node_modules`, pinned by its `package-lock.json`
//! (`npm ci`), so that `cargo test` needs nothing beyond Node and npm.
//! Test threads and test binaries that start at once wait for one install
//! (a lock file), and a later run installs again only when the lock file
//! changed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// `tests/components`, where `package.json` and the scripts are.
pub fn components() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/components")
}

/// Installs jco if it is not installed from the current lock file, and
/// returns `tests/components`. Panics, saying why, when npm fails.
pub fn installed() -> PathBuf {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(why) = DONE.get_or_init(install) {
        panic!("{why}");
    }
    components()
}

fn install() -> Result<(), String> {
    let dir = components();
    let lock_file = std::fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read tests/components/package-lock.json: {e}"))?;
    // The lock file's digest, written once `npm ci` succeeded.
    let want = format!("{:016x}\n", fnv(&lock_file));
    let stamp = dir.join("node_modules/.wizer-lite-installed");
    let guard = std::fs::File::create(dir.join(".install.lock"))
        .map_err(|e| format!("cannot create tests/components/.install.lock: {e}"))?;
    lock(&guard).map_err(|e| format!("cannot lock tests/components/.install.lock: {e}"))?;
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == want) {
        return Ok(());
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    let out = Command::new(npm)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .output()
        .map_err(|e| {
            format!("the component tests install jco with npm, which did not start: {e}")
        })?;
    if !out.status.success() {
        return Err(format!(
            "`npm ci` in tests/components failed (the component tests need jco from the npm \
             registry): {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    std::fs::write(&stamp, want).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// Waits for an exclusive lock on `file`, released when it is closed
/// (`File::lock` is newer than the crate's minimum Rust).
#[cfg(unix)]
fn lock(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: `flock` on a descriptor this function borrows open.
    match unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

#[cfg(not(unix))]
fn lock(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// FNV-1a: enough to tell lock files apart.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}
