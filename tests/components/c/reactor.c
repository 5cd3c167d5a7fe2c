// A C reactor made a component: wasi-libc's `_initialize` runs the
// constructors, and wit-component calls it from the start function of a
// module of its own. Init runs after it; the snapshot must run neither.
static int value;

__attribute__((constructor)) static void set_up(void) { value = 5; }

__attribute__((export_name("wizer-initialize"))) void init(void) { value += 1; }

__attribute__((export_name("get"))) int get(void) { return value; }
