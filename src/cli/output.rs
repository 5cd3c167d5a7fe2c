//! Writing the module (or the report) atomically: readers never see a
//! partial file, a failure leaves nothing behind (and an existing output
//! untouched), and the output may be the input file.
//!
//! The bytes go to a temporary file beside the output, which is then
//! renamed over it. `tempfile` creates that file with `O_EXCL` under a
//! random name, so nothing planted in the directory (a file or a symlink
//! under a guessed name) is ever followed, truncated or replaced: only the
//! output path itself is.

use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::new(path);
    file.write(bytes)?;
    file.commit()
}

/// A file written in pieces and then put in place atomically: the
/// temporary file is created by the first write (so that a run that fails
/// before writing leaves nothing and reports its own error), renamed over
/// the target by [`AtomicFile::commit`], and removed if the `AtomicFile` is
/// dropped without one.
pub struct AtomicFile {
    path: PathBuf,
    tmp: Option<BufWriter<NamedTempFile>>,
}

impl AtomicFile {
    pub fn new(path: &Path) -> Self {
        AtomicFile {
            path: path.to_path_buf(),
            tmp: None,
        }
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.write_with(bytes, |file, bytes| file.write_all(bytes))
    }

    /// Appends `bytes` with `write` (a test makes it fail as a full disk
    /// would).
    fn write_with(
        &mut self,
        bytes: &[u8],
        write: impl FnOnce(&mut BufWriter<NamedTempFile>, &[u8]) -> std::io::Result<()>,
    ) -> Result<()> {
        if self.tmp.is_none() {
            // Large pieces go straight to the file; headers are gathered.
            let file = temporary_beside(&self.path).with_context(|| self.context())?;
            self.tmp = Some(BufWriter::with_capacity(1 << 16, file));
        }
        let file = self.tmp.as_mut().expect("created above");
        write(file, bytes).with_context(|| self.context())
    }

    /// Puts the file written so far in place of the target.
    pub fn commit(mut self) -> Result<()> {
        if self.tmp.is_none() {
            self.write(&[])?;
        }
        let file = self.tmp.take().expect("created above");
        // No fsync: like compilers and Wizer, a build step does not force
        // its output to disk (that cost 30-80 ms on a 58 MB module); the
        // rename still means a reader sees the old file or the whole new
        // one.
        let file = file.into_inner().map_err(|e| e.into_error());
        file.and_then(|file| file.persist(&self.path).map_err(|e| e.error))
            .map(drop)
            .with_context(|| self.context())
    }

    fn context(&self) -> String {
        format!("failed to write `{}`", self.path.display())
    }
}

/// A new temporary file in `path`'s directory, named after it, with the
/// permissions `File::create(path)` would leave: those of an existing
/// `path`, else read-write for all less the umask.
fn temporary_beside(path: &Path) -> std::io::Result<NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".wizer-lite.tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The umask applies at creation, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder.tempfile_in(dir)?;
    if let Ok(existing) = std::fs::metadata(path) {
        file.as_file().set_permissions(existing.permissions())?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wizer-lite-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_full_disk_leaves_nothing_behind() {
        let dir = scratch("disk-full");
        let target = dir.join("out.wasm");
        std::fs::write(&target, b"previous").unwrap();
        let mut file = AtomicFile::new(&target);
        let err = file
            .write_with(b"\0asm\x01\0\0\0", |file, bytes| {
                file.write_all(&bytes[..4])?;
                file.flush()?;
                Err(std::io::ErrorKind::StorageFull.into())
            })
            .unwrap_err();
        assert!(
            format!("{err:#}").starts_with("failed to write `"),
            "{err:#}"
        );
        drop(file);
        // The old file is untouched and no temporary file is left.
        assert_eq!(std::fs::read(&target).unwrap(), b"previous");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_unwritable_location_is_an_error() {
        let err = write_atomically(Path::new("/proc/wizer-lite-out.wasm"), b"x").unwrap_err();
        assert!(
            format!("{err:#}").starts_with("failed to write `/proc/"),
            "{err:#}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_output_keeps_the_permissions_file_create_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("modes");
        // A new file: what the umask leaves of 0o666, as for `File::create`.
        let fresh = dir.join("fresh.wasm");
        write_atomically(&fresh, b"x").unwrap();
        let created = dir.join("created.wasm");
        std::fs::File::create(&created).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode(&fresh), mode(&created));
        assert_ne!(
            mode(&fresh) & 0o044,
            0,
            "not only the owner's: {:o}",
            mode(&fresh)
        );
        // An existing file keeps its mode.
        let existing = dir.join("existing.wasm");
        std::fs::write(&existing, b"old").unwrap();
        std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o751)).unwrap();
        write_atomically(&existing, b"new").unwrap();
        assert_eq!(mode(&existing), 0o751);
        assert_eq!(std::fs::read(&existing).unwrap(), b"new");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
