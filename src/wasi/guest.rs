//! What both WASI hosts share and neither owns: the errno and how a call
//! fails ([`Errno`], [`Fail`]), and bounds-checked guest memory
//! ([`Mem`]), whose every access is checked: a bad pointer is `EFAULT`,
//! never a host panic.

/// A WASI errno.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errno(pub u16);

impl Errno {
    pub const ACCES: Errno = Errno(2);
    pub const BADF: Errno = Errno(8);
    pub const EXIST: Errno = Errno(20);
    pub const FAULT: Errno = Errno(21);
    pub const FBIG: Errno = Errno(22);
    pub const INVAL: Errno = Errno(28);
    pub const IO: Errno = Errno(29);
    pub const ISDIR: Errno = Errno(31);
    pub const LOOP: Errno = Errno(32);
    pub const MFILE: Errno = Errno(33);
    pub const NAMETOOLONG: Errno = Errno(37);
    pub const NOENT: Errno = Errno(44);
    pub const NOSPC: Errno = Errno(51);
    pub const NOSYS: Errno = Errno(52);
    pub const NOTDIR: Errno = Errno(54);
    pub const NOTEMPTY: Errno = Errno(55);
    pub const NOTSOCK: Errno = Errno(57);
    pub const NOTSUP: Errno = Errno(58);
    pub const OVERFLOW: Errno = Errno(61);
    /// A change beneath a read-only preopen (`--dir-read-only`).
    pub const ROFS: Errno = Errno(69);
    pub const SPIPE: Errno = Errno(70);
    pub const XDEV: Errno = Errno(75);
    pub const NOTCAPABLE: Errno = Errno(76);

    /// The errno for a host I/O error.
    pub fn from_io(e: &std::io::Error) -> Errno {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::NotFound => Errno::NOENT,
            K::PermissionDenied => Errno::ACCES,
            K::AlreadyExists => Errno::EXIST,
            K::InvalidInput => Errno::INVAL,
            K::IsADirectory => Errno::ISDIR,
            K::NotADirectory => Errno::NOTDIR,
            K::DirectoryNotEmpty => Errno::NOTEMPTY,
            K::StorageFull => Errno::NOSPC,
            K::CrossesDevices => Errno::XDEV,
            K::InvalidFilename => Errno::NAMETOOLONG,
            K::Unsupported => Errno::NOTSUP,
            _ => Errno::IO,
        }
    }
}

/// How a WASI call ends when it does not return an errno.
#[derive(Debug)]
pub enum Fail {
    Errno(Errno),
    /// `proc_exit`.
    Exit(i32),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Self {
        Fail::Errno(e)
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Self {
        Fail::Errno(Errno::from_io(&e))
    }
}

pub type WasiResult = std::result::Result<(), Fail>;

/// Guest memory, bounds-checked.
pub struct Mem<'a> {
    bytes: &'a mut [u8],
    /// The ranges handed out for writing, when the call is logged.
    written: Option<Vec<std::ops::Range<usize>>>,
}

impl<'a> Mem<'a> {
    pub fn new(bytes: &'a mut [u8]) -> Self {
        Mem {
            bytes,
            written: None,
        }
    }

    /// Remembers every range written, for [`Mem::writes`].
    pub(super) fn logged(mut self) -> Self {
        self.written = Some(Vec::new());
        self
    }

    /// What the call left in the ranges it wrote, in order.
    pub(super) fn writes(&self) -> Vec<(u32, Vec<u8>)> {
        self.written
            .iter()
            .flatten()
            .map(|r| (r.start as u32, self.bytes[r.clone()].to_vec()))
            .collect()
    }

    fn range(&self, ptr: u32, len: u32) -> Result<std::ops::Range<usize>, Errno> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::FAULT)?;
        if end > self.bytes.len() {
            return Err(Errno::FAULT);
        }
        Ok(start..end)
    }

    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let range = self.range(ptr, len)?;
        Ok(&self.bytes[range])
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let range = self.range(ptr, len)?;
        if let Some(written) = &mut self.written {
            written.push(range.clone());
        }
        Ok(&mut self.bytes[range])
    }

    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        let b = self.slice(ptr, 4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.slice(ptr, 8)?);
        Ok(u64::from_le_bytes(b))
    }

    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        let b = self.slice(ptr, 2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.slice(ptr, 1)?[0])
    }

    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let len = u32::try_from(data.len()).map_err(|_| Errno::FAULT)?;
        self.slice_mut(ptr, len)?.copy_from_slice(data);
        Ok(())
    }

    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.write(ptr, &[v])
    }

    pub fn write_u16(&mut self, ptr: u32, v: u16) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write(ptr, &v.to_le_bytes())
    }

    /// A guest string (UTF-8 required, as WASI paths are).
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::INVAL)
    }

    /// The `(buf, len)` pairs of an iovec array.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<(u32, u32)>, Errno> {
        let bytes = count.checked_mul(8).ok_or(Errno::FAULT)?;
        self.slice(ptr, bytes)?;
        (0..count)
            .map(|i| Ok((self.read_u32(ptr + i * 8)?, self.read_u32(ptr + i * 8 + 4)?)))
            .collect()
    }
}
