// Inits that fail, one per export: each is a test of the failure report.
#include <stdio.h>
#include <stdlib.h>

static int table[16];

__attribute__((noinline)) static void check_header(const char *header) {
    if (header[0] != 'W') {
        abort();
    }
}

__attribute__((noinline)) static void parse(const char *text) {
    check_header(text);
}

// abort() two calls deep.
__attribute__((export_name("abort_init"))) void abort_init(void) {
    parse("not a header");
}

__attribute__((noinline)) int read_table(volatile int *base, int index) {
    return base[index];
}

// An out-of-bounds load, far beyond memory.
__attribute__((export_name("oob_init"))) void oob_init(void) {
    table[0] = read_table((volatile int *)table, 0x1fffffff);
}

__attribute__((noinline)) int visit(volatile int *depth) {
    *depth += 1;
    return visit(depth) + 1;
}

// Unbounded recursion.
__attribute__((export_name("recurse_init"))) void recurse_init(void) {
    volatile int depth = 0;
    table[1] = visit(&depth);
}

__attribute__((noinline)) void spin(volatile int *counter) {
    for (;;) {
        *counter += 1;
    }
}

// An infinite loop (for --fuel and --timeout).
__attribute__((export_name("loop_init"))) void loop_init(void) {
    volatile int counter = 0;
    spin(&counter);
}

__attribute__((noinline)) static void give_up(int code) {
    exit(code);
}

__attribute__((noinline)) static void nested(int code) {
    give_up(code);
}

// exit(3) from a nested function.
__attribute__((export_name("exit_init"))) void exit_init(void) {
    nested(3);
}

__attribute__((noinline)) void fail_after_io(void) {
    __builtin_trap();
}

// Writes a file and prints, then traps: the report must not repeat either.
__attribute__((export_name("io_init"))) void io_init(void) {
    FILE *f = fopen("out/written.txt", "a");
    if (f) {
        fputs("written once\n", f);
        fclose(f);
    }
    printf("printed once\n");
    fprintf(stderr, "error: the config is broken\n");
    fflush(stdout);
    fail_after_io();
}

__attribute__((export_name("answer"))) int answer(void) {
    return table[0] + table[1];
}
