//! The exports every Rust benchmark program shares: `alloc(len)`, where the
//! host places the input, and `run(ptr, len) -> i32` over the program's
//! state, which `wizer.initialize` builds (the `wizer` feature: the build
//! that is snapshotted) or the first `run` does (the control build).

/// `alloc(len)`: a buffer the host writes the input into. It is never
/// freed: each instance runs once.
pub fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// The input the host wrote at `ptr`.
///
/// # Safety
/// `ptr` and `len` come from the host, which got `ptr` from [`alloc`] with
/// at least `len` bytes and wrote them.
pub unsafe fn input<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    std::slice::from_raw_parts(ptr, len)
}

/// Defines the exports of a program whose state, of type `$state`, is
/// built by `$init` once: `wizer.initialize` (with the `wizer` feature of
/// the calling crate), `alloc`, and `run`, which evaluates `$body` with
/// the state as `$s` and the input bytes as `$input`.
#[macro_export]
macro_rules! program {
    ($state:ty = $init:expr; run($s:ident, $input:ident) $body:block) => {
        static STATE: std::sync::OnceLock<$state> = std::sync::OnceLock::new();

        #[cfg(feature = "wizer")]
        #[export_name = "wizer.initialize"]
        pub extern "C" fn wizer_initialize() {
            STATE.get_or_init($init);
        }

        #[no_mangle]
        pub extern "C" fn alloc(len: usize) -> *mut u8 {
            $crate::alloc(len)
        }

        #[no_mangle]
        pub extern "C" fn run(ptr: *const u8, len: usize) -> i32 {
            #[cfg(feature = "wizer")]
            let $s: &$state = STATE.get().expect("wizer.initialize ran");
            #[cfg(not(feature = "wizer"))]
            let $s: &$state = STATE.get_or_init($init);
            let $input = unsafe { $crate::input(ptr, len) };
            $body
        }
    };
}
