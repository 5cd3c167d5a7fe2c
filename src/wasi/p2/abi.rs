//! The canonical ABI as the WASI 0.2 host needs it: guest memory read and
//! written through the memory a `canon lower` names, allocations through
//! its `realloc` (`cabi_realloc(0, 0, align, size)`), and the preview1
//! shim run on a scratch buffer instead of guest memory.
//!
//! Layouts (little-endian, each field at its alignment): a string or list
//! is `(ptr: u32, len: u32)`; a `result`/`option`/`variant`/`enum`
//! discriminant is a `u8` followed by the payload at the payload's
//! alignment; more than one flat result goes through a return pointer.

use super::super::Effect;
use super::super::guest::{Errno, Fail, Mem};
use super::super::host::WasiCtx;
use super::{Host, Tables};
use wasmi::{Caller, Func, Memory, Val};

/// One call of a WASI 0.2 host function.
pub struct Cx<'a, T> {
    caller: Caller<'a, T>,
    ctx: fn(&mut T) -> Host<'_>,
    memory: Option<Memory>,
    realloc: Option<Func>,
    /// What the call did to the guest, when calls are logged.
    effects: Option<Vec<Effect>>,
    /// The function called, for errors.
    name: String,
}

/// A trap: a guest that breaks the ABI (a pointer out of bounds, a missing
/// `realloc`, text that is not UTF-8).
pub fn trap(message: &str) -> wasmi::Error {
    wasmi::Error::new(format!("WASI 0.2: {message}"))
}

pub type Outcome = Result<(), wasmi::Error>;

impl<'a, T> Cx<'a, T> {
    pub fn new(
        caller: Caller<'a, T>,
        ctx: fn(&mut T) -> Host<'_>,
        memory: Option<Memory>,
        realloc: Option<Func>,
    ) -> Self {
        Cx {
            caller,
            ctx,
            memory,
            realloc,
            effects: None,
            name: String::new(),
        }
    }

    /// Names the function called, in its errors.
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    /// Records what the call does to the guest, for [`Cx::effects`].
    pub fn logged(mut self) -> Self {
        self.effects = Some(Vec::new());
        self
    }

    /// What the call did to the guest, in order, if it was logged.
    pub fn effects(&mut self) -> Option<Vec<Effect>> {
        self.effects.take()
    }

    pub fn wasi(&mut self) -> &mut WasiCtx {
        (self.ctx)(self.caller.data_mut()).wasi
    }

    pub fn tables(&mut self) -> &mut Tables {
        (self.ctx)(self.caller.data_mut()).tables
    }

    /// Runs a preview1 function of the shim on a scratch buffer of `len`
    /// zero bytes: the buffer afterwards, or the errno. `proc_exit` ends
    /// init, as in preview1.
    pub fn preview1(
        &mut self,
        len: usize,
        f: impl FnOnce(&mut WasiCtx, &mut Mem<'_>) -> Result<(), Fail>,
    ) -> Result<Result<Vec<u8>, Errno>, wasmi::Error> {
        let mut scratch = vec![0u8; len];
        let mut mem = Mem::new(&mut scratch);
        match f(self.wasi(), &mut mem) {
            Ok(()) => Ok(Ok(scratch)),
            Err(Fail::Errno(e)) => Ok(Err(e)),
            Err(Fail::Exit(code)) => Err(wasmi::Error::i32_exit(code)),
        }
    }

    fn memory(&self) -> Result<Memory, wasmi::Error> {
        self.memory.ok_or_else(|| {
            trap(&format!(
                "`{}` needs the guest's memory: its `canon lower` names none, or the core \
                 module exports none",
                self.name
            ))
        })
    }

    pub fn read(&mut self, ptr: u32, len: u32) -> Result<Vec<u8>, wasmi::Error> {
        let memory = self.memory()?;
        let bytes = memory.data(&self.caller);
        let start = ptr as usize;
        let end = start.checked_add(len as usize);
        match end.and_then(|end| bytes.get(start..end)) {
            Some(slice) => Ok(slice.to_vec()),
            None => Err(trap("a pointer out of bounds")),
        }
    }

    pub fn write(&mut self, ptr: u32, data: &[u8]) -> Outcome {
        let memory = self.memory()?;
        let bytes = memory.data_mut(&mut self.caller);
        let start = ptr as usize;
        let end = start.checked_add(data.len());
        match end.and_then(|end| bytes.get_mut(start..end)) {
            Some(slice) => {
                slice.copy_from_slice(data);
                if let Some(effects) = &mut self.effects {
                    effects.push(Effect::Write {
                        at: ptr,
                        bytes: data.to_vec(),
                    });
                }
                Ok(())
            }
            None => Err(trap("a pointer out of bounds")),
        }
    }

    pub fn u8(&mut self, ptr: u32, v: u8) -> Outcome {
        self.write(ptr, &[v])
    }

    pub fn u32(&mut self, ptr: u32, v: u32) -> Outcome {
        self.write(ptr, &v.to_le_bytes())
    }

    pub fn u64(&mut self, ptr: u32, v: u64) -> Outcome {
        self.write(ptr, &v.to_le_bytes())
    }

    /// `size` bytes at `align` from the guest's `realloc`.
    pub fn alloc(&mut self, align: u32, size: u32) -> Result<u32, wasmi::Error> {
        let realloc = self.realloc.ok_or_else(|| {
            trap(&format!(
                "`{}` returns a list or a string, which needs the guest's `realloc`: its \
                     `canon lower` names none, or the core module exports no `cabi_realloc`",
                self.name
            ))
        })?;
        let mut result = [Val::I32(0)];
        let args = [
            Val::I32(0),
            Val::I32(0),
            Val::I32(align as i32),
            Val::I32(size as i32),
        ];
        let logged = self.effects.as_ref().map(Vec::len);
        if let Some(effects) = &mut self.effects {
            effects.push(Effect::Alloc {
                align,
                size,
                ptr: None,
            });
        }
        realloc.call(&mut self.caller, &args, &mut result)?;
        let ptr = match result[0] {
            Val::I32(ptr) => ptr as u32,
            _ => return Err(trap("`realloc` returned no pointer")),
        };
        if let (Some(at), Some(effects)) = (logged, &mut self.effects)
            && let Some(Effect::Alloc { ptr: done, .. }) = effects.get_mut(at)
        {
            *done = Some(ptr);
        }
        Ok(ptr)
    }

    /// `data` copied into a fresh allocation: its (ptr, len).
    pub fn bytes(&mut self, data: &[u8], align: u32) -> Result<(u32, u32), wasmi::Error> {
        let len = u32::try_from(data.len()).map_err(|_| trap("a list too long"))?;
        if len == 0 {
            return Ok((align, 0));
        }
        let ptr = self.alloc(align, len)?;
        self.write(ptr, data)?;
        Ok((ptr, len))
    }

    /// A list of `(ptr, len)` pairs (strings) as one allocation of
    /// `elem`-byte records, each written by `write(record, index)`.
    pub fn records(
        &mut self,
        count: usize,
        elem: u32,
        mut write: impl FnMut(&mut Self, u32, usize) -> Outcome,
    ) -> Result<(u32, u32), wasmi::Error> {
        let len = u32::try_from(count).map_err(|_| trap("a list too long"))?;
        let size = len
            .checked_mul(elem)
            .ok_or_else(|| trap("a list too long"))?;
        if len == 0 {
            return Ok((4, 0));
        }
        let ptr = self.alloc(4, size)?;
        for i in 0..count {
            write(self, ptr + i as u32 * elem, i)?;
        }
        Ok((ptr, len))
    }
}

/// Parameter `i` as an `i32`, reinterpreted unsigned.
pub fn arg32(params: &[Val], i: usize) -> u32 {
    match params.get(i) {
        Some(Val::I32(v)) => *v as u32,
        _ => 0,
    }
}

/// Parameter `i` as an `i64`, reinterpreted unsigned.
pub fn arg64(params: &[Val], i: usize) -> u64 {
    match params.get(i) {
        Some(Val::I64(v)) => *v as u64,
        _ => 0,
    }
}
