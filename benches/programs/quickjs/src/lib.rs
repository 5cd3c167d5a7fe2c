//! Benchmark program: QuickJS (through rquickjs). Initialization creates the
//! runtime and evaluates a script that builds a large table and an index
//! over it; `run` evaluates its input as a JavaScript expression against
//! them and returns the integer result.

use rquickjs::{Context, Runtime};
use std::cell::OnceCell;

const INIT: &str = r#"
globalThis.table = [];
for (let i = 0; i < 10000; i++) {
    table.push({
        id: i,
        name: "item" + i,
        tags: ["t" + (i % 7), "u" + (i % 11)],
        score: (i * 7919) % 1000,
    });
}
globalThis.byName = new Map(table.map((row) => [row.name, row]));
globalThis.byTag = {};
for (const row of table) {
    for (const tag of row.tags) (byTag[tag] ||= []).push(row.id);
}
"#;

struct Js {
    _runtime: Runtime,
    context: Context,
}

thread_local! {
    static JS: OnceCell<Js> = const { OnceCell::new() };
}

fn init(cell: &OnceCell<Js>) -> &Js {
    cell.get_or_init(|| {
        let runtime = Runtime::new().expect("a QuickJS runtime");
        let context = Context::full(&runtime).expect("a QuickJS context");
        context.with(|ctx| {
            ctx.eval::<(), _>(INIT).expect("the init script runs");
        });
        Js { _runtime: runtime, context }
    })
}

#[cfg(feature = "wizer")]
#[export_name = "wizer.initialize"]
pub extern "C" fn wizer_initialize() {
    JS.with(|cell| {
        init(cell);
    });
}

#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    bench_glue::alloc(len)
}

/// As `bench_glue::program!` defines it, with the state in a thread-local:
/// a QuickJS runtime is not `Sync`.
#[no_mangle]
pub extern "C" fn run(ptr: *const u8, len: usize) -> i32 {
    let input = unsafe { bench_glue::input(ptr, len) };
    let source = std::str::from_utf8(input).expect("the input is UTF-8").to_owned();
    JS.with(|cell| {
        #[cfg(feature = "wizer")]
        let js = cell.get().expect("wizer.initialize ran");
        #[cfg(not(feature = "wizer"))]
        let js = init(cell);
        js.context
            .with(|ctx| ctx.eval::<i32, _>(source).expect("the expression evaluates"))
    })
}
