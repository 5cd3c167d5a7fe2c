//! Output stage: writing the pre-initialized module (or a report) so that
//! readers never see a partial file and a failure leaves nothing behind.

use anyhow::{Context, Result};

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then
/// renamed over it. Readers never see a partial module, a failure leaves no
/// file behind (and an existing `path` untouched), and `path` may be the
/// input file.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, bytes, |file, bytes| {
        use std::io::Write;
        file.write_all(bytes)
    })
}

/// [`write_atomically`], with the bytes written by `write` (so that a test
/// can make the write fail, as a full disk would).
pub fn write_atomically_with(
    path: &std::path::Path,
    bytes: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let file_name = path
        .file_name()
        .with_context(|| format!("invalid output path `{}`", path.display()))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(file_name);
    tmp_name.push(format!(".wizer-lite-{}.tmp", unique_suffix()));
    let tmp = dir.join(tmp_name);

    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        write(&mut file, bytes)?;
        // No fsync: like compilers and Wizer, a build step does not force its
        // output to disk (that cost 30-80 ms on a 58 MB module); the rename
        // still means a reader sees the old file or the whole new one.
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("failed to write `{}`", path.display()));
    }
    Ok(())
}

/// A suffix no other writer uses at the same time: the process id where
/// there is one (not on WASI, where wizer-lite may itself run), then the
/// time and a counter.
fn unique_suffix() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    #[cfg(not(target_os = "wasi"))]
    let pid = std::process::id();
    #[cfg(target_os = "wasi")]
    let pid = 0;
    format!("{pid}-{nanos}-{n}")
}
