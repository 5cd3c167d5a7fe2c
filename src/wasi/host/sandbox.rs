//! The sandbox: the descriptor table (the standard streams, preopened
//! directories and what was opened beneath them) and sandboxed path
//! resolution beneath a preopen, for either interface.
//!
//! [`resolve`] walks a guest path one component at a time, keeping the
//! components below the preopen's (canonical) root. `..` pops a component
//! and is refused at the root; an absolute path or an absolute symlink is
//! refused; a relative symlink is replaced by its target's components,
//! resolved by the same rules, so a link that climbs out is refused when its
//! `..` reaches the root; more than [`MAX_SYMLINKS`] links is `ELOOP`. The
//! host path handed to the OS is always `root/component/...` with every
//! component checked. (A host process that swaps a checked directory for a
//! symlink between the check and the use is outside this threat model: the
//! guest cannot do that itself.)

use super::WasiCtx;
use crate::wasi::guest::Errno;
use std::collections::VecDeque;
use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

/// A directory beneath a preopen: its root and the components below it.
#[derive(Debug, Clone)]
pub struct Dir {
    pub root: Arc<PathBuf>,
    /// The guest name of the preopen this directory is beneath.
    pub guest_root: Arc<String>,
    pub rel: Vec<String>,
    /// The guest name, for preopens.
    pub preopen: Option<String>,
    /// Whether the preopen allows creating, writing and removing.
    pub writable: bool,
}

impl Dir {
    pub fn host_path(&self) -> PathBuf {
        let mut p = PathBuf::from(&*self.root);
        p.extend(&self.rel);
        p
    }

    /// The path as the guest sees it.
    pub fn guest_path(&self) -> String {
        let mut p = self.guest_root.to_string();
        for c in &self.rel {
            if !p.ends_with('/') {
                p.push('/');
            }
            p.push_str(c);
        }
        p
    }
}

#[derive(Debug)]
pub struct OpenFile {
    pub file: File,
    pub read: bool,
    pub write: bool,
    pub append: bool,
}

#[derive(Debug)]
pub enum Entry {
    Stdin,
    Stdout,
    Stderr,
    Dir(Dir),
    File(OpenFile),
}

impl Entry {
    pub fn preopen(guest: String, root: PathBuf, writable: bool) -> Self {
        Entry::Dir(Dir {
            root: Arc::new(root),
            guest_root: Arc::new(guest.clone()),
            rel: Vec::new(),
            preopen: Some(guest),
            writable,
        })
    }
}

impl WasiCtx {
    pub(crate) fn entry(&mut self, fd: u32) -> Result<&mut Entry, Errno> {
        self.fds.get_mut(&fd).ok_or(Errno::BADF)
    }

    pub(crate) fn dir(&mut self, fd: u32) -> Result<Dir, Errno> {
        match self.entry(fd)? {
            Entry::Dir(d) => Ok(d.clone()),
            _ => Err(Errno::NOTDIR),
        }
    }

    pub(crate) fn file(&mut self, fd: u32) -> Result<&mut OpenFile, Errno> {
        match self.entry(fd)? {
            Entry::File(f) => Ok(f),
            Entry::Dir(_) => Err(Errno::ISDIR),
            _ => Err(Errno::SPIPE),
        }
    }

    /// The file behind `fd`, if it was opened for what `allowed` checks.
    pub(crate) fn file_for(
        &mut self,
        fd: u32,
        allowed: fn(&OpenFile) -> bool,
    ) -> Result<&File, Errno> {
        let f = self.file(fd)?;
        if !allowed(f) {
            return Err(Errno::BADF);
        }
        Ok(&f.file)
    }

    /// The lowest free descriptor number above the standard streams.
    pub(crate) fn insert(&mut self, entry: Entry) -> Result<u32, Errno> {
        let fd = (3..=u32::MAX)
            .find(|fd| !self.fds.contains_key(fd))
            .ok_or(Errno::MFILE)?;
        self.fds.insert(fd, entry);
        Ok(fd)
    }
}

/// Linux's limit on symlinks followed in one resolution.
pub const MAX_SYMLINKS: u32 = 40;

/// Where a guest path leads: components below the preopen root.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub dir: Dir,
    /// The path ended with `/`: it must name a directory.
    pub must_be_dir: bool,
}

impl Resolved {
    pub fn host_path(&self) -> PathBuf {
        self.dir.host_path()
    }

    pub(crate) fn is_root(&self) -> bool {
        self.dir.rel.is_empty()
    }

    /// Changes beneath a read-only preopen are refused as `EROFS` (WASI
    /// 0.2's `read-only`), not as an escape (`ENOTCAPABLE`).
    pub(crate) fn writable(self) -> Result<Self, Errno> {
        if self.dir.writable {
            Ok(self)
        } else {
            Err(Errno::ROFS)
        }
    }
}

/// Resolves `path` beneath `base`, following a final symlink only when
/// `follow` is set.
pub fn resolve(base: &Dir, path: &str, follow: bool) -> Result<Resolved, Errno> {
    if path.is_empty() {
        return Err(Errno::NOENT);
    }
    if path.contains('\0') {
        return Err(Errno::INVAL);
    }
    if path.starts_with('/') {
        return Err(Errno::NOTCAPABLE);
    }
    let must_be_dir = path.ends_with('/');
    let mut queue: VecDeque<String> = components(path);
    let mut rel = base.rel.clone();
    let mut links = 0;
    while let Some(name) = queue.pop_front() {
        match name.as_str() {
            "." => continue,
            ".." => {
                rel.pop().ok_or(Errno::NOTCAPABLE)?;
                continue;
            }
            _ => {}
        }
        let last = queue.is_empty();
        let mut host = PathBuf::from(&*base.root);
        host.extend(&rel);
        host.push(&name);
        match std::fs::symlink_metadata(&host) {
            Ok(meta) if meta.file_type().is_symlink() && (!last || follow || must_be_dir) => {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(Errno::LOOP);
                }
                let target = std::fs::read_link(&host).map_err(|e| Errno::from_io(&e))?;
                let target = target.to_str().ok_or(Errno::INVAL)?;
                if target.starts_with('/') || target.is_empty() {
                    return Err(Errno::NOTCAPABLE);
                }
                for (i, c) in components(target).into_iter().enumerate() {
                    queue.insert(i, c);
                }
            }
            Ok(meta) if !last && !meta.is_dir() => return Err(Errno::NOTDIR),
            Ok(_) => rel.push(name),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && last => rel.push(name),
            Err(e) => return Err(Errno::from_io(&e)),
        }
    }
    Ok(Resolved {
        dir: Dir {
            root: base.root.clone(),
            guest_root: base.guest_root.clone(),
            rel,
            preopen: None,
            writable: base.writable,
        },
        must_be_dir,
    })
}

fn components(path: &str) -> VecDeque<String> {
    path.split('/')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}
