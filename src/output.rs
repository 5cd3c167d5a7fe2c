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
    let tmp = temporary_path(path)?;
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

/// A file written in pieces and then put in place atomically, like
/// [`write_atomically`]: the temporary file beside the target is created by
/// the first write (so that a run that fails before writing leaves nothing
/// and reports its own error), renamed over the target by
/// [`AtomicFile::commit`], and removed if the `AtomicFile` is dropped
/// without one.
pub struct AtomicFile {
    path: std::path::PathBuf,
    tmp: Option<(std::path::PathBuf, std::io::BufWriter<std::fs::File>)>,
}

impl AtomicFile {
    pub fn new(path: &std::path::Path) -> Self {
        AtomicFile {
            path: path.to_path_buf(),
            tmp: None,
        }
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let context = || format!("failed to write `{}`", self.path.display());
        if self.tmp.is_none() {
            let tmp = temporary_path(&self.path).with_context(context)?;
            let file = std::fs::File::create(&tmp).with_context(context)?;
            // Large pieces go straight to the file; headers are gathered.
            self.tmp = Some((tmp, std::io::BufWriter::with_capacity(1 << 16, file)));
        }
        let (_, file) = self.tmp.as_mut().expect("created above");
        file.write_all(bytes).with_context(context)
    }

    /// Puts the file written so far in place of the target.
    pub fn commit(mut self) -> Result<()> {
        use std::io::Write;
        if self.tmp.is_none() {
            self.write(&[])?;
        }
        let context = || format!("failed to write `{}`", self.path.display());
        let (tmp, mut file) = self.tmp.take().expect("created above");
        let result = file.flush().and_then(|()| {
            drop(file);
            std::fs::rename(&tmp, &self.path)
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.with_context(context)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some((tmp, file)) = self.tmp.take() {
            drop(file);
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// A temporary path beside `path`, for writing it atomically.
fn temporary_path(path: &std::path::Path) -> Result<std::path::PathBuf> {
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
    Ok(dir.join(tmp_name))
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
