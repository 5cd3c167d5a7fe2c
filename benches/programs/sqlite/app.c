// Benchmark program: SQLite (the amalgamation from libsqlite3-sys) compiled
// with clang for wasm32-wasi. Initialization opens an in-memory database,
// inserts 5,000 rows and builds two indexes; `run` executes its input as
// SQL and returns the first column of the first row as an integer.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "sqlite3.h"

#define ROWS 5000

static sqlite3 *db;

static void check(int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, db ? sqlite3_errmsg(db) : "no database");
        abort();
    }
}

static void init(void) {
    check(sqlite3_open(":memory:", &db), "open");
    check(sqlite3_exec(db,
                       "CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                       " city TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL);"
                       "BEGIN;",
                       0, 0, 0),
          "create");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT INTO people(name, city, age, score) VALUES (?, ?, ?, ?)",
                             -1, &insert, 0),
          "prepare");
    static const char *cities[] = {"Lisbon", "Oslo", "Quito", "Accra", "Hanoi", "Lima", "Perth"};
    uint32_t state = 2463534242u;
    for (int i = 0; i < ROWS; i++) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        char name[32];
        snprintf(name, sizeof name, "person-%05u", state % 100000);
        sqlite3_bind_text(insert, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, cities[state % 7], -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 3, 18 + (int)(state % 70));
        sqlite3_bind_double(insert, 4, (state % 10000) / 100.0);
        check(sqlite3_step(insert), "insert");
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    check(sqlite3_exec(db,
                       "COMMIT;"
                       "CREATE INDEX people_name ON people(name);"
                       "CREATE INDEX people_city_age ON people(city, age);",
                       0, 0, 0),
          "index");
}

#ifdef WIZER
__attribute__((export_name("wizer.initialize"))) void wizer_initialize(void) { init(); }
#endif

__attribute__((export_name("alloc"))) void *alloc(size_t len) { return malloc(len); }

__attribute__((export_name("run"))) int run(const char *sql, size_t len) {
#ifdef WIZER
    if (!db) abort();
#else
    if (!db) init();
#endif
    sqlite3_stmt *stmt;
    check(sqlite3_prepare_v2(db, sql, (int)len, &stmt, 0), "prepare");
    int result = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) result = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return result;
}
